// nanomech: finite-element mechanics of composite nanostructures.
// See README.md and DESIGN.md for the command line and outputs.

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include "base/exceptions.h"
#include "base/file_io.h"
#include "parameters/command_line.h"
#include "parameters/parameter_reader.h"
#include "simulator.h"

#include <iostream>

int
main(int argc, char **argv)
{
  using namespace nanomech;
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const MPI_Comm                           comm = MPI_COMM_WORLD;
  const bool root = dealii::Utilities::MPI::this_mpi_process(comm) == 0;

  try
    {
      const CommandLine        cl = parse_command_line(argc, argv);
      dealii::ParameterHandler prm;
      declare_all_parameters(prm);
      if (cl.help || cl.print_parameters)
        {
          if (root && cl.help)
            std::cout << usage();
          else if (root)
            prm.print_parameters(std::cout, dealii::ParameterHandler::PRM);
          return 0;
        }
      read_parameters(prm, cl.parameter_file, cl.overrides, comm);
      if (prm.get_integer("Dimension") == 2)
        run_simulation<2>(prm, cl, comm);
      else
        run_simulation<3>(prm, cl, comm);
    }
  catch (const InputError &e)
    {
      // Every rank reaches the same verdict; one of them speaks.
      if (root)
        std::cerr << "nanomech: error: " << e.what() << std::endl;
      return 2;
    }
  catch (const Interrupted &e)
    {
      if (root)
        std::cerr << "nanomech: " << e.what() << std::endl;
      return 3;
    }
  catch (const ComputeError &e)
    {
      if (root)
        std::cerr << "nanomech: failed: " << e.what() << std::endl;
      return 1;
    }
  catch (const std::exception &e)
    {
      // Possibly on one rank only: stop all of them.
      std::cerr << "nanomech: failed on rank "
                << dealii::Utilities::MPI::this_mpi_process(comm) << ": "
                << one_line_message(e) << std::endl;
      MPI_Abort(comm, 1);
    }
  return 0;
}
