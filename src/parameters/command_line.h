#pragma once

#include <string>
#include <vector>

namespace nanomech
{
  /// What the user asked for on the command line (see usage()).
  struct CommandLine
  {
    std::string              parameter_file;
    std::vector<std::string> overrides;  ///< "Section/Key=value", in order
    std::string              output_dir; ///< empty: from the parameter file
    bool                     print_parameters = false;
    bool                     mesh_only        = false;
    bool                     restart          = false;
    bool                     help             = false;
    /// --max-memory GB: the memory the run may use, all ranks together
    /// (0: the physical memory of the nodes it runs on).
    double max_memory_GB = 0.;
  };

  /// Parses argv; throws InputError on anything it does not understand.
  CommandLine
  parse_command_line(int argc, const char *const *argv);

  /// The usage text printed by --help and after a command-line error.
  std::string
  usage();
} // namespace nanomech
