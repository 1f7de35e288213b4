#include "analyses/homogenization.h"

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

  namespace
  {
    std::vector<std::vector<double>>
    rows_of(const Matrix &A)
    {
      std::vector<std::vector<double>> r(A.m(), std::vector<double>(A.n()));
      for (unsigned int i = 0; i < A.m(); ++i)
        for (unsigned int j = 0; j < A.n(); ++j)
          r[i][j] = A(i, j);
      return r;
    }

    /// The independent stiffness entries C_ij (i <= j, Voigt indices from
    /// 1), the engineering constants and the isotropic measures.
    effective::NamedValues
    constants_of(const Matrix &C, const unsigned int dim)
    {
      effective::NamedValues r;
      const Matrix           Cs = effective::symmetric_part(C);
      for (unsigned int i = 0; i < Cs.m(); ++i)
        for (unsigned int j = i; j < Cs.n(); ++j)
          r.emplace_back("C" + std::to_string(i + 1) + std::to_string(j + 1) +
                             "_MPa",
                         Cs(i, j));
      for (const auto &v : effective::engineering_constants(C, dim))
        r.push_back(v);
      for (const auto &v : effective::isotropic_measures(C, dim))
        r.push_back(v);
      return r;
    }
  } // namespace

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
    prm.enter_subsection("Homogenization");
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
    prm.declare_entry("Fields of every realization",
                      "false",
                      Patterns::Bool(),
                      "Write the fields of every realization (if "
                      "Output/Write fields), not only of the first.");
    prm.leave_subsection();
  }

  template <int dim>
  Homogenization<dim>::Homogenization(ParameterHandler  &prm,
                                      const CommandLine &command_line,
                                      const MPI_Comm     comm)
      : AnalysisBase<dim>(prm, command_line, comm)
  {
    prm.enter_subsection("Homogenization");
    const std::string list = prm.get("Boundary conditions");
    n_realizations         = prm.get_integer("Number of realizations");
    macro_strain           = prm.get_double("Macro strain");
    macro_stress           = prm.get_double("Macro stress");
    all_fields             = prm.get_bool("Fields of every realization");
    prm.leave_subsection();

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
    result.amg_setup_seconds = solver.setup_seconds;
    result.krylov_seconds    = solver.solve_seconds;
    return result;
  }

  template <int dim>
  void
  Homogenization<dim>::compute()
  {
    auto &pcout = this->pcout;
    if (this->periodic_mesh)
      {
        this->prm.enter_subsection("Microstructure");
        const bool periodic = this->prm.get_bool("Periodic");
        const auto type     = this->prm.get("Type");
        this->prm.leave_subsection();
        if (!periodic && (type == "particles" || type == "polycrystal" ||
                          type == "nacre" || type == "enamel"))
          pcout << "Warning: periodic boundary conditions on a " << type
                << " structure with Microstructure/Periodic = false: the "
                   "structure does not tile space, so the periodic result "
                   "is that of a different material near the faces."
                << std::endl;
      }

    std::unique_ptr<PvdRecord> pvd;
    if (this->output.write_fields)
      pvd = std::make_unique<PvdRecord>(this->output.directory);
    unsigned int n_written = 0;
    unsigned int first     = 0;
    if (!restart_directory.empty())
      {
        first     = read_checkpoint(pvd.get());
        n_written = pvd ? pvd->size() : 0;
        pcout << "Restarted from " << restart_directory << ": " << first
              << " of " << n_realizations << " realizations done" << std::endl;
        // Realization 0 gives the provenance part of summary.json: its
        // mesh and materials again, without a solve.
        this->make_mesh();
        ElasticProblem<dim> problem(this->triangulation,
                                    this->global.fe_degree);
        problem.setup_dofs();
        problem.setup_materials(*this->microstructure,
                                this->materials,
                                this->geometry.laminate_cut_cells);
        this->fill_summary(summary, problem);
        first_microstructure = std::move(this->microstructure);
        this->triangulation.clear();
      }

    for (unsigned int r = first; r < n_realizations; ++r)
      {
        Timer clock(this->comm, true);
        if (r > 0)
          {
            if (!first_microstructure)
              first_microstructure = std::move(this->microstructure);
            this->microstructure = this->make_microstructure(this->seed + r);
            this->triangulation.clear();
          }
        this->make_mesh();
        ElasticProblem<dim> problem(this->triangulation,
                                    this->global.fe_degree);
        {
          TimerOutput::Scope t(this->timer(), "setup");
          problem.setup_dofs();
          problem.setup_materials(*this->microstructure,
                                  this->materials,
                                  this->geometry.laminate_cut_cells);
        }
        Realization rec;
        rec.seed    = this->seed + r;
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
        pcout << "Realization " << r + 1 << " of " << n_realizations
              << " (seed " << rec.seed << "): " << rec.n_dofs
              << " degrees of freedom";
        if (this->geometry.laminate_cut_cells)
          pcout << ", "
                << Utilities::MPI::sum(
                       problem.get_materials().n_composite_cells, this->comm)
                << " cut cells laminated ("
                << Utilities::MPI::sum(problem.get_materials().n_junction_cells,
                                       this->comm)
                << " junction cells sampled)";
        pcout << std::endl;
        for (const Boundary b : boundaries)
          {
            rec.results.push_back(
                solve_boundary_condition(problem, b, r, pvd.get(), n_written));
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
        if (checkpoints && r + 1 < n_realizations)
          checkpoint_if_due(r + 1, pvd.get());
      }
  }

  template <int dim>
  void
  Homogenization<dim>::checkpoint_if_due(const unsigned int r,
                                         const PvdRecord   *pvd)
  {
    const auto [due, signal] = checkpoints->due(r);
    if (!due)
      return;
    {
      TimerOutput::Scope t(this->timer(), "checkpoint");
      // Everything is in the realizations' numbers: no mesh or fields.
      checkpoints->begin(r);
      StateWriter state;
      this->put_identity(state, "homogenization");
      state.put("realizations", double(realizations.size()));
      for (unsigned int i = 0; i < realizations.size(); ++i)
        {
          const Realization &rec = realizations[i];
          const std::string  key = "r" + std::to_string(i) + " ";
          state.put(key + "seed", double(rec.seed));
          state.put(key + "n_cells", double(rec.n_cells));
          state.put(key + "n_dofs", double(rec.n_dofs));
          state.put(key + "volume_fractions", rec.volume_fractions);
          state.put(key + "seconds", rec.seconds);
          state.put(key + "results", double(rec.results.size()));
          for (unsigned int b = 0; b < rec.results.size(); ++b)
            {
              const Result     &res = rec.results[b];
              const std::string k   = key + "b" + std::to_string(b) + " ";
              state.put(k + "boundary", name(res.boundary));
              std::vector<double> C;
              for (unsigned int i = 0; i < res.C.m(); ++i)
                for (unsigned int j = 0; j < res.C.n(); ++j)
                  C.push_back(res.C(i, j));
              state.put(k + "C", C);
              state.put(k + "iterations",
                        std::vector<double>(res.iterations.begin(),
                                            res.iterations.end()));
              std::vector<double> strain, stress;
              for (const auto &e : res.average_strain)
                strain.insert(strain.end(), e.begin(), e.end());
              for (const auto &e : res.average_stress)
                stress.insert(stress.end(), e.begin(), e.end());
              state.put(k + "average_strain", strain);
              state.put(k + "average_stress", stress);
              state.put(k + "energy", res.energy);
              state.put(k + "amg_setup_seconds", res.amg_setup_seconds);
              state.put(k + "krylov_seconds", res.krylov_seconds);
            }
        }
      state.put("all_iterations",
                std::vector<double>(all_iterations.begin(),
                                    all_iterations.end()));
      // (An empty record if no fields are written.)
      (pvd ? *pvd : PvdRecord(this->output.directory)).save(state);
      checkpoints->commit(state);
      this->pcout << "  checkpoint after realization " << r << std::endl;
    }
    if (signal != 0)
      throw Interrupted("stopped by signal " + std::to_string(signal) +
                        " after realization " + std::to_string(r) +
                        " and a checkpoint; continue with --restart");
  }

  template <int dim>
  unsigned int
  Homogenization<dim>::read_checkpoint(PvdRecord *pvd)
  {
    const CheckpointStore store(this->output.directory,
                                this->output.checkpoint,
                                this->comm);
    const StateReader     state = store.read_state(restart_directory);
    const unsigned int    nv    = n_voigt(dim);
    const unsigned int    done  = state.get_count("realizations");
    auto                  fail  = [&](const std::string &what) {
      throw InputError("--restart: the checkpoint " + restart_directory +
                       " does not match the parameters: " + what);
    };
    if (done > n_realizations)
      fail("it holds more realizations than Homogenization/Number of "
           "realizations");
    realizations.clear();
    for (unsigned int i = 0; i < done; ++i)
      {
        Realization       rec;
        const std::string key = "r" + std::to_string(i) + " ";
        rec.seed              = state.get_count(key + "seed");
        if (rec.seed != this->seed + i)
          fail("realization " + std::to_string(i) + " has seed " +
               std::to_string(rec.seed) + ", not Microstructure/Seed + " +
               std::to_string(i));
        rec.n_cells          = state.get_count(key + "n_cells");
        rec.n_dofs           = state.get_count(key + "n_dofs");
        rec.volume_fractions = state.get_vector(key + "volume_fractions");
        rec.seconds          = state.get_double(key + "seconds");
        if (state.get_count(key + "results") != boundaries.size())
          fail("another number of Homogenization/Boundary conditions");
        for (unsigned int b = 0; b < boundaries.size(); ++b)
          {
            const std::string k = key + "b" + std::to_string(b) + " ";
            Result            res;
            res.boundary = boundaries[b];
            if (state.get_string(k + "boundary") != name(boundaries[b]))
              fail("other Homogenization/Boundary conditions");
            const auto C = state.get_vector(k + "C");
            if (C.size() != nv * nv)
              fail("a stiffness of another size");
            res.C.reinit(nv, nv);
            for (unsigned int i = 0; i < nv; ++i)
              for (unsigned int j = 0; j < nv; ++j)
                res.C(i, j) = C[i * nv + j];
            for (const double its : state.get_vector(k + "iterations"))
              res.iterations.push_back(static_cast<unsigned int>(its));
            const auto strain = state.get_vector(k + "average_strain");
            const auto stress = state.get_vector(k + "average_stress");
            if (strain.size() != 6 * nv || stress.size() != 6 * nv)
              fail("damaged average strains or stresses");
            for (unsigned int c = 0; c < nv; ++c)
              {
                res.average_strain.emplace_back(strain.begin() + 6 * c,
                                                strain.begin() + 6 * c + 6);
                res.average_stress.emplace_back(stress.begin() + 6 * c,
                                                stress.begin() + 6 * c + 6);
              }
            res.energy            = state.get_vector(k + "energy");
            res.amg_setup_seconds = state.get_double(k + "amg_setup_seconds");
            res.krylov_seconds    = state.get_double(k + "krylov_seconds");
            rec.results.push_back(std::move(res));
          }
        realizations.push_back(std::move(rec));
      }
    all_iterations.clear();
    for (const double its : state.get_vector("all_iterations"))
      all_iterations.push_back(static_cast<unsigned int>(its));
    if (pvd)
      pvd->load(state);
    return done;
  }

  template <int dim>
  void
  Homogenization<dim>::run()
  {
    auto &pcout       = this->pcout;
    auto &timer       = this->timer();
    restart_directory = this->restart_checkpoint("homogenization");
    checkpoints = std::make_unique<CheckpointStore>(this->output.directory,
                                                    this->output.checkpoint,
                                                    this->comm);
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

  template <int dim>
  void
  Homogenization<dim>::write_outputs(const RunSummary &summary_base)
  {
    const unsigned int nv = n_voigt(dim);
    const unsigned int nb = boundaries.size();
    const unsigned int nr = realizations.size();

    // homogenization.csv: one row per realization and boundary condition.
    {
      std::ostringstream csv;
      csv << std::setprecision(17);
      const auto names = constants_of(realizations[0].results[0].C, dim);
      csv << "realization,seed,boundary_condition,n_cells,n_dofs";
      for (unsigned int p = 0; p < realizations[0].volume_fractions.size(); ++p)
        csv << ",volume_fraction_phase" << p;
      for (const auto &[key, value] : names)
        csv << ',' << key;
      csv << ",symmetry_error,cg_iterations,amg_setup_seconds,cg_seconds\n";
      for (unsigned int r = 0; r < nr; ++r)
        for (const Result &res : realizations[r].results)
          {
            const Realization &rec = realizations[r];
            csv << r << ',' << rec.seed << ',' << name(res.boundary) << ','
                << rec.n_cells << ',' << rec.n_dofs;
            for (const double f : rec.volume_fractions)
              csv << ',' << f;
            for (const auto &[key, value] : constants_of(res.C, dim))
              csv << ',' << value;
            unsigned int its = 0;
            for (const unsigned int i : res.iterations)
              its += i;
            csv << ',' << effective::symmetry_error(res.C) << ',' << its << ','
                << res.amg_setup_seconds << ',' << res.krylov_seconds << '\n';
          }
      this->write_output_file("homogenization.csv", csv.str());
    }

    // stress_strain.csv: the average strain and stress of every load case.
    {
      std::ostringstream csv;
      csv << std::setprecision(17);
      csv << "realization,seed,boundary_condition,load_case";
      for (unsigned int k = 0; k < 6; ++k)
        csv << ",strain_" << effective::voigt_name(3, k);
      for (unsigned int k = 0; k < 6; ++k)
        csv << ",stress_" << effective::voigt_name(3, k) << "_MPa";
      csv << ",elastic_energy_" << (dim == 3 ? "pJ" : "uJ_per_m") << '\n';
      for (unsigned int r = 0; r < nr; ++r)
        for (const Result &res : realizations[r].results)
          for (unsigned int k = 0; k < nv; ++k)
            {
              csv << r << ',' << realizations[r].seed << ','
                  << name(res.boundary) << ','
                  << (res.boundary == Boundary::static_traction ? "S" : "E")
                  << effective::voigt_name(dim, k);
              for (const double e : res.average_strain[k])
                csv << ',' << e;
              for (const double s : res.average_stress[k])
                csv << ',' << s;
              csv << ',' << res.energy[k] << '\n';
            }
      this->write_output_file("stress_strain.csv", csv.str());
    }

    RunSummary s           = summary_base;
    s.preconditioner       = this->solver_parameters.preconditioner;
    s.iterations_per_solve = all_iterations;
    for (const Realization &rec : realizations)
      for (const Result &res : rec.results)
        {
          s.amg_setup_seconds += res.amg_setup_seconds;
          s.krylov_seconds += res.krylov_seconds;
        }
    this->record_memory(s);

    // One block of results per boundary condition.
    auto block = [&](JsonWriter &json, const unsigned int bi) {
      Matrix mean(nv, nv);
      double sym = 0.;
      for (const Realization &rec : realizations)
        {
          mean.add(1. / nr, rec.results[bi].C);
          sym = std::max(sym, effective::symmetry_error(rec.results[bi].C));
        }
      json.value("boundary_condition", name(boundaries[bi]));
      json.matrix("effective_stiffness_voigt_MPa", rows_of(mean));
      json.matrix("effective_compliance_voigt_per_MPa",
                  rows_of(effective::inverse(effective::symmetric_part(mean))));
      json.value("symmetry_error", sym);
      json.value("positive_definite", effective::is_positive_definite(mean));
      json.begin_object("engineering_constants");
      for (const auto &[key, value] :
           effective::engineering_constants(mean, dim))
        json.value(key, value);
      json.end_object();
      json.begin_object("anisotropy");
      for (const auto &[key, value] : effective::isotropic_measures(mean, dim))
        json.value(key, value);
      json.end_object();
      json.begin_array("load_cases");
      for (unsigned int k = 0; k < nv; ++k)
        json.value("",
                   (boundaries[bi] == Boundary::static_traction ? "S" : "E") +
                       effective::voigt_name(dim, k));
      json.end_array();
      json.value("iterations_per_load_case",
                 realizations[0].results[bi].iterations);

      // Every constant over the realizations.
      json.begin_object("ensemble");
      json.value("n_realizations", nr);
      std::vector<unsigned int> seeds;
      for (const Realization &rec : realizations)
        seeds.push_back(rec.seed);
      json.value("seeds", seeds);
      std::vector<effective::NamedValues> per;
      for (const Realization &rec : realizations)
        per.push_back(constants_of(rec.results[bi].C, dim));
      json.begin_object("constants");
      for (unsigned int c = 0; c < per[0].size(); ++c)
        {
          std::vector<double> values;
          for (const auto &p : per)
            values.push_back(p[c].second);
          const auto st = effective::statistics(values);
          json.begin_object(per[0][c].first);
          json.value("mean", st.mean);
          json.value("std", st.std);
          json.value("ci95", std::vector<double>{st.ci95_low, st.ci95_high});
          json.value("values", values);
          json.end_object();
        }
      json.end_object();
      json.end_object();
    };

    std::vector<double> seconds;
    for (const Realization &rec : realizations)
      seconds.push_back(rec.seconds);
    s.results = [&](JsonWriter &json) {
      block(json, 0);
      json.value("seconds_per_realization", seconds);
      json.begin_object("by_boundary_condition");
      for (unsigned int bi = 0; bi < nb; ++bi)
        {
          json.begin_object(name(boundaries[bi]));
          block(json, bi);
          json.end_object();
        }
      json.end_object();
    };
    const double strain = macro_strain, stress = macro_stress;
    s.extra = [&](JsonWriter &json) {
      json.begin_object("loading");
      json.value("type", "homogenization");
      json.value("macro_strain", strain);
      json.value("macro_stress_MPa", stress);
      json.end_object();
    };
    s.timing_seconds = this->timing_seconds();
    this->write_summary(s);
  }

  template class Homogenization<2>;
  template class Homogenization<3>;
} // namespace nanomech
