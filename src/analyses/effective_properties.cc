#include "analyses/effective_properties.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include <boost/math/distributions/students_t.hpp>

#include "base/exceptions.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace nanomech::effective
{
  std::pair<unsigned int, unsigned int>
  voigt_pair(const unsigned int dim, const unsigned int k)
  {
    static const unsigned int p3[6][2] = {
        {0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
    static const unsigned int p2[3][2] = {{0, 0}, {1, 1}, {0, 1}};
    return dim == 3 ? std::make_pair(p3[k][0], p3[k][1]) :
                      std::make_pair(p2[k][0], p2[k][1]);
  }

  std::string
  voigt_name(const unsigned int dim, const unsigned int k)
  {
    const auto [i, j] = voigt_pair(dim, k);
    return std::to_string(i + 1) + std::to_string(j + 1);
  }

  template <int dim>
  dealii::SymmetricTensor<2, dim>
  voigt_strain(const unsigned int k, const double a)
  {
    dealii::SymmetricTensor<2, dim> e;
    const auto [i, j] = voigt_pair(dim, k);
    e[i][j]           = (i == j ? a : 0.5 * a);
    return e;
  }

  template <int dim>
  dealii::SymmetricTensor<2, dim>
  voigt_stress(const unsigned int k, const double a)
  {
    dealii::SymmetricTensor<2, dim> s;
    const auto [i, j] = voigt_pair(dim, k);
    s[i][j]           = a;
    return s;
  }

  std::vector<double>
  stress_to_voigt(const dealii::SymmetricTensor<2, 3> &s,
                  const unsigned int                   dim)
  {
    std::vector<double> v(n_voigt(dim));
    for (unsigned int k = 0; k < v.size(); ++k)
      {
        const auto [i, j] = voigt_pair(dim, k);
        v[k]              = s[i][j];
      }
    return v;
  }

  std::vector<double>
  strain_to_voigt(const dealii::SymmetricTensor<2, 3> &e,
                  const unsigned int                   dim)
  {
    std::vector<double> v(n_voigt(dim));
    for (unsigned int k = 0; k < v.size(); ++k)
      {
        const auto [i, j] = voigt_pair(dim, k);
        v[k]              = (i == j ? 1. : 2.) * e[i][j];
      }
    return v;
  }

  double
  symmetry_error(const Matrix &A)
  {
    double diff = 0., norm = 0.;
    for (unsigned int i = 0; i < A.m(); ++i)
      for (unsigned int j = 0; j < A.n(); ++j)
        {
          diff += std::pow(A(i, j) - A(j, i), 2);
          norm += A(i, j) * A(i, j);
        }
    return norm > 0. ? std::sqrt(diff / norm) : 0.;
  }

  Matrix
  symmetric_part(const Matrix &A)
  {
    Matrix S(A.m(), A.n());
    for (unsigned int i = 0; i < A.m(); ++i)
      for (unsigned int j = 0; j < A.n(); ++j)
        S(i, j) = 0.5 * (A(i, j) + A(j, i));
    return S;
  }

  Matrix
  inverse(const Matrix &A)
  {
    dealii::LAPACKFullMatrix<double> L(A.m(), A.n());
    L = A;
    try
      {
        L.invert();
      }
    catch (...)
      {
        throw ComputeError("effective stiffness is singular");
      }
    Matrix inv(A.m(), A.n());
    for (unsigned int i = 0; i < A.m(); ++i)
      for (unsigned int j = 0; j < A.n(); ++j)
        inv(i, j) = L(i, j);
    return inv;
  }

  double
  smallest_eigenvalue(const Matrix &A)
  {
    dealii::LAPACKFullMatrix<double> L(A.m(), A.n());
    L = symmetric_part(A);
    L.compute_eigenvalues();
    double lambda = std::numeric_limits<double>::max();
    for (unsigned int i = 0; i < A.m(); ++i)
      lambda = std::min(lambda, L.eigenvalue(i).real());
    return lambda;
  }

  bool
  is_positive_definite(const Matrix &A)
  {
    return smallest_eigenvalue(A) > 0.;
  }

  double
  value_of(const NamedValues &values, const std::string &key)
  {
    for (const auto &[k, v] : values)
      if (k == key)
        return v;
    throw std::out_of_range("no value named " + key);
  }

  NamedValues
  engineering_constants(const Matrix &C, const unsigned int dim)
  {
    const Matrix S = inverse(symmetric_part(C));
    NamedValues  r;
    if (dim == 3)
      {
        for (unsigned int i = 0; i < 3; ++i)
          r.emplace_back("E" + std::to_string(i + 1) + "_MPa", 1. / S(i, i));
        // G23 = 1/S44, G13 = 1/S55, G12 = 1/S66.
        for (unsigned int k = 3; k < 6; ++k)
          r.emplace_back("G" + voigt_name(3, k) + "_MPa", 1. / S(k, k));
        for (unsigned int i = 0; i < 3; ++i)
          for (unsigned int j = 0; j < 3; ++j)
            if (i != j)
              r.emplace_back("nu" + std::to_string(i + 1) +
                                 std::to_string(j + 1),
                             -S(j, i) / S(i, i));
      }
    else
      {
        r.emplace_back("E1_plane_strain_MPa", 1. / S(0, 0));
        r.emplace_back("E2_plane_strain_MPa", 1. / S(1, 1));
        r.emplace_back("G12_MPa", 1. / S(2, 2));
        r.emplace_back("nu12_plane_strain", -S(1, 0) / S(0, 0));
        r.emplace_back("nu21_plane_strain", -S(0, 1) / S(1, 1));
      }
    return r;
  }

  NamedValues
  isotropic_measures(const Matrix &C_in, const unsigned int dim)
  {
    const Matrix C = symmetric_part(C_in);
    const Matrix S = inverse(C);
    double       KV, GV, KR, GR;
    if (dim == 3)
      {
        const double a  = C(0, 0) + C(1, 1) + C(2, 2);
        const double b  = C(0, 1) + C(0, 2) + C(1, 2);
        const double c  = C(3, 3) + C(4, 4) + C(5, 5);
        const double sa = S(0, 0) + S(1, 1) + S(2, 2);
        const double sb = S(0, 1) + S(0, 2) + S(1, 2);
        const double sc = S(3, 3) + S(4, 4) + S(5, 5);
        KV              = (a + 2. * b) / 9.;
        GV              = (a - b + 3. * c) / 15.;
        KR              = 1. / (sa + 2. * sb);
        GR              = 15. / (4. * sa - 4. * sb + 3. * sc);
      }
    else
      {
        // Plane: sigma = K tr(eps) I + 2 G dev(eps); C11 = K + G,
        // C12 = K - G, C33 = G for an isotropic tensor.
        KV = (C(0, 0) + C(1, 1) + 2. * C(0, 1)) / 4.;
        GV = (C(0, 0) + C(1, 1) - 2. * C(0, 1)) / 8. + 0.5 * C(2, 2);
        KR = 1. / (S(0, 0) + S(1, 1) + 2. * S(0, 1));
        GR = 2. / (S(0, 0) + S(1, 1) - 2. * S(0, 1) + S(2, 2));
      }
    const double m = (dim == 3 ? 5. : 2.);
    return {{"bulk_modulus_voigt_MPa", KV},
            {"bulk_modulus_reuss_MPa", KR},
            {"shear_modulus_voigt_MPa", GV},
            {"shear_modulus_reuss_MPa", GR},
            {"universal_anisotropy_index", KV / KR + m * GV / GR - (m + 1.)}};
  }

  Statistics
  statistics(const std::vector<double> &x)
  {
    Statistics s;
    if (x.empty())
      return s;
    const double n = x.size();
    for (const double v : x)
      s.mean += v / n;
    if (x.size() > 1)
      {
        double ss = 0.;
        for (const double v : x)
          ss += (v - s.mean) * (v - s.mean);
        s.std = std::sqrt(ss / (n - 1.));
        const boost::math::students_t t(n - 1.);
        const double                  half =
            boost::math::quantile(t, 0.975) * s.std / std::sqrt(n);
        s.ci95_low  = s.mean - half;
        s.ci95_high = s.mean + half;
      }
    else
      s.ci95_low = s.ci95_high = s.mean;
    return s;
  }

  template dealii::SymmetricTensor<2, 2>
  voigt_strain<2>(unsigned int, double);
  template dealii::SymmetricTensor<2, 3>
  voigt_strain<3>(unsigned int, double);
  template dealii::SymmetricTensor<2, 2>
  voigt_stress<2>(unsigned int, double);
  template dealii::SymmetricTensor<2, 3>
  voigt_stress<3>(unsigned int, double);
} // namespace nanomech::effective
