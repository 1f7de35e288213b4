#pragma once

#include "analyses/analysis_base.h"
#include "analyses/loading.h"
#include "output/checkpoint.h"
#include "output/field_output.h"
#include "physics/energy_split.h"
#include "physics/phase_field_model.h"

#include <array>
#include <memory>
#include <vector>

namespace nanomech
{
  template <int dim>
  class DamageProblem;
  class LinearSolver;

  /**
   * Strength and toughness by phase-field fracture under displacement
   * control ("Fracture" subsection; the loading of "Loading", whose
   * Applied strain is the largest strain applied).
   *
   * Each load step alternates (staggered iterations) between the
   * displacement at fixed damage, with the degraded secant stiffness
   * g(d) C+ + C- of the energy split, and the damage at fixed
   * displacement, a bound-constrained problem with the damage of the last
   * step as lower bound (irreversibility). The iterations stop when the
   * damage changes by less than "Damage tolerance" and the equilibrium
   * residual with the new damage is below "Residual tolerance". A step that
   * does not converge is cut in half and repeated; after the peak the
   * increments are smaller. The AMG hierarchy of the displacement matrix is
   * kept while CG converges fast with it and rebuilt when not.
   *
   * Outputs: stress_strain.csv (rewritten after every step, so finished
   * steps are never lost), summary.json (strength, strain at peak,
   * toughness, dissipated energy) and the fields with the damage every
   * "Output every" steps.
   */
  template <int dim>
  class Fracture : public AnalysisBase<dim>
  {
  public:
    static void
    declare_parameters(dealii::ParameterHandler &prm);

    Fracture(dealii::ParameterHandler &prm,
             const CommandLine        &command_line,
             MPI_Comm                  comm);
    ~Fracture() override;

    void
    run() override;

    /// The load steps; writes the CSV and fields as it goes only if
    /// @p write (run() does; tests need not).
    void
    compute(bool write = false);

    /// One row of stress_strain.csv.
    struct Step
    {
      unsigned int step   = 0;
      double       strain = 0., stress = 0., force = 0.;
      double elastic_energy = 0., fracture_energy = 0., external_work = 0.;
      unsigned int       staggered_iterations = 0;
      unsigned long long n_cells              = 0;
      double             max_damage           = 0.;
      /// Smallest nodal d - d_(n-1) of the step (>= 0: irreversible).
      double damage_growth = 0.;
    };
    struct Results
    {
      double       strength = 0., strain_at_peak = 0.;
      double       toughness         = 0.; ///< MJ/m^3
      double       dissipated_energy = 0.; ///< J/m^2
      double       cross_section     = 0.; ///< um^2 (3D) or um (2D)
      bool         failed            = false;
      unsigned int peak_step = 0, n_cuts = 0;
      /// Fracture energy and largest damage just before and just after
      /// each mesh refinement (equal when the transfer is exact).
      std::vector<std::array<double, 4>> refinements;
      /// Fracture energy of the initial cracks (before loading).
      double initial_fracture_energy = 0.;
      /// Notched specimens: a (µm), W (µm), F, K (MPa sqrt(um)), E' (MPa),
      /// G = K^2 / E' (J/m^2); K = 0 if not computed.
      double notch_length = 0., width = 0., geometry_factor = 0.;
      double stress_intensity = 0., reference_modulus = 0.;
      double energy_release_rate = 0.;
    };
    const std::vector<Step> &
    get_steps() const
    {
      return steps;
    }
    const Results &
    get_results() const
    {
      return results;
    }
    const PhaseFieldModel &
    get_model() const
    {
      return *model;
    }
    /// The damage field (after compute()).
    const DamageProblem<dim> &
    get_damage() const
    {
      return *damage;
    }

  private:
    /// How staggered iterations ended.
    enum class Staggered
    {
      converged,
      not_converged, ///< the caller restores the step's start and cuts
      refine ///< damage reached cells coarser than the refinement target
    };
    /// Staggered iterations for the nominal strain @p strain. With
    /// adaptive refinement they stop as soon as damage above the threshold
    /// reaches a cell coarser than the target, so that a crack that runs
    /// within a step is computed on the fine mesh, not on the coarse one.
    Staggered
    staggered(double strain, unsigned int &iterations);
    /// Cells (owned) whose damage exceeds the refinement threshold and
    /// that are coarser than the target; flags them if @p flag.
    unsigned int
    cells_to_refine(bool flag);
    /// Splits and Gc of every material of the mesh, Gc per point.
    void
    setup_materials();
    /// Calls f(point index, split, 3D strain, JxW) at every quadrature
    /// point of the owned cells.
    template <typename Function>
    void
    for_each_point(const Function &f) const;
    /// psi+ at every quadrature point from the displacement.
    void
    update_driving_energy();
    /// Elastic and fracture energies of the current state.
    std::pair<double, double>
    energies() const;
    /// Adaptive refinement after a converged step at @p strain; true if
    /// the mesh changed (then the step must be solved again).
    bool
    refine_mesh(double strain);
    /// Builds the displacement problem on the current mesh for @p strain.
    void
    setup_displacement(double strain);
    /// Warns once if cells with damage are coarser than l/2.
    void
    check_resolution();
    /// A new damage problem on the mesh (not yet set up), damage-free at
    /// the grips if asked.
    void
    make_damage_problem();
    /// Before loading: refines around the initial cracks (with adaptive
    /// refinement), puts them in and solves the damage profile around
    /// them at zero load.
    void
    insert_initial_cracks();
    /// E' of the notch formulas: the plane-strain modulus along the
    /// loading axis of the volume-averaged stiffness.
    double
    average_plane_strain_modulus() const;
    /// The apparent fracture toughness of a notched specimen from the
    /// strength (results.*notch*).
    void
    compute_apparent_toughness();
    void
    write_table() const;
    void
    write_step_fields(unsigned int step);
    /// After a finished load step: writes a checkpoint if one is due and
    /// throws Interrupted if a stop was asked for by signal.
    void
    checkpoint_if_due();
    /// Saves mesh, displacement, damage and the load-stepping state.
    void
    write_checkpoint();
    /// The mesh, fields and state of the checkpoint in restart_directory
    /// (instead of a new mesh and a start from zero).
    void
    read_checkpoint();

    LoadingParameters                loading;
    FractureParameters               parameters;
    std::unique_ptr<PhaseFieldModel> model;
    /// Per material table index of the MaterialField (phase and grain):
    /// its split (of the specimen-frame stiffness) and its Gc.
    std::vector<EnergySplit>             splits;
    std::vector<double>                  material_toughness;
    std::unique_ptr<ElasticProblem<dim>> problem;
    std::unique_ptr<DamageProblem<dim>>  damage;
    std::unique_ptr<LinearSolver>        solver;
    std::unique_ptr<PvdRecord>           pvd;

    /// Per owned cell and quadrature point (active_cell_index * nq + q).
    std::vector<double> psi_plus, toughness, damage_q, grad2_q;
    unsigned int        n_q = 0;

    std::vector<Step> steps;
    Results           results;
    /// Load stepping: the strain reached, the next increment, whether the
    /// peak has been passed.
    double strain    = 0.;
    double increment = 0.;
    bool   past_peak = false;
    /// Checkpoints (only when run() writes outputs), and the one to
    /// continue from (--restart; empty: start from zero).
    std::unique_ptr<CheckpointStore> checkpoints;
    std::string                      restart_directory;
    /// Wall time of earlier segments of a restarted run, s.
    double elapsed_before = 0.;
    /// The last field output and its ranges (for summary.json).
    std::string  fields_file;
    FieldRanges  field_ranges;
    unsigned int iterations_after_setup = 0;
    bool         warned_resolution      = false;
    bool         force_rebuild          = true;
  };
} // namespace nanomech
