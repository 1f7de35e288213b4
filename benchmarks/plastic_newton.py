#!/usr/bin/python3
"""Benchmark: the elastic test along a loading path with a plastic phase
(benchmarks/plastic_inclusion.prm: a stiff sphere in a J2/Voce matrix, 3D,
Q1, N x N x N cells, pulled to 3 % in 6 steps), with each linear solver in
the same run.

Prints, per case: degrees of freedom, load steps, Newton iterations per
step (mean, max), linear iterations in all, seconds of assembly (with the
plastic returns), of the linear solves (preconditioner set-up and Krylov)
and in all, and the plastic work (the same for every solver).

  benchmarks/plastic_newton.py [--sizes 16 24] [--ranks 2]
        [--preconditioners gamg boomeramg direct] [--set "Section/Key=value"]...
"""
import argparse
import os
import sys
import tempfile

from run_nanomech import BINARY, ROOT, run


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 24])
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--preconditioners", nargs="+",
                    default=["gamg", "boomeramg", "direct"],
                    choices=["gamg", "boomeramg", "direct"])
    ap.add_argument("--set", action="append", default=[],
                    help="further parameter overrides")
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()

    prm = os.path.join(ROOT, "benchmarks", "plastic_inclusion.prm")
    header = ("solver", "N", "n_dofs", "steps", "newton_mean", "newton_max",
              "linear_its", "assembly_s", "solve_s", "total_s", "plastic_pJ")
    print(f"# plastic Newton benchmark, {args.ranks} ranks")
    print(" ".join(f"{h:>11}" for h in header))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            for pc in args.preconditioners:
                out = os.path.join(tmp, f"{pc}_n{n}")
                settings = [f"Solver/Preconditioner={pc}"]
                settings += [f"Geometry/Cells {axis}={n}" for axis in "xyz"]
                s = run(prm, out, settings + args.set, args.ranks, args.binary)
                r, t, sv = s["results"], s["timing_seconds"], s["solver"]
                row = (pc, n, s["n_dofs"], r["load_steps"],
                       r["newton_iterations_mean"], r["newton_iterations_max"],
                       sum(sv["iterations_per_solve"]), t.get("assembly", 0.),
                       t.get("solve", 0.), t["total"], r["plastic_work_pJ"])
                print(" ".join(f"{v:>11.4g}" if isinstance(v, float) else f"{v:>11}"
                               for v in row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
