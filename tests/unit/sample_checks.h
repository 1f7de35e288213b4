#pragma once

// Standard errors of sample statistics, for tests that compare realized
// size statistics with the requested distribution.

#include <cmath>

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
} // namespace nanomech::testing
