#!/usr/bin/python3
"""Benchmark: limit loads of Hill's thick-walled specimens (meshes/, a = 1,
b = 2 um; perfectly plastic J2, E = 200 GPa, nu = 0.3, Y = 250 MPa) pressed
beyond their exact limit pressure, with B-bar and fully integrated Q1 in
the same run (Element formulation). A run stops (exit 1) where no
equilibrium is found; its largest converged pressure is the specimen's
limit load in that discretization.

Exact limits (Hill, The Mathematical Theory of Plasticity, 1950):
  cylinder, plane strain: p_L = (2 / sqrt 3) Y ln(b/a) = 200.09 MPa
  sphere:                 p_L = 2 Y ln(b/a)            = 346.57 MPa

Prints per case: the largest converged pressure over p_L, load steps,
Newton iterations (mean) and seconds. The sphere (3D) near its limit takes
about 20 minutes per formulation: only with --sphere.

  benchmarks/plastic_limit_load.py [--over 1.05] [--sphere] [--ranks 1]
"""
import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
import time

from run_nanomech import BINARY, ROOT
from nanomech_py.mpi import mpirun_command

Y = 250.0
SPECIMENS = {
    "cylinder": (2, "thick_cylinder_2d", "3, 4", 2 / math.sqrt(3) * Y * math.log(2), 10),
    "sphere": (3, "hollow_sphere_3d", "3, 4, 5", 2 * Y * math.log(2), 20),
}


def prm_text(dim, mesh, rollers, level, increment):
    return f"""set Dimension = {dim}
set Analysis = elastic test
subsection Geometry
  set Mesh file = {os.path.join(ROOT, 'meshes', mesh + '.msh')}
end
subsection Materials
  subsection Phase 0
    set Young's modulus = 200000
    set Poisson's ratio = 0.3
    set Plasticity = J2
    set Yield stress = 250
  end
end
subsection Loading
  set Type = pressure
  set Pressure boundary = 1
  set Roller boundaries = {rollers}
  set Pressure path = {level!r}
  set Path increment = {increment}
end
subsection Output
  set Write fields = false
end
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--over", type=float, default=1.05,
                    help="the path goes to this multiple of p_L")
    ap.add_argument("--sphere", action="store_true")
    ap.add_argument("--ranks", type=int, default=1)
    ap.add_argument("--binary", default=BINARY)
    args = ap.parse_args()
    cases = ["cylinder"] + (["sphere"] if args.sphere else [])
    header = ("specimen", "formulation", "p_max/p_L", "steps", "newton_mean",
              "seconds", "exit")
    print(f"# limit loads of Hill's specimens, {args.ranks} rank(s)")
    print(" ".join(f"{h:>16}" for h in header))
    with tempfile.TemporaryDirectory() as tmp:
        for name in cases:
            dim, mesh, rollers, p_limit, increment = SPECIMENS[name]
            for formulation in ("B-bar", "full integration"):
                out = os.path.join(tmp, f"{name}_{formulation.split()[0]}")
                prm = os.path.join(tmp, f"{name}.prm")
                with open(prm, "w") as f:
                    f.write(prm_text(dim, mesh, rollers, args.over * p_limit,
                                     increment))
                cmd = mpirun_command(args.ranks) + [
                    args.binary, prm, "--output-dir", out,
                    "--set", f"Element formulation={formulation}"]
                start = time.time()
                done = subprocess.run(cmd, capture_output=True, text=True)
                seconds = time.time() - start
                if done.returncode not in (0, 1):
                    sys.stderr.write(done.stderr)
                    sys.exit(f"nanomech failed ({done.returncode})")
                with open(os.path.join(out, "stress_strain.csv")) as f:
                    rows = list(csv.DictReader(f))
                newton = sum(int(r["newton_iterations"]) for r in rows) / len(rows)
                row = (name, formulation, float(rows[-1]["pressure_MPa"]) / p_limit,
                       len(rows), newton, seconds, done.returncode)
                print(" ".join(f"{v:>16.5g}" if isinstance(v, float) else f"{v:>16}"
                               for v in row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
