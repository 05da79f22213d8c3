#!/bin/sh
# run.sh - the official WebAssembly spec tests, compiled by wasmc and run
# through the embedding API.  From the repository root:
#
#   sh testsuite/spec/run.sh [--only FILE.wast[,FILE.wast...]]... [-j N] [SPEC_DIR]
#
# SPEC_DIR (or $SPEC_DIR) holds the .wast files; default ../shared/spec/core.
# simd_*.wast are left out unless named with --only.  Needs wast2json
# (wabt) and a built tree (`make`; `make test-spec` does both).
#
#   1. build build/test/spec-runner and spec-embed (runner.mk)
#   2. wast2json each .wast into build/test/spec/NAME/
#   3. compile every .wasm with `wasmc --shared` (a copy of build/wasmc,
#      so rebuilding it mid-run is harmless), -j N at a time, into
#      build/test/spec-cache/<wasmc's sha256>/<module's sha256>.so (or .rej
#      when wasmc refuses it; see compile.sh), skipping what is cached;
#      write build/test/spec/NAME/modules.map for the runner
#   4. run each script in its own runner process under `timeout`, so a
#      crash costs only that script's remaining commands (counted failed)
#   5. print "NAME.wast: P passed, F failed, S skipped" per file, the first
#      failures of each, and finally the total line
#
# Full output of each script: build/test/spec/NAME/log.  Environment:
# SPEC_TIMEOUT (seconds per script, default 120), SPEC_COMPILE_TIMEOUT
# (per module, default 120), SPEC_DETAILS (failures shown per file, 5),
# SPEC_WASMC_FLAGS (extra wasmc flags, e.g. --bounds-checks=explicit).
# Exit status 0 only when nothing failed.

jobs=2
only=
spec_dir=${SPEC_DIR:-}
timeout=${SPEC_TIMEOUT:-120}
details=${SPEC_DETAILS:-5}

usage() {
    sed -n '2,9s/^# \{0,1\}//p' "$0"
    exit 2
}

while [ $# -gt 0 ]; do
    case $1 in
    --only) [ $# -ge 2 ] || usage; only="$only $(echo "$2" | tr ',' ' ')"; shift 2 ;;
    --only=*) only="$only $(echo "${1#--only=}" | tr ',' ' ')"; shift ;;
    -j) [ $# -ge 2 ] || usage; jobs=$2; shift 2 ;;
    -j*) jobs=${1#-j}; shift ;;
    -h|--help) usage ;;
    -*) echo "run.sh: unknown option $1" >&2; usage ;;
    *) spec_dir=$1; shift ;;
    esac
done
# A SPEC_DIR given by the user is relative to where they are; the default
# is relative to the repository root.
case $spec_dir in
"") spec_dir=../shared/spec/core ;;
/*) ;;
*) spec_dir=$(pwd)/$spec_dir ;;
esac
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
out=build/test/spec
runner=build/test/spec-runner
embed=build/test/spec-embed
now() { date +%s; }

# NAME of each script to run, one per line.
select_names() {
    if [ -n "$only" ]; then
        for n in $only; do
            n=${n%.wast}
            [ -f "$spec_dir/$n.wast" ] && echo "$n" || echo "run.sh: no $spec_dir/$n.wast" >&2
        done
    else
        for f in "$spec_dir"/*.wast; do
            n=$(basename "$f" .wast)
            case $n in simd_*) ;; *) echo "$n" ;; esac
        done
    fi
}

# 1. The runner must build; the embedding test may fail to (it is then
# counted as one failure).
build_runner() {
    mkdir -p "$out"
    if ! make -s -f testsuite/spec/runner.mk "$runner" >"$out/build.log" 2>&1; then
        cat "$out/build.log"; echo "run.sh: cannot build the runner"; exit 2
    fi
    embed_built=yes
    make -s -f testsuite/spec/runner.mk "$embed" >"$out/embed-build.log" 2>&1 || embed_built=no
}

# 2. NAME.wast -> build/test/spec/NAME/NAME.json and its .wasm files.  A
# script that does not convert has no .json and counts as one failure.
convert() {
    for n in $names; do
        rm -rf "${out:?}/$n"
        mkdir -p "$out/$n"
        wast2json "$spec_dir/$n.wast" -o "$out/$n/$n.json" >"$out/$n/wast2json.log" 2>&1 \
            || rm -f "$out/$n/$n.json"
    done
}

# 3a. Every .wasm not in the cache yet, one compile per distinct module,
# by a private copy of build/wasmc (so a rebuild during the run changes
# nothing) whose hash names the cache.  Sets $cache and $ncompile; leaves
# "KEY PATH" per module in $out/hashes.
compile_modules() {
    mkdir -p build/test/spec-cache
    snapshot=build/test/spec-cache/wasmc.$$
    cp build/wasmc "$snapshot" || exit 2
    wasmc_hash=$(sha256sum "$snapshot" | cut -c1-64)
    # extra compiler flags make a cache of their own
    [ -n "$SPEC_WASMC_FLAGS" ] && wasmc_hash=$wasmc_hash-$(printf %s "$SPEC_WASMC_FLAGS" | sha256sum | cut -c1-12)
    cache=$root/build/test/spec-cache/$wasmc_hash
    mkdir -p "$cache" && touch "$cache"
    mv "$snapshot" "$cache/wasmc"
    if ! "$cache/wasmc" --version >/dev/null 2>&1; then
        echo "run.sh: build/wasmc does not run (is it being rebuilt?)"; exit 2
    fi
    # the caches of other wasmc binaries go once unused for a day
    find build/test/spec-cache -mindepth 1 -maxdepth 1 -type d ! -name "$wasmc_hash" -mtime +0 \
        -exec rm -rf {} + 2>/dev/null
    for n in $names; do
        ls "$out/$n" | grep '\.wasm$' | sed "s|^|$out/$n/|"
    done | xargs -r sha256sum >"$out/hashes"
    awk '!seen[$1]++ { print $1, $2 }' "$out/hashes" | while read -r key path; do
        [ -e "$cache/$key.so" ] || [ -e "$cache/$key.rej" ] || echo "$key $path"
    done >"$out/todo"
    ncompile=$(wc -l <"$out/todo")
    xargs -r -P "$jobs" -n 2 sh testsuite/spec/compile.sh "$cache" "$cache/wasmc" <"$out/todo"
}

# 3b. build/test/spec/NAME/modules.map: "FILE.wasm RESULT" (see runner.c).
write_maps() {
    for n in $names; do : >"$out/$n/modules.map"; done
    ls "$cache" | awk -v cache="$cache" '
        NR == FNR { have[$1] = 1; next }
        {
            n = split($2, part, "/"); dir = substr($2, 1, length($2) - length(part[n]) - 1)
            so = $1 ".so"; rej = $1 ".rej"; tr = $1 ".transient"
            r = so in have ? cache "/" so : rej in have ? cache "/" rej : tr in have ? cache "/" tr : ""
            if (dir != last) { if (last != "") close(last "/modules.map"); last = dir }
            if (r != "") print part[n], r >> (dir "/modules.map")
        }' - "$out/hashes"
}

# 4. One runner process per script, $jobs at a time, biggest first so the
# lanes finish together; then the embedding test.  Each leaves log,
# stderr and status (the exit status) in its directory.
run_scripts() {
    run_one='d=$1/$2
        [ -f "$d/$2.json" ] || exit 0
        timeout "$3" "$4" "$d/$2.json" "$d/modules.map" "$2.wast" >"$d/log" 2>"$d/stderr"
        echo $? >"$d/status"'
    for n in $names; do
        [ -f "$out/$n/$n.json" ] && echo "$(wc -c <"$out/$n/$n.json") $n"
    done | sort -rn | cut -d' ' -f2 \
        | xargs -r -P "$jobs" -I{} sh -c "$run_one" sh "$out" {} "$timeout" "$root/$runner"
    mkdir -p "$out/embed_test"
    if [ "$embed_built" = yes ]; then
        timeout "$timeout" "$embed" >"$out/embed_test/log" 2>"$out/embed_test/stderr"
        echo $? >"$out/embed_test/status"
    else
        : >"$out/embed_test/log"
        echo 2 >"$out/embed_test/status"
        cp "$out/embed-build.log" "$out/embed_test/stderr"
    fi
}

# summarize NAME DIR: the file's result line and its first failures, then
# "= P F S" for the totals.  When the runner did not finish (no "done"),
# the commands it had not decided count as failed, and the command it was
# running ("run LINE") is named.
summarize() {
    status=$(cat "$2/status" 2>/dev/null || echo missing)
    awk -v name="$1" -v status="$status" -v details="$details" -v timeout="$timeout" \
        -v stderr="$2/stderr" -v logf="$2/log" '
    $1 == "plan" { plan = $2 }
    $1 == "run" { at = $2 }
    $1 == "pass" { p++ }
    $1 == "skip" { s++ }
    $1 == "fail" { f++; if (f <= details) { sub(/^fail /, ""); shown[f] = $0 } }
    $1 == "done" { done = 1 }
    END {
        listed = f
        if (!done) {
            why = status == 124 ? "timed out after " timeout " s" \
                : status > 128 ? "crashed with signal " status - 128 \
                : status == "missing" ? "did not run" : "stopped with status " status
            if ((getline line < stderr) > 0) why = why " (" line ")"
            left = plan - p - f - s
            if (left < 1) left = 1
            f += left
            crash = plan == "" ? name ": the runner " why \
                  : name ":" at ": the runner " why " at this command; " left " commands not run"
        }
        printf "%s: %d passed, %d failed, %d skipped\n", name, p, f, s
        for (i = 1; i <= details && i <= listed; i++) print "  " shown[i]
        if (crash != "") print "  " crash
        if (listed > details) print "  ... " listed - details " more failures in " logf
        printf "= %d %d %d\n", p, f, s
    }' "$2/log" 2>/dev/null
}

# 5. Per-file lines in name order, then the totals.
report() {
    for n in $names; do
        if [ -f "$out/$n/$n.json" ]; then
            summarize "$n.wast" "$out/$n"
        else
            echo "$n.wast: 0 passed, 1 failed, 0 skipped"
            echo "  $n.wast: wast2json failed: $(head -n 1 "$out/$n/wast2json.log")"
            echo "= 0 1 0"
        fi
    done >"$out/report"
    summarize embed_test.c "$out/embed_test" >>"$out/report"
    grep -v '^= ' "$out/report"
    eval "$(awk '/^= / { p += $2; f += $3; s += $4 }
                 END { print "tp=" p + 0, "tf=" f + 0, "ts=" s + 0 }' "$out/report")"
    echo "spec: took $((t3 - t0)) s (wast2json $((t1 - t0)) s," \
         "compiling $ncompile new modules $((t2 - t1)) s, running $((t3 - t2)) s)"
    echo "spec: $tp passed, $tf failed, $ts skipped"
}

for tool in wast2json timeout sha256sum; do
    command -v $tool >/dev/null || { echo "run.sh: $tool not found"; exit 2; }
done
[ -x build/wasmc ] || { echo "run.sh: build/wasmc missing: run make first"; exit 2; }
[ -d "$spec_dir" ] || { echo "run.sh: no spec directory $spec_dir"; exit 2; }
names=$(select_names)
[ -n "$names" ] || { echo "run.sh: no .wast files selected"; exit 2; }
ulimit -c 0

t0=$(now)
build_runner
convert
t1=$(now)
compile_modules
write_maps
t2=$(now)
run_scripts
t3=$(now)
report
[ "$tf" -eq 0 ]
