#pragma once

#include <deal.II/base/parameter_handler.h>

#include "physics/energy_split.h"

#include <array>
#include <string>
#include <vector>

namespace nanomech
{
  /**
   * The regularized crack: the dissipated energy
   *   Gc / c_w * integral( w(d) / l + l |grad d|^2 )
   * with AT2 (w = d^2, c_w = 2; damage from the first load) or AT1 (w = d,
   * c_w = 8/3; an elastic stage up to a critical stress) and the
   * degradation g(d) = (1 - k)(1 - d)^2 + k of the split-off energy psi+,
   * k a small residual stiffness (Bourdin, Francfort & Marigo, J.
   * Elasticity 91, 5, 2008; Pham, Amor, Marigo & Maurini, Int. J. Damage
   * Mech. 20, 618, 2011).
   */
  class PhaseFieldModel
  {
  public:
    enum class Type
    {
      at1,
      at2
    };

    PhaseFieldModel(Type type, double length_scale, double residual);

    Type
    type() const
    {
      return model;
    }
    double
    length_scale() const
    {
      return l;
    }
    double
    residual_stiffness() const
    {
      return k;
    }
    /// Degradation g(d).
    double
    degradation(const double d) const
    {
      return (1. - k) * (1. - d) * (1. - d) + k;
    }
    /// c_w.
    double
    normalization() const
    {
      return model == Type::at1 ? 8. / 3. : 2.;
    }
    /// w(d).
    double
    crack_density(const double d) const
    {
      return model == Type::at1 ? d : d * d;
    }
    /// Fracture energy density of damage @p d with gradient norm squared
    /// @p grad2, for toughness @p Gc: Gc / c_w (w(d)/l + l |grad d|^2).
    double
    fracture_energy_density(const double d,
                            const double grad2,
                            const double Gc) const
    {
      return Gc / normalization() * (crack_density(d) / l + l * grad2);
    }
    /// The homogeneous 1D bar (modulus E): the peak stress of the uniform
    /// solution, MPa. AT1: sqrt(3 Gc E / (8 l)) (the end of the elastic
    /// stage); AT2: (3 sqrt(3) / 16) sqrt(Gc E / l), for k = 0.
    double
    critical_stress(double E, double Gc) const;

  private:
    Type   model;
    double l;
    double k;
  };

  /// "Fracture" subsection: the model and the load stepping.
  struct FractureParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    PhaseFieldModel::Type model             = PhaseFieldModel::Type::at2;
    EnergySplit::Type     split             = EnergySplit::Type::none;
    double                length_scale      = 0.02; ///< um
    double                residual          = 1e-6; ///< k
    double                increment         = 1e-4; ///< nominal strain per step
    double                minimum_increment = 1e-8;
    double                post_peak_factor  = 0.25;
    double                damage_tolerance  = 1e-4;
    double                residual_tolerance   = 1e-6;
    unsigned int          max_staggered        = 1000;
    double                failure_fraction     = 0.05;
    unsigned int          output_every         = 10;
    bool                  adaptive             = false;
    double                refinement_threshold = 0.2;
    double                cells_per_length     = 4.;
    bool                  undamaged_grips      = true;
    /// Initial cracks: segments x0, y0, x1, y1 (µm), through the thickness
    /// in 3D.
    std::vector<std::array<double, 4>> initial_cracks;
    /// Notch for the apparent fracture toughness: "none", "single edge",
    /// "centre" or "double edge"; its length (µm, 0: from the first
    /// initial crack) and E' (MPa, 0: from the materials).
    std::string notch_geometry    = "none";
    double      notch_length      = 0.;
    double      reference_modulus = 0.;
  };
} // namespace nanomech
