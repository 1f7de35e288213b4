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
    /// quadrature point of the owned cells.
    template <typename Function>
    void
    for_each_point(const Function &f) const;
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
