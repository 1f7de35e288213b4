#include "mesh/gmsh_mesh.h"

#include <deal.II/grid/grid_in.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/grid/tria.h>

#include "base/exceptions.h"

#include <algorithm>
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
  Box<dim>
  gmsh_bounding_box(const std::string                              &file,
                    std::map<dealii::types::boundary_id, Box<dim>> *boundaries)
  {
    dealii::Triangulation<dim> tria;
    read_into(tria, file);
    if (boundaries)
      {
        boundaries->clear();
        for (const auto &face : tria.active_face_iterators())
          if (face->at_boundary())
            for (const unsigned int v : face->vertex_indices())
              {
                const dealii::Point<dim> &x = face->vertex(v);
                const auto [it, first] =
                    boundaries->emplace(face->boundary_id(), Box<dim>(x, x));
                if (!first)
                  for (unsigned int d = 0; d < dim; ++d)
                    {
                      it->second.first[d] = std::min(it->second.first[d], x[d]);
                      it->second.second[d] =
                          std::max(it->second.second[d], x[d]);
                    }
              }
      }
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

  template Box<2>
  gmsh_bounding_box<2>(const std::string &,
                       std::map<dealii::types::boundary_id, Box<2>> *);
  template Box<3>
  gmsh_bounding_box<3>(const std::string &,
                       std::map<dealii::types::boundary_id, Box<3>> *);
  template void
  read_gmsh_mesh<2>(dealii::parallel::distributed::Triangulation<2> &,
                    const std::string &);
  template void
  read_gmsh_mesh<3>(dealii::parallel::distributed::Triangulation<3> &,
                    const std::string &);
} // namespace nanomech
