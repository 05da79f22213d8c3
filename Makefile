# wasmc - WebAssembly to native ahead-of-time compiler.
#   make          build build/wasmc and build/libwasmc_rt.a
#   make demo     install missing packages, build, compile and run examples/
#   make test     install missing packages, build, run every test suite
#   make bench    wasmc against native, wasm2c and Node on testsuite/bench
#   make install PREFIX=/usr/local

LLVM_CONFIG ?= llvm-config-19
CC          ?= cc
PREFIX      ?= /usr/local
B           := build

CFLAGS_COMMON := -std=gnu11 -O2 -g -Wall -Wextra -Iinclude
LLVM_CFLAGS    = $(shell $(LLVM_CONFIG) --cflags 2>/dev/null)
LLVM_LIBS      = $(shell $(LLVM_CONFIG) --ldflags --libs 2>/dev/null) -Wl,-rpath,$(shell $(LLVM_CONFIG) --libdir 2>/dev/null)

COMPILER_SRC := $(wildcard compiler/*.c)
RT_SRC       := $(wildcard runtime/*.c) $(wildcard wasi/*.c)
COMPILER_OBJ := $(COMPILER_SRC:%.c=$(B)/%.o)
RT_OBJ       := $(RT_SRC:%.c=$(B)/%.o)

all: $(B)/wasmc $(B)/libwasmc_rt.a

$(B)/wasmc: $(COMPILER_OBJ)
	$(CC) -o $@ $(COMPILER_OBJ) $(LLVM_LIBS)

$(B)/compiler/%.o: compiler/%.c compiler/wasmc.h compiler/opcodes.def include/wasmc_rt.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) $(LLVM_CFLAGS) -Wno-unused-parameter -c $< -o $@

# The runtime is position-independent so it can go into shared objects.
$(B)/runtime/%.o: runtime/%.c runtime/rt.h include/wasmc_rt.h include/wasmc_wasi.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -fPIC -c $< -o $@

$(B)/wasi/%.o: wasi/%.c $(wildcard wasi/*.h) include/wasmc_rt.h include/wasmc_wasi.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_COMMON) -fPIC -c $< -o $@

$(B)/libwasmc_rt.a: $(RT_OBJ)
	rm -f $@
	ar rcs $@ $(RT_OBJ)

deps:
	@sh .ci/deps.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh

test: deps
	@$(MAKE) --no-print-directory all
	@sh testsuite/run-all.sh

test-spec: deps
	@$(MAKE) --no-print-directory all
	@sh testsuite/spec/run.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@sh testsuite/bench/run.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include
	install -m 755 $(B)/wasmc $(DESTDIR)$(PREFIX)/bin/wasmc
	install -m 644 $(B)/libwasmc_rt.a $(DESTDIR)$(PREFIX)/lib/libwasmc_rt.a
	install -m 644 include/wasmc_rt.h include/wasmc_wasi.h $(DESTDIR)$(PREFIX)/include/

clean:
	rm -rf $(B)

.PHONY: all deps demo test test-spec bench install clean
