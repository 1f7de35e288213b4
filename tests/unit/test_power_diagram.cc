// Power diagrams: exact point location against brute force (large weight
// scatter, periodic images), capacity-constrained weights, and the grain
// size statistics of the polycrystal that uses them.

#include "microstructure/polycrystal.h"
#include "microstructure/power_diagram.h"
#include "sample_checks.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <random>

using namespace nanomech;
using namespace dealii;

namespace
{
  /// Cell and bisector distance by brute force over all sites and all
  /// their 3^dim periodic images (for sites in the box and boxes that hold
  /// at least a few cells, farther images never win).
  template <int dim>
  std::pair<unsigned int, double>
  brute_force(const Microstructure::PowerDiagram<dim> &pd,
              const Point<dim>                        &size,
              const bool                               periodic,
              const Point<dim>                        &p)
  {
    struct Image
    {
      Point<dim>   x;
      double       power;
      unsigned int i;
    };
    std::vector<Image> all;
    const int          n_images = periodic ? (dim == 2 ? 9 : 27) : 1;
    for (unsigned int i = 0; i < pd.n_cells(); ++i)
      for (int k = 0; k < n_images; ++k)
        {
          Point<dim> x = pd.site_points()[i];
          int        r = k;
          for (unsigned int d = 0; d < dim; ++d, r /= 3)
            x[d] += periodic ? (r % 3 - 1) * size[d] : 0.;
          all.push_back({x, p.distance_square(x) - pd.site_weights()[i], i});
        }
    const Image *best = &all[0];
    for (const Image &c : all)
      if (c.power < best->power)
        best = &c;
    double distance = 1e300;
    for (const Image &c : all)
      if (c.i != best->i)
        distance =
            std::min(distance,
                     (c.power - best->power) / (2. * c.x.distance(best->x)));
    return {best->i, distance};
  }

  template <int dim>
  void
  check_against_brute_force(const bool periodic, const double scatter)
  {
    Point<dim> size;
    for (unsigned int d = 0; d < dim; ++d)
      size[d] = 1. + 0.2 * d;
    std::mt19937_64                        rng(dim + 10 * periodic);
    std::uniform_real_distribution<double> u(0., 1.);
    std::vector<Point<dim>>                sites;
    std::vector<double>                    weights;
    const unsigned int                     n = dim == 2 ? 60 : 80;
    for (unsigned int i = 0; i < n; ++i)
      {
        Point<dim> x;
        for (unsigned int d = 0; d < dim; ++d)
          x[d] = u(rng) * size[d];
        sites.push_back(x);
        // Weights from 0 up to `scatter` times the squared cell spacing:
        // heavy sites own cells far larger than their bucket neighbourhood.
        const double h = std::pow(1. / n, 1. / dim);
        weights.push_back(scatter * h * h * std::pow(u(rng), 4));
      }
    const Microstructure::PowerDiagram<dim> pd(size, periodic, sites, weights);
    const double                            reach   = 0.03;
    unsigned int                            checked = 0;
    for (unsigned int k = 0; k < 4000; ++k)
      {
        Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = u(rng) * size[d];
        if (k % 2 == 0) // near faces and corners, where images matter
          for (unsigned int d = 0; d < dim; ++d)
            p[d] = u(rng) < 0.5 ? 0.03 * u(rng) : size[d] - 0.03 * u(rng);
        const auto [cell, distance] = brute_force(pd, size, periodic, p);
        const auto where            = pd.locate(p, reach);
        ASSERT_EQ(where.cell, cell) << p;
        if (distance < reach)
          ASSERT_NEAR(where.boundary_distance, distance, 1e-12) << p;
        else
          ASSERT_GE(where.boundary_distance, reach - 1e-12) << p;
        ++checked;
      }
    EXPECT_EQ(checked, 4000u);
  }
} // namespace

TEST(PowerDiagram, LocationIsExactWithLargeWeightScatter2D)
{
  for (const bool periodic : {false, true})
    for (const double scatter : {0., 4., 40.})
      {
        SCOPED_TRACE(std::to_string(periodic) + " " + std::to_string(scatter));
        check_against_brute_force<2>(periodic, scatter);
      }
}

TEST(PowerDiagram, LocationIsExactWithLargeWeightScatter3D)
{
  for (const bool periodic : {false, true})
    for (const double scatter : {0., 20.})
      {
        SCOPED_TRACE(std::to_string(periodic) + " " + std::to_string(scatter));
        check_against_brute_force<3>(periodic, scatter);
      }
}

TEST(PowerDiagram, FittedWeightsGiveTheTargetVolumes)
{
  // Targets with a 2:1 range; the fitted cells match them to about the
  // lattice counting error.
  const Point<2>                         size(1., 1.);
  std::mt19937_64                        rng(3);
  std::uniform_real_distribution<double> u(0., 1.);
  std::vector<Point<2>>                  sites;
  std::vector<double>                    targets;
  for (unsigned int i = 0; i < 50; ++i)
    {
      sites.emplace_back(u(rng), u(rng));
      targets.push_back(1. + u(rng));
    }
  Microstructure::PowerDiagram<2> pd(size,
                                     true,
                                     sites,
                                     std::vector<double>(50, 0.));
  const double error = pd.fit_volumes(targets, 50 * 400, 60, 0.01);
  EXPECT_LT(error, 0.02);
  const auto V   = pd.cell_volumes(50 * 2000);
  double     sum = 0;
  for (const double t : targets)
    sum += t;
  double rms = 0;
  for (unsigned int i = 0; i < 50; ++i)
    rms += std::pow(V[i] / (targets[i] / sum) - 1., 2) / 50;
  EXPECT_LT(std::sqrt(rms), 0.03);
}

namespace
{
  std::unique_ptr<Microstructure::Polycrystal<2>>
  polycrystal(const std::string &settings, unsigned int seed)
  {
    auto prm = nanomech::testing::parameters_from(
        "subsection Microstructure\n subsection Polycrystal\n" + settings +
        " end\nend\n");
    prm->enter_subsection("Microstructure");
    return std::make_unique<Microstructure::Polycrystal<2>>(*prm,
                                                            Point<2>(2., 2.),
                                                            seed,
                                                            true);
  }
} // namespace

TEST(Polycrystal, RealizedGrainSizesFollowTheRequestedDistribution)
{
  // The grains' equivalent diameters (with their share of the layer) have
  // the requested mean and standard deviation within 3 standard errors of
  // a sample of that many grains; the lattice counting and the fit add
  // about 1 % to each diameter, far below that.
  for (const std::string type : {"normal", "lognormal"})
    {
      const auto ms =
          polycrystal("  set Size distribution = " + type +
                          "\n  set Grain size = 0.1\n  set Grain size CoV = "
                          "0.25\n  set Boundary layer thickness = 0.008\n",
                      1);
      const auto   d    = ms->grain_diameters();
      const double n    = d.size();
      double       mean = 0, var = 0;
      for (const double x : d)
        mean += x / n;
      for (const double x : d)
        var += (x - mean) * (x - mean) / (n - 1);
      const double sigma = 0.25 * 0.1;
      SCOPED_TRACE(type + ", n = " + std::to_string(d.size()) +
                   ", mean = " + std::to_string(mean) +
                   ", std = " + std::to_string(std::sqrt(var)) +
                   ", fit error = " + std::to_string(ms->volume_fit_error()));
      EXPECT_GT(n, 300.);
      EXPECT_LT(ms->volume_fit_error(), 0.02);
      EXPECT_NEAR(mean, 0.1, 3 * sigma / std::sqrt(n));
      EXPECT_NEAR(std::sqrt(var),
                  sigma,
                  3 * nanomech::testing::std_error_of_std(
                          sigma, 0.25, type == "lognormal", n));
    }
}
