#!/usr/bin/python3
"""Overlay the stress-strain curves of several runs, or of all finished
cases of a study, as one PNG.

  postprocess/curves.py RUN_DIR [RUN_DIR ...] [-o curves.png] [--labels A B ...]
  postprocess/curves.py STUDY_DIR [-o curves.png] [--color-by ENTRY]
        [--style-by ENTRY]
  options: --x COL --y COL (default nominal_strain, nominal_stress_MPa; any
        two columns of stress_strain.csv), --title TEXT, --mark-peak,
        --size W H (inches)

Runs are coloured one by one (labels: --labels, else the directory names).
A study's cases are coloured by a varied parameter (--color-by, default the
first one in study.json), replicas of the same parameters in the same
colour; with a second varied parameter of at most four values the line
style shows it (--style-by, default the second one). Strains (columns
without a unit) are drawn in per cent. Cases without summary.json are
listed on standard error and left out; a run directory given by name is
drawn from its stress_strain.csv even while it is still running (a
warning says so). Exit status 2 on bad arguments or missing columns.
"""
import argparse
import os
import sys

import common


def read_curve(case, x, y):
    path = os.path.join(case.output, "stress_strain.csv")
    import pandas as pd
    try:
        df = pd.read_csv(path)
    except FileNotFoundError:
        return None, f"{case.output}: no stress_strain.csv"
    except (OSError, ValueError) as e:
        return None, f"{path}: unreadable ({e})"
    for col in (x, y):
        if col not in df.columns:
            raise common.InputError(
                f"{path} has no column '{col}'; its columns are: "
                f"{', '.join(df.columns)}")
    return df, None


def sort_values(values):
    nums = [common.to_number(v) for v in values]
    if all(n is not None for n in nums):
        return [v for _, v in sorted(zip(nums, values))], True
    return sorted(values), False


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="+", metavar="DIR",
                    help="run output directories, or one study directory")
    ap.add_argument("-o", "--output", default="curves.png", metavar="PNG",
                    help="output file (default: curves.png)")
    ap.add_argument("--x", default="nominal_strain", metavar="COL",
                    help="column of stress_strain.csv on the x axis")
    ap.add_argument("--y", default="nominal_stress_MPa", metavar="COL",
                    help="column of stress_strain.csv on the y axis")
    ap.add_argument("--labels", nargs="+", metavar="LABEL",
                    help="legend labels, one per run directory")
    ap.add_argument("--color-by", metavar="ENTRY",
                    help="varied parameter that sets the colour (studies)")
    ap.add_argument("--style-by", metavar="ENTRY",
                    help="varied parameter that sets the line style (studies)")
    ap.add_argument("--title", help="figure title")
    ap.add_argument("--mark-peak", action="store_true",
                    help="mark the peak of each curve")
    ap.add_argument("--size", nargs=2, type=float, default=(6.4, 4.2),
                    metavar=("W", "H"), help="figure size in inches")
    args = ap.parse_args(argv)
    if not args.output.lower().endswith(".png"):
        raise common.InputError(f"-o {args.output}: the output must be a .png file")
    if min(args.size) <= 0:
        raise common.InputError("--size: width and height must be positive")

    study, cases = common.open_inputs(args.paths)
    if study is not None and args.labels:
        raise common.InputError("--labels is for run directories; a study's "
                                "legend shows its varied parameters")
    if study is None and (args.color_by or args.style_by):
        raise common.InputError("--color-by/--style-by need a study directory")
    if args.labels and len(args.labels) != len(cases):
        raise common.InputError(f"--labels: {len(args.labels)} labels for "
                                f"{len(cases)} run directories")
    if study is not None:
        for opt, entry in (("--color-by", args.color_by),
                           ("--style-by", args.style_by)):
            if entry and entry not in study.varied:
                raise common.InputError(
                    f"{opt} '{entry}': not a varied parameter of the study "
                    f"(varied: {', '.join(study.varied) or 'none'})")

    # The curves to draw.
    curves, missing = [], []
    for c in cases:
        if study is not None and c.load_summary() is None:
            missing.append(c)
            continue
        df, problem = read_curve(c, args.x, args.y)
        if df is None:
            c.problem = problem
            missing.append(c)
            continue
        if study is None and not os.path.isfile(os.path.join(c.output, "summary.json")):
            common.warn(f"{c.output}: no summary.json; drawing the steps "
                        "written so far")
        curves.append((c, df))
    common.report_missing(missing, len(cases), "cases" if study else "runs")
    if not curves:
        common.warn("no curve to draw: nothing written")
        return 1

    plt = common.pyplot()
    import matplotlib.lines as mlines
    fig, ax = plt.subplots(figsize=args.size)
    xlabel, xf = common.column_label(args.x)
    ylabel, yf = common.column_label(args.y)
    handles, legend_title = [], None
    styles = ["-", "--", ":", "-."]

    if study is None:
        colours = plt.get_cmap("tab10").colors
        labels = dict(zip((c.output for c in cases), args.labels or []))
        names = [labels.get(c.output) or common.run_name(c.output)
                 for c, _ in curves]
        if len(set(names)) < len(names):
            names = [c.output for c, _ in curves]
        for i, (c, df) in enumerate(curves):
            (line,) = ax.plot(df[args.x] * xf, df[args.y] * yf,
                              color=colours[i % 10],
                              linestyle=styles[(i // 10) % 4],
                              label=names[i])
            handles.append(line)
    else:
        colour_by = args.color_by or (study.varied[0] if study.varied else None)
        style_by = args.style_by
        if style_by is None:
            rest = [v for v in study.varied if v != colour_by]
            if rest:
                style_by = rest[0]
        if style_by == colour_by:
            style_by = None
        style_values = []
        if style_by:
            style_values, _ = sort_values({c.parameters[style_by] for c, _ in curves})
            if len(style_values) > len(styles):
                common.warn(f"{style_by} has {len(style_values)} values, too "
                            "many for line styles: not distinguished")
                style_by, style_values = None, []
        colour_values = []
        if colour_by:
            colour_values, numeric = sort_values({c.parameters[colour_by]
                                                  for c, _ in curves})
        n = max(len(colour_values), 1)
        cmap = plt.get_cmap("viridis")
        continuous = colour_by is not None and numeric and n > 8
        discrete = common.sequential_colours(plt, n)

        def colour_of(value):
            if colour_by is None:
                return "C0"
            if continuous:
                lo = common.to_number(colour_values[0])
                hi = common.to_number(colour_values[-1])
                return cmap(0.8 * (common.to_number(value) - lo) / (hi - lo))
            return discrete[colour_values.index(value)]

        for c, df in curves:
            colour = colour_of(c.parameters[colour_by]) if colour_by else "C0"
            style = (styles[style_values.index(c.parameters[style_by])]
                     if style_by else "-")
            ax.plot(df[args.x] * xf, df[args.y] * yf, color=colour,
                    linestyle=style, alpha=0.9, linewidth=1.4)
        if colour_by and not continuous:
            legend_title = common.parameter_label(colour_by)
            handles = [mlines.Line2D([], [], color=colour_of(v),
                                     label=common.format_value(v))
                       for v in colour_values]
        elif continuous:
            import matplotlib as mpl
            lo = common.to_number(colour_values[0])
            hi = common.to_number(colour_values[-1])
            sm = mpl.cm.ScalarMappable(
                cmap=mpl.colors.LinearSegmentedColormap.from_list(
                    "v", [cmap(0.8 * i / 8) for i in range(9)]),
                norm=mpl.colors.Normalize(lo, hi))
            fig.colorbar(sm, ax=ax, label=common.parameter_label(colour_by),
                         fraction=0.05, pad=0.02)
        if style_by:
            handles += [mlines.Line2D([], [], color="0.3", linestyle=styles[i],
                                      label=f"{common.parameter_label(style_by)}"
                                            f" = {common.format_value(v)}")
                        for i, v in enumerate(style_values)]
        n_rep = max(c.replica for c, _ in curves) + 1
        note = f"{len(curves)} of {len(cases)} cases"
        if n_rep > 1:
            note += ", replicas in the same colour"
        ax.text(0.99, 0.01, note, transform=ax.transAxes, ha="right",
                va="bottom", fontsize=8, color="0.4")

    if args.mark_peak:
        for line_df in curves:
            df = line_df[1]
            i = df[args.y].idxmax()
            ax.plot(df[args.x][i] * xf, df[args.y][i] * yf, "o", ms=4,
                    color="k", zorder=5)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(left=min(0, ax.get_xlim()[0]))
    ax.set_ylim(bottom=min(0, ax.get_ylim()[0]))
    title = args.title if args.title is not None else (study.name if study else None)
    if title:
        ax.set_title(title)
    if handles:
        ax.legend(handles=handles, title=legend_title, loc="best")
    fig.tight_layout()
    common.save_figure(fig, args.output)
    print(f"wrote {args.output} ({len(curves)} curves)")
    return 0


if __name__ == "__main__":
    sys.exit(common.fail_on_input_error(main))
