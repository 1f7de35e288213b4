#include <deal.II/base/tensor.h>
#include <deal.II/fe/fe_values.h>

#include "analyses/fracture/coupled_system.h"
#include "analyses/fracture/fields.h"
#include "materials/elastic_tensor.h"

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  void
  Fields<dim>::assemble_coupled(CoupledSystem<dim> &system)
  {
    // The energy (AT1, AT2) E(u, d) = integral(g(d) psi+(eps) + psi-(eps)
    //   + Gc / c_w (w(d) / l + l |grad d|^2)), its gradient
    //   r_u = integral(sigma : eps(v)), sigma = g sigma+ + sigma-,
    //   r_d = integral((g' psi+ + Gc w' / (c_w l)) q
    //         + 2 Gc l / c_w grad d . grad q),
    // and Hessian
    //   J_uu = eps(v) : (g C+ + C-) : eps(w),
    //   J_ud = J_du = g' sigma+ : eps(v) p,
    //   J_dd = (g'' psi+ + Gc w'' / (c_w l)) q p + 2 Gc l / c_w grad q . grad p
    // (C+- the split's secant stiffnesses: the exact tangent without a split
    // and for the volumetric-deviatoric one, whose parts are piecewise
    // quadratic; for the spectral split a secant approximation).
    Assert(phase_field_model.type() != PhaseFieldModel::Type::czm,
           ExcMessage("Newton's system is that of AT1 and AT2"));
    const DoFHandler<dim> &u_dofs = problem->get_dof_handler();
    const DoFHandler<dim> &d_dofs = damage_problem->get_dof_handler();
    const auto            &field  = problem->get_materials();
    FEValues<dim>          fe_u(problem->get_mapping(),
                       u_dofs.get_fe(),
                       problem->get_quadrature(),
                       update_gradients | update_JxW_values);
    FEValues<dim>          fe_d(problem->get_mapping(),
                       d_dofs.get_fe(),
                       problem->get_quadrature(),
                       update_values | update_gradients);
    const unsigned int     nu = u_dofs.get_fe().n_dofs_per_cell();
    const unsigned int     nd = d_dofs.get_fe().n_dofs_per_cell();
    FullMatrix<double>     K(nu + nd, nu + nd);
    dealii::Vector<double> r(nu + nd);
    std::vector<types::global_dof_index> u_local(nu), d_local(nd),
        indices(nu + nd);
    std::vector<SymmetricTensor<2, dim>> eps(n_q);
    std::vector<double>                  d(n_q);
    std::vector<Tensor<1, dim>>          grad(n_q);
    std::vector<SymmetricTensor<2, 3>>   B(nu), DB(nu);
    const double                         l = phase_field_model.length_scale();
    const double                     c_w   = phase_field_model.normalization();
    const FEValuesExtractors::Vector displacement(0);

    auto &J = system.matrix();
    auto &R = system.residual();
    J       = 0.;
    R       = 0.;
    for (const auto &cell : u_dofs.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const typename DoFHandler<dim>::active_cell_iterator d_cell(
              &triangulation, cell->level(), cell->index(), &d_dofs);
          fe_u.reinit(cell);
          fe_d.reinit(d_cell);
          fe_u[displacement].get_function_symmetric_gradients(
              problem->get_solution(), eps);
          fe_d.get_function_values(damage_problem->get_damage(), d);
          fe_d.get_function_gradients(damage_problem->get_damage(), grad);
          K                      = 0.;
          r                      = 0.;
          const std::size_t base = cell->active_cell_index() * n_q;
          for (unsigned int q = 0; q < n_q; ++q)
            {
              const unsigned int          m     = field.index(cell, q);
              const EnergySplit          &split = splits[m];
              const double                a1    = a1_q[base + q];
              const double                Gc    = toughness[base + q];
              const SymmetricTensor<2, 3> e     = elastic::embed_strain(eps[q]);
              SymmetricTensor<4, 3>       C_plus, C_minus;
              split.secant(e, C_plus, C_minus);
              const SymmetricTensor<2, 3> sigma_plus = C_plus * e;
              const double g = phase_field_model.degradation(d[q], a1);
              double       g1, g2, w1, w2;
              phase_field_model.degradation_derivatives(d[q], a1, g1, g2);
              phase_field_model.crack_density_derivatives(d[q], w1, w2);
              const double                H      = split.positive_energy(e);
              const SymmetricTensor<2, 3> stress = g * sigma_plus + C_minus * e;
              const double                JxW    = fe_u.JxW(q);
              const double                scale  = Gc / (c_w * l);
              const double                kappa  = 2. * Gc * l / c_w;
              for (unsigned int a = 0; a < nu; ++a)
                {
                  B[a] = elastic::embed_strain(
                      fe_u[displacement].symmetric_gradient(a, q));
                  r(a) += (stress * B[a]) * JxW;
                }
              const double e1 = g1 * H + scale * w1;
              for (unsigned int a = 0; a < nd; ++a)
                r(nu + a) += (e1 * fe_d.shape_value(a, q) +
                              kappa * (grad[q] * fe_d.shape_grad(a, q))) *
                             JxW;
              const SymmetricTensor<4, 3> D = g * C_plus + C_minus;
              for (unsigned int b = 0; b < nu; ++b)
                DB[b] = D * B[b];
              for (unsigned int a = 0; a < nu; ++a)
                {
                  for (unsigned int b = 0; b < nu; ++b)
                    K(a, b) += (B[a] * DB[b]) * JxW;
                  const double ud = g1 * (sigma_plus * B[a]) * JxW;
                  for (unsigned int b = 0; b < nd; ++b)
                    {
                      K(a, nu + b) += ud * fe_d.shape_value(b, q);
                      K(nu + b, a) += ud * fe_d.shape_value(b, q);
                    }
                }
              const double e2 = g2 * H + scale * w2;
              for (unsigned int a = 0; a < nd; ++a)
                for (unsigned int b = 0; b < nd; ++b)
                  K(nu + a, nu + b) +=
                      (e2 * fe_d.shape_value(a, q) * fe_d.shape_value(b, q) +
                       kappa *
                           (fe_d.shape_grad(a, q) * fe_d.shape_grad(b, q))) *
                      JxW;
            }
          cell->get_dof_indices(u_local);
          d_cell->get_dof_indices(d_local);
          for (unsigned int k = 0; k < nu; ++k)
            indices[k] = system.u_index(u_local[k]);
          for (unsigned int k = 0; k < nd; ++k)
            indices[nu + k] = system.d_index(d_local[k]);
          system.constraints().distribute_local_to_global(K, r, indices, J, R);
        }
    J.compress(VectorOperation::add);
    R.compress(VectorOperation::add);
  }

  template void
  Fields<2>::assemble_coupled(CoupledSystem<2> &);
  template void
  Fields<3>::assemble_coupled(CoupledSystem<3> &);
} // namespace nanomech::fracture
