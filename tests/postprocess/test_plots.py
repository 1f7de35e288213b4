#!/usr/bin/python3
"""curves.py and study_plots.py on a study of real nanomech runs (see
make_study.py): the PNGs exist, are not blank (distinct colours, share of
non-background pixels, the line colours present), stay small; the files
are the predicted ones; study_means.csv holds the cases' values; the
unfinished case is named on standard error.

  test_plots.py SOURCE_DIR STUDY_DIR
"""
import csv
import json
import os
import sys
import tempfile

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import check, finish, run_script  # noqa: E402

SRC, STUDY = (os.path.abspath(a) for a in sys.argv[1:3])
sys.path.insert(0, os.path.join(SRC, "postprocess"))
from pngcheck import png_stats  # noqa: E402

MAX_BYTES = 150_000


def script(name, *args):
    return run_script(os.path.join(SRC, "postprocess", name), *args)


def check_png(path, min_colours, min_ink):
    if not os.path.isfile(path):
        check(f"{path} written", False)
        return None
    s = png_stats(path)
    check(f"{os.path.basename(path)} not blank", s["colours"] >= min_colours and
          s["ink"] >= min_ink and s["background"] == (255, 255, 255), s)
    check(f"{os.path.basename(path)} < {MAX_BYTES} bytes", s["bytes"] < MAX_BYTES, s)
    return s


def has_colour(path, rgb, tol=12, min_pixels=30):
    img = np.asarray(Image.open(path).convert("RGB")).astype(int)
    close = np.all(np.abs(img - np.array(rgb)) <= tol, axis=2)
    return int(close.sum()) >= min_pixels


manifest = json.load(open(os.path.join(STUDY, "study.json")))
finished = [c for c in manifest["cases"] if os.path.isfile(
    os.path.join(STUDY, c["directory"], "output", "summary.json"))]
missing = [c["id"] for c in manifest["cases"] if c not in finished]

import common  # noqa: E402
plt = common.pyplot()
line_colours = [tuple(int(round(255 * x)) for x in c[:3])
                for c in common.sequential_colours(plt, 2)]

with tempfile.TemporaryDirectory() as tmp:
    # Stress-strain curves of the study, coloured by tablet length.
    png = os.path.join(tmp, "curves.png")
    status, out, err = script("curves.py", STUDY, "-o", png)
    check("curves.py on the study", status == 0 and "wrote" in out and
          f"({len(finished)} curves)" in out, out + err)
    check("curves.py names the unfinished case", all(m in err for m in missing), err)
    if check_png(png, 16, 0.03):
        check("both tablet lengths drawn in their colours",
              all(has_colour(png, c) for c in line_colours), line_colours)

    # Curves of run directories with labels, another pair of columns.
    runs = [os.path.join(STUDY, c["directory"], "output") for c in finished[:2]]
    png2 = os.path.join(tmp, "runs.png")
    status, out, err = script("curves.py", *runs, "--labels", "A", "B", "-o", png2,
                              "--y", "max_damage", "--mark-peak")
    check("curves.py on run directories", status == 0, out + err)
    check_png(png2, 16, 0.03)

    # Study plots.
    plots = os.path.join(tmp, "plots")
    status, out, err = script("study_plots.py", STUDY, "-o", plots)
    check("study_plots.py", status == 0, out + err)
    check("study_plots.py names the unfinished case", all(m in err for m in missing), err)
    written = [l[len("wrote "):] for l in out.splitlines() if l.startswith("wrote ")]
    metrics = ["strength_MPa", "strain_at_peak", "toughness_MJ_per_m3",
               "dissipated_energy_J_per_m2"]
    params = ["tablet_length", "interlayer_thickness"]
    expected = sorted([os.path.join(plots, f"{m}_vs_{p}.png") for m in metrics
                       for p in params] +
                      [os.path.join(plots, "strength_vs_toughness.png"),
                       os.path.join(plots, "study_means.csv")])
    check("the predicted files, printed", sorted(written) == expected and
          sorted(os.listdir(plots)) == sorted(os.path.basename(p) for p in expected),
          "\n".join(written))
    for p in written:
        if p.endswith(".png"):
            check_png(p, 12, 0.03)
    means = list(csv.DictReader(open(os.path.join(plots, "study_means.csv"))))
    check("study_means.csv: one row per parameter combination",
          len(means) == len(finished), means)
    for c in finished:
        s = json.load(open(os.path.join(STUDY, c["directory"], "output", "summary.json")))
        row = [r for r in means if all(float(r[v]) == float(c["parameters"][v])
                                       for v in manifest["varied"])]
        check(f"means of case {c['id']}", len(row) == 1 and all(
            abs(float(row[0][f"{m}_mean"]) - s["results"][m]) <= 1e-9 * abs(s["results"][m])
            and row[0][f"{m}_n"] == "1" for m in metrics), row)

finish()
