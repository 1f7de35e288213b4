// What follows from an effective stiffness: compliance and engineering
// constants (round trip from known constants), Voigt/Reuss moduli and the
// anisotropy index, symmetry measure, and ensemble statistics.

#include "analyses/effective_properties.h"
#include "materials/elastic_tensor.h"

#include <gtest/gtest.h>

using namespace nanomech;
using effective::Matrix;

namespace
{
  Matrix
  matrix_of(const elastic::VoigtMatrix &C, const unsigned int n = 6)
  {
    Matrix M(n, n);
    for (unsigned int i = 0; i < n; ++i)
      for (unsigned int j = 0; j < n; ++j)
        M(i, j) = C[i][j];
    return M;
  }

} // namespace

TEST(EffectiveProperties, OrthotropicEngineeringConstantsRoundTrip)
{
  // Build the compliance from engineering constants, invert, and read
  // them back.
  const double E[3] = {140000, 9000, 7000}, G23 = 3000, G13 = 5000, G12 = 5500;
  const double nu12 = 0.3, nu13 = 0.28, nu23 = 0.45;
  Matrix       S(6, 6);
  for (unsigned int i = 0; i < 3; ++i)
    S(i, i) = 1. / E[i];
  S(0, 1) = S(1, 0) = -nu12 / E[0];
  S(0, 2) = S(2, 0) = -nu13 / E[0];
  S(1, 2) = S(2, 1) = -nu23 / E[1];
  S(3, 3)           = 1. / G23;
  S(4, 4)           = 1. / G13;
  S(5, 5)           = 1. / G12;
  const Matrix C    = effective::inverse(S);
  const auto   e    = effective::engineering_constants(C, 3);
  EXPECT_NEAR(effective::value_of(e, "E1_MPa"), E[0], 1e-9 * E[0]);
  EXPECT_NEAR(effective::value_of(e, "E2_MPa"), E[1], 1e-9 * E[1]);
  EXPECT_NEAR(effective::value_of(e, "E3_MPa"), E[2], 1e-9 * E[2]);
  EXPECT_NEAR(effective::value_of(e, "G23_MPa"), G23, 1e-9 * G23);
  EXPECT_NEAR(effective::value_of(e, "G13_MPa"), G13, 1e-9 * G13);
  EXPECT_NEAR(effective::value_of(e, "G12_MPa"), G12, 1e-9 * G12);
  EXPECT_NEAR(effective::value_of(e, "nu12"), nu12, 1e-12);
  EXPECT_NEAR(effective::value_of(e, "nu13"), nu13, 1e-12);
  EXPECT_NEAR(effective::value_of(e, "nu23"), nu23, 1e-12);
  // Reciprocity nu21/E2 = nu12/E1.
  EXPECT_NEAR(effective::value_of(e, "nu21") / E[1], nu12 / E[0], 1e-15);
  // An orthotropic tensor is anisotropic.
  EXPECT_GT(effective::value_of(effective::isotropic_measures(C, 3),
                                "universal_anisotropy_index"),
            1.);
}

TEST(EffectiveProperties, IsotropicIn3DAndPlaneStrain)
{
  const double E = 70000, nu = 0.3, K = E / (3 * (1 - 2 * nu)),
               G = E / (2 * (1 + nu));
  const Matrix C = matrix_of(elastic::isotropic(E, nu));
  const auto   e = effective::engineering_constants(C, 3);
  EXPECT_NEAR(effective::value_of(e, "E2_MPa"), E, 1e-9 * E);
  EXPECT_NEAR(effective::value_of(e, "nu31"), nu, 1e-12);
  const auto m = effective::isotropic_measures(C, 3);
  EXPECT_NEAR(effective::value_of(m, "bulk_modulus_voigt_MPa"), K, 1e-9 * K);
  EXPECT_NEAR(effective::value_of(m, "bulk_modulus_reuss_MPa"), K, 1e-9 * K);
  EXPECT_NEAR(effective::value_of(m, "shear_modulus_voigt_MPa"), G, 1e-9 * G);
  EXPECT_NEAR(effective::value_of(m, "shear_modulus_reuss_MPa"), G, 1e-9 * G);
  EXPECT_NEAR(effective::value_of(m, "universal_anisotropy_index"), 0., 1e-12);

  // Plane strain: the in-plane part (11, 22, 12).
  Matrix             C2(3, 3);
  const unsigned int idx[3] = {0, 1, 5};
  for (unsigned int i = 0; i < 3; ++i)
    for (unsigned int j = 0; j < 3; ++j)
      C2(i, j) = C(idx[i], idx[j]);
  const auto e2 = effective::engineering_constants(C2, 2);
  EXPECT_NEAR(effective::value_of(e2, "E1_plane_strain_MPa"),
              E / (1 - nu * nu),
              1e-9 * E);
  EXPECT_NEAR(effective::value_of(e2, "nu12_plane_strain"),
              nu / (1 - nu),
              1e-12);
  EXPECT_NEAR(effective::value_of(e2, "G12_MPa"), G, 1e-9 * G);
  const auto m2 = effective::isotropic_measures(C2, 2);
  EXPECT_NEAR(effective::value_of(m2, "bulk_modulus_voigt_MPa"),
              K + G / 3,
              1e-9 * K);
  EXPECT_NEAR(effective::value_of(m2, "bulk_modulus_reuss_MPa"),
              K + G / 3,
              1e-9 * K);
  EXPECT_NEAR(effective::value_of(m2, "shear_modulus_reuss_MPa"), G, 1e-9 * G);
  EXPECT_NEAR(effective::value_of(m2, "universal_anisotropy_index"), 0., 1e-12);
}

TEST(EffectiveProperties, CubicAnisotropyIndex)
{
  // Copper: A^U from K_V/K_R = 1 and the Voigt/Reuss shear moduli of a
  // cubic crystal, G_V = (C11 - C12 + 3 C44)/5, G_R = 5 (C11 - C12) C44 /
  // (4 C44 + 3 (C11 - C12)).
  const double C11 = 168400, C12 = 121400, C44 = 75400;
  const Matrix C  = matrix_of(elastic::cubic(C11, C12, C44));
  const double GV = (C11 - C12 + 3 * C44) / 5;
  const double GR = 5 * (C11 - C12) * C44 / (4 * C44 + 3 * (C11 - C12));
  const auto   m  = effective::isotropic_measures(C, 3);
  EXPECT_NEAR(effective::value_of(m, "shear_modulus_voigt_MPa"), GV, 1e-9 * GV);
  EXPECT_NEAR(effective::value_of(m, "shear_modulus_reuss_MPa"), GR, 1e-9 * GR);
  EXPECT_NEAR(effective::value_of(m, "universal_anisotropy_index"),
              5 * GV / GR - 5,
              1e-9);
}

TEST(EffectiveProperties, SymmetryErrorAndEigenvalues)
{
  Matrix A(2, 2);
  A(0, 0) = 2;
  A(1, 1) = 3;
  A(0, 1) = 1;
  A(1, 0) = 1;
  EXPECT_EQ(effective::symmetry_error(A), 0.);
  EXPECT_NEAR(effective::smallest_eigenvalue(A),
              (5 - std::sqrt(5.)) / 2,
              1e-14);
  A(1, 0) = 1.5;
  // |A - A^T|_F = sqrt(2) 0.5, |A|_F = sqrt(4 + 9 + 1 + 2.25).
  EXPECT_NEAR(effective::symmetry_error(A),
              std::sqrt(0.5) / std::sqrt(16.25),
              1e-15);
  A(0, 0) = -1;
  EXPECT_FALSE(effective::is_positive_definite(A));
}

TEST(EffectiveProperties, StatisticsWithStudentT)
{
  const auto s = effective::statistics({1., 2., 3., 4.});
  EXPECT_DOUBLE_EQ(s.mean, 2.5);
  EXPECT_NEAR(s.std, std::sqrt(5. / 3.), 1e-14);
  // t(0.975, 3) = 3.182446 (statistical tables).
  EXPECT_NEAR(s.ci95_high - s.mean, 3.182446 * s.std / 2., 1e-6);
  EXPECT_NEAR(s.mean - s.ci95_low, s.ci95_high - s.mean, 1e-14);
  const auto one = effective::statistics({5.});
  EXPECT_EQ(one.mean, 5.);
  EXPECT_EQ(one.std, 0.);
  EXPECT_EQ(one.ci95_low, 5.);
}

TEST(EffectiveProperties, VoigtNotation)
{
  EXPECT_EQ(effective::voigt_name(3, 3), "23");
  EXPECT_EQ(effective::voigt_name(3, 5), "12");
  EXPECT_EQ(effective::voigt_name(2, 2), "12");
  const auto e = effective::voigt_strain<3>(4, 0.2);
  EXPECT_DOUBLE_EQ(e[0][2], 0.1);
  dealii::SymmetricTensor<2, 3> e3;
  e3[0][2]     = 0.1;
  const auto v = effective::strain_to_voigt(e3, 3);
  EXPECT_DOUBLE_EQ(v[4], 0.2);
  EXPECT_DOUBLE_EQ(effective::voigt_stress<2>(2, 3.)[1][0], 3.);
}
