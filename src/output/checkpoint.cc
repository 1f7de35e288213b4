#include "output/checkpoint.h"
#include "parameters/scoped_subsection.h"

#include <deal.II/base/mpi.h>

#include "base/exceptions.h"
#include "base/file_io.h"
#include "base/stop_request.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
      // Fault injection for the tests: a pause with the checkpoint
      // written but not yet complete, so that a test can kill the run
      // in the middle of a checkpoint.
      if (const char *pause = std::getenv("NANOMECH_TEST_CHECKPOINT_PAUSE"))
        std::this_thread::sleep_for(
            std::chrono::duration<double>(std::atof(pause)));
      write_file_atomically(staging + "/complete", "complete\n");
      std::error_code ec;
      fs::remove_all(final_name, ec);
      fs::rename(staging, final_name, ec);
      if (ec)
        throw ComputeError("cannot rename checkpoint '" + staging + "' to '" +
                           final_name + "': " + ec.message());
      // Only now the older checkpoints can go.
      for (const auto &entry : fs::directory_iterator(root))
        if (entry.path() != fs::path(final_name))
          fs::remove_all(entry.path(), ec);
    });
    last_time = wall_seconds();
  }

  std::string
  CheckpointStore::newest() const
  {
    std::string found;
    if (dealii::Utilities::MPI::this_mpi_process(comm) == 0)
      {
        std::error_code ec;
        if (fs::is_directory(root, ec))
          for (const auto &entry : fs::directory_iterator(root, ec))
            {
              const std::string name = entry.path().filename().string();
              if (name.rfind("step-", 0) == 0 &&
                  fs::exists(entry.path() / "complete") &&
                  (found.empty() || entry.path().string() > found))
                found = entry.path().string();
            }
      }
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
