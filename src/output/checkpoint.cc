#include "output/checkpoint.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/mpi.h>

#include <boost/crc.hpp>

#include "base/exceptions.h"
#include "base/file_io.h"
#include "base/stop_request.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <thread>

namespace nanomech
{
  namespace fs = std::filesystem;

  namespace
  {
    double
    wall_seconds()
    {
      return std::chrono::duration<double>(
                 std::chrono::steady_clock::now().time_since_epoch())
          .count();
    }

    const std::string marker_format = "nanomech-checkpoint-complete";

    /// Size and CRC-32 (boost::crc_32_type, the polynomial of zlib and
    /// POSIX cksum's table) of the file @p path; false if it cannot be
    /// read.
    bool
    checksum(const fs::path &path, std::uintmax_t &size, std::uint32_t &crc)
    {
      std::ifstream in(path, std::ios::binary);
      if (!in)
        return false;
      boost::crc_32_type sum;
      std::vector<char>  buffer(1 << 20);
      size = 0;
      while (in)
        {
          in.read(buffer.data(), buffer.size());
          const std::streamsize n = in.gcount();
          sum.process_bytes(buffer.data(), n);
          size += n;
        }
      if (in.bad())
        return false;
      crc = sum.checksum();
      return true;
    }

    /// The marker "complete" of the checkpoint directory @p directory: a
    /// header line, then "NAME SIZE CRC32" for each of its files.
    std::string
    marker_text(const std::string &directory)
    {
      std::vector<fs::path> files;
      for (const auto &entry : fs::directory_iterator(directory))
        if (entry.is_regular_file() && entry.path().filename() != "complete")
          files.push_back(entry.path());
      std::sort(files.begin(), files.end());
      std::ostringstream text;
      text << marker_format << " 1\n";
      for (const fs::path &file : files)
        {
          std::uintmax_t size = 0;
          std::uint32_t  crc  = 0;
          if (!checksum(file, size, crc))
            throw ComputeError("cannot read back the checkpoint file '" +
                               file.string() + "'");
          text << file.filename().string() << ' ' << size << ' ' << std::hex
               << std::setw(8) << std::setfill('0') << crc << std::dec << '\n';
        }
      return text.str();
    }

    /// "" if the files of checkpoint @p directory are those its marker
    /// lists (sizes and checksums), else what is wrong.
    std::string
    verify(const fs::path &directory)
    {
      std::ifstream marker(directory / "complete");
      std::string   format;
      unsigned int  version = 0;
      if (!(marker >> format >> version) || format != marker_format ||
          version != 1)
        return "its marker 'complete' lists no checksums (written by a "
               "nanomech before checkpoint format 6, or damaged)";
      std::string    name;
      std::uintmax_t size = 0;
      std::string    crc_text;
      unsigned int   n_files = 0;
      while (marker >> name >> size >> crc_text)
        {
          ++n_files;
          std::uintmax_t found_size = 0;
          std::uint32_t  found_crc  = 0;
          if (!checksum(directory / name, found_size, found_crc))
            return "its file '" + name + "' is missing or unreadable";
          if (found_size != size)
            return "its file '" + name + "' has " + std::to_string(found_size) +
                   " bytes, the marker says " + std::to_string(size);
          char      *end = nullptr;
          const auto crc = std::strtoul(crc_text.c_str(), &end, 16);
          if (end == crc_text.c_str() || *end != '\0')
            return "its marker 'complete' is damaged";
          if (crc != found_crc)
            return "the checksum of its file '" + name +
                   "' differs from the one in its marker";
        }
      if (!marker.eof() || n_files == 0)
        return "its marker 'complete' is damaged";
      return "";
    }

  } // namespace

  namespace internal
  {
    namespace
    {
      const std::string state_format = "nanomech-checkpoint-state";
    }

    void
    write_state_header(std::ostream &out)
    {
      out << state_format << ' ' << checkpoint_format_version << '\n';
    }

    void
    check_state_header(std::istream &in, const std::string &file)
    {
      std::string  format;
      unsigned int version = 0;
      in >> format >> version;
      require_input(format == state_format,
                    "checkpoint state '" + file +
                        "' is not of this nanomech (written by a version "
                        "before checkpoint format " +
                        std::to_string(checkpoint_format_version) +
                        "?); remove the checkpoint directory to start anew");
      require_input(version == checkpoint_format_version,
                    "checkpoint state '" + file + "' has format version " +
                        std::to_string(version) + ", this nanomech reads " +
                        std::to_string(checkpoint_format_version) +
                        "; continue with the nanomech that wrote it, or "
                        "remove the checkpoint directory to start anew");
    }
  } // namespace internal

  void
  CheckpointParameters::declare_parameters(dealii::ParameterHandler &prm)
  {
    namespace Patterns = dealii::Patterns;
    const ScopedSubsection subsection(prm, "Output");
    prm.declare_entry("Checkpoint every",
                      "0",
                      Patterns::Integer(0),
                      "Write a checkpoint (OUTPUT/checkpoint/) every this "
                      "many load steps (fracture) or realizations "
                      "(homogenization); 0: not by count. A checkpoint is "
                      "also written when the run receives SIGUSR1 or "
                      "SIGTERM, and it then stops with exit status 3; "
                      "--restart continues from the newest checkpoint.");
    prm.declare_entry("Checkpoint interval",
                      "1800",
                      Patterns::Double(0.),
                      "Also write a checkpoint when this many seconds of "
                      "wall time have passed since the last one (checked "
                      "after each load step or realization); 0: not by "
                      "time.");
  }

  void
  CheckpointParameters::parse_parameters(dealii::ParameterHandler &prm)
  {
    const ScopedSubsection subsection(prm, "Output");
    every    = prm.get_integer("Checkpoint every");
    interval = prm.get_double("Checkpoint interval");
  }

  CheckpointStore::CheckpointStore(const std::string          &output_directory,
                                   const CheckpointParameters &parameters,
                                   const MPI_Comm              comm)
      : root(output_directory + "/checkpoint")
      , parameters(parameters)
      , comm(comm)
      , last_time(wall_seconds())
  {
    stop_request::install_handlers();
  }

  std::pair<bool, int>
  CheckpointStore::due(const unsigned int step) const
  {
    int by_time = 0;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      by_time = parameters.interval > 0. &&
                wall_seconds() - last_time >= parameters.interval;
    const int signal = stop_request::any_signal(comm);
    by_time          = dealii::Utilities::MPI::broadcast(comm, by_time, 0);
    const bool by_count =
        parameters.every > 0 && step > 0 && step % parameters.every == 0;
    return {by_count || by_time || signal != 0, signal};
  }

  std::string
  CheckpointStore::begin(const unsigned int step)
  {
    std::ostringstream name;
    name << ".incomplete-" << std::setw(6) << std::setfill('0') << step;
    staging      = root + "/" + name.str();
    staging_step = step;
    run_on_root(comm, [&]() {
      std::error_code ec;
      fs::remove_all(staging, ec);
      create_directories(staging);
    });
    return staging;
  }

  void
  CheckpointStore::commit(const std::string &state)
  {
    std::ostringstream name;
    name << "step-" << std::setw(6) << std::setfill('0') << staging_step;
    const std::string final_name = root + "/" + name.str();
    // All ranks have written their part of the mesh and vectors.
    MPI_Barrier(comm);
    run_on_root(comm, [&]() {
      write_file_atomically(staging + "/state.txt", state);
      require_free_space(staging,
                         "the checkpoint of step " +
                             std::to_string(staging_step));
      // Fault injection for the tests: a pause with the checkpoint
      // written but not yet complete, so that a test can kill the run
      // in the middle of a checkpoint.
      if (const char *pause = std::getenv("NANOMECH_TEST_CHECKPOINT_PAUSE"))
        std::this_thread::sleep_for(
            std::chrono::duration<double>(std::atof(pause)));
      // The marker lists every file with its size and checksum, read
      // back from the disk (a restart verifies them).
      write_file_atomically(staging + "/complete", marker_text(staging));
      std::error_code ec;
      fs::remove_all(final_name, ec);
      fs::rename(staging, final_name, ec);
      if (ec)
        throw ComputeError("cannot rename checkpoint '" + staging + "' to '" +
                           final_name + "': " + ec.message());
      // Only now the older checkpoints can go, all but this run's
      // previous one (or the one it restarted from): if the new one is
      // found damaged, a restart falls back to it. Checkpoints of another
      // run into this directory, and a damaged one a restart passed over,
      // go too.
      // (A second checkpoint of the same step, as a stop by signal right
      // after a periodic one, keeps the one before.)
      const std::string previous = fallback != final_name ? fallback : older;
      for (const auto &entry : fs::directory_iterator(root, ec))
        if (entry.path() != fs::path(final_name) &&
            entry.path() != fs::path(previous))
          fs::remove_all(entry.path(), ec);
    });
    if (fallback != final_name)
      older = fallback;
    fallback  = final_name;
    last_time = wall_seconds();
  }

  std::string
  CheckpointStore::newest(std::vector<std::string> &damaged) const
  {
    std::string found;
    damaged.clear();
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        std::error_code       ec;
        std::vector<fs::path> complete;
        if (fs::is_directory(root, ec))
          for (const auto &entry : fs::directory_iterator(root, ec))
            {
              const std::string name = entry.path().filename().string();
              if (name.rfind("step-", 0) == 0 &&
                  fs::exists(entry.path() / "complete"))
                complete.push_back(entry.path());
            }
        // Newest first; the first intact one is taken.
        std::sort(complete.rbegin(), complete.rend());
        for (const fs::path &directory : complete)
          {
            const std::string problem = verify(directory);
            if (problem.empty())
              {
                found = directory.string();
                break;
              }
            damaged.push_back(directory.string() + ": " + problem);
          }
      }
    damaged = dealii::Utilities::MPI::broadcast(comm, damaged, 0);
    return dealii::Utilities::MPI::broadcast(comm, found, 0);
  }

  std::string
  CheckpointStore::read_state(const std::string &directory) const
  {
    // Rank 0 reads; every rank gets the text or the same error.
    std::pair<std::string, std::string> text_error;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        try
          {
            text_error.first =
                read_file(directory + "/state.txt", "checkpoint state");
          }
        catch (const std::exception &e)
          {
            text_error.second = e.what();
          }
      }
    text_error = dealii::Utilities::MPI::broadcast(comm, text_error, 0);
    require_input(text_error.second.empty(), text_error.second);
    return text_error.first;
  }

  void
  CheckpointStore::remove_all() const
  {
    run_on_root(comm, [&]() {
      std::error_code ec;
      fs::remove_all(root, ec);
    });
  }
} // namespace nanomech
