#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/distributed/tria.h>

#include "microstructure/microstructure.h"

#include <array>
#include <string>

namespace nanomech
{
  /**
   * The specimen box [0, L_x] x [0, L_y] (x [0, L_z]) in µm and its mesh
   * resolution ("Geometry" subsection). Boundary ids: 0/1 the faces
   * x = 0 / x = L_x, 2/3 for y, 4/5 for z.
   */
  struct GeometryParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm, unsigned int dim);

    template <int dim>
    dealii::Point<dim>
    size_point() const
    {
      dealii::Point<dim> p;
      for (unsigned int d = 0; d < dim; ++d)
        p[d] = size[d];
      return p;
    }

    std::array<double, 3>       size{{1., 1., 1.}};
    std::array<unsigned int, 3> cells{{16, 16, 16}};
    unsigned int                global_refinements       = 0;
    unsigned int                interface_refinements    = 0;
    unsigned int                cells_across_layers      = 2;
    unsigned int                max_extra_refinements    = 4;
    bool                        size_from_microstructure = false;
    /// Cells cut by an interface between two materials get the laminate
    /// of the two (MaterialField) instead of per-point sampling.
    bool laminate_cut_cells = false;
    /// gmsh specimen (empty: the box); its bounding box gives the size and
    /// it is shifted so that the bounding box starts at the origin.
    std::string mesh_file;
  };

  /**
   * Builds the distributed box mesh. Grid lines pass through every planar
   * interface the microstructure reports (so laminate interfaces are exact
   * and a thin layer is a row of thin cells); between them the cells have
   * about the size L_d / cells_d. The coarse mesh is the largest grid whose
   * uniform refinement gives that grid, so that p4est starts from few trees.
   * Then "Global refinements" uniform refinements, and "Interface
   * refinement" rounds that refine the cells cut by a phase boundary.
   * With @p periodic, opposite faces are registered as periodic on the
   * coarse mesh (as p4est requires), for periodic boundary conditions.
   * With @p coarse_only, no refinement at all (the coarse mesh that a
   * saved triangulation is loaded into).
   */
  template <int dim>
  void
  make_box_mesh(dealii::parallel::distributed::Triangulation<dim> &tria,
                const GeometryParameters                          &geometry,
                const Microstructure::Interface<dim>              &ms,
                bool periodic    = false,
                bool coarse_only = false);

  /// The cells of make_box_mesh()'s grid along axis @p d (before any
  /// refinement): Geometry/Cells plus those that the microstructure's
  /// interface planes add (a cell between any two planes further apart
  /// than a twentieth of a cell or of the thinnest layer).
  template <int dim>
  double
  box_cells_along(const GeometryParameters             &geometry,
                  const Microstructure::Interface<dim> &ms,
                  unsigned int                          d);

  /**
   * "Global refinements" uniform refinements, then "Interface refinement"
   * rounds of refining the cells cut by a phase or grain boundary, then
   * refinement of the cells at thin layers until the thinnest spans "Cells
   * across layers" cells. Used for the box mesh and for meshes read from
   * gmsh files.
   */
  template <int dim>
  void
  refine_for_microstructure(
      dealii::parallel::distributed::Triangulation<dim> &tria,
      const GeometryParameters                          &geometry,
      const Microstructure::Interface<dim>              &ms);

  /// Whether the cell belongs to a thin layer of the given thickness (its
  /// center is in a thin phase and another material lies within half a
  /// thickness of it), so that it must be fine although nothing may cut it.
  template <int dim>
  bool
  lies_inside_thin_layer(
      const typename dealii::Triangulation<dim>::cell_iterator &cell,
      const Microstructure::Interface<dim>                     &ms,
      double                                                    thickness);

  /// Whether the cell, enlarged by @p margin on every side, contains more
  /// than one phase or grain, judged from an (n+1)^dim lattice of points
  /// strictly inside it. A margin of half a layer's thickness also catches
  /// cells that lie wholly inside a thin layer.
  template <int dim>
  bool
  cell_is_cut(const typename dealii::Triangulation<dim>::cell_iterator &cell,
              const Microstructure::Interface<dim>                     &ms,
              unsigned int                                              n = 2,
              double margin                                               = 0.);
} // namespace nanomech
