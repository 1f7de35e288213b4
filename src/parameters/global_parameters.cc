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
    // "Analysis" is declared by the analysis registry (the list of
    // analyses lives there).
  }

  void
  GlobalParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    dimension = prm.get_integer("Dimension");
    fe_degree = prm.get_integer("Finite element degree");
    analysis  = prm.get("Analysis");
  }
} // namespace nanomech
