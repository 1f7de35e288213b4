#pragma once

#include <deal.II/base/parameter_handler.h>

#include "materials/elastic_tensor.h"
#include "materials/plasticity.h"

#include <string>
#include <vector>

namespace nanomech
{
  /**
   * The elastic law of one phase: an isotropic (E, nu) or anisotropic
   * (cubic, transversely isotropic, orthotropic) stiffness given in the
   * crystal frame, and the orientation of that frame in the specimen (Bunge
   * Euler angles). A microstructure may add a per-grain rotation on top.
   * Parameters live in "Materials/Phase N".
   */
  class PhaseMaterial
  {
  public:
    enum class Model
    {
      isotropic,
      cubic,
      transversely_isotropic,
      orthotropic
    };

    static void
    declare_parameters(dealii::ParameterHandler &prm, unsigned int index);
    /// Reads and checks the entries; @p path names the subsection in
    /// messages ("Materials/Phase 1").
    void
    parse_parameters(dealii::ParameterHandler &prm, const std::string &path);

    /// Stiffness in the crystal frame (Voigt, MPa).
    const elastic::VoigtMatrix &
    crystal_stiffness() const
    {
      return voigt;
    }

    /// Stiffness in the specimen frame for a grain whose crystal frame is
    /// further rotated by @p grain_rotation (identity for no grain).
    dealii::SymmetricTensor<4, 3>
    specimen_stiffness(const dealii::Tensor<2, 3> &grain_rotation) const;

    /// The crystal frame in the specimen for a grain rotated by
    /// @p grain_rotation: column i is crystal axis i.
    dealii::Tensor<2, 3>
    crystal_frame(const dealii::Tensor<2, 3> &grain_rotation) const
    {
      return grain_rotation * orientation;
    }

    std::string name;
    Model       model = Model::isotropic;
    /// Gc for phase-field fracture, J/m^2 = MPa um.
    double critical_energy_release_rate = 1.;
    /// Tensile strength ft for PF-CZM, MPa; 0: not given.
    double tensile_strength = 0.;
    /// The plastic law (Plasticity = none: elastic until it cracks).
    plasticity::PlasticLaw plastic;

  private:
    elastic::VoigtMatrix voigt;
    dealii::Tensor<2, 3> orientation; ///< phase frame in the specimen
  };

  /// All phases of a run: "Materials/Phase 0" ... "Phase N-1".
  class MaterialLibrary
  {
  public:
    static constexpr unsigned int max_phases = 4;

    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    const PhaseMaterial &
    phase(const unsigned int i) const
    {
      return phases.at(i);
    }

    std::vector<PhaseMaterial> phases;
  };
} // namespace nanomech
