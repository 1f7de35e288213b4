#include "analyses/loading.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/function.h>
#include <deal.II/fe/component_mask.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/numerics/vector_tools.h>

#include "base/exceptions.h"
#include "physics/constraint_tools.h"

#include <array>
#include <cmath>
#include <sstream>

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
                      Patterns::Selection("uniaxial|simple shear|three-"
                                          "point bending|pressure"),
                      "uniaxial: tension (positive strain) or compression "
                      "along 'Direction'. simple shear: the face normal to "
                      "the second letter of 'Shear plane' moves along the "
                      "first. three-point bending: a beam along x of depth "
                      "L_y on two supports under its bottom face, loaded at "
                      "midspan on its top face; 'Applied strain' is then "
                      "the flexural strain 6 delta L_y / S^2 (delta the "
                      "midspan deflection, S the span) and the stress the "
                      "flexural stress 3 F S / (2 B L_y^2). pressure "
                      "(elastic test): 'Applied pressure' or a 'Pressure "
                      "path' on the 'Pressure boundary' (the bore of a "
                      "tube or sphere), the body held by 'Roller "
                      "boundaries' and/or a clamped 'Fixed boundary'.");
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
    prm.declare_entry(
        "Strain path",
        "",
        Patterns::List(Patterns::Double(-0.5, 0.5)),
        "Elastic test: a loading path, the nominal strain levels (or shear "
        "strains) the moved face goes to in turn from zero, e.g. '0.02, "
        "-0.01, 0.03' loads, reverses and reloads; followed in load steps "
        "with Newton's method (plastic phases need it). Empty: one step to "
        "the Applied strain; a path replaces the Applied strain.");
    prm.declare_entry("Path increment",
                      "0",
                      Patterns::Double(0.),
                      "Largest increment of a load step on the path, in "
                      "its unit (nominal strain, or MPa for a pressure "
                      "path); steps are cut where Newton's method does not "
                      "converge and grow back; 0: a twentieth of the "
                      "largest level.");
    prm.declare_entry("Applied pressure",
                      "0",
                      Patterns::Double(),
                      "Type = pressure: the pressure (MPa) on the Pressure "
                      "boundary, positive pushing on the surface (traction "
                      "-p n).");
    prm.declare_entry("Pressure path",
                      "",
                      Patterns::List(Patterns::Double()),
                      "Type = pressure: the pressure levels (MPa) the load "
                      "goes to in turn from zero, like a Strain path; "
                      "replaces the Applied pressure.");
    prm.declare_entry("Pressure boundary",
                      "-1",
                      Patterns::Integer(-1, 255),
                      "Type = pressure: boundary id of the loaded surface "
                      "(a physical tag of the mesh file); -1: the box face "
                      "x_n = L_n of the Direction n (id 2n+1), needed for "
                      "a mesh file.");
    prm.declare_entry("Roller boundaries",
                      "",
                      Patterns::List(Patterns::Integer(0, 255)),
                      "Boundary ids of flat faces normal to an axis (box "
                      "faces, or planes of symmetry of a mesh file) that "
                      "hold the normal displacement at zero, e.g. '3, 4, "
                      "5' for the three symmetry planes of an octant.");
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
    prm.declare_entry("Span",
                      "0",
                      Patterns::Double(0.),
                      "Three-point bending: distance S between the supports "
                      "(um), centred on the beam; 0: the beam's length L_x "
                      "(supports at the ends).");
    prm.declare_entry("Pad width",
                      "0",
                      Patterns::Double(0.),
                      "Three-point bending: width (um) of the rigid pads at "
                      "the supports and under the load (the nodes of the "
                      "face within half of it move together); 0: the nodes "
                      "on the support and load lines only.");
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
    const std::string      name = prm.get("Type");
    type                        = name == "uniaxial" ? Type::uniaxial :
                                  name == "three-point bending" ? Type::three_point_bending :
                                  name == "pressure" ? Type::pressure :
                                                       Type::shear;
    span                        = prm.get_double("Span");
    pad_width                   = prm.get_double("Pad width");
    strain                      = prm.get_double("Applied strain");
    lateral_rollers             = prm.get("Lateral faces") == "roller";
    clamped_grips               = prm.get("Grips") == "clamped";
    if (type == Type::three_point_bending)
      {
        // Beam along x, depth along y: load on the top face (id 3),
        // supports under the bottom face (id 2).
        axis = face_normal = 1;
        require_input(!mesh_file,
                      "Loading/Type = three-point bending loads the box "
                      "beam; it cannot be used with Geometry/Mesh file");
        require_input(!lateral_rollers,
                      "Loading/Type = three-point bending needs Lateral "
                      "faces = traction free");
        require_input(strain > 0.,
                      "Loading/Applied strain (the flexural strain of "
                      "three-point bending) must be positive");
      }
    else if (type == Type::uniaxial || type == Type::pressure)
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
    fixed_given     = fixed >= 0;
    fixed_boundary  = fixed >= 0 ? fixed : mesh_file ? 1 : 2 * face_normal;
    moved_boundary  = moved >= 0 ? moved : mesh_file ? 2 : 2 * face_normal + 1;
    require_input(std::abs(strain) >= 1e-12,
                  "Loading/Applied strain must not be zero nor below 1e-12 "
                  "in magnitude (the displacement would drown in round-off)");
    path_increment = prm.get_double("Path increment");
    roller_boundaries =
        Patterns::Tools::Convert<std::vector<unsigned int>>::to_value(
            prm.get("Roller boundaries"), Patterns::List(Patterns::Integer()));
    // A path's levels from zero: none below round-off, none repeated.
    const auto read_path = [&prm](const std::string &entry,
                                  const double       smallest) {
      const std::vector<double> levels =
          Patterns::Tools::Convert<std::vector<double>>::to_value(
              prm.get(entry), Patterns::List(Patterns::Double()));
      double last = 0.;
      for (std::size_t i = 0; i < levels.size(); ++i)
        {
          std::ostringstream s;
          s << "Loading/" << entry << ": level " << i + 1 << " is below "
            << smallest << " in magnitude (round-off); give 0 or a larger one";
          require_input(std::abs(levels[i]) >= smallest || levels[i] == 0.,
                        s.str());
          require_input(levels[i] != last,
                        "Loading/" + entry + ": level " +
                            std::to_string(i + 1) + " (" + prm.get(entry) +
                            ") equals the level before it (the path starts "
                            "at 0); give each level once");
          last = levels[i];
        }
      return levels;
    };
    strain_path = read_path("Strain path", 1e-12);
    for (std::size_t i = 0; i < roller_boundaries.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        require_input(roller_boundaries[i] != roller_boundaries[j],
                      "Loading/Roller boundaries: boundary " +
                          std::to_string(roller_boundaries[i]) +
                          " is given twice");
    const auto not_a_roller = [this](const unsigned int id,
                                     const std::string &what) {
      for (const unsigned int r : roller_boundaries)
        require_input(r != id,
                      "Loading/Roller boundaries: boundary " +
                          std::to_string(id) + " is the " + what +
                          " (a face is either on rollers or loaded/held)");
    };
    if (type == Type::pressure)
      {
        const int loaded  = prm.get_integer("Pressure boundary");
        pressure_boundary = loaded >= 0 ? loaded : 2 * face_normal + 1;
        require_input(loaded >= 0 || !mesh_file,
                      "Loading/Pressure boundary: give the physical tag of "
                      "the loaded surface of the Geometry/Mesh file");
        pressure = prm.get_double("Applied pressure");
        require_input(std::abs(pressure) >= 1e-12 ||
                          !prm.get("Pressure path").empty(),
                      "Loading/Type = pressure needs an Applied pressure "
                      "(MPa, not zero nor below 1e-12 in magnitude) or a "
                      "Pressure path");
        pressure_path = read_path("Pressure path", 1e-12);
        require_input(fixed_given || !roller_boundaries.empty(),
                      "Loading/Type = pressure: nothing holds the body; give "
                      "Roller boundaries (planes of symmetry) and/or a Fixed "
                      "boundary (clamped)");
        require_input(!fixed_given || fixed_boundary != pressure_boundary,
                      "Loading/Fixed boundary and Pressure boundary must "
                      "differ");
        require_input(!lateral_rollers,
                      "Loading/Type = pressure: Lateral faces = roller refers "
                      "to a strain loading of the box; list the faces in "
                      "Roller boundaries");
        not_a_roller(pressure_boundary, "Pressure boundary");
        if (fixed_given)
          not_a_roller(fixed_boundary, "Fixed boundary");
        return;
      }
    require_input(prm.get("Pressure path").empty() &&
                      prm.get_double("Applied pressure") == 0. &&
                      prm.get_integer("Pressure boundary") < 0,
                  "Loading/Applied pressure, Pressure path and Pressure "
                  "boundary are read with Type = pressure only");
    require_input(path_increment <= 0.5,
                  "Loading/Path increment of a strain path must not exceed "
                  "0.5");
    require_input(fixed_boundary != moved_boundary,
                  "Loading/Fixed boundary and Moved boundary must differ");
    require_input(!mesh_file || ((clamped_grips || type == Type::shear) &&
                                 !lateral_rollers),
                  "Loading: a specimen from Geometry/Mesh file needs Grips = "
                  "clamped and Lateral faces = traction free (sliding grips "
                  "and rollers refer to the faces of the box; list a mesh's "
                  "planes of symmetry in Roller boundaries)");
    if (type != Type::three_point_bending)
      {
        not_a_roller(fixed_boundary, "Fixed boundary");
        not_a_roller(moved_boundary, "Moved boundary");
      }
  }

  std::vector<double>
  LoadingParameters::path_levels() const
  {
    const std::vector<double> &given =
        type == Type::pressure ? pressure_path : strain_path;
    return given.empty() ? std::vector<double>{load_level()} : given;
  }

  template <int dim>
  void
  LoadingParameters::check_geometry(const Point<dim> &size) const
  {
    if (type != Type::three_point_bending)
      return;
    std::ostringstream s;
    s << "Loading/Span = " << span << " um must not exceed the beam's "
      << "length Geometry/Size L_x = " << size[0] << " um";
    require_input(span <= size[0], s.str());
    require_input(pad_width < 0.5 * span_of(size),
                  "Loading/Pad width must be below half the span");
  }

  template <int dim>
  double
  LoadingParameters::displacement(const double      strain,
                                  const Point<dim> &size) const
  {
    if (type != Type::three_point_bending)
      return strain * size[face_normal];
    const double S = span_of(size);
    return strain * S * S / (6. * size[1]);
  }

  template <int dim>
  double
  LoadingParameters::nominal_stress(const double      force,
                                    const double      cross_section,
                                    const Point<dim> &size) const
  {
    if (type != Type::three_point_bending)
      return force / cross_section;
    // sigma_f = 3 F S / (2 B W^2) with B W = cross_section.
    return 3. * force * span_of(size) / (2. * size[1] * cross_section);
  }

  template <int dim>
  void
  LoadingParameters::apply(const DoFHandler<dim>     &dof_handler,
                           const Point<dim>          &size,
                           const double               factor,
                           AffineConstraints<double> &constraints) const
  {
    auto mask_of = [](const unsigned int c) {
      ComponentMask m(dim, false);
      m.set(c, true);
      return m;
    };
    // The rollers after the grips (a dof held by both keeps the grip's
    // value: interpolate_boundary_values() leaves constrained dofs alone).
    const auto rollers = [&]() {
      Assert(roller_axes.size() == roller_boundaries.size(),
             ExcInternalError());
      for (std::size_t r = 0; r < roller_boundaries.size(); ++r)
        VectorTools::interpolate_boundary_values(dof_handler,
                                                 roller_boundaries[r],
                                                 Functions::ZeroFunction<dim>(
                                                     dim),
                                                 constraints,
                                                 mask_of(roller_axes[r]));
    };
    const ComponentMask all(dim, true);
    if (type == Type::pressure)
      {
        if (fixed_given)
          VectorTools::interpolate_boundary_values(dof_handler,
                                                   fixed_boundary,
                                                   Functions::ZeroFunction<dim>(
                                                       dim),
                                                   constraints,
                                                   all);
        return rollers();
      }
    if (type == Type::three_point_bending)
      {
        apply_bending(dof_handler, size, factor, constraints);
        return rollers();
      }
    const unsigned int n     = face_normal;
    const double       delta = factor * strain * size[n];
    const bool         clamp = clamped_grips || type == Type::shear;

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
        // A roller normal to c removes the translation along c, and in 3D
        // any roller normal to a lateral axis the rotation about the axis.
        std::array<bool, 3> held{{false, false, false}};
        for (const unsigned int a : roller_axes)
          held[a] = true;
        const double tol = 1e-8 * size.norm();
        for (unsigned int c = 0; c < dim; ++c)
          if (c != n && !held[c])
            pin_vertex(dof_handler, Point<dim>(), c, tol, constraints);
        if (dim == 3 && !held[(n + 1) % 3] && !held[(n + 2) % 3])
          {
            const unsigned int m1 = (n + 1) % 3, m2 = (n + 2) % 3;
            Point<dim>         corner;
            corner[m1] = size[m1];
            pin_vertex(dof_handler, corner, m2, tol, constraints);
          }
      }
    rollers();
  }

#define NANOMECH_INSTANTIATE(dim)                                            \
  template void LoadingParameters::check_geometry<dim>(const Point<dim> &)   \
      const;                                                                 \
  template double LoadingParameters::displacement<dim>(double,               \
                                                       const Point<dim> &)   \
      const;                                                                 \
  template double LoadingParameters::nominal_stress<dim>(double,             \
                                                         double,             \
                                                         const Point<dim> &) \
      const;

  NANOMECH_INSTANTIATE(2)
  NANOMECH_INSTANTIATE(3)
#undef NANOMECH_INSTANTIATE

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
