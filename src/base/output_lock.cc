#include "base/output_lock.h"

#include <deal.II/base/mpi.h>

#include "base/exceptions.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace nanomech
{
  namespace
  {
    std::string
    lock_path(const std::string &directory)
    {
      return directory + "/.nanomech.lock";
    }

    /// Who holds the lock, as its file says ("pid P on host H since T").
    std::string
    holder(const int fd)
    {
      char          text[256] = {};
      const ssize_t n         = ::pread(fd, text, sizeof(text) - 1, 0);
      std::string   s(text, n > 0 ? std::size_t(n) : 0);
      while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
      return s.empty() ? "a process that has not yet written its name" : s;
    }

    /// On rank 0: tries to lock @p directory's lock file. Returns the open
    /// descriptor (locked) or -1 with @p error set to the message of
    /// another holder or of a failure. With @p keep false the lock is
    /// released and nothing is written.
    int
    try_lock(const std::string &directory, const bool keep, std::string &error)
    {
      const std::string path = lock_path(directory);
      const int         flags =
          keep ? O_RDWR | O_CREAT | O_CLOEXEC : O_RDONLY | O_CLOEXEC;
      const int fd = ::open(path.c_str(), flags, 0644);
      if (fd < 0)
        {
          // Without a lock file (the early check), nobody holds it.
          if (!keep && errno == ENOENT)
            return -1;
          error = "cannot open the output directory's lock file '" + path +
                  "': " + std::strerror(errno);
          return -1;
        }
      if (::flock(fd, LOCK_EX | LOCK_NB) != 0)
        {
          const int code = errno;
          if (code == EWOULDBLOCK)
            error = "the output directory '" + directory +
                    "' is in use by another nanomech run (" + holder(fd) +
                    "); wait for it to end or choose another --output-dir";
          else
            error = "cannot lock '" + path + "': " + std::strerror(code);
          ::close(fd);
          return -1;
        }
      if (!keep)
        {
          ::close(fd);
          return -1;
        }
      char host[256] = {};
      ::gethostname(host, sizeof(host) - 1);
      const std::time_t now = std::time(nullptr);
      char              when[32];
      std::strftime(when,
                    sizeof(when),
                    "%Y-%m-%dT%H:%M:%SZ",
                    std::gmtime(&now));
      std::ostringstream s;
      s << "pid " << ::getpid() << " on host " << host << " since " << when
        << '\n';
      const std::string text = s.str();
      if (::ftruncate(fd, 0) != 0 ||
          ::pwrite(fd, text.data(), text.size(), 0) != ssize_t(text.size()))
        {
          error = "cannot write the lock file '" + path +
                  "': " + std::strerror(errno);
          ::close(fd);
          return -1;
        }
      return fd;
    }

    /// Removes NAME.tmp.PID files (a killed run's unfinished atomic
    /// writes) in @p directory and its checkpoint directory.
    void
    remove_stale_temporaries(const std::string &directory)
    {
      namespace fs = std::filesystem;
      std::error_code ec;
      for (const std::string &d : {directory, directory + "/checkpoint"})
        {
          if (!fs::is_directory(d, ec))
            continue;
          for (const auto &entry : fs::directory_iterator(d, ec))
            {
              const std::string name = entry.path().filename().string();
              const auto        at   = name.rfind(".tmp.");
              if (at != std::string::npos && at + 5 < name.size() &&
                  name.find_first_not_of("0123456789", at + 5) ==
                      std::string::npos &&
                  entry.is_regular_file(ec))
                fs::remove(entry.path(), ec);
            }
        }
    }

    /// Every rank throws InputError with rank 0's @p error, if any.
    void
    refuse_on_all_ranks(const MPI_Comm comm, std::string error)
    {
      error = dealii::Utilities::MPI::broadcast(comm, error, 0);
      if (!error.empty())
        throw InputError(error);
    }
  } // namespace

  OutputLock::OutputLock(const std::string &directory, const MPI_Comm comm)
  {
    std::string error;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        fd = try_lock(directory, true, error);
        if (fd >= 0)
          remove_stale_temporaries(directory);
      }
    refuse_on_all_ranks(comm, error);
  }

  OutputLock::~OutputLock()
  {
    // Closing the descriptor releases the lock; the file stays (a later
    // run takes it over).
    if (fd >= 0)
      ::close(fd);
  }

  void
  OutputLock::check_free(const std::string &directory, const MPI_Comm comm)
  {
    std::string error;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        // The directory, or the nearest existing parent that would hold
        // it, must be a directory this process can write into.
        namespace fs = std::filesystem;
        std::error_code ec;
        fs::path        existing = fs::absolute(directory, ec);
        while (!existing.empty() && !fs::exists(existing, ec) &&
               existing != existing.parent_path())
          existing = existing.parent_path();
        if (!fs::is_directory(existing, ec))
          error = "the output directory '" + directory + "': '" +
                  existing.string() + "' is not a directory";
        else if (::access(existing.c_str(), W_OK | X_OK) != 0)
          error = "the output directory '" + directory + "': '" +
                  existing.string() + "' is not writable (" +
                  std::strerror(errno) + ")";
        else
          try_lock(directory, false, error);
      }
    refuse_on_all_ranks(comm, error);
  }
} // namespace nanomech
