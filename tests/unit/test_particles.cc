// Particles and core-shell particles: no overlap, shell thickness, volume
// fractions, size statistics, periodicity, determinism, clear failure.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>

#include "base/exceptions.h"
#include "mesh/box_mesh.h"
#include "microstructure/particles.h"
#include "sample_checks.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <tuple>

using namespace nanomech;
using namespace dealii;

namespace
{
  template <int dim>
  std::unique_ptr<Microstructure::Particles<dim>>
  make(const std::string &settings,
       const Point<dim>  &size,
       bool               periodic,
       unsigned int       seed = 5)
  {
    return nanomech::testing::make_structure<Microstructure::Particles>(
        "Particles", settings, size, seed, periodic);
  }

  const std::string core_shell = "  set Particle radius = 0.06\n"
                                 "  set Particle radius CoV = 0.25\n"
                                 "  set Volume fraction = 0.3\n"
                                 "  set Shell thickness = 0.015\n"
                                 "  set Minimum gap = 0.005\n";

  template <int dim>
  void
  check_no_overlap(const Microstructure::Particles<dim> &ms,
                   const Point<dim>                     &size,
                   bool                                  periodic,
                   double                                gap)
  {
    const auto  &c        = ms.particle_centers();
    const auto  &r        = ms.particle_radii();
    const double s        = ms.shell_thickness();
    double       smallest = 1e300;
    for (unsigned int i = 0; i < c.size(); ++i)
      for (unsigned int j = i + 1; j < c.size(); ++j)
        {
          Tensor<1, dim> d = c[j] - c[i];
          if (periodic)
            for (unsigned int k = 0; k < dim; ++k)
              d[k] -= size[k] * std::round(d[k] / size[k]);
          smallest = std::min(smallest, d.norm() - r[i] - r[j] - 2 * s);
        }
    EXPECT_GE(smallest, gap - 1e-12);
    EXPECT_NEAR(ms.smallest_gap(), smallest, 1e-12);
    if (!periodic)
      for (unsigned int i = 0; i < c.size(); ++i)
        for (unsigned int k = 0; k < dim; ++k)
          {
            EXPECT_GE(c[i][k] - r[i] - s, -1e-12);
            EXPECT_LE(c[i][k] + r[i] + s, size[k] + 1e-12);
          }
  }
} // namespace

TEST(Particles, NoOverlapAndMinimumGap)
{
  for (const bool periodic : {false, true})
    {
      SCOPED_TRACE(periodic ? "periodic" : "bounded");
      const Point<2> s2(1., 1.2);
      check_no_overlap<2>(*make<2>(core_shell, s2, periodic),
                          s2,
                          periodic,
                          0.005);
      const Point<3> s3(0.6, 0.6, 0.6);
      check_no_overlap<3>(*make<3>(core_shell, s3, periodic),
                          s3,
                          periodic,
                          0.005);
    }
}

TEST(Particles, ShellsHaveTheRequestedThickness)
{
  const Point<3>                   size(0.6, 0.6, 0.6);
  const auto                       ms = make<3>(core_shell, size, true);
  std::mt19937_64                  rng(1);
  std::normal_distribution<double> n(0., 1.);
  const double                     eps = 1e-9;
  for (unsigned int i = 0; i < ms->particle_centers().size(); ++i)
    for (unsigned int k = 0; k < 5; ++k)
      {
        Tensor<1, 3> dir;
        for (unsigned int d = 0; d < 3; ++d)
          dir[d] = n(rng);
        dir /= dir.norm();
        const Point<3> c = ms->particle_centers()[i];
        const double   r = ms->particle_radii()[i], s = 0.015;
        EXPECT_EQ(ms->material_at(c + (r - eps) * dir).phase, 0u);
        EXPECT_EQ(ms->material_at(c + (r + eps) * dir).phase, 1u);
        EXPECT_EQ(ms->material_at(c + (r + s - eps) * dir).phase, 1u);
        EXPECT_EQ(ms->material_at(c + (r + s + eps) * dir).phase, 2u);
        EXPECT_EQ(ms->material_at(c + (r - eps) * dir).grain, i + 1);
      }
}

TEST(Particles, MeshedVolumeFractionsMatchRequested)
{
  auto prm = nanomech::testing::parameters_from(
      "subsection Geometry\n set Cells x = 48\n set Cells y = 48\n"
      " set Interface refinement = 1\nend\n"
      "subsection Microstructure\n set Type = particles\n set Periodic = true\n"
      " subsection Particles\n" +
      core_shell + " end\nend\n");
  GeometryParameters geometry;
  geometry.parse_parameters(*prm, 2);
  const auto ms = Microstructure::create<2>(*prm, geometry.size_point<2>());
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_box_mesh(tria, geometry, *ms);
  double v[3] = {0, 0, 0};
  for (const auto &cell : tria.active_cell_iterators())
    if (cell->is_locally_owned())
      v[ms->material_at(cell->center()).phase] += cell->measure();
  Utilities::MPI::sum(v, MPI_COMM_WORLD, v);
  const auto req = ms->requested_volume_fractions();
  for (unsigned int p = 0; p < 3; ++p)
    EXPECT_NEAR(v[p] / (v[0] + v[1] + v[2]), req[p], 0.01) << "phase " << p;
}

TEST(Particles, RadiusStatisticsMatchTheDistribution)
{
  for (const std::string type : {"normal", "lognormal"})
    {
      const auto   ms   = make<2>("  set Size distribution = " + type +
                                  "\n  set Particle radius = 0.05\n"
                                      "  set Particle radius CoV = 0.3\n"
                                      "  set Volume fraction = 0.3\n",
                              Point<2>(8., 8.),
                              true);
      const auto  &r    = ms->particle_radii();
      const double n    = r.size();
      double       mean = 0, var = 0;
      for (const double x : r)
        mean += x / n;
      for (const double x : r)
        var += (x - mean) * (x - mean) / (n - 1);
      const double sigma = 0.3 * 0.05;
      SCOPED_TRACE(type + ", n = " + std::to_string(r.size()));
      EXPECT_GT(n, 1000.);
      EXPECT_NEAR(mean, 0.05, 3 * sigma / std::sqrt(n));
      EXPECT_NEAR(std::sqrt(var), sigma, 3 * sigma / std::sqrt(2 * (n - 1)));
    }
}

TEST(Particles, PeriodicStructureTiles)
{
  const Point<3>                         size(0.6, 0.5, 0.4);
  const auto                             ms = make<3>(core_shell, size, true);
  std::mt19937_64                        rng(2);
  std::uniform_real_distribution<double> u(0., 1.);
  unsigned int                           n_core = 0;
  for (unsigned int k = 0; k < 20000; ++k)
    {
      Point<3> p;
      for (unsigned int d = 0; d < 3; ++d)
        p[d] = u(rng) * size[d];
      const auto m = ms->material_at(p);
      n_core += m.phase == 0;
      for (unsigned int d = 0; d < 3; ++d)
        {
          Point<3> q = p;
          q[d] += size[d];
          ASSERT_EQ(ms->material_at(q).phase, m.phase);
          ASSERT_EQ(ms->material_at(q).grain, m.grain);
        }
    }
  EXPECT_GT(n_core, 0u);
}

TEST(Particles, SameSeedSameStructureOnEveryRankOtherSeedsDiffer)
{
  const Point<2>      size(1., 1.);
  const auto          a = make<2>(core_shell, size, true, 11);
  std::vector<double> mine;
  for (const auto &c : a->particle_centers())
    mine.insert(mine.end(), {c[0], c[1]});
  const auto root = Utilities::MPI::broadcast(MPI_COMM_WORLD, mine, 0);
  EXPECT_EQ(mine, root);
  const auto b = make<2>(core_shell, size, true, 12);
  EXPECT_NE(b->particle_centers()[0], a->particle_centers()[0]);
}

TEST(Particles, JammedPackingIsAClearInputError)
{
  nanomech::testing::expect_input_error(
      [&]() {
        make<3>("  set Particle radius = 0.1\n  set Volume fraction = 0.65\n"
                "  set Maximum attempts = 2000\n",
                Point<3>(1., 1., 1.),
                true);
      },
      "could not place particle");
}

// ---------------------------------------------------------------------------
// Polycrystal: power-diagram grains with amorphous boundary layers.

#include "microstructure/polycrystal.h"

namespace
{
  const std::string polycrystal_settings =
      "  set Grain size = 0.1\n  set Grain size CoV = 0.2\n"
      "  set Boundary layer thickness = 0.008\n";

  template <int dim>
  std::unique_ptr<Microstructure::Polycrystal<dim>>
  make_polycrystal(const Point<dim>  &size,
                   bool               periodic,
                   unsigned int       seed     = 4,
                   const std::string &settings = polycrystal_settings)
  {
    return nanomech::testing::make_structure<Microstructure::Polycrystal>(
        "Polycrystal", settings, size, seed, periodic);
  }
} // namespace

namespace
{
  /// Reference for a 2D periodic polycrystal at @p p, by brute force over
  /// all seeds and their 3^2 periodic images (no buckets): the winning
  /// grain, and the smallest over the other grains k of (distance to the
  /// power bisector with k) - t(winner, k)/2, negative inside the layer.
  template <typename Thickness>
  std::pair<unsigned int, double>
  brute_force_layer(const Microstructure::Polycrystal<2> &ms,
                    const Point<2>                       &size,
                    const Point<2>                       &p,
                    Thickness                             thickness)
  {
    std::vector<std::tuple<double, Point<2>, unsigned int>> all;
    for (const auto &[x, w, grain] : ms.seed_points())
      for (int i = -1; i <= 1; ++i)
        for (int j = -1; j <= 1; ++j)
          {
            const Point<2> y(x[0] + i * size[0], x[1] + j * size[1]);
            all.emplace_back(p.distance_square(y) - w, y, grain);
          }
    const auto [power, y, grain] =
        *std::min_element(all.begin(),
                          all.end(),
                          [](const auto &a, const auto &b) {
                            return std::get<0>(a) < std::get<0>(b);
                          });
    double margin = 1e300;
    for (const auto &[other_power, z, other] : all)
      if (other != grain)
        margin = std::min(margin,
                          (other_power - power) / (2. * z.distance(y)) -
                              0.5 * thickness(grain, other));
    return {grain, margin};
  }
} // namespace

TEST(Polycrystal, LayerPointsHaveNoGrainAndGrainPointsOne)
{
  // Grain interiors carry their grain id, layer points none, and the layer
  // fraction of a sample agrees with the generated geometry's.
  const Point<2>                         size(0.6, 0.5);
  const auto                             ms = make_polycrystal<2>(size, true);
  std::mt19937_64                        rng(9);
  std::uniform_real_distribution<double> u(0., 1.);
  unsigned int                           n_layer = 0, n = 4000;
  for (unsigned int k = 0; k < n; ++k)
    {
      Point<2>   p(u(rng) * size[0], u(rng) * size[1]);
      const auto m = ms->material_at(p);
      n_layer += m.phase;
      if (m.phase == 0)
        EXPECT_NE(m.grain, 0u);
      else
        EXPECT_EQ(m.grain, 0u);
    }
  // Layer fraction consistent with the generated geometry.
  EXPECT_NEAR(double(n_layer) / n, ms->requested_volume_fractions()[1], 0.02);
}

TEST(Polycrystal, AgreesWithABruteForcePowerDiagram)
{
  // Reference: all seeds and all their 3^dim periodic images, no buckets.
  // Points are drawn near the corners and faces, where images matter most.
  const Point<2>                         size(0.3, 0.3);
  const auto                             ms = make_polycrystal<2>(size, true);
  const auto                             seeds = ms->seed_points();
  const double                           t     = 0.008;
  std::mt19937_64                        rng(12);
  std::uniform_real_distribution<double> u(0., 1.);
  unsigned int                           n_checked = 0;
  for (unsigned int k = 0; k < 3000; ++k)
    {
      Point<2> p(u(rng) * size[0], u(rng) * size[1]);
      if (k % 2 == 0) // half of them within 0.02 of a corner
        for (unsigned int d = 0; d < 2; ++d)
          p[d] = (u(rng) < 0.5 ? 0.02 * u(rng) : size[d] - 0.02 * u(rng));
      const auto [grain, margin] =
          brute_force_layer(*ms, size, p, [t](unsigned int, unsigned int) {
            return t;
          });
      const auto m = ms->material_at(p);
      if (std::abs(margin) < 1e-9)
        continue; // on the edge of the layer: either answer is right
      ++n_checked;
      if (margin < 0.)
        EXPECT_EQ(m.phase, 1u) << p;
      else
        {
          EXPECT_EQ(m.phase, 0u) << p;
          EXPECT_EQ(m.grain, grain) << p;
        }
    }
  EXPECT_GT(n_checked, 2900u);
}

TEST(Polycrystal, LayerHasTheRequestedThickness)
{
  // Walk along lines through the box; every run of layer points crossed
  // more or less perpendicularly is t wide; a run is never narrower than t
  // (it can be wider where the line meets the layer obliquely or at a
  // triple junction).
  const Point<2>      size(1., 1.);
  const auto          ms = make_polycrystal<2>(size, true);
  const double        t = 0.008, step = 1e-5;
  std::vector<double> widths;
  for (unsigned int line = 0; line < 20; ++line)
    {
      const double y   = (line + 0.5) / 20.;
      double       run = 0;
      // A run that starts at x = 0 may be cut: count runs that begin
      // inside the box only.
      bool in        = ms->material_at(Point<2>(0., y)).phase == 1;
      bool first_run = in;
      for (double x = 0; x < 1.; x += step)
        {
          const bool now = ms->material_at(Point<2>(x, y)).phase == 1;
          if (now)
            run += step;
          if (in && !now && x > 0)
            {
              if (!first_run)
                widths.push_back(run);
              first_run = false;
              run       = 0;
            }
          in = now;
          if (!now)
            run = 0;
        }
    }
  ASSERT_GT(widths.size(), 50u);
  const double narrowest = *std::min_element(widths.begin(), widths.end());
  EXPECT_GE(narrowest, t - 2 * step);
  // Most crossings are nearly perpendicular: the median is close to t/cos
  // of a typical angle, well below 2 t.
  std::nth_element(widths.begin(),
                   widths.begin() + widths.size() / 2,
                   widths.end());
  EXPECT_LT(widths[widths.size() / 2], 2 * t);
}

TEST(Polycrystal, MeshedFractionsAndResolvedLayers)
{
  auto prm = nanomech::testing::parameters_from(
      "subsection Geometry\n set Cells x = 64\n set Cells y = 64\nend\n"
      "subsection Microstructure\n set Type = polycrystal\n set Periodic = "
      "true\n"
      " subsection Polycrystal\n" +
      polycrystal_settings + " end\nend\n");
  GeometryParameters geometry;
  geometry.parse_parameters(*prm, 2);
  const auto ms = Microstructure::create<2>(*prm, geometry.size_point<2>());
  parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_box_mesh(tria, geometry, *ms);
  double       v[2]  = {0, 0};
  unsigned int n_bad = 0;
  for (const auto &cell : tria.active_cell_iterators())
    if (cell->is_locally_owned())
      {
        const unsigned int phase = ms->material_at(cell->center()).phase;
        v[phase] += cell->measure();
        // Layer cells are at most t/2 across (two cells span the layer).
        if (phase == 1 && cell->extent_in_direction(0) > 0.004 * (1 + 1e-9))
          ++n_bad;
      }
  Utilities::MPI::sum(v, MPI_COMM_WORLD, v);
  EXPECT_NEAR(v[1] / (v[0] + v[1]), ms->requested_volume_fractions()[1], 0.01);
  EXPECT_EQ(Utilities::MPI::sum(n_bad, MPI_COMM_WORLD), 0u);
}

TEST(Polycrystal, PeriodicSeedsAndRanks)
{
  const Point<3> size(0.3, 0.3, 0.3);
  const auto     ms =
      make_polycrystal<3>(size,
                          true,
                          4,
                          "  set Grain size = 0.1\n"
                          "  set Boundary layer thickness = 0.01\n");
  std::mt19937_64                        rng(5);
  std::uniform_real_distribution<double> u(0., 1.);
  std::vector<double>                    fingerprint;
  for (unsigned int k = 0; k < 3000; ++k)
    {
      Point<3> p;
      for (unsigned int d = 0; d < 3; ++d)
        p[d] = u(rng) * size[d];
      const auto m = ms->material_at(p);
      fingerprint.push_back(m.grain + 1000. * m.phase);
      for (unsigned int d = 0; d < 3; ++d)
        {
          Point<3> q = p;
          q[d] -= size[d];
          ASSERT_EQ(ms->material_at(q).phase, m.phase);
          ASSERT_EQ(ms->material_at(q).grain, m.grain);
        }
    }
  EXPECT_EQ(Utilities::MPI::broadcast(MPI_COMM_WORLD, fingerprint, 0),
            fingerprint);
  const auto other =
      make_polycrystal<3>(size,
                          true,
                          5,
                          "  set Grain size = 0.1\n"
                          "  set Boundary layer thickness = 0.01\n");
  unsigned int n_diff = 0;
  for (unsigned int k = 0; k < 200; ++k)
    {
      const Point<3> p(u(rng) * 0.3, u(rng) * 0.3, u(rng) * 0.3);
      n_diff += other->material_at(p).grain != ms->material_at(p).grain;
    }
  EXPECT_GT(n_diff, 0u);
}

TEST(Polycrystal, GrainSizeStatistics)
{
  const auto ms   = make_polycrystal<2>(Point<2>(2., 2.), true);
  const auto d    = ms->grain_diameters();
  double     mean = 0;
  for (const double x : d)
    mean += x / d.size();
  // The grains' cells (with their share of the layer) have the requested
  // mean size: the seed balls are sized so that ball volume / packing is
  // the mean cell volume. (The scatter of cell sizes is smaller than that
  // of the seed balls; summary.json reports both.)
  EXPECT_GT(d.size(), 300u);
  EXPECT_NEAR(mean, 0.1, 0.05 * 0.1);
}

namespace
{
  std::string
  drawn_layer_settings(const bool lognormal)
  {
    return std::string("  set Size distribution = ") +
           (lognormal ? "lognormal" : "normal") +
           "\n  set Grain size = 0.1\n  set Grain size CoV = 0.2\n"
           "  set Boundary layer thickness = 0.008\n"
           "  set Boundary layer thickness CoV = 0.3\n";
  }
} // namespace

TEST(Polycrystal, EachBoundaryHasItsOwnDrawnThickness)
{
  // Brute force over all seeds and their periodic images: the winner by
  // power distance, and the point is in the boundary layer exactly when it
  // lies within half of its pair's own thickness of a bisector. The fast
  // lookup (a search reach of the widest layer) must agree everywhere.
  const Point<2> size(0.8, 0.7);
  const auto     ms =
      make_polycrystal<2>(size, true, 5, drawn_layer_settings(false));
  std::mt19937_64                        rng(3);
  std::uniform_real_distribution<double> u(0., 1.);
  unsigned int                           n_layer = 0;
  std::set<double>                       distinct;
  for (unsigned int k = 0; k < 20000; ++k)
    {
      const Point<2> p(u(rng) * size[0], u(rng) * size[1]);
      const auto [grain, margin] =
          brute_force_layer(*ms, size, p, [&](unsigned int a, unsigned int b) {
            const double t = ms->boundary_thickness(a, b);
            distinct.insert(t);
            return t;
          });
      const bool in_layer = margin < 0.;
      const auto m        = ms->material_at(p);
      ASSERT_EQ(m.phase, in_layer ? 1u : 0u) << p;
      if (!in_layer)
        {
          ASSERT_EQ(m.grain, grain) << p;
        }
      n_layer += in_layer;
    }
  EXPECT_GT(n_layer, 1000u);
  EXPECT_GT(distinct.size(), 100u); // thicknesses differ between pairs
  // Symmetric in the pair, and within [0.25, 3] x mean.
  EXPECT_EQ(ms->boundary_thickness(3, 8), ms->boundary_thickness(8, 3));
  for (const double t : distinct)
    {
      EXPECT_GE(t, 0.25 * 0.008);
      EXPECT_LE(t, 3 * 0.008);
    }
  EXPECT_NEAR(
      ms->thinnest_feature(),
      [&]() {
        double t = 1.;
        for (const auto &[i, j] : ms->neighbour_pairs())
          t = std::min(t, ms->boundary_thickness(i + 1, j + 1));
        return t;
      }(),
      1e-15);
}

TEST(Polycrystal, BoundaryThicknessStatistics)
{
  for (const bool lognormal : {false, true})
    {
      const auto ms = make_polycrystal<2>(Point<2>(2., 2.),
                                          true,
                                          5,
                                          drawn_layer_settings(lognormal));
      EXPECT_GT(ms->neighbour_pairs().size(), 600u);
      nanomech::testing::expect_statistics<2>(
          *ms, "boundary_layer_thickness", 0.008, 0.3, lognormal, 600);
    }
}
