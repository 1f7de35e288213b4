#pragma once

#include "microstructure/microstructure.h"

#include <algorithm>

namespace nanomech::Microstructure
{
  /**
   * Periodic bilayers of phases 0 and 1 stacked along a normal direction:
   * each period of thickness P = L_n / n_periods holds phase 0 on
   * [0, (1-f) P) and phase 1 on [(1-f) P, P), f the volume fraction of
   * phase 1. Parameters in "Microstructure/Laminate".
   */
  template <int dim>
  class Laminate : public Interface<dim>
  {
  public:
    static void
    declare_parameters(dealii::ParameterHandler &prm);

    Laminate(dealii::ParameterHandler &prm, const dealii::Point<dim> &size);

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
      return std::min(fraction, 1. - fraction) * period;
    }
    std::vector<double>
    requested_volume_fractions() const override;
    void
    write_statistics(JsonWriter &json) const override;

  private:
    unsigned int normal;
    unsigned int n_periods;
    double       fraction; ///< volume fraction of phase 1
    double       period;   ///< µm
  };
} // namespace nanomech::Microstructure
