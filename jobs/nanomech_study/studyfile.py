"""Study files (*.study): parsing, checking and expansion into cases.

Study file format (one statement per line; '#' starts a comment; a line ending in a
backslash continues on the next):

    name          = nacre_architecture   # default: the file name; [A-Za-z0-9_.-]
    base          = ../fracture_nacre_2d.prm
                    # the base parameter file, relative to the study file,
                    # else to the repository root (or absolute)
    design        = grid                 # grid (default) | random N | lhs N
    sampling seed = 1                    # random and lhs only (default 1)
    replicas      = 3                    # realizations per point (default 1)
    seed          = 1                    # Microstructure/Seed = seed + replica
                                         # (default: the base file's, else 1)
    set  Section/Key = value             # fixed override in every case
    vary Section/Key = SPEC              # a varied entry

SPEC:
    a, b, c                  a list of values, written into the parameter
                             file as given ("..." quotes a value holding a
                             comma)
    range(start, stop, step) start, start + step, ... up to stop (included
                             when reached)
    linspace(start, stop, n) n equally spaced values, both ends included
    geomspace(start, stop, n) n geometrically spaced values (start, stop > 0)
    uniform(low, high)       random and lhs designs: uniform on [low, high)
    loguniform(low, high)    random and lhs designs: log-uniform (low > 0)

grid: the cartesian product of the lists (the first `vary` line varies
slowest). random N: N points drawn independently. lhs N: a Latin hypercube
of N points: the range of every varied entry is cut into N strata of equal
probability (equal width, in log scale for loguniform) and every stratum
holds exactly one point; a list of k values counts as k equal parts. Both
draw from Python's Mersenne Twister seeded with `sampling seed`, so the
same file always gives the same points. Every point is run `replicas`
times, with seeds seed, seed + 1, ...; case numbers run over the points,
replicas innermost.
"""
import difflib
import itertools
import math
import os
import random
import re

from .prmfile import PrmError, PrmFile, norm

SEED_ENTRY = "Microstructure/Seed"
OUTPUT_ENTRY = "Output/Directory"
MAX_CASES = 100000
KEYWORDS = ("name", "base", "design", "sampling seed", "replicas", "seed")


class StudyError(Exception):
    """One error in a study file, at a line (0: the file as a whole)."""

    def __init__(self, path, line, message):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self):
        if self.line:
            return "%s:%d: error: %s" % (self.path, self.line, self.message)
        return "%s: error: %s" % (self.path, self.message)


class Vary:
    """A varied entry: a finite list of values, or a distribution."""

    def __init__(self, entry, line, values=None, dist=None, low=None,
                 high=None):
        self.entry, self.line = entry, line
        self.values = values          # list of strings, or None
        self.dist = dist              # 'uniform' | 'loguniform' | None
        self.low, self.high = low, high

    def strata_value(self, u, n_strata=None, stratum=None):
        """The value at probability u in [0, 1). With a stratum, a value
        whose written (rounded) form stays inside that stratum."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)),
                                   len(self.values) - 1)]
        if self.dist == "uniform":
            to_x = lambda v: self.low + v * (self.high - self.low)
        else:
            lo, hi = math.log(self.low), math.log(self.high)
            to_x = lambda v: math.exp(lo + v * (hi - lo))
        x = to_x(u)
        if stratum is None:
            return _format_number(x, 6)
        a, b = to_x(stratum / n_strata), to_x((stratum + 1) / n_strata)
        for digits in range(6, 18):
            s = _format_number(x, digits)
            if a <= float(s) < b:
                return s
        return repr(x)


class Study:
    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.name = None
        self.base = None
        self.design = "grid"
        self.n_samples = None
        self.sampling_seed = 1
        self.replicas = 1
        self.seed = None
        self.sets = []      # (entry, value, line)
        self.varies = []    # Vary
        self.lines = {}     # keyword -> line

    @property
    def varied(self):
        return [v.entry for v in self.varies]


def _format_number(x, digits=10):
    if isinstance(x, int):
        return str(x)
    s = "%.*g" % (digits, x)
    return "0" if s == "-0" else s


def _split_list(text):
    """Comma-separated values; a value in double quotes may hold commas.
    Returns (values, None) or (None, what is wrong)."""
    values, i, n = [], 0, len(text)
    while True:
        while i < n and text[i].isspace():
            i += 1
        if i < n and text[i] == '"':
            j = text.find('"', i + 1)
            if j < 0:
                return None, "a '\"' is not closed"
            value, i = text[i + 1:j], j + 1
            while i < n and text[i].isspace():
                i += 1
            if i < n and text[i] != ",":
                return None, "text after a quoted value: '%s'" % text[i:]
        else:
            j = text.find(",", i)
            j = n if j < 0 else j
            value, i = text[i:j].strip(), j
            if '"' in value:
                return None, "a '\"' inside a value: '%s'" % value
        values.append(value)
        if i >= n:
            return values, None
        i += 1  # the comma


def _number(text, path, line, what):
    t = text.strip()
    try:
        if re.fullmatch(r"[+-]?\d+", t):
            return int(t)
        x = float(t)
    except ValueError:
        raise StudyError(path, line, "%s is not a number: '%s'" % (what, t))
    if not math.isfinite(x):
        raise StudyError(path, line, "%s is not finite: '%s'" % (what, t))
    return x


def _integer(text, path, line, what, minimum):
    t = text.strip()
    if not re.fullmatch(r"[+-]?\d+", t):
        raise StudyError(path, line, "%s must be a whole number, not '%s'"
                         % (what, t))
    n = int(t)
    if n < minimum:
        raise StudyError(path, line, "%s must be at least %d, not %d"
                         % (what, minimum, n))
    return n


def _parse_spec(entry, spec, path, line):
    m = re.fullmatch(r"([A-Za-z_]\w*)\s*\((.*)\)", spec)
    if not m:
        values, problem = _split_list(spec)
        if values is None:
            raise StudyError(path, line, "in the values of %s: %s"
                             % (entry, problem))
        if any(v == "" for v in values):
            raise StudyError(path, line, "empty value in the list of %s "
                             "(two commas in a row, or a comma at the end?)"
                             % entry)
        return Vary(entry, line, values=values)
    func, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
    expected = {"range": 3, "linspace": 3, "geomspace": 3, "uniform": 2,
                "loguniform": 2}
    if func not in expected:
        raise StudyError(path, line, "unknown function '%s' for %s; use a "
                         "list, range, linspace, geomspace, uniform or "
                         "loguniform" % (func, entry))
    if len(args) != expected[func]:
        names = {"range": "start, stop, step", "linspace": "start, stop, n",
                 "geomspace": "start, stop, n", "uniform": "low, high",
                 "loguniform": "low, high"}[func]
        raise StudyError(path, line, "%s takes %d arguments (%s), not %d"
                         % (func, expected[func], names, len(args)))
    if func in ("uniform", "loguniform"):
        low = float(_number(args[0], path, line, func + " low"))
        high = float(_number(args[1], path, line, func + " high"))
        if not low < high:
            raise StudyError(path, line, "%s needs low < high, got %s, %s"
                             % (func, args[0], args[1]))
        if func == "loguniform" and low <= 0:
            raise StudyError(path, line, "loguniform needs low > 0, got %s"
                             % args[0])
        return Vary(entry, line, dist=func, low=low, high=high)
    start = _number(args[0], path, line, func + " start")
    stop = _number(args[1], path, line, func + " stop")
    if func == "range":
        step = _number(args[2], path, line, "range step")
        if step == 0 or (stop - start) * step < 0:
            raise StudyError(path, line, "range(%s, %s, %s) is empty: the "
                             "step must be non-zero and point from start to "
                             "stop" % tuple(args))
        count = int(math.floor((stop - start) / step + 1e-9)) + 1
        if count > MAX_CASES:
            raise StudyError(path, line, "range gives %d values" % count)
        if all(isinstance(v, int) for v in (start, stop, step)):
            values = [str(start + i * step) for i in range(count)]
        else:
            values = [_format_number(start + i * step) for i in range(count)]
        return Vary(entry, line, values=values)
    n = _integer(args[2], path, line, func + " count", 1)
    if n > MAX_CASES:
        raise StudyError(path, line, "%s count %d is too large" % (func, n))
    if func == "geomspace":
        if start <= 0 or stop <= 0:
            raise StudyError(path, line, "geomspace needs start and stop "
                             "> 0, got %s, %s" % (args[0], args[1]))
        xs = [start * (stop / start) ** (i / (n - 1)) if n > 1 else start
              for i in range(n)]
    else:
        xs = [start + (stop - start) * i / (n - 1) if n > 1 else start
              for i in range(n)]
    return Vary(entry, line, values=[_format_number(float(x)) for x in xs])


def _logical_lines(text):
    """(first line number, statement) with comments removed and
    backslash continuations joined."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        first = i + 1
        cur = _strip_comment(lines[i])
        while cur.rstrip().endswith("\\") and i + 1 < len(lines):
            i += 1
            cur = cur.rstrip()[:-1] + " " + _strip_comment(lines[i]).strip()
        i += 1
        if cur.strip():
            yield first, cur.strip()


def _strip_comment(line):
    in_quotes = False
    for k, ch in enumerate(line):
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "#" and not in_quotes:
            return line[:k]
    return line


def find_base(name, study_path, repo_root):
    """The base parameter file: absolute, or relative to the study file's
    directory, else to the repository root."""
    if os.path.isabs(name):
        return [name]
    return [os.path.normpath(os.path.join(os.path.dirname(study_path), name)),
            os.path.normpath(os.path.join(repo_root, name))]


def check_entries(study, known_entries):
    """Raise StudyError at the first set/vary line whose entry the program
    does not know."""
    lines = [(line, e) for e, _, line in study.sets] + \
        [(v.line, v.entry) for v in study.varies]
    for line, entry in sorted(lines):
        if entry not in known_entries:
            close = difflib.get_close_matches(entry, sorted(known_entries), 1)
            hint = " (did you mean '%s'?)" % close[0] if close else ""
            raise StudyError(study.path, line, "unknown parameter entry "
                             "'%s'%s; 'nanomech --print-parameters' lists "
                             "them" % (entry, hint))


def parse(path, repo_root, text=None):
    """Read and check a study file; raise StudyError for the first error.
    With `text`, that is the file's content (path still names it and
    anchors the base file). The entry names are checked separately
    (check_entries), as that needs the program."""
    study = Study(path)
    if text is None:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except (OSError, UnicodeDecodeError) as e:
            raise StudyError(path, 0, "cannot read the study file: %s" % e)
    entries_seen = {}

    def check_entry(raw, line):
        entry = "/".join(norm(p) for p in raw.split("/"))
        if not entry or any(p == "" for p in entry.split("/")):
            raise StudyError(path, line, "bad entry path '%s' (write "
                             "Section/Subsection/Key)" % raw.strip())
        if entry in entries_seen:
            raise StudyError(path, line, "entry '%s' is already set or "
                             "varied on line %d" % (entry, entries_seen[entry]))
        if entry == SEED_ENTRY:
            raise StudyError(path, line, "%s is set per case from the "
                             "replicas: write 'seed = N' for the first seed "
                             "and 'replicas = R'" % SEED_ENTRY)
        if entry == OUTPUT_ENTRY:
            raise StudyError(path, line, "%s is set per case by the study "
                             "(cases/NNNN/output)" % OUTPUT_ENTRY)
        entries_seen[entry] = line
        return entry

    for line, stmt in _logical_lines(text):
        word = stmt.split(None, 1)[0]
        if word in ("set", "vary"):
            rest = stmt[len(word):].strip()
            if "=" not in rest:
                raise StudyError(path, line, "'%s' needs 'ENTRY = VALUE': %s"
                                 % (word, stmt))
            raw, value = (s.strip() for s in rest.split("=", 1))
            entry = check_entry(raw, line)
            if not value:
                raise StudyError(path, line, "no value for %s" % entry)
            if word == "set":
                study.sets.append((entry, value, line))
            else:
                study.varies.append(_parse_spec(entry, value, path, line))
            continue
        if "=" not in stmt:
            raise StudyError(path, line, "expected 'KEYWORD = VALUE', "
                             "'set ENTRY = VALUE' or 'vary ENTRY = VALUES': "
                             "%s" % stmt)
        key, value = (s.strip() for s in stmt.split("=", 1))
        key = norm(key)
        if key not in KEYWORDS:
            close = difflib.get_close_matches(key, KEYWORDS, 1)
            hint = " (did you mean '%s'?)" % close[0] if close else ""
            raise StudyError(path, line, "unknown keyword '%s'%s; keywords: "
                             "%s, set, vary" % (key, hint, ", ".join(KEYWORDS)))
        if key in study.lines:
            raise StudyError(path, line, "'%s' is given twice (first on line "
                             "%d)" % (key, study.lines[key]))
        study.lines[key] = line
        if not value:
            raise StudyError(path, line, "no value for '%s'" % key)
        if key == "name":
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", value):
                raise StudyError(path, line, "name may hold only letters, "
                                 "digits, '_', '.', '-': '%s'" % value)
            study.name = value
        elif key == "base":
            study.base = value
        elif key == "design":
            parts = value.split()
            if parts[0] == "grid" and len(parts) == 1:
                study.design = "grid"
            elif parts[0] in ("random", "lhs") and len(parts) == 2:
                study.design = parts[0]
                study.n_samples = _integer(parts[1], path, line,
                                           "the number of samples", 1)
            else:
                raise StudyError(path, line, "design must be 'grid', "
                                 "'random N' or 'lhs N', not '%s'" % value)
        elif key == "sampling seed":
            study.sampling_seed = _integer(value, path, line,
                                           "sampling seed", 0)
        elif key == "replicas":
            study.replicas = _integer(value, path, line, "replicas", 1)
        elif key == "seed":
            study.seed = _integer(value, path, line, "seed", 0)

    if study.name is None:
        study.name = re.sub(r"[^A-Za-z0-9_.-]", "_",
                            os.path.splitext(os.path.basename(path))[0])
    if study.base is None:
        raise StudyError(path, 0, "no 'base = PARAMETER_FILE' line")
    candidates = find_base(study.base, path, repo_root)
    found = [c for c in candidates if os.path.isfile(c)]
    if not found:
        raise StudyError(path, study.lines["base"], "base parameter file "
                         "'%s' not found (looked for %s)"
                         % (study.base, " and ".join(candidates)))
    study.base_path = os.path.abspath(found[0])
    try:
        study.base_prm = PrmFile(study.base_path)
    except PrmError as e:
        raise StudyError(path, study.lines["base"],
                         "base parameter file is malformed: %s" % e)
    except (OSError, UnicodeDecodeError) as e:
        raise StudyError(path, study.lines["base"],
                         "cannot read the base parameter file: %s" % e)
    if study.seed is None:
        base_seed = study.base_prm.get(SEED_ENTRY)
        study.seed = int(base_seed) if base_seed and \
            re.fullmatch(r"\d+", base_seed) else 1

    if study.design == "grid":
        if "sampling seed" in study.lines:
            raise StudyError(path, study.lines["sampling seed"],
                             "'sampling seed' is for random and lhs designs; "
                             "this study is a grid")
        for v in study.varies:
            if v.values is None:
                raise StudyError(path, v.line, "%s(...) draws random values; "
                                 "it needs 'design = random N' or 'design = "
                                 "lhs N' (a grid needs a list, range, "
                                 "linspace or geomspace)" % v.dist)
    elif not study.varies:
        raise StudyError(path, study.lines["design"], "design '%s' needs at "
                         "least one 'vary' line" % study.design)
    n_points = study.n_samples if study.design != "grid" else \
        math.prod(len(v.values) for v in study.varies)
    if n_points * study.replicas > MAX_CASES:
        raise StudyError(path, 0, "the study has %d cases (at most %d)"
                         % (n_points * study.replicas, MAX_CASES))
    return study


def points(study):
    """The varied values of every point: a list of {entry: value}."""
    if study.design == "grid":
        combos = itertools.product(*(v.values for v in study.varies))
        return [dict(zip(study.varied, c)) for c in combos]
    rng = random.Random(study.sampling_seed)
    n, varies = study.n_samples, study.varies
    pts = [{} for _ in range(n)]
    if study.design == "random":
        for p in pts:
            for v in varies:
                p[v.entry] = v.strata_value(rng.random())
        return pts
    for v in varies:  # lhs: one random permutation of the strata per entry
        strata = list(range(n))
        rng.shuffle(strata)
        for p, s in zip(pts, strata):
            p[v.entry] = v.strata_value((s + rng.random()) / n, n, s)
    return pts


def cases(study):
    """Every case: {'id', 'parameters', 'replica', 'seed'} in order."""
    pts = points(study)
    width = max(4, len(str(len(pts) * study.replicas - 1)))
    out = []
    for p in pts:
        for r in range(study.replicas):
            out.append({"id": "%0*d" % (width, len(out)), "parameters": p,
                        "replica": r, "seed": study.seed + r})
    return out
