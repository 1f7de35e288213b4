#include "analyses/analysis_base.h"
#include "parameters/parameter_reader.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/utilities.h>

#include "base/exceptions.h"
#include "base/file_io.h"
#include "base/git_info.h"
#include "base/output_lock.h"
#include "mesh/gmsh_mesh.h"
#include "output/field_output.h"
#include "physics/elastic_problem.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <unistd.h>

namespace nanomech
{
  using namespace dealii;

  template <int dim>
  AnalysisBase<dim>::AnalysisBase(ParameterHandler  &prm,
                                  const CommandLine &command_line,
                                  const MPI_Comm     comm)
      : comm(comm)
      , pcout(std::cout, Utilities::MPI::this_mpi_process(comm) == 0)
      , prm(prm)
      , command_line(command_line)
      , triangulation(comm)
      , total_timer(comm, true)
  {
    global.parse_parameters(prm);
    geometry.parse_parameters(prm, dim);
    materials.parse_parameters(prm);
    solver_parameters.parse_parameters(prm);
    output.parse_parameters(prm, command_line.parameter_file);
    if (!command_line.output_dir.empty())
      output.directory = command_line.output_dir;
    // The parse step of the microstructure, once: every realization is
    // constructed from it.
    realization = Microstructure::parse_realization(prm);
    family      = Microstructure::parse(prm);
    if (!geometry.mesh_file.empty())
      {
        require_input(!geometry.size_from_microstructure,
                      "Geometry/Size from microstructure and Geometry/Mesh "
                      "file exclude each other: a mesh file sets the size");
        const auto box =
            gmsh_bounding_box<dim>(geometry.mesh_file, &mesh_boundaries);
        for (unsigned int d = 0; d < dim; ++d)
          geometry.size[d] = box.second[d] - box.first[d];
      }
    if (geometry.size_from_microstructure)
      {
        const Point<dim> size = Microstructure::natural_size<dim>(family);
        for (unsigned int d = 0; d < dim; ++d)
          geometry.size[d] = size[d];
      }
    microstructure = make_microstructure(realization.seed);
    if (microstructure->conforming_sphere())
      {
        // Per-point material in cells that are never cut; a laminate there
        // would be judged from the straight-sided image of a curved cell.
        require_input(!geometry.laminate_cut_cells,
                      "Geometry/Material of cut cells = laminate: the "
                      "conforming inclusion mesh has no cut cells; set it to "
                      "sampled or set Microstructure/Inclusion/Conforming "
                      "mesh = false");
        require_input(geometry.mesh_file.empty(),
                      "Microstructure/Inclusion/Conforming mesh = true makes "
                      "its own mesh of the box; it cannot be used with "
                      "Geometry/Mesh file = '" +
                          geometry.mesh_file + "'");
      }
    check_size();
    // Another run writing into the output directory is refused now, not
    // after the set-up (prepare_output() takes the lock for good).
    OutputLock::check_free(output.directory, comm);
  }

  template <int dim>
  void
  AnalysisBase<dim>::require_mesh_boundary(const unsigned int id,
                                           const std::string &entry) const
  {
    if (geometry.mesh_file.empty() || mesh_boundaries.count(id) > 0)
      return;
    std::string tags;
    for (const auto &b : mesh_boundaries)
      if (b.first != 0)
        tags += (tags.empty() ? "" : ", ") + std::to_string(b.first);
    throw InputError("Geometry/Mesh file '" + geometry.mesh_file +
                     "' has no boundary with physical tag " +
                     std::to_string(id) + " (" + entry + "); " +
                     (tags.empty() ?
                          std::string("its boundary has no physical tags: tag "
                                      "the grips in gmsh (Physical Curve or "
                                      "Physical Surface)") :
                          "its boundary tags are " + tags));
  }

  template <int dim>
  unsigned int
  AnalysisBase<dim>::boundary_plane_axis(const unsigned int id,
                                         const std::string &entry) const
  {
    const char *xyz = "xyz";
    if (geometry.mesh_file.empty())
      {
        require_input(id < 2 * dim,
                      entry + ": boundary " + std::to_string(id) +
                          " is not a face of the box (ids 0 to " +
                          std::to_string(2 * dim - 1) +
                          ": 2a for x_a = 0, 2a+1 for x_a = L_a)");
        return id / 2;
      }
    require_mesh_boundary(id, entry);
    const Box<dim> &box = mesh_boundaries.at(id);
    // Flat to round-off of the specimen's size.
    const double tol = 1e-9 * geometry.template size_point<dim>().norm();
    for (unsigned int a = 0; a < dim; ++a)
      if (box.second[a] - box.first[a] <= tol)
        return a;
    std::ostringstream s;
    s << entry << ": the boundary with physical tag " << id << " of '"
      << geometry.mesh_file << "' is not a plane normal to ";
    for (unsigned int a = 0; a < dim; ++a)
      s << (a == 0 ? "" : a + 1 == dim ? " or " : ", ") << xyz[a];
    s << " (its faces span " << box.first << " to " << box.second
      << "); a roller holds the normal displacement of a flat face";
    throw InputError(s.str());
  }

  template <int dim>
  void
  AnalysisBase<dim>::parse_loading(LoadingParameters &loading) const
  {
    loading.parse_parameters(prm, dim, !geometry.mesh_file.empty());
    if (loading.type == LoadingParameters::Type::pressure)
      require_mesh_boundary(loading.pressure_boundary,
                            "Loading/Pressure boundary");
    else
      require_mesh_boundary(loading.moved_boundary, "Loading/Moved boundary");
    if (loading.has_fixed_boundary())
      require_mesh_boundary(loading.fixed_boundary, "Loading/Fixed boundary");
    loading.roller_axes.clear();
    for (const unsigned int id : loading.roller_boundaries)
      loading.roller_axes.push_back(
          boundary_plane_axis(id, "Loading/Roller boundaries"));
  }

  template <int dim>
  bool
  AnalysisBase<dim>::has_plastic_phase() const
  {
    for (unsigned int p = 0; p < microstructure->n_phases(); ++p)
      if (materials.phase(p).plastic.active())
        return true;
    return false;
  }

  template <int dim>
  bool
  AnalysisBase<dim>::mean_dilatation() const
  {
    const std::string &formulation = global.element_formulation;
    if (formulation != "auto" || global.fe_degree != 1)
      return formulation == "B-bar";
    return has_plastic_phase();
  }

  template <int dim>
  void
  AnalysisBase<dim>::refuse_plasticity(const std::string &analysis) const
  {
    require_input(global.element_formulation != "B-bar",
                  "Element formulation = B-bar: Analysis = " + analysis +
                      " has no B-bar elements (the elastic test along a "
                      "loading path has); set it to auto");
    for (unsigned int p = 0; p < microstructure->n_phases(); ++p)
      require_input(!materials.phase(p).plastic.active(),
                    "Materials/Phase " + std::to_string(p) +
                        "/Plasticity: Analysis = " + analysis +
                        " does not carry plastic phases yet (Analysis = "
                        "elastic test does); set Plasticity = none");
  }

  template <int dim>
  void
  AnalysisBase<dim>::check_size() const
  {
    // A gmsh specimen and the conforming inclusion mesh are not the box of
    // Geometry/Cells.
    if (!geometry.mesh_file.empty() || microstructure->conforming_sphere())
      return;
    // A lower bound of what the box mesh needs: its cells before the
    // refinement at interfaces and thin layers, and of the memory only the
    // stiffness matrix: 8 bytes of value and 4 of column index for each of
    // the dim (p+2)^dim entries of an average row (in 1D a vertex of Q_p
    // couples to 2p+1 nodes, an interior node to p+1, on average p+2; the
    // tensor product gives the rest). Refused only when even that cannot
    // fit, so no run that fits is refused.
    // Along each axis the cells of the box grid, which also has a cell
    // between any two interface planes of the microstructure (nacre's
    // mineral bridges in 2D: two planes each).
    double      cells = 1.;
    std::string by_interfaces;
    for (unsigned int d = 0; d < dim; ++d)
      {
        const double grid = box_cells_along(geometry, *microstructure, d);
        if (grid > geometry.cells[d])
          {
            std::ostringstream s;
            s << ", and " << grid << " cells across "
              << "xyz"[d] << " for the microstructure's interfaces";
            by_interfaces += s.str();
          }
        cells *= grid * std::pow(2., geometry.global_refinements);
      }
    const double p         = global.fe_degree;
    const double dofs      = dim * cells * std::pow(p, dim);
    const double bytes     = dofs * std::pow(p + 2., dim) * dim * 12.;
    double       available = command_line.max_memory_GB * 1e9;
    if (available <= 0.)
      {
        // The physical memory of every node of the run (one rank per node
        // counts it).
        MPI_Comm node;
        MPI_Comm_split_type(
            comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
        const double mine =
            Utilities::MPI::this_mpi_process(node) == 0 ?
                double(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE) :
                0.;
        MPI_Comm_free(&node);
        available = Utilities::MPI::sum(mine, comm);
      }
    std::ostringstream s;
    s.precision(3);
    s << "the mesh would have at least " << cells << " cells and " << dofs
      << " displacement DoFs (Geometry/Cells, Global refinements, Finite "
         "element degree"
      << by_interfaces << "), needing at least " << bytes / 1e9
      << " GB for its stiffness matrix alone; the run has " << available / 1e9
      << " GB"
      << (command_line.max_memory_GB > 0. ? " (--max-memory)" :
                                            " (the nodes' physical memory)")
      << ": use fewer cells or refinements, or more nodes";
    require_input(bytes <= available, s.str());
  }

  template <int dim>
  TimerOutput &
  AnalysisBase<dim>::timer()
  {
    // Rank 0's own wall times, without the communicator: with it every
    // section's end is a reduction over the ranks, also while an exception
    // unwinds a timed section on one rank only, which then waited there
    // for ranks waiting elsewhere (a run whose field file could not be
    // opened on one of 3 ranks hung instead of stopping).
    if (!timer_output)
      timer_output = std::make_unique<TimerOutput>(pcout,
                                                   TimerOutput::never,
                                                   TimerOutput::wall_times);
    return *timer_output;
  }

  template <int dim>
  void
  AnalysisBase<dim>::on_root(const std::function<void()> &action) const
  {
    run_on_root(comm, action);
  }

  template <int dim>
  void
  AnalysisBase<dim>::prepare_output()
  {
    on_root([this]() { create_directories(output.directory); });
    // Before the first file: this run is the directory's only writer.
    output_lock = std::make_unique<OutputLock>(output.directory, comm);
    on_root([this]() {
      std::ostringstream s;
      s << "# Parameters used by nanomech " << version() << " (commit "
        << git_commit() << ")\n";
      prm.print_parameters(s, ParameterHandler::ShortPRM);
      write_file_atomically(output.directory + "/parameters.prm", s.str());
    });
  }

  template <int dim>
  void
  AnalysisBase<dim>::make_mesh(const bool coarse_only)
  {
    TimerOutput::Scope t(timer(), "mesh");
    if (geometry.mesh_file.empty())
      make_box_mesh(
          triangulation, geometry, *microstructure, periodic_mesh, coarse_only);
    else
      {
        read_gmsh_mesh(triangulation, geometry.mesh_file);
        if (!coarse_only)
          refine_for_microstructure(triangulation, geometry, *microstructure);
      }
    if (coarse_only)
      return;
    pcout << "Mesh: " << triangulation.n_global_active_cells() << " cells, "
          << triangulation.n_global_levels() << " levels, box ";
    for (unsigned int d = 0; d < dim; ++d)
      pcout << (d ? " x " : "") << geometry.size[d];
    pcout << " um" << std::endl;
  }

  template <int dim>
  double
  AnalysisBase<dim>::boundary_measure(
      const types::boundary_id boundary_id) const
  {
    double measure = 0.;
    for (const auto &cell : triangulation.active_cell_iterators())
      if (cell->is_locally_owned())
        for (const auto &face : cell->face_iterators())
          if (face->at_boundary() && face->boundary_id() == boundary_id)
            measure += face->measure();
    return Utilities::MPI::sum(measure, comm);
  }

  template <int dim>
  std::unique_ptr<Microstructure::Interface<dim>>
  AnalysisBase<dim>::make_microstructure(const unsigned int new_seed)
  {
    return Microstructure::create<dim>(family,
                                       geometry.size_point<dim>(),
                                       {new_seed, realization.periodic});
  }

  template <int dim>
  void
  AnalysisBase<dim>::run_mesh_only()
  {
    prepare_output();
    make_mesh();
    ElasticProblem<dim> problem(triangulation, global.fe_degree);
    problem.setup_dofs();
    const std::string file = write_microstructure(
        problem, *microstructure, materials, output.directory, output.n_files);
    pcout << "Wrote " << output.directory << "/" << file << std::endl;
  }

  template <int dim>
  void
  AnalysisBase<dim>::fill_summary(RunSummary                &summary,
                                  const ElasticProblem<dim> &problem) const
  {
    summary.analysis            = global.analysis;
    summary.dimension           = dim;
    summary.fe_degree           = global.fe_degree;
    summary.n_mpi_ranks         = Utilities::MPI::n_mpi_processes(comm);
    summary.n_cells             = triangulation.n_global_active_cells();
    summary.n_dofs              = problem.get_dof_handler().n_dofs();
    summary.microstructure_type = microstructure->name();
    summary.seed                = realization.seed;
    for (unsigned int p = 0; p < microstructure->n_phases(); ++p)
      summary.phase_names.push_back(materials.phase(p).name);
    summary.volume_fractions =
        problem.get_materials().volume_fractions(problem.get_mapping(),
                                                 problem.get_dof_handler(),
                                                 microstructure->n_phases());
    summary.requested_volume_fractions =
        microstructure->requested_volume_fractions();
    const Microstructure::Interface<dim> *ms = microstructure.get();
    summary.microstructure_statistics        = [ms](JsonWriter &json) {
      ms->write_statistics(json);
    };
    summary.solver_tolerance = solver_parameters.tolerance;
    record_memory(summary);
  }

  template <int dim>
  std::string
  AnalysisBase<dim>::restart_checkpoint(const std::string &analysis)
  {
    if (!command_line.restart)
      return "";
    const CheckpointStore    store(output.directory, output.checkpoint, comm);
    std::vector<std::string> damaged;
    const std::string        directory = store.newest(damaged);
    std::string              list;
    for (const std::string &d : damaged)
      list += (list.empty() ? "" : "; ") + d;
    require_input(directory.empty() ? damaged.empty() : true,
                  "--restart: no intact checkpoint in " + output.directory +
                      "/checkpoint (" + list +
                      "); remove the checkpoint directory to start anew");
    if (directory.empty())
      {
        pcout << "No checkpoint in " << output.directory
              << "/checkpoint: starting from the beginning." << std::endl;
        return "";
      }
    CheckpointIdentity found;
    load_state(store.read_state(directory), directory + "/state.txt", found);
    const CheckpointIdentity expected = identity(analysis);
    require_input(found.analysis == expected.analysis &&
                      found.dimension == expected.dimension &&
                      found.fe_degree == expected.fe_degree,
                  "--restart: the checkpoint " + directory + " is not of a " +
                      analysis + " run in " + std::to_string(dim) +
                      "D with Finite element degree " +
                      std::to_string(global.fe_degree) +
                      " (remove it or use another --output-dir)");
    // The mesh and the microstructure of the checkpoint are those of its
    // parameters: a restart with others would load a mesh that does not
    // fit (or materials that differ).
    for (const auto &[name, value] : expected.mesh_parameters)
      {
        const auto saved = std::find_if(found.mesh_parameters.begin(),
                                        found.mesh_parameters.end(),
                                        [&](const auto &entry) {
                                          return entry.first == name;
                                        });
        require_input(saved != found.mesh_parameters.end() &&
                          saved->second == value,
                      "--restart: the checkpoint " + directory +
                          " was written with " + name + " = " +
                          (saved == found.mesh_parameters.end() ?
                               std::string("(none)") :
                               saved->second) +
                          ", this run has " + value +
                          "; a restart keeps the Geometry and Microstructure "
                          "of the run it continues (restore the value, or "
                          "use another --output-dir)");
      }
    if (!damaged.empty())
      warn("--restart: the newest checkpoint is damaged (" + list +
           "); continued from the earlier one, " + directory);
    return directory;
  }

  template <int dim>
  CheckpointIdentity
  AnalysisBase<dim>::identity(const std::string &analysis) const
  {
    CheckpointIdentity id{analysis, dim, global.fe_degree, {}};
    // Every entry of the Geometry and Microstructure sections, as the
    // parameter handler prints them (after --set).
    std::ostringstream text;
    prm.print_parameters(text, ParameterHandler::ShortPRM);
    for_each_parameter_entry(text.str(),
                             [&id](const std::string &entry,
                                   const std::string &value,
                                   const unsigned int /*line*/) {
                               if (entry.rfind("Geometry/", 0) == 0 ||
                                   entry.rfind("Microstructure/", 0) == 0)
                                 id.mesh_parameters.emplace_back(entry, value);
                             });
    return id;
  }

  template <int dim>
  void
  AnalysisBase<dim>::record_memory(RunSummary &summary) const
  {
    Utilities::System::MemoryStats stats;
    Utilities::System::get_memory_stats(stats);
    summary.peak_memory_MB_max_rank =
        Utilities::MPI::max(stats.VmHWM / 1024., comm);
    summary.peak_memory_MB_all_ranks =
        Utilities::MPI::sum(stats.VmHWM / 1024., comm);
  }

  template <int dim>
  std::vector<std::pair<std::string, double>>
  AnalysisBase<dim>::timing_seconds()
  {
    std::vector<std::pair<std::string, double>> times;
    for (const auto &[name, seconds] :
         timer().get_summary_data(TimerOutput::total_wall_time))
      times.emplace_back(name, seconds);
    times.emplace_back("total", total_timer.wall_time());
    return times;
  }

  template <int dim>
  void
  AnalysisBase<dim>::warn(const std::string &message)
  {
    if (warnings.add(message))
      pcout << "Warning: " << message << std::endl;
  }

  template <int dim>
  void
  AnalysisBase<dim>::write_output_file(const std::string &name,
                                       const std::string &text) const
  {
    on_root(
        [&]() { write_file_atomically(output.directory + "/" + name, text); });
  }

  template <int dim>
  void
  AnalysisBase<dim>::write_summary(const RunSummary &summary) const
  {
    // Warnings raised after fill_summary() count too.
    RunSummary complete = summary;
    complete.warnings   = warnings.list();
    write_output_file("summary.json", complete.to_json());
  }

  template class AnalysisBase<2>;
  template class AnalysisBase<3>;
} // namespace nanomech
