#pragma once

#include <deal.II/base/point.h>
#include <deal.II/base/tensor.h>

#include "microstructure/microstructure.h"
#include "microstructure/particles.h"
#include "microstructure/size_distribution.h"

#include <memory>
#include <vector>

namespace nanomech::Microstructure
{
  /**
   * Enamel-like coated nanowires: aligned crystalline rods (phase 0, e.g.
   * hydroxyapatite with its c-axis along the rod) with a thin amorphous
   * shell (phase 1, e.g. ZrO2), in a matrix (phase 2). The rods run along
   * "Rod axis" (3D) or out of the plane (2D: the transverse cross-section).
   * Their cross-sections are packed hexagonally or at random without
   * overlap; rod diameters follow a size distribution. In 3D the rods can
   * be discontinuous: segments with a length distribution separated by
   * matrix gaps, with staggered ends, each segment tilted from the axis by
   * a random misalignment angle. Each segment is a grain whose crystal
   * axis 3 follows the segment, turned by a random angle about it.
   * Parameters in "Microstructure/Enamel".
   */
  template <int dim>
  class Enamel : public Interface<dim>
  {
  public:
    static void
    declare_parameters(dealii::ParameterHandler &prm);

    Enamel(dealii::ParameterHandler &prm,
           const dealii::Point<dim> &size,
           unsigned int              seed,
           bool                      periodic);

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
      return shell;
    }
    bool
    is_thin_phase(const unsigned int phase) const override
    {
      return shell > 0. && phase == 1;
    }
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
    /// two transverse axes).
    const Particles<2> &
    cross_section() const
    {
      return *section;
    }

  private:
    /// Transverse coordinates of p (the two axes other than the rod axis).
    dealii::Point<2>
    transverse(const dealii::Point<dim> &p) const;

    dealii::Point<dim>                size;
    bool                              periodic;
    unsigned int                      axis = 2; ///< rod axis (3D)
    double                            shell, gap, end_gap;
    double                            target_fraction;
    double                            misalignment; ///< radians (std)
    double                            max_drift = 0.;
    SizeDistribution                  diameter, rod_length;
    bool                              hexagonal;
    bool                              continuous = true;
    std::unique_ptr<Particles<2>>     section;
    std::vector<std::vector<Segment>> segments; ///< per rod (3D)
    std::vector<dealii::Tensor<2, 3>> rotations;
    SampleStatistics                  length_stats, misalignment_stats;
  };
} // namespace nanomech::Microstructure
