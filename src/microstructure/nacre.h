#pragma once

#include <deal.II/base/tensor.h>

#include "microstructure/microstructure.h"
#include "microstructure/power_diagram.h"
#include "microstructure/size_distribution.h"

#include <vector>

namespace nanomech::Microstructure
{
  /// The entries of "Microstructure/Nacre", parsed and checked (the
  /// checks that need the dimension or the box are the constructor's).
  struct NacreParameters
  {
    static void
    declare(dealii::ParameterHandler &prm);
    void
    parse(dealii::ParameterHandler &prm);

    SizeDistribution tablet_length, tablet_thickness;       ///< µm
    SizeDistribution interlayer_thickness, joint_thickness; ///< µm
    double           stagger            = 0.5;
    double           amplitude          = 0.; ///< waviness, µm
    double           bridge_fraction    = 0.;
    double           bridge_size        = 0.; ///< µm
    double           orientation_spread = 0.; ///< radians
    unsigned int     joint_phase        = 1;  ///< 1, or 2 for separate joints
    bool             voronoi            = false;
    /// The natural box: rows and tablets per row.
    unsigned int n_rows = 1, tablets_per_row = 1;
  };

  /**
   * Nacre-like brick-and-mortar: rows of stiff tablets (phase 0) stacked
   * along the last axis (y in 2D, z in 3D), separated by interlayers of
   * phase 1 of thickness t_i and, within a row, by joints of thickness t_j
   * (phase 1, or phase 2 with "Separate joint phase").
   * Consecutive rows are shifted by "Stagger" times the mean tablet length
   * (0.5: the classic half overlap). In 3D a row is a brick pattern of
   * rectangular tablets: strips along x, each cut into tablets along y.
   *
   * Tablet lengths (both in-plane directions in 3D) and thicknesses follow
   * size distributions, and so do the interlayers (one thickness per
   * interlayer, so they stay planes of interface_planes()) and the joints
   * (one per joint; rectangular tablets only); these thin layers are drawn
   * from streams of their own and redrawn below a quarter of their mean,
   * so that one far-tail layer does not set the refinement of the whole
   * mesh (thinnest_feature() is the thinnest drawn layer). Periodic: the
   * interlayers, and the joints of each line, are scaled together to their
   * mean, so the rows and tablets tile the box as for equal thicknesses;
   * optional mineral bridges (phase 0) cross the interlayers; optional waviness
   * displaces every interface by A sin(2 pi x / lambda). Each tablet is a grain
   * whose crystal frame is turned about the stacking axis by a random angle.
   * With "Periodic" the sizes are rescaled so that the rows and tablets tile
   * the box exactly.
   *
   * "Tablet shape = voronoi" (3D): the tablets of each layer are instead
   * the polygonal cells of a 2D power diagram in the x-y plane whose sites
   * are drawn for each layer from the seed (so the joints of successive
   * layers are uncorrelated; "Stagger" is not used), with weights fitted
   * so that each tablet (with its share of the joints) has the area of an
   * equivalent diameter drawn from the "Tablet length" distribution
   * (make_sized_cells, as the polycrystal's grains). A point of a tablet
   * layer is joint when it lies within t_j / 2 of the bisector between two
   * tablets. Interlayers stay planar.
   * Parameters in "Microstructure/Nacre"; geometry from the seed alone.
   */
  template <int dim>
  class Nacre : public Interface<dim>, private NacreParameters
  {
  public:
    using Parameters = NacreParameters;
    static void
    declare_parameters(dealii::ParameterHandler &prm)
    {
      Parameters::declare(prm);
    }
    /// The box that holds "Number of rows" x "Tablets per row" tablets of
    /// mean size (for Geometry/Size from microstructure).
    static dealii::Point<dim>
    natural_size(const Parameters &parameters);

    Nacre(const Parameters         &parameters,
          const dealii::Point<dim> &size,
          const Realization        &realization);
    Nacre(dealii::ParameterHandler &prm,
          const dealii::Point<dim> &size,
          unsigned int              seed,
          bool                      periodic)
        : Nacre(parsed<Parameters>(prm), size, {seed, periodic})
    {
    }

    std::string
    name() const override
    {
      return "nacre";
    }
    unsigned int
    n_phases() const override
    {
      return joint_phase + 1 > 2 ? joint_phase + 1 : 2;
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
      return grain_angles.size();
    }
    dealii::Tensor<2, 3>
    grain_rotation(unsigned int grain) const override;
    std::vector<double>
    interface_planes(unsigned int d) const override;
    std::vector<double>
    requested_volume_fractions() const override;
    void
    write_statistics(JsonWriter &json) const override;

    /// Thinnest layer (the thinnest drawn interlayer or joint), µm.
    double
    thinnest_feature() const override;
    bool
    is_thin_phase(const unsigned int phase) const override
    {
      return phase >= 1;
    }

  private:
    /// Tablets along one line: tablet k spans [start[k], start[k] +
    /// length[k]), followed by a joint; positions relative to the line's
    /// offset.
    struct Line
    {
      std::vector<double>       start;
      std::vector<double>       length;
      std::vector<unsigned int> grain;
      double                    offset = 0.;
    };
    struct Row
    {
      double            bottom     = 0.; ///< tablet band [bottom, bottom + t)
      double            thickness  = 0.;
      double            interlayer = 0.; ///< thickness of the one above
      Line              along_x; ///< tablets (2D) or strips (3D) along x
      std::vector<Line> along_y; ///< 3D: tablets along y in each strip
      std::vector<dealii::Point<dim>> bridges; ///< centers in the interlayer
      /// Voronoi tablets: the power diagram of the layer, its first grain.
      PowerDiagram<2> tablets;
      unsigned int    first_grain    = 0;
      double          joint_fraction = 0.; ///< of the layer's area
    };

    /// The tablet thickness of every row and the interlayer above it
    /// (into interlayers); periodic: scaled to fill the box.
    std::vector<double>
    draw_rows(unsigned int seed);
    /// Row @p r of thickness @p thickness at height @p bottom, its tablets
    /// shifted by @p step (and @p step_y in 3D) per row.
    Row
    make_row(unsigned int r,
             double       bottom,
             double       thickness,
             double       step,
             double       step_y,
             unsigned int seed);
    /// Bridges in the interlayer above @p row, at random in-plane
    /// positions, as many as give the requested area fraction.
    void
    add_bridges(Row &row, RandomStream &rng);
    /// The pitch of the tablets along a box edge of length @p L: the mean
    /// tablet length plus joint, or (periodic) L over a whole number.
    double
    pitch(double L) const;
    /// The shift between consecutive rows for a stagger @p f of pitch
    /// @p p over @p n rows (periodic: a whole fraction of the pitch).
    double
    shift(double p, unsigned int n, double f) const;

    Line
    make_line(double length, double offset, bool grains);
    /// The Voronoi tablets of a layer (Tablet shape = voronoi), from the
    /// layer's own seed.
    void
    make_voronoi_layer(Row &row, unsigned int layer_seed);
    /// Index of the tablet of @p line containing coordinate @p x (µm along
    /// the line, box coordinates), or -1 in a joint.
    int
    find_in_line(const Line &line, double x, double box_length) const;
    double
    wrap(double x, double L) const;

    dealii::Point<dim>  size;
    bool                periodic;
    unsigned int        stack;             ///< stacking axis, dim - 1
    double              interlayer, joint; ///< the thicknesses' means
    double              realized_stagger = 0.;
    double              wavelength;
    std::vector<Row>    rows;
    std::vector<double> grain_angles; ///< [0] unused (interlayer)
    SampleStatistics    length_stats, thickness_stats;
    SampleStatistics    interlayer_stats, joint_stats; ///< as drawn
    std::vector<double> interlayers; ///< per row, the one above it
    /// The streams of the tablet lengths, the joints and the tablet
    /// orientations (StreamTag), drawn from row by row.
    RandomStream     length_rng{0, StreamTag::tablet_length};
    RandomStream     joint_rng{0, StreamTag::joint_thickness};
    RandomStream     orientation_rng{0, StreamTag::tablet_orientation};
    unsigned int     n_bridges = 0;
    SampleStatistics diameter_stats;      ///< Voronoi tablets
    double           area_fit_error = 0.; ///< largest of the layers
  };
} // namespace nanomech::Microstructure
