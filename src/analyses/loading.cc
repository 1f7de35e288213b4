#include "analyses/loading.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/function.h>
#include <deal.II/fe/component_mask.h>
#include <deal.II/numerics/vector_tools.h>

#include "base/exceptions.h"
#include "physics/constraint_tools.h"

namespace nanomech
{
  using namespace dealii;

  namespace
  {
    unsigned int
    axis_index(const char c)
    {
      return c == 'x' ? 0 : c == 'y' ? 1 : 2;
    }

  } // namespace

  void
  LoadingParameters::declare_parameters(ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Loading");
    prm.declare_entry("Type",
                      "uniaxial",
                      Patterns::Selection("uniaxial|simple shear"),
                      "uniaxial: tension (positive strain) or compression "
                      "along 'Direction'. simple shear: the face normal to "
                      "the second letter of 'Shear plane' moves along the "
                      "first.");
    prm.declare_entry("Direction",
                      "x",
                      Patterns::Selection("x|y|z"),
                      "Loading axis of a uniaxial test (z only in 3D).");
    prm.declare_entry("Shear plane",
                      "xy",
                      Patterns::Selection("xy|yx|xz|zx|yz|zy"),
                      "Simple shear 'ab': displacement along a of the face "
                      "normal to b (e.g. xy: the top face y = L_y moves "
                      "along x).");
    prm.declare_entry("Applied strain",
                      "0.001",
                      Patterns::Double(-0.5, 0.5),
                      "Nominal strain delta/L of a uniaxial test (negative: "
                      "compression), or shear strain gamma = delta/L_b.");
    prm.declare_entry("Lateral faces",
                      "traction free",
                      Patterns::Selection("traction free|roller"),
                      "Faces not loaded: traction free, or on rollers "
                      "(normal displacement zero: uniaxial strain in a "
                      "tension test).");
    prm.declare_entry("Fixed boundary",
                      "-1",
                      Patterns::Integer(-1, 255),
                      "Boundary id of the held face; -1: the box face x_n = 0 "
                      "(id 2n), or id 1 (bottom_grip) for a mesh file.");
    prm.declare_entry("Moved boundary",
                      "-1",
                      Patterns::Integer(-1, 255),
                      "Boundary id of the moved face; -1: the box face "
                      "x_n = L_n (id 2n+1), or id 2 (top_grip) for a mesh "
                      "file.");
    prm.declare_entry("Grips",
                      "sliding",
                      Patterns::Selection("sliding|clamped"),
                      "Loaded faces of a uniaxial test: sliding (only the "
                      "normal displacement is prescribed) or clamped (all "
                      "components). Shear grips are always clamped.");
  }

  void
  LoadingParameters::parse_parameters(ParameterHandler  &prm,
                                      const unsigned int dim,
                                      const bool         mesh_file)
  {
    const ScopedSubsection subsection(prm, "Loading");
    type   = prm.get("Type") == "uniaxial" ? Type::uniaxial : Type::shear;
    strain = prm.get_double("Applied strain");
    lateral_rollers = prm.get("Lateral faces") == "roller";
    clamped_grips   = prm.get("Grips") == "clamped";
    if (type == Type::uniaxial)
      {
        axis = face_normal = axis_index(prm.get("Direction")[0]);
        require_input(axis < dim, "Loading/Direction = z needs Dimension = 3");
      }
    else
      {
        const std::string plane = prm.get("Shear plane");
        axis                    = axis_index(plane[0]);
        face_normal             = axis_index(plane[1]);
        require_input(axis < dim && face_normal < dim,
                      "Loading/Shear plane = " + plane +
                          " needs Dimension = 3");
      }
    const int fixed = prm.get_integer("Fixed boundary");
    const int moved = prm.get_integer("Moved boundary");
    fixed_boundary  = fixed >= 0 ? fixed : mesh_file ? 1 : 2 * face_normal;
    moved_boundary  = moved >= 0 ? moved : mesh_file ? 2 : 2 * face_normal + 1;
    require_input(fixed_boundary != moved_boundary,
                  "Loading/Fixed boundary and Moved boundary must differ");
    require_input(!mesh_file || ((clamped_grips || type == Type::shear) &&
                                 !lateral_rollers),
                  "Loading: a specimen from Geometry/Mesh file needs Grips = "
                  "clamped and Lateral faces = traction free (sliding grips "
                  "and rollers refer to the faces of the box)");
    require_input(strain != 0., "Loading/Applied strain must not be zero");
  }

  std::string
  LoadingParameters::description() const
  {
    const char *xyz = "xyz";
    if (type == Type::uniaxial)
      return std::string(strain > 0 ? "uniaxial tension" :
                                      "uniaxial compression") +
             " along " + xyz[axis];
    return std::string("simple shear ") + xyz[axis] + xyz[face_normal];
  }

  template <int dim>
  void
  LoadingParameters::apply(const DoFHandler<dim>     &dof_handler,
                           const Point<dim>          &size,
                           const double               factor,
                           AffineConstraints<double> &constraints) const
  {
    const unsigned int n       = face_normal;
    const double       delta   = factor * strain * size[n];
    auto               mask_of = [](const unsigned int c) {
      ComponentMask m(dim, false);
      m.set(c, true);
      return m;
    };
    const ComponentMask all(dim, true);
    const bool          clamp = clamped_grips || type == Type::shear;

    // Fixed face x_n = 0.
    VectorTools::interpolate_boundary_values(dof_handler,
                                             fixed_boundary,
                                             Functions::ZeroFunction<dim>(dim),
                                             constraints,
                                             clamp ? all : mask_of(n));
    // Moving face x_n = L_n: u_axis = delta (and the rest zero if clamped).
    Vector<double> value(dim);
    value[axis] = delta;
    VectorTools::interpolate_boundary_values(dof_handler,
                                             moved_boundary,
                                             Functions::ConstantFunction<dim>(
                                                 value),
                                             constraints,
                                             clamp ? all : mask_of(axis));

    for (unsigned int m = 0; m < dim; ++m)
      if (m != n && lateral_rollers)
        {
          // Rollers: faces normal to m hold u_m = 0; in shear the faces
          // normal to the displacement direction hold u_n = 0 instead
          // (the exact homogeneous solution u = gamma x_n e_axis has
          // u_n = 0 and no normal traction there).
          const unsigned int c = (type == Type::shear && m == axis) ? n : m;
          for (const unsigned int side : {0u, 1u})
            VectorTools::interpolate_boundary_values(
                dof_handler,
                2 * m + side,
                Functions::ZeroFunction<dim>(dim),
                constraints,
                mask_of(c));
        }

    if (type == Type::uniaxial && !clamp && !lateral_rollers)
      {
        // Remove the rigid motions left by sliding grips and free sides:
        // translations normal to the axis (pin the origin) and in 3D the
        // rotation about the axis (pin a second corner on the fixed face).
        const double tol = 1e-8 * size.norm();
        for (unsigned int c = 0; c < dim; ++c)
          if (c != n)
            pin_vertex(dof_handler, Point<dim>(), c, tol, constraints);
        if (dim == 3)
          {
            const unsigned int m1 = (n + 1) % 3, m2 = (n + 2) % 3;
            Point<dim>         corner;
            corner[m1] = size[m1];
            pin_vertex(dof_handler, corner, m2, tol, constraints);
          }
      }
  }

  template void
  LoadingParameters::apply<2>(const DoFHandler<2> &,
                              const Point<2> &,
                              double,
                              AffineConstraints<double> &) const;
  template void
  LoadingParameters::apply<3>(const DoFHandler<3> &,
                              const Point<3> &,
                              double,
                              AffineConstraints<double> &) const;
} // namespace nanomech
