#include "analyses/registry.h"

#include "base/named_registry.h"

namespace nanomech
{
  bool
  register_analysis(AnalysisEntry e)
  {
    return NamedRegistry<AnalysisEntry>::add(std::move(e));
  }

  const std::vector<AnalysisEntry> &
  analyses()
  {
    return NamedRegistry<AnalysisEntry>::all();
  }

  const AnalysisEntry &
  analysis(const std::string &name)
  {
    return NamedRegistry<AnalysisEntry>::get(name, "Analysis", "analysis");
  }

  void
  declare_analysis_parameters(dealii::ParameterHandler &prm)
  {
    std::string help;
    for (const AnalysisEntry &e : analyses())
      help += (help.empty() ? "" : " ") + e.name + ": " + e.description;
    prm.declare_entry("Analysis",
                      "elastic test",
                      dealii::Patterns::Selection(
                          NamedRegistry<AnalysisEntry>::selection()),
                      help);
    for (const AnalysisEntry &e : analyses())
      if (e.declare)
        e.declare(prm);
  }

  template <int dim>
  std::unique_ptr<AnalysisBase<dim>>
  create_analysis(dealii::ParameterHandler &prm,
                  const CommandLine        &command_line,
                  MPI_Comm                  comm)
  {
    const AnalysisEntry &e = analysis(prm.get("Analysis"));
    if constexpr (dim == 2)
      return e.create_2d(prm, command_line, comm);
    else
      return e.create_3d(prm, command_line, comm);
  }

  template std::unique_ptr<AnalysisBase<2>>
  create_analysis<2>(dealii::ParameterHandler &, const CommandLine &, MPI_Comm);
  template std::unique_ptr<AnalysisBase<3>>
  create_analysis<3>(dealii::ParameterHandler &, const CommandLine &, MPI_Comm);
} // namespace nanomech
