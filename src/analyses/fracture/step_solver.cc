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
        fields.displacement().get_dof_handler().get_communicator(),
        !fields.nonsymmetric_tangent());
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
  bool
  AlternateMinimization<dim>::plastic_newton(unsigned int &cg)
  {
    using Vector               = typename ElasticProblem<dim>::Vector;
    ElasticProblem<dim> &u     = fields.displacement();
    const IndexSet      &owned = u.get_locally_owned_dofs();
    const MPI_Comm       comm  = u.get_dof_handler().get_communicator();
    Vector               u_k(owned, comm), x(owned, comm), trial(owned, comm);
    // Corrections x from K_T x = f_ext - f_int(u_k), so that the linear
    // solver's accuracy is relative to the out-of-balance force, not to
    // the whole load (the boundary values are in place: the sweep's first
    // solve moved them).
    u.set_newton_correction(true);
    // Back to solving for u itself however this ends: a failed linear
    // solve (ComputeError) cuts the step, whose repetition must move the
    // boundary to its load level again.
    struct Reset
    {
      ElasticProblem<dim> &problem;
      ~Reset()
      {
        problem.set_newton_correction(false);
      }
    } reset{u};
    double r_previous = std::numeric_limits<double>::infinity();
    double s          = 1.;
    bool   ok         = true;
    for (unsigned int k = 1; k < max_plastic_newton;)
      {
        {
          TimerOutput::Scope t(timer, "assembly");
          u.assemble();
        }
        if (fields.plastic_failure())
          {
            ok = false;
            break;
          }
        const double r = u.relative_residual();
        // Backtracking: halve the step while the out-of-balance force
        // grows. Without it, a nacre whose interlayers had begun to break
        // kept a residual of 1.3e-4 through 300 sweeps of 10 iterations
        // each (points switching between elastic and plastic at a
        // degraded stiffness make the full step overshoot); with it the
        // run finished in 93 s.
        if (r > r_previous && s > 1. / 32.)
          {
            s *= 0.5;
            trial = u_k;
            trial.add(s, x);
            u.get_solution() = trial;
            continue;
          }
        if (r < 0.1 * parameters.residual_tolerance)
          break;
        u_k = u.get_solution();
        cg += solve_displacement();
        x = u.get_solution();
        x -= u_k;
        s          = 1.;
        r_previous = r;
        ++k;
      }
    return ok;
  }

  template <int dim>
  std::optional<StepOutcome>
  AlternateMinimization<dim>::step_ends(
      const unsigned int           iterations,
      const unsigned int           max_iterations,
      const bool                   refine_now,
      const std::function<bool()> &abandon) const
  {
    if (iterations == max_iterations)
      return StepOutcome::not_converged;
    if (refine_now)
      return StepOutcome::refine;
    if (stop_request::any_signal(
            fields.damage().get_dof_handler().get_communicator()) != 0)
      return StepOutcome::interrupted;
    // (Every 5 iterations: the test costs about an assembly.)
    if (abandon && iterations > 0 && iterations % 5 == 0 && abandon())
      return StepOutcome::abandoned;
    return std::nullopt;
  }

  template <int dim>
  StepOutcome
  AlternateMinimization<dim>::iterate(double            &strain,
                                      unsigned int      &iterations,
                                      const unsigned int max_iterations,
                                      const std::function<bool()> &abandon,
                                      const DamageUpdate          &update)
  {
    const auto start         = std::chrono::steady_clock::now();
    auto       shown         = start;
    double     damage_change = 0.;
    bool       refine_now    = false;
    for (iterations = 0;; ++iterations)
      {
        {
          TimerOutput::Scope t(timer, "assembly");
          fields.displacement().assemble();
        }
        // A point whose return mapping failed: the step is cut.
        if (fields.plastic_failure())
          return StepOutcome::not_converged;
        const double residual = fields.displacement().relative_residual();
        if (iterations > 0 && damage_change < parameters.damage_tolerance &&
            residual < parameters.residual_tolerance)
          return StepOutcome::converged;
        if (const auto end =
                step_ends(iterations, max_iterations, refine_now, abandon))
          return *end;

        unsigned int cg = solve_displacement();
        // With plastic phases the displacement problem is nonlinear:
        // Newton to (a tenth of) the tolerance at the sweep's damage. With
        // one iteration per sweep, the points switching between elastic
        // and plastic and the damage they drive fed a cycle: a nacre's
        // step kept a damage change of 0.057 through 800 sweeps.
        if (fields.plastic() && !plastic_newton(cg))
          return StepOutcome::not_converged;
        std::string extra;
        {
          TimerOutput::Scope t(timer, "damage");
          const StepOutcome  outcome =
              update(strain, damage_change, refine_now, extra);
          if (outcome != StepOutcome::converged)
            return outcome;
        }
        // Fault injection for the tests: a pause after every iteration, so
        // that a test can stop the run inside a load step.
        if (const char *pause = std::getenv("NANOMECH_TEST_ITERATION_PAUSE"))
          std::this_thread::sleep_for(
              std::chrono::duration<double>(std::atof(pause)));
        show_progress(shown,
                      start,
                      strain,
                      iterations + 1,
                      residual,
                      damage_change,
                      cg,
                      extra);
      }
  }

  template <int dim>
  StepOutcome
  AlternateMinimization<dim>::solve(const double                 strain,
                                    unsigned int                &iterations,
                                    const std::function<bool()> &abandon)
  {
    fields.apply_load(strain);
    mixing.clear();
    smallest_change       = std::numeric_limits<double>::infinity();
    sweeps_since_smallest = 0;
    mixing_stalled        = false;
    double at             = strain;
    return iterate(
        at,
        iterations,
        parameters.max_staggered,
        abandon,
        [this](double &, double &change, bool &refine_now, std::string &) {
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
          change = fields.damage().solve_for_change();
          // Judged on the sweep's damage, not on a mixed iterate, which
          // may overshoot the threshold for a moment.
          refine_now = must_refine();
          if (before)
            accelerate(*before, change);
          fields.evaluate_damage();
          return StepOutcome::converged;
        });
  }

  template <int dim>
  void
  AlternateMinimization<dim>::show_progress(
      std::chrono::steady_clock::time_point      &shown,
      const std::chrono::steady_clock::time_point start,
      const double                                strain,
      const unsigned int                          iteration,
      const double                                residual,
      const double                                change,
      const unsigned int                          cg,
      const std::string                          &extra)
  {
    // A line at least every ~10 s of a long step (all ranks agree on the
    // time through rank 0's clock).
    const auto now  = std::chrono::steady_clock::now();
    const bool show = dealii::Utilities::MPI::broadcast(
        fields.damage().get_dof_handler().get_communicator(),
        std::chrono::duration<double>(now - shown).count() >=
            parameters.progress_interval,
        0);
    if (!show)
      return;
    shown = now;
    std::ostringstream line;
    line << "  strain " << std::setprecision(6) << strain << ", iteration "
         << iteration << ": residual " << std::setprecision(3) << residual
         << ", damage change " << change << ", " << cg << " CG + "
         << fields.damage().last_krylov_iterations
         << " damage Krylov iterations, "
         << fields.displacement()
                .get_dof_handler()
                .get_triangulation()
                .n_global_active_cells()
         << " cells, " << std::setprecision(3)
         << std::chrono::duration<double>(now - start).count()
         << " s in this step" << extra;
    progress(line.str());
  }

  template <int dim>
  StepOutcome
  AlternateMinimization<dim>::meet_dissipation(const DissipationTarget &target,
                                               double                  &strain,
                                               double                  &change,
                                               unsigned int &evaluations)
  {
    DamageProblem<dim>                 &damage = fields.damage();
    typename DamageProblem<dim>::Vector before(damage.get_step_start());
    before = damage.get_damage();
    // The strain the displacement solution belongs to.
    double at = strain;
    // f(e) = fracture energy - target with the damage solved from the
    // damage before at strain e: continuous and (a larger driving force
    // damaging more) not decreasing; each evaluation starts from the same
    // damage, so that PF-CZM's Newton model is taken about the same point.
    const auto f = [&](const double e) {
      if (evaluations > 0)
        {
          damage.set_damage(before);
          fields.evaluate_damage();
        }
      ++evaluations;
      fields.displacement().scale_solution(e / at);
      fields.apply_load(e);
      at = e;
      fields.update_driving_energy();
      fields.assemble_damage();
      change = damage.solve_for_change();
      fields.evaluate_damage();
      return fields.fracture_energy() - target.energy;
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    double       lo = nan, f_lo = nan, hi = nan, f_hi = nan;
    double       e = std::min(strain, target.max_strain), value = f(e);
    // Illinois: the end kept twice in a row has its value halved.
    int side = 0;
    // Outward steps until the root is bracketed, doubling.
    double stride = 0.02;
    double last_e = nan, last_value = nan;
    while (std::abs(value) > target.tolerance)
      {
        if (evaluations >= 60)
          return StepOutcome::not_converged;
        if (value < 0.)
          {
            lo   = e;
            f_lo = value;
          }
        else
          {
            hi   = e;
            f_hi = value;
          }
        if (!std::isnan(last_e) && e != last_e && value != last_value)
          dissipation_slope = (value - last_value) / (e - last_e);
        last_e     = e;
        last_value = value;
        if (!std::isnan(lo) && !std::isnan(hi))
          {
            // A jump of the dissipation within round-off of the strain
            // (damage nucleating elsewhere): the nearest strain is taken.
            if (hi - lo <= 1e-12 * std::abs(hi))
              break;
            if (value < 0.)
              {
                if (side == -1)
                  f_hi *= 0.5;
                side = -1;
              }
            else
              {
                if (side == 1)
                  f_lo *= 0.5;
                side = 1;
              }
            e = (lo * f_hi - hi * f_lo) / (f_hi - f_lo);
          }
        else if (value < 0. && e >= target.max_strain)
          return StepOutcome::beyond_load;
        else
          {
            // Not yet bracketed: a secant step on the last slope, at least
            // the stride outward (which doubles each time), at most
            // halving the strain or reaching the largest.
            double step = stride * std::abs(e);
            if (dissipation_slope > 0.)
              step = std::max(step, std::abs(value) / dissipation_slope);
            stride *= 2.;
            e = value < 0. ? std::min(e + step, target.max_strain) :
                             std::max(e - step, 0.5 * e);
          }
        value = f(e);
      }
    strain = e;
    return StepOutcome::converged;
  }

  template <int dim>
  StepOutcome
  AlternateMinimization<dim>::solve_dissipation(const DissipationTarget &target,
                                                double                  &strain,
                                                unsigned int &iterations)
  {
    fields.apply_load(strain);
    dissipation_slope = 0.;
    return iterate(
        strain,
        iterations,
        target.max_iterations,
        {},
        [&](double &e, double &change, bool &refine_now, std::string &extra) {
          unsigned int      evaluations = 0;
          const StepOutcome met =
              meet_dissipation(target, e, change, evaluations);
          refine_now = must_refine();
          extra      = ", " + std::to_string(evaluations) +
                  " damage solves for the dissipation";
          return met;
        });
  }

  template class AlternateMinimization<2>;
  template class AlternateMinimization<3>;
} // namespace nanomech::fracture
