#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include "microstructure/microstructure.h"
#include "microstructure/size_distribution.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace nanomech::Microstructure
{
  /**
   * Crystalline particles in an amorphous matrix: spheres (circles in 2D)
   * placed by random sequential addition, without overlap and at least a
   * minimum gap apart, until the requested volume fraction is reached.
   * Radii follow a size distribution; each particle is a grain with a
   * random crystal orientation (uniform on SO(3) in 3D, about z in 2D).
   *
   * Without shell: phase 0 particles, phase 1 matrix. With "Shell
   * thickness" > 0 (core-shell particles, e.g. a crystalline core in an
   * amorphous shell): phase 0 core, phase 1 shell, phase 2 matrix; the
   * radius is the core's. Shell thicknesses follow a size distribution too
   * (one per particle, from a stream of its own, at least a quarter of the
   * mean); overlap and gap are measured between the outer surfaces, each
   * particle's core radius plus its own shell. With "Periodic" particles wrap
   * across the faces; otherwise they lie inside the box. Parameters in
   * "Microstructure/Particles".
   */
  /// The entries of "Microstructure/Particles", parsed and checked.
  struct ParticlesParameters
  {
    static void
    declare(dealii::ParameterHandler &prm);
    void
    parse(dealii::ParameterHandler &prm);

    SizeDistribution radius;                ///< core radius, µm
    double           volume_fraction = 0.3; ///< of the cores
    double           gap             = 0.;  ///< µm
    SizeDistribution shell;                 ///< µm (mean 0: none)
    unsigned int     max_attempts = 1000;   ///< per particle
  };

  template <int dim>
  class Particles : public Interface<dim>
  {
  public:
    using Parameters = ParticlesParameters;
    static void
    declare_parameters(dealii::ParameterHandler &prm)
    {
      Parameters::declare(prm);
    }

    Particles(const Parameters         &parameters,
              const dealii::Point<dim> &size,
              const Realization        &realization);
    Particles(dealii::ParameterHandler &prm,
              const dealii::Point<dim> &size,
              unsigned int              seed,
              bool                      periodic)
        : Particles(parsed<Parameters>(prm), size, {seed, periodic})
    {
    }

    /// Places particles with the given settings (used by other families
    /// for seed points); throws InputError if they do not fit.
    Particles(const dealii::Point<dim> &size,
              bool                      periodic,
              const SizeDistribution   &radius,
              double                    volume_fraction,
              double                    gap,
              double                    shell,
              unsigned int              max_attempts,
              unsigned int              seed,
              const std::string        &path = "Microstructure/Particles");
    /// As above, with a shell thickness drawn for each particle.
    Particles(const dealii::Point<dim> &size,
              bool                      periodic,
              const SizeDistribution   &radius,
              double                    volume_fraction,
              double                    gap,
              const SizeDistribution   &shell,
              unsigned int              max_attempts,
              unsigned int              seed,
              const std::string        &path = "Microstructure/Particles");

    std::string
    name() const override
    {
      return shell.mean() > 0. ? "core-shell particles" : "particles";
    }
    unsigned int
    n_phases() const override
    {
      return shell.mean() > 0. ? 3 : 2;
    }
    MaterialPoint
    material_at(const dealii::Point<dim> &p) const override;
    bool
    tiles_space() const override
    {
      return periodic;
    }
    unsigned int
    n_grains() const override
    {
      return centers.size() + 1;
    }
    dealii::Tensor<2, 3>
    grain_rotation(unsigned int grain) const override;
    /// The thinnest shell (0 without shells).
    double
    thinnest_feature() const override
    {
      return shell.mean() > 0. ? thinnest_shell() : 0.;
    }
    bool
    is_thin_phase(const unsigned int phase) const override
    {
      return shell.mean() > 0. && phase == 1;
    }
    std::vector<double>
    requested_volume_fractions() const override;
    void
    write_statistics(JsonWriter &json) const override;

    /// Centers and core radii of the particles (for tests).
    const std::vector<dealii::Point<dim>> &
    particle_centers() const
    {
      return centers;
    }
    const std::vector<double> &
    particle_radii() const
    {
      return radii;
    }
    /// Mean (requested) shell thickness.
    double
    shell_thickness() const
    {
      return shell.mean();
    }
    /// Shell thickness of each particle (as particle_radii()).
    const std::vector<double> &
    particle_shells() const
    {
      return shells;
    }
    /// The thinnest shell of the particles, µm.
    double
    thinnest_shell() const
    {
      return shells.empty() ? shell.mean() :
                              *std::min_element(shells.begin(), shells.end());
    }
    /// The largest outer radius (core plus shell), µm.
    double
    largest_outer_radius() const;
    /// Smallest surface-to-surface distance between two particles
    /// (outer surfaces, minimum image when periodic), µm.
    double
    smallest_gap() const;

    /// Takes given centers and core radii (e.g. a lattice) instead of
    /// placing them; throws InputError if two of them overlap.
    Particles(const dealii::Point<dim>              &size,
              bool                                   periodic,
              const std::vector<dealii::Point<dim>> &centers,
              const std::vector<double>             &radii,
              double                                 gap,
              double                                 shell,
              unsigned int                           seed,
              const std::string &path = "Microstructure/Particles");
    /// As above, with a given shell thickness for each particle.
    Particles(const dealii::Point<dim>              &size,
              bool                                   periodic,
              const std::vector<dealii::Point<dim>> &centers,
              const std::vector<double>             &radii,
              const std::vector<double>             &shells,
              double                                 gap,
              unsigned int                           seed,
              const std::string &path = "Microstructure/Particles");

    /// Vector from a to b (minimum image when periodic).
    dealii::Tensor<1, dim>
    difference(const dealii::Point<dim> &a, const dealii::Point<dim> &b) const;
    /// Calls f(particle index) for every particle that can lie within
    /// (largest outer radius + gap) of p, until f returns true.
    template <typename F>
    void
    for_neighbours(const dealii::Point<dim> &p, F &&f) const;

  private:
    void
    place(unsigned int max_attempts, unsigned int seed);
    void
    make_buckets();
    void
    draw_orientations(unsigned int seed);
    unsigned int
    bucket_of(const dealii::Point<dim> &p) const;

    dealii::Point<dim>                     size;
    bool                                   periodic;
    SizeDistribution                       radius, shell;
    double                                 target_fraction, gap;
    std::vector<dealii::Point<dim>>        centers;
    std::vector<double>                    radii, shells;
    std::vector<dealii::Tensor<2, 3>>      rotations;
    double                                 bucket_size = 1.;
    std::array<unsigned int, dim>          n_buckets;
    std::vector<std::vector<unsigned int>> buckets;
    SampleStatistics                       radius_stats, shell_stats;
    std::string path = "Microstructure/Particles"; ///< for messages
  };

  template <int dim>
  template <typename F>
  void
  Particles<dim>::for_neighbours(const dealii::Point<dim> &p, F &&f) const
  {
    // The bucket of p and its neighbours (wrapped when periodic): every
    // particle that can reach p, since buckets are at least a particle
    // diameter plus the gap wide.
    int home[dim];
    for (unsigned int d = 0; d < dim; ++d)
      {
        double x = p[d];
        if (periodic)
          x -= size[d] * std::floor(x / size[d]);
        home[d] = std::clamp<int>(std::floor(x / size[d] * n_buckets[d]),
                                  0,
                                  n_buckets[d] - 1);
      }
    const unsigned int n_offsets = dim == 2 ? 9 : 27;
    unsigned int       visited[27];
    unsigned int       n_visited = 0;
    for (unsigned int k = 0; k < n_offsets; ++k)
      {
        unsigned int index = 0, r = k;
        bool         valid = true;
        int          b[dim];
        for (unsigned int d = 0; d < dim; ++d)
          {
            const int n = n_buckets[d];
            b[d]        = home[d] + int(r % 3) - 1;
            r /= 3;
            if (periodic)
              b[d] = (b[d] + n) % n;
            else if (b[d] < 0 || b[d] >= n)
              valid = false;
          }
        if (!valid)
          continue;
        for (int d = dim - 1; d >= 0; --d)
          index = index * n_buckets[d] + b[d];
        // With fewer than 3 buckets along an axis the wrapped offsets
        // repeat a bucket; visit each once.
        if (std::find(visited, visited + n_visited, index) !=
            visited + n_visited)
          continue;
        visited[n_visited++] = index;
        for (const unsigned int j : buckets[index])
          if (f(j))
            return;
      }
  }

} // namespace nanomech::Microstructure
