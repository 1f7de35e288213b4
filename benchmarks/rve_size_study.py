#!/usr/bin/python3
"""RVE-size convergence study: params/nacre_rve_study.prm in periodic RVEs
of n x n tablets (rows x tablets per row), n = 2, 4, 8, each with the
realizations the file asks for (3), at the same mesh resolution.

Prints, per size: degrees of freedom, and for C11, C22, C33 (plane-strain
effective stiffness, MPa) the mean, standard deviation and 95 % confidence
interval over the realizations, then the time per realization and the CG
iterations per load case. An RVE is large enough when the mean no longer
drifts and the scatter between realizations is small against it.

  benchmarks/rve_size_study.py [--sizes 2 4 8] [--ranks 2]
        [--set "Section/Key=value"]...
"""
import argparse
import os
import tempfile

from run_nanomech import BINARY, ROOT, run


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 8])
    ap.add_argument("--ranks", type=int, default=2)
    ap.add_argument("--set", action="append", default=[],
                    help="further parameter overrides")
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()

    prm = os.path.join(ROOT, "params", "nacre_rve_study.prm")

    print(f"{'tablets':>8} {'n_dofs':>8} " +
          " ".join(f"{c + ' mean':>11} {'std':>8} {'95% CI':>21}"
                   for c in ("C11", "C22", "C33")) +
          f" {'s/real.':>8}  iterations")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            out = os.path.join(tmp, f"rve_{n}")
            sets = [f"Microstructure/Nacre/Number of rows={n}",
                    f"Microstructure/Nacre/Tablets per row={n}",
                    f"Geometry/Cells x={8 * n}", f"Geometry/Cells y={4 * n}"]
            s = run(prm, out, sets + args.set, args.ranks, args.binary)
            r = s["results"]
            stats = r["ensemble"]["constants"]
            cols = []
            for c in ("C11_MPa", "C22_MPa", "C33_MPa"):
                st = stats[c]
                cols.append(f"{st['mean']:11.1f} {st['std']:8.1f} "
                            f"[{st['ci95'][0]:9.1f},{st['ci95'][1]:9.1f}]")
            sec = sum(r["realization_seconds"]) / len(r["realization_seconds"])
            print(f"{n:>5}x{n:<2} {s['n_dofs']:>8} " + " ".join(cols) +
                  f" {sec:8.2f}  {r['iterations_per_load_case']}", flush=True)


if __name__ == "__main__":
    main()
