#include "analyses/fracture.h"

#include "analyses/fracture/crack_refinement.h"
#include "analyses/fracture/fields.h"
#include "analyses/fracture/load_stepping.h"
#include "analyses/fracture/newton_solver.h"
#include "analyses/fracture/output.h"
#include "analyses/fracture/step_solver.h"
#include "analyses/notch.h"
#include "analyses/registry.h"

#include "base/exceptions.h"
#include "physics/damage_problem.h"
#include "physics/elastic_problem.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <type_traits>

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  void
  Fracture<dim>::declare_parameters(ParameterHandler &prm)
  {
    FractureParameters::declare_parameters(prm);
  }

  template <int dim>
  Fracture<dim>::Fracture(ParameterHandler  &prm,
                          const CommandLine &command_line,
                          const MPI_Comm     comm)
      : AnalysisBase<dim>(prm, command_line, comm)
  {
    this->parse_loading(loading);
    require_input(loading.type != LoadingParameters::Type::pressure,
                  "Loading/Type = pressure is a loading of Analysis = "
                  "elastic test (fracture is displacement-controlled)");
    require_input(loading.strain_path.empty() && loading.path_increment == 0.,
                  "Loading/Strain path and Path increment are read by "
                  "Analysis = elastic test only (fracture has its own load "
                  "stepping: Fracture/Strain increment)");
    parameters.parse_parameters(prm);
    loading.check_geometry(this->geometry.template size_point<dim>());
    require_input(loading.strain > 0.,
                  "Loading/Applied strain is the largest strain of the "
                  "fracture analysis and must be positive (tension, or "
                  "shear in the positive sense)");
    require_input(!this->geometry.laminate_cut_cells,
                  "Geometry/Material of cut cells = laminate mixes two "
                  "phases in one cell, but fracture needs the phase (and "
                  "its Gc) at every point; use sampled");
    require_input(parameters.initial_cracks.empty() || dim == 2 ||
                      loading.axis != 2,
                  "Fracture/Initial cracks lie in the x-y plane through the "
                  "thickness: load along x or y, not z");
    require_input(parameters.penny_cracks.empty() || dim == 3,
                  "Fracture/Initial penny cracks are discs in 3D; set "
                  "Dimension = 3 or use Fracture/Initial cracks");
    require_input(parameters.notch_geometry == "none" ||
                      loading.type !=
                          LoadingParameters::Type::three_point_bending,
                  "Fracture/Notch geometry: the apparent toughness formulas "
                  "are those of strips in tension; set it to none for "
                  "Loading/Type = three-point bending");
    check_plastic_phases();
    model = std::make_unique<PhaseFieldModel>(parameters.model,
                                              parameters.length_scale,
                                              parameters.residual,
                                              parameters.softening);
    if (parameters.model == PhaseFieldModel::Type::czm)
      for (unsigned int p = 0; p < this->microstructure->n_phases(); ++p)
        require_input(this->materials.phase(p).tensile_strength > 0.,
                      "Materials/Phase " + std::to_string(p) +
                          "/Tensile strength must be positive (MPa) with "
                          "Fracture/Model = PF-CZM: the specimen has this "
                          "phase, and PF-CZM takes each phase's strength");
    // Refuse the spectral split of an anisotropic phase now, before any
    // output (a grain rotation does not change isotropy).
    for (unsigned int p = 0; p < this->microstructure->n_phases(); ++p)
      EnergySplit(parameters.split,
                  this->materials.phase(p).specimen_stiffness(
                      unit_symmetric_tensor<3>()),
                  "Materials/Phase " + std::to_string(p));
  }

  template <int dim>
  Fracture<dim>::~Fracture() = default;

  template <int dim>
  const DamageProblem<dim> &
  Fracture<dim>::get_damage() const
  {
    return fields->damage();
  }

  template <int dim>
  void
  Fracture<dim>::set_up()
  {
    if (restart_directory.empty())
      this->make_mesh();
    else
      {
        // The coarse mesh again, then the saved refinement and partition
        // (p4est; any number of ranks).
        this->make_mesh(true);
        this->triangulation.load(restart_directory + "/mesh");
      }
    fields = std::make_unique<fracture::Fields<dim>>(
        this->triangulation,
        this->global.fe_degree,
        *this->microstructure,
        this->materials,
        *model,
        parameters,
        loading,
        this->geometry.template size_point<dim>());
    // B-bar where plastic flow would lock Q1 (with a tangent law only).
    fields->displacement().set_mean_dilatation(this->mean_dilatation());
    refinement =
        std::make_unique<fracture::CrackRefinement<dim>>(this->triangulation,
                                                         *fields,
                                                         parameters);
    // The step solver of Fracture/Solver (both take the same arguments).
    const auto make = [this](auto type) {
      using Solver = typename decltype(type)::type;
      return std::unique_ptr<fracture::StepSolver<dim>>(
          std::make_unique<Solver>(
              *fields,
              parameters,
              this->solver_parameters,
              this->timer(),
              [this]() { return refinement->needed(); },
              [this](const std::string &message) { this->warn(message); },
              [this](const std::string &line) {
                this->pcout << line << std::endl;
              }));
    };
    if (parameters.step_scheme == FractureParameters::StepScheme::newton)
      step_solver = make(std::common_type<fracture::NewtonSolver<dim>>());
    else
      step_solver =
          make(std::common_type<fracture::AlternateMinimization<dim>>());
    if (parameters.model == PhaseFieldModel::Type::czm)
      check_cohesive_resolution();
    check_thin_layers();
  }

  template <int dim>
  void
  Fracture<dim>::start()
  {
    TimerOutput::Scope t(this->timer(), "setup");
    fields->setup_displacement(0.);
    fields->make_damage_problem();
    fields->damage().setup(fields->displacement().get_mapping());
    step_solver->mesh_changed();
    history = fracture::History();
    history.results.cross_section =
        this->boundary_measure(loading.cross_section_face());
    history.stepping.increment = parameters.increment;
    if (!parameters.cracks().empty())
      insert_initial_cracks();
    fracture::Step zero;
    zero.n_cells         = this->triangulation.n_global_active_cells();
    zero.fracture_energy = history.results.initial_fracture_energy;
    zero.max_damage      = fields->damage().max_damage();
    history.steps.assign(1, zero);
  }

  template <int dim>
  void
  Fracture<dim>::insert_initial_cracks()
  {
    refinement->refine_around_initial_cracks();
    step_solver->mesh_changed();
    const unsigned int n_nodes = fields->set_initial_cracks();
    require_input(n_nodes > 0,
                  "Fracture/Initial cracks: no mesh node lies on the cracks "
                  "(are they inside the specimen?)");
    // The profile around the cracks at zero load (psi+ = 0, or PF-CZM's
    // threshold). The damage energy is quadratic in d for AT1 and AT2 (one
    // solve), not for PF-CZM (w = 2d - d^2, the rational degradation): its
    // Newton models are solved until the damage settles, or the profile
    // would relax during loading and count as negative dissipation.
    fields->evaluate_damage();
    fields->clear_driving_energy();
    for (unsigned int it = 0;; ++it)
      {
        fields->assemble_damage();
        const double change = fields->damage().solve_for_change();
        fields->evaluate_damage();
        if (change < parameters.damage_tolerance)
          break;
        if (it + 1 == parameters.max_staggered)
          throw ComputeError(
              "the damage profile around Fracture/Initial cracks did not "
              "settle in Fracture/Maximum staggered iterations (last change " +
              std::to_string(change) + ")");
      }
    history.results.initial_fracture_energy = fields->energies().second;
    history.results.initial_fracture_energy_by_phase =
        fields->fracture_energy_by_phase();
    this->pcout << "Initial cracks: " << n_nodes << " nodes broken, "
                << "fracture energy " << history.results.initial_fracture_energy
                << (dim == 3 ? " pJ" : " uJ/m") << std::endl;
  }

  template <int dim>
  void
  Fracture<dim>::step_to_failure(fracture::StepObserver *observer)
  {
    this->pcout << "Degrees of freedom: "
                << fields->displacement().get_dof_handler().n_dofs()
                << " displacement (Q" << this->global.fe_degree << "), "
                << fields->damage().get_dof_handler().n_dofs() << " damage (Q1)"
                << std::endl;
    const Point<dim> size = this->geometry.template size_point<dim>();
    fracture::LoadStepping<dim> stepping(*fields,
                                         *step_solver,
                                         *refinement,
                                         parameters,
                                         loading,
                                         loading.displacement(1., size),
                                         this->pcout,
                                         this->timer(),
                                         [this](const std::string &message) {
                                           this->warn(message);
                                         });
    stepping.run(history, observer);

    // Toughness: the area under the nominal curve up to failure (or the
    // last step); the dissipated energy per unit cross-section.
    Results &r  = history.results;
    r.toughness = fracture::toughness(history.steps);
    r.dissipated_energy =
        (history.steps.back().fracture_energy - r.initial_fracture_energy) /
        r.cross_section;
    r.dissipated_energy_by_phase = fields->fracture_energy_by_phase();
    for (unsigned int p = 0; p < r.dissipated_energy_by_phase.size(); ++p)
      r.dissipated_energy_by_phase[p] =
          (r.dissipated_energy_by_phase[p] -
           (p < r.initial_fracture_energy_by_phase.size() ?
                r.initial_fracture_energy_by_phase[p] :
                0.)) /
          r.cross_section;
    if (parameters.notch_geometry != "none")
      compute_apparent_toughness();
    if (r.peak_resolution() > parameters.peak_tolerance)
      {
        std::ostringstream message;
        message << std::setprecision(2) << "the peak is resolved to "
                << 100. * r.peak_resolution()
                << " %, not to Fracture/Peak tolerance = "
                << 100. * parameters.peak_tolerance
                << " %: a step around it could not be repeated with a "
                   "smaller increment (not below Fracture/Minimum strain "
                   "increment, and not into a step recorded before a "
                   "restart). A smaller Fracture/Strain increment resolves "
                   "it.";
        this->warn(message.str());
      }
  }

  template <int dim>
  void
  Fracture<dim>::compute()
  {
    set_up();
    start();
    step_to_failure(nullptr);
  }

  template <int dim>
  double
  Fracture<dim>::peak_force() const
  {
    for (const auto &s : history.steps)
      if (s.step == history.results.peak_step)
        return s.force;
    return 0.;
  }

  template <int dim>
  void
  Fracture<dim>::compute_apparent_toughness()
  {
    Results   &r        = history.results;
    const auto geometry = notch::parse(parameters.notch_geometry);
    // The width: along the first axis other than the loading direction.
    const unsigned int across = loading.axis == 0 ? 1 : 0;
    r.width                   = this->geometry.size[across];
    r.notch_length            = parameters.notch_length;
    if (r.notch_length == 0.)
      {
        const auto  &c      = parameters.initial_cracks.front();
        const double length = std::hypot(c[2] - c[0], c[3] - c[1]);
        r.notch_length =
            geometry == notch::Geometry::centre ? 0.5 * length : length;
      }
    const double alpha =
        notch::relative_length(geometry, r.notch_length, r.width);
    if (!(alpha > 0. && alpha < 1.))
      {
        std::ostringstream message;
        message << "notch length " << r.notch_length
                << " um is not inside the width " << r.width
                << " um for Fracture/Notch geometry = "
                << parameters.notch_geometry
                << "; no apparent fracture toughness.";
        this->warn(message.str());
        return;
      }
    r.geometry_factor = notch::geometry_factor(geometry, alpha);
    r.stress_intensity =
        notch::stress_intensity(geometry, r.strength, r.notch_length, r.width);
    r.reference_modulus = parameters.reference_modulus > 0. ?
                              parameters.reference_modulus :
                              fields->average_plane_strain_modulus();
    // MPa um = N/m = J/m^2.
    r.energy_release_rate =
        r.stress_intensity * r.stress_intensity / r.reference_modulus;
  }

  template <int dim>
  void
  Fracture<dim>::make_records()
  {
    fracture::RunServices services;
    services.write_file = [this](const std::string &name,
                                 const std::string &text) {
      this->write_output_file(name, text);
    };
    services.solver_statistics = [this]() { return step_solver->statistics(); };
    services.elapsed_seconds   = [this]() {
      return elapsed_before + this->total_timer.wall_time();
    };
    records =
        std::make_unique<fracture::Output<dim>>(this->triangulation,
                                                *fields,
                                                *this->microstructure,
                                                this->output,
                                                parameters,
                                                this->identity("fracture"),
                                                this->warnings,
                                                services,
                                                this->pcout,
                                                this->timer());
  }

  template <int dim>
  void
  Fracture<dim>::run()
  {
    restart_directory = this->restart_checkpoint("fracture");
    // The saved state first: a damaged checkpoint is bad input, found
    // before anything is built or written.
    std::unique_ptr<fracture::SavedRun> saved;
    if (!restart_directory.empty())
      {
        saved = std::make_unique<fracture::SavedRun>(this->output.directory);
        fracture::read_saved_run(CheckpointStore(this->output.directory,
                                                 this->output.checkpoint,
                                                 this->comm),
                                 restart_directory,
                                 *saved,
                                 this->warnings);
      }
    set_up();
    make_records();
    // Everything that can find bad input (initial cracks off the
    // specimen, a damaged checkpoint) comes before the first output.
    if (restart_directory.empty())
      start();
    else
      {
        history        = saved->history;
        elapsed_before = saved->elapsed;
        records->restore(*saved);
        records->continue_checkpoints_from(restart_directory);
        step_solver->mesh_changed();
        step_solver->set_statistics(saved->statistics);
        this->pcout << "Restarted from " << restart_directory << " at step "
                    << history.steps.back().step << ", strain "
                    << history.stepping.strain << std::endl;
      }
    this->prepare_output();
    if (restart_directory.empty())
      records->write_step_fields(0);
    step_to_failure(records.get());
    records->finish(history);

    const Results &r = history.results;
    // The strength to the digits the peak's resolution gives it (one
    // uncertain digit); the energies to four.
    const int digits =
        r.peak_resolution() > 0. ?
            std::clamp(1 - int(std::floor(std::log10(r.peak_resolution()))),
                       2,
                       8) :
            8;
    this->pcout << std::setprecision(digits) << "Result: strength "
                << r.strength << " MPa (peak resolved to "
                << std::setprecision(2) << 100. * r.peak_resolution()
                << " %) at strain " << std::setprecision(4) << r.strain_at_peak
                << ", toughness " << r.toughness
                << " MJ/m^3, dissipated energy " << r.dissipated_energy
                << " J/m^2" << (r.failed ? "" : " (the specimen did not fail)")
                << std::endl;
    if (loading.type == LoadingParameters::Type::three_point_bending)
      this->pcout << std::setprecision(4) << "Peak force " << peak_force()
                  << (dim == 3 ? " uN" : " N/m") << " at deflection "
                  << fields->load_displacement(r.strain_at_peak) << " um"
                  << std::endl;
    if (r.dissipated_energy_by_phase.size() > 1)
      {
        this->pcout << "Dissipated energy by phase:";
        for (const double e : r.dissipated_energy_by_phase)
          this->pcout << ' ' << e;
        this->pcout << " J/m^2" << std::endl;
      }
    if (fields->plastic())
      {
        const fracture::Step &last = history.steps.back();
        this->pcout << std::setprecision(4) << "Plastic dissipation "
                    << last.plastic_dissipation << ", fracture energy "
                    << last.fracture_energy - r.initial_fracture_energy
                    << " (of it paid by plastic work "
                    << last.plastic_to_fracture << ")"
                    << (dim == 3 ? " pJ" : " uJ/m");
        if (parameters.model != PhaseFieldModel::Type::czm)
          {
            // (See the summary: PF-CZM's driving force has no balance.)
            const fracture::Step &peak = history.steps.at(r.peak_step);
            const double          g0   = r.initial_fracture_energy;
            this->pcout << "; energy balance error at the peak "
                        << std::setprecision(2)
                        << fracture::energy_balance_error(peak, g0)
                        << ", released and not dissipated after it "
                        << std::setprecision(4)
                        << fracture::energy_not_dissipated(last, g0) -
                               fracture::energy_not_dissipated(peak, g0);
          }
        this->pcout << std::endl;
      }
    if (r.stress_intensity > 0.)
      this->pcout << "Apparent fracture toughness " << 1e-3 * r.stress_intensity
                  << " MPa m^1/2 (" << parameters.notch_geometry
                  << " notch, a = " << r.notch_length << " um, W = " << r.width
                  << " um, F = " << r.geometry_factor
                  << "), G = K^2/E' = " << r.energy_release_rate
                  << " J/m^2 with E' = " << r.reference_modulus << " MPa"
                  << std::endl;
    write_run_summary();
    // The run is complete: its restart data are no longer needed.
    records->remove_checkpoints();
    this->timer().print_summary();
    this->pcout << "Wrote " << this->output.directory
                << "/{summary.json, stress_strain.csv, parameters.prm"
                << (this->output.write_fields ? ", solution.pvd" : "") << "}"
                << std::endl;
  }

  template class Fracture<2>;
  template class Fracture<3>;

  NANOMECH_REGISTER_ANALYSIS(Fracture,
                             "fracture",
                             "phase-field fracture under displacement control "
                             "up to failure; strength, toughness and crack "
                             "paths (see Fracture and Loading).")
} // namespace nanomech
