#!/bin/sh
# programs/run.sh - real programs built for wasm32-wasi and natively from
# the same source; the wasmc executable must print the same and exit with
# the same status as the native one.
#   *.rs   Rust (std), with Debian's rustc; run with a directory preopened
#          at compile time (--dir) and with one added at run time ($WASMC_DIR)
#   *.cpp  C++ with clang++-19: libc++ for wasm32-wasi (Debian's
#          libc++-19-dev-wasm32), libstdc++ natively; stdout is compared
#   arrays.c  loops over overlapping arrays, at several wasmc settings
# It also checks that $WASMC_DIR overrides a compile-time directory.
cd "$(dirname "$0")/../.." || exit 1
W=build/wasmc
T=build/test/programs
RUSTC=/usr/bin/rustc
CXX=clang++-19
# No exceptions without the EH proposal; a 1 MiB shadow stack (wasm-ld's
# default is 64 KiB) so the deep recursions also fit when built at -O0.
WASI_CXXFLAGS="--target=wasm32-wasi --sysroot=/usr -fno-exceptions -Wl,-z,stack-size=1048576"
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
# C++: the same arguments and environment for the wasm and the native build;
# stderr is kept apart (it is unbuffered, stdout is not, so interleaving
# would depend on each libc's buffer size) and shown when a case fails.
for src in testsuite/programs/*.cpp; do
    n=$(basename "$src" .cpp)
    if ! command -v $CXX > /dev/null || [ ! -f /usr/lib/wasm32-wasi/libc++.a ] ||
       [ ! -f /usr/lib/wasm32-wasi/libc++abi.a ]; then
        echo "SKIP $n: no $CXX or no libc++ for wasm32-wasi (libc++-19-dev-wasm32, libc++abi-19-dev-wasm32)"
        skip=$((skip + 1)); continue
    fi
    $CXX $WASI_CXXFLAGS -std=c++17 -O2 "$src" -o $T/$n.wasm 2> $T/$n.err ||
        { ko "$n" "wasm32-wasi build failed: $(head -c 300 $T/$n.err)"; continue; }
    $CXX -std=c++17 -O2 "$src" -o $T/$n.native 2> $T/$n.err ||
        { ko "$n" "native build failed: $(head -c 300 $T/$n.err)"; continue; }
    rm -f $T/$n
    $W "$T/$n.wasm" -o $T/$n || { ko "$n" "wasmc failed"; continue; }
    case $n in
    shapes) set -- "circle:2@24,20" "square:1.5@3,3" "blob" ;;
    textstats) set -- "1+2*3" "(2-5)/4" "2*(3" "Ahead-of-time compilers, again" ;;
    *) set -- a "b c" ;;
    esac
    SHAPES_SCALE=1.5 TEXTSTATS_TOP=8 $T/$n "$@" > $T/$n.out 2> $T/$n.err; rc=$?
    SHAPES_SCALE=1.5 TEXTSTATS_TOP=8 $T/$n.native "$@" > $T/$n.expected 2> /dev/null; rc2=$?
    if [ $rc -ne $rc2 ]; then ko "$n" "exit status $rc, native $rc2: $(head -c 300 $T/$n.err)"
    elif ! cmp -s $T/$n.out $T/$n.expected; then
        ko "$n" "output differs from native: $(diff $T/$n.expected $T/$n.out | head -n 6)"
    else ok "$n"; fi
done
# arrays.c: loops over overlapping arrays (compiler/loopaddr.c), at -O2
# and -O3, guard pages and explicit checks
if clang-19 --target=wasm32-wasi --sysroot=/usr -O2 testsuite/programs/arrays.c -o $T/arrays.wasm &&
   clang-19 -O2 testsuite/programs/arrays.c -o $T/arrays.native; then
    $T/arrays.native > $T/arrays.expected
    for flags in -O2 -O3 "--bounds-checks=explicit"; do
        rm -f $T/arrays
        if ! $W $flags $T/arrays.wasm -o $T/arrays; then ko "arrays $flags" "wasmc failed"; continue; fi
        $T/arrays > $T/arrays.out 2>&1
        cmp -s $T/arrays.out $T/arrays.expected && ok "arrays $flags" ||
            ko "arrays $flags" "output differs from native: $(diff $T/arrays.expected $T/arrays.out | head -n 4)"
    done
else
    ko arrays "build failed"
fi
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
