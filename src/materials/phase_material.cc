#include "materials/phase_material.h"
#include "parameters/scoped_subsection.h"

#include "base/exceptions.h"

#include <cmath>
#include <sstream>

namespace nanomech
{
  using dealii::ParameterHandler;
  namespace Patterns = dealii::Patterns;

  namespace
  {
    const char *constant_names[9] =
        {"C11", "C12", "C13", "C22", "C23", "C33", "C44", "C55", "C66"};
  }

  void
  PhaseMaterial::declare_parameters(ParameterHandler  &prm,
                                    const unsigned int index)
  {
    const ScopedSubsection subsection(prm, "Phase " + std::to_string(index));
    prm.declare_entry("Name",
                      "phase " + std::to_string(index),
                      Patterns::Anything(),
                      "A name for this phase, used in output and summaries.");
    prm.declare_entry(
        "Model",
        "isotropic",
        Patterns::Selection(
            "isotropic|cubic|transversely isotropic|orthotropic"),
        "Elastic symmetry. isotropic uses Young's modulus and Poisson's "
        "ratio; the others use the Voigt constants C_ij (MPa) in the crystal "
        "frame: cubic C11, C12, C44; transversely isotropic (axis 3) C11, "
        "C12, C13, C33, C44; orthotropic C11, C12, C13, C22, C23, C33, C44, "
        "C55, C66.");
    prm.declare_entry("Young's modulus",
                      "100000",
                      Patterns::Double(0.),
                      "Young's modulus E of an isotropic phase, MPa.");
    prm.declare_entry("Poisson's ratio",
                      "0.3",
                      Patterns::Double(-1., 0.5),
                      "Poisson's ratio of an isotropic phase, -1 < nu < 0.5.");
    for (const char *c : constant_names)
      prm.declare_entry(c,
                        "0",
                        Patterns::Double(),
                        std::string("Voigt stiffness constant ") + c +
                            " in the crystal frame, MPa (anisotropic models "
                            "only; Voigt order 11,22,33,23,13,12).");
    prm.declare_entry(
        "Critical energy release rate",
        "1",
        Patterns::Double(0.),
        "Fracture toughness Gc of the phase for the fracture analysis, J/m^2 "
        "(= MPa um). Low in a weak interlayer or shell, so that cracks run "
        "along it; high in a tough one.");
    prm.declare_entry(
        "Tensile strength",
        "0",
        Patterns::Double(0.),
        "Tensile strength ft of the phase, MPa: the largest principal "
        "stress at which damage starts with Fracture/Model = PF-CZM (which "
        "needs it positive for every phase of the specimen); 0: not given.");
    prm.declare_entry(
        "Euler angles",
        "0, 0, 0",
        Patterns::List(Patterns::Double(), 3, 3),
        "Orientation of the crystal frame in the specimen: Bunge Euler angles "
        "phi1, Phi, phi2 in degrees (z-x-z; R = Rz(phi1) Rx(Phi) Rz(phi2) maps "
        "crystal components to specimen components). A microstructure with "
        "grains rotates each grain further.");
    plasticity::PlasticLaw::declare_parameters(prm);
  }

  void
  PhaseMaterial::parse_parameters(ParameterHandler  &prm,
                                  const std::string &path)
  {
    name = prm.get("Name");
    critical_energy_release_rate =
        prm.get_double("Critical energy release rate");
    tensile_strength = prm.get_double("Tensile strength");
    require_input(critical_energy_release_rate > 0.,
                  path + "/Critical energy release rate must be positive");
    // Checks of magnitude: values far beyond any material overflow in the
    // products of assembly (squares of moduli, energies) and give NaN.
    require_input(critical_energy_release_rate <= 1e9,
                  path + "/Critical energy release rate must not exceed 1e9 "
                         "J/m^2 (no material is within a factor of 1e4 of "
                         "it)");
    require_input(tensile_strength <= 1e7,
                  path + "/Tensile strength must not exceed 1e7 MPa (10 "
                         "TPa, beyond the ideal strength of any solid)");
    const std::string model_name = prm.get("Model");
    if (model_name == "isotropic")
      model = Model::isotropic;
    else if (model_name == "cubic")
      model = Model::cubic;
    else if (model_name == "transversely isotropic")
      model = Model::transversely_isotropic;
    else
      model = Model::orthotropic;

    double c[9];
    for (unsigned int i = 0; i < 9; ++i)
      {
        c[i] = prm.get_double(constant_names[i]);
        require_input(std::abs(c[i]) <= 1e8,
                      path + "/" + constant_names[i] +
                          " must not exceed 1e8 MPa in magnitude (diamond's "
                          "C11: 1.08e6)");
      }

    std::string used;
    switch (model)
      {
        case Model::isotropic:
          {
            const double E  = prm.get_double("Young's modulus");
            const double nu = prm.get_double("Poisson's ratio");
            require_input(E > 0.,
                          path + "/Young's modulus must be positive (MPa)");
            require_input(E >= 1e-6 && E <= 1e8,
                          path + "/Young's modulus must lie between 1e-6 "
                                 "and 1e8 MPa (diamond: 1.2e6)");
            require_input(nu > -1. && nu < 0.5,
                          path + "/Poisson's ratio must lie strictly between "
                                 "-1 and 0.5 (an incompressible or "
                                 "infinitely compressible solid has no "
                                 "finite stiffness)");
            voigt = elastic::isotropic(E, nu);
            break;
          }
        case Model::cubic:
          voigt = elastic::cubic(c[0], c[1], c[6]);
          used  = "C11, C12, C44";
          break;
        case Model::transversely_isotropic:
          voigt = elastic::transversely_isotropic(c[0], c[1], c[2], c[5], c[6]);
          used  = "C11, C12, C13, C33, C44";
          break;
        case Model::orthotropic:
          voigt = elastic::orthotropic(
              c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
          used = "C11, C12, C13, C22, C23, C33, C44, C55, C66";
          break;
      }
    require_input(elastic::is_positive_definite(voigt),
                  path + ": the " + model_name + " constants (" + used +
                      ") do not give a positive definite stiffness; set all of "
                      "them (MPa) to the values of a stable crystal");

    const std::vector<std::string> angles =
        Patterns::Tools::Convert<std::vector<std::string>>::to_value(
            prm.get("Euler angles"),
            Patterns::List(Patterns::Anything(), 3, 3));
    double a[3];
    for (unsigned int i = 0; i < 3; ++i)
      {
        const double degrees = std::stod(angles[i]);
        // Beyond a few turns sin and cos lose their digits to the
        // reduction of the argument.
        require_input(std::abs(degrees) <= 3600.,
                      path + "/Euler angles: " + angles[i] +
                          " degrees; give angles within +-3600");
        a[i] = degrees * M_PI / 180.;
      }
    orientation = elastic::rotation_from_euler(a[0], a[1], a[2]);
    plastic.parse_parameters(prm, path, elastic::to_tensor(voigt));
  }

  dealii::SymmetricTensor<4, 3>
  PhaseMaterial::specimen_stiffness(
      const dealii::Tensor<2, 3> &grain_rotation) const
  {
    return elastic::rotate(elastic::to_tensor(voigt),
                           crystal_frame(grain_rotation));
  }

  void
  MaterialLibrary::declare_parameters(ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Materials");
    for (unsigned int i = 0; i < max_phases; ++i)
      PhaseMaterial::declare_parameters(prm, i);
  }

  void
  MaterialLibrary::parse_parameters(ParameterHandler &prm)
  {
    phases.resize(max_phases);
    const ScopedSubsection subsection(prm, "Materials");
    for (unsigned int i = 0; i < max_phases; ++i)
      {
        const std::string      sub = "Phase " + std::to_string(i);
        const ScopedSubsection subsection(prm, sub);
        phases[i].parse_parameters(prm, "Materials/" + sub);
      }
  }
} // namespace nanomech
