#include "analyses/fracture/step_solver.h"

#include "base/exceptions.h"
#include "base/stop_request.h"

#include <chrono>
#include <cstdlib>
#include <iomanip>
#include <limits>
#include <optional>
#include <sstream>
#include <thread>

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  AlternateMinimization<dim>::AlternateMinimization(
      Fields<dim>                             &fields,
      const FractureParameters                &parameters,
      const SolverParameters                  &solver,
      TimerOutput                             &timer,
      std::function<bool()>                    must_refine,
      std::function<void(const std::string &)> warn,
      std::function<void(const std::string &)> progress)
      : fields(fields)
      , parameters(parameters)
      , solver_parameters(solver)
      , timer(timer)
      , must_refine(std::move(must_refine))
      , warn(std::move(warn))
      , progress(std::move(progress))
      , mixing(parameters.anderson_depth)
  {
    mesh_changed();
  }

  template <int dim>
  void
  AlternateMinimization<dim>::mesh_changed()
  {
    // PETSc's KSP and GAMG cannot take a matrix of another size: a new
    // solver (the old one goes first, taking its options with it),
    // keeping the statistics.
    SolverStatistics kept;
    if (linear_solver)
      kept = linear_solver->statistics;
    linear_solver.reset();
    linear_solver = std::make_unique<LinearSolver>(
        solver_parameters,
        fields.displacement().get_dof_handler().get_communicator());
    linear_solver->statistics = kept;
    force_rebuild             = true;
  }

  template <int dim>
  const SolverStatistics &
  AlternateMinimization<dim>::statistics() const
  {
    return linear_solver->statistics;
  }

  template <int dim>
  void
  AlternateMinimization<dim>::set_statistics(const SolverStatistics &s)
  {
    linear_solver->statistics = s;
  }

  template <int dim>
  unsigned int
  AlternateMinimization<dim>::solve_displacement()
  {
    TimerOutput::Scope      t(timer, "solve");
    const SolverStatistics &stats = linear_solver->statistics;
    // Keep the AMG hierarchy while CG needs at most 1.5 times (+ 10) the
    // iterations it needed right after the last set-up.
    const bool keep =
        !force_rebuild && stats.n_setups > 0 &&
        (stats.iterations.empty() ||
         stats.iterations.back() <= 1.5 * iterations_after_setup + 10);
    const unsigned int before = stats.n_setups;
    unsigned int       its    = 0;
    try
      {
        its = fields.displacement().solve(*linear_solver, true, keep);
      }
    catch (const ComputeError &)
      {
        // The kept hierarchy (its smoothers tuned to the old matrix) may
        // fail on a much changed one: set it up anew.
        if (!keep)
          throw;
        warn("a displacement solve with the kept AMG hierarchy did not "
             "converge and was repeated with a new one (solver fallback).");
        its = fields.displacement().solve(*linear_solver, true, false);
      }
    if (stats.n_setups != before)
      iterations_after_setup = its;
    force_rebuild = false;
    return its;
  }

  template <int dim>
  void
  AlternateMinimization<dim>::accelerate(
      const typename DamageProblem<dim>::Vector &before,
      const double                               change)
  {
    // A sweep that changed the damage by less than the tolerance is kept
    // as it is: a converged step ends on a plain sweep.
    if (change < parameters.damage_tolerance)
      return;
    DamageProblem<dim>                 &damage = fields.damage();
    typename DamageProblem<dim>::Vector image(before);
    image = damage.get_damage();
    // Sweeps that have not lowered the smallest change for a while (the
    // active set of the bounds moving, as where a crack runs): plain
    // sweeps for the rest of the step, which always descend.
    if (change < smallest_change)
      {
        smallest_change       = change;
        sweeps_since_smallest = 0;
      }
    else if (++sweeps_since_smallest > 2 * parameters.anderson_depth)
      mixing_stalled = true;
    if (mixing_stalled)
      return;
    if (change > 2. * smallest_change)
      mixing.clear();
    damage.set_damage(mixing.next(before, image));
  }

  template <int dim>
  StepOutcome
  AlternateMinimization<dim>::solve(const double                 strain,
                                    unsigned int                &iterations,
                                    const std::function<bool()> &abandon)
  {
    using Clock      = std::chrono::steady_clock;
    const auto start = Clock::now();
    auto       shown = start;
    fields.apply_load(strain);
    mixing.clear();
    smallest_change       = std::numeric_limits<double>::infinity();
    sweeps_since_smallest = 0;
    mixing_stalled        = false;
    double damage_change  = 0.;
    bool   refine_now     = false;
    for (iterations = 0;; ++iterations)
      {
        {
          TimerOutput::Scope t(timer, "assembly");
          fields.displacement().assemble();
        }
        const double residual = fields.displacement().relative_residual();
        if (iterations > 0 && damage_change < parameters.damage_tolerance &&
            residual < parameters.residual_tolerance)
          return StepOutcome::converged;
        if (iterations == parameters.max_staggered)
          return StepOutcome::not_converged;
        if (refine_now)
          return StepOutcome::refine;
        if (stop_request::any_signal(
                fields.damage().get_dof_handler().get_communicator()) != 0)
          return StepOutcome::interrupted;
        // (Every 5 iterations: the test costs about an assembly.)
        if (abandon && iterations > 0 && iterations % 5 == 0 && abandon())
          return StepOutcome::abandoned;

        const unsigned int cg = solve_displacement();
        {
          TimerOutput::Scope t(timer, "damage");
          // The damage before the sweep, for the mixing only.
          std::optional<typename DamageProblem<dim>::Vector> before;
          if (parameters.step_scheme ==
              FractureParameters::StepScheme::anderson)
            {
              before.emplace(fields.damage().get_step_start());
              *before = fields.damage().get_damage();
            }
          fields.update_driving_energy();
          fields.assemble_damage();
          damage_change = fields.damage().solve_for_change();
          // Judged on the sweep's damage, not on a mixed iterate, which
          // may overshoot the threshold for a moment.
          refine_now = must_refine();
          if (before)
            accelerate(*before, damage_change);
          fields.evaluate_damage();
        }
        // Fault injection for the tests: a pause after every iteration, so
        // that a test can stop the run inside a load step.
        if (const char *pause = std::getenv("NANOMECH_TEST_ITERATION_PAUSE"))
          std::this_thread::sleep_for(
              std::chrono::duration<double>(std::atof(pause)));
        // A line at least every ~10 s of a long step (all ranks agree on
        // the time through rank 0's clock).
        const auto now  = Clock::now();
        const bool show = dealii::Utilities::MPI::broadcast(
            fields.damage().get_dof_handler().get_communicator(),
            std::chrono::duration<double>(now - shown).count() >=
                parameters.progress_interval,
            0);
        if (show)
          {
            shown = now;
            std::ostringstream line;
            line << "  strain " << std::setprecision(6) << strain
                 << ", iteration " << iterations + 1 << ": residual "
                 << std::setprecision(3) << residual << ", damage change "
                 << damage_change << ", " << cg << " CG + "
                 << fields.damage().last_krylov_iterations
                 << " damage Krylov iterations, "
                 << fields.displacement()
                        .get_dof_handler()
                        .get_triangulation()
                        .n_global_active_cells()
                 << " cells, " << std::setprecision(3)
                 << std::chrono::duration<double>(now - start).count()
                 << " s in this step";
            progress(line.str());
          }
      }
  }

  template class AlternateMinimization<2>;
  template class AlternateMinimization<3>;
} // namespace nanomech::fracture
