#pragma once

#include <deal.II/base/point.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>

#include <functional>
#include <vector>

/**
 * Constraints on the displacement of the box specimen (boundary ids 2a and
 * 2a+1 for the faces x_a = 0 and x_a = L_a): pinned points, periodicity
 * of opposite faces, a whole boundary held. Each adds lines to an
 * AffineConstraints object that holds the hanging-node constraints already
 * and leaves lines that are constrained alone.
 */
namespace nanomech
{
  /// Constrains component @p c at the vertex at @p p (if this rank sees
  /// it) to zero, unless it is constrained already.
  template <int dim>
  void
  pin_vertex(const dealii::DoFHandler<dim>     &dof_handler,
             const dealii::Point<dim>          &p,
             unsigned int                       c,
             double                             tol,
             dealii::AffineConstraints<double> &constraints);

  /// The dofs of component @p c on the faces with boundary id @p b (of
  /// the cells this rank sees) whose support points satisfy @p where,
  /// sorted, each once.
  template <int dim>
  std::vector<dealii::types::global_dof_index>
  boundary_dofs_where(
      const dealii::DoFHandler<dim>                         &dof_handler,
      dealii::types::boundary_id                             b,
      unsigned int                                           c,
      const std::function<bool(const dealii::Point<dim> &)> &where);

  /// u(x + L_a e_a) = u(x) on every pair of opposite faces (the
  /// triangulation must have been made periodic before refinement).
  template <int dim>
  void
  add_periodicity_constraints(const dealii::DoFHandler<dim>     &dof_handler,
                              dealii::AffineConstraints<double> &constraints);

  /// u = 0 on every face of the box.
  template <int dim>
  void
  hold_whole_boundary(const dealii::DoFHandler<dim>     &dof_handler,
                      dealii::AffineConstraints<double> &constraints);

  /// Holds the vertex of the mesh nearest to @p target (strictly inside
  /// the box [0, size], and not constrained yet) in all components: with
  /// periodic constraints this removes the rigid translations. Every rank
  /// picks the same vertex; returns its first dof.
  template <int dim>
  dealii::types::global_dof_index
  hold_vertex_nearest(const dealii::DoFHandler<dim>     &dof_handler,
                      const dealii::Point<dim>          &target,
                      const dealii::Point<dim>          &size,
                      dealii::AffineConstraints<double> &constraints);

  /// Removes the rigid motions of a free body with the 3-2-1 rule: the
  /// origin held, the corner (L_x, 0, 0) held in y and z, the corner
  /// (0, L_y, 0) in z (in 2D: the origin, and (L_x, 0) in y). With
  /// self-equilibrated loads these supports carry no force.
  template <int dim>
  void
  remove_rigid_motions(const dealii::DoFHandler<dim>     &dof_handler,
                       const dealii::Point<dim>          &size,
                       dealii::AffineConstraints<double> &constraints);
} // namespace nanomech
