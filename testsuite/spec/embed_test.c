/*
 * embed_test.c - what the spec scripts cannot show about the embedding
 * API: after a trap, everything the code wrote before it (globals, memory)
 * stays visible through the exports and the instance keeps working; and
 * two instances of one module share nothing.
 *
 * The module is embed_test.wat, compiled with `wasmc -c` and linked in
 * statically (runner.mk).  Each step below is one test; steps run in
 * order and share the instances `a` and `b`.  Output follows the spec
 * runner's protocol (see runner.c), so run.sh counts it like a script.
 */
#include "spec-embed.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static wasmc_rt_instance_t *a, *b;
static char why[512];
static int why_line;

/* Records why a step failed and where; returns the message. */
static const char *failed(int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    why_line = line;
    return why;
}

#define CHECK(cond, ...) do { if (!(cond)) return failed(__LINE__, __VA_ARGS__); } while (0)

/* Calls export `name`; 0 with *result (if the function has one) or -1
 * with *err. */
static int call(wasmc_rt_instance_t *inst, const char *name, const wasmc_rt_val_t *args, size_t nargs,
                int32_t *result, wasmc_rt_error_t *err)
{
    const wasmc_rt_func_t *f = wasmc_rt_export_func(inst, name);
    wasmc_rt_val_t res = WASMC_RT_I32(0);
    if (!f) {
        err->kind = WASMC_RT_ERR_ARGS;
        snprintf(err->message, sizeof err->message, "no exported function \"%s\"", name);
        return -1;
    }
    int rc = wasmc_rt_call(f, args, nargs, &res, 1, err);
    if (result)
        *result = res.of.i32;
    return rc;
}

static int32_t call0(wasmc_rt_instance_t *inst, const char *name)
{
    wasmc_rt_error_t err;
    int32_t r = -1;
    return call(inst, name, NULL, 0, &r, &err) == 0 ? r : -1;
}

static int32_t global_g(wasmc_rt_instance_t *inst)
{
    wasmc_rt_global_t *g = wasmc_rt_export_global(inst, "g");
    return g ? g->of.i32 : -1;
}

static int32_t memory_at(wasmc_rt_instance_t *inst, uint32_t addr)
{
    wasmc_rt_memory_t *m = wasmc_rt_export_memory(inst, "mem");
    int32_t v = -1;
    if (m && addr + 4 <= m->size)
        memcpy(&v, m->base + addr, 4);
    return v;
}

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Calls a write_then_* function with (v, extra...), expecting a trap
 * starting with `text`, then checks that g == v and memory[addr] == v. */
static const char *trap_keeps_writes(wasmc_rt_instance_t *inst, const char *fn, const wasmc_rt_val_t *args,
                                     size_t nargs, const char *text, uint32_t addr)
{
    wasmc_rt_error_t err;
    int32_t v = args[0].of.i32, r;
    CHECK(call(inst, fn, args, nargs, &r, &err) != 0, "%s(%d) returned %d instead of trapping", fn, v, r);
    CHECK(starts_with(err.message, text), "%s(%d) trapped with \"%s\", expected \"%s\"", fn, v, err.message, text);
    CHECK(global_g(inst) == v, "after %s(%d) trapped, global g is %d, expected %d", fn, v, global_g(inst), v);
    CHECK(memory_at(inst, addr) == v, "after %s(%d) trapped, memory[%u] is %d, expected %d", fn, v, addr,
          memory_at(inst, addr), v);
    return NULL;
}

/* ---- the steps ---- */

static const char *instantiate_a(void)
{
    wasmc_rt_error_t err;
    a = wasmc_rt_instantiate(&wasmc_embed_module, NULL, NULL, &err);
    CHECK(a, "instantiation failed: %s", err.message);
    return NULL;
}

static const char *unreachable_keeps_writes(void)
{
    wasmc_rt_val_t args[] = { WASMC_RT_I32(7) };
    return trap_keeps_writes(a, "write_then_unreachable", args, 1, "unreachable", 16);
}

static const char *divide_by_zero_keeps_writes(void)
{
    wasmc_rt_val_t args[] = { WASMC_RT_I32(9), WASMC_RT_I32(0) };
    return trap_keeps_writes(a, "write_then_div", args, 2, "integer divide by zero", 20);
}

/* With guard pages, a global the function keeps in a register is not
 * written back when an out-of-bounds access faults in that same function
 * (docs/STATUS.md; testsuite/embed checks the exact explicit-bounds mode).
 * The memory write before the fault must survive, and the trap be right. */
static const char *out_of_bounds_keeps_writes(void)
{
    wasmc_rt_val_t args[] = { WASMC_RT_I32(11), WASMC_RT_I32(65536) };
    wasmc_rt_error_t err;
    int32_t r;
    CHECK(call(a, "write_then_oob", args, 2, &r, &err) != 0, "write_then_oob returned %d", r);
    CHECK(starts_with(err.message, "out of bounds memory access"), "trapped with \"%s\"", err.message);
    CHECK(memory_at(a, 24) == 11, "after the fault memory[24] is %d, expected 11", memory_at(a, 24));
    return NULL;
}

static const char *exhaustion_keeps_writes(void)
{
    wasmc_rt_val_t args[] = { WASMC_RT_I32(13) };
    wasmc_rt_error_t err;
    CHECK(call(a, "write_then_recurse", args, 1, NULL, &err) != 0, "write_then_recurse returned");
    CHECK(err.kind == WASMC_RT_TRAP_STACK_EXHAUSTED, "trap kind %d (\"%s\"), expected stack exhaustion",
          (int)err.kind, err.message);
    CHECK(global_g(a) == 13 && memory_at(a, 28) == 13, "after exhaustion g = %d, memory[28] = %d, expected 13",
          global_g(a), memory_at(a, 28));
    return NULL;
}

static const char *callee_trap_keeps_loop_updates(void)
{
    wasmc_rt_val_t zero = WASMC_RT_I32(0), five = WASMC_RT_I32(5);
    wasmc_rt_error_t err;
    CHECK(call(a, "set", &zero, 1, NULL, &err) == 0, "set(0) trapped: %s", err.message);
    CHECK(call(a, "count_then_trap", &five, 1, NULL, &err) != 0, "count_then_trap(5) returned");
    CHECK(starts_with(err.message, "integer divide by zero"), "count_then_trap trapped with \"%s\"", err.message);
    CHECK(global_g(a) == 5, "after count_then_trap(5) trapped, global g is %d, expected 5", global_g(a));
    return NULL;
}

static const char *usable_after_traps(void)
{
    wasmc_rt_val_t args[] = { WASMC_RT_I32(2), WASMC_RT_I32(3) }, at16 = WASMC_RT_I32(16);
    wasmc_rt_error_t err;
    int32_t r = 0;
    CHECK(call(a, "add", args, 2, &r, &err) == 0 && r == 5, "add(2, 3) gave %d (%s)", r, err.message);
    CHECK(call0(a, "get") == global_g(a), "get() gave %d, but the exported global holds %d", call0(a, "get"),
          global_g(a));
    CHECK(call(a, "load", &at16, 1, &r, &err) == 0 && r == 7, "load(16) gave %d, expected 7", r);
    return NULL;
}

static const char *host_writes_are_seen(void)
{
    wasmc_rt_global_t *g = wasmc_rt_export_global(a, "g");
    wasmc_rt_memory_t *m = wasmc_rt_export_memory(a, "mem");
    wasmc_rt_val_t at32 = WASMC_RT_I32(32);
    wasmc_rt_error_t err;
    int32_t v = 0x1234, r = 0;
    CHECK(g && m, "global g or memory mem not exported");
    g->of.i32 = 77;
    memcpy(m->base + 32, &v, 4);
    CHECK(call0(a, "get") == 77, "get() gave %d after the host set g to 77", call0(a, "get"));
    CHECK(call(a, "load", &at32, 1, &r, &err) == 0 && r == v, "load(32) gave %d, expected %d", r, v);
    return NULL;
}

static const char *second_instance_is_fresh(void)
{
    wasmc_rt_error_t err;
    b = wasmc_rt_instantiate(&wasmc_embed_module, NULL, NULL, &err);
    CHECK(b, "second instantiation failed: %s", err.message);
    CHECK(global_g(b) == 0 && memory_at(b, 16) == 0, "new instance has g = %d, memory[16] = %d, expected 0",
          global_g(b), memory_at(b, 16));
    CHECK(wasmc_rt_export_memory(a, "mem")->base != wasmc_rt_export_memory(b, "mem")->base,
          "both instances have the same memory");
    return NULL;
}

static const char *instances_are_independent(void)
{
    wasmc_rt_val_t v = WASMC_RT_I32(100);
    wasmc_rt_error_t err;
    CHECK(call(b, "set", &v, 1, NULL, &err) == 0, "b.set(100) trapped: %s", err.message);
    CHECK(call0(b, "get") == 100 && memory_at(b, 0) == 100, "b: get() = %d, memory[0] = %d, expected 100",
          call0(b, "get"), memory_at(b, 0));
    CHECK(call0(a, "get") == 77 && memory_at(a, 0) == 0, "a changed with b: get() = %d, memory[0] = %d",
          call0(a, "get"), memory_at(a, 0));
    return NULL;
}

static const char *trap_in_one_leaves_other(void)
{
    wasmc_rt_val_t args[] = { WASMC_RT_I32(55) };
    const char *fail = trap_keeps_writes(b, "write_then_unreachable", args, 1, "unreachable", 16);
    if (fail)
        return fail;
    CHECK(call0(a, "get") == 77 && memory_at(a, 16) == 7, "a changed with b's trap: get() = %d, memory[16] = %d",
          call0(a, "get"), memory_at(a, 16));
    return NULL;
}

/* `needs`: the instance a step uses, which an earlier step created. */
static const struct {
    const char *name;
    const char *(*run)(void);
    wasmc_rt_instance_t **needs;
    int line;
} steps[] = {
    { "instantiate", instantiate_a, NULL, __LINE__ },
    { "unreachable keeps writes", unreachable_keeps_writes, &a, __LINE__ },
    { "divide by zero keeps writes", divide_by_zero_keeps_writes, &a, __LINE__ },
    { "out of bounds keeps writes", out_of_bounds_keeps_writes, &a, __LINE__ },
    { "stack exhaustion keeps writes", exhaustion_keeps_writes, &a, __LINE__ },
    { "callee trap keeps loop updates", callee_trap_keeps_loop_updates, &a, __LINE__ },
    { "usable after traps", usable_after_traps, &a, __LINE__ },
    { "host writes are seen", host_writes_are_seen, &a, __LINE__ },
    { "second instance is fresh", second_instance_is_fresh, &a, __LINE__ },
    { "instances are independent", instances_are_independent, &b, __LINE__ },
    { "trap in one leaves the other", trap_in_one_leaves_other, &b, __LINE__ },
};
#define NSTEPS (sizeof steps / sizeof steps[0])

int main(void)
{
    int counts[2] = {0};
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("plan %zu\n", NSTEPS);
    for (size_t i = 0; i < NSTEPS; i++) {
        printf("run %d\n", steps[i].line);
        const char *fail = steps[i].needs && !*steps[i].needs
                           ? failed(steps[i].line, "no instance (an earlier step failed)")
                           : steps[i].run();
        counts[fail != NULL]++;
        if (fail)
            printf("fail embed_test.c:%d: %s: %s\n", why_line, steps[i].name, fail);
        else
            printf("pass %d\n", steps[i].line);
    }
    printf("done %d %d 0\n", counts[0], counts[1]);
    return counts[1] ? 1 : 0;
}
