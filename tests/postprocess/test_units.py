#!/usr/bin/python3
"""Units of the postprocess helpers, against numbers worked out by hand:
Student t quantiles (scipy.stats, against Abramowitz & Stegun's table
and the closed form for 2 degrees of freedom), mean / standard deviation /
95 % interval over replicas, flattening of summary.json results (Voigt
matrices, further boundary conditions, ensembles left out), labels with
units, and the unit table src/output/units.json.

  test_units.py SOURCE_DIR
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import check, finish  # noqa: E402

SRC = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..")
sys.path.insert(0, os.path.join(SRC, "postprocess"))

import pandas as pd  # noqa: E402

import common  # noqa: E402
import study_plots  # noqa: E402



def near(a, b, rel=1e-12, abs_=0.0):
    return abs(a - b) <= max(rel * abs(b), abs_)


# Student t, 0.975 quantile (tables: Abramowitz & Stegun 26.10).
for dof, t in [(1, 12.7062), (2, 4.3027), (4, 2.7764), (10, 2.2281),
               (30, 2.0423), (40, 2.0211), (60, 2.0003), (120, 1.9799)]:
    check(f"t975({dof})", near(study_plots.t975(dof), t, abs_=2e-4),
          study_plots.t975(dof))
check("t975 continuous at 30/31",
      study_plots.t975(30) > study_plots.t975(31) > study_plots.t975(32))

# Aggregation over replicas: groups of 3 and 1.
df = pd.DataFrame({"L": ["1", "1", "1", "2"], "t": ["a", "a", "a", "a"],
                   "s": [1.0, 2.0, 4.0, 5.0]})
a = study_plots.aggregate(df, ["L", "t"], "s").set_index("L")
mean = 7.0 / 3
std = math.sqrt(((1 - mean) ** 2 + (2 - mean) ** 2 + (4 - mean) ** 2) / 2)
check("mean", near(a.loc["1", "mean"], mean))
check("std (n-1)", near(a.loc["1", "std"], std))
# t(2) in closed form: F(t) = 1/2 + t / (2 sqrt(2 + t^2)) = 0.975.
t2 = 0.95 * math.sqrt(2 / (1 - 0.95**2))
check("t975(2) in closed form", near(study_plots.t975(2), t2, rel=1e-9),
      study_plots.t975(2) - t2)
check("ci95 = t(2) s / sqrt(3)", near(a.loc["1", "ci95"], t2 * std / math.sqrt(3),
                                      rel=1e-9))
check("n", a.loc["1", "n"] == 3 and a.loc["2", "n"] == 1)
check("one replica: no spread", math.isnan(a.loc["2", "std"]) and
      math.isnan(a.loc["2", "ci95"]) and a.loc["2", "mean"] == 5.0)

# Flattening results: a 3D homogenization block and a second boundary condition.
C = [[float(10 * i + j) for j in range(1, 7)] for i in range(1, 7)]
results = {
    "boundary_condition": "periodic",
    "effective_stiffness_voigt_MPa": C,
    "symmetry_error": 1e-12,
    "engineering_constants": {"E1_MPa": 100.0, "nu12": 0.3},
    "load_cases": ["E11", "E22"],
    "ensemble": {"n_realizations": 3, "constants": {"E1_MPa": {"mean": 1}}},
    "by_boundary_condition": {
        "periodic": {"boundary_condition": "periodic",
                     "effective_stiffness_voigt_MPa": C},
        "kinematic": {"boundary_condition": "kinematic",
                      "effective_stiffness_voigt_MPa": C,
                      "engineering_constants": {"E1_MPa": 120.0}},
    },
    "strength_MPa": 50.5,
    "failed": True,
}
flat = common.flatten_results(results)
check("C11, C16, C66", flat.get("C11_MPa") == 11.0 and flat.get("C16_MPa") == 16.0
      and flat.get("C66_MPa") == 66.0, flat)
check("upper triangle only", "C21_MPa" not in flat and
      sum(k.startswith("C") and k.endswith("_MPa") and "." not in k
          for k in flat) == 21)
check("sub-objects by their keys", flat.get("E1_MPa") == 100.0 and flat.get("nu12") == 0.3)
check("further boundary condition prefixed", flat.get("kinematic.C11_MPa") == 11.0
      and flat.get("kinematic.E1_MPa") == 120.0, flat)
check("first boundary condition not repeated", "periodic.C11_MPa" not in flat)
check("lists and ensembles left out", not any("ensemble" in k or "load_cases" in k
                                              or "n_realizations" in k for k in flat))
check("scalars kept", flat.get("strength_MPa") == 50.5 and flat.get("failed") is True
      and flat.get("boundary_condition") == "periodic")
flat2 = common.flatten_results({"effective_stiffness_voigt_MPa": [[1, 2, 3], [2, 4, 5], [3, 5, 6]]})
check("2D: C11 C12 C13 C22 C23 C33", sorted(flat2) ==
      ["C11_MPa", "C12_MPa", "C13_MPa", "C22_MPa", "C23_MPa", "C33_MPa"], flat2)
row = common.flatten_summary({"n_dofs": 10, "timing_seconds": {"total": 2.5},
                              "solver": {"iterations_per_solve": [3, 4]},
                              "fracture": {"model": "AT2", "load_steps": 7,
                                           "staggered_iterations_per_step": [1, 2]},
                              "fields": {"last_file": "solution_0007.pvtu",
                                         "von_mises_range_MPa": [0.5, 9.0]},
                              "microstructure": {"volume_fractions": [0.9, 0.1]},
                              "results": {"strength_MPa": 1.0}})
check("summary row", row.get("total_s") == 2.5 and row.get("cg_iterations") == 7 and
      row.get("fracture.load_steps") == 7 and row.get("fracture.model") == "AT2" and
      "fracture.staggered_iterations_per_step" not in row and
      row.get("fields.von_mises_min_MPa") == 0.5 and
      row.get("fields.von_mises_max_MPa") == 9.0 and
      row.get("volume_fraction_phase1") == 0.1, row)
check("n_warnings: none listed (an older run) is not 0",
      row.get("n_warnings", 0) is None and
      common.flatten_summary({"warnings": []})["n_warnings"] == 0 and
      common.flatten_summary({"warnings": ["a", "b"]})["n_warnings"] == 2, row)

# Labels.
check("toughness label", common.column_label("toughness_MJ_per_m3") == ("Toughness (MJ/m³)", 1.0))
check("strain in per cent", common.column_label("nominal_strain") == ("Nominal strain (%)", 100.0))
check("force per length", common.column_label("reaction_force_N_per_m")[0] == "Reaction force (N/m)")
check("C11 label", common.column_label("C11_MPa")[0] == "C11 (MPa)")
check("energy is no strain", common.column_label("elastic_energy_uJ_per_m")[1] == 1.0)
check("MPa sqrt(m), not MPa", common.split_unit("apparent_fracture_toughness_MPa_sqrt_m")
      == ("apparent_fracture_toughness", "MPa·√m"))
check("compliance in 1/MPa", common.split_unit("S12_per_MPa") == ("S12", "1/MPa"))
check("seconds", common.split_unit("amg_setup_seconds") == ("amg_setup", "s")
      and common.split_unit("total_s") == ("total", "s"))
check("areas and volumes", common.split_unit("volume_um3")[1] == "µm³" and
      common.split_unit("cross_section_um2")[1] == "µm²" and
      common.split_unit("cross_section_um")[1] == "µm")
check("no unit", common.split_unit("nominal_strain") == ("nominal_strain", ""))

# The unit table: the first suffix that matches is the most specific one.
suffixes = [s for s, _ in common.UNIT_SUFFIXES]
check("units.json: suffixes start with _", all(s.startswith("_") and len(s) > 1
                                               for s in suffixes), suffixes)
shadowed = [(a, b) for i, a in enumerate(suffixes) for b in suffixes[i + 1:]
            if b.endswith(a)]
check("units.json: no suffix hides a longer one after it", not shadowed, shadowed)
with_unit = sorted(n for n in common.DIMENSIONLESS if common.split_unit(n)[1])
check("units.json: no dimensionless name ends with a unit suffix", not with_unit,
      with_unit)

for entry, label in [("Microstructure/Nacre/Tablet length", "Tablet length (µm)"),
                     ("Microstructure/Nacre/Interlayer thickness", "Interlayer thickness (µm)"),
                     ("Microstructure/Nacre/Tablet length CoV", "Tablet length CoV"),
                     ("Materials/Phase 1/Young's modulus", "Young's modulus (MPa)"),
                     ("Materials/Phase 1/Critical energy release rate",
                      "Critical energy release rate (J/m²)"),
                     ("Fracture/Length scale", "Length scale (µm)"),
                     ("Microstructure/Seed", "Seed")]:
    check(f"label of {entry}", common.parameter_label(entry) == label,
          common.parameter_label(entry))

finish()
