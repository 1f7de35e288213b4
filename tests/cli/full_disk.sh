#!/usr/bin/env bash
# A disk that fills up while a fracture run writes (a 200 kB tmpfs that the
# test mounts; needs root, otherwise skipped with exit status 77):
#  - exit status 1 and one message from nanomech saying that the disk is
#    full and naming the file, no timer banner or stack trace;
#  - the newest complete checkpoint is intact: --restart from a copy of the
#    directory on a roomy disk ends with the uninterrupted run's results.
# Usage: full_disk.sh NANOMECH_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
prm=$src/tests/restart/fracture_small.prm
tmp=$(mktemp -d)
small=$tmp/small
mkdir -p "$small"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=200k tmpfs "$small" 2> /dev/null; then
  echo "SKIP: cannot mount a small tmpfs (needs root)"
  rm -rf "$tmp"
  exit 77
fi
trap 'umount "$small" 2> /dev/null; rm -rf "$tmp"' EXIT
mpi=(mpirun --oversubscribe --bind-to none)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
compare=("/usr/bin/python3" "$src/tests/restart/compare_runs.py")
fail() { echo "FAIL: $*"; exit 1; }

"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/ref" > "$tmp/ref.log" 2>&1 \
  || { cat "$tmp/ref.log"; fail "reference run"; }

"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$small/run" > "$tmp/full.out" 2> "$tmp/full.err"
status=$?
df -k "$small" | tail -n 1
grep '^nanomech: ' "$tmp/full.err"
[ $status = 1 ] || { cat "$tmp/full.out" "$tmp/full.err"; fail "exit status $status on a full disk, expected 1"; }
[ "$(grep -c '^nanomech: ' "$tmp/full.err")" = 1 ] || { cat "$tmp/full.err"; fail "expected one message"; }
grep "^nanomech: failed: " "$tmp/full.err" | grep "the disk is full" | grep -q "'$small/run/" \
  || { cat "$tmp/full.err"; fail "the message does not say that the disk is full and name the file"; }
grep -q "TimerOutput\|Stacktrace\|terminate called" "$tmp/full.out" "$tmp/full.err" \
  && { cat "$tmp/full.err"; fail "timer banner or stack trace"; }
# The newest complete checkpoint, from a copy on a roomy disk.
cp -r "$small/run" "$tmp/copy"
ls -d "$tmp"/copy/checkpoint/step-* > /dev/null 2>&1 || fail "no complete checkpoint left"
"${mpi[@]}" -np 2 "$bin" "$prm" --output-dir "$tmp/copy" --restart > "$tmp/restart.log" 2>&1 \
  || { cat "$tmp/restart.log"; fail "restart from the checkpoint left by the full disk"; }
grep "Restarted from" "$tmp/restart.log"
grep -q "damaged" "$tmp/restart.log" && { cat "$tmp/restart.log"; fail "the newest complete checkpoint was damaged"; }
"${compare[@]}" "$tmp/ref" "$tmp/copy" || fail "the restart differs from the uninterrupted run"
echo "PASS"
