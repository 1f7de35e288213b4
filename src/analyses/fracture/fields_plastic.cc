#include "analyses/fracture/fields.h"

#include <algorithm>

// The plastic phases' part of the fracture fields that needs no point loop:
// the damage's driving force at a point, the transfer of their states, the
// symmetry of the tangent, failures, and accepting or restoring a step's
// states (plastic_step() and the tangent law are in fields.cc).
namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  double
  Fields<dim>::plastic_driving(const unsigned int       m,
                               const plasticity::State &s) const
  {
    return std::max(0.,
                    s.plastic_work - materials.phase(material_phase[m])
                                         .plastic.work_threshold);
  }

  template <int dim>
  double
  Fields<dim>::driving_force(const unsigned int           m,
                             const SymmetricTensor<2, 3> &eps_e,
                             const SymmetricTensor<2, 3> &sigma_eff,
                             const double                 plastic) const
  {
    if (phase_field_model.type() != PhaseFieldModel::Type::czm)
      return splits[m].positive_energy(eps_e) + plastic;
    // Wu, JMPS 103 (2017) 72: Ybar = <sigma_1>^2 / (2 E) of the undamaged
    // stress, not below f_t^2 / (2 E).
    const PhaseData &p       = phases[material_phase[m]];
    const double     sigma_1 = std::max(eigenvalues(sigma_eff)[0], 0.);
    return std::max(p.threshold, sigma_1 * sigma_1 / (2. * p.E) + plastic);
  }

  template <int dim>
  std::unique_ptr<PointHistoryTransfer<dim>>
  Fields<dim>::make_history_transfer() const
  {
    if (!plastic_phases)
      return nullptr;
    return std::make_unique<PointHistoryTransfer<dim>>(
        triangulation,
        problem->get_quadrature(),
        PlasticField<dim>::doubles_per_point);
  }

  template <int dim>
  void
  Fields<dim>::attach_history(PointHistoryTransfer<dim> &transfer) const
  {
    plastic_states->attach(transfer);
  }

  template <int dim>
  void
  Fields<dim>::receive_history(PointHistoryTransfer<dim> &transfer)
  {
    plastic_states->receive(transfer);
  }

  template <int dim>
  bool
  Fields<dim>::nonsymmetric_tangent() const
  {
    if (!plastic_phases)
      return false;
    bool drucker_prager = false;
    for (unsigned int p = 0; p < microstructure.n_phases(); ++p)
      drucker_prager =
          drucker_prager || materials.phase(p).plastic.model ==
                                plasticity::PlasticLaw::Model::drucker_prager;
    return PlasticField<dim>::nonsymmetric(materials,
                                           microstructure.n_phases()) ||
           (drucker_prager &&
            parameters.split == EnergySplit::Type::volumetric_deviatoric);
  }

  template <int dim>
  bool
  Fields<dim>::plastic_failure()
  {
    return plastic_phases && plastic_states->any_failed();
  }

  template <int dim>
  void
  Fields<dim>::accept_plastic_step()
  {
    if (!plastic_phases)
      return;
    plastic_states->keep_earlier();
    plastic_states->commit();
  }

  template <int dim>
  void
  Fields<dim>::restore_earlier_plastic_step()
  {
    if (plastic_phases)
      plastic_states->restore_earlier();
  }

  template double
  Fields<2>::plastic_driving(unsigned int, const plasticity::State &) const;
  template double
  Fields<2>::driving_force(unsigned int,
                           const SymmetricTensor<2, 3> &,
                           const SymmetricTensor<2, 3> &,
                           double) const;
  template std::unique_ptr<PointHistoryTransfer<2>>
  Fields<2>::make_history_transfer() const;
  template void
  Fields<2>::attach_history(PointHistoryTransfer<2> &) const;
  template void
  Fields<2>::receive_history(PointHistoryTransfer<2> &);
  template bool
  Fields<2>::nonsymmetric_tangent() const;
  template bool
  Fields<2>::plastic_failure();
  template void
  Fields<2>::accept_plastic_step();
  template void
  Fields<2>::restore_earlier_plastic_step();
  template double
  Fields<3>::plastic_driving(unsigned int, const plasticity::State &) const;
  template double
  Fields<3>::driving_force(unsigned int,
                           const SymmetricTensor<2, 3> &,
                           const SymmetricTensor<2, 3> &,
                           double) const;
  template std::unique_ptr<PointHistoryTransfer<3>>
  Fields<3>::make_history_transfer() const;
  template void
  Fields<3>::attach_history(PointHistoryTransfer<3> &) const;
  template void
  Fields<3>::receive_history(PointHistoryTransfer<3> &);
  template bool
  Fields<3>::nonsymmetric_tangent() const;
  template bool
  Fields<3>::plastic_failure();
  template void
  Fields<3>::accept_plastic_step();
  template void
  Fields<3>::restore_earlier_plastic_step();
} // namespace nanomech::fracture
