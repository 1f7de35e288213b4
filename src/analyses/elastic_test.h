#pragma once

#include "analyses/analysis_base.h"
#include "analyses/loading.h"
#include "physics/elastic_problem.h"

#include <memory>

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
    };
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
    LoadingParameters                    loading;
    std::unique_ptr<ElasticProblem<dim>> problem;
    std::unique_ptr<LinearSolver>        solver;
    Results                              results;
  };
} // namespace nanomech
