#include "parameters/global_parameters.h"

#include "base/exceptions.h"

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
        "Element formulation",
        "auto",
        Patterns::Selection("auto|full integration|B-bar"),
        "Q1 cells along a loading path with Newton's method (plastic "
        "phases): B-bar takes the cell's mean volumetric strain at every "
        "point (Hughes 1980; what Abaqus' C3D8 and CPE4 do), so that "
        "nearly incompressible plastic flow does not lock and limit loads "
        "are not overestimated; full integration: the pointwise strain. "
        "auto: B-bar for Q1 with plastic phases, full integration "
        "otherwise (Q2 is always fully integrated).");
    // "Analysis" is declared by the analysis registry (the list of
    // analyses lives there).
  }

  void
  GlobalParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    dimension           = prm.get_integer("Dimension");
    fe_degree           = prm.get_integer("Finite element degree");
    element_formulation = prm.get("Element formulation");
    require_input(element_formulation != "B-bar" || fe_degree == 1,
                  "Element formulation = B-bar is a Q1 element (the mean "
                  "dilatation of a cell); set Finite element degree = 1 or "
                  "Element formulation = auto");
    analysis = prm.get("Analysis");
  }
} // namespace nanomech
