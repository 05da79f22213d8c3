#!/bin/sh
# check.sh - the correctness half of the benchmark suite, run by `make test`
# (through testsuite/run-all.sh).  No timing: every benchmark is built
# through build/wasmc and run at a small size, and its stdout and exit
# status must equal those of a reference:
#   - C programs (testsuite/bench/c/*.c): the same program built natively
#     with clang-19 -O2, run with the arguments on its "check-args:" line;
#   - wat cases (testsuite/bench/wat/*.wat): Node running the same module
#     (wasm2c's build of it if there is no node), after the iteration count
#     is cut to CHECK_ITERS by rewriting the line (local.set $i (i64.const N)).
#     The seed cases always exit 0, so for them the rewrite also makes
#     proc_exit return the global's low byte.
# Prints "PASS name" or "FAIL name: why" per case, then the summary line
#     bench: N passed, N failed, N skipped
# Work files go to build/bench-check/.  A missing build/wasmc fails every
# case; BENCH_MISSING_WASMC=skip makes it skip them instead (for working on
# the suite before the compiler builds).
cd "$(dirname "$0")/../.." || exit 1
. testsuite/bench/lib.sh

OUT=build/bench-check
CHECK_ITERS=1000012
TIME_LIMIT=60
npass=0 nfail=0 nskip=0

pass() { echo "PASS $1"; npass=$((npass + 1)); }
fail() { echo "FAIL $1: $2"; nfail=$((nfail + 1)); }
skip() { echo "SKIP $1: $2"; nskip=$((nskip + 1)); }

# First line of a build log, for a one-line reason.
why() { head -n 1 "$1.log" 2>/dev/null | cut -c 1-160; }

# compare NAME REF GOT: PASS, or FAIL naming the first differing line.
compare() {
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        d=$(diff "$2" "$3" | grep '^[<>]' | head -n 2 | tr '\n' ' ' | cut -c 1-200)
        fail "$1" "output differs from reference: $d"
    fi
}

# wasmc_ok NAME: 0 if wasmc can be used, else reports the case and returns 1.
wasmc_ok() {
    [ -x "$WASMC" ] && return 0
    if [ "${BENCH_MISSING_WASMC:-fail}" = skip ]; then
        skip "$1" "$WASMC not built"
    else
        fail "$1" "$WASMC not built (run make)"
    fi
    return 1
}

rm -rf "$OUT"
mkdir -p "$OUT"

for c in $(c_cases); do
    d=$OUT/c/$c
    mkdir -p "$d"
    args=$(check_args "$c")
    src=$BENCH_SRC/c/$c.c
    build_native "$src" "$d/native" || { fail "c/$c" "native build failed: $(why "$d/native")"; continue; }
    build_c_wasm "$src" "$d/prog.wasm" || { fail "c/$c" "wasm32-wasi build failed: $(why "$d/prog.wasm")"; continue; }
    wasmc_ok "c/$c" || continue
    build_wasmc "$d/prog.wasm" "$d/wasmc" || { fail "c/$c" "wasmc failed: $(why "$d/wasmc")"; continue; }
    # $args is split into words on purpose.
    run_capture "$d/native.out" $TIME_LIMIT "$d/native" $args
    run_capture "$d/wasmc.out" $TIME_LIMIT "$d/wasmc" $args
    compare "c/$c" "$d/native.out" "$d/wasmc.out"
done

# The reference for wat cases: node, else wasm2c (both run the same .wasm).
wref=""
if have "$NODE"; then
    wref=node
elif have wasm2c && build_w2c_rt "$OUT/wasm-rt-impl.o"; then
    wref=wasm2c
fi
for w in $(wat_cases); do
    d=$OUT/wat/$w
    mkdir -p "$d"
    # Reduced copy: fewer iterations; seeds (which call proc_exit as func 0
    # with a constant) exit with the global's low byte instead.
    exitval='(i32.and (global.get $g0) (i32.const 255))'
    grep -q '(global $g0 (mut i64)' "$BENCH_SRC/wat/$w.wat" &&
        exitval='(i32.and (i32.wrap_i64 (global.get $g0)) (i32.const 255))'
    sed -e "s/(local.set \$i (i64.const [0-9]*))/(local.set \$i (i64.const $CHECK_ITERS))/" \
        -e "s/(call 0 (i32.const 0))/(call 0 $exitval)/" \
        "$BENCH_SRC/wat/$w.wat" >"$d/prog.wat"
    grep -q "(i64.const $CHECK_ITERS)" "$d/prog.wat" ||
        { fail "wat/$w" "no (local.set \$i (i64.const N)) line to reduce"; continue; }
    build_wat "$d/prog.wat" "$d/prog.wasm" || { fail "wat/$w" "wat2wasm failed: $(why "$d/prog.wasm")"; continue; }
    [ -n "$wref" ] || { skip "wat/$w" "neither node nor wasm2c found (the reference)"; continue; }
    wasmc_ok "wat/$w" || continue
    build_wasmc "$d/prog.wasm" "$d/wasmc" || { fail "wat/$w" "wasmc failed: $(why "$d/wasmc")"; continue; }
    if [ $wref = wasm2c ]; then
        build_wasm2c "$d/prog.wasm" "$d/wasm2c" "$OUT/wasm-rt-impl.o" ||
            { skip "wat/$w" "wasm2c (the reference) failed: $(why "$d/wasm2c")"; continue; }
    fi
    # $(run_cmd ...) is split into words on purpose.
    run_capture "$d/$wref.out" $TIME_LIMIT $(run_cmd $wref "$d")
    run_capture "$d/wasmc.out" $TIME_LIMIT "$d/wasmc"
    compare "wat/$w" "$d/$wref.out" "$d/wasmc.out"
done

echo "bench: $npass passed, $nfail failed, $nskip skipped"
[ $nfail = 0 ]
