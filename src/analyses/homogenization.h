#pragma once

#include <deal.II/lac/full_matrix.h>

#include "analyses/analysis_base.h"
#include "analyses/effective_properties.h"
#include "output/checkpoint.h"
#include "physics/elastic_problem.h"
#include "physics/plastic_field.h"

#include <memory>
#include <string>
#include <vector>

namespace nanomech
{
  class JsonWriter;
  class PvdRecord;

  /**
   * The effective stiffness of a representative volume element (the box
   * with its microstructure), "Homogenization" subsection.
   *
   * Boundary conditions, each giving an effective stiffness C (Voigt):
   * - periodic: u = E x + w with w periodic (opposite faces constrained,
   *   the mesh made periodic before refinement, one interior vertex held
   *   against rigid translation); C from the volume-averaged stress
   *   under each unit macro strain E.
   * - kinematic (affine): u = E x on the whole boundary; an upper bound.
   * - static (uniform traction): t = S n on the whole boundary, rigid
   *   motions removed by 3-2-1 supports (which carry no load); the
   *   average strains give the compliance, C its inverse; a lower bound.
   * On the same mesh, static <= periodic <= kinematic holds exactly for
   * the discrete solutions (the spaces are nested), so a sample brackets
   * its own periodic result.
   *
   * The fluctuation w is the unknown for periodic and kinematic
   * conditions, so that the matrix and its constraints are the same for
   * all load cases: one matrix and one AMG set-up serve the 6 (3D) or 3
   * (2D) load cases, each a new right-hand side -K (E x).
   *
   * "Number of realizations" > 1 repeats everything for the seeds
   * Seed, Seed + 1, ... and reports mean, standard deviation and 95%
   * confidence interval of every effective constant.
   */
  template <int dim>
  class Homogenization : public AnalysisBase<dim>
  {
  public:
    enum class Boundary
    {
      periodic,
      kinematic,
      static_traction
    };

    static void
    declare_parameters(dealii::ParameterHandler &prm);

    Homogenization(dealii::ParameterHandler &prm,
                   const CommandLine        &command_line,
                   MPI_Comm                  comm);
    ~Homogenization() override;

    void
    run() override;

    /// What one boundary condition gave on one realization.
    struct Result
    {
      Boundary                  boundary;
      effective::Matrix         C; ///< Voigt, MPa
      std::vector<unsigned int> iterations;
      /// Per load case: average strain and stress (3x3 Voigt, plane strain
      /// in 2D), elastic energy.
      std::vector<std::vector<double>> average_strain, average_stress;
      std::vector<double>              energy;
      double amg_setup_seconds = 0., krylov_seconds = 0.;

      template <class Archive>
      void
      serialize(Archive &ar, const unsigned int /*version*/)
      {
        ar &boundary &C &iterations &average_strain &average_stress &energy;
        ar &amg_setup_seconds &krylov_seconds;
      }
    };
    struct Realization
    {
      unsigned int        seed    = 0;
      unsigned long long  n_cells = 0, n_dofs = 0;
      std::vector<double> volume_fractions;
      std::vector<Result> results; ///< one per boundary condition
      double              seconds = 0.;

      template <class Archive>
      void
      serialize(Archive &ar, const unsigned int /*version*/)
      {
        ar &seed &n_cells &n_dofs &volume_fractions &results &seconds;
      }
    };

    /// Computes all realizations (without writing anything but fields).
    void
    compute();
    const std::vector<Realization> &
    get_realizations() const
    {
      return realizations;
    }
    const std::vector<Boundary> &
    get_boundaries() const
    {
      return boundaries;
    }

    static std::string
    name(Boundary b);

    /// One converged step of a macro strain path: the macro strain and
    /// stress (Voigt, engineering shear strain), energies (per unit
    /// thickness in 2D) and Newton's iterations.
    struct MacroStep
    {
      std::vector<double> strain, stress;
      double       elastic_energy = 0., plastic_work = 0., external_work = 0.;
      unsigned int newton_iterations = 0, linear_iterations = 0;
    };
    /// Along Homogenization/Macro strain path: the steps so far.
    const std::vector<MacroStep> &
    get_macro_path() const
    {
      return macro_path_steps;
    }
    /// The macro path (after the set-up), writing the table and (if
    /// Output/Write fields) the fields at each segment's end if @p write
    /// (homogenization_path.cc).
    void
    compute_macro_path(bool write);
    /// Whether the run follows a macro strain path.
    bool
    follows_macro_path() const
    {
      return !macro_path.empty();
    }

  private:
    /// Newton's method (with the free macro strains as unknowns) for the
    /// loaded component at @p level; false if it did not converge.
    bool
    macro_newton_step(double level, MacroStep &step);
    /// stress_strain.csv and summary.json of a macro path.
    void
    write_macro_path_outputs();
    void
                                         write_macro_path_table() const;
    std::vector<double>                  macro_path;
    unsigned int                         path_component = 0;
    bool                                 mixed_control  = true;
    double                               path_increment = 0.;
    std::vector<MacroStep>               macro_path_steps;
    std::vector<double>                  macro_voigt;
    std::unique_ptr<ElasticProblem<dim>> path_problem;
    std::unique_ptr<PlasticField<dim>>   path_plastic;
    std::unique_ptr<LinearSolver>        path_solver;
    std::string                          path_failure;
    double                               offset_yield = 0.;
    double                               rve_volume   = 0.;
    /// Warnings about the set-up: periodic conditions on a structure that
    /// does not tile space, an ensemble that does not depend on the seed.
    void
    warn_about_setup();
    /// After a restart: the provenance part of summary.json from
    /// realization 0 (mesh and materials again, no solve).
    void
    restart_provenance();
    /// Realization @p r: its structure, mesh, and every boundary
    /// condition; appended to the realizations.
    void
    solve_realization(unsigned int r, PvdRecord *pvd, unsigned int &n_written);
    /// Solves the load cases of boundary condition @p b on the current
    /// mesh; writes fields of realization @p r if asked.
    Result
    solve_boundary_condition(ElasticProblem<dim> &problem,
                             Boundary             b,
                             unsigned int         r,
                             PvdRecord           *pvd,
                             unsigned int        &n_written);
    /// homogenization.csv: one row per realization and boundary
    /// condition (homogenization_output.cc, as the other records).
    void
    write_stiffness_table() const;
    /// stress_strain.csv: the average strain and stress of every load
    /// case.
    void
    write_load_case_table() const;
    /// summary.json's results of boundary condition @p bi (mean over the
    /// realizations, ensemble statistics of every constant).
    void
    write_result_block(JsonWriter &json, unsigned int bi) const;
    /// The tables and summary.json.
    void
    write_outputs(const RunSummary &summary_base);
    /// After realization @p r: a checkpoint of the realizations done if
    /// one is due; throws Interrupted if a stop was asked for by signal.
    void
    checkpoint_if_due(unsigned int r, const PvdRecord *pvd);
    /// The realizations, statistics and pvd records of restart_directory;
    /// returns the number of realizations done.
    unsigned int
    read_checkpoint(PvdRecord *pvd);

    std::vector<Boundary>    boundaries;
    unsigned int             n_realizations = 1;
    double                   macro_strain   = 1e-3;
    double                   macro_stress   = 1.;
    bool                     all_fields     = false;
    std::vector<Realization> realizations;
    RunSummary               summary;
    /// Realization 0's microstructure, kept for summary.json while later
    /// realizations replace the current one.
    std::unique_ptr<Microstructure::Interface<dim>> first_microstructure;
    /// Realizations 1, 2, ... as built (and checked) by the constructor,
    /// each moved out when its turn comes.
    std::vector<std::unique_ptr<Microstructure::Interface<dim>>>
                                     later_microstructures;
    std::vector<unsigned int>        all_iterations;
    std::unique_ptr<CheckpointStore> checkpoints;
    std::string                      restart_directory;
  };
} // namespace nanomech
