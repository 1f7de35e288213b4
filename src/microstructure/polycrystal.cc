#include "microstructure/polycrystal.h"

#include <deal.II/base/symmetric_tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>

namespace nanomech::Microstructure
{
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

    std::mt19937_64 rng(seed + 7919);
    cells = make_sized_cells(size, periodic, grain_size, seed, 400, path);

    // Geometry as generated: phase fractions by Monte Carlo (deterministic
    // sequence), grain sizes from lattice-counted volumes. Grains at the
    // faces of a bounded box are cut by it.
    std::uniform_real_distribution<double> u(0., 1.);
    const unsigned int                     n_samples = 200000;
    unsigned int                           n_layer   = 0;
    for (unsigned int k = 0; k < n_samples; ++k)
      {
        dealii::Point<dim> p;
        for (unsigned int d = 0; d < dim; ++d)
          p[d] = u(rng) * size[d];
        n_layer += locate(p).second;
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
  std::pair<unsigned int, bool>
  Polycrystal<dim>::locate(const dealii::Point<dim> &p) const
  {
    const auto where = cells.diagram.locate(p, 0.5 * layer);
    return {where.cell + 1, where.boundary_distance < 0.5 * layer};
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
  }

  template class Polycrystal<2>;
  template class Polycrystal<3>;
} // namespace nanomech::Microstructure
