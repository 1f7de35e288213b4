#include "analyses/homogenization.h"
#include "analyses/path_stepping.h"

#include <deal.II/base/timer.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "output/field_output.h"
#include "physics/constraint_tools.h"

#include <cmath>
#include <iomanip>
#include <sstream>

// The nonlinear macro response of a periodic RVE along a macro strain
// path: u = E x + w, w periodic. The loaded component of E follows the
// path; under mixed control the other components are unknowns whose macro
// stresses vanish. Newton's method on (w, E_free): with the couplings
// g_j = d f_int / d E_j, h_j = d (V Sigma_j) / d w and A_ij = d (V
// Sigma_i) / d E_j, the free macro strains come from the Schur complement
//   (A_ff - H_f^T K^-1 G_f) dE_f = -V Sigma_f + H_f^T K^-1 f_int
// (one extra solve per free component with the same preconditioner) and
// dw = -K^-1 (f_int + G_f dE_f) (Miehe & Koch, Arch. Appl. Mech. 72 (2002)
// 300, the condensation of the macro degrees of freedom).
namespace nanomech
{
  using namespace dealii;

  namespace
  {
    /// The 3x3 tensor of a Voigt macro strain vector (engineering shear).
    template <int dim>
    SymmetricTensor<2, 3>
    macro_tensor(const std::vector<double> &voigt)
    {
      SymmetricTensor<2, 3> E;
      for (unsigned int k = 0; k < voigt.size(); ++k)
        {
          const auto [i, j] = effective::voigt_pair(dim, k);
          E[i][j] += i == j ? voigt[k] : 0.5 * voigt[k];
        }
      return E;
    }
  } // namespace

  template <int dim>
  bool
  Homogenization<dim>::macro_newton_step(const double level, MacroStep &step)
  {
    const unsigned int        nv      = effective::n_voigt(dim);
    auto                     &problem = *path_problem;
    std::vector<unsigned int> free;
    if (mixed_control)
      for (unsigned int k = 0; k < nv; ++k)
        if (k != path_component)
          free.push_back(k);
    macro_voigt[path_component] = level;
    const SolverParameters &sp  = this->solver_parameters;
    using Vector                = typename ElasticProblem<dim>::Vector;
    const double volume         = rve_volume;
    step.linear_iterations      = 0;
    for (unsigned int it = 0;; ++it)
      {
        problem.set_macro_strain(macro_tensor<dim>(macro_voigt));
        {
          TimerOutput::Scope t(this->timer(), "assembly");
          problem.assemble();
        }
        if (path_plastic->any_failed())
          {
            path_failure = "a local plastic return did not converge";
            return false;
          }
        const auto sigma =
            effective::stress_to_voigt(problem.averages().stress, dim);
        double sigma_norm = 0., free_norm = 0.;
        for (unsigned int k = 0; k < nv; ++k)
          sigma_norm += sigma[k] * sigma[k];
        for (const unsigned int k : free)
          free_norm += sigma[k] * sigma[k];
        const double modulus =
            problem.macro_coupling().A(path_component, path_component) / volume;
        const double r_u = problem.newton_residual();
        const double r_s =
            std::sqrt(free_norm) /
            std::max(std::sqrt(sigma_norm), 1e-9 * std::abs(modulus));
        if (!std::isfinite(r_u) || !std::isfinite(r_s))
          {
            path_failure = "the out-of-balance force is not finite";
            return false;
          }
        if (it > 0 && r_u <= sp.newton_tolerance && r_s <= sp.newton_tolerance)
          {
            step.newton_iterations = it;
            step.strain            = macro_voigt;
            step.stress            = sigma;
            return true;
          }
        if (it == sp.newton_iterations)
          {
            std::ostringstream m;
            m << "Newton's method did not reach Solver/Newton tolerance in "
              << sp.newton_iterations << " iterations (residual "
              << std::setprecision(3) << std::max(r_u, r_s) << ")";
            path_failure = m.str();
            return false;
          }
        try
          {
            TimerOutput::Scope t(this->timer(), "solve");
            // dw for the fixed macro strain: K y = -f_int (the
            // right-hand side of the correction).
            const Vector y = problem.solve_for(*path_solver,
                                               problem.get_rhs(),
                                               step.linear_iterations,
                                               true);
            Vector       dw(y);
            if (!free.empty())
              {
                const auto         &c  = problem.macro_coupling();
                const unsigned int  nf = free.size();
                std::vector<Vector> X;
                for (const unsigned int j : free)
                  X.push_back(problem.solve_for(
                      *path_solver, c.g[j], step.linear_iterations, false));
                FullMatrix<double>     S(nf, nf);
                dealii::Vector<double> rhs(nf), dE(nf);
                for (unsigned int a = 0; a < nf; ++a)
                  {
                    const unsigned int i = free[a];
                    rhs(a)               = -volume * sigma[i] - (c.h[i] * y);
                    for (unsigned int b = 0; b < nf; ++b)
                      S(a, b) = c.A(i, free[b]) - (c.h[i] * X[b]);
                  }
                S.gauss_jordan();
                S.vmult(dE, rhs);
                for (unsigned int a = 0; a < nf; ++a)
                  {
                    macro_voigt[free[a]] += dE(a);
                    dw.add(-dE(a), X[a]);
                  }
              }
            problem.add_to_solution(dw);
          }
        catch (const ComputeError &e)
          {
            path_failure = e.what();
            return false;
          }
      }
  }

  template <int dim>
  void
  Homogenization<dim>::compute_macro_path(const bool write)
  {
    auto            &pcout = this->pcout;
    const Point<dim> size  = this->geometry.template size_point<dim>();
    warn_about_setup();
    this->make_mesh();
    path_problem =
        std::make_unique<ElasticProblem<dim>>(this->triangulation,
                                              this->global.fe_degree);
    auto &problem = *path_problem;
    {
      TimerOutput::Scope t(this->timer(), "setup");
      problem.setup_dofs();
      problem.setup_materials(*this->microstructure,
                              this->materials,
                              this->geometry.laminate_cut_cells);
      problem.setup_constraints(
          [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
            add_periodicity_constraints(dh, c);
            hold_vertex_nearest(dh, Point<dim>(0.5 * size), size, c);
          });
    }
    this->fill_summary(summary, problem);
    // Before the plastic law is set: averages() then is the elastic one.
    rve_volume = problem.averages().volume;
    path_plastic =
        std::make_unique<PlasticField<dim>>(problem, this->materials);
    problem.set_tangent_law(path_plastic->law());
    problem.set_newton_correction(true);
    problem.set_mean_dilatation(this->mean_dilatation());
    const unsigned int                 nv = effective::n_voigt(dim);
    std::vector<SymmetricTensor<2, 3>> directions;
    for (unsigned int k = 0; k < nv; ++k)
      {
        std::vector<double> unit(nv, 0.);
        unit[k] = 1.;
        directions.push_back(macro_tensor<dim>(unit));
      }
    problem.set_macro_directions(directions);
    path_solver = std::make_unique<LinearSolver>(
        this->solver_parameters,
        this->comm,
        !PlasticField<dim>::nonsymmetric(this->materials,
                                         this->microstructure->n_phases()));
    pcout << "Macro strain path of E"
          << effective::voigt_name(dim, path_component) << " ("
          << (mixed_control ? "mixed: the other macro stresses zero" :
                              "strain: the other macro strains zero")
          << "), " << problem.get_dof_handler().n_dofs()
          << " degrees of freedom" << std::endl;

    std::unique_ptr<PvdRecord> pvd;
    if (write && this->output.write_fields)
      pvd = std::make_unique<PvdRecord>(this->output.directory);
    double largest = 0.;
    for (const double l : macro_path)
      largest = std::max(largest, std::abs(l));
    const double max_increment =
        path_increment > 0. ? path_increment : largest / 20.;
    const double volume = rve_volume;
    macro_voigt.assign(nv, 0.);
    macro_path_steps.clear();
    using Vector = typename ElasticProblem<dim>::Vector;
    Vector              saved(problem.get_locally_owned_dofs(), this->comm);
    std::vector<double> saved_macro;
    std::vector<double> last_strain(nv, 0.), last_stress(nv, 0.);
    double              external_work = 0.;
    const auto          write_segment = [&](const unsigned int segment,
                                   const double       level) {
      if (!write)
        return;
      write_macro_path_table();
      if (!pvd) // Output/Write fields = false
        return;
      TimerOutput::Scope t(this->timer(), "output");
      const std::string  file =
          write_fields(problem,
                       *this->microstructure,
                       this->output.directory,
                       segment,
                       this->output.n_files,
                       this->output.subdivisions,
                       "solution",
                       &path_plastic->output_fields(
                           macro_tensor<dim>(macro_voigt)));
      pvd->add(level, file, this->comm);
    };

    PathStepper stepper;
    stepper.try_step = [&](const double, const double next) {
      saved       = problem.get_solution();
      saved_macro = macro_voigt;
      MacroStep step;
      if (!macro_newton_step(next, step))
        {
          problem.get_solution() = saved;
          macro_voigt            = saved_macro;
          return -1;
        }
      path_plastic->commit();
      // W_ext = V sum of trapezoids of Sigma : dE.
      for (unsigned int k = 0; k < nv; ++k)
        external_work += 0.5 * volume * (step.stress[k] + last_stress[k]) *
                         (step.strain[k] - last_strain[k]);
      last_strain         = step.strain;
      last_stress         = step.stress;
      step.external_work  = external_work;
      step.elastic_energy = problem.averages().energy;
      step.plastic_work   = path_plastic->totals().plastic_work;
      macro_path_steps.push_back(step);
      pcout << "Step " << macro_path_steps.size() << ": E"
            << effective::voigt_name(dim, path_component) << " = "
            << std::setprecision(6) << next << ", Sigma"
            << effective::voigt_name(dim, path_component) << " = "
            << step.stress[path_component] << " MPa, " << step.newton_iterations
            << " Newton iterations, " << step.linear_iterations
            << " linear iterations" << std::endl;
      return static_cast<int>(step.newton_iterations);
    };
    stepper.on_cut = [&](const double next, const double increment) {
      pcout << "  step to " << std::setprecision(6) << next
            << " cut (Newton did not converge); increment now " << increment
            << std::endl;
    };
    stepper.give_up =
        [&](const double e, const double next, const unsigned int segment) {
          if (!macro_path_steps.empty())
            write_segment(segment, e);
          std::ostringstream s;
          s << std::setprecision(6) << "the load step from macro strain " << e
            << " to " << next
            << " did not converge after 10 cuts (last: " << path_failure
            << "); check the plastic parameters (a steep softening?) or "
               "lower Homogenization/Path increment";
          throw ComputeError(s.str());
        };
    stepper.on_segment      = write_segment;
    const unsigned int cuts = stepper.follow(macro_path, max_increment);

    std::vector<double> strain, stress;
    for (const MacroStep &p : macro_path_steps)
      {
        strain.push_back(p.strain[path_component]);
        stress.push_back(p.stress[path_component]);
      }
    offset_yield = offset_yield_strength(strain, stress, macro_path.front());
    pcout << "Macro path: " << macro_path_steps.size() << " load steps ("
          << cuts << " cut), 0.2 % offset yield strength "
          << std::setprecision(6) << offset_yield << " MPa" << std::endl;
  }

  template <int dim>
  void
  Homogenization<dim>::write_macro_path_table() const
  {
    const unsigned int nv = effective::n_voigt(dim);
    std::ostringstream csv;
    csv << std::setprecision(17) << "step";
    for (unsigned int k = 0; k < nv; ++k)
      csv << ",macro_strain_" << effective::voigt_name(dim, k);
    for (unsigned int k = 0; k < nv; ++k)
      csv << ",macro_stress_" << effective::voigt_name(dim, k) << "_MPa";
    const std::string energy = dim == 3 ? "_pJ" : "_uJ_per_m";
    csv << ",elastic_energy" << energy << ",external_work" << energy
        << ",plastic_work" << energy << ",newton_iterations\n";
    for (std::size_t i = 0; i < macro_path_steps.size(); ++i)
      {
        const MacroStep &p = macro_path_steps[i];
        csv << i + 1;
        for (const double e : p.strain)
          csv << ',' << e;
        for (const double s : p.stress)
          csv << ',' << s;
        csv << ',' << p.elastic_energy << ',' << p.external_work << ','
            << p.plastic_work << ',' << p.newton_iterations << "\n";
      }
    this->write_output_file("stress_strain.csv", csv.str());
  }

  template <int dim>
  void
  Homogenization<dim>::write_macro_path_outputs()
  {
    write_macro_path_table();
    RunSummary   s      = summary;
    const auto  &steps  = macro_path_steps;
    const double volume = rve_volume;
    const auto   totals = path_plastic->totals();
    s.extra             = [this](JsonWriter &json) {
      json.begin_object("macro_path");
      json.value("component", effective::voigt_name(dim, path_component));
      json.value("control", mixed_control ? "mixed" : "strain");
      json.value("levels", macro_path);
      json.end_object();
    };
    s.results = [&](JsonWriter &json) {
      const MacroStep &last = steps.back();
      json.value("macro_strain", last.strain);
      json.value("macro_stress_MPa", last.stress);
      unsigned int most = 0, sum = 0;
      for (const MacroStep &p : steps)
        {
          most = std::max(most, p.newton_iterations);
          sum += p.newton_iterations;
        }
      json.value("load_steps", static_cast<unsigned int>(steps.size()));
      json.value("newton_iterations_mean", double(sum) / steps.size());
      json.value("newton_iterations_max", most);
      json.value("offset_yield_strength_MPa", offset_yield);
      json.value("plastic_dissipation_MJ_per_m3", last.plastic_work / volume);
      json.value("max_equivalent_plastic_strain",
                 totals.max_equivalent_plastic_strain);
      json.value("energy_balance_relative_error",
                 last.external_work != 0. ?
                     std::abs(last.external_work - last.elastic_energy -
                              last.plastic_work) /
                         std::abs(last.external_work) :
                     0.);
    };
    s.timing_seconds = this->timing_seconds();
    this->write_summary(s);
  }

  template class Homogenization<2>;
  template class Homogenization<3>;
} // namespace nanomech
