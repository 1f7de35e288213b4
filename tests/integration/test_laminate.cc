// Bi-material laminates with interfaces on cell faces: the exact Voigt
// (loaded along the layers) and Reuss (across) values, and a rotated
// anisotropic crystal under uniaxial stress (E = 1/S'_11).

#include <deal.II/fe/fe_values.h>

#include "materials/elastic_tensor.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

using namespace nanomech;
using namespace dealii;

namespace
{
  const double E0 = 2000., E1 = 90000., f1 = 0.3;

  std::string
  laminate_prm(int                dim,
               int                degree,
               const std::string &direction,
               double             nu0,
               double             nu1,
               const std::string &lateral)
  {
    return "set Dimension = " + std::to_string(dim) +
           "\nset Finite element degree = " + std::to_string(degree) +
           "\nsubsection Geometry\n set Size x = 1\n set Size y = 1.2\n"
           " set Size z = 0.8\n set Cells x = 4\n set Cells y = 12\n"
           " set Cells z = 2\nend\n"
           "subsection Microstructure\n set Type = laminate\n"
           " subsection Laminate\n  set Layer normal = y\n"
           "  set Number of periods = 3\n  set Volume fraction of phase 1 = "
           "0.3\n"
           " end\nend\n"
           "subsection Materials\n subsection Phase 0\n"
           "  set Young's modulus = 2000\n  set Poisson's ratio = " +
           std::to_string(nu0) +
           "\n end\n subsection Phase 1\n  set Young's modulus = 90000\n"
           "  set Poisson's ratio = " +
           std::to_string(nu1) +
           "\n end\nend\n"
           "subsection Loading\n set Direction = " +
           direction + "\n set Lateral faces = " + lateral +
           "\nend\nsubsection Solver\n set Tolerance = 1e-13\nend\n";
  }

  /// Largest relative deviation of sigma_aa at the quadrature points from
  /// the exact value of their layer.
  template <int dim>
  double
  max_layer_stress_error(const ElasticProblem<dim> &problem,
                         const unsigned int         a,
                         const double               expected[2])
  {
    return nanomech::testing::max_over_stresses(
        problem, [&](unsigned int m, const SymmetricTensor<2, 3> &sigma) {
          const unsigned int phase = problem.get_materials().material(m).phase;
          return std::abs(sigma[a][a] - expected[phase]) /
                 std::abs(expected[phase]);
        });
  }

  template <int dim>
  void
  along_layers(int degree)
  {
    // Equal Poisson ratios: every layer in uniaxial stress at the same
    // strain, so E_app = sum f_i E_i' exactly (E' = E/(1-nu^2) in plane
    // strain).
    const double                       nu = 0.25;
    nanomech::testing::ElasticRun<dim> run(
        laminate_prm(dim, degree, "x", nu, nu, "traction free"),
        MPI_COMM_WORLD);
    const double s     = dim == 3 ? 1. : 1. / (1 - nu * nu);
    const double voigt = s * ((1 - f1) * E0 + f1 * E1);
    EXPECT_NEAR(run.analysis.get_results().apparent_modulus,
                voigt,
                1e-8 * voigt);
    const double layer[2] = {s * E0 * 1e-3, s * E1 * 1e-3};
    EXPECT_LT(max_layer_stress_error(run.analysis.get_problem(), 0, layer),
              1e-8);
  }

  template <int dim>
  void
  across_layers_free(int degree)
  {
    // nu = 0: no lateral mismatch, uniform stress, 1/E_app = sum f_i/E_i.
    nanomech::testing::ElasticRun<dim> run(
        laminate_prm(dim, degree, "y", 0., 0., "traction free"),
        MPI_COMM_WORLD);
    const double reuss = 1. / ((1 - f1) / E0 + f1 / E1);
    EXPECT_NEAR(run.analysis.get_results().apparent_modulus,
                reuss,
                1e-8 * reuss);
    const double layer[2] = {reuss * 1e-3, reuss * 1e-3};
    EXPECT_LT(max_layer_stress_error(run.analysis.get_problem(), 1, layer),
              1e-8);
  }

  template <int dim>
  void
  across_layers_rollers(int degree)
  {
    // Rollers: every layer in uniaxial strain, so the constrained (P-wave)
    // moduli M = E(1-nu)/((1+nu)(1-2nu)) combine in series.
    const double                       nu0 = 0.35, nu1 = 0.2;
    nanomech::testing::ElasticRun<dim> run(
        laminate_prm(dim, degree, "y", nu0, nu1, "roller"), MPI_COMM_WORLD);
    auto M = [](double E, double nu) {
      return E * (1 - nu) / ((1 + nu) * (1 - 2 * nu));
    };
    const double reuss = 1. / ((1 - f1) / M(E0, nu0) + f1 / M(E1, nu1));
    EXPECT_NEAR(run.analysis.get_results().apparent_modulus,
                reuss,
                1e-8 * reuss);
  }
} // namespace

TEST(Laminate, AlongLayersIsVoigt2DQ1)
{
  along_layers<2>(1);
}
TEST(Laminate, AlongLayersIsVoigt3DQ1)
{
  along_layers<3>(1);
}
TEST(Laminate, AlongLayersIsVoigt3DQ2)
{
  along_layers<3>(2);
}
TEST(Laminate, AcrossLayersIsReuss2DQ1)
{
  across_layers_free<2>(1);
}
TEST(Laminate, AcrossLayersIsReuss3DQ2)
{
  across_layers_free<3>(2);
}
TEST(Laminate, AcrossLayersOnRollersIsConstrainedReuss2DQ2)
{
  across_layers_rollers<2>(2);
}
TEST(Laminate, AcrossLayersOnRollersIsConstrainedReuss3DQ1)
{
  across_layers_rollers<3>(1);
}

TEST(Anisotropic, RotatedCrystalUnderUniaxialStress)
{
  // A homogeneous rotated orthotropic crystal with sliding grips and free
  // sides is in exact uniaxial stress: E_app = 1 / S'_11, S' = C'^-1.
  const std::string prm =
      "set Dimension = 3\n"
      "subsection Geometry\n set Cells x = 4\n set Cells y = 4\n set Cells z = "
      "4\nend\n"
      "subsection Microstructure\n set Type = homogeneous\nend\n"
      "subsection Materials\n subsection Phase 0\n  set Model = orthotropic\n"
      "  set C11 = 171100\n  set C12 = 60300\n  set C13 = 15700\n"
      "  set C22 = 110100\n  set C23 = 47900\n  set C33 = 98400\n"
      "  set C44 = 41200\n  set C55 = 24300\n  set C66 = 42100\n"
      "  set Euler angles = 20, 35, 70\n end\nend\n"
      "subsection Solver\n set Tolerance = 1e-13\nend\n";
  nanomech::testing::ElasticRun<3> run(prm, MPI_COMM_WORLD);
  const auto                       C = elastic::to_voigt(elastic::rotate(
      elastic::to_tensor(elastic::orthotropic(
          171100, 60300, 15700, 110100, 47900, 98400, 41200, 24300, 42100)),
      elastic::rotation_from_euler(20 * M_PI / 180,
                                   35 * M_PI / 180,
                                   70 * M_PI / 180)));
  FullMatrix<double>               Cm(6, 6), S(6, 6);
  for (unsigned int i = 0; i < 6; ++i)
    for (unsigned int j = 0; j < 6; ++j)
      Cm(i, j) = C[i][j];
  S.invert(Cm);
  const double expected = 1. / S(0, 0);
  EXPECT_NEAR(run.analysis.get_results().apparent_modulus,
              expected,
              1e-8 * expected);
}

TEST(Laminate, NacreBetweenBoundsAndTowardsTensionShearChain)
{
  // Periodic 2D brick-and-mortar, tablets 1 x 0.1 µm (aspect ratio 10),
  // interlayers and joints 0.01 µm, half overlap; loaded along the
  // tablets. The tension-shear chain model of Gao et al. (2003), PNAS 100,
  // 5597, Eq. (3),
  //   1/E = 4 (1 - phi) / (G_p phi^2 rho^2) + 1/(phi E_m)
  //       = 4 h / (t G_p phi rho^2) + 1/(phi E_m)  (h/t = (1 - phi)/phi),
  // assumes that the gaps between tablets of a row carry nothing and that
  // the interlayers transfer load by shear alone; it becomes accurate as
  // the interlayer gets compliant. Here the joints are a separate, nearly
  // empty phase (E 1e-4 of the tablets').
  const double Em = 100000., num = 0.25, nup = 0.4, rho = 10.;
  double       previous_error = 1e300;
  for (const double Ep : {10000., 1000., 100.})
    {
      const std::string prm =
          "set Dimension = 2\nset Finite element degree = 2\n"
          "subsection Geometry\n set Size from microstructure = true\n"
          " set Cells x = 64\n set Cells y = 16\nend\n"
          "subsection Microstructure\n set Type = nacre\n set Periodic = true\n"
          " subsection Nacre\n  set Tablet length = 1\n"
          "  set Tablet thickness = 0.1\n  set Interlayer thickness = 0.01\n"
          "  set Joint thickness = 0.01\n  set Number of rows = 4\n"
          "  set Tablets per row = 2\n  set Separate joint phase = true\n"
          " end\nend\n"
          "subsection Materials\n subsection Phase 0\n"
          "  set Young's modulus = 100000\n  set Poisson's ratio = 0.25\n end\n"
          " subsection Phase 1\n  set Young's modulus = " +
          std::to_string(Ep) +
          "\n  set Poisson's ratio = 0.4\n end\n"
          " subsection Phase 2\n  set Young's modulus = 10\n"
          "  set Poisson's ratio = 0.3\n end\nend\n"
          "subsection Solver\n set Tolerance = 1e-10\nend\n";
      nanomech::testing::ElasticRun<2> run(prm, MPI_COMM_WORLD);
      const auto                       f =
          run.analysis.get_problem().get_materials().volume_fractions(
              run.analysis.get_problem().get_mapping(),
              run.analysis.get_problem().get_dof_handler(),
              3);
      const double phi = f[0];
      // Plane strain: in-plane moduli E / (1 - nu^2).
      const double E0 = Em / (1 - num * num), E1 = Ep / (1 - nup * nup),
                   E2    = 10. / (1 - 0.09);
      const double voigt = f[0] * E0 + f[1] * E1 + f[2] * E2;
      const double reuss = 1. / (f[0] / E0 + f[1] / E1 + f[2] / E2);
      const double Gp    = Ep / (2 * (1 + nup));
      // Gao's (1 - phi)/phi stands for h/t, the interlayer-to-tablet
      // thickness ratio, in a structure without joints; with joints taking
      // volume the geometric form is the consistent one.
      const double h = 0.01, t = 0.1;
      const double tsc =
          1. / (4 * h / (t * Gp * phi * rho * rho) + 1. / (phi * E0));
      const double E     = run.analysis.get_results().apparent_modulus;
      const double error = std::abs(E - tsc) / tsc;
      if (Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0)
        std::cout << "E_interlayer " << Ep << " MPa: E_FE " << E << ", Reuss "
                  << reuss << ", Voigt " << voigt << ", tension-shear chain "
                  << tsc << " (FE/TSC " << E / tsc << ")" << std::endl;
      EXPECT_GT(E, reuss);
      EXPECT_LT(E, voigt);
      EXPECT_LT(error, previous_error) << "E_interlayer " << Ep;
      previous_error = error;
    }
}
