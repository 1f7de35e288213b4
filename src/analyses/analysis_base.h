#pragma once

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/timer.h>
#include <deal.II/distributed/tria.h>

#include "analyses/loading.h"
#include "base/output_lock.h"
#include "base/warnings.h"
#include "materials/phase_material.h"
#include "mesh/box_mesh.h"
#include "mesh/gmsh_mesh.h"
#include "microstructure/microstructure.h"
#include "output/checkpoint.h"
#include "output/output_parameters.h"
#include "output/summary.h"
#include "parameters/command_line.h"
#include "parameters/global_parameters.h"
#include "physics/linear_solver.h"

#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace nanomech
{
  template <int dim>
  class ElasticProblem;

  /**
   * What every analysis shares: the parsed and checked parameters, the
   * microstructure, the mesh, the output directory, progress output,
   * timers and the provenance part of summary.json.
   *
   * The constructor reads and checks everything, so that bad input throws
   * InputError before anything is computed or written; prepare_output()
   * then creates the output directory, takes its lock (one run per
   * directory, OutputLock) and writes parameters.prm.
   */
  template <int dim>
  class AnalysisBase
  {
  public:
    AnalysisBase(dealii::ParameterHandler &prm,
                 const CommandLine        &command_line,
                 MPI_Comm                  comm);
    /// While an exception unwinds the run, the timers are let go without
    /// their summary: TimerOutput's destructor would otherwise print a
    /// banner about skipping it, beside the run's one message.
    virtual ~AnalysisBase()
    {
      if (std::uncaught_exceptions() > 0)
        (void)timer_output.release();
    }

    /// Runs the analysis and writes its outputs.
    virtual void
    run() = 0;

    /// Builds the mesh only and writes the microstructure (--mesh-only).
    void
    run_mesh_only();

    const std::string &
    output_directory() const
    {
      return output.directory;
    }

    /// The warnings raised so far (summary.json's "warnings").
    const std::vector<std::string> &
    get_warnings() const
    {
      return warnings.list();
    }

  protected:
    /// Refuses (InputError) a box mesh whose cells, DoFs and memory,
    /// estimated from below before it is built, exceed --max-memory or
    /// the nodes' physical memory.
    void
    check_size() const;
    /// The phase timers, created on first use: after all input checks,
    /// so that a bad input does not leave a TimerOutput to complain.
    dealii::TimerOutput &
    timer();
    /// Creates the output directory, takes its lock and writes
    /// parameters.prm (rank 0).
    void
    prepare_output();
    /// Builds the mesh (box, periodic if periodic_mesh, or the gmsh
    /// specimen) around the microstructure; with @p coarse_only only its
    /// coarse cells (to load a saved mesh into).
    void
    make_mesh(bool coarse_only = false);
    /// A new realization of the microstructure from @p seed (the other
    /// parameters as given).
    std::unique_ptr<Microstructure::Interface<dim>>
    make_microstructure(unsigned int seed);
    /// The measure (area in 3D, length in 2D) of the boundary faces with
    /// id @p boundary_id, all ranks.
    double
    boundary_measure(dealii::types::boundary_id boundary_id) const;
    /// Fills the provenance part of @p summary from @p problem.
    void
    fill_summary(RunSummary &summary, const ElasticProblem<dim> &problem) const;
    /// Peak resident memory (largest rank, all ranks) into @p summary.
    void
    record_memory(RunSummary &summary) const;
    /// Wall times of the timer sections and "total", for summary.json.
    std::vector<std::pair<std::string, double>>
    timing_seconds();
    /// Writes summary.json atomically (rank 0).
    void
    write_summary(const RunSummary &summary) const;
    /// With --restart: the newest complete checkpoint in the output
    /// directory whose files match their checksums (a damaged newer one is
    /// passed over with a warning; none intact: InputError), checked to be
    /// of @p analysis in this dimension and degree and with the same
    /// Geometry and Microstructure parameters (else InputError, before
    /// anything is written); "" (with a note) if there is none or
    /// --restart was not given.
    std::string
    restart_checkpoint(const std::string &analysis);
    /// What identifies a checkpoint of this run (see
    /// restart_checkpoint()): the first object of every state file.
    CheckpointIdentity
    identity(const std::string &analysis) const;
    /// InputError (before anything is written) if the specimen comes from
    /// a gmsh file none of whose boundary faces has the physical tag
    /// @p id, which the parameter @p entry names (a grip).
    void
    require_mesh_boundary(unsigned int id, const std::string &entry) const;
    /// The axis a boundary is normal to, for a roller on it: a box face
    /// (id 2a or 2a+1: axis a) or a tagged boundary of the gmsh specimen
    /// whose faces all lie in one plane x_a = const (InputError naming
    /// @p entry otherwise, before anything is written).
    unsigned int
    boundary_plane_axis(unsigned int id, const std::string &entry) const;
    /// Parses @p loading ("Loading") and checks its boundaries against the
    /// specimen: the grips and the loaded surface exist, and each roller
    /// boundary is a plane normal to an axis (its axis stored).
    void
    parse_loading(LoadingParameters &loading) const;
    /// Whether a phase of the specimen is plastic.
    bool
    has_plastic_phase() const;
    /// Whether Q1 cells along a path take the B-bar formulation (Element
    /// formulation; "auto": Q1 with plastic phases).
    bool
    mean_dilatation() const;
    /// InputError if a phase of the specimen is plastic: for an analysis
    /// named @p analysis that cannot carry plasticity.
    void
    refuse_plasticity(const std::string &analysis) const;
    /// Runs @p action on rank 0; if it throws, every rank throws
    /// ComputeError with its message.
    void
    on_root(const std::function<void()> &action) const;
    /// Prints "Warning: @p message" (rank 0) the first time it is raised
    /// and records it for summary.json's "warnings".
    void
    warn(const std::string &message);
    /// Writes @p text to @p name in the output directory atomically
    /// (rank 0).
    void
    write_output_file(const std::string &name, const std::string &text) const;

    MPI_Comm                   comm;
    dealii::ConditionalOStream pcout;
    dealii::ParameterHandler  &prm;
    CommandLine                command_line;
    GlobalParameters           global;
    GeometryParameters         geometry;
    /// The boundary ids (physical tags) of the gmsh specimen, if there is
    /// one, each with the bounding box of its faces.
    std::map<dealii::types::boundary_id, Box<dim>> mesh_boundaries;
    MaterialLibrary                                materials;
    SolverParameters                               solver_parameters;
    OutputParameters                               output;
    /// Seed and periodicity of the microstructure as given (realization 0).
    Microstructure::Realization realization;
    /// The microstructure family and its parsed parameters (parsed once).
    Microstructure::FamilyChoice                      family;
    bool                                              periodic_mesh = false;
    std::unique_ptr<Microstructure::Interface<dim>>   microstructure;
    dealii::parallel::distributed::Triangulation<dim> triangulation;
    dealii::Timer                                     total_timer;
    std::unique_ptr<dealii::TimerOutput>              timer_output;
    /// Every warning of the run (also those of earlier segments of a
    /// restarted run).
    WarningLog warnings;
    /// Held from prepare_output() to the end of the run.
    std::unique_ptr<OutputLock> output_lock;
  };
} // namespace nanomech
