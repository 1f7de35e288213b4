#include "analyses/elastic_test.h"
#include "base/exceptions.h"
#include "output/field_output.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

// The elastic test along a loading path: load steps solved with Newton's
// method (plastic phases), cut where Newton does not converge.
namespace nanomech
{
  using namespace dealii;

  template <int dim>
  bool
  ElasticTest<dim>::follows_path() const
  {
    return !loading.strain_path.empty() ||
           loading.type == LoadingParameters::Type::pressure ||
           this->global.element_formulation == "B-bar" ||
           this->has_plastic_phase();
  }

  template <int dim>
  bool
  ElasticTest<dim>::mean_dilatation() const
  {
    const std::string &formulation = this->global.element_formulation;
    if (formulation != "auto" || this->global.fe_degree != 1)
      return formulation == "B-bar";
    return this->has_plastic_phase();
  }

  template <int dim>
  bool
  ElasticTest<dim>::newton_step(const double level, PathStep &step)
  {
    const Point<dim> size = this->geometry.template size_point<dim>();
    if (pressure_loading())
      problem->set_boundary_pressure(loading.pressure_boundary, level);
    else
      problem->update_constraints(
          [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
            loading.apply(dh, size, level / loading.strain, c);
          });
    auto &timer           = this->timer();
    using Vector          = typename ElasticProblem<dim>::Vector;
    const IndexSet &owned = problem->get_locally_owned_dofs();
    Vector          u_k(owned, this->comm), delta(owned, this->comm),
        trial(owned, this->comm);
    const SolverParameters &sp         = this->solver_parameters;
    double                  r_previous = std::numeric_limits<double>::max();
    double                  s          = 1.;
    step.residuals.clear();
    step.linear_iterations = 0;
    for (unsigned int it = 0;;)
      {
        // The first iteration moves the boundary to the new level; the
        // next ones correct with zero boundary values.
        problem->set_newton_correction(it > 0);
        {
          TimerOutput::Scope t(timer, "assembly");
          problem->assemble();
        }
        // A point whose return mapping failed: the step is too large.
        if (plastic->any_failed())
          {
            last_failure = "a local plastic return did not converge";
            return false;
          }
        const double r = problem->newton_residual();
        if (!std::isfinite(r))
          {
            last_failure = "the out-of-balance force is not finite";
            return false;
          }
        // Backtracking (after the first iteration, which also moves the
        // boundary, so that its residual is not comparable): halve the
        // step while the out-of-balance force grows.
        if (it >= 2 && r > r_previous && s > 1. / 32.)
          {
            s *= 0.5;
            trial = u_k;
            trial.add(s, delta);
            problem->get_solution() = trial;
            continue;
          }
        // The first assembly holds the last step's state with the new
        // boundary values: not a test of convergence.
        if (it > 0)
          step.residuals.push_back(r);
        if (it > 0 && r <= sp.newton_tolerance)
          {
            step.newton_iterations = it;
            return true;
          }
        if (it == sp.newton_iterations)
          {
            std::ostringstream m;
            m << "Newton's method did not reach Solver/Newton tolerance in "
              << sp.newton_iterations << " iterations (residual "
              << std::setprecision(3) << r << ")";
            last_failure = m.str();
            return false;
          }
        u_k = problem->get_solution();
        {
          TimerOutput::Scope t(timer, "solve");
          // A new AMG hierarchy for every tangent: GAMG's kept one turned
          // indefinite on the next tangent (Chebyshev bounds of the old
          // matrix), and BoomerAMG's saved 5 % (benchmarks/plastic_newton.py).
          // A tangent that is singular or indefinite (at a limit load, or
          // far from the solution) can stop the Krylov solver: a failed
          // step, to be cut, not a failed run.
          try
            {
              step.linear_iterations += problem->solve(*solver);
            }
          catch (const ComputeError &e)
            {
              last_failure = e.what();
              return false;
            }
        }
        delta = problem->get_solution();
        delta -= u_k;
        s          = 1.;
        r_previous = r;
        ++it;
      }
  }

  template <int dim>
  void
  ElasticTest<dim>::compute_path(const bool write)
  {
    auto            &pcout = this->pcout;
    const Point<dim> size  = this->geometry.template size_point<dim>();
    plastic = std::make_unique<PlasticField<dim>>(*problem, this->materials);
    problem->set_tangent_law(plastic->law());
    problem->set_mean_dilatation(mean_dilatation());
    solver = std::make_unique<LinearSolver>(
        this->solver_parameters,
        this->comm,
        !PlasticField<dim>::nonsymmetric(this->materials,
                                         this->microstructure->n_phases()));
    if (write)
      pvd = std::make_unique<PvdRecord>(this->output.directory);

    const std::vector<double> levels  = loading.path_levels();
    double                    largest = 0.;
    for (const double l : levels)
      largest = std::max(largest, std::abs(l));
    const bool plastic_phases = this->has_plastic_phase();
    // Without plastic phases the response is linear: a step per level.
    const double max_increment = loading.path_increment > 0. ?
                                     loading.path_increment :
                                 plastic_phases ? largest / 20. :
                                                  largest;
    const bool   pressure      = pressure_loading();
    const double length        = size[loading.face_normal];
    const double area =
        pressure ? 0. : this->boundary_measure(loading.loaded_face());
    const char *unit = pressure ? " MPa" : "";

    using Vector = typename ElasticProblem<dim>::Vector;
    Vector       saved(problem->get_locally_owned_dofs(), this->comm);
    double       e = 0., increment = max_increment, last_force = 0.;
    double       external_work = 0., last_volume = 0.;
    unsigned int cuts = 0;
    path.clear();
    for (unsigned int segment = 0; segment < levels.size(); ++segment)
      {
        const double target = levels[segment];
        while (e != target)
          {
            const double direction = target > e ? 1. : -1.;
            double       next =
                e + direction * std::min(std::abs(target - e), increment);
            // No sliver of a step at the end of a segment.
            if (std::abs(target - next) < 1e-3 * increment)
              next = target;
            saved = problem->get_solution();
            PathStep step;
            if (!newton_step(next, step))
              {
                problem->get_solution() = saved;
                increment *= 0.5;
                ++cuts;
                if (increment < max_increment / 1024.)
                  {
                    // What converged stays: the table and the fields of
                    // the last converged step.
                    if (write && !path.empty())
                      {
                        write_path_fields(segment, e);
                        write_table();
                      }
                    std::ostringstream s;
                    s << std::setprecision(6) << "the load step from "
                      << (pressure ? "pressure " : "nominal strain ") << e
                      << unit << " to " << next << unit
                      << " did not converge after 10 cuts (last: "
                      << last_failure << "); "
                      << (pressure ?
                              "the pressure may exceed the limit load of the "
                              "specimen (with perfect plasticity or softening "
                              "there is no equilibrium beyond it: the last "
                              "converged pressure is a lower bound), or " :
                              "")
                      << "check the plastic parameters (a steep softening?) "
                         "or lower Loading/Path increment";
                    throw ComputeError(s.str());
                  }
                pcout << "  step to " << (pressure ? "pressure " : "strain ")
                      << std::setprecision(6) << next << unit
                      << " cut (Newton did "
                      << "not converge); increment now " << increment
                      << std::endl;
                continue;
              }
            plastic->commit();
            step.strain = next;
            if (pressure)
              {
                // The work of the pressure: trapezoids of p dV.
                step.displaced_volume =
                    problem->displaced_volume(loading.pressure_boundary);
                step.stress = next;
                external_work +=
                    0.5 * (next + e) * (step.displaced_volume - last_volume);
                last_volume = step.displaced_volume;
              }
            else
              {
                step.force  = problem->boundary_force(loading.loaded_face(),
                                                     loading.axis);
                step.stress = step.force / area;
                external_work +=
                    0.5 * (step.force + last_force) * (next - e) * length;
              }
            step.elastic_energy = problem->averages().energy;
            step.plastic_work   = plastic->totals().plastic_work;
            step.external_work  = external_work;
            path.push_back(step);
            pcout << "Step " << path.size() << ": ";
            if (pressure)
              pcout << "pressure " << std::setprecision(6) << next
                    << " MPa, displaced volume " << step.displaced_volume
                    << (dim == 3 ? " um^3, " : " um^2, ");
            else
              pcout << "strain " << std::setprecision(6) << next << ", stress "
                    << step.stress << " MPa, ";
            pcout << step.newton_iterations << " Newton iterations (residual "
                  << std::setprecision(2) << step.residuals.back() << "), "
                  << step.linear_iterations << " linear iterations"
                  << std::endl;
            e          = next;
            last_force = step.force;
            // Grow back after a cut while steps converge fast.
            if (step.newton_iterations <= 4)
              increment = std::min(max_increment, 1.5 * increment);
          }
        // A long path keeps what it has done: the fields of the segment
        // and the table of its steps so far.
        if (write)
          {
            write_path_fields(segment, e);
            write_table();
          }
      }

    // Results at the end of the path.
    const PathStep &last     = path.back();
    results.nominal_strain   = last.strain;
    results.reaction_force   = last.force;
    results.nominal_stress   = last.stress;
    results.displaced_volume = last.displaced_volume;
    // The modulus of the first step (a path may end at zero strain).
    results.apparent_modulus =
        pressure ? 0. : path.front().stress / path.front().strain;
    results.external_work = last.external_work;
    results.averages      = problem->averages();
    const auto totals     = plastic->totals();
    results.plastic_work  = totals.plastic_work;
    results.max_equivalent_plastic_strain =
        totals.max_equivalent_plastic_strain;
    results.energy_balance_error =
        last.external_work != 0. ?
            std::abs(last.external_work - last.elastic_energy -
                     last.plastic_work) /
                std::abs(last.external_work) :
            0.;
    results.iterations = 0;
    for (const PathStep &p : path)
      results.iterations += p.linear_iterations;
    // The 0.2 % offset yield strength on the first segment: where the
    // curve crosses the line of the initial slope shifted by 0.002.
    const double first_slope = path.front().stress / path.front().strain;
    const double sign        = levels.front() > 0. ? 1. : -1.;
    double       g_before = 0., s_before = 0.;
    for (const PathStep &p : path)
      {
        if (pressure)
          break;
        if (p.strain * sign > std::abs(levels.front()) * (1. + 1e-12))
          break;
        const double g =
            sign * (p.stress - first_slope * (p.strain - sign * 0.002));
        if (g <= 0.)
          {
            const double t = g_before / (g_before - g);
            results.offset_yield_strength =
                std::abs(s_before + t * (p.stress - s_before));
            break;
          }
        g_before = g;
        s_before = p.stress;
      }
    unsigned int most = 0, sum = 0;
    for (const PathStep &p : path)
      {
        most = std::max(most, p.newton_iterations);
        sum += p.newton_iterations;
      }
    pcout << std::setprecision(6) << "Path: " << path.size() << " load steps ("
          << cuts << " cut), Newton iterations per step "
          << double(sum) / path.size() << " mean, " << most
          << " max; plastic work " << results.plastic_work
          << (dim == 3 ? " pJ" : " uJ/m") << ", energy balance error "
          << std::setprecision(3) << results.energy_balance_error << std::endl;
  }

  template <int dim>
  void
  ElasticTest<dim>::write_path_fields(const unsigned int segment,
                                      const double       time)
  {
    TimerOutput::Scope                 t(this->timer(), "output");
    std::vector<float>                 alpha, work;
    std::vector<SymmetricTensor<2, 3>> plastic_strain;
    plastic->cell_averages(alpha, work, plastic_strain);
    const dealii::Vector<float> a(alpha.begin(), alpha.end()),
        w(work.begin(), work.end());
    ExtraFields<dim> extras;
    extras.cell_scalars = {{&a, "equivalent_plastic_strain"},
                           {&w, "plastic_work_density"}};
    // The stress at an output point: C : (eps - the cell's mean plastic
    // strain), the quadrature points' history seen at the output points.
    extras.stress =
        [&](const typename Triangulation<dim>::active_cell_iterator &cell,
            const Point<dim> &,
            const SymmetricTensor<2, 3> &eps,
            const SymmetricTensor<4, 3> &C) {
          return SymmetricTensor<2, 3>(
              C * (eps - plastic_strain[cell->active_cell_index()]));
        };
    const std::string file = write_fields(*problem,
                                          *this->microstructure,
                                          this->output.directory,
                                          segment,
                                          this->output.n_files,
                                          this->output.subdivisions,
                                          "solution",
                                          &extras);
    pvd->add(time, file, this->comm);
  }

  template class ElasticTest<2>;
  template class ElasticTest<3>;
} // namespace nanomech
