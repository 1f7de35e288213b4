#pragma once

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/lac/full_matrix.h>

#include <string>
#include <utility>
#include <vector>

/**
 * What follows from an effective stiffness in Voigt notation (order 11,
 * 22, 33, 23, 13, 12 in 3D, 11, 22, 12 in 2D; engineering shear strains):
 * the compliance, engineering constants, Voigt/Reuss bulk and shear moduli
 * of the tensor, the universal anisotropy index, and ensemble statistics.
 * In 2D the tensor is the in-plane plane-strain stiffness, so its
 * "Young's moduli" are plane-strain moduli (E/(1-nu^2) for an isotropic
 * solid) and its bulk modulus is the plane-strain (area) bulk modulus
 * K + G/3.
 */
namespace nanomech::effective
{
  /// 6 in 3D, 3 in 2D.
  constexpr unsigned int
  n_voigt(const unsigned int dim)
  {
    return dim == 3 ? 6 : 3;
  }

  /// The tensor indices (i, j) of Voigt component k.
  std::pair<unsigned int, unsigned int>
  voigt_pair(unsigned int dim, unsigned int k);

  /// "11", "22", "33", "23", "13", "12" (3D) or "11", "22", "12" (2D).
  std::string
  voigt_name(unsigned int dim, unsigned int k);

  /// The symmetric tensor of Voigt component k with amplitude a: a strain
  /// (engineering shear: eps_ij = eps_ji = a/2) or a stress (sigma_ij =
  /// sigma_ji = a).
  template <int dim>
  dealii::SymmetricTensor<2, dim>
  voigt_strain(unsigned int k, double a);
  template <int dim>
  dealii::SymmetricTensor<2, dim>
  voigt_stress(unsigned int k, double a);

  /// Voigt vectors of 3x3 tensors restricted to the components of @p dim
  /// (strain: shear components doubled).
  std::vector<double>
  stress_to_voigt(const dealii::SymmetricTensor<2, 3> &s, unsigned int dim);
  std::vector<double>
  strain_to_voigt(const dealii::SymmetricTensor<2, 3> &e, unsigned int dim);

  using Matrix = dealii::FullMatrix<double>;

  /// |A - A^T|_F / |A|_F.
  double
  symmetry_error(const Matrix &A);
  /// (A + A^T)/2.
  Matrix
  symmetric_part(const Matrix &A);
  /// The inverse; ComputeError if @p A is singular.
  Matrix
  inverse(const Matrix &A);
  /// Whether the symmetric part of @p A is positive definite.
  bool
  is_positive_definite(const Matrix &A);
  /// Smallest eigenvalue of the symmetric part of @p A.
  double
  smallest_eigenvalue(const Matrix &A);

  /// Named scalar results, names with their units.
  using NamedValues = std::vector<std::pair<std::string, double>>;
  /// The value named @p key; std::out_of_range if there is none.
  double
  value_of(const NamedValues &values, const std::string &key);

  /**
   * From a stiffness C (symmetrized first): E_i = 1/S_ii, G_ij, and
   * nu_ij = -S_ji/S_ii (the contraction along j under a stress along i).
   * In 2D the plane-strain E1, E2, G12, nu12, nu21.
   */
  NamedValues
  engineering_constants(const Matrix &C, unsigned int dim);

  /// Voigt and Reuss bulk and shear moduli of the tensor (its isotropic
  /// projections in stiffness and in compliance) and the universal
  /// anisotropy index A^U = K_V/K_R + m G_V/G_R - (m + 1), m = 5 in 3D and
  /// 2 in 2D (Ranganathan and Ostoja-Starzewski, Phys. Rev. Lett. 101,
  /// 055504, 2008; 2D: Kube, AIP Advances 6, 095209, 2016); zero exactly
  /// for an isotropic tensor.
  NamedValues
  isotropic_measures(const Matrix &C, unsigned int dim);

  /// Mean, sample standard deviation and the 95% confidence interval of
  /// the mean (Student t with n - 1 degrees of freedom; zero width for a
  /// single sample).
  struct Statistics
  {
    double mean = 0., std = 0., ci95_low = 0., ci95_high = 0.;
  };
  Statistics
  statistics(const std::vector<double> &x);
} // namespace nanomech::effective
