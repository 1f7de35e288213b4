#include "analyses/fracture/fields.h"

#include <deal.II/base/mpi.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/fe/fe_values.h>

#include "materials/elastic_tensor.h"

namespace nanomech::fracture
{
  using namespace dealii;

  template <int dim>
  Fields<dim>::Fields(parallel::distributed::Triangulation<dim> &triangulation,
                      const unsigned int                         fe_degree,
                      const Microstructure::Interface<dim>      &microstructure,
                      const MaterialLibrary                     &materials,
                      const PhaseFieldModel                     &model,
                      const FractureParameters                  &parameters,
                      const LoadingParameters                   &loading,
                      const Point<dim>                          &size)
      : triangulation(triangulation)
      , microstructure(microstructure)
      , materials(materials)
      , parameters(parameters)
      , loading(loading)
      , size(size)
      , phase_field_model(model)
      , problem(std::make_unique<ElasticProblem<dim>>(triangulation, fe_degree))
  {
    const bool czm = model.type() == PhaseFieldModel::Type::czm;
    for (unsigned int p = 0; p < microstructure.n_phases(); ++p)
      {
        const PhaseMaterial &m = materials.phase(p);
        PhaseData            data;
        data.Gc = m.critical_energy_release_rate;
        if (czm)
          {
            data.ft = m.tensile_strength;
            data.E  = elastic::hill_young_modulus(
                m.specimen_stiffness(unit_symmetric_tensor<3>()));
            data.irwin_length = data.E * data.Gc / (data.ft * data.ft);
            data.a1           = model.cohesive_a1(data.E, data.Gc, data.ft);
            data.threshold    = data.ft * data.ft / (2. * data.E);
          }
        phases.push_back(data);
        plastic_phases = plastic_phases || m.plastic.active();
      }
    if (plastic_phases)
      {
        // Effective-stress plasticity, degraded (see the class comment).
        problem->set_tangent_law(
            [this](const typename ElasticProblem<dim>::Cell &cell,
                   const unsigned int                        q,
                   const unsigned int                        m,
                   const SymmetricTensor<2, 3>              &eps,
                   SymmetricTensor<2, 3>                    &sigma,
                   SymmetricTensor<4, 3>                    *D) {
              SymmetricTensor<2, 3> sigma_eff;
              SymmetricTensor<4, 3> C_eff;
              plastic_states->evaluate(
                  cell, q, m, eps, sigma_eff, D ? &C_eff : nullptr);
              const std::size_t i = cell->active_cell_index() * n_q + q;
              splits[m].degrade(phase_field_model.degradation(damage_q[i],
                                                              a1_q[i]),
                                elastic_strain(i, eps),
                                sigma_eff,
                                C_eff,
                                sigma,
                                D);
            });
        return;
      }
    problem->set_secant_law(
        [this](const typename ElasticProblem<dim>::Cell &cell,
               const unsigned int                        q,
               const unsigned int                        m,
               const SymmetricTensor<2, 3>              &eps) {
          SymmetricTensor<4, 3> C_plus, C_minus;
          splits[m].secant(eps, C_plus, C_minus);
          const std::size_t i = cell->active_cell_index() * n_q + q;
          return phase_field_model.degradation(damage_q[i], a1_q[i]) * C_plus +
                 C_minus;
        });
  }

  template <int dim>
  void
  Fields<dim>::setup_displacement(const double strain)
  {
    problem->setup_dofs();
    problem->setup_materials(microstructure, materials, false);
    problem->setup_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          loading.apply(dh, size, strain / loading.strain, c);
        });
    n_q = problem->get_quadrature().size();
    setup_materials();
    if (plastic_phases)
      plastic_states = std::make_unique<PlasticField<dim>>(*problem, materials);
    problem->set_point_force(parameters.crack_pressure > 0. ? &pressure_force :
                                                              nullptr);
  }

  template <int dim>
  void
  Fields<dim>::setup_materials()
  {
    const auto  &field       = problem->get_materials();
    unsigned int n_materials = 0;
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int q = 0; q < n_q; ++q)
          n_materials = std::max(n_materials, field.index(cell, q) + 1);
    splits.clear();
    material_phase.clear();
    for (unsigned int m = 0; m < n_materials; ++m)
      {
        const unsigned int phase = field.material(m).phase;
        splits.emplace_back(parameters.split,
                            field.stiffness_3d(m),
                            "Materials/Phase " + std::to_string(phase));
        material_phase.push_back(phase);
      }
    const std::size_t n = triangulation.n_active_cells() * n_q;
    for (auto *v : {&psi_plus, &toughness, &a1_q, &damage_q, &grad2_q})
      v->assign(n, 0.);
    pressure_force.assign(parameters.crack_pressure > 0. ? n : 0,
                          Tensor<1, dim>());
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        for (unsigned int q = 0; q < n_q; ++q)
          {
            const std::size_t i = cell->active_cell_index() * n_q + q;
            const PhaseData  &p = phases[material_phase[field.index(cell, q)]];
            toughness[i]        = p.Gc;
            a1_q[i]             = p.a1;
          }
  }

  template <int dim>
  void
  Fields<dim>::make_damage_problem()
  {
    damage_problem =
        std::make_unique<DamageProblem<dim>>(triangulation,
                                             problem->get_quadrature());
    if (!parameters.undamaged_grips)
      return;
    if (loading.type == LoadingParameters::Type::three_point_bending)
      {
        // A beam's pads and supports, with a margin of 2 l (the half
        // width of a crack band is pi l / 2 for PF-CZM, about 2 l for AT1
        // and AT2): the load and the supports concentrate stress that is
        // an artefact of pads on a continuum.
        const double radius = 2. * parameters.length_scale;
        damage_problem->set_undamaged_region(
            [this, radius](const Point<dim> &x) {
              return loading.near_pads(x, size, radius);
            });
      }
    else
      damage_problem->set_undamaged_boundaries(
          {types::boundary_id(loading.fixed_boundary),
           types::boundary_id(loading.moved_boundary)});
  }

  template <int dim>
  double
  Fields<dim>::reaction_force() const
  {
    return loading.reaction(problem->get_dof_handler(),
                            problem->internal_force(),
                            size,
                            triangulation.get_communicator());
  }

  template <int dim>
  void
  Fields<dim>::apply_load(const double strain)
  {
    problem->update_constraints(
        [&](const DoFHandler<dim> &dh, AffineConstraints<double> &c) {
          loading.apply(dh, size, strain / loading.strain, c);
        });
  }

  template <int dim>
  template <typename Function>
  void
  Fields<dim>::for_each_cell_point(const Function &f) const
  {
    const auto                        &field = problem->get_materials();
    FEValues<dim>                      fe_values(problem->get_mapping(),
                            problem->get_dof_handler().get_fe(),
                            problem->get_quadrature(),
                            update_gradients | update_JxW_values);
    std::vector<SymmetricTensor<2, 3>> eps;
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          problem->point_strains(fe_values, eps);
          const std::size_t base = cell->active_cell_index() * n_q;
          for (unsigned int q = 0; q < n_q; ++q)
            f(cell,
              q,
              base + q,
              field.index(cell, q),
              eps[q],
              fe_values.JxW(q));
        }
  }

  template <int dim>
  template <typename Function>
  void
  Fields<dim>::for_each_point(const Function &f) const
  {
    for_each_cell_point([&f](const typename ElasticProblem<dim>::Cell &,
                             unsigned int,
                             const std::size_t            i,
                             const unsigned int           m,
                             const SymmetricTensor<2, 3> &eps,
                             const double JxW) { f(i, m, eps, JxW); });
  }

  template <int dim>
  void
  Fields<dim>::update_driving_energy()
  {
    if (plastic_phases)
      {
        // The plastic states at the current strain (the last assembly saw
        // the displacement before the solve), then H = psi+(eps_e) +
        // <W_p - W_0>, or PF-CZM's Rankine force of the effective stress
        // plus <W_p - W_0>.
        for_each_cell_point([&](const typename ElasticProblem<dim>::Cell &cell,
                                const unsigned int                        q,
                                const std::size_t                         i,
                                const unsigned int                        m,
                                const SymmetricTensor<2, 3>              &eps,
                                double) {
          SymmetricTensor<2, 3> sigma_eff;
          plastic_states->evaluate(cell, q, m, eps, sigma_eff, nullptr);
          psi_plus[i] =
              driving_force(m,
                            elastic_strain(i, eps),
                            sigma_eff,
                            plastic_driving(m, plastic_states->trial_state(i)));
        });
        return;
      }
    // AT1, AT2: psi+; PF-CZM (Wu 2017): the Rankine-type force of the
    // undamaged stress, not below its value at the strength (so that no
    // damage forms before it); irreversibility from the bound d >= d_n.
    const bool czm = phase_field_model.type() == PhaseFieldModel::Type::czm;
    for_each_point([this, czm](const std::size_t            i,
                               const unsigned int           m,
                               const SymmetricTensor<2, 3> &eps,
                               double) {
      psi_plus[i] =
          driving_force(m,
                        eps,
                        czm ?
                            SymmetricTensor<2, 3>(splits[m].stiffness() * eps) :
                            SymmetricTensor<2, 3>(),
                        0.);
    });
  }

  template <int dim>
  void
  Fields<dim>::clear_driving_energy()
  {
    // The driving force of zero strain: 0, or PF-CZM's threshold.
    for_each_point(
        [this](const std::size_t  i,
               const unsigned int m,
               const SymmetricTensor<2, 3> &,
               double) { psi_plus[i] = phases[material_phase[m]].threshold; });
  }

  template <int dim>
  void
  Fields<dim>::assemble_damage()
  {
    // The local damage energy e(d) = g(d) H + Gc / (c_w l) w(d) and its
    // quadratic model around the current d_k: reaction c ~ e''(d_k),
    // source c d_k - e'(d_k). Exact for AT1 and AT2 (e quadratic). For
    // PF-CZM, e'' turns negative where the band is almost broken (w'' =
    // -2); there c takes the curvature of the degradation part, or at
    // least Gc / (c_w l), so that A stays positive definite. A fixed point
    // of the iteration is a solution whatever c is: c only damps the step.
    const double l   = phase_field_model.length_scale();
    const double c_w = phase_field_model.normalization();
    const bool   czm = phase_field_model.type() == PhaseFieldModel::Type::czm;
    const std::size_t n = psi_plus.size();
    reaction.resize(n);
    source.resize(n);
    diffusion.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      {
        const double d = damage_q[i], H = psi_plus[i];
        const double scale = toughness[i] / (c_w * l);
        double       g1, g2, w1, w2;
        phase_field_model.degradation_derivatives(d, a1_q[i], g1, g2);
        phase_field_model.crack_density_derivatives(d, w1, w2);
        const double e1 = g1 * H + scale * w1;
        double       c  = g2 * H + scale * w2;
        if (czm && c < scale)
          c = std::max(g2 * H, scale);
        reaction[i]  = c;
        source[i]    = c * d - e1;
        diffusion[i] = 2. * toughness[i] * l / c_w;
      }
    if (parameters.crack_pressure <= 0.)
      {
        damage_problem->assemble(reaction, source, diffusion);
        return;
      }
    // The pressure's work -p integral(u . grad d) adds p u . grad(delta d)
    // to the damage equation (Bourdin, Chukwudozie & Yoshioka 2012).
    pressure_flux.assign(n, Tensor<1, dim>());
    for_each_displacement(
        [&](const std::size_t i, const Tensor<1, dim> &u, double) {
          pressure_flux[i] = parameters.crack_pressure * u;
        });
    damage_problem->assemble(reaction, source, diffusion, &pressure_flux);
  }

  template <int dim>
  template <typename Function>
  void
  Fields<dim>::for_each_displacement(const Function &f) const
  {
    FEValues<dim>               fe_values(problem->get_mapping(),
                            problem->get_dof_handler().get_fe(),
                            problem->get_quadrature(),
                            update_values | update_JxW_values);
    std::vector<Tensor<1, dim>> u(n_q);
    for (const auto &cell : problem->get_dof_handler().active_cell_iterators())
      if (cell->is_locally_owned())
        {
          fe_values.reinit(cell);
          fe_values[FEValuesExtractors::Vector(0)].get_function_values(
              problem->get_solution(), u);
          const std::size_t base = cell->active_cell_index() * n_q;
          for (unsigned int q = 0; q < n_q; ++q)
            f(base + q, u[q], fe_values.JxW(q));
        }
  }

  template <int dim>
  double
  Fields<dim>::crack_opening_volume() const
  {
    // grad d as evaluate_damage() keeps it with a crack pressure.
    Assert(parameters.crack_pressure > 0., ExcInternalError());
    double volume = 0.;
    for_each_displacement(
        [&](const std::size_t i, const Tensor<1, dim> &u, const double JxW) {
          volume -= u * grad_q[i] * JxW;
        });
    return Utilities::MPI::sum(volume, triangulation.get_communicator());
  }

  template <int dim>
  unsigned int
  Fields<dim>::set_initial_cracks()
  {
    return damage_problem->set_initial_cracks(parameters.cracks());
  }

  template <int dim>
  void
  Fields<dim>::evaluate_damage()
  {
    if (parameters.crack_pressure <= 0.)
      {
        damage_problem->evaluate(damage_q, grad2_q);
        return;
      }
    damage_problem->evaluate(damage_q, grad2_q, &grad_q);
    pressure_force.resize(grad_q.size());
    for (std::size_t i = 0; i < grad_q.size(); ++i)
      pressure_force[i] = -parameters.crack_pressure * grad_q[i];
  }

  template <int dim>
  std::pair<double, double>
  Fields<dim>::energies() const
  {
    double elastic = 0., fracture = 0.;
    for_each_point([&](const std::size_t            i,
                       const unsigned int           m,
                       const SymmetricTensor<2, 3> &eps,
                       const double                 JxW) {
      const EnergySplit          &split = splits[m];
      const SymmetricTensor<2, 3> eps_e = elastic_strain(i, eps);
      elastic += (phase_field_model.degradation(damage_q[i], a1_q[i]) *
                      split.positive_energy(eps_e) +
                  split.negative_energy(eps_e)) *
                 JxW;
      fracture += phase_field_model.fracture_energy_density(damage_q[i],
                                                            grad2_q[i],
                                                            toughness[i]) *
                  JxW;
    });
    const MPI_Comm comm = triangulation.get_communicator();
    return {Utilities::MPI::sum(elastic, comm),
            Utilities::MPI::sum(fracture, comm)};
  }

  template <int dim>
  std::vector<double>
  Fields<dim>::fracture_energy_by_phase() const
  {
    std::vector<double> energy(phases.size(), 0.);
    for_each_point([&](const std::size_t  i,
                       const unsigned int m,
                       const SymmetricTensor<2, 3> &,
                       const double JxW) {
      energy[material_phase[m]] +=
          phase_field_model.fracture_energy_density(damage_q[i],
                                                    grad2_q[i],
                                                    toughness[i]) *
          JxW;
    });
    for (double &e : energy)
      e = Utilities::MPI::sum(e, triangulation.get_communicator());
    return energy;
  }

  template <int dim>
  double
  Fields<dim>::fracture_energy() const
  {
    double sum = 0.;
    for (const double e : fracture_energy_by_phase())
      sum += e;
    return sum;
  }

  template <int dim>
  double
  Fields<dim>::degradation_at(const Point<dim> &x, const double d) const
  {
    if (phase_field_model.type() != PhaseFieldModel::Type::czm)
      return phase_field_model.degradation(d);
    return phase_field_model.degradation(
        d, phases[microstructure.material_at(x).phase].a1);
  }

  template <int dim>
  double
  Fields<dim>::average_plane_strain_modulus() const
  {
    // Volume average of the stiffness (Voigt), then the plane-strain
    // compliance S'_aa = S_aa - S_az^2 / S_zz along the loading axis a,
    // with z the crack front (out of plane in 2D).
    SymmetricTensor<4, 3> C;
    double                volume = 0.;
    for_each_point([&](const std::size_t,
                       const unsigned int m,
                       const SymmetricTensor<2, 3> &,
                       const double JxW) {
      C += JxW * splits[m].stiffness();
      volume += JxW;
    });
    const MPI_Comm comm = triangulation.get_communicator();
    for (unsigned int i = 0; i < 3; ++i)
      for (unsigned int j = i; j < 3; ++j)
        for (unsigned int k = 0; k < 3; ++k)
          for (unsigned int m = k; m < 3; ++m)
            C[i][j][k][m] = Utilities::MPI::sum(C[i][j][k][m], comm);
    C /= Utilities::MPI::sum(volume, comm);
    const SymmetricTensor<4, 3> S = invert(C);
    const unsigned int          a = loading.axis;
    return 1. / (S[a][a][a][a] - S[a][a][2][2] * S[a][a][2][2] / S[2][2][2][2]);
  }

  template <int dim>
  void
  Fields<dim>::save(const std::string &file)
  {
    // Displacement and damage travel with the cells; the order of
    // attachment is the order of reading in load().
    parallel::distributed::
        SolutionTransfer<dim, typename ElasticProblem<dim>::Vector>
            u_transfer(problem->get_dof_handler());
    u_transfer.prepare_for_serialization(problem->get_solution());
    damage_problem->prepare_serialization();
    const auto history = make_history_transfer();
    if (history)
      attach_history(*history);
    triangulation.save(file);
  }

  template <int dim>
  void
  Fields<dim>::load(const double strain)
  {
    setup_displacement(strain);
    typename ElasticProblem<dim>::Vector u(problem->get_locally_owned_dofs(),
                                           triangulation.get_communicator());
    parallel::distributed::
        SolutionTransfer<dim, typename ElasticProblem<dim>::Vector>
            u_transfer(problem->get_dof_handler());
    u_transfer.deserialize(u);
    problem->get_constraints().distribute(u);
    problem->get_solution() = u;
    make_damage_problem();
    damage_problem->deserialize(problem->get_mapping());
    evaluate_damage();
    if (const auto history = make_history_transfer())
      {
        history->attach_for_loading();
        receive_history(*history);
      }
  }

  template <int dim>
  typename Fields<dim>::PlasticStep
  Fields<dim>::plastic_step() const
  {
    PlasticStep step;
    if (!plastic_phases)
      return step;
    std::vector<double> d_n;
    damage_problem->evaluate_step_start(d_n);
    for_each_point([&](const std::size_t            i,
                       const unsigned int           m,
                       const SymmetricTensor<2, 3> &eps,
                       const double                 JxW) {
      const plasticity::State &before = plastic_states->converged_state(i);
      const plasticity::State &after  = plastic_states->trial_state(i);
      const double g0 = phase_field_model.degradation(d_n[i], a1_q[i]);
      const double g1 = phase_field_model.degradation(damage_q[i], a1_q[i]);
      // The damaged stresses at both ends (the elastic strain of the
      // accepted state from its effective stress).
      const EnergySplit          &split = splits[m];
      const SymmetricTensor<2, 3> e0    = split.compliance() * before.stress;
      const SymmetricTensor<2, 3> e1    = elastic_strain(i, eps);
      SymmetricTensor<2, 3>       s0, s1;
      split.degrade(g0, e0, before.stress, split.stiffness(), s0, nullptr);
      split.degrade(g1, e1, after.stress, split.stiffness(), s1, nullptr);
      step.dissipation += 0.5 * (s0 + s1) *
                          (after.plastic_strain - before.plastic_strain) * JxW;
      const double w0 = plastic_driving(m, before);
      const double w1 = plastic_driving(m, after);
      step.plastic_driving_work += (g0 - g1) * 0.5 * (w0 + w1) * JxW;
      step.driving_work += (g0 - g1) * 0.5 *
                           (driving_force(m, e0, before.stress, w0) +
                            driving_force(m, e1, after.stress, w1)) *
                           JxW;
    });
    const MPI_Comm comm = triangulation.get_communicator();
    step.dissipation    = Utilities::MPI::sum(step.dissipation, comm);
    step.plastic_driving_work =
        Utilities::MPI::sum(step.plastic_driving_work, comm);
    step.driving_work = Utilities::MPI::sum(step.driving_work, comm);
    return step;
  }

  template class Fields<2>;
  template class Fields<3>;
} // namespace nanomech::fracture
