// Realizations are independent samples: for every stochastic family the
// sizes drawn for realization s and for realization s + k (k = 1..10) are
// uncorrelated, and no sub-structure (a row of tablets, a bundle of rods,
// a packing) of one realization repeats one of another. Streams seeded
// with seed + offset failed this: bundle k - 1 of realization s + 7 was
// bundle k of realization s.

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include "microstructure/enamel.h"
#include "microstructure/laminate.h"
#include "microstructure/nacre.h"
#include "microstructure/particles.h"
#include "microstructure/polycrystal.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

using namespace nanomech;
using namespace dealii;

namespace
{
  /// The first realization; the others are first + 1, ..., first + 10.
  constexpr unsigned int first_seed = 21;
  constexpr unsigned int n_shifts   = 10;

  /// A structure of @p Family built from its own parameters only (entries
  /// @p settings in its subsection @p subsection of "Microstructure").
  template <template <int> class Family, int dim>
  std::unique_ptr<Family<dim>>
  build(const std::string &subsection,
        const std::string &settings,
        const Point<dim>  &size,
        const unsigned int seed,
        const bool         periodic)
  {
    ParameterHandler prm;
    prm.enter_subsection("Microstructure");
    Family<dim>::declare_parameters(prm);
    prm.leave_subsection();
    prm.parse_input_from_string("subsection Microstructure\n subsection " +
                                subsection + "\n" + settings + " end\nend\n");
    prm.enter_subsection("Microstructure");
    return std::make_unique<Family<dim>>(prm, size, seed, periodic);
  }

  /// Sample correlation of the first n = min(|x|, |y|) values.
  double
  correlation(const std::vector<double> &x, const std::vector<double> &y)
  {
    const std::size_t n  = std::min(x.size(), y.size());
    double            mx = 0., my = 0.;
    for (std::size_t i = 0; i < n; ++i)
      {
        mx += x[i] / n;
        my += y[i] / n;
      }
    double sxy = 0., sxx = 0., syy = 0.;
    for (std::size_t i = 0; i < n; ++i)
      {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
      }
    return sxy / std::sqrt(sxx * syy);
  }

  /**
   * The sizes @p draw gives for realization first_seed and for each of the
   * next ten are uncorrelated: |r| below three standard errors, 3/sqrt(n),
   * of the correlation of independent samples.
   */
  template <typename Draw>
  void
  expect_uncorrelated(const std::string &what, Draw &&draw)
  {
    const std::vector<double> x = draw(first_seed);
    for (unsigned int k = 1; k <= n_shifts; ++k)
      {
        const std::vector<double> y = draw(first_seed + k);
        const std::size_t         n = std::min(x.size(), y.size());
        SCOPED_TRACE(what + ", realizations " + std::to_string(first_seed) +
                     " and " + std::to_string(first_seed + k) +
                     ", n = " + std::to_string(n));
        ASSERT_GE(n, 30u);
        const double r = correlation(x, y);
        ASSERT_TRUE(std::isfinite(r))
            << "the sizes do not vary: " << x[0] << " " << x[1] << " " << y[0]
            << " " << y[1];
        EXPECT_LT(std::abs(r), 3. / std::sqrt(double(n)));
      }
  }

  /// No sub-structure (a vector of drawn values) of realization
  /// first_seed + k equals one of realization first_seed, k = 1..10.
  template <typename Parts>
  void
  expect_all_parts_differ(const std::string &what, Parts &&parts)
  {
    const std::vector<std::vector<double>> a = parts(first_seed);
    ASSERT_GE(a.size(), 2u) << what;
    for (unsigned int k = 1; k <= n_shifts; ++k)
      {
        const std::vector<std::vector<double>> b = parts(first_seed + k);
        for (unsigned int i = 0; i < a.size(); ++i)
          for (unsigned int j = 0; j < b.size(); ++j)
            EXPECT_NE(a[i], b[j])
                << what << " " << j << " of realization " << first_seed + k
                << " repeats " << what << " " << i << " of realization "
                << first_seed;
      }
  }

  /// Radii of a packing ordered by the first coordinate of their centers
  /// (the generator stores them sorted by size, which would correlate any
  /// two realizations).
  template <int dim>
  std::vector<double>
  radii_by_position(const Microstructure::Particles<dim> &p,
                    const std::vector<double>            &values)
  {
    std::vector<unsigned int> order(values.size());
    std::iota(order.begin(), order.end(), 0u);
    const auto &c = p.particle_centers();
    std::sort(order.begin(), order.end(), [&](unsigned int i, unsigned int j) {
      return c[i][0] < c[j][0];
    });
    std::vector<double> sorted;
    for (const unsigned int i : order)
      sorted.push_back(values[i]);
    return sorted;
  }
} // namespace

TEST(RandomStreams, LaminateLayerThicknesses)
{
  // Per phase: the layers alternate between the two phases' means.
  const auto thicknesses = [](const unsigned int seed,
                              const unsigned int phase) {
    ParameterHandler prm;
    prm.enter_subsection("Microstructure");
    Microstructure::Laminate<2>::declare_parameters(prm);
    prm.leave_subsection();
    prm.parse_input_from_string(
        "subsection Microstructure\n subsection Laminate\n"
        "  set Layer normal = y\n  set Number of periods = 200\n"
        "  set Volume fraction of phase 1 = 0.3\n"
        "  set Phase 0 thickness CoV = 0.3\n"
        "  set Phase 1 thickness CoV = 0.3\n end\nend\n");
    prm.enter_subsection("Microstructure");
    const Microstructure::Laminate<2> ms(prm, Point<2>(0.1, 2.), seed);
    std::vector<double>               t;
    const auto                       &b = ms.layer_bounds();
    for (unsigned int k = phase; k + 1 < b.size(); k += 2)
      t.push_back(b[k + 1] - b[k]);
    return t;
  };
  for (const unsigned int phase : {0u, 1u})
    expect_uncorrelated("phase " + std::to_string(phase) + " layer thicknesses",
                        [&](const unsigned int seed) {
                          return thicknesses(seed, phase);
                        });
}

namespace
{
  /// A long 2D nacre strip (not periodic: the drawn sizes unscaled).
  std::unique_ptr<Microstructure::Nacre<2>>
  nacre(const unsigned int seed)
  {
    return build<Microstructure::Nacre, 2>(
        "Nacre",
        "  set Tablet length = 1\n  set Tablet length CoV = 0.3\n"
        "  set Tablet thickness = 0.2\n  set Tablet thickness CoV = 0.2\n"
        "  set Interlayer thickness = 0.02\n"
        "  set Interlayer thickness CoV = 0.3\n"
        "  set Joint thickness = 0.02\n",
        Point<2>(12., 8.),
        seed,
        false);
  }

  /// Rows of tablets: row boundaries from the interface planes (tablet
  /// band, interlayer, tablet band, ...), tablet lengths by walking along
  /// the middle of each row (to 5e-4 µm), whole tablets only.
  struct NacreRows
  {
    std::vector<double>              thickness, interlayer;
    std::vector<std::vector<double>> lengths;
  };

  const NacreRows &
  nacre_rows(const unsigned int seed)
  {
    static std::map<unsigned int, NacreRows> built;
    if (built.count(seed) > 0)
      return built[seed];
    const auto          ms_ptr = nacre(seed);
    const auto         &ms     = *ms_ptr;
    NacreRows          &rows   = built[seed];
    std::vector<double> y      = ms.interface_planes(1);
    std::sort(y.begin(), y.end());
    y.insert(y.begin(), 0.);
    for (unsigned int i = 0; i + 2 < y.size(); i += 2)
      {
        rows.thickness.push_back(y[i + 1] - y[i]);
        rows.interlayer.push_back(y[i + 2] - y[i + 1]);
        const double        h = 5e-4, L = 12.;
        std::vector<double> lengths;
        unsigned int        grain = 0;
        double              start = 0.;
        for (double x = 0.5 * h; x < L; x += h)
          {
            const auto m = ms.material_at(Point<2>(x, 0.5 * (y[i] + y[i + 1])));
            const unsigned int g = m.phase == 0 ? m.grain : 0;
            if (g != grain)
              {
                if (grain != 0 && start > h)
                  lengths.push_back(x - start);
                grain = g;
                start = x;
              }
          }
        rows.lengths.push_back(lengths);
      }
    return rows;
  }
} // namespace

TEST(RandomStreams, NacreTabletsRowsAndInterlayers)
{
  expect_uncorrelated("tablet thicknesses", [](const unsigned int seed) {
    return nacre_rows(seed).thickness;
  });
  expect_uncorrelated("interlayer thicknesses", [](const unsigned int seed) {
    return nacre_rows(seed).interlayer;
  });
  expect_uncorrelated("tablet lengths", [](const unsigned int seed) {
    std::vector<double> all;
    for (const auto &row : nacre_rows(seed).lengths)
      all.insert(all.end(), row.begin(), row.end());
    return all;
  });
  expect_all_parts_differ("row of tablets", [](const unsigned int seed) {
    return nacre_rows(seed).lengths;
  });
}

TEST(RandomStreams, ParticleRadiiAndShells)
{
  const auto particles = [](const unsigned int seed) {
    return build<Microstructure::Particles, 2>(
        "Particles",
        "  set Particle radius = 0.05\n  set Particle radius CoV = 0.3\n"
        "  set Volume fraction = 0.3\n  set Shell thickness = 0.01\n"
        "  set Shell thickness CoV = 0.3\n  set Minimum gap = 0.005\n",
        Point<2>(1.5, 1.5),
        seed,
        true);
  };
  expect_uncorrelated("particle radii", [&](const unsigned int seed) {
    const auto p = particles(seed);
    return radii_by_position(*p, p->particle_radii());
  });
  expect_uncorrelated("shell thicknesses", [&](const unsigned int seed) {
    const auto p = particles(seed);
    return radii_by_position(*p, p->particle_shells());
  });
  expect_uncorrelated("particle x coordinates", [&](const unsigned int seed) {
    const auto          p = particles(seed);
    std::vector<double> x;
    for (const auto &c : p->particle_centers())
      x.push_back(c[0]);
    return x;
  });
}

namespace
{
  /// Built once per seed.
  const Microstructure::Polycrystal<2> &
  polycrystal(const unsigned int seed)
  {
    static std::map<unsigned int,
                    std::unique_ptr<Microstructure::Polycrystal<2>>>
          built;
    auto &ms = built[seed];
    if (!ms)
      ms = build<Microstructure::Polycrystal, 2>(
          "Polycrystal",
          "  set Grain size = 0.1\n  set Grain size CoV = 0.3\n"
          "  set Boundary layer thickness = 0.008\n"
          "  set Boundary layer thickness CoV = 0.3\n",
          Point<2>(0.8, 0.8),
          seed,
          true);
    return *ms;
  }
} // namespace

TEST(RandomStreams, PolycrystalGrainsAndBoundaryLayers)
{
  // The weights of the power diagram (squared radii of the drawn seed
  // balls, fitted to the drawn grain volumes), ordered by the first
  // coordinate of the seed points (the grains are numbered by size).
  expect_uncorrelated("grain weights", [](const unsigned int seed) {
    std::vector<std::pair<double, double>> grains;
    for (const auto &[x, w, grain] : polycrystal(seed).seed_points())
      grains.emplace_back(x[0], w);
    std::sort(grains.begin(), grains.end());
    std::vector<double> sorted;
    for (const auto &g : grains)
      sorted.push_back(g.second);
    return sorted;
  });
  expect_uncorrelated("grain seed points", [](const unsigned int seed) {
    std::vector<double> x;
    for (const auto &[p, w, grain] : polycrystal(seed).seed_points())
      x.push_back(p[0]);
    return x;
  });
  // The layer of one and the same pair of grains in each realization.
  const auto &pairs = polycrystal(first_seed).neighbour_pairs();
  expect_uncorrelated(
      "boundary layer thicknesses", [&](const unsigned int seed) {
        std::vector<double> t;
        for (const auto &[i, j] : pairs)
          t.push_back(polycrystal(seed).boundary_thickness(i + 1, j + 1));
        return t;
      });
}

namespace
{
  /// Built once per settings, box and seed.
  const Microstructure::Enamel<3> &
  enamel(const std::string &settings,
         const Point<3>    &size,
         const unsigned int seed)
  {
    static std::map<std::tuple<std::string, double, unsigned int>,
                    std::unique_ptr<Microstructure::Enamel<3>>>
          built;
    auto &ms = built[{settings, size[0], seed}];
    if (!ms)
      ms = build<Microstructure::Enamel, 3>(
          "Enamel",
          "  set Rod diameter = 0.05\n  set Rod diameter CoV = 0.2\n"
          "  set Shell thickness = 0.005\n  set Shell thickness CoV = 0.3\n" +
              settings,
          size,
          seed,
          true);
    return *ms;
  }

  const std::string discontinuous_rods =
      "  set Rod volume fraction = 0.3\n"
      "  set Minimum gap = 0.015\n  set Rod length = 0.1\n"
      "  set Rod length CoV = 0.3\n  set End gap = 0.02\n"
      "  set Misalignment = 1\n";

  // Bundles of 0.2 µm in a 0.4 x 0.4 x 0.8 box; tan(26.57 deg) = 0.4/0.8.
  const std::string bundled_rods =
      "  set Packing = random\n  set Rod volume fraction = 0.35\n"
      "  set Minimum gap = 0.004\n  set Bundle diameter = 0.2\n"
      "  set Bundle diameter CoV = 0.2\n  set Bundle tilt = 26.5\n"
      "  set Bundle sheath thickness = 0.006\n";
} // namespace

TEST(RandomStreams, EnamelRodsAndSegments)
{
  const Point<3> wide(1.2, 1.2, 0.4);
  for (const std::string packing : {"random", "hexagonal"})
    {
      SCOPED_TRACE(packing + " packing");
      // A lattice looser than the random packing: its rods may not move
      // away from a neighbour of large drawn diameter.
      const std::string settings =
          discontinuous_rods + "  set Packing = " + packing + "\n" +
          (packing == "hexagonal" ? "  set Rod volume fraction = 0.15\n" : "");
      expect_uncorrelated("rod radii", [&](const unsigned int seed) {
        const auto &s = enamel(settings, wide, seed).cross_section();
        return radii_by_position(s, s.particle_radii());
      });
      expect_uncorrelated("rod shells", [&](const unsigned int seed) {
        const auto &s = enamel(settings, wide, seed).cross_section();
        return radii_by_position(s, s.particle_shells());
      });
      expect_uncorrelated("segment lengths", [&](const unsigned int seed) {
        const auto         &ms = enamel(settings, wide, seed);
        std::vector<double> l;
        for (unsigned int j = 0;
             j < ms.cross_section().particle_centers().size();
             ++j)
          for (const auto &segment : ms.rod_segments(j))
            l.push_back(segment.length);
        return l;
      });
    }
}

TEST(RandomStreams, EnamelBundlesDifferFromEachOther)
{
  const auto bundle_radii = [](const unsigned int seed) {
    std::vector<std::vector<double>> radii;
    const auto &ms = enamel(bundled_rods, Point<3>(0.4, 0.4, 0.8), seed);
    for (const auto &bundle : ms.bundle_list())
      radii.push_back(
          radii_by_position(*bundle.rods, bundle.rods->particle_radii()));
    return radii;
  };
  expect_all_parts_differ("bundle", bundle_radii);
  expect_uncorrelated("rod radii in bundles", [&](const unsigned int seed) {
    std::vector<double> all;
    for (const auto &b : bundle_radii(seed))
      all.insert(all.end(), b.begin(), b.end());
    return all;
  });
}
