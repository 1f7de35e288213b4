// The same problem on the whole communicator and on one rank alone gives
// the same reaction force and apparent modulus (registered with 1, 2 and 3
// ranks): partitioning, ghost exchange, hanging nodes across ranks and
// assembly must not change the answer.

#include "test_helpers.h"

#include <gtest/gtest.h>

using namespace nanomech;

namespace
{
  template <int dim>
  void
  compare(const std::string &prm)
  {
    nanomech::testing::ElasticRun<dim> parallel(prm, MPI_COMM_WORLD);
    nanomech::testing::ElasticRun<dim> serial(prm, MPI_COMM_SELF);
    const auto                        &p = parallel.analysis.get_results();
    const auto                        &s = serial.analysis.get_results();
    EXPECT_NEAR(p.reaction_force,
                s.reaction_force,
                1e-8 * std::abs(s.reaction_force));
    EXPECT_NEAR(p.apparent_modulus,
                s.apparent_modulus,
                1e-8 * std::abs(s.apparent_modulus));
    EXPECT_NEAR(p.averages.energy, s.averages.energy, 1e-8 * s.averages.energy);
    EXPECT_EQ(parallel.analysis.get_problem().get_dof_handler().n_dofs(),
              serial.analysis.get_problem().get_dof_handler().n_dofs());
  }

  const std::string inclusion =
      "subsection Geometry\n set Cells x = 10\n set Cells y = 10\n set Cells z "
      "= 10\n"
      " set Interface refinement = 1\nend\n"
      "subsection Microstructure\n set Type = inclusion\n"
      " subsection Inclusion\n  set Radius = 0.3\n  set Center = 0.45, 0.5, "
      "0.55\n"
      " end\nend\n"
      "subsection Materials\n subsection Phase 0\n  set Young's modulus = "
      "3000\n end\n"
      " subsection Phase 1\n  set Model = cubic\n  set C11 = 168400\n"
      "  set C12 = 121400\n  set C44 = 75400\n  set Euler angles = 10, 50, 80\n"
      " end\nend\n"
      "subsection Solver\n set Tolerance = 1e-12\nend\n";
  const std::string center_2d =
      "subsection Microstructure\n subsection Inclusion\n"
      "  set Center = 0.45, 0.5\n end\nend\n";
} // namespace

TEST(RankIndependence, InclusionWithHangingNodes2D)
{
  compare<2>("set Dimension = 2\n" + inclusion + center_2d +
             "subsection Geometry\n set Interface refinement = 2\nend\n");
}

TEST(RankIndependence, InclusionWithHangingNodes3DQ1)
{
  compare<3>("set Dimension = 3\n" + inclusion);
}

TEST(RankIndependence, ShearQ2WithBoomerAMG2D)
{
  compare<2>("set Dimension = 2\nset Finite element degree = 2\n" + inclusion +
             center_2d +
             "subsection Loading\n set Type = simple shear\nend\n"
             "subsection Solver\n set Preconditioner = boomeramg\nend\n");
}
