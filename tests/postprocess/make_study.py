#!/usr/bin/python3
"""Make a small real study directory for the postprocess tests: tiny 2D
nacre fracture runs (params/fracture_nacre_2d.prm made small: 2 rows,
40 x 16 cells, AT2, no adaptive refinement; about 10 s each on 2 ranks)
over tablet length x interlayer thickness x replicas, with study.json in
the study driver's format 1, and one further case that has not finished
(its output holds only the first rows of a stress_strain.csv, as a run
still going would).

  make_study.py BINARY SOURCE_DIR STUDY_DIR [--lengths 1.6 2.4]
        [--interlayers 0.02 0.04] [--replicas 1] [--ranks 2] [--parallel 1]
        [--no-unfinished] [--name NAME] [--set ENTRY=VALUE ...]

STUDY_DIR is replaced. Exit status 1 if a run fails.
"""
import argparse
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

# The modules every Python script of the repository shares (<repo>/python).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "python"))
from nanomech_py.files import write_atomically  # noqa: E402
from nanomech_py.mpi import mpirun_command  # noqa: E402

LENGTH = "Microstructure/Nacre/Tablet length"
INTERLAYER = "Microstructure/Nacre/Interlayer thickness"
SMALL = {
    "Geometry/Cells x": "40", "Geometry/Cells y": "16",
    "Geometry/Cells across layers": "1",
    "Microstructure/Nacre/Number of rows": "2",
    "Fracture/Adaptive refinement": "false", "Fracture/Model": "AT2",
    "Fracture/Energy split": "none", "Fracture/Length scale": "0.15",
    "Fracture/Strain increment": "2e-4",
    "Fracture/Post-peak increment factor": "0.5",
    "Fracture/Residual stiffness": "1e-4", "Fracture/Damage tolerance": "1e-3",
    "Fracture/Residual tolerance": "1e-4", "Fracture/Output every": "5",
    "Loading/Applied strain": "0.03",
    "Output/Number of files per step": "2",
}


def run_case(binary, prm, case_dir, sets, ranks):
    os.makedirs(case_dir)
    out = os.path.join(case_dir, "output")
    cmd = mpirun_command(ranks) + [binary, prm, "--output-dir", out]
    for k, v in sets.items():
        cmd += ["--set", f"{k}={v}"]
    t0 = time.time()
    with open(os.path.join(case_dir, "run.log"), "w") as log:
        status = subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)
    with open(os.path.join(case_dir, "exit_status"), "w") as f:
        f.write(f"{status}\n")
    return status, time.time() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("source")
    ap.add_argument("study")
    ap.add_argument("--lengths", nargs="+", default=["1.6", "2.4"])
    ap.add_argument("--interlayers", nargs="+", default=["0.02", "0.04"])
    ap.add_argument("--replicas", type=int, default=1)
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--parallel", type=int, default=1)
    ap.add_argument("--name", default="nacre_tiny")
    ap.add_argument("--no-unfinished", action="store_true")
    ap.add_argument("--set", action="append", default=[], metavar="ENTRY=VALUE",
                    help="further overrides of the small settings")
    args = ap.parse_args()
    for kv in args.set:
        k, _, v = kv.partition("=")
        SMALL[k.strip()] = v.strip()

    prm = os.path.join(args.source, "params", "fracture_nacre_2d.prm")
    study = os.path.abspath(args.study)
    shutil.rmtree(study, ignore_errors=True)
    os.makedirs(os.path.join(study, "cases"))
    cases = []
    combos = list(itertools.product(args.interlayers, args.lengths))
    for replica in range(args.replicas):
        for t, length in combos:
            cid = f"{len(cases):04d}"
            cases.append({"id": cid, "directory": f"cases/{cid}",
                          "parameters": {LENGTH: length, INTERLAYER: t},
                          "replica": replica, "seed": 1 + replica})
    jobs = []
    for c in cases:
        sets = dict(SMALL)
        sets.update(c["parameters"])
        sets["Microstructure/Seed"] = str(c["seed"])
        jobs.append((os.path.join(study, c["directory"]), sets))
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        results = list(pool.map(lambda j: run_case(args.binary, prm, j[0], j[1],
                                                   args.ranks), jobs))
    failed = [c["id"] for c, (s, _) in zip(cases, results) if s != 0]
    for c, (s, dt) in zip(cases, results):
        print(f"case {c['id']} {c['parameters']} seed {c['seed']}: "
              f"exit {s}, {dt:.1f} s")

    if not args.no_unfinished:
        # A case still running: a first part of a finished case's table, no
        # summary.json, no exit status.
        cid = f"{len(cases):04d}"
        last = str(float(args.lengths[-1]) * 1.5)
        case = {"id": cid, "directory": f"cases/{cid}",
                "parameters": {LENGTH: f"{float(last):g}", INTERLAYER: args.interlayers[0]},
                "replica": 0, "seed": 1}
        out = os.path.join(study, case["directory"], "output")
        os.makedirs(out)
        with open(os.path.join(study, "cases/0000/output/stress_strain.csv")) as f:
            head = f.readlines()[:4]
        with open(os.path.join(out, "stress_strain.csv"), "w") as f:
            f.writelines(head)
        cases.append(case)

    manifest = {"format": 1, "name": args.name,
                "study_file": os.path.join(study, "study.study"),
                "base_parameters": os.path.abspath(prm),
                "varied": [LENGTH, INTERLAYER], "replicas": args.replicas,
                "cases": cases}
    write_atomically(os.path.join(study, "study.json"),
                     json.dumps(manifest, indent=1))
    print(f"wrote {study}/study.json: {len(cases)} cases in "
          f"{time.time() - t0:.1f} s")
    if failed:
        print(f"FAIL: runs failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
