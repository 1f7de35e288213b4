#pragma once

#include <deal.II/base/timer.h>

#include "analyses/fracture/fields.h"
#include "physics/linear_solver.h"

#include <functional>
#include <memory>
#include <string>

namespace nanomech::fracture
{
  /// How the solution of one load step ended.
  enum class StepOutcome
  {
    converged,
    not_converged, ///< the caller restores the step's start and cuts
    refine         ///< damage reached cells coarser than the refinement target
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
    virtual StepOutcome
    solve(double strain, unsigned int &iterations) = 0;

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
                          std::function<void(const std::string &)> warn);

    StepOutcome
    solve(double strain, unsigned int &iterations) override;
    void
    mesh_changed() override;
    const SolverStatistics &
    statistics() const override;
    void
    set_statistics(const SolverStatistics &statistics) override;

  private:
    /// One displacement solve, keeping the AMG hierarchy while it serves.
    void
    solve_displacement();

    Fields<dim>                             &fields;
    const FractureParameters                &parameters;
    const SolverParameters                   solver_parameters;
    dealii::TimerOutput                     &timer;
    std::function<bool()>                    must_refine;
    std::function<void(const std::string &)> warn;
    std::unique_ptr<LinearSolver>            linear_solver;
    unsigned int                             iterations_after_setup = 0;
    bool                                     force_rebuild          = true;
  };
} // namespace nanomech::fracture
