#include "microstructure/laminate.h"

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <cmath>

namespace nanomech::Microstructure
{
  template <int dim>
  void
  Laminate<dim>::declare_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Laminate");
    prm.declare_entry("Layer normal",
                      "y",
                      dealii::Patterns::Selection("x|y|z"),
                      "Direction normal to the layers (z only in 3D).");
    prm.declare_entry("Number of periods",
                      "4",
                      dealii::Patterns::Integer(1),
                      "Number of bilayers (phase 0 then phase 1) across the "
                      "box along the layer normal.");
    prm.declare_entry("Volume fraction of phase 1",
                      "0.5",
                      dealii::Patterns::Double(0., 1.),
                      "Fraction of each period occupied by phase 1, "
                      "0 < f < 1.");
    prm.leave_subsection();
  }

  template <int dim>
  Laminate<dim>::Laminate(dealii::ParameterHandler &prm,
                          const dealii::Point<dim> &size)
  {
    prm.enter_subsection("Laminate");
    const std::string n = prm.get("Layer normal");
    normal              = (n == "x" ? 0 : n == "y" ? 1 : 2);
    n_periods           = prm.get_integer("Number of periods");
    fraction            = prm.get_double("Volume fraction of phase 1");
    prm.leave_subsection();
    require_input(normal < dim,
                  "Microstructure/Laminate/Layer normal = z needs "
                  "Dimension = 3");
    require_input(fraction > 0. && fraction < 1.,
                  "Microstructure/Laminate/Volume fraction of phase 1 must "
                  "lie strictly between 0 and 1 (use Type = homogeneous for "
                  "a single phase)");
    period = size[normal] / n_periods;
  }

  template <int dim>
  MaterialPoint
  Laminate<dim>::material_at(const dealii::Point<dim> &p) const
  {
    const double t = p[normal] - std::floor(p[normal] / period) * period;
    return {t < (1. - fraction) * period ? 0u : 1u, 0};
  }

  template <int dim>
  std::vector<double>
  Laminate<dim>::interface_planes(const unsigned int d) const
  {
    std::vector<double> planes;
    if (d != normal)
      return planes;
    for (unsigned int k = 0; k < n_periods; ++k)
      {
        if (k > 0)
          planes.push_back(k * period);
        planes.push_back((k + 1. - fraction) * period);
      }
    return planes;
  }

  template <int dim>
  std::vector<double>
  Laminate<dim>::requested_volume_fractions() const
  {
    return {1. - fraction, fraction};
  }

  template <int dim>
  void
  Laminate<dim>::write_statistics(JsonWriter &json) const
  {
    json.value("layer_normal", std::string(1, "xyz"[normal]));
    json.value("n_periods", n_periods);
    json.value("period_um", period);
    json.value("layer_thickness_phase_0_um", (1. - fraction) * period);
    json.value("layer_thickness_phase_1_um", fraction * period);
  }

  template class Laminate<2>;
  template class Laminate<3>;
} // namespace nanomech::Microstructure
