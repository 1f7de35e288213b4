#include "analyses/fracture/coupled_system.h"

#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include "base/exceptions.h"
#include "physics/linear_solver.h"

#include <algorithm>
#include <cmath>

namespace nanomech::fracture
{
  using namespace dealii;

  namespace
  {
    /// The rank whose range (starting at @p first, nondecreasing) holds
    /// @p i: the last rank whose first index is at most i (ranks without
    /// dofs share their successor's first index and are skipped).
    unsigned int
    owner(const std::vector<types::global_dof_index> &first,
          const types::global_dof_index               i)
    {
      return static_cast<unsigned int>(
          std::upper_bound(first.begin(), first.end(), i) - first.begin() - 1);
    }
  } // namespace

  template <int dim>
  CoupledSystem<dim>::~CoupledSystem()
  {
    if (ksp != nullptr)
      KSPDestroy(&ksp);
  }

  template <int dim>
  types::global_dof_index
  CoupledSystem<dim>::u_index(const types::global_dof_index i) const
  {
    return i + d_first[owner(u_first, i)];
  }

  template <int dim>
  types::global_dof_index
  CoupledSystem<dim>::d_index(const types::global_dof_index j) const
  {
    const unsigned int r = owner(d_first, j);
    return j + u_first[r] + u_count[r];
  }

  template <int dim>
  void
  CoupledSystem<dim>::setup(const DoFHandler<dim>           &u_dofs,
                            const AffineConstraints<double> &u_constraints,
                            const DoFHandler<dim>           &d_dofs,
                            const AffineConstraints<double> &d_constraints)
  {
    comm = u_dofs.get_communicator();
    // Per rank ranges (contiguous, in rank order).
    const auto gather = [this](const IndexSet                       &set,
                               std::vector<types::global_dof_index> &first,
                               std::vector<types::global_dof_index> &count) {
      count = Utilities::MPI::all_gather(
          comm, static_cast<types::global_dof_index>(set.n_elements()));
      first.assign(count.size(), 0);
      for (unsigned int r = 1; r < count.size(); ++r)
        first[r] = first[r - 1] + count[r - 1];
      const unsigned int me = Utilities::MPI::this_mpi_process(comm);
      AssertThrow(set.n_elements() == 0 ||
                      (set.is_contiguous() &&
                       set.nth_index_in_set(0) == first[me]),
                  ExcMessage("the owned dofs of a rank are not one range in "
                             "rank order; the coupled numbering needs it"));
    };
    std::vector<types::global_dof_index> d_count;
    gather(u_dofs.locally_owned_dofs(), u_first, u_count);
    gather(d_dofs.locally_owned_dofs(), d_first, d_count);
    const unsigned int            me = Utilities::MPI::this_mpi_process(comm);
    const types::global_dof_index n_total = u_dofs.n_dofs() + d_dofs.n_dofs();
    n_u   = static_cast<unsigned int>(u_count[me]);
    owned = IndexSet(n_total);
    owned.add_range(u_first[me] + d_first[me],
                    u_first[me] + d_first[me] + u_count[me] + d_count[me]);

    IndexSet u_relevant, d_relevant;
    DoFTools::extract_locally_relevant_dofs(u_dofs, u_relevant);
    DoFTools::extract_locally_relevant_dofs(d_dofs, d_relevant);
    relevant = IndexSet(n_total);
    {
      std::vector<types::global_dof_index> indices;
      for (const auto i : u_relevant)
        indices.push_back(u_index(i));
      for (const auto j : d_relevant)
        indices.push_back(d_index(j));
      std::sort(indices.begin(), indices.end());
      relevant.add_indices(indices.begin(), indices.end());
      relevant.compress();
    }

    // Both fields' constraints, renumbered, all with zero values.
    coupled_constraints.clear();
    coupled_constraints.reinit(relevant);
    const auto add = [this](const AffineConstraints<double> &c,
                            const auto                      &map) {
      for (const auto &line : c.get_lines())
        {
          const auto row = map(line.index);
          coupled_constraints.add_line(row);
          for (const auto &entry : line.entries)
            coupled_constraints.add_entry(row, map(entry.first), entry.second);
        }
    };
    add(u_constraints, [this](const auto i) { return u_index(i); });
    add(d_constraints, [this](const auto j) { return d_index(j); });
    coupled_constraints.close();

    DynamicSparsityPattern               dsp(relevant);
    std::vector<types::global_dof_index> u_local(
        u_dofs.get_fe().n_dofs_per_cell()),
        d_local(d_dofs.get_fe().n_dofs_per_cell()),
        indices(u_local.size() + d_local.size());
    for (const auto &cell : u_dofs.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const typename DoFHandler<dim>::active_cell_iterator d_cell(
              &u_dofs.get_triangulation(),
              cell->level(),
              cell->index(),
              &d_dofs);
          cell->get_dof_indices(u_local);
          d_cell->get_dof_indices(d_local);
          for (unsigned int k = 0; k < u_local.size(); ++k)
            indices[k] = u_index(u_local[k]);
          for (unsigned int k = 0; k < d_local.size(); ++k)
            indices[u_local.size() + k] = d_index(d_local[k]);
          coupled_constraints.add_entries_local_to_global(indices, dsp, false);
        }
    SparsityTools::distribute_sparsity_pattern(dsp, owned, comm, relevant);
    jacobian.reinit(owned, owned, dsp, comm);
    // Held rows keep the pattern, so that the factorization's
    // analysis (ordering, symbolic) is done once per mesh.
    petsc_check(MatSetOption(jacobian, MAT_KEEP_NONZERO_PATTERN, PETSC_TRUE),
                "MatSetOption (coupled)");
    rhs.reinit(owned, comm);

    if (ksp != nullptr)
      KSPDestroy(&ksp);
    petsc_check(KSPCreate(comm, &ksp), "KSPCreate (coupled)");
    petsc_check(KSPSetType(ksp, KSPPREONLY), "KSPSetType (coupled)");
    PC pc;
    petsc_check(KSPGetPC(ksp, &pc), "KSPGetPC (coupled)");
    petsc_check(PCSetType(pc, PCCHOLESKY), "PCSetType (coupled)");
    petsc_check(PCFactorSetMatSolverType(pc, MATSOLVERMUMPS),
                "PCFactorSetMatSolverType (coupled)");
    is_set_up = true;
  }

  template <int dim>
  void
  CoupledSystem<dim>::hold(const std::vector<types::global_dof_index> &fixed)
  {
    std::vector<PetscInt> rows(fixed.begin(), fixed.end());
    petsc_check(MatZeroRowsColumns(jacobian,
                                   static_cast<PetscInt>(rows.size()),
                                   rows.data(),
                                   1.,
                                   nullptr,
                                   nullptr),
                "MatZeroRowsColumns (active set)");
    for (const auto i : fixed)
      rhs(i) = 0.;
    rhs.compress(VectorOperation::insert);
    damage_diagonal.reinit(owned, comm);
    petsc_check(MatGetDiagonal(jacobian, damage_diagonal),
                "MatGetDiagonal (coupled)");
    {
      PetscScalar *x;
      VecGetArray(damage_diagonal, &x);
      for (unsigned int k = 0; k < n_u; ++k)
        x[k] = 0.;
      VecRestoreArray(damage_diagonal, &x);
    }
  }

  template <int dim>
  double
  CoupledSystem<dim>::damage_residual() const
  {
    const PetscScalar *r, *diagonal;
    VecGetArrayRead(rhs, &r);
    VecGetArrayRead(damage_diagonal, &diagonal);
    double             largest = 0.;
    const unsigned int n       = static_cast<unsigned int>(owned.n_elements());
    for (unsigned int k = n_u; k < n; ++k)
      if (std::abs(diagonal[k]) > 0.)
        largest = std::max(largest, std::abs(r[k] / diagonal[k]));
    VecRestoreArrayRead(damage_diagonal, &diagonal);
    VecRestoreArrayRead(rhs, &r);
    return Utilities::MPI::max(largest, comm);
  }

  template <int dim>
  unsigned int
  CoupledSystem<dim>::factorize()
  {
    petsc_check(KSPSetOperators(ksp, jacobian, jacobian),
                "KSPSetOperators (coupled)");
    petsc_check(KSPSetUp(ksp), "the factorization of the coupled system");
    PC  pc;
    Mat factor;
    petsc_check(KSPGetPC(ksp, &pc), "KSPGetPC (coupled)");
    petsc_check(PCFactorGetMatrix(pc, &factor), "PCFactorGetMatrix");
    PetscInt negative = 0;
    // MUMPS's INFOG(12): the number of negative pivots of LDL^T.
    petsc_check(MatMumpsGetInfog(factor, 12, &negative), "MatMumpsGetInfog");
    return static_cast<unsigned int>(negative);
  }

  template <int dim>
  void
  CoupledSystem<dim>::solve(Vector &x)
  {
    x.reinit(owned, comm);
    petsc_check(KSPSolve(ksp, rhs, x), "the coupled Newton system (MUMPS)");
    KSPConvergedReason reason;
    petsc_check(KSPGetConvergedReason(ksp, &reason), "KSPGetConvergedReason");
    if (reason < 0)
      throw ComputeError("the solve of the coupled Newton system failed: "
                         "PETSc reason " +
                         std::to_string(int(reason)));
  }

  template <int dim>
  void
  CoupledSystem<dim>::split(const Vector &x, Vector &u, Vector &d) const
  {
    // The owned entries: this rank's displacement dofs, then its damage
    // dofs, each range in its own order.
    const PetscScalar *values;
    petsc_check(VecGetArrayRead(x, &values), "VecGetArrayRead");
    unsigned int k = 0;
    for (const auto i : u.locally_owned_elements())
      u(i) = values[k++];
    for (const auto j : d.locally_owned_elements())
      d(j) = values[k++];
    petsc_check(VecRestoreArrayRead(x, &values), "VecRestoreArrayRead");
    AssertThrow(k == owned.n_elements(), ExcInternalError());
    u.compress(VectorOperation::insert);
    d.compress(VectorOperation::insert);
  }

  template class CoupledSystem<2>;
  template class CoupledSystem<3>;
} // namespace nanomech::fracture
