#!/usr/bin/python3
"""The study driver without SLURM: malformed study files, expansion and
sampling (grid, ranges, random, Latin hypercube), and a local run in which
one case fails, is reported failed and is rerun alone.

  test_study_local.py --nanomech BUILD/nanomech [--source-dir REPO] [unittest args]
"""
import json
import math
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import helpers  # noqa: E402
from helpers import load_json, read, run_study, status_json, write  # noqa: E402

SMALL = """\
set Geometry/Cells x = 8
set Geometry/Cells y = 8
set Geometry/Cells z = 8
"""


class MalformedStudyFiles(helpers.TempDirTest):
    """Each malformed file: exit status 2, exactly one error line naming
    the file and the line, and no study directory written."""

    CASES = [
        # (body, line of the error, text the message must contain)
        ("base = params/default.prm\n"
         "vary Microstructure/Inclusion/Raduis = 0.1, 0.2\n", 2,
         "unknown parameter entry 'Microstructure/Inclusion/Raduis' "
         "(did you mean 'Microstructure/Inclusion/Radius'?)"),
        ("# comment\nbase = params/default.prm\n\n"
         "vary Geometry/Size x = range(1, 0, 0.5)\n", 4,
         "range(1, 0, 0.5) is empty"),
        ("base = params/default.prm\nvary Geometry/Size x = 1, , 2\n", 2,
         "empty value in the list of Geometry/Size x"),
        ("base = params/default.prm\n"
         "vary Geometry/Size x = uniform(1, 2)\n", 2,
         "it needs 'design = random N' or 'design = lhs N'"),
        ("base = params/default.prm\ndesign = lhs\n", 2,
         "design must be 'grid', 'random N' or 'lhs N', not 'lhs'"),
        ("base = params/default.prm\nreplcas = 3\n", 2,
         "unknown keyword 'replcas' (did you mean 'replicas'?)"),
        ("base = params/default.prm\nreplicas = 0\n", 2,
         "replicas must be at least 1, not 0"),
        ("base = params/no_such_file.prm\n", 1,
         "base parameter file 'params/no_such_file.prm' not found"),
        ("base = params/default.prm\nset Geometry/Cells x = 8\n"
         "vary Geometry/Cells x = 8, 16\n", 3,
         "entry 'Geometry/Cells x' is already set or varied on line 2"),
        ("base = params/default.prm\nset Microstructure/Seed = 4\n", 2,
         "write 'seed = N' for the first seed"),
        ("base = params/default.prm\ndesign = random 4\n"
         "vary Geometry/Size x = loguniform(0, 1)\n", 3,
         "loguniform needs low > 0"),
        ("base = params/default.prm\nvary Geometry/Size x = \"1, 2\n", 2,
         "a '\"' is not closed"),
        ("base = params/default.prm\nvary Geometry/Size x = lin(1, 2, 3)\n",
         2, "unknown function 'lin'"),
        ("base = params/default.prm\nset Geometry/Cells x\n", 2,
         "'set' needs 'ENTRY = VALUE'"),
    ]

    def test_malformed(self):
        for k, (body, line, text) in enumerate(self.CASES):
            with self.subTest(case=k, expected=text):
                path = write(os.path.join(self.tmp, "bad%d.study" % k), body)
                # run and submit write nothing either (a few cases suffice)
                commands = ("check", "run", "submit") if k in (0, 1, 7) \
                    else ("check",)
                for command in commands:
                    out = os.path.join(self.tmp, "dir%d-%s" % (k, command))
                    args = [command, path] + ([] if command == "check"
                                              else ["--dir", out])
                    r = run_study(args)
                    self.assertEqual(r.returncode, 2, r.stderr)
                    errors = r.stderr.strip().splitlines()
                    self.assertEqual(len(errors), 1, r.stderr)
                    self.assertTrue(errors[0].startswith(
                        "%s:%d: error: " % (path, line)), errors[0])
                    self.assertIn(text, errors[0])
                    self.assertEqual(r.stdout, "")
                    self.assertFalse(os.path.exists(out),
                                     "%s wrote %s" % (command, out))
        # Nothing but the study files in the directory.
        self.assertEqual(sorted(f for f in os.listdir(self.tmp)
                                if not f.endswith(".study")), [])

    def test_no_base_line(self):
        path = write(os.path.join(self.tmp, "nobase.study"),
                     "vary Geometry/Size x = 1, 2\n")
        r = run_study(["run", path, "--dir", os.path.join(self.tmp, "d")])
        self.assertEqual(r.returncode, 2)
        self.assertEqual(r.stderr.strip(),
                         "%s: error: no 'base = PARAMETER_FILE' line" % path)


class Expansion(helpers.TempDirTest):
    def manifest(self, body, name="s"):
        path = write(os.path.join(self.tmp, name + ".study"), body)
        # Without a program the entry names are not checked (faster).
        env = helpers.base_env({"NANOMECH": os.path.join(self.tmp, "none")})
        r = run_study(["check", path, "--json"], env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_grid_ranges_and_lists(self):
        m = self.manifest(
            "base = params/default.prm\nreplicas = 2\nseed = 10\n"
            "vary Geometry/Size x = range(0.01, 0.04, 0.01)\n"
            "vary Geometry/Size y = linspace(1, 2, 3)\n"
            "vary Geometry/Size z = geomspace(1, 100, 3)\n"
            "vary Materials/Phase 1/Euler angles = \"0, 90, 0\", "
            "\"0, 45, 0\"  # quoted\n")
        self.assertEqual(m["varied"], ["Geometry/Size x", "Geometry/Size y",
                                       "Geometry/Size z",
                                       "Materials/Phase 1/Euler angles"])
        self.assertEqual(len(m["cases"]), 4 * 3 * 3 * 2 * 2)
        values = [sorted(set(c["parameters"][e] for c in m["cases"]),
                         key=lambda s: m["cases"].index(next(
                             c for c in m["cases"] if c["parameters"][e] == s)))
                  for e in m["varied"]]
        self.assertEqual(values, [["0.01", "0.02", "0.03", "0.04"],
                                  ["1", "1.5", "2"], ["1", "10", "100"],
                                  ["0, 90, 0", "0, 45, 0"]])
        # First vary line slowest, replicas innermost, seeds from 10.
        c = m["cases"]
        self.assertEqual([x["id"] for x in c[:3]], ["0000", "0001", "0002"])
        self.assertEqual((c[0]["replica"], c[0]["seed"]), (0, 10))
        self.assertEqual((c[1]["replica"], c[1]["seed"]), (1, 11))
        self.assertEqual(c[0]["parameters"], c[1]["parameters"])
        self.assertEqual(c[2]["parameters"]["Materials/Phase 1/Euler angles"],
                         "0, 45, 0")
        self.assertEqual(c[-1]["parameters"]["Geometry/Size x"], "0.04")
        self.assertEqual(c[0]["directory"], "cases/0000")
        self.assertEqual(list(m), ["format", "name", "study_file",
                                   "base_parameters", "varied", "replicas",
                                   "cases"])
        self.assertEqual(os.path.realpath(m["base_parameters"]),
                         os.path.realpath(os.path.join(
                             helpers.SOURCE, "params", "default.prm")))

    def sampled(self, design, seed, n=12):
        return self.manifest(
            "base = params/default.prm\ndesign = %s %d\nsampling seed = %d\n"
            "vary Geometry/Size x = uniform(0.5, 2)\n"
            "vary Geometry/Size y = loguniform(0.01, 1)\n"
            "vary Geometry/Cells x = 4, 8, 16, 32\n" % (design, n, seed),
            name="%s%d" % (design, seed))

    def test_sampling_reproducible(self):
        for design in ("random", "lhs"):
            with self.subTest(design=design):
                a, b = self.sampled(design, 7), self.sampled(design, 7)
                self.assertEqual(a["cases"], b["cases"])
                c = self.sampled(design, 8)
                self.assertNotEqual(
                    [x["parameters"] for x in a["cases"]],
                    [x["parameters"] for x in c["cases"]])
                for x in a["cases"]:
                    p = x["parameters"]
                    self.assertTrue(0.5 <= float(p["Geometry/Size x"]) < 2)
                    self.assertTrue(0.01 <= float(p["Geometry/Size y"]) < 1)
                    self.assertIn(p["Geometry/Cells x"], ["4", "8", "16", "32"])

    def test_latin_hypercube_strata(self):
        for n, seed in ((12, 1), (12, 2), (40, 3)):
            with self.subTest(n=n, seed=seed):
                m = self.sampled("lhs", seed, n)
                self.assertEqual(len(m["cases"]), n)
                xs = [float(c["parameters"]["Geometry/Size x"])
                      for c in m["cases"]]
                ys = [float(c["parameters"]["Geometry/Size y"])
                      for c in m["cases"]]
                # One point in each of the n equal-width strata of [0.5, 2)
                # and of the n log-width strata of [0.01, 1).
                sx = sorted(int((x - 0.5) / 1.5 * n) for x in xs)
                sy = sorted(int(math.log(y / 0.01) / math.log(100) * n)
                            for y in ys)
                self.assertEqual(sx, list(range(n)))
                self.assertEqual(sy, list(range(n)))
                # A list of 4 values: each value n/4 times.
                cells = [c["parameters"]["Geometry/Cells x"]
                         for c in m["cases"]]
                self.assertEqual(sorted(cells.count(v) for v in
                                        ("4", "8", "16", "32")), [n // 4] * 4)
                # Not a diagonal: the dimensions are permuted independently.
                self.assertNotEqual(sorted(range(n), key=lambda i: xs[i]),
                                    sorted(range(n), key=lambda i: ys[i]))


class ExampleStudies(unittest.TestCase):
    """Every params/studies/*.study (and the test's own) is valid for the
    program as built: its entries exist and its cases expand."""

    def test_examples_check(self):
        paths = [os.path.join(helpers.SOURCE, "params", "studies", f)
                 for f in sorted(os.listdir(os.path.join(
                     helpers.SOURCE, "params", "studies")))
                 if f.endswith(".study")]
        paths.append(os.path.join(helpers.HERE, "tiny_array.study"))
        n_cases = {}
        for path in paths:
            with self.subTest(study=os.path.basename(path)):
                r = run_study(["check", path, "--json"])
                self.assertEqual(r.returncode, 0, r.stderr)
                m = json.loads(r.stdout)
                self.assertTrue(os.path.isfile(m["base_parameters"]))
                n_cases[os.path.basename(path)] = len(m["cases"])
        self.assertEqual(n_cases["nacre_architecture.study"], 27)  # 3x3x3
        self.assertEqual(n_cases["tiny_array.study"], 4)


class LocalRun(helpers.TempDirTest):
    """Three cases, the second with an invalid value: the other two finish,
    status reports the failure, and reruns touch only what needs it."""

    def test_failed_case_is_reported_and_rerun_alone(self):
        study = write(os.path.join(self.tmp, "three.study"),
                      "name = three\nbase = params/default.prm\n" + SMALL +
                      "seed = 5\n"
                      "vary Microstructure/Inclusion/Radius = 0.2, -0.2, 0.3\n")
        d = os.path.join(self.tmp, "study")
        r = run_study(["run", study, "--dir", d, "--parallel", "2"])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("case 0001: FAILED: bad input (exit 2)", r.stdout)
        self.assertIn("2 of 3 case(s) finished", r.stdout)

        m = load_json(os.path.join(d, "study.json"))
        self.assertEqual([c["parameters"] for c in m["cases"]],
                         [{"Microstructure/Inclusion/Radius": v}
                          for v in ("0.2", "-0.2", "0.3")])
        self.assertEqual(m["study_file"], study)
        for c in m["cases"]:
            self.assertTrue(os.path.isfile(os.path.join(d, c["directory"],
                                                        "case.prm")))
        # The varied value and the seed reached the program.
        out0 = os.path.join(d, "cases", "0002", "output")
        s = load_json(os.path.join(out0, "summary.json"))
        self.assertEqual(s["microstructure"]["seed"], 5)
        self.assertRegex(read(os.path.join(out0, "parameters.prm")),
                         r"set Radius\s*= 0.3\b")

        st = status_json(d)
        self.assertEqual([c["state"] for c in st["cases"]],
                         ["done", "failed", "done"])
        self.assertIn("bad input (exit 2)", st["cases"][1]["detail"])
        self.assertEqual(st["totals"]["done"], 2)
        self.assertEqual(st["totals"]["failed"], 1)
        r = run_study(["status", d])
        self.assertIn("done 2, running 0, pending 0, failed 1, missing 0 "
                      "(of 3)", r.stdout)

        # The user fixes the failed case; a lost case directory is missing.
        prm = os.path.join(d, "cases", "0001", "case.prm")
        text = read(prm)
        self.assertIn("set Radius = -0.2", text)
        write(prm, text.replace("set Radius = -0.2", "set Radius = 0.25"))
        lost = os.path.join(d, "cases", "0002")
        mtime0 = os.path.getmtime(os.path.join(d, "cases", "0000", "output",
                                               "summary.json"))
        shutil.rmtree(lost)
        st = status_json(d)
        self.assertEqual([c["state"] for c in st["cases"]],
                         ["done", "failed", "missing"])

        # --only-failed: case 1 alone.
        r = run_study(["run", d, "--only-failed"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("running 1 case(s)", r.stdout)
        self.assertIn("case 0001: done", r.stdout)
        self.assertNotIn("case 0000", r.stdout)
        self.assertNotIn("case 0002", r.stdout)
        self.assertEqual([c["state"] for c in status_json(d)["cases"]],
                         ["done", "done", "missing"])
        log1 = read(os.path.join(d, "cases", "0001", "run.log"))
        self.assertEqual(log1.count(": start:"), 2)  # both attempts logged

        # resubmit --local: the missing case, rebuilt from the study.
        r = run_study(["resubmit", d, "--local"])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("case 0002: done", r.stdout)
        self.assertNotIn("case 0000", r.stdout)
        self.assertRegex(read(os.path.join(lost, "case.prm")),
                         r"set Radius = 0.3\b")
        st = status_json(d)
        self.assertEqual(st["totals"]["done"], 3)
        # Case 0 was never run again.
        self.assertEqual(mtime0, os.path.getmtime(os.path.join(
            d, "cases", "0000", "output", "summary.json")))
        r = run_study(["resubmit", d, "--local"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("nothing to resubmit", r.stdout)

    def test_existing_directory_is_not_overwritten(self):
        study = write(os.path.join(self.tmp, "one.study"),
                      "base = params/default.prm\n" + SMALL)
        d = os.path.join(self.tmp, "study")
        r = run_study(["run", study, "--dir", d])
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = run_study(["run", study, "--dir", d])
        self.assertEqual(r.returncode, 2)
        self.assertIn("already holds a study", r.stderr)


if __name__ == "__main__":
    rest = helpers.main()
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
