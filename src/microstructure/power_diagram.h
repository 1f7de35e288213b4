#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include "microstructure/size_distribution.h"

#include <array>
#include <string>
#include <vector>

namespace nanomech::Microstructure
{
  /**
   * A power (Laguerre) diagram of sites s_i with weights w_i (µm^2) in the
   * box [0, L]^dim, optionally periodic: cell(x) = argmin_i |x - s_i|^2 -
   * w_i (over all periodic images of the sites). Equal weights give the
   * Voronoi diagram. Shared by the polycrystal (grains), the 3D nacre
   * (Voronoi tablets of each layer) and the enamel (bundles of rods).
   *
   * Point queries are exact: the buckets around the point are searched in
   * rings of growing width until no site farther away can matter, a bound
   * that takes the largest weight into account (a site of large weight can
   * win from far away).
   */
  template <int dim>
  class PowerDiagram
  {
  public:
    PowerDiagram() = default;
    /// Sites in the box (wrapped into it when periodic) and their weights.
    PowerDiagram(const dealii::Point<dim>              &size,
                 bool                                   periodic,
                 const std::vector<dealii::Point<dim>> &sites,
                 const std::vector<double>             &weights);

    /// The cell of a point and its distance to the nearest bisector (the
    /// boundary with another cell).
    struct Location
    {
      unsigned int cell;
      /// Exact if below the @p reach of the query, otherwise some value
      /// >= reach. With a margin: min over the other cells j of (distance
      /// to the bisector with j) - margin(cell, j).
      double boundary_distance;
      /// The cell j of that minimum (invalid if none within reach).
      unsigned int neighbour;
    };

    /// A margin per pair of cells (e.g. half the thickness of the layer
    /// between them), symmetric in its arguments.
    using Margin = double (*)(const void *context, unsigned int, unsigned int);

    /// The cell of @p p and, within @p reach (µm), the distance to the
    /// nearest power bisector of another cell; with @p margin, the
    /// distances minus the margins of the pairs (then @p reach must be at
    /// least the largest margin, and a negative result means "within the
    /// margin of a bisector").
    Location
    locate(const dealii::Point<dim> &p,
           double                    reach   = 0.,
           Margin                    margin  = nullptr,
           const void               *context = nullptr) const;

    unsigned int
    n_cells() const
    {
      return sites.size();
    }
    const std::vector<dealii::Point<dim>> &
    site_points() const
    {
      return sites;
    }
    const std::vector<double> &
    site_weights() const
    {
      return weights;
    }

    /// Volumes (areas in 2D) of the cells inside the box, counted on a
    /// regular lattice of about @p n_points points (deterministic).
    std::vector<double>
    cell_volumes(unsigned int n_points) const;

    /**
     * Capacity-constrained power diagram: adjusts the weights until every
     * cell has its target volume (targets scaled so that they fill the
     * box). Damped Newton iteration: a cell's volume changes with the
     * weights as dV_i/dw_j = -A_ij / (2 |s_i - s_j|) (A_ij the face between
     * cells i and j), dV_i/dw_i = sum_j A_ij / (2 |s_i - s_j|); the volumes
     * and faces are counted on a lattice of about @p n_points points, the
     * Newton system (a graph Laplacian) solved by conjugate gradients, and
     * the step halved while it does not lower the error (so the error never
     * grows). Stops when the root-mean-square relative volume error is
     * below @p tolerance or after @p max_iterations; returns that error.
     * Deterministic: identical on every rank.
     */
    double
    fit_volumes(const std::vector<double> &targets,
                unsigned int               n_points,
                unsigned int               max_iterations,
                double                     tolerance);

    /**
     * One Lloyd step: every site moves to the centroid of its cell
     * (lattice of about @p n_points points). Rounder cells with fewer
     * short faces and slivers; the weights must be fitted again after.
     */
    void
    move_sites_to_centroids(unsigned int n_points);

  private:
    /// A site (its image across periodic faces) met by locate().
    struct Candidate
    {
      dealii::Point<dim> x; ///< the site's image
      double             power;
      unsigned int       site;
    };
    /// Adds the sites of the buckets at Chebyshev distance @p k from the
    /// bucket @p home of @p p to @p candidates, lowering @p best to the
    /// smallest power seen.
    void
    add_ring(const dealii::Point<dim> &p,
             const int                *home,
             int                       k,
             std::vector<Candidate>   &candidates,
             double                   &best) const;
    /// The distance from @p p to the outside of the block of buckets
    /// home +- k (infinite when the block covers a bounded box).
    double
    distance_outside(const dealii::Point<dim> &p, const int *home, int k) const;
    void
    make_buckets();
    /// Volumes and (with @p faces) the faces A_ij / (2 |s_i - s_j|) by
    /// counting on a lattice: links of neighbouring lattice points in
    /// different cells, each worth the lattice cell's cross-section, over
    /// the mean of |n_x| + |n_y| (+ |n_z|) for random orientations. With
    /// @p centroids: each cell's first moment about its site.
    std::vector<double>
    count(unsigned int                                               n_points,
          std::vector<std::vector<std::pair<unsigned int, double>>> *faces,
          std::vector<dealii::Point<dim>> *centroids = nullptr) const;

    dealii::Point<dim>                     size;
    bool                                   periodic = false;
    std::vector<dealii::Point<dim>>        sites;
    std::vector<double>                    weights;
    double                                 max_weight = 0.;
    dealii::Point<dim>                     origin; ///< of the bucket grid
    std::array<double, dim>                bucket;
    std::array<int, dim>                   n_buckets;
    std::vector<std::vector<unsigned int>> buckets;
  };

  /// A power diagram with cells of prescribed sizes (make_sized_cells).
  template <int dim>
  struct SizedCells
  {
    PowerDiagram<dim> diagram;
    /// Drawn equivalent diameter of each cell, after the common rescaling
    /// that makes the cells fill the box (µm).
    std::vector<double> target_diameters;
    /// Root-mean-square relative error of the cell volumes after fitting.
    double fit_error = 0.;
    /// A random crystal orientation per cell (uniform on SO(3) in 3D,
    /// about z in 2D).
    std::vector<dealii::Tensor<2, 3>> rotations;
  };

  /**
   * A power diagram whose cells have equivalent diameters drawn from
   * @p diameter: the sites are non-overlapping balls of the drawn sizes
   * placed by random sequential addition (packing fraction 0.45 in 2D, 0.3
   * in 3D), so that they are spread like the cells; then the weights are
   * fitted, the sites moved to their cells' centroids twice (Lloyd steps,
   * for round cells without slivers) and the weights fitted again
   * (PowerDiagram::fit_volumes, about @p points_per_cell lattice points per
   * cell) so that every cell has the volume of its drawn diameter, all
   * diameters rescaled by one common factor so that the cells fill the box. @p
   * path names the parameter subsection in messages.
   */
  template <int dim>
  SizedCells<dim>
  make_sized_cells(const dealii::Point<dim> &size,
                   bool                      periodic,
                   const SizeDistribution   &diameter,
                   unsigned int              seed,
                   unsigned int              points_per_cell,
                   const std::string        &path);

  /// Equivalent diameter of a volume (area in 2D).
  template <int dim>
  double
  equivalent_diameter(double volume);
} // namespace nanomech::Microstructure
