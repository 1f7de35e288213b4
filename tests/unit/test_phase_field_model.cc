// PF-CZM's fracture energy of a crack along a layer (the 1D closed form
// behind the thin-layer warning) in the limits where it is known
// independently; the integration test Cohesive.WeakLayer... checks it
// against bars computed with the finite-element model.

#include "physics/phase_field_model.h"

#include <gtest/gtest.h>

#include <cmath>

using nanomech::PhaseFieldModel;

TEST(PhaseFieldModel, LayerFractureEnergyLimits)
{
  const double          l = 0.02;
  const PhaseFieldModel czm(PhaseFieldModel::Type::czm, l, 0.);
  // A layer as tough as its neighbours: the homogeneous band (Wu 2017,
  // d = 1 - sin(|x|/l)) dissipates Gc whatever the layer's thickness.
  for (const double t : {0.01 * l, 0.5 * l, 2. * l, 3.1 * l})
    EXPECT_NEAR(czm.layer_fracture_energy(t, 0.3, 0.3), 0.3, 1e-14) << t;
  // From t = pi l the whole band fits in the layer: its own Gc.
  EXPECT_EQ(czm.layer_fracture_energy(M_PI * l, 0.1, 1.), 0.1);
  EXPECT_EQ(czm.layer_fracture_energy(5. * l, 0.1, 1.), 0.1);
  // Continuous at t = pi l.
  EXPECT_NEAR(czm.layer_fracture_energy(M_PI * l * (1. - 1e-9), 0.1, 1.),
              0.1,
              1e-8);
  // Bulk infinitely tough: the band is squeezed into the layer, d = 1 - k
  // sin(x/l) with d = 0 at its faces, (2 Gc/pi)(h/l + cot(h/l)).
  const double h = 0.3 * l;
  EXPECT_NEAR(czm.layer_fracture_energy(2. * h, 1., 1e4) /
                  (2. / M_PI * (h / l + 1. / std::tan(h / l))),
              1.,
              1e-6);
  // Thinner (weaker) layers dissipate more, between the layer's and the
  // bulk's Gc.
  double previous = 0.1;
  for (const double t : {2.5 * l, 2. * l, l, 0.5 * l, 0.1 * l})
    {
      const double G = czm.layer_fracture_energy(t, 0.1, 1.);
      EXPECT_GT(G, previous) << t;
      EXPECT_LT(G, 1.) << t;
      previous = G;
    }
}

TEST(PhaseFieldModel, LayerFractureEnergyOfAT1AndAT2AgainstA1DMinimization)
{
  // References: the minimum of the discretized 1D energy (d = 1 at x = 0,
  // 0 <= d <= 1, linear elements of l/1000 on [0, 4 l] (AT1) or l/500 on
  // [0, 12 l] (AT2), L-BFGS-B; our script, independent of the closed
  // forms), l = 1, for (t, Gc_layer, Gc_bulk). The discretization error of
  // the references is about 5e-8 (AT1) and 6e-7 (AT2) relative.
  const PhaseFieldModel at1(PhaseFieldModel::Type::at1, 1., 0.);
  const PhaseFieldModel at2(PhaseFieldModel::Type::at2, 1., 0.);
  struct Case
  {
    double t, Gl, Gb, at1, at2;
  };
  for (const Case &c : {Case{1., 1., 2., 1.2990337924, 1.2795315374},
                        Case{1., 1., 0.5, 0.7435793475, 0.7815368132},
                        Case{3., 1., 2., 0., 1.0337520426},
                        Case{2., 1., 2., 1.0675648302, 0.},
                        Case{0.5, 0.5, 1., 0.7796262677, 0.}})
    {
      if (c.at1 > 0.)
        {
          EXPECT_NEAR(at1.layer_fracture_energy(c.t, c.Gl, c.Gb) / c.at1,
                      1.,
                      2e-7)
              << c.t << ' ' << c.Gl << ' ' << c.Gb;
        }
      if (c.at2 > 0.)
        {
          EXPECT_NEAR(at2.layer_fracture_energy(c.t, c.Gl, c.Gb) / c.at2,
                      1.,
                      2e-6)
              << c.t << ' ' << c.Gl << ' ' << c.Gb;
        }
    }
  // AT1's band is 4 l wide: from there the layer's own Gc, and the
  // homogeneous case is Gc whatever t.
  EXPECT_EQ(at1.layer_fracture_energy(4., 1., 2.), 1.);
  EXPECT_NEAR(at1.layer_fracture_energy(0.7, 0.3, 0.3), 0.3, 1e-14);
  EXPECT_NEAR(at2.layer_fracture_energy(0.7, 0.3, 0.3), 0.3, 1e-14);
}
