#!/bin/sh
# report.sh - turns the data run.sh left in build/bench (results.tsv,
# env.txt, wasm-sizes.tsv) into build/bench/results.md and, with gnuplot,
# build/bench/chart.svg.  run.sh calls it last; run it alone to redo the
# report without timing again.
#
# Ratios: C programs against native (the same C built with clang-19 -O2);
# wat cases against the fastest peer of that case.  Geometric means only
# over the programs where both times exist.
cd "$(dirname "$0")/../.." || exit 1
. testsuite/bench/lib.sh

OUT=build/bench
TSV=$OUT/results.tsv
MD=$OUT/results.md
[ -f "$TSV" ] || { echo "report: $TSV not found; run testsuite/bench/run.sh" >&2; exit 1; }

env_line() { sed -n "s/^$1: //p" "$OUT/env.txt" 2>/dev/null; }

# tables KIND: the markdown table of one kind of case, and the chart data
# $OUT/chart_KIND.dat: for C programs the ratio to native of each wasm
# peer; for wat cases each peer's median time (their ratios can be
# meaningless, see FLOOR).
#
# FLOOR: a time under 20 ms is process start-up only (the compiler folded
# the loop away); it is marked with a dagger and is never the denominator
# of a ratio.
#
# tables KIND cpu: the same ratios by CPU time (user+sys) instead, time
# columns only, no chart data.
tables() {
    awk -F '\t' -v kind="$1" -v cpu="${2:-}" -v dat="$OUT/chart_$1.dat" -v sizes="$OUT/wasm-sizes.tsv" '
    BEGIN {
        FLOOR = 0.02
        while ((getline l < sizes) > 0) { split(l, f, "\t"); wsize[f[2]] = f[3] }
        if (kind == "c") { np = 4; split("native wasmc wasm2c node", peer, " ") }
        else             { np = 3; split("wasmc wasm2c node", peer, " ") }
    }
    NR > 1 && $1 == kind {
        if (!($2 in seen)) { seen[$2] = 1; order[++nc] = $2 }
        st[$2, $3] = $4; med[$2, $3] = cpu ? $14 : $5; comp[$2, $3] = $11; size[$2, $3] = $12
        if (cpu && $4 == "ok" && ($14 == "" || $14 == "-")) st[$2, $3] = "no data"
    }
    function kib(b) { return b == "" || b == "-" ? "–" : sprintf("%.0f", b / 1024) }
    function secs(x) { return x == "" || x == "-" ? "–" : sprintf("%.3f", x) }
    # The denominator of case c: native for C, else the fastest peer; ""
    # if there is none or it is under FLOOR.
    function ref(c,   p, best) {
        if (kind == "c") best = st[c, "native"] == "ok" ? med[c, "native"] : ""
        else
            for (p = 1; p <= np; p++)
                if (st[c, peer[p]] == "ok" && (best == "" || med[c, peer[p]] + 0 < best + 0))
                    best = med[c, peer[p]]
        return best != "" && best + 0 >= FLOOR ? best : ""
    }
    END {
        if (nc == 0) { print "(no results)\n"; exit }
        if (cpu) {
            dat = "/dev/null"
            if (kind == "c") {
                print "| program | native s | wasmc s (× native) | wasm2c s (× native) | node s (× native) |"
                print "|---|---:|---:|---:|---:|"
            } else {
                print "| case | wasmc s (× fastest) | wasm2c s (× fastest) | node s (× fastest) |"
                print "|---|---:|---:|---:|"
            }
        } else if (kind == "c") {
            print "| program | native s | wasmc s (× native) | wasm2c s (× native) | node s (× native) | wasmc compile s | wasm2c build s | .wasm KiB | native KiB | wasmc KiB | wasm2c KiB |"
            print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
            print "case wasmc wasm2c node" > dat
        } else {
            print "| case | wasmc s (× fastest) | wasm2c s (× fastest) | node s (× fastest) | wasmc compile s | .wasm B | wasmc KiB | wasm2c KiB |"
            print "|---|---:|---:|---:|---:|---:|---:|---:|"
            print "case wasmc wasm2c node" > dat
        }
        for (i = 1; i <= nc; i++) {
            c = order[i]; r = ref(c)
            line = "| " c; d = c
            for (p = 1; p <= np; p++) {
                s = st[c, peer[p]]; t = med[c, peer[p]]; x = s == "" ? "–" : s; ratio = ""
                if (s == "ok") {
                    x = sprintf("%.3f", t)
                    if (t + 0 < FLOOR) { x = x " †"; dagger = 1 }
                    if (r != "") ratio = t / r
                    if (ratio != "" && !(kind == "c" && p == 1)) x = x sprintf(" (%.2f×)", ratio)
                }
                if (kind == "c" && p > 1) {
                    d = d " " (ratio == "" ? "-" : ratio)
                    if (ratio != "") { lr[p] += log(ratio); nr[p]++ }
                }
                if (kind != "c") d = d " " (s == "ok" ? t : "-")
                line = line " | " x
            }
            print d > dat
            if (cpu)
                line = line " |"
            else if (kind == "c")
                line = line " | " secs(comp[c, "wasmc"]) " | " secs(comp[c, "wasm2c"]) " | " kib(wsize[c]) \
                       " | " kib(size[c, "native"]) " | " kib(size[c, "wasmc"]) " | " kib(size[c, "wasm2c"]) " |"
            else
                line = line " | " secs(comp[c, "wasmc"]) " | " (wsize[c] == "" ? "–" : wsize[c]) " | " \
                       kib(size[c, "wasmc"]) " | " kib(size[c, "wasm2c"]) " |"
            print line
        }
        if (kind == "c") {
            line = "| **geomean** | 1.00× "
            for (p = 2; p <= np; p++) {
                if (nr[p] == 0) { line = line "| – "; continue }
                line = line sprintf("| %.2f×%s ", exp(lr[p] / nr[p]), nr[p] < nc ? sprintf(" (%d of %d)", nr[p], nc) : "")
            }
            print line (cpu ? "|" : "| | | | | | |")
        }
        print ""
        if (dagger && !cpu) {
            print "† under 20 ms: the loop was folded away at compile time and this is process"
            print "start-up; such a time is never used as the denominator of a ratio."
            print ""
        }
    }' "$TSV"
}

{
    echo "# wasmc benchmark results"
    echo
    echo "Produced by \`make bench\` (\`sh testsuite/bench/run.sh\`), $(env_line date)."
    echo "Times are medians of wall-clock seconds from hyperfine (process start-up"
    echo "included; for node also V8's compilation of the module)."
    echo
    echo "- Machine: $(env_line cpu); $(env_line kernel)"
    echo "- Tools: $(env_line clang); wabt $(env_line wabt); node $(env_line node); $(env_line hyperfine)"
    echo "- wasmc: $(env_line wasmc | sed 's/^$/(not built)/')"
    echo "- Timed runs: $(env_line runs); wasmc compile timed $(env_line compile_runs) time(s) (median)"
    echo "- Load average (1, 5, 15 min) at start: $(env_line load_start); at end: $(env_line load_end)"
    echo "  (2 cores: anything near or above 1 means another job shared the machine)"
    echo "- Whole run: $(env_line duration)"
    echo "- CPU target: $(env_line march) for native, wasm2c and wasmc;"
    echo "  node: V8 uses whatever the host CPU has"
    echo
    echo "## C programs (testsuite/bench/c), ratio to native"
    echo
    tables c
    echo "## wat cases (testsuite/bench/wat), ratio to the fastest peer"
    echo
    tables wat
    echo "## The same by CPU time"
    echo
    echo "Mean user+system CPU seconds from hyperfine.  For these single-threaded"
    echo "programs CPU time leaves out the time a process waited for a core, so on"
    echo "a busy machine it is the steadier figure.  Node's also counts the work of"
    echo "V8's compiler threads."
    echo
    tables c cpu
    tables wat cpu
    echo "## Not timed, or timed differently"
    echo
    awk -F '\t' 'NR > 1 && ($4 != "ok" || $13 != "-") { printf "- %s/%s: %s: %s\n", $2, $3, $4, $13; n++ }
                 END { if (!n) print "- (none)" }' "$TSV"
    echo
    echo "## Noise (all timed runs)"
    echo
    echo "user+sys is hyperfine's mean CPU time; when it is well below the wall-clock"
    echo "time of a single-threaded program, the process was waiting for a core."
    echo
    echo "| case | peer | median s | mean s | stddev s | min s | max s | user+sys s | runs |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    awk -F '\t' 'NR > 1 && $4 == "ok" { printf "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %s |\n", $2, $3, $5, $6, $7, $8, $9, ($14 == "" ? "–" : $14), $10 }' "$TSV"
    echo
    echo "## Commands"
    echo
    echo "    native:  $CLANG $BENCH_COPT -o native prog.c -lm"
    echo "    wasm:    $CLANG $WASM_COPT -o prog.wasm prog.c      (C programs)"
    echo "             wat2wasm prog.wat -o prog.wasm                   (wat cases)"
    echo "    wasmc:   $WASMC ${WASMC_FLAGS:+$WASMC_FLAGS }prog.wasm -o wasmc"
    echo "    wasm2c:  wasm2c -n bench prog.wasm -o bench.c"
    echo "             $CLANG $BENCH_COPT -w -I. -I$W2C_RT_DIR -o wasm2c testsuite/bench/wasm2c/wasi_shim.c bench.c wasm-rt-impl.o -lm"
    echo "             (wasm-rt-impl.o: $CLANG $BENCH_COPT -c $W2C_RT_DIR/wasm-rt-impl.c)"
    echo "    node:    $NODE $NODE_FLAGS $NODE_RUNNER prog.wasm"
    echo "    timing:  rounds of hyperfine -N -i --runs 1 'CMD ARGS', each round every peer once;"
    echo "             1 warmup round, then N; merged into build/bench/json/CASE.PEER.json"
    echo
    echo "Sizes are of stripped files: executables by llvm-strip, .wasm by wasm-strip"
    echo "(node's size is the .wasm's)."
    echo "Raw data: build/bench/results.tsv, build/bench/json/."
} >"$MD"

# The chart, as SVG and as PNG (same plot; PNG for viewers without SVG).
plot_chart() {
    cat <<EOF
set datafile missing "-"
set termoption noenhanced
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y 2
set yrange [0.5:*]
set grid ytics
set key top left
set xtics rotate by -30 nomirror
set multiplot layout 2,1 title "wasmc benchmarks, $(env_line date)"
set title "C programs: time / native (lower is better)"
set ylabel "x native"
plot for [i=2:4] "$OUT/chart_c.dat" using i:xtic(1) title columnheader(i)
set title "wat cases: median time, s (lower is better; ~0.001 s = loop folded away)"
set ylabel "seconds"
set logscale y 10
set format y "%g"
set yrange [0.0005:*]
plot for [i=2:4] "$OUT/chart_wat.dat" using i:xtic(1) title columnheader(i)
unset multiplot
EOF
}

rm -f "$OUT/chart.svg" "$OUT/chart.png"
if have gnuplot && [ -s "$OUT/chart_c.dat" ] && [ -s "$OUT/chart_wat.dat" ]; then
    { echo "set terminal svg size 1200,900 dynamic font 'sans,11' background 'white'"
      echo "set output '$OUT/chart.svg'"; plot_chart
      echo "set terminal pngcairo size 1200,900 font 'sans,10'"
      echo "set output '$OUT/chart.png'"; plot_chart
    } | gnuplot 2>"$OUT/gnuplot.log" || echo "report: gnuplot failed, see $OUT/gnuplot.log"
    [ -s "$OUT/chart.svg" ] && echo "report: wrote $OUT/chart.svg and chart.png"
else
    echo "report: no chart (gnuplot not found, or no C or no wat results)"
fi
echo "report: wrote $MD"
