#pragma once

#include "analyses/analysis_base.h"
#include "analyses/fracture/records.h"
#include "analyses/loading.h"
#include "physics/phase_field_model.h"

#include <memory>
#include <string>
#include <vector>

namespace nanomech
{
  template <int dim>
  class DamageProblem;

  namespace fracture
  {
    template <int dim>
    class Fields;
    template <int dim>
    class StepSolver;
    template <int dim>
    class CrackRefinement;
    template <int dim>
    class Output;
    class StepObserver;
  } // namespace fracture

  /**
   * Strength and toughness by phase-field fracture under displacement
   * control ("Fracture" subsection; the loading of "Loading", whose
   * Applied strain is the largest strain applied).
   *
   * The analysis composes its parts (src/analyses/fracture/): the coupled
   * fields (fields.h), the solver of one load step (step_solver.h, today
   * alternate minimization), crack-following refinement
   * (crack_refinement.h), the load-stepping driver (load_stepping.h) and,
   * in run(), the records and output as an observer of the stepping
   * (output.h): stress_strain.csv after every step, fields every "Output
   * every" steps, checkpoints, and summary.json at the end (strength,
   * strain at peak, toughness, dissipated energy; for notched specimens an
   * apparent fracture toughness).
   */
  template <int dim>
  class Fracture : public AnalysisBase<dim>
  {
  public:
    using Step    = fracture::Step;
    using Results = fracture::Results;

    static void
    declare_parameters(dealii::ParameterHandler &prm);

    Fracture(dealii::ParameterHandler &prm,
             const CommandLine        &command_line,
             MPI_Comm                  comm);
    ~Fracture() override;

    void
    run() override;

    /// The load steps to failure, writing nothing (run() adds the output).
    void
    compute();

    const std::vector<Step> &
    get_steps() const
    {
      return history.steps;
    }
    const Results &
    get_results() const
    {
      return history.results;
    }
    const PhaseFieldModel &
    get_model() const
    {
      return *model;
    }
    /// The damage field (after compute()).
    const DamageProblem<dim> &
    get_damage() const;

  private:
    /// The mesh (new, or the checkpoint's) and the parts of the run.
    void
    set_up();
    /// PF-CZM: warns for each phase whose Irwin length the length scale
    /// is not small against.
    void
    check_cohesive_resolution();
    /// Warns about layers of a phase thinner than 2 l (PF-CZM), with the
    /// fracture energy a crack along them dissipates.
    void
    check_thin_layers();
    /// The 0.2 % offset yield strength of the recorded curve (0: none).
    double
    offset_yield() const;
    /// Plastic phases: what fracture carries with them (exit 2 otherwise).
    void
    check_plastic_phases() const;
    /// The largest l / l_ch without that warning (PF-CZM).
    static constexpr double cohesive_length_fraction = 0.2;
    /// Step 0 of a fresh run: fields at zero load, initial cracks.
    void
    start();
    /// Before loading: refines around the initial cracks (with adaptive
    /// refinement), puts them in and solves the damage profile around
    /// them at zero load.
    void
    insert_initial_cracks();
    /// The load steps (with @p observer, if any) and the results.
    void
    step_to_failure(fracture::StepObserver *observer);
    /// The apparent fracture toughness of a notched specimen from the
    /// strength (results.*notch*).
    void
    compute_apparent_toughness();
    /// The reaction force of the step with the highest nominal stress.
    double
    peak_force() const;
    /// The records and output of run() (an observer of the stepping).
    void
    make_records();
    /// summary.json of the finished run.
    void
    write_run_summary();

    LoadingParameters                               loading;
    FractureParameters                              parameters;
    std::unique_ptr<PhaseFieldModel>                model;
    std::unique_ptr<fracture::Fields<dim>>          fields;
    std::unique_ptr<fracture::StepSolver<dim>>      step_solver;
    std::unique_ptr<fracture::CrackRefinement<dim>> refinement;
    std::unique_ptr<fracture::Output<dim>>          records;
    fracture::History                               history;
    /// The checkpoint to continue from (--restart; empty: start anew).
    std::string restart_directory;
    /// Wall time of earlier segments of a restarted run, s.
    double elapsed_before = 0.;
  };
} // namespace nanomech
