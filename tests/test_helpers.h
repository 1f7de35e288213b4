#pragma once

// Helpers shared by the tests: build analyses from parameter text.

#include <deal.II/base/parameter_handler.h>

#include "analyses/elastic_test.h"
#include "analyses/homogenization.h"
#include "base/exceptions.h"
#include "materials/elastic_tensor.h"
#include "parameters/parameter_reader.h"
#include "simulator.h"

#include <deal.II/fe/fe_values.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

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
  /**
   * The first n - 1 ranks of MPI_COMM_WORLD (n > 1) as a communicator,
   * MPI_COMM_NULL on the last rank. A run on it is partitioned differently
   * from one on all n ranks, which is what a rank-independence test must
   * compare: one rank against itself proves nothing.
   */
  class FewerRanks
  {
  public:
    FewerRanks()
    {
      const unsigned int n =
          dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD);
      const unsigned int r =
          dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
      MPI_Comm_split(MPI_COMM_WORLD,
                     r + 1 < n ? 0 : MPI_UNDEFINED,
                     static_cast<int>(r),
                     &comm);
    }
    ~FewerRanks()
    {
      if (comm != MPI_COMM_NULL)
        MPI_Comm_free(&comm);
    }
    FewerRanks(const FewerRanks &) = delete;
    FewerRanks &
    operator=(const FewerRanks &) = delete;

    /// Whether this rank runs on the smaller communicator.
    bool
    member() const
    {
      return comm != MPI_COMM_NULL;
    }
    /// @p values as computed on the smaller communicator, on every rank.
    /// The rank left out waits in a non-blocking barrier that it polls
    /// with pauses: a blocking collective would spin and take a core from
    /// the run it waits for (3 ranks on 2 cores).
    static std::vector<double>
    share(const std::vector<double> &values)
    {
      MPI_Request request;
      MPI_Ibarrier(MPI_COMM_WORLD, &request);
      for (int done = 0;;)
        {
          MPI_Test(&request, &done, MPI_STATUS_IGNORE);
          if (done)
            break;
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
      return dealii::Utilities::MPI::broadcast(MPI_COMM_WORLD, values, 0);
    }

    MPI_Comm comm = MPI_COMM_NULL;
  };

  /// The message of the InputError that @p f throws ("" if none).
  template <typename F>
  std::string
  input_error(F &&f)
  {
    try
      {
        f();
      }
    catch (const InputError &e)
      {
        return e.what();
      }
    return "";
  }

  /// Expects @p f to throw an InputError whose message contains @p text.
  template <typename F>
  void
  expect_input_error(F &&f, const std::string &text)
  {
    const std::string message = input_error(f);
    EXPECT_NE(message.find(text), std::string::npos)
        << (message.empty() ? "no error" : message);
  }

  /// A microstructure of family @p Family (constructed from the parameters
  /// inside "Microstructure", the box size, the seed and whether it is
  /// periodic) with the entries @p settings of its subsection @p subsection.
  template <template <int> class Family, int dim>
  std::unique_ptr<Family<dim>>
  make_structure(const std::string        &subsection,
                 const std::string        &settings,
                 const dealii::Point<dim> &size,
                 const unsigned int        seed,
                 const bool                periodic)
  {
    auto prm = parameters_from("subsection Microstructure\n subsection " +
                               subsection + "\n" + settings + " end\nend\n");
    prm->enter_subsection("Microstructure");
    return std::make_unique<Family<dim>>(*prm, size, seed, periodic);
  }

  /// The parameters @p text of an analysis in @p dim dimensions that
  /// writes no fields.
  inline std::unique_ptr<dealii::ParameterHandler>
  analysis_parameters(const std::string &text,
                      const unsigned int dim,
                      const std::string &analysis)
  {
    return parameters_from(text + "\nset Dimension = " + std::to_string(dim) +
                           "\nset Analysis = " + analysis +
                           "\nsubsection Output\n set Write fields = false\n"
                           "end\n");
  }

  /// A homogenization analysis (fields not written) with its parameters.
  template <int dim>
  struct HomogenizationRun
  {
    HomogenizationRun(const std::string &text, MPI_Comm comm)
        : prm(analysis_parameters(text, dim, "homogenization"))
        , analysis(*prm, CommandLine(), comm)
    {
      analysis.compute();
    }
    /// The stiffness of boundary condition @p b (in the order listed) of
    /// realization @p r.
    const effective::Matrix &
    C(const unsigned int b = 0, const unsigned int r = 0) const
    {
      return analysis.get_realizations()[r].results[b].C;
    }
    std::unique_ptr<dealii::ParameterHandler> prm;
    Homogenization<dim>                       analysis;
  };

  /// The Voigt matrix (engineering shear strains) of a stiffness, in 2D its
  /// in-plane plane-strain part (order 11, 22, 12).
  template <int dim>
  effective::Matrix
  voigt_matrix(const dealii::SymmetricTensor<4, 3> &C)
  {
    const unsigned int n = effective::n_voigt(dim);
    effective::Matrix  M(n, n);
    for (unsigned int a = 0; a < n; ++a)
      for (unsigned int b = 0; b < n; ++b)
        {
          const auto [i, j] = effective::voigt_pair(dim, a);
          const auto [k, l] = effective::voigt_pair(dim, b);
          M(a, b)           = C[i][j][k][l];
        }
    return M;
  }

  /// max |A_ij - B_ij| / max |B_ij|.
  inline double
  relative_difference(const effective::Matrix &A, const effective::Matrix &B)
  {
    double d = 0., n = 0.;
    for (unsigned int i = 0; i < B.m(); ++i)
      for (unsigned int j = 0; j < B.n(); ++j)
        {
          d = std::max(d, std::abs(A(i, j) - B(i, j)));
          n = std::max(n, std::abs(B(i, j)));
        }
    return d / n;
  }

  /// Largest over all quadrature points (and ranks) of
  /// @p error(material index, 3x3 stress).
  template <int dim, typename ErrorFunction>
  double
  max_over_stresses(const ElasticProblem<dim> &problem, ErrorFunction error)
  {
    dealii::FEValues<dim>                      fe_values(problem.get_mapping(),
                                    problem.get_dof_handler().get_fe(),
                                    problem.get_quadrature(),
                                    dealii::update_gradients |
                                        dealii::update_JxW_values);
    std::vector<dealii::SymmetricTensor<2, 3>> eps3;
    dealii::SymmetricTensor<2, 3>              sigma3;
    double                                     result = 0;
    for (const auto &cell : problem.get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          problem.point_strains(fe_values, eps3);
          for (unsigned int q = 0; q < eps3.size(); ++q)
            {
              const unsigned int m = problem.get_materials().index(cell, q);
              problem.stress_at(cell, q, eps3[q], sigma3);
              result = std::max(result, error(m, sigma3));
            }
        }
    return dealii::Utilities::MPI::max(
        result, problem.get_dof_handler().get_communicator());
  }
} // namespace nanomech::testing
