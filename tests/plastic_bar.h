#pragma once

#include <cmath>
#include <functional>

#include <string>

namespace nanomech::testing
{
  /**
   * The exact response of a bar in uniaxial stress (Simo & Hughes,
   * Computational Inelasticity, 1998, sec. 1.4) with Young's modulus E,
   * isotropic hardening of the yield stress kappa(alpha) and linear
   * kinematic hardening H_k (back stress X = H_k ep): in a plastic step
   * the increment dl solves |s_tr - X| - (E + H_k) dl = kappa(alpha + dl),
   * here by bisection to round-off (for linear hardening that is the
   * closed form dl = f / (E + H + H_k)).
   */
  struct PlasticBar
  {
    double                        E  = 0.;
    double                        Hk = 0.;
    std::function<double(double)> kappa;
    double                        ep = 0., alpha = 0., X = 0.;

    /// The stress at total strain @p eps after the strains before it.
    double
    stress(const double eps)
    {
      const double s_tr = E * (eps - ep), over = std::abs(s_tr - X);
      if (over <= kappa(alpha))
        return s_tr;
      double lo = 0., hi = over / (E + Hk);
      for (int i = 0; i < 200; ++i)
        {
          const double mid = 0.5 * (lo + hi);
          (over - (E + Hk) * mid - kappa(alpha + mid) > 0. ? lo : hi) = mid;
        }
      const double dl = 0.5 * (lo + hi), sign = s_tr > X ? 1. : -1.;
      ep += sign * dl;
      alpha += dl;
      X += Hk * sign * dl;
      return s_tr - E * sign * dl;
    }
  };

  /**
   * A laminate of an elastic layer (E0, nu0) and an elastic-plastic J2
   * layer (E1, nu1, yield stress sy, linear hardening H; fraction f1)
   * loaded in uniaxial strain normal to its layers: every layer carries
   * the same normal stress sigma with no other strain, so the plastic
   * layer's strain is sigma/M up to sigma_1 = M sy/(2 mu), then (sigma -
   * 2 mu sy/(3 mu + H)) / (M - 4 mu^2/(3 mu + H)) (M = lambda + 2 mu), and
   * the mean strain is the fraction-weighted sum.
   */
  struct UniaxialStrainLaminate
  {
    double E0, nu0, E1, nu1, sy, H, f1;

    static double
    constrained_modulus(const double e, const double n)
    {
      return e * (1. - n) / ((1. + n) * (1. - 2. * n));
    }
    /// The stress at which the plastic layer yields.
    double
    first_yield() const
    {
      return constrained_modulus(E1, nu1) * sy / (E1 / (1. + nu1));
    }
    /// The mean strain at stress @p sigma (monotonic loading).
    double
    strain(const double sigma) const
    {
      const double mu = E1 / (2. * (1. + nu1));
      const double M1 = constrained_modulus(E1, nu1);
      const double e1 = sigma <= first_yield() ?
                            sigma / M1 :
                            (sigma - 2. * mu * sy / (3. * mu + H)) /
                                (M1 - 4. * mu * mu / (3. * mu + H));
      return (1. - f1) * sigma / constrained_modulus(E0, nu0) + f1 * e1;
    }
    /// The Materials subsection of these two phases (phase 1 J2 with
    /// linear hardening), so that a run and the closed form share values.
    std::string
    materials() const
    {
      const auto v = [](const double x) { return std::to_string(x); };
      return "subsection Materials\n subsection Phase 0\n"
             "  set Young's modulus = " +
             v(E0) + "\n  set Poisson's ratio = " + v(nu0) +
             "\n end\n subsection Phase 1\n  set Young's modulus = " + v(E1) +
             "\n  set Poisson's ratio = " + v(nu1) +
             "\n  set Plasticity = J2\n  set Yield stress = " + v(sy) +
             "\n  set Hardening modulus = " + v(H) + "\n end\nend\n";
    }
    /// The stress of the mean strain @p mean, by bisection to round-off.
    double
    stress(const double mean) const
    {
      double lo = 0., hi = 1e4;
      for (int i = 0; i < 200; ++i)
        {
          const double mid               = 0.5 * (lo + hi);
          (strain(mid) < mean ? lo : hi) = mid;
        }
      return 0.5 * (lo + hi);
    }
  };
} // namespace nanomech::testing
