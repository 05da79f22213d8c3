/* embed.c - links a module compiled with `wasmc -c` into a C program and
 * drives it through the generated header and the embedding API:
 * instantiation with a host import, two independent instances, typed direct
 * calls, uniform calls, multi-value results, exported globals and memory,
 * and a trap returned as an error that leaves earlier writes visible and the
 * instance usable. Prints PASS/FAIL lines. */
#include "counter.h"
#include "wasmc_rt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int pass, fail;
#define CHECK(name, cond) \
    do { if (cond) { printf("PASS %s\n", name); pass++; } \
         else { printf("FAIL %s (line %d)\n", name, __LINE__); fail++; } } while (0)

static int64_t last_logged;

static int host_log(void *data, const wasmc_rt_val_t *args, wasmc_rt_val_t *results, wasmc_rt_error_t *err)
{
    (void)data;
    if (args[0].of.i32 == 666) {
        snprintf(err->message, sizeof err->message, "the host refuses 666");
        return -1;
    }
    last_logged = args[1].of.i64;
    results[0] = WASMC_RT_I32(args[0].of.i32 + 1);
    return 0;
}

static int resolve(void *data, const wasmc_rt_extern_desc_t *d, wasmc_rt_extern_t *out)
{
    if (strcmp(d->module, "host") != 0 || strcmp(d->name, "log") != 0)
        return -1;
    out->kind = WASMC_RT_EXTERN_FUNC;
    out->of.func = data;
    return 0;
}

/* What an executable's module does (WASMC_RT_MODULE_STATIC_INSTANCE): its
 * one instance lives in storage the module provides, and a second live
 * instance is refused.  Here the counter module's descriptor is given such
 * storage; its code takes the instance as a parameter, which is then the
 * same address. */
static void static_instance(wasmc_rt_func_t *log)
{
    static _Alignas(64) unsigned char storage[4096];
    static wasmc_rt_module_t m;
    m = wasmc_counter_module;
    if (m.instance_size > sizeof storage) {
        CHECK("static instance fits the test's storage", 0);
        return;
    }
    m.flags |= WASMC_RT_MODULE_STATIC_INSTANCE;
    m.static_instance = storage;
    wasmc_rt_error_t err;
    wasmc_rt_instance_t *s = wasmc_rt_instantiate(&m, resolve, log, &err);
    CHECK("static instance lives in the module's storage", s == (void *)storage && wasmc_counter_bump(s, 3) == 3);
    CHECK("no second live static instance", !wasmc_rt_instantiate(&m, resolve, log, &err) &&
          err.kind == WASMC_RT_ERR_RESOURCE && strstr(err.message, "already instantiated"));
    wasmc_rt_instance_free(s);
    s = wasmc_rt_instantiate(&m, resolve, log, &err);
    CHECK("static instance again after free, fresh", s == (void *)storage && wasmc_counter_bump(s, 2) == 2);
    wasmc_rt_instance_free(s);
}

int main(void)
{
    wasmc_rt_error_t err;
    wasmc_rt_func_t *log = wasmc_rt_func_new("iI:i", host_log, NULL);
    CHECK("no instance without its import", !wasmc_rt_instantiate(&wasmc_counter_module, NULL, NULL, &err)
          && err.kind == WASMC_RT_ERR_LINK);
    wasmc_rt_instance_t *a = wasmc_rt_instantiate(&wasmc_counter_module, resolve, log, &err);
    wasmc_rt_instance_t *b = wasmc_rt_instantiate(&wasmc_counter_module, resolve, log, &err);
    CHECK("two instances", a && b && a != b);
    if (!a || !b)
        return 1;

    CHECK("typed direct call", wasmc_counter_bump(a, 5) == 5 && wasmc_counter_bump(a, 2) == 7);
    CHECK("instances are independent", wasmc_counter_bump(b, 1) == 1);
    wasmc_rt_global_t *count = wasmc_rt_export_global(a, "count");
    wasmc_rt_memory_t *mem = wasmc_rt_export_memory(a, "mem");
    CHECK("exported global reads", count && count->of.i32 == 7);
    CHECK("exported memory reads", mem && mem->size == 65536 && *(int32_t *)(mem->base + 16) == 7);
    count->of.i32 = 100;
    CHECK("host write to a global is seen", wasmc_counter_bump(a, 1) == 101);

    const wasmc_rt_func_t *trap = wasmc_rt_export_func(a, "bump_then_trap");
    wasmc_rt_val_t arg = WASMC_RT_I32(9);
    int rc = wasmc_rt_call(trap, &arg, 1, NULL, 0, &err);
    CHECK("trap comes back as an error", rc == -1 && err.kind == WASMC_RT_TRAP_DIV_BY_ZERO &&
          strncmp(err.message, "integer divide by zero", 22) == 0);
    CHECK("global write before the trap is visible", count->of.i32 == 110);
    CHECK("memory write before the trap is visible", *(int32_t *)(mem->base + 20) == 110);
    wasmc_rt_val_t res;
    arg = WASMC_RT_I32(1);
    CHECK("instance usable after a trap",
          wasmc_rt_call(wasmc_rt_export_func(a, "bump"), &arg, 1, &res, 1, &err) == 0 && res.of.i32 == 111);

    wasmc_rt_val_t oob[2] = { WASMC_RT_I32(3), WASMC_RT_I32(70000) };
    rc = wasmc_rt_call(wasmc_rt_export_func(a, "bump_then_oob"), oob, 2, &res, 1, &err);
    CHECK("out-of-bounds load traps", rc == -1 && err.kind == WASMC_RT_TRAP_OOB_MEMORY);
#ifdef EXPLICIT_BOUNDS
    /* exact in this mode; with guard pages the register copy is lost */
    CHECK("global write before an out-of-bounds trap is visible", count->of.i32 == 114);
#endif
    count->of.i32 = 111;

    arg = WASMC_RT_I32(4);
    CHECK("host import called", wasmc_rt_call(wasmc_rt_export_func(a, "call_host"), &arg, 1, &res, 1, &err) == 0
          && res.of.i32 == 5 && last_logged == 40);
    arg = WASMC_RT_I32(666);
    CHECK("host error traps the caller", wasmc_rt_call(wasmc_rt_export_func(a, "call_host"), &arg, 1, &res, 1, &err) == -1
          && err.kind == WASMC_RT_TRAP_HOST && strstr(err.message, "refuses 666"));

    wasmc_rt_val_t two[2] = { WASMC_RT_I32(17), WASMC_RT_I32(5) }, out[2];
    CHECK("multi-value results", wasmc_rt_call(wasmc_rt_export_func(a, "divmod"), two, 2, out, 2, &err) == 0
          && out[0].of.i32 == 3 && out[1].of.i32 == 2 && out[0].type == WASMC_RT_TYPE_I32);
    CHECK("wrong argument type is refused", wasmc_rt_call(wasmc_rt_export_func(a, "divmod"), two, 1, out, 2, &err) == -1
          && err.kind == WASMC_RT_ERR_ARGS);
    CHECK("export with a dot in its name", fabs(wasmc_counter_f64_sqrt(a, 2.25) - 1.5) < 1e-12);
    CHECK("immutable exported global", wasmc_rt_export_global(b, "scale")->of.i64 == 10);

    /* the runtime's memory limit, which compiled code relies on */
    CHECK("no memory of 65536 pages", !wasmc_rt_memory_new(WASMC_RT_MAX_MEMORY_PAGES + 1, UINT64_MAX));
    wasmc_rt_memory_t *big = wasmc_rt_memory_new(0, UINT64_MAX);
    CHECK("grows to the limit, not past it",
          big && wasmc_rt_memory_grow(big, (uint64_t)WASMC_RT_MAX_MEMORY_PAGES + 1) == -1 &&
              wasmc_rt_memory_grow(big, WASMC_RT_MAX_MEMORY_PAGES) == 0 && wasmc_rt_memory_grow(big, 1) == -1 &&
              big->size == (uint64_t)WASMC_RT_MAX_MEMORY_PAGES * 65536);
    wasmc_rt_memory_free(big);

    wasmc_rt_instance_free(a);
    wasmc_rt_instance_free(b);
    static_instance(log);
    wasmc_rt_func_free(log);
    printf("embed-api: %d passed, %d failed\n", pass, fail);
    return fail != 0;
}
