#pragma once

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/dofs/dof_handler.h>

#include "materials/plasticity.h"
#include "output/field_output.h"
#include "physics/elastic_problem.h"
#include "physics/point_history_transfer.h"

#include <vector>

namespace nanomech
{
  /**
   * The plastic history of every quadrature point of the locally owned
   * cells (plasticity::State: plastic strain, back stress, equivalent
   * plastic strain, plastic work) and the law that ElasticProblem's Newton
   * assembly calls (set_tangent_law): each evaluation starts from the
   * state of the last converged load step and keeps its result as the
   * point's trial state; commit() makes the trial states the converged
   * ones once a step has converged, and a step that is cut simply
   * evaluates again from the converged states.
   *
   * A point whose local problem fails (plasticity::PlasticLaw throws) does
   * not throw inside the assembly, which would leave the other ranks
   * waiting: it takes the elastic trial stress and is counted, and
   * any_failed() tells all ranks after the assembly, so that the step is
   * cut.
   */
  template <int dim>
  class PlasticField
  {
  public:
    using Cell = typename dealii::DoFHandler<dim>::active_cell_iterator;

    /// States for @p problem's mesh (after setup_materials()); the phases'
    /// laws from @p library.
    PlasticField(const ElasticProblem<dim> &problem,
                 const MaterialLibrary     &library);

    /// The law for ElasticProblem::set_tangent_law().
    void
    evaluate(const Cell                          &cell,
             unsigned int                         q,
             unsigned int                         material,
             const dealii::SymmetricTensor<2, 3> &strain,
             dealii::SymmetricTensor<2, 3>       &stress,
             dealii::SymmetricTensor<4, 3>       *tangent);
    /// The law as a function object, bound to this field.
    typename ElasticProblem<dim>::TangentLaw
    law();

    /// The trial states of the last evaluation at every point become the
    /// converged ones.
    void
    commit();
    /// Keeps the converged states as those of an earlier step (before the
    /// next commit()), to go back to with restore_earlier(): the fracture
    /// stepping may repeat the last accepted step with a smaller increment.
    void
    keep_earlier()
    {
      earlier = converged;
    }
    void
    restore_earlier()
    {
      converged = earlier;
      trial     = converged;
    }
    /// The state of point index @p i (active_cell_index * n_q + q) of the
    /// last evaluation.
    const plasticity::State &
    trial_state(const std::size_t i) const
    {
      return trial[i];
    }
    /// The converged state of point index @p i.
    const plasticity::State &
    converged_state(const std::size_t i) const
    {
      return converged[i];
    }

    /// The doubles a point carries through refinement and checkpoints:
    /// its converged state and that of the earlier step.
    static constexpr unsigned int doubles_per_point = 40;
    /// Registers the converged and earlier states with @p transfer (before
    /// refinement or save(); this field must live until the triangulation
    /// has packed them).
    void
    attach(PointHistoryTransfer<dim> &transfer) const;
    /// After refinement or load(): the states from @p transfer (the trial
    /// states equal to the converged ones).
    void
    receive(PointHistoryTransfer<dim> &transfer);
    /// Whether a local problem failed on any rank since the last call
    /// (collective); resets the count.
    bool
    any_failed();

    /// The converged state of point @p q of @p cell.
    const plasticity::State &
    state(const Cell &cell, unsigned int q) const
    {
      return converged[cell->active_cell_index() * n_q_points + q];
    }

    /// Over the whole specimen (all ranks), at the converged states: the
    /// plastic work (MPa um^3 = pJ in 3D, per um of thickness in 2D), the
    /// largest equivalent plastic strain and the volume that has yielded.
    struct Totals
    {
      double plastic_work = 0., max_equivalent_plastic_strain = 0.,
             yielded_volume = 0.;
    };
    Totals
    totals() const;

    /// Per active cell (owned ones; zero elsewhere), the averages over its
    /// quadrature points of the equivalent plastic strain, the plastic
    /// work density (MPa = MJ/m^3) and the plastic strain, for output.
    void
    cell_averages(std::vector<float>                         &alpha,
                  std::vector<float>                         &work,
                  std::vector<dealii::SymmetricTensor<2, 3>> &plastic) const;

    /// The plastic fields for write_fields(), kept in this object until
    /// the next call: per cell equivalent_plastic_strain and
    /// plastic_work_density, and the stress at an output point
    /// C : (eps + @p macro_strain - the cell's mean plastic strain).
    const ExtraFields<dim> &
    output_fields(const dealii::SymmetricTensor<2, 3> &macro_strain =
                      dealii::SymmetricTensor<2, 3>());

    /// Whether some phase's law makes the tangent non-symmetric
    /// (non-associative Drucker-Prager).
    static bool
    nonsymmetric(const MaterialLibrary &library, unsigned int n_phases);

  private:
    dealii::Vector<float>                      output_alpha, output_work;
    std::vector<dealii::SymmetricTensor<2, 3>> output_plastic_strain;
    ExtraFields<dim>                           extras;
    const ElasticProblem<dim>                 &problem;
    std::vector<plasticity::PlasticLaw>        laws; ///< by phase
    unsigned int                               n_q_points;
    std::vector<plasticity::State>             converged, trial, earlier;
    unsigned int                               failures = 0;
  };
} // namespace nanomech
