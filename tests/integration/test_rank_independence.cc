// The same problem on all n ranks and on n - 1 ranks (a different
// partition) gives the same reaction force and apparent modulus
// (registered with 2 and 3 ranks): partitioning, ghost exchange, hanging
// nodes across ranks and assembly must not change the answer.

#include "test_helpers.h"

#include <gtest/gtest.h>

using namespace nanomech;

namespace
{
  template <int dim>
  void
  compare(const std::string &prm)
  {
    ASSERT_GE(dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u)
        << "compares n with n - 1 ranks: register with 2 or more";
    nanomech::testing::ElasticRun<dim>  parallel(prm, MPI_COMM_WORLD);
    const auto                         &p = parallel.analysis.get_results();
    const nanomech::testing::FewerRanks fewer;
    std::vector<double>                 s(4);
    if (fewer.member())
      {
        nanomech::testing::ElasticRun<dim> other(prm, fewer.comm);
        const auto                        &r = other.analysis.get_results();
        s                                    = {r.reaction_force,
                                                r.apparent_modulus,
                                                r.averages.energy,
                                                double(other.analysis.get_problem().get_dof_handler().n_dofs())};
      }
    s = fewer.share(s);
    EXPECT_NEAR(p.reaction_force, s[0], 1e-8 * std::abs(s[0]));
    EXPECT_NEAR(p.apparent_modulus, s[1], 1e-8 * std::abs(s[1]));
    EXPECT_NEAR(p.averages.energy, s[2], 1e-8 * s[2]);
    EXPECT_EQ(double(
                  parallel.analysis.get_problem().get_dof_handler().n_dofs()),
              s[3]);
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

TEST(RankIndependence, PlasticMatrixAlongAPath2D)
{
  // A yielding matrix (J2, Voce) around a stiff crystal, loaded, reversed
  // and reloaded: every load step's stress and the plastic work the same
  // on n and n - 1 ranks.
  const std::string prm =
      "set Dimension = 2\n" + inclusion + center_2d +
      "subsection Geometry\n set Interface refinement = 2\nend\n"
      "subsection Materials\n subsection Phase 0\n  set Plasticity = J2\n"
      "  set Yield stress = 20\n  set Hardening = Voce\n"
      "  set Saturation yield stress = 30\n  set Saturation rate = 50\n"
      " end\nend\n"
      "subsection Loading\n set Strain path = 0.02, 0.005\n"
      " set Path increment = 0.004\nend\n"
      "subsection Solver\n set Newton tolerance = 1e-11\nend\n";
  ASSERT_GE(dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u);
  nanomech::testing::ElasticRun<2>    parallel(prm, MPI_COMM_WORLD);
  const auto                         &path = parallel.analysis.get_path();
  const nanomech::testing::FewerRanks fewer;
  std::vector<double>                 s(2 * path.size() + 1, 0.);
  if (fewer.member())
    {
      nanomech::testing::ElasticRun<2> other(prm, fewer.comm);
      const auto                      &p = other.analysis.get_path();
      for (std::size_t i = 0; i < p.size() && i < path.size(); ++i)
        {
          s[2 * i]     = p[i].stress;
          s[2 * i + 1] = p[i].plastic_work;
        }
      s.back() = double(p.size());
    }
  s = fewer.share(s);
  ASSERT_EQ(double(path.size()), s.back());
  for (std::size_t i = 0; i < path.size(); ++i)
    {
      EXPECT_NEAR(path[i].stress, s[2 * i], 1e-8 * std::abs(s[2 * i]));
      EXPECT_NEAR(path[i].plastic_work,
                  s[2 * i + 1],
                  1e-8 * std::abs(s[2 * i + 1]) + 1e-300);
    }
  EXPECT_GT(parallel.analysis.get_results().plastic_work, 0.);
}
