#pragma once

#include <deal.II/base/quadrature.h>
#include <deal.II/distributed/tria.h>

#include <functional>
#include <vector>

namespace nanomech
{
  /**
   * Carries data kept at the quadrature points of the owned cells (a fixed
   * number of doubles per point: a plastic history) with the cells through
   * p4est refinement, coarsening and repartitioning, and through a
   * checkpoint (Triangulation::save() and load()).
   *
   * Under refinement every quadrature point of a child takes the values of
   * the parent's point nearest to it (in the parent's reference
   * coordinates); under coarsening every point of the parent takes the
   * values of the nearest point of the child it lies in. The values are
   * copied, not interpolated, so each point keeps a state that the plastic
   * law produced (on or inside the yield surface, with consistent plastic
   * strain, hardening and work); with a Gauss rule of two points per
   * direction (Q1) each child's points all take one parent point of equal
   * weight, so the integral of any point quantity over a refined
   * straight-sided cell is kept exactly. (deal.II's
   * ContinuousQuadratureDataTransfer projects onto a polynomial instead,
   * which can leave a point outside its yield surface.)
   *
   * Use: attach() before execute_coarsening_and_refinement() or save(),
   * receive() once the new point storage exists. After load(), call
   * attach_for_loading() in the order the data were attached when saved,
   * then receive().
   */
  template <int dim>
  class PointHistoryTransfer
  {
  public:
    using Cell = typename dealii::Triangulation<dim>::cell_iterator;
    /// Writes the n doubles of point @p q of the active cell @p cell to
    /// @p values.
    using Get = std::function<void(const Cell &, unsigned int, double *)>;
    /// Sets point @p q of the active cell @p cell from @p values.
    using Set = std::function<void(const Cell &, unsigned int, const double *)>;

    PointHistoryTransfer(
        dealii::parallel::distributed::Triangulation<dim> &triangulation,
        const dealii::Quadrature<dim>                     &quadrature,
        unsigned int                                       doubles_per_point);

    /// Registers the packing of every cell's points through @p get (which
    /// must stay valid until the triangulation has packed: the end of
    /// execute_coarsening_and_refinement() or save()).
    void
    attach(Get get);
    /// After load(): registers the slot of the saved data (in the order
    /// they were attached before save()).
    void
    attach_for_loading();
    /// Unpacks onto the new mesh through @p set, for every point of every
    /// owned active cell.
    void
    receive(const Set &set);

  private:
    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    const unsigned int                                 n_q, n_values;
    /// refine_source[c][q]: the parent's point whose values point q of
    /// child c takes; coarsen_source[q]: the child and its point whose
    /// values point q of the parent takes.
    std::vector<std::vector<unsigned int>>             refine_source;
    std::vector<std::pair<unsigned int, unsigned int>> coarsen_source;
    unsigned int                                       handle = 0;
  };
} // namespace nanomech
