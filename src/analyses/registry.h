#pragma once

#include <deal.II/base/parameter_handler.h>

#include "analyses/analysis_base.h"
#include "parameters/command_line.h"

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace nanomech
{
  /// One analysis as the registry holds it: its name in "Analysis", its
  /// help text, its parameters and its constructors.
  struct AnalysisEntry
  {
    std::string name;
    std::string description;
    /// Declares the analysis' own subsections (may be empty).
    std::function<void(dealii::ParameterHandler &)> declare;
    std::function<std::unique_ptr<AnalysisBase<2>>(dealii::ParameterHandler &,
                                                   const CommandLine &,
                                                   MPI_Comm)>
        create_2d;
    std::function<std::unique_ptr<AnalysisBase<3>>(dealii::ParameterHandler &,
                                                   const CommandLine &,
                                                   MPI_Comm)>
        create_3d;
  };

  /// Adds @p entry (at static initialization, through
  /// NANOMECH_REGISTER_ANALYSIS); returns true.
  bool
  register_analysis(AnalysisEntry entry);

  /// Every registered analysis, ordered by name.
  const std::vector<AnalysisEntry> &
  analyses();

  /// The analysis called @p name; InputError naming the known ones if none.
  const AnalysisEntry &
  analysis(const std::string &name);

  /// Declares "Analysis" (a selection of the registered analyses) and each
  /// analysis' subsections.
  void
  declare_analysis_parameters(dealii::ParameterHandler &prm);

  /// Builds the analysis selected in "Analysis" (InputError on bad input).
  template <int dim>
  std::unique_ptr<AnalysisBase<dim>>
  create_analysis(dealii::ParameterHandler &prm,
                  const CommandLine        &command_line,
                  MPI_Comm                  comm);

  namespace internal
  {
    template <typename T, typename = void>
    struct HasAnalysisDeclare : std::false_type
    {
    };
    template <typename T>
    struct HasAnalysisDeclare<T, std::void_t<decltype(&T::declare_parameters)>>
        : std::true_type
    {
    };
  } // namespace internal

  /// The registry entry of the class template @p AnalysisClass.
  template <template <int> class AnalysisClass>
  AnalysisEntry
  make_analysis_entry(const std::string &name, const std::string &description)
  {
    AnalysisEntry e;
    e.name        = name;
    e.description = description;
    if constexpr (internal::HasAnalysisDeclare<AnalysisClass<3>>::value)
      e.declare = &AnalysisClass<3>::declare_parameters;
    e.create_2d = [](dealii::ParameterHandler &prm,
                     const CommandLine        &cl,
                     MPI_Comm                  comm) {
      return std::unique_ptr<AnalysisBase<2>>(
          std::make_unique<AnalysisClass<2>>(prm, cl, comm));
    };
    e.create_3d = [](dealii::ParameterHandler &prm,
                     const CommandLine        &cl,
                     MPI_Comm                  comm) {
      return std::unique_ptr<AnalysisBase<3>>(
          std::make_unique<AnalysisClass<3>>(prm, cl, comm));
    };
    return e;
  }
} // namespace nanomech

/// Registers the analysis @p AnalysisClass (a class template over the
/// dimension) under @p name: one line in the analysis' .cc file.
#define NANOMECH_REGISTER_ANALYSIS(AnalysisClass, name, description)         \
  namespace                                                                  \
  {                                                                          \
    const bool nanomech_registered_analysis = ::nanomech::register_analysis( \
        ::nanomech::make_analysis_entry<AnalysisClass>(name, description));  \
  }
