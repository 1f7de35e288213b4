#include "microstructure/polycrystal.h"

#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "microstructure/particles.h"

#include <algorithm>
#include <cmath>

namespace nanomech::Microstructure
{
  namespace
  {
    // Packing fraction of the seed balls: the RSA packings that define the
    // power diagram. Grain volume = ball volume / packing.
    template <int dim>
    constexpr double seed_packing = dim == 2 ? 0.45 : 0.3;
  } // namespace

  template <int dim>
  void
  Polycrystal<dim>::declare_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Polycrystal");
    SizeDistribution::declare_type(prm);
    SizeDistribution::declare_parameters(prm,
                                         "Grain size",
                                         "0.1",
                                         "grain size (equivalent diameter)");
    prm.declare_entry("Boundary layer thickness",
                      "0.005",
                      dealii::Patterns::Double(0.),
                      "Thickness of the amorphous layer between grains, µm.");
    prm.leave_subsection();
  }

  template <int dim>
  Polycrystal<dim>::Polycrystal(dealii::ParameterHandler &prm,
                                const dealii::Point<dim> &size,
                                const unsigned int        seed,
                                const bool                periodic)
      : size(size)
      , periodic(periodic)
  {
    const std::string path = "Microstructure/Polycrystal";
    prm.enter_subsection("Polycrystal");
    grain_size.parse_parameters(prm, "Grain size", path);
    layer = prm.get_double("Boundary layer thickness");
    prm.leave_subsection();
    require_input(layer > 0. && layer < 0.5 * grain_size.mean(),
                  path + "/Boundary layer thickness must be positive and "
                         "below half the grain size");

    // Seed balls: radius r = (D/2) packing^(1/dim), so that the mean grain
    // (ball volume / packing) has diameter D; same CoV as the grain size.
    SizeDistribution radius = grain_size;
    radius.scale(0.5 * std::pow(seed_packing<dim>, 1. / dim));
    const Particles<dim> balls(
        size, periodic, radius, seed_packing<dim>, 0., 0., 20000, seed);
    n_seeds = balls.particle_centers().size();
    for (unsigned int i = 0; i < n_seeds; ++i)
      {
        const double r = balls.particle_radii()[i];
        seeds.push_back({balls.particle_centers()[i], r * r, i + 1});
        seed_stats.add(r / (0.5 * std::pow(seed_packing<dim>, 1. / dim)));
        rotations.push_back(balls.grain_rotation(i + 1));
      }

    // Periodic images of the seeds near the faces, so that queries need no
    // wrapping; a bucket grid over the extended box.
    double r_max = 0;
    for (const double r : balls.particle_radii())
      r_max = std::max(r_max, r);
    const double D_max  = 2. * r_max / std::pow(seed_packing<dim>, 1. / dim);
    const double margin = periodic ? 2. * D_max : 0.;
    if (periodic)
      for (unsigned int k = 0; k < std::pow(3, dim); ++k)
        {
          dealii::Tensor<1, dim> shift;
          unsigned int           r = k;
          for (unsigned int d = 0; d < dim; ++d, r /= 3)
            shift[d] = (int(r % 3) - 1) * size[d];
          if (shift.norm() == 0.)
            continue; // the seeds themselves
          for (unsigned int i = 0; i < n_seeds; ++i)
            {
              const dealii::Point<dim> x    = seeds[i].x + shift;
              bool                     near = true;
              for (unsigned int d = 0; d < dim; ++d)
                near = near && x[d] > -margin && x[d] < size[d] + margin;
              if (near)
                seeds.push_back({x, seeds[i].weight, seeds[i].grain});
            }
        }
    bucket             = 0.5 * grain_size.mean();
    unsigned int n_all = 1;
    for (unsigned int d = 0; d < dim; ++d)
      {
        origin[d] = -margin;
        n_buckets[d] =
            std::max(1, int(std::ceil((size[d] + 2 * margin) / bucket)));
        n_all *= n_buckets[d];
      }
    // The power cell of a point's grain lies within about the largest grain
    // diameter of it; search that far (plus a layer).
    ring = int(std::ceil((D_max + layer) / bucket)) + 1;
    buckets.resize(n_all);
    for (unsigned int i = 0; i < seeds.size(); ++i)
      {
        unsigned int index = 0;
        for (int d = dim - 1; d >= 0; --d)
          index = index * n_buckets[d] +
                  std::clamp(int((seeds[i].x[d] - origin[d]) / bucket),
                             0,
                             n_buckets[d] - 1);
        buckets[index].push_back(i);
      }

    // Geometry as generated: phase fractions and grain volumes by Monte
    // Carlo (deterministic sequence).
    std::mt19937_64                        rng(seed + 7919);
    std::uniform_real_distribution<double> u(0., 1.);
    const unsigned int                     n_samples = 200000;
    std::vector<unsigned int>              count(n_seeds + 1, 0);
    unsigned int                           n_layer = 0;
    for (unsigned int k = 0; k < n_samples; ++k)
      {
        dealii::Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = u(rng) * size[d];
        const auto [grain, in_layer] = locate(p);
        n_layer += in_layer;
        ++count[grain]; // a grain's size includes its share of the layer
      }
    geometric_fractions = {1. - double(n_layer) / n_samples,
                           double(n_layer) / n_samples};
    double box          = 1.;
    for (unsigned int d = 0; d < dim; ++d)
      box *= size[d];
    // Grains at the faces of a bounded box are cut; only periodic ones are
    // whole.
    for (unsigned int g = 1; g <= n_seeds; ++g)
      {
        const double V = box * count[g] / n_samples;
        if (V > 0.)
          diameters.push_back(dim == 2 ? std::sqrt(4. * V / M_PI) :
                                         std::cbrt(6. * V / M_PI));
      }
  }

  template <int dim>
  MaterialPoint
  Polycrystal<dim>::material_at(const dealii::Point<dim> &p) const
  {
    const auto [grain, in_layer] = locate(p);
    return in_layer ? MaterialPoint{1, 0} : MaterialPoint{0, grain};
  }

  template <int dim>
  std::pair<unsigned int, bool>
  Polycrystal<dim>::locate(const dealii::Point<dim> &p_in) const
  {
    dealii::Point<dim> p = p_in;
    if (periodic)
      for (unsigned int d = 0; d < dim; ++d)
        p[d] -= size[d] * std::floor(p[d] / size[d]);

    int home[dim];
    for (unsigned int d = 0; d < dim; ++d)
      home[d] =
          std::clamp(int((p[d] - origin[d]) / bucket), 0, n_buckets[d] - 1);

    // Candidates: the seeds in the buckets within `ring` of p.
    unsigned int best       = 0;
    double       best_power = 1e300;
    // Reused between queries of a thread (material_at runs on DataOut\'s
    // worker threads too): no allocation per point.
    thread_local std::vector<unsigned int> candidates;
    candidates.clear();
    const int width     = 2 * ring + 1;
    const int n_offsets = dim == 2 ? width * width : width * width * width;
    for (int k = 0; k < n_offsets; ++k)
      {
        int          r     = k;
        unsigned int index = 0;
        bool         valid = true;
        int          b[dim];
        for (unsigned int d = 0; d < dim; ++d, r /= width)
          {
            b[d]  = home[d] + r % width - ring;
            valid = valid && b[d] >= 0 && b[d] < n_buckets[d];
          }
        if (!valid)
          continue;
        for (int d = dim - 1; d >= 0; --d)
          index = index * n_buckets[d] + b[d];
        for (const unsigned int i : buckets[index])
          {
            candidates.push_back(i);
            const double power =
                p.distance_square(seeds[i].x) - seeds[i].weight;
            if (power < best_power)
              {
                best_power = power;
                best       = i;
              }
          }
      }
    AssertThrow(!candidates.empty(), dealii::ExcInternalError());

    // Distance to the nearest power bisector of another grain.
    const Seed &s = seeds[best];
    for (const unsigned int j : candidates)
      if (seeds[j].grain != s.grain)
        {
          const double power_j =
              p.distance_square(seeds[j].x) - seeds[j].weight;
          const double distance =
              (power_j - best_power) / (2. * seeds[j].x.distance(s.x));
          if (distance < 0.5 * layer)
            return {s.grain, true};
        }
    return {s.grain, false};
  }

  template <int dim>
  dealii::Tensor<2, 3>
  Polycrystal<dim>::grain_rotation(const unsigned int grain) const
  {
    return rotation_of_grain(rotations, grain);
  }

  template <int dim>
  void
  Polycrystal<dim>::write_statistics(JsonWriter &json) const
  {
    json.value("periodic", periodic);
    json.value("n_grains", n_seeds);
    seed_stats.write(json, "grain_size_of_seeds", grain_size);
    SampleStatistics cells;
    for (const double d : diameters)
      cells.add(d);
    cells.write(json, "grain_size_equivalent_diameter", grain_size);
    json.value("boundary_layer_thickness_um", layer);
  }

  template class Polycrystal<2>;
  template class Polycrystal<3>;
} // namespace nanomech::Microstructure
