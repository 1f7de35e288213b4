// Laminates whose layer thicknesses follow a size distribution: realized
// statistics, exact interfaces and fractions, periodic tiling, seeds, and
// grid lines through every interface.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>

#include "base/json_writer.h"
#include "mesh/box_mesh.h"
#include "microstructure/laminate.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace nanomech;
using namespace dealii;

namespace
{
  std::string
  laminate_prm(const std::string &settings, const unsigned int seed = 3)
  {
    return "subsection Microstructure\n set Type = laminate\n set Seed = " +
           std::to_string(seed) +
           "\n subsection Laminate\n  set Layer normal = y\n" + settings +
           " end\nend\n";
  }

  std::unique_ptr<Microstructure::Laminate<2>>
  make(const std::string &text, const Point<2> &size)
  {
    auto prm = nanomech::testing::parameters_from(text);
    prm->enter_subsection("Microstructure");
    auto ms =
        std::make_unique<Microstructure::Laminate<2>>(*prm,
                                                      size,
                                                      prm->get_integer("Seed"));
    prm->leave_subsection();
    return ms;
  }
} // namespace

TEST(LaminateSizes, ThicknessStatisticsMatchTheDistribution)
{
  for (const std::string type : {"normal", "lognormal"})
    {
      // 2000 bilayers: phase 0 mean 0.007, phase 1 mean 0.003 (f = 0.3).
      const auto  ms = make(laminate_prm("  set Number of periods = 2000\n"
                                         "  set Volume fraction of phase 1 = "
                                         "0.3\n  set Size distribution = " +
                                        type +
                                        "\n  set Phase 0 thickness CoV = "
                                         "0.3\n  set Phase 1 thickness CoV = "
                                         "0.2\n"),
                           Point<2>(0.1, 20.));
      const auto &b  = ms->layer_bounds();
      ASSERT_EQ(b.size(), 4001u);
      for (unsigned int phase = 0; phase < 2; ++phase)
        {
          const double mean  = phase == 0 ? 0.007 : 0.003;
          const double sigma = (phase == 0 ? 0.3 : 0.2) * mean;
          double       n = 0, m = 0, s2 = 0;
          for (unsigned int k = phase; k + 1 < b.size(); k += 2)
            {
              const double t = b[k + 1] - b[k];
              ++n;
              const double d = t - m;
              m += d / n;
              s2 += d * (t - m);
            }
          const double s = std::sqrt(s2 / (n - 1));
          SCOPED_TRACE(type + " phase " + std::to_string(phase) + ": mean " +
                       std::to_string(m) + ", std " + std::to_string(s));
          // The common rescaling makes the mean exact; the scatter is
          // within 3 standard errors of the requested one.
          EXPECT_NEAR(m, mean, 1e-12);
          EXPECT_NEAR(s, sigma, 3 * sigma / std::sqrt(2 * (n - 1)));
        }
      // Statistics in summary.json.
      std::ostringstream out;
      JsonWriter         json(out);
      json.begin_object();
      ms->write_statistics(json);
      json.end_object();
      EXPECT_NE(out.str().find("\"layer_thickness_phase_1\""),
                std::string::npos)
          << out.str();
    }
}

TEST(LaminateSizes, InterfacesAndFractionsAreExactAndTheStackTiles)
{
  const Point<2> size(0.5, 2.);
  const auto     ms     = make(laminate_prm("  set Number of periods = 40\n"
                                            "  set Volume fraction of phase 1 = "
                                            "0.25\n  set Phase 0 thickness CoV = "
                                            "0.4\n  set Phase 1 thickness CoV = "
                                            "0.4\n"),
                       size);
  const auto    &b      = ms->layer_bounds();
  const auto     planes = ms->interface_planes(1);
  ASSERT_EQ(planes.size(), 79u);
  EXPECT_TRUE(ms->interface_planes(0).empty());
  EXPECT_EQ(b.front(), 0.);
  EXPECT_EQ(b.back(), 2.);
  double phase1 = 0.;
  for (unsigned int k = 0; k + 1 < b.size(); ++k)
    {
      ASSERT_GT(b[k + 1], b[k]);
      if (k % 2 == 1)
        phase1 += b[k + 1] - b[k];
      // Each layer is of its phase right up to its interfaces.
      const double eps = 1e-9;
      EXPECT_EQ(ms->material_at(Point<2>(0.1, b[k] + eps)).phase, k % 2);
      EXPECT_EQ(ms->material_at(Point<2>(0.1, b[k + 1] - eps)).phase, k % 2);
      if (k > 0)
        {
          EXPECT_DOUBLE_EQ(planes[k - 1], b[k]);
        }
    }
  EXPECT_NEAR(phase1 / 2., 0.25, 1e-12);
  EXPECT_DOUBLE_EQ(ms->requested_volume_fractions()[1], 0.25);
  double thinnest = 1e300;
  for (unsigned int k = 0; k + 1 < b.size(); ++k)
    thinnest = std::min(thinnest, b[k + 1] - b[k]);
  EXPECT_NEAR(ms->thinnest_feature(), thinnest, 1e-15);
  // Each phase's thinnest layer, from the layers' own phases.
  double thinnest_of[2] = {1e300, 1e300};
  for (unsigned int k = 0; k + 1 < b.size(); ++k)
    {
      const unsigned int p =
          ms->material_at(Point<2>(0.1, (b[k] + b[k + 1]) / 2.)).phase;
      thinnest_of[p] = std::min(thinnest_of[p], b[k + 1] - b[k]);
    }
  EXPECT_EQ(ms->layer_thickness(0), thinnest_of[0]);
  EXPECT_EQ(ms->layer_thickness(1), thinnest_of[1]);
  EXPECT_EQ(std::min(thinnest_of[0], thinnest_of[1]), thinnest);
  // Periodic: phase(x) == phase(x + L) along the normal.
  for (unsigned int k = 0; k < 2000; ++k)
    {
      const Point<2>     p(0.2, (k + 0.5) / 2000. * size[1]);
      const Tensor<1, 2> L({0., size[1]});
      EXPECT_EQ(ms->material_at(p).phase, ms->material_at(p + L).phase);
      EXPECT_EQ(ms->material_at(p).phase, ms->material_at(p - L).phase);
    }
}

TEST(LaminateSizes, SeedsDecideAndCoVZeroIsTheUniformLaminate)
{
  const std::string settings = "  set Number of periods = 10\n"
                               "  set Phase 1 thickness CoV = 0.3\n";
  const Point<2>    size(1., 1.);
  const auto        a     = make(laminate_prm(settings, 3), size);
  const auto        again = make(laminate_prm(settings, 3), size);
  const auto        other = make(laminate_prm(settings, 4), size);
  EXPECT_EQ(a->layer_bounds(), again->layer_bounds());
  EXPECT_NE(a->layer_bounds(), other->layer_bounds());
  const auto root =
      Utilities::MPI::broadcast(MPI_COMM_WORLD, a->layer_bounds(), 0);
  EXPECT_EQ(root, a->layer_bounds());

  const auto uniform = make(laminate_prm("  set Number of periods = 4\n"
                                         "  set Volume fraction of phase 1 "
                                         "= 0.25\n"),
                            Point<2>(1., 2.));
  const auto planes  = uniform->interface_planes(1);
  ASSERT_EQ(planes.size(), 7u);
  for (unsigned int k = 0; k < 4; ++k)
    {
      EXPECT_DOUBLE_EQ(planes[2 * k], (k + 0.75) * 0.5);
      if (k > 0)
        {
          EXPECT_DOUBLE_EQ(planes[2 * k - 1], k * 0.5);
        }
    }
  EXPECT_DOUBLE_EQ(uniform->thinnest_feature(), 0.125);
}

TEST(LaminateSizes, GridLinesPassThroughEveryInterface)
{
  auto prm = nanomech::testing::parameters_from(
      "set Dimension = 2\nsubsection Geometry\n set Cells x = 4\n"
      " set Cells y = 16\nend\n" +
      laminate_prm("  set Number of periods = 6\n"
                   "  set Volume fraction of phase 1 = 0.2\n"
                   "  set Phase 0 thickness CoV = 0.3\n"
                   "  set Phase 1 thickness CoV = 0.5\n"
                   "  set Size distribution = lognormal\n"));
  GeometryParameters geometry;
  geometry.parse_parameters(*prm, 2);
  const auto ms = Microstructure::create<2>(*prm, geometry.size_point<2>());
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_box_mesh(tria, geometry, *ms);
  unsigned int n_cut = 0;
  double       v[2]  = {0., 0.};
  for (const auto &cell : tria.active_cell_iterators())
    if (cell->is_locally_owned())
      {
        n_cut += cell_is_cut<2>(cell, *ms, 6);
        v[ms->material_at(cell->center()).phase] += cell->measure();
      }
  EXPECT_EQ(Utilities::MPI::sum(n_cut, MPI_COMM_WORLD), 0u);
  Utilities::MPI::sum(v, MPI_COMM_WORLD, v);
  // Cells never straddle an interface: the meshed fraction is exact.
  EXPECT_NEAR(v[1] / (v[0] + v[1]), 0.2, 1e-10);
}
