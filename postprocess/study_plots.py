#!/usr/bin/python3
"""Plot the results of a parameter study against its varied parameters.

  postprocess/study_plots.py STUDY_DIR [-o DIR] [--error ci95|std]
        [--metrics NAME ... | --metrics all] [--logx]
        [--strength COL] [--toughness COL]

For each result (by default those present of strength, strain at peak,
toughness, dissipated energy, apparent modulus, the diagonal of the
effective stiffness and the engineering moduli; --metrics names others
from collect.py's columns, "all" takes every result that varies) and each
varied parameter, one PNG: the mean over the replicas of each parameter
combination with error bars, one line per value of the other varied
parameters. Error bars: --error ci95 (default) is the 95 % confidence
interval of the mean, Student t with n-1 degrees of freedom, t*s/sqrt(n);
--error std is the sample standard deviation s; a combination with one
finished replica has none. Then strength_vs_toughness.png: one point per
parameter combination (means, error bars both ways), and study_means.csv,
the numbers behind the plots (n, mean, std, ci95 half-width per result).

Files, in DIR (default STUDY_DIR/plots): <result>_vs_<parameter>.png, e.g.
strength_MPa_vs_tablet_length.png, strength_vs_toughness.png,
study_means.csv; each file written is printed. Cases without summary.json
are listed on standard error and left out. Exit status 1 when no case is
finished, 2 on bad arguments.
"""
import argparse
import math
import os
import re
import sys

import collect
import common


def t975(dof):
    """0.975 quantile of Student's t with dof degrees of freedom (the
    half-width factor of a two-sided 95 % interval); NaN below 1."""
    if dof < 1:
        return math.nan
    from scipy.stats import t
    return float(t.ppf(0.975, dof))


def aggregate(df, by, metric):
    """Mean, sample standard deviation, 95 % CI half-width and count of
    df[metric] over the rows that share the values of the columns `by`."""
    import numpy as np
    import pandas as pd
    out = []
    # One grouping column is given by name, not as a list, so that pandas
    # yields plain keys (a list of one gives 1-tuples, and warns).
    if not by:
        groups = [((), df)]
    elif len(by) == 1:
        groups = df.groupby(by[0], sort=False, dropna=False)
    else:
        groups = df.groupby(list(by), sort=False, dropna=False)
    for key, g in groups:
        vals = pd.to_numeric(g[metric], errors="coerce").dropna().to_numpy(float)
        n = len(vals)
        if n == 0:
            continue
        std = float(np.std(vals, ddof=1)) if n > 1 else math.nan
        row = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        row.update({"n": n, "mean": float(np.mean(vals)), "std": std,
                    "ci95": t975(n - 1) * std / math.sqrt(n) if n > 1 else math.nan})
        out.append(row)
    return pd.DataFrame(out)


_DEFAULT_METRICS = [r"strength_MPa", r"strain_at_peak", r"toughness_MJ_per_m3",
                    r"dissipated_energy_J_per_m2", r"apparent_modulus_MPa",
                    r"apparent_shear_modulus_MPa", r"C(\d)\1_MPa",
                    r"(E\d|G\d\d)(_plane_strain)?_MPa"]
_BOOKKEEPING = re.compile(r"^(case|replica|seed|analysis|dimension|fe_degree|"
                          r"n_mpi_ranks|n_cells|n_dofs|total_s|cg_iterations|"
                          r"n_warnings|peak_memory.*|fields\..*|volume_fraction.*|"
                          r"version|git_commit|failed|final_strain|cross_section.*|"
                          r"volume_um\d|.*symmetry_error|.*positive_definite|"
                          r"nominal_strain|applied_.*|.*\.(model|type|loading|"
                          r"description|energy_split|length_scale_um|"
                          r"residual_stiffness|macro_strain|macro_stress_MPa))$")


def choose_metrics(df, varied, requested):
    import pandas as pd
    numeric = [c for c in df.columns if c not in varied
               and pd.to_numeric(df[c], errors="coerce").notna().all()
               and df[c].dtype != bool]
    if requested and requested != ["all"]:
        bad = [m for m in requested if m not in df.columns]
        if bad:
            raise common.InputError(
                f"--metrics: no column {', '.join(bad)}; results present: "
                f"{', '.join(c for c in numeric if not _BOOKKEEPING.match(c))}")
        return requested
    results = [c for c in numeric if not _BOOKKEEPING.match(c)]
    if requested == ["all"]:
        return [c for c in results if pd.to_numeric(df[c]).nunique() > 1]
    return [c for pattern in _DEFAULT_METRICS for c in results
            if re.fullmatch(pattern, c)]


def as_axis(values):
    """Numeric positions of parameter values, or category indices."""
    nums = [common.to_number(v) for v in values]
    if all(n is not None for n in nums):
        return nums, None
    cats = sorted(set(values))
    return [cats.index(v) for v in values], cats


def error_note(error, ns):
    lo, hi = min(ns), max(ns)
    reps = f"{lo}" if lo == hi else f"{lo}–{hi}"
    what = ("95 % confidence interval of the mean (Student t)"
            if error == "ci95" else "standard deviation")
    if hi < 2:
        return "one replica per point: no error bars"
    return f"mean ± {what}, {reps} replicas per point"


def add_note(ax, text):
    """A small grey line under the x axis label: what the error bars are."""
    ax.annotate(text, xy=(0, 0), xycoords="axes fraction", xytext=(0, -40),
                textcoords="offset points", ha="left", va="top", fontsize=8,
                color="0.35")


def plot_metric(plt, study, df, metric, param, error, logx, path):
    import numpy as np
    others = [v for v in study.varied if v != param]
    agg = aggregate(df, study.varied, metric)
    xs, cats = as_axis(list(agg[param]))
    agg = agg.assign(_x=xs)
    fig, ax = plt.subplots(figsize=(6.6, 3.9))
    ylabel, yf = common.column_label(metric)
    groups = (list(agg.groupby(others[0] if len(others) == 1 else others,
                               sort=False)) if others else [((), agg)])
    # Sort the groups by their values (numbers numerically).
    def key_of(item):
        k = item[0] if isinstance(item[0], tuple) else (item[0],)
        return tuple((0, common.to_number(v), "") if common.to_number(v) is not None
                     else (1, 0, str(v)) for v in k)
    groups.sort(key=key_of)
    colours = common.sequential_colours(plt, len(groups))
    span = (max(xs) - min(xs)) if len(set(xs)) > 1 else 1.0
    markers = "osD^vP*X"
    for gi, (key, g) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        g = g.sort_values("_x")
        # Dodge overlapping error bars of different groups a little.
        dodge = 0.0
        if len(groups) > 1 and not logx:
            dodge = (gi - (len(groups) - 1) / 2) * 0.012 * span
        x = g["_x"].to_numpy(float)
        x = x * (1 + (gi - (len(groups) - 1) / 2) * 0.015) if logx else x + dodge
        label = ", ".join(common.format_value(v) for v in key) or None
        colour = colours[gi] if others else "C0"
        err = g[error].to_numpy(float) * yf
        ax.errorbar(x, g["mean"] * yf,
                    yerr=err if np.isfinite(err).any() else None, color=colour,
                    marker=markers[gi % len(markers)], ms=5, capsize=3,
                    linewidth=1.3, elinewidth=1.0, label=label,
                    linestyle="none" if cats is not None else "-")
    ax.set_xlabel(common.parameter_label(param))
    ax.set_ylabel(ylabel)
    if cats is not None:
        ax.set_xticks(range(len(cats)))
        ax.set_xticklabels(cats)
        ax.set_xlim(-0.5, len(cats) - 0.5)
    elif not logx:
        ax.set_xticks(sorted(set(xs)))
        ax.set_xticklabels([f"{v:g}" for v in sorted(set(xs))])
    if logx:
        ax.set_xscale("log")
    ax.set_title(study.name, loc="left")
    add_note(ax, error_note(error, agg["n"]))
    if others:
        # Beside the axes: error bars inside never collide with it.
        ax.legend(title=", ".join(common.parameter_label(o) for o in others),
                  loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.tight_layout()
    common.save_figure(fig, path)
    plt.close(fig)


def plot_strength_toughness(plt, study, df, strength, toughness, error, path):
    a = aggregate(df, study.varied, strength)
    b = aggregate(df, study.varied, toughness)
    m = a.merge(b, on=study.varied + ["n"], suffixes=("_s", "_t"))
    fig, ax = plt.subplots(figsize=(6.8, 4.4))
    xl, xf = common.column_label(strength)
    yl, yf = common.column_label(toughness)
    colour_by = study.varied[0] if study.varied else None
    marker_by = study.varied[1] if len(study.varied) > 1 else None
    markers = "osD^vP*X"

    def ordered(col):
        vals = list(dict.fromkeys(m[col]))
        nums = [common.to_number(v) for v in vals]
        return ([v for _, v in sorted(zip(nums, vals))]
                if all(n is not None for n in nums) else sorted(vals))

    cvals = ordered(colour_by) if colour_by else [None]
    mvals = ordered(marker_by) if marker_by else [None]
    if len(mvals) > len(markers):
        marker_by, mvals = None, [None]
    colours = common.sequential_colours(plt, len(cvals))
    for _, r in m.iterrows():
        ci = cvals.index(r[colour_by]) if colour_by else 0
        mi = mvals.index(r[marker_by]) if marker_by else 0
        colour = colours[ci] if colour_by else "C0"
        ax.errorbar(r["mean_s"] * xf, r["mean_t"] * yf,
                    xerr=None if math.isnan(r[error + "_s"]) else r[error + "_s"] * xf,
                    yerr=None if math.isnan(r[error + "_t"]) else r[error + "_t"] * yf,
                    color=colour, marker=markers[mi], ms=6, capsize=2.5,
                    elinewidth=0.9, linestyle="none", markeredgecolor="k",
                    markeredgewidth=0.5)
    # One legend: colour = first varied parameter, marker = second.
    import matplotlib.lines as mlines
    handles = []

    def header(text):
        return mlines.Line2D([], [], linestyle="none", marker="none", label=text)

    if colour_by:
        handles.append(header(common.parameter_label(colour_by)))
        handles += [mlines.Line2D([], [], color=colours[i], marker="o",
                                  linestyle="none", markeredgecolor="k",
                                  markeredgewidth=0.5,
                                  label=common.format_value(v))
                    for i, v in enumerate(cvals)]
    if marker_by:
        handles.append(header(common.parameter_label(marker_by)))
        handles += [mlines.Line2D([], [], color="0.45", marker=markers[i],
                                  linestyle="none", label=common.format_value(v))
                    for i, v in enumerate(mvals)]
    if handles:
        leg = ax.legend(handles=handles, loc="upper left",
                        bbox_to_anchor=(1.01, 1.0), handletextpad=0.4)
        for h, text in zip(handles, leg.get_texts()):
            if h.get_marker() == "none":
                text.set_fontweight("semibold")
                text.set_x(-14)
    ax.set_xlabel(xl)
    ax.set_ylabel(yl)
    ax.set_title(study.name, loc="left")
    add_note(ax, error_note(error, m["n"]))
    fig.tight_layout()
    common.save_figure(fig, path)
    plt.close(fig)
    return len(m)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("study", metavar="STUDY_DIR", help="study directory (study.json)")
    ap.add_argument("-o", "--output-dir", metavar="DIR",
                    help="where the PNGs go (default: STUDY_DIR/plots)")
    ap.add_argument("--error", choices=("ci95", "std"), default="ci95",
                    help="error bars: 95 %% CI of the mean (default) or the "
                         "standard deviation over replicas")
    ap.add_argument("--metrics", nargs="+", metavar="NAME",
                    help="results to plot (collect.py column names), or 'all'")
    ap.add_argument("--logx", action="store_true",
                    help="logarithmic parameter axes")
    ap.add_argument("--strength", default="strength_MPa", metavar="COL",
                    help="x of the strength-toughness chart")
    ap.add_argument("--toughness", default="toughness_MJ_per_m3", metavar="COL",
                    help="y of the strength-toughness chart (e.g. "
                         "dissipated_energy_J_per_m2)")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.study):
        raise common.InputError(f"{args.study}: no such directory")
    if not common.is_study(args.study):
        raise common.InputError(f"{args.study}: not a study directory (no study.json)")

    columns, rows, missing, total = collect.collect([args.study])
    common.report_missing(missing, total)
    if not rows:
        common.warn("no finished case: nothing plotted")
        return 1
    study = common.Study(args.study)
    if not study.varied:
        raise common.InputError(f"{args.study}/study.json varies no parameter")
    import pandas as pd
    df = pd.DataFrame(rows, columns=columns)
    metrics = choose_metrics(df, study.varied, args.metrics)
    if not metrics:
        common.warn("no result to plot among the columns: " + ", ".join(columns))
        return 1
    outdir = args.output_dir or os.path.join(args.study, "plots")
    os.makedirs(outdir, exist_ok=True)
    plt = common.pyplot()

    lasts = [common.slug(v.split("/")[-1]) for v in study.varied]
    names = {v: (lasts[i] if lasts.count(lasts[i]) == 1 else common.slug(v))
             for i, v in enumerate(study.varied)}
    written = []
    for metric in metrics:
        for param in study.varied:
            stem = re.sub(r"[^A-Za-z0-9]+", "_", metric).strip("_")
            path = os.path.join(outdir, f"{stem}_vs_{names[param]}.png")
            plot_metric(plt, study, df, metric, param, args.error, args.logx, path)
            written.append(path)

    if args.strength in df.columns and args.toughness in df.columns:
        path = os.path.join(outdir, "strength_vs_toughness.png")
        plot_strength_toughness(plt, study, df, args.strength, args.toughness,
                                args.error, path)
        written.append(path)
    else:
        absent = [c for c in (args.strength, args.toughness) if c not in df.columns]
        common.warn(f"no strength-toughness chart: no column {', '.join(absent)}")

    # The numbers behind the plots.
    table = None
    for metric in metrics:
        a = aggregate(df, study.varied, metric)
        a = a.rename(columns={k: f"{metric}_{k}" for k in ("n", "mean", "std", "ci95")})
        table = a if table is None else table.merge(a, on=study.varied, how="outer")
    path = os.path.join(outdir, "study_means.csv")
    common.write_atomically(path, table.to_csv(index=False, float_format="%.10g"))
    written.append(path)
    for p in written:
        print(f"wrote {p}")
    return 0


if __name__ == "__main__":
    sys.exit(common.fail_on_input_error(main))
