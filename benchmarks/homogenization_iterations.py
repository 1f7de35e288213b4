#!/usr/bin/python3
"""Benchmark: CG iterations and times of the periodic homogenization of a
3D spherical inclusion (radius 0.25, volume fraction 6.5 %, Q1) on N x N x N cells,
N = 8, 16, 32, for stiffness contrasts 10, 100 and 1000 (inclusion stiffer
than the matrix), on 2 MPI ranks.

Prints per case: degrees of freedom, CG iterations of the 6 load cases
(one matrix and one AMG set-up for all), AMG set-up and CG seconds, time
per realization, and C11. Figures come from each run's summary.json.

  benchmarks/homogenization_iterations.py [--sizes 8 16 32]
        [--contrasts 10 100 1000] [--ranks 2] [--set "Section/Key=value"]...
"""
import argparse
import os
import tempfile

from run_nanomech import BINARY, ROOT, run


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[8, 16, 32])
    ap.add_argument("--contrasts", type=float, nargs="+", default=[10, 100, 1000])
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--set", action="append", default=[],
                    help="further parameter overrides")
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()

    prm = os.path.join(ROOT, "benchmarks", "inclusion.prm")
    print(f"{'contrast':>8} {'N':>4} {'n_dofs':>8}  {'CG iterations per load case':<28}"
          f" {'AMG s':>7} {'CG s':>7} {'total s':>8} {'C11 MPa':>12}")
    with tempfile.TemporaryDirectory() as tmp:
        for contrast in args.contrasts:
            for n in args.sizes:
                out = os.path.join(tmp, f"c{contrast}_{n}")
                sets = ["Analysis=homogenization", "Output/Write fields=false",
                        f"Materials/Phase 1/Young's modulus={1000 * contrast}",
                        "Materials/Phase 0/Young's modulus=1000"]
                sets += [f"Geometry/Cells {d}={n}" for d in "xyz"]
                s = run(prm, out, sets + args.set, args.ranks, args.binary)
                r = s["results"]
                its = " ".join(str(i) for i in r["iterations_per_load_case"])
                print(f"{contrast:8g} {n:4d} {s['n_dofs']:8d}  {its:<28}"
                      f" {s['solver']['amg_setup_seconds']:7.2f}"
                      f" {s['solver']['krylov_seconds']:7.2f}"
                      f" {r['realization_seconds'][0]:8.2f}"
                      f" {r['effective_stiffness_voigt_MPa'][0][0]:12.2f}",
                      flush=True)


if __name__ == "__main__":
    main()
