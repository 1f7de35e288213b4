#include "parameters/parameter_reader.h"
#include "parameters/scoped_subsection.h"

#include "base/exceptions.h"
#include "base/file_io.h"

#include <memory>
#include <sstream>

namespace nanomech
{
  using dealii::ParameterHandler;

  namespace
  {
    /// deal.II's exception text on one line, without its boilerplate.
    std::string
    one_line(const dealii::ExceptionBase &e)
    {
      std::ostringstream s;
      e.print_info(s);
      std::string text  = s.str(), r;
      bool        space = false;
      for (const char c : text)
        if (c == ' ' || c == '\n' || c == '\t')
          space = !r.empty();
        else
          {
            if (space)
              r += ' ';
            r += c;
            space = false;
          }
      return r;
    }
  } // namespace

  void
  apply_override(ParameterHandler &prm, const std::string &setting)
  {
    const auto        eq    = setting.find('=');
    const std::string path  = setting.substr(0, eq);
    const std::string value = dealii::Utilities::trim(setting.substr(eq + 1));
    std::vector<std::string> parts =
        dealii::Utilities::split_string_list(path, '/');
    require_input(!parts.empty() && !parts.back().empty(),
                  "--set \"" + setting +
                      "\": expected the form \"Section/Key=value\"");
    const std::string              key = parts.back();
    const std::vector<std::string> sections(parts.begin(), parts.end() - 1);
    require_input(sections.empty() || prm.subsection_path_exists(sections),
                  "--set \"" + setting + "\": there is no subsection '" +
                      path.substr(0, path.rfind('/')) +
                      "' (see nanomech --print-parameters)");
    // Each scope leaves one level (in any order: leaving pops the last).
    std::vector<std::unique_ptr<ScopedSubsection>> scopes;
    for (const auto &s : sections)
      scopes.push_back(std::make_unique<ScopedSubsection>(prm, s));
    std::string error;
    try
      {
        prm.set(key, value);
      }
    catch (const ParameterHandler::ExcEntryUndeclared &)
      {
        error = "--set \"" + setting + "\": there is no entry '" + path +
                "' (see nanomech --print-parameters)";
      }
    catch (const dealii::ExceptionBase &e)
      {
        error = "--set \"" + setting + "\": " + one_line(e);
      }
    scopes.clear();
    require_input(error.empty(), error);
  }

  void
  parse_parameter_text(ParameterHandler               &prm,
                       const std::string              &text,
                       const std::string              &name,
                       const std::vector<std::string> &overrides)
  {
    try
      {
        std::istringstream in(text);
        prm.parse_input(in, name, "", false);
      }
    catch (const dealii::ExceptionBase &e)
      {
        throw InputError(one_line(e));
      }
    for (const auto &o : overrides)
      apply_override(prm, o);
  }

  void
  read_parameters(ParameterHandler               &prm,
                  const std::string              &parameter_file,
                  const std::vector<std::string> &overrides,
                  const MPI_Comm                  comm)
  {
    // Rank 0 reads; everybody learns the text or the error.
    std::string text, error;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        try
          {
            text = read_file(parameter_file, "parameter file");
          }
        catch (const InputError &e)
          {
            error = e.what();
          }
      }
    std::tie(text, error) =
        dealii::Utilities::MPI::broadcast(comm, std::make_pair(text, error), 0);
    require_input(error.empty(), error);
    parse_parameter_text(prm, text, parameter_file, overrides);
  }
} // namespace nanomech
