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
when several renders start at once) and runs `pvbatch render.py` there,
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
JOB_VARIABLE = "NANOMECH_RENDER_JOB"


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
            proc = subprocess.run(["pvbatch", os.path.abspath(__file__)],
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


# ===========================================================================
# Part 2: the rendering, run by pvbatch under Xvfb. Failures raise (a
# sys.exit here breaks pvbatch's teardown under Xvfb).

def nice_scale(x):
    """The 1-2-5 number at or below x (for a readable warp factor)."""
    import math
    if x <= 0:
        return 0.0
    e = math.floor(math.log10(x))
    for m in (5, 2, 1):
        if m * 10**e <= x:
            return float(m * 10**e)
    return float(10**e)


def render(job):
    import paraview.simple as pv

    pv.LoadPalette("WhiteBackground")
    reader = pv.OpenDataFile(job["pvd"])
    if reader is None:
        raise RuntimeError(f"ParaView cannot open {job['pvd']}")
    t = job["time"]
    reader.UpdatePipeline(t)
    info = reader.GetDataInformation()
    if info.GetNumberOfPoints() == 0:
        raise RuntimeError(f"{job['file']}: no points")
    b = info.GetBounds()
    extent = [b[1] - b[0], b[3] - b[2], b[5] - b[4]]
    dim = job["dimension"] or (2 if extent[2] == 0 else 3)

    # The scalar to colour by and its data range, read from the reader.
    field, assoc, comp = job["field"], job["association"], job["component"]
    data = reader.PointData if assoc == "POINTS" else reader.CellData
    arr = data[field]
    if arr is None:
        raise RuntimeError(f"{field} not found by ParaView in {job['file']}")
    ncomp = arr.GetNumberOfComponents()
    source = reader
    if comp is not None:
        source = pv.ExtractComponent(Input=reader, InputArray=[assoc, field],
                                     Component=comp,
                                     OutputArrayName="render_component")
        source.UpdatePipeline(t)
        colour_array = "render_component"
        data = source.PointData if assoc == "POINTS" else source.CellData
        data_range = list(data["render_component"].GetRange(0))
    else:
        colour_array = field
        data_range = list(arr.GetRange(-1 if ncomp > 1 else 0))

    # The deformed shape.
    warp = job["warp"]
    shown = source
    if warp != 0.0:
        disp = reader.PointData["displacement"]
        vec = "displacement"
        if disp.GetNumberOfComponents() == 2:
            calc = pv.Calculator(Input=source, ResultArrayName="displacement_3d",
                                 Function="displacement_X*iHat+displacement_Y*jHat")
            shown, vec = calc, "displacement_3d"
        umax = disp.GetRange(-1)[1]
        if warp is None:
            warp = (nice_scale(0.04 * max(extent) / umax) if umax > 0 else 0.0)
            warp = max(warp, 1.0) if umax > 0 else 0.0
        if warp != 0.0:
            shown = pv.WarpByVector(Input=shown, Vectors=["POINTS", vec],
                                    ScaleFactor=warp)
    if job["clip"]:
        # Cut away the half facing the camera of the iso view.
        axis = "xyz".index(job["clip"])
        clip = pv.Clip(Input=shown)
        clip.ClipType = "Plane"
        clip.ClipType.Origin = [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2,
                                (b[4] + b[5]) / 2]
        clip.ClipType.Normal = [1.0 if i == axis else 0.0 for i in range(3)]
        clip.Invert = 0 if axis == 1 else 1
        shown = clip
    shown.UpdatePipeline(t)

    view = pv.CreateRenderView() if pv.GetActiveView() is None else pv.GetActiveView()
    view.ViewTime = t
    display = pv.Show(shown, view)
    display.Representation = "Surface"
    display.Specular = 0.0
    if dim == 2 or job["view"] in ("xy", "xz", "yz"):
        # A flat view: the colours of the map, not shaded by the lights.
        display.Ambient = 1.0
        display.Diffuse = 0.0
    pv.ColorBy(display, (assoc, colour_array))
    lut = pv.GetColorTransferFunction(colour_array)

    if job["categories"] is not None:
        lo, hi = int(round(data_range[0])), int(round(data_range[1]))
        names = job["categories"]["names"]
        lut.InterpretValuesAsCategories = 1
        annotations, colours = [], []
        palette = [(0.122, 0.467, 0.706), (1.0, 0.498, 0.055),
                   (0.173, 0.627, 0.173), (0.839, 0.153, 0.157),
                   (0.580, 0.404, 0.741), (0.549, 0.337, 0.294),
                   (0.890, 0.467, 0.761), (0.498, 0.498, 0.498)]
        for v in range(lo, hi + 1):
            annotations += [str(v), names[v] if v < len(names) else str(v)]
            colours += list(palette[v % len(palette)])
        lut.Annotations = annotations
        lut.IndexedColors = colours
    else:
        if field == "damage":
            preset, crange = "Inferno (matplotlib)", [0.0, 1.0]
        elif field in ("hydrostatic_stress", "stress", "strain", "stress_zz"):
            m = max(abs(data_range[0]), abs(data_range[1])) or 1.0
            preset, crange = "Cool to Warm", [-m, m]
        elif field in ("grain", "level"):
            preset, crange = "Turbo", list(data_range)
        else:
            preset, crange = "Viridis (matplotlib)", list(data_range)
        if job["range"]:
            crange = list(job["range"])
        if crange[0] == crange[1]:
            crange = [crange[0] - 0.5, crange[1] + 0.5]
        lut.ApplyPreset(preset, True)
        if comp is None and ncomp > 1:
            lut.VectorMode = "Magnitude"
        lut.RescaleTransferFunction(crange[0], crange[1])
        lut.AutomaticRescaleRangeMode = "Never"

    # Camera and image size: the specimen fills the width; the colour bar
    # sits below it (2D) or beside it (3D). A first render, else
    # paraview.simple resets the camera set here when it first renders.
    pv.Render(view)
    shown_info = shown.GetDataInformation()
    sb = shown_info.GetBounds()
    cx, cy, cz = (sb[0] + sb[1]) / 2, (sb[2] + sb[3]) / 2, (sb[4] + sb[5]) / 2
    mode = job["view"]
    if mode == "auto":
        mode = "xy" if dim == 2 else "iso"
    top = 0.07 if job["caption"] else 0.02
    if mode == "iso":
        W, H = job["size"] or (1000, 760)
        view.ViewSize = [W, H]
        view.CameraPosition = [cx + 1.0, cy - 1.6, cz + 0.9]
        view.CameraFocalPoint = [cx, cy, cz]
        view.CameraViewUp = [0, 0, 1]
        view.CameraParallelProjection = 0
        pv.Render(view)
        view.ResetCamera(False)
        view.OrientationAxesVisibility = 1
        display.Ambient = 0.25
        display.Diffuse = 0.85
    else:
        axes = {"xy": (0, 1, 2), "xz": (0, 2, 1), "yz": (1, 2, 0)}[mode]
        lw = sb[2 * axes[0] + 1] - sb[2 * axes[0]]
        lh = sb[2 * axes[1] + 1] - sb[2 * axes[1]]
        bottom = 0.18
        margin = 1.06
        if job["size"]:
            W, H = job["size"]
        else:
            W = 1000
            H = int(min(1000, max(320, W * lh * margin / max(lw, 1e-30)
                                  / (1 - bottom - top))))
        # Half the visible height so that the specimen fits both ways.
        ps = max(lh * margin / (1 - bottom - top) / 2, lw * margin / 2 * H / W)
        c = [cx, cy, cz]
        up = [0.0, 0.0, 0.0]
        up[axes[1]] = 1.0
        normal = [0.0, 0.0, 0.0]
        normal[axes[2]] = 1.0 if mode != "xz" else -1.0
        focal = list(c)
        focal[axes[1]] = c[axes[1]] - ps * (bottom - top)
        view.CameraFocalPoint = focal
        view.CameraPosition = [f + 10 * max(extent) * n for f, n in zip(focal, normal)]
        view.CameraViewUp = up
        view.CameraParallelProjection = 1
        view.CameraParallelScale = ps
        view.OrientationAxesVisibility = 0
    view.ViewSize = [W, H]

    unit = job["unit"]
    bar = pv.GetScalarBar(lut, view)
    bar.Title = job["bar_title"] + (f" ({unit})" if unit else "")
    bar.ComponentTitle = ""
    bar.TitleColor = [0.0, 0.0, 0.0]
    bar.LabelColor = [0.0, 0.0, 0.0]
    bar.TitleFontSize = 18
    bar.LabelFontSize = 16
    bar.TitleBold = 0
    bar.ScalarBarThickness = 16
    bar.DrawTickMarks = 1
    bar.AddRangeLabels = 0
    bar.LabelFormat = "%-#.3g"
    bar.WindowLocation = "Any Location"
    if mode == "iso":
        bar.Orientation = "Vertical"
        bar.ScalarBarLength = 0.6
        bar.Position = [0.86, 0.2]
    else:
        bar.Orientation = "Horizontal"
        bar.ScalarBarLength = 0.5
        bar.Position = [0.25, 0.02]
        bar.TextPosition = "Ticks right/top, annotations left/bottom"
        if job["categories"] is not None:
            # Names below the bar, the title above it.
            bar.Position = [0.25, 0.075]
            bar.DrawTickMarks = 0
    display.SetScalarBarVisibility(view, True)

    if job["caption"]:
        note = job["caption"]
        if warp not in (None, 0.0):
            note += (f", displacement ×{warp:g}" if warp != 1.0 else
                     ", deformed shape (true scale)")
        text = pv.Text(Text=note)
        tdisplay = pv.Show(text, view)
        tdisplay.WindowLocation = "Upper Center"
        tdisplay.FontSize = 17
        tdisplay.Color = [0.15, 0.15, 0.15]

    pv.Render(view)
    pv.SaveScreenshot(job["output"], view, ImageResolution=[W, H],
                      TransparentBackground=0)
    if not os.path.isfile(job["output"]):
        raise RuntimeError(f"ParaView wrote no {job['output']}")
    result = {"image": job["output"], "pvd": job["pvd"], "file": job["file"],
              "step": t, "field": field, "association": assoc,
              "component": job["component_name"],
              "magnitude": comp is None and ncomp > 1,
              "range": data_range, "unit": unit,
              "colour_range": None if job["categories"] is not None else
              [lut.RGBPoints[0], lut.RGBPoints[-4]],
              "warp_scale": warp or 0.0, "image_size": [W, H]}
    with open(job["result"], "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    if JOB_VARIABLE in os.environ:
        render(json.loads(os.environ[JOB_VARIABLE]))
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        # Beside it, and the modules every Python script of the repository
        # shares (<repo>/python; not needed by the pvbatch part).
        sys.path[:0] = [here, os.path.join(os.path.dirname(here), "python")]
        prog = os.path.basename(sys.argv[0])
        try:
            status = main()
        except InputError as e:
            print(f"{prog}: error: {e}", file=sys.stderr)
            status = 2
        sys.exit(status)
