"""Shared helpers of the postprocess scripts: reading run and study
directories, flattening summary.json, axis labels with units, atomic writes
and the figure style.

Not a script. The scripts beside it import it (their directory is on
sys.path when they run as postprocess/NAME.py).

Contract read here (DESIGN.md, "Program contract"):
  run directory   summary.json (written last, only on success),
                  stress_strain.csv, solution.pvd
  study directory study.json {"format": 1, "name", "varied": [entry paths],
                  "replicas", "cases": [{"id", "directory", "parameters",
                  "replica", "seed"}]}; a case's run is <directory>/output.
"""
import json
import math
import os
import re
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
# The modules every Python script of the repository shares (<repo>/python).
sys.path.insert(0, os.path.join(os.path.dirname(_HERE), "python"))
from nanomech_py.files import write_atomically  # noqa: E402,F401


class InputError(Exception):
    """Bad arguments or unusable input: the script prints the message and
    exits with status 2."""


def fail_on_input_error(main):
    """Runs main(argv); an InputError becomes one message and exit 2."""
    prog = os.path.basename(sys.argv[0])
    try:
        return main()
    except InputError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2


def warn(message):
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)


# --------------------------------------------------------------------------
# Runs and studies

def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def is_study(path):
    return os.path.isfile(os.path.join(path, "study.json"))


def is_run(path):
    return any(os.path.exists(os.path.join(path, f))
               for f in ("summary.json", "stress_strain.csv", "parameters.prm",
                         "solution.pvd"))


class Case:
    """One case of a study (or a plain run directory, with no parameters)."""

    def __init__(self, case_id, output, parameters=None, replica=0, seed=None,
                 case_dir=None):
        self.id = case_id
        self.output = output
        self.case_dir = case_dir
        self.parameters = parameters or {}
        self.replica = replica
        self.seed = seed
        self.summary = None
        self.problem = None

    def load_summary(self):
        """Reads summary.json; on failure sets self.problem and returns
        None."""
        path = os.path.join(self.output, "summary.json")
        if not os.path.isfile(path):
            self.problem = self._why_unfinished()
            return None
        try:
            self.summary = read_json(path)
        except (OSError, ValueError) as e:
            self.problem = f"{path}: unreadable ({e})"
            return None
        if not isinstance(self.summary, dict) or "results" not in self.summary:
            self.problem = f"{path}: no \"results\" object"
            self.summary = None
        return self.summary


    def _why_unfinished(self):
        """Why a case has no summary.json, from what the study driver
        leaves in the case directory (exit_status, run.log)."""
        status = None
        if self.case_dir:
            try:
                with open(os.path.join(self.case_dir, "exit_status")) as f:
                    status = int(f.read().strip())
            except (OSError, ValueError):
                pass
        if status is not None:
            log = os.path.join(self.case_dir, "run.log")
            see = f", see {log}" if os.path.isfile(log) else ""
            return f"failed (exit status {status}){see}"
        if not os.path.isdir(self.output):
            return f"not started (no {self.output})"
        return f"no summary.json in {self.output} (still running, or failed)"


class Study:
    """A study directory and its manifest study.json (format 1)."""

    def __init__(self, directory):
        self.directory = os.path.abspath(directory)
        path = os.path.join(self.directory, "study.json")
        try:
            m = read_json(path)
        except FileNotFoundError:
            raise InputError(f"{directory}: not a study directory "
                             "(no study.json)")
        except (OSError, ValueError) as e:
            raise InputError(f"{path}: unreadable ({e})")
        if not isinstance(m, dict) or m.get("format") != 1:
            raise InputError(f"{path}: expected \"format\": 1, found "
                             f"{m.get('format') if isinstance(m, dict) else m!r}")
        for key, kind in (("varied", list), ("cases", list)):
            if not isinstance(m.get(key), kind):
                raise InputError(f"{path}: \"{key}\" must be a list")
        self.manifest = m
        self.name = str(m.get("name", os.path.basename(self.directory)))
        self.varied = [str(v) for v in m["varied"]]
        self.replicas = int(m.get("replicas", 1))
        self.cases = []
        for i, c in enumerate(m["cases"]):
            try:
                case_dir = os.path.join(self.directory, c["directory"])
                params = {str(k): str(v) for k, v in c.get("parameters", {}).items()}
                case = Case(str(c["id"]), os.path.join(case_dir, "output"),
                            params, int(c.get("replica", 0)), c.get("seed"),
                            case_dir)
            except (KeyError, TypeError, ValueError) as e:
                raise InputError(f"{path}: case {i} malformed ({e!r})")
            unknown = [k for k in self.varied if k not in params]
            if unknown:
                raise InputError(f"{path}: case {case.id} lacks the varied "
                                 f"parameter(s) {', '.join(unknown)}")
            self.cases.append(case)

    def load(self):
        """Reads every case's summary; returns (finished, missing)."""
        done, missing = [], []
        for c in self.cases:
            (done if c.load_summary() is not None else missing).append(c)
        return done, missing


def run_name(path):
    """A short name of a run directory: its name, or its parent's for a
    study case's cases/NNNN/output."""
    path = os.path.normpath(os.path.abspath(path))
    name = os.path.basename(path)
    return os.path.basename(os.path.dirname(path)) if name == "output" else name


def report_missing(missing, total, what="cases"):
    if missing:
        warn(f"{len(missing)} of {total} {what} missing:")
        for c in missing:
            print(f"  {c.id}: {c.problem}", file=sys.stderr)


def open_inputs(paths):
    """paths: one study directory, or run directories. Returns (study or
    None, cases). Raises InputError when a path is neither."""
    for p in paths:
        if not os.path.isdir(p):
            raise InputError(f"{p}: no such directory")
    studies = [p for p in paths if is_study(p)]
    if studies:
        if len(paths) > 1:
            raise InputError("give one study directory, or run directories "
                             f"only (got {len(paths)} paths, "
                             f"{len(studies)} of them studies)")
        study = Study(paths[0])
        return study, study.cases
    cases = []
    for p in paths:
        if not is_run(p):
            raise InputError(f"{p}: neither a study (study.json) nor a run "
                             "directory (summary.json, stress_strain.csv)")
        cases.append(Case(p.rstrip("/") or p, p))
    return None, cases


# --------------------------------------------------------------------------
# Numbers

def to_number(text):
    """float(text) if it parses as a finite or infinite number, else None."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_matrix(v):
    return (isinstance(v, list) and v and
            all(isinstance(r, list) and len(r) == len(v[0]) and
                all(is_number(x) for x in r) for r in v))


def _matrix_columns(key, m):
    """An n x n Voigt matrix as upper-triangle columns: C11_MPa, C12_MPa...
    (indices in Voigt order: 11 22 33 23 13 12 in 3D, 11 22 12 in 2D)."""
    if key.startswith("effective_stiffness"):
        name, unit = "C", "_MPa"
    elif key.startswith("effective_compliance"):
        name, unit = "S", "_per_MPa"
    else:
        base, unit = split_unit(key)
        name, unit = base + "_", key[len(base):]
    out = {}
    for i in range(len(m)):
        for j in range(i if len(m) == len(m[0]) else 0, len(m[0])):
            out[f"{name}{i + 1}{j + 1}{unit}"] = m[i][j]
    return out


def _flatten(obj, prefix, out, skip=()):
    for key, v in obj.items():
        if key in skip:
            continue
        name = prefix + key
        if isinstance(v, dict):
            _flatten(v, name + ".", out)
        elif _is_matrix(v):
            for k, x in _matrix_columns(key, v).items():
                out[prefix + k] = x
        elif (isinstance(v, list) and len(v) == 2 and all(is_number(x) for x in v)
              and "_range" in key):
            out[name.replace("_range", "_min")] = v[0]
            out[name.replace("_range", "_max")] = v[1]
        elif isinstance(v, (bool, int, float, str)):
            out[name] = v
        # Other lists (per step, per realization) are not scalars: left out.


# Keys of summary.json that are provenance or bookkeeping rather than
# analysis-specific blocks.
_STANDARD = {"program", "version", "git_commit", "analysis", "dimension",
             "fe_degree", "n_mpi_ranks", "n_cells", "n_dofs", "units",
             "microstructure", "solver", "timing_seconds", "memory", "results",
             "fields", "warnings"}


def flatten_results(results):
    """Scalar results of summary["results"]: numbers, flags and strings;
    matrices as C11_MPa...; sub-objects (engineering_constants, anisotropy)
    by their own keys; further boundary conditions of a homogenization as
    "<bc>.<key>". Ensemble statistics (lists over realizations) are left
    out: the means are the top-level values."""
    out = {}
    first_bc = results.get("boundary_condition")
    for key, v in results.items():
        if key == "by_boundary_condition" and isinstance(v, dict):
            for bc, block in v.items():
                if bc != first_bc and isinstance(block, dict):
                    sub = flatten_results({k: x for k, x in block.items()
                                           if k != "by_boundary_condition"})
                    out.update({f"{bc}.{k}": x for k, x in sub.items()
                                if k != "boundary_condition"})
        elif key == "ensemble":
            continue
        elif isinstance(v, dict):
            sub = {}
            _flatten(v, "", sub)
            for k, x in sub.items():
                out[k if k not in out and k not in results else f"{key}.{k}"] = x
        else:
            _flatten({key: v}, "", out)
    return out


def flatten_summary(s):
    """One row of scalars from a summary.json: provenance and size first,
    the run time, CG iterations, peak memory and number of warnings, then
    the results, then the analysis-specific blocks (prefixed with
    their name), the fields' data ranges and the meshed volume fractions."""
    row = {}
    for k in ("analysis", "dimension", "fe_degree", "n_mpi_ranks", "n_cells",
              "n_dofs"):
        if k in s:
            row[k] = s[k]
    t = s.get("timing_seconds", {})
    if is_number(t.get("total")):
        row["total_s"] = t["total"]
    its = s.get("solver", {}).get("iterations_per_solve")
    if isinstance(its, list) and all(is_number(i) for i in its):
        row["cg_iterations"] = int(sum(its))
    mem = s.get("memory", {}).get("peak_resident_MB_max_rank")
    if is_number(mem):
        row["peak_memory_MB_max_rank"] = mem
    # Warnings the run printed; None (an empty cell) for a run from before
    # summary.json listed them, which is not the same as none.
    warnings = s.get("warnings")
    row["n_warnings"] = len(warnings) if isinstance(warnings, list) else None
    row.update(flatten_results(s.get("results", {})))
    for key, v in s.items():
        if key not in _STANDARD and isinstance(v, dict):
            _flatten(v, key + ".", row)
    if isinstance(s.get("fields"), dict):
        _flatten(s["fields"], "fields.", row)
    vf = s.get("microstructure", {}).get("volume_fractions")
    if isinstance(vf, list):
        for i, f in enumerate(vf):
            row[f"volume_fraction_phase{i}"] = f
    for k in ("version", "git_commit"):
        if k in s:
            row[k] = s[k]
    return row


# --------------------------------------------------------------------------
# Labels with units

# The one table of unit suffixes, shared with the C++ program (which writes
# it into summary.json): src/output/units.json.
UNITS_FILE = os.path.join(os.path.dirname(_HERE), "src", "output", "units.json")


def _read_units():
    with open(UNITS_FILE, encoding="utf-8") as f:
        table = json.load(f)
    return ([(str(suffix), str(unit)) for suffix, unit in table["suffixes"]],
            frozenset(table["dimensionless"]))


UNIT_SUFFIXES, DIMENSIONLESS = _read_units()

_NAMES = {"nominal_strain": "Nominal strain",
          "nominal_stress": "Nominal stress",
          "strength": "Strength",
          "strain_at_peak": "Strain at peak",
          "toughness": "Toughness",
          "dissipated_energy": "Dissipated energy",
          "apparent_modulus": "Apparent modulus",
          "apparent_shear_modulus": "Apparent shear modulus",
          "reaction_force": "Reaction force",
          "elastic_energy": "Elastic energy",
          "fracture_energy": "Fracture energy",
          "external_work": "External work",
          "max_damage": "Largest damage",
          "load_displacement": "Load-point displacement",
          "load_displacement_at_peak": "Load-point displacement at peak",
          "peak_force": "Peak force",
          "total": "Run time"}


def split_unit(column):
    """'toughness_MJ_per_m3' -> ('toughness', 'MJ/m³'); no unit -> ''."""
    for suffix, unit in UNIT_SUFFIXES:
        if column.endswith(suffix) and len(column) > len(suffix):
            return column[: -len(suffix)], unit
    return column, ""


def is_strain(column):
    base, unit = split_unit(column)
    return unit == "" and "strain" in base and "energy" not in base


def column_label(column, percent_strain=True):
    """Axis label and factor for a column: ('Toughness (MJ/m³)', 1.0);
    strains (no unit) are shown in per cent: ('Nominal strain (%)', 100)."""
    base, unit = split_unit(column)
    name = _NAMES.get(base)
    if name is None:
        name = base.replace("_", " ")
        if name[:1].islower() and not re.match(r"^[a-z]\d", name):
            name = name[0].upper() + name[1:]
    if percent_strain and is_strain(column):
        return f"{name} (%)", 100.0
    return (f"{name} ({unit})" if unit else name), 1.0


# Units of parameter entries, by the words of the entry's last component.
# Lengths are in µm, moduli and stresses in MPa, Gc in J/m² (DESIGN.md).
_PARAM_UNITS = [(r"cov\b|fraction|ratio|stagger|poisson|seed|number|"
                 r"factor|tolerance|refinement|cells|strain|angle", ""),
                (r"energy release rate", "J/m²"),
                (r"modulus|^c\d\d$|stress", "MPa"),
                (r"thickness|length|diameter|radius|size|spacing|gap|width|"
                 r"height|scale|distance|period", "µm")]


def parameter_label(entry):
    """'Microstructure/Nacre/Tablet length' -> 'Tablet length (µm)'."""
    last = entry.rstrip("/").split("/")[-1]
    low = last.lower()
    for pattern, unit in _PARAM_UNITS:
        if re.search(pattern, low):
            return f"{last} ({unit})" if unit else last
    return last


def slug(text):
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def format_value(v):
    """A parameter value for a legend: numbers without trailing zeros."""
    x = to_number(v)
    if x is None or not math.isfinite(x):
        return str(v)
    return f"{x:g}"


# --------------------------------------------------------------------------
# Files and figures (write_atomically: from nanomech_py.files, above)

def pyplot():
    """matplotlib.pyplot on the Agg backend with the project's style."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 150,
        "font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10.5,
        "legend.fontsize": 8.5, "legend.title_fontsize": 9,
        "xtick.labelsize": 9, "ytick.labelsize": 9,
        "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.alpha": 0.3, "grid.linewidth": 0.6,
        "lines.linewidth": 1.6, "legend.frameon": False,
    })
    return plt


def sequential_colours(plt, n):
    """n colours along viridis, stopping before its palest yellows so that
    every line stays visible on white."""
    cmap = plt.get_cmap("viridis")
    if n <= 1:
        return [cmap(0.25)]
    return [cmap(0.8 * i / (n - 1)) for i in range(n)]


def save_figure(fig, path):
    """Saves a figure as PNG atomically (tight bounding box, small file)."""
    import io
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", pad_inches=0.08,
                metadata={"Software": "nanomech postprocess"})
    data = buf.getvalue()
    try:
        # A palette PNG is a third of the size and looks the same for
        # line plots (few colours).
        from PIL import Image
        img = Image.open(io.BytesIO(data)).convert("RGB")
        if len(img.getcolors(maxcolors=1 << 16) or []) <= 256 or len(data) > 150_000:
            small = io.BytesIO()
            img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
                small, format="PNG", optimize=True)
            if len(small.getvalue()) < len(data):
                data = small.getvalue()
    except ImportError:
        pass
    write_atomically(path, data, mode="wb")
