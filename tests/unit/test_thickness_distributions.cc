// Drawn thicknesses of thin layers: nacre interlayers (one per interlayer,
// still exact grid planes) and joints (one per joint), particle shells (one
// per particle) and enamel rod shells (one per rod). Realized statistics,
// each shell its own thickness, no overlap with variable shells, and the
// thinnest drawn layer as the feature the mesh refines to.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "mesh/box_mesh.h"
#include "microstructure/enamel.h"
#include "microstructure/nacre.h"
#include "microstructure/particles.h"
#include "sample_checks.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

using namespace nanomech;
using namespace dealii;

namespace
{

  std::string
  nacre_prm(const std::string &nacre, const std::string &extra = "")
  {
    return "subsection Microstructure\n set Type = nacre\n set Seed = 7\n" +
           extra +
           " subsection Nacre\n  set Tablet length = 1\n"
           "  set Tablet length CoV = 0.25\n  set Tablet thickness = 0.2\n"
           "  set Tablet thickness CoV = 0.1\n"
           "  set Interlayer thickness = 0.03\n  set Joint thickness = 0.04\n"
           "  set Number of rows = 6\n  set Tablets per row = 4\n" +
           nacre + " end\nend\n";
  }
} // namespace

TEST(Nacre, InterlayerAndJointThicknessStatistics)
{
  // A long, non-periodic strip: about 150 interlayers and 30000 joints. CoV
  // 0.25: the truncation at a quarter of the mean (3 sigma for the normal)
  // moves the mean by 0.1 % and the std by 0.7 %, below the tolerances.
  for (const std::string type : {"normal", "lognormal"})
    {
      auto prm = nanomech::testing::parameters_from(
          "subsection Microstructure\n set Type = nacre\n subsection Nacre\n"
          "  set Size distribution = " +
          type +
          "\n  set Tablet length = 2\n  set Tablet thickness = 0.25\n"
          "  set Interlayer thickness = 0.02\n"
          "  set Interlayer thickness CoV = 0.25\n"
          "  set Joint thickness = 0.04\n  set Joint thickness CoV = 0.25\n"
          " end\nend\n");
      const auto ms = Microstructure::create<2>(*prm, Point<2>(400., 40.));
      const bool lognormal = type == "lognormal";
      nanomech::testing::expect_statistics(
          *ms, "interlayer_thickness", 0.02, 0.25, lognormal, 140);
      nanomech::testing::expect_statistics(
          *ms, "joint_thickness", 0.04, 0.25, lognormal, 25000);
      // The mesh refines to the thinnest drawn layer.
      EXPECT_DOUBLE_EQ(ms->thinnest_feature(),
                       std::min(nanomech::testing::statistic(
                                    *ms, "interlayer_thickness", "min_um"),
                                nanomech::testing::statistic(*ms,
                                                             "joint_thickness",
                                                             "min_um")));
    }
}

TEST(Nacre, DrawnInterlayersAreExactGridPlanes)
{
  // Periodic 2D and 3D: the interlayers (one thickness each) are bounded
  // by planes of interface_planes(), the box from natural_size() holds the
  // requested rows exactly, and the mesh has grid planes there.
  const std::string drawn = "  set Interlayer thickness CoV = 0.4\n"
                            "  set Joint thickness CoV = 0.3\n";
  for (const unsigned int dim : {2u, 3u})
    {
      SCOPED_TRACE("dim " + std::to_string(dim));
      auto prm = nanomech::testing::parameters_from(
          nacre_prm(drawn, " set Periodic = true\n") +
          "subsection Geometry\n set Cells x = 16\n set Cells y = " +
          (dim == 2 ? "12" : "8") + "\n set Cells z = 12\nend\n");
      auto check = [&](auto ms, auto tria, const auto &size) {
        constexpr int      d      = std::decay_t<decltype(size)>::dimension;
        const unsigned int stack  = d - 1;
        const auto         planes = ms->interface_planes(stack);
        // Bottom of row 0 at 0 (the face); then top of row 0, bottom of
        // row 1, ...: 2 n - 1 planes for n rows.
        ASSERT_EQ(planes.size(), 2u * 6 - 1);
        std::vector<double> interlayers;
        for (unsigned int r = 0; r < 6; ++r)
          {
            const double top    = planes[2 * r];
            const double bottom = r + 1 < 6 ? planes[2 * r + 1] : size[stack];
            interlayers.push_back(bottom - top);
            // Interlayer between the planes, tablet band (tablet or joint,
            // never the interlayer's thickness) outside.
            Point<d> p;
            for (unsigned int k = 0; k < 20; ++k)
              {
                for (unsigned int i = 0; i < stack; ++i)
                  p[i] = (k + 0.5) / 20 * size[i];
                p[stack] = 0.5 * (top + bottom);
                EXPECT_EQ(ms->material_at(p).phase, 1u);
                p[stack]         = top - 1e-9;
                const auto below = ms->material_at(p);
                p[stack]         = top + 1e-9;
                EXPECT_EQ(ms->material_at(p).phase, 1u);
                if (below.phase == 0)
                  {
                    EXPECT_NE(below.grain, 0u);
                  }
              }
          }
        // Each interlayer its own thickness; periodic: their mean is the
        // requested one (they are scaled together).
        SampleStatistics realized;
        for (const double t : interlayers)
          realized.add(t);
        EXPECT_GT(realized.std_dev(), 0.05 * 0.03);
        EXPECT_NEAR(realized.mean(), 0.03, 1e-12);
        EXPECT_NEAR(nanomech::testing::statistic(*ms,
                                                 "interlayer_thickness",
                                                 "mean_um"),
                    0.03,
                    1e-8);
        EXPECT_LE(ms->thinnest_feature(), realized.min() * (1 + 1e-12));
        // Every plane is a grid plane: no cell straddles one.
        unsigned int n_cut = 0;
        for (const auto &cell : tria->active_cell_iterators())
          if (cell->is_locally_owned())
            {
              const double lo = cell->vertex(0)[stack];
              const double hi = lo + cell->extent_in_direction(stack);
              for (const double c : planes)
                n_cut += c > lo + 1e-12 && c < hi - 1e-12;
            }
        EXPECT_EQ(Utilities::MPI::sum(n_cut, MPI_COMM_WORLD), 0u);
      };
      if (dim == 2)
        {
          GeometryParameters geometry;
          geometry.parse_parameters(*prm, 2);
          const Point<2> s = Microstructure::natural_size<2>(*prm);
          for (unsigned int d = 0; d < 2; ++d)
            geometry.size[d] = s[d];
          const auto ms = Microstructure::create<2>(*prm, s);
          auto tria = std::make_unique<parallel::distributed::Triangulation<2>>(
              MPI_COMM_WORLD);
          make_box_mesh(*tria, geometry, *ms);
          check(ms.get(), tria.get(), s);
        }
      else
        {
          GeometryParameters geometry;
          geometry.parse_parameters(*prm, 3);
          prm->enter_subsection("Microstructure");
          prm->enter_subsection("Nacre");
          prm->set("Number of rows", "6");
          prm->set("Tablets per row", "2");
          prm->leave_subsection();
          prm->leave_subsection();
          const Point<3> s = Microstructure::natural_size<3>(*prm);
          for (unsigned int d = 0; d < 3; ++d)
            geometry.size[d] = s[d];
          geometry.global_refinements    = 0;
          geometry.interface_refinements = 0;
          geometry.max_extra_refinements = 0;
          const auto ms                  = Microstructure::create<3>(*prm, s);
          auto tria = std::make_unique<parallel::distributed::Triangulation<3>>(
              MPI_COMM_WORLD);
          make_box_mesh(*tria, geometry, *ms);
          check(ms.get(), tria.get(), s);
        }
    }
}

TEST(Nacre, DrawnJointsHaveTheirOwnThickness)
{
  // 2D, periodic: walking along the middle of each row, every joint (a run
  // of phase 1 between two tablets) is one of the drawn thicknesses, and
  // they differ.
  auto prm = nanomech::testing::parameters_from(
      nacre_prm("  set Joint thickness CoV = 0.3\n  set Tablets per row = 8\n",
                " set Periodic = true\n"));
  const Point<2>   size     = Microstructure::natural_size<2>(*prm);
  const auto       ms       = Microstructure::create<2>(*prm, size);
  const auto       planes_x = ms->interface_planes(0);
  const auto       planes_y = ms->interface_planes(1);
  SampleStatistics widths;
  for (unsigned int r = 0; r < 6; ++r)
    {
      const double y = r == 0 ? 0.5 * planes_y[0] :
                                0.5 * (planes_y[2 * r - 1] + planes_y[2 * r]);
      // Joint edges are planes of interface_planes(0): measure each joint
      // between the planes around it.
      std::vector<double> edges = {0.};
      for (const double x : planes_x)
        edges.push_back(x);
      edges.push_back(size[0]);
      std::sort(edges.begin(), edges.end());
      double run = 0.;
      for (unsigned int k = 0; k + 1 < edges.size(); ++k)
        {
          const double a = edges[k], b = edges[k + 1];
          if (b - a < 1e-12)
            continue;
          const bool joint =
              ms->material_at(Point<2>(0.5 * (a + b), y)).phase == 1;
          if (joint)
            run += b - a;
          else if (run > 0.)
            {
              if (a > run + 1e-12) // not cut by x = 0
                widths.add(run);
              run = 0.;
            }
        }
    }
  ASSERT_GT(widths.count(), 30u);
  EXPECT_GT(widths.std_dev(), 0.1 * 0.04);
  EXPECT_NEAR(widths.mean(), 0.04, 3 * 0.3 * 0.04 / std::sqrt(widths.count()));
  EXPECT_GE(widths.min(), 0.25 * 0.04 * 0.9);
  EXPECT_LE(ms->thinnest_feature(), widths.min() + 1e-12);
}

TEST(Nacre, DrawnJointsWithVoronoiTabletsAreAClearInputError)
{
  nanomech::testing::expect_input_error(
      [&]() {
        auto prm = nanomech::testing::parameters_from(
            "subsection Microstructure\n set Type = nacre\n subsection Nacre\n"
            "  set Tablet shape = voronoi\n  set Joint thickness CoV = 0.2\n"
            " end\nend\n");
        Microstructure::create<3>(*prm, Point<3>(3., 3., 0.5));
      },
      "Joint thickness CoV must be 0");
}

namespace
{
  template <int dim>
  std::unique_ptr<Microstructure::Particles<dim>>
  particles(const std::string &settings,
            const Point<dim>  &size,
            const bool         periodic,
            const unsigned int seed = 5)
  {
    return nanomech::testing::make_structure<Microstructure::Particles>(
        "Particles", settings, size, seed, periodic);
  }

  const std::string variable_shells = "  set Particle radius = 0.06\n"
                                      "  set Particle radius CoV = 0.25\n"
                                      "  set Volume fraction = 0.3\n"
                                      "  set Shell thickness = 0.015\n"
                                      "  set Shell thickness CoV = 0.4\n"
                                      "  set Minimum gap = 0.005\n";
} // namespace

TEST(Particles, EachShellHasItsOwnDrawnThickness)
{
  const Point<3>  size(0.6, 0.6, 0.6);
  const auto      ms = particles<3>(variable_shells, size, true);
  const auto     &s  = ms->particle_shells();
  std::mt19937_64 rng(1);
  std::normal_distribution<double> n(0., 1.);
  const double                     eps = 1e-9;
  ASSERT_EQ(s.size(), ms->particle_centers().size());
  for (unsigned int i = 0; i < s.size(); ++i)
    for (unsigned int k = 0; k < 5; ++k)
      {
        Tensor<1, 3> dir;
        for (unsigned int d = 0; d < 3; ++d)
          dir[d] = n(rng);
        dir /= dir.norm();
        const Point<3> c = ms->particle_centers()[i];
        const double   r = ms->particle_radii()[i];
        EXPECT_EQ(ms->material_at(c + (r - eps) * dir).phase, 0u);
        EXPECT_EQ(ms->material_at(c + (r - eps) * dir).grain, i + 1);
        EXPECT_EQ(ms->material_at(c + (r + eps) * dir).phase, 1u);
        EXPECT_EQ(ms->material_at(c + (r + s[i] - eps) * dir).phase, 1u);
        EXPECT_EQ(ms->material_at(c + (r + s[i] + eps) * dir).phase, 2u);
      }
  SampleStatistics drawn;
  for (const double x : s)
    drawn.add(x);
  EXPECT_GT(drawn.std_dev(), 0.1 * 0.015);
  EXPECT_GE(drawn.min(), 0.25 * 0.015);
  EXPECT_DOUBLE_EQ(ms->thinnest_feature(), drawn.min());
}

TEST(Particles, NoOverlapWithDrawnShells)
{
  for (const bool periodic : {false, true})
    for (const unsigned int dim : {2u, 3u})
      {
        SCOPED_TRACE((periodic ? "periodic " : "bounded ") +
                     std::to_string(dim) + "D");
        auto check = [&](const auto &ms, const auto &size) {
          constexpr int d        = std::decay_t<decltype(size)>::dimension;
          const auto   &c        = ms.particle_centers();
          const auto   &r        = ms.particle_radii();
          const auto   &s        = ms.particle_shells();
          double        smallest = 1e300;
          for (unsigned int i = 0; i < c.size(); ++i)
            for (unsigned int j = i + 1; j < c.size(); ++j)
              {
                Tensor<1, d> v = c[j] - c[i];
                if (periodic)
                  for (unsigned int k = 0; k < d; ++k)
                    v[k] -= size[k] * std::round(v[k] / size[k]);
                smallest =
                    std::min(smallest, v.norm() - r[i] - r[j] - s[i] - s[j]);
              }
          EXPECT_GE(smallest, 0.005 - 1e-12);
          EXPECT_NEAR(ms.smallest_gap(), smallest, 1e-12);
          if (!periodic)
            for (unsigned int i = 0; i < c.size(); ++i)
              for (unsigned int k = 0; k < d; ++k)
                {
                  EXPECT_GE(c[i][k] - r[i] - s[i], -1e-12);
                  EXPECT_LE(c[i][k] + r[i] + s[i], size[k] + 1e-12);
                }
        };
        if (dim == 2)
          {
            const Point<2> size(1., 1.2);
            check(*particles<2>(variable_shells, size, periodic), size);
          }
        else
          {
            const Point<3> size(0.6, 0.6, 0.6);
            check(*particles<3>(variable_shells, size, periodic), size);
          }
      }
}

TEST(Particles, ShellStatisticsMatchTheDistribution)
{
  // About 1700 particles; CoV 0.25 (see the nacre test on the truncation).
  for (const std::string type : {"normal", "lognormal"})
    {
      const auto ms = particles<2>("  set Size distribution = " + type +
                                       "\n  set Particle radius = 0.05\n"
                                       "  set Volume fraction = 0.3\n"
                                       "  set Shell thickness = 0.01\n"
                                       "  set Shell thickness CoV = 0.25\n",
                                   Point<2>(8., 8.),
                                   true);
      nanomech::testing::expect_statistics(
          *ms, "shell_thickness", 0.01, 0.25, type == "lognormal", 1000);
      EXPECT_EQ(nanomech::testing::statistic(*ms, "shell_thickness", "count"),
                double(ms->particle_centers().size()));
    }
}

namespace
{
  template <int dim>
  std::unique_ptr<Microstructure::Enamel<dim>>
  enamel(const Point<dim> &size, const std::string &settings)
  {
    return nanomech::testing::make_structure<Microstructure::Enamel>(
        "Enamel",
        "  set Rod diameter = 0.05\n  set Rod diameter CoV = 0.1\n"
        "  set Shell thickness = 0.005\n  set Shell thickness CoV = 0.3\n"
        "  set Minimum gap = 0.004\n" +
            settings,
        size,
        3,
        true);
  }
} // namespace

namespace
{
  /// Around every rod core of radius r the shell ends at r + s_j, s_j the
  /// rod's own drawn thickness (3D: at several heights).
  template <int dim>
  void
  check_rod_shells(const Microstructure::Enamel<dim> &ms)
  {
    const auto                            &section = ms.cross_section();
    const auto                            &s       = section.particle_shells();
    const double                           eps     = 1e-9;
    std::mt19937_64                        rng(2);
    std::uniform_real_distribution<double> u(0., 2. * M_PI);
    SampleStatistics                       drawn;
    for (unsigned int j = 0; j < s.size(); ++j)
      {
        drawn.add(s[j]);
        const double r = section.particle_radii()[j];
        for (unsigned int k = 0; k < 4; ++k)
          {
            const double a = u(rng);
            Point<dim>   c, dir;
            c[0] = section.particle_centers()[j][0];
            c[1] = section.particle_centers()[j][1];
            if (dim == 3)
              c[dim - 1] = 0.1 * k;
            dir[0]  = std::cos(a);
            dir[1]  = std::sin(a);
            auto at = [&](const double rho) {
              return ms.material_at(c + rho * dir);
            };
            EXPECT_EQ(at(r - eps).phase, 0u);
            EXPECT_EQ(at(r + eps).phase, 1u);
            EXPECT_EQ(at(r + s[j] - eps).phase, 1u);
            EXPECT_EQ(at(r + s[j] + eps).phase, 2u);
          }
      }
    EXPECT_GT(drawn.std_dev(), 0.1 * 0.005);
    EXPECT_GE(drawn.min(), 0.25 * 0.005);
    EXPECT_DOUBLE_EQ(ms.thinnest_feature(), drawn.min());
    EXPECT_EQ(nanomech::testing::statistic(ms, "shell_thickness", "count"),
              double(s.size()));
  }
} // namespace

TEST(Enamel, EachRodShellHasItsOwnDrawnThickness)
{
  // 2D cross-sections and 3D continuous rods, hexagonal and random.
  for (const std::string packing : {"hexagonal", "random"})
    {
      SCOPED_TRACE(packing);
      const std::string settings =
          "  set Packing = " + packing + "\n  set Rod volume fraction = 0.3\n";
      check_rod_shells(*enamel<2>(Point<2>(0.6, 0.6), settings));
      check_rod_shells(*enamel<3>(Point<3>(0.4, 0.4, 0.4), settings));
    }
}

TEST(Enamel, BundledRodShellsHaveTheirOwnThickness)
{
  // With bundles: every rod's shell statistics are reported, the sheath or
  // the thinnest drawn shell is the thinnest feature.
  const auto       ms = enamel<3>(Point<3>(0.4, 0.4, 0.8),
                            "  set Packing = random\n"
                                  "  set Rod volume fraction = 0.35\n"
                                  "  set Bundle diameter = 0.2\n"
                                  "  set Bundle tilt = 26.5\n"
                                  "  set Bundle sheath thickness = 0.006\n");
  SampleStatistics drawn;
  for (const auto &b : ms->bundle_list())
    for (const double s : b.rods->particle_shells())
      drawn.add(s);
  EXPECT_EQ(nanomech::testing::statistic(*ms, "shell_thickness", "count"),
            double(drawn.count()));
  EXPECT_GT(drawn.std_dev(), 0.1 * 0.005);
  EXPECT_DOUBLE_EQ(ms->thinnest_feature(), std::min(drawn.min(), 0.006));
}
