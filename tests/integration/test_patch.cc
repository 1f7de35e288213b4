// Patch test: a homogeneous box under uniaxial displacement (and under
// simple shear) reproduces the exact linear displacement and the constant
// stress, Q1 and Q2, 2D and 3D, also on meshes with hanging nodes.

#include <deal.II/fe/fe_values.h>

#include "test_helpers.h"

#include <gtest/gtest.h>

using namespace nanomech;
using namespace dealii;

namespace
{
  const double E = 1000., nu = 0.3, strain = 1e-3;

  std::string
  patch_prm(const int          dim,
            const int          degree,
            const bool         hanging,
            const std::string &loading)
  {
    // A box of uneven edges and cells of uneven aspect; with "hanging" an
    // inclusion of the same material drives refinement only, leaving
    // hanging nodes in a homogeneous body.
    return "set Dimension = " + std::to_string(dim) +
           "\nset Finite element degree = " + std::to_string(degree) +
           "\nsubsection Geometry\n set Size x = 2\n set Size y = 1\n"
           " set Size z = 1.5\n set Cells x = 4\n set Cells y = 3\n"
           " set Cells z = 3\n set Interface refinement = " +
           (hanging ? "1" : "0") +
           "\nend\nsubsection Microstructure\n set Type = " +
           (hanging ? "inclusion" : "homogeneous") +
           "\n subsection Inclusion\n  set Radius = 0.4\n end\nend\n"
           "subsection Materials\n"
           " subsection Phase 0\n  set Young's modulus = 1000\n"
           "  set Poisson's ratio = 0.3\n end\n"
           " subsection Phase 1\n  set Young's modulus = 1000\n"
           "  set Poisson's ratio = 0.3\n end\nend\n"
           "subsection Loading\n" +
           loading +
           " set Applied strain = 0.001\nend\n"
           "subsection Solver\n set Tolerance = 1e-14\nend\n";
  }

  /// Largest deviation of the q-point stresses from @p expected.
  template <int dim>
  double
  max_stress_error(const ElasticProblem<dim>   &problem,
                   const SymmetricTensor<2, 3> &expected)
  {
    return nanomech::testing::max_over_stresses(
        problem, [&](unsigned int, const SymmetricTensor<2, 3> &sigma) {
          return (sigma - expected).norm();
        });
  }

  template <int dim>
  void
  uniaxial_patch(const int degree, const bool hanging)
  {
    nanomech::testing::ElasticRun<dim> run(
        patch_prm(
            dim, degree, hanging, " set Type = uniaxial\n set Direction = x\n"),
        MPI_COMM_WORLD);
    const auto &problem = run.analysis.get_problem();
    if (hanging)
      {
        ASSERT_GT(problem.get_constraints().n_constraints(), 0u);
      }

    // Exact uniaxial stress: plane strain in 2D (eps_zz = 0).
    const double E_eff   = dim == 3 ? E : E / (1 - nu * nu);
    const double lateral = dim == 3 ? -nu * strain : -nu / (1 - nu) * strain;
    SymmetricTensor<2, 3> sigma;
    sigma[0][0] = E_eff * strain;
    if (dim == 2)
      sigma[2][2] = nu * sigma[0][0];

    // Nodal values: u_c = eps_cc x_c, for every dof.
    const auto coords = problem.support_coordinates();
    double     err    = 0;
    for (const auto i : problem.get_locally_owned_dofs())
      {
        const unsigned int c     = i % dim;
        const double       exact = (c == 0 ? strain : lateral) * coords(i);
        err = std::max(err, std::abs(problem.get_solution()(i) - exact));
      }
    err = Utilities::MPI::max(err, MPI_COMM_WORLD);
    EXPECT_LT(err, 1e-10 * strain * 2.) << "max nodal displacement error";
    EXPECT_LT(max_stress_error(problem, sigma), 1e-10 * sigma[0][0]);
    EXPECT_NEAR(run.analysis.get_results().apparent_modulus,
                E_eff,
                1e-10 * E_eff);
    // Energy balance: external work = stored energy.
    const auto &r = run.analysis.get_results();
    EXPECT_NEAR(r.external_work, r.averages.energy, 1e-10 * r.averages.energy);
  }

  template <int dim>
  void
  shear_patch(const int degree)
  {
    nanomech::testing::ElasticRun<dim> run(
        patch_prm(dim,
                  degree,
                  false,
                  " set Type = simple shear\n set Shear plane = xy\n"
                  " set Lateral faces = roller\n"),
        MPI_COMM_WORLD);
    const double          mu = E / (2 * (1 + nu));
    SymmetricTensor<2, 3> sigma;
    sigma[0][1] = mu * strain;
    EXPECT_LT(max_stress_error(run.analysis.get_problem(), sigma),
              1e-10 * mu * strain);
    EXPECT_NEAR(run.analysis.get_results().apparent_modulus, mu, 1e-10 * mu);
  }
} // namespace

TEST(Patch, Uniaxial2DQ1)
{
  uniaxial_patch<2>(1, false);
}
TEST(Patch, Uniaxial2DQ2)
{
  uniaxial_patch<2>(2, false);
}
TEST(Patch, Uniaxial3DQ1)
{
  uniaxial_patch<3>(1, false);
}
TEST(Patch, Uniaxial3DQ2)
{
  uniaxial_patch<3>(2, false);
}
TEST(Patch, UniaxialHangingNodes2DQ1)
{
  uniaxial_patch<2>(1, true);
}
TEST(Patch, UniaxialHangingNodes2DQ2)
{
  uniaxial_patch<2>(2, true);
}
TEST(Patch, UniaxialHangingNodes3DQ1)
{
  uniaxial_patch<3>(1, true);
}
TEST(Patch, UniaxialHangingNodes3DQ2)
{
  uniaxial_patch<3>(2, true);
}
TEST(Patch, SimpleShear2DQ1)
{
  shear_patch<2>(1);
}
TEST(Patch, SimpleShear3DQ2)
{
  shear_patch<3>(2);
}
