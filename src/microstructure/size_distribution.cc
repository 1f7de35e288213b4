#include "microstructure/size_distribution.h"

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <cmath>

namespace nanomech
{
  void
  SizeDistribution::declare_parameters(dealii::ParameterHandler &prm,
                                       const std::string        &name,
                                       const std::string        &default_mean,
                                       const std::string        &what)
  {
    prm.declare_entry(name,
                      default_mean,
                      dealii::Patterns::Double(0.),
                      "Mean " + what + ", µm.");
    prm.declare_entry(name + " CoV",
                      "0",
                      dealii::Patterns::Double(0., 2.),
                      "Coefficient of variation (standard deviation / mean) "
                      "of the " +
                          what + "; 0: all equal.");
  }

  void
  SizeDistribution::declare_type(dealii::ParameterHandler &prm)
  {
    prm.declare_entry("Size distribution",
                      "lognormal",
                      dealii::Patterns::Selection("normal|lognormal"),
                      "Distribution of the sizes that have a CoV > 0: "
                      "normal (truncated to positive sizes) or lognormal.");
  }

  void
  SizeDistribution::parse_parameters(dealii::ParameterHandler &prm,
                                     const std::string        &name,
                                     const std::string        &path)
  {
    mean_value   = prm.get_double(name);
    cov_value    = prm.get_double(name + " CoV");
    is_lognormal = prm.get("Size distribution") == "lognormal";
    require_input(mean_value > 0.,
                  path + "/" + name + " must be positive (µm)");
    require_input(is_lognormal || cov_value <= 0.5,
                  path + "/" + name +
                      " CoV > 0.5 with a normal distribution would be "
                      "truncated heavily; use Size distribution = lognormal");
  }

  double
  SizeDistribution::sample(RandomStream &rng) const
  {
    if (cov_value == 0.)
      return mean_value;
    if (is_lognormal)
      {
        // Mean m and CoV c: sigma^2 = ln(1 + c^2), mu = ln m - sigma^2/2.
        const double s2 = std::log(1. + cov_value * cov_value);
        const double mu = std::log(mean_value) - 0.5 * s2;
        for (;;)
          {
            const double x = rng.lognormal(mu, std::sqrt(s2));
            if (x >= lower_fraction * mean_value)
              return x;
          }
      }
    const double lowest = std::max(0.05, lower_fraction) * mean_value;
    for (;;)
      {
        const double x = rng.normal(mean_value, cov_value * mean_value);
        if (x > lowest)
          return x;
      }
  }

  LineOfObjects
  fill_line(const double            L,
            const double            gap,
            const double            first,
            const bool              periodic,
            const SizeDistribution &lengths,
            RandomStream           &rng,
            const std::string      &path)
  {
    LineOfObjects line;
    if (periodic)
      {
        const unsigned int n =
            std::max<long>(1, std::lround(L / (lengths.mean() + gap)));
        double sum = 0;
        for (unsigned int k = 0; k < n; ++k)
          sum += line.length.emplace_back(lengths.sample(rng));
        const double scale = (L - n * gap) / sum;
        require_input(scale > 0.,
                      path + ": the gaps between objects alone are longer "
                             "than the box");
        double x = first;
        for (double &l : line.length)
          {
            l *= scale;
            line.start.push_back(x);
            x += l + gap;
          }
      }
    else
      for (double x = first; x < L;)
        {
          line.start.push_back(x);
          line.length.push_back(lengths.sample(rng));
          x += line.length.back() + gap;
        }
    line.gap.assign(line.start.size(), gap);
    return line;
  }

  LineOfObjects
  fill_line(const double            L,
            const SizeDistribution &gaps,
            const double            first,
            const bool              periodic,
            const SizeDistribution &lengths,
            RandomStream           &rng,
            RandomStream           &gap_rng,
            const std::string      &path)
  {
    if (gaps.cov() == 0.)
      return fill_line(L, gaps.mean(), first, periodic, lengths, rng, path);
    if (!periodic)
      {
        LineOfObjects line;
        for (double x = first; x < L;)
          {
            line.start.push_back(x);
            line.length.push_back(lengths.sample(rng));
            line.gap.push_back(gaps.sample(gap_rng));
            x += line.length.back() + line.gap.back();
          }
        return line;
      }
    // Periodic: the objects as for equal gaps (their count and total),
    // then the gaps drawn, scaled to the same total, and the objects placed
    // between them.
    LineOfObjects line =
        fill_line(L, gaps.mean(), first, periodic, lengths, rng, path);
    const unsigned int n   = line.start.size();
    double             sum = 0.;
    for (unsigned int k = 0; k < n; ++k)
      sum += line.gap[k] = gaps.sample(gap_rng);
    const double scale = n * gaps.mean() / sum;
    double       x     = first;
    for (unsigned int k = 0; k < n; ++k)
      {
        line.gap[k] *= scale;
        line.start[k] = x;
        x += line.length[k] + line.gap[k];
      }
    return line;
  }

  void
  SampleStatistics::write(JsonWriter             &json,
                          const std::string      &key,
                          const SizeDistribution &requested) const
  {
    json.begin_object(key);
    json.value("count", n);
    json.value("mean_um", mean());
    json.value("std_um", std_dev());
    json.value("requested_mean_um", requested.mean());
    json.value("requested_cov", requested.cov());
    json.value("distribution",
               requested.lognormal() ? "lognormal" : "truncated normal");
    if (requested.lower_bound() > 0.)
      {
        json.value("truncated_below_um", requested.lower_bound());
        json.value("min_um", n > 0 ? smallest : 0.);
      }
    json.end_object();
  }
} // namespace nanomech
