#include "parameters/command_line.h"

#include "base/exceptions.h"

#include <cmath>
#include <string>

namespace nanomech
{
  std::string
  usage()
  {
    return "Usage:\n"
           "  nanomech PARAMS.prm [--set \"Section/Key=value\"]... "
           "[--output-dir DIR]\n"
           "  nanomech PARAMS.prm --mesh-only   write the microstructure and "
           "mesh, no solve\n"
           "  nanomech PARAMS.prm --restart     continue from the newest "
           "checkpoint\n"
           "  nanomech PARAMS.prm --max-memory GB   refuse a mesh whose "
           "estimated memory exceeds GB (default: the nodes' memory)\n"
           "  nanomech --print-parameters       every parameter, documented, "
           "with defaults\n"
           "Exit status: 0 success, 2 bad input (nothing computed), "
           "1 failure while computing, 3 stopped by SIGUSR1/SIGTERM after "
           "writing a checkpoint (continue with --restart).\n";
  }

  CommandLine
  parse_command_line(const int argc, const char *const *argv)
  {
    CommandLine cl;
    for (int i = 1; i < argc; ++i)
      {
        const std::string arg        = argv[i];
        auto              next_value = [&](const std::string &option) {
          require_input(i + 1 < argc, "option " + option + " needs a value");
          return std::string(argv[++i]);
        };
        if (arg == "--set")
          {
            const std::string v = next_value(arg);
            require_input(v.find('=') != std::string::npos && v.find('=') > 0,
                          "--set \"" + v +
                              "\": expected the form \"Section/Key=value\"");
            cl.overrides.push_back(v);
          }
        else if (arg.rfind("--set=", 0) == 0)
          {
            const std::string v = arg.substr(6);
            require_input(v.find('=') != std::string::npos && v.find('=') > 0,
                          "--set \"" + v +
                              "\": expected the form \"Section/Key=value\"");
            cl.overrides.push_back(v);
          }
        else if (arg == "--output-dir")
          {
            cl.output_dir = next_value(arg);
            require_input(!cl.output_dir.empty(),
                          "--output-dir needs a non-empty directory name");
          }
        else if (arg == "--max-memory")
          {
            const std::string v    = next_value(arg);
            std::size_t       used = 0;
            double            gb   = 0.;
            try
              {
                gb = std::stod(v, &used);
              }
            catch (const std::exception &)
              {
                used = 0;
              }
            require_input(used == v.size() && std::isfinite(gb) && gb > 0.,
                          "--max-memory " + v +
                              ": expected a positive number of gigabytes");
            cl.max_memory_GB = gb;
          }
        else if (arg == "--print-parameters")
          cl.print_parameters = true;
        else if (arg == "--mesh-only")
          cl.mesh_only = true;
        else if (arg == "--restart")
          cl.restart = true;
        else if (arg == "--help" || arg == "-h")
          cl.help = true;
        else if (!arg.empty() && arg[0] == '-')
          throw InputError("unknown option '" + arg + "'");
        else
          {
            require_input(cl.parameter_file.empty(),
                          "more than one parameter file given ('" +
                              cl.parameter_file + "' and '" + arg + "')");
            cl.parameter_file = arg;
          }
      }
    if (!cl.help && !cl.print_parameters)
      require_input(!cl.parameter_file.empty(), "no parameter file given");
    return cl;
  }
} // namespace nanomech
