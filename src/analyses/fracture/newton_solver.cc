#include "analyses/fracture/newton_solver.h"

#include <deal.II/base/mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <thread>

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  void
  NewtonSolver<dim>::mesh_changed()
  {
    AlternateMinimization<dim>::mesh_changed();
    system.invalidate();
  }

  template <int dim>
  void
  NewtonSolver<dim>::set_state(const Vector &u0,
                               const Vector &d0,
                               const Vector &du,
                               const Vector &dd,
                               const double  alpha)
  {
    Fields<dim> &fields = this->fields;
    Vector       u(u0);
    u.add(-alpha, du);
    fields.displacement().get_solution() = u;
    Vector d(d0);
    d.add(-alpha, dd);
    fields.damage().set_damage(d);
    fields.evaluate_damage();
  }

  template <int dim>
  double
  NewtonSolver<dim>::energy() const
  {
    const auto [elastic, fracture] = this->fields.energies();
    return elastic + fracture;
  }

  template <int dim>
  bool
  NewtonSolver<dim>::newton_step(Vector &delta)
  {
    TimerOutput::Scope t(this->timer, "solve");
    Timer              clock;
    SolverStatistics  &stats = this->linear_solver->statistics;
    ++stats.n_setups;
    // The number of negative pivots of LDL^T is that of J's negative
    // eigenvalues (Sylvester's law of inertia).
    const bool definite = system.factorize() == 0;
    stats.setup_seconds += clock.wall_time();
    if (!definite)
      return false;
    clock.restart();
    system.solve(delta);
    stats.iterations.push_back(1);
    stats.solve_seconds += clock.wall_time();
    return true;
  }

  template <int dim>
  bool
  NewtonSolver<dim>::iterate_once(double &change, double &residual)
  {
    if (sweeps_before_newton > 0)
      {
        --sweeps_before_newton;
        sweep(change);
        return false;
      }
    Fields<dim>         &fields  = this->fields;
    ElasticProblem<dim> &elastic = fields.displacement();
    DamageProblem<dim>  &damage  = fields.damage();
    const MPI_Comm       comm    = damage.get_dof_handler().get_communicator();
    const IndexSet      &u_owned = elastic.get_locally_owned_dofs();
    const IndexSet &d_owned = damage.get_dof_handler().locally_owned_dofs();
    Vector          u0(u_owned, comm), d0(d_owned, comm);
    u0                 = elastic.get_solution();
    d0                 = damage.get_damage();
    const double start = energy();
    {
      TimerOutput::Scope t(this->timer, "assembly");
      fields.assemble_coupled(system);
    }
    // The active set: dofs at a bound that the energy gradient pushes
    // across, and those whose bounds coincide.
    std::vector<types::global_dof_index> fixed;
    for (const auto j : d_owned)
      {
        if (damage.get_constraints().is_constrained(j))
          continue;
        const auto [low, top] = damage.bounds(j);
        const double d        = d0(j);
        const double r        = system.residual()(system.d_index(j));
        if (top <= low || (d <= low && r > 0.) || (d >= top && r < 0.))
          fixed.push_back(system.d_index(j));
      }
    double kkt = 0.;
    {
      TimerOutput::Scope t(this->timer, "solve");
      system.hold(fixed);
      residual = system.residual().l2_norm();
      kkt      = system.damage_residual();
    }
    Vector du(u_owned, comm), dd(d_owned, comm);
    bool   accepted = false;
    Vector delta;
    if (newton_step(delta))
      {
        // r . delta > 0 for a positive definite J: -delta descends.
        const double slope = system.residual() * delta;
        system.split(delta, du, dd);
        elastic.get_zero_constraints().distribute(du);
        // Armijo on the energy (round-off of a large energy allowed),
        // halving the step up to three times.
        for (double alpha = 1.; alpha > 0.1 && !accepted; alpha *= 0.5)
          {
            set_state(u0, d0, du, dd, alpha);
            accepted = energy() <=
                       start - 1e-4 * alpha * slope + 1e-12 * std::abs(start);
          }
      }
    if (accepted)
      {
        // Small only if the damage equation held before the step (a step
        // clipped by the bounds can be small where it does not) and the
        // full step, projected onto the bounds, moves little.
        double moved = 0.;
        for (const auto j : d_owned)
          if (!damage.get_constraints().is_constrained(j))
            {
              const auto [low, top] = damage.bounds(j);
              const double to =
                  std::clamp(double(d0(j)) - double(dd(j)), low, top);
              moved = std::max(moved, std::abs(to - double(d0(j))));
            }
        change = std::max(Utilities::MPI::max(moved, comm), kkt);
        return true;
      }
    // A sweep of alternate minimization from the state before, and
    // after a failed Newton step three more before the next try: where J is
    // indefinite (a crack running) Newton steps are rarely possible, and
    // each try costs a factorization. Measured on the polycrystal example:
    // 78.7 s with 3 more sweeps per try, 99.5 s with none; shifting the damage
    // curvature until J is definite (inertia correction, Wachter &
    // Biegler 2006) took 90-107 s, its steps as short as sweeps.
    sweeps_before_newton   = 3;
    elastic.get_solution() = u0;
    damage.set_damage(d0);
    fields.evaluate_damage();
    sweep(change);
    return false;
  }

  template <int dim>
  void
  NewtonSolver<dim>::sweep(double &change)
  {
    Fields<dim> &fields = this->fields;
    {
      TimerOutput::Scope t(this->timer, "assembly");
      fields.displacement().assemble();
    }
    this->solve_displacement();
    TimerOutput::Scope t(this->timer, "damage");
    fields.update_driving_energy();
    fields.assemble_damage();
    change = fields.damage().solve_for_change();
    fields.evaluate_damage();
  }

  template <int dim>
  StepOutcome
  NewtonSolver<dim>::solve(const double                 strain,
                           unsigned int                &iterations,
                           const std::function<bool()> &abandon)
  {
    Fields<dim>         &fields  = this->fields;
    ElasticProblem<dim> &elastic = fields.displacement();
    fields.apply_load(strain);
    sweeps_before_newton = 0;
    if (!system.ready())
      {
        TimerOutput::Scope t(this->timer, "setup");
        system.setup(elastic.get_dof_handler(),
                     elastic.get_zero_constraints(),
                     fields.damage().get_dof_handler(),
                     fields.damage().get_constraints());
      }
    const auto start = std::chrono::steady_clock::now();
    auto       shown = start;
    // The predictor: the displacement at the damage of the last step with
    // the new boundary values.
    {
      TimerOutput::Scope t(this->timer, "assembly");
      elastic.assemble();
    }
    this->solve_displacement();
    double       change = std::numeric_limits<double>::infinity();
    double       first = 0., residual = 0.;
    bool         refine_now = false;
    unsigned int n_newton = 0, n_sweeps = 0;
    for (iterations = 0;; ++iterations)
      {
        if (change < this->parameters.damage_tolerance)
          {
            {
              TimerOutput::Scope t(this->timer, "assembly");
              elastic.assemble();
            }
            if (elastic.relative_residual() <
                this->parameters.residual_tolerance)
              {
                fields.update_driving_energy();
                return StepOutcome::converged;
              }
          }
        if (const auto end = this->step_ends(iterations,
                                             this->parameters.max_staggered,
                                             refine_now,
                                             abandon))
          return *end;

        if (iterate_once(change, residual))
          ++n_newton;
        else
          ++n_sweeps;
        if (iterations == 0)
          first = residual;
        refine_now = this->must_refine();
        if (const char *pause = std::getenv("NANOMECH_TEST_ITERATION_PAUSE"))
          std::this_thread::sleep_for(
              std::chrono::duration<double>(std::atof(pause)));
        this->show_progress(shown,
                            start,
                            strain,
                            iterations + 1,
                            first > 0. ? residual / first : residual,
                            change,
                            0,
                            ", " + std::to_string(n_newton) +
                                " Newton steps and " +
                                std::to_string(n_sweeps) + " sweeps");
      }
  }

  template class NewtonSolver<2>;
  template class NewtonSolver<3>;
} // namespace nanomech::fracture
