// Particles and core-shell particles: no overlap, shell thickness, volume
// fractions, size statistics, periodicity, determinism, clear failure.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>

#include "base/exceptions.h"
#include "mesh/box_mesh.h"
#include "microstructure/particles.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <random>

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
    auto prm = nanomech::testing::parameters_from(
        "subsection Microstructure\n subsection Particles\n" + settings +
        " end\nend\n");
    prm->enter_subsection("Microstructure");
    return std::make_unique<Microstructure::Particles<dim>>(*prm,
                                                            size,
                                                            seed,
                                                            periodic);
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
  try
    {
      make<3>("  set Particle radius = 0.1\n  set Volume fraction = 0.65\n"
              "  set Maximum attempts = 2000\n",
              Point<3>(1., 1., 1.),
              true);
      FAIL() << "no error";
    }
  catch (const InputError &e)
    {
      EXPECT_NE(std::string(e.what()).find("could not place particle"),
                std::string::npos)
          << e.what();
    }
}
