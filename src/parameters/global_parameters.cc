#include "parameters/global_parameters.h"

namespace nanomech
{
  void
  GlobalParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    prm.declare_entry("Dimension",
                      "2",
                      Patterns::Integer(2, 3),
                      "Space dimension: 2 (plane strain) or 3.");
    prm.declare_entry("Finite element degree",
                      "1",
                      Patterns::Integer(1, 2),
                      "Polynomial degree of the displacement (Q1 or Q2).");
    prm.declare_entry(
        "Analysis",
        "elastic test",
        Patterns::Selection("elastic test|homogenization|fracture"),
        "elastic test: one displacement-controlled load (see Loading) on the "
        "specimen; reports reaction force, average stress and strain and the "
        "apparent modulus. homogenization: the effective stiffness tensor of "
        "the box as a representative volume element (see Homogenization). "
        "fracture: phase-field fracture under displacement control up to "
        "failure; strength, toughness and crack paths (see Fracture and "
        "Loading).");
  }

  void
  GlobalParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    dimension = prm.get_integer("Dimension");
    fe_degree = prm.get_integer("Finite element degree");
    analysis  = prm.get("Analysis");
  }
} // namespace nanomech
