// Nacre brick-and-mortar: volume fractions, size statistics, resolution of
// the thin layers, determinism across ranks and seeds, periodicity.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/fe/fe_values.h>

#include "base/json_writer.h"
#include "mesh/box_mesh.h"
#include "microstructure/nacre.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

using namespace nanomech;
using namespace dealii;

namespace
{
  std::string
  nacre_prm(const std::string &extra = "")
  {
    return "subsection Microstructure\n set Type = nacre\n set Seed = 7\n"
           " subsection Nacre\n  set Tablet length = 1\n"
           "  set Tablet length CoV = 0.25\n  set Tablet thickness = 0.2\n"
           "  set Tablet thickness CoV = 0.1\n"
           "  set Interlayer thickness = 0.03\n  set Joint thickness = 0.04\n"
           "  set Number of rows = 6\n  set Tablets per row = 4\n"
           " end\n" +
           extra +
           "end\nsubsection Geometry\n set Size from microstructure = true\n"
           " set Cells x = 40\n set Cells y = 24\n set Cells z = 8\nend\n";
  }

  template <int dim>
  struct Built
  {
    explicit Built(const std::string &text, MPI_Comm comm = MPI_COMM_WORLD)
        : prm(nanomech::testing::parameters_from(text))
        , tria(comm)
    {
      geometry.parse_parameters(*prm, dim);
      const Point<dim> s = Microstructure::natural_size<dim>(*prm);
      for (unsigned int d = 0; d < dim; ++d)
        geometry.size[d] = s[d];
      ms = Microstructure::create<dim>(*prm, s);
    }
    void
    mesh()
    {
      make_box_mesh(tria, geometry, *ms);
    }
    std::unique_ptr<ParameterHandler>               prm;
    GeometryParameters                              geometry;
    std::unique_ptr<Microstructure::Interface<dim>> ms;
    parallel::distributed::Triangulation<dim>       tria;
  };

  /// Phase volume fractions of the mesh, from 3^dim Gauss points per cell.
  template <int dim>
  std::vector<double>
  meshed_fractions(const Built<dim> &b)
  {
    double      v[2] = {0, 0};
    QGauss<dim> q(3);
    for (const auto &cell : b.tria.active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int k = 0; k < q.size(); ++k)
          {
            Point<dim> p = cell->vertex(0);
            for (unsigned int d = 0; d < dim; ++d)
              p[d] += q.point(k)[d] * cell->extent_in_direction(d);
            v[b.ms->material_at(p).phase] += q.weight(k) * cell->measure();
          }
    Utilities::MPI::sum(v, MPI_COMM_WORLD, v);
    return {v[0] / (v[0] + v[1]), v[1] / (v[0] + v[1])};
  }

  /// Phases at a fixed lattice of points, as a string.
  template <int dim>
  std::string
  fingerprint(const Microstructure::Interface<dim> &ms, const Point<dim> &size)
  {
    std::string        s;
    const unsigned int n = dim == 2 ? 200 : 40;
    for (unsigned int k = 0; k < std::pow(n, dim); ++k)
      {
        Point<dim>   p;
        unsigned int r = k;
        for (unsigned int d = 0; d < dim; ++d)
          {
            p[d] = (r % n + 0.37) / n * size[d];
            r /= n;
          }
        const auto m = ms.material_at(p);
        s += char('0' + m.phase);
        s += std::to_string(m.grain);
      }
    return s;
  }
} // namespace

TEST(Nacre, MeshedVolumeFractionsMatchRequested2D)
{
  Built<2> b(nacre_prm(" set Periodic = true\n"));
  b.mesh();
  const auto f   = meshed_fractions(b);
  const auto req = b.ms->requested_volume_fractions();
  EXPECT_NEAR(f[1], req[1], 0.01) << "meshed interlayer fraction";
}

TEST(Nacre, MeshedVolumeFractionsMatchRequested3D)
{
  Built<3> b(nacre_prm(" set Periodic = true\n subsection Nacre\n"
                       "  set Number of rows = 2\n  set Tablets per row = 2\n"
                       " end\n"));
  b.geometry.cells = {{12, 12, 6}};
  b.mesh();
  const auto f   = meshed_fractions(b);
  const auto req = b.ms->requested_volume_fractions();
  EXPECT_NEAR(f[1], req[1], 0.01) << "meshed interlayer fraction";
}

TEST(Nacre, ThinLayersSpanTwoCells)
{
  // 2D: interlayers and joints lie on grid lines and get two rows of
  // cells; every cell holding the soft phase is at most half a layer thick
  // across it.
  Built<2> b(nacre_prm(" set Periodic = true\n"));
  b.mesh();
  unsigned int n_soft = 0, n_bad = 0;
  for (const auto &cell : b.tria.active_cell_iterators())
    if (cell->is_locally_owned() &&
        b.ms->material_at(cell->center()).phase == 1)
      {
        ++n_soft;
        // An interlayer cell (thin in y) or a joint cell (thin in x).
        const double hx = cell->extent_in_direction(0);
        const double hy = cell->extent_in_direction(1);
        if (!(hy <= 0.03 / 2 * (1 + 1e-9) || hx <= 0.04 / 2 * (1 + 1e-9)))
          ++n_bad;
      }
  EXPECT_GT(Utilities::MPI::sum(n_soft, MPI_COMM_WORLD), 0u);
  EXPECT_EQ(Utilities::MPI::sum(n_bad, MPI_COMM_WORLD), 0u);
}

TEST(Nacre, SizeStatisticsMatchTheDistributions)
{
  for (const std::string type : {"normal", "lognormal"})
    {
      // A long, non-periodic strip: many tablets, no rescaling.
      auto prm = nanomech::testing::parameters_from(
          "subsection Microstructure\n set Type = nacre\n subsection Nacre\n"
          "  set Size distribution = " +
          type +
          "\n  set Tablet length = 2\n  set Tablet length CoV = 0.3\n"
          "  set Tablet thickness = 0.25\n  set Tablet thickness CoV = 0.2\n"
          " end\nend\n");
      const auto ms = Microstructure::create<2>(*prm, Point<2>(400., 40.));
      std::ostringstream out;
      JsonWriter         json(out);
      json.begin_object();
      ms->write_statistics(json);
      json.end_object();
      // Parse the two numbers we need from the statistics text.
      auto number_after = [&](const std::string &block,
                              const std::string &key) {
        const std::string s = out.str();
        const auto        b = s.find("\"" + block + "\"");
        const auto        k = s.find("\"" + key + "\"", b);
        return std::stod(s.substr(s.find(':', k) + 1));
      };
      for (const auto &[block, mean, cov] :
           {std::make_tuple(std::string("tablet_length"), 2., 0.3),
            std::make_tuple(std::string("tablet_thickness"), 0.25, 0.2)})
        {
          const double n     = number_after(block, "count");
          const double m     = number_after(block, "mean_um");
          const double s     = number_after(block, "std_um");
          const double sigma = cov * mean;
          SCOPED_TRACE(type + " " + block + " n=" + std::to_string(n));
          EXPECT_GT(n, 100.);
          // Within 3 standard errors of the requested mean and std (the
          // normal is truncated at 5 % of the mean, 3.2 sigma away: its
          // effect is far below one standard error).
          EXPECT_NEAR(m, mean, 3 * sigma / std::sqrt(n));
          EXPECT_NEAR(s, sigma, 3 * sigma / std::sqrt(2 * (n - 1)));
        }
    }
}

TEST(Nacre, SameSeedSameStructureOnEveryRank)
{
  // Built on every rank independently; the lattice fingerprint of rank 0
  // must be that of every rank.
  Built<2>          b(nacre_prm(" set Periodic = true\n"), MPI_COMM_SELF);
  const std::string mine = fingerprint<2>(*b.ms, Point<2>(4.16, 1.38));
  const std::string root = Utilities::MPI::broadcast(MPI_COMM_WORLD, mine, 0);
  EXPECT_EQ(mine, root);

  Built<2> other(nacre_prm(" set Periodic = true\n set Seed = 8\n"),
                 MPI_COMM_SELF);
  EXPECT_NE(fingerprint<2>(*other.ms, Point<2>(4.16, 1.38)), mine);
}

TEST(Nacre, PeriodicStructureTiles)
{
  for (const double amplitude : {0., 0.03})
    {
      Built<3> b(nacre_prm(" set Periodic = true\n subsection Nacre\n"
                           "  set Bridge fraction = 0.05\n"
                           "  set Waviness amplitude = " +
                           std::to_string(amplitude) + "\n end\n"));
      Point<3> L;
      for (unsigned int d = 0; d < 3; ++d)
        L[d] = b.geometry.size[d];
      std::mt19937_64                        rng(3);
      std::uniform_real_distribution<double> u(0., 1.);
      unsigned int                           n_soft = 0;
      for (unsigned int k = 0; k < 20000; ++k)
        {
          Point<3> p;
          for (unsigned int d = 0; d < 3; ++d)
            p[d] = u(rng) * L[d];
          const auto m = b.ms->material_at(p);
          n_soft += m.phase;
          for (unsigned int d = 0; d < 3; ++d)
            {
              Point<3> q = p;
              q[d] += L[d];
              const auto mq = b.ms->material_at(q);
              ASSERT_EQ(mq.phase, m.phase) << "direction " << d << " at " << p;
              ASSERT_EQ(mq.grain, m.grain) << "direction " << d << " at " << p;
            }
        }
      EXPECT_GT(n_soft, 0u);
    }
}

// ---------------------------------------------------------------------------
// 3D nacre with polygonal (Voronoi) tablets.

#include "base/exceptions.h"
#include "example_mesh.h"
#include "sample_checks.h"

namespace
{
  std::string
  voronoi_prm(const std::string &extra = "")
  {
    return "set Dimension = 3\n"
           "subsection Microstructure\n set Type = nacre\n set Seed = 5\n"
           " set Periodic = true\n subsection Nacre\n"
           "  set Tablet shape = voronoi\n  set Tablet length = 1\n"
           "  set Tablet length CoV = 0.25\n  set Tablet thickness = 0.2\n"
           "  set Interlayer thickness = 0.02\n  set Joint thickness = 0.04\n"
           "  set Number of rows = 3\n  set Tablets per row = 3\n" +
           extra + " end\nend\n";
  }

} // namespace

TEST(Nacre, VoronoiExampleMeshedFractionsAndResolvedJoints)
{
  const nanomech::testing::ExampleMesh<3> example(
      nanomech::testing::example_text("nacre_voronoi_3d.prm"));
  const auto f   = example.meshed_fractions();
  const auto req = example.ms->requested_volume_fractions();
  EXPECT_NEAR(f[0], req[0], 0.01) << "tablets";
  EXPECT_NEAR(f[1], req[1], 0.01) << "interlayers and joints";
  // Every cell inside a joint (soft phase at its center, within a tablet
  // layer, not an interlayer row) is at most half a joint wide in x and y:
  // two cells span the joint.
  const double joint   = 0.05;
  unsigned int n_joint = 0, n_bad = 0;
  for (const auto &cell : example.tria.active_cell_iterators())
    if (cell->is_locally_owned() &&
        example.ms->material_at(cell->center()).phase == 1 &&
        cell->extent_in_direction(2) > 0.02 * (1 + 1e-9))
      {
        ++n_joint;
        if (cell->extent_in_direction(0) > 0.5 * joint * (1 + 1e-9) ||
            cell->extent_in_direction(1) > 0.5 * joint * (1 + 1e-9))
          ++n_bad;
      }
  EXPECT_GT(Utilities::MPI::sum(n_joint, MPI_COMM_WORLD), 100u);
  EXPECT_EQ(Utilities::MPI::sum(n_bad, MPI_COMM_WORLD), 0u);
}

TEST(Nacre, VoronoiTabletSizesFollowTheDistribution)
{
  // 3 layers of 8 x 8 µm: about 240 tablets of 1 µm mean diameter.
  for (const std::string type : {"normal", "lognormal"})
    {
      auto prm = nanomech::testing::parameters_from(
          voronoi_prm("  set Size distribution = " + type + "\n"));
      const auto   ms = Microstructure::create<3>(*prm, Point<3>(8., 8., 0.66));
      const double n =
          nanomech::testing::statistic(*ms,
                                       "tablet_equivalent_diameter",
                                       "count");
      const double m =
          nanomech::testing::statistic(*ms,
                                       "tablet_equivalent_diameter",
                                       "mean_um");
      const double s =
          nanomech::testing::statistic(*ms,
                                       "tablet_equivalent_diameter",
                                       "std_um");
      const double sigma = 0.25;
      SCOPED_TRACE(
          type + ": n " + std::to_string(n) + ", mean " + std::to_string(m) +
          ", std " + std::to_string(s) + ", area fit error " +
          std::to_string(nanomech::testing::statistic(
              *ms, "tablet_area_fit_rms_error", "tablet_area_fit_rms_error")));
      EXPECT_GT(n, 200.);
      EXPECT_NEAR(m, 1., 3 * sigma / std::sqrt(n));
      // The lognormal's heavier tail widens the scatter of a sample std.
      EXPECT_NEAR(s,
                  sigma,
                  3 * nanomech::testing::std_error_of_std(
                          sigma, 0.25, type == "lognormal", n));
    }
}

TEST(Nacre, VoronoiJointsHaveTheirThicknessAndLayersDiffer)
{
  auto       prm = nanomech::testing::parameters_from(voronoi_prm());
  const auto ms  = Microstructure::create<3>(*prm, Point<3>(3., 3., 0.66));
  // Along lines in x through the middle of each tablet layer: every run of
  // joint phase is at least t_j wide (a line crosses a joint obliquely or
  // at a junction, never narrower), and most are below 2 t_j.
  const double                     t = 0.04, step = 2e-4;
  std::vector<std::vector<double>> widths(3);
  std::vector<std::string>         pattern(3);
  for (unsigned int layer = 0; layer < 3; ++layer)
    for (unsigned int line = 0; line < 15; ++line)
      {
        const double y = (line + 0.5) / 15 * 3., z = layer * 0.22 + 0.1;
        double       run   = 0;
        bool         first = ms->material_at(Point<3>(0., y, z)).phase == 1;
        for (double x = 0; x < 3.; x += step)
          {
            const bool joint = ms->material_at(Point<3>(x, y, z)).phase == 1;
            pattern[layer] += joint ? '1' : '0';
            if (joint)
              run += step;
            else
              {
                if (run > 0 && !first)
                  widths[layer].push_back(run);
                first = false;
                run   = 0;
              }
          }
      }
  for (unsigned int layer = 0; layer < 3; ++layer)
    {
      ASSERT_GT(widths[layer].size(), 20u);
      EXPECT_GE(*std::min_element(widths[layer].begin(), widths[layer].end()),
                t - 2 * step);
      std::nth_element(widths[layer].begin(),
                       widths[layer].begin() + widths[layer].size() / 2,
                       widths[layer].end());
      EXPECT_LT(widths[layer][widths[layer].size() / 2], 2 * t);
    }
  // Each layer has its own tablets: the joint patterns differ.
  EXPECT_NE(pattern[0], pattern[1]);
  EXPECT_NE(pattern[1], pattern[2]);
}

TEST(Nacre, VoronoiTilesPeriodicallySameSeedSameStructure)
{
  const Point<3>  L(3., 3., 0.66);
  auto            prm = nanomech::testing::parameters_from(voronoi_prm());
  const auto      ms  = Microstructure::create<3>(*prm, L);
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0., 1.);
  unsigned int                           n_soft = 0;
  std::vector<double>                    mine;
  for (unsigned int k = 0; k < 5000; ++k)
    {
      Point<3> p;
      for (unsigned int d = 0; d < 3; ++d)
        p[d] = u(rng) * L[d];
      const auto m = ms->material_at(p);
      n_soft += m.phase;
      mine.push_back(m.phase + 10. * m.grain);
      for (unsigned int d = 0; d < 3; ++d)
        {
          Point<3> q = p;
          q[d] -= L[d];
          ASSERT_EQ(ms->material_at(q).phase, m.phase) << d << " " << p;
          ASSERT_EQ(ms->material_at(q).grain, m.grain) << d << " " << p;
        }
    }
  EXPECT_GT(n_soft, 100u);
  EXPECT_EQ(Utilities::MPI::broadcast(MPI_COMM_WORLD, mine, 0), mine);
  auto other_prm = nanomech::testing::parameters_from(
      voronoi_prm() + "subsection Microstructure\n set Seed = 6\nend\n");
  const auto   other  = Microstructure::create<3>(*other_prm, L);
  unsigned int n_diff = 0;
  for (unsigned int k = 0; k < 500; ++k)
    {
      const Point<3> p(u(rng) * L[0], u(rng) * L[1], u(rng) * L[2]);
      n_diff += other->material_at(p).grain != ms->material_at(p).grain;
    }
  EXPECT_GT(n_diff, 0u);
}

TEST(Nacre, VoronoiIn2DIsAClearInputError)
{
  nanomech::testing::expect_input_error(
      [&]() {
        auto prm = nanomech::testing::parameters_from(
            "subsection Microstructure\n set Type = nacre\n subsection Nacre\n"
            "  set Tablet shape = voronoi\n end\nend\n");
        Microstructure::create<2>(*prm, Point<2>(4., 2.));
      },
      "Microstructure/Nacre/Tablet shape = voronoi needs");
}
