#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include "microstructure/microstructure.h"

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace nanomech::Microstructure
{
  /// What a family can do, for the code that must know: asked here instead
  /// of testing the family's type or keeping lists of names.
  struct Capabilities
  {
    /// Its geometry is drawn from the seed (ensembles of realizations).
    bool stochastic = false;
    /// It honours Microstructure/Periodic (wraps its objects across the
    /// faces, as periodic homogenization needs).
    bool periodic = false;
    /// It has a box of its own (Geometry/Size from microstructure).
    bool natural_size = false;
  };

  /// One family as the registry holds it: its name in Microstructure/Type,
  /// its help text, capabilities and the steps that make it.
  struct Family
  {
    std::string  name;
    std::string  description;
    Capabilities capabilities;
    /// Declares the family's subsection inside "Microstructure" (may be
    /// empty: a family without parameters).
    std::function<void(dealii::ParameterHandler &)> declare;
    /// Construct from the handler (inside "Microstructure"), the box, and
    /// the realization (seed and periodicity, passed in).
    std::function<std::unique_ptr<Interface<2>>(dealii::ParameterHandler &,
                                                const dealii::Point<2> &,
                                                const Realization &)>
        create_2d;
    std::function<std::unique_ptr<Interface<3>>(dealii::ParameterHandler &,
                                                const dealii::Point<3> &,
                                                const Realization &)>
        create_3d;
    /// The family's own box (inside "Microstructure"); empty unless
    /// capabilities.natural_size.
    std::function<dealii::Point<2>(dealii::ParameterHandler &)> size_2d;
    std::function<dealii::Point<3>(dealii::ParameterHandler &)> size_3d;
  };

  /// Adds @p family to the registry (at static initialization, through
  /// NANOMECH_REGISTER_MICROSTRUCTURE); returns true.
  bool
  register_family(Family family);

  /// Every registered family, ordered by name.
  const std::vector<Family> &
  families();

  /// The family called @p name; InputError naming the known ones if none.
  const Family &
  family(const std::string &name);

  namespace internal
  {
    template <typename T, typename = void>
    struct HasDeclare : std::false_type
    {
    };
    template <typename T>
    struct HasDeclare<T, std::void_t<decltype(&T::declare_parameters)>>
        : std::true_type
    {
    };
    template <typename T, typename = void>
    struct HasNaturalSize : std::false_type
    {
    };
    template <typename T>
    struct HasNaturalSize<T, std::void_t<decltype(&T::natural_size)>>
        : std::true_type
    {
    };

    /// Constructs FamilyClass<dim> with the arguments its constructor
    /// takes: (prm, size, seed, periodic), (prm, size, seed), (prm, size)
    /// or ().
    template <template <int> class FamilyClass, int dim>
    std::unique_ptr<Interface<dim>>
    construct(dealii::ParameterHandler &prm,
              const dealii::Point<dim> &size,
              const Realization        &r)
    {
      using F = FamilyClass<dim>;
      using P = dealii::ParameterHandler &;
      using S = const dealii::Point<dim> &;
      if constexpr (std::is_constructible_v<F, P, S, unsigned int, bool>)
        return std::make_unique<F>(prm, size, r.seed, r.periodic);
      else if constexpr (std::is_constructible_v<F, P, S, unsigned int>)
        return std::make_unique<F>(prm, size, r.seed);
      else if constexpr (std::is_constructible_v<F, P, S>)
        return std::make_unique<F>(prm, size);
      else
        return std::make_unique<F>();
    }
  } // namespace internal

  /// The registry entry of the class template @p FamilyClass.
  template <template <int> class FamilyClass>
  Family
  make_family(const std::string  &name,
              const std::string  &description,
              const Capabilities &capabilities)
  {
    Family f;
    f.name         = name;
    f.description  = description;
    f.capabilities = capabilities;
    if constexpr (internal::HasDeclare<FamilyClass<3>>::value)
      f.declare = &FamilyClass<3>::declare_parameters;
    f.create_2d = &internal::construct<FamilyClass, 2>;
    f.create_3d = &internal::construct<FamilyClass, 3>;
    if constexpr (internal::HasNaturalSize<FamilyClass<3>>::value)
      {
        f.capabilities.natural_size = true;
        f.size_2d                   = &FamilyClass<2>::natural_size;
        f.size_3d                   = &FamilyClass<3>::natural_size;
      }
    return f;
  }
} // namespace nanomech::Microstructure

/// Registers the microstructure family @p FamilyClass (a class template
/// over the dimension) under @p name: one line in the family's .cc file.
#define NANOMECH_REGISTER_MICROSTRUCTURE(FamilyClass,             \
                                         name,                    \
                                         description,             \
                                         capabilities)            \
  namespace                                                       \
  {                                                               \
    const bool nanomech_registered_family =                       \
        ::nanomech::Microstructure::register_family(              \
            ::nanomech::Microstructure::make_family<FamilyClass>( \
                name,                                             \
                description,                                      \
                capabilities));                                   \
  }
