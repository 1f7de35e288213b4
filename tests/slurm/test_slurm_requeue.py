#!/usr/bin/python3
"""Checkpoint, requeue and restart through jobs/nanomech.sbatch on a real
single-node SLURM cluster started by this test.

Two fracture runs are interrupted by SIGUSR1 sent to their batch shells
(`scancel --signal=USR1 --batch`, what `#SBATCH --signal=B:USR1@120` does
before the time limit): a single run (ranks started by srun with PMIx),
signalled inside a load step (its staggered iterations slowed by the
test's pause and each printing a progress line), and a one-case study
(ranks started by mpirun). Each must write a checkpoint,
exit 3, requeue itself, continue with --restart in the requeued job and
finish with the same results as an uninterrupted run. A third, cancelled
with scancel (SIGTERM), must not be requeued, is reported failed
(interrupted) and, resubmitted, continues from its checkpoint.

Skipped (exit 77) only when slurm-wlm and munge are missing and cannot be
installed with apt-get.

  test_slurm_requeue.py --nanomech BUILD/nanomech [--source-dir REPO]
"""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers  # noqa: E402
import slurm_cluster  # noqa: E402
from helpers import (FRACTURE_SETS, RESULT_KEYS, csv_rows, load_json,  # noqa: E402
                     n_steps, read, run_study, wait_for, write)

CLUSTER = None


def setUpModule():
    global CLUSTER
    CLUSTER = slurm_cluster.Cluster()
    CLUSTER.start()


def tearDownModule():
    if CLUSTER is not None:
        CLUSTER.stop()


def env(extra=None):
    e = helpers.base_env({"SLURM_CONF": CLUSTER.conf,
                          "PATH": CLUSTER.env["PATH"]})
    e.update(extra or {})
    return e


def set_args():
    return [a for k, v in FRACTURE_SETS for a in ("--set", "%s=%s" % (k, v))]


def scancel(*args):
    r = subprocess.run(["scancel"] + list(args), env=env(),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    assert r.returncode == 0, r.stdout


class Requeue(helpers.TempDirTest):
    def assert_contiguous(self, out_dir):
        rows = csv_rows(os.path.join(out_dir, "stress_strain.csv"))
        steps = [int(r["step"]) for r in rows]
        self.assertEqual(steps, list(range(len(rows))),
                         "load steps lost or repeated after the restart")
        strains = [float(r["nominal_strain"]) for r in rows]
        self.assertTrue(all(b > a for a, b in zip(strains, strains[1:])))
        return rows

    def assert_same_results(self, out_dir, ref_dir):
        got = load_json(os.path.join(out_dir, "summary.json"))["results"]
        want = load_json(os.path.join(ref_dir, "summary.json"))["results"]
        for key in RESULT_KEYS:
            self.assertAlmostEqual(got[key], want[key],
                                   delta=1e-6 * abs(want[key]) + 1e-12,
                                   msg="%s after restart" % key)
        rows = self.assert_contiguous(out_dir)
        ref = csv_rows(os.path.join(ref_dir, "stress_strain.csv"))
        self.assertEqual(len(rows), len(ref))
        for a, b in zip(rows, ref):
            self.assertAlmostEqual(float(a["nominal_stress_MPa"]),
                                   float(b["nominal_stress_MPa"]),
                                   delta=1e-6 * abs(float(b[
                                       "nominal_stress_MPa"])) + 1e-9)

    def submit_study(self, name, extra_env=None):
        study = write(os.path.join(self.tmp, name + ".study"),
                      helpers.fracture_study_text())
        d = os.path.join(self.tmp, name)
        r = run_study(["submit", study, "--dir", d, "--ranks", "1"],
                      env=env(extra_env))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return d, load_json(os.path.join(d, "jobs.json"))[0]["job_id"]

    def test_requeue_restart_and_cancel(self):
        """A and B are interrupted by SIGUSR1 and requeued; C is cancelled
        (not requeued) and resubmitted while A and B wait to restart."""
        prm = os.path.join(helpers.SOURCE, "params", "fracture_nacre_2d.prm")
        # A: one run, srun + PMIx (the cluster offers pmix); its iterations
        # paused 0.1 s and each with a progress line, to be signalled inside
        # a load step. Alternate minimization: its steps take several
        # iterations, where Newton's (the example's solver) converge in 2-3,
        # so that a signal in the last one is acted on after the step.
        r = subprocess.run(
            ["sbatch", "--parsable", "--ntasks=1", "--time=00:10:00",
             "--chdir=" + self.tmp,
             "--output=" + os.path.join(self.tmp, "single-%j.log"),
             helpers.batch_script(), prm] + set_args() +
            ["--set", "Fracture/Progress interval=0",
             "--set", "Fracture/Solver=staggered"],
            env=env({"NANOMECH_TEST_ITERATION_PAUSE": "0.1"}),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        job_a = r.stdout.strip().split(";")[0]
        out_a = os.path.join(self.tmp, "output", "fracture_nacre_2d-" + job_a)
        log_a = os.path.join(self.tmp, "single-%s.log" % job_a)
        # B: a one-case study, ranks started by mpirun.
        d_b, job_b = self.submit_study("b", {"NANOMECH_LAUNCHER": "mpirun"})
        out_b = os.path.join(d_b, "cases", "0000", "output")
        log_b = os.path.join(d_b, "cases", "0000", "run.log")
        # C: a one-case study, to be cancelled.
        d_c, job_c = self.submit_study("c")
        out_c = os.path.join(d_c, "cases", "0000", "output")

        # Interrupt each after a few load steps (C starts when A or B
        # leaves a core).
        todo = {job_a: (out_a, ["--signal=USR1", "--batch", job_a]),
                job_b: (out_b, ["--signal=USR1", "--batch", job_b + "_0"]),
                job_c: (out_c, [job_c])}
        steps_at_signal = {}

        def inside_step(job):
            """A's log ends with a progress line of a step after the
            fourth: the signal arrives inside that step."""
            if job != job_a or not os.path.exists(log_a):
                return True
            lines = read(log_a).splitlines()
            return bool(lines) and ", iteration " in lines[-1]

        def signal_ready():
            for job, (out, args) in list(todo.items()):
                if n_steps(out) >= 4 and inside_step(job):
                    scancel(*args)
                    steps_at_signal[job] = n_steps(out)
                    del todo[job]
            return not todo
        wait_for(signal_ready, 180, "4 load steps of every job", poll=0.1)

        # C: cancelled, so not requeued; failed, interrupted.
        recs = CLUSTER.wait_jobs_finished(job_c, 120)
        self.assertEqual(recs[0]["JobState"], "CANCELLED", recs[0])
        self.assertEqual(recs[0]["Restarts"], "0", recs[0])
        log_c = read(os.path.join(d_c, "cases", "0000", "run.log"))
        self.assertIn("not requeued (stopped by SIGTERM)", log_c)
        self.assertEqual(read(os.path.join(d_c, "cases", "0000",
                                           "exit_status")).strip(), "3")
        st = helpers.status_json(d_c, env())
        self.assertEqual(st["cases"][0]["state"], "failed")
        self.assertIn("interrupted after a checkpoint (exit 3)",
                      st["cases"][0]["detail"])
        # Resubmitted, it continues from its checkpoint.
        r = run_study(["resubmit", d_c], env=env())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        job_c2 = load_json(os.path.join(d_c, "jobs.json"))[1]["job_id"]

        # Meanwhile: the same runs uninterrupted (A's with its solver).
        refs = {}
        for job, more in ((job_a, ["--set", "Fracture/Solver=staggered"]),
                          (job_b, [])):
            refs[job] = os.path.join(self.tmp, "reference-" + job)
            r = subprocess.run([helpers.NANOMECH, prm] + set_args() + more +
                               ["--output-dir", refs[job]],
                               env=helpers.base_env(),
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               timeout=300)
            self.assertEqual(r.returncode, 0, r.stdout[-2000:])
            n_total = n_steps(refs[job])
            self.assertTrue(steps_at_signal[job] < n_total,
                            "%s not interrupted part-way: %d of %d steps"
                            % (job, steps_at_signal[job], n_total))

        # A and B: requeued once, finished with --restart, same results.
        for job in (job_a, job_b):
            recs = CLUSTER.wait_jobs_finished(job, 240)
            self.assertEqual(len(recs), 1)
            self.assertEqual(recs[0]["JobState"], "COMPLETED", recs[0])
            self.assertEqual(recs[0]["ExitCode"], "0:0", recs[0])
            self.assertEqual(recs[0]["Restarts"], "1", recs[0])
        for log, out, ref, launcher in (
                (log_a, out_a, refs[job_a], "srun --mpi=pmix"),
                (log_b, out_b, refs[job_b], "mpirun -np 1")):
            text = read(log)
            for expected in ("received SIGUSR1",
                             "stopped after writing a checkpoint (status 3)",
                             "requeueing job", "restart count 1",
                             "finished", launcher):
                self.assertIn(expected, text, "%s lacks '%s'" % (log, expected))
            self.assert_restarted(text)
            self.assert_same_results(out, ref)
        self.assertIn("inside the step to strain", read(log_a),
                      "A was not stopped inside a load step")
        st = helpers.status_json(d_b, env())
        self.assertEqual(st["cases"][0]["state"], "done")
        self.assertEqual(read(os.path.join(d_b, "cases", "0000",
                                           "exit_status")).strip(), "0")

        # C after its resubmission.
        recs = CLUSTER.wait_jobs_finished(job_c2, 120)
        self.assertEqual(recs[0]["JobState"], "COMPLETED", recs[0])
        self.assertEqual(helpers.status_json(d_c, env())["cases"][0]["state"],
                         "done")
        self.assert_restarted(read(os.path.join(d_c, "cases", "0000",
                                                "run.log")))
        self.assert_same_results(out_c, refs[job_b])

    def assert_restarted(self, log):
        """Two attempts: the first without --restart, the second with it,
        continuing from a checkpoint."""
        starts = [l for l in log.splitlines()
                  if "nanomech.sbatch" in l and " --output-dir " in l]
        self.assertEqual(len(starts), 2, starts)
        self.assertNotIn("--restart", starts[0])
        self.assertTrue(starts[1].endswith("--restart"), starts[1])
        self.assertIn("Restarted from", log)


if __name__ == "__main__":
    rest = helpers.main()
    why = slurm_cluster.ensure_packages()
    if why:
        print("SKIP: %s" % why)
        sys.exit(slurm_cluster.SKIP)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
