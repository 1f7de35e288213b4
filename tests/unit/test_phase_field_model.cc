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
