#!/bin/sh
# testsuite/malformed/run.sh - malformed and invalid modules, and modules that
# must merely not crash the compiler.  Run from the repo root:
#
#     sh testsuite/malformed/run.sh
#
# 1. Every case of cases.txt: the bytes are written to
#    build/test/malformed/NAME.wasm and `wasmc NAME.wasm -o NAME.out` must exit
#    with status 1, print "NAME.wasm:OFFSET: error: ..." with the expected
#    offset and message, and leave no NAME.out (nor NAME.out.tmp*) behind.
# 2. Generated cases too big for the table (resource limits: they must finish
#    in a few seconds).
# 3. The command line: a missing input, a directory, an unknown option give a
#    one-line "wasmc: error: ..." and status 1.
# 4. "Must not crash": valid seed modules (seeds/*.wat and examples/*.wat,
#    through wat2wasm) truncated at every offset (or every few) and with one
#    byte replaced at pseudo-random positions (a fixed seed, so every run
#    compiles the same ~300 inputs).  wasmc must succeed, or exit 1 with a
#    diagnostic whose offset lies inside the file and leave no output; never
#    crash, never time out (10 s).  One PASS/FAIL line per group of inputs;
#    a failing group names its first inputs, kept in build/test/malformed.
#
# A crash also makes the shell print "Segmentation fault" or the like.
#
# Prints PASS/FAIL per case and ends with
#     malformed: N passed, N failed, N skipped
# Plain POSIX sh: dash's printf has no \x escapes, so hex becomes bytes
# through awk-generated octal escapes.
cd "$(dirname "$0")/../.." || exit 1
HERE=testsuite/malformed
WASMC=${WASMC:-$PWD/build/wasmc}
T=build/test/malformed
pass=0 fail=0 skip=0

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }
skipped() { skip=$((skip + 1)); echo "SKIP $1: $2"; }

if [ ! -x "$WASMC" ]; then
    echo "FAIL build: $WASMC is missing (run make)"
    echo "malformed: 0 passed, 1 failed, 0 skipped"
    exit 1
fi
rm -rf "$T"
mkdir -p "$T" || exit 1

# Hex digits on stdin (whitespace ignored) -> lines of printf octal escapes.
hex_to_escapes() {
    LC_ALL=C awk '
    BEGIN { for (i = 0; i < 16; i++) v[substr("0123456789abcdef", i + 1, 1)] = i }
    {
        s = carry tolower($0); gsub(/[^0-9a-f]/, "", s)
        for (i = 1; i < length(s); i += 2) {
            line = line sprintf("\\%03o", v[substr(s, i, 1)] * 16 + v[substr(s, i + 1, 1)])
            if (++n == 128) { print line; line = ""; n = 0 }
        }
        carry = length(s) % 2 ? substr(s, length(s)) : ""
    }
    END { if (n) print line }'
}

# Escapes on stdin -> bytes on stdout.
escapes_to_bytes() {
    while IFS= read -r l; do printf "$l"; done
}

# File -> its bytes as hex, one byte a line.
file_to_hex() {
    od -An -v -tx1 "$1" | tr -s ' \t' '\n\n' | sed '/^$/d'
}

# run_wasmc NAME LIMIT: compiles $T/NAME.wasm to $T/NAME.out in $T, so the
# diagnostic names "NAME.wasm"; sets rc, err (stderr text) and leftover.
run_wasmc() {
    rm -f "$T/$1.out" "$T/$1.out".tmp*
    (cd "$T" && exec timeout "$2" "$WASMC" "$1.wasm" -o "$1.out") >/dev/null 2>"$T/$1.err"
    rc=$?
    err=$(cat "$T/$1.err")
    leftover=$(cd "$T" && ls -d "$1.out" "$1.out".tmp* 2>/dev/null | tr '\n' ' ')
}

# status_problem: a crash or a timeout in words, or nothing.
status_problem() {
    if [ "$rc" -eq 124 ]; then echo "timed out"
    elif [ "$rc" -ge 128 ]; then echo "crashed (status $rc, signal $((rc - 128)))"
    fi
}

# check_case NAME OFFSET MESSAGE [LIMIT]: the expected diagnostic, exactly.
check_case() {
    run_wasmc "$1" "${4:-10}"
    why=$(status_problem)
    first=$(printf '%s\n' "$err" | head -n 1)
    if [ -n "$why" ]; then
        bad "$1" "$why; expected $2: $3"
    elif [ "$rc" -ne 1 ]; then
        bad "$1" "exit status $rc, expected 1 with $2: $3"
    elif ! printf '%s\n' "$err" | grep -qF "$1.wasm:$2: error: "; then
        bad "$1" "expected offset $2 ($3), got: $first"
    elif ! printf '%s\n' "$err" | grep -F "$1.wasm:$2: error: " | grep -qF -- "$3"; then
        bad "$1" "expected message '$3' at $2, got: $first"
    elif [ -n "$leftover" ]; then
        bad "$1" "left behind: $leftover"
    else
        ok "$1"
    fi
}

# ---- 1. the table ------------------------------------------------------------
# One line per case: NAME TAB OFFSET TAB MESSAGE TAB ESCAPES (empty for "-").
LC_ALL=C awk -F'|' '
    BEGIN { for (i = 0; i < 16; i++) v[substr("0123456789abcdef", i + 1, 1)] = i }
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    /^[ \t]*(#|$)/ { next }
    NF != 4 { printf "BAD\t-\tline %d of cases.txt has %d fields\t\n", NR, NF; next }
    {
        s = tolower($2); gsub(/[^0-9a-f]/, "", s); e = ""
        for (i = 1; i < length(s); i += 2)
            e = e sprintf("\\%03o", v[substr(s, i, 1)] * 16 + v[substr(s, i + 1, 1)])
        printf "%s\t%s\t%s\t%s\n", trim($1), trim($3), trim($4), e
    }' "$HERE/cases.txt" >"$T/cases.tsv"
while IFS='	' read -r name off msg esc; do
    if [ "$name" = BAD ]; then bad cases.txt "$msg"; continue; fi
    printf "$esc" >"$T/$name.wasm"
    check_case "$name" "$off" "$msg"
done <"$T/cases.tsv"

# ---- 2. generated cases --------------------------------------------------------
# resource_case NAME LIMIT: a valid (or at least well-formed) module that
# wasmc must compile, or refuse with a diagnostic that has an offset, within
# LIMIT seconds, leaving no output when it refuses.
resource_case() {
    run_wasmc "$1" "$2"
    why=$(status_problem)
    if [ -n "$why" ]; then bad "$1" "$why (limit $2 s)"
    elif [ "$rc" -eq 0 ]; then ok "$1"
    elif [ "$rc" -eq 1 ] && printf '%s\n' "$err" | grep -q "^$1\.wasm:0x[0-9a-f]*: error: " && [ -z "$leftover" ]; then
        ok "$1"
    else bad "$1" "exit status $rc: $(printf '%s\n' "$err" | head -n 1)"
    fi
    rm -f "$T/$1.out" "$T/$1.out".tmp*
}

# uleb N: the LEB128 bytes of N as hex.
uleb() {
    awk -v n="$1" 'BEGIN { do { b = n % 128; n = int(n / 128); if (n) b += 128;
                               printf "%02x ", b } while (n) }'
}

# 100000 exports "e0".."e99999" of one function, then "e0" again: the
# duplicate check must not be quadratic.  Expected at the last export.
gen_exports() {
    LC_ALL=C awk -v n=100000 '
    function leb(x,   s, b) { s = ""; do { b = x % 128; x = int(x / 128); if (x) b += 128;
                                           s = s sprintf("%02x", b) } while (x); return s }
    function hexstr(t,   i, s) { s = ""; for (i = 1; i <= length(t); i++) s = s sprintf("%02x", ord[substr(t, i, 1)]); return s }
    BEGIN {
        for (i = 48; i < 123; i++) ord[sprintf("%c", i)] = i
        size = 0
        for (i = 0; i < n; i++) { nm = "e" i; size += 1 + length(nm) + 2 }
        last = size; size += 1 + 2 + 2            # the duplicate "e0"
        cnt = leb(n + 1); size += length(cnt) / 2
        sz = leb(size)
        # header, type, function sections end at 0x12; then 07, size, count
        printf "LAST=%x\n", 18 + 1 + length(sz) / 2 + length(cnt) / 2 + last > "/dev/stderr"
        printf "0061736d01000000 010401600000 03020100 07%s%s\n", sz, cnt
        for (i = 0; i < n; i++) { nm = "e" i; printf "%s%s0000\n", leb(length(nm)), hexstr(nm) }
        printf "0265300000\n0a040102000b\n"
    }'
}
gen_exports 2>"$T/many_exports_duplicate.off" | hex_to_escapes | escapes_to_bytes >"$T/many_exports_duplicate.wasm"
off=$(sed -n 's/^LAST=//p' "$T/many_exports_duplicate.off")
check_case many_exports_duplicate "0x$off" 'duplicate export name "e0"' 5

# A type of 20000 i32 parameters (wasmc.h's MAX_FUNC_PARAMS is 1000) and a
# function of that type: wasmc must refuse it or compile it, within 5 s.
{
    printf '0061736d01000000 01 %s 01 60 %s\n' "$(uleb 20006)" "$(uleb 20000)"
    awk 'BEGIN { for (i = 0; i < 20000; i++) printf "7f%s", (i % 64 == 63 ? "\n" : "") }'
    printf '\n00 03020100 0a040102000b\n'
} | hex_to_escapes | escapes_to_bytes >"$T/many_params.wasm"
resource_case many_params 5

# One active element segment of 20000 function references (a 20 KB module):
# must compile, or be refused, within 5 s.
{
    printf '0061736d01000000 010401600000 03020100 04 06 01 70 00 %s\n' "$(uleb 20000)"
    printf '09 %s 01 00 41 00 0b %s\n' "$(uleb 20008)" "$(uleb 20000)"
    awk 'BEGIN { for (i = 0; i < 20000; i++) printf "00%s", (i % 64 == 63 ? "\n" : "") }'
    printf '\n0a040102000b\n'
} | hex_to_escapes | escapes_to_bytes >"$T/many_elem_items.wasm"
resource_case many_elem_items 5

# nested_loops N: an exported function (param $n) (result i32) with locals
# $i, $s and N nested loops, the innermost adding the i32 at $i to $s, each
# ending in `$i += 4; br_if ($i < $n)`; prints the offset of loop number
# 1001 (wasmc.h's MAX_LOOP_NESTING + 1) on stderr.  Type, function, memory
# and export sections end at 0x20; then 0a, size, 01, body size, the
# locals (01 02 7f) and the loops.
nested_loops() {
    body=$(( 3 + 17 * $1 + 13 ))
    bs=$(uleb $body)
    sec=$(( 1 + ${#bs} / 3 + body ))
    ss=$(uleb $sec)
    echo $(( 0x20 + 1 + ${#ss} / 3 + 1 + ${#bs} / 3 + 3 + 2 * 1000 )) >&2
    printf '0061736d01000000 01060160017f017f 03020100 0503010001 07050101660000 0a %s 01 %s 01027f\n' "$ss" "$bs"
    awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "0340%s", (i % 64 == 63 ? "\n" : "")
                           printf "\n20022001280200 6a2102\n"
                           for (i = 0; i < n; i++) printf "200141046a21012001200049 0d000b%s", (i % 16 == 15 ? "\n" : "")
                           printf "20020b\n" }'
}
# LLVM's loop analyses take time and memory quadratic in the nesting depth
# (20000 nested loops: minutes and gigabytes), so wasmc refuses more than
# 1000 nested loops, at the loop that goes over.
nested_loops 1001 2>"$T/nested_loops.off" | hex_to_escapes | escapes_to_bytes >"$T/nested_loops.wasm"
check_case nested_loops "0x$(printf '%x' "$(cat "$T/nested_loops.off")")" "loops nested more than 1000 deep" 5
nested_loops 20000 2>/dev/null | hex_to_escapes | escapes_to_bytes >"$T/nested_loops_20000.wasm"
resource_case nested_loops_20000 10
# 1000 nested loops is allowed (such a function is compiled without LLVM's
# optimizations) and must compile quickly.
nested_loops 1000 2>/dev/null | hex_to_escapes | escapes_to_bytes >"$T/nested_loops_1000.wasm"
run_wasmc nested_loops_1000 20
[ "$rc" -eq 0 ] && [ -z "$(status_problem)" ] && ok nested_loops_1000 ||
    bad nested_loops_1000 "exit status $rc: $(printf '%s\n' "$err" | head -n 1)"
rm -f "$T/nested_loops_1000.out"

# ---- 3. the command line ------------------------------------------------------------
# cli NAME ARGS...: exit status 1 and exactly one line "wasmc: error: ...".
cli() {
    name=$1; shift
    (cd "$T" && exec timeout 10 "$WASMC" "$@") >/dev/null 2>"$T/$name.err"
    rc=$?
    lines=$(($(wc -l <"$T/$name.err")))
    first=$(head -n 1 "$T/$name.err")
    why=$(status_problem)
    if [ -n "$why" ]; then bad "$name" "$why"
    elif [ "$rc" -ne 1 ]; then bad "$name" "exit status $rc, expected 1"
    elif [ "$lines" -ne 1 ]; then bad "$name" "$lines lines on stderr, expected 1: $first"
    elif ! printf '%s\n' "$first" | grep -q '^wasmc: error: '; then bad "$name" "not a clean error: $first"
    elif [ -e "$T/cli.out" ]; then bad "$name" "left cli.out behind"
    else ok "$name"
    fi
    rm -f "$T/cli.out"
}
mkdir -p "$T/dir.wasm"
cli cli_missing_input no-such-file.wasm -o cli.out
cli cli_directory_input dir.wasm -o cli.out
cli cli_unknown_option --no-such-option empty_file.wasm -o cli.out
cli cli_no_input -o cli.out
cli cli_o_without_file empty_file.wasm -o
cli cli_two_inputs empty_file.wasm bad_magic.wasm -o cli.out

# ---- 4. must not crash ----------------------------------------------------------------
# mutant_problem NAME: compiles $T/NAME.wasm; prints nothing when all is
# well, else one line that names the input and says what went wrong.
mutant_problem() {
    run_wasmc "$1" 10
    why=$(status_problem)
    fsize=$(($(wc -c <"$T/$1.wasm")))
    if [ -n "$why" ]; then echo "$1: $why"; return; fi
    if [ "$rc" -eq 0 ]; then
        rm -f "$T/$1.out" "$T/$1.out.h"
        return
    fi
    if [ "$rc" -ne 1 ]; then echo "$1: exit status $rc"; return; fi
    o=$(printf '%s\n' "$err" | sed -n "s/^$1\.wasm:0x\([0-9a-f]*\): error: .*/\1/p" | head -n 1)
    if [ -z "$o" ]; then echo "$1: no diagnostic with an offset: $(printf '%s\n' "$err" | head -n 1)"
    elif [ "$((0x$o))" -gt "$fsize" ]; then echo "$1: offset 0x$o is past the end of the $fsize-byte file"
    elif [ -n "$leftover" ]; then echo "$1: left behind: $leftover"
    fi
}

# group_result LABEL COUNT PROBLEMS-FILE
group_result() {
    if [ -s "$3" ]; then
        bad "$1" "$(wc -l <"$3") of $2 inputs: $(head -n 3 "$3" | tr '\n' ';')"
    else
        ok "$1: $2 inputs ok"
    fi
}

# truncations SEED STEP: SEED cut at offsets 0, STEP, 2*STEP, ... (below its size).
truncations() {
    hex=$T/$1.hex
    file_to_hex "$T/$1.wasm" >"$hex"
    nbytes=$(($(wc -l <"$hex")))
    : >"$T/$1.trunc.problems"
    n=0 k=0
    while [ "$k" -lt "$nbytes" ]; do
        m=$1.trunc$k
        head -n "$k" "$hex" | hex_to_escapes | escapes_to_bytes >"$T/$m.wasm"
        mutant_problem "$m" >>"$T/$1.trunc.problems"
        n=$((n + 1)) k=$((k + $2))
    done
    label="truncations of $1"
    [ "$2" -ne 1 ] && label="$label (every $2 offsets)"
    group_result "$label" "$n" "$T/$1.trunc.problems"
}

# replacements SEED COUNT SALT: COUNT inputs, each SEED with one byte (past the
# 8-byte header) replaced by a different value; positions and values come
# from a Park-Miller generator seeded with SALT, so they never change.
replacements() {
    hex=$T/$1.hex
    file_to_hex "$T/$1.wasm" >"$hex"
    : >"$T/$1.flip.problems"
    i=0
    while [ "$i" -lt "$2" ]; do
        m=$1.flip$i
        LC_ALL=C awk -v salt="$3" -v idx="$i" '
            function rnd() { x = (x * 16807) % 2147483647; return x }
            { b[NR] = $0 }
            END {
                x = salt + 1
                for (j = 0; j <= idx; j++) { p = 9 + rnd() % (NR - 8); r = rnd() % 255 }
                h = "0123456789abcdef"; o = 0
                for (j = 1; j <= 16; j++) for (k = 1; k <= 16; k++)
                    if (substr(h, j, 1) substr(h, k, 1) == b[p]) o = (j - 1) * 16 + k - 1
                nv = (o + 1 + r) % 256
                b[p] = sprintf("%02x", nv)
                for (j = 1; j <= NR; j++) print b[j]
            }' "$hex" | hex_to_escapes | escapes_to_bytes >"$T/$m.wasm"
        mutant_problem "$m" >>"$T/$1.flip.problems"
        i=$((i + 1))
    done
    group_result "byte replacements in $1" "$2" "$T/$1.flip.problems"
}

if command -v wat2wasm >/dev/null 2>&1; then
    for w in "$HERE"/seeds/*.wat examples/*.wat; do
        s=$(basename "$w" .wat)
        wat2wasm "$w" -o "$T/$s.wasm" 2>"$T/$s.wat2wasm.err" || bad "seed $s" "wat2wasm failed: $(head -n 1 "$T/$s.wat2wasm.err")"
    done
    wat2wasm --debug-names "$HERE/seeds/numeric.wat" -o "$T/numeric_names.wasm"
    truncations kitchen 1
    truncations numeric_names 3
    replacements kitchen 25 1
    replacements tables 30 5
    replacements numeric_names 20 2
    replacements global_acc_i64 15 3
    replacements global_acc_i32_xorlike 15 4
else
    skipped "must-not-crash mutations" "wat2wasm is not installed (apt-get install wabt)"
fi

echo "malformed: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
