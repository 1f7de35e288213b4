#!/usr/bin/python3
"""Compare two nanomech runs: every number of summary.json's "results" and
every row of stress_strain.csv (or homogenization.csv) must agree to a
relative tolerance, or to an absolute one (for entries that vanish, such as
stiffness couplings that are zero by symmetry; like ASPECT's -a/-r).

  compare_runs.py RUN_A RUN_B [--rtol 1e-10] [--atol 0] [--table stress_strain.csv]

Table columns are compared relative to the largest value of the column.
Prints the largest relative difference of the values that fail the
absolute tolerance; exit status 1 if it exceeds rtol, 2 on bad input.
"""
import argparse
import csv
import json
import math
import sys


def numbers(obj, prefix=""):
    """Flattens the numbers of a JSON object to {path: value}."""
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(numbers(v, prefix + "/" + k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.update(numbers(v, prefix + f"[{i}]"))
    elif isinstance(obj, bool):
        out[prefix] = float(obj)
    elif isinstance(obj, (int, float)):
        out[prefix] = float(obj)
    return out


def rel(a, b, scale):
    return abs(a - b) / max(abs(a), abs(b), scale, 1e-300)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run_a")
    ap.add_argument("run_b")
    ap.add_argument("--rtol", type=float, default=1e-10)
    ap.add_argument("--atol", type=float, default=0.0,
                    help="differences below this count as equal")
    ap.add_argument("--table", default="stress_strain.csv",
                    help="CSV table of the runs to compare row by row")
    ap.add_argument("--skip", nargs="*", default=["seconds", "_s", "time"],
                    help="columns/keys containing these strings are not compared")
    args = ap.parse_args()

    def skipped(name):
        return any(s in name for s in args.skip)

    try:
        sa = json.load(open(args.run_a + "/summary.json"))
        sb = json.load(open(args.run_b + "/summary.json"))
        ta = list(csv.DictReader(open(args.run_a + "/" + args.table)))
        tb = list(csv.DictReader(open(args.run_b + "/" + args.table)))
    except (OSError, ValueError) as e:
        print(f"compare_runs: {e}", file=sys.stderr)
        return 2

    worst, where = 0.0, ""
    ra, rb = numbers(sa["results"]), numbers(sb["results"])
    if set(ra) != set(rb):
        print(f"results keys differ: {sorted(set(ra) ^ set(rb))}")
        return 1
    for k in ra:
        if skipped(k):
            continue
        d = rel(ra[k], rb[k], 0.0)
        if abs(ra[k] - rb[k]) <= args.atol:
            continue
        if d > worst:
            worst, where = d, "results" + k
    if len(ta) != len(tb):
        print(f"{args.table}: {len(ta)} rows against {len(tb)}")
        return 1
    for col in ta[0].keys() if ta else []:
        if skipped(col):
            continue
        try:
            a = [float(r[col]) for r in ta]
            b = [float(r[col]) for r in tb]
        except ValueError:
            if [r[col] for r in ta] != [r[col] for r in tb]:
                print(f"{args.table}: column {col} differs")
                return 1
            continue
        scale = max(abs(x) for x in a + b) if a else 0.0
        for i, (x, y) in enumerate(zip(a, b)):
            # Relative to the column's scale: a value near zero (a first
            # step, a broken specimen) is compared with the size of the rest.
            d = rel(x, y, scale)
            if abs(x - y) <= args.atol:
                continue
            if d > worst:
                worst, where = d, f"{args.table} row {i} {col}"
    print(f"largest relative difference {worst:.3g} ({where or 'none'}), "
          f"tolerance {args.rtol:g}")
    return 0 if worst <= args.rtol else 1


if __name__ == "__main__":
    sys.exit(main())
