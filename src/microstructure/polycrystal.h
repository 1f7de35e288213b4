#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include "microstructure/microstructure.h"
#include "microstructure/power_diagram.h"
#include "microstructure/size_distribution.h"

#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

namespace nanomech::Microstructure
{
  /// The entries of "Microstructure/Polycrystal", parsed and checked.
  struct PolycrystalParameters
  {
    static void
    declare(dealii::ParameterHandler &prm);
    void
    parse(dealii::ParameterHandler &prm);

    SizeDistribution grain_size; ///< equivalent diameter, µm
    SizeDistribution layer_size; ///< boundary layer thickness, µm
  };

  /**
   * Nanocrystalline grains (phase 0) separated by amorphous boundary layers
   * of thickness t (phase 1): the dual-phase "crystal in amorphous shell"
   * structure. Grains are the cells of a power (Laguerre) diagram of seeds
   * s_i with weights r_i^2,
   *   grain(x) = argmin_i |x - s_i|^2 - r_i^2,
   * whose seeds are non-overlapping balls placed by random sequential
   * addition, with weights then fitted so that every grain (with its share
   * of the boundary layer) has the volume of an equivalent diameter drawn
   * from the grain size distribution (a capacity-constrained power
   * diagram, make_sized_cells): the grain sizes scatter as requested,
   * which a plain Voronoi diagram of random seeds cannot do. A point lies
   * in the boundary layer when
   * its distance to the nearest power bisector is below t/2. Each grain has
   * a random crystal orientation (uniform on SO(3) in 3D, about z in 2D).
   * Parameters in "Microstructure/Polycrystal".
   */
  template <int dim>
  class Polycrystal : public Interface<dim>
  {
  public:
    using Parameters = PolycrystalParameters;
    static void
    declare_parameters(dealii::ParameterHandler &prm)
    {
      Parameters::declare(prm);
    }

    Polycrystal(const Parameters         &parameters,
                const dealii::Point<dim> &size,
                const Realization        &realization);
    Polycrystal(dealii::ParameterHandler &prm,
                const dealii::Point<dim> &size,
                unsigned int              seed,
                bool                      periodic)
        : Polycrystal(parsed<Parameters>(prm), size, {seed, periodic})
    {
    }

    std::string
    name() const override
    {
      return "polycrystal";
    }
    unsigned int
    n_phases() const override
    {
      return 2;
    }
    MaterialPoint
    material_at(const dealii::Point<dim> &p) const override;
    bool
    tiles_space() const override
    {
      return periodic;
    }
    unsigned int
    n_grains() const override
    {
      return cells.diagram.n_cells() + 1;
    }
    dealii::Tensor<2, 3>
    grain_rotation(unsigned int grain) const override;
    double
    thinnest_feature() const override
    {
      return thinnest;
    }
    bool
    is_thin_phase(const unsigned int phase) const override
    {
      return phase == 1;
    }
    /// The phase fractions of the generated geometry (Monte Carlo, 2e5
    /// points): the boundary-layer fraction follows from grain size and
    /// layer thickness only approximately, so this is what the mesh is
    /// compared with.
    std::vector<double>
    requested_volume_fractions() const override
    {
      return geometric_fractions;
    }
    void
    write_statistics(JsonWriter &json) const override;

    /// The seeds (without periodic images): position, weight, grain.
    std::vector<std::tuple<dealii::Point<dim>, double, unsigned int>>
    seed_points() const
    {
      std::vector<std::tuple<dealii::Point<dim>, double, unsigned int>> r;
      for (unsigned int i = 0; i < cells.diagram.n_cells(); ++i)
        r.emplace_back(cells.diagram.site_points()[i],
                       cells.diagram.site_weights()[i],
                       i + 1);
      return r;
    }

    /// Root-mean-square relative error of the grain volumes against their
    /// drawn targets after the weight fit.
    double
    volume_fit_error() const
    {
      return cells.fit_error;
    }

    /// Equivalent diameters of the grains, each with its share of the
    /// boundary layer (lattice-counted volumes of the power cells).
    std::vector<double>
    grain_diameters() const
    {
      return diameters;
    }

    /// Thickness of the boundary layer between grains @p a and @p b (µm):
    /// the mean, or with "Boundary layer thickness CoV" > 0 a value drawn
    /// for the pair from the seed (a counter-based stream of seed and pair,
    /// so the same on every rank and independent of the order of queries).
    double
    boundary_thickness(unsigned int a, unsigned int b) const;

    /// Pairs of neighbouring grains (cells, from 0) the sampling met.
    const std::set<std::pair<unsigned int, unsigned int>> &
    neighbour_pairs() const
    {
      return boundaries;
    }

  private:
    typename PowerDiagram<dim>::Location
    locate_point(const dealii::Point<dim> &p) const;
    bool
    in_layer(const typename PowerDiagram<dim>::Location &where) const;
    /// The grain whose power cell holds @p p, and whether @p p lies in
    /// the boundary layer.
    std::pair<unsigned int, bool>
    locate(const dealii::Point<dim> &p) const;

    dealii::Point<dim>                              size;
    bool                                            periodic;
    SizeDistribution                                grain_size;
    double                                          layer; ///< mean thickness
    SizeDistribution                                layer_size;
    unsigned int                                    layer_seed    = 0;
    double                                          layer_log_var = 0.;
    double                                          thinnest      = 0.;
    std::set<std::pair<unsigned int, unsigned int>> boundaries;
    SizedCells<dim>                                 cells;
    std::vector<double>                             geometric_fractions;
    std::vector<double>                             diameters;
  };
} // namespace nanomech::Microstructure
