#pragma once

// Helpers shared by the tests: build analyses from parameter text.

#include <deal.II/base/parameter_handler.h>

#include "analyses/elastic_test.h"
#include "parameters/parameter_reader.h"

#include <deal.II/fe/fe_values.h>

#include <algorithm>
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
  /// Largest over all quadrature points (and ranks) of
  /// @p error(material index, 3x3 stress).
  template <int dim, typename ErrorFunction>
  double
  max_over_stresses(const ElasticProblem<dim> &problem, ErrorFunction error)
  {
    dealii::FEValues<dim> fe_values(problem.get_mapping(),
                                    problem.get_dof_handler().get_fe(),
                                    problem.get_quadrature(),
                                    dealii::update_gradients);
    std::vector<dealii::SymmetricTensor<2, dim>> eps(
        problem.get_quadrature().size());
    dealii::SymmetricTensor<2, 3> eps3, sigma3;
    double                        result = 0;
    for (const auto &cell : problem.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values[dealii::FEValuesExtractors::Vector(0)]
              .get_function_symmetric_gradients(problem.get_solution(), eps);
          for (unsigned int q = 0; q < eps.size(); ++q)
            {
              const unsigned int m = problem.get_materials().index(cell, q);
              problem.strain_and_stress(eps[q], m, eps3, sigma3);
              result = std::max(result, error(m, sigma3));
            }
        }
    return dealii::Utilities::MPI::max(
        result, problem.get_dof_handler().get_communicator());
  }
} // namespace nanomech::testing
