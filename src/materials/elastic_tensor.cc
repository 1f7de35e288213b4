#include "materials/elastic_tensor.h"

#include <cmath>

namespace nanomech::elastic
{
  namespace
  {
    // Voigt index of the symmetric pair (i,j).
    constexpr unsigned int voigt_index[3][3] = {{0, 5, 4},
                                                {5, 1, 3},
                                                {4, 3, 2}};
  } // namespace

  VoigtMatrix
  orthotropic(const double C11,
              const double C12,
              const double C13,
              const double C22,
              const double C23,
              const double C33,
              const double C44,
              const double C55,
              const double C66)
  {
    VoigtMatrix C;
    C[0][0] = C11;
    C[1][1] = C22;
    C[2][2] = C33;
    C[0][1] = C[1][0] = C12;
    C[0][2] = C[2][0] = C13;
    C[1][2] = C[2][1] = C23;
    C[3][3]           = C44;
    C[4][4]           = C55;
    C[5][5]           = C66;
    return C;
  }

  VoigtMatrix
  isotropic(const double E, const double nu)
  {
    const double lambda = E * nu / ((1. + nu) * (1. - 2. * nu));
    const double mu     = E / (2. * (1. + nu));
    return cubic(lambda + 2. * mu, lambda, mu);
  }

  VoigtMatrix
  cubic(const double C11, const double C12, const double C44)
  {
    return orthotropic(C11, C12, C12, C11, C12, C11, C44, C44, C44);
  }

  VoigtMatrix
  transversely_isotropic(const double C11,
                         const double C12,
                         const double C13,
                         const double C33,
                         const double C44)
  {
    return orthotropic(
        C11, C12, C13, C11, C13, C33, C44, C44, 0.5 * (C11 - C12));
  }

  SymmetricTensor<4, 3>
  to_tensor(const VoigtMatrix &C)
  {
    SymmetricTensor<4, 3> T;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int l = k; l < 3; ++l)
            T[i][j][k][l] = C[voigt_index[i][j]][voigt_index[k][l]];
    return T;
  }

  VoigtMatrix
  to_voigt(const SymmetricTensor<4, 3> &T)
  {
    VoigtMatrix C;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int l = k; l < 3; ++l)
            C[voigt_index[i][j]][voigt_index[k][l]] = T[i][j][k][l];
    return C;
  }

  Tensor<2, 3>
  rotation_from_euler(const double phi1, const double Phi, const double phi2)
  {
    auto Rz = [](const double a) {
      Tensor<2, 3> R;
      R[0][0] = std::cos(a);
      R[0][1] = -std::sin(a);
      R[1][0] = std::sin(a);
      R[1][1] = std::cos(a);
      R[2][2] = 1.;
      return R;
    };
    Tensor<2, 3> Rx;
    Rx[0][0] = 1.;
    Rx[1][1] = std::cos(Phi);
    Rx[1][2] = -std::sin(Phi);
    Rx[2][1] = std::sin(Phi);
    Rx[2][2] = std::cos(Phi);
    return Rz(phi1) * Rx * Rz(phi2);
  }

  SymmetricTensor<4, 3>
  rotate(const SymmetricTensor<4, 3> &C, const Tensor<2, 3> &R)
  {
    // Contract one index at a time: 4 * 3^5 operations instead of 3^8.
    double A[3][3][3][3], B[3][3][3][3];
    for (unsigned int a = 0; a < 3; ++a)
      for (unsigned int b = 0; b < 3; ++b)
        for (unsigned int c = 0; c < 3; ++c)
          for (unsigned int d = 0; d < 3; ++d)
            A[a][b][c][d] = C[a][b][c][d];
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int b = 0; b < 3; ++b)
        for (unsigned int c = 0; c < 3; ++c)
          for (unsigned int d = 0; d < 3; ++d)
            {
              double s = 0;
              for (unsigned int a = 0; a < 3; ++a)
                s += R[i][a] * A[a][b][c][d];
              B[i][b][c][d] = s;
            }
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        for (unsigned int c = 0; c < 3; ++c)
          for (unsigned int d = 0; d < 3; ++d)
            {
              double s = 0;
              for (unsigned int b = 0; b < 3; ++b)
                s += R[j][b] * B[i][b][c][d];
              A[i][j][c][d] = s;
            }
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int d = 0; d < 3; ++d)
            {
              double s = 0;
              for (unsigned int c = 0; c < 3; ++c)
                s += R[k][c] * A[i][j][c][d];
              B[i][j][k][d] = s;
            }
    SymmetricTensor<4, 3> result;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int l = k; l < 3; ++l)
            {
              double s = 0;
              for (unsigned int d = 0; d < 3; ++d)
                s += R[l][d] * B[i][j][k][d];
              result[i][j][k][l] = s;
            }
    return result;
  }

  template <int dim>
  SymmetricTensor<4, dim>
  restrict_to_dim(const SymmetricTensor<4, 3> &C)
  {
    SymmetricTensor<4, dim> T;
    for (unsigned int i = 0; i < dim; ++i)
      for (unsigned int j = i; j < dim; ++j)
        for (unsigned int k = 0; k < dim; ++k)
          for (unsigned int l = k; l < dim; ++l)
            T[i][j][k][l] = C[i][j][k][l];
    return T;
  }

  bool
  is_positive_definite(const VoigtMatrix &C)
  {
    const double scale = max_abs_entry(C);
    if (!(scale > 0.))
      return false;
    for (unsigned int i = 0; i < 6; ++i)
      for (unsigned int j = 0; j < i; ++j)
        if (std::abs(C[i][j] - C[j][i]) > 1e-12 * scale)
          return false;
    // Cholesky factorization; a non-positive pivot means not SPD.
    double L[6][6] = {};
    for (unsigned int j = 0; j < 6; ++j)
      {
        double d = C[j][j];
        for (unsigned int k = 0; k < j; ++k)
          d -= L[j][k] * L[j][k];
        if (!(d > 1e-12 * scale))
          return false;
        L[j][j] = std::sqrt(d);
        for (unsigned int i = j + 1; i < 6; ++i)
          {
            double s = C[i][j];
            for (unsigned int k = 0; k < j; ++k)
              s -= L[i][k] * L[j][k];
            L[i][j] = s / L[j][j];
          }
      }
    return true;
  }

  double
  hill_young_modulus(const SymmetricTensor<4, 3> &C)
  {
    // C_iijj = 9 K and C_ijij = 10 G + 3 K for an isotropic stiffness, and
    // S_iijj = 1 / K, S_ijij = 5 / (2 G) + 1 / (3 K) for its compliance.
    const SymmetricTensor<4, 3> S = invert(C);
    double c_iijj = 0., c_ijij = 0., s_iijj = 0., s_ijij = 0.;
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = 0; j < 3; ++j)
        {
          c_iijj += C[i][i][j][j];
          c_ijij += C[i][j][i][j];
          s_iijj += S[i][i][j][j];
          s_ijij += S[i][j][i][j];
        }
    const double K_voigt = c_iijj / 9., G_voigt = (c_ijij - c_iijj / 3.) / 10.;
    const double K_reuss = 1. / s_iijj;
    const double G_reuss = 2.5 / (s_ijij - s_iijj / 3.);
    const double K = 0.5 * (K_voigt + K_reuss), G = 0.5 * (G_voigt + G_reuss);
    return 9. * K * G / (3. * K + G);
  }

  double
  max_abs_entry(const VoigtMatrix &C)
  {
    double m = 0;
    for (unsigned int i = 0; i < 6; ++i)
      for (unsigned int j = 0; j < 6; ++j)
        m = std::max(m, std::abs(C[i][j]));
    return m;
  }

  template <int d>
  SymmetricTensor<4, d>
  laminate(const std::vector<SymmetricTensor<4, d>> &C,
           const std::vector<double>                &f,
           const Tensor<1, d>                       &normal,
           const unsigned int                        jump_components)
  {
    const Tensor<1, d> n = normal / normal.norm();
    // Per phase: T_kij = C_klij n_l and K^-1; the averages.
    Tensor<4, d> mean_C, mean_TKT;
    Tensor<2, d> mean_Kinv;
    Tensor<3, d> mean_KinvT;
    for (unsigned int p = 0; p < C.size(); ++p)
      {
        Tensor<3, d> T;
        Tensor<2, d> K;
        for (unsigned int k = 0; k < d; ++k)
          for (unsigned int i = 0; i < d; ++i)
            for (unsigned int j = 0; j < d; ++j)
              for (unsigned int l = 0; l < d; ++l)
                T[k][i][j] += C[p][k][l][i][j] * n[l];
        for (unsigned int k = 0; k < d; ++k)
          for (unsigned int m = 0; m < d; ++m)
            for (unsigned int i = 0; i < d; ++i)
              K[k][m] += T[k][i][m] * n[i];
        // Components that cannot jump: no row in T, identity in K.
        for (unsigned int k = jump_components; k < d; ++k)
          {
            T[k] = 0.;
            for (unsigned int m = 0; m < d; ++m)
              K[k][m] = K[m][k] = (k == m ? 1. : 0.);
          }
        const Tensor<2, d> Kinv = invert(K);
        Tensor<3, d>       KinvT;
        for (unsigned int m = 0; m < d; ++m)
          for (unsigned int k = 0; k < d; ++k)
            KinvT[m] += Kinv[m][k] * T[k];
        mean_Kinv += f[p] * Kinv;
        mean_KinvT += f[p] * KinvT;
        for (unsigned int i = 0; i < d; ++i)
          for (unsigned int j = 0; j < d; ++j)
            for (unsigned int k = 0; k < d; ++k)
              for (unsigned int l = 0; l < d; ++l)
                {
                  double tkt = 0.;
                  for (unsigned int m = 0; m < d; ++m)
                    tkt += T[m][i][j] * KinvT[m][k][l];
                  mean_TKT[i][j][k][l] += f[p] * tkt;
                  mean_C[i][j][k][l] += f[p] * C[p][i][j][k][l];
                }
      }
    // B = <K^-1>^-1 <K^-1 T>, and <T^T K^-1> = <K^-1 T>^T (K symmetric).
    const Tensor<2, d> M = invert(mean_Kinv);
    Tensor<3, d>       B;
    for (unsigned int m = 0; m < d; ++m)
      for (unsigned int k = 0; k < d; ++k)
        B[m] += M[m][k] * mean_KinvT[k];
    SymmetricTensor<4, d> result;
    for (unsigned int i = 0; i < d; ++i)
      for (unsigned int j = i; j < d; ++j)
        for (unsigned int k = 0; k < d; ++k)
          for (unsigned int l = k; l < d; ++l)
            {
              double c = mean_C[i][j][k][l] - mean_TKT[i][j][k][l];
              for (unsigned int m = 0; m < d; ++m)
                c += mean_KinvT[m][i][j] * B[m][k][l];
              result[i][j][k][l] = c;
            }
    return result;
  }

  template SymmetricTensor<4, 2>
  laminate<2>(const std::vector<SymmetricTensor<4, 2>> &,
              const std::vector<double> &,
              const Tensor<1, 2> &,
              unsigned int);
  template SymmetricTensor<4, 3>
  laminate<3>(const std::vector<SymmetricTensor<4, 3>> &,
              const std::vector<double> &,
              const Tensor<1, 3> &,
              unsigned int);
  template SymmetricTensor<4, 2>
  restrict_to_dim<2>(const SymmetricTensor<4, 3> &);
  template SymmetricTensor<4, 3>
  restrict_to_dim<3>(const SymmetricTensor<4, 3> &);
} // namespace nanomech::elastic
