#!/usr/bin/python3
"""Benchmark: 3D spherical inclusion (E contrast 10, nu 0.3, Q1) on an
N x N x N box, N = 16, 32, 48, 64, on 1 and 2 MPI ranks.

Prints, per case: degrees of freedom, times of mesh, set-up, assembly, AMG
set-up and CG solve, CG iterations, and peak resident memory (largest rank
and all ranks). Figures come from each run's summary.json.

  benchmarks/inclusion_scaling.py [--sizes 16 32] [--ranks 1 2]
        [--preconditioner gamg|boomeramg] [--set "Section/Key=value"]...
"""
import argparse
import os
import sys
import tempfile

from run_nanomech import BINARY, ROOT, run


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[16, 32, 48, 64])
    ap.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--preconditioner", default="gamg",
                    choices=["gamg", "boomeramg"])
    ap.add_argument("--set", action="append", default=[],
                    help="further parameter overrides")
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()

    prm = os.path.join(ROOT, "benchmarks", "inclusion.prm")

    header = ("ranks", "N", "n_dofs", "mesh_s", "setup_s", "assembly_s",
              "amg_setup_s", "cg_s", "total_s", "cg_its", "peak_MB_rank",
              "peak_MB_all")
    print("# inclusion benchmark, preconditioner", args.preconditioner)
    print(" ".join(f"{h:>11}" for h in header))
    with tempfile.TemporaryDirectory() as tmp:
        for ranks in args.ranks:
            for n in args.sizes:
                out = os.path.join(tmp, f"r{ranks}_n{n}")
                settings = [f"Solver/Preconditioner={args.preconditioner}"]
                settings += [f"Geometry/Cells {axis}={n}" for axis in "xyz"]
                s = run(prm, out, settings + args.set, ranks, args.binary)
                t = s["timing_seconds"]
                row = (ranks, n, s["n_dofs"], t.get("mesh", 0), t.get("setup", 0),
                       t.get("assembly", 0), s["solver"]["amg_setup_seconds"],
                       s["solver"]["krylov_seconds"], t["total"],
                       s["solver"]["iterations_per_solve"][0],
                       s["memory"]["peak_resident_MB_max_rank"],
                       s["memory"]["peak_resident_MB_all_ranks"])
                print(" ".join(f"{v:>11.3f}" if isinstance(v, float) else f"{v:>11}"
                               for v in row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
