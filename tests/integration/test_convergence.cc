// Manufactured solution with a body force: the L2 error converges at order
// p+1 and the H1 error at order p, for Q1 and Q2 in 2D and 3D. The material
// is a rotated orthotropic crystal, so the anisotropic assembly is checked
// as well.

#include <deal.II/base/function.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/numerics/vector_tools.h>

#include "microstructure/homogeneous.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <cmath>
#include <iomanip>

using namespace nanomech;
using namespace dealii;

namespace
{
  /// u_i = prod_d sin(w x_d + phi_id), with its derivatives.
  template <int dim>
  class Exact : public Function<dim>
  {
  public:
    Exact()
        : Function<dim>(dim)
    {
    }

    double
    factor(const Point<dim> &p, unsigned int i, unsigned int d, int deriv) const
    {
      const double a = w * p[d] + phase(i, d);
      switch (deriv)
        {
          case 0:
            return std::sin(a);
          case 1:
            return w * std::cos(a);
          default:
            return -w * w * std::sin(a);
        }
    }

    double
    value(const Point<dim> &p, const unsigned int i) const override
    {
      double v = 1;
      for (unsigned int d = 0; d < dim; ++d)
        v *= factor(p, i, d, 0);
      return v;
    }

    Tensor<1, dim>
    gradient(const Point<dim> &p, const unsigned int i) const override
    {
      Tensor<1, dim> g;
      for (unsigned int j = 0; j < dim; ++j)
        {
          g[j] = 1;
          for (unsigned int d = 0; d < dim; ++d)
            g[j] *= factor(p, i, d, d == j ? 1 : 0);
        }
      return g;
    }

    /// d^2 u_i / dx_j dx_l
    double
    hessian(const Point<dim> &p,
            unsigned int      i,
            unsigned int      j,
            unsigned int      l) const
    {
      double v = 1;
      for (unsigned int d = 0; d < dim; ++d)
        v *= factor(p, i, d, (d == j) + (d == l));
      return v;
    }

    static double
    phase(unsigned int i, unsigned int d)
    {
      return 0.3 + 0.7 * i + 0.45 * d;
    }

    const double w = 1.3 * M_PI;
  };

  struct Errors
  {
    double h, l2, h1;
  };

  template <int dim>
  Errors
  solve_on(const unsigned int n_cells, const unsigned int degree)
  {
    auto prm = nanomech::testing::parameters_from(
        "subsection Materials\n subsection Phase 0\n  set Model = orthotropic\n"
        "  set C11 = 171100\n  set C12 = 60300\n  set C13 = 15700\n"
        "  set C22 = 110100\n  set C23 = 47900\n  set C33 = 98400\n"
        "  set C44 = 41200\n  set C55 = 24300\n  set C66 = 42100\n"
        "  set Euler angles = 30, 40, 50\n end\nend\n");
    MaterialLibrary library;
    library.parse_parameters(*prm);
    Microstructure::Homogeneous<dim> ms;

    parallel::distributed::Triangulation<dim> tria(MPI_COMM_WORLD);
    GridGenerator::subdivided_hyper_cube(tria, n_cells, 0., 1.);
    ElasticProblem<dim> problem(tria, degree);
    problem.setup_dofs();
    problem.setup_materials(ms, library);
    Exact<dim> exact;
    problem.setup_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          VectorTools::interpolate_boundary_values(dh, 0, exact, c);
        });
    const SymmetricTensor<4, dim> C = problem.get_materials().stiffness(0);
    // f_i = -d_j sigma_ij = -C_ijkl d_j d_l u_k.
    problem.set_body_force([&](const Point<dim> &p) {
      Tensor<1, dim> f;
      for (unsigned int i = 0; i < dim; ++i)
        for (unsigned int j = 0; j < dim; ++j)
          for (unsigned int k = 0; k < dim; ++k)
            for (unsigned int l = 0; l < dim; ++l)
              f[i] -= C[i][j][k][l] * exact.hessian(p, k, j, l);
      return f;
    });
    problem.assemble();
    SolverParameters sp;
    sp.tolerance      = 1e-13;
    sp.max_iterations = 2000;
    LinearSolver solver(sp, MPI_COMM_WORLD);
    problem.solve(solver);

    Vector<float>     cellwise(tria.n_active_cells());
    const QGauss<dim> q(degree + 2);
    VectorTools::integrate_difference(problem.get_mapping(),
                                      problem.get_dof_handler(),
                                      problem.get_solution(),
                                      exact,
                                      cellwise,
                                      q,
                                      VectorTools::L2_norm);
    const double l2 =
        VectorTools::compute_global_error(tria, cellwise, VectorTools::L2_norm);
    VectorTools::integrate_difference(problem.get_mapping(),
                                      problem.get_dof_handler(),
                                      problem.get_solution(),
                                      exact,
                                      cellwise,
                                      q,
                                      VectorTools::H1_seminorm);
    const double h1 =
        VectorTools::compute_global_error(tria,
                                          cellwise,
                                          VectorTools::H1_seminorm);
    return {1. / n_cells, l2, h1};
  }

  template <int dim>
  void
  check_rates(const unsigned int degree, const std::vector<unsigned int> &ns)
  {
    std::vector<Errors> e;
    for (const unsigned int n : ns)
      e.push_back(solve_on<dim>(n, degree));
    const bool root = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    for (unsigned int k = 0; k < e.size(); ++k)
      {
        if (root)
          {
            std::cout << std::setprecision(4) << dim << "D Q" << degree
                      << " h=1/" << ns[k] << "  L2=" << e[k].l2
                      << "  H1=" << e[k].h1;
            if (k > 0)
              std::cout << "  rate L2="
                        << std::log(e[k - 1].l2 / e[k].l2) /
                               std::log(e[k - 1].h / e[k].h)
                        << " H1="
                        << std::log(e[k - 1].h1 / e[k].h1) /
                               std::log(e[k - 1].h / e[k].h);
            std::cout << std::endl;
          }
      }
    const auto  &a = e[e.size() - 2], &b = e.back();
    const double rate_l2 = std::log(a.l2 / b.l2) / std::log(a.h / b.h);
    const double rate_h1 = std::log(a.h1 / b.h1) / std::log(a.h / b.h);
    EXPECT_NEAR(rate_l2, degree + 1., 0.1);
    EXPECT_NEAR(rate_h1, degree, 0.1);
  }
} // namespace

TEST(Convergence, Q1In2D)
{
  check_rates<2>(1, {8, 16, 32, 64});
}
TEST(Convergence, Q2In2D)
{
  check_rates<2>(2, {4, 8, 16, 32});
}
TEST(Convergence, Q1In3D)
{
  check_rates<3>(1, {4, 8, 16, 32});
}
TEST(Convergence, Q2In3D)
{
  check_rates<3>(2, {2, 4, 8, 16});
}
