# runner.mk - builds the spec-test runner and the embedding test; run.sh
# calls it from the repository root:  make -f testsuite/spec/runner.mk
#
# Both link the runtime's object files directly rather than
# libwasmc_rt.a: the archive also holds main.o, the entry point of wasmc
# executables, which would clash with ours.  The runner loads compiled
# modules with dlopen, and their shared objects leave the runtime's symbols
# undefined, so it exports everything (-rdynamic).  They also call libm
# (ceilf, ...) without naming it as a dependency, so libm is linked even
# though the runner itself uses none of it (--no-as-needed).
# Run the top-level make first: it builds build/wasmc and the runtime objects.

B       := build
T       := $(B)/test
S       := testsuite/spec
CC      ?= cc
CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Iinclude
RT_OBJ  := $(filter-out $(B)/runtime/main.o,$(patsubst %.c,$(B)/%.o,$(wildcard runtime/*.c wasi/*.c)))
RUNNER  := $(S)/json.c $(S)/value.c $(S)/host.c $(S)/runner.c

all: $(T)/spec-runner $(T)/spec-embed

$(T)/spec-runner: $(RUNNER) $(S)/spec.h $(S)/runner.mk include/wasmc_rt.h $(RT_OBJ)
	@mkdir -p $(T)
	$(CC) $(CFLAGS) -rdynamic -o $@ $(RUNNER) $(RT_OBJ) -ldl -Wl,--push-state,--no-as-needed -lm -Wl,--pop-state

# The embedding test links its module statically, as an embedder would.
$(T)/spec-embed.o: $(S)/embed_test.wat $(B)/wasmc
	@mkdir -p $(T)
	$(B)/wasmc -c $(S)/embed_test.wat -o $@ --module-name=embed --header=$(T)/spec-embed.h

$(T)/spec-embed: $(S)/embed_test.c $(S)/runner.mk $(T)/spec-embed.o include/wasmc_rt.h $(RT_OBJ)
	$(CC) $(CFLAGS) -I$(T) -o $@ $(S)/embed_test.c $(T)/spec-embed.o $(RT_OBJ) -lm

.PHONY: all
