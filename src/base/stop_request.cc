#include "base/stop_request.h"

#include <csignal>

namespace nanomech
{
  namespace stop_request
  {
    namespace
    {
      volatile std::sig_atomic_t received = 0;

      extern "C" void
      note_signal(const int signal)
      {
        if (received == signal)
          {
            // Asked twice: stop now.
            std::signal(signal, SIG_DFL);
            std::raise(signal);
            return;
          }
        received = signal;
      }
    } // namespace

    void
    install_handlers()
    {
      struct sigaction action = {};
      action.sa_handler       = note_signal;
      sigemptyset(&action.sa_mask);
      // Restart interrupted system calls (file writes, MPI progress).
      action.sa_flags = SA_RESTART;
      sigaction(SIGUSR1, &action, nullptr);
      sigaction(SIGTERM, &action, nullptr);
    }

    int
    signal_received()
    {
      return received;
    }

    int
    any_signal(const MPI_Comm comm)
    {
      int local = received, global = 0;
      MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_MAX, comm);
      return global;
    }
  } // namespace stop_request
} // namespace nanomech
