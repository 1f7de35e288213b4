#include "analyses/notch.h"

#include "base/exceptions.h"

#include <cmath>

namespace nanomech
{
  namespace notch
  {
    Geometry
    parse(const std::string &name)
    {
      if (name == "single edge")
        return Geometry::single_edge;
      if (name == "centre")
        return Geometry::centre;
      if (name == "double edge")
        return Geometry::double_edge;
      return Geometry::none;
    }

    std::string
    name(const Geometry geometry)
    {
      switch (geometry)
        {
          case Geometry::single_edge:
            return "single edge";
          case Geometry::centre:
            return "centre";
          case Geometry::double_edge:
            return "double edge";
          default:
            return "none";
        }
    }

    double
    relative_length(const Geometry geometry, const double a, const double W)
    {
      return geometry == Geometry::single_edge ? a / W : 2. * a / W;
    }

    double
    geometry_factor(const Geometry geometry, const double alpha)
    {
      const double pi = M_PI;
      switch (geometry)
        {
          case Geometry::single_edge:
            {
              // Tada, Paris & Irwin (2000), 2.10.
              const double x = 0.5 * pi * alpha;
              const double s = 1. - std::sin(x);
              return std::sqrt(std::tan(x) / x) *
                     (0.752 + 2.02 * alpha + 0.37 * s * s * s) / std::cos(x);
            }
          case Geometry::centre:
            {
              // Tada, Paris & Irwin (2000), 2.1.
              const double a2 = alpha * alpha;
              return (1. - 0.025 * a2 + 0.06 * a2 * a2) /
                     std::sqrt(std::cos(0.5 * pi * alpha));
            }
          case Geometry::double_edge:
            {
              // Tada, Paris & Irwin (2000), 2.6.
              const double a = alpha;
              return (1.122 - 0.561 * a - 0.205 * a * a + 0.471 * a * a * a -
                      0.190 * a * a * a * a) /
                     std::sqrt(1. - a);
            }
          default:
            return 0.;
        }
    }

    double
    stress_intensity(const Geometry geometry,
                     const double   sigma,
                     const double   a,
                     const double   W)
    {
      const double alpha = relative_length(geometry, a, W);
      return geometry_factor(geometry, alpha) * sigma * std::sqrt(M_PI * a);
    }
  } // namespace notch
} // namespace nanomech
