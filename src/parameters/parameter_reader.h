#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include <functional>
#include <string>
#include <vector>

namespace nanomech
{
  /**
   * Reads the parameter file (on rank 0; its text is broadcast so that a
   * large job does not hit the file system from every rank), parses it on
   * every rank, applies the --set overrides in order, and checks every
   * module's entries and their combinations. All ranks reach the same
   * verdict, so a bad input throws the same InputError on every rank and
   * nobody waits for anybody. The message names the entry and, for errors
   * in the file, the line. Refused besides what the parameter handler
   * refuses: a directory, a file that sets nothing, and an entry set twice
   * in the same subsection (the handler would keep the last silently;
   * --set overrides are meant to replace values and are not counted).
   */
  void
  read_parameters(dealii::ParameterHandler       &prm,
                  const std::string              &parameter_file,
                  const std::vector<std::string> &overrides,
                  const MPI_Comm                  comm);

  /// Parses @p text (named @p name in messages) and applies @p overrides.
  /// Used by read_parameters() and by the tests.
  void
  parse_parameter_text(dealii::ParameterHandler       &prm,
                       const std::string              &text,
                       const std::string              &name,
                       const std::vector<std::string> &overrides);

  /// Calls @p f(entry, value, line) for every `set` statement of the
  /// parameter text @p text, with the entry's whole path
  /// ("Geometry/Cells x") and the number of the line it starts on. Lines
  /// are read as deal.II reads them: '#' starts a comment, a trailing
  /// backslash continues a line.
  void
  for_each_parameter_entry(
      const std::string &text,
      const std::function<
          void(const std::string &, const std::string &, unsigned int)> &f);

  /// Applies one "Section/Subsection/Key=value" override.
  void
  apply_override(dealii::ParameterHandler &prm, const std::string &setting);
} // namespace nanomech
