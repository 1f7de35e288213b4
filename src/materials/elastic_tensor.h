#pragma once

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include <vector>

/**
 * Elastic stiffness tensors: builders from the usual material constants in
 * Voigt notation (order 11, 22, 33, 23, 13, 12; engineering shear strains,
 * so C44 = C_2323), rotation to a crystal orientation, and the plane-strain
 * restriction used in 2D. All moduli in MPa.
 */
namespace nanomech::elastic
{
  using dealii::SymmetricTensor;
  using dealii::Tensor;

  /// 6x6 stiffness in Voigt notation, MPa.
  using VoigtMatrix = Tensor<2, 6>;

  /// Isotropic: Young's modulus E (MPa), Poisson's ratio nu.
  VoigtMatrix
  isotropic(double E, double nu);

  /// Cubic symmetry with the cube axes along the crystal axes.
  VoigtMatrix
  cubic(double C11, double C12, double C44);

  /// Transverse isotropy about crystal axis 3 (e.g. the c-axis of
  /// hydroxyapatite); C66 = (C11 - C12)/2 follows.
  VoigtMatrix
  transversely_isotropic(double C11,
                         double C12,
                         double C13,
                         double C33,
                         double C44);

  /// Orthotropic symmetry with the symmetry planes normal to the crystal
  /// axes (nine independent constants).
  VoigtMatrix
  orthotropic(double C11,
              double C12,
              double C13,
              double C22,
              double C23,
              double C33,
              double C44,
              double C55,
              double C66);

  /// The fourth-order tensor of a Voigt matrix (and back).
  SymmetricTensor<4, 3>
  to_tensor(const VoigtMatrix &C);
  VoigtMatrix
  to_voigt(const SymmetricTensor<4, 3> &C);

  /**
   * Rotation matrix from Bunge Euler angles (radians), the z-x-z
   * convention of texture analysis: R = Rz(phi1) Rx(Phi) Rz(phi2), with
   * Rz(a) = [[cos a, -sin a, 0], [sin a, cos a, 0], [0, 0, 1]]. A vector
   * with crystal components v has specimen components R v.
   */
  Tensor<2, 3>
  rotation_from_euler(double phi1, double Phi, double phi2);

  /// C'_ijkl = R_ia R_jb R_kc R_ld C_abcd: the crystal stiffness seen in
  /// the specimen frame.
  SymmetricTensor<4, 3>
  rotate(const SymmetricTensor<4, 3> &C, const Tensor<2, 3> &R);

  /// The 3x3 strain of a dim x dim one (plane strain: zero out of plane).
  template <int dim>
  SymmetricTensor<2, 3>
  embed_strain(const SymmetricTensor<2, dim> &eps)
  {
    SymmetricTensor<2, 3> eps3;
    for (unsigned int i = 0; i < dim; ++i)
      for (unsigned int j = i; j < dim; ++j)
        eps3[i][j] = eps[i][j];
    return eps3;
  }

  /// In 3D the tensor itself; in 2D its in-plane components C_ijkl with
  /// i,j,k,l in {x,y}, which is the plane-strain stiffness (eps_zz = 0).
  template <int dim>
  SymmetricTensor<4, dim>
  restrict_to_dim(const SymmetricTensor<4, 3> &C);

  /**
   * The exact effective stiffness of a laminate of phases with stiffness
   * C_i and volume fractions f_i whose layers have the unit normal n
   * (strain jumps a_i (x) n across the layers, traction continuous):
   *   C* = <C> - <T^T K^-1 T> + <T^T K^-1> <K^-1>^-1 <K^-1 T>,
   * with the acoustic tensor K_i = n.C_i.n and (T_i eps)_k = C_kl..
   * eps n_l (Backus, J. Geophys. Res. 67, 4427, 1962, in tensor form).
   * Used as the material of cells an interface cuts ("composite voxels",
   * Kabel, Merkert and Schneider, Comput. Methods Appl. Mech. Eng. 294,
   * 168, 2015). Only the first @p jump_components components of the jump
   * vectors may be nonzero (2 for the 3D tensor of a plane-strain
   * laminate, whose displacement has no z component); default all.
   */
  template <int d>
  SymmetricTensor<4, d>
  laminate(const std::vector<SymmetricTensor<4, d>> &C,
           const std::vector<double>                &fractions,
           const Tensor<1, d>                       &normal,
           unsigned int                              jump_components = d);

  /// Whether the Voigt matrix is symmetric positive definite (Cholesky).
  bool
  is_positive_definite(const VoigtMatrix &C);

  /// Young's modulus of the Voigt-Reuss-Hill isotropic average of @p C
  /// (Hill, Proc. Phys. Soc. A 65, 349, 1952), MPa; E itself for an
  /// isotropic stiffness.
  double
  hill_young_modulus(const SymmetricTensor<4, 3> &C);

  /// Largest absolute entry, to scale tolerances.
  double
  max_abs_entry(const VoigtMatrix &C);
} // namespace nanomech::elastic
