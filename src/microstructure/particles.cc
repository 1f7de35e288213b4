#include "microstructure/particles.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace nanomech::Microstructure
{
  namespace
  {
    template <int dim>
    double
    ball_volume(const double r)
    {
      return dim == 2 ? M_PI * r * r : 4. / 3. * M_PI * r * r * r;
    }

    /// A rotation drawn uniformly from SO(3): a uniform unit quaternion
    /// (Shoemake 1992, "Uniform random rotations", Graphics Gems III).
    dealii::Tensor<2, 3>
    uniform_rotation(RandomStream &rng)
    {
      const double u1 = rng.uniform(), u2 = 2 * M_PI * rng.uniform(),
                   u3 = 2 * M_PI * rng.uniform();
      const double a = std::sqrt(1 - u1), b = std::sqrt(u1);
      const double w = a * std::sin(u2), x = a * std::cos(u2),
                   y = b * std::sin(u3), z = b * std::cos(u3);
      dealii::Tensor<2, 3> R;
      R[0][0] = 1 - 2 * (y * y + z * z);
      R[0][1] = 2 * (x * y - z * w);
      R[0][2] = 2 * (x * z + y * w);
      R[1][0] = 2 * (x * y + z * w);
      R[1][1] = 1 - 2 * (x * x + z * z);
      R[1][2] = 2 * (y * z - x * w);
      R[2][0] = 2 * (x * z - y * w);
      R[2][1] = 2 * (y * z + x * w);
      R[2][2] = 1 - 2 * (x * x + y * y);
      return R;
    }
  } // namespace

  void
  ParticlesParameters::declare(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    const ScopedSubsection subsection(prm, "Particles");
    SizeDistribution::declare_type(prm);
    SizeDistribution::declare_parameters(prm,
                                         "Particle radius",
                                         "0.1",
                                         "particle (core) radius");
    prm.declare_entry("Volume fraction",
                      "0.3",
                      Patterns::Double(0., 0.7),
                      "Volume fraction of the particles (with their shells). "
                      "Random sequential addition jams near 0.38 (3D) and "
                      "0.55 (2D) for equal sizes.");
    prm.declare_entry("Minimum gap",
                      "0",
                      Patterns::Double(0.),
                      "Smallest distance between the (outer) surfaces of two "
                      "particles, µm.");
    SizeDistribution::declare_parameters(
        prm,
        "Shell thickness",
        "0",
        "thickness of an amorphous shell around each particle (> 0 makes "
        "core-shell particles, phases 0 core, 1 shell, 2 matrix; one drawn "
        "per particle, at least a quarter of the mean)");
    prm.declare_entry("Maximum attempts",
                      "20000",
                      Patterns::Integer(1),
                      "Random positions tried for each particle before the "
                      "placement gives up.");
  }

  void
  ParticlesParameters::parse(dealii::ParameterHandler &prm)
  {
    const std::string      path = "Microstructure/Particles";
    const ScopedSubsection subsection(prm, "Particles");
    radius.parse_parameters(prm, "Particle radius", path);
    volume_fraction = prm.get_double("Volume fraction");
    gap             = prm.get_double("Minimum gap");
    if (prm.get_double("Shell thickness") > 0.)
      shell.parse_parameters(prm, "Shell thickness", path);
    else
      shell = SizeDistribution(0., 0., false);
    // A far-tail thin shell would set the refinement of the whole mesh.
    shell.truncate_below(0.25);
    max_attempts = prm.get_integer("Maximum attempts");
  }

  template <int dim>
  Particles<dim>::Particles(const Parameters         &p,
                            const dealii::Point<dim> &size,
                            const Realization        &realization)
      : Particles(size,
                  realization.periodic,
                  p.radius,
                  p.volume_fraction,
                  p.gap,
                  p.shell,
                  p.max_attempts,
                  realization.seed)
  {
  }

  template <int dim>
  Particles<dim>::Particles(const dealii::Point<dim> &size,
                            const bool                periodic,
                            const SizeDistribution   &radius,
                            const double              volume_fraction,
                            const double              gap,
                            const double              shell,
                            const unsigned int        max_attempts,
                            const unsigned int        seed,
                            const std::string        &path)
      : Particles(size,
                  periodic,
                  radius,
                  volume_fraction,
                  gap,
                  SizeDistribution(shell, 0., false),
                  max_attempts,
                  seed,
                  path)
  {
  }

  template <int dim>
  Particles<dim>::Particles(const dealii::Point<dim> &size,
                            const bool                periodic,
                            const SizeDistribution   &radius,
                            const double              volume_fraction,
                            const double              gap,
                            const SizeDistribution   &shell,
                            const unsigned int        max_attempts,
                            const unsigned int        seed,
                            const std::string        &path)
      : size(size)
      , periodic(periodic)
      , radius(radius)
      , shell(shell)
      , target_fraction(volume_fraction)
      , gap(gap)
      , path(path)
  {
    place(max_attempts, seed);
  }

  template <int dim>
  void
  Particles<dim>::place(const unsigned int max_attempts,
                        const unsigned int seed)
  {
    double box_volume = 1.;
    for (unsigned int d = 0; d < dim; ++d)
      box_volume *= size[d];
    // Each purpose its own stream: with a shell CoV of 0 the particles are
    // those of equal shells.
    RandomStream radius_rng(seed, StreamTag::particle_radius);
    RandomStream shell_rng(seed, StreamTag::shell_thickness);
    RandomStream rng(seed, StreamTag::particle_placement);

    // Radii (and shells) until the target volume is reached (the last one
    // kept if it brings the total closer to the target), largest outer
    // radius placed first.
    require_input(target_fraction > 0.,
                  path + ": the volume fraction must be positive");
    const double target = target_fraction * box_volume;
    double       volume = 0.;
    std::vector<std::pair<double, double>> drawn; // core radius, shell
    while (volume < target)
      {
        const double r = radius.sample(radius_rng);
        const double s = shell.sample(shell_rng);
        const double v = ball_volume<dim>(r + s);
        if (volume + v - target > target - volume && !drawn.empty())
          break;
        drawn.emplace_back(r, s);
        volume += v;
      }
    std::sort(drawn.begin(), drawn.end(), [](const auto &a, const auto &b) {
      const double outer_a = a.first + a.second, outer_b = b.first + b.second;
      return outer_a != outer_b ? outer_a > outer_b : a.first > b.first;
    });
    for (const auto &[r, s] : drawn)
      {
        radii.push_back(r);
        shells.push_back(s);
      }

    make_buckets();

    for (unsigned int i = 0; i < radii.size(); ++i)
      {
        const double R      = radii[i] + shells[i];
        bool         placed = false;
        for (unsigned int attempt = 0; attempt < max_attempts && !placed;
             ++attempt)
          {
            dealii::Point<dim> c;
            for (unsigned int d = 0; d < dim; ++d)
              c[d] = periodic ? rng.uniform() * size[d] :
                                R + rng.uniform() * (size[d] - 2. * R);
            bool free = true;
            for_neighbours(c, [&](const unsigned int j) {
              free = difference(c, centers[j]).norm() >=
                     R + radii[j] + shells[j] + gap;
              return !free;
            });
            if (free)
              {
                centers.push_back(c);
                buckets[bucket_of(c)].push_back(i);
                placed = true;
              }
          }
        require_input(placed,
                      path + ": could not place particle " +
                          std::to_string(i + 1) + " of " +
                          std::to_string(radii.size()) + " after " +
                          std::to_string(max_attempts) +
                          " attempts; lower Volume fraction or Minimum gap");
        radius_stats.add(radii[i]);
        if (shell.mean() > 0.)
          shell_stats.add(shells[i]);
      }
    draw_orientations(seed);
  }

  template <int dim>
  double
  Particles<dim>::largest_outer_radius() const
  {
    double r_max = 0.;
    for (unsigned int i = 0; i < radii.size(); ++i)
      r_max = std::max(r_max, radii[i] + shells[i]);
    return r_max;
  }

  template <int dim>
  void
  Particles<dim>::make_buckets()
  {
    require_input(!radii.empty(), path + ": no particles");
    const double r_max = largest_outer_radius();
    bucket_size        = 2. * r_max + gap;
    unsigned int n_all = 1;
    for (unsigned int d = 0; d < dim; ++d)
      {
        require_input(size[d] > 2. * r_max + (periodic ? gap : 0.),
                      path + ": a particle of outer radius " +
                          std::to_string(r_max) + " µm does not fit the box");
        n_buckets[d] =
            std::max(1u, static_cast<unsigned int>(size[d] / bucket_size));
        n_all *= n_buckets[d];
      }
    buckets.resize(n_all);
  }

  template <int dim>
  void
  Particles<dim>::draw_orientations(const unsigned int seed)
  {
    RandomStream rng(seed, StreamTag::crystal_orientation);
    for (unsigned int i = 0; i < centers.size(); ++i)
      {
        if (dim == 3)
          rotations.push_back(uniform_rotation(rng));
        else
          {
            const double         a = 2 * M_PI * rng.uniform();
            dealii::Tensor<2, 3> R;
            R[0][0] = R[1][1] = std::cos(a);
            R[0][1]           = -std::sin(a);
            R[1][0]           = std::sin(a);
            R[2][2]           = 1.;
            rotations.push_back(R);
          }
      }
  }

  template <int dim>
  Particles<dim>::Particles(
      const dealii::Point<dim>              &size,
      const bool                             periodic,
      const std::vector<dealii::Point<dim>> &given_centers,
      const std::vector<double>             &given_radii,
      const double                           gap,
      const double                           shell,
      const unsigned int                     seed,
      const std::string                     &path)
      : Particles(size,
                  periodic,
                  given_centers,
                  given_radii,
                  std::vector<double>(given_radii.size(), shell),
                  gap,
                  seed,
                  path)
  {
  }

  template <int dim>
  Particles<dim>::Particles(
      const dealii::Point<dim>              &size,
      const bool                             periodic,
      const std::vector<dealii::Point<dim>> &given_centers,
      const std::vector<double>             &given_radii,
      const std::vector<double>             &given_shells,
      const double                           gap,
      const unsigned int                     seed,
      const std::string                     &path)
      : size(size)
      , periodic(periodic)
      , target_fraction(0.)
      , gap(gap)
      , radii(given_radii)
      , shells(given_shells)
      , path(path)
  {
    AssertDimension(shells.size(), radii.size());
    // The requested shell: the given one if all are equal, else their mean.
    double mean_shell = shells.empty() ? 0. : shells[0];
    if (std::any_of(shells.begin(), shells.end(), [&](const double s) {
          return s != shells[0];
        }))
      {
        mean_shell = 0.;
        for (const double s : shells)
          mean_shell += s / shells.size();
      }
    shell = SizeDistribution(mean_shell, 0., false);
    make_buckets();
    for (unsigned int i = 0; i < given_centers.size(); ++i)
      {
        const dealii::Point<dim> c = given_centers[i];
        for_neighbours(c, [&](const unsigned int j) {
          require_input(difference(c, centers[j]).norm() >=
                            radii[i] + radii[j] + shells[i] + shells[j] + gap -
                                1e-12,
                        path + ": the given particles (rods) " +
                            std::to_string(i) + " and " + std::to_string(j) +
                            " overlap; the packing is too dense for their "
                            "sizes and gap");
          return false;
        });
        centers.push_back(c);
        buckets[bucket_of(c)].push_back(i);
        radius_stats.add(radii[i]);
        if (shells[i] > 0.)
          shell_stats.add(shells[i]);
      }
    double box = 1., volume = 0.;
    for (unsigned int d = 0; d < dim; ++d)
      box *= size[d];
    for (unsigned int i = 0; i < radii.size(); ++i)
      volume += ball_volume<dim>(radii[i] + shells[i]);
    target_fraction = volume / box;
    draw_orientations(seed);
  }

  template <int dim>
  dealii::Tensor<1, dim>
  Particles<dim>::difference(const dealii::Point<dim> &a,
                             const dealii::Point<dim> &b) const
  {
    dealii::Tensor<1, dim> v = b - a;
    if (periodic)
      for (unsigned int d = 0; d < dim; ++d)
        v[d] -= size[d] * std::round(v[d] / size[d]);
    return v;
  }

  template <int dim>
  unsigned int
  Particles<dim>::bucket_of(const dealii::Point<dim> &p) const
  {
    unsigned int index = 0;
    for (int d = dim - 1; d >= 0; --d)
      {
        double x = p[d];
        if (periodic)
          x -= size[d] * std::floor(x / size[d]);
        const int b = std::clamp<int>(std::floor(x / size[d] * n_buckets[d]),
                                      0,
                                      n_buckets[d] - 1);
        index       = index * n_buckets[d] + b;
      }
    return index;
  }

  template <int dim>
  MaterialPoint
  Particles<dim>::material_at(const dealii::Point<dim> &p) const
  {
    MaterialPoint result{shell.mean() > 0. ? 2u : 1u, 0u};
    for_neighbours(p, [&](const unsigned int j) {
      const double d = difference(centers[j], p).norm();
      if (d < radii[j])
        result = {0u, j + 1};
      else if (d < radii[j] + shells[j])
        result = {1u, 0u};
      else
        return false;
      return true;
    });
    return result;
  }

  template <int dim>
  dealii::Tensor<2, 3>
  Particles<dim>::grain_rotation(const unsigned int grain) const
  {
    return rotation_of_grain(rotations, grain);
  }

  template <int dim>
  double
  Particles<dim>::smallest_gap() const
  {
    double smallest = std::numeric_limits<double>::infinity();
    for (unsigned int i = 0; i < centers.size(); ++i)
      for_neighbours(centers[i], [&](const unsigned int j) {
        if (j != i)
          smallest = std::min(smallest,
                              difference(centers[i], centers[j]).norm() -
                                  radii[i] - radii[j] - shells[i] - shells[j]);
        return false;
      });
    return smallest;
  }

  template <int dim>
  std::vector<double>
  Particles<dim>::requested_volume_fractions() const
  {
    if (shell.mean() == 0.)
      return {target_fraction, 1. - target_fraction};
    double core = 0., outer = 0.;
    for (unsigned int i = 0; i < radii.size(); ++i)
      {
        core += ball_volume<dim>(radii[i]);
        outer += ball_volume<dim>(radii[i] + shells[i]);
      }
    return {target_fraction * core / outer,
            target_fraction * (1. - core / outer),
            1. - target_fraction};
  }

  template <int dim>
  void
  Particles<dim>::write_statistics(JsonWriter &json) const
  {
    double box = 1., volume = 0.;
    for (unsigned int d = 0; d < dim; ++d)
      box *= size[d];
    for (unsigned int i = 0; i < radii.size(); ++i)
      volume += ball_volume<dim>(radii[i] + shells[i]);
    json.value("periodic", periodic);
    json.value("n_particles", static_cast<unsigned int>(centers.size()));
    radius_stats.write(json, "particle_radius", radius);
    json.value("shell_thickness_um", shell.mean());
    if (shell.mean() > 0.)
      shell_stats.write(json, "shell_thickness", shell);
    json.value("requested_volume_fraction", target_fraction);
    json.value("placed_volume_fraction", volume / box);
    json.value("smallest_gap_um", smallest_gap());
  }

  template class Particles<2>;
  template class Particles<3>;

  NANOMECH_REGISTER_MICROSTRUCTURE(
      Particles,
      "particles",
      "random non-overlapping crystalline spheres (circles) of phase 0 in an "
      "amorphous matrix, optionally with amorphous shells (core-shell).",
      (Capabilities{true, true, false}))
} // namespace nanomech::Microstructure
