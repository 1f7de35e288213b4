// Stiffness builders, Voigt conversion and rotations.

#include <deal.II/base/symmetric_tensor.h>

#include "materials/elastic_tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace nanomech;
using dealii::SymmetricTensor;
using dealii::Tensor;

namespace
{
  elastic::VoigtMatrix
  aragonite()
  {
    // Orthotropic aragonite (Pavese et al. 1992, Phys. Chem. Minerals 19,
    // 80-87), MPa.
    return elastic::orthotropic(
        171100, 60300, 15700, 110100, 47900, 98400, 41200, 24300, 42100);
  }

  double
  max_difference(const elastic::VoigtMatrix &a, const elastic::VoigtMatrix &b)
  {
    double m = 0;
    for (unsigned int i = 0; i < 6; ++i)
      for (unsigned int j = 0; j < 6; ++j)
        m = std::max(m, std::abs(a[i][j] - b[i][j]));
    return m;
  }

  Tensor<2, 3>
  random_rotation(std::mt19937 &rng)
  {
    std::uniform_real_distribution<double> u(0., 2. * M_PI);
    return elastic::rotation_from_euler(u(rng), u(rng) / 2., u(rng));
  }
} // namespace

TEST(ElasticTensor, IsotropicLameConstants)
{
  const double E = 200e3, nu = 0.3;
  const auto   C      = elastic::isotropic(E, nu);
  const double lambda = E * nu / ((1 + nu) * (1 - 2 * nu));
  const double mu     = E / (2 * (1 + nu));
  EXPECT_NEAR(C[0][0], lambda + 2 * mu, 1e-9);
  EXPECT_NEAR(C[0][1], lambda, 1e-9);
  EXPECT_NEAR(C[3][3], mu, 1e-9);
  EXPECT_NEAR(C[5][5], mu, 1e-9);
  EXPECT_EQ(C[0][3], 0.);
  // The tensor form: C_ijkl = lambda d_ij d_kl + mu (d_ik d_jl + d_il d_jk).
  const SymmetricTensor<4, 3> T = elastic::to_tensor(C);
  const SymmetricTensor<4, 3> expected =
      lambda * dealii::outer_product(dealii::unit_symmetric_tensor<3>(),
                                     dealii::unit_symmetric_tensor<3>()) +
      2 * mu * dealii::identity_tensor<3>();
  EXPECT_NEAR((T - expected).norm(), 0., 1e-9 * expected.norm());
}

TEST(ElasticTensor, VoigtRoundTrip)
{
  const auto C = aragonite();
  EXPECT_EQ(max_difference(elastic::to_voigt(elastic::to_tensor(C)), C), 0.);
  // Engineering shear convention: C44 is C_2323 (= C_yzyz).
  EXPECT_EQ(elastic::to_tensor(C)[1][2][1][2], 41200.);
  EXPECT_EQ(elastic::to_tensor(C)[0][1][0][1], 42100.);
}

TEST(ElasticTensor, TransverselyIsotropicHasC66FromC11C12)
{
  // Hydroxyapatite (Katz & Ukraincik 1971, J. Biomech. 4, 221), MPa.
  const auto C =
      elastic::transversely_isotropic(137000, 42500, 54900, 172000, 39600);
  EXPECT_NEAR(C[5][5], 0.5 * (137000 - 42500), 1e-9);
  EXPECT_EQ(C[1][1], C[0][0]);
  EXPECT_EQ(C[1][2], C[0][2]);
  EXPECT_EQ(C[4][4], C[3][3]);
}

TEST(ElasticTensor, RotationMatrixIsProperOrthogonal)
{
  std::mt19937 rng(7);
  for (unsigned int k = 0; k < 20; ++k)
    {
      const Tensor<2, 3> R = random_rotation(rng);
      const Tensor<2, 3> I = R * dealii::transpose(R);
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          EXPECT_NEAR(I[i][j], i == j ? 1. : 0., 1e-14);
      EXPECT_NEAR(dealii::determinant(R), 1., 1e-14);
    }
}

TEST(ElasticTensor, NinetyDegreesAboutZPermutesVoigtEntries)
{
  const auto C  = aragonite();
  const auto R  = elastic::rotation_from_euler(M_PI / 2, 0., 0.);
  const auto Cr = elastic::to_voigt(elastic::rotate(elastic::to_tensor(C), R));
  const double tol = 1e-10 * elastic::max_abs_entry(C);
  // x <-> y: 11 <-> 22, 13 <-> 23, 44 <-> 55; 12, 33, 66 unchanged.
  EXPECT_NEAR(Cr[0][0], C[1][1], tol);
  EXPECT_NEAR(Cr[1][1], C[0][0], tol);
  EXPECT_NEAR(Cr[2][2], C[2][2], tol);
  EXPECT_NEAR(Cr[0][1], C[0][1], tol);
  EXPECT_NEAR(Cr[0][2], C[1][2], tol);
  EXPECT_NEAR(Cr[1][2], C[0][2], tol);
  EXPECT_NEAR(Cr[3][3], C[4][4], tol);
  EXPECT_NEAR(Cr[4][4], C[3][3], tol);
  EXPECT_NEAR(Cr[5][5], C[5][5], tol);
  // No coupling terms appear for a 90-degree rotation.
  EXPECT_NEAR(Cr[0][3], 0., tol);
  EXPECT_NEAR(Cr[3][5], 0., tol);
}

TEST(ElasticTensor, NinetyDegreesAboutXPermutesYZ)
{
  const auto C = aragonite();
  // Rx(90°): Bunge (0, 90°, 0).
  const auto Cr = elastic::to_voigt(
      elastic::rotate(elastic::to_tensor(C),
                      elastic::rotation_from_euler(0., M_PI / 2, 0.)));
  const double tol = 1e-10 * elastic::max_abs_entry(C);
  EXPECT_NEAR(Cr[1][1], C[2][2], tol);
  EXPECT_NEAR(Cr[2][2], C[1][1], tol);
  EXPECT_NEAR(Cr[0][1], C[0][2], tol);
  EXPECT_NEAR(Cr[4][4], C[5][5], tol);
  EXPECT_NEAR(Cr[5][5], C[4][4], tol);
  EXPECT_NEAR(Cr[3][3], C[3][3], tol);
}

TEST(ElasticTensor, IsotropicTensorIsInvariantUnderRotation)
{
  std::mt19937 rng(11);
  const auto   C = elastic::isotropic(70e3, 0.22);
  for (unsigned int k = 0; k < 10; ++k)
    {
      const auto Cr = elastic::to_voigt(
          elastic::rotate(elastic::to_tensor(C), random_rotation(rng)));
      EXPECT_LT(max_difference(Cr, C), 1e-10 * elastic::max_abs_entry(C));
    }
}

TEST(ElasticTensor, CubicTensorIsInvariantUnderCubeRotations)
{
  const auto C  = elastic::cubic(168400, 121400, 75400); // copper, MPa
  const auto Cr = elastic::to_voigt(
      elastic::rotate(elastic::to_tensor(C),
                      elastic::rotation_from_euler(M_PI / 2, M_PI / 2, 0.)));
  EXPECT_LT(max_difference(Cr, C), 1e-10 * 168400);
}

TEST(ElasticTensor, RotationKeepsPositiveDefinitenessAndInvariants)
{
  std::mt19937 rng(3);
  const auto   C = aragonite();
  const auto   T = elastic::to_tensor(C);
  for (unsigned int k = 0; k < 20; ++k)
    {
      const auto R  = random_rotation(rng);
      const auto Tr = elastic::rotate(T, R);
      EXPECT_TRUE(elastic::is_positive_definite(elastic::to_voigt(Tr)));
      // Rotation preserves the tensor norm and the two traces C_iijj and
      // C_ijij.
      EXPECT_NEAR(Tr.norm(), T.norm(), 1e-10 * T.norm());
      double a = 0, b = 0, ar = 0, br = 0;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          {
            a += T[i][i][j][j];
            ar += Tr[i][i][j][j];
            b += T[i][j][i][j];
            br += Tr[i][j][i][j];
          }
      EXPECT_NEAR(ar, a, 1e-10 * std::abs(a));
      EXPECT_NEAR(br, b, 1e-10 * std::abs(b));
      // Rotating back restores the original.
      const auto back = elastic::rotate(Tr, dealii::transpose(R));
      EXPECT_LT((back - T).norm(), 1e-10 * T.norm());
    }
}

TEST(ElasticTensor, PositiveDefinitenessDetectsUnstableConstants)
{
  EXPECT_TRUE(elastic::is_positive_definite(elastic::cubic(100, 50, 30)));
  EXPECT_FALSE(elastic::is_positive_definite(elastic::cubic(100, 120, 30)));
  EXPECT_FALSE(elastic::is_positive_definite(elastic::cubic(100, -60, 30)));
  EXPECT_FALSE(elastic::is_positive_definite(elastic::cubic(100, 50, 0)));
  EXPECT_FALSE(elastic::is_positive_definite(elastic::VoigtMatrix()));
}

TEST(ElasticTensor, PlaneStrainRestriction)
{
  const auto T  = elastic::to_tensor(aragonite());
  const auto T2 = elastic::restrict_to_dim<2>(T);
  EXPECT_EQ(T2[0][0][0][0], 171100.);
  EXPECT_EQ(T2[0][0][1][1], 60300.);
  EXPECT_EQ(T2[0][1][0][1], 42100.);
}

TEST(ElasticTensor, LaminateOfIsotropicLayersIsBackus)
{
  // Isotropic layers normal to z (Backus 1962): C3333 = <1/(l+2m)>^-1,
  // C2323 = <1/m>^-1, C1133 = <l/(l+2m)> C3333, C1212 = <m>,
  // C1111 = <4m(l+m)/(l+2m)> + <l/(l+2m)>^2 C3333.
  const double E[2] = {70000, 3000}, nu[2] = {0.22, 0.38}, f[2] = {0.35, 0.65};
  std::vector<SymmetricTensor<4, 3>> C;
  double inv_p = 0, inv_m = 0, mean_m = 0, ratio = 0, c11 = 0;
  for (unsigned int p = 0; p < 2; ++p)
    {
      const double l = E[p] * nu[p] / ((1 + nu[p]) * (1 - 2 * nu[p]));
      const double m = E[p] / (2 * (1 + nu[p]));
      C.push_back(elastic::to_tensor(elastic::isotropic(E[p], nu[p])));
      inv_p += f[p] / (l + 2 * m);
      inv_m += f[p] / m;
      mean_m += f[p] * m;
      ratio += f[p] * l / (l + 2 * m);
      c11 += f[p] * 4 * m * (l + m) / (l + 2 * m);
    }
  dealii::Tensor<1, 3> n;
  n[2]                              = 2.5; // not normalized on purpose
  const SymmetricTensor<4, 3> Cstar = elastic::laminate<3>(C, {f[0], f[1]}, n);
  const double                c33   = 1 / inv_p;
  EXPECT_NEAR(Cstar[2][2][2][2], c33, 1e-10 * c33);
  EXPECT_NEAR(Cstar[1][2][1][2], 1 / inv_m, 1e-10 * c33);
  EXPECT_NEAR(Cstar[0][0][2][2], ratio * c33, 1e-10 * c33);
  EXPECT_NEAR(Cstar[0][1][0][1], mean_m, 1e-10 * c33);
  EXPECT_NEAR(Cstar[0][0][0][0], c11 + ratio * ratio * c33, 1e-10 * c33);
  EXPECT_NEAR(Cstar[0][0][1][2], 0., 1e-10 * c33);
}

TEST(ElasticTensor, LaminateIsObjectiveAndKeepsOnePhase)
{
  // Rotating both phases and the normal rotates the laminate; one phase
  // (or two equal ones) is itself.
  const auto           C0 = elastic::to_tensor(elastic::orthotropic(
      160000, 37300, 1700, 87000, 15700, 85000, 41300, 25600, 42700));
  const auto           C1 = elastic::to_tensor(elastic::isotropic(3000, 0.4));
  dealii::Tensor<1, 3> n;
  n[0]         = 0.3;
  n[1]         = -0.5;
  n[2]         = 0.8;
  const auto R = elastic::rotation_from_euler(0.3, 1.1, -0.7);
  const auto L = elastic::laminate<3>({C0, C1}, {0.6, 0.4}, n);
  const auto LR =
      elastic::laminate<3>({elastic::rotate(C0, R), elastic::rotate(C1, R)},
                           {0.6, 0.4},
                           R * n);
  const auto   expected = elastic::rotate(L, R);
  const double scale    = elastic::max_abs_entry(elastic::to_voigt(expected));
  for (unsigned int i = 0; i < 3; ++i)
    for (unsigned int j = 0; j < 3; ++j)
      for (unsigned int k = 0; k < 3; ++k)
        for (unsigned int l = 0; l < 3; ++l)
          EXPECT_NEAR(LR[i][j][k][l], expected[i][j][k][l], 1e-9 * scale);
  const auto same = elastic::laminate<3>({C0, C0}, {0.3, 0.7}, n);
  EXPECT_LT((same - C0).norm(), 1e-10 * C0.norm());
  // Positive definite.
  EXPECT_TRUE(elastic::is_positive_definite(elastic::to_voigt(L)));
}

TEST(ElasticTensor, PlaneStrainLaminateOfRotatedCrystals)
{
  // With in-plane jumps only, the 3D laminate's in-plane part is the 2D
  // laminate of the plane-strain tensors, also for crystals rotated so
  // that in-plane and out-of-plane shear couple.
  const auto C0 = elastic::rotate(
      elastic::to_tensor(elastic::orthotropic(
          160000, 37300, 1700, 87000, 15700, 85000, 41300, 25600, 42700)),
      elastic::rotation_from_euler(0.4, 0.7, 0.2));
  const auto           C1 = elastic::to_tensor(elastic::isotropic(3000, 0.4));
  dealii::Tensor<1, 3> n3;
  n3[0] = 0.6;
  n3[1] = 0.8;
  const dealii::Tensor<1, 2> n2({0.6, 0.8});
  const auto   L3    = elastic::laminate<3>({C0, C1}, {0.6, 0.4}, n3, 2);
  const auto   L2    = elastic::laminate<2>({elastic::restrict_to_dim<2>(C0),
                                             elastic::restrict_to_dim<2>(C1)},
                                       {0.6, 0.4},
                                       n2);
  const auto   R     = elastic::restrict_to_dim<2>(L3);
  const double scale = L2.norm();
  EXPECT_LT((R - L2).norm(), 1e-12 * scale);
  // Without the restriction the two differ for this crystal.
  const auto free = elastic::restrict_to_dim<2>(
      elastic::laminate<3>({C0, C1}, {0.6, 0.4}, n3));
  EXPECT_GT((free - L2).norm(), 1e-3 * scale);
}
