#!/usr/bin/env bash
# The pictures of the README's postprocessing section, from real runs:
# a 2D nacre fracture run (params/fracture_nacre_2d.prm without adaptive
# refinement, AT2, l = 0.08 um; about 4 min on 2 ranks) rendered with
# damage and von Mises stress, and a small study (tablet length x
# interlayer thickness x 3 seeds, 24 tiny runs, about 6 min on 2 cores)
# collected and plotted.
#   postprocess/examples/make_demo.sh [NANOMECH] [WORK_DIR]
# NANOMECH defaults to build/nanomech, WORK_DIR to a new temporary
# directory; the PNGs go to postprocess/examples/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
bin=${1:-$src/build/nanomech}
work=${2:-$(mktemp -d)}
pp=$src/postprocess
mpi=(mpirun --oversubscribe --bind-to none -np 2)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
echo "== work directory $work"

if [ ! -s "$work/fracture/summary.json" ]; then
  "${mpi[@]}" "$bin" "$src/params/fracture_nacre_2d.prm" --output-dir "$work/fracture" \
    --set "Fracture/Adaptive refinement=false" --set "Fracture/Model=AT2" \
    --set "Fracture/Energy split=none" --set "Fracture/Length scale=0.08" \
    --set "Fracture/Strain increment=1e-4" --set "Fracture/Output every=5" \
    --set "Fracture/Residual stiffness=1e-4" --set "Fracture/Damage tolerance=1e-3" \
    --set "Fracture/Residual tolerance=1e-4" > "$work/fracture.log"
fi
/usr/bin/python3 "$pp/render.py" "$work/fracture" --field damage -o "$here/render_damage.png"
/usr/bin/python3 "$pp/render.py" "$work/fracture" --field von_mises --step 10 \
  -o "$here/render_von_mises.png"

if [ ! -s "$work/study/study.json" ]; then
  /usr/bin/python3 "$src/tests/postprocess/make_study.py" "$bin" "$src" "$work/study" \
    --name "nacre, 2D, tiny demo" --lengths 1.5 2 2.5 3 --interlayers 0.02 0.04 \
    --replicas 3 --ranks 1 --parallel 2 --no-unfinished \
    --set "Geometry/Cells x=60" --set "Geometry/Cells y=24" \
    --set "Fracture/Length scale=0.1" --set "Microstructure/Nacre/Number of rows=3" \
    --set "Fracture/Strain increment=1e-4"
fi
/usr/bin/python3 "$pp/collect.py" "$work/study" -o "$work/study/study.csv"
/usr/bin/python3 "$pp/curves.py" "$work/study" -o "$here/curves.png"
/usr/bin/python3 "$pp/study_plots.py" "$work/study" -o "$work/plots"
cp "$work/plots/strength_MPa_vs_tablet_length.png" \
   "$work/plots/toughness_MJ_per_m3_vs_interlayer_thickness.png" \
   "$work/plots/strength_vs_toughness.png" "$here/"
ls -l "$here"/*.png
