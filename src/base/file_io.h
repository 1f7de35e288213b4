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
