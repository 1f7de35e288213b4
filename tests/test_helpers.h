#pragma once

// Helpers shared by the tests: build analyses from parameter text.

#include <deal.II/base/parameter_handler.h>

#include "analyses/elastic_test.h"
#include "parameters/parameter_reader.h"

#include <memory>
#include <string>

namespace nanomech::testing
{
  /// A ParameterHandler with every parameter declared and @p text parsed.
  inline std::unique_ptr<dealii::ParameterHandler>
  parameters_from(const std::string &text)
  {
    auto prm = std::make_unique<dealii::ParameterHandler>();
    declare_all_parameters(*prm);
    parse_parameter_text(*prm, text, "test.prm", {});
    return prm;
  }

  /// An elastic test analysis with its own parameters (kept alive with it).
  template <int dim>
  struct ElasticRun
  {
    ElasticRun(const std::string &text, MPI_Comm comm)
        : prm(parameters_from(text))
        , analysis(*prm, CommandLine(), comm)
    {
      analysis.compute();
    }
    std::unique_ptr<dealii::ParameterHandler> prm;
    ElasticTest<dim>                          analysis;
  };
} // namespace nanomech::testing
