#include "output/summary.h"

#include "base/git_info.h"
#include "base/json_writer.h"
#include "output/units_table.h"

#include <sstream>

namespace nanomech
{
  std::string
  RunSummary::to_json() const
  {
    std::ostringstream s;
    JsonWriter         json(s);
    json.begin_object();
    json.value("program", "nanomech");
    json.value("version", version());
    json.value("git_commit", git_commit());
    json.value("analysis", analysis);
    json.value("dimension", dimension);
    json.value("fe_degree", fe_degree);
    json.value("n_mpi_ranks", n_mpi_ranks);
    json.value("n_cells", n_cells);
    json.value("n_dofs", n_dofs);
    json.begin_object("units");
    json.value("length", "um");
    json.value("stress", "MPa");
    json.value("force", dimension == 3 ? "uN" : "N/m (per unit thickness)");
    json.value("energy", dimension == 3 ? "pJ" : "uJ/m (per unit thickness)");
    json.raw("key_suffixes", units_table_json());
    json.end_object();
    json.value("warnings", warnings);

    json.begin_object("microstructure");
    json.value("type", microstructure_type);
    json.value("seed", seed);
    json.begin_array("phase_names");
    for (const auto &n : phase_names)
      json.value("", n);
    json.end_array();
    json.value("volume_fractions", volume_fractions);
    json.value("requested_volume_fractions", requested_volume_fractions);
    if (microstructure_statistics)
      {
        json.begin_object("statistics");
        microstructure_statistics(json);
        json.end_object();
      }
    json.end_object();

    json.begin_object("solver");
    json.value("method", preconditioner == "direct" ? "direct" : "cg");
    json.value("preconditioner", preconditioner);
    json.value("relative_tolerance", solver_tolerance);
    json.value("iterations_per_solve", iterations_per_solve);
    json.value("amg_setup_seconds", amg_setup_seconds);
    json.value("krylov_seconds", krylov_seconds);
    json.end_object();

    if (extra)
      extra(json);

    if (!fields_file.empty())
      {
        json.begin_object("fields");
        json.value("last_file", fields_file);
        for (const auto &[name, range] : field_ranges)
          {
            // Stresses in MPa; damage and the like have no unit.
            const bool stress =
                name.find("stress") != std::string::npos || name == "von_mises";
            json.value(name + "_range" + (stress ? "_MPa" : ""),
                       std::vector<double>{range[0], range[1]});
          }
        json.end_object();
      }

    json.begin_object("timing_seconds");
    for (const auto &[name, seconds] : timing_seconds)
      json.value(name, seconds);
    json.end_object();
    json.begin_object("memory");
    json.value("peak_resident_MB_max_rank", peak_memory_MB_max_rank);
    json.value("peak_resident_MB_all_ranks", peak_memory_MB_all_ranks);
    json.end_object();

    json.begin_object("results");
    if (results)
      results(json);
    json.end_object();
    json.end_object();
    return s.str();
  }
} // namespace nanomech
