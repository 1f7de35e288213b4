#include "analyses/elastic_test.h"
#include "analyses/path_stepping.h"
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
    problem->set_mean_dilatation(this->mean_dilatation());
    solver = std::make_unique<LinearSolver>(
        this->solver_parameters,
        this->comm,
        !PlasticField<dim>::nonsymmetric(this->materials,
                                         this->microstructure->n_phases()));
    if (write && this->output.write_fields)
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
    Vector saved(problem->get_locally_owned_dofs(), this->comm);
    double last_force = 0., external_work = 0., last_volume = 0.;
    path.clear();
    PathStepper stepper;
    stepper.try_step = [&](const double e, const double next) {
      saved = problem->get_solution();
      PathStep step;
      if (!newton_step(next, step))
        {
          problem->get_solution() = saved;
          return -1;
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
          step.force =
              problem->boundary_force(loading.loaded_face(), loading.axis);
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
            << step.linear_iterations << " linear iterations" << std::endl;
      last_force = step.force;
      return static_cast<int>(step.newton_iterations);
    };
    stepper.on_cut = [&](const double next, const double increment) {
      pcout << "  step to " << (pressure ? "pressure " : "strain ")
            << std::setprecision(6) << next << unit
            << " cut (Newton did not converge); increment now " << increment
            << std::endl;
    };
    stepper.give_up =
        [&](const double e, const double next, const unsigned int segment) {
          // What converged stays: the table and the fields of the last
          // converged step.
          if (write && !path.empty())
            {
              write_path_fields(segment, e);
              write_table();
            }
          std::ostringstream s;
          s << std::setprecision(6) << "the load step from "
            << (pressure ? "pressure " : "nominal strain ") << e << unit
            << " to " << next << unit
            << " did not converge after 10 cuts (last: " << last_failure
            << "); "
            << (pressure ? "the pressure may exceed the limit load of the "
                           "specimen (with perfect plasticity or softening "
                           "there is no equilibrium beyond it: the last "
                           "converged pressure is a lower bound), or " :
                           "")
            << "check the plastic parameters (a steep softening?) or lower "
               "Loading/Path increment";
          throw ComputeError(s.str());
        };
    // A long path keeps what it has done: the fields of each segment's
    // end and the table of its steps so far.
    stepper.on_segment = [&](const unsigned int segment, const double e) {
      if (write)
        {
          write_path_fields(segment, e);
          write_table();
        }
    };
    const unsigned int cuts = stepper.follow(levels, max_increment);

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
    // The 0.2 % offset yield strength on the first segment.
    if (!pressure)
      {
        std::vector<double> strain, stress;
        for (const PathStep &p : path)
          {
            strain.push_back(p.strain);
            stress.push_back(p.stress);
          }
        results.offset_yield_strength =
            offset_yield_strength(strain, stress, levels.front());
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
    if (!pvd) // Output/Write fields = false
      return;
    TimerOutput::Scope t(this->timer(), "output");
    const std::string  file = write_fields(*problem,
                                          *this->microstructure,
                                          this->output.directory,
                                          segment,
                                          this->output.n_files,
                                          this->output.subdivisions,
                                          "solution",
                                          &plastic->output_fields());
    pvd->add(time, file, this->comm);
  }

  template class ElasticTest<2>;
  template class ElasticTest<3>;
} // namespace nanomech
