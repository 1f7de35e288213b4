#!/usr/bin/env bash
# A failure on one rank only (a field file that cannot be opened there,
# injected with NANOMECH_TEST_FAIL_FIELDS_ON_RANK), on 3 ranks:
#  - a file per rank (Output/Number of files per step = 0), failing on
#    rank 2 and on rank 0 (which also writes the .pvtu record): all ranks
#    agree, exit status 1 and one message from rank 0 that names the step,
#    the rank and the file; no deal.II source location or stack trace, no
#    abort. (Before, the failing rank waited in a timer's reduction while
#    unwinding and the run hung.)
#  - one file by MPI-IO (the default), failing on rank 1 before the
#    collective write: that rank's one-line message and Open MPI's abort
#    (the others cannot wait for it), exit status 1, no stack trace.
# Every run must end within 120 s (a hang is the failure this guards).
# Usage: rank_failure.sh NANOMECH_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpi=(mpirun --oversubscribe --bind-to none -np 3
     -x NANOMECH_TEST_FAIL_FIELDS_ON_RANK)
[ "$(id -u)" = 0 ] && mpi+=(--allow-run-as-root)
small=(--set "Geometry/Cells x=12" --set "Geometry/Cells y=12"
       --set "Geometry/Cells z=12")
fail() { echo "FAIL: $*"; exit 1; }

# run NAME RANK [extra arguments]: exit status in $status, stderr in NAME.err
run() {
  local name=$1 rank=$2
  shift 2
  NANOMECH_TEST_FAIL_FIELDS_ON_RANK=$rank timeout 120 "${mpi[@]}" "$bin" \
    "$src/params/default.prm" "${small[@]}" "$@" --output-dir "$tmp/$name" \
    > "$tmp/$name.out" 2> "$tmp/$name.err"
  status=$?
  [ $status != 124 ] || { cat "$tmp/$name.err"; fail "$name: hung (killed after 120 s)"; }
  echo "== $name: exit status $status"
  grep '^nanomech: ' "$tmp/$name.err"
  [ "$(grep -c '^nanomech: ' "$tmp/$name.err")" = 1 ] \
    || { cat "$tmp/$name.err"; fail "$name: expected one message"; }
  grep -q "An error occurred in line\|Stacktrace\|TimerOutput\|terminate called" \
    "$tmp/$name.out" "$tmp/$name.err" \
    && { cat "$tmp/$name.err"; fail "$name: deal.II's source location, a stack trace or a timer banner"; }
  [ $status = 1 ] || { cat "$tmp/$name.err"; fail "$name: exit status $status, expected 1"; }
}

for rank in 2 0; do
  run "alone_$rank" $rank --set "Output/Number of files per step=0"
  grep -q "^nanomech: failed: cannot write the fields of step 0 (rank $rank): Could not open file .*solution_0000.$rank.vtu" \
    "$tmp/alone_$rank.err" || fail "alone_$rank: the message does not name the step, the rank and the file"
  grep -q "MPI_ABORT" "$tmp/alone_$rank.err" && fail "alone_$rank: aborted instead of agreeing"
  [ ! -e "$tmp/alone_$rank/solution_0000.pvtu" ] || fail "alone_$rank: a record of the failed step"
done

run collective 1
grep -q "^nanomech: failed on rank 1: Could not open file " "$tmp/collective.err" \
  || fail "collective: the message does not name the rank and the file"
echo "PASS"
