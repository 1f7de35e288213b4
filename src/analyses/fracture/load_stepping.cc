#include "analyses/fracture/load_stepping.h"

#include "base/exceptions.h"
#include "base/stop_request.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <optional>
#include <sstream>

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  LoadStepping<dim>::LoadStepping(Fields<dim>              &fields,
                                  StepSolver<dim>          &solver,
                                  CrackRefinement<dim>     &refinement,
                                  const FractureParameters &parameters,
                                  const LoadingParameters  &loading,
                                  const double              specimen_length,
                                  const ConditionalOStream &pcout,
                                  TimerOutput              &timer,
                                  std::function<void(const std::string &)> warn)
      : fields(fields)
      , solver(solver)
      , refinement(refinement)
      , parameters(parameters)
      , loading(loading)
      , specimen_length(specimen_length)
      , pcout(pcout)
      , timer(timer)
      , warn(std::move(warn))
  {
  }

  template <int dim>
  void
  LoadStepping<dim>::run(History &history, StepObserver *observer)
  {
    SteppingState &state = history.stepping;
    const double   last  = loading.strain * (1. - 1e-12);
    // The start of the last recorded step, to go back to when the peak
    // may lie inside that step.
    Snapshot back;
    // (No snapshot is followed after run() returns or throws.)
    struct Unfollow
    {
      std::vector<Snapshot *> &followed;
      ~Unfollow()
      {
        followed.clear();
      }
    } unfollow{followed};
    while (!history.results.failed && state.strain < last)
      {
        followed = {&back};
        if (state.dissipation_control)
          {
            dissipation_step(history, observer);
            continue;
          }
        const double trial =
            std::min(state.strain + state.increment, loading.strain);
        // The start of this step, to come back to.
        Snapshot here = start_step(history);
        followed.push_back(&here);
        unsigned int iterations = 0;
        // A step after the highest recorded one that falls below it so far
        // that the peak must be bracketed more finely is repeated anyway:
        // it need not be finished (where a crack runs, that saves most of
        // the step's iterations). The stress is judged during the
        // iterations, where damage grows and the stress falls: judged too
        // early, a step is only bracketed more finely than needed.
        // With path following, a post-peak step whose stress has already
        // fallen by the hand-over drop is not finished either (a crack
        // running within it under displacement control).
        PeakCheck  early    = PeakCheck::accept;
        bool       handover = false;
        const bool judge =
            history.steps.size() > 1 &&
            (history.results.peak_step == history.steps.back().step ||
             parameters.path_following !=
                 FractureParameters::PathFollowing::none);
        const auto abandon = [&, trial]() {
          std::optional<double> highest;
          const double          stress =
              fields.nominal_stress(fields.reaction_force(),
                                    history.results.cross_section);
          early = judge_peak(history, trial, stress, back.valid, highest);
          handover =
              early == PeakCheck::accept && handover_due(history, stress);
          return early != PeakCheck::accept || handover;
        };
        const StepOutcome outcome =
            solve_step(trial, iterations, history, [&](unsigned int &its) {
              return solver.solve(trial,
                                  its,
                                  judge ? std::function<bool()>(abandon) :
                                          std::function<bool()>());
            });
        if (outcome == StepOutcome::interrupted)
          stop_inside_step(trial, here, history, observer);
        if (outcome == StepOutcome::abandoned && handover)
          {
            restore_start(here, history);
            hand_over(history,
                      "the stress fell by more than the hand-over drop within "
                      "the step to strain " +
                          std::to_string(trial));
            continue;
          }
        if (outcome == StepOutcome::abandoned)
          {
            pcout << "  the stress fell past the peak within the step to "
                  << trial << " (" << iterations << " iterations)" << std::endl;
            step_back(early, back, here, trial, history);
            continue;
          }
        if (outcome != StepOutcome::converged)
          {
            restore_start(here, history);
            // With path following, a step that does not converge while
            // damage grows is solved under dissipation control (once: not
            // after it has handed back).
            const auto &steps = history.steps;
            if (may_hand_over(history) &&
                steps.back().fracture_energy >
                    steps[steps.size() - 2].fracture_energy)
              hand_over(history,
                        "the step to strain " + std::to_string(trial) +
                            " did not converge");
            else
              cut_step(trial, iterations, history, observer);
            continue;
          }
        if (!refine_after_step(
                trial, iterations, history, [&](unsigned int &more) {
                  return solver.solve(trial, more);
                }))
          stop_inside_step(trial, here, history, observer);
        state.strain = trial;
        // The damage at the start of the last recorded step follows the
        // refinements, so the stepping may go back to it on a finer mesh.
        const double stress =
            fields.nominal_stress(fields.reaction_force(),
                                  history.results.cross_section);
        const PeakCheck check = check_peak(history, stress, back.valid);
        if (check != PeakCheck::accept)
          {
            step_back(check, back, here, trial, history);
            continue;
          }
        if (handover_due(history, stress))
          {
            restore_start(here, history);
            state.strain = here.strain;
            hand_over(history,
                      "the stress fell by more than the hand-over drop in "
                      "the step to strain " +
                          std::to_string(trial));
            continue;
          }
        back = std::move(here);
        fields.damage().keep_earlier_step();
        record_step(iterations, history);
        if (observer)
          observer->step_finished(history,
                                  !history.results.failed &&
                                      state.strain < last);
      }
  }

  template <int dim>
  typename LoadStepping<dim>::Snapshot
  LoadStepping<dim>::start_step(const History &history)
  {
    fields.damage().start_step();
    Snapshot here;
    here.valid         = true;
    here.strain        = history.stepping.strain;
    here.displacement  = fields.displacement().get_solution();
    here.n_refinements = history.results.refinements.size();
    return here;
  }

  template <int dim>
  void
  LoadStepping<dim>::restore_start(const Snapshot &here, const History &history)
  {
    // The damage (its lower bound followed every refinement), and the
    // displacement (followed too; if it was not, the next iterations
    // recompute it from the damage).
    if (history.results.refinements.size() == here.n_refinements)
      fields.displacement().get_solution() = here.displacement;
    fields.damage().restore_step();
    fields.evaluate_damage();
  }

  template <int dim>
  void
  LoadStepping<dim>::stop_inside_step(const double    trial,
                                      const Snapshot &here,
                                      History        &history,
                                      StepObserver   *observer)
  {
    const int signal = stop_request::any_signal(
        fields.damage().get_dof_handler().get_communicator());
    restore_start(here, history);
    pcout << "  signal " << signal << " inside the step to strain " << trial
          << ": back to the start of the step (strain "
          << history.stepping.strain << ")" << std::endl;
    if (observer)
      observer->stepping_interrupted(history, signal);
    throw Interrupted("stopped by signal " + std::to_string(signal) +
                      " inside the load step after step " +
                      std::to_string(history.steps.back().step) +
                      " and a checkpoint of that step; continue with "
                      "--restart");
  }

  template <int dim>
  StepOutcome
  LoadStepping<dim>::solve_step(
      const double                                     &strain,
      unsigned int                                     &iterations,
      History                                          &history,
      const std::function<StepOutcome(unsigned int &)> &attempt)
  {
    StepOutcome outcome = StepOutcome::not_converged;
    try
      {
        // Refine as soon as the damage reaches coarse cells, then go on
        // iterating on the finer mesh.
        for (unsigned int round = 0;; ++round)
          {
            unsigned int its = 0;
            outcome          = attempt(its);
            iterations += its;
            if (outcome != StepOutcome::refine)
              break;
            if (round == 200)
              throw ComputeError("the damage kept reaching coarse cells "
                                 "after 200 refinements within a step");
            refine(strain, history);
          }
      }
    catch (const ComputeError &e)
      {
        pcout << "  step to strain " << strain << ": " << e.what() << std::endl;
        outcome = StepOutcome::not_converged;
      }
    return outcome;
  }

  template <int dim>
  bool
  LoadStepping<dim>::refine(const double strain, History &history)
  {
    if (!refinement.needed())
      return false;
    const auto &log    = history.results.refinements;
    const auto  before = log.size();
    // The displacements at the starts of steps the stepping may go back to
    // move with the mesh (on it: followed since they were taken), so that
    // going back starts from them and not from the displacement of the
    // abandoned trial (with plastic phases, one Newton iteration per sweep
    // from a cracked displacement can converge to the cracked state).
    std::vector<Snapshot *>                             moved;
    std::vector<typename ElasticProblem<dim>::Vector *> vectors;
    for (Snapshot *s : followed)
      if (s->valid && s->n_refinements == before)
        {
          moved.push_back(s);
          vectors.push_back(&s->displacement);
        }
    {
      TimerOutput::Scope t(timer, "refinement");
      refinement.refine(strain, solver, history.results.refinements, vectors);
    }
    for (Snapshot *s : moved)
      s->n_refinements = log.size();
    const auto &problem = fields.displacement();
    pcout
        << "  refined: "
        << problem.get_dof_handler().get_triangulation().n_global_active_cells()
        << " cells, " << problem.get_dof_handler().n_dofs()
        << " displacement dofs";
    if (fields.plastic() && log.size() > before)
      {
        // The plastic work before the first and after the last round.
        const double first = log[before][4];
        pcout << ", plastic work changed by " << std::setprecision(2)
              << (first > 0. ? (log.back()[5] - first) / first : 0.)
              << " (relative)";
      }
    pcout << std::endl;
    return true;
  }

  template <int dim>
  void
  LoadStepping<dim>::cut_step(const double       trial,
                              const unsigned int iterations,
                              History           &history,
                              StepObserver      *observer)
  {
    SteppingState &state = history.stepping;
    state.increment *= 0.5;
    ++history.results.n_cuts;
    pcout << "  step to strain " << trial << " did not converge in "
          << iterations << " staggered iterations; increment cut to "
          << state.increment << std::endl;
    if (state.increment < parameters.minimum_increment)
      {
        if (observer)
          observer->stepping_failed(history);
        throw ComputeError(
            "the load step from strain " + std::to_string(state.strain) +
            " did not converge even with the increment cut below "
            "Fracture/Minimum strain increment; the steps done are in "
            "stress_strain.csv");
      }
  }

  template <int dim>
  bool
  LoadStepping<dim>::refine_after_step(
      const double                                      strain,
      unsigned int                                     &iterations,
      History                                          &history,
      const std::function<StepOutcome(unsigned int &)> &resolve)
  {
    // Refine where the crack has grown and solve the step again, until the
    // damaged cells are fine enough (the damage may spread into coarse
    // cells on the new mesh).
    for (unsigned int round = 0; round < 20 && refine(strain, history); ++round)
      {
        unsigned int      more   = 0;
        const StepOutcome status = resolve(more);
        iterations += more;
        if (status == StepOutcome::interrupted)
          return false;
        if (status != StepOutcome::converged && status != StepOutcome::refine)
          throw ComputeError("after the mesh was refined at strain " +
                             std::to_string(strain) +
                             ", the staggered iterations did not converge");
      }
    return true;
  }

  template <int dim>
  void
  LoadStepping<dim>::step_back(const PeakCheck check,
                               Snapshot       &back,
                               const Snapshot &here,
                               const double    trial,
                               History        &history)
  {
    // Back to the start of this step (@p here; its damage is the step's
    // lower bound), or of the step before it (@p back, which is then taken
    // out of the history), with half the increment; no larger increments
    // until the peak is resolved.
    SteppingState &state    = history.stepping;
    const bool     previous = check == PeakCheck::repeat_previous;
    const double   from     = previous ? back.strain : here.strain;
    const double   width =
        previous ? history.steps.back().strain - back.strain : trial - from;
    if (previous)
      {
        // The displacement if it followed the refinements (otherwise the
        // next iterations recompute it from the damage).
        if (history.results.refinements.size() == back.n_refinements)
          fields.displacement().get_solution() = back.displacement;
        fields.damage().restore_earlier_step();
        fields.restore_earlier_plastic_step();
        fields.evaluate_damage();
        history.steps.pop_back();
        update_peak(history);
        back.valid = false;
      }
    else
      restore_start(here, history);
    state.strain    = from;
    state.increment = 0.5 * width;
    state.peak_cap  = state.increment;
    pcout << "  a peak may lie between strains " << from << " and "
          << from + width << ": stepped again with increment "
          << state.increment << std::endl;
  }

  namespace
  {
    /// max over x in [a, b] of min(L1(x), L2(x)) for the lines
    /// L_i(x) = y_i + s_i (x - x_i).
    double
    highest_below_two_lines(const double a,
                            const double b,
                            const double x1,
                            const double y1,
                            const double s1,
                            const double x2,
                            const double y2,
                            const double s2)
    {
      const auto bound = [&](const double x) {
        return std::min(y1 + s1 * (x - x1), y2 + s2 * (x - x2));
      };
      double best = std::max(bound(a), bound(b));
      if (s1 != s2)
        {
          const double x = (y2 - y1 - s2 * x2 + s1 * x1) / (s1 - s2);
          if (x > a && x < b)
            best = std::max(best, bound(x));
        }
      return best;
    }
  } // namespace

  template <int dim>
  typename LoadStepping<dim>::PeakCheck
  LoadStepping<dim>::judge_peak(const History         &history,
                                const double           strain,
                                const double           stress,
                                const bool             can_go_back,
                                std::optional<double> &highest) const
  {
    // Only when the step to @p strain lowers the stress after the highest
    // recorded step n: the peak lies in [n - 1, n] or [n, n + 1]. Up to a
    // peak the curve is concave, so on [n - 1, n] it lies below the line
    // of step n - 1 extended forward and the line of this step extended
    // backward, and on [n, n + 1] below the line of step n extended. Where
    // those bounds exceed the recorded peak by more than the tolerance,
    // the step is repeated with half the increment (as long as the
    // increment may still be halved).
    const auto       &steps = history.steps;
    const Results    &r     = history.results;
    const std::size_t n     = steps.size() - 1;
    if (n == 0 || r.peak_step != steps[n].step || !(stress < steps[n].stress))
      return PeakCheck::accept;
    const Step &peak = steps[n], &before = steps[n - 1];
    const auto  slope =
        [](const double e0, const double s0, const double e1, const double s1) {
          return (s1 - s0) / (e1 - e0);
        };
    const double after_slope = slope(peak.strain, peak.stress, strain, stress);
    // [n - 1, n]: from the line of step n - 1 (none before step 1: then
    // only the backward line bounds it).
    const double rising = n >= 2 ? slope(steps[n - 2].strain,
                                         steps[n - 2].stress,
                                         before.strain,
                                         before.stress) :
                                   std::numeric_limits<double>::infinity();
    const double left   = std::isfinite(rising) ?
                              highest_below_two_lines(before.strain,
                                                    peak.strain,
                                                    before.strain,
                                                    before.stress,
                                                    std::max(rising, 0.),
                                                    strain,
                                                    stress,
                                                    after_slope) :
                              stress + after_slope * (before.strain - strain);
    // [n, n + 1].
    const double right =
        peak.stress +
        std::max(
            0., slope(before.strain, before.stress, peak.strain, peak.stress)) *
            (strain - peak.strain);
    const double limit = (1. + parameters.peak_tolerance) * peak.stress;
    const double half  = 0.5 * parameters.minimum_increment;
    if (left > limit && can_go_back && peak.strain - before.strain > 2. * half)
      return PeakCheck::repeat_previous;
    if (right > limit && strain - peak.strain > 2. * half)
      return PeakCheck::repeat_step;
    highest = std::max(left, right);
    return PeakCheck::accept;
  }

  template <int dim>
  typename LoadStepping<dim>::PeakCheck
  LoadStepping<dim>::check_peak(History     &history,
                                const double stress,
                                const bool   can_go_back) const
  {
    Results              &r = history.results;
    std::optional<double> highest;
    const PeakCheck       check = judge_peak(
        history, history.stepping.strain, stress, can_go_back, highest);
    if (highest)
      {
        r.highest_possible_stress =
            std::max(r.highest_possible_stress, *highest);
        history.stepping.peak_cap = 0.;
      }
    return check;
  }

  template <int dim>
  void
  LoadStepping<dim>::update_peak(History &history) const
  {
    Results &r = history.results;
    r.strength = 0.;
    for (const Step &s : history.steps)
      if (s.stress > r.strength)
        {
          r.strength       = s.stress;
          r.strain_at_peak = s.strain;
          r.peak_step      = s.step;
        }
    history.stepping.past_peak = r.peak_step != history.steps.back().step;
  }

  template class LoadStepping<2>;
  template class LoadStepping<3>;
} // namespace nanomech::fracture
