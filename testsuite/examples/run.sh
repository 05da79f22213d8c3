#!/bin/sh
# examples/run.sh - every example compiled with wasmc and run.
#   - hello.c: built for wasm32-wasi and natively from the same source; the
#     wasmc executable must print the same output and exit with the same
#     status as the native one.
#   - the seed cases: exit status 0, and the hot loop must be gone from the
#     executable's code (folded to a closed form: no backward branch in
#     _start) or vectorized; the global addressed in the static instance.
#   - start_wasi.wat: a start function may already use WASI.
#   - -o - writes the output to standard output; -o FIFO writes into it.
#   - axpy_pairs.wat: an unrolled f64 loop comes out vectorized, with a
#     run-time overlap check the vector loop can pass.
cd "$(dirname "$0")/../.." || exit 1
W=build/wasmc
T=build/test/examples
mkdir -p "$T"
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

clang-19 --target=wasm32-wasi --sysroot=/usr -O2 examples/hello.c -o $T/hello.wasm &&
clang-19 -O2 examples/hello.c -o $T/hello.native &&
$W $T/hello.wasm -o $T/hello || ko hello "build failed"
if [ -x $T/hello ]; then
    HELLO_WHO=test $T/hello "a b" "ü" > $T/hello.out 2>&1; rc=$?
    HELLO_WHO=test $T/hello.native "a b" "ü" > $T/hello.expected 2>&1; rc2=$?
    if [ $rc -ne $rc2 ]; then ko hello "exit status $rc, native $rc2"
    elif ! cmp -s $T/hello.out $T/hello.expected; then ko hello "output differs from native"
    else ok hello; fi
fi

if $W testsuite/examples/start_wasi.wat -o $T/start_wasi && [ "$($T/start_wasi)" = started ]; then
    ok "start function calls WASI"
else
    ko "start function calls WASI" "no output"
fi

# -o - writes to standard output and leaves no file behind
before=$(ls -a | wc -l)
if $W -S examples/global_acc_i64.wat -o - | grep -q 'wasmc_global_acc_i64_f1:' &&
   $W --emit-llvm examples/global_acc_i64.wat -o - | grep -q '^define' && [ "$(ls -a | wc -l)" = "$before" ]; then
    ok "-o - writes to stdout"
else
    ko "-o - writes to stdout" "no assembly/IR on stdout, or a file was left"
fi

# an output that is not a regular file (/dev/null, a FIFO) is written in
# place: it once was replaced by the renamed temporary file, which turned
# /dev/null into a plain file.  Tested with a FIFO, which a regression
# cannot damage; a reader that gets nothing is killed.
rm -f $T/fifo $T/fifo.out && mkfifo $T/fifo
cat $T/fifo > $T/fifo.out & reader=$!
$W -S examples/global_acc_i64.wat -o $T/fifo; rc=$?
if [ -p $T/fifo ]; then wait $reader; else kill $reader 2>/dev/null; wait $reader 2>/dev/null; fi
if [ $rc -eq 0 ] && [ -p $T/fifo ] && grep -q 'wasmc_global_acc_i64_f1:' $T/fifo.out; then
    ok "-o FIFO written in place"
else
    ko "-o FIFO written in place" "exit status $rc, or the FIFO was replaced, or nothing came through it"
fi

# module names: "main" is an ordinary name (its executable once crashed at
# start-up: its descriptor took the runtime's entry symbol); names in the
# runtime's namespaces are refused when given, renamed when derived
if $W --module-name=main testsuite/examples/start_wasi.wat -o $T/named_main && [ "$($T/named_main)" = started ]; then
    ok "--module-name=main runs"
else
    ko "--module-name=main runs" "no output"
fi
rm -f $T/named_rt
if $W --module-name=rt_x testsuite/examples/start_wasi.wat -o $T/named_rt 2> $T/named_rt.err; then
    ko "--module-name=rt_x refused" "accepted"
elif grep -q "module name 'rt_x' is reserved" $T/named_rt.err && [ ! -e $T/named_rt ]; then
    ok "--module-name=rt_x refused"
else
    ko "--module-name=rt_x refused" "message: $(head -n1 $T/named_rt.err)"
fi
cp testsuite/examples/start_wasi.wat $T/wasi.wat
if $W -c $T/wasi.wat -o $T/wasi.o && grep -q 'wasmc_m_wasi_module' $T/wasi.h &&
   $W $T/wasi.wat -o $T/wasi && [ "$($T/wasi)" = started ]; then
    ok "wasi.wat becomes module m_wasi"
else
    ko "wasi.wat becomes module m_wasi" "header or executable wrong"
fi

# with no --cpu, code is baseline x86-64 tuned "generic" as clang's default;
# --cpu=native takes the host's tuning instead
if $W --emit-llvm examples/global_acc_i64.wat -o - | grep -q '"tune-cpu"="generic"' &&
   ! $W --cpu=native --emit-llvm examples/global_acc_i64.wat -o - | grep -q '"tune-cpu"'; then
    ok "tune-cpu generic by default"
else
    ko "tune-cpu generic by default" "attribute missing, or present with --cpu=native"
fi

# i32 address arithmetic after an access is known not to wrap
# (compiler/addrfacts.c), so a loop unrolled by two as clang emits it for
# wasm32 gets paired into packed SSE2 operations (its results are checked
# in testsuite/wast/address_wrap.wast and by the bench programs)
if $W -S testsuite/examples/axpy_pairs.wat -o $T/axpy_pairs.s &&
   grep -qE '^\s+(mulpd|addpd)\s' $T/axpy_pairs.s; then
    ok "unrolled f64 loop vectorized"
else
    ko "unrolled f64 loop vectorized" "no mulpd/addpd in $T/axpy_pairs.s"
fi
# ... and the vector loop can run: its run-time overlap check compares the
# two arrays (one comparison per vectorized loop), not c with c + 8, whose
# ranges always overlap (compiler/loopaddr.c gives each array one pointer)
if $W --emit-llvm testsuite/examples/axpy_pairs.wat -o $T/axpy_pairs.ll &&
   checks=$(grep -c '%found.conflict[0-9]* = ' $T/axpy_pairs.ll) &&
   loops=$(grep -c '^vector.memcheck[0-9]*:' $T/axpy_pairs.ll) &&
   [ "$loops" -gt 0 ] && [ "$checks" -eq "$loops" ]; then
    ok "unrolled loop checks arrays, not halves of a pair"
else
    ko "unrolled loop checks arrays, not halves of a pair" \
       "${checks:-?} overlap comparisons for ${loops:-?} vectorized loops in $T/axpy_pairs.ll"
fi

for f in examples/global_acc_*.wat; do
    n=$(basename "$f" .wat)
    if ! $W "$f" -o $T/$n 2> $T/$n.err; then ko "$n" "wasmc failed: $(head -n1 $T/$n.err)"; continue; fi
    timeout 60 $T/$n; rc=$?
    [ $rc -eq 0 ] && ok "$n runs" || ko "$n runs" "exit status $rc"
    # the loop of _start, as the executable has it, must be folded or
    # vectorized, never a scalar load/add/store of the global per iteration
    body=$(llvm-objdump-19 -d --no-show-raw-insn --disassemble-symbols=wasmc_${n}_f1 $T/$n)
    echo "$body" | grep -q "<wasmc_${n}_f1>:" || { ko "$n asm" "no _start in the executable"; continue; }
    # an executable addresses its one instance RIP-relative (no register
    # carries it; compiler/layout.c, declare_static_instance)
    if echo "$body" | grep -q "(%rip).*<wasmc_${n}_instance+"; then ok "$n static instance"
    else ko "$n static instance" "_start does not address wasmc_${n}_instance RIP-relative"; fi
    if echo "$body" | grep -qE '^\s+[0-9a-f]+:\s+j(ne|nz|b|ae|l|g)\s'; then
        if echo "$body" | grep -qE 'xmm|ymm'; then ok "$n loop vectorized"
        else ko "$n loop" "scalar loop left in _start"; fi
    else
        ok "$n loop folded"
    fi
done
echo "examples: $pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
