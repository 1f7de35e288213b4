#include "analyses/elastic_test.h"
#include "analyses/registry.h"
#include "base/exceptions.h"

#include "base/json_writer.h"
#include "output/field_output.h"

#include <iomanip>
#include <sstream>

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  ElasticTest<dim>::ElasticTest(ParameterHandler  &prm,
                                const CommandLine &command_line,
                                const MPI_Comm     comm)
      : AnalysisBase<dim>(prm, command_line, comm)
  {
    this->parse_loading(loading);
    require_input(loading.type != LoadingParameters::Type::three_point_bending,
                  "Loading/Type = three-point bending is a loading of "
                  "Analysis = fracture");
    // A laminated cut cell mixes two phases in one material point, which
    // has no single plastic law.
    require_input(!follows_path() || !this->geometry.laminate_cut_cells,
                  "Geometry/Material of cut cells = laminate cannot be used "
                  "with plastic phases or a Loading/Strain path; set it to "
                  "sampled");
  }

  template <int dim>
  ElasticTest<dim>::~ElasticTest() = default;

  template <int dim>
  void
  ElasticTest<dim>::compute()
  {
    auto &pcout = this->pcout;
    auto &timer = this->timer();
    this->make_mesh();

    const Point<dim> size = this->geometry.template size_point<dim>();
    problem = std::make_unique<ElasticProblem<dim>>(this->triangulation,
                                                    this->global.fe_degree);
    {
      TimerOutput::Scope t(timer, "setup");
      problem->setup_dofs();
      problem->setup_materials(*this->microstructure,
                               this->materials,
                               this->geometry.laminate_cut_cells);
      // Along a path the load starts at zero.
      const double factor = follows_path() ? 0. : 1.;
      problem->setup_constraints(
          [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
            loading.apply(dh, size, factor, c);
          });
    }
    pcout << "Degrees of freedom: " << problem->get_dof_handler().n_dofs()
          << " (Q" << this->global.fe_degree << ", " << dim << "D)"
          << std::endl;
    if (follows_path())
      {
        compute_path(writing);
        return;
      }
    {
      TimerOutput::Scope t(timer, "assembly");
      problem->assemble();
    }
    pcout << "Assembly: " << problem->cache_statistics[0]
          << " cell matrices computed, " << problem->cache_statistics[1]
          << " reused (rank 0)" << std::endl;

    solver =
        std::make_unique<LinearSolver>(this->solver_parameters, this->comm);
    {
      TimerOutput::Scope t(timer, "solve");
      results.iterations = problem->solve(*solver);
    }
    pcout << "Solver: CG + " << this->solver_parameters.preconditioner << ", "
          << results.iterations << " iterations; AMG set-up "
          << std::setprecision(3) << solver->statistics.setup_seconds
          << " s, CG " << solver->statistics.solve_seconds << " s" << std::endl;

    {
      TimerOutput::Scope t(timer, "postprocess");
      results.reaction_force =
          problem->boundary_force(loading.loaded_face(), loading.axis);
      results.averages = problem->averages();
    }
    // Initial cross-section: the measure of the moved face.
    const double area        = this->boundary_measure(loading.loaded_face());
    const double delta       = loading.strain * size[loading.face_normal];
    results.nominal_strain   = loading.strain;
    results.nominal_stress   = results.reaction_force / area;
    results.apparent_modulus = results.nominal_stress / loading.strain;
    results.external_work    = 0.5 * results.reaction_force * delta;

    pcout << std::setprecision(8) << "Result: " << loading.description()
          << ", strain " << loading.strain << ": reaction force "
          << results.reaction_force << (dim == 3 ? " uN" : " N/m")
          << ", nominal stress " << results.nominal_stress
          << " MPa, apparent modulus " << results.apparent_modulus << " MPa"
          << std::endl;
  }

  template <int dim>
  void
  ElasticTest<dim>::write_table() const
  {
    const Results     &r = results;
    std::ostringstream csv;
    csv << std::setprecision(17);
    if (pressure_loading())
      csv << "step,pressure_MPa,displaced_volume_"
          << (dim == 3 ? "um3" : "um2");
    else
      csv << "step,nominal_strain,nominal_stress_MPa,reaction_force_"
          << (dim == 3 ? "uN" : "N_per_m");
    csv << ",elastic_energy_" << (dim == 3 ? "pJ" : "uJ_per_m")
        << ",external_work_" << (dim == 3 ? "pJ" : "uJ_per_m");
    if (path.empty())
      csv << "\n"
          << 1 << ',' << r.nominal_strain << ',' << r.nominal_stress << ','
          << r.reaction_force << ',' << r.averages.energy << ','
          << r.external_work << "\n";
    else
      {
        // Along a path: a row per load step, with the plastic work and
        // Newton's iterations.
        csv << ",plastic_work_" << (dim == 3 ? "pJ" : "uJ_per_m")
            << ",newton_iterations\n";
        for (std::size_t i = 0; i < path.size(); ++i)
          {
            const PathStep &p = path[i];
            csv << i + 1 << ',' << p.strain << ',';
            if (pressure_loading())
              csv << p.displaced_volume;
            else
              csv << p.stress << ',' << p.force;
            csv << ',' << p.elastic_energy << ',' << p.external_work << ','
                << p.plastic_work << ',' << p.newton_iterations << "\n";
          }
      }
    this->write_output_file("stress_strain.csv", csv.str());
  }

  template <int dim>
  void
  ElasticTest<dim>::write_outputs()
  {
    auto            &timer = this->timer();
    const Point<dim> size  = this->geometry.template size_point<dim>();
    const Results   &r     = results;

    if (this->output.write_fields && !follows_path())
      {
        TimerOutput::Scope t(timer, "output");
        PvdRecord          pvd(this->output.directory);
        const std::string  file = write_fields(*problem,
                                              *this->microstructure,
                                              this->output.directory,
                                              0,
                                              this->output.n_files,
                                              this->output.subdivisions);
        pvd.add(1., file, this->comm);
      }

    write_table();

    RunSummary summary;
    this->fill_summary(summary, *problem);
    summary.preconditioner        = this->solver_parameters.preconditioner;
    summary.iterations_per_solve  = solver->statistics.iterations;
    summary.amg_setup_seconds     = solver->statistics.setup_seconds;
    summary.krylov_seconds        = solver->statistics.solve_seconds;
    const auto       &l           = loading;
    const std::string formulation = follows_path() && this->mean_dilatation() ?
                                        "B-bar" :
                                        "full integration";
    summary.extra = [&l, &size, &formulation](JsonWriter &json) {
      json.value("element_formulation", formulation);
      json.begin_object("loading");
      const bool pressure = l.type == LoadingParameters::Type::pressure;
      json.value("type",
                 pressure                                    ? "pressure" :
                 l.type == LoadingParameters::Type::uniaxial ? "uniaxial" :
                                                               "simple shear");
      json.value("description", l.description());
      if (!l.roller_boundaries.empty())
        json.value("roller_boundaries", l.roller_boundaries);
      if (pressure)
        {
          json.value("pressure_boundary", l.pressure_boundary);
          if (l.pressure_path.empty())
            json.value("applied_pressure_MPa", l.pressure);
          else
            json.value("pressure_path_MPa", l.pressure_path);
          if (l.has_fixed_boundary())
            json.value("fixed_boundary", l.fixed_boundary);
          json.end_object();
          return;
        }
      if (l.strain_path.empty())
        json.value("applied_strain", l.strain);
      else
        json.value("strain_path", l.strain_path);
      json.value("applied_displacement_um", l.strain * size[l.face_normal]);
      json.value("lateral_faces",
                 l.lateral_rollers ? "roller" : "traction free");
      json.value("grips", l.clamped_grips ? "clamped" : "sliding");
      json.end_object();
    };
    const bool shear = loading.type == LoadingParameters::Type::shear;
    summary.results  = [&](JsonWriter &json) {
      if (pressure_loading())
        {
          json.value("pressure_MPa", r.nominal_stress);
          json.value(dim == 3 ? "displaced_volume_um3" : "displaced_volume_um2",
                     r.displaced_volume);
        }
      else
        {
          json.value(dim == 3 ? "reaction_force_uN" : "reaction_force_N_per_m",
                     r.reaction_force);
          json.value("nominal_stress_MPa", r.nominal_stress);
          json.value("nominal_strain", r.nominal_strain);
          json.value(shear ? "apparent_shear_modulus_MPa" :
                             "apparent_modulus_MPa",
                     r.apparent_modulus);
        }
      std::vector<std::vector<double>> s(3), e(3);
      for (unsigned int i = 0; i < 3; ++i)
        for (unsigned int j = 0; j < 3; ++j)
          {
            s[i].push_back(r.averages.stress[i][j]);
            e[i].push_back(r.averages.strain[i][j]);
          }
      json.matrix("average_stress_MPa", s);
      json.matrix("average_strain", e);
      json.value(dim == 3 ? "elastic_energy_pJ" : "elastic_energy_uJ_per_m",
                 r.averages.energy);
      json.value(dim == 3 ? "external_work_pJ" : "external_work_uJ_per_m",
                 r.external_work);
      json.value("volume_um" + std::to_string(dim), r.averages.volume);
      if (path.empty())
        return;
      unsigned int most = 0, sum = 0;
      for (const PathStep &p : path)
        {
          most = std::max(most, p.newton_iterations);
          sum += p.newton_iterations;
        }
      json.value("load_steps", static_cast<unsigned int>(path.size()));
      json.value("newton_iterations_mean", double(sum) / path.size());
      json.value("newton_iterations_max", most);
      json.value(dim == 3 ? "plastic_work_pJ" : "plastic_work_uJ_per_m",
                 r.plastic_work);
      // Plastic work per unit volume: MPa um^3 / um^3 = MJ/m^3.
      json.value("plastic_dissipation_MJ_per_m3",
                 r.plastic_work / r.averages.volume);
      json.value("max_equivalent_plastic_strain",
                 r.max_equivalent_plastic_strain);
      if (!pressure_loading())
        json.value("offset_yield_strength_MPa", r.offset_yield_strength);
      json.value("energy_balance_relative_error", r.energy_balance_error);
    };
    summary.timing_seconds = this->timing_seconds();
    this->write_summary(summary);
  }

  template <int dim>
  void
  ElasticTest<dim>::run()
  {
    auto &pcout = this->pcout;
    auto &timer = this->timer();
    if (this->command_line.restart)
      pcout << "Note: an elastic test is a single solve and keeps no "
               "checkpoints; --restart runs it from the start."
            << std::endl;
    this->prepare_output();
    writing = true;
    compute();
    write_outputs();
    timer.print_summary();
    pcout << "Wrote " << this->output.directory
          << "/{summary.json, stress_strain.csv, parameters.prm"
          << (this->output.write_fields ? ", solution.pvd" : "") << "}"
          << std::endl;
  }

  template class ElasticTest<2>;
  template class ElasticTest<3>;

  NANOMECH_REGISTER_ANALYSIS(
      ElasticTest,
      "elastic test",
      "one displacement-controlled load (see Loading) on the specimen; reports "
      "reaction force, average stress and strain and the apparent modulus.")
} // namespace nanomech
