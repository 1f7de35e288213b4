#pragma once

#include <deal.II/base/timer.h>

#include "analyses/fracture/anderson.h"
#include "analyses/fracture/fields.h"
#include "physics/linear_solver.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace nanomech::fracture
{
  /// How the solution of one load step ended.
  enum class StepOutcome
  {
    converged,
    not_converged, ///< the caller restores the step's start and cuts
    refine,        ///< damage reached cells coarser than the refinement target
    interrupted,   ///< a stop was asked for by signal (stop_request)
    abandoned,     ///< the caller's test said the step need not be finished
    beyond_load ///< dissipation control: not reached within the applied strain
  };

  /// What a step under dissipation control is to reach.
  struct DissipationTarget
  {
    /// The fracture energy at the end of the step, and how closely.
    double energy = 0., tolerance = 0.;
    /// The largest nominal strain the step may go to.
    double max_strain = 0.;
    /// Iterations before the step is given up.
    unsigned int max_iterations = 0;
  };

  /**
   * The solver of one load step: from the state of the last converged step
   * to equilibrium and damage evolution at a new nominal strain. The load
   * stepping, refinement and output do not know which scheme runs, so that
   * a second one (a monolithic or accelerated scheme) can be added beside
   * the alternate minimization without touching them.
   */
  template <int dim>
  class StepSolver
  {
  public:
    virtual ~StepSolver() = default;

    /// Solves the step to nominal strain @p strain; @p iterations counts
    /// the solver's iterations (staggered iterations, Newton steps...).
    /// If given, @p abandon is asked every few iterations whether the step
    /// need not be finished (a trial step that has already fallen past a
    /// peak); then the solver returns StepOutcome::abandoned.
    virtual StepOutcome
    solve(double                       strain,
          unsigned int                &iterations,
          const std::function<bool()> &abandon = {}) = 0;

    /// Dissipation control: solves the step at the end of which the
    /// fracture energy is @p target.energy, with the nominal strain an
    /// unknown: @p strain is its first guess and on return its value.
    /// StepOutcome::beyond_load if no strain up to target.max_strain
    /// dissipates that much.
    virtual StepOutcome
    solve_dissipation(const DissipationTarget &target,
                      double                  &strain,
                      unsigned int            &iterations) = 0;

    /// The mesh has changed: operators and preconditioners are built anew
    /// on the next solve (the statistics are kept).
    virtual void
    mesh_changed() = 0;

    /// What the linear solver has done (for summary.json and checkpoints).
    virtual const SolverStatistics &
    statistics() const = 0;
    virtual void
    set_statistics(const SolverStatistics &statistics) = 0;
  };

  /**
   * Alternate minimization (staggered iterations; Bourdin, Francfort &
   * Marigo, J. Elasticity 91 (2008) 5-148; Miehe, Hofacker & Welschinger,
   * CMAME 199 (2010) 2765-2778): the displacement at fixed damage with the
   * degraded secant stiffness, then the damage at fixed displacement, a
   * bound-constrained problem with the damage of the last step as lower
   * bound (irreversibility), until the damage changes by less than
   * "Damage tolerance" and the equilibrium residual with the new damage is
   * below "Residual tolerance". The AMG hierarchy of the displacement
   * matrix is kept while CG converges fast with it and rebuilt when not.
   *
   * Accelerated (Fracture/Solver = Anderson): each sweep d -> G(d)
   * (displacement, then damage) is a fixed-point map of the damage; the
   * next damage is the combination of the last sweeps of AndersonMixing,
   * projected onto the bounds d_n <= d <= 1. (Measured: 13 % fewer sweeps
   * in the polycrystal example, up to 5x fewer in a stably growing step;
   * over-relaxation, d + omega (G(d) - d) as in Farrell & Maurini, IJNME
   * 109 (2017) 648-667, gained less and lost more in a localizing bar.
   * Unlike the plain sweeps, which lower the energy, the mixing can
   * settle on an unstable state: a uniformly damaged bar stays uniform.) The
   * tests of convergence are those of the plain scheme (the change |G(d) - d|
   * and the residual), and a converged step ends on a plain sweep. A mixed
   * iterate that makes the next sweep's change larger than twice the smallest
   * seen restarts the mixing (its history no longer describes the map); when 2m
   * sweeps have not lowered the smallest change, the rest of the step is plain.
   *
   * A line of progress (iteration, residual, damage change, Krylov
   * iterations, cells) every ~10 s of a long step, through @p progress.
   * Before every sweep the solver asks whether a stop was requested by
   * signal (all ranks) and if so returns StepOutcome::interrupted.
   */
  template <int dim>
  class AlternateMinimization : public StepSolver<dim>
  {
  public:
    /// @p must_refine tells whether damage has reached cells coarser than
    /// the refinement target (then the step stops to refine); @p warn
    /// records a warning of the run.
    AlternateMinimization(Fields<dim>                             &fields,
                          const FractureParameters                &parameters,
                          const SolverParameters                  &solver,
                          dealii::TimerOutput                     &timer,
                          std::function<bool()>                    must_refine,
                          std::function<void(const std::string &)> warn,
                          std::function<void(const std::string &)> progress);

    StepOutcome
    solve(double                       strain,
          unsigned int                &iterations,
          const std::function<bool()> &abandon = {}) override;
    /// The same sweeps, each followed by the strain at which the damage
    /// solve meets the dissipation: the displacement of a proportional
    /// load is proportional to the strain at fixed damage (the secant
    /// stiffness of every split is homogeneous of degree 0 in the strain),
    /// so the sweep's displacement is scaled, and the dissipation, which
    /// does not decrease with the strain, is met by a safeguarded secant
    /// (Illinois) search of damage solves. Without Anderson mixing.
    StepOutcome
    solve_dissipation(const DissipationTarget &target,
                      double                  &strain,
                      unsigned int            &iterations) override;
    void
    mesh_changed() override;
    const SolverStatistics &
    statistics() const override;
    void
    set_statistics(const SolverStatistics &statistics) override;

  protected:
    /// The damage part of a sweep, after the displacement solve at
    /// @p strain (which it may change): sets the largest change of nodal
    /// damage, whether damage reached coarse cells, and what the progress
    /// line adds; anything but converged ends the step with it.
    using DamageUpdate = std::function<StepOutcome(double      &strain,
                                                   double      &change,
                                                   bool        &refine_now,
                                                   std::string &extra)>;
    /// How the step ends before iteration @p iterations (counted from 0):
    /// not_converged at @p max_iterations, refine if @p refine_now,
    /// interrupted if a signal asked to stop (all ranks), abandoned if
    /// @p abandon says so (asked every 5 iterations); none if it goes on.
    std::optional<StepOutcome>
    step_ends(unsigned int                 iterations,
              unsigned int                 max_iterations,
              bool                         refine_now,
              const std::function<bool()> &abandon) const;
    /// The sweeps of a step at @p strain (the caller has applied it), at
    /// most @p max_iterations, with the tests of convergence, refinement,
    /// stop by signal and @p abandon, and the progress lines.
    StepOutcome
    iterate(double                      &strain,
            unsigned int                &iterations,
            unsigned int                 max_iterations,
            const std::function<bool()> &abandon,
            const DamageUpdate          &update);
    /// With plastic phases, after a sweep's first displacement solve:
    /// Newton's method for the displacement at the sweep's damage, with
    /// backtracking, to a tenth of Residual tolerance (at most
    /// max_plastic_newton solves in all); false if a point's return
    /// mapping failed. The solves' CG iterations are added to @p cg.
    bool
    plastic_newton(unsigned int &cg);
    /// One displacement solve, keeping the AMG hierarchy while it serves;
    /// returns its CG iterations.
    unsigned int
    solve_displacement();
    /// Anderson: the damage after a sweep, mixed from the damage before
    /// it (@p before) and the sweep's (in the damage problem); @p change
    /// is the sweep's largest change of nodal damage.
    void
    accelerate(const typename DamageProblem<dim>::Vector &before,
               double                                     change);
    /// Dissipation control, after the displacement solve at @p strain:
    /// the strain (returned in @p strain) and damage at which the fracture
    /// energy is the target's; @p change is the largest change of nodal
    /// damage from the damage before, @p evaluations counts the damage
    /// solves. converged, beyond_load or not_converged (no strain found).
    StepOutcome
    meet_dissipation(const DissipationTarget &target,
                     double                  &strain,
                     double                  &change,
                     unsigned int            &evaluations);
    /// A progress line of iteration @p iteration of the step to @p strain
    /// if Progress interval has passed since @p shown (then reset to now);
    /// @p extra ends it.
    void
    show_progress(std::chrono::steady_clock::time_point &shown,
                  std::chrono::steady_clock::time_point  start,
                  double                                 strain,
                  unsigned int                           iteration,
                  double                                 residual,
                  double                                 change,
                  unsigned int                           cg,
                  const std::string                     &extra);

    /// With plastic phases: the most Newton iterations of the
    /// displacement in one sweep.
    static constexpr unsigned int max_plastic_newton = 10;

    Fields<dim>                             &fields;
    const FractureParameters                &parameters;
    const SolverParameters                   solver_parameters;
    dealii::TimerOutput                     &timer;
    std::function<bool()>                    must_refine;
    std::function<void(const std::string &)> warn;
    std::function<void(const std::string &)> progress;
    std::unique_ptr<LinearSolver>            linear_solver;
    unsigned int                             iterations_after_setup = 0;
    bool                                     force_rebuild          = true;
    AndersonMixing                           mixing;
    /// The smallest sweep change of the step, the sweeps since, and
    /// whether the mixing has given up for the rest of the step.
    double       smallest_change       = 0.;
    unsigned int sweeps_since_smallest = 0;
    bool         mixing_stalled        = false;
    /// Dissipation control: d(fracture energy)/d(strain) of the last
    /// search (0: none yet in this step), for the first guess of the next.
    double dissipation_slope = 0.;
  };
} // namespace nanomech::fracture
