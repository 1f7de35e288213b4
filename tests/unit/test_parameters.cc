// Parameter parsing: file text, --set overrides, error messages, and every
// example in params/ (so that examples never rot).

#include <deal.II/base/parameter_handler.h>

#include "analyses/elastic_test.h"
#include "base/exceptions.h"
#include "base/file_io.h"
#include "parameters/command_line.h"
#include "parameters/parameter_reader.h"
#include "simulator.h"
#include "test_helpers.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace nanomech;

namespace
{
  using nanomech::testing::input_error;

  std::string
  parse_error(const std::string              &text,
              const std::vector<std::string> &sets = {})
  {
    return input_error([&]() {
      dealii::ParameterHandler prm;
      declare_all_parameters(prm);
      parse_parameter_text(prm, text, "case.prm", sets);
    });
  }

  template <int dim>
  std::string
  setup_error(const std::string &text)
  {
    return input_error([&]() {
      auto             prm = nanomech::testing::parameters_from(text);
      ElasticTest<dim> analysis(*prm, CommandLine(), MPI_COMM_SELF);
    });
  }

  bool
  contains(const std::string &text, const std::string &part)
  {
    return text.find(part) != std::string::npos;
  }
} // namespace

TEST(Parameters, ParsesFileTextAndOverrides)
{
  dealii::ParameterHandler prm;
  declare_all_parameters(prm);
  parse_parameter_text(prm,
                       "set Dimension = 3\n"
                       "subsection Materials\n"
                       "  subsection Phase 1\n"
                       "    set Young's modulus = 5000\n"
                       "  end\n"
                       "end\n",
                       "case.prm",
                       {"Materials/Phase 1/Poisson's ratio=0.2",
                        "Finite element degree = 2",
                        "Materials/Phase 1/Young's modulus=7000"});
  EXPECT_EQ(prm.get_integer("Dimension"), 3);
  EXPECT_EQ(prm.get_integer("Finite element degree"), 2);
  prm.enter_subsection("Materials");
  prm.enter_subsection("Phase 1");
  EXPECT_EQ(prm.get_double("Young's modulus"), 7000.); // later --set wins
  EXPECT_EQ(prm.get_double("Poisson's ratio"), 0.2);
}

TEST(Parameters, UnknownEntryNamesEntryAndLine)
{
  const auto msg = parse_error(
      "set Dimension = 2\nsubsection Geometry\n  set Size q = 1\nend\n");
  EXPECT_TRUE(contains(msg, "Line <3>")) << msg;
  EXPECT_TRUE(contains(msg, "case.prm")) << msg;
  EXPECT_TRUE(contains(msg, "Size q")) << msg;
}

TEST(Parameters, WrongTypeNamesEntryValueAndLine)
{
  const auto msg = parse_error("\nset Finite element degree = two\n");
  EXPECT_TRUE(contains(msg, "Line <2>")) << msg;
  EXPECT_TRUE(contains(msg, "Finite element degree")) << msg;
  EXPECT_TRUE(contains(msg, "two")) << msg;
}

TEST(Parameters, OutOfRangeNamesEntry)
{
  const auto msg = parse_error("subsection Materials\nsubsection Phase 0\nset "
                               "Poisson's ratio = 0.7\nend\nend\n");
  EXPECT_TRUE(contains(msg, "Poisson's ratio")) << msg;
  EXPECT_TRUE(contains(msg, "Line <3>")) << msg;
}

TEST(Parameters, BadOverridesNameTheSetting)
{
  auto msg = parse_error("", {"Geometry/Size w=1"});
  EXPECT_TRUE(contains(msg, "--set \"Geometry/Size w=1\"")) << msg;
  EXPECT_TRUE(contains(msg, "no entry")) << msg;
  msg = parse_error("", {"Geometri/Size x=1"});
  EXPECT_TRUE(contains(msg, "no subsection 'Geometri'")) << msg;
  msg = parse_error("", {"Geometry/Size x=-1"});
  EXPECT_TRUE(contains(msg, "Geometry/Size x=-1")) << msg;
  EXPECT_TRUE(contains(msg, "does not match")) << msg;
}

TEST(Parameters, CommandLine)
{
  const char *argv[] = {"nanomech",
                        "a.prm",
                        "--set",
                        "Dimension=3",
                        "--output-dir",
                        "out",
                        "--mesh-only"};
  const auto  cl     = parse_command_line(7, argv);
  EXPECT_EQ(cl.parameter_file, "a.prm");
  ASSERT_EQ(cl.overrides.size(), 1u);
  EXPECT_EQ(cl.overrides[0], "Dimension=3");
  EXPECT_EQ(cl.output_dir, "out");
  EXPECT_TRUE(cl.mesh_only);

  const char *bad1[] = {"nanomech", "a.prm", "--bogus"};
  EXPECT_TRUE(contains(input_error([&]() { parse_command_line(3, bad1); }),
                       "unknown option '--bogus'"));
  const char *bad2[] = {"nanomech", "a.prm", "--set", "novalue"};
  EXPECT_TRUE(contains(input_error([&]() { parse_command_line(4, bad2); }),
                       "Section/Key=value"));
  const char *bad3[] = {"nanomech"};
  EXPECT_TRUE(contains(input_error([&]() { parse_command_line(1, bad3); }),
                       "no parameter file"));
}

TEST(Parameters, ContradictorySettingsAreRefused)
{
  EXPECT_TRUE(
      contains(setup_error<2>("subsection Loading\nset Direction = z\nend\n"),
               "Loading/Direction = z needs Dimension = 3"));
  EXPECT_TRUE(contains(
      setup_error<2>("subsection Microstructure\nset Type = laminate\n"
                     "subsection Laminate\nset Layer normal = z\nend\nend\n"),
      "Layer normal = z needs Dimension = 3"));
  EXPECT_TRUE(contains(setup_error<3>(
                           "subsection Microstructure\nsubsection Inclusion\n"
                           "set Radius = 0.6\nend\nend\n"),
                       "does not fit inside the box"));
  EXPECT_TRUE(contains(
      setup_error<3>(
          "subsection Materials\nsubsection Phase 1\nset Model = cubic\n"
          "set C11 = 100\nset C12 = 150\nset C44 = 10\nend\nend\n"),
      "Materials/Phase 1: the cubic constants"));
  EXPECT_TRUE(contains(setup_error<2>(
                           "subsection Loading\nset Applied strain = 0\nend\n"),
                       "Applied strain must not be zero"));
}

TEST(Parameters, EveryExampleFileIsValid)
{
  unsigned int n_files = 0;
  // The examples are run from the repository's root (README), where
  // their relative paths (Geometry/Mesh file = meshes/...) point.
  const auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(
      std::filesystem::path(NANOMECH_PARAMS_DIR).parent_path());
  for (const auto &entry :
       std::filesystem::recursive_directory_iterator(NANOMECH_PARAMS_DIR))
    if (entry.path().extension() == ".prm")
      {
        SCOPED_TRACE(entry.path().string());
        const std::string text = read_file(entry.path().string(), "example");
        auto              prm  = nanomech::testing::parameters_from(text);
        CommandLine       cl;
        cl.parameter_file = entry.path().string();
        // Constructing the analysis checks every entry and combination.
        if (prm->get_integer("Dimension") == 2)
          EXPECT_NO_THROW(ElasticTest<2>(*prm, cl, MPI_COMM_SELF));
        else
          EXPECT_NO_THROW(ElasticTest<3>(*prm, cl, MPI_COMM_SELF));
        ++n_files;
      }
  std::filesystem::current_path(cwd);
  EXPECT_GE(n_files, 3u);
}
