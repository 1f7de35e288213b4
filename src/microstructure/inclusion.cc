#include "microstructure/inclusion.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>

namespace nanomech::Microstructure
{
  void
  InclusionParameters::declare(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Inclusion");
    prm.declare_entry("Radius",
                      "0.25",
                      dealii::Patterns::Double(0.),
                      "Radius of the inclusion, µm.");
    prm.declare_entry("Center",
                      "",
                      dealii::Patterns::Anything(),
                      "Center of the inclusion as 'x, y' (2D) or 'x, y, z' "
                      "(3D), µm; empty: the center of the box.");
    prm.declare_entry(
        "Conforming mesh",
        "false",
        dealii::Patterns::Bool(),
        "Mesh the box with cells fitted to the inclusion (13 coarse cells in "
        "3D, 9 in 2D, curved faces on the sphere and a mapping of the finite "
        "element's degree) instead of the box grid; Geometry/Cells x, y, z "
        "are then not used, Global refinements refine it uniformly and "
        "Interface refinement refines the cells at the sphere. Every cell is "
        "wholly inclusion or matrix, so the interface error of cut cells is "
        "gone: the reference mesh for Eshelby's problem.");
  }

  void
  InclusionParameters::parse(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Inclusion");
    radius     = prm.get_double("Radius");
    center     = prm.get("Center");
    conforming = prm.get_bool("Conforming mesh");
  }

  template <int dim>
  Inclusion<dim>::Inclusion(const Parameters         &parameters,
                            const dealii::Point<dim> &size,
                            const Realization &)
      : radius(parameters.radius)
      , conforming(parameters.conforming)
  {
    const std::string &text = parameters.center;

    box_volume = 1.;
    for (unsigned int d = 0; d < dim; ++d)
      box_volume *= size[d];

    if (text.find_first_not_of(" \t") == std::string::npos)
      center = 0.5 * size;
    else
      {
        std::vector<std::string> parts =
            dealii::Utilities::split_string_list(text, ',');
        require_input(parts.size() == dim,
                      "Microstructure/Inclusion/Center = '" + text +
                          "': give " + std::to_string(dim) +
                          " comma-separated coordinates (µm), or leave it "
                          "empty for the box center");
        for (unsigned int d = 0; d < dim; ++d)
          {
            try
              {
                std::size_t used = 0;
                center[d]        = std::stod(parts[d], &used);
                require_input(used == parts[d].size(), "");
              }
            catch (...)
              {
                throw InputError("Microstructure/Inclusion/Center = '" + text +
                                 "': '" + parts[d] + "' is not a number");
              }
          }
      }
    for (unsigned int d = 0; d < dim; ++d)
      require_input(center[d] - radius > 0. && center[d] + radius < size[d],
                    "Microstructure/Inclusion: the inclusion (radius " +
                        std::to_string(radius) +
                        " µm) does not fit inside the box along " +
                        std::string(1, "xyz"[d]) +
                        "; reduce Radius or move Center");
    if (conforming)
      for (unsigned int d = 0; d < dim; ++d)
        require_input(
            std::min(center[d], size[d] - center[d]) - radius >= 0.1 * radius,
            "Microstructure/Inclusion: a conforming mesh needs a gap of at "
            "least a tenth of the radius between the inclusion and the box "
            "faces; along " +
                std::string(1, "xyz"[d]) +
                " it is smaller. Reduce Radius, move Center or set "
                "Conforming mesh = false");
  }

  template <int dim>
  MaterialPoint
  Inclusion<dim>::material_at(const dealii::Point<dim> &p) const
  {
    return {p.distance_square(center) < radius * radius ? 1u : 0u, 0};
  }

  template <int dim>
  std::vector<double>
  Inclusion<dim>::requested_volume_fractions() const
  {
    const double v = (dim == 2 ? M_PI * radius * radius :
                                 4. / 3. * M_PI * std::pow(radius, 3));
    return {1. - v / box_volume, v / box_volume};
  }

  template <int dim>
  void
  Inclusion<dim>::write_statistics(JsonWriter &json) const
  {
    json.value("radius_um", radius);
    std::vector<double> c(center.begin_raw(), center.end_raw());
    json.value("center_um", c);
  }

  template class Inclusion<2>;
  template class Inclusion<3>;

  NANOMECH_REGISTER_MICROSTRUCTURE(
      Inclusion,
      "inclusion",
      "one sphere (circle in 2D) of phase 1 in a matrix of phase 0.",
      (Capabilities{}))
} // namespace nanomech::Microstructure
