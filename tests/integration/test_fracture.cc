// Phase-field fracture: the closed-form strength of a homogeneous bar (AT1,
// AT2), energy balance, irreversibility of damage, and the same strength
// and toughness on every rank count.

#include <gtest/gtest.h>

#include "analyses/fracture.h"
#include "test_helpers.h"

#include <cmath>
#include <memory>

using namespace nanomech;

namespace
{
  template <int dim>
  struct FractureRun
  {
    FractureRun(const std::string &text, MPI_Comm comm)
        : prm(nanomech::testing::analysis_parameters(text, dim, "fracture"))
        , analysis(*prm, CommandLine(), comm)
    {
      analysis.compute();
    }
    std::unique_ptr<dealii::ParameterHandler> prm;
    Fracture<dim>                             analysis;
  };

  bool
  root()
  {
    return dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }

  /// A bar in uniaxial tension along x (sliding grips, free sides) of one
  /// material with E = 1000 MPa, nu = 0 (so that every split degrades the
  /// same energy and the stress is uniaxial), Gc = 0.01 J/m^2, l = 0.05 um:
  /// by default 16 x 4 cells over L x L/4. L = 0.02 um <= l/2 keeps the
  /// homogeneous state stable up to failure; a long bar localizes.
  std::string
  bar(const std::string &model,
      const double       length,
      const double       increment,
      const std::string &more    = "",
      const unsigned int cells_x = 16,
      const unsigned int cells_y = 4,
      const double       height  = 0.)
  {
    return "subsection Geometry\n set Size x = " + std::to_string(length) +
           "\n set Size y = " +
           std::to_string(height > 0. ? height : length / 4) +
           "\n set Cells x = " + std::to_string(cells_x) +
           "\n set Cells y = " + std::to_string(cells_y) +
           "\nend\n"
           "subsection Microstructure\n set Type = homogeneous\nend\n"
           "subsection Materials\n subsection Phase 0\n"
           "  set Young's modulus = 1000\n  set Poisson's ratio = 0\n"
           "  set Critical energy release rate = 0.01\n end\nend\n"
           "subsection Loading\n set Applied strain = 0.1\nend\n"
           "subsection Fracture\n set Model = " +
           model + "\n set Length scale = 0.05\n set Strain increment = " +
           std::to_string(increment) +
           "\n set Post-peak increment factor = 1\n" + more + "end\n";
  }
} // namespace

TEST(Fracture, HomogeneousBarStrengthAT2)
{
  // Uniform AT2 damage d = E eps^2 / (Gc/l + E eps^2): the stress
  // (1 - d)^2 E eps peaks at eps_c = sqrt(Gc / (3 E l)) with
  // sigma_c = (3 sqrt(3) / 16) sqrt(E Gc / l) (e.g. Pham et al. 2011).
  FractureRun<2> run(bar("AT2", 0.02, 5e-4), MPI_COMM_WORLD);
  const auto    &r     = run.analysis.get_results();
  const double sigma_c = run.analysis.get_model().critical_stress(1000., 0.01);
  const double eps_c   = std::sqrt(0.01 / (3. * 1000. * 0.05));
  if (root())
    std::cout << "AT2 bar: strength " << r.strength << " MPa (closed form "
              << sigma_c << "), strain at peak " << r.strain_at_peak << " ("
              << eps_c << ")" << std::endl;
  EXPECT_LT(std::abs(r.strength / sigma_c - 1.), 0.02);
  EXPECT_LT(std::abs(r.strain_at_peak - eps_c), 5e-4);
  EXPECT_TRUE(r.failed);
}

TEST(Fracture, HomogeneousBarStrengthAT1)
{
  // AT1: linear elastic, no damage at all, up to
  // sigma_c = sqrt(3 Gc E / (8 l)); then d = 1 - 3 Gc / (8 l E eps^2).
  FractureRun<2> run(bar("AT1", 0.02, 1e-4), MPI_COMM_WORLD);
  const auto    &r     = run.analysis.get_results();
  const double sigma_c = run.analysis.get_model().critical_stress(1000., 0.01);
  if (root())
    std::cout << "AT1 bar: strength " << r.strength << " MPa (closed form "
              << sigma_c << ")" << std::endl;
  EXPECT_LT(std::abs(r.strength / sigma_c - 1.), 0.02);
  for (const auto &s : run.analysis.get_steps())
    {
      if (s.stress < 0.999 * sigma_c && s.step <= r.peak_step)
        EXPECT_EQ(s.max_damage, 0.)
            << "damage in the elastic stage, step " << s.step;
      // The homogeneous post-peak branch.
      if (s.step > r.peak_step && s.max_damage < 0.9)
        {
          const double d =
              1. - 3. * 0.01 / (8. * 0.05 * 1000. * s.strain * s.strain);
          EXPECT_NEAR(s.max_damage, d, 1e-6) << "step " << s.step;
          EXPECT_NEAR(s.stress,
                      (1. - d) * (1. - d) * 1000. * s.strain,
                      1e-4 * sigma_c)
              << "step " << s.step;
        }
    }
}

TEST(Fracture, EnergyBalance)
{
  // External work = elastic + fracture energy at every step, up to the
  // trapezoidal rule of the work, for AT1 and AT2 with a split.
  for (const std::string model : {"AT1", "AT2"})
    {
      FractureRun<2> run(
          bar(model, 0.02, 5e-4, " set Energy split = volumetric-deviatoric\n"),
          MPI_COMM_WORLD);
      const auto &steps = run.analysis.get_steps();
      ASSERT_GT(steps.size(), 20u);
      EXPECT_TRUE(run.analysis.get_results().failed);
      double worst = 0.;
      for (const auto &s : steps)
        if (s.external_work > 0.)
          worst = std::max(worst,
                           std::abs(s.external_work - s.elastic_energy -
                                    s.fracture_energy) /
                               s.external_work);
      if (root())
        std::cout << model << ": largest energy imbalance " << worst
                  << " of the external work over " << steps.size() - 1
                  << " steps; at the end elastic "
                  << steps.back().elastic_energy << ", fracture "
                  << steps.back().fracture_energy << ", work "
                  << steps.back().external_work << std::endl;
      EXPECT_LT(worst, 0.02) << model;
      // At failure nearly all the work has gone into the crack.
      EXPECT_GT(steps.back().fracture_energy, 0.8 * steps.back().external_work);
    }
}

TEST(Fracture, DamageNeverDecreases)
{
  // A long bar (L = 20 l) localizes after the peak: the uniform damage
  // outside the crack would heal as that part unloads, and the lower bound
  // d >= d_n keeps it. Checked at every node on every step.
  const std::string text = bar("AT2", 1., 1e-3, "", 64, 8, 0.125);
  FractureRun<2>    run(text, MPI_COMM_WORLD);
  const auto       &steps = run.analysis.get_steps();
  EXPECT_TRUE(run.analysis.get_results().failed);
  EXPECT_GT(steps.back().max_damage, 0.99); // a crack has formed
  for (unsigned int i = 1; i < steps.size(); ++i)
    {
      EXPECT_GE(steps[i].damage_growth, 0.) << "step " << i;
      EXPECT_GE(steps[i].max_damage, steps[i - 1].max_damage) << "step " << i;
      EXPECT_GE(steps[i].fracture_energy,
                steps[i - 1].fracture_energy * (1. - 1e-12))
          << "step " << i;
    }
}

TEST(Fracture, AdaptiveRefinementKeepsTheDamageFormed)
{
  // A coarse long bar (h = 0.0625 um > l = 0.05 um) that refines where
  // damage exceeds 0.5 until h = l/4: the crack band is refined after it
  // localizes, and each refinement carries damage and displacement over
  // exactly (Q1 on refined cells), so the fracture energy and the largest
  // damage are the same just before and after.
  const std::string text = bar("AT2",
                               1.,
                               1e-3,
                               " set Adaptive refinement = true\n"
                               " set Refinement damage threshold = 0.5\n"
                               " set Post-peak increment factor = 0.25\n",
                               16,
                               2,
                               0.125);
  FractureRun<2>    run(text, MPI_COMM_WORLD);
  const auto       &r     = run.analysis.get_results();
  const auto       &steps = run.analysis.get_steps();
  ASSERT_FALSE(r.refinements.empty());
  for (const auto &x : r.refinements)
    {
      EXPECT_NEAR(x[1], x[0], 1e-10 * x[0]); // fracture energy
      EXPECT_EQ(x[3], x[2]);                 // largest damage
    }
  EXPECT_TRUE(r.failed);
  EXPECT_GT(steps.back().max_damage, 0.99);
  // Refined locally: fewer cells than the uniform mesh of h = l/4 (800).
  EXPECT_GT(steps.back().n_cells, steps.front().n_cells);
  EXPECT_LT(steps.back().n_cells, 800u);
  for (unsigned int i = 1; i < steps.size(); ++i)
    EXPECT_GE(steps[i].damage_growth, 0.) << "step " << i;
  if (root())
    std::cout << "Adaptive: " << r.refinements.size() << " refinements, "
              << steps.front().n_cells << " -> " << steps.back().n_cells
              << " cells" << std::endl;
}

TEST(FractureRanks, SameStrengthAndToughnessOnEveryRankCount)
{
  // Two phases in layers along the load (different stiffness and Gc), a
  // split that matters (nu > 0), AT2; stable up to failure.
  const std::string text =
      "subsection Geometry\n set Size x = 0.02\n set Size y = 0.01\n"
      " set Cells x = 12\n set Cells y = 12\nend\n"
      "subsection Microstructure\n set Type = laminate\n"
      " subsection Laminate\n  set Layer normal = y\n"
      "  set Number of periods = 2\n  set Volume fraction of phase 1 = 0.3\n"
      " end\nend\n"
      "subsection Materials\n subsection Phase 0\n"
      "  set Young's modulus = 1000\n  set Poisson's ratio = 0.2\n"
      "  set Critical energy release rate = 0.01\n end\n"
      " subsection Phase 1\n  set Young's modulus = 3000\n"
      "  set Poisson's ratio = 0.3\n"
      "  set Critical energy release rate = 0.004\n end\nend\n"
      "subsection Loading\n set Applied strain = 0.1\nend\n"
      "subsection Fracture\n set Model = AT2\n set Length scale = 0.05\n"
      " set Energy split = spectral\n set Strain increment = 1e-3\n"
      " set Damage tolerance = 1e-7\n set Residual tolerance = 1e-9\nend\n"
      "subsection Solver\n set Tolerance = 1e-12\nend\n";
  FractureRun<2> parallel(text, MPI_COMM_WORLD);
  FractureRun<2> serial(text, MPI_COMM_SELF);
  const auto    &p = parallel.analysis.get_results();
  const auto    &s = serial.analysis.get_results();
  if (root())
    std::cout << "Layers: strength " << p.strength << " / " << s.strength
              << " MPa, toughness " << p.toughness << " / " << s.toughness
              << " MJ/m^3 (all ranks / one)" << std::endl;
  EXPECT_TRUE(p.failed);
  EXPECT_LT(std::abs(p.strength / s.strength - 1.), 1e-6);
  EXPECT_LT(std::abs(p.toughness / s.toughness - 1.), 1e-6);
  EXPECT_LT(std::abs(p.dissipated_energy / s.dissipated_energy - 1.), 1e-6);
  EXPECT_EQ(parallel.analysis.get_steps().size(),
            serial.analysis.get_steps().size());
}
