#include "microstructure/laminate.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include "base/exceptions.h"
#include "base/json_writer.h"

#include <algorithm>
#include <cmath>

namespace nanomech::Microstructure
{
  void
  LaminateParameters::declare(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Laminate");
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
    SizeDistribution::declare_type(prm);
    for (const std::string phase : {"0", "1"})
      prm.declare_entry("Phase " + phase + " thickness CoV",
                        "0",
                        dealii::Patterns::Double(0., 2.),
                        "Coefficient of variation of the thickness of the "
                        "layers of phase " +
                            phase +
                            " (mean: its share of the period, µm); each "
                            "layer drawn from the seed, then the layers of "
                            "each phase rescaled together so that the phase "
                            "keeps its volume fraction and the stack fills "
                            "the box. 0: all equal.");
  }

  void
  LaminateParameters::parse(dealii::ParameterHandler &prm)
  {
    const std::string      path = "Microstructure/Laminate";
    const ScopedSubsection subsection(prm, "Laminate");
    const std::string      n = prm.get("Layer normal");
    normal                   = (n == "x" ? 0 : n == "y" ? 1 : 2);
    n_periods                = prm.get_integer("Number of periods");
    fraction                 = prm.get_double("Volume fraction of phase 1");
    lognormal                = prm.get("Size distribution") == "lognormal";
    cov[0]                   = prm.get_double("Phase 0 thickness CoV");
    cov[1]                   = prm.get_double("Phase 1 thickness CoV");
    for (unsigned int k = 0; k < 2; ++k)
      require_input(lognormal || cov[k] <= 0.5,
                    path + "/Phase " + std::to_string(k) +
                        " thickness CoV > 0.5 with a normal distribution "
                        "would be truncated heavily; use Size distribution "
                        "= lognormal");
    require_input(fraction > 0. && fraction < 1.,
                  "Microstructure/Laminate/Volume fraction of phase 1 must "
                  "lie strictly between 0 and 1 (use Type = homogeneous for "
                  "a single phase)");
  }

  template <int dim>
  Laminate<dim>::Laminate(const Parameters         &parameters,
                          const dealii::Point<dim> &size,
                          const Realization        &realization)
      : normal(parameters.normal)
      , n_periods(parameters.n_periods)
      , fraction(parameters.fraction)
  {
    const unsigned int seed      = realization.seed;
    const bool         lognormal = parameters.lognormal;
    const double(&cov)[2]        = parameters.cov;
    require_input(normal < dim,
                  "Microstructure/Laminate/Layer normal = z needs "
                  "Dimension = 3");
    length   = normal < dim ? size[normal] : 1.;
    period   = length / n_periods;
    thinnest = std::min(fraction, 1. - fraction) * period;
    varying  = cov[0] > 0. || cov[1] > 0.;
    thickness[0] =
        SizeDistribution((1. - fraction) * period, cov[0], lognormal);
    thickness[1] = SizeDistribution(fraction * period, cov[1], lognormal);

    bounds.push_back(0.);
    if (!varying)
      for (unsigned int k = 0; k < n_periods; ++k)
        {
          bounds.push_back((k + 1. - fraction) * period);
          bounds.push_back(k + 1 < n_periods ? (k + 1) * period : length);
        }
    else
      {
        // Layers 0, 1, 0, 1, ... drawn in turn; each phase then scaled to
        // its exact share of the box.
        RandomStream        rng(seed, StreamTag::layer_thickness);
        std::vector<double> t(2 * n_periods);
        double              sum[2] = {0., 0.};
        for (unsigned int k = 0; k < t.size(); ++k)
          sum[k % 2] += t[k] = thickness[k % 2].sample(rng);
        const double scale[2] = {(1. - fraction) * length / sum[0],
                                 fraction * length / sum[1]};
        thinnest              = length;
        for (unsigned int k = 0; k < t.size(); ++k)
          {
            t[k] *= scale[k % 2];
            thinnest = std::min(thinnest, t[k]);
            bounds.push_back(k + 1 < t.size() ? bounds.back() + t[k] : length);
          }
      }
  }

  template <int dim>
  MaterialPoint
  Laminate<dim>::material_at(const dealii::Point<dim> &p) const
  {
    if (!varying)
      {
        const double t = p[normal] - std::floor(p[normal] / period) * period;
        return {t < (1. - fraction) * period ? 0u : 1u, 0};
      }
    const double x = p[normal] - std::floor(p[normal] / length) * length;
    const long   k =
        std::upper_bound(bounds.begin(), bounds.end(), x) - bounds.begin() - 1;
    return {static_cast<unsigned int>(
                std::clamp<long>(k, 0, bounds.size() - 2) % 2),
            0};
  }

  template <int dim>
  std::vector<double>
  Laminate<dim>::interface_planes(const unsigned int d) const
  {
    std::vector<double> planes;
    if (d != normal)
      return planes;
    // The bounds without the faces of the box.
    planes.assign(bounds.begin() + 1, bounds.end() - 1);
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
    if (varying)
      for (unsigned int phase = 0; phase < 2; ++phase)
        {
          SampleStatistics realized;
          for (unsigned int k = phase; k + 1 < bounds.size(); k += 2)
            realized.add(bounds[k + 1] - bounds[k]);
          realized.write(json,
                         "layer_thickness_phase_" + std::to_string(phase),
                         thickness[phase]);
        }
  }

  template class Laminate<2>;
  template class Laminate<3>;

  NANOMECH_REGISTER_MICROSTRUCTURE(Laminate,
                                   "laminate",
                                   "alternating layers of phases 0 and 1.",
                                   (Capabilities{true, false, false}))
} // namespace nanomech::Microstructure
