#!/usr/bin/python3
"""A study as a SLURM job array on a real single-node cluster started by
this test (tests/slurm/slurm_cluster.py): the 4 cases of tiny_array.study
run as one array with a concurrency limit and are all done; a study with a
failing case reports it failed and resubmits that case alone.

Skipped (exit 77) only when slurm-wlm and munge are missing and cannot be
installed with apt-get.

  test_slurm_study.py --nanomech BUILD/nanomech [--source-dir REPO]
"""
import csv
import io
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers  # noqa: E402
import slurm_cluster  # noqa: E402
from helpers import load_json, read, run_study, write  # noqa: E402

CLUSTER = None


def setUpModule():
    global CLUSTER
    CLUSTER = slurm_cluster.Cluster()
    CLUSTER.start()


def tearDownModule():
    if CLUSTER is not None:
        CLUSTER.stop()


def env():
    return helpers.base_env({"SLURM_CONF": CLUSTER.conf,
                             "PATH": CLUSTER.env["PATH"]})


def wait_study(directory, timeout):
    """Poll status until no case is pending or running; return the last
    status and every state seen on the way."""
    seen = set()
    deadline = time.time() + timeout
    while True:
        st = helpers.status_json(directory, env())
        seen.update(c["state"] for c in st["cases"])
        if st["totals"]["pending"] == 0 and st["totals"]["running"] == 0:
            return st, seen
        if time.time() > deadline:
            CLUSTER.dump_logs()
            raise AssertionError("study not finished after %d s: %s"
                                 % (timeout, st["cases"]))
        time.sleep(1)


class SlurmStudy(helpers.TempDirTest):
    """Both studies are submitted at once (the cluster then has work while
    it launches jobs) and checked one after the other."""

    def test_job_arrays(self):
        tiny = self.submit_tiny()
        two = self.submit_two()
        self.check_tiny(*tiny)
        self.check_failed_case_resubmitted_alone(two)

    def submit_tiny(self):
        d = os.path.join(self.tmp, "tiny")
        study = os.path.join(helpers.HERE, "tiny_array.study")
        r = run_study(["submit", study, "--dir", d, "--max-concurrent", "2",
                       "--ranks", "1", "--time", "00:05:00"], env=env())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("4 case(s)", r.stdout)
        subs = load_json(os.path.join(d, "jobs.json"))
        self.assertEqual(len(subs), 1)
        self.assertEqual(subs[0]["array"], "0-3%2")
        job = subs[0]["job_id"]
        # One array, throttled to 2 tasks at a time.
        recs = CLUSTER.jobs(job)
        self.assertTrue(recs, "slurmctld does not know job %s" % job)
        self.assertTrue(all(rec.get("ArrayJobId") == job for rec in recs))
        self.assertIn("ArrayTaskThrottle=2",
                      subprocess.run(["scontrol", "show", "job", job],
                                     env=env(), stdout=subprocess.PIPE,
                                     text=True).stdout)
        return d, job

    def check_tiny(self, d, job):
        st, seen = wait_study(d, 150)
        self.assertEqual(st["totals"]["done"], 4, st["cases"])
        self.assertTrue(seen & {"pending", "running"},
                        "status never saw a queued or running case: %s" % seen)
        self.assertTrue(st["slurm"])
        recs = CLUSTER.wait_jobs_finished(job, 60)
        self.assertEqual(sorted(r["ArrayTaskId"] for r in recs),
                         ["0", "1", "2", "3"])
        self.assertTrue(all(r["JobState"] == "COMPLETED" and
                            r["ExitCode"] == "0:0" for r in recs), recs)

        m = load_json(os.path.join(d, "study.json"))
        self.assertEqual([c["seed"] for c in m["cases"]], [3, 4, 3, 4])
        for c in m["cases"]:
            cdir = os.path.join(d, c["directory"])
            s = load_json(os.path.join(cdir, "output", "summary.json"))
            self.assertEqual(s["n_mpi_ranks"], 1)
            self.assertEqual(s["microstructure"]["seed"], c["seed"])
            self.assertEqual(read(os.path.join(cdir, "exit_status")).strip(),
                             "0")
            log = read(os.path.join(cdir, "run.log"))
            self.assertIn("(array task %s_%d)" % (job, int(c["id"])), log)
            self.assertIn("finished", log)
        # A larger inclusion (stiffer phase) gives a larger modulus.
        moduli = [load_json(os.path.join(d, c["directory"], "output",
                                         "summary.json"))
                  ["results"]["apparent_modulus_MPa"] for c in m["cases"]]
        self.assertGreater(moduli[2], moduli[0])

        r = run_study(["status", d], env=env())
        self.assertIn("done 4, running 0, pending 0, failed 0, missing 0 "
                      "(of 4)", r.stdout)
        # Without SLURM (no squeue here) the recorded states are used.
        r = run_study(["status", d], env=helpers.base_env(
            {"PATH": os.path.join(self.tmp, "no-such-bin")}))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("SLURM not reachable", r.stdout)
        self.assertIn("done 4,", r.stdout)

        self.postprocess_hook(d, m)

    def postprocess_hook(self, d, manifest):
        # The postprocess scripts on the study the cluster ran: collect gives
        # one row per case; the study plots and the curves are PNGs that
        # show something.
        collect = os.path.join(helpers.SOURCE, "postprocess", "collect.py")
        r = subprocess.run([sys.executable, collect, d], env=env(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        self.assertEqual(len(rows), len(manifest["cases"]), r.stdout)
        self.assertEqual(sorted({row["Microstructure/Inclusion/Radius"]
                                 for row in rows}), ["0.2", "0.3"])
        plots = os.path.join(d, "plots")
        for script, args in (("study_plots.py", [d, "-o", plots]),
                             ("curves.py", [d, "-o",
                                            os.path.join(plots, "curves.png")])):
            r = subprocess.run(
                [sys.executable,
                 os.path.join(helpers.SOURCE, "postprocess", script)] + args,
                env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, timeout=120)
            self.assertEqual(r.returncode, 0, script + ": " + r.stderr)
        sys.path.insert(0, os.path.join(helpers.SOURCE, "tests", "postprocess"))
        from pngcheck import assert_not_blank
        pngs = sorted(f for f in os.listdir(plots) if f.endswith(".png"))
        self.assertIn("curves.png", pngs)
        self.assertTrue(any(f.startswith("apparent_modulus") for f in pngs),
                        pngs)
        for f in pngs:
            assert_not_blank(os.path.join(plots, f))

    def submit_two(self):
        study = write(os.path.join(self.tmp, "two.study"),
                      "name = two\nbase = params/default.prm\n"
                      "set Geometry/Cells x = 8\nset Geometry/Cells y = 8\n"
                      "set Geometry/Cells z = 8\n"
                      "vary Microstructure/Inclusion/Radius = 0.2, -0.2\n")
        d = os.path.join(self.tmp, "two")
        r = run_study(["submit", study, "--dir", d, "--ranks", "2"], env=env())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return d

    def check_failed_case_resubmitted_alone(self, d):
        st, _ = wait_study(d, 150)
        self.assertEqual([c["state"] for c in st["cases"]], ["done", "failed"])
        self.assertIn("bad input (exit 2)", st["cases"][1]["detail"])
        first = load_json(os.path.join(d, "jobs.json"))[0]["job_id"]
        recs = {r["ArrayTaskId"]: r for r in CLUSTER.wait_jobs_finished(
            first, 60)}
        self.assertEqual(recs["0"]["ExitCode"], "0:0")
        self.assertEqual(recs["1"]["ExitCode"], "2:0")  # that task only
        s = load_json(os.path.join(d, "cases", "0000", "output",
                                   "summary.json"))
        self.assertEqual(s["n_mpi_ranks"], 2)  # ranks from the allocation

        # Fix the failed case; resubmit takes it alone, with the same ranks.
        prm = os.path.join(d, "cases", "0001", "case.prm")
        write(prm, read(prm).replace("set Radius = -0.2", "set Radius = 0.25"))
        mtime0 = os.path.getmtime(os.path.join(d, "cases", "0000", "output",
                                               "summary.json"))
        r = run_study(["resubmit", d], env=env())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("resubmitted 1 case(s) (1)", r.stdout)
        subs = load_json(os.path.join(d, "jobs.json"))
        self.assertEqual(len(subs), 2)
        self.assertEqual(subs[1]["cases"], ["0001"])
        self.assertTrue(subs[1]["array"].startswith("1%"))
        st, _ = wait_study(d, 120)
        self.assertEqual([c["state"] for c in st["cases"]], ["done", "done"])
        self.assertEqual(CLUSTER.wait_jobs_finished(subs[1]["job_id"], 60)[0]
                         ["ArrayTaskId"], "1")
        s = load_json(os.path.join(d, "cases", "0001", "output",
                                   "summary.json"))
        self.assertEqual(s["n_mpi_ranks"], 2)
        self.assertEqual(mtime0, os.path.getmtime(os.path.join(
            d, "cases", "0000", "output", "summary.json")))
        r = run_study(["resubmit", d], env=env())
        self.assertIn("nothing to resubmit", r.stdout)


if __name__ == "__main__":
    rest = helpers.main()
    why = slurm_cluster.ensure_packages()
    if why:
        print("SKIP: %s" % why)
        sys.exit(slurm_cluster.SKIP)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
