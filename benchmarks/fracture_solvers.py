#!/usr/bin/python3
"""Benchmark: the step solvers of the fracture analysis side by side, each
case run to failure with every solver in the same run of this script.

Cases: the three family examples (params/fracture_*_2d.prm), a 2D
single-edge-notched tension strip (benchmarks/sent_2d.prm) and a small 3D
nacre specimen (benchmarks/nacre_3d_fracture.prm). Solvers (each a set of
parameter overrides):

  staggered-gamg      alternate minimization, CG + GAMG (the default)
  staggered-direct    alternate minimization, sparse Cholesky (MUMPS)
  anderson-direct     Anderson-accelerated alternate minimization, MUMPS
  newton-direct       Newton on displacement and damage together (MUMPS LU
                      of the coupled system; sweeps where a step does not
                      descend), the predictor solve with MUMPS Cholesky
  dissipation-direct  alternate minimization, MUMPS, dissipation control
                      (arc length) after the peak (Fracture/Path following)

Prints per case and solver: wall time, load steps, sweeps (displacement
solves, one per staggered iteration), sweeps per recorded step (mean, max),
CG iterations per solve (mean; 1 for the direct solver), peak memory of a
rank, strength, toughness and dissipated energy, and the wall-time ratio
to the first solver listed. Figures come from each run's summary.json.

  benchmarks/fracture_solvers.py [--cases polycrystal sent ...]
        [--solvers staggered-gamg staggered-direct ...] [--ranks 2]
        [--set "Section/Key=value"]...
"""
import argparse
import os
import statistics
import tempfile
import time

from run_nanomech import BINARY, ROOT, run

CASES = {
    "nacre": os.path.join(ROOT, "params", "fracture_nacre_2d.prm"),
    "enamel": os.path.join(ROOT, "params", "fracture_enamel_2d.prm"),
    "polycrystal": os.path.join(ROOT, "params", "fracture_polycrystal_2d.prm"),
    "sent": os.path.join(ROOT, "benchmarks", "sent_2d.prm"),
    "nacre3d": os.path.join(ROOT, "benchmarks", "nacre_3d_fracture.prm"),
}

SOLVERS = {
    "staggered-gamg": ["Fracture/Solver=staggered", "Solver/Preconditioner=gamg"],
    "staggered-direct": ["Fracture/Solver=staggered",
                         "Solver/Preconditioner=direct"],
    "anderson-direct": ["Fracture/Solver=Anderson",
                        "Solver/Preconditioner=direct"],
    "newton-direct": ["Fracture/Solver=Newton",
                      "Solver/Preconditioner=direct"],
    "dissipation-direct": ["Fracture/Solver=staggered",
                           "Solver/Preconditioner=direct",
                           "Fracture/Path following=dissipation"],
}


def figures(summary, wall):
    r = summary["results"]
    f = summary["fracture"]
    its = summary["solver"]["iterations_per_solve"]
    per_step = f["staggered_iterations_per_step"][1:] or [0]
    return {
        "wall": wall,
        "steps": f["load_steps"],
        "sweeps": len(its),
        "mean": statistics.mean(per_step),
        "max": max(per_step),
        "cg": statistics.mean(its) if its else 0.,
        "mb": summary["memory"]["peak_resident_MB_max_rank"],
        "dofs": summary["n_dofs"],
        "strength": r["strength_MPa"],
        "toughness": r["toughness_MJ_per_m3"],
        "dissipated": r["dissipated_energy_J_per_m2"],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    ap.add_argument("--solvers", nargs="+", default=list(SOLVERS),
                    choices=list(SOLVERS))
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--set", action="append", default=[],
                    help="further parameter overrides for every run")
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()

    print(f"{'case':<12} {'solver':<20} {'wall s':>8} {'ratio':>6} {'steps':>5}"
          f" {'sweeps':>6} {'per step':>9} {'CG/solve':>8} {'DoFs':>7} {'MB':>6}"
          f" {'strength MPa':>13} {'toughness':>10} {'dissipated':>10}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.cases:
            first = None
            for solver in args.solvers:
                out = os.path.join(tmp, f"{case}_{solver}")
                sets = ["Output/Write fields=false"] + SOLVERS[solver] + args.set
                start = time.monotonic()
                summary = run(CASES[case], out, sets, args.ranks, args.binary)
                g = figures(summary, time.monotonic() - start)
                first = first or g["wall"]
                print(f"{case:<12} {solver:<20} {g['wall']:8.1f} {first / g['wall']:6.2f}"
                      f" {g['steps']:5d} {g['sweeps']:6d} {g['mean']:5.1f}/{g['max']:<3d}"
                      f" {g['cg']:8.1f} {g['dofs']:7d} {g['mb']:6.0f}"
                      f" {g['strength']:13.5g} {g['toughness']:10.4g}"
                      f" {g['dissipated']:10.4g}", flush=True)


if __name__ == "__main__":
    main()
