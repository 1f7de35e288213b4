#pragma once

#include <mpi.h>

#include <functional>
#include <string>

namespace nanomech
{
  /**
   * Writes @p content to @p path atomically: first to a temporary file in
   * the same directory, flushed, then renamed over @p path. A reader (or a
   * restart after a crash) sees either the old file or the new one, never a
   * half-written one. Throws ComputeError on failure.
   */
  void
  write_file_atomically(const std::string &path, const std::string &content);

  /// Reads a whole file; throws InputError naming @p what if it cannot.
  std::string
  read_file(const std::string &path, const std::string &what);

  /// Runs @p action (file output) on rank 0 of @p comm only; if it
  /// throws, every rank throws ComputeError with its message, so that a
  /// failure stops all ranks with the same message instead of a hang.
  void
  run_on_root(MPI_Comm comm, const std::function<void()> &action);

  /// Runs @p action (a rank's own file output, with no collective after
  /// a point where it may fail) on every rank of @p comm; if it throws on
  /// any rank, every rank throws ComputeError("what (rank r): message")
  /// with the first failing rank's message, so that the run stops with
  /// one message from rank 0 instead of one rank's abort.
  void
  run_on_every_rank(MPI_Comm                     comm,
                    const std::string           &what,
                    const std::function<void()> &action);

  /// The message of @p e on one line: for a deal.II exception its
  /// additional information's first paragraph (not the source location,
  /// the violated condition and the stack trace of what()).
  std::string
  one_line_message(const std::exception &e);

  /// @p text with every run of white space (line breaks included) one
  /// space, none at either end.
  std::string
  single_line(const std::string &text);

  /// Throws ComputeError naming @p what if the file system of @p path has
  /// no free block left for this process. MPI-IO may report a write cut
  /// short by a full disk only on standard error and return success (seen
  /// with OpenMPI's ompio): a file written that way must not be taken for
  /// complete, so a writer asks after its last write.
  void
  require_free_space(const std::string &path, const std::string &what);

  /// Creates @p path and its parents if needed; throws ComputeError.
  void
  create_directories(const std::string &path);
} // namespace nanomech
