#include "mesh/inclusion_mesh.h"

#include <deal.II/grid/manifold_lib.h>
#include <deal.II/grid/tria.h>

#include <cmath>

namespace nanomech
{
  namespace
  {
    constexpr dealii::types::manifold_id sphere_manifold      = 1;
    constexpr dealii::types::manifold_id transfinite_manifold = 2;
  } // namespace

  template <int dim>
  void
  make_sphere_in_box_mesh(
      dealii::parallel::distributed::Triangulation<dim> &tria,
      const dealii::Point<dim>                          &size,
      const dealii::Point<dim>                          &center,
      const double                                       radius)
  {
    for (unsigned int d = 0; d < dim; ++d)
      Assert(std::min(center[d], size[d] - center[d]) > 1.05 * radius,
             dealii::ExcMessage("the sphere must keep clear of the faces"));

    // Three layers of 2^dim vertices, indexed by their sign pattern s (bit
    // d set: the + side along axis d): the corners of the central cube, of
    // the cube inscribed in the sphere, and of the box.
    constexpr unsigned int n_corners = 1u << dim;
    const double           inner     = 0.5 * radius / std::sqrt(double(dim));
    const double           on_sphere = radius / std::sqrt(double(dim));
    std::vector<dealii::Point<dim>> vertices(3 * n_corners);
    for (unsigned int s = 0; s < n_corners; ++s)
      for (unsigned int d = 0; d < dim; ++d)
        {
          const double sign              = (s & (1u << d)) ? 1. : -1.;
          vertices[s][d]                 = center[d] + sign * inner;
          vertices[n_corners + s][d]     = center[d] + sign * on_sphere;
          vertices[2 * n_corners + s][d] = (s & (1u << d)) ? size[d] : 0.;
        }

    std::vector<dealii::CellData<dim>> cells;
    dealii::CellData<dim>              middle;
    for (unsigned int v = 0; v < n_corners; ++v)
      middle.vertices[v] = v;
    cells.push_back(middle);
    // The cells on side `plus` of axis d between layers `from` and
    // `from + 1`, with local axes along the global ones: the local vertex v
    // takes the sign pattern of v with bit d forced to the side, and the
    // layer chosen by bit d of v (the outer layer lies on the side).
    for (unsigned int from = 0; from < 2; ++from)
      for (unsigned int d = 0; d < dim; ++d)
        for (unsigned int plus = 0; plus < 2; ++plus)
          {
            dealii::CellData<dim> cell;
            for (unsigned int v = 0; v < n_corners; ++v)
              {
                const bool         local_plus = v & (1u << d);
                const unsigned int s =
                    plus ? (v | (1u << d)) : (v & ~(1u << d));
                const unsigned int layer =
                    from + (local_plus == bool(plus) ? 1 : 0);
                cell.vertices[v] = layer * n_corners + s;
              }
            cell.manifold_id = transfinite_manifold;
            cells.push_back(cell);
          }
    tria.create_triangulation(vertices, cells, dealii::SubCellData());

    // As in deal.II's step-65: the curved cells and all their faces and
    // edges transfinite, then the faces on the sphere spherical, and the
    // faces of the central cube and of the box flat.
    const double tol = 1e-10 * radius;
    for (const auto &cell : tria.active_cell_iterators())
      if (cell->manifold_id() == transfinite_manifold)
        cell->set_all_manifold_ids(transfinite_manifold);
    for (const auto &cell : tria.active_cell_iterators())
      for (const unsigned int f : cell->face_indices())
        {
          const auto face      = cell->face(f);
          bool       on_sphere = true, inside = true;
          for (const unsigned int v : face->vertex_indices())
            {
              const double r = face->vertex(v).distance(center);
              on_sphere      = on_sphere && std::abs(r - radius) < tol;
              inside         = inside && r < 0.9 * radius;
            }
          if (on_sphere)
            face->set_all_manifold_ids(sphere_manifold);
          if (inside)
            face->set_all_manifold_ids(dealii::numbers::flat_manifold_id);
          if (face->at_boundary())
            {
              face->set_all_manifold_ids(dealii::numbers::flat_manifold_id);
              for (unsigned int d = 0; d < dim; ++d)
                {
                  if (std::abs(face->center()[d]) < tol)
                    face->set_boundary_id(2 * d);
                  else if (std::abs(face->center()[d] - size[d]) < tol)
                    face->set_boundary_id(2 * d + 1);
                }
            }
        }
    tria.set_manifold(sphere_manifold, dealii::SphericalManifold<dim>(center));
    dealii::TransfiniteInterpolationManifold<dim> transfinite;
    transfinite.initialize(tria);
    tria.set_manifold(transfinite_manifold, transfinite);
  }

  template <int dim>
  bool
  has_straight_geometry(
      const typename dealii::Triangulation<dim>::cell_iterator &cell)
  {
    const auto flat = dealii::numbers::flat_manifold_id;
    if (cell->manifold_id() != flat)
      return false;
    for (const unsigned int f : cell->face_indices())
      if (cell->face(f)->manifold_id() != flat)
        return false;
    if constexpr (dim == 3)
      for (const unsigned int l : cell->line_indices())
        if (cell->line(l)->manifold_id() != flat)
          return false;
    return true;
  }

  template void
  make_sphere_in_box_mesh<2>(dealii::parallel::distributed::Triangulation<2> &,
                             const dealii::Point<2> &,
                             const dealii::Point<2> &,
                             double);
  template void
  make_sphere_in_box_mesh<3>(dealii::parallel::distributed::Triangulation<3> &,
                             const dealii::Point<3> &,
                             const dealii::Point<3> &,
                             double);
  template bool
  has_straight_geometry<2>(const dealii::Triangulation<2>::cell_iterator &);
  template bool
  has_straight_geometry<3>(const dealii::Triangulation<3>::cell_iterator &);
} // namespace nanomech
