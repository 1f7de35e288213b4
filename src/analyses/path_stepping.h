#pragma once

#include <functional>
#include <vector>

namespace nanomech
{
  /**
   * Follows a loading path: its levels in turn from zero, in steps of at
   * most max_increment (no sliver of a step at a level's end), halving the
   * increment where a step fails and growing it back (x 1.5, up to the
   * largest) after steps of at most 4 Newton iterations. Shared by the
   * elastic test's paths and the homogenization's macro strain paths.
   */
  struct PathStepper
  {
    /// Tries the step from @p from to @p to: Newton's iterations if it
    /// converged (the caller has kept the state), -1 if not (the caller
    /// has restored the last converged state).
    std::function<int(double from, double to)> try_step;
    /// A step to @p to failed; the increment is now @p increment.
    std::function<void(double to, double increment)> on_cut;
    /// The increment fell below max_increment / 1024 on the step from
    /// @p from to @p to of segment @p segment: must throw.
    std::function<void(double from, double to, unsigned int segment)> give_up;
    /// Level @p segment (value @p level) is reached.
    std::function<void(unsigned int segment, double level)> on_segment;

    /// Follows @p levels; returns the number of cut steps.
    unsigned int
    follow(const std::vector<double> &levels, double max_increment) const;
  };

  /// The 0.2 % offset yield strength of the first segment of a path (to
  /// @p first_level) of converged steps (@p strain, @p stress): where the
  /// curve crosses the line of the first step's slope shifted by 0.002,
  /// interpolated linearly between steps; 0 if it does not.
  double
  offset_yield_strength(const std::vector<double> &strain,
                        const std::vector<double> &stress,
                        double                     first_level);
} // namespace nanomech
