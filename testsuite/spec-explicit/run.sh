#!/bin/sh
# spec-explicit/run.sh - the whole spec suite again, with every module
# compiled with --bounds-checks=explicit (the mode for targets without an
# MMU), which must pass the same tests as the guard-page default.
cd "$(dirname "$0")/../.." || exit 1
SPEC_WASMC_FLAGS=--bounds-checks=explicit sh testsuite/spec/run.sh "$@" > build/test/spec-explicit.log 2>&1
status=$?
grep -vE '^spec: [0-9]+ passed' build/test/spec-explicit.log
sed -nE 's/^spec: ([0-9]+ passed.*)/spec-explicit: \1/p' build/test/spec-explicit.log | tail -n 1
exit $status
