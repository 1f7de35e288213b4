#pragma once

#include <string>

namespace nanomech
{
  /**
   * Apparent fracture toughness of a notched specimen from its peak
   * nominal stress, by linear elastic fracture mechanics:
   *   K = F(alpha) sigma_peak sqrt(pi a),   G = K^2 / E'
   * with the geometry factors of Tada, Paris & Irwin, The Stress Analysis
   * of Cracks Handbook, 3rd ed. (ASME 2000), for a strip of width W under
   * uniform tension, accurate to 0.5 % or better for every alpha:
   * - single edge crack of depth a, alpha = a / W (Tada 2.10: the strip
   *   free to rotate; grips that keep the loaded faces flat, as ours do,
   *   give a smaller K in strips shorter than about 4 W);
   * - centre crack of length 2a, alpha = 2a / W (Tada 2.1, Feddersen's
   *   secant with Tada's polynomial);
   * - two symmetric edge cracks of depth a each, alpha = 2a / W (Tada 2.6).
   */
  namespace notch
  {
    enum class Geometry
    {
      none,
      single_edge,
      centre,
      double_edge
    };

    Geometry
    parse(const std::string &name);
    std::string
    name(Geometry geometry);

    /// alpha of a notch of length @p a (µm; half length for a centre
    /// crack, depth of each for double edge) in a strip of width @p W.
    double
    relative_length(Geometry geometry, double a, double W);

    /// F(alpha); alpha in (0, 1).
    double
    geometry_factor(Geometry geometry, double alpha);

    /// K = F sigma sqrt(pi a) in MPa sqrt(µm) (1e-3 MPa sqrt(m)), for the
    /// nominal stress @p sigma (MPa) and notch length @p a (µm).
    double
    stress_intensity(Geometry geometry, double sigma, double a, double W);
  } // namespace notch
} // namespace nanomech
