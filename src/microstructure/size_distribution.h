#pragma once

#include <deal.II/base/parameter_handler.h>

#include <cmath>
#include <random>
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
    /// (a size near zero is not a physical tablet, rod or grain).
    double
    sample(std::mt19937_64 &rng) const;

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
    double mean_value   = 1.;
    double cov_value    = 0.;
    bool   is_lognormal = false;
  };

  /// Objects (tablets, rod segments) along a line: start positions and
  /// lengths, each followed by a gap.
  struct LineOfObjects
  {
    std::vector<double> start;
    std::vector<double> length;
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
            std::mt19937_64        &rng,
            const std::string      &path);

  /// Running mean and standard deviation of realized sizes.
  class SampleStatistics
  {
  public:
    void
    add(double x)
    {
      ++n;
      const double d = x - m;
      m += d / n;
      s2 += d * (x - m);
    }
    unsigned int
    count() const
    {
      return n;
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
    unsigned int n  = 0;
    double       m  = 0.;
    double       s2 = 0.;
  };
} // namespace nanomech
