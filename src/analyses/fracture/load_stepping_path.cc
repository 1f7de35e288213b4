// Path following of the load stepping: dissipation control after the peak.
#include "analyses/fracture/load_stepping.h"
#include "base/exceptions.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  bool
  LoadStepping<dim>::may_hand_over(const History &history) const
  {
    // Once: after dissipation control has handed back, the specimen is
    // broken.
    return parameters.path_following !=
               FractureParameters::PathFollowing::none &&
           history.stepping.handover_step == 0 && history.steps.size() > 1;
  }

  template <int dim>
  bool
  LoadStepping<dim>::handover_due(const History &history,
                                  const double   stress) const
  {
    if (!may_hand_over(history))
      return false;
    const double before = history.steps.back().stress;
    const double peak   = std::max(history.results.strength, before);
    return before - stress > parameters.path_drop * peak;
  }

  template <int dim>
  void
  LoadStepping<dim>::hand_over(History &history, const std::string &why)
  {
    // The first increment: a crack across Dissipation increment of the
    // cross-section in the phase of smallest Gc.
    double Gc = std::numeric_limits<double>::infinity();
    for (const auto &phase : fields.phase_data())
      if (phase.Gc > 0.)
        Gc = std::min(Gc, phase.Gc);
    if (!std::isfinite(Gc))
      throw ComputeError("dissipation control: no phase has a positive Gc");
    SteppingState &state      = history.stepping;
    state.dissipation_control = true;
    state.handover_step       = history.steps.back().step;
    state.first_dissipation_increment =
        parameters.dissipation_increment * Gc * history.results.cross_section;
    state.dissipation_increment = state.first_dissipation_increment;
    pcout << "  " << why << ": dissipation control from step "
          << state.handover_step << " (strain " << state.strain
          << "), dissipating " << state.dissipation_increment
          << (dim == 2 ? " uJ/m" : " pJ") << " per step at first" << std::endl;
  }

  template <int dim>
  void
  LoadStepping<dim>::dissipation_step(History &history, StepObserver *observer)
  {
    SteppingState &state = history.stepping;
    Snapshot       here  = start_step(history);
    followed.push_back(&here);
    struct Unfollow
    {
      std::vector<Snapshot *> &followed;
      ~Unfollow()
      {
        followed.pop_back();
      }
    } unfollow{followed};
    // The fracture energy recorded at the last step is that of the damage
    // the step starts from on any refinement of its mesh (Q1 on refined
    // cells: the same function).
    const double      increment = state.dissipation_increment;
    DissipationTarget target;
    target.energy = history.steps.back().fracture_energy + increment;
    // The dissipation is met to a tenth of what a damage change of Damage
    // tolerance across a crack band dissipates, ~ Gc x cross-section x
    // tolerance: finer than the iterations' test of the damage change.
    target.tolerance = 0.1 * parameters.damage_tolerance *
                       state.first_dissipation_increment /
                       parameters.dissipation_increment;
    target.max_strain = loading.strain;
    // A step that has not converged in ten times the target is cut.
    target.max_iterations =
        std::min(parameters.max_staggered, 10 * parameters.target_iterations);
    double       strain     = state.strain;
    unsigned int iterations = 0;
    const auto   attempt    = [&](unsigned int &its) {
      return solver.solve_dissipation(target, strain, its);
    };
    StepOutcome outcome = solve_step(strain, iterations, history, attempt);
    if (outcome == StepOutcome::converged)
      try
        {
          if (!refine_after_step(strain, iterations, history, attempt))
            outcome = StepOutcome::interrupted;
        }
      catch (const ComputeError &e)
        {
          pcout << "  " << e.what() << std::endl;
          outcome = StepOutcome::not_converged;
        }
    if (outcome == StepOutcome::interrupted)
      stop_inside_step(strain, here, history, observer);
    if (outcome == StepOutcome::beyond_load)
      {
        // A broken specimen (dissipating more only by widening its cracks,
        // at strains far beyond the applied one): back to displacement
        // control, which is stable there.
        restore_start(here, history);
        state.dissipation_control = false;
        state.increment = parameters.post_peak_factor * parameters.increment;
        pcout << "  no strain up to " << loading.strain << " dissipates "
              << increment << (dim == 2 ? " uJ/m" : " pJ")
              << " more: displacement control again from strain "
              << state.strain << std::endl;
        return;
      }
    if (outcome != StepOutcome::converged)
      {
        restore_start(here, history);
        state.dissipation_increment *= 0.5;
        ++history.results.n_cuts;
        pcout << "  the dissipation step from strain " << state.strain
              << " did not converge in " << iterations
              << " iterations; dissipation increment cut to "
              << state.dissipation_increment << std::endl;
        if (state.dissipation_increment <
            1e-6 * state.first_dissipation_increment)
          {
            if (observer)
              observer->stepping_failed(history);
            throw ComputeError(
                "under dissipation control, the step from strain " +
                std::to_string(state.strain) +
                " did not converge even with a millionth of the first "
                "dissipation increment; the steps done are in "
                "stress_strain.csv");
          }
        return;
      }
    state.strain = strain;
    record_step(iterations, history);
    // Adaptive steps. The staggered iterations barely depend on the size of
    // a step (they converge linearly from an error proportional to it), so
    // the size follows the curve instead: each step is to change the stress
    // by half the hand-over drop of the strength (between 0.5 and 2 times
    // the last increment; a continuous factor, so that round-off on another
    // partition changes the steps by round-off only), and halves after a
    // step that took more than twice Target iterations.
    const Step  &last   = history.steps.back();
    const Step  &before = history.steps[history.steps.size() - 2];
    const double change =
        std::abs(last.stress - before.stress) / history.results.strength;
    double factor =
        std::clamp(0.5 * parameters.path_drop /
                       std::max(change, 1e-3 * parameters.path_drop),
                   0.5,
                   2.);
    if (iterations > 2 * parameters.target_iterations)
      factor = std::min(factor, 0.5);
    state.dissipation_increment = increment * factor;
    if (observer)
      observer->step_finished(history,
                              !history.results.failed &&
                                  state.strain < loading.strain);
  }

#define NANOMECH_INSTANTIATE(dim)                                             \
  template bool LoadStepping<dim>::may_hand_over(const History &) const;      \
  template bool LoadStepping<dim>::handover_due(const History &, double)      \
      const;                                                                  \
  template void LoadStepping<dim>::hand_over(History &, const std::string &); \
  template void LoadStepping<dim>::dissipation_step(History &, StepObserver *);
  NANOMECH_INSTANTIATE(2)
  NANOMECH_INSTANTIATE(3)
#undef NANOMECH_INSTANTIATE
} // namespace nanomech::fracture
