#!/usr/bin/python3
"""collect.py on a study of real nanomech runs (made by make_study.py: 4
finished cases over tablet length x interlayer thickness, case 0004 still
running): 4 rows with the varied parameters as columns, the values of each
case's summary.json, and the unfinished case named on standard error; a
failed case (exit_status, no summary) is reported as failed; plain run
directories give one row each; n_warnings counts summary.json "warnings"
(empty for a run without that list).

  test_collect.py SOURCE_DIR STUDY_DIR
"""
import csv
import io
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import check, finish, run_script  # noqa: E402

SRC, STUDY = (os.path.abspath(a) for a in sys.argv[1:3])
COLLECT = os.path.join(SRC, "postprocess", "collect.py")


def collect(*args):
    return run_script(COLLECT, *args)


manifest = json.load(open(os.path.join(STUDY, "study.json")))
varied = manifest["varied"]
finished = [c for c in manifest["cases"] if os.path.isfile(
    os.path.join(STUDY, c["directory"], "output", "summary.json"))]
unfinished = [c for c in manifest["cases"] if c not in finished]
check("the study has 4 finished cases and 1 unfinished",
      len(finished) == 4 and len(unfinished) == 1 and len(varied) == 2,
      f"{len(finished)} finished, {len(unfinished)} not")

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "sub", "study.csv")
    status, stdout, stderr = collect(STUDY, "-o", out)
    check("exit 0 with a missing case", status == 0, stderr)
    check("the missing case is named", "1 of 5 cases missing" in stderr and
          f"{unfinished[0]['id']}: no summary.json" in stderr, stderr)
    rows = list(csv.DictReader(open(out, newline="")))
    header = next(csv.reader(open(out, newline="")))
    check("4 rows", len(rows) == 4, rows)
    check("columns: case, the varied parameters, replica, seed",
          header[:5] == ["case"] + varied + ["replica", "seed"], header)
    check("no temporary file left", sorted(os.listdir(os.path.dirname(out))) == ["study.csv"],
          os.listdir(os.path.dirname(out)))
    by_id = {r["case"]: r for r in rows}
    check("the finished cases, not the unfinished",
          sorted(by_id) == sorted(c["id"] for c in finished), sorted(by_id))
    for c in finished:
        r = by_id.get(c["id"], {})
        s = json.load(open(os.path.join(STUDY, c["directory"], "output", "summary.json")))
        check(f"case {c['id']}: varied values", all(
            float(r[v]) == float(c["parameters"][v]) for v in varied), r)
        check(f"case {c['id']}: replica and seed", int(r["replica"]) == c["replica"]
              and int(r["seed"]) == c["seed"] == s["microstructure"]["seed"], r)
        res = s["results"]
        check(f"case {c['id']}: results as in summary.json", all(
            float(r[k]) == res[k] for k in ("strength_MPa", "strain_at_peak",
                                            "toughness_MJ_per_m3",
                                            "dissipated_energy_J_per_m2")), r)
        check(f"case {c['id']}: size and time", int(r["n_mpi_ranks"]) == s["n_mpi_ranks"]
              and int(r["n_dofs"]) == s["n_dofs"]
              and float(r["total_s"]) == s["timing_seconds"]["total"], r)
        check(f"case {c['id']}: analysis extras", r.get("analysis") == "fracture"
              and int(r["fracture.load_steps"]) == s["fracture"]["load_steps"], r)
        check(f"case {c['id']}: n_warnings", r.get("n_warnings") ==
              (str(len(s["warnings"])) if "warnings" in s else ""), r)

    # Standard output gives the same table.
    status, stdout, _ = collect(STUDY)
    check("standard output = file", status == 0 and stdout == open(out).read())

    # A failed case: the driver's exit_status, no summary.json.
    fail_dir = os.path.join(tmp, "failed_case")
    os.makedirs(os.path.join(fail_dir, "output"))
    with open(os.path.join(fail_dir, "exit_status"), "w") as f:
        f.write("1\n")
    with open(os.path.join(fail_dir, "run.log"), "w") as f:
        f.write("the solver diverged\n")
    m2 = dict(manifest)
    m2["cases"] = [dict(c, directory=os.path.join(STUDY, c["directory"]))
                   for c in finished[:2]]
    m2["cases"].append(dict(finished[0], id="0099", directory=fail_dir))
    study2 = os.path.join(tmp, "study2")
    os.makedirs(study2)
    json.dump(m2, open(os.path.join(study2, "study.json"), "w"))
    status, stdout, stderr = collect(study2)
    check("failed case reported as failed", status == 0 and
          "0099: failed (exit status 1)" in stderr and
          len(stdout.strip().splitlines()) == 3, stderr + stdout)

    # No finished case: exit 1, nothing written.
    m3 = dict(manifest, cases=[dict(unfinished[0], directory=os.path.join(
        STUDY, unfinished[0]["directory"]))])
    study3 = os.path.join(tmp, "study3")
    os.makedirs(study3)
    json.dump(m3, open(os.path.join(study3, "study.json"), "w"))
    status, stdout, stderr = collect(study3, "-o", os.path.join(tmp, "none.csv"))
    check("no finished case: exit 1, no file", status == 1 and
          not os.path.exists(os.path.join(tmp, "none.csv")), stderr)

    # Plain run directories.
    runs = [os.path.join(STUDY, c["directory"], "output") for c in finished[:2]]
    status, stdout, stderr = collect(*runs)
    rows = list(csv.DictReader(io.StringIO(stdout)))
    check("run directories: one row each", status == 0 and len(rows) == 2 and
          [r["case"] for r in rows] == runs, stdout + stderr)

    # n_warnings: the length of summary.json "warnings"; an empty cell for a
    # run from before that list (no key), which is not 0.
    source = os.path.join(STUDY, finished[0]["directory"], "output", "summary.json")
    runs = []
    for name, warnings in (("two", ["w1", "w2"]), ("none", []), ("older", None)):
        s = json.load(open(source))
        s.pop("warnings", None)
        if warnings is not None:
            s["warnings"] = warnings
        runs.append(os.path.join(tmp, "warnings", name))
        os.makedirs(runs[-1])
        json.dump(s, open(os.path.join(runs[-1], "summary.json"), "w"))
    status, stdout, stderr = collect(*runs)
    rows = list(csv.DictReader(io.StringIO(stdout)))
    check("n_warnings 2, 0, empty", status == 0 and
          [r.get("n_warnings") for r in rows] == ["2", "0", ""], stdout + stderr)

finish()
