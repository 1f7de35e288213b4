#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include "parameters/command_line.h"

namespace nanomech
{
  /**
   * Declares every parameter of the program in @p prm: the global entries,
   * the registered analyses and microstructure families, and each module's
   * subsection.
   */
  void
  declare_all_parameters(dealii::ParameterHandler &prm);

  /**
   * Runs what the parameters and the command line ask for in @p dim
   * dimensions: the selected analysis, or the mesh only. Throws InputError
   * for bad input (before writing anything) and ComputeError for failures
   * while computing.
   */
  template <int dim>
  void
  run_simulation(dealii::ParameterHandler &prm,
                 const CommandLine        &command_line,
                 MPI_Comm                  comm);
} // namespace nanomech
