#include "materials/plasticity.h"
#include "materials/mandel.h"

#include "base/exceptions.h"

#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace nanomech::plasticity
{
  using namespace mandel;

  double
  PlasticLaw::yield_stress(const double alpha) const
  {
    return std::max(floor, unfloored_yield_stress(alpha, nullptr));
  }

  double
  PlasticLaw::hardening_slope(const double alpha) const
  {
    double       slope = 0.;
    const double k     = unfloored_yield_stress(alpha, &slope);
    return k > floor ? slope : 0.;
  }

  double
  PlasticLaw::unfloored_yield_stress(const double alpha, double *slope) const
  {
    double k = yield_stress_0 + hardening_modulus * alpha;
    double d = hardening_modulus;
    if (hardening == Hardening::voce)
      {
        const double e = std::exp(-saturation_rate * alpha);
        k += (saturation_stress - yield_stress_0) * (1. - e);
        d += saturation_rate * (saturation_stress - yield_stress_0) * e;
      }
    if (slope)
      *slope = d;
    return k;
  }

  PlasticLaw::Result
  PlasticLaw::update(const SymmetricTensor<4, 3> &stiffness,
                     const SymmetricTensor<2, 3> &strain,
                     const State                 &old) const
  {
    Result result;
    result.state = old;
    // The elastic trial, with tensors: most points of a step stay elastic
    // and need no Mandel matrices.
    {
      const SymmetricTensor<2, 3> sigma =
          stiffness * (strain - old.plastic_strain);
      const bool elastic = model == Model::none || [&] {
        const SymmetricTensor<2, 3> xi =
            dealii::deviator(sigma - old.back_stress);
        return std::sqrt(0.5 * (xi * xi)) + eta * dealii::trace(sigma) / 3. -
                   (1. / std::sqrt(3.) + eta / 3.) *
                       yield_stress(old.equivalent_plastic_strain) <=
               tolerance * yield_stress(old.equivalent_plastic_strain);
      }();
      if (elastic)
        {
          result.stress       = sigma;
          result.state.stress = sigma;
          result.tangent      = stiffness;
          return result;
        }
    }
    const Matrix<6> C = to_mandel(stiffness);
    Matrix<6>       S;
    invert(C, S);
    const Vec6   eps_p_old = to_mandel(old.plastic_strain);
    const Vec6   beta_old  = to_mandel(old.back_stress);
    const double alpha_old = old.equivalent_plastic_strain;
    Vec6         eps_e_trial;
    {
      const Vec6 eps = to_mandel(strain);
      for (unsigned int i = 0; i < 6; ++i)
        eps_e_trial[i] = eps[i] - eps_p_old[i];
    }
    const Vec6   sigma_trial = times(C, eps_e_trial);
    const double A           = 1. / std::sqrt(3.) + eta / 3.;
    const double kappa_old   = yield_stress(alpha_old);
    // The yield function at stress s, back stress b and hardening a; xi
    // and q returned.
    const auto yield =
        [&](const Vec6 &s, const Vec6 &b, const double a, Vec6 &xi, double &q) {
          Vec6 r;
          for (unsigned int i = 0; i < 6; ++i)
            r[i] = s[i] - b[i];
          xi = deviator(r);
          q  = std::sqrt(0.5 * dot(xi, xi));
          return q + eta * one_third * dot(identity2, s) - A * yield_stress(a);
        };
    Vec6   xi;
    double q = 0.;
    yield(sigma_trial, beta_old, alpha_old, xi, q);
    result.plastic        = true;
    const double hk       = 2. / 3. * kinematic_modulus;
    const Vec6   xi_trial = xi;

    // Sets the result from sigma, beta and the plastic strain increment.
    const auto finish =
        [&](const Vec6 &sigma, const Vec6 &beta, const double delta_alpha) {
          const Vec6 eps_e = times(S, sigma);
          Vec6       eps_p, delta;
          for (unsigned int i = 0; i < 6; ++i)
            {
              delta[i] = eps_e_trial[i] - eps_e[i];
              eps_p[i] = eps_p_old[i] + delta[i];
            }
          result.stress                          = from_mandel(sigma);
          result.state.plastic_strain            = from_mandel(eps_p);
          result.state.back_stress               = from_mandel(beta);
          result.state.equivalent_plastic_strain = alpha_old + delta_alpha;
          const Vec6 sigma_old                   = to_mandel(old.stress);
          double     work                        = 0.;
          for (unsigned int i = 0; i < 6; ++i)
            work += 0.5 * (sigma[i] + sigma_old[i]) * delta[i];
          result.state.plastic_work = old.plastic_work + work;
          result.state.stress       = result.stress;
        };

    // Drucker-Prager: the apex first. sigma = beta + p I, beta = beta_n +
    // hk dev(delta eps_p), delta eps_p = eps_e_trial - S sigma, so that
    // L sigma = b + p I with L = I + hk P S, b = beta_n + hk P eps_e_trial;
    // p from eta p = A kappa(alpha_n + A tr(delta eps_p)/eta_bar).
    if (model == Model::drucker_prager)
      {
        Matrix<6> L, L_inv;
        Vec6      b;
        for (unsigned int i = 0; i < 6; ++i)
          {
            b[i] = beta_old[i];
            for (unsigned int j = 0; j < 6; ++j)
              {
                double ps = 0.;
                for (unsigned int k = 0; k < 6; ++k)
                  ps += projector(i, k) * S(k, j);
                L(i, j) = (i == j ? 1. : 0.) + hk * ps;
                b[i] += hk * projector(i, j) * eps_e_trial[j];
              }
          }
        invert(L, L_inv);
        const Vec6 l_b = times(L_inv, b), l_i = times(L_inv, identity2);
        // tr(delta eps_p)(p) = tr(eps_e_trial) - I.S(l_b + p l_i).
        const double t0 = dot(identity2, eps_e_trial) -
                          dot(identity2, times(S, l_b)),
                     t1 = dot(identity2, times(S, l_i));
        double p        = one_third * dot(identity2, sigma_trial);
        for (unsigned int it = 0;; ++it)
          {
            const double tr = t0 - t1 * p, a = alpha_old + A * tr / eta_bar;
            const double g  = eta * p - A * yield_stress(a);
            const double dg = eta + A * A / eta_bar * hardening_slope(a) * t1;
            const double dp = -g / dg;
            p += dp;
            if (std::abs(dp) <= tolerance * (std::abs(p) + kappa_old) ||
                it == max_newton)
              break;
          }
        Vec6 sigma;
        for (unsigned int i = 0; i < 6; ++i)
          sigma[i] = l_b[i] + p * l_i[i];
        const Vec6 eps_e = times(S, sigma);
        Vec6       delta;
        for (unsigned int i = 0; i < 6; ++i)
          delta[i] = eps_e_trial[i] - eps_e[i];
        const double tr_delta = dot(identity2, delta);
        const Vec6   dev      = deviator(delta);
        // Admissible if the plastic strain increment lies in the normal
        // cone of the potential at the apex: tr >= 0 and
        // |dev| <= tr / (sqrt2 eta_bar).
        if (tr_delta > 0. && std::sqrt(dot(dev, dev)) <=
                                 tr_delta / (M_SQRT2 * eta_bar) * (1. + 1e-10))
          {
            const double a     = alpha_old + A * tr_delta / eta_bar;
            const double h     = A * A / eta_bar * hardening_slope(a);
            const double dg_dp = eta + h * t1;
            // dp/deps = h (I - I.S L^-1 hk P) / dg_dp; dsigma = L^-1 (hk P
            // deps + I dp).
            Vec6 isl{}; // I . S L^-1
            for (unsigned int k = 0; k < 6; ++k)
              for (unsigned int m = 0; m < 6; ++m)
                for (unsigned int n = 0; n < 6; ++n)
                  isl[k] += identity2[m] * S(m, n) * L_inv(n, k);
            Vec6 dp_deps;
            for (unsigned int j = 0; j < 6; ++j)
              {
                double s = 0.;
                for (unsigned int k = 0; k < 6; ++k)
                  s += isl[k] * hk * projector(k, j);
                dp_deps[j] = h * (identity2[j] - s) / dg_dp;
              }
            Matrix<6> D;
            for (unsigned int i = 0; i < 6; ++i)
              for (unsigned int j = 0; j < 6; ++j)
                {
                  double d = 0.;
                  for (unsigned int k = 0; k < 6; ++k)
                    d += L_inv(i, k) *
                         (hk * projector(k, j) + identity2[k] * dp_deps[j]);
                  D(i, j) = d;
                }
            Vec6 beta;
            for (unsigned int i = 0; i < 6; ++i)
              beta[i] = sigma[i] - p * identity2[i];
            finish(sigma, beta, A * tr_delta / eta_bar);
            result.tangent = tensor_from_mandel(D);
            result.apex    = true;
            return result;
          }
      }

    // The smooth part: Newton on x = (sigma, beta, delta gamma) for
    //   R1 = S sigma - eps_e_trial + dg n = 0, n = xi/(2q) + eta_bar/3 I,
    //   R2 = beta - beta_n - hk dg xi/(2q) = 0,
    //   R3 = (q + eta p - A kappa(alpha_n + A dg)) / kappa_n = 0.
    Vec6   sigma = sigma_trial, beta = beta_old;
    double dg = 0.;
    {
      // The first iterate: the return along the trial's flow direction
      // with the yield function linearized there, sigma = sigma_trial - dg
      // C n. For an isotropic stiffness and J2 this is the radial return,
      // exact for linear hardening; in general a start from which the
      // Newton iteration converges for trial stresses far outside the
      // surface (strains of a broken crack band), where it does not from
      // the trial itself.
      Vec6 n_flow, n_yield;
      for (unsigned int i = 0; i < 6; ++i)
        {
          n_flow[i] =
              xi_trial[i] / (2. * q) + eta_bar * one_third * identity2[i];
          n_yield[i] = xi_trial[i] / (2. * q) + eta * one_third * identity2[i];
        }
      const Vec6   c_n = times(C, n_flow);
      const double phi =
          q + eta * one_third * dot(identity2, sigma_trial) - A * kappa_old;
      const double slope =
          dot(n_yield, c_n) + 0.5 * hk + A * A * hardening_slope(alpha_old);
      if (q > 0. && phi > 0. && slope > 0.)
        {
          dg = phi / slope;
          for (unsigned int i = 0; i < 6; ++i)
            {
              sigma[i] -= dg * c_n[i];
              beta[i] += hk * dg * xi_trial[i] / (2. * q);
            }
        }
    }
    Matrix<n_unknowns>             J, J_inv;
    std::array<double, n_unknowns> R{}, dx{};
    // The scale of the strain residual: the yield strain, or the trial's
    // elastic strain where it is far larger (round-off of S sigma - eps
    // grows with it: a trial a hundred times outside the surface would
    // otherwise never meet the tolerance).
    double e_scale = kappa_old / stiffness_scale(C);
    for (unsigned int i = 0; i < 6; ++i)
      e_scale = std::max(e_scale, std::abs(eps_e_trial[i]));
    for (unsigned int it = 0;; ++it)
      {
        const double phi = yield(sigma, beta, alpha_old + A * dg, xi, q);
        if (!(q > 0.))
          break; // at the apex: no direction of flow
        Vec6 n_dev;
        for (unsigned int i = 0; i < 6; ++i)
          n_dev[i] = xi[i] / (2. * q);
        const Vec6 s_sigma = times(S, sigma);
        double     norm    = 0.;
        for (unsigned int i = 0; i < 6; ++i)
          {
            R[i] = s_sigma[i] - eps_e_trial[i] +
                   dg * (n_dev[i] + eta_bar * one_third * identity2[i]);
            R[6 + i] = beta[i] - beta_old[i] - hk * dg * n_dev[i];
            norm     = std::max({norm,
                                 std::abs(R[i]) / e_scale,
                                 std::abs(R[6 + i]) / kappa_old});
          }
        R[12]             = phi / kappa_old;
        norm              = std::max(norm, std::abs(R[12]));
        result.iterations = it;
        // The tangent is that of the converged state: J is built at it.
        // M = d n_dev / d sigma = (P - xi xi^T / (2 q^2)) / (2 q).
        for (unsigned int i = 0; i < 6; ++i)
          for (unsigned int j = 0; j < 6; ++j)
            {
              const double M =
                  (projector(i, j) - xi[i] * xi[j] / (2. * q * q)) / (2. * q);
              J(i, j)         = S(i, j) + dg * M;
              J(i, 6 + j)     = -dg * M;
              J(6 + i, j)     = -hk * dg * M;
              J(6 + i, 6 + j) = (i == j ? 1. : 0.) + hk * dg * M;
            }
        for (unsigned int i = 0; i < 6; ++i)
          {
            J(i, 12)     = n_dev[i] + eta_bar * one_third * identity2[i];
            J(6 + i, 12) = -hk * n_dev[i];
            J(12, i) = (n_dev[i] + eta * one_third * identity2[i]) / kappa_old;
            J(12, 6 + i) = -n_dev[i] / kappa_old;
          }
        J(12, 12) = -A * A * hardening_slope(alpha_old + A * dg) / kappa_old;
        if (!invert(J, J_inv))
          break;
        if (norm <= tolerance)
          {
            // Admissible unless the return flipped the direction of the
            // relative stress (a spurious root past the apex).
            if (!(dg >= 0.) || dot(xi, xi_trial) <= 0.)
              break;
            Matrix<6> D;
            for (unsigned int i = 0; i < 6; ++i)
              for (unsigned int j = 0; j < 6; ++j)
                D(i, j) = J_inv(i, j);
            finish(sigma, beta, A * dg);
            result.tangent = tensor_from_mandel(D);
            return result;
          }
        if (it == max_newton)
          break;
        for (unsigned int i = 0; i < n_unknowns; ++i)
          {
            dx[i] = 0.;
            for (unsigned int j = 0; j < n_unknowns; ++j)
              dx[i] += J_inv(i, j) * R[j];
          }
        for (unsigned int i = 0; i < 6; ++i)
          {
            sigma[i] -= dx[i];
            beta[i] -= dx[6 + i];
          }
        dg -= dx[12];
      }
    std::ostringstream message;
    message << "the plastic return mapping found no admissible stress at a "
               "strain of norm "
            << strain.norm() << " (yield stress " << kappa_old
            << " MPa): the load step is too large for the local problem";
    throw ComputeError(message.str());
  }
} // namespace nanomech::plasticity
