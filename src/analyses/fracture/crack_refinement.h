#pragma once

#include <deal.II/distributed/tria.h>

#include "analyses/fracture/fields.h"
#include "analyses/fracture/step_solver.h"

#include <array>
#include <vector>

namespace nanomech::fracture
{
  /**
   * Crack-following refinement: cells (and their face neighbours) where
   * the damage exceeds "Refinement damage threshold" are refined until
   * they are no larger than l / "Cells per length scale"; displacement and
   * damage move to the new mesh exactly (p4est transfer of the nodal
   * values, whose interpolation onto children is exact for Q1/Q2). The
   * rule looks only at a cell and its neighbours, so the mesh is the same
   * on any number of ranks.
   */
  template <int dim>
  class CrackRefinement
  {
  public:
    CrackRefinement(
        dealii::parallel::distributed::Triangulation<dim> &triangulation,
        Fields<dim>                                       &fields,
        const FractureParameters                          &parameters);

    /// Whether damage has reached cells coarser than the target (always
    /// false without adaptive refinement). Collective.
    bool
    needed() const;

    /// Refines while needed() and moves the fields after each round, with
    /// the constraints of nominal strain @p strain; tells @p solver and
    /// appends {fracture energy before, after, largest damage before,
    /// after} of each round to @p log. True if the mesh changed.
    bool
    refine(double                              strain,
           StepSolver<dim>                    &solver,
           std::vector<std::array<double, 4>> &log);

    /// Before loading: refines the cells within 2 l (plus a cell) of the
    /// initial cracks to the target size (with adaptive refinement).
    void
    refine_around_initial_cracks();

    /// The largest cell that carries damage above 0.1 if it is coarser
    /// than l / 2 (the crack is not resolved), else 0. Collective.
    double
    unresolved_cell_size() const;

  private:
    /// Owned cells above the target size that are damaged or have a
    /// damaged face neighbour; flags them for refinement if @p flag.
    unsigned int
    cells_to_refine(bool flag) const;
    /// The target cell size l / "Cells per length scale".
    double
    target() const;

    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    Fields<dim>                                       &fields;
    const FractureParameters                          &parameters;
  };
} // namespace nanomech::fracture
