#!/usr/bin/env bash
# One run per output directory (OutputLock), with real processes:
#  1. a second run into the directory of a running one exits 2 at once with
#     one message naming the directory and the holder (pid, host), and
#     writes nothing there;
#  2. after the first run is killed (every rank, by pid), its lock file is
#     free: a new run into the directory takes it over, removes the killed
#     run's unfinished temporary files, and finishes.
# Usage: output_lock.sh NANOMECH_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
prm=$src/tests/restart/fracture_small.prm
tmp=$(mktemp -d)
dir=$tmp/out
mpi=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
# Every process of a run into $dir: mpirun and each rank (OpenMPI puts the
# ranks in process groups of their own, so a group kill would miss them).
run_pids() { pgrep -f -- "--output-dir $dir\$" || true; }
kill_run() {
  local pids
  pids=$(run_pids)
  [ -n "$pids" ] && kill -KILL $pids 2> /dev/null
  for _ in $(seq 100); do [ -z "$(run_pids)" ] && return 0; sleep 0.1; done
  fail "processes of the run survived SIGKILL: $(run_pids)"
}
trap 'kill_run > /dev/null 2>&1; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
wait_for() {
  for _ in $(seq 1200); do "$@" && return 0; sleep 0.1; done
  fail "timed out waiting for: $*"
}
listing() { (cd "$dir" && find . -printf '%p %s %T@\n' | sort); }

echo "== 1. a second run into a running run's directory"
# The first run, slowed (0.5 s per staggered iteration) so that it is
# still running; it holds the lock once parameters.prm is written.
NANOMECH_TEST_ITERATION_PAUSE=0.5 "${mpi[@]}" -np 2 "$bin" "$prm" \
  --output-dir "$dir" > "$tmp/first.log" 2>&1 &
wait_for test -f "$dir/parameters.prm"
holder=$(cat "$dir/.nanomech.lock")
echo "lock file: $holder"
[[ $holder =~ ^pid\ ([0-9]+)\ on\ host\ (.+)\ since ]] || fail "lock file content: $holder"
holder_pid=${BASH_REMATCH[1]}
holder_host=${BASH_REMATCH[2]}
kill -0 "$holder_pid" || fail "the lock names pid $holder_pid, which is not running"
# Freeze the first run so that the directory stays as it is.
kill -STOP $(run_pids)
before=$(listing)
t0=$(date +%s.%N)
for np in 1 3; do
  "${mpi[@]}" -np $np "$bin" "$prm" --output-dir "$dir" > "$tmp/second.out" 2> "$tmp/second.err"
  status=$?
  [ $status = 2 ] || { cat "$tmp/second.out" "$tmp/second.err"; fail "second run on $np ranks: exit status $status, expected 2"; }
  # One message from nanomech (mpirun adds its own lines about the exit).
  [ "$(grep -c '^nanomech: ' "$tmp/second.err")" = 1 ] || { cat "$tmp/second.err"; fail "expected one message"; }
  grep -q "output directory '$dir' is in use by another nanomech run (pid $holder_pid on host $holder_host since" \
    "$tmp/second.err" || { cat "$tmp/second.err"; fail "the message does not name the directory and the holder"; }
  # Also with --restart (it reads the checkpoint, never writes).
  "${mpi[@]}" -np $np "$bin" "$prm" --output-dir "$dir" --restart > /dev/null 2> "$tmp/second.err"
  [ $? = 2 ] || fail "a second run with --restart was not refused"
done
t1=$(date +%s.%N)
grep '^nanomech: ' "$tmp/second.err"
[ "$(listing)" = "$before" ] || fail "a refused run changed the output directory"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "four refused runs in %.1f s\n", b - a }'
kill -CONT $(run_pids)

echo "== 2. the lock of a killed run is taken over"
kill_run
wait 2> /dev/null
[ -f "$dir/.nanomech.lock" ] || fail "the lock file is gone"
# An unfinished atomic write of the killed run.
echo partial > "$dir/summary.json.tmp.$holder_pid"
echo partial > "$dir/stress_strain.csv.tmp.12345"
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$dir" > "$tmp/third.log" 2>&1 \
  || { cat "$tmp/third.log"; fail "a run into the killed run's directory"; }
[ -f "$dir/summary.json" ] || fail "no summary.json"
compgen -G "$dir/*.tmp.*" > /dev/null && fail "stale temporary files left: $(ls "$dir")"
grep -q "^pid [0-9]* on host" "$dir/.nanomech.lock" || fail "lock file not rewritten"
[ "$(cut -d' ' -f2 "$dir/.nanomech.lock")" != "$holder_pid" ] || fail "the lock file still names the killed run"
echo "PASS"
