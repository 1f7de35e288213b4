#pragma once

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace nanomech
{
  class JsonWriter;

  /**
   * Everything summary.json holds (see DESIGN.md, "Program contract"):
   * provenance, problem size, microstructure, solver, timings, memory and
   * the analysis' results. Result keys carry their units.
   */
  struct RunSummary
  {
    std::string        analysis;
    unsigned int       dimension   = 0;
    unsigned int       fe_degree   = 0;
    unsigned int       n_mpi_ranks = 0;
    unsigned long long n_cells     = 0;
    unsigned long long n_dofs      = 0;

    std::string                       microstructure_type;
    unsigned int                      seed = 0;
    std::vector<std::string>          phase_names;
    std::vector<double>               volume_fractions;
    std::vector<double>               requested_volume_fractions;
    std::function<void(JsonWriter &)> microstructure_statistics;

    std::string               preconditioner;
    double                    solver_tolerance = 0.;
    std::vector<unsigned int> iterations_per_solve;
    double                    amg_setup_seconds = 0.;
    double                    krylov_seconds    = 0.;

    std::vector<std::pair<std::string, double>> timing_seconds;
    double                                      peak_memory_MB_max_rank  = 0.;
    double                                      peak_memory_MB_all_ranks = 0.;

    /// The last field output (pvtu file name) and the ranges of its scalar
    /// fields as written ("fields" in summary.json; omitted if empty).
    std::string                                                fields_file;
    std::vector<std::pair<std::string, std::array<double, 2>>> field_ranges;

    /// Every warning the run printed ("warnings" in summary.json).
    std::vector<std::string> warnings;

    /// Writes the entries of the "results" object.
    std::function<void(JsonWriter &)> results;
    /// Writes further top-level entries (e.g. the loading).
    std::function<void(JsonWriter &)> extra;

    std::string
    to_json() const;
  };
} // namespace nanomech
