#!/bin/sh
# traps/run.sh - one executable per trap kind: the trap must end it with
# exit status 134 and a message on stderr in the spec's wording naming the
# function (from the name section).  Every case runs twice: with guard pages
# (the default) and with --bounds-checks=explicit.  Also: a small
# --stack-size makes modest recursion exhaust the stack, and --max-memory
# caps memory.grow.
cd "$(dirname "$0")/../.." || exit 1
W=$PWD/build/wasmc
T=build/test/traps
mkdir -p $T
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

# expect NAME EXE STATUS TEXT
expect() {
    timeout 60 "$2" > $T/out 2> $T/err; rc=$?
    if [ "$rc" != "$3" ]; then ko "$1" "exit status $rc, expected $3 ($(head -c 200 $T/err))"
    elif [ -n "$4" ] && ! grep -qF "$4" $T/err; then ko "$1" "stderr '$(head -c 200 $T/err)' lacks '$4'"
    else ok "$1"; fi
}

grep -v '^#' testsuite/traps/cases.txt | while IFS='|' read -r fn status text; do
    fn=$(echo $fn) status=$(echo $status) text=$(echo "$text" | sed 's/^ *//; s/ *$//')
    sed "s/\$START/\$$fn/" testsuite/traps/traps.wat > $T/$fn.wat
    wat2wasm --debug-names $T/$fn.wat -o $T/$fn.wasm || { echo "FAIL $fn: wat2wasm"; continue; }
    for mode in guard explicit; do
        if $W --bounds-checks=$mode $T/$fn.wasm -o $T/$fn.$mode 2> $T/cerr; then
            expect "$fn/$mode" $T/$fn.$mode "$status" "$text"
        else
            ko "$fn/$mode" "wasmc failed: $(head -n1 $T/cerr)"
        fi
    done
done > $T/results
cat $T/results
pass=$(grep -c '^PASS' $T/results) fail=$(grep -c '^FAIL' $T/results)

# --stack-size: 64 KiB of stack cannot hold 100000 nested calls
cat > $T/deep.wat <<'WAT'
(module
  (func $down (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0))))
  (func (export "_start") (drop (call $down (i32.const 100000)))))
WAT
$W $T/deep.wat -o $T/deep && expect "deep recursion fits the default stack" $T/deep 0 ""
$W --stack-size=64K $T/deep.wat -o $T/deep_small && expect "--stack-size=64K exhausts" $T/deep_small 134 "call stack exhausted"

# --max-memory: growing past the cap fails (memory.grow returns -1)
cat > $T/grow.wat <<'WAT'
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func (export "_start")
    (call $exit (i32.add (i32.const 10) (memory.grow (i32.const 16))))))
WAT
$W $T/grow.wat -o $T/grow && expect "memory.grow within limits" $T/grow 11 ""
$W --max-memory=1M $T/grow.wat -o $T/grow_cap && expect "--max-memory=1M caps memory.grow" $T/grow_cap 9 ""
echo "traps: $pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
