#pragma once

#include <deal.II/base/parameter_handler.h>

#include "output/checkpoint.h"

#include <string>

namespace nanomech
{
  /// "Output" subsection: where and what a run writes.
  struct OutputParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// @p parameter_file names the default directory output/<file stem>.
    void
    parse_parameters(dealii::ParameterHandler &prm,
                     const std::string        &parameter_file);

    std::string  directory;
    bool         write_fields = true;
    unsigned int n_files      = 1;
    unsigned int subdivisions = 0;
    /// When long analyses write checkpoints.
    CheckpointParameters checkpoint;
  };
} // namespace nanomech
