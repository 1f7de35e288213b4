#include "parameters/parameter_reader.h"
#include "parameters/scoped_subsection.h"

#include "base/exceptions.h"
#include "base/file_io.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
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
      return single_line(s.str());
    }
    /// Refuses an entry set twice in the same subsection of @p text (the
    /// parameter handler would silently keep the last value), naming both
    /// lines.
    void
    refuse_repeated_entries(const std::string &text, const std::string &name)
    {
      std::map<std::string, unsigned int> first_line;
      for_each_parameter_entry(
          text,
          [&](const std::string &entry,
              const std::string & /*value*/,
              const unsigned int line) {
            const auto [it, inserted] = first_line.emplace(entry, line);
            require_input(inserted,
                          name + ":" + std::to_string(line) + ": '" + entry +
                              "' is set again (first on line " +
                              std::to_string(it->second) +
                              "); remove one of the two");
          });
    }
    /// Refuses a number in any entry that double precision cannot hold:
    /// one that overflows or underflows to a denormal (deal.II's pattern
    /// accepts it, and reading it then aborts with a stack trace).
    void
    refuse_unrepresentable_numbers(const ParameterHandler &prm)
    {
      std::ostringstream out;
      prm.print_parameters(out, ParameterHandler::ShortPRM);
      for_each_parameter_entry(
          out.str(),
          [](const std::string &entry,
             const std::string &value,
             const unsigned int /*line*/) {
            std::string        token;
            std::istringstream words(value);
            while (std::getline(words, token, ','))
              {
                token = dealii::Utilities::trim(token);
                if (token.empty())
                  continue;
                char *end      = nullptr;
                errno          = 0;
                const double v = std::strtod(token.c_str(), &end);
                if (end == token.c_str() || *end != '\0' || errno != ERANGE)
                  continue;
                throw InputError(
                    entry + " = '" + value + "': " + token +
                    (std::abs(v) > 1. ?
                         " overflows double precision (largest 1.8e308)" :
                         " underflows double precision (smallest normal "
                         "2.2e-308); give 0 or a larger value"));
              }
          });
    }
  } // namespace

  void
  for_each_parameter_entry(
      const std::string &text,
      const std::function<
          void(const std::string &, const std::string &, unsigned int)> &f)
  {
    std::istringstream       in(text);
    std::vector<std::string> path;
    std::string              line, logical;
    unsigned int             number = 0, start = 0;
    while (std::getline(in, line))
      {
        ++number;
        if (logical.empty())
          start = number;
        const auto hash = line.find('#');
        if (hash != std::string::npos)
          line.erase(hash);
        line = dealii::Utilities::trim(line);
        if (!line.empty() && line.back() == '\\')
          {
            logical += line.substr(0, line.size() - 1) + ' ';
            continue;
          }
        logical += line;
        const std::string statement = dealii::Utilities::trim(logical);
        logical.clear();
        std::istringstream words(statement);
        std::string        keyword;
        words >> keyword;
        if (keyword == "subsection")
          path.push_back(dealii::Utilities::trim(statement.substr(10)));
        else if (keyword == "end" && !path.empty())
          path.pop_back();
        else if (keyword == "set")
          {
            const auto  equals = statement.find('=');
            std::string entry;
            for (const auto &p : path)
              entry += p + "/";
            entry += dealii::Utilities::trim(statement.substr(
                3, equals == std::string::npos ? equals : equals - 3));
            f(entry,
              equals == std::string::npos ?
                  std::string() :
                  dealii::Utilities::trim(statement.substr(equals + 1)),
              start);
          }
      }
  }

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
    refuse_unrepresentable_numbers(prm);
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
            std::error_code ec;
            require_input(!std::filesystem::is_directory(parameter_file, ec),
                          "the parameter file '" + parameter_file +
                              "' is a directory");
            text = read_file(parameter_file, "parameter file");
            // A run of nothing but defaults is never what an empty file
            // meant (a file cut short, a wrong name).
            bool               sets = false;
            std::istringstream lines(text);
            for (std::string line; !sets && std::getline(lines, line);)
              {
                const std::string t =
                    dealii::Utilities::trim(line.substr(0, line.find('#')));
                sets = !t.empty();
              }
            require_input(sets,
                          "the parameter file '" + parameter_file +
                              "' is empty (only comments or blank lines); "
                              "see params/ for examples");
          }
        catch (const InputError &e)
          {
            error = e.what();
          }
      }
    std::tie(text, error) =
        dealii::Utilities::MPI::broadcast(comm, std::make_pair(text, error), 0);
    require_input(error.empty(), error);
    refuse_repeated_entries(text, parameter_file);
    parse_parameter_text(prm, text, parameter_file, overrides);
  }
} // namespace nanomech
