// Newton's method on displacement and damage together (Fracture/Solver =
// Newton, AT1 and AT2): the closed-form strengths of the homogeneous bar,
// energy balance, irreversibility, and the same results on every rank
// count (the same crack as alternate minimization: in test_fracture.cc).

#include <gtest/gtest.h>

#include "analyses/fracture.h"
#include "fracture_run.h"

#include <cmath>
#include <string>

using namespace nanomech;
using nanomech::testing::bar;
using nanomech::testing::FractureRun;
using nanomech::testing::root;

namespace
{
  /// The lines that select Newton's method (a subsection may be entered
  /// again in a parameter text).
  const std::string newton = "subsection Fracture\n set Solver = Newton\nend\n"
                             "subsection Solver\n set Preconditioner = "
                             "direct\nend\n";

  /// Recorded Newton steps and sweeps of a run: the sum of the
  /// iterations of its recorded steps.
  unsigned int
  iterations(const FractureRun<2> &run)
  {
    unsigned int n = 0;
    for (const auto &s : run.analysis.get_steps())
      n += s.staggered_iterations;
    return n;
  }
} // namespace

TEST(NewtonFracture, HomogeneousBarStrengthAT2)
{
  // sigma_c = (3 sqrt(3) / 16) sqrt(E Gc / l) at eps_c = sqrt(Gc / (3 E l))
  // (Pham et al. 2011), as in Fracture.HomogeneousBarStrengthAT2.
  FractureRun<2> run(bar("AT2", 0.02, 5e-4) + newton, MPI_COMM_WORLD);
  const auto    &r     = run.analysis.get_results();
  const double sigma_c = run.analysis.get_model().critical_stress(1000., 0.01);
  const double eps_c   = std::sqrt(0.01 / (3. * 1000. * 0.05));
  if (root())
    std::cout << "AT2 bar (Newton): strength " << r.strength
              << " MPa (closed form " << sigma_c << "), strain at peak "
              << r.strain_at_peak << " (" << eps_c << "), " << iterations(run)
              << " iterations" << std::endl;
  EXPECT_LT(std::abs(r.strength / sigma_c - 1.), 1e-3);
  EXPECT_LT(std::abs(r.strain_at_peak - eps_c), 5e-4);
  EXPECT_TRUE(r.failed);
}

TEST(NewtonFracture, HomogeneousBarStrengthAndBranchAT1)
{
  // sigma_c = sqrt(3 Gc E / (8 l)); no damage before it, then the
  // homogeneous branch d = 1 - 3 Gc / (8 l E eps^2).
  FractureRun<2> run(bar("AT1", 0.02, 1e-4) + newton, MPI_COMM_WORLD);
  const auto    &r     = run.analysis.get_results();
  const double sigma_c = run.analysis.get_model().critical_stress(1000., 0.01);
  if (root())
    std::cout << "AT1 bar (Newton): strength " << r.strength
              << " MPa (closed form " << sigma_c << "), " << iterations(run)
              << " iterations" << std::endl;
  EXPECT_LT(std::abs(r.strength / sigma_c - 1.), 0.02);
  for (const auto &s : run.analysis.get_steps())
    {
      if (s.stress < 0.999 * sigma_c && s.step <= r.peak_step)
        {
          EXPECT_EQ(s.max_damage, 0.) << "step " << s.step;
        }
      if (s.step > r.peak_step && s.max_damage < 0.9)
        {
          const double d =
              1. - 3. * 0.01 / (8. * 0.05 * 1000. * s.strain * s.strain);
          EXPECT_NEAR(s.max_damage, d, 1e-6) << "step " << s.step;
        }
    }
}

TEST(NewtonFracture, EnergyBalanceAndIrreversibility)
{
  // External work = elastic + fracture energy (to the trapezoidal rule of
  // the work) for AT1 and AT2
  // with the volumetric-deviatoric split; damage and fracture energy never
  // decrease.
  for (const std::string model : {"AT1", "AT2"})
    {
      FractureRun<2> run(bar(model,
                             0.02,
                             5e-4,
                             " set Energy split = volumetric-deviatoric\n") +
                             newton,
                         MPI_COMM_WORLD);
      const auto    &steps = run.analysis.get_steps();
      ASSERT_GT(steps.size(), 20u);
      EXPECT_TRUE(run.analysis.get_results().failed);
      double worst = 0.;
      for (unsigned int i = 1; i < steps.size(); ++i)
        {
          const auto &s = steps[i];
          if (s.external_work > 0.)
            worst = std::max(worst,
                             std::abs(s.external_work - s.elastic_energy -
                                      s.fracture_energy) /
                                 s.external_work);
          EXPECT_GE(s.damage_growth, 0.) << model << ", step " << i;
          EXPECT_GE(s.fracture_energy,
                    steps[i - 1].fracture_energy * (1. - 1e-12))
              << model << ", step " << i;
        }
      if (root())
        std::cout << model << " (Newton): largest energy imbalance " << worst
                  << " of the external work, " << iterations(run)
                  << " iterations" << std::endl;
      // Measured 0.074 % (AT1) and 0.125 % (AT2).
      EXPECT_LT(worst, 0.004) << model;
      EXPECT_GT(steps.back().fracture_energy, 0.8 * steps.back().external_work);
    }
}

TEST(FractureRanks, NewtonSameStrengthAndToughnessOnEveryRankCount)
{
  // The notched AT1 bar (a crack that runs through) with Newton's method
  // on n and n - 1 ranks, refined to l/8 along the crack with a band of
  // 2 l (the band gathers the damaged cells of all ranks, so the mesh must
  // not depend on the partition either).
  nanomech::testing::expect_same_on_fewer_ranks<2>(
      nanomech::testing::bar_specimen(1., 0.05, 80, 4) +
          "subsection Fracture\n set Model = AT1\n set Length scale = 0.05\n"
          " set Strain increment = 5e-4\n set Initial cracks = 0.5, 0, 0.5, "
          "0.0125\n set Adaptive refinement = true\n set Cells per length "
          "scale = 8\n set Refinement band = 2\nend\n" +
          newton,
      "notched AT1 bar (Newton, refinement band)");
}
