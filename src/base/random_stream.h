#pragma once

#include <cstdint>
#include <random>

namespace nanomech
{
  /**
   * The purpose of a random sub-stream. Every random number of a
   * microstructure comes from a stream derived from (seed, tag, k), with
   * one tag per purpose and k numbering like sub-structures (the row of a
   * nacre layer, the bundle of an enamel). Realizations s and s + 1 then
   * share no stream and no sub-structure, unlike streams seeded with
   * seed + offset (where bundle k - 1 of seed s + 7 repeated bundle k of
   * seed s).
   *
   * The values are part of the definition of every structure: a new
   * purpose gets a new value; an existing value never changes.
   */
  enum class StreamTag : std::uint32_t
  {
    // Any family
    /// Monte Carlo points of the phase fractions
    fraction_sampling = 1,
    // Laminate
    /// layer thicknesses, in stacking order
    layer_thickness = 2,
    // Nacre
    /// tablet rows
    tablet_thickness = 10,
    /// interlayers between rows
    interlayer_thickness = 11,
    /// joints between tablets of a row
    joint_thickness = 12,
    /// tablets along a row (and strips in 3D)
    tablet_length = 13,
    /// in-plane angle per tablet
    tablet_orientation = 14,
    /// mineral bridges in the interlayers
    bridge_position = 15,
    /// seed of Voronoi layer k (row k)
    tablet_layer = 16,
    // Particles (also the seed balls of power diagrams and rod packings)
    /// core radii
    particle_radius = 20,
    /// shells around the cores
    shell_thickness = 21,
    /// random sequential addition
    particle_placement = 22,
    /// one rotation per particle (grain)
    crystal_orientation = 23,
    // Enamel
    /// seed of the rods' cross-section
    rod_packing = 30,
    /// offsets and lengths of discontinuous rods
    rod_segment = 31,
    /// misalignment of rod segments
    rod_tilt = 32,
    /// crystal frame of a rod about its axis
    rod_orientation = 33,
    /// seed of the bundles' power diagram
    bundle_cells = 34,
    /// tilt azimuth of a bundle (random azimuths)
    bundle_azimuth = 35,
    /// seed of the rod packing of bundle k
    bundle_rods = 36,
    // Polycrystal
    /// seed of the grains' power diagram
    grain_cells = 40,
    /// thickness per grain pair (counter-based)
    boundary_layer = 41
  };

  /**
   * A stream of random numbers whose every value is specified by the C++
   * standard and by the formulas below, so that a seed gives the same
   * structure with any standard library and any Boost.
   *
   * The engine is std::mt19937_64 seeded by std::seed_seq{seed, tag, k}:
   * both algorithms are specified exactly by the standard (the engine's
   * 10000th output is even required to be 9981545732273789042). The
   * standard's distributions are not (std::normal_distribution gives
   * different numbers with libstdc++ and libc++), so the values are made
   * here from the engine's raw 64-bit output:
   * - uniform(): the top 53 bits times 2^-53, in [0, 1);
   * - standard_normal(): Box–Muller, sqrt(-2 ln u1) cos(2 pi u2) with
   *   u1 = (top 53 bits + 1/2) 2^-53 in (0, 1) and u2 as uniform(); two
   *   engine outputs per value (the sine half is not kept, so that a value
   *   depends only on its position in the stream);
   * - normal(m, s) = m + s z and lognormal(mu, sigma) = exp(mu + sigma z).
   * Only std::log, std::cos and std::exp may differ between C libraries,
   * in the last bit.
   */
  class RandomStream
  {
  public:
    RandomStream(std::uint32_t seed, StreamTag tag, std::uint32_t k = 0);

    /// The engine's next raw 64-bit output.
    std::uint64_t
    bits()
    {
      return engine();
    }
    /// Uniform in [0, 1).
    double
    uniform();
    /// Uniform in [a, b).
    double
    uniform(const double a, const double b)
    {
      return a + (b - a) * uniform();
    }
    /// Standard normal (Box–Muller).
    double
    standard_normal();
    /// Normal of mean @p mean and standard deviation @p sd.
    double
    normal(const double mean, const double sd)
    {
      return mean + sd * standard_normal();
    }
    /// exp(N(mu, sigma^2)).
    double
    lognormal(double mu, double sigma);

  private:
    std::mt19937_64 engine;
  };

  /**
   * The seed of a sub-structure that its own generator builds from a seed
   * (the rod packing of enamel bundle k, the tablets of nacre layer k):
   * the top 32 bits of the first output of RandomStream(seed, tag, k).
   * Different
   * (seed, tag, k) may give the same 32-bit sub-seed only by chance
   * (probability 2^-32 per pair).
   */
  std::uint32_t
  sub_seed(std::uint32_t seed, StreamTag tag, std::uint32_t k = 0);

  /**
   * Counter-based numbers, for values needed in any order without a stream
   * (the boundary layer of each pair of grains, looked up on every point
   * query): a 64-bit key of (seed, tag, k) by chained SplitMix64 mixing,
   * then counter_uniform(key, n) for n = 0, 1, ...
   */
  std::uint64_t
  stream_key(std::uint32_t seed, StreamTag tag, std::uint64_t k);

  /// The @p n-th uniform number in (0, 1) of the stream with key @p key:
  /// (top 53 bits of mix64(key + n) + 1/2) 2^-53.
  double
  counter_uniform(std::uint64_t key, std::uint64_t n);

  /// The SplitMix64 output function of @p z (Steele, Lea and Flood,
  /// "Fast splittable pseudorandom number generators", OOPSLA 2014): adds
  /// the golden-ratio increment and mixes; a bijection of 64-bit words.
  std::uint64_t
  mix64(std::uint64_t z);
} // namespace nanomech
