// Load control. Path following (Fracture/Path following = dissipation): a
// bar whose crack snaps back is followed along the snap-back branch,
// dissipates Gc times its cross-section, balances its energy, and gives the
// same curve on every rank count. Adaptive increments under displacement
// control: the steps to failure do not hinge on the first increment.

#include <gtest/gtest.h>

#include "fracture_run.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

using namespace nanomech;
using nanomech::testing::FractureRun;
using nanomech::testing::root;

namespace
{
  /// The notched AT1 bar of BrokenBarDissipatesGcTimesTheCrossSection
  /// (H = l = 0.05 um, a notch one coarse cell deep at mid-length), 2 um
  /// = 40 l long, so that the elastic energy stored at the peak exceeds what
  /// the rest of the crack dissipates: past the peak, equilibrium needs the
  /// strain to fall (snap-back). Refined around the crack to l / @p
  /// cells_per_l; @p path is Fracture/Path following.
  std::string
  snap_back_bar(const std::string &path,
                const double       cells_per_l,
                const std::string &more = "")
  {
    return nanomech::testing::bar_specimen(2., 0.05, 160, 4) +
           "subsection Fracture\n set Model = AT1\n set Length scale = 0.05\n"
           " set Strain increment = 5e-4\n set Damage tolerance = 1e-6\n"
           " set Residual tolerance = 1e-8\n"
           " set Initial cracks = 1, 0, 1, 0.0125\n"
           " set Adaptive refinement = true\n set Cells per length scale = " +
           std::to_string(cells_per_l) + "\n set Path following = " + path +
           "\n" + more +
           "end\nsubsection Solver\n set Preconditioner = direct\nend\n";
  }

  /// Strain and stress of every step after the peak.
  std::vector<double>
  post_peak_curve(const FractureRun<2> &run)
  {
    std::vector<double> curve;
    for (const auto &s : run.analysis.get_steps())
      if (s.step >= run.analysis.get_results().peak_step)
        {
          curve.push_back(s.strain);
          curve.push_back(s.stress);
        }
    return curve;
  }
} // namespace

TEST(Fracture, SnapBackIsFollowedAndDissipatesGcTimesTheSection)
{
  const double   Gc = 0.01, l = 0.05, H = 0.05, h = l / 16.;
  FractureRun<2> run(snap_back_bar("dissipation", 16.), MPI_COMM_WORLD);
  const auto    &steps = run.analysis.get_steps();
  const auto    &r     = run.analysis.get_results();
  ASSERT_TRUE(r.failed);
  // The branch: after the peak, steps along which strain and stress fall
  // together, down to well below the strain at the peak (measured: 17
  // such steps, back to 0.56 of it).
  unsigned int back          = 0;
  double       lowest_strain = r.strain_at_peak;
  for (std::size_t i = r.peak_step + 1; i < steps.size(); ++i)
    {
      if (steps[i].strain < steps[i - 1].strain &&
          steps[i].stress < steps[i - 1].stress)
        ++back;
      lowest_strain = std::min(lowest_strain, steps[i].strain);
    }
  EXPECT_GE(back, 5u);
  EXPECT_LT(lowest_strain, 0.75 * r.strain_at_peak);
  // The crack across the bar: Gc H within the discretization bounds of
  // BrokenBarDissipatesGcTimesTheCrossSection, [1, 1 + 3h/(8l) + (h/l)^2/32]
  // (1.024 for h = l/16; measured 1.008).
  const double ratio = steps.back().fracture_energy / (Gc * H);
  EXPECT_GE(ratio, 1.);
  EXPECT_LE(ratio, 1. + 3. * h / (8. * l) + (h / l) * (h / l) / 32.);
  // Energy balance through the snap-back (the work is the trapezoidal
  // integral of force over displacement, returned where the strain falls):
  // work = elastic energy + dissipated energy, measured to 0.33 %.
  const double dissipated =
      steps.back().fracture_energy - steps.front().fracture_energy;
  const double balance =
      steps.back().external_work - steps.back().elastic_energy - dissipated;
  EXPECT_LT(std::abs(balance), 0.01 * dissipated);
  if (root())
    std::cout << "Snap-back: " << back
              << " steps with strain and stress falling, down to strain "
              << lowest_strain << " from " << r.strain_at_peak
              << " at the peak; crack energy " << ratio
              << " Gc H; energy balance " << balance / dissipated
              << " of the dissipated energy" << std::endl;
}

TEST(FractureRanks, SnapBackBranchIsTheSameOnEveryRankCount)
{
  // All n ranks against n - 1 ranks (two partitions): the same steps and
  // the same strain and stress at every step past the peak.
  ASSERT_GE(dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u);
  // Coarser than the dissipation test, and steps that may change the
  // stress by 20 % of the strength (half the drop): fewer cells and steps.
  const std::string text =
      snap_back_bar("dissipation", 4., " set Path following drop = 0.4\n");
  const FractureRun<2>                parallel(text, MPI_COMM_WORLD);
  const std::vector<double>           p = post_peak_curve(parallel);
  const nanomech::testing::FewerRanks fewer;
  std::vector<double>                 s;
  if (fewer.member())
    s = post_peak_curve(FractureRun<2>(text, fewer.comm));
  s = fewer.share(s);
  EXPECT_TRUE(parallel.analysis.get_results().failed);
  ASSERT_EQ(p.size(), s.size());
  double largest = 0.;
  for (std::size_t i = 0; i < p.size(); ++i)
    largest = std::max(largest, std::abs(p[i] / s[i] - 1.));
  if (root())
    std::cout << "Snap-back: " << p.size() / 2
              << " steps from the peak on; largest relative difference "
              << largest << " (n ranks / n - 1)" << std::endl;
  // Measured 8e-11 (2 vs 3 ranks) and 3e-10 (1 vs 2); on the finer bar
  // of the dissipation test 3e-11 to 6e-10 over seven runs (the direct
  // solver's parallel factorization is not bitwise reproducible, so the
  // figure varies from run to run).
  EXPECT_LT(largest, 2e-9);
}

TEST(Fracture, AdaptiveIncrementsDoNotHingeOnTheFirstIncrement)
{
  // The homogeneous AT2 bar of HomogeneousBarStrengthAT2 (closed-form
  // strength sigma_c = (3 sqrt(3) / 16) sqrt(E Gc / l), Pham et al. 2011)
  // with Adaptive increments from first increments 20 times apart: the
  // same strength to the peak tolerance (0.5 %), and about as many steps,
  // where a fixed increment takes 20 times more steps when 20 times
  // smaller.
  const auto bar = [](const double increment, const bool adaptive) {
    return nanomech::testing::bar_specimen(0.02, 0.005, 16, 4) +
           "subsection Fracture\n set Model = AT2\n set Length scale = 0.05\n"
           " set Strain increment = " +
           std::to_string(increment) +
           "\n set Minimum strain increment = 1e-9\n"
           " set Post-peak increment factor = 1\n"
           " set Undamaged grips = false\n set Adaptive increments = " +
           (adaptive ? "true" : "false") + "\nend\n";
  };
  const double sigma_c =
      3. * std::sqrt(3.) / 16. * std::sqrt(1000. * 0.01 / 0.05);
  std::vector<double> strength, steps;
  for (const auto &[increment, adaptive] : std::vector<std::pair<double, bool>>{
           {1e-4, true}, {2e-3, true}, {1e-4, false}})
    {
      FractureRun<2> run(bar(increment, adaptive), MPI_COMM_WORLD);
      EXPECT_TRUE(run.analysis.get_results().failed);
      strength.push_back(run.analysis.get_results().strength);
      steps.push_back(run.analysis.get_steps().size() - 1.);
      if (root())
        std::cout << "first increment " << increment
                  << (adaptive ? ", adaptive: " : ", fixed: ") << steps.back()
                  << " steps, strength " << strength.back()
                  << " MPa (closed form " << sigma_c << ")" << std::endl;
    }
  EXPECT_LT(std::abs(strength[0] / sigma_c - 1.), 0.005);
  EXPECT_LT(std::abs(strength[1] / sigma_c - 1.), 0.005);
  // Measured 25 and 18 steps (the smaller start needs ~8 steps of 1.5x to
  // catch up 20x) against 534 with the small increment fixed.
  EXPECT_LT(steps[0], 2. * steps[1]);
  EXPECT_LT(steps[0], 0.15 * steps[2]);
}
