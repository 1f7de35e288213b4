#include "physics/plastic_field.h"

#include <algorithm>

#include <deal.II/base/mpi.h>
#include <deal.II/fe/fe_values.h>

#include "base/exceptions.h"

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  PlasticField<dim>::PlasticField(const ElasticProblem<dim> &problem,
                                  const MaterialLibrary     &library)
      : problem(problem)
      , n_q_points(problem.get_quadrature().size())
  {
    for (const PhaseMaterial &phase : library.phases)
      laws.push_back(phase.plastic);
    const std::size_t n =
        problem.get_dof_handler().get_triangulation().n_active_cells() *
        n_q_points;
    converged.assign(n, plasticity::State());
    trial   = converged;
    earlier = converged;
  }

  template <int dim>
  void
  PlasticField<dim>::evaluate(const Cell                  &cell,
                              const unsigned int           q,
                              const unsigned int           material,
                              const SymmetricTensor<2, 3> &strain,
                              SymmetricTensor<2, 3>       &stress,
                              SymmetricTensor<4, 3>       *tangent)
  {
    const MaterialField<dim>    &materials = problem.get_materials();
    const SymmetricTensor<4, 3> &C         = materials.stiffness_3d(material);
    const std::size_t            k = cell->active_cell_index() * n_q_points + q;
    const plasticity::PlasticLaw &law =
        laws.at(materials.material(material).phase);
    try
      {
        const plasticity::PlasticLaw::Result r =
            law.update(C, strain, converged[k]);
        stress   = r.stress;
        trial[k] = r.state;
        if (tangent)
          *tangent = r.tangent;
      }
    catch (const ComputeError &)
      {
        ++failures;
        stress = C * (strain - converged[k].plastic_strain);
        if (tangent)
          *tangent = C;
        trial[k] = converged[k];
      }
  }

  template <int dim>
  typename ElasticProblem<dim>::TangentLaw
  PlasticField<dim>::law()
  {
    return [this](const Cell                  &cell,
                  const unsigned int           q,
                  const unsigned int           m,
                  const SymmetricTensor<2, 3> &eps,
                  SymmetricTensor<2, 3>       &sigma,
                  SymmetricTensor<4, 3>       *tangent) {
      evaluate(cell, q, m, eps, sigma, tangent);
    };
  }

  template <int dim>
  void
  PlasticField<dim>::commit()
  {
    converged = trial;
  }

  namespace
  {
    /// A state as 20 doubles and back.
    void
    pack(const plasticity::State &s, double *v)
    {
      for (unsigned int k = 0; k < 6; ++k)
        {
          const auto ij =
              SymmetricTensor<2, 3>::unrolled_to_component_indices(k);
          v[k]      = s.plastic_strain[ij];
          v[6 + k]  = s.back_stress[ij];
          v[12 + k] = s.stress[ij];
        }
      v[18] = s.equivalent_plastic_strain;
      v[19] = s.plastic_work;
    }
    void
    unpack(const double *v, plasticity::State &s)
    {
      for (unsigned int k = 0; k < 6; ++k)
        {
          const auto ij =
              SymmetricTensor<2, 3>::unrolled_to_component_indices(k);
          s.plastic_strain[ij] = v[k];
          s.back_stress[ij]    = v[6 + k];
          s.stress[ij]         = v[12 + k];
        }
      s.equivalent_plastic_strain = v[18];
      s.plastic_work              = v[19];
    }
  } // namespace

  template <int dim>
  void
  PlasticField<dim>::attach(PointHistoryTransfer<dim> &transfer) const
  {
    static_assert(doubles_per_point == 2 * 20);
    transfer.attach([this](const typename PointHistoryTransfer<dim>::Cell &cell,
                           const unsigned int                              q,
                           double *values) {
      const std::size_t i = cell->active_cell_index() * n_q_points + q;
      pack(converged[i], values);
      pack(earlier[i], values + 20);
    });
  }

  template <int dim>
  void
  PlasticField<dim>::receive(PointHistoryTransfer<dim> &transfer)
  {
    transfer.receive(
        [this](const typename PointHistoryTransfer<dim>::Cell &cell,
               const unsigned int                              q,
               const double                                   *values) {
          const std::size_t i = cell->active_cell_index() * n_q_points + q;
          unpack(values, converged[i]);
          unpack(values + 20, earlier[i]);
          trial[i] = converged[i];
        });
  }

  template <int dim>
  bool
  PlasticField<dim>::any_failed()
  {
    const bool failed = Utilities::MPI::logical_or(
        failures > 0, problem.get_dof_handler().get_communicator());
    failures = 0;
    return failed;
  }

  template <int dim>
  typename PlasticField<dim>::Totals
  PlasticField<dim>::totals() const
  {
    Totals        t;
    FEValues<dim> fe_values(problem.get_mapping(),
                            problem.get_dof_handler().get_fe(),
                            problem.get_quadrature(),
                            update_JxW_values);
    for (const auto &cell : problem.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          for (unsigned int q = 0; q < n_q_points; ++q)
            {
              const plasticity::State &s = state(cell, q);
              t.plastic_work += s.plastic_work * fe_values.JxW(q);
              if (s.equivalent_plastic_strain > 0.)
                t.yielded_volume += fe_values.JxW(q);
              t.max_equivalent_plastic_strain =
                  std::max(t.max_equivalent_plastic_strain,
                           s.equivalent_plastic_strain);
            }
        }
    const MPI_Comm comm = problem.get_dof_handler().get_communicator();
    t.plastic_work      = Utilities::MPI::sum(t.plastic_work, comm);
    t.yielded_volume    = Utilities::MPI::sum(t.yielded_volume, comm);
    t.max_equivalent_plastic_strain =
        Utilities::MPI::max(t.max_equivalent_plastic_strain, comm);
    return t;
  }

  template <int dim>
  void
  PlasticField<dim>::cell_averages(
      std::vector<float>                 &alpha,
      std::vector<float>                 &work,
      std::vector<SymmetricTensor<2, 3>> &plastic) const
  {
    const std::size_t n =
        problem.get_dof_handler().get_triangulation().n_active_cells();
    alpha.assign(n, 0.f);
    work.assign(n, 0.f);
    plastic.assign(n, SymmetricTensor<2, 3>());
    for (const auto &cell : problem.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          const std::size_t c = cell->active_cell_index();
          double            a = 0., w = 0.;
          for (unsigned int q = 0; q < n_q_points; ++q)
            {
              const plasticity::State &s = state(cell, q);
              a += s.equivalent_plastic_strain;
              w += s.plastic_work;
              plastic[c] += s.plastic_strain / double(n_q_points);
            }
          alpha[c] = a / n_q_points;
          work[c]  = w / n_q_points;
        }
  }

  template <int dim>
  bool
  PlasticField<dim>::nonsymmetric(const MaterialLibrary &library,
                                  const unsigned int     n_phases)
  {
    for (unsigned int p = 0; p < n_phases; ++p)
      {
        const plasticity::PlasticLaw &law = library.phase(p).plastic;
        if (law.model == plasticity::PlasticLaw::Model::drucker_prager &&
            law.eta != law.eta_bar)
          return true;
      }
    return false;
  }

  template <int dim>
  const ExtraFields<dim> &
  PlasticField<dim>::output_fields(
      const dealii::SymmetricTensor<2, 3> &macro_strain)
  {
    std::vector<float> alpha, work;
    cell_averages(alpha, work, output_plastic_strain);
    output_alpha.reinit(alpha.size());
    output_work.reinit(work.size());
    std::copy(alpha.begin(), alpha.end(), output_alpha.begin());
    std::copy(work.begin(), work.end(), output_work.begin());
    extras              = ExtraFields<dim>();
    extras.cell_scalars = {{&output_alpha, "equivalent_plastic_strain"},
                           {&output_work, "plastic_work_density"}};
    // The quadrature points' history seen at the output points.
    extras.stress =
        [this, macro_strain](
            const typename dealii::Triangulation<dim>::active_cell_iterator
                &cell,
            const dealii::Point<dim> &,
            const dealii::SymmetricTensor<2, 3> &eps,
            const dealii::SymmetricTensor<4, 3> &C) {
          return dealii::SymmetricTensor<2, 3>(
              C * (eps + macro_strain -
                   output_plastic_strain[cell->active_cell_index()]));
        };
    return extras;
  }

  template class PlasticField<2>;
  template class PlasticField<3>;
} // namespace nanomech
