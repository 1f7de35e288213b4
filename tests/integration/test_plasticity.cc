// Elastic-plastic specimens along loading paths (the elastic test with
// plastic phases): a bar in uniaxial stress loaded, reversed and reloaded
// against the exact uniaxial response, a laminate loaded across its layers
// in uniaxial strain against the exact series combination of its
// elastic-plastic layers, Newton's quadratic convergence and the energy
// balance.

#include "plastic_bar.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace nanomech;

namespace
{
  constexpr double E = 70000., nu = 0.3, sy = 100.;

  std::string
  bar_prm(const std::string &hardening,
          const std::string &path,
          const std::string &increment = "0.0005")
  {
    return "set Dimension = 3\n"
           "subsection Geometry\n set Size x = 2\n set Cells x = 4\n"
           " set Cells y = 2\n set Cells z = 2\nend\n"
           "subsection Microstructure\n set Type = homogeneous\nend\n"
           "subsection Materials\n subsection Phase 0\n"
           "  set Young's modulus = 70000\n  set Poisson's ratio = 0.3\n"
           "  set Plasticity = J2\n  set Yield stress = 100\n" +
           hardening +
           " end\nend\n"
           "subsection Loading\n set Strain path = " +
           path + "\n set Path increment = " + increment +
           "\nend\n"
           "subsection Solver\n set Tolerance = 1e-12\n"
           " set Newton tolerance = 1e-11\nend\n";
  }

  /// Parameters of the bar's hardening (Voce if delta > 0).
  struct Hardening
  {
    double H = 0., Hk = 0., sinf = 0., delta = 0.;
  };

  void
  expect_bar_exact(const std::string &hardening,
                   const Hardening   &h,
                   double             tolerance)
  {
    nanomech::testing::PlasticBar bar{
        E, h.Hk, [h](const double a) {
          return sy + h.H * a +
                 (h.delta > 0. ? (h.sinf - sy) * (1. - std::exp(-h.delta * a)) :
                                 0.);
        }};
    nanomech::testing::ElasticRun<3> run(bar_prm(hardening,
                                                 "0.01, -0.006, 0.012"),
                                         MPI_COMM_WORLD);
    const auto                      &path  = run.analysis.get_path();
    double                           worst = 0.;
    for (const auto &step : path)
      worst = std::max(worst, std::abs(step.stress - bar.stress(step.strain)));
    EXPECT_GT(path.size(), 80u);
    EXPECT_LT(worst, tolerance * sy);
    // W_ext = Psi_el + W_p: the trapezoidal sums of external and plastic
    // work over the steps agree to round-off (measured: 6e-15).
    EXPECT_LT(run.analysis.get_results().energy_balance_error, 1e-12);
    EXPECT_GT(run.analysis.get_results().plastic_work, 0.);
  }
} // namespace

TEST(Plasticity, BarCycleLinearHardeningIsExact)
{
  Hardening bar;
  bar.H  = 2000.;
  bar.Hk = 1500.;
  expect_bar_exact("  set Hardening modulus = 2000\n"
                   "  set Kinematic hardening modulus = 1500\n",
                   bar,
                   1e-12); // measured: 2.4e-13
}

TEST(Plasticity, BarCycleVoceIsExact)
{
  Hardening bar;
  bar.sinf  = 180.;
  bar.delta = 60.;
  expect_bar_exact("  set Hardening = Voce\n"
                   "  set Saturation yield stress = 180\n"
                   "  set Saturation rate = 60\n",
                   bar,
                   1e-11); // measured: 2.7e-12
}

TEST(Plasticity, NewtonConvergesQuadratically)
{
  // Large Voce steps (2.8 times the yield strain): each iteration's
  // out-of-balance force at most c times the square of the last one's,
  // above the solver's floor (measured: 0.73 -> 3.7e-5 -> 4e-14, c up to
  // 1e-4; an inexact tangent converges linearly).
  nanomech::testing::ElasticRun<3> run(
      bar_prm("  set Hardening = Voce\n  set Saturation yield stress = 250\n"
              "  set Saturation rate = 30\n",
              "0.02",
              "0.004"),
      MPI_COMM_WORLD);
  unsigned int checked = 0;
  for (const auto &step : run.analysis.get_path())
    {
      const auto &r = step.residuals;
      EXPECT_LE(step.newton_iterations, 3u);
      for (std::size_t k = 1; k < r.size(); ++k)
        if (r[k] > 1e-11)
          {
            EXPECT_LT(r[k], 3e-4 * r[k - 1] * r[k - 1]);
            ++checked;
          }
    }
  EXPECT_GT(checked, 3u);
}

TEST(Plasticity, LaminateAcrossLayersInUniaxialStrainIsExact)
{
  // Layers normal to x, loaded along x on rollers: each layer in uniaxial
  // strain at the same sigma_xx. Phase 0 (70 % of each period) elastic,
  // phase 1 J2 with linear hardening H: eps_xx(sigma) is sigma/M up to
  // sigma_1 = M sy / (2 mu), then (sigma - 2 mu sy/(3 mu + H)) / (M - 4
  // mu^2/(3 mu + H)). The mean strain sum f_i eps_i(sigma) is the nominal
  // strain.
  const nanomech::testing::UniaxialStrainLaminate laminate{
      150000., 0.25, E, nu, sy, 5000., 0.4};
  const double      s1 = laminate.first_yield();
  const std::string prm =
      "set Dimension = 2\n"
      "subsection Geometry\n set Size x = 1\n set Size y = 0.4\n"
      " set Cells x = 10\n set Cells y = 4\nend\n"
      "subsection Microstructure\n set Type = laminate\n"
      " subsection Laminate\n  set Layer normal = x\n"
      "  set Number of periods = 2\n  set Volume fraction of phase 1 = 0.4\n"
      " end\nend\n" +
      laminate.materials() +
      "subsection Loading\n set Lateral faces = roller\n"
      " set Strain path = 0.008\n set Path increment = 0.0004\nend\n"
      "subsection Solver\n set Tolerance = 1e-12\n"
      " set Newton tolerance = 1e-11\nend\n";
  nanomech::testing::ElasticRun<2> run(prm, MPI_COMM_WORLD);
  double                           worst = 0.;
  for (const auto &step : run.analysis.get_path())
    {
      worst =
          std::max(worst, std::abs(step.stress - laminate.stress(step.strain)));
    }
  EXPECT_LT(worst, 3e-14 * sy); // measured: 8e-13 MPa
  // The plastic layer has yielded: the last stress is well above the
  // elastic one's yield point.
  EXPECT_GT(run.analysis.get_path().back().stress, 1.5 * s1);
}
