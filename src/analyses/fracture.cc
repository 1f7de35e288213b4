#include "analyses/fracture.h"

#include "analyses/notch.h"

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "materials/elastic_tensor.h"
#include "output/field_output.h"
#include "physics/damage_problem.h"
#include "physics/elastic_problem.h"
#include "physics/linear_solver.h"

#include <deal.II/base/utilities.h>

#include <cmath>
#include <iomanip>
#include <sstream>

namespace nanomech
{
  using namespace dealii;

  namespace
  {
    /// Whether the cell's largest extent exceeds the refinement target
    /// @p h_target (up to round-off of the cell coordinates).
    template <typename CellIterator>
    bool
    coarser_than(const CellIterator &cell, const double h_target)
    {
      double h = 0.;
      for (unsigned int a = 0; a < CellIterator::AccessorType::dimension; ++a)
        h = std::max(h, cell->extent_in_direction(a));
      return h > h_target * (1. + 1e-10);
    }
  } // namespace

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
    loading.parse_parameters(prm, dim, !this->geometry.mesh_file.empty());
    parameters.parse_parameters(prm);
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
    model = std::make_unique<PhaseFieldModel>(parameters.model,
                                              parameters.length_scale,
                                              parameters.residual);
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
  void
  Fracture<dim>::setup_materials()
  {
    const auto  &materials   = problem->get_materials();
    unsigned int n_materials = 0;
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int q = 0; q < n_q; ++q)
          n_materials = std::max(n_materials, materials.index(cell, q) + 1);
    splits.clear();
    material_toughness.clear();
    for (unsigned int m = 0; m < n_materials; ++m)
      {
        const unsigned int phase = materials.material(m).phase;
        splits.emplace_back(parameters.split,
                            materials.stiffness_3d(m),
                            "Materials/Phase " + std::to_string(phase));
        material_toughness.push_back(
            this->materials.phase(phase).critical_energy_release_rate);
      }
    const std::size_t n = this->triangulation.n_active_cells() * n_q;
    psi_plus.assign(n, 0.);
    toughness.assign(n, 0.);
    damage_q.assign(n, 0.);
    grad2_q.assign(n, 0.);
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int q = 0; q < n_q; ++q)
          toughness[cell->active_cell_index() * n_q + q] =
              material_toughness[materials.index(cell, q)];
  }

  template <int dim>
  template <typename Function>
  void
  Fracture<dim>::for_each_point(const Function &f) const
  {
    const auto                          &materials = problem->get_materials();
    FEValues<dim>                        fe_values(problem->get_mapping(),
                            problem->get_dof_handler().get_fe(),
                            problem->get_quadrature(),
                            update_gradients | update_JxW_values);
    std::vector<SymmetricTensor<2, dim>> eps(n_q);
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values[FEValuesExtractors::Vector(0)]
              .get_function_symmetric_gradients(problem->get_solution(), eps);
          const std::size_t base = cell->active_cell_index() * n_q;
          for (unsigned int q = 0; q < n_q; ++q)
            f(base + q,
              splits[materials.index(cell, q)],
              elastic::embed_strain(eps[q]),
              fe_values.JxW(q));
        }
  }

  template <int dim>
  void
  Fracture<dim>::update_driving_energy()
  {
    for_each_point(
        [this](const std::size_t            i,
               const EnergySplit           &split,
               const SymmetricTensor<2, 3> &eps,
               double) { psi_plus[i] = split.positive_energy(eps); });
  }

  template <int dim>
  std::pair<double, double>
  Fracture<dim>::energies() const
  {
    double elastic = 0., fracture = 0.;
    for_each_point([&](const std::size_t            i,
                       const EnergySplit           &split,
                       const SymmetricTensor<2, 3> &eps,
                       const double                 JxW) {
      elastic += (model->degradation(damage_q[i]) * split.positive_energy(eps) +
                  split.negative_energy(eps)) *
                 JxW;
      fracture += model->fracture_energy_density(damage_q[i],
                                                 grad2_q[i],
                                                 toughness[i]) *
                  JxW;
    });
    return {Utilities::MPI::sum(elastic, this->comm),
            Utilities::MPI::sum(fracture, this->comm)};
  }

  template <int dim>
  typename Fracture<dim>::Staggered
  Fracture<dim>::staggered(const double strain, unsigned int &iterations)
  {
    const Point<dim> size = this->geometry.template size_point<dim>();
    problem->update_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          loading.apply(dh, size, strain / loading.strain, c);
        });
    double damage_change = 0.;
    for (iterations = 0;; ++iterations)
      {
        {
          TimerOutput::Scope t(this->timer(), "assembly");
          problem->assemble();
        }
        const double residual = problem->relative_residual();
        if (iterations > 0 && damage_change < parameters.damage_tolerance &&
            residual < parameters.residual_tolerance)
          return Staggered::converged;
        if (iterations == parameters.max_staggered)
          return Staggered::not_converged;
        if (iterations > 0 && parameters.adaptive &&
            Utilities::MPI::sum(cells_to_refine(false), this->comm) > 0)
          return Staggered::refine;

        {
          TimerOutput::Scope t(this->timer(), "solve");
          // Keep the AMG hierarchy while CG needs at most 1.5 times (+ 10)
          // the iterations it needed right after the last set-up.
          const bool keep =
              !force_rebuild && solver->n_setups > 0 &&
              (solver->iterations.empty() ||
               solver->iterations.back() <= 1.5 * iterations_after_setup + 10);
          const unsigned int before = solver->n_setups;
          unsigned int       its    = 0;
          try
            {
              its = problem->solve(*solver, true, keep);
            }
          catch (const ComputeError &)
            {
              // The kept hierarchy (its smoothers tuned to the old matrix)
              // may fail on a much changed one: set it up anew.
              if (!keep)
                throw;
              its = problem->solve(*solver, true, false);
            }
          if (solver->n_setups != before)
            iterations_after_setup = its;
          force_rebuild = false;
        }
        {
          TimerOutput::Scope t(this->timer(), "damage");
          update_driving_energy();
          damage->assemble(*model, psi_plus, toughness);
          const DamageProblem<dim>           &dp = *damage;
          typename DamageProblem<dim>::Vector before(
              dp.get_dof_handler().locally_owned_dofs(), this->comm);
          before = dp.get_damage();
          damage->solve();
          damage_change = damage->max_change(before);
          damage->evaluate(damage_q, grad2_q);
        }
      }
  }

  template <int dim>
  void
  Fracture<dim>::setup_displacement(const double strain)
  {
    const Point<dim> size = this->geometry.template size_point<dim>();
    problem->setup_dofs();
    problem->setup_materials(*this->microstructure, this->materials, false);
    problem->setup_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          loading.apply(dh, size, strain / loading.strain, c);
        });
    n_q = problem->get_quadrature().size();
    setup_materials();
    force_rebuild = true;
  }

  template <int dim>
  unsigned int
  Fracture<dim>::cells_to_refine(const bool flag)
  {
    const double target = parameters.length_scale / parameters.cells_per_length;
    const double threshold = parameters.refinement_threshold;
    const auto  &d         = damage->get_damage();
    std::vector<types::global_dof_index> dofs(
        damage->get_dof_handler().get_fe().n_dofs_per_cell());
    // Largest nodal damage of an owned or ghost cell (its dofs are all
    // locally relevant).
    auto damaged = [&](const auto &cell) {
      cell->get_dof_indices(dofs);
      for (const auto i : dofs)
        if (d(i) > threshold)
          return true;
      return false;
    };
    // A coarse cell is refined if it or a face neighbour is damaged: the
    // neighbours make a layer of fine cells ahead of a growing crack, so
    // that it needs fewer refinements. The rule looks only at a cell and
    // its neighbours, so the mesh is the same on any number of ranks.
    unsigned int n = 0;
    for (const auto &cell : damage->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          if (!coarser_than(cell, target))
            continue;
          bool hot = damaged(cell);
          for (const unsigned int f : cell->face_indices())
            {
              if (hot)
                break;
              if (cell->at_boundary(f))
                continue;
              const auto neighbor = cell->neighbor(f);
              if (neighbor->is_active())
                hot = damaged(neighbor);
              else
                for (unsigned int sf = 0;
                     !hot && sf < cell->face(f)->n_children();
                     ++sf)
                  hot = damaged(cell->neighbor_child_on_subface(f, sf));
            }
          if (hot)
            {
              if (flag)
                this->triangulation.create_cell_iterator(cell->id())
                    ->set_refine_flag();
              ++n;
            }
        }
    return n;
  }

  template <int dim>
  bool
  Fracture<dim>::refine_mesh(const double strain)
  {
    if (!parameters.adaptive)
      return false;
    bool refined = false;
    for (;;)
      {
        if (Utilities::MPI::sum(cells_to_refine(true), this->comm) == 0)
          break;
        TimerOutput::Scope t(this->timer(), "refinement");
        const auto         before   = energies();
        const double       d_before = damage->max_damage();

        parallel::distributed::
            SolutionTransfer<dim, typename ElasticProblem<dim>::Vector>
                u_transfer(problem->get_dof_handler());
        this->triangulation.prepare_coarsening_and_refinement();
        u_transfer.prepare_for_coarsening_and_refinement(
            problem->get_solution());
        damage->prepare_refinement();
        this->triangulation.execute_coarsening_and_refinement();

        setup_displacement(strain);
        // PETSc's KSP and GAMG cannot take a matrix of another size: a new
        // solver (the old one goes first, taking its options with it),
        // keeping the statistics.
        {
          const auto   iterations     = solver->iterations;
          const double setup          = solver->setup_seconds,
                       krylov         = solver->solve_seconds;
          const unsigned int n_setups = solver->n_setups;
          solver.reset();
          solver = std::make_unique<LinearSolver>(this->solver_parameters,
                                                  this->comm);
          solver->iterations    = iterations;
          solver->setup_seconds = setup;
          solver->solve_seconds = krylov;
          solver->n_setups      = n_setups;
        }
        typename ElasticProblem<dim>::Vector u(
            problem->get_locally_owned_dofs(), this->comm);
        u_transfer.interpolate(u);
        problem->get_constraints().distribute(u);
        problem->get_solution() = u;
        damage->finish_refinement(problem->get_mapping());
        damage->evaluate(damage_q, grad2_q);
        const auto after = energies();
        results.refinements.push_back(
            {before.second, after.second, d_before, damage->max_damage()});
        refined = true;
      }
    if (refined)
      this->pcout << "  refined: "
                  << this->triangulation.n_global_active_cells() << " cells, "
                  << problem->get_dof_handler().n_dofs() << " displacement dofs"
                  << std::endl;
    return refined;
  }

  template <int dim>
  void
  Fracture<dim>::check_resolution()
  {
    if (warned_resolution)
      return;
    const auto                          &d     = damage->get_damage();
    double                               h_max = 0.;
    std::vector<types::global_dof_index> dofs(
        damage->get_dof_handler().get_fe().n_dofs_per_cell());
    for (const auto &cell : damage->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell->get_dof_indices(dofs);
          double d_max = 0.;
          for (const auto i : dofs)
            d_max = std::max(d_max, double(d(i)));
          if (d_max > 0.1)
            h_max = std::max(h_max, cell->minimum_vertex_distance());
        }
    h_max = Utilities::MPI::max(h_max, this->comm);
    if (h_max > 0.5 * parameters.length_scale * (1. + 1e-10))
      {
        warned_resolution = true;
        this->pcout << "Warning: cells of size " << h_max
                    << " um carry damage, coarser than l/2 = "
                    << 0.5 * parameters.length_scale
                    << " um: the crack is not resolved (refine the mesh or "
                       "raise Fracture/Length scale)."
                    << std::endl;
      }
  }

  template <int dim>
  void
  Fracture<dim>::compute(const bool write)
  {
    auto &pcout = this->pcout;
    if (restart_directory.empty())
      this->make_mesh();
    else
      {
        // The coarse mesh again, then the saved refinement and partition
        // (p4est; any number of ranks).
        this->make_mesh(true);
        this->triangulation.load(restart_directory + "/mesh");
      }
    problem = std::make_unique<ElasticProblem<dim>>(this->triangulation,
                                                    this->global.fe_degree);
    const Point<dim> size = this->geometry.template size_point<dim>();
    results.cross_section = this->boundary_measure(loading.loaded_face());
    const double length   = size[loading.face_normal];
    const double nominal_post_peak =
        parameters.post_peak_factor * parameters.increment;
    if (restart_directory.empty())
      {
        TimerOutput::Scope t(this->timer(), "setup");
        setup_displacement(0.);
        make_damage_problem();
        damage->setup(problem->get_mapping());
        const double cross_section = results.cross_section;
        results                    = Results();
        results.cross_section      = cross_section;
        if (!parameters.initial_cracks.empty())
          insert_initial_cracks();
        steps.assign(1, Step());
        steps[0].n_cells         = this->triangulation.n_global_active_cells();
        steps[0].fracture_energy = results.initial_fracture_energy;
        steps[0].max_damage      = damage->max_damage();
        strain                   = 0.;
        increment                = parameters.increment;
        past_peak                = false;
      }
    else
      read_checkpoint();
    problem->set_secant_law(
        [this](const typename ElasticProblem<dim>::Cell &cell,
               const unsigned int                        q,
               const unsigned int                        m,
               const SymmetricTensor<2, 3>              &eps) {
          SymmetricTensor<4, 3> C_plus, C_minus;
          splits[m].secant(eps, C_plus, C_minus);
          return model->degradation(
                     damage_q[cell->active_cell_index() * n_q + q]) *
                     C_plus +
                 C_minus;
        });
    if (!solver)
      solver =
          std::make_unique<LinearSolver>(this->solver_parameters, this->comm);
    pcout << "Degrees of freedom: " << problem->get_dof_handler().n_dofs()
          << " displacement (Q" << this->global.fe_degree << "), "
          << damage->get_dof_handler().n_dofs() << " damage (Q1)" << std::endl;
    if (write && restart_directory.empty())
      write_step_fields(0);
    if (write)
      checkpoints = std::make_unique<CheckpointStore>(this->output.directory,
                                                      this->output.checkpoint,
                                                      this->comm);

    while (!results.failed && strain < loading.strain * (1. - 1e-12))
      {
        const double trial = std::min(strain + increment, loading.strain);
        damage->start_step();
        typename ElasticProblem<dim>::Vector saved = problem->get_solution();
        const std::size_t n_refinements            = results.refinements.size();
        unsigned int      iterations               = 0;
        bool              converged                = false;
        try
          {
            // Refine as soon as the damage reaches coarse cells, then go on
            // iterating on the finer mesh.
            for (unsigned int round = 0;; ++round)
              {
                unsigned int    its    = 0;
                const Staggered status = staggered(trial, its);
                iterations += its;
                converged = status == Staggered::converged;
                if (status != Staggered::refine)
                  break;
                if (round == 200)
                  throw ComputeError("the damage kept reaching coarse cells "
                                     "after 200 refinements within a step");
                refine_mesh(trial);
              }
          }
        catch (const ComputeError &e)
          {
            pcout << "  step to strain " << trial << ": " << e.what()
                  << std::endl;
          }
        if (!converged)
          {
            // Back to the start of the step: the damage (its lower bound
            // followed every refinement), and the displacement if the mesh
            // is the same (otherwise the staggered iterations recompute it
            // from the damage).
            if (results.refinements.size() == n_refinements)
              problem->get_solution() = saved;
            damage->restore_step();
            damage->evaluate(damage_q, grad2_q);
            increment *= 0.5;
            ++results.n_cuts;
            pcout << "  step to strain " << trial << " did not converge in "
                  << iterations << " staggered iterations; increment cut to "
                  << increment << std::endl;
            if (increment < parameters.minimum_increment)
              {
                if (write)
                  write_table();
                throw ComputeError(
                    "the load step from strain " + std::to_string(strain) +
                    " did not converge even with the increment cut below "
                    "Fracture/Minimum strain increment; the steps done are "
                    "in stress_strain.csv");
              }
            continue;
          }
        strain = trial;
        // Refine where the crack has grown and solve the step again, until
        // the damaged cells are fine enough (the damage may spread into
        // coarse cells on the new mesh).
        for (unsigned int round = 0; round < 20 && refine_mesh(strain); ++round)
          {
            unsigned int    more   = 0;
            const Staggered status = staggered(strain, more);
            iterations += more;
            if (status == Staggered::not_converged)
              throw ComputeError("after the mesh was refined at strain " +
                                 std::to_string(strain) +
                                 ", the staggered iterations did not "
                                 "converge");
          }

        Step s;
        s.step   = steps.size();
        s.strain = strain;
        s.force  = problem->boundary_force(loading.loaded_face(), loading.axis);
        s.stress = s.force / results.cross_section;
        std::tie(s.elastic_energy, s.fracture_energy) = energies();
        const Step &last                              = steps.back();
        s.external_work = last.external_work + 0.5 * (last.force + s.force) *
                                                   (strain - last.strain) *
                                                   length;
        s.staggered_iterations = iterations;
        s.n_cells              = this->triangulation.n_global_active_cells();
        s.max_damage           = damage->max_damage();
        s.damage_growth        = damage->min_growth_in_step();
        steps.push_back(s);
        check_resolution();
        pcout << "Step " << std::setw(4) << s.step << ": strain "
              << std::setprecision(6) << strain << ", stress " << s.stress
              << " MPa, max damage " << std::setprecision(4) << s.max_damage
              << ", " << iterations << " staggered iterations" << std::endl;

        if (s.stress > results.strength)
          {
            results.strength       = s.stress;
            results.strain_at_peak = strain;
            results.peak_step      = s.step;
          }
        else if (!past_peak && s.stress < results.strength)
          past_peak = true;
        // After a cut, grow back towards the nominal increment.
        increment =
            std::min(2. * increment,
                     past_peak ? nominal_post_peak : parameters.increment);
        if (past_peak &&
            s.stress < parameters.failure_fraction * results.strength)
          results.failed = true;

        if (write)
          {
            write_table();
            const bool every = parameters.output_every > 0 &&
                               s.step % parameters.output_every == 0;
            if (every || results.failed)
              write_step_fields(s.step);
            if (!results.failed && strain < loading.strain * (1. - 1e-12))
              checkpoint_if_due();
          }
      }
    // The last step's fields, if not written yet.
    if (write && !results.failed &&
        (parameters.output_every == 0 ||
         steps.back().step % parameters.output_every != 0))
      write_step_fields(steps.back().step);

    // Toughness: the area under the nominal curve up to failure (or the
    // last step); the dissipated energy per unit cross-section.
    results.toughness = 0.;
    for (unsigned int i = 1; i < steps.size(); ++i)
      results.toughness += 0.5 * (steps[i - 1].stress + steps[i].stress) *
                           (steps[i].strain - steps[i - 1].strain);
    results.dissipated_energy =
        (steps.back().fracture_energy - results.initial_fracture_energy) /
        results.cross_section;
    if (parameters.notch_geometry != "none")
      compute_apparent_toughness();
  }

  template <int dim>
  void
  Fracture<dim>::make_damage_problem()
  {
    damage = std::make_unique<DamageProblem<dim>>(this->triangulation,
                                                  problem->get_quadrature());
    if (parameters.undamaged_grips)
      damage->set_undamaged_boundaries(
          {types::boundary_id(loading.fixed_boundary),
           types::boundary_id(loading.moved_boundary)});
  }

  template <int dim>
  void
  Fracture<dim>::insert_initial_cracks()
  {
    const auto  &cracks = parameters.initial_cracks;
    const double l      = parameters.length_scale;
    // Refine around the cracks first, so that the damage profile
    // (about 2 l wide on each side) forms on the fine mesh.
    const double target = l / parameters.cells_per_length;
    for (unsigned int round = 0; parameters.adaptive && round < 20; ++round)
      {
        unsigned int flagged = 0;
        for (const auto &cell : this->triangulation.active_cell_iterators())
          if (cell->is_locally_owned())
            {
              if (coarser_than(cell, target) &&
                  distance_to_segments(cell->center(), cracks) <
                      2. * l + cell->diameter())
                {
                  cell->set_refine_flag();
                  ++flagged;
                }
            }
        if (Utilities::MPI::sum(flagged, this->comm) == 0)
          break;
        this->triangulation.execute_coarsening_and_refinement();
        setup_displacement(0.);
        damage->setup(problem->get_mapping());
      }
    const unsigned int n_nodes = damage->set_initial_cracks(cracks);
    require_input(n_nodes > 0,
                  "Fracture/Initial cracks: no mesh node lies on the cracks "
                  "(are they inside the specimen?)");
    // The profile around the cracks at zero load (psi+ = 0).
    damage->evaluate(damage_q, grad2_q);
    std::fill(psi_plus.begin(), psi_plus.end(), 0.);
    damage->assemble(*model, psi_plus, toughness);
    damage->solve();
    damage->evaluate(damage_q, grad2_q);
    results.initial_fracture_energy = energies().second;
    this->pcout << "Initial cracks: " << n_nodes << " nodes broken, "
                << "fracture energy " << results.initial_fracture_energy
                << (dim == 3 ? " pJ" : " uJ/m") << std::endl;
  }

  template <int dim>
  double
  Fracture<dim>::average_plane_strain_modulus() const
  {
    // Volume average of the stiffness (Voigt), then the plane-strain
    // compliance S'_aa = S_aa - S_az^2 / S_zz along the loading axis a,
    // with z the crack front (out of plane in 2D).
    SymmetricTensor<4, 3> C;
    double                volume = 0.;
    for_each_point([&](const std::size_t,
                       const EnergySplit &split,
                       const SymmetricTensor<2, 3> &,
                       const double JxW) {
      C += JxW * split.stiffness();
      volume += JxW;
    });
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int m = k; m < 3; ++m)
            C[i][j][k][m] = Utilities::MPI::sum(C[i][j][k][m], this->comm);
    C /= Utilities::MPI::sum(volume, this->comm);
    const SymmetricTensor<4, 3> S = invert(C);
    const unsigned int          a = loading.axis;
    return 1. / (S[a][a][a][a] - S[a][a][2][2] * S[a][a][2][2] / S[2][2][2][2]);
  }

  template <int dim>
  void
  Fracture<dim>::compute_apparent_toughness()
  {
    const auto geometry = notch::parse(parameters.notch_geometry);
    // The width: along the first axis other than the loading direction.
    const unsigned int across = loading.axis == 0 ? 1 : 0;
    results.width             = this->geometry.size[across];
    results.notch_length      = parameters.notch_length;
    if (results.notch_length == 0.)
      {
        const auto  &c      = parameters.initial_cracks.front();
        const double length = std::hypot(c[2] - c[0], c[3] - c[1]);
        results.notch_length =
            geometry == notch::Geometry::centre ? 0.5 * length : length;
      }
    const double alpha =
        notch::relative_length(geometry, results.notch_length, results.width);
    if (!(alpha > 0. && alpha < 1.))
      {
        this->pcout << "Warning: notch length " << results.notch_length
                    << " um is not inside the width " << results.width
                    << " um for Fracture/Notch geometry = "
                    << parameters.notch_geometry
                    << "; no apparent fracture toughness." << std::endl;
        return;
      }
    results.geometry_factor   = notch::geometry_factor(geometry, alpha);
    results.stress_intensity  = notch::stress_intensity(geometry,
                                                       results.strength,
                                                       results.notch_length,
                                                       results.width);
    results.reference_modulus = parameters.reference_modulus > 0. ?
                                    parameters.reference_modulus :
                                    average_plane_strain_modulus();
    // MPa um = N/m = J/m^2.
    results.energy_release_rate = results.stress_intensity *
                                  results.stress_intensity /
                                  results.reference_modulus;
  }

  template <int dim>
  void
  Fracture<dim>::checkpoint_if_due()
  {
    const auto [due, signal] = checkpoints->due(steps.back().step);
    if (!due)
      return;
    write_checkpoint();
    if (signal != 0)
      throw Interrupted("stopped by signal " + std::to_string(signal) +
                        " after load step " +
                        std::to_string(steps.back().step) +
                        " and a checkpoint; continue with --restart");
  }

  template <int dim>
  void
  Fracture<dim>::write_checkpoint()
  {
    TimerOutput::Scope t(this->timer(), "checkpoint");
    const std::string  dir = checkpoints->begin(steps.back().step);
    // Displacement and damage travel with the cells (any rank count on
    // restart); the order of attachment is the order of reading.
    parallel::distributed::
        SolutionTransfer<dim, typename ElasticProblem<dim>::Vector>
            u_transfer(problem->get_dof_handler());
    u_transfer.prepare_for_serialization(problem->get_solution());
    damage->prepare_serialization();
    this->triangulation.save(dir + "/mesh");

    StateWriter state;
    this->put_identity(state, "fracture");
    state.put("strain", strain);
    state.put("increment", increment);
    state.put("past_peak", double(past_peak));
    state.put("warned_resolution", double(warned_resolution));
    state.put("n_steps", double(steps.size()));
    for (unsigned int i = 0; i < steps.size(); ++i)
      {
        const Step &x = steps[i];
        state.put("step " + std::to_string(i),
                  std::vector<double>{double(x.step),
                                      x.strain,
                                      x.stress,
                                      x.force,
                                      x.elastic_energy,
                                      x.fracture_energy,
                                      x.external_work,
                                      double(x.staggered_iterations),
                                      double(x.n_cells),
                                      x.max_damage,
                                      x.damage_growth});
      }
    state.put("strength", results.strength);
    state.put("initial_fracture_energy", results.initial_fracture_energy);
    state.put("strain_at_peak", results.strain_at_peak);
    state.put("peak_step", double(results.peak_step));
    state.put("n_cuts", double(results.n_cuts));
    std::vector<double> refinements;
    for (const auto &r : results.refinements)
      refinements.insert(refinements.end(), r.begin(), r.end());
    state.put("refinements", refinements);
    state.put("solver_iterations",
              std::vector<double>(solver->iterations.begin(),
                                  solver->iterations.end()));
    state.put("solver_setup_seconds", solver->setup_seconds);
    state.put("solver_solve_seconds", solver->solve_seconds);
    state.put("solver_setups", double(solver->n_setups));
    // (An empty record if no fields are written.)
    (pvd ? *pvd : PvdRecord(this->output.directory)).save(state);
    state.put("fields_file", fields_file);
    std::vector<double> ranges;
    std::string         range_names;
    for (const auto &[name, range] : field_ranges)
      {
        ranges.insert(ranges.end(), range.begin(), range.end());
        range_names += (range_names.empty() ? "" : " ") + name;
      }
    state.put("field_ranges", ranges);
    state.put("field_range_names", range_names);
    state.put("elapsed_seconds",
              elapsed_before + this->total_timer.wall_time());
    checkpoints->commit(state);
    this->pcout << "  checkpoint after step " << steps.back().step << " in "
                << this->output.directory << "/checkpoint" << std::endl;
  }

  template <int dim>
  void
  Fracture<dim>::read_checkpoint()
  {
    TimerOutput::Scope t(this->timer(), "checkpoint");
    CheckpointStore    store(this->output.directory,
                          this->output.checkpoint,
                          this->comm);
    const StateReader  state = store.read_state(restart_directory);
    strain                   = state.get_double("strain");
    increment                = state.get_double("increment");
    past_peak                = state.get_bool("past_peak");
    warned_resolution        = state.get_bool("warned_resolution");
    steps.resize(state.get_count("n_steps"));
    for (unsigned int i = 0; i < steps.size(); ++i)
      {
        const auto x = state.get_vector("step " + std::to_string(i));
        require_input(x.size() == 11,
                      "checkpoint " + restart_directory + ": step " +
                          std::to_string(i) + " is damaged");
        steps[i] = Step{static_cast<unsigned int>(x[0]),
                        x[1],
                        x[2],
                        x[3],
                        x[4],
                        x[5],
                        x[6],
                        static_cast<unsigned int>(x[7]),
                        static_cast<unsigned long long>(x[8]),
                        x[9],
                        x[10]};
      }
    results.strength = state.get_double("strength");
    results.initial_fracture_energy =
        state.get_double("initial_fracture_energy");
    results.strain_at_peak = state.get_double("strain_at_peak");
    results.peak_step      = state.get_count("peak_step");
    results.n_cuts         = state.get_count("n_cuts");
    const auto refinements = state.get_vector("refinements");
    for (unsigned int i = 0; i + 3 < refinements.size(); i += 4)
      results.refinements.push_back({refinements[i],
                                     refinements[i + 1],
                                     refinements[i + 2],
                                     refinements[i + 3]});
    elapsed_before = state.get_double("elapsed_seconds");

    // Fields in the order they were attached.
    setup_displacement(strain);
    typename ElasticProblem<dim>::Vector u(problem->get_locally_owned_dofs(),
                                           this->comm);
    parallel::distributed::
        SolutionTransfer<dim, typename ElasticProblem<dim>::Vector>
            u_transfer(problem->get_dof_handler());
    u_transfer.deserialize(u);
    problem->get_constraints().distribute(u);
    problem->get_solution() = u;
    make_damage_problem();
    damage->deserialize(problem->get_mapping());
    damage->evaluate(damage_q, grad2_q);

    solver =
        std::make_unique<LinearSolver>(this->solver_parameters, this->comm);
    for (const double its : state.get_vector("solver_iterations"))
      solver->iterations.push_back(static_cast<unsigned int>(its));
    solver->setup_seconds = state.get_double("solver_setup_seconds");
    solver->solve_seconds = state.get_double("solver_solve_seconds");
    solver->n_setups      = state.get_count("solver_setups");

    if (this->output.write_fields)
      {
        pvd = std::make_unique<PvdRecord>(this->output.directory);
        pvd->load(state);
      }
    fields_file       = state.get_string("fields_file");
    const auto ranges = state.get_vector("field_ranges");
    const auto names =
        Utilities::split_string_list(state.get_string("field_range_names"),
                                     ' ');
    field_ranges.clear();
    for (unsigned int i = 0; i < names.size() && 2 * i + 1 < ranges.size(); ++i)
      field_ranges.push_back({names[i], {ranges[2 * i], ranges[2 * i + 1]}});
    this->pcout << "Restarted from " << restart_directory << " at step "
                << steps.back().step << ", strain " << strain << std::endl;
  }

  template <int dim>
  void
  Fracture<dim>::write_table() const
  {
    std::ostringstream csv;
    csv << std::setprecision(12);
    const std::string energy = dim == 3 ? "pJ" : "uJ_per_m";
    csv << "step,nominal_strain,nominal_stress_MPa,reaction_force_"
        << (dim == 3 ? "uN" : "N_per_m") << ",elastic_energy_" << energy
        << ",fracture_energy_" << energy << ",external_work_" << energy
        << ",staggered_iterations,n_cells,max_damage\n";
    for (const Step &s : steps)
      csv << s.step << ',' << s.strain << ',' << s.stress << ',' << s.force
          << ',' << s.elastic_energy << ',' << s.fracture_energy << ','
          << s.external_work << ',' << s.staggered_iterations << ','
          << s.n_cells << ',' << s.max_damage << '\n';
    this->write_output_file("stress_strain.csv", csv.str());
  }

  template <int dim>
  void
  Fracture<dim>::write_step_fields(const unsigned int step)
  {
    if (!this->output.write_fields)
      return;
    TimerOutput::Scope t(this->timer(), "output");
    if (!pvd)
      pvd = std::make_unique<PvdRecord>(this->output.directory);
    ExtraFields<dim> extras;
    extras.scalars.push_back(
        {&damage->get_dof_handler(), &damage->get_damage(), "damage"});
    // The degraded stress at an output point: the damage there from the
    // Q1 field, the split of the material there.
    const auto &dh = damage->get_dof_handler();
    extras.stress =
        [&](const typename Triangulation<dim>::active_cell_iterator &cell,
            const Point<dim>                                        &x,
            const SymmetricTensor<2, 3>                             &eps,
            const SymmetricTensor<4, 3>                             &C) {
          const typename DoFHandler<dim>::active_cell_iterator dc(
              &this->triangulation, cell->level(), cell->index(), &dh);
          const Point<dim> xi =
              problem->get_mapping().transform_real_to_unit_cell(cell, x);
          std::vector<types::global_dof_index> dofs(
              dh.get_fe().n_dofs_per_cell());
          dc->get_dof_indices(dofs);
          double d = 0.;
          for (unsigned int i = 0; i < dofs.size(); ++i)
            d += damage->get_damage()(dofs[i]) * dh.get_fe().shape_value(i, xi);
          const EnergySplit     split(parameters.split, C, "");
          SymmetricTensor<4, 3> C_plus, C_minus;
          split.secant(eps, C_plus, C_minus);
          return (model->degradation(d) * C_plus + C_minus) * eps;
        };
    const std::string file = write_fields(*problem,
                                          *this->microstructure,
                                          this->output.directory,
                                          step,
                                          this->output.n_files,
                                          this->output.subdivisions,
                                          "solution",
                                          &extras,
                                          &field_ranges);
    pvd->add(step, file, this->comm);
    fields_file = file;
  }

  template <int dim>
  void
  Fracture<dim>::run()
  {
    restart_directory = this->restart_checkpoint("fracture");
    this->prepare_output();
    compute(true);
    const Results &r = results;
    this->pcout << std::setprecision(8) << "Result: strength " << r.strength
                << " MPa at strain " << r.strain_at_peak << ", toughness "
                << r.toughness << " MJ/m^3, dissipated energy "
                << r.dissipated_energy << " J/m^2"
                << (r.failed ? "" : " (the specimen did not fail)")
                << std::endl;
    if (r.stress_intensity > 0.)
      this->pcout << "Apparent fracture toughness " << 1e-3 * r.stress_intensity
                  << " MPa m^1/2 (" << parameters.notch_geometry
                  << " notch, a = " << r.notch_length << " um, W = " << r.width
                  << " um, F = " << r.geometry_factor
                  << "), G = K^2/E' = " << r.energy_release_rate
                  << " J/m^2 with E' = " << r.reference_modulus << " MPa"
                  << std::endl;

    RunSummary summary;
    this->fill_summary(summary, *problem);
    summary.preconditioner       = this->solver_parameters.preconditioner;
    summary.iterations_per_solve = solver->iterations;
    summary.amg_setup_seconds    = solver->setup_seconds;
    summary.krylov_seconds       = solver->solve_seconds;
    const auto &l                = loading;
    const auto &p                = parameters;
    summary.extra                = [&](JsonWriter &json) {
      json.begin_object("fracture");
      json.value("model",
                 p.model == PhaseFieldModel::Type::at1 ? "AT1" : "AT2");
      json.value("energy_split", EnergySplit::name(p.split));
      json.value("length_scale_um", p.length_scale);
      json.value("residual_stiffness", p.residual);
      json.value("loading", l.description());
      json.value("load_steps", int(steps.size()) - 1);
      json.value("restarted", !restart_directory.empty());
      json.value("cut_steps", int(r.n_cuts));
      std::vector<double> staggered;
      for (unsigned int i = 1; i < steps.size(); ++i)
        staggered.push_back(steps[i].staggered_iterations);
      json.value("staggered_iterations_per_step", staggered);
      json.end_object();
    };
    summary.results = [&](JsonWriter &json) {
      json.value("strength_MPa", r.strength);
      json.value("strain_at_peak", r.strain_at_peak);
      json.value("toughness_MJ_per_m3", r.toughness);
      json.value("dissipated_energy_J_per_m2", r.dissipated_energy);
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
      json.value("final_strain", steps.back().strain);
    };
    summary.fields_file  = fields_file;
    summary.field_ranges = field_ranges;
    this->record_memory(summary);
    summary.timing_seconds = this->timing_seconds();
    if (!restart_directory.empty())
      summary.timing_seconds.emplace_back("total_with_earlier_segments",
                                          elapsed_before +
                                              this->total_timer.wall_time());
    this->write_summary(summary);
    // The run is complete: its restart data are no longer needed.
    checkpoints->remove_all();
    this->timer().print_summary();
    this->pcout << "Wrote " << this->output.directory
                << "/{summary.json, stress_strain.csv, parameters.prm"
                << (this->output.write_fields ? ", solution.pvd" : "") << "}"
                << std::endl;
  }

  template class Fracture<2>;
  template class Fracture<3>;
} // namespace nanomech
