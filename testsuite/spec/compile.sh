#!/bin/sh
# compile.sh CACHE WASMC KEY FILE.wasm [KEY FILE.wasm]... - compiles modules
# into the spec-test cache; run.sh calls it through `xargs -P`.
#
# For each module one of these appears in CACHE (atomically, by rename),
# so concurrent or interrupted runs never see half a result:
#   KEY.so         wasmc --shared succeeded (symbol wasmc_m_module)
#   KEY.rej        it refused or crashed: "status N" (exit status, 128+N
#                  for signal N), "output yes|no" (whether it left a file
#                  behind anyway), "--", then its diagnostics
#   KEY.transient  the same record when the status says nothing about the
#                  module (124: timed out, 126/127: wasmc could not run);
#                  run.sh uses it for this run and retries next time
# KEY is the sha256 of the module's bytes; CACHE belongs to one wasmc
# binary, WASMC, a copy run.sh made so a rebuild cannot change it mid-run.
cache=$1 wasmc=$2
shift 2
timeout=${SPEC_COMPILE_TIMEOUT:-120}

compile_one() {
    key=$1 wasm=$2 so=$cache/$1.so rej=$cache/$1.rej
    [ -e "$so" ] || [ -e "$rej" ] && return 0
    err=$cache/$key.err.$$
    # shellcheck disable=SC2086 # SPEC_WASMC_FLAGS is a list of flags
    timeout "$timeout" "$wasmc" --shared $SPEC_WASMC_FLAGS "$wasm" -o "$so" --module-name=m >"$err" 2>&1
    status=$?
    [ "$status" -eq 0 ] && [ -f "$so" ] && { rm -f "$err" "$cache/$key.transient"; return 0; }
    output=no
    for left in "$so" "$so".tmp*; do
        [ -e "$left" ] && { output=yes; rm -f "$left"; }
    done
    case $status in
    124|126|127) record=$cache/$key.transient ;;
    *) record=$rej ;;
    esac
    { echo "status $status"; echo "output $output"; echo "--"; cat "$err"; } >"$record.$$"
    mv "$record.$$" "$record"
    rm -f "$err"
}

while [ $# -ge 2 ]; do
    compile_one "$1" "$2"
    shift 2
done
