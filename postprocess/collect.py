#!/usr/bin/python3
"""Collect the results of a parameter study into one CSV table.

  postprocess/collect.py STUDY_DIR [-o study.csv]
  postprocess/collect.py RUN_DIR [RUN_DIR ...] [-o runs.csv]

STUDY_DIR holds study.json (format 1); each case's run is
<study>/<case directory>/output, finished when its summary.json exists.
One row per finished case: case, the varied parameters (one column each,
named by the entry path, e.g. "Microstructure/Nacre/Tablet length"),
replica, seed, then analysis, dimension, n_mpi_ranks, n_cells, n_dofs,
total_s (wall time), cg_iterations (sum over solves), n_warnings (the
length of summary.json "warnings"; empty for a run older than that list),
every scalar of summary.json "results" (a Voigt stiffness matrix as
C11_MPa, C12_MPa, ... upper triangle, Voigt order 11 22 33 23 13 12, or
11 22 12 in 2D), the
scalars of the analysis' own block (e.g. fracture.load_steps), the field
ranges (fields.von_mises_min_MPa, ...), the meshed volume fractions, and
version and git_commit.

Plain run directories instead of a study give one row each (case = the
path). Missing or failed cases are listed on standard error; the CSV of the
finished ones is still written, atomically with -o (else to standard
output). Exit status: 0 when at least one case is finished, 1 when none
is, 2 on bad arguments or an unreadable study.json.
"""
import argparse
import csv
import io
import sys

import common


def collect(paths):
    """Returns (columns, rows, missing cases, total number of cases)."""
    study, cases = common.open_inputs(paths)
    done, missing = [], []
    for c in cases:
        (done if c.load_summary() is not None else missing).append(c)
    varied = study.varied if study else []
    rows = []
    for c in done:
        row = {"case": c.id}
        for entry in varied:
            row[entry] = c.parameters[entry]
        if study:
            row["replica"] = c.replica
            row["seed"] = c.seed
            s_seed = c.summary.get("microstructure", {}).get("seed")
            if c.seed is not None and s_seed is not None and int(c.seed) != int(s_seed):
                common.warn(f"case {c.id}: study.json seed {c.seed} but "
                            f"summary.json seed {s_seed}")
        elif "microstructure" in c.summary:
            row["seed"] = c.summary["microstructure"].get("seed")
        row.update(common.flatten_summary(c.summary))
        rows.append(row)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    return columns, rows, missing, len(cases)


def to_csv(columns, rows):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("true" if v is True else "false" if v is False else
                        repr(v) if isinstance(v, float) else v)
                    for k, v in r.items()})
    return out.getvalue()


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="DIR",
                    help="a study directory, or run output directories")
    ap.add_argument("-o", "--output", metavar="CSV",
                    help="write the table here (atomically) instead of "
                         "standard output")
    args = ap.parse_args(argv)

    columns, rows, missing, total = collect(args.paths)
    common.report_missing(missing, total)
    if not rows:
        common.warn("no finished case: nothing written")
        return 1
    text = to_csv(columns, rows)
    if args.output:
        common.write_atomically(args.output, text)
        print(f"wrote {args.output}: {len(rows)} of {total} cases, "
              f"{len(columns)} columns", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(common.fail_on_input_error(main))
