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
    if (!loading.strain_path.empty())
      return true;
    for (unsigned int p = 0; p < this->microstructure->n_phases(); ++p)
      if (this->materials.phase(p).plastic.active())
        return true;
    return false;
  }

  template <int dim>
  bool
  ElasticTest<dim>::newton_step(const double strain, PathStep &step)
  {
    const Point<dim> size = this->geometry.template size_point<dim>();
    problem->update_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          loading.apply(dh, size, strain / loading.strain, c);
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
          return false;
        const double r = problem->newton_residual();
        if (!std::isfinite(r))
          return false;
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
          return false;
        u_k = problem->get_solution();
        {
          TimerOutput::Scope t(timer, "solve");
          // A new AMG hierarchy for every tangent: GAMG's kept one turned
          // indefinite on the next tangent (Chebyshev bounds of the old
          // matrix), and BoomerAMG's saved 5 % (benchmarks/plastic_newton.py).
          step.linear_iterations += problem->solve(*solver);
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
    solver = std::make_unique<LinearSolver>(
        this->solver_parameters,
        this->comm,
        !PlasticField<dim>::nonsymmetric(this->materials,
                                         this->microstructure->n_phases()));
    if (write)
      pvd = std::make_unique<PvdRecord>(this->output.directory);

    const std::vector<double> levels  = loading.strain_path.empty() ?
                                            std::vector<double>{loading.strain} :
                                            loading.strain_path;
    double                    largest = 0.;
    for (const double l : levels)
      largest = std::max(largest, std::abs(l));
    const double max_increment =
        loading.path_increment > 0. ? loading.path_increment : largest / 20.;
    const double length = size[loading.face_normal];
    const double area   = this->boundary_measure(loading.loaded_face());

    using Vector = typename ElasticProblem<dim>::Vector;
    Vector       saved(problem->get_locally_owned_dofs(), this->comm);
    double       e = 0., increment = max_increment, last_force = 0.;
    double       external_work = 0.;
    unsigned int cuts          = 0;
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
                    std::ostringstream s;
                    s << "the load step from nominal strain " << e << " to "
                      << next
                      << " did not converge after 10 cuts (Newton's method "
                         "or a local plastic return failed); check the "
                         "plastic parameters (a steep softening?) or lower "
                         "Loading/Path increment";
                    throw ComputeError(s.str());
                  }
                pcout << "  step to strain " << next << " cut (Newton did "
                      << "not converge); increment now " << increment
                      << std::endl;
                continue;
              }
            plastic->commit();
            step.strain = next;
            step.force =
                problem->boundary_force(loading.loaded_face(), loading.axis);
            step.stress         = step.force / area;
            step.elastic_energy = problem->averages().energy;
            step.plastic_work   = plastic->totals().plastic_work;
            external_work +=
                0.5 * (step.force + last_force) * (next - e) * length;
            step.external_work = external_work;
            path.push_back(step);
            pcout << "Step " << path.size() << ": strain "
                  << std::setprecision(6) << next << ", stress " << step.stress
                  << " MPa, " << step.newton_iterations
                  << " Newton iterations (residual " << std::setprecision(2)
                  << step.residuals.back() << "), " << step.linear_iterations
                  << " linear iterations" << std::endl;
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
    const PathStep &last   = path.back();
    results.nominal_strain = last.strain;
    results.reaction_force = last.force;
    results.nominal_stress = last.stress;
    // The modulus of the first step (a path may end at zero strain).
    results.apparent_modulus = path.front().stress / path.front().strain;
    results.external_work    = last.external_work;
    results.averages         = problem->averages();
    const auto totals        = plastic->totals();
    results.plastic_work     = totals.plastic_work;
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
