#!/usr/bin/env bash
# Checkpoint/restart end to end, with real signals and real kills:
#  1. a fracture run without interruption (2 ranks): the reference;
#  2. SIGUSR1 to mpirun mid-way (what jobs/nanomech.sbatch forwards before
#     the time limit): exit status 3 and a checkpoint; --restart on 1 and on
#     3 ranks ends with the reference's results (1e-10 relative);
#  3. SIGTERM to a run mid-way (one rank, no mpirun): exit status 3;
#     --restart on 2 ranks gives the reference;
#  4. SIGKILL while a checkpoint is being written (a pause injected between
#     writing it and making it complete): the restart uses the previous
#     complete checkpoint and gives the reference;
#  5. a homogenization ensemble stopped after a realization and restarted
#     on another rank count gives the uninterrupted ensemble;
#  6. SIGUSR1 inside a load step (a pause injected after every staggered
#     iteration, the signal sent after the third iteration of a step): the
#     run goes back to the start of the step, writes a checkpoint and exits
#     3 within one iteration; --restart on 3 ranks gives the reference;
#  7. SIGUSR1 on the snap-back branch of a bar under dissipation control
#     (Fracture/Path following): --restart continues under that control
#     and gives the uninterrupted run;
#  8. a truncated file in the newest checkpoint: --restart falls back to
#     the earlier one (with a warning) and gives the reference; every
#     checkpoint damaged, or another Geometry: exit 2, one message, the
#     directory untouched;
#  9. the bar with a plastic phase (ductile fracture): SIGUSR1 after the
#     mesh has been refined around plastic points, --restart on 3 ranks
#     gives the uninterrupted run (the plastic states travel with the
#     cells through the refinement and the checkpoint).
# Usage: restart.sh NANOMECH_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
here=$src/tests/restart
tmp=$(mktemp -d)
# Every process of a run into the output directory $1: mpirun and each rank
# (OpenMPI gives every rank a process group of its own, so killing
# mpirun's group would leave the ranks running).
run_pids() { pgrep -f -- "--output-dir $1( |\$)" || true; }
# SIGKILL to every process of the run into $1; fails if one survives.
kill_run() {
  local pids
  pids=$(run_pids "$1")
  [ -n "$pids" ] && kill -KILL $pids 2> /dev/null
  for _ in $(seq 100); do [ -z "$(run_pids "$1")" ] && return 0; sleep 0.1; done
  fail "processes of the run into $1 survived SIGKILL: $(run_pids "$1")"
}
trap 'kill_run "$tmp/kill" > /dev/null 2>&1; rm -rf "$tmp"' EXIT
mpi=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
prm=$here/fracture_small.prm
compare=("/usr/bin/python3" "$here/compare_runs.py")
fail() { echo "FAIL: $*"; exit 1; }

# Waits (at most 120 s) until the command given succeeds.
wait_for() {
  for _ in $(seq 1200); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for: $*"
}
# Whether the stress_strain.csv $1 has reached load step $2 (a header and
# a row for step 0 come first).
reached() { [ -f "$1" ] && [ "$(wc -l < "$1")" -ge $(($2 + 2)) ]; }
# Whether the directory $1 holds a complete checkpoint.
has_checkpoint() { compgen -G "$1/step-*" > /dev/null; }
last_step() { echo $(($(wc -l < "$1") - 2)); }
# SIGUSR1 to the run $1 (a pid) once its table $2 has reached load step $3;
# returns the run's exit status.
usr1_at_step() {
  wait_for reached "$2" "$3"
  kill -USR1 "$1"
  wait "$1"
}

echo "== 1. reference"
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/ref" > "$tmp/ref.log" 2>&1 \
  || { cat "$tmp/ref.log"; fail "reference run"; }
[ -d "$tmp/ref/checkpoint" ] && fail "a finished run keeps its checkpoints"
n_ref=$(last_step "$tmp/ref/stress_strain.csv")
echo "reference: $n_ref load steps"

echo "== 2. SIGUSR1 to mpirun, restart on 1 and 3 ranks"
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/usr1" > "$tmp/usr1.log" 2>&1 &
usr1_at_step $! "$tmp/usr1/stress_strain.csv" 20
status=$?
[ $status = 3 ] || { cat "$tmp/usr1.log"; fail "exit status $status after SIGUSR1, expected 3"; }
grep -q "stopped by signal" "$tmp/usr1.log" || fail "no stop message"
ls -d "$tmp"/usr1/checkpoint/step-* > /dev/null || fail "no checkpoint after SIGUSR1"
n_stop=$(last_step "$tmp/usr1/stress_strain.csv")
[ "$n_stop" -lt "$n_ref" ] || fail "the run was not interrupted mid-way"
[ -f "$tmp/usr1/summary.json" ] && fail "an interrupted run wrote summary.json"
echo "stopped after step $n_stop of $n_ref"
for np in 1 3; do
  cp -r "$tmp/usr1" "$tmp/usr1_np$np"
  "${mpi[@]}" -np $np "$bin" "$prm" --output-dir "$tmp/usr1_np$np" --restart \
    > "$tmp/usr1_np$np.log" 2>&1 || { cat "$tmp/usr1_np$np.log"; fail "restart on $np ranks"; }
  grep -q "Restarted from .* at step $n_stop," "$tmp/usr1_np$np.log" \
    || fail "restart on $np ranks did not continue from step $n_stop"
  "${compare[@]}" "$tmp/ref" "$tmp/usr1_np$np" || fail "restart on $np ranks differs"
  grep -c "solution_" "$tmp/usr1_np$np/solution.pvd" > /dev/null
  [ "$(grep -c 'DataSet' "$tmp/usr1_np$np/solution.pvd")" = \
    "$(grep -c 'DataSet' "$tmp/ref/solution.pvd")" ] || fail "pvd records differ after restart"
done

echo "== 3. SIGTERM to a one-rank run, restart on 2 ranks"
"$bin" "$prm" --output-dir "$tmp/term" > "$tmp/term.log" 2>&1 &
pid=$!
wait_for reached "$tmp/term/stress_strain.csv" 30
kill -TERM $pid
wait $pid
status=$?
[ $status = 3 ] || { cat "$tmp/term.log"; fail "exit status $status after SIGTERM, expected 3"; }
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/term" --restart \
  > "$tmp/term_restart.log" 2>&1 || { cat "$tmp/term_restart.log"; fail "restart after SIGTERM"; }
grep -q "Restarted from" "$tmp/term_restart.log" || fail "no restart after SIGTERM"
"${compare[@]}" "$tmp/ref" "$tmp/term" || fail "restart after SIGTERM differs"

echo "== 4. SIGKILL while a checkpoint is written"
# Checkpoints every 4 steps; each one pauses 2 s before it is complete.
# Kill every process of the run (by pid) during the pause of the second one.
NANOMECH_TEST_CHECKPOINT_PAUSE=2 "${mpi[@]}" -np 2 "$bin" "$prm" \
  --output-dir "$tmp/kill" > "$tmp/kill.log" 2>&1 &
pid=$!
wait_for test -f "$tmp/kill/checkpoint/.incomplete-000008/state.txt"
[ -d "$tmp/kill/checkpoint/step-000004" ] || fail "no complete checkpoint of step 4"
[ "$(run_pids "$tmp/kill" | wc -l)" -ge 3 ] || fail "expected mpirun and 2 ranks: $(run_pids "$tmp/kill")"
kill_run "$tmp/kill"
wait $pid 2> /dev/null
ls "$tmp/kill/checkpoint"
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/kill" --restart \
  > "$tmp/kill_restart.log" 2>&1 || { cat "$tmp/kill_restart.log"; fail "restart after SIGKILL"; }
grep -q "Restarted from .*step-000004 at step 4," "$tmp/kill_restart.log" \
  || { grep Restarted "$tmp/kill_restart.log"; fail "did not restart from the complete checkpoint of step 4"; }
"${compare[@]}" "$tmp/ref" "$tmp/kill" || fail "restart after SIGKILL differs"

echo "== 5. homogenization ensemble"
hom=("$src/params/homogenization_nacre_2d.prm"
     --set "Homogenization/Number of realizations=4"
     --set "Homogenization/Boundary conditions=periodic"
     --set "Solver/Tolerance=1e-12"
     --set "Output/Checkpoint every=1")
"${mpi[@]}" -np 2 "$bin" "${hom[@]}" --output-dir "$tmp/hom_ref" > "$tmp/hom_ref.log" 2>&1 \
  || { cat "$tmp/hom_ref.log"; fail "homogenization reference"; }
# A realization takes well under a second on a fast machine, so a checkpoint
# can be replaced by the next one between two polls: each checkpoint pauses
# 2 s before it replaces the previous one, and any complete one will do.
NANOMECH_TEST_CHECKPOINT_PAUSE=2 "${mpi[@]}" -np 2 "$bin" "${hom[@]}" \
  --output-dir "$tmp/hom" > "$tmp/hom.log" 2>&1 &
pid=$!
wait_for has_checkpoint "$tmp/hom/checkpoint"
kill -USR1 $pid
wait $pid
status=$?
[ $status = 3 ] || { cat "$tmp/hom.log"; fail "homogenization: exit status $status after SIGUSR1"; }
"${mpi[@]}" -np 3 "$bin" "${hom[@]}" --output-dir "$tmp/hom" --restart > "$tmp/hom_restart.log" 2>&1 \
  || { cat "$tmp/hom_restart.log"; fail "homogenization restart"; }
grep -q "Restarted from .* of 4 realizations done" "$tmp/hom_restart.log" || fail "homogenization did not restart"
# Stiffness couplings that vanish by symmetry are compared absolutely, to
# 1e-11 of the largest stiffness (1e5 MPa); CG iteration counts depend on
# the rank count.
"${compare[@]}" "$tmp/hom_ref" "$tmp/hom" --table homogenization.csv \
  --skip iterations_per_load_case cg_iterations --atol 1e-6 || fail "restarted ensemble differs"
echo "== 6. SIGUSR1 inside a load step"
inside=(--set "Fracture/Progress interval=0")
NANOMECH_TEST_ITERATION_PAUSE=0.5 "${mpi[@]}" -np 2 "$bin" "$prm" "${inside[@]}" \
  --output-dir "$tmp/inside" > "$tmp/inside.log" 2>&1 &
pid=$!
wait_for reached "$tmp/inside/stress_strain.csv" 6
# The third iteration of the step after the sixth (a progress line for each).
from=$(wc -l < "$tmp/inside.log")
third() { tail -n +"$from" "$tmp/inside.log" | grep -q "iteration 3:"; }
wait_for third
t0=$(date +%s.%N)
kill -USR1 $pid
wait $pid
status=$?
t1=$(date +%s.%N)
[ $status = 3 ] || { cat "$tmp/inside.log"; fail "exit status $status after SIGUSR1 inside a step, expected 3"; }
grep -q "inside the step to strain" "$tmp/inside.log" \
  || { tail -20 "$tmp/inside.log"; fail "the signal was not acted on inside the step"; }
has_checkpoint "$tmp/inside/checkpoint" || fail "no checkpoint after SIGUSR1 inside a step"
echo "signal to exit: $(awk "BEGIN { print $t1 - $t0 }") s (iterations paused 0.5 s)"
"${mpi[@]}" -np 3 "$bin" "$prm" "${inside[@]}" --output-dir "$tmp/inside" --restart \
  > "$tmp/inside_restart.log" 2>&1 || { cat "$tmp/inside_restart.log"; fail "restart after a stop inside a step"; }
"${compare[@]}" "$tmp/ref" "$tmp/inside" || fail "restart after a stop inside a step differs"

echo "== 7. dissipation control: SIGUSR1 on the snap-back branch"
snap=$here/snap_back.prm
"${mpi[@]}" -np 2 "$bin" "$snap" --output-dir "$tmp/snap_ref" > "$tmp/snap_ref.log" 2>&1 \
  || { cat "$tmp/snap_ref.log"; fail "reference run under dissipation control"; }
grep -q "dissipation control from step" "$tmp/snap_ref.log" \
  || fail "the reference did not hand over to dissipation control"
# Iterations paused 0.05 s, so that the signal arrives mid-branch: two steps
# after the hand-over.
NANOMECH_TEST_ITERATION_PAUSE=0.05 "${mpi[@]}" -np 2 "$bin" "$snap" \
  --output-dir "$tmp/snap" > "$tmp/snap.log" 2>&1 &
pid=$!
handed() { grep -q "dissipation control from step" "$tmp/snap.log"; }
wait_for handed
handover=$(sed -n 's/.*dissipation control from step \([0-9]*\).*/\1/p' "$tmp/snap.log")
wait_for reached "$tmp/snap/stress_strain.csv" $((handover + 2))
kill -USR1 $pid
wait $pid
status=$?
[ $status = 3 ] || { cat "$tmp/snap.log"; fail "exit status $status under dissipation control, expected 3"; }
n_stop=$(last_step "$tmp/snap/stress_strain.csv")
[ "$n_stop" -lt "$(last_step "$tmp/snap_ref/stress_strain.csv")" ] \
  || fail "the run under dissipation control was not interrupted mid-way"
echo "stopped after step $n_stop (hand-over after step $handover)"
"${mpi[@]}" -np 2 "$bin" "$snap" --output-dir "$tmp/snap" --restart \
  > "$tmp/snap_restart.log" 2>&1 || { cat "$tmp/snap_restart.log"; fail "restart under dissipation control"; }
grep -q "dissipation control from step" "$tmp/snap_restart.log" \
  && fail "the restart handed over again instead of continuing under dissipation control"
"${compare[@]}" "$tmp/snap_ref" "$tmp/snap" || fail "restart under dissipation control differs"

echo "== 8. damaged checkpoints and changed parameters"
# The stopped run of section 2 keeps two checkpoints: the one of its stop
# and the earlier one (written every 4 steps).
cp -r "$tmp/usr1" "$tmp/damaged"
mapfile -t kept < <(ls -d "$tmp"/damaged/checkpoint/step-* | sort)
[ ${#kept[@]} = 2 ] || fail "expected two checkpoints kept, found: ${kept[*]}"
earlier=${kept[0]}
newest=${kept[1]}
# A mesh data file of the newest loses its last 100 bytes (a full disk, a
# copy cut short): the restart passes over it, continues from the earlier
# one, says so, and still ends with the reference's results.
truncate -s -100 "$newest/mesh_fixed.data"
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/damaged" --restart \
  > "$tmp/damaged.log" 2>&1 || { cat "$tmp/damaged.log"; fail "restart past a damaged checkpoint"; }
grep -q "the newest checkpoint is damaged ($newest: its file 'mesh_fixed.data' has" "$tmp/damaged.log" \
  || { cat "$tmp/damaged.log"; fail "no message on the damaged checkpoint"; }
grep -q "Restarted from $earlier at step" "$tmp/damaged.log" || fail "did not continue from $earlier"
grep -q "the newest checkpoint is damaged" "$tmp/damaged/summary.json" \
  || fail "summary.json does not list the damaged checkpoint among its warnings"
"${compare[@]}" "$tmp/ref" "$tmp/damaged" --skip warnings || fail "restart from the earlier checkpoint differs"
# Every checkpoint damaged (a byte of each state file changed, the sizes
# kept): exit 2 naming both, and the run's directory is not touched.
cp -r "$tmp/usr1" "$tmp/bad"
for d in "$tmp"/bad/checkpoint/step-*; do
  printf 'X' | dd of="$d/state.txt" bs=1 seek=40 conv=notrunc status=none
done
before=$(cd "$tmp/bad" && find . -printf '%p %s %T@\n' | sort)
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/bad" --restart \
  > "$tmp/bad.out" 2> "$tmp/bad.err"
status=$?
[ $status = 2 ] || { cat "$tmp/bad.out" "$tmp/bad.err"; fail "exit status $status with every checkpoint damaged, expected 2"; }
[ "$(grep -c '^nanomech: ' "$tmp/bad.err")" = 1 ] || { cat "$tmp/bad.err"; fail "expected one message"; }
grep -q "no intact checkpoint" "$tmp/bad.err" || { cat "$tmp/bad.err"; fail "message"; }
[ "$(grep -o "the checksum of its file 'state.txt' differs" "$tmp/bad.err" | wc -l)" = 2 ] \
  || { cat "$tmp/bad.err"; fail "the message does not name both checkpoints"; }
[ "$(cd "$tmp/bad" && find . -printf '%p %s %T@\n' | sort)" = "$before" ] \
  || fail "a refused restart changed the output directory"
# A restart with another mesh: exit 2 naming the parameter, nothing written.
cp -r "$tmp/usr1" "$tmp/mesh"
before=$(cd "$tmp/mesh" && find . -printf '%p %s %T@\n' | sort)
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/mesh" --restart \
  --set "Geometry/Cells x=14" > "$tmp/mesh.out" 2> "$tmp/mesh.err"
status=$?
[ $status = 2 ] || { cat "$tmp/mesh.out" "$tmp/mesh.err"; fail "exit status $status with another mesh, expected 2"; }
grep -q "was written with Geometry/Cells x = 12, this run has 14" "$tmp/mesh.err" \
  || { cat "$tmp/mesh.err"; fail "the message does not name the changed parameter"; }
[ "$(cd "$tmp/mesh" && find . -printf '%p %s %T@\n' | sort)" = "$before" ] \
  || fail "a refused restart changed the output directory"
grep '^nanomech: ' "$tmp/mesh.err"

echo "== 9. plastic phase: SIGUSR1 after a refinement, restart on 3 ranks"
plastic=(--set "Materials/Phase 0/Plasticity=J2" --set "Materials/Phase 0/Yield stress=3"
  --set "Materials/Phase 0/Hardening modulus=100"
  --set "Materials/Phase 0/Plastic work threshold=0.005"
  --set "Fracture/Energy split=volumetric-deviatoric")
"${mpi[@]}" -np 2 "$bin" "$prm" "${plastic[@]}" --output-dir "$tmp/plastic_ref" \
  > "$tmp/plastic_ref.log" 2>&1 || { cat "$tmp/plastic_ref.log"; fail "plastic reference run"; }
# The mesh is refined at step 26 (144 -> 576 cells).
NANOMECH_TEST_ITERATION_PAUSE=0.02 "${mpi[@]}" -np 2 "$bin" "$prm" "${plastic[@]}" \
  --output-dir "$tmp/plastic" > "$tmp/plastic.log" 2>&1 &
usr1_at_step $! "$tmp/plastic/stress_strain.csv" 33
status=$?
[ $status = 3 ] || { cat "$tmp/plastic.log"; fail "exit status $status with a plastic phase, expected 3"; }
n_stop=$(last_step "$tmp/plastic/stress_strain.csv")
[ "$(tail -1 "$tmp/plastic/stress_strain.csv" | cut -d, -f9)" -gt 144 ] \
  || fail "the plastic run stopped before its refinement"
[ "$n_stop" -lt "$(last_step "$tmp/plastic_ref/stress_strain.csv")" ] \
  || fail "the plastic run was not interrupted mid-way"
echo "stopped after step $n_stop"
"${mpi[@]}" -np 3 "$bin" "$prm" "${plastic[@]}" --output-dir "$tmp/plastic" --restart \
  > "$tmp/plastic_restart.log" 2>&1 || { cat "$tmp/plastic_restart.log"; fail "restart with a plastic phase"; }
# (The energy balance error and the energy not dissipated are differences
# of nearly equal energies, each of which the table compares: their
# relative round-off is some 1e-10.)
"${compare[@]}" "$tmp/plastic_ref" "$tmp/plastic" \
  --skip energy_balance_relative_error energy_not_dissipated_MJ_per_m3 \
  || fail "restart with a plastic phase differs"

echo "PASS"
