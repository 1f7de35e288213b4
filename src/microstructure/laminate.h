#pragma once

#include "microstructure/microstructure.h"
#include "microstructure/size_distribution.h"

#include <algorithm>
#include <vector>

namespace nanomech::Microstructure
{
  /**
   * Periodic bilayers of phases 0 and 1 stacked along a normal direction:
   * each period of thickness P = L_n / n_periods holds phase 0 on
   * [0, (1-f) P) and phase 1 on [(1-f) P, P), f the volume fraction of
   * phase 1. Parameters in "Microstructure/Laminate".
   *
   * With a thickness CoV > 0 (a crystalline/amorphous nanolaminate whose
   * layers vary), the thickness of every layer is drawn from a size
   * distribution of mean (1-f) P (phase 0) or f P (phase 1), from the
   * seed; then all layers of a phase are scaled by one factor so that the
   * phase fills exactly the fraction it is given and the stack exactly
   * fills the box (so it tiles periodically and the volume fractions stay
   * exact). Every interface is a plane of interface_planes(), so the
   * tensor-product mesh passes through each one. CoV 0 is the uniform
   * laminate above.
   */
  /// The entries of "Microstructure/Laminate", parsed and checked.
  struct LaminateParameters
  {
    static void
    declare(dealii::ParameterHandler &prm);
    void
    parse(dealii::ParameterHandler &prm);

    unsigned int normal    = 1; ///< 0, 1, 2: x, y, z
    unsigned int n_periods = 4;
    double       fraction  = 0.5; ///< volume fraction of phase 1
    bool         lognormal = false;
    double       cov[2]    = {0., 0.}; ///< thickness CoV per phase
  };

  template <int dim>
  class Laminate : public Interface<dim>
  {
  public:
    using Parameters = LaminateParameters;
    static void
    declare_parameters(dealii::ParameterHandler &prm)
    {
      Parameters::declare(prm);
    }

    Laminate(const Parameters         &parameters,
             const dealii::Point<dim> &size,
             const Realization        &realization);
    Laminate(dealii::ParameterHandler &prm,
             const dealii::Point<dim> &size,
             unsigned int              seed = 1)
        : Laminate(parsed<Parameters>(prm), size, {seed, false})
    {
    }

    std::string
    name() const override
    {
      return "laminate";
    }
    unsigned int
    n_phases() const override
    {
      return 2;
    }
    MaterialPoint
    material_at(const dealii::Point<dim> &p) const override;
    std::vector<double>
    interface_planes(const unsigned int d) const override;
    double
    thinnest_feature() const override
    {
      return thinnest;
    }
    /// Both phases are layers: the thinnest of @p phase's layers.
    double
    layer_thickness(const unsigned int phase) const override
    {
      double t = length;
      for (unsigned int k = phase; k + 1 < bounds.size(); k += 2)
        t = std::min(t, bounds[k + 1] - bounds[k]);
      return t;
    }
    std::vector<double>
    requested_volume_fractions() const override;
    void
    write_statistics(JsonWriter &json) const override;

    /// Interfaces along the normal, 0 = b_0 < b_1 < ... < b_2n = L_n;
    /// layer k spans [b_k, b_k+1) and is of phase k % 2.
    const std::vector<double> &
    layer_bounds() const
    {
      return bounds;
    }

  private:
    unsigned int        normal;
    unsigned int        n_periods;
    double              fraction;        ///< volume fraction of phase 1
    double              period;          ///< µm
    double              length;          ///< box size along the normal, µm
    bool                varying = false; ///< thicknesses drawn
    SizeDistribution    thickness[2];
    std::vector<double> bounds;
    double              thinnest;
  };
} // namespace nanomech::Microstructure
