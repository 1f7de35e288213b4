#include "base/file_io.h"

#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include "base/exceptions.h"

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/statvfs.h>
#include <unistd.h>

namespace nanomech
{
  void
  write_file_atomically(const std::string &path, const std::string &content)
  {
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
      std::FILE *f = std::fopen(tmp.c_str(), "wb");
      if (f == nullptr)
        throw ComputeError("cannot write '" + tmp +
                           "': " + std::strerror(errno));
      // errno only names the failure; a call that succeeds may set it.
      errno = 0;
      const bool ok =
          std::fwrite(content.data(), 1, content.size(), f) == content.size() &&
          std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
      int        code   = ok ? 0 : errno;
      const bool closed = std::fclose(f) == 0;
      if (!closed && ok)
        code = errno;
      if (!ok || !closed)
        {
          std::remove(tmp.c_str());
          throw ComputeError("cannot write '" + tmp + "': " +
                             (code == ENOSPC ? std::string("the disk is full") :
                              code != 0 ? std::string(std::strerror(code)) :
                                          std::string("write error")));
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      {
        std::remove(tmp.c_str());
        throw ComputeError("cannot rename '" + tmp + "' to '" + path + "'");
      }
  }

  std::string
  read_file(const std::string &path, const std::string &what)
  {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw InputError("cannot open " + what + " '" + path + "'");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  void
  run_on_root(const MPI_Comm comm, const std::function<void()> &action)
  {
    std::string error;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        try
          {
            action();
          }
        catch (const std::exception &e)
          {
            error = e.what();
          }
      }
    error = dealii::Utilities::MPI::broadcast(comm, error, 0);
    if (!error.empty())
      throw ComputeError(error);
  }

  std::string
  one_line_message(const std::exception &e)
  {
    std::string text;
    if (const auto *d = dynamic_cast<const dealii::ExceptionBase *>(&e))
      {
        std::ostringstream info;
        d->print_info(info);
        text = info.str();
        // Its first paragraph: the rest is deal.II's general advice.
        std::size_t start = text.find_first_not_of(" \n");
        if (start == std::string::npos)
          start = 0;
        const std::size_t end = text.find("\n\n", start);
        text = text.substr(start, end == std::string::npos ? end : end - start);
        if (text.empty())
          text = d->get_exc_name();
      }
    else
      text = e.what();
    return single_line(text);
  }

  std::string
  single_line(const std::string &text)
  {
    std::string line;
    bool        space = false;
    for (const char c : text)
      if (std::isspace(static_cast<unsigned char>(c)))
        space = !line.empty();
      else
        {
          if (space)
            line += ' ';
          line += c;
          space = false;
        }
    return line;
  }

  void
  run_on_every_rank(const MPI_Comm               comm,
                    const std::string           &what,
                    const std::function<void()> &action)
  {
    std::string error;
    bool        failed = false;
    try
      {
        action();
      }
    catch (const std::exception &e)
      {
        error  = one_line_message(e);
        failed = true;
      }
    const unsigned int n    = dealii::Utilities::MPI::n_mpi_processes(comm);
    const unsigned int rank = dealii::Utilities::MPI::this_mpi_process(comm);
    const unsigned int first =
        dealii::Utilities::MPI::min(failed ? rank : n, comm);
    if (first == n)
      return;
    error = dealii::Utilities::MPI::broadcast(comm, error, first);
    throw ComputeError(what + " (rank " + std::to_string(first) +
                       "): " + error);
  }

  void
  require_free_space(const std::string &path, const std::string &what)
  {
    struct statvfs fs;
    if (::statvfs(path.c_str(), &fs) == 0 && fs.f_bavail == 0)
      throw ComputeError("the disk is full: " + what + " in '" + path +
                         "' may be incomplete and is not used");
  }

  void
  create_directories(const std::string &path)
  {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
      throw ComputeError("cannot create directory '" + path +
                         "': " + ec.message());
  }
} // namespace nanomech
