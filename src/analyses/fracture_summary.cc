// The fracture analysis's summary.json (split from fracture.cc): the
// model, the stepping and the results, and with plastic phases their
// energies and the offset yield strength.

#include <deal.II/grid/grid_tools.h>

#include "analyses/fracture.h"
#include "analyses/fracture/fields.h"
#include "analyses/fracture/output.h"
#include "analyses/fracture/step_solver.h"
#include "analyses/path_stepping.h"

#include "base/json_writer.h"

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  void
  Fracture<dim>::write_run_summary()
  {
    const auto &steps = history.steps;
    const auto &r     = history.results;
    RunSummary  summary;
    this->fill_summary(summary, fields->displacement());
    const SolverStatistics &statistics = step_solver->statistics();
    summary.preconditioner             = this->solver_parameters.preconditioner;
    summary.iterations_per_solve       = statistics.iterations;
    summary.amg_setup_seconds          = statistics.setup_seconds;
    summary.krylov_seconds             = statistics.solve_seconds;
    const auto &l                      = loading;
    const auto &p                      = parameters;
    summary.extra                      = [&](JsonWriter &json) {
      json.begin_object("fracture");
      json.value("model", PhaseFieldModel::name(p.model));
      if (p.model == PhaseFieldModel::Type::czm)
        {
          json.value("softening", PhaseFieldModel::name(p.softening));
          json.begin_array("phases");
          for (const auto &phase : fields->phase_data())
            {
              json.begin_object();
              json.value("tensile_strength_MPa", phase.ft);
              json.value("critical_energy_release_rate_J_per_m2", phase.Gc);
              json.value("youngs_modulus_MPa", phase.E);
              json.value("irwin_length_um", phase.irwin_length);
              json.value("a1", phase.a1);
              json.end_object();
            }
          json.end_array();
        }
      json.value("peak_tolerance", p.peak_tolerance);
      json.value("crack_pressure_MPa", p.crack_pressure);
      json.value("energy_split", EnergySplit::name(p.split));
      json.value("length_scale_um", p.length_scale);
      json.value("residual_stiffness", p.residual);
      json.value("loading", l.description());
      json.value("load_steps", int(steps.size()) - 1);
      json.value("restarted", !restart_directory.empty());
      json.value("cut_steps", int(r.n_cuts));
      json.value("path_following",
                 p.path_following ==
                         FractureParameters::PathFollowing::dissipation ?
                                          "dissipation" :
                                          "none");
      // The last step before dissipation control took over (0: it did
      // not); the steps after it up to a hand-back were under it.
      json.value("dissipation_control_from_step",
                 int(history.stepping.handover_step));
      std::vector<double> staggered;
      for (unsigned int i = 1; i < steps.size(); ++i)
        staggered.push_back(steps[i].staggered_iterations);
      json.value("staggered_iterations_per_step", staggered);
      json.end_object();
    };
    summary.results = [&](JsonWriter &json) {
      json.value("strength_MPa", r.strength);
      json.value("strain_at_peak", r.strain_at_peak);
      json.value("peak_resolution", r.peak_resolution());
      json.value("toughness_MJ_per_m3", r.toughness);
      json.value("dissipated_energy_J_per_m2", r.dissipated_energy);
      json.value("dissipated_energy_by_phase_J_per_m2",
                 r.dissipated_energy_by_phase);
      json.value("failed", r.failed);
      json.value(dim == 3 ? "initial_fracture_energy_pJ" :
                            "initial_fracture_energy_uJ_per_m",
                 r.initial_fracture_energy);
      if (r.stress_intensity > 0.)
        {
          // MPa sqrt(um) = 1e-3 MPa sqrt(m).
          json.value("apparent_fracture_toughness_MPa_sqrt_m",
                     1e-3 * r.stress_intensity);
          json.value("apparent_energy_release_rate_J_per_m2",
                     r.energy_release_rate);
          json.begin_object("notch");
          json.value("geometry", parameters.notch_geometry);
          json.value("length_um", r.notch_length);
          json.value("width_um", r.width);
          json.value("geometry_factor", r.geometry_factor);
          json.value("reference_modulus_MPa", r.reference_modulus);
          json.end_object();
        }
      json.value(dim == 3 ? "cross_section_um2" : "cross_section_um",
                 r.cross_section);
      json.value(dim == 3 ? "peak_force_uN" : "peak_force_N_per_m",
                 peak_force());
      json.value("load_displacement_at_peak_um",
                 fields->load_displacement(r.strain_at_peak));
      json.value("final_strain", steps.back().strain);
      json.value("strain_at_failure", r.failed ? steps.back().strain : 0.);
      if (fields->plastic())
        {
          // Per unit volume of the specimen (MJ/m^3 = pJ/um^3 = MPa).
          const double          volume = GridTools::volume(this->triangulation);
          const fracture::Step &last   = steps.back();
          json.value("plastic_dissipation_MJ_per_m3",
                     last.plastic_dissipation / volume);
          json.value("fracture_dissipation_MJ_per_m3",
                     (last.fracture_energy - r.initial_fracture_energy) /
                         volume);
          json.value("plastic_work_to_fracture_MJ_per_m3",
                     last.plastic_to_fracture / volume);
          json.value("offset_yield_strength_MPa", offset_yield());
          // The balance holds for the variational driving force of AT1 and
          // AT2 (not for PF-CZM's Rankine force): checked at the peak (up to
          // it the loading is stable); after it, what steps in which the
          // crack ran released without dissipating it.
          if (parameters.model != PhaseFieldModel::Type::czm)
            {
              const fracture::Step &peak = steps.at(r.peak_step);
              const double          g0   = r.initial_fracture_energy;
              json.value("energy_balance_relative_error",
                         fracture::energy_balance_error(peak, g0));
              json.value("energy_not_dissipated_MJ_per_m3",
                         (fracture::energy_not_dissipated(last, g0) -
                          fracture::energy_not_dissipated(peak, g0)) /
                             volume);
            }
        }
    };
    summary.fields_file  = records->last_fields_file();
    summary.field_ranges = records->last_field_ranges();
    this->record_memory(summary);
    summary.timing_seconds = this->timing_seconds();
    if (!restart_directory.empty())
      summary.timing_seconds.emplace_back("total_with_earlier_segments",
                                          elapsed_before +
                                              this->total_timer.wall_time());
    this->write_summary(summary);
  }

  template <int dim>
  double
  Fracture<dim>::offset_yield() const
  {
    std::vector<double> strain, stress;
    for (unsigned int i = 1; i < history.steps.size(); ++i)
      {
        strain.push_back(history.steps[i].strain);
        stress.push_back(history.steps[i].stress);
      }
    return offset_yield_strength(strain, stress, loading.strain);
  }

  template void
  Fracture<2>::write_run_summary();
  template double
  Fracture<2>::offset_yield() const;
  template void
  Fracture<3>::write_run_summary();
  template double
  Fracture<3>::offset_yield() const;
} // namespace nanomech
