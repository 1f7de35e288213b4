#pragma once

#include <deal.II/base/parameter_handler.h>

#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include "base/exceptions.h"

#include <mpi.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace nanomech
{
  /**
   * Version of the checkpoint state format. A checkpoint written with
   * another version (1: the key-value text of nanomech 0.1; 2: before
   * PF-CZM's per-phase results and the peak resolution; 3: before the
   * crack opening volume of every step; 4: before the state of
   * dissipation control; 5: before the checksums of a checkpoint's files
   * and the parameters that fix its mesh; 6: before the plastic energies
   * of every step and the plastic work of every refinement) is refused with
   * one message, so that a restart never reads state it misunderstands.
   * Raise it whenever a serialize() changes.
   */
  constexpr unsigned int checkpoint_format_version = 7;

  /// What a checkpoint is of: a restart checks it before reading more.
  struct CheckpointIdentity
  {
    std::string  analysis;
    unsigned int dimension = 0;
    unsigned int fe_degree = 0;
    /// The parameters that fix the mesh and the microstructure on it
    /// ("Geometry/Cells x", value), which a restart must not change.
    std::vector<std::pair<std::string, std::string>> mesh_parameters;

    template <class Archive>
    void
    serialize(Archive &ar, const unsigned int /*version*/)
    {
      ar &analysis &dimension &fe_degree &mesh_parameters;
    }
  };

  namespace internal
  {
    /// Writes the first line of state.txt (format name and version).
    void
    write_state_header(std::ostream &out);
    /// Reads and checks that line; InputError naming @p file if it is not
    /// a nanomech checkpoint of this format version.
    void
    check_state_header(std::istream &in, const std::string &file);
  } // namespace internal

  /**
   * The text of state.txt: a header line with the format version, then
   * @p objects in order in a Boost text archive (each object has one
   * serialize(); doubles are written with 17 digits, so they are read back
   * bit for bit).
   */
  template <typename... Objects>
  std::string
  save_state(const Objects &...objects)
  {
    std::ostringstream out;
    internal::write_state_header(out);
    {
      boost::archive::text_oarchive archive(out);
      (archive << ... << objects);
    }
    return out.str();
  }

  /**
   * Reads @p objects, in the order save_state() wrote them, from the text
   * @p text of the state file @p file (a prefix of the objects may be
   * read). InputError if the format or version differs or the archive is
   * damaged.
   */
  template <typename... Objects>
  void
  load_state(const std::string &text,
             const std::string &file,
             Objects &...objects)
  {
    std::istringstream in(text);
    internal::check_state_header(in, file);
    try
      {
        boost::archive::text_iarchive archive(in);
        (archive >> ... >> objects);
      }
    catch (const std::exception &e)
      {
        throw InputError("checkpoint state '" + file +
                         "' is damaged or of another version (" + e.what() +
                         "); remove the checkpoint directory to start anew");
      }
  }

  /// "Output" entries on checkpoints.
  struct CheckpointParameters
  {
    static void
    declare_parameters(dealii::ParameterHandler &prm);
    void
    parse_parameters(dealii::ParameterHandler &prm);

    unsigned int every    = 0;    ///< steps (or realizations); 0: not by count
    double       interval = 1800; ///< s of wall time; 0: not by time
  };

  /**
   * The checkpoints of a run in OUTPUT/checkpoint/. Each checkpoint is a
   * directory: it is filled as ".incomplete-NNNNNN", then a marker file
   * "complete" listing the size and CRC-32 of each of its files is
   * written and the directory renamed to "step-NNNNNN" in one atomic
   * step; older checkpoints are removed only after that, except this
   * run's previous one (or, at its first commit, the one it restarted
   * from). An interruption at any moment therefore leaves
   * the newest complete checkpoint usable; a restart ignores incomplete
   * ones and verifies the files of a complete one against its marker,
   * falling back to the earlier one if they differ (a damaged disk or a
   * file overwritten by hand). All functions are collective.
   */
  class CheckpointStore
  {
  public:
    CheckpointStore(const std::string          &output_directory,
                    const CheckpointParameters &parameters,
                    MPI_Comm                    comm);

    /// Whether a checkpoint is due after step (or realization) @p step, by
    /// count or by wall time since the last one, and whether a stop was
    /// asked for by signal (then the caller writes a checkpoint and
    /// stops). Rank 0's clock decides for all.
    std::pair<bool, int>
    due(unsigned int step) const;

    /// Starts the checkpoint of @p step: an empty directory to write into.
    std::string
    begin(unsigned int step);
    /// Writes @p state (the text of save_state()) as state.txt (rank 0)
    /// and makes the checkpoint complete; removes the older ones.
    void
    commit(const std::string &state);

    /// The newest complete checkpoint directory whose files match the
    /// sizes and checksums in its marker, or "" if there is none; each
    /// newer complete one that does not match is listed in @p damaged
    /// with what is wrong.
    std::string
    newest(std::vector<std::string> &damaged) const;
    /// The text of state.txt of the checkpoint @p directory (all ranks);
    /// read it with load_state().
    std::string
    read_state(const std::string &directory) const;
    /// The checkpoint directory a restarted run continues from: its first
    /// commit keeps it as the earlier checkpoint (later commits keep the
    /// one before).
    void
    set_fallback(const std::string &directory)
    {
      fallback = directory;
    }
    /// Removes every checkpoint (after a run has finished).
    void
    remove_all() const;

  private:
    std::string          root;
    CheckpointParameters parameters;
    MPI_Comm             comm;
    std::string          staging;
    unsigned int         staging_step = 0;
    /// The earlier checkpoint the next commit keeps ("" : none), and the
    /// one before it (kept if the next commit is of fallback's step).
    std::string fallback, older;
    double      last_time = 0.;
  };
} // namespace nanomech
