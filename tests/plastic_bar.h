#pragma once

#include <cmath>
#include <functional>

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
} // namespace nanomech::testing
