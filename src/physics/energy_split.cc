#include "physics/energy_split.h"

#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"

#include <cmath>

namespace nanomech
{
  using namespace dealii;

  EnergySplit::Type
  EnergySplit::parse(const std::string &name)
  {
    if (name == "none")
      return Type::none;
    if (name == "spectral")
      return Type::spectral;
    if (name == "volumetric-deviatoric")
      return Type::volumetric_deviatoric;
    throw InputError("unknown energy split '" + name + "'");
  }

  std::string
  EnergySplit::name(const Type type)
  {
    switch (type)
      {
        case Type::none:
          return "none";
        case Type::spectral:
          return "spectral";
        default:
          return "volumetric-deviatoric";
      }
  }

  bool
  EnergySplit::is_isotropic(const SymmetricTensor<4, 3> &C,
                            double                      &lambda,
                            double                      &mu)
  {
    lambda = C[0][0][1][1];
    mu     = C[0][1][0][1];
    const SymmetricTensor<4, 3> iso =
        lambda * outer_product(unit_symmetric_tensor<3>(),
                               unit_symmetric_tensor<3>()) +
        2. * mu * identity_tensor<3>();
    return (C - iso).norm() <= 1e-8 * C.norm();
  }

  EnergySplit::EnergySplit(const Type                   type,
                           const SymmetricTensor<4, 3> &C,
                           const std::string           &where)
      : type(type)
      , C(C)
  {
    const bool isotropic = is_isotropic(C, lambda, mu);
    require_input(type != Type::spectral || isotropic,
                  "Fracture/Energy split = spectral is defined for isotropic "
                  "phases only, and " +
                      where +
                      " is anisotropic; use volumetric-deviatoric (it takes "
                      "the Reuss bulk modulus of the crystal) or none");
    // K_Reuss = 1 / (I : C^-1 : I).
    const SymmetricTensor<2, 3> I = unit_symmetric_tensor<3>();
    S                             = invert(C);
    K                             = 1. / (I * (S * I));
  }

  void
  EnergySplit::secant(const SymmetricTensor<2, 3> &eps,
                      SymmetricTensor<4, 3>       &C_plus,
                      SymmetricTensor<4, 3>       &C_minus) const
  {
    const SymmetricTensor<2, 3> I  = unit_symmetric_tensor<3>();
    const double                tr = trace(eps);
    switch (type)
      {
        case Type::none:
          C_plus  = C;
          C_minus = SymmetricTensor<4, 3>();
          return;
        case Type::volumetric_deviatoric:
          {
            const SymmetricTensor<4, 3> C_vol = K * outer_product(I, I);
            if (tr > 0.)
              {
                C_plus  = C;
                C_minus = SymmetricTensor<4, 3>();
              }
            else
              {
                C_plus  = C - C_vol;
                C_minus = C_vol;
              }
            return;
          }
        case Type::spectral:
          {
            // mu part: P+ : eps = eps+ with P+ = sum_ij theta_ij N_ij x N_ij,
            // N_ij the normalized symmetric dyads of the eigenvectors and
            // theta_ij = (H_i + H_j)/2, so that P+ + P- is the identity
            // (the secant keeps the full shear stiffness when g = 1).
            const auto            eig = eigenvectors(eps);
            SymmetricTensor<4, 3> P_plus, P_minus;
            for (unsigned int i = 0; i < 3; ++i)
              for (unsigned int j = i; j < 3; ++j)
                {
                  const Tensor<1, 3>   &a = eig[i].second, &b = eig[j].second;
                  SymmetricTensor<2, 3> N =
                      symmetrize(outer_product(a, b) + outer_product(b, a));
                  N /= N.norm();
                  const double theta =
                      0.5 * ((eig[i].first > 0.) + (eig[j].first > 0.));
                  const SymmetricTensor<4, 3> NN = outer_product(N, N);
                  P_plus += theta * NN;
                  P_minus += (1. - theta) * NN;
                }
            const SymmetricTensor<4, 3> II = lambda * outer_product(I, I);
            C_plus                         = 2. * mu * P_plus;
            C_minus                        = 2. * mu * P_minus;
            if (tr > 0.)
              C_plus += II;
            else
              C_minus += II;
            return;
          }
      }
  }

  double
  EnergySplit::positive_energy(const SymmetricTensor<2, 3> &eps) const
  {
    SymmetricTensor<4, 3> C_plus, C_minus;
    secant(eps, C_plus, C_minus);
    return 0.5 * eps * (C_plus * eps);
  }

  double
  EnergySplit::negative_energy(const SymmetricTensor<2, 3> &eps) const
  {
    SymmetricTensor<4, 3> C_plus, C_minus;
    secant(eps, C_plus, C_minus);
    return 0.5 * eps * (C_minus * eps);
  }
  void
  EnergySplit::degrade(const double                 g,
                       const SymmetricTensor<2, 3> &eps_e,
                       const SymmetricTensor<2, 3> &sigma_eff,
                       const SymmetricTensor<4, 3> &C_eff,
                       SymmetricTensor<2, 3>       &sigma,
                       SymmetricTensor<4, 3>       *D) const
  {
    Assert(type != Type::spectral, ExcNotImplemented());
    sigma = g * sigma_eff;
    if (D)
      *D = g * C_eff;
    const double tr = trace(eps_e);
    if (type != Type::volumetric_deviatoric || tr >= 0.)
      return;
    // Compression: sigma- = K tr(eps_e) I stays undegraded (Amor et al.).
    const SymmetricTensor<2, 3> I = unit_symmetric_tensor<3>();
    sigma += (1. - g) * K * tr * I;
    if (D)
      {
        // d tr(eps_e) / d eps = I : C^-1 : C_eff (I for an elastic point
        // and for J2 flow, which is deviatoric).
        const SymmetricTensor<2, 3> dtr = (I * S) * C_eff;
        *D += (1. - g) * K * outer_product(I, dtr);
      }
  }

} // namespace nanomech
