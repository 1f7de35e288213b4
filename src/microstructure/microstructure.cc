#include "microstructure/microstructure.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/symmetric_tensor.h>
#include <deal.II/base/tensor.h>

#include "base/exceptions.h"
#include "base/json_writer.h"
#include "base/named_registry.h"
#include "microstructure/registry.h"
#include "parameters/scoped_subsection.h"

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
    const ScopedSubsection subsection(prm, "Microstructure");
    std::string            help = "Microstructure family.";
    for (const Family &f : families())
      help += " " + f.name + ": " + f.description;
    prm.declare_entry("Type",
                      "inclusion",
                      dealii::Patterns::Selection(
                          NamedRegistry<Family>::selection()),
                      help);
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
    for (const Family &f : families())
      if (f.declare)
        f.declare(prm);
  }

  Realization
  parse_realization(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Microstructure");
    return {static_cast<unsigned int>(prm.get_integer("Seed")),
            prm.get_bool("Periodic")};
  }

  FamilyChoice
  parse(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Microstructure");
    FamilyChoice           choice;
    choice.family     = &family(prm.get("Type"));
    choice.parameters = choice.family->parse(prm);
    return choice;
  }

  template <int dim>
  std::unique_ptr<Interface<dim>>
  create(const FamilyChoice       &choice,
         const dealii::Point<dim> &size,
         const Realization        &realization)
  {
    if constexpr (dim == 2)
      return choice.family->create_2d(choice.parameters, size, realization);
    else
      return choice.family->create_3d(choice.parameters, size, realization);
  }

  template <int dim>
  dealii::Point<dim>
  natural_size(const FamilyChoice &choice)
  {
    require_input(choice.family->capabilities.natural_size,
                  "Geometry/Size from microstructure = true: the " +
                      choice.family->name +
                      " microstructure has no natural box size; set "
                      "Geometry/Size x, y, z instead");
    if constexpr (dim == 2)
      return choice.family->size_2d(choice.parameters);
    else
      return choice.family->size_3d(choice.parameters);
  }

  template <int dim>
  std::unique_ptr<Interface<dim>>
  create(dealii::ParameterHandler &prm,
         const dealii::Point<dim> &size,
         const Realization        &realization)
  {
    return create<dim>(parse(prm), size, realization);
  }

  template <int dim>
  std::unique_ptr<Interface<dim>>
  create(dealii::ParameterHandler &prm, const dealii::Point<dim> &size)
  {
    return create<dim>(parse(prm), size, parse_realization(prm));
  }

  template <int dim>
  dealii::Point<dim>
  natural_size(dealii::ParameterHandler &prm)
  {
    return natural_size<dim>(parse(prm));
  }

  template class Interface<2>;
  template class Interface<3>;
  template std::unique_ptr<Interface<2>>
  create<2>(dealii::ParameterHandler &, const dealii::Point<2> &);
  template std::unique_ptr<Interface<3>>
  create<3>(dealii::ParameterHandler &, const dealii::Point<3> &);
  template std::unique_ptr<Interface<2>>
  create<2>(dealii::ParameterHandler &,
            const dealii::Point<2> &,
            const Realization &);
  template std::unique_ptr<Interface<3>>
  create<3>(dealii::ParameterHandler &,
            const dealii::Point<3> &,
            const Realization &);
  template dealii::Point<2>
  natural_size<2>(dealii::ParameterHandler &);
  template dealii::Point<3>
  natural_size<3>(dealii::ParameterHandler &);
  template std::unique_ptr<Interface<2>>
  create<2>(const FamilyChoice &,
            const dealii::Point<2> &,
            const Realization &);
  template std::unique_ptr<Interface<3>>
  create<3>(const FamilyChoice &,
            const dealii::Point<3> &,
            const Realization &);
  template dealii::Point<2>
  natural_size<2>(const FamilyChoice &);
  template dealii::Point<3>
  natural_size<3>(const FamilyChoice &);
} // namespace nanomech::Microstructure
