#include "simulator.h"

#include "analyses/elastic_test.h"
#include "analyses/fracture.h"
#include "analyses/homogenization.h"
#include "base/exceptions.h"

#include <memory>

namespace nanomech
{
  template <int dim>
  void
  run_simulation(dealii::ParameterHandler &prm,
                 const CommandLine        &command_line,
                 const MPI_Comm            comm)
  {
    const std::string                  analysis = prm.get("Analysis");
    std::unique_ptr<AnalysisBase<dim>> run;
    if (analysis == "elastic test")
      run = std::make_unique<ElasticTest<dim>>(prm, command_line, comm);
    else if (analysis == "homogenization")
      run = std::make_unique<Homogenization<dim>>(prm, command_line, comm);
    else if (analysis == "fracture")
      run = std::make_unique<Fracture<dim>>(prm, command_line, comm);
    require_input(run != nullptr,
                  "Analysis: unknown analysis '" + analysis + "'");
    try
      {
        if (command_line.mesh_only)
          run->run_mesh_only();
        else
          run->run();
      }
    catch (const Interrupted &)
      {
        // Every rank stopped at the same step: the analysis can be torn
        // down normally (its timers communicate) before the exit.
        run.reset();
        throw;
      }
  }

  template void
  run_simulation<2>(dealii::ParameterHandler &, const CommandLine &, MPI_Comm);
  template void
  run_simulation<3>(dealii::ParameterHandler &, const CommandLine &, MPI_Comm);
} // namespace nanomech
