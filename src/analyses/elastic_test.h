#pragma once

#include "analyses/analysis_base.h"
#include "analyses/loading.h"

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

    void
    run() override;

  private:
    LoadingParameters loading;
  };
} // namespace nanomech
