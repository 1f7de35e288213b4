#include "microstructure/microstructure.h"

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "microstructure/enamel.h"
#include "microstructure/homogeneous.h"
#include "microstructure/inclusion.h"
#include "microstructure/laminate.h"
#include "microstructure/nacre.h"
#include "microstructure/particles.h"
#include "microstructure/polycrystal.h"

namespace nanomech::Microstructure
{
  template <int dim>
  dealii::Tensor<2, 3>
  Interface<dim>::grain_rotation(const unsigned int) const
  {
    return dealii::Tensor<2, 3>(dealii::unit_symmetric_tensor<3>());
  }

  template <int dim>
  std::vector<double>
  Interface<dim>::interface_planes(const unsigned int) const
  {
    return {};
  }

  template <int dim>
  void
  Interface<dim>::write_statistics(JsonWriter &) const
  {
  }

  dealii::Tensor<2, 3>
  rotation_of_grain(const std::vector<dealii::Tensor<2, 3>> &rotations,
                    const unsigned int                       grain)
  {
    if (grain == 0 || grain > rotations.size())
      return dealii::Tensor<2, 3>(dealii::unit_symmetric_tensor<3>());
    return rotations[grain - 1];
  }

  void
  declare_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Microstructure");
    prm.declare_entry(
        "Type",
        "inclusion",
        dealii::Patterns::Selection("homogeneous|laminate|inclusion|nacre|"
                                    "particles|polycrystal|enamel"),
        "Microstructure family. homogeneous: phase 0 everywhere. laminate: "
        "alternating layers of phases 0 and 1. inclusion: one sphere (circle "
        "in 2D) of phase 1 in a matrix of phase 0. nacre: brick-and-mortar, "
        "tablets of phase 0 in interlayers of phase 1. particles: random "
        "non-overlapping crystalline spheres (circles) of phase 0 in an "
        "amorphous matrix, optionally with amorphous shells (core-shell). "
        "polycrystal: crystalline grains (phase 0) in amorphous boundary "
        "layers (phase 1). enamel: crystalline rods (phase 0) with amorphous "
        "shells (phase 1) in a matrix (phase 2).");
    prm.declare_entry("Seed",
                      "1",
                      dealii::Patterns::Integer(0),
                      "Seed of the random generator of stochastic "
                      "microstructures; the same seed gives the same "
                      "structure on any number of MPI ranks.");
    prm.declare_entry("Periodic",
                      "false",
                      dealii::Patterns::Bool(),
                      "Make the structure tile space: tablets, rods, grains "
                      "and particles wrap across opposite faces of the box "
                      "(needed for periodic homogenization).");
    Laminate<3>::declare_parameters(prm);
    Inclusion<3>::declare_parameters(prm);
    Nacre<3>::declare_parameters(prm);
    Particles<3>::declare_parameters(prm);
    Polycrystal<3>::declare_parameters(prm);
    Enamel<3>::declare_parameters(prm);
    prm.leave_subsection();
  }

  template <int dim>
  std::unique_ptr<Interface<dim>>
  create(dealii::ParameterHandler &prm, const dealii::Point<dim> &size)
  {
    prm.enter_subsection("Microstructure");
    const std::string               type = prm.get("Type");
    std::unique_ptr<Interface<dim>> result;
    if (type == "homogeneous")
      result = std::make_unique<Homogeneous<dim>>();
    else if (type == "laminate")
      result =
          std::make_unique<Laminate<dim>>(prm, size, prm.get_integer("Seed"));
    else if (type == "inclusion")
      result = std::make_unique<Inclusion<dim>>(prm, size);
    else if (type == "particles")
      result = std::make_unique<Particles<dim>>(prm,
                                                size,
                                                prm.get_integer("Seed"),
                                                prm.get_bool("Periodic"));
    else if (type == "enamel")
      result = std::make_unique<Enamel<dim>>(prm,
                                             size,
                                             prm.get_integer("Seed"),
                                             prm.get_bool("Periodic"));
    else if (type == "polycrystal")
      result = std::make_unique<Polycrystal<dim>>(prm,
                                                  size,
                                                  prm.get_integer("Seed"),
                                                  prm.get_bool("Periodic"));
    else if (type == "nacre")
      result = std::make_unique<Nacre<dim>>(prm,
                                            size,
                                            prm.get_integer("Seed"),
                                            prm.get_bool("Periodic"));
    prm.leave_subsection();
    require_input(result != nullptr,
                  "Microstructure/Type: unknown family '" + type + "'");
    return result;
  }

  template <int dim>
  dealii::Point<dim>
  natural_size(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Microstructure");
    const std::string  type = prm.get("Type");
    dealii::Point<dim> size;
    if (type == "nacre")
      size = Nacre<dim>::natural_size(prm);
    prm.leave_subsection();
    require_input(type == "nacre",
                  "Geometry/Size from microstructure = true: the " + type +
                      " microstructure has no natural box size; set "
                      "Geometry/Size x, y, z instead");
    return size;
  }

  template class Interface<2>;
  template class Interface<3>;
  template std::unique_ptr<Interface<2>>
  create<2>(dealii::ParameterHandler &, const dealii::Point<2> &);
  template std::unique_ptr<Interface<3>>
  create<3>(dealii::ParameterHandler &, const dealii::Point<3> &);
  template dealii::Point<2>
  natural_size<2>(dealii::ParameterHandler &);
  template dealii::Point<3>
  natural_size<3>(dealii::ParameterHandler &);
} // namespace nanomech::Microstructure
