#pragma once

#include "analyses/analysis_base.h"
#include "analyses/loading.h"
#include "output/field_output.h"
#include "physics/elastic_problem.h"
#include "physics/plastic_field.h"

#include <memory>
#include <vector>

namespace nanomech
{
  /**
   * One displacement-controlled load on the specimen (a uniaxial or simple
   * shear test, see LoadingParameters), solved once. Results: reaction
   * force on the moving face, nominal stress (force / initial
   * cross-section), volume-averaged stress and strain, elastic energy and
   * external work (equal at equilibrium) and the apparent modulus
   * nominal stress / nominal strain.
   */
  template <int dim>
  class ElasticTest : public AnalysisBase<dim>
  {
  public:
    ElasticTest(dealii::ParameterHandler &prm,
                const CommandLine        &command_line,
                MPI_Comm                  comm);

    ~ElasticTest() override;

    /// Builds the mesh, solves and evaluates the results (no output).
    void
    compute();
    /// compute(), then writes fields, stress_strain.csv and summary.json.
    void
    run() override;

    struct Results
    {
      double       reaction_force   = 0.; ///< µN (3D), N/m (2D)
      double       nominal_stress   = 0.; ///< MPa
      double       nominal_strain   = 0.;
      double       apparent_modulus = 0.; ///< MPa (shear modulus in shear)
      double       external_work    = 0.; ///< pJ (3D), µJ/m (2D)
      unsigned int iterations       = 0;
      typename ElasticProblem<dim>::Averages averages;
      /// Along a loading path (compute_path()), at its end: the plastic
      /// work (pJ in 3D, uJ/m in 2D), the external work as the trapezoidal
      /// sum of force x displacement increments, and the relative energy
      /// balance error |W_ext - Psi_el - W_p| / W_ext.
      double plastic_work = 0., energy_balance_error = 0.;
      /// The 0.2 % offset yield strength of the first loading segment
      /// (MPa; 0: not reached) and the largest equivalent plastic strain.
      double offset_yield_strength = 0., max_equivalent_plastic_strain = 0.;
      /// A pressure loading: the volume the loaded surface swept
      /// (µm^3; µm^2 per unit thickness in 2D), nominal_stress the pressure.
      double displaced_volume = 0.;
    };
    /// One converged load step of a path.
    struct PathStep
    {
      /// The load level (strain, or the pressure in MPa with stress = it).
      double strain = 0., stress = 0., force = 0., elastic_energy = 0.,
             plastic_work = 0., external_work = 0., displaced_volume = 0.;
      unsigned int newton_iterations = 0, linear_iterations = 0;
      /// Newton's residual before each iteration (the last one converged).
      std::vector<double> residuals;
    };
    const std::vector<PathStep> &
    get_path() const
    {
      return path;
    }
    /// Whether the test follows a loading path in load steps.
    bool
    follows_path() const;
    /// Whether the load is a pressure (always along a path).
    bool
    pressure_loading() const
    {
      return loading.type == LoadingParameters::Type::pressure;
    }
    const Results &
    get_results() const
    {
      return results;
    }
    const ElasticProblem<dim> &
    get_problem() const
    {
      return *problem;
    }
    const LoadingParameters &
    get_loading() const
    {
      return loading;
    }

  private:
    /// The fields, stress_strain.csv and summary.json of the solve.
    void
    write_outputs();
    /// stress_strain.csv: the solve, or the load steps of the path so far.
    void
    write_table() const;
    /// The loading path in load steps with Newton's method (after the
    /// set-up of compute()); writes the table and (if Output/Write
    /// fields) the fields at the end of each segment if @p write.
    void
    compute_path(bool write);
    /// Newton's iterations of one load step to the load level @p level
    /// (nominal strain or pressure): true if converged (@p step filled), false
    /// if not (the caller restores the last converged solution and cuts the
    /// step).
    bool
    newton_step(double level, PathStep &step);
    /// The fields of path segment @p segment (with the plastic ones).
    void
    write_path_fields(unsigned int segment, double time);
    std::unique_ptr<PlasticField<dim>> plastic;
    std::vector<PathStep>              path;
    std::unique_ptr<PvdRecord>         pvd;
    /// Why the last failed Newton step failed (for the message when the
    /// cuts run out).
    std::string last_failure;
    /// Whether compute() writes outputs as a path goes (run(), after
    /// prepare_output()): the table always, the fields if asked for.
    bool                                 writing = false;
    LoadingParameters                    loading;
    std::unique_ptr<ElasticProblem<dim>> problem;
    std::unique_ptr<LinearSolver>        solver;
    Results                              results;
  };
} // namespace nanomech
