// The energy splits of phase-field fracture: parts add up to the energy,
// secant stresses are the derivatives of the parts, compression is not
// degraded, and the Reuss-bulk split of a crystal leaves a non-negative
// deviatoric part.

#include <deal.II/base/symmetric_tensor.h>

#include <gtest/gtest.h>

#include "base/exceptions.h"
#include "materials/elastic_tensor.h"
#include "physics/energy_split.h"

#include <random>

using namespace nanomech;
using dealii::SymmetricTensor;

namespace
{
  SymmetricTensor<4, 3>
  isotropic(const double E, const double nu)
  {
    const double lambda = E * nu / ((1. + nu) * (1. - 2. * nu));
    const double mu     = E / (2. * (1. + nu));
    const auto   I      = dealii::unit_symmetric_tensor<3>();
    return lambda * dealii::outer_product(I, I) +
           2. * mu * dealii::identity_tensor<3>();
  }

  SymmetricTensor<4, 3>
  cubic_crystal()
  {
    // A rotated cubic crystal (constants of a strongly anisotropic one).
    const auto C = elastic::to_tensor(elastic::cubic(168400., 121400., 75400.));
    return elastic::rotate(C, elastic::rotation_from_euler(0.3, 0.6, 0.9));
  }

  SymmetricTensor<2, 3>
  random_strain(std::mt19937 &rng)
  {
    std::uniform_real_distribution<double> u(-1e-3, 1e-3);
    SymmetricTensor<2, 3>                  eps;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        eps[i][j] = u(rng);
    return eps;
  }

  /// psi = 1/2 eps : C : eps.
  double
  energy(const SymmetricTensor<4, 3> &C, const SymmetricTensor<2, 3> &eps)
  {
    return 0.5 * eps * (C * eps);
  }
} // namespace

TEST(EnergySplit, PartsAddUpAndStressesAreDerivatives)
{
  std::mt19937 rng(7);
  for (const auto type : {EnergySplit::Type::none,
                          EnergySplit::Type::spectral,
                          EnergySplit::Type::volumetric_deviatoric})
    {
      const auto        C = isotropic(70000., 0.22);
      const EnergySplit split(type, C, "test");
      for (unsigned int n = 0; n < 200; ++n)
        {
          const auto            eps = random_strain(rng);
          SymmetricTensor<4, 3> Cp, Cm;
          split.secant(eps, Cp, Cm);
          const double psi = energy(C, eps);
          EXPECT_NEAR(split.positive_energy(eps) + split.negative_energy(eps),
                      psi,
                      1e-12 * psi);
          EXPECT_LT((Cp + Cm - C).norm(), 1e-10 * C.norm());
          EXPECT_GE(split.positive_energy(eps), -1e-14 * psi);
          EXPECT_GE(split.negative_energy(eps), -1e-14 * psi);
          // sigma+ = C+ : eps = d psi+ / d eps, by central differences
          // (psi+ is C1 in eps for both splits).
          const auto sigma = Cp * eps;
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = i; j < 3; ++j)
              {
                SymmetricTensor<2, 3> de;
                de[i][j]        = 1e-9;
                const double h  = (i == j ? 1. : 2.) * 1e-9;
                const double fd = (split.positive_energy(eps + de) -
                                   split.positive_energy(eps - de)) /
                                  (2. * h);
                EXPECT_NEAR(fd, sigma[i][j], 1e-5 * sigma.norm() + 1e-9)
                    << EnergySplit::name(type) << " component " << i << j;
              }
        }
    }
}

TEST(EnergySplit, CompressionIsNotDegraded)
{
  const auto C   = isotropic(70000., 0.22);
  const auto I   = dealii::unit_symmetric_tensor<3>();
  const auto eps = -1e-3 * I; // all principal strains negative
  EXPECT_EQ(
      EnergySplit(EnergySplit::Type::spectral, C, "").positive_energy(eps), 0.);
  // Pure volumetric compression: nothing to degrade for Amor.
  EXPECT_NEAR(EnergySplit(EnergySplit::Type::volumetric_deviatoric, C, "")
                  .positive_energy(eps),
              0.,
              1e-12 * energy(C, eps));
  // Amor's split of an isotropic solid: psi+ = mu |dev eps|^2 under
  // compression, K/2 tr^2 + mu |dev eps|^2 under expansion.
  std::mt19937 rng(3);
  const double mu = 70000. / (2. * 1.22), K = 70000. / (3. * (1. - 0.44));
  for (unsigned int n = 0; n < 50; ++n)
    {
      const auto   eps  = random_strain(rng);
      const double tr   = trace(eps);
      const auto   dev  = deviator(eps);
      const double amor = mu * (dev * dev) + (tr > 0. ? 0.5 * K * tr * tr : 0.);
      EXPECT_NEAR(EnergySplit(EnergySplit::Type::volumetric_deviatoric, C, "")
                      .positive_energy(eps),
                  amor,
                  1e-10 * amor);
    }
}

TEST(EnergySplit, ReussSplitOfACrystalKeepsBothPartsNonNegative)
{
  // The Reuss bulk modulus is the largest K with psi - K/2 tr^2 >= 0: the
  // minimum of psi at fixed trace. Check both the inequality on random
  // strains and that it is attained (so no larger K would do).
  const auto        C = cubic_crystal();
  const EnergySplit split(EnergySplit::Type::volumetric_deviatoric, C, "");
  std::mt19937      rng(11);
  for (unsigned int n = 0; n < 500; ++n)
    {
      auto eps = random_strain(rng);
      if (trace(eps) > 0.)
        eps = -eps;
      EXPECT_GE(split.positive_energy(eps), -1e-13 * energy(C, eps));
      EXPECT_GE(split.negative_energy(eps), 0.);
    }
  // The strain of least energy at trace -1e-3 is S : I (times a factor);
  // there the degraded part vanishes.
  const auto S   = dealii::invert(C);
  auto       eps = S * dealii::unit_symmetric_tensor<3>();
  eps *= -1e-3 / trace(eps);
  EXPECT_NEAR(split.positive_energy(eps), 0., 1e-10 * energy(C, eps));
}

TEST(EnergySplit, SpectralSplitRefusesAnAnisotropicPhase)
{
  try
    {
      EnergySplit(EnergySplit::Type::spectral, cubic_crystal(), "Phase 1");
      FAIL() << "no InputError";
    }
  catch (const InputError &e)
    {
      EXPECT_NE(std::string(e.what()).find("Phase 1 is anisotropic"),
                std::string::npos)
          << e.what();
    }
}
