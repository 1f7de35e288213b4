#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>

#include <string>

namespace nanomech
{
  /**
   * Displacement-controlled loading of the specimen box ("Loading"
   * subsection): uniaxial tension/compression along an axis, or simple
   * shear. Boundary ids as in make_box_mesh(): 2a for the face x_a = 0,
   * 2a+1 for x_a = L_a.
   *
   * Uniaxial along axis a: the face x_a = 0 is held (u_a = 0, "sliding"
   * grips let it slide freely in-plane; "clamped" grips hold all
   * components) and the face x_a = L_a moves by delta = strain * L_a.
   * Simple shear in plane "ab" (displacement along a, faces normal to b):
   * u = 0 on x_b = 0 and u = delta e_a on x_b = L_b, delta = gamma * L_b.
   *
   * Lateral faces are traction free or on rollers (normal displacement
   * zero; for shear, faces normal to a hold u_b = 0). With traction-free
   * faces and sliding grips the remaining rigid motions are removed by
   * pinning corner points, so a homogeneous specimen is in an exactly
   * uniform stress state.
   */
  struct LoadingParameters
  {
    enum class Type
    {
      uniaxial,
      shear
    };

    static void
    declare_parameters(dealii::ParameterHandler &prm);
    /// @p mesh_file: the specimen comes from a gmsh file (then the grips
    /// are the boundary ids given, 1 and 2 by default, and must clamp).
    void
    parse_parameters(dealii::ParameterHandler &prm,
                     unsigned int              dim,
                     bool                      mesh_file = false);

    Type         type        = Type::uniaxial;
    unsigned int axis        = 0;    ///< loaded direction (displacement)
    unsigned int face_normal = 0;    ///< normal of the loaded faces
    double       strain      = 1e-3; ///< nominal strain (or shear strain gamma)
    bool         lateral_rollers = false;
    bool         clamped_grips   = false;
    /// Boundary ids of the held and the moved face (box: 2n and 2n+1).
    unsigned int fixed_boundary = 0;
    unsigned int moved_boundary = 1;

    /// Boundary id of the moving face.
    unsigned int
    loaded_face() const
    {
      return moved_boundary;
    }

    std::string
    description() const;

    /// Adds the Dirichlet constraints for the load scaled by @p factor
    /// (1 = the full strain) on the box [0, size].
    template <int dim>
    void
    apply(const dealii::DoFHandler<dim>     &dof_handler,
          const dealii::Point<dim>          &size,
          double                             factor,
          dealii::AffineConstraints<double> &constraints) const;
  };
} // namespace nanomech
