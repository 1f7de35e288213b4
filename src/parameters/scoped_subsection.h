#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace nanomech
{
  /**
   * Enters a subsection of a ParameterHandler for the lifetime of the
   * object and leaves it on every path out of the scope, also when a parse
   * step throws InputError. Without it an error inside a subsection leaves
   * the handler there, and the next reader of a top-level entry fails with
   * an undeclared-entry error instead of the user's message.
   */
  class ScopedSubsection
  {
  public:
    ScopedSubsection(dealii::ParameterHandler &prm, const std::string &name)
        : prm(prm)
    {
      prm.enter_subsection(name);
    }
    ~ScopedSubsection()
    {
      prm.leave_subsection();
    }
    ScopedSubsection(const ScopedSubsection &) = delete;
    ScopedSubsection &
    operator=(const ScopedSubsection &) = delete;

  private:
    dealii::ParameterHandler &prm;
  };
} // namespace nanomech
