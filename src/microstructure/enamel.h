#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include "microstructure/microstructure.h"
#include "microstructure/particles.h"
#include "microstructure/power_diagram.h"
#include "microstructure/size_distribution.h"

#include <memory>
#include <vector>

namespace nanomech::Microstructure
{
  /// A rotation whose third column is the unit vector @p d (crystal axis
  /// 3 along d), turned by @p psi about d.
  dealii::Tensor<2, 3>
  frame_along(const dealii::Tensor<1, 3> &d, double psi);

  /// The entries of "Microstructure/Enamel", parsed and checked (the
  /// checks that need the dimension or the box are the constructor's).
  struct EnamelParameters
  {
    static void
    declare(dealii::ParameterHandler &prm);
    void
    parse(dealii::ParameterHandler &prm);

    SizeDistribution diameter;              ///< rod diameter, µm
    SizeDistribution rod_length;            ///< discontinuous rods, µm
    bool             continuous = true;     ///< Rod length = 0
    SizeDistribution shell_thickness;       ///< one per rod, µm
    double           target_fraction = 0.5; ///< rods and shells
    bool             hexagonal       = true;
    double           gap = 0., end_gap = 0.; ///< µm
    unsigned int     axis         = 2;       ///< rod axis (3D)
    double           misalignment = 0.;      ///< radians (std)
    unsigned int     max_attempts = 1000;
    bool             with_bundles = false;
    SizeDistribution bundle_diameter;       ///< µm
    double           requested_tilt = 0.;   ///< radians
    bool             alternating    = true; ///< bundle tilt azimuths
    double           sheath         = 0.;   ///< µm
  };

  /**
   * Enamel-like coated nanowires: aligned crystalline rods (phase 0, e.g.
   * hydroxyapatite with its c-axis along the rod) with a thin amorphous
   * shell (phase 1, e.g. ZrO2), in a matrix (phase 2). The rods run along
   * "Rod axis" (3D) or out of the plane (2D: the transverse cross-section).
   * Their cross-sections are packed hexagonally or at random without
   * overlap; rod diameters and shell thicknesses (one per rod, at least a
   * quarter of the mean) follow size distributions; a rod's shell follows
   * it through all its segments. In 3D the rods can
   * be discontinuous: segments with a length distribution separated by
   * matrix gaps, with staggered ends, each segment tilted from the axis by
   * a random misalignment angle. Each segment is a grain whose crystal
   * axis 3 follows the segment, turned by a random angle about it.
   * Parameters in "Microstructure/Enamel".
   *
   * Bundles (prisms, 3D, continuous rods): with "Bundle diameter" > 0 the
   * cross-section is divided into bundles, the cells of a 2D power diagram
   * with equivalent diameters from that distribution (make_sized_cells).
   * The rods of bundle b run along their own axis a_b, tilted from the rod
   * axis by "Bundle tilt" towards azimuth phi_b: alternating (phi = 0 and
   * 180 degrees about the first transverse axis in bands one bundle
   * diameter wide along the second, like the decussating prisms of
   * Hunter-Schreger bands) or random. Each bundle has its own rod packing
   * in the plane normal to a_b, and its rods are clipped at the bundle
   * walls (vertical prisms): matrix within half the "Bundle sheath
   * thickness" of a wall (the interprismatic sheath), a shell cap of Shell
   * thickness where a rod meets the sheath. Rods of different bundles are
   * therefore apart by at least the sheath plus two shells. Periodic: a
   * tilted rod must meet itself across the box along the rod axis, so tan
   * of the tilt must be m L_u / L_axis (m whole, L_u the box along the
   * first transverse axis); the tilt is set to the nearest such value and
   * refused if that is more than half a degree away; only alternating
   * azimuths tile.
   */
  template <int dim>
  class Enamel : public Interface<dim>, private EnamelParameters
  {
  public:
    using Parameters = EnamelParameters;
    static void
    declare_parameters(dealii::ParameterHandler &prm)
    {
      Parameters::declare(prm);
    }

    Enamel(const Parameters         &parameters,
           const dealii::Point<dim> &size,
           const Realization        &realization);
    Enamel(dealii::ParameterHandler &prm,
           const dealii::Point<dim> &size,
           unsigned int              seed,
           bool                      periodic)
        : Enamel(parsed<Parameters>(prm), size, {seed, periodic})
    {
    }

    std::string
    name() const override
    {
      return "enamel";
    }
    unsigned int
    n_phases() const override
    {
      return 3;
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
      return rotations.size() + 1;
    }
    dealii::Tensor<2, 3>
    grain_rotation(unsigned int grain) const override;
    double
    thinnest_feature() const override
    {
      // With bundles the sheath between rods of neighbouring bundles too.
      // The thinnest drawn shell (at least a quarter of the mean).
      const double thin_shell = shell > 0. ? thinnest_shell : 0.;
      if (bundles.empty() || (shell > 0. && thin_shell < sheath))
        return thin_shell;
      return sheath;
    }
    bool
    is_thin_phase(const unsigned int phase) const override
    {
      return shell > 0. && phase == 1;
    }
    /// The fractions of the structure as placed: the rods' share of the
    /// cross-section times the axial fill of their segments (with bundles:
    /// Monte Carlo over the generated geometry). The Rod volume fraction is
    /// reached up to about one rod; write_statistics reports both.
    std::vector<double>
    requested_volume_fractions() const override;
    void
    write_statistics(JsonWriter &json) const override;

    /// One straight piece of a rod.
    struct Segment
    {
      double               start, length; ///< along the axis
      dealii::Tensor<1, 3> direction;     ///< unit, near the axis
      unsigned int         grain;
    };

    /// The segments of rod @p j (one for continuous rods).
    const std::vector<Segment> &
    rod_segments(const unsigned int j) const
    {
      return segments[j];
    }

    /// The rods' cross-section (centers and core radii in the plane of the
    /// two transverse axes); without bundles only.
    const Particles<2> &
    cross_section() const
    {
      return *section;
    }

    /// A bundle of parallel rods (Bundle diameter > 0).
    struct Bundle
    {
      double               tilt = 0., azimuth = 0.; ///< radians
      dealii::Tensor<1, 3> direction;               ///< unit rod axis
      /// The rods in the plane normal to the direction (periodic packing).
      std::shared_ptr<const Particles<2>> rods;
      unsigned int                        first_grain          = 1;
      unsigned int                        n_rods_at_mid_height = 0;
      double                              equivalent_diameter  = 0.;
    };
    const std::vector<Bundle> &
    bundle_list() const
    {
      return bundles;
    }
    /// The bundle holding @p p and the distance of p from its wall (µm).
    std::pair<unsigned int, double>
    bundle_at(const dealii::Point<dim> &p) const;

  private:
    std::unique_ptr<Particles<2>>
    pack(const dealii::Point<2> &box,
         bool                    periodic_packing,
         unsigned int            seed,
         unsigned int            max_attempts) const;
    void
    make_bundles(const dealii::Point<2> &section_size,
                 unsigned int            seed,
                 unsigned int            max_attempts,
                 bool                    alternating,
                 double                  tilt);
    /// The tilt of the bundles: @p tilt_in, or with a periodic box the
    /// nearest tilt whose rods meet themselves across it (InputError if
    /// that is more than half a degree off); @p Lu the section's first
    /// transverse edge (enamel_bundles.cc, as all of the bundles).
    double
    periodic_tilt(double Lu, double tilt_in) const;
    /// Rods per bundle (distinct cores at mid-height) and the phase
    /// fractions of the geometry (Monte Carlo, a deterministic sequence).
    void
    measure_bundles(const dealii::Point<2> &section_size, unsigned int seed);
    /// The segments of every rod along the axis (discontinuous rods, with
    /// misalignment), their tilts and crystal frames.
    void
    make_segments(unsigned int seed);
    MaterialPoint
    material_in_bundles(const dealii::Point<dim> &p) const;
    /// Adds the shells of a packing to the shell statistics and extremes.
    void
    note_shells(const Particles<2> &rods);

    /// Transverse coordinates of p (the two axes other than the rod axis).
    dealii::Point<2>
    transverse(const dealii::Point<dim> &p) const;

    dealii::Point<dim>                size;
    bool                              periodic;
    double                            shell; ///< mean shell thickness
    double                            thinnest_shell = 1e300;
    double                            thickest_shell = 0.;
    SampleStatistics                  shell_stats;
    double                            max_drift = 0.;
    std::unique_ptr<Particles<2>>     section;
    dealii::Point<2>                  section_box; ///< its size, µm
    std::vector<std::vector<Segment>> segments;    ///< per rod (3D)
    std::vector<dealii::Tensor<2, 3>> rotations;
    SampleStatistics                  length_stats, misalignment_stats;
    PowerDiagram<2>                   bundle_cells;
    std::vector<Bundle>               bundles;
    std::vector<double>               geometric_fractions;
  };
} // namespace nanomech::Microstructure
