#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>

#include "materials/elastic_tensor.h"
#include "physics/elastic_problem.h"

#include <cmath>

// The quantities an ElasticProblem computes from its solution: residuals,
// internal and reaction forces, and volume averages.
namespace nanomech
{
  using namespace dealii;

  template <int dim>
  double
  ElasticProblem<dim>::relative_residual() const
  {
    Vector u(locally_owned_dofs, comm), r(locally_owned_dofs, comm);
    u = solution;
    system_matrix.vmult(r, u);
    Vector f(locally_owned_dofs, comm);
    if (correction)
      {
        // The full right-hand side is K u + r (the matrix is the same, its
        // Dirichlet columns condensed either way).
        f = r;
        f += system_rhs;
        r = system_rhs;
      }
    else
      {
        r -= system_rhs;
        f = system_rhs;
      }
    // Constrained rows only carry the constraint (their values come from
    // distribute()): measure the free rows against the free load.
    for (const auto i : locally_owned_dofs)
      if (constraints.is_constrained(i))
        {
          r(i) = 0.;
          f(i) = 0.;
        }
    r.compress(VectorOperation::insert);
    f.compress(VectorOperation::insert);
    const double f_norm = f.l2_norm();
    return f_norm > 0. ? r.l2_norm() / f_norm : r.l2_norm();
  }

  template <int dim>
  double
  ElasticProblem<dim>::newton_residual() const
  {
    Assert(tangent_law, ExcInternalError());
    // The free dofs' imbalance is condensed with every constraint
    // (hanging and periodic rows onto their masters); the rows of
    // Dirichlet constraints (no entries) hold values, and their imbalance
    // (condensed with the hanging nodes only) is the reaction that holds
    // the specimen.
    double free = 0., holding = 0.;
    for (const auto i : locally_owned_dofs)
      {
        if (!constraints.is_constrained(i))
          {
            free += free_imbalance(i) * free_imbalance(i);
            holding += external_force(i) * external_force(i);
          }
        else if (!hanging_constraints.is_constrained(i) &&
                 constraints.get_constraint_entries(i)->empty())
          holding += out_of_balance(i) * out_of_balance(i);
      }
    free    = std::sqrt(Utilities::MPI::sum(free, comm));
    holding = std::sqrt(Utilities::MPI::sum(holding, comm));
    // A periodic RVE is held by nothing but one vertex: relative to the
    // magnitude of the cells' internal forces.
    const double magnitude = internal_magnitude.l2_norm();
    if (holding <= 1e-8 * magnitude)
      holding = magnitude;
    return holding > 0. ? free / holding : free;
  }

  template <int dim>
  double
  ElasticProblem<dim>::displaced_volume(
      const types::boundary_id boundary_id) const
  {
    const QGauss<dim - 1>            face_quadrature(fe.degree + 1);
    FEFaceValues<dim>                fe_face_values(*mapping,
                                     fe,
                                     face_quadrature,
                                     update_values | update_normal_vectors |
                                         update_JxW_values);
    const FEValuesExtractors::Vector displacement(0);
    std::vector<Tensor<1, dim>>      u(face_quadrature.size());
    double                           flux = 0.;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const unsigned int f : cell->face_indices())
          if (cell->face(f)->at_boundary() &&
              cell->face(f)->boundary_id() == boundary_id)
            {
              fe_face_values.reinit(cell, f);
              fe_face_values[displacement].get_function_values(solution, u);
              for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                flux += u[q] * fe_face_values.normal_vector(q) *
                        fe_face_values.JxW(q);
            }
    return -Utilities::MPI::sum(flux, comm);
  }

  template <int dim>
  typename ElasticProblem<dim>::Vector
  ElasticProblem<dim>::internal_force() const
  {
    Vector                               force(locally_owned_dofs, comm);
    FEValues<dim>                        fe_values(*mapping,
                            fe,
                            quadrature,
                            update_gradients | update_JxW_values);
    const unsigned int                   n = fe.n_dofs_per_cell();
    dealii::Vector<double>               u(n), f(n);
    std::vector<types::global_dof_index> dofs(n);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < n; ++i)
            u(i) = solution(dofs[i]);
          const FullMatrix<double> &K = cell_matrix(cell, fe_values);
          if (tangent_law)
            f = scratch_force;
          else
            K.vmult(f, u);
          hanging_constraints.distribute_local_to_global(f, dofs, force);
        }
    force.compress(VectorOperation::add);
    return force;
  }

  template <int dim>
  double
  ElasticProblem<dim>::boundary_force(const types::boundary_id boundary_id,
                                      const unsigned int       component) const
  {
    const Vector  force = internal_force();
    ComponentMask mask(dim, false);
    mask.set(component, true);
    const IndexSet on_face =
        DoFTools::extract_boundary_dofs(dof_handler, mask, {boundary_id});
    double sum = 0;
    for (const auto i : on_face)
      if (locally_owned_dofs.is_element(i))
        sum += force(i);
    return Utilities::MPI::sum(sum, comm);
  }

  template <int dim>
  void
  ElasticProblem<dim>::point_strains(
      const FEValues<dim>                &fe_values,
      std::vector<SymmetricTensor<2, 3>> &eps3) const
  {
    const FEValuesExtractors::Vector     displacement(0);
    const unsigned int                   n_q = fe_values.n_quadrature_points;
    std::vector<SymmetricTensor<2, dim>> eps(n_q);
    fe_values[displacement].get_function_symmetric_gradients(solution, eps);
    eps3.resize(n_q);
    double mean = 0., volume = 0.;
    for (unsigned int q = 0; q < n_q; ++q)
      eps3[q] = elastic::embed_strain(eps[q]) + macro_strain;
    if (!mean_dilatation)
      return;
    for (unsigned int q = 0; q < n_q; ++q)
      {
        mean += trace(eps[q]) * fe_values.JxW(q);
        volume += fe_values.JxW(q);
      }
    // B-bar: eps + (mean tr eps - tr eps) / 3 I.
    mean /= volume;
    for (unsigned int q = 0; q < n_q; ++q)
      eps3[q] += (mean - trace(eps[q])) / 3. * unit_symmetric_tensor<3>();
  }

  template <int dim>
  void
  ElasticProblem<dim>::stress_at(const Cell                  &cell,
                                 const unsigned int           q,
                                 const SymmetricTensor<2, 3> &eps3,
                                 SymmetricTensor<2, 3>       &sigma3) const
  {
    const unsigned int m = materials.index(cell, q);
    if (tangent_law)
      {
        tangent_law(cell, q, m, eps3, sigma3, nullptr);
        return;
      }
    sigma3 = (secant_law ? secant_law(cell, q, m, eps3) :
                           materials.stiffness_3d(m)) *
             eps3;
  }

  template <int dim>
  typename ElasticProblem<dim>::Averages
  ElasticProblem<dim>::averages() const
  {
    Averages                           a;
    FEValues<dim>                      fe_values(*mapping,
                            fe,
                            quadrature,
                            update_gradients | update_JxW_values);
    std::vector<SymmetricTensor<2, 3>> eps3;
    SymmetricTensor<2, 3>              sigma3;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          point_strains(fe_values, eps3);
          for (unsigned int q = 0; q < quadrature.size(); ++q)
            {
              stress_at(cell, q, eps3[q], sigma3);
              const double JxW = fe_values.JxW(q);
              a.stress += sigma3 * JxW;
              a.strain += eps3[q] * JxW;
              a.energy +=
                  0.5 *
                  (tangent_law ? sigma3 * (invert(materials.stiffness_3d(
                                               materials.index(cell, q))) *
                                           sigma3) :
                                 sigma3 * eps3[q]) *
                  JxW;
              a.volume += JxW;
            }
        }
    // Sum the 6 + 6 + 2 numbers over all ranks in one reduction.
    std::vector<double> v;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        {
          v.push_back(a.stress[i][j]);
          v.push_back(a.strain[i][j]);
        }
    v.push_back(a.energy);
    v.push_back(a.volume);
    Utilities::MPI::sum(v, comm, v);
    unsigned int k = 0;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        {
          a.stress[i][j] = v[k++] / v[13];
          a.strain[i][j] = v[k++] / v[13];
        }
    a.energy = v[12];
    a.volume = v[13];
    return a;
  }

  template class ElasticProblem<2>;
  template class ElasticProblem<3>;
} // namespace nanomech
