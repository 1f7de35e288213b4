#pragma once

#include <mpi.h>

#include <string>

namespace nanomech
{
  /**
   * One run per output directory: rank 0 holds an exclusive flock(2) on
   * DIRECTORY/.nanomech.lock for the life of this object, with its pid,
   * host and start time written into the file. A second run into the same
   * directory is refused (InputError on every rank, naming the holder).
   * The kernel releases the lock when its process ends, however it ends,
   * so a lock file left by a killed run is free and is simply taken over.
   *
   * While it holds the lock a run is the only writer of the directory:
   * temporary files of write_file_atomically() left by a killed run
   * (NAME.tmp.PID) are removed when the lock is taken.
   */
  class OutputLock
  {
  public:
    /// Takes the lock (creating the directory's lock file; the directory
    /// must exist).
    OutputLock(const std::string &directory, MPI_Comm comm);
    ~OutputLock();
    OutputLock(const OutputLock &) = delete;
    OutputLock &
    operator=(const OutputLock &) = delete;

    /// Refuses (InputError on every rank) if another run holds the lock of
    /// @p directory now, or if the directory (or the parent it would be
    /// created in) is not a writable directory; takes nothing and writes
    /// nothing (an early check, before a run spends time on its set-up).
    static void
    check_free(const std::string &directory, MPI_Comm comm);

  private:
    int fd = -1;
  };
} // namespace nanomech
