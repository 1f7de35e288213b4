"""Read a deal.II ParameterHandler file and write it back with entries
replaced or added, keeping its layout and comments.

An entry is named by its path, "Section/Subsection/Key"; names compare
with runs of white space taken as one space, as ParameterHandler does.
"""
import os


class PrmError(Exception):
    """An error at a line of a parameter file."""

    def __init__(self, path, line, message):
        super().__init__(message)
        self.path, self.line, self.message = path, line, message

    def __str__(self):
        return "%s:%d: error: %s" % (self.path, self.line, self.message)


def norm(name):
    return " ".join(name.split())


def split_entry(entry):
    """'A/B/Key' -> (('A', 'B'), 'Key'), names normalized."""
    parts = [norm(p) for p in entry.split("/")]
    return tuple(parts[:-1]), parts[-1]


class PrmFile:
    """The statements of a parameter file with the line ranges they span."""

    def __init__(self, path, text=None):
        self.path = path
        if text is None:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        self.lines = text.splitlines()
        # entry path -> list of (first line index, last line index, depth)
        self.sets = {}
        # subsection path -> list of (begin index, end index)
        self.blocks = {}
        self.values = {}
        self.includes = []  # (line index, included file as written)
        self._parse()

    def _parse(self):
        stack = []  # (name, begin index)
        i, n = 0, len(self.lines)
        while i < n:
            first = i
            text = self.lines[i]
            # A line ending in a backslash continues on the next one.
            while text.rstrip().endswith("\\") and i + 1 < n:
                i += 1
                text = text.rstrip()[:-1] + " " + self.lines[i].strip()
            i += 1
            stmt = text.split("#", 1)[0].strip()
            if not stmt:
                continue
            word = stmt.split(None, 1)[0]
            rest = stmt[len(word):].strip()
            if word == "subsection":
                if not rest:
                    raise PrmError(self.path, first + 1,
                                   "'subsection' without a name")
                stack.append((norm(rest), first))
            elif word == "end":
                if not stack:
                    raise PrmError(self.path, first + 1,
                                   "'end' without a matching 'subsection'")
                path = tuple(name for name, _ in stack)
                self.blocks.setdefault(path, []).append((stack[-1][1], first))
                stack.pop()
            elif word == "set":
                if "=" not in rest:
                    raise PrmError(self.path, first + 1,
                                   "'set' line without '=': " + stmt)
                key, value = rest.split("=", 1)
                path = tuple(name for name, _ in stack)
                entry = "/".join(path + (norm(key),))
                self.sets.setdefault(entry, []).append(
                    (first, i - 1, len(stack)))
                self.values[entry] = value.strip()
            elif word == "include":
                self.includes.append((first, rest))
            else:
                raise PrmError(self.path, first + 1,
                               "not a parameter-file statement "
                               "(subsection, set, end, include): " + stmt)
        if stack:
            name, begin = stack[-1]
            raise PrmError(self.path, begin + 1,
                           "subsection '%s' is never closed by 'end'" % name)

    def get(self, entry):
        """The value set for `entry` in this file (the last one), or None."""
        sections, key = split_entry(entry)
        return self.values.get("/".join(sections + (key,)))

    def render(self, overrides, header=()):
        """The file's text with `overrides` [(entry, value)] applied: an
        entry the file sets gets its value replaced in place (every
        occurrence), any other is added at the end of its subsection, which
        is created where missing. Relative include paths become absolute.
        `header` lines go first."""
        replace = {}   # line index -> new line, or None to drop it
        inserts = {}   # line index -> tree of new statements before it
        for entry, value in overrides:
            sections, key = split_entry(entry)
            full = "/".join(sections + (key,))
            if full in self.sets:
                for first, last, depth in self.sets[full]:
                    replace[first] = "%sset %s = %s" % (
                        "  " * depth, key, value)
                    for j in range(first + 1, last + 1):
                        replace[j] = None
                continue
            # Deepest existing subsection on the entry's path.
            depth = len(sections)
            while depth > 0 and sections[:depth] not in self.blocks:
                depth -= 1
            anchor = (self.blocks[sections[:depth]][-1][1] if depth
                      else len(self.lines))
            tree = inserts.setdefault(anchor, {"depth": depth, "subs": {},
                                                "keys": []})
            for name in sections[depth:]:
                tree = tree["subs"].setdefault(name, {"subs": {}, "keys": []})
            tree["keys"].append((key, value))
        for index, line in self.includes:
            name = line.strip()
            if name and not os.path.isabs(name):
                indent = self.lines[index][:len(self.lines[index]) -
                                           len(self.lines[index].lstrip())]
                replace[index] = "%sinclude %s" % (indent, os.path.join(
                    os.path.dirname(os.path.abspath(self.path)), name))

        out = list(header)
        for i in range(len(self.lines) + 1):
            if i in inserts:
                out.extend(_render_tree(inserts[i], inserts[i]["depth"]))
            if i == len(self.lines):
                break
            if i in replace:
                if replace[i] is not None:
                    out.append(replace[i])
            else:
                out.append(self.lines[i])
        return "\n".join(out) + "\n"


def _render_tree(tree, depth):
    pad = "  " * depth
    lines = ["%sset %s = %s" % (pad, key, value) for key, value in tree["keys"]]
    for name, sub in tree["subs"].items():
        lines.append("%ssubsection %s" % (pad, name))
        lines.extend(_render_tree(sub, depth + 1))
        lines.append("%send" % pad)
    return lines


def parameter_entries(print_parameters_output):
    """Entry paths listed by `nanomech --print-parameters`."""
    return set(PrmFile("<nanomech --print-parameters>",
                       print_parameters_output).sets)
