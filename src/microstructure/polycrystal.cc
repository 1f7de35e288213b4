#include "microstructure/polycrystal.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace nanomech::Microstructure
{
  void
  PolycrystalParameters::declare(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Polycrystal");
    SizeDistribution::declare_type(prm);
    SizeDistribution::declare_parameters(prm,
                                         "Grain size",
                                         "0.1",
                                         "grain size (equivalent diameter)");
    SizeDistribution::declare_parameters(
        prm,
        "Boundary layer thickness",
        "0.005",
        "thickness of the amorphous layer between grains (one value per "
        "pair of neighbouring grains, within 0.25 and 3 times the mean)");
  }

  void
  PolycrystalParameters::parse(dealii::ParameterHandler &prm)
  {
    const std::string      path = "Microstructure/Polycrystal";
    const ScopedSubsection subsection(prm, "Polycrystal");
    grain_size.parse_parameters(prm, "Grain size", path);
    layer_size.parse_parameters(prm, "Boundary layer thickness", path);
    layer_size.truncate_below(0.25);
    require_input(layer_size.mean() > 0. &&
                      layer_size.mean() < 0.5 * grain_size.mean(),
                  path + "/Boundary layer thickness must be positive and "
                         "below half the grain size");
  }

  template <int dim>
  Polycrystal<dim>::Polycrystal(const Parameters         &parameters,
                                const dealii::Point<dim> &size,
                                const Realization        &realization)
      : size(size)
      , periodic(realization.periodic)
      , grain_size(parameters.grain_size)
      , layer_size(parameters.layer_size)
  {
    const std::string  path = "Microstructure/Polycrystal";
    const unsigned int seed = realization.seed;
    layer                   = layer_size.mean();
    // The seed of this structure's layer thicknesses, and the lognormal's
    // log-variance (both used on every point query).
    layer_seed    = seed;
    layer_log_var = std::log(1. + layer_size.cov() * layer_size.cov());

    cells = make_sized_cells(size,
                             periodic,
                             grain_size,
                             sub_seed(seed, StreamTag::grain_cells),
                             400,
                             path);

    // Geometry as generated: phase fractions by Monte Carlo (deterministic
    // sequence), grain sizes from lattice-counted volumes. Grains at the
    // faces of a bounded box are cut by it.
    RandomStream       rng(seed, StreamTag::fraction_sampling);
    const unsigned int n_samples = 200000;
    unsigned int       n_layer   = 0;
    for (unsigned int k = 0; k < n_samples; ++k)
      {
        dealii::Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = rng.uniform() * size[d];
        const auto where = locate_point(p);
        n_layer += in_layer(where);
        if (where.neighbour != dealii::numbers::invalid_unsigned_int &&
            layer_size.cov() > 0.)
          boundaries.emplace(std::min(where.cell, where.neighbour),
                             std::max(where.cell, where.neighbour));
      }
    thinnest = layer;
    if (layer_size.cov() > 0.)
      {
        thinnest = 3. * layer;
        for (const auto &[i, j] : boundaries)
          thinnest = std::min(thinnest, boundary_thickness(i + 1, j + 1));
      }
    geometric_fractions = {1. - double(n_layer) / n_samples,
                           double(n_layer) / n_samples};
    for (const double V :
         cells.diagram.cell_volumes(1000 * cells.diagram.n_cells()))
      if (V > 0.)
        diameters.push_back(equivalent_diameter<dim>(V));
  }

  template <int dim>
  MaterialPoint
  Polycrystal<dim>::material_at(const dealii::Point<dim> &p) const
  {
    const auto [grain, in_layer] = locate(p);
    return in_layer ? MaterialPoint{1, 0} : MaterialPoint{0, grain};
  }


  template <int dim>
  double
  Polycrystal<dim>::boundary_thickness(const unsigned int a,
                                       const unsigned int b) const
  {
    if (layer_size.cov() == 0.)
      return layer;
    // Standard normal numbers (Box-Muller) from the counter-based stream of
    // the seed and the pair, until the value lies within [0.25, 3] x mean.
    const std::uint64_t key =
        stream_key(layer_seed,
                   StreamTag::boundary_layer,
                   std::uint64_t(std::min(a, b)) << 32 | std::max(a, b));
    const double m = layer_size.mean(), c = layer_size.cov();
    for (std::uint64_t k = 0;; ++k)
      {
        const double z =
            std::sqrt(-2. * std::log(counter_uniform(key, 2 * k))) *
            std::cos(2. * M_PI * counter_uniform(key, 2 * k + 1));
        double t;
        if (layer_size.lognormal())
          t = m * std::exp(std::sqrt(layer_log_var) * z - 0.5 * layer_log_var);
        else
          t = m * (1. + c * z);
        if (t >= layer_size.lower_bound() && t <= 3. * m)
          return t;
      }
  }

  template <int dim>
  typename PowerDiagram<dim>::Location
  Polycrystal<dim>::locate_point(const dealii::Point<dim> &p) const
  {
    if (layer_size.cov() == 0.)
      return cells.diagram.locate(p, 0.5 * layer);
    // Half the thickness of each pair's own layer; the widest is 1.5 mean.
    const auto half = [](const void *self, unsigned int i, unsigned int j) {
      return 0.5 * static_cast<const Polycrystal<dim> *>(self)
                       ->boundary_thickness(i + 1, j + 1);
    };
    return cells.diagram.locate(p, 1.5 * layer, half, this);
  }

  template <int dim>
  bool
  Polycrystal<dim>::in_layer(
      const typename PowerDiagram<dim>::Location &where) const
  {
    return layer_size.cov() == 0. ? where.boundary_distance < 0.5 * layer :
                                    where.boundary_distance < 0.;
  }

  template <int dim>
  std::pair<unsigned int, bool>
  Polycrystal<dim>::locate(const dealii::Point<dim> &p) const
  {
    const auto where = locate_point(p);
    return {where.cell + 1, in_layer(where)};
  }

  template <int dim>
  dealii::Tensor<2, 3>
  Polycrystal<dim>::grain_rotation(const unsigned int grain) const
  {
    return rotation_of_grain(cells.rotations, grain);
  }

  template <int dim>
  void
  Polycrystal<dim>::write_statistics(JsonWriter &json) const
  {
    json.value("periodic", periodic);
    json.value("n_grains", cells.diagram.n_cells());
    SampleStatistics drawn;
    for (const double d : cells.target_diameters)
      drawn.add(d);
    drawn.write(json, "grain_size_drawn", grain_size);
    json.value("grain_volume_fit_rms_error", cells.fit_error);
    SampleStatistics cells;
    for (const double d : diameters)
      cells.add(d);
    cells.write(json, "grain_size_equivalent_diameter", grain_size);
    json.value("boundary_layer_thickness_um", layer);
    if (layer_size.cov() > 0.)
      {
        // Over the pairs of neighbouring grains found by the sampling.
        SampleStatistics t;
        for (const auto &[i, j] : boundaries)
          t.add(boundary_thickness(i + 1, j + 1));
        t.write(json, "boundary_layer_thickness", layer_size);
      }
  }

  template class Polycrystal<2>;
  template class Polycrystal<3>;

  NANOMECH_REGISTER_MICROSTRUCTURE(
      Polycrystal,
      "polycrystal",
      "crystalline grains (phase 0) in amorphous boundary layers (phase 1).",
      (Capabilities{true, true, false}))
} // namespace nanomech::Microstructure
