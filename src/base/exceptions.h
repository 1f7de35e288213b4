#pragma once

#include <stdexcept>
#include <string>

namespace nanomech
{
  /**
   * Bad user input: a parameter file, a command-line option or a
   * combination of settings that cannot be run. The program reports the
   * message once and exits with status 2 before anything is computed or
   * written.
   */
  class InputError : public std::runtime_error
  {
  public:
    explicit InputError(const std::string &message)
        : std::runtime_error(message)
    {
    }
  };

  /**
   * A failure while computing (a linear solve that does not converge, an
   * output that cannot be written). The program stops with exit status 1.
   */
  class ComputeError : public std::runtime_error
  {
  public:
    explicit ComputeError(const std::string &message)
        : std::runtime_error(message)
    {
    }
  };

  /**
   * The run was asked to stop (SIGUSR1 or SIGTERM, e.g. from SLURM before
   * its time limit) and stopped at the end of a load step or realization
   * after writing a complete checkpoint. The program exits with status 3;
   * `--restart` continues from the checkpoint.
   */
  class Interrupted : public std::runtime_error
  {
  public:
    explicit Interrupted(const std::string &message)
        : std::runtime_error(message)
    {
    }
  };

  /// Throws InputError(message) unless @p condition holds.
  inline void
  require_input(const bool condition, const std::string &message)
  {
    if (!condition)
      throw InputError(message);
  }
} // namespace nanomech
