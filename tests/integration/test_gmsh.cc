// Specimens from gmsh files: a rectangle written as a .msh gives exactly
// the result of the same built-in box; the specimens in meshes/ read with
// their documented grips.

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/tria.h>

#include "mesh/gmsh_mesh.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>

using namespace nanomech;
using namespace dealii;

namespace
{
  /// A 2 x 1 rectangle of nx x ny quads in MSH 2.2, with physical tags
  /// 1 (x = 0), 2 (x = 2), 4 (y = 0 and y = 1) and surface tag 1.
  std::string
  write_rectangle(const unsigned int nx, const unsigned int ny)
  {
    const std::string file =
        "/tmp/nanomech_test_rectangle_" +
        std::to_string(Utilities::MPI::this_mpi_process(MPI_COMM_WORLD)) +
        ".msh";
    std::ofstream out(file);
    out << "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n"
        << (nx + 1) * (ny + 1) << "\n";
    auto node = [&](unsigned int i, unsigned int j) {
      return 1 + i + j * (nx + 1);
    };
    for (unsigned int j = 0; j <= ny; ++j)
      for (unsigned int i = 0; i <= nx; ++i)
        out << node(i, j) << " " << 2. * i / nx << " " << 1. * j / ny << " 0\n";
    out << "$EndNodes\n$Elements\n" << nx * ny + 2 * nx + 2 * ny << "\n";
    unsigned int e = 1;
    // Lines: type 1, two tags (physical, elementary).
    for (unsigned int j = 0; j < ny; ++j)
      {
        out << e++ << " 1 2 1 1 " << node(0, j) << " " << node(0, j + 1)
            << "\n";
        out << e++ << " 1 2 2 2 " << node(nx, j) << " " << node(nx, j + 1)
            << "\n";
      }
    for (unsigned int i = 0; i < nx; ++i)
      {
        out << e++ << " 1 2 4 3 " << node(i, 0) << " " << node(i + 1, 0)
            << "\n";
        out << e++ << " 1 2 4 4 " << node(i, ny) << " " << node(i + 1, ny)
            << "\n";
      }
    // Quadrangles: type 3, counter-clockwise.
    for (unsigned int j = 0; j < ny; ++j)
      for (unsigned int i = 0; i < nx; ++i)
        out << e++ << " 3 2 1 1 " << node(i, j) << " " << node(i + 1, j) << " "
            << node(i + 1, j + 1) << " " << node(i, j + 1) << "\n";
    out << "$EndElements\n";
    return file;
  }
} // namespace

TEST(Gmsh, RectangleFileEqualsBuiltInBox)
{
  const std::string common =
      "set Dimension = 2\nset Finite element degree = 2\n"
      "subsection Microstructure\n set Type = inclusion\n"
      " subsection Inclusion\n  set Radius = 0.3\n end\nend\n"
      "subsection Materials\n subsection Phase 1\n"
      "  set Young's modulus = 900000\n end\nend\n"
      "subsection Loading\n set Grips = clamped\nend\n"
      "subsection Solver\n set Tolerance = 1e-12\nend\n";
  const std::string                file = write_rectangle(8, 4);
  nanomech::testing::ElasticRun<2> from_file(
      common + "subsection Geometry\n set Mesh file = " + file +
          "\n set Interface refinement = 1\nend\n",
      MPI_COMM_WORLD);
  nanomech::testing::ElasticRun<2> box(
      common + "subsection Geometry\n set Size x = 2\n set Size y = 1\n"
               " set Cells x = 8\n set Cells y = 4\n"
               " set Interface refinement = 1\nend\n",
      MPI_COMM_WORLD);
  const double a = from_file.analysis.get_results().apparent_modulus;
  const double b = box.analysis.get_results().apparent_modulus;
  EXPECT_NEAR(a, b, 1e-9 * b);
  EXPECT_EQ(from_file.analysis.get_problem().get_dof_handler().n_dofs(),
            box.analysis.get_problem().get_dof_handler().n_dofs());
}

TEST(Gmsh, SpecimensReadWithTheirGrips)
{
  // The meshes of meshes/: grips 1 and 2 of length 1 (2D) or area 0.25
  // (3D), boundary ids 1 ... 4 only, bounding box moved to the origin.
  const std::map<std::string, int> specimens = {{"sent_2d", 2},
                                                {"dogbone_2d", 2},
                                                {"sent_3d", 3},
                                                {"dogbone_3d", 3}};
  for (const auto &[name, dim] : specimens)
    {
      SCOPED_TRACE(name);
      const std::string file =
          std::string(NANOMECH_SOURCE_DIR) + "/meshes/" + name + ".msh";
      std::map<unsigned int, double> measure;
      auto                           collect = [&](const auto &tria) {
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned())
            for (const auto &face : cell->face_iterators())
              if (face->at_boundary())
                measure[face->boundary_id()] += face->measure();
      };
      if (dim == 2)
        {
          parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
          read_gmsh_mesh(tria, file);
          collect(tria);
        }
      else
        {
          parallel::distributed::Triangulation<3> tria(MPI_COMM_WORLD);
          read_gmsh_mesh(tria, file);
          collect(tria);
        }
      for (unsigned int id = 0; id < 8; ++id)
        measure[id] = Utilities::MPI::sum(measure[id], MPI_COMM_WORLD);
      const double grip = dim == 2 ? 1. : 0.25;
      EXPECT_NEAR(measure[1], grip, 1e-12);
      EXPECT_NEAR(measure[2], grip, 1e-12);
      EXPECT_GT(measure[4], 0.);
      EXPECT_EQ(measure[0], 0.);
      EXPECT_EQ(measure[3] > 0., name.rfind("sent", 0) == 0);
    }
}

TEST(Gmsh, SentSpecimenRunsWithAMicrostructure)
{
  nanomech::testing::ElasticRun<2> run(
      "set Dimension = 2\n"
      "subsection Geometry\n set Mesh file = " +
          std::string(NANOMECH_SOURCE_DIR) +
          "/meshes/sent_2d.msh\n set Interface refinement = 1\nend\n"
          "subsection Microstructure\n set Type = particles\n"
          " subsection Particles\n  set Particle radius = 0.05\n"
          "  set Volume fraction = 0.2\n end\nend\n"
          "subsection Loading\n set Direction = y\n set Grips = clamped\nend\n",
      MPI_COMM_WORLD);
  EXPECT_GT(run.analysis.get_results().reaction_force, 0.);
  const auto &r = run.analysis.get_results();
  EXPECT_NEAR(r.external_work, r.averages.energy, 1e-6 * r.averages.energy);
}
