#pragma once

#include <deal.II/distributed/tria.h>

#include "analyses/fracture/fields.h"
#include "analyses/fracture/step_solver.h"

#include <array>
#include <functional>
#include <vector>

namespace nanomech::fracture
{
  /**
   * Crack-following refinement: cells (and their face neighbours) where
   * the damage exceeds "Refinement damage threshold" are refined until
   * they are no larger than l / "Cells per length scale"; displacement and
   * damage move to the new mesh exactly (p4est transfer of the nodal
   * values, whose interpolation onto children is exact for Q1/Q2). With
   * a "Refinement band" b, each refinement also refines the coarse cells
   * within b l of a damaged cell: fine cells ahead of a growing crack, so
   * that it needs fewer rounds (each a new mesh, new matrices and a new
   * factorization). The rule looks at a cell, its neighbours and the
   * damaged cells of all ranks, so the mesh is the same on any number of
   * ranks.
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
    /// after, plastic work before, after} of each round to @p log. The
    /// displacements @p followed (ghosted, of other load levels: the
    /// starts of steps the stepping may go back to) move with the mesh too.
    /// True if the mesh changed.
    bool
    refine(double                                                     strain,
           StepSolver<dim>                                           &solver,
           std::vector<std::array<double, 6>>                        &log,
           const std::vector<typename ElasticProblem<dim>::Vector *> &followed);

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
    /// Whether a cell of centre x and diameter h lies within Refinement
    /// band of a cell that @p damaged(cell) says is damaged (any rank);
    /// empty if none is.
    template <typename Damaged>
    std::function<bool(const dealii::Point<dim> &, double)>
    band_test(const Damaged &damaged) const;

    dealii::parallel::distributed::Triangulation<dim> &triangulation;
    Fields<dim>                                       &fields;
    const FractureParameters                          &parameters;
  };
} // namespace nanomech::fracture
