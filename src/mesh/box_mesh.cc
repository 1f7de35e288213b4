#include "mesh/box_mesh.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/mpi.h>
#include <deal.II/grid/grid_generator.h>
#include <deal.II/grid/grid_tools.h>

#include "base/exceptions.h"
#include "mesh/inclusion_mesh.h"

#include <algorithm>
#include <cmath>

namespace nanomech
{
  void
  GeometryParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    const ScopedSubsection subsection(prm, "Geometry");
    for (const char *axis : {"x", "y", "z"})
      {
        prm.declare_entry(std::string("Size ") + axis,
                          "1",
                          Patterns::Double(0.),
                          std::string(
                              "Edge length of the specimen box along ") +
                              axis + ", µm (z is ignored in 2D).");
        prm.declare_entry(std::string("Cells ") + axis,
                          "16",
                          Patterns::Integer(1, 100000),
                          std::string("Number of cells along ") + axis +
                              " before refinement; grid lines are added at "
                              "planar interfaces (z is ignored in 2D).");
      }
    prm.declare_entry("Global refinements",
                      "0",
                      Patterns::Integer(0, 12),
                      "Uniform refinements of the whole mesh.");
    prm.declare_entry("Interface refinement",
                      "0",
                      Patterns::Integer(0, 12),
                      "Rounds of refinement of the cells cut by a phase or "
                      "grain boundary (after the global refinements).");
    prm.declare_entry("Cells across layers",
                      "2",
                      Patterns::Integer(1, 16),
                      "Cells across the thinnest layer, shell or boundary of "
                      "the microstructure: planar layers get at least this "
                      "many rows of cells; curved or joint-like ones are "
                      "refined until their thickness spans this many cells.");
    prm.declare_entry("Maximum thin-layer refinement",
                      "4",
                      Patterns::Integer(0, 12),
                      "Most rounds of the refinement that resolves thin "
                      "layers (after Interface refinement).");
    prm.declare_entry("Mesh file",
                      "",
                      Patterns::Anything(),
                      "A gmsh .msh file (quadrilaterals/hexahedra, physical "
                      "tags as boundary ids) for the specimen instead of the "
                      "box, e.g. meshes/dogbone_2d.msh; the microstructure "
                      "fills its bounding box, which is moved to start at "
                      "the origin. Refinement settings apply; Cells x/y/z "
                      "and Size do not.");
    prm.declare_entry("Material of cut cells",
                      "sampled",
                      Patterns::Selection("sampled|laminate"),
                      "Material of a cell that an interface between two "
                      "materials cuts: sampled (each quadrature point gets "
                      "the material at its position) or laminate (the whole "
                      "cell gets the exact laminate of the two, with their "
                      "volume fractions in the cell and the interface "
                      "normal; much more accurate effective stiffness on "
                      "coarse meshes, smeared stresses inside cut cells). "
                      "Cells where three materials meet are sampled.");
    prm.declare_entry("Size from microstructure",
                      "false",
                      Patterns::Bool(),
                      "Take the box size from the microstructure's own "
                      "counts and sizes (nacre: Number of rows, Tablets per "
                      "row) instead of Size x, y, z.");
  }

  void
  GeometryParameters::parse_parameters(dealii::ParameterHandler &prm,
                                       const unsigned int        dim)
  {
    const ScopedSubsection subsection(prm, "Geometry");
    const char            *axes[3] = {"x", "y", "z"};
    for (unsigned int d = 0; d < 3; ++d)
      {
        size[d]  = prm.get_double(std::string("Size ") + axes[d]);
        cells[d] = prm.get_integer(std::string("Cells ") + axes[d]);
        if (d < dim)
          // Beyond these the products of sizes (volumes, stiffness
          // entries) overflow or underflow: 1 pm to 1 m.
          require_input(size[d] >= 1e-6 && size[d] <= 1e6,
                        std::string("Geometry/Size ") + axes[d] +
                            " must lie between 1e-6 and 1e6 µm (1 pm to "
                            "1 m)");
      }
    global_refinements       = prm.get_integer("Global refinements");
    interface_refinements    = prm.get_integer("Interface refinement");
    cells_across_layers      = prm.get_integer("Cells across layers");
    max_extra_refinements    = prm.get_integer("Maximum thin-layer refinement");
    size_from_microstructure = prm.get_bool("Size from microstructure");
    laminate_cut_cells       = prm.get("Material of cut cells") == "laminate";
    mesh_file                = prm.get("Mesh file");
  }

  namespace
  {
    /// Cell counts of the segments between consecutive break points.
    struct AxisGrid
    {
      std::vector<double>       breaks; // 0 = b_0 < b_1 < ... = L
      std::vector<unsigned int> n_in_segment;
    };

    AxisGrid
    make_axis_grid(const double        L,
                   const unsigned int  n_cells,
                   std::vector<double> planes,
                   const char          axis,
                   const unsigned int  cells_across_layers,
                   const double        thinnest)
    {
      AxisGrid g;
      // Planes closer than a small fraction of a cell or of the thinnest
      // layer are one plane: unrelated tablet edges a few nm apart would
      // otherwise make sliver columns of extreme aspect ratio.
      const double h     = L / n_cells;
      const double merge = 0.05 * (thinnest > 0. ? std::min(h, thinnest) : h);
      const double tol   = 1e-12 * L;
      planes.push_back(0.);
      planes.push_back(L);
      std::sort(planes.begin(), planes.end());
      for (const double p : planes)
        {
          require_input(p > -tol && p < L + tol,
                        std::string("microstructure interface at ") + axis +
                            " = " + std::to_string(p) +
                            " lies outside the box");
          if (g.breaks.empty() || p - g.breaks.back() > merge)
            g.breaks.push_back(p);
        }
      g.breaks.back() = L;
      for (unsigned int s = 0; s + 1 < g.breaks.size(); ++s)
        {
          // A segment bounded by an interface is a layer: give it at least
          // cells_across_layers rows of cells.
          const double       len   = g.breaks[s + 1] - g.breaks[s];
          const bool         layer = g.breaks.size() > 2;
          const unsigned int n_min = layer ? cells_across_layers : 1;
          g.n_in_segment.push_back(
              std::max<unsigned int>(n_min, std::lround(len / h)));
        }
      return g;
    }

    /// The box grid along axis @p d: Geometry/Cells with the
    /// microstructure's interface planes.
    template <int dim>
    AxisGrid
    box_axis_grid(const GeometryParameters             &geometry,
                  const Microstructure::Interface<dim> &ms,
                  const unsigned int                    d)
    {
      return make_axis_grid(geometry.size[d],
                            geometry.cells[d],
                            ms.interface_planes(d),
                            "xyz"[d],
                            geometry.cells_across_layers,
                            ms.thinnest_feature());
    }

    unsigned int
    trailing_zeros(unsigned int n)
    {
      unsigned int z = 0;
      while (n % 2 == 0 && n > 0)
        {
          n /= 2;
          ++z;
        }
      return z;
    }
  } // namespace

  template <int dim>
  bool
  cell_is_cut(const typename dealii::Triangulation<dim>::cell_iterator &cell,
              const Microstructure::Interface<dim>                     &ms,
              const unsigned int                                        n,
              const double                                              margin)
  {
    // Lattice in reference coordinates, stretched by the margin, mapped by
    // the multilinear interpolation of the vertices (exact for the box
    // mesh's cells and for the straight-sided cells of a gmsh mesh).
    double stretch[dim];
    for (unsigned int d = 0; d < dim; ++d)
      stretch[d] =
          margin /
          std::max(1e-300, cell->vertex(1u << d).distance(cell->vertex(0)));
    bool               first = true;
    MaterialPoint      ref;
    const unsigned int n_points =
        (dim == 2 ? (n + 1) * (n + 1) : (n + 1) * (n + 1) * (n + 1));
    for (unsigned int k = 0; k < n_points; ++k)
      {
        // Centers of an (n+1)^dim sub-lattice, strictly inside the cell: a
        // point on a face may belong to the neighbour, and a cell that only
        // touches an interface is not cut. (Box-mesh cells are axis-aligned.)
        double       xi[dim];
        unsigned int r = k;
        for (unsigned int d = 0; d < dim; ++d)
          {
            xi[d] = -stretch[d] + (1. + 2. * stretch[d]) *
                                      (double(r % (n + 1)) + 0.5) / (n + 1);
            r /= (n + 1);
          }
        dealii::Point<dim> p;
        for (unsigned int v = 0; v < (1u << dim); ++v)
          {
            double w = 1.;
            for (unsigned int d = 0; d < dim; ++d)
              w *= (v & (1u << d)) ? xi[d] : 1. - xi[d];
            p += w * cell->vertex(v);
          }
        const MaterialPoint m = ms.material_at(p);
        if (first)
          {
            ref   = m;
            first = false;
          }
        else if (m.phase != ref.phase || m.grain != ref.grain)
          return true;
      }
    return false;
  }

  template <int dim>
  bool
  lies_inside_thin_layer(
      const typename dealii::Triangulation<dim>::cell_iterator &cell,
      const Microstructure::Interface<dim>                     &ms,
      const double                                              thickness)
  {
    // A cell of a thin phase (at its center) that sees another material
    // within half a layer thickness around it: it is inside or at the edge
    // of a layer, junctions included. Cells of the thick phases next to a
    // layer are left alone.
    return ms.is_thin_phase(ms.material_at(cell->center()).phase) &&
           cell_is_cut<dim>(cell, ms, 2, 0.5 * thickness);
  }

  template <int dim>
  void
  make_box_mesh(dealii::parallel::distributed::Triangulation<dim> &tria,
                const GeometryParameters                          &geometry,
                const Microstructure::Interface<dim>              &ms,
                const bool                                         periodic,
                const bool                                         coarse_only)
  {
    unsigned int coarsening = 0;
    if (const auto sphere = ms.conforming_sphere())
      make_sphere_in_box_mesh(tria,
                              geometry.size_point<dim>(),
                              sphere->center,
                              sphere->radius);
    else
      {
        coarsening = 30;
        std::vector<AxisGrid> grids;
        for (unsigned int d = 0; d < dim; ++d)
          {
            grids.push_back(box_axis_grid(geometry, ms, d));
            for (const unsigned int n : grids.back().n_in_segment)
              coarsening = std::min(coarsening, trailing_zeros(n));
          }

        // Coarse grid whose uniform refinement gives the requested grid.
        std::vector<std::vector<double>> steps(dim);
        for (unsigned int d = 0; d < dim; ++d)
          for (unsigned int s = 0; s < grids[d].n_in_segment.size(); ++s)
            {
              const unsigned int n_coarse =
                  grids[d].n_in_segment[s] >> coarsening;
              const double len = grids[d].breaks[s + 1] - grids[d].breaks[s];
              for (unsigned int i = 0; i < n_coarse; ++i)
                steps[d].push_back(len / n_coarse);
            }
        dealii::GridGenerator::subdivided_hyper_rectangle(
            tria,
            steps,
            dealii::Point<dim>(),
            geometry.size_point<dim>(),
            true);
      }
    if (periodic)
      {
        // Before any refinement, so that p4est balances and builds ghost
        // layers across the periodic faces.
        std::vector<dealii::GridTools::PeriodicFacePair<
            typename dealii::Triangulation<dim>::cell_iterator>>
            pairs;
        for (unsigned int d = 0; d < dim; ++d)
          dealii::GridTools::collect_periodic_faces(
              tria, 2 * d, 2 * d + 1, d, pairs);
        tria.add_periodicity(pairs);
      }
    if (coarse_only)
      return;
    tria.refine_global(coarsening);
    refine_for_microstructure(tria, geometry, ms);
  }

  template <int dim>
  void
  refine_for_microstructure(
      dealii::parallel::distributed::Triangulation<dim> &tria,
      const GeometryParameters                          &geometry,
      const Microstructure::Interface<dim>              &ms)
  {
    tria.refine_global(geometry.global_refinements);
    // On the conforming inclusion mesh no cell is cut: refine the cells
    // with a vertex on the sphere instead.
    const auto sphere = ms.conforming_sphere();
    const auto at_interface =
        [&](const typename dealii::Triangulation<dim>::cell_iterator &cell) {
          if (!sphere)
            return cell_is_cut<dim>(cell, ms);
          const double r = sphere->radius;
          for (const unsigned int v : cell->vertex_indices())
            if (std::abs(cell->vertex(v).distance(sphere->center) - r) <
                1e-10 * r)
              return true;
          return false;
        };
    for (unsigned int round = 0; round < geometry.interface_refinements;
         ++round)
      {
        for (const auto &cell : tria.active_cell_iterators())
          if (cell->is_locally_owned() && at_interface(cell))
            cell->set_refine_flag();
        tria.execute_coarsening_and_refinement();
      }

    // Thin layers, joints and shells not on grid lines: refine the cells
    // they cut until the thinnest spans cells_across_layers cells. The
    // sampling lattice is made fine enough to see a layer inside a cell.
    const double thin = ms.thinnest_feature();
    if (thin > 0.)
      for (unsigned int round = 0; round < geometry.max_extra_refinements;
           ++round)
        {
          const double target  = thin / geometry.cells_across_layers;
          unsigned int flagged = 0;
          for (const auto &cell : tria.active_cell_iterators())
            if (cell->is_locally_owned())
              {
                double h_min = 1e300, h_max = 0;
                for (unsigned int d = 0; d < dim; ++d)
                  {
                    h_min = std::min(h_min, cell->extent_in_direction(d));
                    h_max = std::max(h_max, cell->extent_in_direction(d));
                  }
                // A cut cell must be fine in every direction (a flat cell cut
                // by a joint still spans it); a cell inside a planar layer
                // only across it.
                if (h_max <= target * (1. + 1e-10))
                  continue;
                const unsigned int n =
                    std::clamp<unsigned int>(std::ceil(2. * h_max / thin),
                                             2,
                                             12);
                if (cell_is_cut<dim>(cell, ms, n) ||
                    (h_min > target * (1. + 1e-10) &&
                     lies_inside_thin_layer<dim>(cell, ms, thin)))
                  {
                    cell->set_refine_flag();
                    ++flagged;
                  }
              }
          if (dealii::Utilities::MPI::sum(flagged, tria.get_communicator()) ==
              0)
            break;
          tria.execute_coarsening_and_refinement();
        }
  }

  template <int dim>
  double
  box_cells_along(const GeometryParameters             &geometry,
                  const Microstructure::Interface<dim> &ms,
                  const unsigned int                    d)
  {
    const AxisGrid grid = box_axis_grid(geometry, ms, d);
    double         n    = 0.;
    for (const unsigned int k : grid.n_in_segment)
      n += k;
    return n;
  }

  template double
  box_cells_along<2>(const GeometryParameters &,
                     const Microstructure::Interface<2> &,
                     unsigned int);
  template double
  box_cells_along<3>(const GeometryParameters &,
                     const Microstructure::Interface<3> &,
                     unsigned int);
  template void
  refine_for_microstructure<2>(
      dealii::parallel::distributed::Triangulation<2> &,
      const GeometryParameters &,
      const Microstructure::Interface<2> &);
  template void
  refine_for_microstructure<3>(
      dealii::parallel::distributed::Triangulation<3> &,
      const GeometryParameters &,
      const Microstructure::Interface<3> &);
  template void
  make_box_mesh<2>(dealii::parallel::distributed::Triangulation<2> &,
                   const GeometryParameters &,
                   const Microstructure::Interface<2> &,
                   bool,
                   bool);
  template void
  make_box_mesh<3>(dealii::parallel::distributed::Triangulation<3> &,
                   const GeometryParameters &,
                   const Microstructure::Interface<3> &,
                   bool,
                   bool);
  template bool
  cell_is_cut<2>(const dealii::Triangulation<2>::cell_iterator &,
                 const Microstructure::Interface<2> &,
                 unsigned int,
                 double);
  template bool
  cell_is_cut<3>(const dealii::Triangulation<3>::cell_iterator &,
                 const Microstructure::Interface<3> &,
                 unsigned int,
                 double);
} // namespace nanomech
