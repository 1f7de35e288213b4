#pragma once

#include <deal.II/base/mpi.h>
#include <deal.II/base/parameter_handler.h>

#include "analyses/fracture.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

namespace nanomech::testing
{
  /// A 1 x 1 um plate of 40 x 40 cells, homogeneous: E = 1e5 MPa,
  /// nu = 0.3, Gc = 1 J/m^2 (the centre-crack tests).
  inline const std::string square_plate =
      "subsection Geometry\n set Size x = 1\n set Size y = 1\n"
      " set Cells x = 40\n set Cells y = 40\nend\n"
      "subsection Microstructure\n set Type = homogeneous\nend\n"
      "subsection Materials\n subsection Phase 0\n"
      "  set Young's modulus = 100000\n  set Poisson's ratio = 0.3\n"
      "  set Critical energy release rate = 1\n end\nend\n";

  /// A bar of @p length x @p height um in uniaxial tension along x
  /// (sliding grips, free sides) of one material with E = 1000 MPa, nu = 0
  /// (so that every split degrades the same energy and the stress is
  /// uniaxial), Gc = 0.01 J/m^2, meshed with @p cells_x x @p cells_y cells.
  /// With l = 0.05 um, a bar of L <= l/2 stays homogeneous up to failure;
  /// a long bar localizes.
  inline std::string
  bar_specimen(const double       length,
               const double       height,
               const unsigned int cells_x,
               const unsigned int cells_y)
  {
    return "subsection Geometry\n set Size x = " + std::to_string(length) +
           "\n set Size y = " + std::to_string(height) +
           "\n set Cells x = " + std::to_string(cells_x) +
           "\n set Cells y = " + std::to_string(cells_y) +
           "\nend\n"
           "subsection Microstructure\n set Type = homogeneous\nend\n"
           "subsection Materials\n subsection Phase 0\n"
           "  set Young's modulus = 1000\n  set Poisson's ratio = 0\n"
           "  set Critical energy release rate = 0.01\n end\nend\n"
           "subsection Loading\n set Applied strain = 0.1\nend\n";
  }

  /// A fracture analysis of the parameter text @p text, computed (no
  /// output) on @p comm.
  template <int dim>
  struct FractureRun
  {
    FractureRun(const std::string &text, MPI_Comm comm)
        : prm(analysis_parameters(text, dim, "fracture"))
        , analysis(*prm, CommandLine(), comm)
    {
      analysis.compute();
    }
    std::unique_ptr<dealii::ParameterHandler> prm;
    Fracture<dim>                             analysis;
  };

  /// The bar of bar_specimen() (height @p length / 4 unless given) with
  /// the fracture settings: @p model, l = 0.05 um, strain increment
  /// @p increment, no smaller post-peak increments, damage at the grips
  /// allowed, and @p more lines of the Fracture subsection.
  inline std::string
  bar(const std::string &model,
      const double       length,
      const double       increment,
      const std::string &more    = "",
      const unsigned int cells_x = 16,
      const unsigned int cells_y = 4,
      const double       height  = 0.)
  {
    return bar_specimen(length,
                        height > 0. ? height : length / 4,
                        cells_x,
                        cells_y) +
           "subsection Fracture\n set Model = " + model +
           "\n set Length scale = 0.05\n set Strain increment = " +
           std::to_string(increment) +
           "\n set Post-peak increment factor = 1\n"
           " set Undamaged grips = false\n" +
           more + "end\n";
  }

  inline bool
  root()
  {
    return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }

  /// Strength, toughness, dissipated energy and number of steps.
  template <int dim>
  std::vector<double>
  key_results(const FractureRun<dim> &run)
  {
    const auto &r = run.analysis.get_results();
    return {r.strength,
            r.toughness,
            r.dissipated_energy,
            double(run.analysis.get_steps().size())};
  }

  /// Runs @p text on all ranks and on all but the last (two partitions)
  /// and expects the same strength, toughness and dissipated energy (to
  /// 1e-6) and the same steps; prints them after @p label.
  template <int dim>
  void
  expect_same_on_fewer_ranks(const std::string &text, const std::string &label)
  {
    ASSERT_GE(dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u);
    const FractureRun<dim>    parallel(text, MPI_COMM_WORLD);
    const std::vector<double> p = key_results(parallel);
    const FewerRanks          fewer;
    std::vector<double>       s(p.size());
    if (fewer.member())
      s = key_results(FractureRun<dim>(text, fewer.comm));
    s = fewer.share(s);
    if (root())
      std::cout << label << ": strength " << p[0] << " / " << s[0]
                << " MPa, toughness " << p[1] << " / " << s[1]
                << " MJ/m^3 (n ranks / n - 1)" << std::endl;
    EXPECT_TRUE(parallel.analysis.get_results().failed);
    for (unsigned int i = 0; i < 3; ++i)
      EXPECT_LT(std::abs(p[i] / s[i] - 1.), 1e-6) << "result " << i;
    EXPECT_EQ(p[3], s[3]);
  }
} // namespace nanomech::testing
