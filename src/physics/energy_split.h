#pragma once

#include <deal.II/base/symmetric_tensor.h>

#include <string>

namespace nanomech
{
  /**
   * Split of the elastic energy density psi = 1/2 eps : C : eps into a part
   * psi+ that damage degrades and a part psi- that it does not (so that a
   * crack does not open under compression), psi = psi+ + psi-.
   *
   * - none: psi+ = psi.
   * - spectral (Miehe, Hofacker & Welschinger, Comput. Methods Appl. Mech.
   *   Engrg. 199, 2765, 2010), isotropic phases only:
   *   psi+ = lambda/2 <tr eps>+^2 + mu tr(eps+^2), eps+ the positive
   *   eigenvalue part of eps.
   * - volumetric-deviatoric (Amor, Marigo & Maurini, J. Mech. Phys. Solids
   *   57, 1209, 2009): psi_vol = K/2 (tr eps)^2 is degraded only under
   *   expansion, psi - psi_vol always. For an anisotropic crystal we take
   *   K = K_Reuss = 1/(I : C^-1 : I), the largest K with psi - K/2 (tr
   *   eps)^2 >= 0 for every strain (the minimum of psi at fixed tr eps is
   *   K_Reuss/2 (tr eps)^2), so the undegraded part is a true part of the
   *   energy. For an isotropic phase K_Reuss = K and it is Amor's split.
   *
   * Both parts are returned as secant stiffnesses C+-(eps) with
   * sigma+- = C+- : eps and psi+- = 1/2 eps : C+- : eps, exact at the given
   * strain; C+ + C- = C. The damaged stress is g(d) C+ : eps + C- : eps, so
   * a displacement solve with the secant g C+ + C- taken at the last strain
   * is a fixed-point iteration that the staggered scheme converges.
   */
  class EnergySplit
  {
  public:
    enum class Type
    {
      none,
      spectral,
      volumetric_deviatoric
    };

    static Type
    parse(const std::string &name);
    static std::string
    name(Type type);

    /// Whether @p C is isotropic (to 1e-8 relative), and its Lame constants.
    static bool
    is_isotropic(const dealii::SymmetricTensor<4, 3> &C,
                 double                              &lambda,
                 double                              &mu);

    /// For a phase of stiffness @p C; throws InputError naming @p where if
    /// the spectral split is asked of an anisotropic phase.
    EnergySplit(Type                                 type,
                const dealii::SymmetricTensor<4, 3> &C,
                const std::string                   &where);

    /// The secant stiffnesses C+ and C- at strain @p eps.
    void
    secant(const dealii::SymmetricTensor<2, 3> &eps,
           dealii::SymmetricTensor<4, 3>       &C_plus,
           dealii::SymmetricTensor<4, 3>       &C_minus) const;

    /// The whole stiffness C = C+ + C- (MPa).
    const dealii::SymmetricTensor<4, 3> &
    stiffness() const
    {
      return C;
    }
    /// Its inverse, the compliance (1/MPa).
    const dealii::SymmetricTensor<4, 3> &
    compliance() const
    {
      return S;
    }

    /// The damaged stress of a point whose undamaged (effective) stress
    /// @p sigma_eff = C : eps_e and tangent @p C_eff = d sigma_eff / d eps
    /// a plastic law gave at elastic strain @p eps_e, with degradation
    /// @p g: sigma = g sigma_eff + (1 - g) sigma-(eps_e), the undegraded
    /// part sigma- = C- : eps_e taken out of the degradation, and (if
    /// @p D) d sigma / d eps, using d eps_e / d eps = C^-1 : C_eff. For an
    /// elastic point (C_eff = C) this is g C+ : eps + C- : eps and its
    /// tangent. Split none or volumetric-deviatoric (the spectral split's
    /// tangent is not formed).
    void
    degrade(double                               g,
            const dealii::SymmetricTensor<2, 3> &eps_e,
            const dealii::SymmetricTensor<2, 3> &sigma_eff,
            const dealii::SymmetricTensor<4, 3> &C_eff,
            dealii::SymmetricTensor<2, 3>       &sigma,
            dealii::SymmetricTensor<4, 3>       *D) const;

    /// psi+ at strain @p eps (MPa).
    double
    positive_energy(const dealii::SymmetricTensor<2, 3> &eps) const;
    /// psi- at strain @p eps (MPa).
    double
    negative_energy(const dealii::SymmetricTensor<2, 3> &eps) const;

  private:
    Type                          type;
    dealii::SymmetricTensor<4, 3> C, S;
    double                        lambda = 0., mu = 0.;
    /// The bulk modulus of the volumetric part (Reuss bound).
    double K = 0.;
  };
} // namespace nanomech
