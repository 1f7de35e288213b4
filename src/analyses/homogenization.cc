#include "analyses/homogenization.h"
#include "analyses/registry.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/timer.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "output/field_output.h"
#include "physics/constraint_tools.h"
#include "physics/elastic_problem.h"

#include <iomanip>
#include <sstream>

namespace nanomech
{
  using namespace dealii;
  using effective::Matrix;
  using effective::n_voigt;


  template <int dim>
  std::string
  Homogenization<dim>::name(const Boundary b)
  {
    return b == Boundary::periodic  ? "periodic" :
           b == Boundary::kinematic ? "kinematic" :
                                      "static";
  }

  template <int dim>
  void
  Homogenization<dim>::declare_parameters(ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Homogenization");
    prm.declare_entry(
        "Boundary conditions",
        "periodic",
        Patterns::MultipleSelection("periodic|kinematic|static"),
        "One or more of: periodic (fluctuation periodic across opposite "
        "faces; needs a periodic microstructure for a meaningful RVE), "
        "kinematic (affine displacement E x on the whole boundary: an upper "
        "bound), static (uniform traction S n on the whole boundary: a lower "
        "bound). The first listed gives results.effective_stiffness_voigt_MPa"
        "; all appear under results.by_boundary_condition.");
    prm.declare_entry("Number of realizations",
                      "1",
                      Patterns::Integer(1, 100000),
                      "Realizations of the microstructure, with seeds "
                      "Microstructure/Seed, Seed + 1, ...; more than one "
                      "gives mean, standard deviation and 95% confidence "
                      "interval of every effective constant.");
    prm.declare_entry("Macro strain",
                      "0.001",
                      Patterns::Double(0.),
                      "Amplitude of the unit macro strains of the periodic "
                      "and kinematic load cases (engineering shear strain for "
                      "the shear cases). The stiffness does not depend on it; "
                      "the fields written do.");
    prm.declare_entry("Macro stress",
                      "1",
                      Patterns::Double(0.),
                      "Amplitude of the macro stresses of the static load "
                      "cases, MPa (only the fields depend on it).");
    prm.declare_entry(
        "Macro strain path",
        "",
        Patterns::List(Patterns::Double(-0.5, 0.5)),
        "The nonlinear macro response of a periodic RVE (plastic phases): "
        "the levels the macro strain component 'Path component' goes to in "
        "turn from zero, e.g. '0.02, -0.01, 0.03'; followed in load steps "
        "with Newton's method. Empty: the effective stiffness.");
    prm.declare_entry("Path component",
                      "11",
                      Patterns::Selection("11|22|33|23|13|12"),
                      "The loaded macro strain component of the path "
                      "(Voigt; shear as engineering strain).");
    prm.declare_entry("Path control",
                      "mixed",
                      Patterns::Selection("mixed|strain"),
                      "mixed: the other macro stresses stay zero (uniaxial "
                      "macro stress, or pure shear), their macro strains "
                      "are unknowns; strain: the other macro strains stay "
                      "zero.");
    prm.declare_entry("Path increment",
                      "0",
                      Patterns::Double(0., 0.5),
                      "Largest macro strain increment of a load step on the "
                      "path (cut where Newton's method does not converge); "
                      "0: a twentieth of the largest level.");
    prm.declare_entry("Fields of every realization",
                      "false",
                      Patterns::Bool(),
                      "Write the fields of every realization (if "
                      "Output/Write fields), not only of the first.");
  }

  template <int dim>
  Homogenization<dim>::Homogenization(ParameterHandler  &prm,
                                      const CommandLine &command_line,
                                      const MPI_Comm     comm)
      : AnalysisBase<dim>(prm, command_line, comm)
  {
    std::string list, component;
    {
      const ScopedSubsection subsection(prm, "Homogenization");
      list           = prm.get("Boundary conditions");
      n_realizations = prm.get_integer("Number of realizations");
      macro_strain   = prm.get_double("Macro strain");
      macro_stress   = prm.get_double("Macro stress");
      all_fields     = prm.get_bool("Fields of every realization");
      macro_path     = Patterns::Tools::Convert<std::vector<double>>::to_value(
          prm.get("Macro strain path"), Patterns::List(Patterns::Double()));
      component      = prm.get("Path component");
      mixed_control  = prm.get("Path control") == "mixed";
      path_increment = prm.get_double("Path increment");
    }
    if (macro_path.empty())
      this->refuse_plasticity("homogenization without a Macro strain path");
    else
      {
        bool found = false;
        for (unsigned int k = 0; k < effective::n_voigt(dim); ++k)
          if (effective::voigt_name(dim, k) == component)
            {
              path_component = k;
              found          = true;
            }
        require_input(found,
                      "Homogenization/Path component = " + component +
                          " needs Dimension = 3");
        require_input(list == "periodic",
                      "Homogenization/Macro strain path follows a periodic "
                      "RVE: set Boundary conditions = periodic");
        require_input(n_realizations == 1,
                      "Homogenization/Macro strain path runs one "
                      "realization; set Number of realizations = 1");
        double last = 0.;
        for (std::size_t i = 0; i < macro_path.size(); ++i)
          {
            require_input(macro_path[i] != last &&
                              (std::abs(macro_path[i]) >= 1e-12 ||
                               macro_path[i] == 0.),
                          "Homogenization/Macro strain path: level " +
                              std::to_string(i + 1) +
                              " repeats the level before it (the path "
                              "starts at 0) or is below 1e-12");
            last = macro_path[i];
          }
        // A laminated cut cell mixes two phases in one material point,
        // which has no single plastic law.
        require_input(!this->geometry.laminate_cut_cells,
                      "Geometry/Material of cut cells = laminate cannot be "
                      "used with a Homogenization/Macro strain path; set it "
                      "to sampled");
      }

    for (const std::string &item : Utilities::split_string_list(list, ','))
      {
        const Boundary b = item == "periodic"  ? Boundary::periodic :
                           item == "kinematic" ? Boundary::kinematic :
                                                 Boundary::static_traction;
        require_input(std::find(boundaries.begin(), boundaries.end(), b) ==
                          boundaries.end(),
                      "Homogenization/Boundary conditions = '" + list + "': '" +
                          item + "' is listed twice");
        boundaries.push_back(b);
      }
    require_input(!boundaries.empty(),
                  "Homogenization/Boundary conditions: give at least one of "
                  "periodic, kinematic, static");
    require_input(macro_strain > 0.,
                  "Homogenization/Macro strain must be positive");
    require_input(macro_stress > 0.,
                  "Homogenization/Macro stress must be positive (MPa)");
    require_input(this->geometry.mesh_file.empty(),
                  "Analysis = homogenization works on the box RVE: leave "
                  "Geometry/Mesh file empty");
    this->periodic_mesh =
        std::find(boundaries.begin(), boundaries.end(), Boundary::periodic) !=
        boundaries.end();
    // Every realization's structure is generated now (and kept for its
    // turn), so that one that cannot be built is bad input found before
    // anything is computed or written, not a failure after hours of an
    // ensemble.
    for (unsigned int r = 1; r < n_realizations; ++r)
      try
        {
          later_microstructures.push_back(
              this->make_microstructure(this->realization.seed + r));
        }
      catch (const InputError &e)
        {
          throw InputError("realization " + std::to_string(r + 1) + " of " +
                           std::to_string(n_realizations) + " (seed " +
                           std::to_string(this->realization.seed + r) +
                           "): " + e.what());
        }
  }

  template <int dim>
  Homogenization<dim>::~Homogenization() = default;

  template <int dim>
  typename Homogenization<dim>::Result
  Homogenization<dim>::solve_boundary_condition(ElasticProblem<dim> &problem,
                                                const Boundary       b,
                                                const unsigned int   r,
                                                PvdRecord           *pvd,
                                                unsigned int        &n_written)
  {
    auto            &timer = this->timer();
    const Point<dim> size  = this->geometry.template size_point<dim>();
    {
      TimerOutput::Scope t(timer, "setup");
      problem.setup_constraints(
          [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
            if (b == Boundary::periodic)
              {
                add_periodicity_constraints(dh, c);
                hold_vertex_nearest(dh, Point<dim>(0.5 * size), size, c);
              }
            else if (b == Boundary::kinematic)
              hold_whole_boundary(dh, c);
            else
              remove_rigid_motions(dh, size, c);
          });
    }

    LinearSolver       solver(this->solver_parameters, this->comm);
    const unsigned int nv = n_voigt(dim);
    Matrix             columns(nv, nv);
    Result             result;
    result.boundary     = b;
    const bool traction = (b == Boundary::static_traction);
    for (unsigned int k = 0; k < nv; ++k)
      {
        typename ElasticProblem<dim>::Vector u0;
        if (traction)
          problem.set_boundary_stress(
              effective::voigt_stress<dim>(k, macro_stress));
        else
          {
            u0 = problem.affine_displacement(
                Tensor<2, dim>(effective::voigt_strain<dim>(k, macro_strain)));
            problem.set_imposed_displacement(u0);
          }
        {
          TimerOutput::Scope t(timer, "assembly");
          problem.assemble(k == 0);
        }
        {
          TimerOutput::Scope t(timer, "solve");
          result.iterations.push_back(problem.solve(solver, k == 0));
        }
        all_iterations.push_back(result.iterations.back());
        typename ElasticProblem<dim>::Averages a;
        {
          TimerOutput::Scope t(timer, "postprocess");
          if (!traction)
            problem.add_to_solution(u0);
          a = problem.averages();
        }
        const std::vector<double> eps = effective::strain_to_voigt(a.strain, 3);
        const std::vector<double> sig = effective::stress_to_voigt(a.stress, 3);
        result.average_strain.push_back(eps);
        result.average_stress.push_back(sig);
        result.energy.push_back(a.energy);
        const std::vector<double> column =
            traction ? effective::strain_to_voigt(a.strain, dim) :
                       effective::stress_to_voigt(a.stress, dim);
        for (unsigned int i = 0; i < nv; ++i)
          columns(i, k) = column[i] / (traction ? macro_stress : macro_strain);

        if (pvd != nullptr && (r == 0 || all_fields))
          {
            TimerOutput::Scope t(timer, "output");
            const std::string  file =
                write_fields(problem,
                             *this->microstructure,
                             this->output.directory,
                             r,
                             this->output.n_files,
                             this->output.subdivisions,
                             name(b) + (traction ? "_S" : "_E") +
                                 effective::voigt_name(dim, k));
            pvd->add(++n_written, file, this->comm);
          }
      }
    problem.set_boundary_stress(SymmetricTensor<2, dim>());
    problem.set_imposed_displacement(typename ElasticProblem<dim>::Vector());

    result.C                 = traction ? effective::inverse(columns) : columns;
    result.amg_setup_seconds = solver.statistics.setup_seconds;
    result.krylov_seconds    = solver.statistics.solve_seconds;
    return result;
  }

  template <int dim>
  void
  Homogenization<dim>::warn_about_setup()
  {
    if (this->periodic_mesh && !this->microstructure->tiles_space())
      this->warn("periodic boundary conditions on a " +
                 this->microstructure->name() +
                 " structure with Microstructure/Periodic = false: the "
                 "structure does not tile space, so the periodic result is "
                 "that of a different material near the faces.");
    if (n_realizations > 1 && !this->family.family->capabilities.stochastic)
      this->warn("Homogenization/Number of realizations = " +
                 std::to_string(n_realizations) + ", but the " +
                 this->microstructure->name() +
                 " structure does not depend on the seed: every realization "
                 "is the same, and the ensemble's scatter is zero.");
  }

  template <int dim>
  void
  Homogenization<dim>::restart_provenance()
  {
    // Realization 0 gives the provenance part of summary.json: its
    // mesh and materials again, without a solve.
    this->make_mesh();
    ElasticProblem<dim> problem(this->triangulation, this->global.fe_degree);
    problem.setup_dofs();
    problem.setup_materials(*this->microstructure,
                            this->materials,
                            this->geometry.laminate_cut_cells);
    this->fill_summary(summary, problem);
    first_microstructure = std::move(this->microstructure);
    this->triangulation.clear();
  }

  template <int dim>
  void
  Homogenization<dim>::solve_realization(const unsigned int r,
                                         PvdRecord         *pvd,
                                         unsigned int      &n_written)
  {
    auto &pcout = this->pcout;
    Timer clock(this->comm, true);
    if (r > 0)
      {
        if (!first_microstructure)
          first_microstructure = std::move(this->microstructure);
        this->microstructure = std::move(later_microstructures[r - 1]);
        this->triangulation.clear();
      }
    this->make_mesh();
    ElasticProblem<dim> problem(this->triangulation, this->global.fe_degree);
    {
      TimerOutput::Scope t(this->timer(), "setup");
      problem.setup_dofs();
      problem.setup_materials(*this->microstructure,
                              this->materials,
                              this->geometry.laminate_cut_cells);
    }
    Realization rec;
    rec.seed    = this->realization.seed + r;
    rec.n_cells = this->triangulation.n_global_active_cells();
    rec.n_dofs  = problem.get_dof_handler().n_dofs();
    // Realization 0 also fills the provenance part of summary.json
    // (which measures the volume fractions); later ones only measure.
    if (r == 0)
      {
        this->fill_summary(summary, problem);
        rec.volume_fractions = summary.volume_fractions;
      }
    else
      rec.volume_fractions = problem.get_materials().volume_fractions(
          problem.get_mapping(),
          problem.get_dof_handler(),
          this->microstructure->n_phases());
    pcout << "Realization " << r + 1 << " of " << n_realizations << " (seed "
          << rec.seed << "): " << rec.n_dofs << " degrees of freedom";
    if (this->geometry.laminate_cut_cells)
      pcout << ", "
            << Utilities::MPI::sum(problem.get_materials().n_composite_cells,
                                   this->comm)
            << " cut cells laminated ("
            << Utilities::MPI::sum(problem.get_materials().n_junction_cells,
                                   this->comm)
            << " junction cells sampled)";
    pcout << std::endl;
    for (const Boundary b : boundaries)
      {
        rec.results.push_back(
            solve_boundary_condition(problem, b, r, pvd, n_written));
        const Result &res = rec.results.back();
        pcout << "  " << std::setw(9) << name(b)
              << ": C11 = " << std::setprecision(8) << res.C(0, 0)
              << " MPa, CG iterations per load case";
        for (const unsigned int i : res.iterations)
          pcout << ' ' << i;
        pcout << std::setprecision(3) << "; AMG set-up "
              << res.amg_setup_seconds << " s, CG " << res.krylov_seconds
              << " s" << std::endl;
      }
    rec.seconds = clock.wall_time();
    realizations.push_back(std::move(rec));
  }

  template <int dim>
  void
  Homogenization<dim>::compute()
  {
    warn_about_setup();
    std::unique_ptr<PvdRecord> pvd;
    if (this->output.write_fields)
      pvd = std::make_unique<PvdRecord>(this->output.directory);
    unsigned int n_written = 0;
    unsigned int first     = 0;
    if (!restart_directory.empty())
      {
        first     = read_checkpoint(pvd.get());
        n_written = pvd ? pvd->size() : 0;
        this->pcout << "Restarted from " << restart_directory << ": " << first
                    << " of " << n_realizations << " realizations done"
                    << std::endl;
        restart_provenance();
      }
    for (unsigned int r = first; r < n_realizations; ++r)
      {
        solve_realization(r, pvd.get(), n_written);
        if (checkpoints && r + 1 < n_realizations)
          checkpoint_if_due(r + 1, pvd.get());
      }
  }

  template <int dim>
  void
  Homogenization<dim>::run()
  {
    auto &pcout = this->pcout;
    auto &timer = this->timer();
    if (follows_macro_path())
      {
        if (this->command_line.restart)
          pcout << "Note: a macro strain path keeps no checkpoints yet; "
                   "--restart runs it from the start."
                << std::endl;
        this->prepare_output();
        compute_macro_path(true);
        write_macro_path_outputs();
        timer.print_summary();
        pcout << "Wrote " << this->output.directory
              << "/{summary.json, stress_strain.csv, parameters.prm"
              << (this->output.write_fields ? ", solution.pvd" : "") << "}"
              << std::endl;
        return;
      }
    restart_directory = this->restart_checkpoint("homogenization");
    checkpoints = std::make_unique<CheckpointStore>(this->output.directory,
                                                    this->output.checkpoint,
                                                    this->comm);
    checkpoints->set_fallback(restart_directory);
    this->prepare_output();
    compute();
    write_outputs(summary);
    // The run is complete: its restart data are no longer needed.
    if (checkpoints)
      checkpoints->remove_all();
    timer.print_summary();
    pcout << "Wrote " << this->output.directory
          << "/{summary.json, homogenization.csv, stress_strain.csv, "
             "parameters.prm"
          << (this->output.write_fields ? ", solution.pvd" : "") << "}"
          << std::endl;
  }

  template class Homogenization<2>;
  template class Homogenization<3>;

  NANOMECH_REGISTER_ANALYSIS(
      Homogenization,
      "homogenization",
      "the effective stiffness tensor of the box as a representative volume "
      "element (see Homogenization).")
} // namespace nanomech
