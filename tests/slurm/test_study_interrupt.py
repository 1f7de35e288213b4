#!/usr/bin/python3
"""A local study run (no SLURM) stopped by SIGTERM, as on a laptop with
Ctrl-C or a kill: the runner passes the signal on, the case writes a
checkpoint and exits 3, status reports it interrupted, and `jobs/study run
DIR` continues it with --restart to the results of an uninterrupted run.

  test_study_interrupt.py --nanomech BUILD/nanomech [--source-dir REPO]
"""
import os
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers  # noqa: E402
from helpers import (RESULT_KEYS, csv_rows, load_json, n_steps,  # noqa: E402
                     read, run_study, wait_for, write)


class LocalInterrupt(helpers.TempDirTest):
    def test_sigterm_checkpoint_and_continue(self):
        study = write(os.path.join(self.tmp, "one.study"),
                      helpers.fracture_study_text())
        d = os.path.join(self.tmp, "study")
        out = os.path.join(d, "cases", "0000", "output")
        runner = subprocess.Popen(
            helpers.study_cmd() + ["run", study, "--dir", d],
            env=helpers.base_env(), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        try:
            wait_for(lambda: n_steps(out) >= 4 or runner.poll() is not None,
                     120, "4 load steps", poll=0.1)
            self.assertIsNone(runner.poll(), "the run ended before the signal")
            runner.send_signal(signal.SIGTERM)
            text, _ = runner.communicate(timeout=120)
        finally:
            if runner.poll() is None:
                runner.kill()
        self.assertEqual(runner.returncode, 128 + signal.SIGTERM, text)
        self.assertIn("interrupted after a checkpoint (exit 3)", text)
        self.assertIn("continues", text)
        st = helpers.status_json(d)
        self.assertEqual(st["cases"][0]["state"], "failed")
        self.assertIn("interrupted after a checkpoint (exit 3)",
                      st["cases"][0]["detail"])
        self.assertFalse(os.path.exists(os.path.join(out, "summary.json")))
        steps_at_signal = n_steps(out)

        r = run_study(["run", d])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("case 0000: done", r.stdout)
        log = read(os.path.join(d, "cases", "0000", "run.log"))
        self.assertIn("received SIGTERM", log)
        starts = [l for l in log.splitlines()
                  if "nanomech.sbatch" in l and " --output-dir " in l]
        self.assertEqual(len(starts), 2, starts)
        self.assertNotIn("--restart", starts[0])
        self.assertTrue(starts[1].endswith("--restart"), starts[1])

        # Same results as without the interruption.
        ref = os.path.join(self.tmp, "reference")
        prm = os.path.join(d, "cases", "0000", "case.prm")
        r = subprocess.run([helpers.NANOMECH, prm, "--output-dir", ref],
                           env=helpers.base_env(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=300)
        self.assertEqual(r.returncode, 0, r.stdout[-2000:])
        self.assertLess(steps_at_signal, n_steps(ref))
        got = load_json(os.path.join(out, "summary.json"))["results"]
        want = load_json(os.path.join(ref, "summary.json"))["results"]
        for key in RESULT_KEYS:
            self.assertAlmostEqual(got[key], want[key],
                                   delta=1e-6 * abs(want[key]) + 1e-12,
                                   msg=key)
        rows = csv_rows(os.path.join(out, "stress_strain.csv"))
        self.assertEqual([int(r["step"]) for r in rows],
                         list(range(len(rows))))
        self.assertEqual(len(rows), n_steps(ref) + 1)


if __name__ == "__main__":
    rest = helpers.main()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
