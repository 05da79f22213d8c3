# lib.sh - shared by run.sh (timing) and check.sh (correctness): the tools,
# the one place that says how each peer is built and run, and the list of
# cases.  Sourced from the repository root; POSIX sh.
#
# Peers:
#   native  clang-19 -O2 prog.c                     (C programs only: the limit)
#   wasmc   prog.wasm -> build/wasmc -> executable   (the subject)
#   wasm2c  prog.wasm -> wasm2c -> clang-19 -O2 with wabt's runtime and
#           testsuite/bench/wasm2c/wasi_shim.c
#   node    node run-wasi.mjs prog.wasm              (V8, JIT)
# C programs become prog.wasm with clang-19 --target=wasm32-wasi -O2; .wat
# cases with wat2wasm.
#
# Environment knobs (all optional):
#   BENCH_MARCH=native  build native and wasm2c with -march=native
#                       -ffp-contract=off (no FMA fusion, which wasm forbids and
#                       which would change nbody's output) and wasmc with
#                       --cpu=native.  Default: all three for generic x86-64
#                       (clang's and wasmc's default).  node is a JIT and always
#                       uses what the host CPU has.
#   WASMC=path          the compiler under test (default build/wasmc)
#   CLANG, NODE         the clang and node to use

BENCH_SRC=testsuite/bench
CLANG=${CLANG:-clang-19}
WASMC=${WASMC:-build/wasmc}
NODE=${NODE:-node}
# --no-turbo-fast-api-calls: with V8's fast API calls into node:wasi, Node 20
# crashes at random (SIGSEGV, exit 139) after a module whose memory grew
# prints (seen here with sort and sieve, about 2 runs in 3; a known node:wasi
# problem with memory.grow).  The flag only changes how wasm calls the WASI
# host functions, a few times per run; the wasm code itself is unaffected.
NODE_FLAGS="--no-warnings --no-turbo-fast-api-calls"
NODE_RUNNER=$BENCH_SRC/node/run-wasi.mjs

BENCH_COPT="-O2${BENCH_MARCH:+ -march=$BENCH_MARCH -ffp-contract=off}"
WASMC_FLAGS="${BENCH_MARCH:+--cpu=$BENCH_MARCH}"
WASM_COPT="--target=wasm32-wasi -O2"

# wasm2c's runtime: Debian's wabt ships wasm-rt-impl.c under
# /usr/share/wabt/wasm2c (and /usr/src/wasm2c), wasm-rt.h in /usr/include.
W2C_RT_DIR=
for d in /usr/share/wabt/wasm2c /usr/src/wasm2c; do
    [ -f "$d/wasm-rt-impl.c" ] && { W2C_RT_DIR=$d; break; }
done

# Cases: C programs in c/, wat modules in wat/ (seeds and variants).
c_cases()   { for f in $BENCH_SRC/c/*.c; do basename "$f" .c; done; }
wat_cases() { for f in $BENCH_SRC/wat/*.wat; do basename "$f" .wat; done; }

# Arguments for a small, fast run of C program $1: its header's line
#  * check-args: ARGS   (comment)
check_args() {
    sed -n '/^ \* check-args:/{s/^ \* check-args: *//;s/ *(.*$//;p;q;}' "$BENCH_SRC/c/$1.c"
}

have() { command -v "$1" >/dev/null 2>&1; }

# Each build_* function writes its output file and returns 0, or returns
# non-zero leaving the tool's messages in "$out.log".

# build_native SRC.c OUT
build_native() {
    $CLANG $BENCH_COPT -o "$2" "$1" -lm >"$2.log" 2>&1
}

# build_c_wasm SRC.c OUT.wasm
build_c_wasm() {
    $CLANG $WASM_COPT -o "$2" "$1" >"$2.log" 2>&1
}

# build_wat SRC.wat OUT.wasm
build_wat() {
    wat2wasm "$1" -o "$2" >"$2.log" 2>&1
}

# build_wasmc IN.wasm OUT
build_wasmc() {
    [ -x "$WASMC" ] || { echo "$WASMC not built" >"$2.log"; return 1; }
    "$WASMC" $WASMC_FLAGS "$1" -o "$2" >"$2.log" 2>&1
}

# build_w2c_rt OBJ: wabt's runtime, compiled once per run.
build_w2c_rt() {
    [ -n "$W2C_RT_DIR" ] || { echo "wasm-rt-impl.c not found (is wabt installed?)" >"$1.log"; return 1; }
    $CLANG $BENCH_COPT -w -I "$W2C_RT_DIR" -c "$W2C_RT_DIR/wasm-rt-impl.c" -o "$1" >"$1.log" 2>&1
}

# build_wasm2c IN.wasm OUT RT.o: translates into OUT.d/bench.c and links OUT.
build_wasm2c() {
    mkdir -p "$2.d" &&
    wasm2c -n bench "$1" -o "$2.d/bench.c" >"$2.log" 2>&1 &&
    $CLANG $BENCH_COPT -w -I "$2.d" -I "$W2C_RT_DIR" -o "$2" \
        $BENCH_SRC/wasm2c/wasi_shim.c "$2.d/bench.c" "$3" -lm >>"$2.log" 2>&1
}

# The command that runs peer $1 for case directory $2 (words; no shell).
run_cmd() {
    case $1 in
    node) echo "$NODE $NODE_FLAGS $NODE_RUNNER $2/prog.wasm" ;;
    *)    echo "$2/$1" ;;
    esac
}

# run_capture OUTFILE SECONDS CMD...: runs CMD with a time limit, stdout to
# OUTFILE, then appends "exit=<status>" so one file compares output and
# status together.
run_capture() {
    _o=$1 _t=$2
    shift 2
    timeout "$_t" "$@" >"$_o" 2>"$_o.err" </dev/null
    echo "exit=$?" >>"$_o"
}
