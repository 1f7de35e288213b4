#include "analyses/fracture/load_stepping.h"

#include "base/exceptions.h"

#include <iomanip>
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
    while (!history.results.failed && state.strain < last)
      {
        const double trial =
            std::min(state.strain + state.increment, loading.strain);
        fields.damage().start_step();
        const typename ElasticProblem<dim>::Vector saved =
            fields.displacement().get_solution();
        const std::size_t n_refinements = history.results.refinements.size();
        unsigned int      iterations    = 0;
        if (!solve_step(trial, iterations, history))
          {
            // Back to the start of the step: the damage (its lower bound
            // followed every refinement), and the displacement if the mesh
            // is the same (otherwise the next iterations recompute it from
            // the damage).
            if (history.results.refinements.size() == n_refinements)
              fields.displacement().get_solution() = saved;
            cut_step(trial, iterations, history, observer);
            continue;
          }
        state.strain = trial;
        refine_after_step(state.strain, iterations, history);
        record_step(iterations, history);
        if (observer)
          observer->step_finished(history,
                                  !history.results.failed &&
                                      state.strain < last);
      }
  }

  template <int dim>
  bool
  LoadStepping<dim>::solve_step(const double  trial,
                                unsigned int &iterations,
                                History      &history)
  {
    bool converged = false;
    try
      {
        // Refine as soon as the damage reaches coarse cells, then go on
        // iterating on the finer mesh.
        for (unsigned int round = 0;; ++round)
          {
            unsigned int      its    = 0;
            const StepOutcome status = solver.solve(trial, its);
            iterations += its;
            converged = status == StepOutcome::converged;
            if (status != StepOutcome::refine)
              break;
            if (round == 200)
              throw ComputeError("the damage kept reaching coarse cells "
                                 "after 200 refinements within a step");
            refine(trial, history);
          }
      }
    catch (const ComputeError &e)
      {
        pcout << "  step to strain " << trial << ": " << e.what() << std::endl;
      }
    return converged;
  }

  template <int dim>
  bool
  LoadStepping<dim>::refine(const double strain, History &history)
  {
    if (!refinement.needed())
      return false;
    {
      TimerOutput::Scope t(timer, "refinement");
      refinement.refine(strain, solver, history.results.refinements);
    }
    const auto &problem = fields.displacement();
    pcout
        << "  refined: "
        << problem.get_dof_handler().get_triangulation().n_global_active_cells()
        << " cells, " << problem.get_dof_handler().n_dofs()
        << " displacement dofs" << std::endl;
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
    fields.damage().restore_step();
    fields.evaluate_damage();
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
  void
  LoadStepping<dim>::refine_after_step(const double  strain,
                                       unsigned int &iterations,
                                       History      &history)
  {
    // Refine where the crack has grown and solve the step again, until the
    // damaged cells are fine enough (the damage may spread into coarse
    // cells on the new mesh).
    for (unsigned int round = 0; round < 20 && refine(strain, history); ++round)
      {
        unsigned int      more   = 0;
        const StepOutcome status = solver.solve(strain, more);
        iterations += more;
        if (status == StepOutcome::not_converged)
          throw ComputeError("after the mesh was refined at strain " +
                             std::to_string(strain) +
                             ", the staggered iterations did not converge");
      }
  }

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
    s.force  = problem.boundary_force(loading.loaded_face(), loading.axis);
    s.stress = s.force / results.cross_section;
    std::tie(s.elastic_energy, s.fracture_energy) = fields.energies();
    const Step &last                              = history.steps.back();
    s.external_work = last.external_work + 0.5 * (last.force + s.force) *
                                               (s.strain - last.strain) *
                                               specimen_length;
    s.staggered_iterations = iterations;
    s.n_cells =
        problem.get_dof_handler().get_triangulation().n_global_active_cells();
    s.max_damage    = fields.damage().max_damage();
    s.damage_growth = fields.damage().min_growth_in_step();
    history.steps.push_back(s);
    check_resolution(history);
    pcout << "Step " << std::setw(4) << s.step << ": strain "
          << std::setprecision(6) << s.strain << ", stress " << s.stress
          << " MPa, max damage " << std::setprecision(4) << s.max_damage << ", "
          << iterations << " staggered iterations" << std::endl;

    if (s.stress > results.strength)
      {
        results.strength       = s.stress;
        results.strain_at_peak = s.strain;
        results.peak_step      = s.step;
      }
    else if (!state.past_peak && s.stress < results.strength)
      state.past_peak = true;
    // After a cut, grow back towards the nominal increment.
    const double nominal_post_peak =
        parameters.post_peak_factor * parameters.increment;
    state.increment =
        std::min(2. * state.increment,
                 state.past_peak ? nominal_post_peak : parameters.increment);
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

  template class LoadStepping<2>;
  template class LoadStepping<3>;
} // namespace nanomech::fracture
