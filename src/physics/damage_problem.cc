#include "physics/damage_problem.h"

#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include "base/exceptions.h"
#include "physics/linear_solver.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  DamageProblem<dim>::DamageProblem(
      const parallel::distributed::Triangulation<dim> &tria,
      const Quadrature<dim>                           &quadrature)
      : comm(tria.get_communicator())
      , tria(tria)
      , quadrature(quadrature)
      , fe(1)
      , dof_handler(tria)
  {
  }

  template <int dim>
  DamageProblem<dim>::~DamageProblem()
  {
    if (snes)
      SNESDestroy(&snes);
  }

  template <int dim>
  void
  DamageProblem<dim>::setup(const Mapping<dim> &new_mapping)
  {
    mapping = &new_mapping;
    dof_handler.distribute_dofs(fe);
    owned = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, relevant);
    constraints.clear();
    constraints.reinit(relevant);
    DoFTools::make_hanging_node_constraints(dof_handler, constraints);
    constraints.close();
    // The owned dofs on those boundaries, seen from owned and ghost cells
    // (every cell around an owned dof), so the set does not depend on the
    // partition.
    undamaged = IndexSet(dof_handler.n_dofs());
    if (!undamaged_boundaries.empty())
      {
        std::vector<types::global_dof_index> face_dofs(fe.n_dofs_per_face());
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial())
            for (const auto &face : cell->face_iterators())
              if (face->at_boundary() &&
                  std::find(undamaged_boundaries.begin(),
                            undamaged_boundaries.end(),
                            face->boundary_id()) != undamaged_boundaries.end())
                {
                  face->get_dof_indices(face_dofs);
                  for (const auto i : face_dofs)
                    if (owned.is_element(i))
                      undamaged.add_index(i);
                }
        undamaged.compress();
      }
    if (undamaged_region)
      {
        // Q1: the dofs sit at the vertices.
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial())
            for (const unsigned int v : cell->vertex_indices())
              if (undamaged_region(cell->vertex(v)))
                {
                  const auto i = cell->vertex_dof_index(v, 0);
                  if (owned.is_element(i))
                    undamaged.add_index(i);
                }
        undamaged.compress();
      }

    DynamicSparsityPattern dsp(relevant);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    matrix.reinit(owned, owned, dsp, comm);
    rhs.reinit(owned, comm);
    residual_work.reinit(owned, comm);
    damage.reinit(owned, relevant, comm);
    previous.reinit(owned, comm);
    // A new mesh: finish_refinement() carries an earlier step over.
    earlier.clear();

    if (snes)
      SNESDestroy(&snes);
    petsc_check(SNESCreate(comm, &snes), "SNESCreate");
    petsc_check(SNESSetOptionsPrefix(snes, "nanomech_damage_"),
                "SNESSetOptionsPrefix");
    petsc_check(SNESSetType(snes, SNESVINEWTONRSLS), "SNESSetType");
    Vec r = residual_work;
    petsc_check(SNESSetFunction(snes, r, &DamageProblem::residual, this),
                "SNESSetFunction");
    Mat A = matrix.petsc_matrix();
    petsc_check(SNESSetJacobian(snes, A, A, &DamageProblem::jacobian, this),
                "SNESSetJacobian");
    // The problem is linear between changes of the active set: full
    // Newton steps, one per active set, each a CG solve.
    SNESLineSearch line_search;
    petsc_check(SNESGetLineSearch(snes, &line_search), "SNESGetLineSearch");
    petsc_check(SNESLineSearchSetType(line_search, SNESLINESEARCHBASIC),
                "SNESLineSearchSetType");
    KSP ksp;
    petsc_check(SNESGetKSP(snes, &ksp), "SNESGetKSP");
    petsc_check(KSPSetType(ksp, KSPCG), "KSPSetType");
    petsc_check(KSPSetTolerances(ksp, 1e-10, 1e-300, 1e10, 2000),
                "KSPSetTolerances");
    PC pc;
    petsc_check(KSPGetPC(ksp, &pc), "KSPGetPC");
    // BoomerAMG: the free set, and with it the size of the reduced
    // matrix, changes between active-set iterations, which GAMG's reuse of
    // its hierarchy does not allow.
    petsc_check(PCSetType(pc, PCHYPRE), "PCSetType");
    petsc_check(PCHYPRESetType(pc, "boomeramg"), "PCHYPRESetType");
    petsc_check(SNESSetFromOptions(snes), "SNESSetFromOptions");
  }

  template <int dim>
  void
  DamageProblem<dim>::set_undamaged_boundaries(
      const std::vector<types::boundary_id> &boundary_ids)
  {
    undamaged_boundaries = boundary_ids;
  }

  template <int dim>
  PetscErrorCode
  DamageProblem<dim>::residual(SNES, Vec x, Vec f, void *context)
  {
    auto          *self = static_cast<DamageProblem<dim> *>(context);
    PetscErrorCode ierr = MatMult(self->matrix.petsc_matrix(), x, f);
    if (ierr)
      return ierr;
    Vec b = self->rhs;
    return VecAXPY(f, -1., b);
  }

  template <int dim>
  PetscErrorCode
  DamageProblem<dim>::jacobian(SNES, Vec, Mat, Mat, void *)
  {
    return 0; // A does not depend on d
  }

  template <int dim>
  void
  DamageProblem<dim>::assemble(const std::vector<double>         &reaction,
                               const std::vector<double>         &source,
                               const std::vector<double>         &diffusion,
                               const std::vector<Tensor<1, dim>> *flux)
  {
    matrix = 0;
    rhs    = 0;
    FEValues<dim>                        fe_values(*mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients |
                                update_JxW_values);
    const unsigned int                   n  = fe.n_dofs_per_cell();
    const unsigned int                   nq = quadrature.size();
    FullMatrix<double>                   A(n, n);
    dealii::Vector<double>               b(n);
    std::vector<types::global_dof_index> dofs(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          A                      = 0;
          b                      = 0;
          const std::size_t base = cell->active_cell_index() * nq;
          for (unsigned int q = 0; q < nq; ++q)
            {
              const double JxW   = fe_values.JxW(q);
              const double c     = reaction[base + q] * JxW;
              const double kappa = diffusion[base + q] * JxW;
              const double f     = source[base + q] * JxW;
              for (unsigned int i = 0; i < n; ++i)
                {
                  const double phi_i = fe_values.shape_value(i, q);
                  for (unsigned int j = 0; j < n; ++j)
                    A(i, j) += c * phi_i * fe_values.shape_value(j, q) +
                               kappa * (fe_values.shape_grad(i, q) *
                                        fe_values.shape_grad(j, q));
                  b(i) += f * phi_i;
                  if (flux)
                    b(i) -=
                        (*flux)[base + q] * fe_values.shape_grad(i, q) * JxW;
                }
            }
          cell->get_dof_indices(dofs);
          constraints.distribute_local_to_global(A, b, dofs, matrix, rhs);
        }
    matrix.compress(VectorOperation::add);
    rhs.compress(VectorOperation::add);
  }

  template <int dim>
  unsigned int
  DamageProblem<dim>::solve()
  {
    // Bounds d_n <= d <= 1 on the free dofs; hanging dofs are unbounded
    // (their row is trivial) and take their parents' interpolation after.
    Vector lower(owned, comm), upper(owned, comm), x(owned, comm);
    for (const auto i : owned)
      {
        const bool free       = !constraints.is_constrained(i);
        const auto [low, top] = bounds(i);
        lower(i)              = free ? low : PETSC_NINFINITY;
        upper(i)              = free ? top : PETSC_INFINITY;
        x(i)                  = free ? std::min(double(damage(i)), top) : 0.;
      }
    lower.compress(VectorOperation::insert);
    upper.compress(VectorOperation::insert);
    x.compress(VectorOperation::insert);
    Vec lo = lower, up = upper, xv = x;
    petsc_check(SNESVISetVariableBounds(snes, lo, up),
                "SNESVISetVariableBounds");
    // The free set of the last solve sized the preconditioner: start it
    // afresh. Converged when ||A d - b|| on the free set is below 1e-10
    // of the scale below (the problem is linear there).
    KSP ksp;
    petsc_check(SNESGetKSP(snes, &ksp), "SNESGetKSP");
    petsc_check(KSPReset(ksp), "KSPReset");
    // With no driving force (AT1/AT2 before loading, around initial
    // cracks) b vanishes: then the scale is that of A applied to a broken
    // state (d = 1 everywhere), else round-off never meets the tolerance.
    Vector ones(owned, comm), image(owned, comm);
    ones = 1.;
    matrix.vmult(image, ones);
    const double scale = std::max(rhs.l2_norm(), image.l2_norm());
    petsc_check(
        SNESSetTolerances(snes, 1e-10 * scale + 1e-300, 1e-10, 0., 100, 10000),
        "SNESSetTolerances");
    petsc_check(SNESSolve(snes, nullptr, xv), "SNESSolve (damage)");
    SNESConvergedReason reason;
    petsc_check(SNESGetConvergedReason(snes, &reason),
                "SNESGetConvergedReason");
    PetscInt its = 0, lin = 0;
    petsc_check(SNESGetIterationNumber(snes, &its), "SNESGetIterationNumber");
    petsc_check(SNESGetLinearSolveIterations(snes, &lin),
                "SNESGetLinearSolveIterations");
    last_krylov_iterations = lin;
    if (reason < 0)
      throw ComputeError("the damage problem (bound-constrained, SNES VI) did "
                         "not converge: PETSc reason " +
                         std::to_string(int(reason)));
    // Round-off of the active-set method may leave a free value a hair
    // outside its bounds; the bounds are exact by definition.
    set_damage(x);
    return its;
  }

  template <int dim>
  unsigned int
  DamageProblem<dim>::set_initial_cracks(const InitialCracks &cracks)
  {
    // A crack is a band of cells broken at every point: each cell of the
    // band (in_crack_band, one cell wide) has damage 1 on all its nodes, so
    // with Q1 every quadrature point in it is broken and the band carries
    // no load (one row of nodes would leave the points beside it at d < 1,
    // a band that still carries load). Every cell around an owned node is
    // owned or a ghost, so each rank judges its nodes from all their
    // cells.
    std::vector<char> marked(owned.n_elements(), 0);
    unsigned int      n = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial())
        {
          Tensor<1, dim> extent;
          for (unsigned int a = 0; a < dim; ++a)
            extent[a] = cell->extent_in_direction(a);
          if (!cracks.in_band(cell->center(), extent))
            continue;
          for (const unsigned int v : cell->vertex_indices())
            {
              const types::global_dof_index i = cell->vertex_dof_index(v, 0);
              if (owned.is_element(i) && !constraints.is_constrained(i) &&
                  !marked[owned.index_within_set(i)])
                {
                  marked[owned.index_within_set(i)] = 1;
                  ++n;
                }
            }
        }
    Vector x(owned, comm);
    x = damage;
    for (const auto i : owned)
      if (marked[owned.index_within_set(i)])
        x(i) = 1.;
    x.compress(VectorOperation::insert);
    constraints.distribute(x);
    damage   = x;
    previous = x;
    return Utilities::MPI::sum(n, comm);
  }

  template <int dim>
  void
  DamageProblem<dim>::set_damage(const Vector &values)
  {
    Vector x(owned, comm);
    for (const auto i : owned)
      if (!constraints.is_constrained(i))
        {
          const auto [low, top] = bounds(i);
          x(i)                  = std::clamp(double(values(i)), low, top);
        }
    x.compress(VectorOperation::insert);
    constraints.distribute(x);
    damage = x;
  }

  template <int dim>
  void
  DamageProblem<dim>::start_step()
  {
    previous = damage;
  }

  template <int dim>
  void
  DamageProblem<dim>::restore_step()
  {
    damage = previous;
  }

  template <int dim>
  void
  DamageProblem<dim>::restore_earlier_step()
  {
    previous = earlier;
    damage   = earlier;
  }

  template <int dim>
  void
  DamageProblem<dim>::prepare_refinement()
  {
    transfer =
        std::make_unique<parallel::distributed::SolutionTransfer<dim, Vector>>(
            dof_handler);
    // The damage and the lower bound of the step (d_n, ghosted for the
    // transfer), so that the step solved again on the new mesh is bounded
    // by the damage at its start, not by what the coarse mesh made of it.
    // The vectors are read when the mesh changes, so they must live until
    // then.
    step_start.reinit(owned, relevant, comm);
    step_start                     = previous;
    std::vector<const Vector *> in = {&damage, &step_start};
    if (earlier.size() > 0)
      {
        earlier_ghosted.reinit(owned, relevant, comm);
        earlier_ghosted = earlier;
        in.push_back(&earlier_ghosted);
      }
    transfer->prepare_for_coarsening_and_refinement(in);
  }

  template <int dim>
  void
  DamageProblem<dim>::finish_refinement(const Mapping<dim> &new_mapping)
  {
    const bool carry_earlier = earlier.size() > 0;
    setup(new_mapping);
    Vector                x(owned, comm), start(owned, comm), back;
    std::vector<Vector *> out = {&x, &start};
    if (carry_earlier)
      {
        back.reinit(owned, comm);
        out.push_back(&back);
      }
    transfer->interpolate(out);
    transfer.reset();
    step_start.clear();
    earlier_ghosted.clear();
    constraints.distribute(x);
    constraints.distribute(start);
    damage   = x;
    previous = start;
    if (carry_earlier)
      {
        constraints.distribute(back);
        earlier.reinit(owned, comm);
        earlier = back;
      }
  }

  template <int dim>
  void
  DamageProblem<dim>::prepare_serialization()
  {
    transfer =
        std::make_unique<parallel::distributed::SolutionTransfer<dim, Vector>>(
            dof_handler);
    transfer->prepare_for_serialization(damage);
  }

  template <int dim>
  void
  DamageProblem<dim>::deserialize(const Mapping<dim> &new_mapping)
  {
    setup(new_mapping);
    transfer =
        std::make_unique<parallel::distributed::SolutionTransfer<dim, Vector>>(
            dof_handler);
    Vector x(owned, comm);
    transfer->deserialize(x);
    transfer.reset();
    constraints.distribute(x);
    damage   = x;
    previous = x;
  }

  template <int dim>
  void
  DamageProblem<dim>::evaluate(std::vector<double>         &d,
                               std::vector<double>         &grad2,
                               std::vector<Tensor<1, dim>> *grad) const
  {
    const unsigned int nq = quadrature.size();
    d.assign(tria.n_active_cells() * nq, 0.);
    grad2.assign(tria.n_active_cells() * nq, 0.);
    if (grad)
      grad->assign(tria.n_active_cells() * nq, Tensor<1, dim>());
    FEValues<dim>               fe_values(*mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients);
    std::vector<double>         values(nq);
    std::vector<Tensor<1, dim>> gradients(nq);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(damage, values);
          fe_values.get_function_gradients(damage, gradients);
          const std::size_t base = cell->active_cell_index() * nq;
          for (unsigned int q = 0; q < nq; ++q)
            {
              d[base + q]     = values[q];
              grad2[base + q] = gradients[q].norm_square();
              if (grad)
                (*grad)[base + q] = gradients[q];
            }
        }
  }

  template <int dim>
  void
  DamageProblem<dim>::evaluate_step_start(std::vector<double> &d) const
  {
    Vector start(owned, relevant, comm);
    start                 = previous;
    const unsigned int nq = quadrature.size();
    d.assign(tria.n_active_cells() * nq, 0.);
    FEValues<dim>       fe_values(*mapping, fe, quadrature, update_values);
    std::vector<double> values(nq);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(start, values);
          std::copy(values.begin(),
                    values.end(),
                    d.begin() + cell->active_cell_index() * nq);
        }
  }

  template <int dim>
  double
  DamageProblem<dim>::solve_for_change()
  {
    Vector before(owned, comm);
    before = damage;
    solve();
    double m = 0.;
    for (const auto i : owned)
      m = std::max(m, std::abs(double(damage(i)) - double(before(i))));
    return Utilities::MPI::max(m, comm);
  }

  template <int dim>
  double
  DamageProblem<dim>::min_growth_in_step() const
  {
    double m = 0.;
    for (const auto i : owned)
      m = std::min(m, double(damage(i)) - double(previous(i)));
    return Utilities::MPI::min(m, comm);
  }

  template <int dim>
  double
  DamageProblem<dim>::max_damage() const
  {
    double m = 0.;
    for (const auto i : owned)
      m = std::max(m, double(damage(i)));
    return Utilities::MPI::max(m, comm);
  }

  template class DamageProblem<2>;
  template class DamageProblem<3>;
} // namespace nanomech
