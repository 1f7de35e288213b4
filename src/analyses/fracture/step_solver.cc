#include "analyses/fracture/step_solver.h"

#include "base/exceptions.h"

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
      std::function<void(const std::string &)> warn)
      : fields(fields)
      , parameters(parameters)
      , solver_parameters(solver)
      , timer(timer)
      , must_refine(std::move(must_refine))
      , warn(std::move(warn))
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
  void
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
  }

  template <int dim>
  StepOutcome
  AlternateMinimization<dim>::solve(const double  strain,
                                    unsigned int &iterations)
  {
    fields.apply_load(strain);
    double damage_change = 0.;
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
        if (iterations > 0 && must_refine())
          return StepOutcome::refine;

        solve_displacement();
        {
          TimerOutput::Scope t(timer, "damage");
          fields.update_driving_energy();
          fields.assemble_damage();
          damage_change = fields.damage().solve_for_change();
          fields.evaluate_damage();
        }
      }
  }

  template class AlternateMinimization<2>;
  template class AlternateMinimization<3>;
} // namespace nanomech::fracture
