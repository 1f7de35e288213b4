// The fracture load stepping's record of a converged step (split from
// load_stepping.cc): its row, the plastic energies and acceptance of its
// plastic states, the peak, the next increment, failure, and the
// resolution check.

#include "analyses/fracture/load_stepping.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  void
  LoadStepping<dim>::record_step(const unsigned int iterations,
                                 History           &history)
  {
    SteppingState &state   = history.stepping;
    Results       &results = history.results;
    const auto    &problem = fields.displacement();
    Step           s;
    s.step   = history.steps.size();
    s.strain = state.strain;
    s.force  = fields.reaction_force();
    s.stress = fields.nominal_stress(s.force, results.cross_section);
    std::tie(s.elastic_energy, s.fracture_energy) = fields.energies();
    const Step &last                              = history.steps.back();
    s.external_work = last.external_work + 0.5 * (last.force + s.force) *
                                               (s.strain - last.strain) *
                                               specimen_length;
    s.staggered_iterations = iterations;
    s.n_cells =
        problem.get_dof_handler().get_triangulation().n_global_active_cells();
    s.max_damage = fields.damage().max_damage();
    if (parameters.crack_pressure > 0.)
      {
        // The work of a constant pressure on the crack faces: p dV. (Only
        // with a pressure: without one, the opening of a broken band is
        // set by the residual stiffness alone, to the solver's tolerance.)
        s.crack_opening_volume = fields.crack_opening_volume();
        s.external_work += parameters.crack_pressure *
                           (s.crack_opening_volume - last.crack_opening_volume);
      }
    s.damage_growth = fields.damage().min_growth_in_step();
    if (fields.plastic())
      {
        // The plastic work of the step, then its states are accepted.
        const auto plastic    = fields.plastic_step();
        s.plastic_dissipation = last.plastic_dissipation + plastic.dissipation;
        // The step's fracture energy in the ratio of the driving force's
        // parts. In a resolved step the driving force's work equals it (the
        // damage equation), and this is the trapezoidal sum of the plastic
        // part; in a step in which the crack ran, points went from intact
        // to broken while their plastic work grew without bound, and that
        // sum would exceed the step's fracture energy several times.
        const double gamma = s.fracture_energy - last.fracture_energy;
        if (plastic.driving_work > 0. && gamma > 0.)
          s.plastic_to_fracture +=
              gamma *
              std::min(1., plastic.plastic_driving_work / plastic.driving_work);
        s.plastic_to_fracture += last.plastic_to_fracture;
        fields.accept_plastic_step();
      }
    history.steps.push_back(s);
    check_resolution(history);
    pcout << "Step " << std::setw(4) << s.step << ": strain "
          << std::setprecision(6) << s.strain << ", stress " << s.stress
          << " MPa, max damage " << std::setprecision(4) << s.max_damage << ", "
          << iterations << " staggered iterations" << std::endl;

    bool passed_peak = false;
    if (s.stress > results.strength)
      {
        results.strength       = s.stress;
        results.strain_at_peak = s.strain;
        results.peak_step      = s.step;
      }
    else if (!state.past_peak && s.stress < results.strength)
      state.past_peak = passed_peak = true;
    if (parameters.adaptive_increments)
      {
        // 1.5 times after a step that took fewer than half Target
        // iterations, half after one that took more than twice (bands of
        // whole iterations, so that another partition's round-off does not
        // change the steps), Post-peak increment factor once at the peak;
        // at most a twentieth of the applied strain.
        double next = state.increment;
        if (2 * iterations < parameters.target_iterations)
          next *= 1.5;
        else if (iterations > 2 * parameters.target_iterations)
          next *= 0.5;
        if (passed_peak)
          next *= parameters.post_peak_factor;
        state.increment = std::clamp(next,
                                     parameters.minimum_increment,
                                     std::max(parameters.minimum_increment,
                                              loading.strain / 20.));
      }
    else
      {
        // After a cut, grow back towards the nominal increment (not beyond
        // the increment a peak is being bracketed with).
        const double nominal_post_peak =
            parameters.post_peak_factor * parameters.increment;
        state.increment = std::min(2. * state.increment,
                                   state.past_peak ? nominal_post_peak :
                                                     parameters.increment);
      }
    if (state.peak_cap > 0.)
      state.increment = std::min(state.increment, state.peak_cap);
    if (state.past_peak &&
        s.stress < parameters.failure_fraction * results.strength)
      results.failed = true;
  }

  template <int dim>
  void
  LoadStepping<dim>::check_resolution(History &history)
  {
    if (history.warned_resolution)
      return;
    const double h = refinement.unresolved_cell_size();
    if (h == 0.)
      return;
    history.warned_resolution = true;
    std::ostringstream message;
    message << "cells of size " << h << " um carry damage, coarser than l/2 = "
            << 0.5 * parameters.length_scale
            << " um: the crack is not resolved (refine the mesh or raise "
               "Fracture/Length scale).";
    warn(message.str());
  }

  template void
  LoadStepping<2>::record_step(unsigned int, History &);
  template void
  LoadStepping<2>::check_resolution(History &);
  template void
  LoadStepping<3>::record_step(unsigned int, History &);
  template void
  LoadStepping<3>::check_resolution(History &);
} // namespace nanomech::fracture
