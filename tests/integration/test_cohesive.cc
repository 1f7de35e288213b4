// The phase-field cohesive zone model (Wu, J. Mech. Phys. Solids 103, 72,
// 2017; Wu & Nguyen, J. Mech. Phys. Solids 119, 20, 2018): a bar in
// uniaxial stress peaks at the tensile strength whatever the length scale,
// its crack band softens along the traction-opening law and dissipates
// Gc; the peak is resolved to the peak tolerance whatever the load
// increment; the same results on every rank count. A weak layer at least
// 2 l thick breaks at its own strength; a thinner one at the energy of the
// closed form the run warns with.

#include <gtest/gtest.h>

#include "fracture_run.h"

#include <algorithm>
#include <cmath>
#include <vector>

using namespace nanomech;
using nanomech::testing::FractureRun;
using nanomech::testing::root;

namespace
{
  // The bar: L = 0.5 um long, E = 1000 MPa, nu = 0 (uniaxial stress),
  // Gc = 0.1 J/m^2, ft = 10 MPa, so the Irwin length E Gc / ft^2 = 1 um:
  // L <= l_ch keeps the bar free of snap-back for both laws (the elastic
  // unloading L/E is below the softening's dw/dsigma everywhere).
  constexpr double length = 0.5, E = 1000., Gc = 0.1, ft = 10.;

  /// The bar with a central layer 0.01 um thick (and one at the far grip)
  /// 0.2 % weaker than the rest: the imperfection that places the crack
  /// band at mid-length, as a weakened element does in Wu (2017), Sect. 5.
  /// A perfectly uniform bar would damage uniformly first and localize
  /// late, from the undamaged grips. @p cells_x along the bar, 1 across.
  std::string
  cohesive_bar(const double       l,
               const unsigned int cells_x,
               const std::string &softening,
               const double       increment,
               const unsigned int cells_y = 1)
  {
    const std::string phase = "  set Young's modulus = 1000\n"
                              "  set Poisson's ratio = 0\n"
                              "  set Critical energy release rate = 0.1\n";
    return "subsection Geometry\n set Size x = 0.5\n set Size y = 0.05\n"
           " set Cells x = " +
           std::to_string(cells_x) +
           "\n set Cells y = " + std::to_string(cells_y) +
           "\nend\n"
           "subsection Microstructure\n set Type = laminate\n"
           " subsection Laminate\n  set Layer normal = x\n"
           "  set Number of periods = 2\n"
           "  set Volume fraction of phase 1 = 0.04\n end\nend\n"
           "subsection Materials\n subsection Phase 0\n" +
           phase + "  set Tensile strength = 10\n end\n subsection Phase 1\n" +
           phase +
           "  set Tensile strength = 9.98\n end\nend\n"
           "subsection Loading\n set Applied strain = 0.2\nend\n"
           "subsection Fracture\n set Model = PF-CZM\n set Softening = " +
           softening + "\n set Length scale = " + std::to_string(l) +
           "\n set Strain increment = " + std::to_string(increment) +
           "\n set Post-peak increment factor = 1\n"
           " set Failure stress fraction = 0.01\nend\n";
  }

  /// The largest |sigma - t(w)| / ft over the softening branch above
  /// 0.1 ft, with the opening w = u - sigma L / E of the bar.
  double
  softening_error(const FractureRun<2> &run)
  {
    const auto &r     = run.analysis.get_results();
    const auto &model = run.analysis.get_model();
    double      worst = 0.;
    for (const auto &s : run.analysis.get_steps())
      if (s.step > r.peak_step && s.stress > 0.1 * ft)
        {
          const double w = (s.strain - s.stress / E) * length;
          worst          = std::max(
              worst,
              std::abs(s.stress - model.softening_traction(w, Gc, ft)) / ft);
        }
    return worst;
  }
} // namespace

TEST(Cohesive, BarPeaksAtTheStrengthSoftensAlongTheLawAndDissipatesGc)
{
  // h = l/16 for l, l/2 and l/4. Measured: recorded peaks 9.971-9.974 MPa
  // (the layer's ft is 9.98, the bar's 10), resolved to 0.28 %; softening
  // within 1.27-1.39 % of ft of the linear law; dissipated energy 0.6-1.0 %
  // above Gc (the band's nodal profile; the tail below 0.01 ft is left
  // out).
  for (const double l : {0.05, 0.025, 0.0125})
    {
      FractureRun<2> run(cohesive_bar(l,
                                      static_cast<unsigned int>(
                                          std::round(16. * length / l / 2.)) *
                                          2,
                                      "linear",
                                      1.3e-3),
                         MPI_COMM_WORLD);
      const auto    &r     = run.analysis.get_results();
      const double   error = softening_error(run);
      if (root())
        std::cout << "l = " << l << ": strength " << r.strength
                  << " MPa (resolved to " << r.peak_resolution()
                  << "), softening error " << error << " ft, dissipated energy "
                  << r.dissipated_energy << " J/m^2" << std::endl;
      ASSERT_TRUE(r.failed);
      EXPECT_LT(std::abs(r.strength / ft - 1.), 0.005);
      EXPECT_LE(r.peak_resolution(), 0.005);
      EXPECT_LT(error, 0.02);
      EXPECT_LT(std::abs(r.dissipated_energy / Gc - 1.), 0.03);
      // No damage at all below the strength.
      for (const auto &s : run.analysis.get_steps())
        if (s.step <= r.peak_step && s.stress < 0.997 * ft)
          {
            EXPECT_EQ(s.max_damage, 0.) << "step " << s.step;
          }
    }
}

TEST(Cohesive, ExponentialCornelissenAndBilinearSoftening)
{
  // Wu's rational degradation approximates these laws (Wu & Nguyen 2018,
  // Table 1): the exponential ft exp(-ft w / Gc); Cornelissen, Hordijk &
  // Reinhardt (1986) and Petersson's bilinear law (1981), both for
  // concrete. Their rational forms depart from the laws by up to 0.049 ft
  // (Cornelissen) and 0.151 ft (bilinear, at the kink) above 0.1 ft: the
  // largest |sigma - t(w)| of Wu's 1D closed form, sigma^2 = ft^2 (2 - d)
  // (1 - d)^p / (2 (1 + a2 d + a2 a3 d^2)) and w(d) by quadrature of its
  // first integral (our computation). Measured above 0.1 ft (h = l/16):
  // 0.0041, 0.047 and 0.143 ft, Gc within 0.2-2 %. Tolerances: the form's
  // own departure plus 0.015 ft.
  const std::vector<std::pair<std::string, double>> laws = {
      {"exponential", 0.015}, {"Cornelissen", 0.064}, {"bilinear", 0.166}};
  for (const auto &[law, tolerance] : laws)
    {
      FractureRun<2> run(cohesive_bar(0.05, 160, law, 1.3e-3), MPI_COMM_WORLD);
      const auto    &r     = run.analysis.get_results();
      const double   error = softening_error(run);
      if (root())
        std::cout << law << ": strength " << r.strength
                  << " MPa, softening error " << error << " ft, dissipated "
                  << r.dissipated_energy << " J/m^2" << std::endl;
      ASSERT_TRUE(r.failed);
      EXPECT_LT(std::abs(r.strength / ft - 1.), 0.005);
      EXPECT_LT(error, tolerance) << law;
      // The exponential tail beyond 0.01 ft holds 1 % of Gc.
      const double expected = law == "exponential" ? 0.99 * Gc : Gc;
      EXPECT_LT(std::abs(r.dissipated_energy / expected - 1.), 0.03) << law;
    }
}

TEST(Cohesive, PeakResolvedWhateverTheIncrement)
{
  // Two initial increments 5x apart (1 and 5 steps of stress per 10 % of
  // ft): both peaks within Fracture/Peak tolerance (0.5 %) of each other.
  // Measured: 9.974 and 9.980 MPa, resolved to 0.28 % and 0.27 %.
  std::vector<double> strength;
  for (const double increment : {1.3e-3, 6.5e-3})
    {
      FractureRun<2> run(cohesive_bar(0.05, 80, "linear", increment),
                         MPI_COMM_WORLD);
      const auto    &r = run.analysis.get_results();
      if (root())
        std::cout << "increment " << increment << ": strength " << r.strength
                  << " MPa, resolved to " << r.peak_resolution() << std::endl;
      EXPECT_LE(r.peak_resolution(), 0.005);
      strength.push_back(r.strength);
    }
  EXPECT_LT(std::abs(strength[0] / strength[1] - 1.), 0.005);
}

TEST(FractureRanks, CohesiveSameStrengthAndToughnessOnEveryRankCount)
{
  // The bar with 2 cells across, h = l/4, on n ranks against n - 1.
  // (Measured with 80 x 1 cells on 1 and 3 ranks: strength and toughness
  // agree to 4e-10.)
  const std::string text = cohesive_bar(0.05, 40, "linear", 1.3e-3, 2) +
                           "subsection Fracture\n"
                           " set Damage tolerance = 1e-5\n"
                           " set Residual tolerance = 1e-7\nend\n"
                           "subsection Solver\n set Tolerance = 1e-12\nend\n";
  nanomech::testing::expect_same_on_fewer_ranks<2>(text, "PF-CZM bar");
}

namespace
{
  /// Half of a bar with a weak layer of thickness @p t at its middle:
  /// [0, 0.25] um, the layer's half [0.25 - t/2, 0.25] at the loaded end,
  /// where the damage is free (no undamaged grip): d' = 0 there is the
  /// mirror symmetry of the whole bar, so the half bar dissipates half of
  /// the whole bar's crack. Bulk as above (ft 10 MPa, Gc 0.1 J/m^2); the
  /// layer half as strong and four times less tough (ft 5 MPa, Gc 0.025,
  /// so its Irwin length is 1 um too), l = 0.025 um, h = l/20 or l/40.
  std::string
  half_bar_with_layer(const double t, const unsigned int cells_x)
  {
    const std::string phase = "  set Young's modulus = 1000\n"
                              "  set Poisson's ratio = 0\n";
    return "subsection Geometry\n set Size x = 0.25\n set Size y = 0.025\n"
           " set Cells x = " +
           std::to_string(cells_x) +
           "\n set Cells y = 1\nend\n"
           "subsection Microstructure\n set Type = laminate\n"
           " subsection Laminate\n  set Layer normal = x\n"
           "  set Number of periods = 1\n"
           "  set Volume fraction of phase 1 = " +
           std::to_string(t / 2. / 0.25) +
           "\n end\nend\n"
           "subsection Materials\n subsection Phase 0\n" +
           phase +
           "  set Critical energy release rate = 0.1\n"
           "  set Tensile strength = 10\n end\n subsection Phase 1\n" +
           phase +
           "  set Critical energy release rate = 0.025\n"
           "  set Tensile strength = 5\n end\nend\n"
           "subsection Loading\n set Applied strain = 0.2\nend\n"
           "subsection Fracture\n set Model = PF-CZM\n set Softening = linear\n"
           " set Length scale = 0.025\n set Strain increment = 1e-3\n"
           " set Undamaged grips = false\n"
           " set Post-peak increment factor = 1\n"
           " set Damage tolerance = 1e-3\n set Residual tolerance = 1e-4\n"
           " set Failure stress fraction = 0.01\nend\n";
  }
} // namespace

TEST(Cohesive, WeakLayerBreaksAtItsStrengthOrTheRunSaysItCannot)
{
  // A layer at least 2 l thick holds the crack band (pi l wide): the bar
  // peaks at the layer's ft and dissipates the closed form of
  // PhaseFieldModel::layer_fracture_energy (Gc of the layer, +4 % at
  // t = 2 l). Thinner layers are smeared with the bulk: the peak rises
  // above the layer's ft and the energy towards the bulk's; the run warns
  // (the half bar's layer is t/2 thick, so it warns below t = 4 l), and
  // the energy it names is what the bar converges to as h -> 0.
  // Measured (whole-bar energy, h = l/20): t = 4 l: peak 5.000 MPa,
  // +1.0 % on the closed form; 2 l: 5.000 MPa, +1.9 %; l: 5.708 MPa
  // (1.14 ft), +5.8 %; l/2: 7.94 MPa (1.59 ft), +10 %, and with h = l/40
  // +4.2 % (with h = l/10: +15 % at l, +34 % at l/2: the kinks of the
  // profile at the layer's faces need the finer mesh). 19 s on 2 ranks.
  const double          l = 0.025, ft_layer = 5.;
  const PhaseFieldModel model(PhaseFieldModel::Type::czm,
                              l,
                              0.,
                              PhaseFieldModel::Softening::linear);
  struct Case
  {
    double       t;
    unsigned int cells;
    double       energy_error;
  };
  for (const Case &c : {Case{4. * l, 200, 0.02},
                        Case{2. * l, 200, 0.03},
                        Case{l, 200, 0.08},
                        Case{l / 2., 200, 0.14},
                        Case{l / 2., 400, 0.06}})
    {
      FractureRun<2> run(half_bar_with_layer(c.t, c.cells), MPI_COMM_WORLD);
      const auto    &r        = run.analysis.get_results();
      const double   G        = 2. * r.dissipated_energy;
      const double   G_closed = model.layer_fracture_energy(c.t, 0.025, 0.1);
      const bool     warned   = !run.analysis.get_warnings().empty();
      if (root())
        std::cout << "t = " << c.t / l << " l, h = l/" << c.cells * l / 0.25
                  << ": peak " << r.strength << " MPa, energy " << G
                  << " J/m^2 (closed form " << G_closed << "), "
                  << (warned ? "warned" : "no warning") << std::endl;
      ASSERT_TRUE(r.failed);
      EXPECT_LT(std::abs(G / G_closed - 1.), c.energy_error);
      // The crack is in the layer: it dissipates most.
      EXPECT_GT(r.dissipated_energy_by_phase[1],
                r.dissipated_energy_by_phase[0]);
      EXPECT_EQ(warned, c.t < 4. * l);
      if (c.t >= 2. * l)
        EXPECT_LT(std::abs(r.strength / ft_layer - 1.), 0.005);
      else
        EXPECT_GT(r.strength, 1.1 * ft_layer);
    }
}

TEST(Cohesive, AT1WeakLayerDissipatesTheClosedFormAndTheRunWarns)
{
  // The same half bar with AT1 (its band 4 l wide; the layer's own
  // strength is that of AT1, sqrt(3 Gc E / (8 l))): the crack forms in the
  // weak layer and dissipates PhaseFieldModel::layer_fracture_energy's
  // AT1 form; the run warns below 4 l (half-bar layer t/2: t < 8 l).
  // Measured (h = l/20): t = 8 l: +3.4 % on the closed form (the layer's
  // own Gc), 2 l: +4.7 %, l: +8.1 % (AT1's discretization, at least
  // 3h/(8l) = 1.9 %, and the kinks at the layer's faces). 3 s on 2 ranks.
  const double          l = 0.025;
  const PhaseFieldModel model(PhaseFieldModel::Type::at1, l, 0.);
  for (const auto &[t, tolerance] : std::vector<std::pair<double, double>>{
           {8. * l, 0.06}, {2. * l, 0.08}, {l, 0.13}})
    {
      std::string text = half_bar_with_layer(t, 200);
      text += "subsection Fracture\n set Model = AT1\nend\n";
      FractureRun<2> run(text, MPI_COMM_WORLD);
      const auto    &r        = run.analysis.get_results();
      const double   G        = 2. * r.dissipated_energy;
      const double   G_closed = model.layer_fracture_energy(t, 0.025, 0.1);
      const bool     warned   = !run.analysis.get_warnings().empty();
      if (root())
        std::cout << "AT1, t = " << t / l << " l: peak " << r.strength
                  << " MPa, energy " << G << " J/m^2 (closed form " << G_closed
                  << "), " << (warned ? "warned" : "no warning") << std::endl;
      ASSERT_TRUE(r.failed);
      EXPECT_GT(G / G_closed - 1., 0.);
      EXPECT_LT(G / G_closed - 1., tolerance);
      EXPECT_GT(r.dissipated_energy_by_phase[1],
                r.dissipated_energy_by_phase[0]);
      EXPECT_EQ(warned, t < 8. * l);
    }
}

TEST(Cohesive, NotchedStripPeakIndependentOfTheLengthScale)
{
  // PF-CZM's strength is a material input, so the peak load of a notched
  // specimen converges as l -> 0 instead of scaling with 1/sqrt(l) (Wu
  // 2017, Sect. 6; Wu & Nguyen 2018). A strip W = 1, H = 2 um with an
  // initial edge crack a = W/4 at mid-height, clamped grips; E = 1000 MPa,
  // nu = 0.3, Gc = 0.1 J/m^2, ft = 10 MPa (Irwin length W); l = 0.04 and
  // 0.02 (l_ch/25 and l_ch/50), the mesh refined to l/4 wherever the
  // damage exceeds 0.01 (so the cohesive zone ahead of the tip is
  // resolved before it carries load). Measured: peaks 5.537 and
  // 5.625 MPa (1.6 % apart), each resolved to 0.11 %; 110 s on 2 ranks.
  // (Before the stepping could go back into a step across a refinement:
  // 5.53 and 5.60, resolved to only 1.1-1.2 %.)
  std::vector<double> peak;
  for (const double l : {0.04, 0.02})
    {
      FractureRun<2> run(
          "subsection Geometry\n set Size x = 1\n set Size y = 2\n"
          " set Cells x = 32\n set Cells y = 65\nend\n"
          "subsection Microstructure\n set Type = homogeneous\nend\n"
          "subsection Materials\n subsection Phase 0\n"
          "  set Young's modulus = 1000\n  set Poisson's ratio = 0.3\n"
          "  set Critical energy release rate = 0.1\n"
          "  set Tensile strength = 10\n end\nend\n"
          "subsection Loading\n set Direction = y\n set Grips = clamped\n"
          " set Applied strain = 0.05\nend\n"
          "subsection Fracture\n set Model = PF-CZM\n set Length scale = " +
              std::to_string(l) +
              "\n set Strain increment = 5e-4\n"
              " set Adaptive refinement = true\n"
              " set Refinement damage threshold = 0.01\n"
              " set Initial cracks = 0, 1, 0.25, 1\n"
              " set Failure stress fraction = 0.95\n"
              " set Damage tolerance = 1e-3\n"
              " set Residual tolerance = 1e-4\nend\n",
          MPI_COMM_WORLD);
      const auto &r = run.analysis.get_results();
      if (root())
        std::cout << "l = " << l << ": peak " << r.strength
                  << " MPa (resolved to " << r.peak_resolution()
                  << "), dissipated " << r.dissipated_energy << " J/m^2"
                  << std::endl;
      ASSERT_TRUE(r.failed);
      // The crack grew: energy dissipated beyond the initial crack's.
      EXPECT_GT(r.dissipated_energy, 0.);
      // Resolved: the peak to the tolerance (the steps around it refine
      // the mesh, and the stepping goes back into them on the finer
      // mesh), the damage and l_ch (no warning at all).
      EXPECT_LE(r.peak_resolution(), 0.005);
      EXPECT_TRUE(run.analysis.get_warnings().empty());
      peak.push_back(r.strength);
    }
  EXPECT_LT(std::abs(peak[1] / peak[0] - 1.), 0.03);
}

TEST(PublishedBenchmark, PeterssonBeamFollowsTheMeasuredLoadDeflectionCurve)
{
  // Petersson's notched concrete beam in three-point bending (P.-E.
  // Petersson, Report TVBM-1006, Lund Institute of Technology, 1981):
  // 2000 x 200 mm, 50 mm thick, span 2000 mm, a notch 100 mm deep at
  // midspan; E = 30 GPa, nu = 0.2, ft = 3.33 MPa, Gf = 124 N/m, and
  // Petersson's bilinear softening. Its measured curve as digitized in the
  // code_aster validation manual (test SSNP166, V6.03.166): 774 N at a
  // deflection of 0.365 mm, near the peak, and 598 N at 0.607 mm. Lengths
  // in mm read as um: Gc = 0.124 MPa um keeps l_ch = E Gc / ft^2 = 335;
  // forces come out per unit thickness (N/mm), times 50 mm. Plane strain.
  // l = 5 mm (l_ch / 67), cells of 10 mm, refined to l/4 where damage
  // exceeds 0.01. Measured (2 ranks): peak 783 N (+1.2 %), 778 N at
  // 0.365 mm (+0.5 %), 568 N at 0.607 mm (-5.1 %). The tail follows the
  // softening law, whose rational form departs from Petersson's bilinear
  // law by up to 0.15 ft around its kink (see the softening test above):
  // 8 % there, the peak and the point near it within 5 % (the issue's
  // bound for a published benchmark). The peak still moves with l here:
  // 738, 783 and 815 N for l = 10, 5 and 2.5 mm (l / ligament 0.1 to
  // 0.025), 4-6 % per halving; with cells of 5 or 20 mm before refinement
  // (l = 5) 778 and 758 N. Linear softening (l = 10) gives 803 N,
  // Cornelissen's law 677 N.
  const std::string text =
      "subsection Geometry\n set Size x = 2000\n set Size y = 200\n"
      " set Cells x = 200\n set Cells y = 20\nend\n"
      "subsection Microstructure\n set Type = homogeneous\nend\n"
      "subsection Materials\n subsection Phase 0\n"
      "  set Young's modulus = 30000\n  set Poisson's ratio = 0.2\n"
      "  set Critical energy release rate = 0.124\n"
      "  set Tensile strength = 3.33\n end\nend\n"
      "subsection Loading\n set Type = three-point bending\n"
      " set Applied strain = 1.86e-4\n set Pad width = 20\nend\n"
      "subsection Fracture\n set Model = PF-CZM\n set Softening = bilinear\n"
      " set Length scale = 5\n set Adaptive refinement = true\n"
      " set Refinement damage threshold = 0.01\n"
      " set Initial cracks = 1000,0,1000,100\n"
      " set Strain increment = 1.2e-5\n set Peak tolerance = 0.1\n"
      " set Post-peak increment factor = 1\nend\n";
  const FractureRun<2> run(text, MPI_COMM_WORLD);
  const auto          &steps = run.analysis.get_steps();
  // Deflection delta = eps_f S^2 / (6 W); force in N for B = 50 mm.
  std::vector<double> delta, force;
  for (const auto &s : steps)
    {
      delta.push_back(s.strain * 2000. * 2000. / (6. * 200.));
      force.push_back(50. * s.force);
    }
  const auto at = [&](const double d) {
    const auto i =
        std::upper_bound(delta.begin(), delta.end(), d) - delta.begin();
    const double t = (d - delta[i - 1]) / (delta[i] - delta[i - 1]);
    return force[i - 1] + t * (force[i] - force[i - 1]);
  };
  ASSERT_GT(delta.back(), 0.607);
  const double peak = *std::max_element(force.begin(), force.end());
  if (root())
    std::cout << "Petersson beam: peak " << peak << " N, " << at(0.365)
              << " N at 0.365 mm (measured 774), " << at(0.607)
              << " N at 0.607 mm (measured 598)" << std::endl;
  EXPECT_LT(std::abs(peak / 774. - 1.), 0.05);
  EXPECT_LT(std::abs(at(0.365) / 774. - 1.), 0.05);
  EXPECT_LT(std::abs(at(0.607) / 598. - 1.), 0.08);
}
