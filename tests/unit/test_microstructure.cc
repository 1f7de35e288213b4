// The first microstructures and the box mesh that follows them.

#include <deal.II/distributed/tria.h>

#include "mesh/box_mesh.h"
#include "microstructure/microstructure.h"
#include "microstructure/registry.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

using namespace nanomech;

namespace
{
  template <int dim>
  std::unique_ptr<Microstructure::Interface<dim>>
  make(const std::string &text, dealii::Point<dim> size)
  {
    auto prm = nanomech::testing::parameters_from(text);
    return Microstructure::create<dim>(*prm, size);
  }
} // namespace

TEST(Laminate, PhasesAndInterfacePlanes)
{
  const auto ms = make<2>("subsection Microstructure\nset Type = laminate\n"
                          "subsection Laminate\nset Number of periods = 2\n"
                          "set Volume fraction of phase 1 = 0.25\nend\nend\n",
                          dealii::Point<2>(1., 2.));
  // Period 1 along y: phase 0 on [0, 0.75), phase 1 on [0.75, 1).
  EXPECT_EQ(ms->material_at(dealii::Point<2>(0.3, 0.7)).phase, 0u);
  EXPECT_EQ(ms->material_at(dealii::Point<2>(0.3, 0.8)).phase, 1u);
  EXPECT_EQ(ms->material_at(dealii::Point<2>(0.3, 1.5)).phase, 0u);
  EXPECT_EQ(ms->material_at(dealii::Point<2>(0.3, 1.9)).phase, 1u);
  const auto planes = ms->interface_planes(1);
  ASSERT_EQ(planes.size(), 3u);
  EXPECT_DOUBLE_EQ(planes[0], 0.75);
  EXPECT_DOUBLE_EQ(planes[1], 1.);
  EXPECT_DOUBLE_EQ(planes[2], 1.75);
  EXPECT_TRUE(ms->interface_planes(0).empty());
  EXPECT_DOUBLE_EQ(ms->requested_volume_fractions()[1], 0.25);
}

TEST(BoxMesh, GridLinesFollowLaminateInterfaces)
{
  const std::string text =
      "set Dimension = 3\n"
      "subsection Geometry\nset Cells x = 4\nset Cells y = 10\nset Cells z = "
      "2\nend\n"
      "subsection Microstructure\nset Type = laminate\n"
      "subsection Laminate\nset Layer normal = y\nset Number of periods = 3\n"
      "set Volume fraction of phase 1 = 0.1\nend\nend\n";
  auto               prm = nanomech::testing::parameters_from(text);
  GeometryParameters geometry;
  geometry.parse_parameters(*prm, 3);
  auto ms = Microstructure::create<3>(*prm, geometry.size_point<3>());
  dealii::parallel::distributed::Triangulation<3> tria(MPI_COMM_WORLD);
  make_box_mesh(tria, geometry, *ms);
  // No cell straddles an interface, however thin the layer.
  unsigned int n_cut = 0;
  for (const auto &cell : tria.active_cell_iterators())
    if (cell->is_locally_owned() && cell_is_cut<3>(cell, *ms, 4))
      ++n_cut;
  EXPECT_EQ(dealii::Utilities::MPI::sum(n_cut, MPI_COMM_WORLD), 0u);
  // Layers of phase 1 (thickness 1/30) are one thin cell each.
  EXPECT_GE(tria.n_global_active_cells(), 4u * 10u * 2u);
}

TEST(BoxMesh, InterfaceRefinementRefinesCutCellsOnly)
{
  const std::string text =
      "subsection Geometry\nset Cells x = 8\nset Cells y = 8\n"
      "set Interface refinement = 2\nend\n"
      "subsection Microstructure\nset Type = inclusion\nend\n";
  auto               prm = nanomech::testing::parameters_from(text);
  GeometryParameters geometry;
  geometry.parse_parameters(*prm, 2);
  auto ms = Microstructure::create<2>(*prm, geometry.size_point<2>());
  dealii::parallel::distributed::Triangulation<2> tria(MPI_COMM_WORLD);
  make_box_mesh(tria, geometry, *ms);
  // 8 = 2^3 cells from one coarse cell, then 2 rounds: levels 0 ... 5.
  EXPECT_EQ(tria.n_global_levels(), 6u);
  for (const auto &cell : tria.active_cell_iterators())
    if (cell->is_locally_owned() && cell_is_cut<2>(cell, *ms))
      {
        EXPECT_EQ(cell->level(), 5);
      }
}

TEST(Inclusion, VolumeFractionAndCenter)
{
  const auto ms =
      make<3>("subsection Microstructure\nsubsection Inclusion\n"
              "set Radius = 0.2\nset Center = 0.3, 0.4, 0.5\nend\nend\n",
              dealii::Point<3>(1., 1., 1.));
  EXPECT_NEAR(ms->requested_volume_fractions()[1],
              4. / 3. * M_PI * 0.008,
              1e-15);
  EXPECT_EQ(ms->material_at(dealii::Point<3>(0.3, 0.4, 0.5)).phase, 1u);
  EXPECT_EQ(ms->material_at(dealii::Point<3>(0.3, 0.4, 0.71)).phase, 0u);
}

// The family registry: every family selectable, capabilities asked instead
// of types tested, and an input error inside a family's subsection leaves
// the parameter handler where it was.
TEST(Registry, FamiliesAndCapabilities)
{
  std::vector<std::string> names;
  for (const auto &f : Microstructure::families())
    names.push_back(f.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"enamel",
                                      "homogeneous",
                                      "inclusion",
                                      "laminate",
                                      "nacre",
                                      "particles",
                                      "polycrystal"}));
  for (const std::string stochastic :
       {"enamel", "laminate", "nacre", "particles", "polycrystal"})
    EXPECT_TRUE(Microstructure::family(stochastic).capabilities.stochastic)
        << stochastic;
  for (const std::string fixed : {"homogeneous", "inclusion"})
    EXPECT_FALSE(Microstructure::family(fixed).capabilities.stochastic)
        << fixed;
  EXPECT_TRUE(Microstructure::family("nacre").capabilities.natural_size);
  EXPECT_FALSE(Microstructure::family("enamel").capabilities.natural_size);
  EXPECT_TRUE(Microstructure::family("polycrystal").capabilities.periodic);
  EXPECT_FALSE(Microstructure::family("laminate").capabilities.periodic);
  nanomech::testing::expect_input_error(
      []() { Microstructure::family("foam"); },
      "unknown family 'foam' (known: enamel, ");
}

TEST(Registry, AnInputErrorInsideAFamilyLeavesTheHandlerWhereItWas)
{
  // The tablet length is parsed (and refused) inside Microstructure/Nacre.
  auto prm = nanomech::testing::parameters_from(
      "set Dimension = 3\n"
      "subsection Microstructure\n set Type = nacre\n"
      " subsection Nacre\n  set Tablet length = 0\n end\nend\n");
  nanomech::testing::expect_input_error(
      [&]() { Microstructure::create<2>(*prm, dealii::Point<2>(4., 2.)); },
      "Microstructure/Nacre/Tablet length must be positive");
  // Left inside the subsection, this read would throw ExcEntryUndeclared.
  EXPECT_EQ(prm->get_integer("Dimension"), 3);
  nanomech::testing::expect_input_error(
      [&]() { Microstructure::natural_size<2>(*prm); },
      "Microstructure/Nacre/Tablet length must be positive");
  EXPECT_EQ(prm->get_integer("Dimension"), 3);
}

TEST(Registry, TheSeedIsPassedInNotWrittenBack)
{
  auto prm = nanomech::testing::parameters_from(
      "subsection Microstructure\n set Type = particles\n set Seed = 4\n"
      " subsection Particles\n  set Particle radius = 0.1\n"
      "  set Particle radius CoV = 0.2\n  set Volume fraction = 0.2\n end\n"
      "end\n");
  const dealii::Point<2> box(2., 2.);
  const auto             a = Microstructure::create<2>(*prm, box, {9, false});
  EXPECT_EQ(prm->get({"Microstructure"}, "Seed"), "4");
  const auto b = Microstructure::create<2>(*prm, box, {4, false});
  const auto c = Microstructure::create<2>(*prm, box);
  // Realization 9 differs from 4; the handler's own seed (4) is used
  // without an explicit realization.
  unsigned int differ_ab = 0, differ_bc = 0;
  for (unsigned int i = 0; i < 40; ++i)
    for (unsigned int j = 0; j < 40; ++j)
      {
        const dealii::Point<2> x(0.05 * i + 0.025, 0.05 * j + 0.025);
        differ_ab += a->material_at(x).phase != b->material_at(x).phase;
        differ_bc += b->material_at(x).phase != c->material_at(x).phase;
      }
  EXPECT_GT(differ_ab, 0u);
  EXPECT_EQ(differ_bc, 0u);
}
