#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/distributed/tria.h>

#include "analyses/loading.h"
#include "materials/phase_material.h"
#include "microstructure/microstructure.h"
#include "physics/damage_problem.h"
#include "physics/elastic_problem.h"
#include "physics/energy_split.h"
#include "physics/phase_field_model.h"
#include "physics/plastic_field.h"
#include "physics/point_history_transfer.h"

#include <memory>
#include <utility>
#include <vector>

namespace nanomech::fracture
{
  template <int dim>
  class CoupledSystem;

  /**
   * The coupled fields of a phase-field fracture run: the displacement
   * problem (with the degraded secant stiffness g(d) C+ + C- of the energy
   * split), the damage problem, and the data per quadrature point that
   * couples them: psi+ (driving the damage), Gc, and d and |grad d|^2
   * (degrading the stiffness). Knows nothing of load stepping.
   *
   * With plastic phases (ductile phase-field fracture after Borden, Hughes,
   * Landis, Anvari & Lee, CMAME 312 (2016) 130-166, and Ambati, Gerasimov
   * & De Lorenzis, Comput. Mech. 55 (2015) 1017-1040): plasticity acts on
   * the effective (undamaged) stress sigma_eff = C : (eps - eps_p), and
   * the stress is its degraded form g(d) sigma_eff (with the split's
   * undegraded compression kept whole), so that the yield stress degrades
   * with the stiffness; the damage is driven by psi+ of the elastic strain
   * plus the plastic work density above the phase's Plastic work
   * threshold W_0, H = psi+(eps_e) + <W_p - W_0>. The displacement problem
   * then has a tangent law (Newton's method on the displacement, one
   * iteration per staggered sweep), the plastic states of all points
   * (PlasticField) are evaluated from the last accepted step, and they
   * travel with the cells through refinement and checkpoints.
   */
  template <int dim>
  class Fields
  {
  public:
    Fields(dealii::parallel::distributed::Triangulation<dim> &triangulation,
           unsigned int                                       fe_degree,
           const Microstructure::Interface<dim>              &microstructure,
           const MaterialLibrary                             &materials,
           const PhaseFieldModel                             &model,
           const FractureParameters                          &parameters,
           const LoadingParameters                           &loading,
           const dealii::Point<dim>                          &size);

    /// Distributes the displacement dofs on the current mesh, with its
    /// materials and the constraints of nominal strain @p strain; sizes
    /// the per-point data (psi+ and d zero, Gc per point).
    void
    setup_displacement(double strain);
    /// A new damage problem on the mesh (not yet set up), damage-free at
    /// the grips if asked.
    void
    make_damage_problem();
    /// Moves the grips to nominal strain @p strain.
    void
    apply_load(double strain);
    /// The reaction force of the loading (Loading::reaction()): µN in 3D,
    /// N/m per unit thickness in 2D (all ranks).
    double
    reaction_force() const;
    /// The nominal stress of reaction @p force for a specimen of
    /// cross-section @p cross_section (LoadingParameters::nominal_stress).
    double
    nominal_stress(double force, double cross_section) const
    {
      return loading.nominal_stress(force, cross_section, size);
    }

    /// The displacement of the loaded face (or a beam's load pad) at
    /// nominal strain @p strain (µm).
    double
    load_displacement(double strain) const
    {
      return loading.displacement(strain, size);
    }

    /// psi+ at every quadrature point from the displacement.
    void
    update_driving_energy();
    /// d and |grad d|^2 at every quadrature point from the damage field.
    void
    evaluate_damage();
    /// Elastic and fracture energies of the current state (all ranks).
    std::pair<double, double>
    energies() const;

    /// Whether a phase is plastic.
    bool
    plastic() const
    {
      return plastic_phases;
    }
    /// The plastic states (null without plastic phases).
    const PlasticField<dim> *
    plastic_field() const
    {
      return plastic_states.get();
    }
    PlasticField<dim> *
    plastic_field()
    {
      return plastic_states.get();
    }
    /// Whether the tangent of the displacement problem is not symmetric
    /// (non-associative Drucker-Prager, or Drucker-Prager with the
    /// volumetric-deviatoric split).
    bool
    nonsymmetric_tangent() const;
    /// Whether a point's return mapping failed on any rank since the last
    /// call (collective; false without plastic phases).
    bool
    plastic_failure();
    /// What the plastic phases did in the step being accepted, from the
    /// accepted states to the current ones (all ranks; pJ in 3D, uJ/m in
    /// 2D): the plastic dissipation of the damaged stress, the trapezoidal
    /// sum of 1/2 (sigma_n + sigma_n+1) : delta eps_p; the work of the
    /// plastic part of the damage's driving force, the sum of (g(d_n) -
    /// g(d_n+1)) times the mean <W_p - W_0>, and that of the whole driving
    /// force H (the same with the mean H). In a resolved step the latter
    /// equals the step's fracture energy; the caller attributes the
    /// fracture energy by their ratio (energy balance: external work =
    /// elastic energy + plastic dissipation + fracture energy - the part
    /// plastic work paid).
    struct PlasticStep
    {
      double dissipation = 0., plastic_driving_work = 0., driving_work = 0.;
    };
    PlasticStep
    plastic_step() const;
    /// The step is accepted: the current plastic states become the
    /// accepted ones, the accepted ones those of the earlier step.
    void
    accept_plastic_step();
    /// Back to the plastic states of the earlier step (with the damage's
    /// restore_earlier_step()).
    void
    restore_earlier_plastic_step();
    /// Plastic states through refinement: attach before the mesh changes,
    /// receive after setup_displacement() on the new mesh.
    void
    attach_history(PointHistoryTransfer<dim> &transfer) const;
    void
    receive_history(PointHistoryTransfer<dim> &transfer);
    /// A transfer of the plastic states on this mesh (null without plastic
    /// phases).
    std::unique_ptr<PointHistoryTransfer<dim>>
    make_history_transfer() const;
    /// The crack opening volume -integral(u . grad d) (µm^2 per unit
    /// thickness in 2D, µm^3 in 3D): the phase-field form of the integral
    /// of the opening [[u]] . n over the crack faces. Only with a crack
    /// pressure (then grad d is kept at every point).
    double
    crack_opening_volume() const;
    /// The fracture energy of the current state in each phase (all ranks).
    std::vector<double>
    fracture_energy_by_phase() const;
    /// Their sum (all ranks).
    double
    fracture_energy() const;
    /// The degradation at @p x (in a cell of this rank) for damage @p d:
    /// PF-CZM's depends on the phase there.
    double
    degradation_at(const dealii::Point<dim> &x, double d) const;

    /// What the fracture model knows of a phase: Gc (J/m^2), and for
    /// PF-CZM the tensile strength ft (MPa), the Young's modulus E of a1
    /// (Hill's average for a crystal, MPa), the Irwin length E Gc / ft^2
    /// (um), a1 and the damage threshold of the driving force ft^2 / (2E).
    struct PhaseData
    {
      double Gc = 0., ft = 0., E = 0., irwin_length = 0., a1 = 0.,
             threshold = 0.;
    };
    const std::vector<PhaseData> &
    phase_data() const
    {
      return phases;
    }
    /// E' of the notch formulas: the plane-strain modulus along the
    /// loading axis of the volume-averaged stiffness.
    double
    average_plane_strain_modulus() const;

    ElasticProblem<dim> &
    displacement()
    {
      return *problem;
    }
    const ElasticProblem<dim> &
    displacement() const
    {
      return *problem;
    }
    DamageProblem<dim> &
    damage()
    {
      return *damage_problem;
    }
    const DamageProblem<dim> &
    damage() const
    {
      return *damage_problem;
    }
    const PhaseFieldModel &
    model() const
    {
      return phase_field_model;
    }
    /// Assembles the damage problem from the current psi+.
    void
    assemble_damage();
    /// Newton's system of displacement and damage together at the current
    /// fields (fields_coupled.cc), AT1 and AT2 without a crack pressure:
    /// the gradient of the energy into @p system's residual and its
    /// Hessian into its matrix (with the split's secant stiffness for
    /// d sigma / d eps: exact without a split and for the
    /// volumetric-deviatoric one).
    void
    assemble_coupled(CoupledSystem<dim> &system);
    /// Puts the lower bound d = 1 on the cracks' nodes; returns their count.
    unsigned int
    set_initial_cracks();
    /// The driving force of no load (0, or PF-CZM's threshold): for the
    /// damage profile around initial cracks before loading.
    void
    clear_driving_energy();

    /// Saves the mesh with displacement and damage attached to
    /// @p file (p4est; readable on any number of ranks).
    void
    save(const std::string &file);
    /// After the mesh of save() has been loaded: displacement and damage
    /// from it, with the constraints of nominal strain @p strain.
    void
    load(double strain);

  private:
    /// Splits and Gc of every material of the mesh, Gc per point.
    void
    setup_materials();
    /// Calls f(point index, material table index, 3D strain, JxW) at every
    /// quadrature point of the owned cells (the strain of the displacement
    /// problem's formulation: B-bar's where it has one).
    template <typename Function>
    void
    for_each_point(const Function &f) const;
    /// The same with the cell and the point's number first.
    template <typename Function>
    void
    for_each_cell_point(const Function &f) const;
    /// The elastic strain of point @p i at total strain @p eps (its
    /// current plastic state's).
    dealii::SymmetricTensor<2, 3>
    elastic_strain(std::size_t                          i,
                   const dealii::SymmetricTensor<2, 3> &eps) const
    {
      return plastic_states ?
                 eps - plastic_states->trial_state(i).plastic_strain :
                 eps;
    }
    /// The plastic driving energy <W_p - W_0> of a point of material
    /// @p m in state @p s.
    double
    plastic_driving(unsigned int m, const plasticity::State &s) const;
    /// The damage's driving force H at a point of material @p m with
    /// elastic strain @p eps_e, effective stress @p sigma_eff and plastic
    /// driving energy @p plastic: psi+(eps_e) + plastic (AT1, AT2), or
    /// PF-CZM's max(f_t^2 / 2E, <sigma_1>^2 / 2E + plastic).
    double
    driving_force(unsigned int                         m,
                  const dealii::SymmetricTensor<2, 3> &eps_e,
                  const dealii::SymmetricTensor<2, 3> &sigma_eff,
                  double                               plastic) const;
    /// f(i, u, JxW) at every quadrature point of the owned cells.
    template <typename Function>
    void
    for_each_displacement(const Function &f) const;

    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    const Microstructure::Interface<dim>              &microstructure;
    const MaterialLibrary                             &materials;
    const FractureParameters                          &parameters;
    const LoadingParameters                           &loading;
    const dealii::Point<dim>                           size;
    const PhaseFieldModel                             &phase_field_model;

    std::unique_ptr<ElasticProblem<dim>> problem;
    std::unique_ptr<DamageProblem<dim>>  damage_problem;
    bool                                 plastic_phases = false;
    std::unique_ptr<PlasticField<dim>>   plastic_states;
    /// Per material table index of the MaterialField (phase and grain):
    /// its split (of the specimen-frame stiffness) and its phase.
    std::vector<EnergySplit>  splits;
    std::vector<unsigned int> material_phase;
    /// Per phase.
    std::vector<PhaseData> phases;
    /// Per owned cell and quadrature point (active_cell_index * nq + q):
    /// the driving energy (psi+, or PF-CZM's max(ft^2/(2E), <sigma_1>^2 /
    /// (2E)) of the undamaged stress), Gc, PF-CZM's a1, d, |grad d|^2.
    std::vector<double> psi_plus, toughness, a1_q, damage_q, grad2_q;
    /// Reaction, source and diffusion of the damage problem (work arrays).
    std::vector<double> reaction, source, diffusion;
    /// With a crack pressure p: grad d, the force -p grad d on the
    /// displacement and the flux p u of the damage equation, per point.
    std::vector<dealii::Tensor<1, dim>> grad_q, pressure_force, pressure_flux;
    unsigned int                        n_q = 0;
  };
} // namespace nanomech::fracture
