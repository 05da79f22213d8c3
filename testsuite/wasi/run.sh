#!/bin/sh
# testsuite/wasi/run.sh - the WASI preview1 suite.  Run from the repo root:
#     sh testsuite/wasi/run.sh
# 1. unit: wasi/ compiled natively with testsuite/wasi/unit.c, which calls
#    every function through a hand-made memory (both path resolvers).
# 2. The test programs (the other .c files here) built for wasm32-wasi;
#    together they must import all 46 functions of wasi_snapshot_preview1.
# 3. End to end, once build/wasmc exists: each program compiled by wasmc and
#    run with its scratch directory preopened through WASMC_DIR; its output
#    and exit status must match the same source built natively, or, for the
#    self-checking programs (sandbox, wasi_api, sock), every check must pass.
# Prints PASS/FAIL/SKIP lines, then "wasi: N passed, N failed, N skipped".
cd "$(dirname "$0")/../.." || exit 1
T=testsuite/wasi
B=build/test/wasi
CC=${CC:-cc}
WASM_CC="clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -Wall"
NATIVE_CC="${NATIVE_CC:-clang-19} -O2 -Wall"
RUN="timeout 60"
npass=0 nfail=0 nskip=0

pass() { echo "PASS $1"; npass=$((npass + 1)); }
fail() { echo "FAIL $1: $2"; nfail=$((nfail + 1)); }
skip() { echo "SKIP $1: $2"; nskip=$((nskip + 1)); }

mkdir -p "$B" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmc-wasi.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Counts the PASS/FAIL lines a self-checking program printed to file $1;
# $2 names the program, $3 is its exit status.
tally() {
    n0=$((npass + nfail))
    while IFS= read -r line; do
        case $line in
        "PASS "*) pass "${line#PASS }" ;;
        "FAIL "*) rest=${line#FAIL }; fail "${rest%%: *}" "${rest#*: }" ;;
        esac
    done < "$1"
    if [ "$3" -ne 0 ] && [ "$((npass + nfail))" -eq "$n0" ]; then
        fail "$2" "exit status $3 and no results: $(head -c 300 "$1")"
    fi
}

# A fresh empty directory under $tmp.
fresh() { rm -rf "$tmp/$1"; mkdir -p "$tmp/$1"; echo "$tmp/$1"; }

# ---- 1. unit tests ---------------------------------------------------------
if $CC -std=gnu11 -O1 -g -Wall -Wextra -Iinclude -o "$B/unit" $T/unit.c wasi/*.c \
        2> "$tmp/unit.err"; then
    d=$(fresh unit)
    $RUN "$B/unit" "$d" > "$tmp/unit.out" 2>&1
    tally "$tmp/unit.out" unit $?
else
    fail unit/build "$(head -c 600 "$tmp/unit.err")"
fi

# ---- 2. wasm test programs ----------------------------------------------------
PROGS="files args stdio exit clock sandbox wasi_api sock"
COMPARED="files args stdio exit clock"
have_wasm=yes
if ! echo 'int main(void){return 0;}' > "$tmp/t.c" ||
   ! $WASM_CC -o "$tmp/t.wasm" "$tmp/t.c" 2> /dev/null; then
    have_wasm=no
    skip wasm-programs "clang-19 cannot build wasm32-wasi (need wasi-libc, libclang-rt-19-dev-wasm32)"
fi
if [ $have_wasm = yes ]; then
    for p in $PROGS; do
        $WASM_CC -o "$B/$p.wasm" "$T/$p.c" 2> "$tmp/err" || fail "build/$p.wasm" "$(head -c 400 "$tmp/err")"
    done
    for p in $COMPARED; do
        $NATIVE_CC -o "$B/$p.native" "$T/$p.c" 2> "$tmp/err" || fail "build/$p.native" "$(head -c 400 "$tmp/err")"
    done
    if command -v wasm-objdump > /dev/null; then
        for p in $PROGS; do wasm-objdump -x -j Import "$B/$p.wasm" 2> /dev/null; done |
            sed -n 's/.*<- wasi_snapshot_preview1\.\([a-z_]*\)$/\1/p' | sort -u > "$tmp/used"
        grep -ho '{ "[a-z_]*", "[iI]*:i*"' wasi/*.c | sed 's/{ "\([a-z_]*\)".*/\1/' | sort -u > "$tmp/all"
        missing=$(comm -23 "$tmp/all" "$tmp/used" | tr '\n' ' ')
        if [ "$(wc -l < "$tmp/all")" -eq 46 ] && [ -z "$missing" ]; then
            pass "coverage/programs-import-all-46"
        else
            fail "coverage/programs-import-all-46" "$(wc -l < "$tmp/all") in wasi/, not imported: $missing"
        fi
    else
        skip "coverage/programs-import-all-46" "wasm-objdump (wabt) not installed"
    fi
fi

# ---- 3. end to end ---------------------------------------------------------------
e2e=yes
if [ $have_wasm = no ]; then
    e2e=no why="no wasm32-wasi toolchain"
elif [ ! -x build/wasmc ]; then
    e2e=no why="build/wasmc not built yet"
elif ! build/wasmc "$tmp/t.wasm" -o "$tmp/t.exe" > "$tmp/err" 2>&1 || ! $RUN "$tmp/t.exe"; then
    e2e=no why="build/wasmc cannot compile a trivial program yet: $(head -c 200 "$tmp/err")"
fi
if [ $e2e = yes ]; then
    for p in $PROGS; do
        build/wasmc "$B/$p.wasm" -o "$B/$p" > "$tmp/err" 2>&1 || fail "wasmc/$p" "$(head -c 400 "$tmp/err")"
    done
fi

# compare NAME STDIN PROG ARGS...: the wasmc build of PROG against the native
# one, each in a fresh directory (preopened as "." for wasm), same stdin.
compare() {
    name=$1 in=$2 p=$3
    shift 3
    if [ $e2e = no ]; then skip "e2e/$name" "$why"; return; fi
    nd=$(fresh native) wd=$(fresh wasm)
    (cd "$nd" && $RUN "$OLDPWD/$B/$p.native" "$@" < "$in" > "$tmp/native.out" 2> /dev/null
     echo "exit status $?" >> "$tmp/native.out")
    (cd "$wd" && WASMC_DIR="$wd::." $RUN "$OLDPWD/$B/$p" "$@" < "$in" > "$tmp/wasm.out" 2> "$tmp/wasm.err"
     echo "exit status $?" >> "$tmp/wasm.out")
    if cmp -s "$tmp/native.out" "$tmp/wasm.out"; then
        pass "e2e/$name"
    else
        fail "e2e/$name" "output differs from native: $(diff "$tmp/native.out" "$tmp/wasm.out" | head -n 6 | tr '\n' '|') $(head -c 200 "$tmp/wasm.err")"
    fi
}

printf 'first line\nsecond, with ünïcødé\n\nno newline at the end' > "$tmp/text"
compare files /dev/null files
WASI_TEST_A="two words" WASI_TEST_U="ünïcødé ✓" WASI_TEST_EMPTY= \
    compare args /dev/null args "two words" "" "ünïcødé ✓" "--flag=x" "*"
compare args-none /dev/null args
compare stdin-text "$tmp/text" stdio
compare stdin-empty /dev/null stdio
compare exit-0 /dev/null exit exit 0
compare exit-3 /dev/null exit exit 3
compare exit-255 /dev/null exit exit 255
compare return-7 /dev/null exit return 7
compare return-300 /dev/null exit return 300
compare clocks-sleep-random /dev/null clock

if [ $e2e = no ]; then
    for c in sandbox wasi_api sock proc_raise wasmc_dir-missing; do skip "e2e/$c" "$why"; done
else
    # Escapes from inside a program; nothing outside sb/ may change.
    d=$(fresh sandbox)
    mkdir "$d/sb" "$d/outside" && echo secret > "$d/outside/secret"
    ls -lR --time-style=full-iso "$d/outside" > "$tmp/before"
    (cd "$d/sb" && WASMC_DIR="$d/sb::." $RUN "$OLDPWD/$B/sandbox" < /dev/null > "$tmp/out" 2>&1)
    tally "$tmp/out" e2e/sandbox $?
    ls -lR --time-style=full-iso "$d/outside" > "$tmp/after"
    if cmp -s "$tmp/before" "$tmp/after" && [ "$(ls -A "$d/sb")" = "" ] &&
       [ "$(ls -A "$d")" = "outside
sb" ]; then
        pass "e2e/sandbox-outside-untouched"
    else
        fail "e2e/sandbox-outside-untouched" "$(diff "$tmp/before" "$tmp/after" | head -n 4 | tr '\n' '|') $(ls -A "$d" "$d/sb" | tr '\n' ' ')"
    fi

    d=$(fresh api)
    (cd "$d" && WASMC_DIR="$d::." $RUN "$OLDPWD/$B/wasi_api" < /dev/null > "$tmp/out" 2>&1)
    tally "$tmp/out" e2e/wasi_api $?

    if command -v python3 > /dev/null; then
        $RUN python3 $T/sock_driver.py "$B/sock" > "$tmp/out" 2>&1
        tally "$tmp/out" e2e/sock $?
    else
        skip e2e/sock "python3 not installed"
    fi

    $RUN "$B/exit" raise 15 > "$tmp/out" 2> "$tmp/err"
    st=$?
    if [ $st -eq 134 ] && grep -q "signal 15" "$tmp/err" && [ "$(cat "$tmp/out")" = "raise 15" ]; then
        pass e2e/proc_raise-traps
    else
        fail e2e/proc_raise-traps "status $st, stdout '$(cat "$tmp/out")', stderr '$(head -c 200 "$tmp/err")'"
    fi

    WASMC_DIR="$tmp/no-such-dir::/x" $RUN "$B/args" > "$tmp/out" 2> "$tmp/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "WASMC_DIR: cannot preopen '$tmp/no-such-dir'" "$tmp/err"; then
        pass e2e/wasmc_dir-missing
    else
        fail e2e/wasmc_dir-missing "status $st, stderr '$(head -c 200 "$tmp/err")'"
    fi
fi

echo "wasi: $npass passed, $nfail failed, $nskip skipped"
[ $nfail -eq 0 ]
