#!/usr/bin/python3
"""Render a field of a nanomech run on its deformed shape as a PNG, with
ParaView, headless.

  postprocess/render.py RUN_DIR [--field von_mises] [--component C]
        [--step N | --last] [--warp SCALE] [-o file.png] [--size W H]
        [--range MIN MAX] [--view auto|xy|xz|yz|iso] [--clip x|y|z]
        [--title TEXT]
        [--print-range] [--range-json FILE]

RUN_DIR holds solution.pvd. --step N takes the record of load step N (the
pvd's time value; the steps present are listed when N is not), --last
(the default) the last one. --field is any point or cell array of the
files: von_mises (MPa, default), damage, hydrostatic_stress, stress_zz
(2D), stress and strain (tensors: give --component xx, yy, zz, xy, xz, yz
or an index), displacement (magnitude unless --component x|y|z), phase,
grain, mpi_rank, level. The shape is warped by the displacement times
SCALE; by default SCALE makes the largest displacement 4 % of the
specimen's largest side (never below 1, the true shape); --warp 0 draws
the undeformed shape. The colour bar names the field and its unit; phases
are labelled with the names in summary.json. 2D runs are seen from +z
(flat colours), 3D runs from an oblique view; --clip cuts a 3D specimen
at its mid-plane to show the inside.

--print-range prints, and --range-json writes, as JSON the data range of
the field as read by ParaView from that record (min, max over the points,
or cells, of all pieces; the vector magnitude for a vector), with the
file, step, unit and warp scale. Without -o the image is
<run>_<field>_<step>.png in the current directory; an image above 150 kB
is stored as a 256-colour palette PNG.

Runs ParaView's pvbatch under Xvfb (Debian packages paraview,
python3-paraview, xvfb): this script, started with /usr/bin/python3,
checks the arguments and the files, starts a private Xvfb on a free
display (like xvfb-run -a -s "-screen 0 1280x1024x24", without its race
when several renders start at once) and runs `pvbatch render_pvbatch.py` there,
which renders. Exit status 2 on bad arguments or input (nothing rendered),
1 when ParaView fails.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# Colour bar titles and units of the fields nanomech writes.
FIELDS = {
    "von_mises": ("von Mises stress", "MPa"),
    "hydrostatic_stress": ("Hydrostatic stress", "MPa"),
    "stress_zz": ("Stress zz", "MPa"),
    "stress": ("Stress", "MPa"),
    "strain": ("Strain", ""),
    "displacement": ("Displacement", "µm"),
    "damage": ("Damage", ""),
    "phase": ("Phase", ""),
    "grain": ("Grain", ""),
    "mpi_rank": ("MPI rank", ""),
    "level": ("Refinement level", ""),
}
TENSOR_COMPONENTS = {"xx": (0, 0), "xy": (0, 1), "xz": (0, 2), "yx": (1, 0),
                     "yy": (1, 1), "yz": (1, 2), "zx": (2, 0), "zy": (2, 1),
                     "zz": (2, 2)}
VECTOR_COMPONENTS = {"x": 0, "y": 1, "z": 2}
XVFB_SCREEN = "1280x1024x24"
JOB_VARIABLE = "NANOMECH_RENDER_JOB"  # also in render_pvbatch.py
# The rendering itself, run by pvbatch under Xvfb.
PVBATCH_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "render_pvbatch.py")


# ===========================================================================
# Part 1: argument and file checks, run with /usr/bin/python3.

def read_pvd(path):
    """[(time, file name relative to the pvd's directory)] in file order."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise InputError(f"{path}: unreadable ({e})")
    out = []
    for ds in root.iter("DataSet"):
        try:
            out.append((float(ds.get("timestep", "0")), ds.get("file")))
        except ValueError:
            raise InputError(f"{path}: bad timestep {ds.get('timestep')!r}")
    if not out or any(f is None for _, f in out):
        raise InputError(f"{path}: no DataSet records")
    return out


def read_pvtu(path):
    """Arrays {name: (association, n_components)} and piece file names."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        raise InputError(f"{path}: unreadable ({e})")
    grid = root.find("PUnstructuredGrid")
    if grid is None:
        raise InputError(f"{path}: not a parallel unstructured grid (.pvtu)")
    arrays = {}
    for tag, assoc in (("PPointData", "POINTS"), ("PCellData", "CELLS")):
        block = grid.find(tag)
        if block is None:
            continue
        for a in block.iter("PDataArray"):
            arrays[a.get("Name")] = (assoc, int(a.get("NumberOfComponents", "1")))
    pieces = [p.get("Source") for p in grid.iter("Piece")]
    return arrays, pieces


class InputError(Exception):
    pass


def step_label(t):
    return f"{int(t)}" if float(t).is_integer() else f"{t:g}"


def nominal_strain_at(run, t, summary):
    """The nominal strain of load step t from stress_strain.csv (fracture),
    or the elastic test's applied strain; None if unknown."""
    import csv
    path = os.path.join(run, "stress_strain.csv")
    try:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                if "step" in row and "nominal_strain" in row:
                    if float(row["step"]) == t:
                        return float(row["nominal_strain"])
    except (OSError, ValueError):
        pass
    r = (summary or {}).get("results", {})
    if (summary or {}).get("analysis") in ("elastic test", "elastic_test") and \
            isinstance(r.get("nominal_strain"), (int, float)):
        return r["nominal_strain"]
    return None


def build_job(args):
    run = os.path.abspath(args.run)
    if not os.path.isdir(run):
        raise InputError(f"{args.run}: no such directory")
    pvd = os.path.join(run, "solution.pvd")
    if not os.path.isfile(pvd):
        raise InputError(f"{args.run}: no solution.pvd (a run with "
                         "Output/Write fields = false has no fields)")
    records = read_pvd(pvd)
    if args.step is None:
        t, file = records[-1]
    else:
        match = [r for r in records if r[0] == args.step]
        if not match:
            raise InputError(f"--step {step_label(args.step)}: not in {pvd}; steps "
                             f"written: {', '.join(step_label(r[0]) for r in records)}")
        t, file = match[-1]
    pvtu = os.path.join(run, file)
    if not os.path.isfile(pvtu):
        raise InputError(f"{pvtu}: listed in solution.pvd but missing")
    arrays, pieces = read_pvtu(pvtu)
    absent = [p for p in pieces if not os.path.isfile(os.path.join(os.path.dirname(pvtu), p))]
    if absent:
        raise InputError(f"{pvtu}: piece(s) missing: {', '.join(absent)}")

    field = args.field
    if field not in arrays:
        raise InputError(f"--field {field}: not in {file}; fields there: "
                         f"{', '.join(sorted(arrays))}")
    assoc, ncomp = arrays[field]
    component = None      # index into the array, or None for scalar/magnitude
    comp_name = None
    if args.component is not None:
        c = args.component.lower()
        if ncomp == 1:
            raise InputError(f"--component: {field} is a scalar")
        if c.isdigit():
            component = int(c)
        elif ncomp in (2, 3) and c in VECTOR_COMPONENTS:
            component = VECTOR_COMPONENTS[c]
        elif ncomp in (4, 9) and c in TENSOR_COMPONENTS:
            i, j = TENSOR_COMPONENTS[c]
            n = 2 if ncomp == 4 else 3
            if max(i, j) >= n:
                raise InputError(f"--component {c}: {field} has only the "
                                 "in-plane components here")
            component = i * n + j
        elif c in ("mag", "magnitude"):
            component = None
        else:
            raise InputError(f"--component {args.component}: use "
                             + ("x, y, z or magnitude" if ncomp <= 3 else
                                "xx, yy, zz, xy, xz or yz") + " or an index")
        if component is not None and component >= ncomp:
            raise InputError(f"--component {args.component}: {field} has "
                             f"{ncomp} components")
        comp_name = c if not c.isdigit() else f"{component}"
        if c in ("mag", "magnitude"):
            comp_name = None
    elif ncomp > 3:
        raise InputError(f"--field {field} is a tensor: choose --component "
                         "xx, yy, zz, xy, xz or yz")

    summary = None
    try:
        with open(os.path.join(run, "summary.json")) as f:
            summary = json.load(f)
    except (OSError, ValueError):
        pass
    dim = (summary or {}).get("dimension")

    title, unit = FIELDS.get(field, (field.replace("_", " ").capitalize(), ""))
    if comp_name is not None:
        title += f" {comp_name}"
    elif ncomp in (2, 3):
        title += " magnitude"
    categories = None
    if field in ("phase", "mpi_rank"):
        names = (summary or {}).get("microstructure", {}).get("phase_names", [])
        categories = {"names": names if field == "phase" else []}

    warp = args.warp
    if "displacement" not in arrays:
        if warp not in (None, 0):
            raise InputError(f"--warp: {file} has no displacement")
        warp = 0.0

    name = os.path.basename(run.rstrip("/"))
    if name == "output":            # a study case: cases/NNNN/output
        name = os.path.basename(os.path.dirname(run.rstrip("/")))
    out = args.output or os.path.join(
        os.getcwd(), f"{name}_{field}{'_' + comp_name if comp_name else ''}_"
                     f"{int(t) if float(t).is_integer() else t:04}.png")
    out = os.path.abspath(out)
    if not out.lower().endswith(".png"):
        raise InputError(f"-o {args.output}: the output must be a .png file")
    if not os.path.isdir(os.path.dirname(out)):
        raise InputError(f"-o {args.output}: no directory {os.path.dirname(out)}")

    if args.title is not None:
        caption = args.title
    else:
        caption = f"{name}, step {step_label(t)}"
        if not os.path.basename(file).startswith("solution_"):
            # Homogenization: one record per load case, named after it.
            caption = f"{name}, {os.path.splitext(os.path.basename(file))[0]}"
        strain = nominal_strain_at(run, t, summary)
        if strain is not None:
            caption += f", nominal strain {100 * strain:.3g} %"

    return {
        "pvd": pvd, "time": t, "file": file, "field": field,
        "association": assoc, "n_components": ncomp, "component": component,
        "component_name": comp_name, "bar_title": title, "unit": unit,
        "categories": categories, "warp": warp, "output": out,
        "size": args.size, "range": args.range, "view": args.view,
        "dimension": dim, "caption": caption, "clip": args.clip,
    }


def compact(path, limit=150_000):
    """A render above `limit` bytes is stored as a 256-colour palette PNG
    when that is smaller (smooth fields lose nothing visible)."""
    if os.path.getsize(path) <= limit:
        return
    try:
        from PIL import Image
    except ImportError:
        return
    import io
    from nanomech_py.files import write_atomically
    img = Image.open(path).convert("RGB")
    small = io.BytesIO()
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        small, format="PNG", optimize=True)
    if len(small.getvalue()) < os.path.getsize(path):
        write_atomically(path, small.getvalue(), mode="wb")


class XServer:
    """A private Xvfb for pvbatch (Debian's ParaView renders only through
    X), on a display number chosen here: the first n >= 20 without an X
    lock file (/tmp/.Xn-lock) or socket (/tmp/.X11-unix/Xn).

    Measured on this kind of machine: two `xvfb-run -a` (or two
    `Xvfb -displayfd`) starting at once can take the same display, the
    later server replacing the earlier one's socket file, and both
    renders abort with "bad X server connection". So the choice and the
    start (until the socket exists) happen under an exclusive lock, and so
    does the stop; plain `Xvfb :n` writes its lock file, which xvfb-run
    also respects. -noreset: pvbatch probes OpenGL with a first
    connection; without it the server resets when that client leaves and
    the next connection can fall into the reset."""

    LOCK = os.path.join(tempfile.gettempdir(), "nanomech-render-xvfb.lock")
    SOCKETS = "/tmp/.X11-unix"

    def _locked(self):
        import fcntl
        f = open(self.LOCK, "a")
        fcntl.flock(f, fcntl.LOCK_EX)
        return f

    def _taken(self, n):
        return (os.path.exists(f"/tmp/.X{n}-lock") or
                os.path.exists(os.path.join(self.SOCKETS, f"X{n}")))

    def __enter__(self):
        import time
        lock = self._locked()
        try:
            n = next(n for n in range(20, 1000) if not self._taken(n))
            self.proc = subprocess.Popen(
                ["Xvfb", f":{n}", "-screen", "0", XVFB_SCREEN, "-nolisten",
                 "tcp", "-noreset"], stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE)
            deadline = time.time() + 60
            while not os.path.exists(os.path.join(self.SOCKETS, f"X{n}")):
                if self.proc.poll() is not None or time.time() > deadline:
                    err = self.proc.stderr.read().decode(errors="replace") \
                        if self.proc.poll() is not None else "time-out"
                    self._stop()
                    raise RuntimeError(f"Xvfb :{n} did not start: {err.strip()}")
                time.sleep(0.05)
            return f":{n}"
        finally:
            lock.close()

    def _stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stderr.close()

    def __exit__(self, *exc):
        lock = self._locked()
        try:
            self._stop()
        finally:
            lock.close()


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", metavar="RUN_DIR", help="run output directory")
    ap.add_argument("--field", default="von_mises",
                    help="point or cell array to colour by (default von_mises)")
    ap.add_argument("--component", metavar="C",
                    help="component of a vector (x, y, z, magnitude) or "
                         "tensor (xx, yy, zz, xy, xz, yz) field")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--step", type=float, metavar="N",
                   help="load step (time value in solution.pvd)")
    g.add_argument("--last", action="store_true",
                   help="the last record of solution.pvd (default)")
    ap.add_argument("--warp", type=float, metavar="SCALE",
                    help="displacement scale of the shape (default: automatic; "
                         "0: undeformed)")
    ap.add_argument("-o", "--output", metavar="PNG", help="image file")
    ap.add_argument("--size", type=int, nargs=2, metavar=("W", "H"),
                    help="image size in pixels (default: fitted to the "
                         "specimen, 1000 wide)")
    ap.add_argument("--range", type=float, nargs=2, metavar=("MIN", "MAX"),
                    help="colour range (default: the data range; damage 0-1)")
    ap.add_argument("--view", choices=("auto", "xy", "xz", "yz", "iso"),
                    default="auto", help="camera (auto: xy in 2D, iso in 3D)")
    ap.add_argument("--clip", choices=("x", "y", "z"),
                    help="3D: cut the specimen in half by the mid-plane "
                         "normal to this axis, to show the inside")
    ap.add_argument("--title", help="caption above the image (default: run, "
                                    "step and nominal strain; '' for none)")
    ap.add_argument("--print-range", action="store_true",
                    help="print the field's data range as JSON")
    ap.add_argument("--range-json", metavar="FILE",
                    help="write the field's data range as JSON to FILE")
    args = ap.parse_args(argv)
    if args.warp is not None and args.warp < 0:
        raise InputError("--warp: the scale must be >= 0")
    if args.size and not (16 <= min(args.size) and max(args.size) <= 8192):
        raise InputError("--size: width and height must be 16 to 8192 pixels")
    if args.range and not args.range[0] < args.range[1]:
        raise InputError("--range: MIN must be below MAX")

    job = build_job(args)
    import shutil
    for tool in ("pvbatch", "Xvfb"):
        if shutil.which(tool) is None:
            print(f"render.py: {tool} not found: install the Debian packages "
                  "paraview python3-paraview xvfb", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="nanomech-render-") as tmp:
        job["result"] = os.path.join(tmp, "result.json")
        env = dict(os.environ, **{JOB_VARIABLE: json.dumps(job)})
        with XServer() as display:
            env["DISPLAY"] = display
            proc = subprocess.run(["pvbatch", PVBATCH_SCRIPT],
                                  env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0 or not os.path.isfile(job["result"]):
            print(proc.stdout[-4000:], file=sys.stderr)
            print(f"render.py: ParaView failed (exit status {proc.returncode})",
                  file=sys.stderr)
            return 1
        with open(job["result"]) as f:
            result = json.load(f)
    compact(result["image"])
    lo, hi = result["range"]
    unit = f" {result['unit']}" if result["unit"] else ""
    print(f"wrote {result['image']} ({result['field']} range "
          f"[{lo:.6g}, {hi:.6g}]{unit}, step {step_label(result['step'])}, "
          f"warp x{result['warp_scale']:g})", file=sys.stderr)
    text = json.dumps(result, indent=1)
    if args.print_range:
        print(text)
    if args.range_json:
        from nanomech_py.files import write_atomically
        write_atomically(args.range_json, text + "\n")
    return 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    # Beside it, and the modules every Python script of the repository
    # shares (<repo>/python).
    sys.path[:0] = [here, os.path.join(os.path.dirname(here), "python")]
    prog = os.path.basename(sys.argv[0])
    try:
        status = main()
    except InputError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        status = 2
    sys.exit(status)
