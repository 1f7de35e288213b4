#include "analyses/path_stepping.h"

#include <algorithm>
#include <cmath>

namespace nanomech
{
  unsigned int
  PathStepper::follow(const std::vector<double> &levels,
                      const double               max_increment) const
  {
    double       e = 0., increment = max_increment;
    unsigned int cuts = 0;
    for (unsigned int segment = 0; segment < levels.size(); ++segment)
      {
        const double target = levels[segment];
        while (e != target)
          {
            const double direction = target > e ? 1. : -1.;
            double       next =
                e + direction * std::min(std::abs(target - e), increment);
            // No sliver of a step at the end of a segment.
            if (std::abs(target - next) < 1e-3 * increment)
              next = target;
            const int iterations = try_step(e, next);
            if (iterations < 0)
              {
                increment *= 0.5;
                ++cuts;
                if (increment < max_increment / 1024.)
                  give_up(e, next, segment);
                on_cut(next, increment);
                continue;
              }
            e = next;
            // Grow back after a cut while steps converge fast.
            if (iterations <= 4)
              increment = std::min(max_increment, 1.5 * increment);
          }
        on_segment(segment, e);
      }
    return cuts;
  }

  double
  offset_yield_strength(const std::vector<double> &strain,
                        const std::vector<double> &stress,
                        const double               first_level)
  {
    if (strain.empty())
      return 0.;
    const double slope    = stress.front() / strain.front();
    const double sign     = first_level > 0. ? 1. : -1.;
    double       g_before = 0., s_before = 0.;
    for (std::size_t i = 0; i < strain.size(); ++i)
      {
        if (strain[i] * sign > std::abs(first_level) * (1. + 1e-12))
          break;
        const double g =
            sign * (stress[i] - slope * (strain[i] - sign * 0.002));
        if (g <= 0.)
          {
            const double t = g_before / (g_before - g);
            return std::abs(s_before + t * (stress[i] - s_before));
          }
        g_before = g;
        s_before = stress[i];
      }
    return 0.;
  }
} // namespace nanomech
