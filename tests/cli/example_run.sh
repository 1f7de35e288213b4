#!/usr/bin/env bash
# The default example, reduced in size, on 2 ranks: every output of the
# program contract is written and summary.json is consistent; --mesh-only
# writes the microstructure only.
# Usage: example_run.sh NANOMECH_BINARY SOURCE_DIR
set -eu
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpi=(mpirun --oversubscribe --bind-to none -np 2)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
small=(--set "Geometry/Cells x=12" --set "Geometry/Cells y=12" --set "Geometry/Cells z=12")

"${mpi[@]}" "$bin" "$src/params/default.prm" "${small[@]}" --output-dir "$tmp/run"
for f in parameters.prm summary.json stress_strain.csv solution.pvd \
         solution_0000.pvtu; do
  [ -s "$tmp/run/$f" ] || { echo "FAIL: $f missing"; exit 1; }
done
ls "$tmp/run"/solution_0000.*.vtu >/dev/null
grep -q "set Cells x *= 12" "$tmp/run/parameters.prm"

/usr/bin/python3 - "$tmp/run" <<'PY'
import json, sys, csv
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
for k in ["version", "git_commit", "dimension", "fe_degree", "n_mpi_ranks",
          "n_cells", "n_dofs", "analysis", "microstructure", "solver",
          "timing_seconds", "results"]:
    assert k in s, "summary.json lacks " + k
assert s["n_mpi_ranks"] == 2
assert s["solver"]["iterations_per_solve"][0] > 0
assert s["timing_seconds"]["total"] > 0
m = s["microstructure"]
assert abs(sum(m["volume_fractions"]) - 1) < 1e-12
r = s["results"]
E = r["apparent_modulus_MPa"]
# Energy balance of the discrete solution.
W = r["external_work_pJ"]; U = r["elastic_energy_pJ"]
assert abs(W - U) < 1e-6 * U, (W, U)
row = list(csv.DictReader(open(d + "/stress_strain.csv")))[0]
assert abs(float(row["nominal_stress_MPa"]) - r["nominal_stress_MPa"]) < 1e-9 * abs(r["nominal_stress_MPa"])
print("summary ok: n_dofs", s["n_dofs"], "apparent modulus", E, "MPa")
PY

# The postprocess table reads the run (and names a missing one).
/usr/bin/python3 "$src/postprocess/summary_table.py" --help >/dev/null
table=$(/usr/bin/python3 "$src/postprocess/summary_table.py" "$tmp/run" "$tmp/none" \
          2>"$tmp/table.err")
echo "$table" | head -1 | grep -q "apparent_modulus_MPa"
[ "$(echo "$table" | wc -l)" = 2 ]
grep -q "missing or unreadable: $tmp/none" "$tmp/table.err"

"${mpi[@]}" "$bin" "$src/params/default.prm" "${small[@]}" --mesh-only \
  --output-dir "$tmp/mesh"
[ -s "$tmp/mesh/microstructure_0000.pvtu" ]
[ ! -e "$tmp/mesh/summary.json" ]
echo "1 passed, 0 failed"
