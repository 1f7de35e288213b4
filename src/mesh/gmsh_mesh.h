#pragma once

#include <deal.II/base/point.h>
#include <deal.II/distributed/tria.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nanomech
{
  /// Lower and upper corners of a box.
  template <int dim>
  using Box = std::pair<dealii::Point<dim>, dealii::Point<dim>>;

  /// Lower and upper corners of the bounding box of the gmsh mesh in
  /// @p file; throws InputError naming the file if it cannot be read.
  /// If @p boundaries is given, it receives for every boundary id the
  /// mesh's faces get (their physical tags; 0 for untagged faces) the
  /// bounding box of those faces, in the mesh's coordinates.
  template <int dim>
  Box<dim>
  gmsh_bounding_box(
      const std::string                              &file,
      std::map<dealii::types::boundary_id, Box<dim>> *boundaries = nullptr);

  /**
   * Reads the gmsh mesh @p file (quadrilaterals or hexahedra; physical tags
   * become boundary ids) into @p tria and moves it so that its bounding box
   * starts at the origin, where the microstructure lives.
   */
  template <int dim>
  void
  read_gmsh_mesh(dealii::parallel::distributed::Triangulation<dim> &tria,
                 const std::string                                 &file);
} // namespace nanomech
