#pragma once

#include <deal.II/base/parameter_handler.h>

#include "base/random_stream.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace nanomech
{
  class JsonWriter;

  /**
   * A geometric size that varies from object to object (tablet length, rod
   * diameter, grain size, particle radius): a mean and a coefficient of
   * variation, drawn from a normal distribution truncated to positive
   * values or from a lognormal one. Declared as two entries, "NAME" (µm)
   * and "NAME CoV"; the distribution type is the family's "Size
   * distribution" entry.
   */
  class SizeDistribution
  {
  public:
    SizeDistribution() = default;
    /// A distribution given directly (mean in µm) rather than read.
    SizeDistribution(const double mean, const double cov, const bool lognormal)
        : mean_value(mean)
        , cov_value(cov)
        , is_lognormal(lognormal)
    {
    }

    static void
    declare_parameters(dealii::ParameterHandler &prm,
                       const std::string        &name,
                       const std::string        &default_mean,
                       const std::string        &what);
    /// Declares the family-wide "Size distribution" entry.
    static void
    declare_type(dealii::ParameterHandler &prm);

    /// Reads NAME, NAME CoV and "Size distribution"; @p path names the
    /// subsection in messages.
    void
    parse_parameters(dealii::ParameterHandler &prm,
                     const std::string        &name,
                     const std::string        &path);

    /// One value. The truncated normal redraws values below 5 % of the mean
    /// (a size near zero is not a physical tablet, rod or grain); both
    /// redraw values below the lower bound of truncate_below().
    double
    sample(RandomStream &rng) const;

    /// Redraws values below @p fraction times the mean (both distributions).
    /// For thin layers and shells, whose thinnest drawn value sets the mesh
    /// refinement: a far tail value would refine the whole mesh for one
    /// layer. The realized mean is then slightly above the requested one.
    void
    truncate_below(const double fraction)
    {
      lower_fraction = fraction;
    }
    /// The smallest value sample() returns (0 without truncate_below()).
    double
    lower_bound() const
    {
      return lower_fraction * mean_value;
    }

    double
    mean() const
    {
      return mean_value;
    }
    /// Multiplies every size by @p factor (the CoV stays).
    void
    scale(const double factor)
    {
      mean_value *= factor;
    }
    double
    cov() const
    {
      return cov_value;
    }
    bool
    lognormal() const
    {
      return is_lognormal;
    }

  private:
    double mean_value     = 1.;
    double cov_value      = 0.;
    bool   is_lognormal   = false;
    double lower_fraction = 0.;
  };

  /// Objects (tablets, rod segments) along a line: start positions and
  /// lengths, each followed by a gap (gap[k] after object k).
  struct LineOfObjects
  {
    std::vector<double> start;
    std::vector<double> length;
    std::vector<double> gap;
  };

  /**
   * Fills a line of length @p L with objects of sampled lengths separated
   * by @p gap, the first starting at @p first. Periodic: round(L / (mean +
   * gap)) objects, rescaled so that objects and gaps tile L exactly (so the
   * realized mean may differ from the requested one when L is not a
   * multiple). Otherwise objects until L is covered (@p first <= 0 lets the
   * line start inside an object). Throws InputError, naming @p path, if the
   * gaps alone exceed L.
   */
  LineOfObjects
  fill_line(double                  L,
            double                  gap,
            double                  first,
            bool                    periodic,
            const SizeDistribution &lengths,
            RandomStream           &rng,
            const std::string      &path);

  /**
   * As above, with every gap drawn from @p gaps (from @p gap_rng, a stream
   * of its own, so that a gap CoV of 0 leaves the objects as above).
   * Periodic: the n gaps are first scaled together to a total of n times
   * their mean (so the objects' share of the line is that of equal gaps),
   * then the objects are rescaled as above.
   */
  LineOfObjects
  fill_line(double                  L,
            const SizeDistribution &gaps,
            double                  first,
            bool                    periodic,
            const SizeDistribution &lengths,
            RandomStream           &rng,
            RandomStream           &gap_rng,
            const std::string      &path);

  /// Running mean and standard deviation of realized sizes.
  class SampleStatistics
  {
  public:
    void
    add(double x)
    {
      ++n;
      smallest       = std::min(smallest, x);
      const double d = x - m;
      m += d / n;
      s2 += d * (x - m);
    }
    unsigned int
    count() const
    {
      return n;
    }
    /// The smallest value added (+infinity if none).
    double
    min() const
    {
      return smallest;
    }
    double
    mean() const
    {
      return m;
    }
    double
    std_dev() const
    {
      return n > 1 ? std::sqrt(s2 / (n - 1)) : 0.;
    }
    /// Writes {"count", "mean_um", "std_um", "requested_mean_um",
    /// "requested_cov"} under @p key.
    void
    write(JsonWriter             &json,
          const std::string      &key,
          const SizeDistribution &requested) const;

  private:
    unsigned int n        = 0;
    double       m        = 0.;
    double       s2       = 0.;
    double       smallest = std::numeric_limits<double>::infinity();
  };
} // namespace nanomech
