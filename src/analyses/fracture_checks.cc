// The fracture analysis's checks of what its length scale can resolve:
// PF-CZM's l against each phase's Irwin length, and for every model the
// layers thinner than the crack band (split from fracture.cc).

#include "analyses/fracture.h"

#include "analyses/fracture/fields.h"

#include <algorithm>
#include <iomanip>
#include <limits>
#include <sstream>

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  void
  Fracture<dim>::check_cohesive_resolution()
  {
    // PF-CZM gives the phase's own strength and softening law for l well
    // below its Irwin length l_ch = E Gc / ft^2 (Wu & Nguyen 2018: the
    // crack band, pi l wide, must be small against the cohesive zone).
    const double l = parameters.length_scale;
    for (unsigned int p = 0; p < fields->phase_data().size(); ++p)
      {
        const auto &phase = fields->phase_data()[p];
        if (l <= cohesive_length_fraction * phase.irwin_length)
          continue;
        std::ostringstream message;
        message << "Fracture/Length scale = " << l << " um is not small "
                << "against the Irwin length E Gc / ft^2 = "
                << phase.irwin_length << " um of Materials/Phase " << p
                << " (PF-CZM needs l <= " << cohesive_length_fraction
                << " l_ch for the phase's strength and softening law).";
        this->warn(message.str());
      }
  }

  template <int dim>
  void
  Fracture<dim>::check_plastic_phases() const
  {
    const bool plastic = this->has_plastic_phase();
    require_input(plastic || this->global.element_formulation != "B-bar",
                  "Element formulation = B-bar: fracture has B-bar elements "
                  "with plastic phases only (none of its phases has "
                  "Plasticity); set it to auto");
    if (!plastic)
      return;
    require_input(parameters.step_scheme !=
                      FractureParameters::StepScheme::newton,
                  "Fracture/Solver = Newton does not carry plastic phases "
                  "(its coupled system has no plastic tangent); use staggered "
                  "or Anderson with Plasticity set");
    require_input(parameters.path_following ==
                      FractureParameters::PathFollowing::none,
                  "Fracture/Path following = dissipation controls the crack's "
                  "dissipation only, and with plastic phases the load is not "
                  "proportional at fixed damage; set it to none with "
                  "Plasticity set");
    require_input(parameters.split != EnergySplit::Type::spectral,
                  "Fracture/Energy split = spectral is not available with "
                  "plastic phases (its tangent of the elastic strain is not "
                  "formed); use none or volumetric-deviatoric");
  }

  template <int dim>
  void
  Fracture<dim>::check_thin_layers()
  {
    // A layer thinner than the crack band cannot hold it: a crack along it
    // dissipates a mix of its Gc and its neighbours' (the 1D closed forms
    // of PhaseFieldModel::layer_fracture_energy). PF-CZM: the band is
    // pi l wide, and from 2 l up energy and peak are the layer's own
    // within 4.5 % and 0.1 % (1D runs; 1.23 ft at t = l/2 with neighbours
    // twice as strong and tough). AT1: the band is 4 l wide (the energy is
    // the layer's from there). AT2: the profile has no end; 3 l holds it
    // to 3.4 % for neighbours twice as tough.
    const double l      = parameters.length_scale;
    const auto   type   = model->type();
    const double band   = type == PhaseFieldModel::Type::czm ? 2. :
                          type == PhaseFieldModel::Type::at1 ? 4. :
                                                               3.;
    const auto  &phases = fields->phase_data();
    const auto   layer  = [this](const unsigned int q) {
      return this->microstructure->layer_thickness(q) > 0.;
    };
    bool all_layers = true;
    for (unsigned int q = 0; q < phases.size(); ++q)
      all_layers = all_layers && layer(q);
    for (unsigned int p = 0; p < phases.size(); ++p)
      {
        const double t = this->microstructure->layer_thickness(p);
        if (t == 0. || t >= band * l * (1. - 1e-9))
          continue;
        // The neighbours: the phases that are not layers, or (a laminate)
        // all the others.
        double G_min = std::numeric_limits<double>::max(), G_max = 0.;
        for (unsigned int q = 0; q < phases.size(); ++q)
          if (q != p && (all_layers || !layer(q)))
            {
              const double G =
                  model->layer_fracture_energy(t, phases[p].Gc, phases[q].Gc);
              G_min = std::min(G_min, G);
              G_max = std::max(G_max, G);
            }
        std::ostringstream message;
        message << std::setprecision(3) << "Materials/Phase " << p
                << " forms layers as thin as " << t << " um = " << t / l
                << " l (Fracture/Length scale = " << l << " um): thinner than "
                << band << " l, they cannot hold the "
                << PhaseFieldModel::name(type) << " crack band ("
                << (type == PhaseFieldModel::Type::czm ?
                        "pi l wide" :
                    type == PhaseFieldModel::Type::at1 ?
                        "4 l wide" :
                        "most of it within 3 l")
                << "), so their "
                << (type == PhaseFieldModel::Type::czm ?
                        "tensile strength and Gc are" :
                        "Gc is")
                << " smeared with their neighbours'. A crack along such "
                   "a layer dissipates ";
        if (G_max > 0.)
          {
            message << G_min;
            if (G_max > 1.001 * G_min)
              message << "-" << G_max;
            message << " J/m^2 instead of the phase's " << phases[p].Gc
                    << " (1D closed form, mode I)";
          }
        if (type == PhaseFieldModel::Type::czm)
          message << " and peaks above the phase's " << phases[p].ft << " MPa";
        message << ". Set Fracture/Length scale <= " << t / band
                << " um for the layer's own values.";
        this->warn(message.str());
      }
  }

  template void
  Fracture<2>::check_cohesive_resolution();
  template void
  Fracture<3>::check_cohesive_resolution();
  template void
  Fracture<2>::check_thin_layers();
  template void
  Fracture<3>::check_thin_layers();
  template void
  Fracture<2>::check_plastic_phases() const;
  template void
  Fracture<3>::check_plastic_phases() const;
} // namespace nanomech
