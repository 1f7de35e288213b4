#pragma once

#include <deal.II/base/parameter_handler.h>

#include <mpi.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nanomech
{
  /**
   * The analysis state of a checkpoint as text: named numbers, strings and
   * vectors, numbers as hexadecimal floating point so that they are read
   * back bit for bit.
   */
  class StateWriter
  {
  public:
    void
    put(const std::string &key, double value);
    void
    put(const std::string &key, const std::string &value);
    void
    put(const std::string &key, const std::vector<double> &values);
    std::string
    text() const;

  private:
    std::string body;
  };

  /// Reads what StateWriter wrote; a missing or malformed entry throws
  /// InputError naming the entry and the file.
  class StateReader
  {
  public:
    StateReader(const std::string &text, std::string file);
    double
    get_double(const std::string &key) const;
    unsigned long long
    get_count(const std::string &key) const;
    bool
    get_bool(const std::string &key) const;
    std::string
    get_string(const std::string &key) const;
    std::vector<double>
    get_vector(const std::string &key) const;

  private:
    const std::string                                    &
    raw(const std::string &key) const;
    std::string                        file;
    std::map<std::string, std::string> entries;
  };

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
   * "complete" is written and the directory renamed to "step-NNNNNN" in
   * one atomic step; older checkpoints are removed only after that. An
   * interruption at any moment therefore leaves the newest complete
   * checkpoint usable, and a restart ignores (and removes) incomplete
   * ones. All functions are collective.
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
    /// Writes @p state as state.txt (rank 0) and makes the checkpoint
    /// complete; removes the older ones.
    void
    commit(const StateWriter &state);

    /// The newest complete checkpoint directory, or "" if there is none.
    std::string
    newest() const;
    /// Reads state.txt of the checkpoint @p directory.
    StateReader
    read_state(const std::string &directory) const;
    /// Removes every checkpoint (after a run has finished).
    void
    remove_all() const;

  private:
    std::string          root;
    CheckpointParameters parameters;
    MPI_Comm             comm;
    std::string          staging;
    unsigned int         staging_step = 0;
    double               last_time    = 0.;
  };
} // namespace nanomech
