#include <deal.II/base/mpi.h>
#include <deal.II/fe/fe_values.h>

#include "materials/elastic_tensor.h"
#include "physics/elastic_problem.h"

// Newton's cell matrix of an ElasticProblem with a tangent law: the
// internal forces, the algorithmic tangent in 3x3 virtual strains (B-bar
// optional) and the couplings with the macro strain directions.
namespace nanomech
{
  using namespace dealii;

  template <int dim>
  void
  ElasticProblem<dim>::tangent_cell_matrix(const Cell          &cell,
                                           const FEValues<dim> &fe_values) const
  {
    // Newton's tangent and the internal forces from the law's stress and
    // d sigma / d eps at every point, with 3x3 virtual strains (plane
    // strain: eps_zz = 0, or under B-bar the share of the cell's mean
    // dilatation).
    const unsigned int                 n   = fe.n_dofs_per_cell();
    const unsigned int                 n_q = quadrature.size();
    const FEValuesExtractors::Vector   displacement(0);
    std::vector<SymmetricTensor<2, 3>> strain;
    point_strains(fe_values, strain);
    // B-bar: the virtual strain of dof i gains (mean div - div) / 3 I.
    std::vector<double> mean_divergence(n, 0.);
    if (mean_dilatation)
      {
        double volume = 0.;
        for (unsigned int q = 0; q < n_q; ++q)
          {
            volume += fe_values.JxW(q);
            for (unsigned int i = 0; i < n; ++i)
              mean_divergence[i] +=
                  fe_values[displacement].divergence(i, q) * fe_values.JxW(q);
          }
        for (double &d : mean_divergence)
          d /= volume;
      }
    scratch_force.reinit(n);
    const unsigned int n_e = macro_directions.size();
    cell_g.assign(n_e, dealii::Vector<double>(n));
    cell_h.assign(n_e, dealii::Vector<double>(n));
    cell_A.reinit(n_e, n_e);
    std::vector<SymmetricTensor<2, 3>> eps(n), D_eps(n);
    SymmetricTensor<4, 3>              D3;
    SymmetricTensor<2, 3>              sigma3;
    for (unsigned int q = 0; q < n_q; ++q)
      {
        const unsigned int m = materials.index(cell, q);
        tangent_law(cell, q, m, strain[q], sigma3, &D3);
        const double JxW = fe_values.JxW(q);
        for (unsigned int i = 0; i < n; ++i)
          {
            eps[i] = elastic::embed_strain(
                fe_values[displacement].symmetric_gradient(i, q));
            if (mean_dilatation)
              eps[i] += (mean_divergence[i] -
                         fe_values[displacement].divergence(i, q)) /
                        3. * unit_symmetric_tensor<3>();
            scratch_force(i) += (eps[i] * sigma3) * JxW;
          }
        // The couplings with the macro strain directions (uniform: B-bar
        // leaves them as they are).
        for (unsigned int j = 0; j < n_e; ++j)
          {
            const SymmetricTensor<2, 3> D_e = D3 * macro_directions[j];
            const SymmetricTensor<2, 3> e_D = macro_directions[j] * D3;
            for (unsigned int i = 0; i < n_e; ++i)
              cell_A(i, j) += (macro_directions[i] * D_e) * JxW;
            for (unsigned int i = 0; i < n; ++i)
              {
                cell_g[j](i) += (eps[i] * D_e) * JxW;
                cell_h[j](i) += (e_D * eps[i]) * JxW;
              }
          }
        // The tangent of a non-associative law is not symmetric.
        for (unsigned int j = 0; j < n; ++j)
          D_eps[j] = D3 * eps[j];
        for (unsigned int j = 0; j < n; ++j)
          for (unsigned int i = 0; i < n; ++i)
            scratch_matrix(i, j) += (eps[i] * D_eps[j]) * JxW;
      }
  }

  template void
  ElasticProblem<2>::tangent_cell_matrix(const Cell &,
                                         const FEValues<2> &) const;
  template void
  ElasticProblem<3>::tangent_cell_matrix(const Cell &,
                                         const FEValues<3> &) const;
} // namespace nanomech
