#include <deal.II/base/mpi.h>
#include <deal.II/lac/petsc_vector.h>

#include "analyses/loading.h"
#include "base/exceptions.h"
#include "physics/constraint_tools.h"

#include <array>
#include <cmath>
#include <sstream>

// Three-point bending: the rigid pads (load line and supports), the
// reaction on the load pad, and the constraints of the beam.
namespace nanomech
{
  using namespace dealii;

  namespace
  {
    /// The x of the load line and of the two supports of a beam.
    template <int dim>
    std::array<double, 3>
    pad_centres(const double span, const Point<dim> &size)
    {
      return {{0.5 * size[0], 0.5 * (size[0] - span), 0.5 * (size[0] + span)}};
    }

    /// The dofs of component @p c on face @p b of a beam's pad centred at
    /// x = @p xc, half as wide as @p half (only those at z = 0 if
    /// @p first_z_only, in 3D).
    template <int dim>
    std::vector<types::global_dof_index>
    pad_dofs(const DoFHandler<dim>   &dof_handler,
             const types::boundary_id b,
             const unsigned int       c,
             const double             xc,
             const double             half,
             const double             tol,
             const bool               first_z_only = false)
    {
      return boundary_dofs_where<dim>(
          dof_handler, b, c, [&](const Point<dim> &p) {
            return std::abs(p[0] - xc) <= half &&
                   (!first_z_only || dim == 2 || p[dim - 1] < tol);
          });
    }
  } // namespace

  template <int dim>
  bool
  LoadingParameters::near_pads(const Point<dim> &x,
                               const Point<dim> &size,
                               const double      radius) const
  {
    if (type != Type::three_point_bending)
      return false;
    const auto centres = pad_centres(span_of(size), size);
    for (unsigned int k = 0; k < 3; ++k)
      {
        // Distance in the x-y plane to the segment of the pad.
        const double y = k == 0 ? size[1] : 0.;
        const double dx =
            std::max(0., std::abs(x[0] - centres[k]) - 0.5 * pad_width);
        if (std::hypot(dx, x[1] - y) < radius)
          return true;
      }
    return false;
  }

  template <int dim, typename VectorType>
  double
  LoadingParameters::reaction(const DoFHandler<dim> &dof_handler,
                              const VectorType      &force,
                              const Point<dim>      &size,
                              const MPI_Comm         comm) const
  {
    const double tol = 1e-8 * size.norm();
    const auto   dofs =
        type == Type::three_point_bending ?
              pad_dofs<dim>(
                dof_handler, 3, 1, 0.5 * size[0], 0.5 * pad_width + tol, tol) :
              boundary_dofs_where<dim>(dof_handler,
                                     moved_boundary,
                                     axis,
                                     [](const Point<dim> &) { return true; });
    double sum = 0.;
    for (const auto i : dofs)
      if (force.in_local_range(i))
        sum += force(i);
    sum = Utilities::MPI::sum(sum, comm);
    // The pad pushes down: the force on it is -K u in y.
    return type == Type::three_point_bending ? -sum : sum;
  }

  std::string
  LoadingParameters::description() const
  {
    const char *xyz = "xyz";
    if (type == Type::three_point_bending)
      return "three-point bending";
    if (type == Type::pressure)
      return "pressure on boundary " + std::to_string(pressure_boundary);
    if (type == Type::uniaxial)
      return std::string(strain > 0 ? "uniaxial tension" :
                                      "uniaxial compression") +
             " along " + xyz[axis];
    return std::string("simple shear ") + xyz[axis] + xyz[face_normal];
  }

  template <int dim>
  void
  LoadingParameters::apply_bending(const DoFHandler<dim>     &dof_handler,
                                   const Point<dim>          &size,
                                   const double               factor,
                                   AffineConstraints<double> &constraints) const
  {
    const double delta   = displacement(factor * strain, size);
    const double tol     = 1e-8 * size.norm();
    const double half    = 0.5 * pad_width + tol;
    const auto   centres = pad_centres(span_of(size), size);
    // Holds component c of the dofs of the pad around x = xc on face b at
    // value (unless constrained already); returns how many dofs all ranks
    // found.
    const auto hold = [&](const types::boundary_id b,
                          const unsigned int       c,
                          const double             xc,
                          const double             value,
                          const bool               first_z_only) {
      const auto dofs =
          pad_dofs<dim>(dof_handler, b, c, xc, half, tol, first_z_only);
      for (const auto i : dofs)
        if (constraints.can_store_line(i) && !constraints.is_constrained(i))
          {
            constraints.add_line(i);
            constraints.set_inhomogeneity(i, value);
          }
      return Utilities::MPI::sum(dofs.size(), dof_handler.get_communicator());
    };
    const std::size_t on_load = hold(3, 1, centres[0], -delta, false);
    // One collective call after the other, on every rank in this order.
    const std::size_t  on_left  = hold(2, 1, centres[1], 0., false);
    const std::size_t  on_right = hold(2, 1, centres[2], 0., false);
    std::ostringstream s;
    s << "Loading/Type = three-point bending: no mesh node lies on the load "
         "line x = "
      << centres[0] << " um or on a support (x = " << centres[1] << ", "
      << centres[2]
      << " um); put grid lines there (Geometry/Cells) or set Loading/Pad "
         "width to at least a cell";
    require_input(on_load > 0 && on_left > 0 && on_right > 0, s.str());
    // Rigid motions: the left support holds u_x (and one point u_z).
    hold(2, 0, centres[1], 0., false);
    if (dim == 3)
      hold(2, dim - 1, centres[1], 0., true);
  }


#define NANOMECH_INSTANTIATE(dim)                                       \
  template bool   LoadingParameters::near_pads<dim>(const Point<dim> &, \
                                                  const Point<dim> &, \
                                                  double) const;      \
  template double LoadingParameters::reaction<dim>(                     \
      const DoFHandler<dim> &,                                          \
      const PETScWrappers::MPI::Vector &,                               \
      const Point<dim> &,                                               \
      MPI_Comm) const;                                                  \
  template void LoadingParameters::apply_bending<dim>(                  \
      const DoFHandler<dim> &,                                          \
      const Point<dim> &,                                               \
      double,                                                           \
      AffineConstraints<double> &) const;
  NANOMECH_INSTANTIATE(2)
  NANOMECH_INSTANTIATE(3)
#undef NANOMECH_INSTANTIATE
} // namespace nanomech
