#!/bin/sh
# spec-static/run.sh - the whole spec suite again, with every module
# compiled with --single-instance: the instance in the module's static
# storage, addressed RIP-relative, and the memory base loaded at each access
# (what an executable gets; the other spec suites go through the parameter
# an embedder's instances need).  Must pass the same tests.
cd "$(dirname "$0")/../.." || exit 1
SPEC_WASMC_FLAGS=--single-instance sh testsuite/spec/run.sh "$@" > build/test/spec-static.log 2>&1
status=$?
grep -vE '^spec: [0-9]+ passed' build/test/spec-static.log
sed -nE 's/^spec: ([0-9]+ passed.*)/spec-static: \1/p' build/test/spec-static.log | tail -n 1
exit $status
