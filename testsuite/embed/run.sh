#!/bin/sh
# embed/run.sh - `wasmc -c` output linked into a C program (embed.c) that
# uses the generated header and include/wasmc_rt.h; and `make install`
# into a temporary prefix, with the installed compiler and runtime used the
# same way.
cd "$(dirname "$0")/../.." || exit 1
T=build/test/embed
mkdir -p $T
pass=0 fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
ko() { echo "FAIL $1: $2"; fail=$((fail + 1)); }

build_and_run() { # label wasmc include-dir rtlib [wasmc-flag cc-flag]
    rm -f $T/counter.o $T/counter.h $T/embed
    if ! $2 $5 -c testsuite/embed/counter.wat -o $T/counter.o; then ko "$1" "wasmc -c failed"; return; fi
    [ -f $T/counter.h ] || { ko "$1" "no header written"; return; }
    if ! clang-19 -O1 $6 -I$3 -I$T testsuite/embed/embed.c $T/counter.o $4 -lm -o $T/embed 2> $T/cc.err; then
        ko "$1" "embed.c does not build: $(head -n3 $T/cc.err)"; return
    fi
    timeout 30 $T/embed > $T/embed.out 2>&1
    rc=$?
    sed -E "s#^(PASS|FAIL) #\1 $1: #" $T/embed.out | grep -E '^(PASS|FAIL)'
    p=$(grep -c '^PASS' $T/embed.out) f=$(grep -c '^FAIL' $T/embed.out)
    pass=$((pass + p)) fail=$((fail + f))
    [ $rc -eq 0 ] || ko "$1" "embed exited with status $rc"
}

build_and_run build-tree build/wasmc include build/libwasmc_rt.a
build_and_run explicit-bounds build/wasmc include build/libwasmc_rt.a --bounds-checks=explicit -DEXPLICIT_BOUNDS

# -c --single-instance: the instance is static storage in the object (.bss)
if build/wasmc -c --single-instance testsuite/embed/counter.wat -o $T/single.o &&
   nm $T/single.o | grep -q ' b wasmc_counter_instance$'; then
    ok "-c --single-instance puts the instance in the object"
else
    ko "-c --single-instance puts the instance in the object" "no wasmc_counter_instance in .bss"
fi

rm -rf $T/prefix
if make --no-print-directory install PREFIX=$PWD/$T/prefix > $T/install.log 2>&1; then
    ok "make install"
    build_and_run installed $T/prefix/bin/wasmc $T/prefix/include $T/prefix/lib/libwasmc_rt.a
    echo '(module (func (export "_start")))' > $T/empty.wat
    if $T/prefix/bin/wasmc $T/empty.wat -o $T/empty && $T/empty; then ok "installed wasmc finds its runtime"
    else ko "installed wasmc finds its runtime" "link or run failed"; fi
else
    ko "make install" "$(tail -n 3 $T/install.log)"
fi
echo "embed: $pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
