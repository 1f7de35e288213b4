#pragma once

#include <deal.II/base/quadrature.h>
#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/fe/mapping.h>

#include "materials/phase_material.h"
#include "microstructure/microstructure.h"

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace nanomech
{
  /**
   * Material data per quadrature point, compactly: each point stores a
   * 32-bit index into a table of distinct (phase, grain) stiffnesses, so a
   * 64^3 Q1 mesh costs 8 MB instead of the 600 MB of a tensor per point.
   * Cells whose points all share one material are flagged "uniform", which
   * lets assembly reuse cell matrices.
   *
   * A cell cut by an interface between two materials can instead get one
   * "composite" material for all its points: the exact laminate of the
   * two with their volume fractions in the cell and the interface normal
   * estimated from a sub-cell sampling (elastic::laminate). A Q1/Q2
   * element cannot bend at an interface inside it, so per-point sampling
   * makes a cut cell act too stiff; the laminate removes most of that
   * bias (the effective stiffness of a dilute sphere converges several
   * times faster). Cells where three or more materials meet keep the
   * per-point sampling.
   */
  template <int dim>
  class MaterialField
  {
  public:
    /// Fills the table and the per-point indices on the locally owned
    /// cells of @p dof_handler's triangulation.
    void
    initialize(const dealii::Mapping<dim>           &mapping,
               const dealii::DoFHandler<dim>        &dof_handler,
               const dealii::Quadrature<dim>        &quadrature,
               const Microstructure::Interface<dim> &microstructure,
               const MaterialLibrary                &materials,
               bool laminate_cut_cells = false);

    /// Table index of the material at quadrature point @p q of @p cell.
    unsigned int
    index(const typename dealii::DoFHandler<dim>::active_cell_iterator &cell,
          const unsigned int                                            q) const
    {
      return indices[cell->active_cell_index() * n_q_points + q];
    }

    bool
    is_uniform(const typename dealii::DoFHandler<dim>::active_cell_iterator
                   &cell) const
    {
      return uniform[cell->active_cell_index()] != 0;
    }

    /// The stiffness (dim x dim components: plane strain in 2D), MPa.
    const dealii::SymmetricTensor<4, dim> &
    stiffness(const unsigned int i) const
    {
      return table[i].C;
    }
    /// The full 3D stiffness (for sigma_zz and von Mises in plane strain).
    const dealii::SymmetricTensor<4, 3> &
    stiffness_3d(const unsigned int i) const
    {
      return table[i].C3;
    }
    /// Whether table entry @p i is the laminate of a cut cell (then it is
    /// that cell's own material).
    bool
    is_composite(const unsigned int i) const
    {
      return !table[i].composition.empty();
    }
    const MaterialPoint &
    material(const unsigned int i) const
    {
      return table[i].point;
    }
    /// The 3D stiffness of a material point, from the table or, for one
    /// no quadrature point of this rank has, computed (thread safe).
    dealii::SymmetricTensor<4, 3>
    stiffness_3d_at(const MaterialPoint &m) const;
    /// Table index of a material point (adds it if new).
    unsigned int
    index_of(const MaterialPoint &m);

    /// Phase volume fractions integrated over the mesh (all ranks), using
    /// the quadrature points' materials (and the phase fractions of
    /// composite materials).
    std::vector<double>
    volume_fractions(const dealii::Mapping<dim>    &mapping,
                     const dealii::DoFHandler<dim> &dof_handler,
                     unsigned int                   n_phases) const;

  private:
    /// A composite material for @p cell if two materials share it (and
    /// returns its table index), else numbers::invalid_unsigned_int.
    unsigned int
    add_composite(
        const typename dealii::DoFHandler<dim>::active_cell_iterator &cell,
        dealii::FEValues<dim> &sub_values);
    /// The normal of the interface between the two materials @p found
    /// (which[q]: the material at sub-point q): a plane fitted (least
    /// squares) through the points where the interface crosses the lattice
    /// edges between neighbouring sub-points; zero if the crossings do not
    /// spread in dim - 1 directions.
    dealii::Tensor<1, dim>
    interface_normal(const dealii::FEValues<dim>      &sub,
                     const std::vector<unsigned int>  &which,
                     const std::vector<MaterialPoint> &found) const;

    struct Entry
    {
      /// The material (for a composite: the one with the larger share).
      MaterialPoint point;
      /// For a composite: (phase, volume fraction in the cell) of both.
      std::vector<std::pair<unsigned int, double>> composition;
      dealii::SymmetricTensor<4, dim>              C;
      dealii::SymmetricTensor<4, 3>                C3;
    };

    const Microstructure::Interface<dim> *microstructure = nullptr;
    const MaterialLibrary                *library        = nullptr;
    dealii::Quadrature<dim>               quadrature;
    unsigned int                          n_q_points = 0;
    std::vector<Entry>                    table;
    std::map<std::pair<unsigned int, unsigned int>, unsigned int> lookup;
    std::vector<std::uint32_t>                                    indices;
    std::vector<std::uint8_t>                                     uniform;

  public:
    /// Cells given a composite material in the last initialize() (this
    /// rank), and cut cells that kept per-point sampling (junctions).
    unsigned int n_composite_cells = 0, n_junction_cells = 0;
  };
} // namespace nanomech
