#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/symmetric_tensor.h>

#include <string>

namespace nanomech::plasticity
{
  using dealii::SymmetricTensor;

  /// The state a quadrature point carries from one load step to the next.
  struct State
  {
    /// Plastic strain eps_p (3x3; plane strain in 2D still has eps_p,zz).
    SymmetricTensor<2, 3> plastic_strain;
    /// Back stress beta of kinematic hardening (deviatoric), MPa.
    SymmetricTensor<2, 3> back_stress;
    /// The hardening variable alpha: the equivalent plastic strain, work
    /// conjugate to the uniaxial tensile yield stress kappa(alpha) (for J2
    /// the usual sqrt(2/3 deps_p : deps_p) summed over the steps).
    double equivalent_plastic_strain = 0.;
    /// Plastic work per unit volume, the trapezoidal sum of 1/2 (sigma_n +
    /// sigma_{n+1}) : delta eps_p over the steps (MPa = MJ/m^3; second
    /// order, like the external work of the load steps): dissipation plus
    /// stored hardening energy.
    double plastic_work = 0.;
    /// The stress of the step (for the plastic work of the next).
    SymmetricTensor<2, 3> stress;
  };

  /**
   * The plastic law of one phase: J2 (von Mises) or Drucker-Prager
   * plasticity at small strain on top of any elastic stiffness (isotropic
   * or anisotropic), with isotropic hardening of the tensile yield stress
   *   kappa(alpha) = max(floor, sigma_y + H alpha
   *                              + (sigma_inf - sigma_y)(1 - exp(-delta
   * alpha))) (linear: the last term absent; Voce, J. Inst. Metals 74 (1948)
   * 537: sigma_inf the saturation stress; H < 0 or sigma_inf < sigma_y soften
   * down to the floor) and linear kinematic hardening of the Prager-Ziegler
   * type, d beta = 2/3 H_k dev(d eps_p).
   *
   * The yield function (Drucker & Prager, Q. Appl. Math. 10 (1952) 157) is
   *   Phi = q(sigma - beta) + eta p - A kappa(alpha),
   *   q = sqrt(J2(dev(sigma - beta))), p = tr(sigma)/3 (tension positive),
   *   A = 1/sqrt(3) + eta/3,
   * so that kappa is the yield stress in uniaxial tension; eta = sqrt(3)
   * sin(phi) for the friction angle phi matches Mohr-Coulomb in uniaxial
   * tension and compression (de Souza Neto, Peric & Owen, Computational
   * Methods for Plasticity, Wiley 2008, sec. 6.4.5): compressive / tensile
   * yield stress = (1 + sin phi)/(1 - sin phi). J2 is eta = 0. The flow
   * potential has eta_bar = sqrt(3) sin(psi) of the dilation angle psi
   * (psi = phi: associative), d eps_p = d gamma (dev(sigma - beta)/(2q) +
   * eta_bar/3 I), and d alpha = A d gamma (for J2 the von Mises equivalent
   * plastic strain; in general sigma : d eps_p = kappa d alpha on an
   * associative cone).
   *
   * The update is the backward-Euler closest-point projection (Simo &
   * Hughes, Computational Inelasticity, Springer 1998, sec. 3.6): Newton on
   * (sigma, beta, delta gamma), which holds for an anisotropic stiffness
   * where the radial return does not, with the algorithmic tangent from the
   * same linearization (Simo & Taylor, CMAME 48 (1985) 101). Drucker-Prager
   * returns to the apex of the cone when the return to the smooth cone is
   * not admissible (de Souza Neto et al., Box 8.9, generalized to an
   * anisotropic stiffness and kinematic hardening: sigma = beta + p I with
   * the volumetric plastic strain driving the hardening).
   */
  class PlasticLaw
  {
  public:
    enum class Model
    {
      none,
      j2,
      drucker_prager
    };
    enum class Hardening
    {
      linear,
      voce
    };

    /// Entries of "Materials/Phase N" (declared with the elastic ones).
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// Reads and checks them; @p path names the subsection in messages,
    /// @p stiffness (MPa) the phase's elastic tensor (for the check that
    /// softening leaves the local problem well posed).
    void
    parse_parameters(dealii::ParameterHandler    &prm,
                     const std::string           &path,
                     const SymmetricTensor<4, 3> &stiffness);

    bool
    active() const
    {
      return model != Model::none;
    }

    /// kappa(alpha) and its derivative.
    double
    yield_stress(double alpha) const;
    double
    hardening_slope(double alpha) const;

  private:
    /// The hardening law before the floor, and (if @p slope) its slope.
    double
    unfloored_yield_stress(double alpha, double *slope) const;

  public:
    /// What update() returns.
    struct Result
    {
      SymmetricTensor<2, 3> stress;
      /// d stress / d strain: the algorithmic (consistent) tangent.
      SymmetricTensor<4, 3> tangent;
      State                 state;
      /// Whether the step was plastic, and at the apex (Drucker-Prager).
      bool plastic = false, apex = false;
      /// Newton iterations of the local problem.
      unsigned int iterations = 0;
    };

    /// The stress at total strain @p strain (3x3) from the state @p old of
    /// the last converged step, with the elastic stiffness @p C (MPa) of
    /// the point (a rotated crystal's included). Throws ComputeError if
    /// the local problem has no solution it can find.
    Result
    update(const SymmetricTensor<4, 3> &C,
           const SymmetricTensor<2, 3> &strain,
           const State                 &old) const;

    Model     model     = Model::none;
    Hardening hardening = Hardening::linear;
    /// sigma_y, H, sigma_inf, delta, floor, H_k (MPa but delta).
    double yield_stress_0 = 0., hardening_modulus = 0., saturation_stress = 0.,
           saturation_rate = 0., floor = 0., kinematic_modulus = 0.;
    /// eta, eta_bar of the friction and dilation angles.
    double eta = 0., eta_bar = 0.;
    /// Ductile fracture: the plastic work density (MPa = MJ/m^3) above
    /// which plastic work drives the damage (Borden et al., CMAME 312
    /// (2016) 130-166: W_0).
    double work_threshold = 0.;
  };
} // namespace nanomech::plasticity
