#!/bin/sh
# demo.sh - what `make demo` runs: compiles every example to a native
# executable with wasmc, runs it, and says what it did and how long it took.
# The C example is first compiled to wasm32-wasi with clang-19.
cd "$(dirname "$0")/.." || exit 1
W=build/wasmc
OUT=build/demo
mkdir -p "$OUT"

now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }

run_example() { # name wasm-or-wat [args...]
    name=$1 src=$2
    shift 2
    t0=$(now)
    if ! $W "$src" -o "$OUT/$name"; then
        echo "$name: wasmc failed"; return 1
    fi
    t1=$(now)
    "$OUT/$name" "$@" > "$OUT/$name.out" 2>&1
    rc=$?
    t2=$(now)
    printf '%-28s compiled in %5s ms, ran in %6s ms, exit status %s\n' "$name" "$(ms $t0 $t1)" "$(ms $t1 $t2)" "$rc"
    sed 's/^/    | /' "$OUT/$name.out" | head -n 8
}

echo "wasmc demo: $($W --version)"
echo
echo "hello.c -> wasm32-wasi (clang-19) -> native (wasmc):"
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 examples/hello.c -o "$OUT/hello.wasm" || exit 1
HELLO_WHO=demo run_example hello "$OUT/hello.wasm" "first arg" second
echo
echo "The seed cases: a loop of 2^32 iterations updating a mutable global."
echo "wasmc keeps the global in a register and LLVM folds the loop:"
for f in examples/global_acc_*.wat; do
    run_example "$(basename "$f" .wat)" "$f"
done
