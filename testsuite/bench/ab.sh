#!/bin/sh
# ab.sh - two builds of wasmc side by side on the C benchmark programs, to
# tell a change's effect from the machine's noise:
#
#   sh testsuite/bench/ab.sh OLD_WASMC [NEW_WASMC [RUNS [CASE...]]]
#
# Compiles every case's prog.wasm with both compilers (NEW_WASMC defaults to
# build/wasmc, RUNS to 7), checks that the two executables print the same,
# then runs them alternately, old, new, old, new, ..., and prints the median
# user+system CPU seconds of each and new/old.  Alternating runs share
# whatever load the machine has, so the ratio stays meaningful on a busy
# machine where absolute times do not.  A ratio also moves when only the
# placement of unchanged hot code moved (see docs/PERFORMANCE.md), so look
# at the generated code before crediting or blaming a change.
# Build an old compiler with e.g.
#   git worktree add /tmp/old HEAD~1 && make -C /tmp/old all
cd "$(dirname "$0")/../.." || exit 1
. testsuite/bench/lib.sh
OLD=${1:?usage: ab.sh OLD_WASMC [NEW_WASMC [RUNS [CASE...]]]}
NEW=${2:-build/wasmc}
RUNS=${3:-7}
[ $# -gt 3 ] && shift 3 && CASES="$*" || CASES=$(c_cases)
D=build/bench/ab
mkdir -p $D
for c in $CASES; do
    build_c_wasm $BENCH_SRC/c/$c.c $D/$c.wasm || { echo "$c: clang failed, see $D/$c.wasm.log"; exit 1; }
    WASMC=$OLD build_wasmc $D/$c.wasm $D/$c.old || { echo "$c: $OLD failed"; exit 1; }
    WASMC=$NEW build_wasmc $D/$c.wasm $D/$c.new || { echo "$c: $NEW failed"; exit 1; }
    if ! $D/$c.old > $D/$c.old.out 2>&1 || ! $D/$c.new > $D/$c.new.out 2>&1 ||
       ! cmp -s $D/$c.old.out $D/$c.new.out; then
        echo "$c: the two executables fail or differ ($D/$c.old.out, $D/$c.new.out)"; exit 1
    fi
done
python3 - "$D" "$RUNS" $CASES <<'EOF'
import resource, statistics, subprocess, sys
d, runs, cases = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def cpu(path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(f"{'case':10s} {'old s':>7s} {'new s':>7s} {'new/old':>8s}   (median CPU time of {runs} alternating runs)")
for c in cases:
    old, new = f"{d}/{c}.old", f"{d}/{c}.new"
    cpu(old), cpu(new)                      # warm-up
    t = {old: [], new: []}
    for _ in range(runs):
        for p in (old, new):
            t[p].append(cpu(p))
    a, b = statistics.median(t[old]), statistics.median(t[new])
    print(f"{c:10s} {a:7.3f} {b:7.3f} {b / a:8.3f}", flush=True)
EOF
