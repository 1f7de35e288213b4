#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>

#include "analyses/fracture/crack_refinement.h"
#include "analyses/fracture/fields.h"
#include "analyses/fracture/records.h"
#include "analyses/fracture/step_solver.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace nanomech::fracture
{
  /// Told about the progress of the load stepping (records and output,
  /// checkpoints): the stepping itself writes nothing.
  class StepObserver
  {
  public:
    virtual ~StepObserver() = default;
    /// After each converged load step (history.steps.back()); @p more
    /// tells whether further steps follow.
    virtual void
    step_finished(const History &history, bool more) = 0;
    /// The stepping gives up with an error (thrown after this call).
    virtual void
    stepping_failed(const History &history) = 0;
    /// A stop was asked for by @p signal inside a load step: the fields
    /// are back at the start of that step (the end of
    /// history.steps.back()); Interrupted is thrown after this call.
    virtual void
    stepping_interrupted(const History &history, int signal) = 0;
  };

  /**
   * The load-stepping driver of the fracture analysis: displacement
   * control from the state in a History to failure (the nominal stress
   * below "Failure stress fraction" of the peak after the peak) or to the
   * largest applied strain. A step the solver cannot converge is cut in
   * half and repeated; after a cut the increment grows back, and after the
   * peak the increments are "Post-peak increment factor" times smaller.
   * Crack-following refinement happens within a step (as soon as damage
   * reaches coarse cells) and after it (the step is then solved again).
   * A stop asked for by signal inside a step (the solver checks before
   * every iteration) returns to the start of the step, tells the
   * observer (which writes a checkpoint) and throws Interrupted.
   */
  template <int dim>
  class LoadStepping
  {
  public:
    LoadStepping(Fields<dim>                             &fields,
                 StepSolver<dim>                         &solver,
                 CrackRefinement<dim>                    &refinement,
                 const FractureParameters                &parameters,
                 const LoadingParameters                 &loading,
                 double                                   specimen_length,
                 const dealii::ConditionalOStream        &pcout,
                 dealii::TimerOutput                     &timer,
                 std::function<void(const std::string &)> warn);

    /// Runs the load steps, updating @p history; calls @p observer (if
    /// any) after each. ComputeError if a step does not converge even
    /// with the smallest increment.
    void
    run(History &history, StepObserver *observer);

  private:
    /// Solves a step with @p attempt (which counts its iterations) and
    /// refinement within it, at @p strain (for the messages; the attempt may
    /// change it): the attempt's outcome other than refine, or
    /// not_converged after a ComputeError. @p iterations sums the attempts'.
    StepOutcome
    solve_step(const double                                     &strain,
               unsigned int                                     &iterations,
               History                                          &history,
               const std::function<StepOutcome(unsigned int &)> &attempt);
    /// A state to step back to: the start of a step.
    struct Snapshot
    {
      bool                                 valid  = false;
      double                               strain = 0.;
      typename ElasticProblem<dim>::Vector displacement;
      std::size_t                          n_refinements = 0;
    };
    /// A new step from the state of @p history: the damage becomes the
    /// step's lower bound; returns the state to come back to.
    Snapshot
    start_step(const History &history);
    /// Back to the start of the step @p here: its damage, and its
    /// displacement if the mesh has not been refined since.
    void
    restore_start(const Snapshot &here, const History &history);
    /// After a stop by signal inside the step to @p trial: back to the
    /// start of the step (@p here), tells @p observer and throws
    /// Interrupted.
    [[noreturn]] void
    stop_inside_step(double          trial,
                     const Snapshot &here,
                     History        &history,
                     StepObserver   *observer);
    /// A smaller increment after a failed step (the caller has restored
    /// its start).
    void
    cut_step(double        trial,
             unsigned int  iterations,
             History      &history,
             StepObserver *observer);
    /// Refines where damage reached coarse cells (timed as
    /// "refinement"); true if the mesh changed.
    bool
    refine(double strain, History &history);
    /// Refines after a converged step at @p strain and solves it again
    /// (with @p resolve, which counts its iterations) until the damaged
    /// cells are fine enough; false if a stop by signal interrupted it.
    bool
    refine_after_step(
        double                                            strain,
        unsigned int                                     &iterations,
        History                                          &history,
        const std::function<StepOutcome(unsigned int &)> &resolve);

    /// Path following: whether the stepping may still hand over to
    /// dissipation control (it does so once, after step 1 or later).
    bool
    may_hand_over(const History &history) const;
    /// Path following: whether a post-peak step under displacement control
    /// that ends at @p stress hands the stepping over to dissipation
    /// control (the stress fell by more than Path following drop).
    bool
    handover_due(const History &history, double stress) const;
    /// Dissipation control from the last recorded step on.
    void
    hand_over(History &history, const std::string &why);
    /// One step under dissipation control: dissipates the state's
    /// dissipation increment (halved when the step does not converge,
    /// adapted to the iterations when it does) with the strain an unknown.
    void
    dissipation_step(History &history, StepObserver *observer);
    enum class PeakCheck
    {
      accept,
      repeat_step,
      repeat_previous
    };
    /// Goes back to the start of the step just solved (@p here) or, for
    /// repeat_previous, of the last recorded step (@p back), with half
    /// the increment.
    void
    step_back(PeakCheck       check,
              Snapshot       &back,
              const Snapshot &here,
              double          trial,
              History        &history);
    /// After a step that ends at @p stress and lowers it right after the
    /// highest step:
    /// whether the peak may lie above the recorded one by more than
    /// Fracture/Peak tolerance within this step (repeat it) or within the
    /// step before (repeat that, if @p can_go_back: the mesh is the same);
    /// otherwise records how high the curve may have gone.
    PeakCheck
    check_peak(History &history, double stress, bool can_go_back) const;
    /// The judgement of check_peak() for a step to @p strain that ends at
    /// @p stress, without recording anything; on accept after a peak,
    /// @p highest is how high the curve may have gone. A lower @p stress never
    /// turns a repeat into an accept, so a stress that can only fall further
    /// within the step may be judged before the step is finished.
    PeakCheck
    judge_peak(const History         &history,
               double                 strain,
               double                 stress,
               bool                   can_go_back,
               std::optional<double> &highest) const;
    /// Strength, strain and step at the peak from the recorded steps.
    void
    update_peak(History &history) const;
    /// Appends the row of the converged step and updates peak, failure
    /// and the next increment.
    void
    record_step(unsigned int iterations, History &history);
    void
    check_resolution(History &history);

    /// The snapshots whose displacements follow the refinements (the start
    /// of this step and of the last recorded one; set by run() and
    /// dissipation_step()).
    std::vector<Snapshot *> followed;

    Fields<dim>                             &fields;
    StepSolver<dim>                         &solver;
    CrackRefinement<dim>                    &refinement;
    const FractureParameters                &parameters;
    const LoadingParameters                 &loading;
    const double                             specimen_length;
    const dealii::ConditionalOStream        &pcout;
    dealii::TimerOutput                     &timer;
    std::function<void(const std::string &)> warn;
  };
} // namespace nanomech::fracture
