#pragma once

#include <mpi.h>

namespace nanomech
{
  /**
   * Requests to stop a long run early, by signal: SIGUSR1 (what a SLURM
   * batch script forwards when the job nears its time limit) and SIGTERM.
   * The handlers only note the signal; the run looks at it at the end of
   * each load step or realization, writes a checkpoint and stops (exit
   * status 3). A second signal of the same kind ends the process at once,
   * as if no handler were installed.
   */
  namespace stop_request
  {
    /// Installs the handlers of SIGUSR1 and SIGTERM (idempotent).
    void
    install_handlers();

    /// The signal received on this rank (0: none).
    int
    signal_received();

    /// The signal received on any rank of @p comm (0: none); collective.
    int
    any_signal(MPI_Comm comm);
  } // namespace stop_request
} // namespace nanomech
