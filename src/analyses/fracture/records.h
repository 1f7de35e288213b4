#pragma once

#include <boost/serialization/array.hpp>
#include <boost/serialization/vector.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace nanomech::fracture
{
  /// One row of stress_strain.csv: the state after a converged load step.
  struct Step
  {
    unsigned int       step   = 0;
    double             strain = 0., stress = 0., force = 0.;
    double             elastic_energy = 0., fracture_energy = 0.;
    double             external_work        = 0.;
    unsigned int       staggered_iterations = 0;
    unsigned long long n_cells              = 0;
    double             max_damage           = 0.;
    /// Smallest nodal d - d_(n-1) of the step (>= 0: irreversible).
    double damage_growth = 0.;
    /// -integral(u . grad d): µm^2 (per unit thickness) in 2D, µm^3 in 3D.
    double crack_opening_volume = 0.;
    /// With plastic phases, summed over the steps (pJ in 3D, uJ/m in 2D):
    /// the plastic dissipation of the damaged stress, and the fracture
    /// energy that plastic work paid (Fields::plastic_step()).
    double plastic_dissipation = 0., plastic_to_fracture = 0.;

    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &step &strain &stress &force &elastic_energy  &fracture_energy;
      ar &external_work &staggered_iterations &n_cells &max_damage;
      ar &damage_growth                                &crack_opening_volume;
      ar &plastic_dissipation                          &plastic_to_fracture;
    }
  };

  /// What a fracture run reports (summary.json's results).
  struct Results
  {
    double       strength = 0., strain_at_peak = 0.;
    double       toughness         = 0.; ///< MJ/m^3
    double       dissipated_energy = 0.; ///< J/m^2
    double       cross_section     = 0.; ///< um^2 (3D) or um (2D)
    bool         failed            = false;
    unsigned int peak_step = 0, n_cuts = 0;
    /// Fracture energy, largest damage and plastic work (of the accepted
    /// plastic states; 0 without plastic phases), each just before and
    /// just after a mesh refinement (equal when the transfer is exact).
    std::vector<std::array<double, 6>> refinements;
    /// Fracture energy of the initial cracks (before loading).
    double initial_fracture_energy = 0.;
    /// Notched specimens: a (µm), W (µm), F, K (MPa sqrt(um)), E' (MPa),
    /// G = K^2 / E' (J/m^2); K = 0 if not computed.
    double notch_length = 0., width = 0., geometry_factor = 0.;
    double stress_intensity = 0., reference_modulus = 0.;
    double energy_release_rate = 0.;
    /// Fracture energy per phase of the initial cracks, and the energy
    /// dissipated in each phase during loading (pJ in 3D, uJ/m in 2D).
    std::vector<double> initial_fracture_energy_by_phase;
    std::vector<double> dissipated_energy_by_phase;
    /// The highest stress the curve can have reached between recorded
    /// steps (MPa; from the bounds of the peak check, the curve being
    /// concave up to a peak).
    double highest_possible_stress = 0.;

    /// The resolution of the peak: how far above the strength the curve
    /// may have gone between recorded steps, relative.
    double
    peak_resolution() const
    {
      return strength > 0. ?
                 std::max(0., highest_possible_stress / strength - 1.) :
                 0.;
    }

    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &strength &strain_at_peak &toughness          &dissipated_energy;
      ar &cross_section &failed &peak_step &n_cuts     &refinements;
      ar &initial_fracture_energy &notch_length &width &geometry_factor;
      ar &stress_intensity &reference_modulus          &energy_release_rate;
      ar &initial_fracture_energy_by_phase &dissipated_energy_by_phase;
      ar                                   &highest_possible_stress;
    }
  };

  /// Where the load stepping stands: the nominal strain reached, the next
  /// increment and whether the peak has been passed.
  struct SteppingState
  {
    double strain    = 0.;
    double increment = 0.;
    bool   past_peak = false;
    /// While a peak is being bracketed: the largest increment (0: none).
    double peak_cap = 0.;
    /// Under dissipation control (Fracture/Path following): the energy the
    /// next step dissipates (pJ in 3D, uJ/m in 2D), the first one, and
    /// the step after which the control was handed over (0: not yet).
    bool         dissipation_control         = false;
    double       dissipation_increment       = 0.;
    double       first_dissipation_increment = 0.;
    unsigned int handover_step               = 0;

    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &strain &increment &past_peak &peak_cap;
      ar &dissipation_control          &dissipation_increment;
      ar &first_dissipation_increment  &handover_step;
    }
  };

  /// The history of a fracture run that a checkpoint carries (besides the
  /// mesh and the fields): stepping state, step rows and results.
  struct History
  {
    SteppingState     stepping;
    std::vector<Step> steps;
    Results           results;
    /// Whether the under-resolved crack warning has been given.
    bool warned_resolution = false;

    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &stepping &steps &results &warned_resolution;
    }
  };

  /// The energy balance of step @p s relative to its external work:
  /// |W_ext - (Psi_el + D_plastic + (Gamma - Gamma_0) - plastic work to
  /// fracture)| / W_ext, Gamma_0 = @p initial_fracture_energy (0 if no
  /// work has been done).
  double
  energy_balance_error(const Step &s, double initial_fracture_energy);

  /// W_ext - (Psi_el + D_plastic + (Gamma - Gamma_0) - plastic work to
  /// fracture) at step @p s: zero in resolved quasi-static steps; a step in
  /// which the crack ran releases elastic energy that no quasi-static state
  /// dissipates (in an experiment, kinetic energy), and adds it.
  double
  energy_not_dissipated(const Step &s, double initial_fracture_energy);

  /// Toughness: the area under the nominal stress-strain curve of @p steps
  /// (trapezoidal rule), MJ/m^3.
  double
  toughness(const std::vector<Step> &steps);

  /// The text of stress_strain.csv for @p steps in @p dim dimensions
  /// (units in the column names), with the crack opening volume if
  /// @p crack_volume (runs with a crack pressure), the plastic dissipation
  /// and the fracture energy paid by plastic work if @p plastic, and last
  /// the displacement of the loaded face or load pad,
  /// @p displacement_per_strain times the nominal strain.
  std::string
  stress_strain_table(const std::vector<Step> &steps,
                      unsigned int             dim,
                      bool                     crack_volume,
                      bool                     plastic,
                      double                   displacement_per_strain);
} // namespace nanomech::fracture
