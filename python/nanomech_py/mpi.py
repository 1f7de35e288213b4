"""The mpirun command line of a local run."""
import os
import shutil


def mpirun_command(ranks):
    """The prefix that starts `ranks` MPI ranks on this machine: Open MPI's
    mpirun (mpiexec if there is no mpirun), more ranks than cores allowed
    (--oversubscribe), no binding to cores (--bind-to none: runs side by side
    would share the same cores), and --allow-run-as-root when run by root
    (containers, CI)."""
    launcher = shutil.which("mpirun") or shutil.which("mpiexec") or "mpirun"
    cmd = [launcher, "--oversubscribe", "--bind-to", "none",
           "-np", str(int(ranks))]
    if os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    return cmd
