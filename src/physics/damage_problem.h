#pragma once

#include <functional>

#include <deal.II/base/quadrature.h>
#include <deal.II/distributed/solution_transfer.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping.h>
#include <deal.II/lac/affine_constraints.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <petscsnes.h>

#include "physics/initial_cracks.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

namespace nanomech
{
  /**
   * The damage subproblem of phase-field fracture at fixed displacement:
   * minimize over d, with d_n <= d <= 1 (d_n the damage at the start of the
   * load step, which makes damage irreversible),
   *   integral( g(d) psi+ + Gc / c_w (w(d) / l + l |grad d|^2) ).
   * For AT1 and AT2 the functional is quadratic in d; for PF-CZM each
   * staggered iteration minimizes its quadratic (Newton) model around the
   * current damage. Either way a bound-constrained linear problem A d = b;
   * PETSc's reduced-space active-set Newton method (SNESVINEWTONRSLS) with CG +
   * BoomerAMG on the free set solves it. Damage is Q1, so nodal bounds hold at
   * every point of the mesh.
   *
   * Point data come as vectors indexed by
   * active_cell_index * n_q_points + q over the locally owned cells, with
   * the quadrature of the displacement problem.
   */
  template <int dim>
  class DamageProblem
  {
  public:
    using Vector = dealii::PETScWrappers::MPI::Vector;

    DamageProblem(const dealii::parallel::distributed::Triangulation<dim> &tria,
                  const dealii::Quadrature<dim> &quadrature);
    ~DamageProblem();
    DamageProblem(const DamageProblem &) = delete;
    DamageProblem &
    operator=(const DamageProblem &) = delete;

    /// Distributes the dofs, builds the constraints and the matrix; the
    /// damage starts at zero.
    void
    setup(const dealii::Mapping<dim> &mapping);

    /// Damage stays zero on the boundary faces with these ids (the grips,
    /// where a crack would otherwise pay only half its energy); kept
    /// across setup() and refinements.
    void
    set_undamaged_boundaries(
        const std::vector<dealii::types::boundary_id> &boundary_ids);
    /// Keeps the damage zero at the nodes where @p region is true (from
    /// the next setup()).
    void
    set_undamaged_region(std::function<bool(const dealii::Point<dim> &)> region)
    {
      undamaged_region = std::move(region);
    }

    /// Assembles A and b of a quadratic damage energy density
    ///   1/2 c d^2 - f d + 1/2 kappa |grad d|^2 + t . grad d
    /// with the reaction c, source f and diffusion kappa given at every
    /// point: exact for AT1 and AT2, the Newton model around the current
    /// damage for PF-CZM (Fields computes them from the model). The flux
    /// t (if given) is p u of a pressure p on the crack faces.
    void
    assemble(const std::vector<double>                 &reaction,
             const std::vector<double>                 &source,
             const std::vector<double>                 &diffusion,
             const std::vector<dealii::Tensor<1, dim>> *flux = nullptr);

    /// Solves with the bounds; returns the Newton (active-set) iterations.
    unsigned int
    solve();
    /// solve(), returning the largest change of a nodal damage value it
    /// made (all ranks).
    double
    solve_for_change();

    /// Initial cracks: damage 1, kept as lower bound, on the nodes whose
    /// distance to one of the segments @p cracks (x0, y0, x1, y1; the
    /// distance in the x-y plane, so through the thickness in 3D) is at
    /// most half the smallest extent of a cell around them. Returns the
    /// number of such nodes (all ranks).
    unsigned int
    set_initial_cracks(const InitialCracks &cracks);

    /// Sets the damage to @p values (owned entries) projected onto the
    /// bounds d_n <= d <= 1 (0 where the damage must stay zero), the
    /// hanging entries from their parents: for an accelerated step solver
    /// that mixes damage iterates.
    void
    set_damage(const Vector &values);

    /// The damage becomes the lower bound of the next steps.
    void
    start_step();
    /// Back to the damage at the start of the step (a cut step).
    void
    restore_step();
    /// Back to the damage kept by keep_earlier_step() (on the current
    /// mesh), also the lower bound of the next step.
    void
    restore_earlier_step();
    /// The damage at the start of the step (owned entries).
    const Vector &
    get_step_start() const
    {
      return previous;
    }
    /// Keeps the damage at the start of the step as the earlier step's
    /// (the stepping may go back to it), carried through refinements.
    void
    keep_earlier_step()
    {
      earlier.reinit(owned, comm);
      earlier = previous;
    }

    /// Before the mesh is refined (no coarsening): keeps the damage for
    /// transfer.
    void
    prepare_refinement();
    /// After the refinement: new dofs, and the damage and the lower bound
    /// of the step interpolated onto them (for Q1 on refined cells the same
    /// functions).
    void
    finish_refinement(const dealii::Mapping<dim> &mapping);

    /// Before the triangulation is saved to a checkpoint: attaches the
    /// damage to it.
    void
    prepare_serialization();
    /// After the triangulation is loaded from a checkpoint: new dofs and
    /// the saved damage (also the lower bound of the next step).
    void
    deserialize(const dealii::Mapping<dim> &mapping);

    /// Damage and |grad d|^2 (and grad d, if @p gradients) at the
    /// quadrature points of owned cells.
    void
    evaluate(std::vector<double>                 &d,
             std::vector<double>                 &grad2,
             std::vector<dealii::Tensor<1, dim>> *gradients = nullptr) const;

    /// The damage at the start of the step (the lower bound d_n) at the
    /// quadrature points of owned cells.
    void
    evaluate_step_start(std::vector<double> &d) const;

    /// Smallest nodal d - d_n over all ranks (never negative when
    /// irreversibility holds).
    double
    min_growth_in_step() const;
    /// Largest nodal damage (all ranks).
    double
    max_damage() const;

    const dealii::DoFHandler<dim> &
    get_dof_handler() const
    {
      return dof_handler;
    }
    /// The hanging-node constraints of the damage.
    const dealii::AffineConstraints<double> &
    get_constraints() const
    {
      return constraints;
    }
    /// The bounds of the owned, unconstrained dof @p i in this step:
    /// min(d_n, top) <= d <= top, top 1 (0 where damage must stay zero).
    std::pair<double, double>
    bounds(const dealii::types::global_dof_index i) const
    {
      const double top = undamaged.is_element(i) ? 0. : 1.;
      return {std::min(double(previous(i)), top), top};
    }
    /// The damage, with ghost entries.
    const Vector &
    get_damage() const
    {
      return damage;
    }

    /// Krylov iterations of every linear solve inside the last solve().
    unsigned int last_krylov_iterations = 0;

  private:
    static PetscErrorCode
    residual(SNES snes, Vec x, Vec f, void *context);
    static PetscErrorCode
    jacobian(SNES snes, Vec x, Mat A, Mat P, void *context);

    MPI_Comm                                                 comm;
    const dealii::parallel::distributed::Triangulation<dim> &tria;
    const dealii::Mapping<dim>                              *mapping = nullptr;
    dealii::Quadrature<dim>                                  quadrature;
    dealii::FE_Q<dim>                                        fe;
    dealii::DoFHandler<dim>                                  dof_handler;
    dealii::IndexSet                                         owned, relevant;
    dealii::AffineConstraints<double>                        constraints;
    dealii::PETScWrappers::MPI::SparseMatrix                 matrix;
    Vector                                                   rhs;
    Vector residual_work;   ///< SNES's residual vector
    Vector damage;          ///< with ghosts
    Vector previous;        ///< d_n, owned
    Vector step_start;      ///< d_n with ghosts, during a refinement
    Vector earlier;         ///< an earlier step's d_n, owned (or empty)
    Vector earlier_ghosted; ///< it with ghosts, during a refinement
    std::vector<dealii::types::boundary_id>         undamaged_boundaries;
    std::function<bool(const dealii::Point<dim> &)> undamaged_region;
    /// Owned dofs on those boundaries (upper bound 0).
    dealii::IndexSet undamaged;
    SNES             snes = nullptr;
    std::unique_ptr<
        dealii::parallel::distributed::SolutionTransfer<dim, Vector>>
        transfer;
  };
} // namespace nanomech
