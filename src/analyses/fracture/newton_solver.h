#pragma once

#include "analyses/fracture/coupled_system.h"
#include "analyses/fracture/step_solver.h"

namespace nanomech::fracture
{
  /**
   * Newton's method on displacement and damage together (Fracture/Solver
   * = Newton), with the bounds d_n <= d <= 1 as an active set: a damage
   * dof at a bound whose energy gradient pushes it across is held, the
   * others move with the coupled Newton step, projected onto the bounds
   * (a projected Newton method; Bertsekas, SIAM J. Control Optim. 20
   * (1982) 221-246). The step of a load step starts from the displacement
   * solved at the damage of the last step with the new boundary values.
   *
   * The energy is not convex in (u, d) together where damage softens. A
   * Newton step is taken where the Hessian is positive definite (no
   * negative pivot in its LDL^T factorization) and lowers the energy
   * (Armijo, halving the step up to three times); otherwise the iteration
   * is a sweep of alternate minimization, which always descends, and three
   * more sweeps follow before Newton is tried again (the modified Newton
   * method of Lampron, Therriault & Levesque, arXiv 2109.05373, likewise
   * falls back on the staggered structure where the Hessian is not
   * positive definite).
   * Converged with the tests of the staggered scheme: the damage change of
   * the iteration (for a Newton step, the larger of the projected full
   * step and the damage residual scaled by the diagonal) below "Damage
   * tolerance", and the displacement residual below "Residual tolerance".
   * AT1 and AT2 only: PF-CZM's damage equation is not an energy's
   * gradient, and Newton steps judged by its residual were measured to
   * settle on unlocalized states.
   *
   * Dissipation control (path following) runs the sweeps of alternate
   * minimization.
   */
  template <int dim>
  class NewtonSolver : public AlternateMinimization<dim>
  {
  public:
    using AlternateMinimization<dim>::AlternateMinimization;

    StepOutcome
    solve(double                       strain,
          unsigned int                &iterations,
          const std::function<bool()> &abandon = {}) override;
    void
    mesh_changed() override;

  private:
    using Vector = typename DamageProblem<dim>::Vector;
    /// One iteration from the current fields: a Newton step if it is
    /// accepted, else a sweep; @p change is the iteration's damage change
    /// and @p residual the coupled residual's norm before it (with the
    /// active set's entries zero; unchanged by a sweep). Returns whether
    /// a Newton step was taken.
    bool
    iterate_once(double &change, double &residual);
    /// The fields u0 - alpha du and the projection of d0 - alpha dd.
    void
    set_state(const Vector &u0,
              const Vector &d0,
              const Vector &du,
              const Vector &dd,
              double        alpha);
    /// The Newton step @p delta of the held system; false if J is not
    /// positive definite (then -delta need not descend).
    bool
    newton_step(Vector &delta);
    /// The energy of the current fields (elastic + fracture, all ranks).
    double
    energy() const;
    /// A sweep of alternate minimization from the current fields; @p change
    /// is its damage change.
    void
    sweep(double &change);

    CoupledSystem<dim> system;
    /// Sweeps to do before the next Newton step is tried.
    unsigned int sweeps_before_newton = 0;
  };
} // namespace nanomech::fracture
