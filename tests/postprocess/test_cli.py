#!/usr/bin/python3
"""The command lines of the postprocess scripts: --help of each works, and
bad arguments or inputs give exit status 2 with one message naming the
problem (no traceback, no output written). Small hand-made inputs; no
nanomech run needed.

  test_cli.py SOURCE_DIR
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import check, finish, run_script  # noqa: E402

SRC = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..")
PP = os.path.join(SRC, "postprocess")
SCRIPTS = ["collect.py", "curves.py", "study_plots.py", "render.py"]


def run(script, *args):
    return run_script(os.path.join(PP, script), *args)


def expect_usage_error(script, args, fragment):
    status, out, err = run(script, *args)
    lines = [l for l in err.splitlines() if l.strip()]
    errors = [l for l in lines if "error:" in l]
    check(f"{script} {' '.join(args)}: exit 2 naming '{fragment}'",
          status == 2 and len(errors) == 1 and fragment in errors[0]
          and "Traceback" not in err and out == "",
          f"status {status}\nstdout: {out}\nstderr: {err}")


with tempfile.TemporaryDirectory() as tmp:
    # --help
    for s in SCRIPTS:
        status, out, err = run(s, "--help")
        check(f"{s} --help", status == 0 and out.startswith("usage:") and
              s in out and len(out.splitlines()) > 10, out + err)

    # A minimal run directory and studies made by hand.
    runa = os.path.join(tmp, "case0", "output")
    os.makedirs(runa)
    with open(os.path.join(runa, "stress_strain.csv"), "w") as f:
        f.write("step,nominal_strain,nominal_stress_MPa\n0,0,0\n1,0.001,10\n")
    with open(os.path.join(runa, "summary.json"), "w") as f:
        json.dump({"results": {"strength_MPa": 10.0}}, f)
    empty = os.path.join(tmp, "empty")
    os.makedirs(empty)
    bad_format = os.path.join(tmp, "bad_format")
    os.makedirs(bad_format)
    with open(os.path.join(bad_format, "study.json"), "w") as f:
        json.dump({"format": 2, "varied": [], "cases": []}, f)
    lacking = os.path.join(tmp, "lacking")
    os.makedirs(lacking)
    with open(os.path.join(lacking, "study.json"), "w") as f:
        json.dump({"format": 1, "name": "x", "varied": ["A/B"], "replicas": 1,
                   "cases": [{"id": "0000", "directory": runa,
                              "parameters": {"A/C": "1"}, "replica": 0,
                              "seed": 1}]}, f)
    good = os.path.join(tmp, "good")
    os.makedirs(good)
    with open(os.path.join(good, "study.json"), "w") as f:
        json.dump({"format": 1, "name": "x", "varied": ["A/B"], "replicas": 1,
                   "cases": [{"id": "0000", "directory": os.path.join(tmp, "case0"),
                              "parameters": {"A/B": "1"}, "replica": 0,
                              "seed": 1}]}, f)
    broken = os.path.join(tmp, "broken")
    os.makedirs(broken)
    with open(os.path.join(broken, "study.json"), "w") as f:
        f.write("{not json")

    expect_usage_error("collect.py", [], "required")
    expect_usage_error("collect.py", ["/nonexistent/dir"], "no such directory")
    expect_usage_error("collect.py", [empty], "neither a study")
    expect_usage_error("collect.py", [bad_format], "\"format\": 1")
    expect_usage_error("collect.py", [broken], "unreadable")
    expect_usage_error("collect.py", [lacking], "lacks the varied parameter")
    expect_usage_error("collect.py", [good, runa], "one study directory")
    expect_usage_error("collect.py", [runa, "--bogus"], "unrecognized")

    expect_usage_error("curves.py", [runa, "--x", "bogus"], "no column 'bogus'")
    expect_usage_error("curves.py", [runa, "-o", os.path.join(tmp, "c.jpg")], ".png")
    expect_usage_error("curves.py", [runa, "--labels", "a", "b"], "2 labels for 1")
    expect_usage_error("curves.py", [good, "--color-by", "X/Y"], "not a varied parameter")
    expect_usage_error("curves.py", [runa, "--size", "0", "3"], "--size")
    expect_usage_error("curves.py", [empty], "neither a study")

    expect_usage_error("study_plots.py", [runa], "not a study directory")
    expect_usage_error("study_plots.py", [good, "--error", "sem"], "invalid choice")
    expect_usage_error("study_plots.py", [good, "--metrics", "nonexistent_MPa"],
                       "no column nonexistent_MPa")

    expect_usage_error("render.py", [empty], "no solution.pvd")
    expect_usage_error("render.py", ["/nonexistent/dir"], "no such directory")
    expect_usage_error("render.py", [empty, "--warp", "-1"], "--warp")
    expect_usage_error("render.py", [empty, "--size", "0", "0"], "--size")
    expect_usage_error("render.py", [empty, "--range", "2", "1"], "--range")
    expect_usage_error("render.py", [empty, "--step", "3", "--last"], "not allowed")
    check("nothing written by the failures",
          not any(f.endswith(".png") or f.endswith(".csv") and f != "stress_strain.csv"
                  for _, _, fs in os.walk(tmp) for f in fs) and
          not os.path.exists("c.jpg"))

finish()
