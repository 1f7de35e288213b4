#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace nanomech
{
  /// Distance of @p x to the segment @p c = (x0, y0, x1, y1), measured in
  /// the x-y plane (µm).
  template <int dim>
  double
  distance_to_segment(const dealii::Point<dim>    &x,
                      const std::array<double, 4> &c)
  {
    const double ex = c[2] - c[0], ey = c[3] - c[1];
    const double px = x[0] - c[0], py = x[1] - c[1];
    const double t =
        std::clamp((px * ex + py * ey) / (ex * ex + ey * ey), 0., 1.);
    return std::hypot(px - t * ex, py - t * ey);
  }

  /// Distance of @p x to the nearest of the segments (x0, y0, x1, y1),
  /// measured in the x-y plane (µm).
  template <int dim>
  double
  distance_to_segments(const dealii::Point<dim>                 &x,
                       const std::vector<std::array<double, 4>> &segments)
  {
    double d = std::numeric_limits<double>::max();
    for (const auto &c : segments)
      d = std::min(d, distance_to_segment(x, c));
    return d;
  }

  /// Whether the cell with centre @p x and extents @p extent (µm, along
  /// the axes) belongs to the band of one of the segments, a band one
  /// cell wide: its centre lies within the cell's half-width w across the
  /// segment (in the x-y plane), and not at -w exactly. A segment through
  /// the cells' interiors selects the cells it crosses; a segment along
  /// mesh lines the cells on its left (seen from (x0, y0) to (x1, y1)),
  /// not both sides, so that every node of the band also belongs to an
  /// unbroken cell (a node inside a band two cells wide would be held by
  /// the residual stiffness alone).
  template <int dim>
  bool
  in_crack_band(const dealii::Point<dim>                 &x,
                const dealii::Tensor<1, dim>             &extent,
                const std::vector<std::array<double, 4>> &segments)
  {
    for (const auto &c : segments)
      {
        const double ex = c[2] - c[0], ey = c[3] - c[1];
        const double length = std::hypot(ex, ey);
        const double nx = -ey / length, ny = ex / length;
        const double w =
            0.5 * (std::abs(nx) * extent[0] + std::abs(ny) * extent[1]);
        const double offset = (x[0] - c[0]) * nx + (x[1] - c[1]) * ny;
        if (distance_to_segment(x, c) <= w * (1. + 1e-10) &&
            offset > -w * (1. - 1e-10))
          return true;
      }
    return false;
  }

  /// Distance of @p x to the disc @p c = (cx, cy, cz, r) normal to z
  /// (µm; 3D).
  template <int dim>
  double
  distance_to_disc(const dealii::Point<dim> &x, const std::array<double, 4> &c)
  {
    const double rho    = std::hypot(x[0] - c[0], x[1] - c[1]);
    const double offset = x[dim - 1] - c[2];
    return rho <= c[3] ? std::abs(offset) : std::hypot(rho - c[3], offset);
  }

  /**
   * The cracks present before loading: segments (x0, y0, x1, y1) in the
   * x-y plane, through the thickness in 3D, and (3D) discs (cx, cy, cz, r)
   * normal to z.
   */
  struct InitialCracks
  {
    std::vector<std::array<double, 4>> segments;
    std::vector<std::array<double, 4>> discs;

    bool
    empty() const
    {
      return segments.empty() && discs.empty();
    }

    /// Distance of @p x to the nearest crack (µm).
    template <int dim>
    double
    distance(const dealii::Point<dim> &x) const
    {
      double d = distance_to_segments(x, segments);
      if (dim == 3)
        for (const auto &c : discs)
          d = std::min(d, distance_to_disc(x, c));
      return d;
    }

    /// Whether the cell with centre @p x and extents @p extent belongs to
    /// the band of a crack: in_crack_band() for the segments; for a disc,
    /// the centre within the cell's half-height w of the disc and not at
    /// -w exactly (a disc on a mesh plane takes the cells on its +z side).
    template <int dim>
    bool
    in_band(const dealii::Point<dim>     &x,
            const dealii::Tensor<1, dim> &extent) const
    {
      if (in_crack_band(x, extent, segments))
        return true;
      if (dim == 3)
        for (const auto &c : discs)
          {
            const double w = 0.5 * extent[dim - 1];
            if (distance_to_disc(x, c) <= w * (1. + 1e-10) &&
                x[dim - 1] - c[2] > -w * (1. - 1e-10))
              return true;
          }
      return false;
    }
  };
} // namespace nanomech
