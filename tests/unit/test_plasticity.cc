// The plastic law at a material point: uniaxial stress paths of J2 with
// linear and Voce hardening against the exact uniaxial solution,
// Drucker-Prager's tension/compression ratio and its apex, the algorithmic
// tangent against finite differences, quadratic convergence of a Newton
// iteration with it, and the refusal of bad entries.

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/symmetric_tensor.h>

#include <gtest/gtest.h>

#include "base/exceptions.h"
#include "materials/elastic_tensor.h"
#include "materials/plasticity.h"
#include "plastic_bar.h"

#include <cmath>
#include <functional>
#include <random>
#include <vector>

using namespace nanomech;
using dealii::SymmetricTensor;
using plasticity::PlasticLaw;
using plasticity::State;

namespace
{
  constexpr double E = 70000., nu = 0.3;

  SymmetricTensor<4, 3>
  isotropic()
  {
    return elastic::to_tensor(elastic::isotropic(E, nu));
  }

  /// The law of @p entries set in a Materials/Phase-like subsection.
  PlasticLaw
  make_law(const std::vector<std::pair<std::string, std::string>> &entries,
           const SymmetricTensor<4, 3> &C = isotropic())
  {
    dealii::ParameterHandler prm;
    PlasticLaw::declare_parameters(prm);
    for (const auto &[name, value] : entries)
      prm.set(name, value);
    PlasticLaw law;
    law.parse_parameters(prm, "Materials/Phase 1", C);
    return law;
  }

  // The five strain components other than eps_00, as (i, j).
  constexpr unsigned int lateral[5][2] = {{1, 1},
                                          {2, 2},
                                          {1, 2},
                                          {0, 2},
                                          {0, 1}};

  /**
   * Uniaxial stress along x: eps_00 given, the other strains found by
   * Newton with the algorithmic tangent so that the other stresses vanish
   * (to 1e-13 of the yield stress). Returns the result; @p residuals gets
   * the largest lateral stress before each Newton step.
   */
  PlasticLaw::Result
  uniaxial(const PlasticLaw            &law,
           const SymmetricTensor<4, 3> &C,
           const double                 eps_xx,
           SymmetricTensor<2, 3>       &strain,
           const State                 &old,
           std::vector<double>         *residuals = nullptr)
  {
    strain[0][0] = eps_xx;
    for (unsigned int it = 0; it < 30; ++it)
      {
        const PlasticLaw::Result r = law.update(C, strain, old);
        double                   J[5][5], f[5], largest = 0.;
        for (unsigned int a = 0; a < 5; ++a)
          {
            const unsigned int i = lateral[a][0], j = lateral[a][1];
            f[a]    = r.stress[i][j];
            largest = std::max(largest, std::abs(f[a]));
            for (unsigned int b = 0; b < 5; ++b)
              {
                const unsigned int k = lateral[b][0], l = lateral[b][1];
                J[a][b] = (k == l ? 1. : 2.) * r.tangent[i][j][k][l];
              }
          }
        if (residuals)
          residuals->push_back(largest);
        if (largest <= 1e-13 * law.yield_stress_0)
          return r;
        // Gaussian elimination with partial pivoting on the 5x5 system.
        for (unsigned int c = 0; c < 5; ++c)
          {
            unsigned int p = c;
            for (unsigned int a = c + 1; a < 5; ++a)
              if (std::abs(J[a][c]) > std::abs(J[p][c]))
                p = a;
            std::swap(J[c], J[p]);
            std::swap(f[c], f[p]);
            for (unsigned int a = c + 1; a < 5; ++a)
              {
                const double m = J[a][c] / J[c][c];
                for (unsigned int b = c; b < 5; ++b)
                  J[a][b] -= m * J[c][b];
                f[a] -= m * f[c];
              }
          }
        double x[5];
        for (int a = 4; a >= 0; --a)
          {
            double s = f[a];
            for (unsigned int b = a + 1; b < 5; ++b)
              s -= J[a][b] * x[b];
            x[a] = s / J[a][a];
          }
        for (unsigned int a = 0; a < 5; ++a)
          {
            const unsigned int i = lateral[a][0], j = lateral[a][1];
            strain[i][j] -= x[a];
          }
      }
    ADD_FAILURE() << "the uniaxial-stress iteration did not converge";
    return law.update(C, strain, old);
  }

  /// The strain path 0 -> a -> -b -> c in steps of at most @p step.
  std::vector<double>
  cycle(const double a, const double b, const double c, const double step)
  {
    std::vector<double> path;
    double              e = 0.;
    for (const double target : {a, -b, c})
      {
        const int n = static_cast<int>(std::ceil(std::abs(target - e) / step));
        for (int k = 1; k <= n; ++k)
          path.push_back(e + (target - e) * k / n);
        e = target;
      }
    return path;
  }

  void
  expect_uniaxial_cycle_exact(const PlasticLaw &law)
  {
    const SymmetricTensor<4, 3>   C = isotropic();
    nanomech::testing::PlasticBar bar{E,
                                      law.kinematic_modulus,
                                      [&law](double a) {
                                        return law.yield_stress(a);
                                      }};
    State                         state;
    SymmetricTensor<2, 3>         strain;
    double                        worst = 0.;
    // Several times the yield strain each way, in steps of a fifth of it.
    const double yield_strain = law.yield_stress_0 / E;
    for (const double e : cycle(8. * yield_strain,
                                6. * yield_strain,
                                12. * yield_strain,
                                0.2 * yield_strain))
      {
        const PlasticLaw::Result r = uniaxial(law, C, e, strain, state);
        state                      = r.state;
        const double exact         = bar.stress(e);
        worst = std::max(worst, std::abs(r.stress[0][0] - exact));
        ASSERT_NEAR(r.state.equivalent_plastic_strain, bar.alpha, 1e-12)
            << "at strain " << e;
      }
    // Measured: at most 2.4e-12 of the yield stress.
    EXPECT_LT(worst, 1e-11 * law.yield_stress_0);
  }
} // namespace

TEST(Plasticity, J2LinearHardeningCycleIsExact)
{
  // Isotropic and kinematic hardening together: the reverse yield at
  // X - kappa shows both.
  expect_uniaxial_cycle_exact(
      make_law({{"Plasticity", "J2"},
                {"Yield stress", "100"},
                {"Hardening modulus", "2000"},
                {"Kinematic hardening modulus", "1500"}}));
  // Perfectly plastic.
  expect_uniaxial_cycle_exact(
      make_law({{"Plasticity", "J2"}, {"Yield stress", "100"}}));
}

TEST(Plasticity, J2VoceCycleIsExact)
{
  expect_uniaxial_cycle_exact(
      make_law({{"Plasticity", "J2"},
                {"Yield stress", "100"},
                {"Hardening", "Voce"},
                {"Saturation yield stress", "180"},
                {"Saturation rate", "60"},
                {"Kinematic hardening modulus", "500"}}));
  // Saturating softening to 70 MPa, and linear softening down to a floor.
  expect_uniaxial_cycle_exact(make_law({{"Plasticity", "J2"},
                                        {"Yield stress", "100"},
                                        {"Hardening", "Voce"},
                                        {"Saturation yield stress", "70"},
                                        {"Saturation rate", "100"}}));
  expect_uniaxial_cycle_exact(make_law({{"Plasticity", "J2"},
                                        {"Yield stress", "100"},
                                        {"Hardening modulus", "-3000"},
                                        {"Softening floor", "80"}}));
}

TEST(Plasticity, MonotonicVoceCurveIsTheClosedForm)
{
  // sigma = kappa(alpha), eps = sigma / E + alpha: the curve in closed form,
  // parametrized by alpha, reached in strain steps of 2e-4.
  const PlasticLaw law = make_law({{"Plasticity", "J2"},
                                   {"Yield stress", "100"},
                                   {"Hardening", "Voce"},
                                   {"Hardening modulus", "300"},
                                   {"Saturation yield stress", "250"},
                                   {"Saturation rate", "40"}});
  for (const double alpha : {0.001, 0.01, 0.05, 0.2})
    {
      const double          sigma = law.yield_stress(alpha);
      const double          eps   = sigma / E + alpha;
      State                 state;
      SymmetricTensor<2, 3> strain;
      // The first step to the yield strain, so that no step crosses it
      // (the trapezoidal plastic work of a crossing step takes the stress
      // at its elastic start).
      const double yield_strain = 100. / E;
      const int    n = static_cast<int>(std::ceil((eps - yield_strain) / 2e-4));
      PlasticLaw::Result r =
          uniaxial(law, isotropic(), yield_strain, strain, state);
      state = r.state;
      for (int k = 1; k <= n; ++k)
        {
          r     = uniaxial(law,
                       isotropic(),
                       yield_strain + (eps - yield_strain) * k / n,
                       strain,
                       state);
          state = r.state;
        }
      // Measured: at most 1.4e-12 of the stress (the local Newton stops
      // at a residual of 1e-12).
      EXPECT_NEAR(r.stress[0][0], sigma, 4e-12 * sigma) << "alpha " << alpha;
      EXPECT_NEAR(r.state.equivalent_plastic_strain, alpha, 1e-12);
      // Plastic work: the integral of kappa d alpha, sigma_y alpha + H
      // alpha^2/2 + (sigma_inf - sigma_y)(alpha - (1 - exp(-delta
      // alpha))/delta), to the trapezoidal rule's error, at most
      // |kappa'(alpha) - kappa'(0)| h^2 / 12 with h <= 2e-4 the largest
      // d alpha (measured: 0.7 to 0.9 of it).
      const double exact = 100. * alpha + 150. * alpha * alpha +
                           150. * (alpha - (1. - std::exp(-40. * alpha)) / 40.);
      const double rule = 6000. * (1. - std::exp(-40. * alpha)) * 4e-8 / 12.;
      EXPECT_NEAR(r.state.plastic_work, exact, rule);
    }
}

TEST(Plasticity, DruckerPragerTensionCompressionRatio)
{
  // phi = 30 degrees: compressive/tensile yield stress (1 + 1/2)/(1 - 1/2)
  // = 3 (Mohr-Coulomb matched in uniaxial tension and compression).
  const PlasticLaw law = make_law({{"Plasticity", "Drucker-Prager"},
                                   {"Yield stress", "100"},
                                   {"Friction angle", "30"}});
  for (const double sign : {1., -1.})
    {
      State                 state;
      SymmetricTensor<2, 3> strain;
      PlasticLaw::Result    r;
      for (int k = 1; k <= 60; ++k)
        {
          r     = uniaxial(law, isotropic(), sign * k * 1e-4, strain, state);
          state = r.state;
        }
      ASSERT_TRUE(r.plastic);
      // Measured: 6e-14 MPa (round-off).
      EXPECT_NEAR(r.stress[0][0], sign > 0. ? 100. : -300., 3e-13);
      // Associative flow dilates: the plastic volume change is positive
      // in compression too.
      EXPECT_GT(dealii::trace(r.state.plastic_strain), 0.);
    }
}

TEST(Plasticity, DruckerPragerHydrostaticPathReturnsToTheApex)
{
  // eps = e I: elastic while p = 3 K e < p_apex = A sigma_y / eta; beyond,
  // the apex with p from eta p = A (sigma_y + H alpha), alpha = A dv /
  // eta_bar, dv = 3 e - p / K (closed form for linear hardening).
  const double     sy = 50., H = 800.;
  const PlasticLaw law  = make_law({{"Plasticity", "Drucker-Prager"},
                                    {"Yield stress", "50"},
                                    {"Hardening modulus", "800"},
                                    {"Friction angle", "25"},
                                    {"Dilation angle", "15"}});
  const double     K    = E / (3. * (1. - 2. * nu));
  const double     eta  = std::sqrt(3.) * std::sin(25. * M_PI / 180.);
  const double     etab = std::sqrt(3.) * std::sin(15. * M_PI / 180.);
  const double     A    = 1. / std::sqrt(3.) + eta / 3.;
  const double     apex = A * sy / eta;
  State            state;
  const auto       I       = dealii::unit_symmetric_tensor<3>();
  bool             reached = false;
  for (int k = 1; k <= 40; ++k)
    {
      const double e       = k * 0.05 * apex / (3. * K); // to 2 p_apex / (3K)
      const auto   r       = law.update(isotropic(), e * I, state);
      state                = r.state;
      const double p       = dealii::trace(r.stress) / 3.;
      const double elastic = 3. * K * e;
      const double exact   = elastic <= apex ?
                                 elastic :
                                 (A * sy + A * A * H * 3. * e / etab) /
                                   (eta + A * A * H / (etab * K));
      EXPECT_NEAR(p, exact, 1e-14 * apex) << "step " << k; // round-off
      EXPECT_LT(dealii::deviator(r.stress).norm(), 1e-9 * apex);
      EXPECT_EQ(r.apex, elastic > apex * (1. + 1e-12));
      reached = reached || r.apex;
    }
  EXPECT_TRUE(reached);
  // Unloading from the apex is elastic.
  const auto back = law.update(isotropic(), 0.5 * apex / (3. * K) * I, state);
  EXPECT_FALSE(back.plastic);
}

namespace
{
  /// The largest difference between the tangent and central differences
  /// of the stress, relative to the largest tangent entry, at @p strain.
  double
  tangent_error(const PlasticLaw            &law,
                const SymmetricTensor<4, 3> &C,
                const SymmetricTensor<2, 3> &strain,
                const State                 &old,
                bool                        &plastic,
                bool                        &apex)
  {
    const auto r       = law.update(C, strain, old);
    plastic            = r.plastic;
    apex               = r.apex;
    const double h     = 1e-7 * strain.norm();
    double       worst = 0., scale = 0.;
    for (unsigned int k = 0; k < 3; ++k)
      for (unsigned int l = k; l < 3; ++l)
        {
          SymmetricTensor<2, 3> d;
          d[k][l]          = h;
          const auto plus  = law.update(C, strain + d, old).stress;
          const auto minus = law.update(C, strain - d, old).stress;
          for (unsigned int i = 0; i < 3; ++i)
            for (unsigned int j = i; j < 3; ++j)
              {
                const double fd = (plus[i][j] - minus[i][j]) / (2. * h);
                const double an = (k == l ? 1. : 2.) * r.tangent[i][j][k][l];
                worst           = std::max(worst, std::abs(fd - an));
                scale           = std::max(scale, std::abs(an));
              }
        }
    return worst / scale;
  }
} // namespace

TEST(Plasticity, AlgorithmicTangentMatchesFiniteDifferences)
{
  // A rotated cubic crystal (strongly anisotropic) with J2, Voce and
  // kinematic hardening; an isotropic Drucker-Prager phase on its cone and
  // at its apex; from a state that has yielded before.
  const auto cubic =
      elastic::rotate(elastic::to_tensor(
                          elastic::cubic(168400., 121400., 75400.)),
                      elastic::rotation_from_euler(0.3, 0.6, 0.9));
  const PlasticLaw j2 = make_law({{"Plasticity", "J2"},
                                  {"Yield stress", "300"},
                                  {"Hardening", "Voce"},
                                  {"Hardening modulus", "1000"},
                                  {"Saturation yield stress", "500"},
                                  {"Saturation rate", "30"},
                                  {"Kinematic hardening modulus", "4000"}},
                                 cubic);
  const PlasticLaw dp = make_law({{"Plasticity", "Drucker-Prager"},
                                  {"Yield stress", "100"},
                                  {"Hardening modulus", "2000"},
                                  {"Kinematic hardening modulus", "1000"},
                                  {"Friction angle", "20"}});
  std::mt19937     rng(11);
  std::uniform_real_distribution<double> u(-1., 1.);
  unsigned int                           cone = 0, apex_points = 0;
  for (unsigned int sample = 0; sample < 40; ++sample)
    {
      const bool                   use_dp = sample % 2 == 1;
      const PlasticLaw            &law    = use_dp ? dp : j2;
      const SymmetricTensor<4, 3> &C      = use_dp ? isotropic() : cubic;
      SymmetricTensor<2, 3>        first, strain;
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = i; j < 3; ++j)
          {
            first[i][j]  = 4e-3 * u(rng);
            strain[i][j] = 8e-3 * u(rng);
          }
      // Every fourth DP sample: a mostly hydrostatic tension (the apex).
      if (use_dp && sample % 4 == 3)
        strain += 1e-2 * dealii::unit_symmetric_tensor<3>();
      const State  old     = law.update(C, first, State()).state;
      bool         plastic = false, apex = false;
      const double error = tangent_error(law, C, strain, old, plastic, apex);
      // Measured: at most 1.8e-8 (the differences' own error).
      EXPECT_LT(error, 5e-8) << "sample " << sample;
      cone += plastic && !apex;
      apex_points += apex;
    }
  EXPECT_GT(cone, 10u);
  EXPECT_GT(apex_points, 2u);
}

TEST(Plasticity, NewtonWithTheTangentConvergesQuadratically)
{
  // The uniaxial-stress iteration of a large Voce step: r_{k+1} <= c r_k^2
  // above round-off (measured: 0.78 -> 3.1e-7 -> 1.3e-13 MPa, c = 5e-7/MPa;
  // an inexact tangent converges linearly, r_{k+1} ~ 0.1 r_k).
  const PlasticLaw      law = make_law({{"Plasticity", "J2"},
                                        {"Yield stress", "100"},
                                        {"Hardening", "Voce"},
                                        {"Saturation yield stress", "200"},
                                        {"Saturation rate", "50"}});
  State                 state;
  SymmetricTensor<2, 3> strain;
  std::vector<double>   residuals;
  uniaxial(law, isotropic(), 0.02, strain, state, &residuals);
  ASSERT_GE(residuals.size(), 3u);
  EXPECT_LE(residuals.size(), 5u);
  for (std::size_t k = 1; k < residuals.size(); ++k)
    {
      if (residuals[k] > 1e-11)
        {
          EXPECT_LT(residuals[k], 1.5e-6 * residuals[k - 1] * residuals[k - 1])
              << "iteration " << k;
        }
    }
}

TEST(Plasticity, BadEntriesAreRefused)
{
  const std::vector<std::vector<std::pair<std::string, std::string>>> bad = {
      {{"Yield stress", "100"}},                       // Plasticity = none
      {{"Plasticity", "J2"}},                          // no yield stress
      {{"Plasticity", "J2"}, {"Yield stress", "1e6"}}, // yield strain > 1
      {{"Plasticity", "J2"},
       {"Yield stress", "100"},
       {"Hardening modulus", "-10"}},
      {{"Plasticity", "J2"},
       {"Yield stress", "100"},
       {"Hardening modulus", "-1e6"},
       {"Softening floor", "10"}}, // softer than 3 mu + H > 0
      {{"Plasticity", "J2"}, {"Yield stress", "100"}, {"Hardening", "Voce"}},
      {{"Plasticity", "J2"}, {"Yield stress", "100"}, {"Saturation rate", "3"}},
      {{"Plasticity", "J2"}, {"Yield stress", "100"}, {"Friction angle", "20"}},
      {{"Plasticity", "Drucker-Prager"}, {"Yield stress", "100"}},
      {{"Plasticity", "Drucker-Prager"},
       {"Yield stress", "100"},
       {"Friction angle", "90"}},
      {{"Plasticity", "Drucker-Prager"},
       {"Yield stress", "100"},
       {"Friction angle", "20"},
       {"Dilation angle", "30"}},
      {{"Plasticity", "Drucker-Prager"},
       {"Yield stress", "100"},
       {"Friction angle", "20"},
       {"Dilation angle", "0"}},
      {{"Plasticity", "J2"},
       {"Yield stress", "100"},
       {"Softening floor", "120"}},
  };
  for (const auto &entries : bad)
    EXPECT_THROW(make_law(entries), InputError) << entries.front().second;
}

TEST(Plasticity, ReturnFromFarOutsideTheSurface)
{
  // Strains of a broken crack band in ductile fracture: trial stresses up
  // to a hundred times the yield stress. For an isotropic stiffness J2 has
  // the radial return in closed form (Simo & Hughes 1998, Box 3.1): the
  // deviatoric trial stress scaled back onto |dev sigma| = sqrt(2/3)
  // kappa(alpha), kappa = sigma_y + H alpha, the pressure elastic. (Both
  // failed before the return started from the radial estimate and measured
  // its strain residual against the trial strain: the Newton iteration
  // stalled at round-off above its tolerance.)
  const double                E2 = 2000., nu2 = 0.4, H = 100., sigma_y = 70.;
  const SymmetricTensor<4, 3> C =
      elastic::to_tensor(elastic::isotropic(E2, nu2));
  const PlasticLaw law = make_law({{"Plasticity", "J2"},
                                   {"Yield stress", "70"},
                                   {"Hardening modulus", "100"}},
                                  C);
  const double     mu = E2 / (2. * (1. + nu2)), K = E2 / (3. * (1. - 2. * nu2));
  SymmetricTensor<2, 3> strain;
  strain[0][0] = 2.68813;
  strain[0][1] = -0.066958;
  strain[1][1] = 2.50367;
  strain[2][2] = -0.0241312;
  // And from a plastic state (a point of the nacre example's crack band).
  {
    State old;
    old.plastic_strain[0][0]      = 0.00062122190812107653;
    old.plastic_strain[0][1]      = 3.3116580567976106e-05;
    old.plastic_strain[1][1]      = -0.000312219560573398;
    old.plastic_strain[2][2]      = -0.00030900234754768313;
    old.equivalent_plastic_strain = 0.00062240050328878863;
    SymmetricTensor<2, 3> e;
    e[0][0] = 0.76129924800449822;
    e[0][1] = 1.8110445436584524;
    e[1][1] = 2.8524433112873524;
    e[2][2] = -0.29269865996715971;
    PlasticLaw::Result r;
    ASSERT_NO_THROW(r = law.update(C, e, old));
  }
  for (const double f : {0.1, 0.3, 1.})
    {
      const SymmetricTensor<2, 3> eps = f * strain;
      PlasticLaw::Result          r;
      ASSERT_NO_THROW(r = law.update(C, eps, State())) << f;
      // |dev sigma| = sqrt(2/3) kappa(alpha), |dev sigma_trial| - |dev
      // sigma| = 2 mu sqrt(3/2) alpha (von Mises, Delta alpha = sqrt(2/3)
      // |Delta eps_p|).
      const double s_trial = 2. * mu * dealii::deviator(eps).norm();
      const double alpha   = (s_trial - std::sqrt(2. / 3.) * sigma_y) /
                           (2. * mu * std::sqrt(1.5) + std::sqrt(2. / 3.) * H);
      const double kappa = sigma_y + H * alpha;
      EXPECT_NEAR(r.state.equivalent_plastic_strain, alpha, 1e-10 * alpha) << f;
      EXPECT_NEAR(dealii::deviator(r.stress).norm(),
                  std::sqrt(2. / 3.) * kappa,
                  1e-10 * kappa)
          << f;
      EXPECT_NEAR(dealii::trace(r.stress),
                  3. * K * dealii::trace(eps),
                  1e-10 * std::abs(3. * K * dealii::trace(eps)))
          << f;
      EXPECT_LE(r.iterations, 3u) << f;
    }
}
