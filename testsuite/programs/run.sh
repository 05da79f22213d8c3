#!/bin/sh
# programs/run.sh - real programs written in Rust (std), built for
# wasm32-wasi with Debian's rustc and natively from the same source; the
# wasmc executable must print the same and exit with the same status.  Uses
# a directory preopened at compile time (--dir) and one added at run time
# ($WASMC_DIR), and one that overrides a compile-time directory.
cd "$(dirname "$0")/../.." || exit 1
W=build/wasmc
T=build/test/programs
RUSTC=/usr/bin/rustc
mkdir -p $T/a $T/b
pass=0 fail=0 skip=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

for src in testsuite/programs/*.rs; do
    n=$(basename "$src" .rs)
    if [ ! -x $RUSTC ] || ! $RUSTC --target wasm32-wasi -O "$src" -o $T/$n.wasm 2> $T/$n.err; then
        echo "SKIP $n: no rustc with the wasm32-wasi standard library"; skip=$((skip + 1)); continue
    fi
    $RUSTC -O "$src" -o $T/$n.native || { ko "$n" "native build failed"; continue; }
    for how in compile-time run-time; do
        rm -f $T/$n.$how
        dir=$PWD/$T/a
        if [ $how = compile-time ]; then
            $W --dir=$dir "$T/$n.wasm" -o $T/$n.$how || { ko "$n/$how" "wasmc failed"; continue; }
            WORDFREQ_WHO=me $T/$n.$how "$dir" x "y z" > $T/$n.$how.out 2>&1; rc=$?
        else
            dir=$PWD/$T/b
            $W "$T/$n.wasm" -o $T/$n.$how || { ko "$n/$how" "wasmc failed"; continue; }
            WASMC_DIR="$dir" WORDFREQ_WHO=me $T/$n.$how "$dir" x "y z" > $T/$n.$how.out 2>&1; rc=$?
        fi
        WORDFREQ_WHO=me $T/$n.native "$dir" x "y z" > $T/$n.expected 2>&1; rc2=$?
        if [ $rc -ne $rc2 ]; then ko "$n/$how" "exit status $rc, native $rc2: $(head -c 300 $T/$n.$how.out)"
        elif ! cmp -s $T/$n.$how.out $T/$n.expected; then ko "$n/$how" "output differs from native"
        else ok "$n/$how"; fi
    done
done
# WASMC_DIR overrides a --dir given at compile time for the same guest name
rm -rf $T/a/marker $T/b/marker
if clang-19 --target=wasm32-wasi --sysroot=/usr -O2 testsuite/programs/marker.c -o $T/marker.wasm &&
   $W --dir=$PWD/$T/a::/d $T/marker.wasm -o $T/marker; then
    $T/marker && [ -f $T/a/marker ] && ok "--dir preopen" || ko "--dir preopen" "no /d/marker in a"
    rm -f $T/a/marker
    WASMC_DIR="$PWD/$T/b::/d" $T/marker && [ -f $T/b/marker ] && [ ! -f $T/a/marker ] &&
        ok "WASMC_DIR overrides --dir" || ko "WASMC_DIR overrides --dir" "marker not in b only"
else
    ko "marker" "build failed"
fi
echo "programs: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
