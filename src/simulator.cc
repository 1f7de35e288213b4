#include "simulator.h"

#include "analyses/loading.h"
#include "analyses/registry.h"
#include "base/exceptions.h"
#include "materials/phase_material.h"
#include "mesh/box_mesh.h"
#include "microstructure/microstructure.h"
#include "output/output_parameters.h"
#include "parameters/global_parameters.h"
#include "physics/linear_solver.h"

#include <memory>

namespace nanomech
{
  void
  declare_all_parameters(dealii::ParameterHandler &prm)
  {
    GlobalParameters::declare_parameters(prm);
    declare_analysis_parameters(prm);
    GeometryParameters::declare_parameters(prm);
    Microstructure::declare_parameters(prm);
    MaterialLibrary::declare_parameters(prm);
    LoadingParameters::declare_parameters(prm);
    SolverParameters::declare_parameters(prm);
    OutputParameters::declare_parameters(prm);
  }

  template <int dim>
  void
  run_simulation(dealii::ParameterHandler &prm,
                 const CommandLine        &command_line,
                 const MPI_Comm            comm)
  {
    std::unique_ptr<AnalysisBase<dim>> run =
        create_analysis<dim>(prm, command_line, comm);
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
