#include "materials/plasticity.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include "base/exceptions.h"

#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace nanomech::plasticity
{
  using dealii::ParameterHandler;
  namespace Patterns = dealii::Patterns;

  namespace
  {
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

    Vec6
    to_mandel(const SymmetricTensor<2, 3> &t)
    {
      Vec6 v;
      for (unsigned int i = 0; i < 6; ++i)
        v[i] = weight[i] * t[row[i]][col[i]];
      return v;
    }

    SymmetricTensor<2, 3>
    from_mandel(const Vec6 &v)
    {
      SymmetricTensor<2, 3> t;
      for (unsigned int i = 0; i < 6; ++i)
        t[row[i]][col[i]] = v[i] / weight[i];
      return t;
    }

    Matrix<6>
    to_mandel(const SymmetricTensor<4, 3> &C)
    {
      Matrix<6> m;
      for (unsigned int i = 0; i < 6; ++i)
        for (unsigned int j = 0; j < 6; ++j)
          m(i, j) = weight[i] * weight[j] * C[row[i]][col[i]][row[j]][col[j]];
      return m;
    }

    /// The tensor of the 6x6 block of @p m at (0, 0).
    SymmetricTensor<4, 3>
    tensor_from_mandel(const Matrix<6> &m)
    {
      SymmetricTensor<4, 3> C;
      for (unsigned int i = 0; i < 6; ++i)
        for (unsigned int j = 0; j < 6; ++j)
          C[row[i]][col[i]][row[j]][col[j]] = m(i, j) / (weight[i] * weight[j]);
      return C;
    }

    Vec6
    times(const Matrix<6> &m, const Vec6 &v)
    {
      Vec6 r{};
      for (unsigned int i = 0; i < 6; ++i)
        for (unsigned int j = 0; j < 6; ++j)
          r[i] += m(i, j) * v[j];
      return r;
    }

    double
    dot(const Vec6 &a, const Vec6 &b)
    {
      double s = 0.;
      for (unsigned int i = 0; i < 6; ++i)
        s += a[i] * b[i];
      return s;
    }

    Vec6
    deviator(const Vec6 &v)
    {
      const double p = one_third * (v[0] + v[1] + v[2]);
      Vec6         d = v;
      for (unsigned int i = 0; i < 3; ++i)
        d[i] -= p;
      return d;
    }

    /// The deviatoric projector P = I - 1/3 I x I as a 6x6 matrix.
    double
    projector(const unsigned int i, const unsigned int j)
    {
      return (i == j ? 1. : 0.) - one_third * identity2[i] * identity2[j];
    }

    double
    stiffness_scale(const Matrix<6> &C)
    {
      double s = 0.;
      for (unsigned int i = 0; i < 6; ++i)
        s = std::max(s, C(i, i));
      return s;
    }
  } // namespace

  void
  PlasticLaw::declare_parameters(ParameterHandler &prm)
  {
    prm.declare_entry(
        "Plasticity",
        "none",
        Patterns::Selection("none|J2|Drucker-Prager"),
        "Plastic law of the phase: none (elastic until it cracks), J2 (von "
        "Mises, pressure-insensitive) or Drucker-Prager (pressure-sensitive: "
        "yields at a lower stress in tension than in compression, as "
        "metallic glasses and amorphous oxides do). Small strain, on top of "
        "the phase's elastic stiffness.");
    prm.declare_entry("Yield stress",
                      "0",
                      Patterns::Double(0.),
                      "Initial yield stress in uniaxial tension sigma_y, "
                      "MPa (with Plasticity = J2 or Drucker-Prager).");
    prm.declare_entry(
        "Hardening",
        "linear",
        Patterns::Selection("linear|Voce"),
        "Isotropic hardening of the tensile yield stress with the equivalent "
        "plastic strain alpha: linear, sigma_y + H alpha; Voce, sigma_y + H "
        "alpha + (sigma_inf - sigma_y)(1 - exp(-delta alpha)), saturating at "
        "sigma_inf (below sigma_y: saturating softening).");
    prm.declare_entry("Hardening modulus",
                      "0",
                      Patterns::Double(),
                      "Linear isotropic hardening modulus H, MPa (0: "
                      "perfectly plastic; negative: linear softening down "
                      "to the Softening floor).");
    prm.declare_entry("Saturation yield stress",
                      "0",
                      Patterns::Double(0.),
                      "Voce saturation stress sigma_inf, MPa (Hardening = "
                      "Voce).");
    prm.declare_entry("Saturation rate",
                      "0",
                      Patterns::Double(0.),
                      "Voce rate delta (dimensionless; the yield stress is "
                      "63 % of the way to sigma_inf at alpha = 1/delta).");
    prm.declare_entry("Softening floor",
                      "0",
                      Patterns::Double(0.),
                      "The yield stress never falls below this, MPa "
                      "(needed with a negative Hardening modulus).");
    prm.declare_entry("Kinematic hardening modulus",
                      "0",
                      Patterns::Double(0.),
                      "Linear kinematic (Prager-Ziegler) hardening modulus "
                      "H_k, MPa: the back stress grows as 2/3 H_k times the "
                      "deviatoric plastic strain (Bauschinger effect).");
    prm.declare_entry(
        "Friction angle",
        "0",
        Patterns::Double(0., 90.),
        "Drucker-Prager friction angle phi, degrees, 0 < phi < 90: the cone "
        "matches Mohr-Coulomb in uniaxial tension and compression, "
        "compressive/tensile yield stress = (1 + sin phi)/(1 - sin phi).");
    prm.declare_entry("Dilation angle",
                      "-1",
                      Patterns::Double(-1., 90.),
                      "Drucker-Prager dilation angle psi of the flow "
                      "potential, degrees, 0 < psi <= phi; -1: equal to the "
                      "friction angle (associative flow).");
  }

  void
  PlasticLaw::parse_parameters(ParameterHandler            &prm,
                               const std::string           &path,
                               const SymmetricTensor<4, 3> &stiffness)
  {
    const std::string name = prm.get("Plasticity");
    model                  = name == "none" ? Model::none :
                             name == "J2"   ? Model::j2 :
                                              Model::drucker_prager;
    hardening =
        prm.get("Hardening") == "Voce" ? Hardening::voce : Hardening::linear;
    yield_stress_0    = prm.get_double("Yield stress");
    hardening_modulus = prm.get_double("Hardening modulus");
    saturation_stress = prm.get_double("Saturation yield stress");
    saturation_rate   = prm.get_double("Saturation rate");
    floor             = prm.get_double("Softening floor");
    kinematic_modulus = prm.get_double("Kinematic hardening modulus");
    const double phi  = prm.get_double("Friction angle");
    double       psi  = prm.get_double("Dilation angle");
    const bool   dp   = model == Model::drucker_prager;
    const auto   here = [&](const std::string &entry) {
      return path + "/" + entry;
    };

    if (model == Model::none)
      {
        // Entries that only a plastic law reads: refused rather than
        // silently ignored.
        require_input(yield_stress_0 == 0.,
                      here("Yield stress") + " is set but " +
                          here("Plasticity") +
                          " = none; set Plasticity = J2 or Drucker-Prager");
        return;
      }
    const Matrix<6> C     = to_mandel(stiffness);
    const double    scale = stiffness_scale(C);
    require_input(yield_stress_0 > 0. && std::isfinite(yield_stress_0),
                  here("Yield stress") + " must be positive (MPa) with " +
                      here("Plasticity") + " = " + name);
    require_input(yield_stress_0 < scale,
                  here("Yield stress") +
                      " is larger than the phase's stiffness: the yield "
                      "strain would exceed 1, outside small strain (MPa)");
    require_input(std::abs(hardening_modulus) < 1e3 * scale &&
                      kinematic_modulus < 1e3 * scale,
                  here("Hardening modulus") + " and " +
                      here("Kinematic hardening modulus") +
                      " must be below 1000 times the phase's stiffness");
    if (hardening == Hardening::voce)
      {
        require_input(saturation_stress > 0. && saturation_rate > 0.,
                      here("Saturation yield stress") + " and " +
                          here("Saturation rate") + " must be positive with " +
                          here("Hardening") + " = Voce");
        require_input(saturation_rate < 1e6,
                      here("Saturation rate") + " must be below 1e6");
      }
    else
      require_input(saturation_stress == 0. && saturation_rate == 0.,
                    here("Saturation yield stress") + " and " +
                        here("Saturation rate") + " are read with " +
                        here("Hardening") + " = Voce only (it is linear)");
    require_input(floor < yield_stress_0 && (hardening == Hardening::linear ||
                                             floor < saturation_stress),
                  here("Softening floor") +
                      " must lie below the Yield stress (and the Saturation "
                      "yield stress)");
    require_input(hardening_modulus >= 0. || floor > 0.,
                  here("Hardening modulus") + " is negative (softening): set " +
                      here("Softening floor") +
                      " > 0, the yield stress it stops at");
    // The local problem of a softening law has a unique solution while
    // 3 mu + H > 0 (Simo & Hughes 1998, sec. 3.3.2); mu here is the
    // smallest shear stiffness, half the smallest eigenvalue of C.
    {
      dealii::LAPACKFullMatrix<double> lapack(6, 6);
      for (unsigned int i = 0; i < 6; ++i)
        for (unsigned int j = 0; j < 6; ++j)
          lapack(i, j) = C(i, j);
      lapack.compute_eigenvalues();
      double smallest = std::numeric_limits<double>::max();
      for (unsigned int i = 0; i < 6; ++i)
        smallest = std::min(smallest, lapack.eigenvalue(i).real());
      const double steepest =
          hardening_modulus +
          (hardening == Hardening::voce ?
               std::min(0.,
                        saturation_rate *
                            (saturation_stress - yield_stress_0)) :
               0.);
      require_input(1.5 * smallest + steepest > 0.,
                    here("Hardening modulus") + " (with the Voce softening) " +
                        "softens faster than the phase's stiffness allows: "
                        "3 mu + H must stay positive, mu = " +
                        std::to_string(0.5 * smallest) + " MPa");
    }
    if (dp)
      {
        require_input(phi > 0. && phi < 90.,
                      here("Friction angle") +
                          " must lie strictly between 0 and 90 degrees with " +
                          here("Plasticity") +
                          " = Drucker-Prager (0 is J2: set Plasticity = J2)");
        if (psi < 0.)
          psi = phi;
        require_input(psi > 0. && psi <= phi,
                      here("Dilation angle") +
                          " must lie in (0, Friction angle] degrees: a "
                          "non-dilatant cone has no state under hydrostatic "
                          "tension beyond its apex");
        eta     = std::sqrt(3.) * std::sin(phi * M_PI / 180.);
        eta_bar = std::sqrt(3.) * std::sin(psi * M_PI / 180.);
      }
    else
      require_input(phi == 0. && psi == -1.,
                    here("Friction angle") + " and " + here("Dilation angle") +
                        " are read with Plasticity = Drucker-Prager only");
  }

  double
  PlasticLaw::yield_stress(const double alpha) const
  {
    double k = yield_stress_0 + hardening_modulus * alpha;
    if (hardening == Hardening::voce)
      k += (saturation_stress - yield_stress_0) *
           (1. - std::exp(-saturation_rate * alpha));
    return std::max(floor, k);
  }

  double
  PlasticLaw::hardening_slope(const double alpha) const
  {
    double k     = yield_stress_0 + hardening_modulus * alpha,
           slope = hardening_modulus;
    if (hardening == Hardening::voce)
      {
        const double e = std::exp(-saturation_rate * alpha);
        k += (saturation_stress - yield_stress_0) * (1. - e);
        slope += saturation_rate * (saturation_stress - yield_stress_0) * e;
      }
    return k > floor ? slope : 0.;
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
    Vec6                           sigma = sigma_trial, beta = beta_old;
    double                         dg = 0.;
    Matrix<n_unknowns>             J, J_inv;
    std::array<double, n_unknowns> R{}, dx{};
    const double                   e_scale = kappa_old / stiffness_scale(C);
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
