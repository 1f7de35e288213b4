#pragma once

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>

#include "microstructure/microstructure.h"

#include <any>
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

  /**
   * One family as the registry holds it: its name in Microstructure/Type,
   * its help text, capabilities, and the three steps that make a
   * structure: declare (the family's subsection), parse (its entries into
   * the family's parameter object, checked), construct (a realization of
   * the parsed parameters in a box, with a seed passed in).
   */
  struct Family
  {
    std::string  name;
    std::string  description;
    Capabilities capabilities;
    /// Declares the family's subsection inside "Microstructure".
    std::function<void(dealii::ParameterHandler &)> declare;
    /// Parses the family's subsection (the handler inside
    /// "Microstructure") into its parameter object; InputError if bad.
    std::function<std::any(dealii::ParameterHandler &)> parse;
    /// A realization of the parsed parameters in the box [0, size].
    std::function<std::unique_ptr<Interface<2>>(const std::any &,
                                                const dealii::Point<2> &,
                                                const Realization &)>
        create_2d;
    std::function<std::unique_ptr<Interface<3>>(const std::any &,
                                                const dealii::Point<3> &,
                                                const Realization &)>
        create_3d;
    /// The family's own box from its parameters; empty unless
    /// capabilities.natural_size.
    std::function<dealii::Point<2>(const std::any &)> size_2d;
    std::function<dealii::Point<3>(const std::any &)> size_3d;
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
    struct HasNaturalSize : std::false_type
    {
    };
    template <typename T>
    struct HasNaturalSize<T, std::void_t<decltype(&T::natural_size)>>
        : std::true_type
    {
    };
  } // namespace internal

  /**
   * The registry entry of the class template @p FamilyClass, which names
   * its parameter object `Parameters` (a struct with
   * `static void declare(prm)` and `void parse(prm)`, both with the
   * handler inside "Microstructure") and has the constructor
   * (const Parameters &, const Point<dim> &size, const Realization &);
   * a `static natural_size(const Parameters &)` is found by itself.
   */
  template <template <int> class FamilyClass>
  Family
  make_family(const std::string  &name,
              const std::string  &description,
              const Capabilities &capabilities)
  {
    using P = typename FamilyClass<3>::Parameters;
    static_assert(std::is_same_v<P, typename FamilyClass<2>::Parameters>,
                  "a family's parameters do not depend on the dimension");
    Family f;
    f.name         = name;
    f.description  = description;
    f.capabilities = capabilities;
    f.declare      = &P::declare;
    f.parse        = [](dealii::ParameterHandler &prm) {
      P p;
      p.parse(prm);
      return std::any(p);
    };
    f.create_2d = [](const std::any         &p,
                     const dealii::Point<2> &size,
                     const Realization      &r) {
      return std::unique_ptr<Interface<2>>(std::make_unique<FamilyClass<2>>(
          std::any_cast<const P &>(p), size, r));
    };
    f.create_3d = [](const std::any         &p,
                     const dealii::Point<3> &size,
                     const Realization      &r) {
      return std::unique_ptr<Interface<3>>(std::make_unique<FamilyClass<3>>(
          std::any_cast<const P &>(p), size, r));
    };
    if constexpr (internal::HasNaturalSize<FamilyClass<3>>::value)
      {
        f.capabilities.natural_size = true;
        f.size_2d                   = [](const std::any &p) {
          return FamilyClass<2>::natural_size(std::any_cast<const P &>(p));
        };
        f.size_3d = [](const std::any &p) {
          return FamilyClass<3>::natural_size(std::any_cast<const P &>(p));
        };
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
