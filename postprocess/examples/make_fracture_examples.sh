#!/usr/bin/env bash
# The pictures of the 2D fracture examples, from fresh runs:
# params/fracture_nacre_2d.prm, params/fracture_enamel_2d.prm,
# params/fracture_polycrystal_2d.prm and params/
# fracture_nacre_plastic_2d.prm, each run to failure on 2 ranks (about
# 0.5, 2, 1.5 and 4.5 min here), then for each
#   fracture_<name>_damage.png  the damage at failure (the crack), flat
#                               (no warp), with the phase boundaries drawn
#                               over it in cyan;
#   fracture_<name>_curve.png   the nominal stress-strain curve, peak marked
#                               (the yielding nacre's beside the brittle
#                               one's);
# and fracture_nacre_plastic_2d_plastic.png, the equivalent plastic strain
# of the yielding nacre at its last record before the peak (its scale
# capped at 2).
#   postprocess/examples/make_fracture_examples.sh [WORK_DIR] [NAME...]
# NAME...: only these examples (e.g. fracture_nacre_plastic_2d, which also
# needs fracture_nacre_2d's run for its curve); default all four.
# NANOMECH (environment) is the program, default build/nanomech; WORK_DIR
# (default: a new temporary directory) receives the runs and their logs,
# and is kept. The PNGs go to postprocess/examples/. Needs mpirun,
# /usr/bin/python3 with numpy and PIL (Pillow), and what postprocess/
# render.py needs (ParaView's pvbatch, Xvfb).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
bin=${NANOMECH:-$src/build/nanomech}
work=${1:-$(mktemp -d)}
shift || true
mkdir -p "$work"
pp=$src/postprocess
py=/usr/bin/python3
mpi=(mpirun --oversubscribe --bind-to none -np 2)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
names=("$@")
[ ${#names[@]} = 0 ] && names=(fracture_nacre_2d fracture_enamel_2d
  fracture_polycrystal_2d fracture_nacre_plastic_2d)
# The yielding nacre's curve is drawn beside the brittle one's.
for name in "${names[@]}"; do
  if [ "$name" = fracture_nacre_plastic_2d ] &&
    [[ " ${names[*]} " != *" fracture_nacre_2d "* ]]; then
    names=(fracture_nacre_2d "${names[@]}")
    break
  fi
done
echo "== program $bin"
echo "== work directory $work"

# Runs, always from scratch.
for name in "${names[@]}"; do
  rm -rf "${work:?}/$name"
  echo "== running $name"
  start=$(date +%s)
  if ! "${mpi[@]}" "$bin" "$src/params/$name.prm" --output-dir "$work/$name" \
      > "$work/$name.log" 2>&1; then
    tail -20 "$work/$name.log" >&2
    echo "$name: the run failed (log: $work/$name.log)" >&2
    exit 1
  fi
  echo "   $(( $(date +%s) - start )) s wall; $(grep '^Result' "$work/$name.log")"
  grep '^Warning' "$work/$name.log" || true
  if grep -q 'did not fail' "$work/$name.log"; then
    echo "$name: the specimen did not fail" >&2
    exit 1
  fi
done

# Damage at failure with the phase boundaries: the damage and the phase
# fields are rendered with the same camera (same run, record, size and
# caption, no warp), so the two images are pixel-aligned; the boundaries
# are where the phase colour changes inside the specimen.
overlay() {
  "$py" - "$@" <<'EOF'
import sys
import numpy as np
from PIL import Image

damage_png, phase_png, out_png = sys.argv[1:4]
d = np.asarray(Image.open(damage_png).convert("RGB")).astype(float)
p = np.asarray(Image.open(phase_png).convert("RGB")).astype(int)
if d.shape != p.shape:
    sys.exit(f"{damage_png} and {phase_png} differ in size")
H, W, _ = p.shape
# The specimen: the saturated (phase-coloured) pixels above the legend
# (render.py keeps the bottom 18 % of a 2D view for the colour bar).
coloured = (p.max(axis=2) - p.min(axis=2)) > 50
coloured[int(0.85 * H):] = False
rows = np.flatnonzero(coloured.any(axis=1))
cols = np.flatnonzero(coloured.any(axis=0))
if rows.size == 0:
    sys.exit(f"{phase_png}: no specimen found")
r0, r1, c0, c1 = rows[0], rows[-1], cols[0], cols[-1]
edge = np.zeros((H, W), bool)
jump_x = np.abs(np.diff(p, axis=1)).sum(axis=2) > 60
jump_y = np.abs(np.diff(p, axis=0)).sum(axis=2) > 60
edge[:, :-1] |= jump_x
edge[:-1, :] |= jump_y
inside = np.zeros((H, W), bool)
inside[r0 + 2:r1 - 1, c0 + 2:c1 - 1] = True   # not the specimen's outline
edge &= inside
cyan = np.array([90.0, 200.0, 255.0])
d[edge] = 0.35 * d[edge] + 0.65 * cyan
img = Image.fromarray(d.round().astype(np.uint8))
img.save(out_png, optimize=True)
import os
if os.path.getsize(out_png) > 150_000:
    img.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        out_png, optimize=True)
print(f"wrote {out_png} ({os.path.getsize(out_png) // 1000} kB)")
EOF
}

for name in "${names[@]}"; do
  run=$work/$name
  caption=$("$py" -c '
import json, sys
s = json.load(open(sys.argv[1] + "/summary.json"))
steps = s["fracture"]["load_steps"]
strain = 100 * s["results"]["final_strain"]
print(f"{sys.argv[2]}: damage at failure (step {steps}, strain {strain:.3g} %), "
      "phase boundaries in cyan")' "$run" "$name")
  size=()
  case $name in fracture_nacre*) ;; *) size=(--size 1000 820) ;; esac
  "$py" "$pp/render.py" "$run" --field damage --last --warp 0 "${size[@]}" \
    --title "$caption" -o "$work/${name}_damage_plain.png"
  "$py" "$pp/render.py" "$run" --field phase --last --warp 0 "${size[@]}" \
    --title "$caption" -o "$work/${name}_phase.png"
  overlay "$work/${name}_damage_plain.png" "$work/${name}_phase.png" \
    "$here/${name}_damage.png"
done

# Stress-strain curves, one per example (their strengths differ by 20x).
for name in "${names[@]}"; do
  case $name in
    fracture_nacre_2d)
      "$py" "$pp/curves.py" "$work/$name" --mark-peak \
        --labels "nacre: aragonite tablets, organic interlayers" \
        --title "fracture_nacre_2d: tension along the tablets" \
        -o "$here/${name}_curve.png" ;;
    fracture_enamel_2d)
      "$py" "$pp/curves.py" "$work/$name" --mark-peak \
        --labels "enamel: HAp rods, a-ZrO2 shells, polymer" \
        --title "fracture_enamel_2d: tension across the rods" \
        -o "$here/${name}_curve.png" ;;
    fracture_polycrystal_2d)
      "$py" "$pp/curves.py" "$work/$name" --mark-peak \
        --labels "nc-Si grains, a-Si boundary layers" \
        --title "fracture_polycrystal_2d: tension along x" \
        -o "$here/${name}_curve.png" ;;
    fracture_nacre_plastic_2d)
      "$py" "$pp/curves.py" "$work/$name" "$work/fracture_nacre_2d" \
        --mark-peak \
        --labels "yielding interlayers (J2, 4 um tablets)" \
        "brittle interlayers (fracture_nacre_2d)" \
        --title "nacre along the tablets: yielding and brittle interlayers" \
        -o "$here/${name}_curve.png"
      # The plastic strain at the last record before the peak: the
      # interlayers between overlapping tablets have yielded.
      run=$work/$name
      step=$("$py" -c '
import csv, json, re, sys
run = sys.argv[1]
s = json.load(open(run + "/summary.json"))["results"]
rows = list(csv.DictReader(open(run + "/stress_strain.csv")))
peak = max(int(r["step"]) for r in rows
           if abs(float(r["nominal_strain"]) - s["strain_at_peak"]) < 1e-12)
steps = [int(float(t)) for t in
         re.findall(r"timestep=.([0-9.eE+-]+).", open(run + "/solution.pvd").read())]
print(max(t for t in steps if t <= peak))' "$run")
      strain=$("$py" -c '
import csv, sys
rows = {r["step"]: r for r in csv.DictReader(open(sys.argv[1] + "/stress_strain.csv"))}
r = rows[sys.argv[2]]
e, s = 100 * float(r["nominal_strain"]), float(r["nominal_stress_MPa"])
print(f"{e:.3g} %, {s:.0f} MPa")' \
        "$run" "$step")
      # Wide, so that the 20 nm interlayers show (no phase boundaries,
      # which would cover them); the scale is capped at 2 (broken points
      # beside the opened joints flow much further).
      caption="$name: equivalent plastic strain at step $step ($strain; scale capped at 2)"
      "$py" "$pp/render.py" "$run" --field equivalent_plastic_strain \
        --step "$step" --warp 0 --range 0 2 --size 2000 460 \
        --title "$caption" -o "$here/${name}_plastic.png" ;;
  esac
done

ls -l "$here"/fracture_*.png
