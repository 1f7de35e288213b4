#!/usr/bin/python3
"""Every result key of summary.json and every column of stress_strain.csv
and homogenization.csv of real nanomech runs has its unit in the one unit
table, src/output/units.json: it ends with one of its suffixes or is
listed there as dimensionless. A new key that is in neither fails here.

  test_unit_table.py SOURCE_DIR STUDY_DIR|RUN_DIR...

Checked: the leaves of "results" (the keys inside its objects, such as
engineering_constants and notch; under ensemble.constants the names of
the constants, not mean/std/ci95/values; each boundary condition's block
under by_boundary_condition), and the header of each table.
"""
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import check, finish  # noqa: E402

SRC = os.path.abspath(sys.argv[1])
sys.path.insert(0, os.path.join(SRC, "postprocess"))
import common  # noqa: E402

TABLES = ("stress_strain.csv", "homogenization.csv")


def result_names(results, path="results"):
    """(path, key) of every quantity of a results object."""
    for key, v in results.items():
        here = f"{path}.{key}"
        if key == "by_boundary_condition" and isinstance(v, dict):
            for bc, block in v.items():
                yield from result_names(block, f"{here}.{bc}")
        elif key == "ensemble" and isinstance(v, dict):
            for k, x in v.items():
                if k == "constants" and isinstance(x, dict):
                    yield from ((f"{here}.constants.{c}", c) for c in x)
                else:
                    yield here + "." + k, k
        elif isinstance(v, dict):
            yield from result_names(v, here)
        else:
            yield here, key


def unlisted(names):
    """The names with neither a unit suffix nor a dimensionless entry."""
    return sorted({n for n in names if not common.split_unit(n)[1]
                   and n not in common.DIMENSIONLESS})


def runs_of(path):
    if common.is_study(path):
        return [c.output for c in common.Study(path).cases
                if os.path.isfile(os.path.join(c.output, "summary.json"))]
    return [path]


# The check itself finds a new key.
check("an unlisted key is found",
      unlisted(k for _, k in result_names(
          {"strength_MPa": 1.0, "new_quantity": 2.0,
           "notch": {"width_um": 1.0, "new_factor": 3.0},
           "ensemble": {"n_realizations": 2,
                        "constants": {"C11_MPa": {"mean": 1.0}, "new_c": {}}}}))
      == ["new_c", "new_factor", "new_quantity"])

runs = [r for p in sys.argv[2:] for r in runs_of(os.path.abspath(p))]
check("runs to check", len(runs) >= 1, sys.argv[2:])
for run in runs:
    with open(os.path.join(run, "summary.json"), encoding="utf-8") as f:
        results = json.load(f)["results"]
    names = dict(result_names(results))
    bad = unlisted(names.values())
    check(f"{run}: every result key has a unit or is dimensionless", not bad,
          "\n".join(f"  {p}" for p, k in names.items() if k in bad))
    for table in TABLES:
        path = os.path.join(run, table)
        if os.path.isfile(path):
            with open(path, newline="") as f:
                header = next(csv.reader(f))
            bad = unlisted(header)
            check(f"{run}/{table}: every column has a unit or is dimensionless",
                  not bad, bad)

finish()
