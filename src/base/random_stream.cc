#include "base/random_stream.h"

#include <cmath>

namespace nanomech
{
  RandomStream::RandomStream(const std::uint32_t seed,
                             const StreamTag     tag,
                             const std::uint32_t k)
  {
    std::seed_seq seq{seed, static_cast<std::uint32_t>(tag), k};
    engine.seed(seq);
  }

  double
  RandomStream::uniform()
  {
    return (engine() >> 11) * 0x1.0p-53;
  }

  double
  RandomStream::standard_normal()
  {
    const double u1 = ((engine() >> 11) + 0.5) * 0x1.0p-53; // (0, 1)
    const double u2 = uniform();
    return std::sqrt(-2. * std::log(u1)) * std::cos(2. * M_PI * u2);
  }

  double
  RandomStream::lognormal(const double mu, const double sigma)
  {
    return std::exp(mu + sigma * standard_normal());
  }

  std::uint32_t
  sub_seed(const std::uint32_t seed, const StreamTag tag, const std::uint32_t k)
  {
    return RandomStream(seed, tag, k).bits() >> 32;
  }

  std::uint64_t
  mix64(std::uint64_t z)
  {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

  std::uint64_t
  stream_key(const std::uint32_t seed,
             const StreamTag     tag,
             const std::uint64_t k)
  {
    return mix64(mix64(mix64(seed) ^ static_cast<std::uint64_t>(tag)) ^ k);
  }

  double
  counter_uniform(const std::uint64_t key, const std::uint64_t n)
  {
    return ((mix64(key + n) >> 11) + 0.5) * 0x1.0p-53;
  }
} // namespace nanomech
