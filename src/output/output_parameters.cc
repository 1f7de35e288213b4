#include "output/output_parameters.h"

#include "parameters/scoped_subsection.h"

#include <filesystem>

namespace nanomech
{
  void
  OutputParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    {
      const ScopedSubsection subsection(prm, "Output");
      prm.declare_entry("Directory",
                        "",
                        Patterns::Anything(),
                        "Output directory of the run; empty: output/<name of "
                        "the parameter file without .prm>. The command-line "
                        "option --output-dir overrides it.");
      prm.declare_entry("Write fields",
                        "true",
                        Patterns::Bool(),
                        "Write the VTU/PVTU fields and solution.pvd.");
      prm.declare_entry("Number of files per step",
                        "1",
                        Patterns::Integer(0),
                        "VTU files each output step is written to (MPI-IO "
                        "groups of ranks); 0: one file per rank.");
      prm.declare_entry("Subdivisions",
                        "0",
                        Patterns::Integer(0, 8),
                        "Subdivisions of each cell in the output; 0: the "
                        "finite element degree.");
    }
    CheckpointParameters::declare_parameters(prm);
  }

  void
  OutputParameters::parse_parameters(dealii::ParameterHandler &prm,
                                     const std::string        &parameter_file)
  {
    {
      const ScopedSubsection subsection(prm, "Output");
      directory    = prm.get("Directory");
      write_fields = prm.get_bool("Write fields");
      n_files      = prm.get_integer("Number of files per step");
      subdivisions = prm.get_integer("Subdivisions");
    }
    checkpoint.parse_parameters(prm);
    if (directory.empty())
      directory =
          "output/" + std::filesystem::path(parameter_file).stem().string();
  }
} // namespace nanomech
