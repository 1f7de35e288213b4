#!/usr/bin/python3
"""Print the key results of one or more nanomech runs as CSV.

  postprocess/summary_table.py output/default [output/other ...] [--keys K ...]

Each argument is a run's output directory (or its summary.json). Columns:
the run, n_mpi_ranks, n_dofs, CG iterations, total time, and every number
in "results" (or only the --keys given). A directory without summary.json
is reported as missing on standard error and skipped.
"""
import argparse
import csv
import json
import os
import sys


def load(path):
    if os.path.isdir(path):
        path = os.path.join(path, "summary.json")
    with open(path) as f:
        return json.load(f)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="+", help="run directories or summary.json files")
    ap.add_argument("--keys", nargs="+", help="result keys to print (default: all numbers)")
    args = ap.parse_args(argv)

    rows, missing = [], 0
    for run in args.runs:
        try:
            s = load(run)
        except (OSError, ValueError) as e:
            print(f"missing or unreadable: {run} ({e})", file=sys.stderr)
            missing += 1
            continue
        row = {"run": run, "n_mpi_ranks": s["n_mpi_ranks"], "n_dofs": s["n_dofs"],
               "cg_iterations": sum(s["solver"]["iterations_per_solve"]),
               "total_s": s["timing_seconds"]["total"]}
        for k, v in s["results"].items():
            if isinstance(v, (int, float)) and (not args.keys or k in args.keys):
                row[k] = v
        rows.append(row)
    if rows:
        keys = list(dict.fromkeys(k for r in rows for k in r))
        w = csv.DictWriter(sys.stdout, fieldnames=keys)
        w.writeheader()
        w.writerows(rows)
    return 1 if missing and not rows else 0


if __name__ == "__main__":
    sys.exit(main())
