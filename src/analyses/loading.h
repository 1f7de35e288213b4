#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/lac/affine_constraints.h>

#include <vector>

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
   *
   * Three-point bending of a beam along x of depth W = L_y (and thickness
   * B = L_z in 3D; per unit thickness in 2D): supports under the bottom
   * face y = 0 at x = (L_x -+ S) / 2, the load on the top face at
   * x = L_x / 2, each a rigid pad of width "Pad width" (every node of the
   * face within half the width of the line moves together; width 0: the
   * nodes on the line). The load pad moves down by delta, the supports
   * hold u_y = 0, the left support also u_x = 0 at its centre (and u_z = 0
   * at one point in 3D). The load variable is the flexural strain
   * eps_f = 6 delta W / S^2 and the nominal stress the flexural stress
   * sigma_f = 3 F S / (2 B W^2), F the force on the load pad (the
   * definitions of ASTM D790 for a beam's outer fibre at midspan).
   *
   * Pressure (elastic test): a pressure p (MPa, positive pushing on the
   * surface: traction -p n) on one boundary, the bore of a tube or a
   * sphere, say; the body is held by roller boundaries and/or a clamped
   * fixed boundary. The load variable is p and the response the volume
   * the loaded surface sweeps, V = -int u.n ds (the growth of a cavity).
   *
   * Roller boundaries (any loading): flat boundaries normal to an axis a
   * (a box face, or a plane of symmetry of a gmsh specimen) hold u_a = 0.
   */
  struct LoadingParameters
  {
    enum class Type
    {
      uniaxial,
      shear,
      three_point_bending,
      pressure
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
    /// A loading path of nominal strain levels from zero (elastic test);
    /// empty: the Applied strain in one step. The largest increment of a
    /// step on it (0: a twentieth of the largest level).
    std::vector<double> strain_path;
    /// The largest increment of a load step on a path, in the path's
    /// unit (strain, or MPa for a pressure path).
    double path_increment = 0.;
    /// Pressure loading: the loaded boundary, the pressure (MPa) of one
    /// step, or a path of pressure levels (MPa) from zero.
    unsigned int        pressure_boundary = 0;
    double              pressure          = 0.;
    std::vector<double> pressure_path;
    /// Boundaries on rollers and the axis each is normal to (the axes
    /// are set by AnalysisBase::parse_loading(), which knows the mesh).
    std::vector<unsigned int> roller_boundaries, roller_axes;
    bool                      lateral_rollers = false;
    bool                      clamped_grips   = false;
    /// Boundary ids of the held and the moved face (box: 2n and 2n+1).
    unsigned int fixed_boundary = 0;
    unsigned int moved_boundary = 1;
    /// Three-point bending: the span S (0: L_x) and the pads' width (µm).
    double span      = 0.;
    double pad_width = 0.;

    /// Whether a fixed boundary is held (a pressure loading may be held
    /// by rollers alone).
    bool
    has_fixed_boundary() const
    {
      return type != Type::pressure || fixed_given;
    }
    /// The load variable of a path: the nominal strain, or the pressure.
    double
    load_level() const
    {
      return type == Type::pressure ? pressure : strain;
    }
    /// The levels of the loading path (one level if none was given).
    std::vector<double>
    path_levels() const;

    /// Three-point bending: the distance between the supports.
    template <int dim>
    double
    span_of(const dealii::Point<dim> &size) const
    {
      return span > 0. ? span : size[0];
    }

    /// The displacement of the loaded face (or load pad) at @p strain.
    template <int dim>
    double
    displacement(double strain, const dealii::Point<dim> &size) const;

    /// The nominal stress of the reaction force @p force on the loaded
    /// face (or pad) of a specimen of cross-section @p cross_section
    /// (cross_section(): the loaded face, or the beam's W B).
    template <int dim>
    double
    nominal_stress(double                    force,
                   double                    cross_section,
                   const dealii::Point<dim> &size) const;

    /// Boundary id of the face whose measure is the nominal
    /// cross-section: the loaded face, or for a beam its end x = 0.
    unsigned int
    cross_section_face() const
    {
      return type == Type::three_point_bending ? 0 : moved_boundary;
    }

    /// Whether @p x lies within @p radius (in the x-y plane) of the load
    /// pad or a support of a three-point bending test (false otherwise).
    template <int dim>
    bool
    near_pads(const dealii::Point<dim> &x,
              const dealii::Point<dim> &size,
              double                    radius) const;

    /// Boundary id of the moving face.
    unsigned int
    loaded_face() const
    {
      return moved_boundary;
    }

    std::string
    description() const;

    /// Refuses (InputError) a beam's span or pads that do not fit the box
    /// of size @p size; nothing for other loadings.
    template <int dim>
    void
    check_geometry(const dealii::Point<dim> &size) const;

    /// Adds the Dirichlet constraints for the load scaled by @p factor
    /// (1 = the full strain) on the box [0, size] and the rollers (for a
    /// pressure: the supports alone, the pressure is a load).
    /// The reaction force on the loaded face along the loading axis, or
    /// on a beam's load pad (downward positive), from the internal forces
    /// @p force (K u, as ElasticProblem::internal_force()).
    template <int dim, typename VectorType>
    double
    reaction(const dealii::DoFHandler<dim> &dof_handler,
             const VectorType              &force,
             const dealii::Point<dim>      &size,
             MPI_Comm                       comm) const;

    template <int dim>
    void
    apply(const dealii::DoFHandler<dim>     &dof_handler,
          const dealii::Point<dim>          &size,
          double                             factor,
          dealii::AffineConstraints<double> &constraints) const;

  private:
    /// Pressure: whether Loading/Fixed boundary was given.
    bool fixed_given = false;
    template <int dim>
    void
    apply_bending(const dealii::DoFHandler<dim>     &dof_handler,
                  const dealii::Point<dim>          &size,
                  double                             factor,
                  dealii::AffineConstraints<double> &constraints) const;
  };
} // namespace nanomech
