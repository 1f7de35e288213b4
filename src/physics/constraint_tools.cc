#include "physics/constraint_tools.h"

#include <deal.II/base/function.h>
#include <deal.II/base/mpi.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping_q1.h>
#include <deal.II/grid/grid_tools.h>
#include <deal.II/numerics/vector_tools.h>

#include "base/exceptions.h"

#include <algorithm>
#include <limits>

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  void
  pin_vertex(const DoFHandler<dim>     &dof_handler,
             const Point<dim>          &p,
             const unsigned int         c,
             const double               tol,
             AffineConstraints<double> &constraints)
  {
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial())
        for (const unsigned int v : cell->vertex_indices())
          if (cell->vertex(v).distance(p) < tol)
            {
              const auto i = cell->vertex_dof_index(v, c);
              if (constraints.can_store_line(i) &&
                  !constraints.is_constrained(i))
                constraints.add_line(i);
              return;
            }
  }

  template <int dim>
  std::vector<types::global_dof_index>
  boundary_dofs_where(const DoFHandler<dim>   &dof_handler,
                      const types::boundary_id b,
                      const unsigned int       c,
                      const std::function<bool(const Point<dim> &)> &where)
  {
    const FiniteElement<dim> &fe = dof_handler.get_fe();
    // The support points of a face's dofs: a quadrature rule at the unit
    // face support points, mapped to the (straight-sided) face.
    FEFaceValues<dim> face_values(StaticMappingQ1<dim>::mapping,
                                  fe,
                                  Quadrature<dim - 1>(
                                      fe.get_unit_face_support_points()),
                                  update_quadrature_points);
    std::vector<types::global_dof_index> face_dofs(fe.n_dofs_per_face()), found;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial())
        for (const unsigned int f : cell->face_indices())
          if (cell->face(f)->at_boundary() && cell->face(f)->boundary_id() == b)
            {
              face_values.reinit(cell, f);
              cell->face(f)->get_dof_indices(face_dofs);
              for (unsigned int i = 0; i < face_dofs.size(); ++i)
                if (fe.face_system_to_component_index(i).first == c &&
                    where(face_values.quadrature_point(i)))
                  found.push_back(face_dofs[i]);
            }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
  }

  template <int dim>
  void
  add_periodicity_constraints(const DoFHandler<dim>     &dof_handler,
                              AffineConstraints<double> &constraints)
  {
    std::vector<
        GridTools::PeriodicFacePair<typename DoFHandler<dim>::cell_iterator>>
        pairs;
    for (unsigned int d = 0; d < dim; ++d)
      GridTools::collect_periodic_faces(
          dof_handler, 2 * d, 2 * d + 1, d, pairs);
    DoFTools::make_periodicity_constraints<dim, dim>(pairs, constraints);
  }

  template <int dim>
  void
  hold_whole_boundary(const DoFHandler<dim>     &dof_handler,
                      AffineConstraints<double> &constraints)
  {
    for (unsigned int b = 0; b < 2 * dim; ++b)
      VectorTools::interpolate_boundary_values(
          dof_handler, b, Functions::ZeroFunction<dim>(dim), constraints);
  }

  template <int dim>
  types::global_dof_index
  hold_vertex_nearest(const DoFHandler<dim>     &dof_handler,
                      const Point<dim>          &target,
                      const Point<dim>          &size,
                      AffineConstraints<double> &constraints)
  {
    // Candidates: owned vertices strictly inside the box whose dofs are
    // free (the owner knows all constraints of its own dofs). The nearest
    // wins; equal distances go to the smaller dof index, so every rank
    // agrees.
    const IndexSet &owned = dof_handler.locally_owned_dofs();
    const double    inset = 1e-9 * size.norm();
    double          best  = std::numeric_limits<double>::max();
    auto            index = numbers::invalid_dof_index;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const unsigned int v : cell->vertex_indices())
          {
            const Point<dim> &x        = cell->vertex(v);
            bool              interior = true;
            for (unsigned int d = 0; d < dim; ++d)
              interior = interior && x[d] > inset && x[d] < size[d] - inset;
            const auto i = cell->vertex_dof_index(v, 0);
            if (!interior || !owned.is_element(i) ||
                constraints.is_constrained(i))
              continue;
            const double r = x.distance(target);
            if (r < best || (r == best && i < index))
              {
                best  = r;
                index = i;
              }
          }
    const MPI_Comm comm = dof_handler.get_communicator();
    const double   r    = Utilities::MPI::min(best, comm);
    index = Utilities::MPI::min(r == best ? index : numbers::invalid_dof_index,
                                comm);
    if (index == numbers::invalid_dof_index)
      throw ComputeError("no free interior vertex to hold: the mesh needs "
                         "at least two cells in every direction");
    // Dofs are numbered node by node: the node's dofs are index + c.
    for (unsigned int c = 0; c < dim; ++c)
      if (constraints.can_store_line(index + c))
        constraints.add_line(index + c);
    return index;
  }

  template <int dim>
  void
  remove_rigid_motions(const DoFHandler<dim>     &dof_handler,
                       const Point<dim>          &size,
                       AffineConstraints<double> &constraints)
  {
    const double tol = 1e-8 * size.norm();
    for (unsigned int c = 0; c < dim; ++c)
      pin_vertex(dof_handler, Point<dim>(), c, tol, constraints);
    Point<dim> bx;
    bx[0] = size[0];
    for (unsigned int c = 1; c < dim; ++c)
      pin_vertex(dof_handler, bx, c, tol, constraints);
    if (dim == 3)
      {
        Point<dim> by;
        by[1] = size[1];
        pin_vertex(dof_handler, by, 2, tol, constraints);
      }
  }

#define NANOMECH_INSTANTIATE(dim)                                              \
  template void pin_vertex<dim>(const DoFHandler<dim> &,                       \
                                const Point<dim> &,                            \
                                unsigned int,                                  \
                                double,                                        \
                                AffineConstraints<double> &);                  \
  template void add_periodicity_constraints<dim>(const DoFHandler<dim> &,      \
                                                 AffineConstraints<double> &); \
  template void hold_whole_boundary<dim>(const DoFHandler<dim> &,              \
                                         AffineConstraints<double> &);         \
  template types::global_dof_index hold_vertex_nearest<dim>(                   \
      const DoFHandler<dim> &,                                                 \
      const Point<dim> &,                                                      \
      const Point<dim> &,                                                      \
      AffineConstraints<double> &);                                            \
  template void remove_rigid_motions<dim>(const DoFHandler<dim> &,             \
                                          const Point<dim> &,                  \
                                          AffineConstraints<double> &);        \
  template std::vector<types::global_dof_index> boundary_dofs_where<dim>(      \
      const DoFHandler<dim> &,                                                 \
      types::boundary_id,                                                      \
      unsigned int,                                                            \
      const std::function<bool(const Point<dim> &)> &);
  NANOMECH_INSTANTIATE(2)
  NANOMECH_INSTANTIATE(3)
#undef NANOMECH_INSTANTIATE
} // namespace nanomech
