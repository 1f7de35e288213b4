#pragma once

// Standard errors of sample statistics, for tests that compare realized
// size statistics with the requested distribution, and the realized
// statistics a microstructure reports.

#include <gtest/gtest.h>

#include "base/json_writer.h"
#include "microstructure/microstructure.h"

#include <cmath>
#include <sstream>
#include <string>

namespace nanomech::testing
{
  /// Standard error of the sample standard deviation of n values drawn from
  /// a distribution of standard deviation sigma and coefficient of
  /// variation cov: sigma sqrt((kappa + 2) / (4 n)), kappa the excess
  /// kurtosis (0 for the normal; for the lognormal e^(4s) + 2 e^(3s) +
  /// 3 e^(2s) - 6 with s = ln(1 + cov^2)).
  inline double
  std_error_of_std(const double sigma,
                   const double cov,
                   const bool   lognormal,
                   const double n)
  {
    const double s     = std::log(1. + cov * cov);
    const double kappa = lognormal ? std::exp(4 * s) + 2 * std::exp(3 * s) +
                                         3 * std::exp(2 * s) - 6. :
                                     0.;
    return sigma * std::sqrt((kappa + 2.) / (4. * n));
  }

  /// A number from the write_statistics() text of @p ms: @p key in the
  /// object @p block.
  template <int dim>
  double
  statistic(const Microstructure::Interface<dim> &ms,
            const std::string                    &block,
            const std::string                    &key)
  {
    std::ostringstream out;
    JsonWriter         json(out);
    json.begin_object();
    ms.write_statistics(json);
    json.end_object();
    const std::string s = out.str();
    const auto        b = s.find("\"" + block + "\"");
    EXPECT_NE(b, std::string::npos) << block << " in " << s;
    const auto k = s.find("\"" + key + "\"", b);
    EXPECT_NE(k, std::string::npos) << key << " in " << s;
    return std::stod(s.substr(s.find(':', k) + 1));
  }

  /// Realized count, mean and std of @p block within 3 standard errors of
  /// the requested mean and standard deviation.
  template <int dim>
  void
  expect_statistics(const Microstructure::Interface<dim> &ms,
                    const std::string                    &block,
                    const double                          mean,
                    const double                          cov,
                    const bool                            lognormal,
                    const double                          min_count)
  {
    const double n     = statistic(ms, block, "count");
    const double m     = statistic(ms, block, "mean_um");
    const double s     = statistic(ms, block, "std_um");
    const double sigma = cov * mean;
    SCOPED_TRACE(block + (lognormal ? " lognormal" : " normal") +
                 ": n = " + std::to_string(n) + ", mean " + std::to_string(m) +
                 ", std " + std::to_string(s));
    EXPECT_GT(n, min_count);
    EXPECT_NEAR(m, mean, 3 * sigma / std::sqrt(n));
    EXPECT_NEAR(s, sigma, 3 * std_error_of_std(sigma, cov, lognormal, n));
    // Truncated at a quarter of the mean.
    EXPECT_GE(statistic(ms, block, "min_um"), 0.25 * mean);
  }
} // namespace nanomech::testing
