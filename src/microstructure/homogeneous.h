#pragma once

#include "microstructure/microstructure.h"

namespace nanomech::Microstructure
{
  /// Phase 0 everywhere: the reference for patch tests and convergence.
  template <int dim>
  class Homogeneous : public Interface<dim>
  {
  public:
    using Parameters = NoParameters;

    Homogeneous() = default;
    Homogeneous(const NoParameters &,
                const dealii::Point<dim> &,
                const Realization &)
    {
    }

    std::string
    name() const override
    {
      return "homogeneous";
    }
    unsigned int
    n_phases() const override
    {
      return 1;
    }
    MaterialPoint
    material_at(const dealii::Point<dim> &) const override
    {
      return {0, 0};
    }
    std::vector<double>
    requested_volume_fractions() const override
    {
      return {1.};
    }
  };
} // namespace nanomech::Microstructure
