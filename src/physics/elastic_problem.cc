#include "physics/elastic_problem.h"

#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>

#include "base/exceptions.h"
#include "materials/elastic_tensor.h"
#include "mesh/inclusion_mesh.h"

#include <algorithm>
#include <cmath>

namespace nanomech
{
  using namespace dealii;

  namespace
  {
    /// Rounds to 40 significant bits, so that edge lengths that differ only
    /// in the last bits of their floating-point value share a cache entry.
    double
    quantize(const double x)
    {
      int          e;
      const double m = std::frexp(x, &e);
      return std::ldexp(std::round(std::ldexp(m, 40)), e - 40);
    }

    /// Edge lengths of an axis-aligned box cell, or false if it is not one.
    template <int dim>
    bool
    box_edges(const typename Triangulation<dim>::cell_iterator &cell,
              Tensor<1, dim>                                   &h)
    {
      const Point<dim> p0 = cell->vertex(0);
      for (unsigned int d = 0; d < dim; ++d)
        h[d] = cell->vertex(1u << d)[d] - p0[d];
      const double tol = 1e-12 * h.norm();
      for (unsigned int v = 0; v < GeometryInfo<dim>::vertices_per_cell; ++v)
        {
          Point<dim> expected = p0;
          for (unsigned int d = 0; d < dim; ++d)
            if (v & (1u << d))
              expected[d] += h[d];
          if (cell->vertex(v).distance(expected) > tol)
            return false;
        }
      return true;
    }
  } // namespace

  template <int dim>
  ElasticProblem<dim>::ElasticProblem(
      const parallel::distributed::Triangulation<dim> &tria,
      const unsigned int                               degree)
      : comm(tria.get_communicator())
      , tria(tria)
      , fe(FE_Q<dim>(degree), dim)
      , mapping(std::make_unique<MappingQ1<dim>>())
      , quadrature(degree + 1)
      , dof_handler(tria)
  {
  }

  template <int dim>
  void
  ElasticProblem<dim>::setup_dofs()
  {
    const auto ids    = tria.get_manifold_ids();
    const bool curved = std::any_of(ids.begin(), ids.end(), [](auto id) {
      return id != numbers::flat_manifold_id;
    });
    // Replaced only when its kind changes, so that references to it (the
    // damage problem's) stay valid across refinements.
    if (curved != curved_mapping)
      {
        if (curved)
          mapping = std::make_unique<MappingQ<dim>>(fe.degree);
        else
          mapping = std::make_unique<MappingQ1<dim>>();
        curved_mapping = curved;
      }
    dof_handler.distribute_dofs(fe);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);
    matrix_cache.clear();

    // PETSc's rigid-body modes and hypre's nodal coarsening need the dofs
    // of a support point to be dim consecutive indices, component c at
    // index = c (mod dim). deal.II numbers FESystem(FE_Q(p), dim) that way
    // for p <= 2; check it rather than trust it.
    AssertThrow(locally_owned_dofs.n_elements() % dim == 0,
                ExcMessage("locally owned dofs are not whole nodes"));
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < dofs.size(); ++i)
            AssertThrow(dofs[i] % dim == fe.system_to_component_index(i).first,
                        ExcMessage("dofs are not numbered node by node"));
        }

    hanging_constraints.clear();
    hanging_constraints.reinit(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, hanging_constraints);
    hanging_constraints.close();

    solution.reinit(locally_owned_dofs, locally_relevant_dofs, comm);
    system_rhs.reinit(locally_owned_dofs, comm);
  }

  template <int dim>
  void
  ElasticProblem<dim>::setup_materials(
      const Microstructure::Interface<dim> &microstructure,
      const MaterialLibrary                &library,
      const bool                            laminate_cut_cells)
  {
    materials.initialize(*mapping,
                         dof_handler,
                         quadrature,
                         microstructure,
                         library,
                         laminate_cut_cells);
    matrix_cache.clear();
  }

  template <int dim>
  void
  ElasticProblem<dim>::update_constraints(
      const DirichletFunction &add_dirichlet)
  {
    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    constraints.merge(hanging_constraints);
    add_dirichlet(dof_handler, constraints);
    constraints.close();
    // The same constraints with zero values, for Newton's corrections
    // (also when the tangent law is set only after this).
    zero_constraints.copy_from(constraints);
    for (const auto &line : constraints.get_lines())
      zero_constraints.set_inhomogeneity(line.index, 0.);
  }

  template <int dim>
  void
  ElasticProblem<dim>::setup_constraints(const DirichletFunction &add_dirichlet)
  {
    update_constraints(add_dirichlet);
    DynamicSparsityPattern dsp(locally_relevant_dofs);
    DoFTools::make_sparsity_pattern(dof_handler, dsp, constraints, false);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               locally_owned_dofs,
                                               comm,
                                               locally_relevant_dofs);
    system_matrix.reinit(locally_owned_dofs, locally_owned_dofs, dsp, comm);
  }

  template <int dim>
  void
  ElasticProblem<dim>::set_body_force(
      std::function<Tensor<1, dim>(const Point<dim> &)> force)
  {
    body_force = std::move(force);
  }

  template <int dim>
  const FullMatrix<double> &
  ElasticProblem<dim>::cell_matrix(const Cell    &cell,
                                   FEValues<dim> &fe_values,
                                   bool          *reused) const
  {
    if (reused)
      *reused = false;
    const unsigned int n = fe.n_dofs_per_cell();
    CacheKey           key;
    Tensor<1, dim>     h;
    // A composite (laminated cut cell) material belongs to one cell only:
    // caching its matrix would only cost memory.
    const bool cacheable =
        !secant_law && !tangent_law && materials.is_uniform(cell) &&
        !materials.is_composite(materials.index(cell, 0)) &&
        has_straight_geometry<dim>(cell) && box_edges<dim>(cell, h);
    if (cacheable)
      {
        key[0] = materials.index(cell, 0);
        for (unsigned int d = 0; d < dim; ++d)
          key[d + 1] = quantize(h[d]);
        const auto it = matrix_cache.find(key);
        if (it != matrix_cache.end())
          {
            if (reused)
              *reused = true;
            return it->second;
          }
      }

    fe_values.reinit(cell);
    scratch_matrix.reinit(n, n);
    if (tangent_law)
      {
        tangent_cell_matrix(cell, fe_values);
        return scratch_matrix;
      }
    const FEValuesExtractors::Vector     displacement(0);
    std::vector<SymmetricTensor<2, dim>> eps(n);
    std::vector<SymmetricTensor<2, dim>> strain(quadrature.size());
    if (secant_law)
      fe_values[displacement].get_function_symmetric_gradients(solution,
                                                               strain);
    SymmetricTensor<4, dim> C_secant;
    for (unsigned int q = 0; q < quadrature.size(); ++q)
      {
        const unsigned int m = materials.index(cell, q);
        if (secant_law)
          C_secant = elastic::restrict_to_dim<dim>(
              secant_law(cell, q, m, elastic::embed_strain(strain[q])));
        const SymmetricTensor<4, dim> &C =
            secant_law ? C_secant : materials.stiffness(m);
        const double JxW = fe_values.JxW(q);
        for (unsigned int i = 0; i < n; ++i)
          eps[i] = fe_values[displacement].symmetric_gradient(i, q);
        for (unsigned int j = 0; j < n; ++j)
          {
            const SymmetricTensor<2, dim> C_eps_j = C * eps[j];
            for (unsigned int i = 0; i <= j; ++i)
              scratch_matrix(i, j) += (eps[i] * C_eps_j) * JxW;
          }
      }
    for (unsigned int j = 0; j < n; ++j)
      for (unsigned int i = 0; i < j; ++i)
        scratch_matrix(j, i) = scratch_matrix(i, j);

    if (cacheable)
      return matrix_cache.emplace(key, scratch_matrix).first->second;
    return scratch_matrix;
  }

  template <int dim>
  void
  ElasticProblem<dim>::assemble(const bool matrix_too)
  {
    if (matrix_too)
      system_matrix = 0;
    system_rhs       = 0;
    cache_statistics = {{0, 0}};
    Assert(!tangent_law || !has_imposed, ExcNotImplemented());
    if (tangent_law)
      {
        out_of_balance.reinit(locally_owned_dofs, comm);
        out_of_balance = 0.;
        external_force.reinit(locally_owned_dofs, comm);
        external_force = 0.;
        internal_magnitude.reinit(locally_owned_dofs, comm);
        internal_magnitude = 0.;
        free_imbalance.reinit(locally_owned_dofs, comm);
        free_imbalance = 0.;
        coupling.g.assign(macro_directions.size(),
                          Vector(locally_owned_dofs, comm));
        coupling.h.assign(macro_directions.size(),
                          Vector(locally_owned_dofs, comm));
        coupling.A.reinit(macro_directions.size(), macro_directions.size());
      }

    FEValues<dim>         fe_values(*mapping,
                            fe,
                            quadrature,
                            update_values | update_gradients |
                                update_JxW_values | update_quadrature_points);
    const QGauss<dim - 1> face_quadrature(fe.degree + 1);
    FEFaceValues<dim>     fe_face_values(*mapping,
                                     fe,
                                     face_quadrature,
                                     update_values | update_normal_vectors |
                                         update_JxW_values);
    const bool         traction = boundary_stress.norm() > 0. || pressure != 0.;
    const unsigned int n        = fe.n_dofs_per_cell();
    dealii::Vector<double>               cell_rhs(n), u0(n), K_u0(n);
    std::vector<types::global_dof_index> dofs(n);

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          bool                      reused = false;
          const FullMatrix<double> &K = cell_matrix(cell, fe_values, &reused);
          ++cache_statistics[reused ? 1 : 0];

          cell_rhs = 0;
          if (body_force || point_force)
            {
              fe_values.reinit(cell);
              const std::size_t base =
                  cell->active_cell_index() * quadrature.size();
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                {
                  Tensor<1, dim> f;
                  if (body_force)
                    f += body_force(fe_values.quadrature_point(q));
                  if (point_force)
                    f += (*point_force)[base + q];
                  for (unsigned int i = 0; i < n; ++i)
                    {
                      const unsigned int c =
                          fe.system_to_component_index(i).first;
                      cell_rhs(i) +=
                          f[c] * fe_values.shape_value(i, q) * fe_values.JxW(q);
                    }
                }
            }
          if (has_imposed)
            {
              for (unsigned int i = 0; i < n; ++i)
                u0(i) = imposed(dofs[i]);
              K.vmult(K_u0, u0);
              cell_rhs -= K_u0;
            }
          if (traction && cell->at_boundary())
            for (const unsigned int f : cell->face_indices())
              if (cell->face(f)->at_boundary())
                {
                  const double p =
                      cell->face(f)->boundary_id() == pressure_boundary ?
                          pressure :
                          0.;
                  if (p == 0. && boundary_stress.norm() == 0.)
                    continue;
                  fe_face_values.reinit(cell, f);
                  for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                    {
                      const Tensor<1, dim> &normal =
                          fe_face_values.normal_vector(q);
                      const Tensor<1, dim> t =
                          boundary_stress * normal - p * normal;
                      for (unsigned int i = 0; i < n; ++i)
                        {
                          const unsigned int c =
                              fe.system_to_component_index(i).first;
                          cell_rhs(i) += t[c] *
                                         fe_face_values.shape_value(i, q) *
                                         fe_face_values.JxW(q);
                        }
                    }
                }
          if (tangent_law)
            {
              // Newton: K_T u_k - f_int(u_k) joins f_ext.
              for (unsigned int i = 0; i < n; ++i)
                u0(i) = solution(dofs[i]);
              K.vmult(K_u0, u0);
              K_u0 -= scratch_force;
              hanging_constraints.distribute_local_to_global(cell_rhs,
                                                             dofs,
                                                             external_force);
              dealii::Vector<double> magnitude(scratch_force);
              for (double &f : magnitude)
                f = std::abs(f);
              hanging_constraints.distribute_local_to_global(
                  magnitude, dofs, internal_magnitude);
              const AffineConstraints<double> &cc =
                  correction ? zero_constraints : constraints;
              for (unsigned int j = 0; j < macro_directions.size(); ++j)
                {
                  cc.distribute_local_to_global(cell_g[j], dofs, coupling.g[j]);
                  cc.distribute_local_to_global(cell_h[j], dofs, coupling.h[j]);
                }
              coupling.A.add(1., cell_A);
              dealii::Vector<double> imbalance(scratch_force);
              imbalance -= cell_rhs;
              hanging_constraints.distribute_local_to_global(imbalance,
                                                             dofs,
                                                             out_of_balance);
              // Condensed onto the masters of every constraint (periodic
              // ones too): the imbalance of the free dofs.
              zero_constraints.distribute_local_to_global(imbalance,
                                                          dofs,
                                                          free_imbalance);
              // A correction: f_ext - f_int(u_k) alone, with zero values
              // at the constrained dofs.
              if (!correction)
                cell_rhs += K_u0;
              else
                cell_rhs -= scratch_force;
            }
          const AffineConstraints<double> &c =
              correction ? zero_constraints : constraints;
          if (matrix_too)
            c.distribute_local_to_global(
                K, cell_rhs, dofs, system_matrix, system_rhs);
          else
            c.distribute_local_to_global(cell_rhs, dofs, system_rhs, K);
        }
    if (matrix_too)
      system_matrix.compress(VectorOperation::add);
    system_rhs.compress(VectorOperation::add);
    if (tangent_law)
      {
        out_of_balance.compress(VectorOperation::add);
        external_force.compress(VectorOperation::add);
        internal_magnitude.compress(VectorOperation::add);
        free_imbalance.compress(VectorOperation::add);
        for (unsigned int j = 0; j < macro_directions.size(); ++j)
          {
            coupling.g[j].compress(VectorOperation::add);
            coupling.h[j].compress(VectorOperation::add);
          }
        // One reduction for the whole matrix.
        std::vector<double> A(coupling.A.begin(), coupling.A.end());
        Utilities::MPI::sum(A, comm, A);
        std::copy(A.begin(), A.end(), coupling.A.begin());
      }
  }

  template <int dim>
  void
  ElasticProblem<dim>::for_each_owned_support_point(
      const std::function<void(types::global_dof_index, const Point<dim> &)> &f)
      const
  {
    const Quadrature<dim> support(fe.get_unit_support_points());
    FEValues<dim> fe_values(*mapping, fe, support, update_quadrature_points);
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < dofs.size(); ++i)
            if (locally_owned_dofs.is_element(dofs[i]))
              f(dofs[i], fe_values.quadrature_point(i));
        }
  }

  template <int dim>
  typename ElasticProblem<dim>::Vector
  ElasticProblem<dim>::support_coordinates() const
  {
    // Dofs are numbered node by node (checked in setup_dofs), so the
    // component of dof i is i mod dim.
    Vector coords(locally_owned_dofs, comm);
    for_each_owned_support_point(
        [&](const types::global_dof_index i, const Point<dim> &x) {
          coords(i) = x[i % dim];
        });
    coords.compress(VectorOperation::insert);
    return coords;
  }

  template <int dim>
  typename ElasticProblem<dim>::Vector
  ElasticProblem<dim>::affine_displacement(const Tensor<2, dim> &grad) const
  {
    Vector u0(locally_owned_dofs, comm);
    for_each_owned_support_point(
        [&](const types::global_dof_index i, const Point<dim> &x) {
          u0(i) = (grad * x)[i % dim];
        });
    u0.compress(VectorOperation::insert);
    return u0;
  }

  template <int dim>
  void
  ElasticProblem<dim>::set_imposed_displacement(const Vector &u0)
  {
    has_imposed = u0.size() > 0;
    if (has_imposed)
      {
        imposed.reinit(locally_owned_dofs, locally_relevant_dofs, comm);
        imposed = u0;
      }
  }

  template <int dim>
  void
  ElasticProblem<dim>::set_boundary_stress(const SymmetricTensor<2, dim> &sigma)
  {
    boundary_stress = sigma;
  }

  template <int dim>
  void
  ElasticProblem<dim>::add_to_solution(const Vector &owned)
  {
    Vector x(locally_owned_dofs, comm);
    x = solution;
    x += owned;
    solution = x;
  }

  template <int dim>
  void
  ElasticProblem<dim>::scale_solution(const double factor)
  {
    Vector x(locally_owned_dofs, comm);
    x = solution;
    x *= factor;
    solution = x;
  }

  template <int dim>
  unsigned int
  ElasticProblem<dim>::solve(LinearSolver &solver,
                             const bool    new_operator,
                             const bool    keep_preconditioner)
  {
    if (new_operator)
      solver.set_operator(system_matrix,
                          support_coordinates(),
                          dim,
                          !keep_preconditioner);
    Vector             x(locally_owned_dofs, comm);
    const unsigned int iterations = solver.solve(x, system_rhs);
    if (correction)
      {
        // Newton's correction: u += x.
        zero_constraints.distribute(x);
        Vector u(locally_owned_dofs, comm);
        u = solution;
        u += x;
        solution = u;
        return iterations;
      }
    constraints.distribute(x);
    solution = x;
    return iterations;
  }

  template <int dim>
  typename ElasticProblem<dim>::Vector
  ElasticProblem<dim>::solve_for(LinearSolver &solver,
                                 const Vector &b,
                                 unsigned int &iterations,
                                 const bool    new_operator)
  {
    if (new_operator)
      solver.set_operator(system_matrix, support_coordinates(), dim, true);
    Vector x(locally_owned_dofs, comm);
    iterations += solver.solve(x, b);
    zero_constraints.distribute(x);
    return x;
  }

  template class ElasticProblem<2>;
  template class ElasticProblem<3>;
} // namespace nanomech
