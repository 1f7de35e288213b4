#pragma once

#include "microstructure/microstructure.h"

namespace nanomech::Microstructure
{
  /**
   * One sphere (3D) or circle (2D) of phase 1 in a matrix of phase 0:
   * Eshelby's problem, the classic check of a composite solver.
   * Parameters in "Microstructure/Inclusion".
   */
  /// The entries of "Microstructure/Inclusion", parsed.
  struct InclusionParameters
  {
    static void
    declare(dealii::ParameterHandler &prm);
    void
    parse(dealii::ParameterHandler &prm);

    double      radius = 0.25; ///< µm
    std::string center;        ///< as given; empty: the box centre
    bool        conforming = false;
  };

  template <int dim>
  class Inclusion : public Interface<dim>
  {
  public:
    using Parameters = InclusionParameters;
    static void
    declare_parameters(dealii::ParameterHandler &prm)
    {
      Parameters::declare(prm);
    }

    Inclusion(const Parameters         &parameters,
              const dealii::Point<dim> &size,
              const Realization        &realization = {});
    Inclusion(dealii::ParameterHandler &prm, const dealii::Point<dim> &size)
        : Inclusion(parsed<Parameters>(prm), size)
    {
    }

    std::string
    name() const override
    {
      return "inclusion";
    }
    unsigned int
    n_phases() const override
    {
      return 2;
    }
    MaterialPoint
    material_at(const dealii::Point<dim> &p) const override;
    std::vector<double>
    requested_volume_fractions() const override;
    void
    write_statistics(JsonWriter &json) const override;

    std::optional<Sphere<dim>>
    conforming_sphere() const override
    {
      if (!conforming)
        return std::nullopt;
      return Sphere<dim>{center, radius};
    }

  private:
    dealii::Point<dim> center;
    double             radius;
    bool               conforming = false;
    double             box_volume;
  };
} // namespace nanomech::Microstructure
