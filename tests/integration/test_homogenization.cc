// Homogenization: effective stiffness tensors against closed forms
// (homogeneous solids, exact laminate formulas, the dilute inclusion),
// against bounds (Voigt/Reuss, Hashin-Shtrikman, static <= periodic <=
// kinematic), symmetry for every family, monotone mesh convergence,
// ensembles, and independence of the rank count.

#include "analyses/effective_properties.h"
#include <deal.II/dofs/dof_tools.h>

#include "materials/phase_material.h"
#include "mesh/box_mesh.h"
#include "physics/constraint_tools.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iomanip>
#include <sstream>

using namespace nanomech;
using namespace dealii;
using effective::Matrix;
using nanomech::testing::HomogenizationRun;
using nanomech::testing::relative_difference;
using nanomech::testing::voigt_matrix;

namespace
{
  bool
  root()
  {
    return Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
  }

  /// The stiffness of phase @p p as the run's parameters define it.
  template <int dim>
  Matrix
  phase_stiffness(ParameterHandler &prm, const unsigned int p)
  {
    MaterialLibrary lib;
    lib.parse_parameters(prm);
    return voigt_matrix<dim>(lib.phase(p).specimen_stiffness(
        Tensor<2, 3>(unit_symmetric_tensor<3>())));
  }

  Matrix
  sub(const Matrix                    &A,
      const std::vector<unsigned int> &rows,
      const std::vector<unsigned int> &cols)
  {
    Matrix S(rows.size(), cols.size());
    for (unsigned int i = 0; i < rows.size(); ++i)
      for (unsigned int j = 0; j < cols.size(); ++j)
        S(i, j) = A(rows[i], cols[j]);
    return S;
  }

  Matrix
  product(const Matrix &A, const Matrix &B)
  {
    Matrix C(A.m(), B.n());
    A.mmult(C, B);
    return C;
  }

  /**
   * Exact effective stiffness of a laminate of phases with stiffness C_i
   * and fractions f_i (any anisotropy). With n the Voigt components of
   * the traction on the layer planes (continuous) and t the in-plane
   * strain components (continuous):
   *   C_nn = <C_nn^-1>^-1,  C_nt = C_nn <C_nn^-1 C_nt>,
   *   C_tt = <C_tt - C_tn C_nn^-1 C_nt> + <C_tn C_nn^-1> C_nn <C_nn^-1 C_nt>.
   */
  Matrix
  laminate_stiffness(const std::vector<Matrix>       &C,
                     const std::vector<double>       &f,
                     const std::vector<unsigned int> &n)
  {
    const unsigned int        N = C[0].m();
    std::vector<unsigned int> t;
    for (unsigned int i = 0; i < N; ++i)
      if (std::find(n.begin(), n.end(), i) == n.end())
        t.push_back(i);
    Matrix A(n.size(), n.size()), B(n.size(), t.size()), T(t.size(), t.size());
    for (unsigned int p = 0; p < C.size(); ++p)
      {
        const Matrix inv_nn = effective::inverse(sub(C[p], n, n));
        const Matrix b      = product(inv_nn, sub(C[p], n, t));
        A.add(f[p], inv_nn);
        B.add(f[p], b);
        T.add(f[p], sub(C[p], t, t));
        T.add(-f[p], product(sub(C[p], t, n), b));
      }
    const Matrix Cnn = effective::inverse(A);
    const Matrix Cnt = product(Cnn, B);
    Matrix       Bt(t.size(), n.size());
    Bt.copy_transposed(B);
    T.add(1., product(Bt, Cnt));
    Matrix R(N, N);
    for (unsigned int i = 0; i < n.size(); ++i)
      {
        for (unsigned int j = 0; j < n.size(); ++j)
          R(n[i], n[j]) = Cnn(i, j);
        for (unsigned int j = 0; j < t.size(); ++j)
          R(n[i], t[j]) = R(t[j], n[i]) = Cnt(i, j);
      }
    for (unsigned int i = 0; i < t.size(); ++i)
      for (unsigned int j = 0; j < t.size(); ++j)
        R(t[i], t[j]) = T(i, j);
    return R;
  }

  const std::string two_isotropic =
      "subsection Materials\n subsection Phase 0\n  set Young's modulus = "
      "3000\n  set Poisson's ratio = 0.35\n end\n"
      " subsection Phase 1\n  set Young's modulus = 30000\n"
      "  set Poisson's ratio = 0.25\n end\nend\n";
  const std::string all_conditions =
      "subsection Homogenization\n set Boundary conditions = periodic, "
      "kinematic, static\nend\n";

  /// Bulk and shear moduli of an isotropic phase given by E, nu; in 2D
  /// the plane-strain (area) bulk modulus K + G/3.
  std::pair<double, double>
  moduli(const unsigned int dim, const double E, const double nu)
  {
    const double K = E / (3. * (1. - 2. * nu)), G = E / (2. * (1. + nu));
    return {dim == 3 ? K : K + G / 3., G};
  }

  /// Hashin-Shtrikman bound of two well-ordered isotropic phases, with
  /// phase r as the reference (r soft: lower bound, r stiff: upper):
  /// 3D Hashin & Shtrikman (J. Mech. Phys. Solids 11, 127, 1963); 2D plane
  /// strain (transverse moduli of fibre composites) Hashin (J. Mech. Phys.
  /// Solids 13, 119, 1965).
  std::pair<double, double>
  hashin_shtrikman(const unsigned int               dim,
                   const std::pair<double, double> &r,
                   const std::pair<double, double> &o,
                   const double                     f_r)
  {
    const auto [Kr, Gr] = r;
    const auto [Ko, Go] = o;
    const double f_o    = 1. - f_r;
    if (dim == 3)
      return {Kr + f_o / (1. / (Ko - Kr) + 3. * f_r / (3. * Kr + 4. * Gr)),
              Gr +
                  f_o / (1. / (Go - Gr) + 6. * f_r * (Kr + 2. * Gr) /
                                              (5. * Gr * (3. * Kr + 4. * Gr)))};
    return {Kr + f_o / (1. / (Ko - Kr) + f_r / (Kr + Gr)),
            Gr + f_o / (1. / (Go - Gr) +
                        f_r * (Kr + 2. * Gr) / (2. * Gr * (Kr + Gr)))};
  }


  std::string
  file_text(const std::string &name)
  {
    std::ifstream      in(std::string(NANOMECH_SOURCE_DIR) + "/params/" + name);
    std::ostringstream s;
    s << in.rdbuf();
    EXPECT_FALSE(s.str().empty()) << name;
    return s.str();
  }

  /// Effective tensor of a homogeneous run equals the input for every
  /// boundary condition (hanging nodes from refining around an inclusion
  /// of the same material).
  template <int dim>
  void
  homogeneous(const std::string &phase0, const std::string &mesh)
  {
    const std::string prm =
        mesh + all_conditions +
        "subsection Microstructure\n set Type = inclusion\n"
        " subsection Inclusion\n  set Radius = 0.3\n end\nend\n"
        "subsection Materials\n subsection Phase 0\n" +
        phase0 + " end\n subsection Phase 1\n" + phase0 +
        " end\nend\nsubsection Solver\n set Tolerance = 1e-12\nend\n";
    HomogenizationRun<dim> run(prm, MPI_COMM_WORLD);
    const Matrix           expected = phase_stiffness<dim>(*run.prm, 0);
    EXPECT_GT(run.analysis.get_realizations()[0].n_cells,
              std::pow(4, dim)); // refined: hanging nodes
    for (unsigned int b = 0; b < 3; ++b)
      {
        EXPECT_LT(relative_difference(run.C(b), expected), 1e-8)
            << Homogenization<dim>::name(run.analysis.get_boundaries()[b]);
        EXPECT_LT(effective::symmetry_error(run.C(b)), 1e-8);
      }
  }

  const std::string orthotropic_rotated =
      "  set Model = orthotropic\n  set C11 = 160000\n  set C22 = 87000\n"
      "  set C33 = 85000\n  set C44 = 41300\n  set C55 = 25600\n"
      "  set C66 = 42700\n  set C12 = 37300\n  set C13 = 1700\n"
      "  set C23 = 15700\n  set Euler angles = 30, 40, 50\n";
  const std::string isotropic = "  set Young's modulus = 70000\n"
                                "  set Poisson's ratio = 0.3\n";
  const std::string mesh_4 =
      "subsection Geometry\n set Cells x = 4\n set Cells y = 4\n"
      " set Cells z = 4\n set Interface refinement = 1\nend\n";
} // namespace

TEST(Homogenization, HomogeneousIsotropic2D)
{
  homogeneous<2>(isotropic, mesh_4);
}

TEST(Homogenization, HomogeneousIsotropic3D)
{
  homogeneous<3>(isotropic, mesh_4);
}

TEST(Homogenization, RotatedOrthotropic2DQ2)
{
  homogeneous<2>(orthotropic_rotated,
                 mesh_4 + "set Finite element degree = 2\n");
}

TEST(Homogenization, RotatedOrthotropic3D)
{
  homogeneous<3>(orthotropic_rotated, mesh_4);
}

namespace
{
  /// A two-phase laminate with layer normal @p normal on cell faces, one
  /// phase a rotated orthotropic crystal: all constants exact.
  template <int dim>
  void
  laminate(const char normal, const std::vector<unsigned int> &traction)
  {
    const std::string prm =
        "subsection Geometry\n set Size x = 1\n set Size y = 1.2\n"
        " set Size z = 0.8\n set Cells x = 6\n set Cells y = 6\n"
        " set Cells z = 6\nend\n"
        "subsection Microstructure\n set Type = laminate\n"
        " subsection Laminate\n  set Layer normal = " +
        std::string(1, normal) +
        "\n  set Number of periods = 2\n"
        "  set Volume fraction of phase 1 = 0.3\n end\nend\n"
        "subsection Materials\n subsection Phase 0\n" +
        orthotropic_rotated +
        " end\n subsection Phase 1\n  set Young's modulus = 3000\n"
        "  set Poisson's ratio = 0.4\n end\nend\n" +
        "subsection Homogenization\n set Boundary conditions = periodic\n"
        "end\nsubsection Solver\n set Tolerance = 1e-12\nend\n";
    HomogenizationRun<dim> run(prm, MPI_COMM_WORLD);
    const Matrix           expected =
        laminate_stiffness({phase_stiffness<dim>(*run.prm, 0),
                            phase_stiffness<dim>(*run.prm, 1)},
                           {0.7, 0.3},
                           traction);
    if (root())
      {
        std::cout << "Laminate " << dim << "D, normal " << normal
                  << ": effective (FE) vs exact\n";
        run.C().print_formatted(std::cout, 3, true, 12);
        expected.print_formatted(std::cout, 3, true, 12);
      }
    // Every entry, relative to the largest.
    EXPECT_LT(relative_difference(run.C(), expected), 1e-6);
    // And every nonzero entry relative to itself.
    for (unsigned int i = 0; i < expected.m(); ++i)
      for (unsigned int j = 0; j < expected.n(); ++j)
        if (std::abs(expected(i, j)) > 1e-3 * expected.linfty_norm())
          {
            EXPECT_NEAR(run.C()(i, j),
                        expected(i, j),
                        1e-6 * std::abs(expected(i, j)))
                << "C" << i + 1 << j + 1;
          }
  }
} // namespace

TEST(Homogenization, LaminateExact2D)
{
  laminate<2>('y', {1, 2});
  laminate<2>('x', {0, 2});
}

TEST(Homogenization, LaminateExact3D)
{
  laminate<3>('z', {2, 3, 4});
  laminate<3>('x', {0, 4, 5});
}

TEST(Homogenization, SymmetricForEveryFamily)
{
  // The example structures of each family, on coarser meshes.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"nacre_2d.prm",
       "subsection Geometry\n set Cells x = 48\n set Cells y = 12\nend\n"},
      {"polycrystal_2d.prm",
       "subsection Geometry\n set Cells x = 32\n set Cells y = 32\nend\n"},
      {"core_shell_particles_2d.prm",
       "subsection Geometry\n set Cells x = 32\n set Cells y = 32\nend\n"},
      {"laminate_nacre_2d.prm", ""},
      {"enamel_3d.prm",
       "set Dimension = 2\nsubsection Geometry\n set Cells x = 24\n"
       " set Cells y = 24\nend\nsubsection Microstructure\n"
       " subsection Enamel\n  set Misalignment = 0\n end\nend\n"}};
  for (const auto &[file, overrides] : cases)
    {
      HomogenizationRun<2> run(file_text(file) + overrides, MPI_COMM_WORLD);
      const double         e = effective::symmetry_error(run.C());
      if (root())
        std::cout << file << ": symmetry error " << e << ", "
                  << run.analysis.get_realizations()[0].n_dofs << " dofs"
                  << std::endl;
      EXPECT_LT(e, 1e-8) << file;
      EXPECT_TRUE(effective::is_positive_definite(run.C())) << file;
    }
  HomogenizationRun<3> run3(file_text("default.prm") +
                                "subsection Geometry\n set Cells x = 8\n"
                                " set Cells y = 8\n set Cells z = 8\n"
                                " set Interface refinement = 1\nend\n",
                            MPI_COMM_WORLD);
  EXPECT_LT(effective::symmetry_error(run3.C()), 1e-8) << "default.prm";
}

namespace
{
  /// Isotropic projections of C within the Hashin-Shtrikman bounds, and
  /// every diagonal entry between the Reuss and Voigt bounds (computed
  /// with the meshed phase fractions), for two isotropic phases.
  template <int dim>
  void
  check_bounds(const HomogenizationRun<dim> &run,
               const double                  E0,
               const double                  nu0,
               const double                  E1,
               const double                  nu1,
               const std::string            &label)
  {
    const auto  &f  = run.analysis.get_realizations()[0].volume_fractions;
    const Matrix C  = effective::symmetric_part(run.C());
    const auto   m0 = moduli(dim, E0, nu0), m1 = moduli(dim, E1, nu1);
    // The soft phase as the reference gives the lower bound, the stiff one
    // the upper (well-ordered phases: K and G both larger in one).
    const bool   soft0 = E0 < E1;
    const auto   lower = soft0 ? hashin_shtrikman(dim, m0, m1, f[0]) :
                                 hashin_shtrikman(dim, m1, m0, f[1]);
    const auto   upper = soft0 ? hashin_shtrikman(dim, m1, m0, f[1]) :
                                 hashin_shtrikman(dim, m0, m1, f[0]);
    const auto   iso   = effective::isotropic_measures(C, dim);
    const double K     = effective::value_of(iso, "bulk_modulus_voigt_MPa");
    const double G     = effective::value_of(iso, "shear_modulus_voigt_MPa");
    if (root())
      std::cout << std::setprecision(8) << label << ": f0 = " << f[0] << "; K "
                << lower.first << " <= " << K << " <= " << upper.first << "; G "
                << lower.second << " <= " << G << " <= " << upper.second
                << std::endl;
    EXPECT_GE(K, lower.first) << label;
    EXPECT_LE(K, upper.first) << label;
    EXPECT_GE(G, lower.second) << label;
    EXPECT_LE(G, upper.second) << label;

    const Matrix C0 = phase_stiffness<dim>(*run.prm, 0);
    const Matrix C1 = phase_stiffness<dim>(*run.prm, 1);
    Matrix       voigt(C.m(), C.n()), compliance(C.m(), C.n());
    voigt.add(f[0], C0, f[1], C1);
    compliance.add(f[0], effective::inverse(C0), f[1], effective::inverse(C1));
    const Matrix reuss = effective::inverse(compliance);
    for (unsigned int i = 0; i < C.m(); ++i)
      {
        EXPECT_GE(C(i, i), reuss(i, i)) << label << " C" << i + 1 << i + 1;
        EXPECT_LE(C(i, i), voigt(i, i)) << label << " C" << i + 1 << i + 1;
      }
    // In the sense of quadratic forms too.
    Matrix d = voigt;
    d.add(-1., C);
    EXPECT_GE(effective::smallest_eigenvalue(d), -1e-10 * C.linfty_norm());
    d = C;
    d.add(-1., reuss);
    EXPECT_GE(effective::smallest_eigenvalue(d), -1e-10 * C.linfty_norm());
  }
} // namespace

TEST(Homogenization, HashinShtrikmanRandomParticles)
{
  // Crystalline particles (phase 0, stiff) placed at random in an
  // amorphous matrix (phase 1).
  const std::string materials =
      "subsection Materials\n subsection Phase 0\n  set Young's modulus = "
      "30000\n  set Poisson's ratio = 0.25\n end\n"
      " subsection Phase 1\n  set Young's modulus = 3000\n"
      "  set Poisson's ratio = 0.35\n end\nend\n";
  HomogenizationRun<2> run2(
      materials +
          "subsection Geometry\n set Cells x = 48\n set Cells y = 48\n"
          " set Interface refinement = 1\nend\n"
          "subsection Microstructure\n set Type = particles\n set Seed = 4\n"
          " set Periodic = true\n subsection Particles\n"
          "  set Particle radius = 0.06\n  set Volume fraction = 0.3\n"
          "  set Minimum gap = 0.01\n end\nend\n",
      MPI_COMM_WORLD);
  check_bounds(run2, 30000, 0.25, 3000, 0.35, "particles 2D");
  HomogenizationRun<3> run3(
      materials +
          "subsection Geometry\n set Cells x = 16\n set Cells y = 16\n"
          " set Cells z = 16\n set Interface refinement = 1\nend\n"
          "subsection Microstructure\n set Type = particles\n set Seed = 4\n"
          " set Periodic = true\n subsection Particles\n"
          "  set Particle radius = 0.15\n  set Volume fraction = 0.25\n"
          " end\nend\n",
      MPI_COMM_WORLD);
  check_bounds(run3, 30000, 0.25, 3000, 0.35, "particles 3D");
}

TEST(Homogenization, HashinShtrikmanVoronoiCrystalAmorphous)
{
  // Crystalline grains (stiff, isotropic here so that the bounds apply)
  // in soft amorphous boundary layers.
  HomogenizationRun<2> run(
      "subsection Geometry\n set Cells x = 48\n set Cells y = 48\nend\n"
      "subsection Microstructure\n set Type = polycrystal\n set Seed = 2\n"
      " set Periodic = true\n subsection Polycrystal\n"
      "  set Grain size = 0.15\n  set Boundary layer thickness = 0.015\n"
      " end\nend\n"
      "subsection Materials\n subsection Phase 0\n"
      "  set Young's modulus = 120000\n  set Poisson's ratio = 0.3\n end\n"
      " subsection Phase 1\n  set Young's modulus = 30000\n"
      "  set Poisson's ratio = 0.38\n end\nend\n",
      MPI_COMM_WORLD);
  check_bounds(run, 120000, 0.3, 30000, 0.38, "Voronoi grains 2D");
}

namespace
{
  /// Relative errors of the changes of the (plane-strain) bulk and shear
  /// moduli of one circular fibre against the dilute estimates of a single
  /// fibre in an infinite matrix (Hill, J. Mech. Phys. Solids 12, 199,
  /// 1964; Hashin, J. Mech. Phys. Solids 13, 119, 1965):
  ///   k = k_m + f (k_i - k_m)(k_m + G_m)/(k_i + G_m),
  ///   G = G_m + f (G_i - G_m)/(1 + (G_i - G_m)(k_m + 2 G_m)/(2 G_m (k_m +
  ///   G_m))),
  /// with the meshed volume fraction f; isotropic projections of C.
  std::pair<double, double>
  dilute_errors(const std::string &settings)
  {
    HomogenizationRun<2> run(
        two_isotropic + settings +
            "subsection Microstructure\n set Type = inclusion\n"
            " subsection Inclusion\n  set Radius = 0.0564\n end\nend\n",
        MPI_COMM_WORLD);
    const double f = run.analysis.get_realizations()[0].volume_fractions[1];
    EXPECT_LT(std::abs(f - 0.01), 5e-4);
    const auto [km, Gm]   = moduli(2, 3000, 0.35);
    const auto [ki, Gi]   = moduli(2, 30000, 0.25);
    const double k_dilute = km + f * (ki - km) * (km + Gm) / (ki + Gm);
    const double G_dilute =
        Gm + f * (Gi - Gm) /
                 (1. + (Gi - Gm) * (km + 2. * Gm) / (2. * Gm * (km + Gm)));
    const auto   iso = effective::isotropic_measures(run.C(), 2);
    const double k   = effective::value_of(iso, "bulk_modulus_voigt_MPa");
    const double G   = effective::value_of(iso, "shear_modulus_voigt_MPa");
    return {(k - km) / (k_dilute - km) - 1., (G - Gm) / (G_dilute - Gm) - 1.};
  }
} // namespace

TEST(Homogenization, DiluteCircularInclusion)
{
  // One fibre at 1 % volume fraction, ten times stiffer than the matrix;
  // Q2, the interface refined 5 times (29 cells per radius there), cut
  // cells laminated. The rest of the difference is mostly the interaction
  // with the periodic images (about 1 % at f = 1 %).
  const auto [ek, eG] = dilute_errors(
      "set Finite element degree = 2\n"
      "subsection Geometry\n set Cells x = 16\n set Cells y = 16\n"
      " set Interface refinement = 5\n"
      " set Material of cut cells = laminate\nend\n");
  if (root())
    std::cout << "Dilute fibre, f = 1 %: change of k off by " << ek
              << ", of G by " << eG << " (relative)" << std::endl;
  EXPECT_LT(std::abs(ek), 0.02);
  EXPECT_LT(std::abs(eG), 0.02);
}

TEST(Homogenization, DiluteSphericalInclusion)
{
  // One sphere at 1 % volume fraction, ten times stiffer than the matrix,
  // on the conforming mesh (cells fitted to the sphere, Q2 with a Q2
  // mapping), refined twice and once more at the sphere. Against the
  // dilute estimates of one sphere in an infinite matrix (Eshelby, Proc. R.
  // Soc. A 241, 376, 1957; e.g. Qu & Cherkaoui, Fundamentals of
  // Micromechanics of Solids, 2006, ch. 5):
  //   K = K_m + f (K_i - K_m)(3 K_m + 4 G_m)/(3 K_i + 4 G_m),
  //   G = G_m + f (G_i - G_m)(G_m + z)/(G_i + z),
  //   z = G_m (9 K_m + 8 G_m)/(6 (K_m + 2 G_m)),
  // compared through the isotropic projections of C. The periodic images
  // add about 0.7 % at f = 1 % (the Mori-Tanaka change is that much
  // larger), and make the array cubic: C44 and (C11 - C12)/2 split about
  // the isotropic shear modulus, which the projection averages.
  HomogenizationRun<3> run(
      two_isotropic + "set Finite element degree = 2\n"
                      "subsection Geometry\n set Global refinements = 2\n"
                      " set Interface refinement = 1\nend\n"
                      "subsection Microstructure\n set Type = inclusion\n"
                      " subsection Inclusion\n  set Radius = 0.1337\n"
                      "  set Conforming mesh = true\n end\nend\n",
      MPI_COMM_WORLD);
  // The curved cells mesh the sphere's volume closely.
  const double f = run.analysis.get_realizations()[0].volume_fractions[1];
  const double f_sphere = 4. / 3. * M_PI * std::pow(0.1337, 3);
  EXPECT_LT(std::abs(f / f_sphere - 1.), 1e-3);

  const auto [Km, Gm] = moduli(3, 3000, 0.35);
  const auto [Ki, Gi] = moduli(3, 30000, 0.25);
  const double z      = Gm * (9. * Km + 8. * Gm) / (6. * (Km + 2. * Gm));
  const double K_dilute =
      Km + f * (Ki - Km) * (3. * Km + 4. * Gm) / (3. * Ki + 4. * Gm);
  const double G_dilute = Gm + f * (Gi - Gm) * (Gm + z) / (Gi + z);
  const auto   iso      = effective::isotropic_measures(run.C(), 3);
  const double K        = effective::value_of(iso, "bulk_modulus_voigt_MPa");
  const double G        = effective::value_of(iso, "shear_modulus_voigt_MPa");
  const double eK       = (K - Km) / (K_dilute - Km) - 1.;
  const double eG       = (G - Gm) / (G_dilute - Gm) - 1.;
  const auto  &C        = run.C();
  if (root())
    std::cout << "Dilute sphere, f = 1 %: change of K off by " << eK
              << ", of G by " << eG << " (relative); C44 by "
              << (C(3, 3) - Gm) / (G_dilute - Gm) - 1. << ", (C11 - C12)/2 by "
              << (0.5 * (C(0, 0) - C(0, 1)) - Gm) / (G_dilute - Gm) - 1.
              << std::endl;
  EXPECT_LT(std::abs(eK), 0.02);
  EXPECT_LT(std::abs(eG), 0.02);
}

TEST(Homogenization, LaminatedCutCellsAreMoreAccurate)
{
  // Per-point sampling makes a cut Q1 cell act too stiff; the laminate
  // material of the cell removes much of that error on the same mesh.
  const std::string mesh =
      "subsection Geometry\n set Cells x = 16\n set Cells y = 16\n"
      " set Interface refinement = 3\n";
  const auto sampled = dilute_errors(mesh + "end\n");
  const auto laminated =
      dilute_errors(mesh + " set Material of cut cells = laminate\nend\n");
  if (root())
    std::cout << "Q1, 16 cells + 3 interface refinements: errors of k, G "
              << "sampled " << sampled.first << ", " << sampled.second
              << "; laminated " << laminated.first << ", " << laminated.second
              << std::endl;
  EXPECT_LT(std::abs(laminated.first), 0.5 * std::abs(sampled.first));
  EXPECT_LT(std::abs(laminated.second), std::abs(sampled.second));
}

namespace
{
  template <int dim>
  void
  ordering(const std::string &prm, const std::string &label)
  {
    HomogenizationRun<dim> run(prm + all_conditions, MPI_COMM_WORLD);
    const Matrix          &P = run.C(0), &K = run.C(1), &S = run.C(2);
    Matrix                 d = K;
    d.add(-1., P);
    const double gap_kp = effective::smallest_eigenvalue(d);
    d                   = P;
    d.add(-1., S);
    const double gap_ps = effective::smallest_eigenvalue(d);
    if (root())
      std::cout << label << ": C11 static " << S(0, 0) << " <= periodic "
                << P(0, 0) << " <= kinematic " << K(0, 0)
                << "; smallest eigenvalues of K - P " << gap_kp << ", of P - S "
                << gap_ps << std::endl;
    // Exact for the discrete solutions (nested spaces); up to the solver
    // tolerance.
    EXPECT_GE(gap_kp, -1e-7 * P.linfty_norm()) << label;
    EXPECT_GE(gap_ps, -1e-7 * P.linfty_norm()) << label;
    for (const Matrix *C : {&P, &K, &S})
      EXPECT_LT(effective::symmetry_error(*C), 1e-8) << label;
    for (unsigned int i = 0; i < P.m(); ++i)
      {
        EXPECT_LE(S(i, i), P(i, i)) << label;
        EXPECT_LE(P(i, i), K(i, i)) << label;
      }
  }
} // namespace

TEST(Homogenization, StaticBelowPeriodicBelowKinematic)
{
  ordering<2>(file_text("core_shell_particles_2d.prm") +
                  "subsection Geometry\n set Cells x = 32\n"
                  " set Cells y = 32\nend\n",
              "core-shell particles 2D");
  ordering<3>(two_isotropic +
                  "subsection Geometry\n set Cells x = 8\n set Cells y = 8\n"
                  " set Cells z = 8\n set Interface refinement = 1\nend\n"
                  "subsection Microstructure\n set Type = inclusion\n"
                  " subsection Inclusion\n  set Radius = 0.3\n"
                  "  set Center = 0.4, 0.5, 0.55\n end\nend\n",
              "inclusion 3D");
}

TEST(Homogenization, LaminatedCutCellsOfRotatedCrystals)
{
  // Laminated cut cells between a rotated orthotropic crystal (in-plane
  // and out-of-plane shear coupled) and an isotropic matrix, in plane
  // strain and 3D: the stiffness assembled and the stress averaged must be
  // the same tensor, so C stays symmetric and the bounds stay ordered.
  const std::string materials =
      "subsection Materials\n subsection Phase 0\n  set Young's modulus = "
      "3000\n  set Poisson's ratio = 0.4\n end\n subsection Phase 1\n" +
      orthotropic_rotated + " end\nend\n";
  const std::string common =
      materials + "subsection Solver\n set Tolerance = 1e-12\nend\n" +
      "subsection Microstructure\n set Type = inclusion\n"
      " subsection Inclusion\n  set Radius = 0.3\n end\nend\n";
  for (const std::string cut : {"sampled", "laminate"})
    {
      const std::string mesh =
          "subsection Geometry\n set Cells x = 8\n set Cells y = 8\n"
          " set Cells z = 8\n set Interface refinement = 1\n"
          " set Material of cut cells = " +
          cut + "\nend\n";
      ordering<2>(common + mesh, "rotated crystal 2D, " + cut);
      ordering<3>(common + mesh, "rotated crystal 3D, " + cut);
    }
}

TEST(Homogenization, MeshConvergenceMonotone)
{
  // Nacre (tablets and interlayers on grid lines, so the material is the
  // same on every mesh): uniform refinement nests the periodic spaces, so
  // the effective stiffness decreases monotonically to its limit.
  std::vector<double> c11, c22, c33;
  for (unsigned int refinements = 0; refinements < 3; ++refinements)
    {
      HomogenizationRun<2> run(
          file_text("nacre_2d.prm") +
              "subsection Microstructure\n subsection Nacre\n"
              "  set Number of rows = 4\n  set Tablets per row = 2\n end\n"
              "end\nsubsection Geometry\n set Cells x = 12\n set Cells y = 4\n"
              " set Global refinements = " +
              std::to_string(refinements) +
              "\nend\nsubsection Solver\n set Tolerance = 1e-11\nend\n",
          MPI_COMM_WORLD);
      c11.push_back(run.C()(0, 0));
      c22.push_back(run.C()(1, 1));
      c33.push_back(run.C()(2, 2));
    }
  if (root())
    {
      std::cout << std::setprecision(10)
                << "Nacre 2D, 0/1/2 refinements:\n  C11 " << c11[0] << ' '
                << c11[1] << ' ' << c11[2] << "\n  C22 " << c22[0] << ' '
                << c22[1] << ' ' << c22[2] << "\n  C33 " << c33[0] << ' '
                << c33[1] << ' ' << c33[2] << "\n  C11 differences ratio "
                << (c11[0] - c11[1]) / (c11[1] - c11[2]) << std::endl;
    }
  for (const auto &c : {c11, c22, c33})
    {
      EXPECT_GT(c[0], c[1]);
      EXPECT_GT(c[1], c[2]);
      // Converging: successive changes shrink.
      EXPECT_LT(c[1] - c[2], c[0] - c[1]);
    }
}

TEST(Homogenization, EnsembleOfRealizations)
{
  const std::string base =
      two_isotropic +
      "subsection Geometry\n set Cells x = 32\n set Cells y = 32\nend\n"
      "subsection Microstructure\n set Type = particles\n set Seed = 7\n"
      " set Periodic = true\n subsection Particles\n"
      "  set Particle radius = 0.08\n  set Volume fraction = 0.25\n"
      " end\nend\n";
  HomogenizationRun<2> ensemble(
      base +
          "subsection Homogenization\n set Number of realizations = 3\nend\n",
      MPI_COMM_WORLD);
  const auto &r = ensemble.analysis.get_realizations();
  ASSERT_EQ(r.size(), 3u);
  for (unsigned int i = 0; i < 3; ++i)
    EXPECT_EQ(r[i].seed, 7u + i);
  // Different structures, different tensors.
  EXPECT_GT(relative_difference(ensemble.C(0, 0), ensemble.C(0, 1)), 1e-4);
  EXPECT_GT(relative_difference(ensemble.C(0, 1), ensemble.C(0, 2)), 1e-4);
  // Realization 2 is the run with seed 9 alone.
  HomogenizationRun<2> single(base + "subsection Microstructure\n"
                                     " set Seed = 9\nend\n",
                              MPI_COMM_WORLD);
  EXPECT_LT(relative_difference(ensemble.C(0, 2), single.C()), 1e-12);
  // Statistics of C11 over the three.
  std::vector<double> c11;
  for (unsigned int i = 0; i < 3; ++i)
    c11.push_back(ensemble.C(0, i)(0, 0));
  const auto s = effective::statistics(c11);
  EXPECT_NEAR(s.mean, (c11[0] + c11[1] + c11[2]) / 3., 1e-12 * s.mean);
  EXPECT_GT(s.std, 0.);
  // t(0.975, 2 dof) = 4.302653 (statistical tables).
  EXPECT_NEAR(s.ci95_high - s.mean,
              4.302653 * s.std / std::sqrt(3.),
              1e-5 * s.std);
}

TEST(HomogenizationRanks, SameOnEveryRankCount)
{
  // Periodic, kinematic and static conditions with hanging nodes at
  // partition boundaries and at periodic faces.
  // All n ranks against n - 1 ranks: two different partitions.
  ASSERT_GE(dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD), 2u);
  auto compare =
      [](const std::string &text, const std::string &label, auto make) {
        const auto parallel = make(text, MPI_COMM_WORLD);
        const nanomech::testing::FewerRanks fewer;
        std::vector<double>                 other;
        if (fewer.member())
          {
            const auto run = make(text, fewer.comm);
            for (unsigned int b = 0; b < 3; ++b)
              for (unsigned int i = 0; i < run->C(b).m(); ++i)
                for (unsigned int j = 0; j < run->C(b).n(); ++j)
                  other.push_back(run->C(b)(i, j));
          }
        other                = fewer.share(other);
        const unsigned int n = parallel->C(0).m();
        ASSERT_EQ(other.size(), 3u * n * n);
        for (unsigned int b = 0; b < 3; ++b)
          {
            effective::Matrix C(n, n);
            for (unsigned int i = 0; i < n; ++i)
              for (unsigned int j = 0; j < n; ++j)
                C(i, j) = other[b * n * n + i * n + j];
            EXPECT_LT(relative_difference(parallel->C(b), C), 1e-8)
                << label << " boundary condition " << b;
          }
      };
  const std::string solver = "subsection Solver\n set Tolerance = 1e-12\nend\n";
  const std::string p2 =
      two_isotropic + all_conditions + solver +
      "subsection Geometry\n set Cells x = 20\n set Cells y = 20\n"
      " set Interface refinement = 2\nend\n"
      "subsection Microstructure\n set Type = particles\n set Seed = 3\n"
      " set Periodic = true\n subsection Particles\n"
      "  set Particle radius = 0.1\n  set Volume fraction = 0.3\n end\nend\n";
  compare(p2, "particles 2D", [](const std::string &t, MPI_Comm c) {
    return std::make_unique<HomogenizationRun<2>>(t, c);
  });
  const std::string p3 =
      two_isotropic + all_conditions + solver +
      "subsection Geometry\n set Cells x = 6\n set Cells y = 6\n"
      " set Cells z = 6\n set Interface refinement = 1\nend\n"
      "subsection Microstructure\n set Type = particles\n set Seed = 3\n"
      " set Periodic = true\n subsection Particles\n"
      "  set Particle radius = 0.2\n  set Volume fraction = 0.2\n end\nend\n";
  compare(p3, "particles 3D", [](const std::string &t, MPI_Comm c) {
    return std::make_unique<HomogenizationRun<3>>(t, c);
  });
}

namespace
{
  template <int dim>
  void
  periodic_constraints_consistent(const std::string &text)
  {
    auto               prm = nanomech::testing::parameters_from(text);
    GeometryParameters geometry;
    geometry.parse_parameters(*prm, dim);
    const Point<dim> size = geometry.size_point<dim>();
    const auto       ms   = Microstructure::create<dim>(*prm, size);
    parallel::distributed::Triangulation<dim> tria(MPI_COMM_WORLD);
    make_box_mesh(tria, geometry, *ms, true);
    ElasticProblem<dim> problem(tria, 1);
    problem.setup_dofs();
    problem.setup_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          add_periodicity_constraints(dh, c);
          hold_vertex_nearest(dh, Point<dim>(0.5 * size), size, c);
        });
    const DoFHandler<dim> &dh = problem.get_dof_handler();
    IndexSet               active;
    DoFTools::extract_locally_active_dofs(dh, active);
    EXPECT_GT(tria.n_global_levels(), 1u); // hanging nodes
    EXPECT_TRUE(problem.get_constraints().is_consistent_in_parallel(
        Utilities::MPI::all_gather(MPI_COMM_WORLD, dh.locally_owned_dofs()),
        active,
        MPI_COMM_WORLD,
        true));
  }
} // namespace

TEST(HomogenizationRanks, PeriodicConstraintsConsistentInParallel)
{
  // Periodic and hanging-node constraints, built by each rank on its
  // relevant dofs, must agree between owners and ghosts (refined cells at
  // periodic faces, edges and corners).
  const std::string p =
      "subsection Geometry\n set Cells x = 6\n set Cells y = 6\n"
      " set Cells z = 6\n set Interface refinement = 2\nend\n"
      "subsection Microstructure\n set Type = particles\n set Seed = 5\n"
      " set Periodic = true\n subsection Particles\n"
      "  set Particle radius = 0.15\n  set Volume fraction = 0.3\n end\nend\n";
  periodic_constraints_consistent<2>("set Dimension = 2\n" + p);
  periodic_constraints_consistent<3>("set Dimension = 3\n" + p);
}
