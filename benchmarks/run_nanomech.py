"""Shared by the benchmark scripts: run nanomech under mpirun with
parameter overrides and return the run's summary.json."""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, "build", "nanomech")
# The modules every Python script of the repository shares (<repo>/python).
sys.path.insert(0, os.path.join(ROOT, "python"))
from nanomech_py.mpi import mpirun_command  # noqa: E402


def run(prm, out, settings, ranks=2, binary=BINARY):
    """Runs @p prm with the "Section/Key=value" @p settings into @p out;
    returns summary.json as a dict, or exits with nanomech's message."""
    cmd = mpirun_command(ranks) + [binary, prm, "--output-dir", out]
    for s in settings:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(f"nanomech failed ({done.returncode}): {' '.join(cmd)}")
    with open(os.path.join(out, "summary.json")) as f:
        return json.load(f)
