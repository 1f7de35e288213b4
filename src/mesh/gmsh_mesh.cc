#include "mesh/gmsh_mesh.h"

#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include "base/exceptions.h"

#include <fstream>
#include <sstream>

namespace nanomech
{
  namespace
  {
    template <int dim>
    void
    read_into(dealii::Triangulation<dim> &tria, const std::string &file)
    {
      std::ifstream in(file);
      require_input(static_cast<bool>(in),
                    "Geometry/Mesh file: cannot open '" + file + "'");
      try
        {
          dealii::GridIn<dim> grid_in;
          grid_in.attach_triangulation(tria);
          grid_in.read_msh(in);
        }
      catch (const dealii::ExceptionBase &e)
        {
          std::ostringstream s;
          e.print_info(s);
          throw InputError("Geometry/Mesh file '" + file +
                           "' is not a gmsh mesh of quadrilaterals (2D) or "
                           "hexahedra (3D) that deal.II can read: " +
                           s.str());
        }
    }
  } // namespace

  template <int dim>
  std::pair<dealii::Point<dim>, dealii::Point<dim>>
  gmsh_bounding_box(const std::string                       &file,
                    std::vector<dealii::types::boundary_id> *boundary_ids)
  {
    dealii::Triangulation<dim> tria;
    read_into(tria, file);
    if (boundary_ids)
      *boundary_ids = tria.get_boundary_ids();
    const auto box = dealii::GridTools::compute_bounding_box(tria);
    return box.get_boundary_points();
  }

  template <int dim>
  void
  read_gmsh_mesh(dealii::parallel::distributed::Triangulation<dim> &tria,
                 const std::string                                 &file)
  {
    read_into(tria, file);
    const auto box = dealii::GridTools::compute_bounding_box(tria);
    dealii::GridTools::shift(-box.get_boundary_points().first, tria);
  }

  template std::pair<dealii::Point<2>, dealii::Point<2>>
  gmsh_bounding_box<2>(const std::string &,
                       std::vector<dealii::types::boundary_id> *);
  template std::pair<dealii::Point<3>, dealii::Point<3>>
  gmsh_bounding_box<3>(const std::string &,
                       std::vector<dealii::types::boundary_id> *);
  template void
  read_gmsh_mesh<2>(dealii::parallel::distributed::Triangulation<2> &,
                    const std::string &);
  template void
  read_gmsh_mesh<3>(dealii::parallel::distributed::Triangulation<3> &,
                    const std::string &);
} // namespace nanomech
