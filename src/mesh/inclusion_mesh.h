#pragma once

#include <deal.II/base/point.h>
#include <deal.II/distributed/tria.h>

namespace nanomech
{
  /**
   * A coarse mesh of the box [0, size] fitted to the sphere (circle in 2D)
   * of @p radius around @p center: a cube in the middle of the ball, one
   * cell on each of its faces out to the sphere, and one cell from each
   * patch of the sphere out to the matching box face (13 cells in 3D, 9 in
   * 2D). The sphere's faces carry a spherical manifold and the curved
   * cells a transfinite interpolation, so refinement puts new vertices on
   * the sphere; box faces stay flat, with boundary ids 2d / 2d+1 on the
   * lower / upper face normal to axis d (one coarse face each, so opposite
   * faces can be made periodic). Every cell lies wholly inside or outside
   * the sphere. The sphere must keep clear of the box faces (Inclusion
   * asks for a gap of a tenth of its radius).
   */
  template <int dim>
  void
  make_sphere_in_box_mesh(
      dealii::parallel::distributed::Triangulation<dim> &tria,
      const dealii::Point<dim>                          &size,
      const dealii::Point<dim>                          &center,
      double                                             radius);

  /// Whether the cell and all its faces and edges are flat (no curved
  /// manifold): then the (bi/tri)linear map of its vertices is exact.
  template <int dim>
  bool
  has_straight_geometry(
      const typename dealii::Triangulation<dim>::cell_iterator &cell);
} // namespace nanomech
