#pragma once

#include <deal.II/base/symmetric_tensor.h>

#include <algorithm>
#include <array>
#include <cmath>

// Mandel notation and small dense matrices for the plastic laws
// (materials/plasticity*.cc only).
namespace nanomech::plasticity::mandel
{
  using dealii::SymmetricTensor;

  // Mandel notation: a symmetric 3x3 tensor as the 6-vector (11, 22, 33,
  // sqrt2 23, sqrt2 13, sqrt2 12), so that the double contraction is the
  // dot product and a fourth-order tensor with minor symmetries is a 6x6
  // matrix whose inverse is the tensor inverse on symmetric tensors.
  using Vec6                        = std::array<double, 6>;
  constexpr unsigned int row[6]     = {0, 1, 2, 1, 0, 0};
  constexpr unsigned int col[6]     = {0, 1, 2, 2, 2, 1};
  const double           weight[6]  = {1., 1., 1., M_SQRT2, M_SQRT2, M_SQRT2};
  constexpr Vec6         identity2  = {{1., 1., 1., 0., 0., 0.}};
  constexpr double       one_third  = 1. / 3.;
  constexpr unsigned int n_unknowns = 13; // sigma, beta, delta gamma
  constexpr unsigned int max_newton = 50;
  constexpr double       tolerance  = 1e-12;

  /// A dense N x N matrix on the stack (the local problem runs at every
  /// plastic quadrature point of every assembly: no heap).
  template <unsigned int N>
  struct Matrix
  {
    std::array<double, N * N> a{};
    double &
    operator()(const unsigned int i, const unsigned int j)
    {
      return a[i * N + j];
    }
    double
    operator()(const unsigned int i, const unsigned int j) const
    {
      return a[i * N + j];
    }
  };

  /// The inverse of @p m by Gauss-Jordan elimination with partial
  /// pivoting; false if @p m is singular.
  template <unsigned int N>
  bool
  invert(const Matrix<N> &m, Matrix<N> &inverse)
  {
    Matrix<N> w = m;
    for (unsigned int i = 0; i < N; ++i)
      for (unsigned int j = 0; j < N; ++j)
        inverse(i, j) = i == j ? 1. : 0.;
    for (unsigned int c = 0; c < N; ++c)
      {
        unsigned int p = c;
        for (unsigned int r = c + 1; r < N; ++r)
          if (std::abs(w(r, c)) > std::abs(w(p, c)))
            p = r;
        if (!(std::abs(w(p, c)) > 0.))
          return false;
        if (p != c)
          for (unsigned int j = 0; j < N; ++j)
            {
              std::swap(w(p, j), w(c, j));
              std::swap(inverse(p, j), inverse(c, j));
            }
        const double d = 1. / w(c, c);
        for (unsigned int j = 0; j < N; ++j)
          {
            w(c, j) *= d;
            inverse(c, j) *= d;
          }
        for (unsigned int r = 0; r < N; ++r)
          if (r != c && w(r, c) != 0.)
            {
              const double f = w(r, c);
              for (unsigned int j = 0; j < N; ++j)
                {
                  w(r, j) -= f * w(c, j);
                  inverse(r, j) -= f * inverse(c, j);
                }
            }
      }
    return true;
  }

  inline Vec6
  to_mandel(const SymmetricTensor<2, 3> &t)
  {
    Vec6 v;
    for (unsigned int i = 0; i < 6; ++i)
      v[i] = weight[i] * t[row[i]][col[i]];
    return v;
  }

  inline SymmetricTensor<2, 3>
  from_mandel(const Vec6 &v)
  {
    SymmetricTensor<2, 3> t;
    for (unsigned int i = 0; i < 6; ++i)
      t[row[i]][col[i]] = v[i] / weight[i];
    return t;
  }

  inline Matrix<6>
  to_mandel(const SymmetricTensor<4, 3> &C)
  {
    Matrix<6> m;
    for (unsigned int i = 0; i < 6; ++i)
      for (unsigned int j = 0; j < 6; ++j)
        m(i, j) = weight[i] * weight[j] * C[row[i]][col[i]][row[j]][col[j]];
    return m;
  }

  /// The tensor of the 6x6 block of @p m at (0, 0).
  inline SymmetricTensor<4, 3>
  tensor_from_mandel(const Matrix<6> &m)
  {
    SymmetricTensor<4, 3> C;
    for (unsigned int i = 0; i < 6; ++i)
      for (unsigned int j = 0; j < 6; ++j)
        C[row[i]][col[i]][row[j]][col[j]] = m(i, j) / (weight[i] * weight[j]);
    return C;
  }

  inline Vec6
  times(const Matrix<6> &m, const Vec6 &v)
  {
    Vec6 r{};
    for (unsigned int i = 0; i < 6; ++i)
      for (unsigned int j = 0; j < 6; ++j)
        r[i] += m(i, j) * v[j];
    return r;
  }

  inline double
  dot(const Vec6 &a, const Vec6 &b)
  {
    double s = 0.;
    for (unsigned int i = 0; i < 6; ++i)
      s += a[i] * b[i];
    return s;
  }

  inline Vec6
  deviator(const Vec6 &v)
  {
    const double p = one_third * (v[0] + v[1] + v[2]);
    Vec6         d = v;
    for (unsigned int i = 0; i < 3; ++i)
      d[i] -= p;
    return d;
  }

  /// The deviatoric projector P = I - 1/3 I x I as a 6x6 matrix.
  inline double
  projector(const unsigned int i, const unsigned int j)
  {
    return (i == j ? 1. : 0.) - one_third * identity2[i] * identity2[j];
  }

  inline double
  stiffness_scale(const Matrix<6> &C)
  {
    double s = 0.;
    for (unsigned int i = 0; i < 6; ++i)
      s = std::max(s, C(i, i));
    return s;
  }
} // namespace nanomech::plasticity::mandel
