// Geometry factors of notched strips (analyses/notch.h): the limits of a
// short crack, values of the handbook tables, and the link of the three
// geometries.

#include <gtest/gtest.h>

#include "analyses/notch.h"

#include <cmath>

using namespace nanomech;

TEST(Notch, ShortCracksHaveTheHalfSpaceAndInfinitePlateFactors)
{
  // An edge crack in a half-space: 1.1215 (Koiter 1965; Tada 8.1); a
  // centre crack in an infinite plate: 1 (Griffith/Irwin).
  using notch::Geometry;
  EXPECT_NEAR(notch::geometry_factor(Geometry::single_edge, 1e-4),
              1.1215,
              1.5e-3);
  EXPECT_NEAR(notch::geometry_factor(Geometry::double_edge, 1e-4),
              1.1215,
              1.5e-3);
  EXPECT_NEAR(notch::geometry_factor(Geometry::centre, 1e-4), 1., 1e-6);
}

TEST(Notch, FactorsMatchTheHandbookTables)
{
  // Tada, Paris & Irwin (2000), tables of 2.10 (single edge), 2.1
  // (centre) and 2.6 (double edge), alpha as defined there.
  using notch::Geometry;
  const double single[][2] = {
      {0.1, 1.19}, {0.2, 1.37}, {0.3, 1.66}, {0.4, 2.11}, {0.5, 2.83}};
  for (const auto &v : single)
    EXPECT_NEAR(notch::geometry_factor(Geometry::single_edge, v[0]) / v[1],
                1.,
                5e-3)
        << "alpha " << v[0];
  // Centre crack: the secant formula sqrt(sec(pi alpha / 2)) of Feddersen
  // is within 0.3 % for alpha <= 0.7.
  for (const double alpha : {0.1, 0.3, 0.5, 0.7})
    EXPECT_NEAR(notch::geometry_factor(Geometry::centre, alpha) *
                    std::sqrt(std::cos(0.5 * M_PI * alpha)),
                1.,
                3e-3)
        << "alpha " << alpha;
  EXPECT_NEAR(notch::geometry_factor(Geometry::centre, 0.5), 1.186, 1e-3);
  EXPECT_NEAR(notch::geometry_factor(Geometry::double_edge, 0.5), 1.184, 1e-3);
}

TEST(Notch, StressIntensityUsesTheRightRelativeLength)
{
  using notch::Geometry;
  // a = 0.2 um in W = 1 um: alpha = 0.2 (single edge), 0.4 (centre and
  // double edge, whose a is a half length or one of two depths).
  EXPECT_DOUBLE_EQ(notch::relative_length(Geometry::single_edge, 0.2, 1.), 0.2);
  EXPECT_DOUBLE_EQ(notch::relative_length(Geometry::centre, 0.2, 1.), 0.4);
  EXPECT_DOUBLE_EQ(notch::relative_length(Geometry::double_edge, 0.2, 1.), 0.4);
  const double K = notch::stress_intensity(Geometry::centre, 100., 0.2, 1.);
  EXPECT_NEAR(K,
              notch::geometry_factor(Geometry::centre, 0.4) * 100. *
                  std::sqrt(M_PI * 0.2),
              1e-12 * K);
  EXPECT_EQ(notch::parse(notch::name(Geometry::double_edge)),
            Geometry::double_edge);
}
