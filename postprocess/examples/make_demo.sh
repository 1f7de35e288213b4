#!/usr/bin/env bash
# The pictures of the README's worked study: the nacre architecture study
# (params/studies/nacre_architecture.study: tablet length 1, 2, 4 um x
# interlayer thickness 0.01, 0.02, 0.04 um x 3 replicas = 27 small fracture
# runs) run locally with the study driver, 2 cases at a time on one rank
# each, then collected and plotted:
#   curves.png                                      stress-strain overlays
#   strength_MPa_vs_tablet_length.png               mean and 95 % interval
#   toughness_MJ_per_m3_vs_interlayer_thickness.png   over the 3 replicas
#   strength_vs_toughness.png                       one point per case
#   study.csv                                       what collect.py wrote
#   postprocess/examples/make_demo.sh [WORK_DIR]
# NANOMECH (environment) is the program, default build/nanomech; WORK_DIR
# (default: a new temporary directory) receives the study and is kept; a
# study already run there is resumed (only failed or missing cases run).
# The outputs go to postprocess/examples/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
export NANOMECH=${NANOMECH:-$src/build/nanomech}
work=${1:-$(mktemp -d)}
mkdir -p "$work"
py=/usr/bin/python3
pp=$src/postprocess
study=$work/nacre_architecture
echo "== program $NANOMECH"
echo "== study directory $study"

start=$(date +%s)
if [ -f "$study/study.json" ]; then
  "$src/jobs/study" run "$study" --parallel 2
else
  "$src/jobs/study" run "$src/params/studies/nacre_architecture.study" \
    --dir "$study" --parallel 2
fi
echo "== study: $(( $(date +%s) - start )) s wall"
"$src/jobs/study" status "$study"

"$py" "$pp/collect.py" "$study" -o "$here/study.csv"
"$py" "$pp/curves.py" "$study" \
  --title "nacre architecture study: 27 cases" -o "$here/curves.png"
"$py" "$pp/study_plots.py" "$study" -o "$work/plots"
cp "$work/plots/strength_MPa_vs_tablet_length.png" \
   "$work/plots/toughness_MJ_per_m3_vs_interlayer_thickness.png" \
   "$work/plots/strength_vs_toughness.png" "$here/"
cp "$work/plots/study_means.csv" "$here/study_means.csv"
ls -l "$here"/*.png "$here"/*.csv
