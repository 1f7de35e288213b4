"""Shared pieces of the tests in tests/slurm/.

Every test script takes  --nanomech BINARY --source-dir REPO  (CTest passes
$<TARGET_FILE:nanomech> and CMAKE_SOURCE_DIR) and runs the study driver and
batch script of that source tree with that binary.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))

# A small nacre fracture run (about 7 s on one rank, 13 load steps, the
# first ten cheap): long enough to be interrupted part-way.
FRACTURE_SETS = [
    ("Microstructure/Nacre/Number of rows", "2"),
    ("Microstructure/Nacre/Tablets per row", "2"),
    ("Geometry/Cells x", "50"),
    ("Geometry/Cells y", "12"),
    ("Fracture/Length scale", "0.08"),
    ("Fracture/Damage tolerance", "1e-3"),
    ("Fracture/Failure stress fraction", "0.1"),
    ("Fracture/Strain increment", "1e-4"),
    ("Fracture/Post-peak increment factor", "1"),
    ("Fracture/Output every", "0"),
]
RESULT_KEYS = ("strength_MPa", "strain_at_peak", "toughness_MJ_per_m3")


def fracture_study_text():
    """A one-case study of that run."""
    return ("base = params/fracture_nacre_2d.prm\n" +
            "".join("set %s = %s\n" % kv for kv in FRACTURE_SETS))


def n_steps(out_dir):
    path = os.path.join(out_dir, "stress_strain.csv")
    try:
        return len(csv_rows(path)) - 1  # without step 0
    except (OSError, ValueError):
        return 0


# Filled in by main() from the command line.
NANOMECH = None
SOURCE = None


def study_cmd():
    return [sys.executable, os.path.join(SOURCE, "jobs", "study")]


def batch_script():
    return os.path.join(SOURCE, "jobs", "nanomech.sbatch")


def base_env(extra=None):
    env = dict(os.environ, NANOMECH=NANOMECH)
    if os.geteuid() == 0:
        env.update(OMPI_ALLOW_RUN_AS_ROOT="1",
                   OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    env.update(extra or {})
    return env


def run_study(args, env=None, timeout=300, cwd=None):
    """Run jobs/study; returns the CompletedProcess (text)."""
    return subprocess.run(study_cmd() + list(args), env=env or base_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=timeout, cwd=cwd)


def status_json(directory, env=None):
    r = run_study(["status", directory, "--json"], env=env)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def read(path):
    with open(path) as f:
        return f.read()


def load_json(path):
    with open(path) as f:
        return json.load(f)


def csv_rows(path):
    with open(path) as f:
        return list(csv.DictReader(f))


def wait_for(predicate, timeout, what, poll=0.2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(poll)
    raise AssertionError("timed out after %d s waiting for %s"
                         % (timeout, what))


class TempDirTest(unittest.TestCase):
    """A fresh temporary directory per test in self.tmp (kept when
    NANOMECH_TEST_KEEP is set)."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="nanomech-study-test-")

    def tearDown(self):
        if os.environ.get("NANOMECH_TEST_KEEP"):
            print("kept", self.tmp, file=sys.stderr)
        else:
            subprocess.run(["rm", "-rf", self.tmp])


def main(argv=None):
    """Parse --nanomech and --source-dir, then run the unittest cases of
    the calling module (extra arguments go to unittest, e.g. a test name)."""
    global NANOMECH, SOURCE
    ap = argparse.ArgumentParser()
    ap.add_argument("--nanomech", required=True)
    ap.add_argument("--source-dir", default=os.path.dirname(
        os.path.dirname(HERE)))
    args, rest = ap.parse_known_args(argv)
    NANOMECH = os.path.abspath(args.nanomech)
    SOURCE = os.path.abspath(args.source_dir)
    if not os.access(NANOMECH, os.X_OK):
        print("nanomech binary not found: %s" % NANOMECH, file=sys.stderr)
        sys.exit(1)
    return rest
