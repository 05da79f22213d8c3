#!/bin/sh
# wast/run.sh - wasmc's own regression tests in the spec's script format
# (testsuite/wast/*.wast), run by the spec runner like the official suite:
# once with guard pages, once with --bounds-checks=explicit, once with
# --single-instance (guard pages, the instance static as in executables), and
# testsuite/wast/explicit/*.wast (what only explicit checks guarantee) in
# explicit mode only.  Each file says at its top which behaviour it pins
# down.
cd "$(dirname "$0")/../.." || exit 1
mkdir -p build/test
status=0 tp=0 tf=0 ts=0
for mode in guard explicit static; do
    flags=--bounds-checks=$mode
    [ $mode = static ] && flags=--single-instance
    SPEC_WASMC_FLAGS=$flags sh testsuite/spec/run.sh testsuite/wast \
        > build/test/wast-$mode.log 2>&1 || status=1
    # testsuite/wast/explicit: what only explicit bounds checks guarantee
    [ $mode = explicit ] && { SPEC_WASMC_FLAGS=--bounds-checks=$mode sh testsuite/spec/run.sh \
        testsuite/wast/explicit >> build/test/wast-$mode.log 2>&1 || status=1; }
    grep -E '\.wast: |FAIL|^  ' build/test/wast-$mode.log | sed "s/^/$mode: /"
    grep -q '^spec: [0-9]* passed' build/test/wast-$mode.log ||
        { echo "$mode: the spec runner ended without a summary"; tf=$((tf + 1)); continue; }
    # the .wast files' own lines (the runner also reports its embedding test)
    for n in $(sed -nE 's/^[a-z0-9_]+\.wast: ([0-9]+) passed, ([0-9]+) failed, ([0-9]+) skipped.*/\1,\2,\3/p' \
               build/test/wast-$mode.log); do
        IFS=, read p f k <<END
$n
END
        tp=$((tp + p)) tf=$((tf + f)) ts=$((ts + k))
    done
done
echo "wast: $tp passed, $tf failed, $ts skipped"
[ $tf -eq 0 ] && exit $status || exit 1
