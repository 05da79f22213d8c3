#!/bin/sh
# Installs the Debian packages wasmc needs to build, test and benchmark, if
# any is missing.  As root it runs apt-get; otherwise it prints the command.
PKGS="python3 llvm-19-dev lld-19 clang-19 wabt wasi-libc libclang-rt-19-dev-wasm32 binaryen hyperfine gnuplot-nox make rustc libstd-rust-dev-wasm32 libc++-19-dev-wasm32 libc++abi-19-dev-wasm32"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq $missing >/dev/null || {
        echo "error: apt-get install$missing failed" >&2; exit 1; }
else
    echo "error: missing packages; run: sudo apt-get install$missing" >&2
    exit 1
fi
