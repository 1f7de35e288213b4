#!/usr/bin/python3
"""Compare two nanomech runs: every value of summary.json's "results" and
every cell of stress_strain.csv (or homogenization.csv) must agree, numbers
to a relative tolerance or to an absolute one (for entries that vanish,
such as stiffness couplings that are zero by symmetry; like ASPECT's
-a/-r), texts exactly.

  compare_runs.py RUN_A RUN_B [--rtol 1e-10] [--atol 0]
        [--table stress_strain.csv] [--skip NAME ...]

Not compared, by exact name (a key's last component, list indices left
out, or a table column): times (a name whose unit in src/output/units.json
is seconds: ..._seconds, ..._s, such as realization_seconds), the timing
and provenance keys timing_seconds, memory, git_commit, version (and
everything under them), and the names given with --skip.

Table columns are compared relative to the largest value of the column.
Prints what was compared and the largest relative difference of the values
that fail the absolute tolerance; exit status 1 if it exceeds rtol, or if
keys, columns, rows or texts differ; 2 on bad input.
"""
import argparse
import csv
import json
import math
import os
import re
import sys

UNITS_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "src", "output", "units.json")
# Keys that vary from run to run by nature, and everything under them.
NOT_RESULTS = {"timing_seconds", "memory", "git_commit", "version"}


def time_suffixes():
    """The suffixes of src/output/units.json, and whether each means
    seconds."""
    with open(UNITS_FILE, encoding="utf-8") as f:
        return [(s, unit == "s") for s, unit in json.load(f)["suffixes"]]


def flatten(obj, prefix=""):
    """The leaves of a JSON value as {path: value}: "/a/b[2]"."""
    out = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(flatten(v, prefix + "/" + k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.update(flatten(v, prefix + f"[{i}]"))
    else:
        out[prefix] = obj
    return out


def components(path):
    """'/a/b[2][0]' -> ['a', 'b']."""
    return [re.sub(r"(\[\d+\])+$", "", c) for c in path.split("/") if c]


def as_number(v):
    """A JSON number or a CSV cell as a float (flags as 0/1), else None."""
    if isinstance(v, bool):
        return float(v)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            return None
    return None


def difference(a, b, scale):
    """|a - b| relative to max(|a|, |b|, scale); equal non-finite values
    (nan and nan, inf and inf) do not differ, any other non-finite does
    infinitely."""
    if not (math.isfinite(a) and math.isfinite(b)):
        same = (math.isnan(a) and math.isnan(b)) or a == b
        return (0.0, 0.0) if same else (math.inf, math.inf)
    d = abs(a - b)
    return d, d / max(abs(a), abs(b), scale, 1e-300)


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
    ap.add_argument("--skip", nargs="*", default=[], metavar="NAME",
                    help="further keys (last component) or columns not "
                         "compared, by exact name")
    args = ap.parse_args()

    try:
        suffixes = time_suffixes()
        sa = json.load(open(os.path.join(args.run_a, "summary.json")))
        sb = json.load(open(os.path.join(args.run_b, "summary.json")))
        ta = list(csv.reader(open(os.path.join(args.run_a, args.table), newline="")))
        tb = list(csv.reader(open(os.path.join(args.run_b, args.table), newline="")))
    except (OSError, ValueError, KeyError) as e:
        print(f"compare_runs: {e}", file=sys.stderr)
        return 2

    def is_time(name):
        for suffix, seconds in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                return seconds
        return False

    def skipped(names):
        return (names[-1] in args.skip or is_time(names[-1]) or
                any(n in NOT_RESULTS for n in names))

    worst, where, skips = 0.0, "", set()
    n_results = n_cells = 0

    def compare(a, b, scale, place):
        nonlocal worst, where
        x, y = as_number(a), as_number(b)
        if x is None or y is None:
            if a != b:
                print(f"{place}: {a!r} against {b!r}")
                return False
            return True
        d, r = difference(x, y, scale)
        if d > args.atol and r > worst:
            worst, where = r, place
        return True

    for run, s in ((args.run_a, sa), (args.run_b, sb)):
        if not isinstance(s, dict) or not isinstance(s.get("results"), dict):
            print(f"compare_runs: {run}/summary.json has no results object",
                  file=sys.stderr)
            return 2
    ra, rb = flatten(sa["results"]), flatten(sb["results"])
    compared = [k for k in ra if not skipped(components(k))]
    skips.update(components(k)[-1] for k in ra if k not in compared)
    in_b = {k for k in rb if not skipped(components(k))}
    if set(compared) != in_b:
        print(f"results keys differ: {sorted(set(compared) ^ in_b)}")
        return 1
    for k in compared:
        if not compare(ra[k], rb[k], 0.0, "results" + k):
            return 1
        n_results += 1

    if not ta or ta[0] != (tb[0] if tb else None):
        print(f"{args.table}: columns differ: {ta[:1]} against {tb[:1]}")
        return 1
    header, ta, tb = ta[0], ta[1:], tb[1:]
    if len(ta) != len(tb) or any(len(r) != len(header) for r in ta + tb):
        print(f"{args.table}: {len(ta)} rows against {len(tb)} "
              f"(or rows of another length than the header)")
        return 1
    for j, col in enumerate(header):
        if skipped([col]):
            skips.add(col)
            continue
        xs = [as_number(r[j]) for r in ta + tb]
        # Relative to the column's scale: a value near zero (a first step,
        # a broken specimen) is compared with the size of the rest.
        scale = max((abs(x) for x in xs if x is not None and math.isfinite(x)),
                    default=0.0)
        for i, (ra_, rb_) in enumerate(zip(ta, tb)):
            if not compare(ra_[j], rb_[j], scale, f"{args.table} row {i} {col}"):
                return 1
            n_cells += 1

    print(f"compared {n_results} result values and {n_cells} cells of "
          f"{args.table}; not compared: {', '.join(sorted(skips)) or 'nothing'}")
    print(f"largest relative difference {worst:.3g} ({where or 'none'}), "
          f"tolerance {args.rtol:g}")
    return 0 if worst <= args.rtol else 1


if __name__ == "__main__":
    sys.exit(main())
