#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/timer.h>

#include "analyses/fracture/fields.h"
#include "analyses/fracture/load_stepping.h"
#include "analyses/fracture/records.h"
#include "base/warnings.h"
#include "output/checkpoint.h"
#include "output/field_output.h"
#include "output/output_parameters.h"

#include <functional>
#include <memory>
#include <string>

namespace nanomech::fracture
{
  /// What the output of a fracture run needs from the run around it.
  struct RunServices
  {
    /// Writes a file of the output directory atomically (rank 0).
    std::function<void(const std::string &, const std::string &)> write_file;
    /// The linear solver's statistics now (for checkpoints).
    std::function<SolverStatistics()> solver_statistics;
    /// Wall time of the run so far, earlier segments included, s.
    std::function<double()> elapsed_seconds;
  };

  /// What a fracture checkpoint holds besides the mesh and the fields.
  struct SavedRun
  {
    explicit SavedRun(const std::string &output_directory)
        : pvd(output_directory)
    {
    }
    History          history;
    SolverStatistics statistics;
    PvdRecord        pvd;
    std::string      fields_file;
    FieldRanges      field_ranges;
    /// Wall time of the earlier segments, s.
    double elapsed = 0.;
  };

  /// Reads the state of the checkpoint @p directory into @p run and the
  /// run's @p warnings (all ranks; InputError if it is damaged or of
  /// another format). Reads no mesh: call it before anything else.
  void
  read_saved_run(const CheckpointStore &store,
                 const std::string     &directory,
                 SavedRun              &run,
                 WarningLog            &warnings);

  /**
   * Records and output of a fracture run, as a StepObserver of the load
   * stepping: stress_strain.csv after every step (finished steps are never
   * lost), the fields with the damage and the degraded stress every
   * "Output every" steps and at failure (solution.pvd), and checkpoints
   * when due (by count, by time, or on SIGUSR1/SIGTERM, then stopping with
   * Interrupted). Also reads a checkpoint back for --restart.
   */
  template <int dim>
  class Output : public StepObserver
  {
  public:
    Output(dealii::parallel::distributed::Triangulation<dim> &triangulation,
           Fields<dim>                                       &fields,
           const Microstructure::Interface<dim>              &microstructure,
           const OutputParameters                            &output,
           const FractureParameters                          &parameters,
           const CheckpointIdentity                          &identity,
           WarningLog                                        &warnings,
           RunServices                                        services,
           const dealii::ConditionalOStream                  &pcout,
           dealii::TimerOutput                               &timer);

    void
    step_finished(const History &history, bool more) override;
    void
    stepping_failed(const History &history) override;
    void
    stepping_interrupted(const History &history, int signal) override;

    /// The fields of load step @p step (if Output/Write fields).
    void
    write_step_fields(unsigned int step);
    /// After the stepping: the last step's fields, if not written yet.
    void
    finish(const History &history);

    /// Continues the records of @p saved, and loads its fields from the
    /// mesh the triangulation has loaded.
    void
    restore(const SavedRun &saved);

    /// The checkpoint the run restarted from, kept by the first new one as
    /// the earlier checkpoint.
    void
    continue_checkpoints_from(const std::string &directory)
    {
      checkpoints.set_fallback(directory);
    }
    /// Removes every checkpoint (the run has finished).
    void
    remove_checkpoints() const
    {
      checkpoints.remove_all();
    }

    const std::string &
    last_fields_file() const
    {
      return fields_file;
    }
    const FieldRanges &
    last_field_ranges() const
    {
      return field_ranges;
    }

  private:
    void
    write_checkpoint(const History &history);

    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    Fields<dim>                                       &fields;
    const Microstructure::Interface<dim>              &microstructure;
    const OutputParameters                            &output;
    const FractureParameters                          &parameters;
    const CheckpointIdentity                           identity;
    WarningLog                                        &warnings;
    RunServices                                        services;
    const dealii::ConditionalOStream                  &pcout;
    dealii::TimerOutput                               &timer;
    CheckpointStore                                    checkpoints;
    std::unique_ptr<PvdRecord>                         pvd;
    /// The last field output and its ranges (for summary.json).
    std::string fields_file;
    FieldRanges field_ranges;
  };
} // namespace nanomech::fracture
