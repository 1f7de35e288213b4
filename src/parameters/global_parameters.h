#pragma once

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace nanomech
{
  /// Top-level entries: dimension, element degree and the analysis.
  struct GlobalParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    unsigned int dimension = 2;
    unsigned int fe_degree = 1;
    /// "auto", "full integration" or "B-bar" (see the entry).
    std::string element_formulation = "auto";
    std::string analysis            = "elastic test";
  };
} // namespace nanomech
