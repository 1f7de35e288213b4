#pragma once

#include <deal.II/base/parameter_handler.h>

#include "physics/energy_split.h"
#include "physics/initial_cracks.h"

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace nanomech
{
  /**
   * The regularized crack: the dissipated energy
   *   Gc / c_w * integral( w(d) / l + l |grad d|^2 )
   * and the degradation g(d) of the split-off energy psi+, with k a small
   * residual stiffness:
   * - AT2: w = d^2, c_w = 2, g = (1 - k)(1 - d)^2 + k; damage from the
   *   first load (Bourdin, Francfort & Marigo, J. Elasticity 91, 5, 2008).
   * - AT1: w = d, c_w = 8/3, the same g; an elastic stage up to a critical
   *   stress set by l (Pham, Amor, Marigo & Maurini, Int. J. Damage Mech.
   *   20, 618, 2011).
   * - PF-CZM, the phase-field cohesive zone model (J.-Y. Wu, J. Mech. Phys.
   *   Solids 103, 72, 2017; Wu & Nguyen, J. Mech. Phys. Solids 119, 20,
   *   2018): w = alpha(d) = 2d - d^2, c_w = pi, and the rational
   *   g = (1 - k) omega + k,
   *     omega(d) = (1 - d)^p / ((1 - d)^p + a1 d (1 + a2 d + a2 a3 d^2)),
   *   a1 = 4 E Gc / (pi l ft^2) per phase (E its Young's modulus, ft its
   *   tensile strength), p, a2, a3 from the softening law. The damage
   *   starts when the largest principal effective stress reaches ft, the
   *   softening curve of a crack band is the chosen traction-opening law
   *   (exactly for the linear one), and both hold for any l small against
   *   the Irwin length E Gc / ft^2: strength and fracture energy are
   *   material inputs and l only a regularization.
   */
  class PhaseFieldModel
  {
  public:
    enum class Type
    {
      at1,
      at2,
      czm
    };
    /// Traction-opening laws of PF-CZM with Wu's parameters (Wu & Nguyen
    /// 2018, Table 1): linear (p = 2, a2 = -1/2, a3 = 0; exact),
    /// exponential (p = 5/2, a2 = 2^(5/3) - 3, a3 = 0) and Cornelissen,
    /// Hordijk & Reinhardt's law for concrete (Heron 31, 1986; p = 2,
    /// a2 = 1.3868, a3 = 0.6567) and Petersson's bilinear law for concrete
    /// (Report TVBM-1006, Lund 1981; p = 2, a2 = 0.03687, a3 = 20.8343,
    /// Wu & Nguyen 2018, Table 1).
    enum class Softening
    {
      linear,
      exponential,
      cornelissen,
      bilinear
    };

    PhaseFieldModel(Type      type,
                    double    length_scale,
                    double    residual,
                    Softening softening = Softening::linear);

    static std::string
    name(Type type);
    static std::string
    name(Softening softening);

    Type
    type() const
    {
      return model;
    }
    Softening
    softening() const
    {
      return law;
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
    /// Degradation g(d); @p a1 is PF-CZM's a1 of the point (unused by AT).
    double
    degradation(double d, double a1 = 0.) const;
    /// g'(d) and g''(d).
    void
    degradation_derivatives(double d, double a1, double &g1, double &g2) const;
    /// c_w.
    double
    normalization() const
    {
      return model == Type::at1 ? 8. / 3. : model == Type::at2 ? 2. : M_PI;
    }
    /// w(d).
    double
    crack_density(const double d) const
    {
      return model == Type::at1 ? d : model == Type::at2 ? d * d : d * (2. - d);
    }
    /// w'(d) and w''(d).
    void
    crack_density_derivatives(const double d, double &w1, double &w2) const
    {
      w1 = model == Type::at1 ? 1. : model == Type::at2 ? 2. * d : 2. - 2. * d;
      w2 = model == Type::at1 ? 0. : model == Type::at2 ? 2. : -2.;
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
    /// PF-CZM's a1 = 4 E Gc / (pi l ft^2) of a phase.
    double
    cohesive_a1(double E, double Gc, double ft) const;
    /// The homogeneous 1D bar (modulus E): the peak stress of the uniform
    /// solution, MPa. AT1: sqrt(3 Gc E / (8 l)) (the end of the elastic
    /// stage); AT2: (3 sqrt(3) / 16) sqrt(Gc E / l), for k = 0; PF-CZM:
    /// the tensile strength @p ft.
    double
    critical_stress(double E, double Gc, double ft = 0.) const;
    /// The traction of the softening law at crack opening @p w (um) for
    /// a phase of strength @p ft and fracture energy @p Gc, MPa: linear
    /// ft (1 - w/wc), wc = 2 Gc/ft; exponential ft exp(-ft w/Gc);
    /// Cornelissen et al.'s law with c1 = 3, c2 = 6.93, wc = 5.1361 Gc/ft;
    /// Petersson's bilinear law through ft, (0.8 Gc/ft, ft/3), (3.6 Gc/ft, 0).
    double
    softening_traction(double w, double Gc, double ft) const;

    /**
     * PF-CZM, a layer of thickness @p t (um) and toughness @p Gc_layer
     * between half-spaces of toughness @p Gc_bulk: the fracture energy
     * per unit area (J/m^2) of a crack along the layer's mid-plane, the
     * minimum of Gc(x)/pi (alpha(d)/l + l d'^2) over 1D profiles with
     * d = 1 there (mode I, the broken state). With u = 1 - d each region
     * has the first integral alpha/l - l d'^2 = const (0 in the bulk) and
     * Gc d' is continuous at the interfaces: u = k sin(x/l) in the layer,
     * k = r / sqrt(cos^2(h/l) + r^2 sin^2(h/l)), r = Gc_bulk/Gc_layer,
     * h = t/2; u = sin(phi), phi' = 1/l in the bulk. Integrated:
     * (2 Gc_layer/pi)(h/l + k^2 s c)
     *   + Gc_bulk (1 - (2/pi)(asin u_i + u_i sqrt(1 - u_i^2))),
     * s = sin(h/l), c = cos(h/l), u_i = k s; Gc_layer once t >= pi l
     * (the whole band fits in the layer). A layer thinner than about 2 l
     * dissipates more than its own Gc (twice at t = l/2 and r = 10).
     *
     * The same minimum for AT1, Gc (3/8)(d/l + l d'^2): the first integral
     * d/l - l d'^2 = K in the layer (0 in the bulk), d = (s - (x - h)/(2l))^2
     * in the bulk with s^2 = d(h); Gc d' continuous gives K l = s^2 (1 - r^2)
     * and s = (-r eta + sqrt((r^2 - 1) eta^2 + 4)) / 2, eta = h/l; the
     * energy (3 Gc_layer/(4 l))(K l h + (4 l/3)(A^3 - (r s)^3)) + Gc_bulk s^3,
     * A = sqrt(1 - K l); Gc_layer once t >= 4 l (s = 0). For AT2, Gc (d^2/l
     * + l d'^2)/2: d = cosh(x/l) + b sinh(x/l) in the layer, s e^{-(x-h)/l}
     * in the bulk; the energy is -Gc_layer b = Gc_layer (sinh eta + r cosh
     * eta) / (cosh eta + r sinh eta). (Our derivations; both match a numeric
     * minimization of the discretized 1D energy to 1e-6.)
     */
    double
    layer_fracture_energy(double t, double Gc_layer, double Gc_bulk) const;

  private:
    Type      model;
    double    l;
    double    k;
    Softening law;
    double    p = 2., a2 = -0.5, a3 = 0.;
  };

  /// "Fracture" subsection: the model and the load stepping.
  struct FractureParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    PhaseFieldModel::Type      model     = PhaseFieldModel::Type::at2;
    PhaseFieldModel::Softening softening = PhaseFieldModel::Softening::linear;
    EnergySplit::Type          split     = EnergySplit::Type::none;
    /// Relative resolution of the peak stress the load increment is
    /// refined to.
    double       peak_tolerance     = 0.005;
    double       length_scale       = 0.02; ///< um
    double       residual           = 1e-6; ///< k
    double       increment          = 1e-4; ///< nominal strain per step
    double       minimum_increment  = 1e-8;
    double       post_peak_factor   = 0.25;
    double       damage_tolerance   = 1e-4;
    double       residual_tolerance = 1e-6;
    unsigned int max_staggered      = 1000;
    /// The solver of a load step: plain alternate minimization,
    /// accelerated by Anderson mixing of the damage, or Newton's method on
    /// displacement and damage together.
    enum class StepScheme
    {
      staggered,
      anderson,
      newton
    };
    StepScheme   step_scheme    = StepScheme::staggered;
    unsigned int anderson_depth = 5;
    /// Seconds between progress lines inside a load step (0: every
    /// iteration).
    double progress_interval = 10.;
    /// After the peak: displacement control only, or dissipation control
    /// (arc length) taking over from it.
    enum class PathFollowing
    {
      none,
      dissipation
    };
    PathFollowing path_following = PathFollowing::none;
    /// The relative fall of the stress in one step that hands over.
    double path_drop = 0.1;
    /// The first dissipation increment, relative to min Gc x cross-section.
    double       dissipation_increment = 0.02;
    unsigned int target_iterations     = 20;
    /// Displacement control: increments adapted to the iterations.
    bool         adaptive_increments  = false;
    double       failure_fraction     = 0.05;
    unsigned int output_every         = 10;
    bool         adaptive             = false;
    double       refinement_threshold = 0.2;
    double       cells_per_length     = 4.;
    /// Refinement also within this many l of damaged cells.
    double refinement_band = 0.;
    bool   undamaged_grips = true;
    /// Initial cracks: segments x0, y0, x1, y1 (µm), through the thickness
    /// in 3D.
    std::vector<std::array<double, 4>> initial_cracks;
    /// Initial penny cracks (3D): discs cx, cy, cz, r (µm) normal to z.
    std::vector<std::array<double, 4>> penny_cracks;

    /// All initial cracks.
    InitialCracks
    cracks() const
    {
      return {initial_cracks, penny_cracks};
    }
    /// Pressure on the faces of the cracks (MPa), constant in the run.
    double crack_pressure = 0.;
    /// Notch for the apparent fracture toughness: "none", "single edge",
    /// "centre" or "double edge"; its length (µm, 0: from the first
    /// initial crack) and E' (MPa, 0: from the materials).
    std::string notch_geometry    = "none";
    double      notch_length      = 0.;
    double      reference_modulus = 0.;
  };
} // namespace nanomech
