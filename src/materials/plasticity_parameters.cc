#include <deal.II/lac/lapack_full_matrix.h>

#include "base/exceptions.h"
#include "materials/mandel.h"
#include "materials/plasticity.h"

#include <cmath>
#include <limits>
#include <string>

// The entries of a phase's plastic law: declaration and checks.
namespace nanomech::plasticity
{
  using dealii::ParameterHandler;
  namespace Patterns = dealii::Patterns;
  using namespace mandel;

  void
  PlasticLaw::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry(
        "Plasticity",
        "none",
        Patterns::Selection("none|J2|Drucker-Prager"),
        "Plastic law of the phase: none (elastic until it cracks), J2 (von "
        "Mises, pressure-insensitive) or Drucker-Prager (pressure-sensitive: "
        "yields at a lower stress in tension than in compression, as "
        "metallic glasses and amorphous oxides do). Small strain, on top of "
        "the phase's elastic stiffness.");
    prm.declare_entry("Yield stress",
                      "0",
                      Patterns::Double(0.),
                      "Initial yield stress in uniaxial tension sigma_y, "
                      "MPa (with Plasticity = J2 or Drucker-Prager).");
    prm.declare_entry(
        "Hardening",
        "linear",
        Patterns::Selection("linear|Voce"),
        "Isotropic hardening of the tensile yield stress with the equivalent "
        "plastic strain alpha: linear, sigma_y + H alpha; Voce, sigma_y + H "
        "alpha + (sigma_inf - sigma_y)(1 - exp(-delta alpha)), saturating at "
        "sigma_inf (below sigma_y: saturating softening).");
    prm.declare_entry("Hardening modulus",
                      "0",
                      Patterns::Double(),
                      "Linear isotropic hardening modulus H, MPa (0: "
                      "perfectly plastic; negative: linear softening down "
                      "to the Softening floor).");
    prm.declare_entry("Saturation yield stress",
                      "0",
                      Patterns::Double(0.),
                      "Voce saturation stress sigma_inf, MPa (Hardening = "
                      "Voce).");
    prm.declare_entry("Saturation rate",
                      "0",
                      Patterns::Double(0.),
                      "Voce rate delta (dimensionless; the yield stress is "
                      "63 % of the way to sigma_inf at alpha = 1/delta).");
    prm.declare_entry("Softening floor",
                      "0",
                      Patterns::Double(0.),
                      "The yield stress never falls below this, MPa "
                      "(needed with a negative Hardening modulus).");
    prm.declare_entry("Kinematic hardening modulus",
                      "0",
                      Patterns::Double(0.),
                      "Linear kinematic (Prager-Ziegler) hardening modulus "
                      "H_k, MPa: the back stress grows as 2/3 H_k times the "
                      "deviatoric plastic strain (Bauschinger effect).");
    prm.declare_entry(
        "Friction angle",
        "0",
        Patterns::Double(0., 90.),
        "Drucker-Prager friction angle phi, degrees, 0 < phi < 90: the cone "
        "matches Mohr-Coulomb in uniaxial tension and compression, "
        "compressive/tensile yield stress = (1 + sin phi)/(1 - sin phi).");
    prm.declare_entry(
        "Plastic work threshold",
        "0",
        Patterns::Double(0.),
        "Fracture with a plastic phase (ductile phase-field fracture after "
        "Borden et al., CMAME 312 (2016) 130-166): the damage is driven by "
        "the positive elastic energy plus the plastic work density above "
        "this threshold W_0 (MPa = MJ/m^3), and the yield stress degrades "
        "with the stiffness. A large value: plastic work does not drive the "
        "crack.");
    prm.declare_entry("Dilation angle",
                      "-1",
                      Patterns::Double(-1., 90.),
                      "Drucker-Prager dilation angle psi of the flow "
                      "potential, degrees, 0 < psi <= phi; -1: equal to the "
                      "friction angle (associative flow).");
  }

  void
  PlasticLaw::parse_parameters(ParameterHandler            &prm,
                               const std::string           &path,
                               const SymmetricTensor<4, 3> &stiffness)
  {
    const std::string name = prm.get("Plasticity");
    model                  = name == "none" ? Model::none :
                             name == "J2"   ? Model::j2 :
                                              Model::drucker_prager;
    hardening =
        prm.get("Hardening") == "Voce" ? Hardening::voce : Hardening::linear;
    yield_stress_0    = prm.get_double("Yield stress");
    hardening_modulus = prm.get_double("Hardening modulus");
    saturation_stress = prm.get_double("Saturation yield stress");
    saturation_rate   = prm.get_double("Saturation rate");
    floor             = prm.get_double("Softening floor");
    kinematic_modulus = prm.get_double("Kinematic hardening modulus");
    work_threshold    = prm.get_double("Plastic work threshold");
    const double phi  = prm.get_double("Friction angle");
    double       psi  = prm.get_double("Dilation angle");
    const bool   dp   = model == Model::drucker_prager;
    const auto   here = [&](const std::string &entry) {
      return path + "/" + entry;
    };

    if (model == Model::none)
      {
        // Entries that only a plastic law reads: refused rather than
        // silently ignored.
        require_input(yield_stress_0 == 0. && work_threshold == 0.,
                      here(yield_stress_0 != 0. ? "Yield stress" :
                                                  "Plastic work threshold") +
                          " is set but " + here("Plasticity") +
                          " = none; set Plasticity = J2 or Drucker-Prager");
        return;
      }
    const Matrix<6> C     = to_mandel(stiffness);
    const double    scale = stiffness_scale(C);
    require_input(yield_stress_0 > 0. && std::isfinite(yield_stress_0),
                  here("Yield stress") + " must be positive (MPa) with " +
                      here("Plasticity") + " = " + name);
    require_input(yield_stress_0 < scale,
                  here("Yield stress") +
                      " is larger than the phase's stiffness: the yield "
                      "strain would exceed 1, outside small strain (MPa)");
    require_input(std::abs(hardening_modulus) < 1e3 * scale &&
                      kinematic_modulus < 1e3 * scale,
                  here("Hardening modulus") + " and " +
                      here("Kinematic hardening modulus") +
                      " must be below 1000 times the phase's stiffness");
    if (hardening == Hardening::voce)
      {
        require_input(saturation_stress > 0. && saturation_rate > 0.,
                      here("Saturation yield stress") + " and " +
                          here("Saturation rate") + " must be positive with " +
                          here("Hardening") + " = Voce");
        require_input(saturation_rate < 1e6,
                      here("Saturation rate") + " must be below 1e6");
      }
    else
      require_input(saturation_stress == 0. && saturation_rate == 0.,
                    here("Saturation yield stress") + " and " +
                        here("Saturation rate") + " are read with " +
                        here("Hardening") + " = Voce only (it is linear)");
    require_input(floor < yield_stress_0 && (hardening == Hardening::linear ||
                                             floor < saturation_stress),
                  here("Softening floor") +
                      " must lie below the Yield stress (and the Saturation "
                      "yield stress)");
    require_input(hardening_modulus >= 0. || floor > 0.,
                  here("Hardening modulus") + " is negative (softening): set " +
                      here("Softening floor") +
                      " > 0, the yield stress it stops at");
    // The local problem of a softening law has a unique solution while
    // 3 mu + H > 0 (Simo & Hughes 1998, sec. 3.3.2); mu here is the
    // smallest shear stiffness, half the smallest eigenvalue of C.
    {
      dealii::LAPACKFullMatrix<double> lapack(6, 6);
      for (unsigned int i = 0; i < 6; ++i)
        for (unsigned int j = 0; j < 6; ++j)
          lapack(i, j) = C(i, j);
      lapack.compute_eigenvalues();
      double smallest = std::numeric_limits<double>::max();
      for (unsigned int i = 0; i < 6; ++i)
        smallest = std::min(smallest, lapack.eigenvalue(i).real());
      const double steepest =
          hardening_modulus +
          (hardening == Hardening::voce ?
               std::min(0.,
                        saturation_rate *
                            (saturation_stress - yield_stress_0)) :
               0.);
      require_input(1.5 * smallest + steepest > 0.,
                    here("Hardening modulus") + " (with the Voce softening) " +
                        "softens faster than the phase's stiffness allows: "
                        "3 mu + H must stay positive, mu = " +
                        std::to_string(0.5 * smallest) + " MPa");
    }
    if (dp)
      {
        require_input(phi > 0. && phi < 90.,
                      here("Friction angle") +
                          " must lie strictly between 0 and 90 degrees with " +
                          here("Plasticity") +
                          " = Drucker-Prager (0 is J2: set Plasticity = J2)");
        if (psi < 0.)
          psi = phi;
        require_input(psi > 0. && psi <= phi,
                      here("Dilation angle") +
                          " must lie in (0, Friction angle] degrees: a "
                          "non-dilatant cone has no state under hydrostatic "
                          "tension beyond its apex");
        eta     = std::sqrt(3.) * std::sin(phi * M_PI / 180.);
        eta_bar = std::sqrt(3.) * std::sin(psi * M_PI / 180.);
      }
    else
      require_input(phi == 0. && psi == -1.,
                    here("Friction angle") + " and " + here("Dilation angle") +
                        " are read with Plasticity = Drucker-Prager only");
  }

} // namespace nanomech::plasticity
