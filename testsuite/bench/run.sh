#!/bin/sh
# run.sh - `make bench`: times every benchmark in testsuite/bench under each
# peer (native, wasmc, wasm2c, node; see lib.sh for how each is built), then
# writes build/bench/results.md and build/bench/chart.svg (report.sh).
#
#   sh testsuite/bench/run.sh            from the repository root
#   BENCH_QUICK=1   2 timed runs per peer instead of 5, wasmc compile timed once
#   BENCH_RUNS=N    N timed runs per peer (cases over 2 s per run get 3)
#   BENCH_ONLY="prng global_acc_only"   only these cases
#   BENCH_MARCH, WASMC, CLANG, NODE     see lib.sh
#
# For each case every peer is built and run once; its stdout and exit status
# must equal the reference (C programs: native; wat cases: node, or wasm2c
# if node failed), or the peer is reported as "wrong output" and not timed.
# A peer that does not build, crashes or times out is skipped with a note;
# nothing here aborts the whole run.  Then the working peers are timed in
# rounds, each round running every peer once (hyperfine -N --runs 1, no
# shell), after one warmup round: N rounds, medians of wall-clock time.
# Raw data: build/bench/results.tsv, build/bench/json/*.json, per-case
# builds and outputs in build/bench/cases/NAME/.
cd "$(dirname "$0")/../.." || exit 1
. testsuite/bench/lib.sh

OUT=build/bench
VERIFY_LIMIT=300        # seconds for the untimed first run of a peer
LONG_RUN=2              # a case slower than this (s) gets LONG_RUNS runs
SLOW_RUN=60             # ... and one slower than this only its first run
if [ -n "$BENCH_QUICK" ] && [ "$BENCH_QUICK" != 0 ]; then
    RUNS=${BENCH_RUNS:-2} LONG_RUNS=2 COMPILE_RUNS=1
else
    RUNS=${BENCH_RUNS:-5} LONG_RUNS=3 COMPILE_RUNS=3
fi
[ "$LONG_RUNS" -gt "$RUNS" ] && LONG_RUNS=$RUNS

have hyperfine || { echo "bench: hyperfine not found (make deps installs it)" >&2; exit 1; }

rm -rf "$OUT/cases" "$OUT/json"
mkdir -p "$OUT/cases" "$OUT/json"
TSV=$OUT/results.tsv
printf 'kind\tcase\tpeer\tstatus\tmedian\tmean\tstddev\tmin\tmax\truns\tcompile\tsize\tnote\tcpu\n' >"$TSV"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

# Size in bytes of a stripped copy of executable or .wasm $1 (a .wasm from
# clang carries wasi-libc's debug sections, about 3/4 of its bytes).
stripped_size() {
    _strippers="llvm-strip-19 llvm-strip strip"
    case $1 in *.wasm) _strippers=wasm-strip ;; esac
    for s in $_strippers; do
        if have $s && $s -o "$1.stripped" "$1" 2>/dev/null; then
            stat -c %s "$1.stripped"; rm -f "$1.stripped"; return
        fi
    done
    stat -c %s "$1"
}

# peer_file PEER DIR: what a peer runs (its executable; node's .wasm).
peer_file() {
    if [ "$1" = node ]; then echo "$2/prog.wasm"; else echo "$2/$1"; fi
}

# merge_runs OUT JSON...: one hyperfine export made of several one-run
# exports (the rounds of a peer): the times, and median, mean, sample
# standard deviation, min, max and mean user and system time over them.
merge_runs() {
    python3 - "$@" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], [json.load(open(f))["results"][0] for f in sys.argv[2:]]
t = [x for r in runs for x in r["times"]]
if not t:
    sys.exit(1)
res = {"command": runs[0]["command"], "mean": statistics.mean(t),
       "stddev": statistics.stdev(t) if len(t) > 1 else 0.0, "median": statistics.median(t),
       "user": statistics.mean(r["user"] for r in runs), "system": statistics.mean(r["system"] for r in runs),
       "min": min(t), "max": max(t), "times": t, "exit_codes": [c for r in runs for c in r["exit_codes"]]}
json.dump({"results": [res]}, open(out, "w"), indent=2)
PY
}

# json_field FILE NAME: a number from a hyperfine JSON export (one result).
json_field() {
    awk -v k="\"$2\":" '$1 == k { gsub(/[ ,]/, "", $2); print $2; exit }' "$1"
}

# row KIND CASE PEER STATUS MEDIAN MEAN STDDEV MIN MAX RUNS COMPILE SIZE NOTE
#     CPU: one line of results.tsv ("-" for blanks).  Times in seconds; CPU
#     is hyperfine's mean user + system time, less disturbed than wall-clock
#     time when other jobs share the machine.
row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TSV"
}

# note_skip KIND CASE PEER STATUS WHY
note_skip() {
    echo "  $3: $4: $5"
    row "$1" "$2" "$3" "$4" - - - - - - - - "$5" -
}

# --- environment, for the report ---------------------------------------
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu: $(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -n 1), $(nproc) cores"
    echo "kernel: $(uname -sr)"
    echo "clang: $($CLANG --version 2>/dev/null | head -n 1)"
    echo "wabt: $(wasm2c --version 2>/dev/null)"
    echo "node: $($NODE --version 2>/dev/null || echo none)"
    echo "hyperfine: $(hyperfine --version 2>/dev/null)"
    echo "wasmc: $("$WASMC" --version 2>/dev/null | head -n 1 || true)"
    if [ -n "$BENCH_MARCH" ]; then
        echo "march: -march=$BENCH_MARCH (wasmc --cpu=$BENCH_MARCH)"
    else
        echo "march: generic x86-64 (clang-19 and wasmc defaults, no -march)"
    fi
    echo "runs: $RUNS (cases over ${LONG_RUN} s per run: $LONG_RUNS), in rounds alternating the peers after 1 warmup round"
    echo "compile_runs: $COMPILE_RUNS"
    echo "load_start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
} >"$OUT/env.txt"
# Timings on a machine that is busy with something else are worth little:
# say so up front (and the report shows the load at start and end).
awk '{ exit !($1 >= 1) }' /proc/loadavg &&
    echo "bench: warning: load average $(cut -d ' ' -f 1 /proc/loadavg) before starting; timings will be noisy"

W2C_RT=$OUT/wasm-rt-impl.o
have wasm2c && build_w2c_rt "$W2C_RT" && w2c_ok=1 || w2c_ok=0
have "$NODE" && node_ok=1 || node_ok=0
[ -x "$WASMC" ] && wasmc_ok=1 || wasmc_ok=0

selected() {
    [ -z "$BENCH_ONLY" ] && return 0
    for s in $BENCH_ONLY; do [ "$s" = "$1" ] && return 0; done
    return 1
}

# build_peer KIND CASE DIR PEER: builds one peer, records its compile time in
# $compile_s; returns non-zero (after noting why) if it cannot be built.
build_peer() {
    compile_s=-
    case $4 in
    native)
        build_native "$BENCH_SRC/c/$2.c" "$3/native" ||
            { note_skip "$1" "$2" native failed "native build failed"; return 1; } ;;
    wasmc)
        [ $wasmc_ok = 1 ] || { note_skip "$1" "$2" wasmc pending "$WASMC not built"; return 1; }
        t0=$(now)
        build_wasmc "$3/prog.wasm" "$3/wasmc" ||
            { note_skip "$1" "$2" wasmc failed "wasmc: $(head -n 1 "$3/wasmc.log" | cut -c 1-120)"; return 1; }
        compile_s=$(elapsed "$t0" "$(now)")
        if [ "$COMPILE_RUNS" -gt 1 ] &&
           hyperfine -N -i --runs "$COMPILE_RUNS" --export-json "$3/compile.json" \
               "$WASMC $WASMC_FLAGS $3/prog.wasm -o $3/wasmc.again" >/dev/null 2>&1; then
            compile_s=$(json_field "$3/compile.json" median)
            rm -f "$3/wasmc.again"
        fi ;;
    wasm2c)
        [ $w2c_ok = 1 ] || { note_skip "$1" "$2" wasm2c skipped "wasm2c or its runtime not available"; return 1; }
        t0=$(now)
        build_wasm2c "$3/prog.wasm" "$3/wasm2c" "$W2C_RT" ||
            { note_skip "$1" "$2" wasm2c failed "wasm2c build: $(grep -m 1 -i error "$3/wasm2c.log" | cut -c 1-120)"; return 1; }
        compile_s=$(elapsed "$t0" "$(now)") ;;
    node)
        [ $node_ok = 1 ] || { note_skip "$1" "$2" node skipped "node not found"; return 1; } ;;
    esac
    return 0
}

# bench_case KIND CASE: build, verify and time every peer of one case.
bench_case() {
    kind=$1 name=$2 d=$OUT/cases/$2
    mkdir -p "$d"
    echo "== $kind/$name"
    if [ "$kind" = c ]; then
        peers="native wasmc wasm2c node"
        build_c_wasm "$BENCH_SRC/c/$name.c" "$d/prog.wasm" ||
            { echo "  wasm32-wasi build failed: $(head -n 1 "$d/prog.wasm.log")"; return; }
    else
        peers="wasmc wasm2c node"
        build_wat "$BENCH_SRC/wat/$name.wat" "$d/prog.wasm" ||
            { echo "  wat2wasm failed: $(head -n 1 "$d/prog.wasm.log")"; return; }
    fi

    # Build and run each peer once; remember which work and how long it took.
    okpeers=""
    for p in $peers; do
        build_peer "$kind" "$name" "$d" "$p" || continue
        echo "$compile_s" >"$d/$p.compile"
        t0=$(now)
        run_capture "$d/$p.out" $VERIFY_LIMIT $(run_cmd "$p" "$d")
        echo "$(elapsed "$t0" "$(now)")" >"$d/$p.first"
        st=$(tail -n 1 "$d/$p.out")
        case $st in
        exit=124) note_skip "$kind" "$name" "$p" failed "timed out after $VERIFY_LIMIT s" ;;
        exit=1[3-9][0-9]|exit=2[0-9][0-9]) note_skip "$kind" "$name" "$p" failed "crashed ($st): $(head -c 120 "$d/$p.out.err")" ;;
        *) okpeers="$okpeers $p" ;;
        esac
    done

    # The reference output: native for C; node (else wasm2c) for wat.
    ref=""
    for r in native node wasm2c; do
        case " $okpeers " in *" $r "*) ref=$r; break ;; esac
    done
    [ "$kind" = c ] && [ "$ref" != native ] && ref=""
    if [ -z "$ref" ]; then
        for p in $okpeers; do note_skip "$kind" "$name" "$p" skipped "no reference output to check against"; done
        return
    fi

    # Which peers are timed, and how often: the first run decides.
    timed="" maxn=0
    for p in $okpeers; do
        if ! cmp -s "$d/$ref.out" "$d/$p.out"; then
            note_skip "$kind" "$name" "$p" wrong "output differs from $ref: $(diff "$d/$ref.out" "$d/$p.out" | grep '^>' | head -n 1 | cut -c 1-100)"
            continue
        fi
        first=$(cat "$d/$p.first")
        if awk -v t="$first" -v l=$SLOW_RUN 'BEGIN { exit !(t > l) }'; then
            # Timing it N more times would blow the time budget: keep the one run.
            row "$kind" "$name" "$p" ok "$first" "$first" 0 "$first" "$first" 1 \
                "$(cat "$d/$p.compile")" "$(stripped_size "$(peer_file "$p" "$d")")" "over $SLOW_RUN s: one untimed-run figure" -
            printf '  %-7s %8.3f s  (1 run: slower than %d s)\n' "$p" "$first" $SLOW_RUN
            continue
        fi
        n=$RUNS
        awk -v t="$first" -v l=$LONG_RUN 'BEGIN { exit !(t > l) }' && n=$LONG_RUNS
        echo "$n" >"$d/$p.runs"
        [ "$n" -gt "$maxn" ] && maxn=$n
        timed="$timed $p"
    done

    # Rounds: each round runs every timed peer once (after one warmup
    # round), so a change in the machine's load falls on all peers alike
    # instead of on whichever peer was being timed at the moment.
    r=0
    while [ "$r" -le "$maxn" ]; do
        for p in $timed; do
            [ "$r" -le "$(cat "$d/$p.runs")" ] || continue
            out=$d/$p.round$r.json
            [ "$r" = 0 ] && out=$d/$p.warmup.json
            hyperfine -N -i --runs 1 --export-json "$out" --command-name "$name/$p" \
                "$(run_cmd "$p" "$d")" >>"$d/$p.hyperfine" 2>&1 || echo failed >"$d/$p.failed"
        done
        r=$((r + 1))
    done

    for p in $timed; do
        j=$OUT/json/$name.$p.json
        if [ -f "$d/$p.failed" ] || ! merge_runs "$j" "$d"/$p.round*.json; then
            note_skip "$kind" "$name" "$p" failed "hyperfine: $(tail -n 1 "$d/$p.hyperfine" | cut -c 1-120)"
            continue
        fi
        n=$(cat "$d/$p.runs")
        med=$(json_field "$j" median)
        row "$kind" "$name" "$p" ok "$med" "$(json_field "$j" mean)" "$(json_field "$j" stddev)" \
            "$(json_field "$j" min)" "$(json_field "$j" max)" "$n" "$(cat "$d/$p.compile")" \
            "$(stripped_size "$(peer_file "$p" "$d")")" - \
            "$(awk -v u="$(json_field "$j" user)" -v s="$(json_field "$j" system)" 'BEGIN { printf "%.3f", u + s }')"
        printf '  %-7s %8.3f s  (%d runs)\n' "$p" "$med" "$n"
    done
    printf 'wasm\t%s\t%s\n' "$name" "$(stripped_size "$d/prog.wasm")" >>"$OUT/wasm-sizes.tsv"
}

: >"$OUT/wasm-sizes.tsv"
start=$(now)
for c in $(c_cases); do selected "$c" && bench_case c "$c"; done
for w in $(wat_cases); do selected "$w" && bench_case wat "$w"; done
echo "load_end: $(cut -d ' ' -f 1-3 /proc/loadavg)" >>"$OUT/env.txt"
echo "duration: $(elapsed "$start" "$(now)") s" >>"$OUT/env.txt"
echo "bench: timed in $(elapsed "$start" "$(now)") s"

sh "$BENCH_SRC/report.sh"
