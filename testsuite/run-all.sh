#!/bin/sh
# Runs every test suite (testsuite/*/run.sh) and sums their results.  Each
# suite prints what it checks and ends with a line
#     <suite>: N passed, N failed, N skipped
# This script ends with the total on a line of its own.
cd "$(dirname "$0")/.." || exit 1
tp=0 tf=0 ts=0 status=0
for s in testsuite/*/run.sh; do
    name=$(basename "$(dirname "$s")")
    [ "$name" = bench ] && s=testsuite/bench/check.sh
    [ -f "$s" ] || continue
    echo "== $name"
    out=$(mktemp)
    sh "$s" 2>&1 | tee "$out"
    line=$(grep -E '^[a-z_-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
    rm -f "$out"
    if [ -z "$line" ]; then
        echo "$name: suite ended without a summary line"; tf=$((tf + 1)); status=1; continue
    fi
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
    k=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
    tp=$((tp + p)); tf=$((tf + f)); ts=$((ts + ${k:-0}))
done
[ "$tf" -gt 0 ] && status=1
echo "$tp passed, $tf failed, $ts skipped"
exit $status
