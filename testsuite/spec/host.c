/*
 * host.c - what a script's modules can import: the "spectest" host module
 * and the instances the `register` command named.
 *
 * spectest is the fixed environment every spec test assumes: print
 * functions that do nothing here, four immutable globals holding 666 or
 * 666.6, a funcref table of 10..20 elements and a memory of 1..2 pages.
 * Like the reference interpreter, a script has one spectest instance, so
 * all its modules share that table and memory.
 */
#include "spec.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *name;
    wasmc_rt_extern_t x;
} HostExport;

static HostExport spectest[16];
static size_t nspectest;

static int print_nothing(void *data, const wasmc_rt_val_t *args, wasmc_rt_val_t *results,
                         wasmc_rt_error_t *err)
{
    (void)data, (void)args, (void)results, (void)err;
    return 0;
}

static void add(const char *name, wasmc_rt_extern_t x)
{
    spectest[nspectest].name = name;
    spectest[nspectest++].x = x;
}

static int add_func(const char *name, const char *sig)
{
    wasmc_rt_func_t *f = wasmc_rt_func_new(sig, print_nothing, NULL);
    add(name, (wasmc_rt_extern_t){ .kind = WASMC_RT_EXTERN_FUNC, .of.func = f });
    return f ? 0 : -1;
}

static void add_global(const char *name, wasmc_rt_valtype_t type, wasmc_rt_global_t value)
{
    static wasmc_rt_global_t cells[4];
    static size_t ncells;
    wasmc_rt_global_t *g = &cells[ncells++];
    *g = value;
    add(name, (wasmc_rt_extern_t){ .kind = WASMC_RT_EXTERN_GLOBAL, .of.global = g,
                                   .global_type = (uint8_t)type, .global_mut = 0 });
}

int host_init(void)
{
    if (nspectest)
        return 0;
    int rc = add_func("print", ":") | add_func("print_i32", "i:") | add_func("print_i64", "I:")
             | add_func("print_f32", "f:") | add_func("print_f64", "F:")
             | add_func("print_i32_f32", "if:") | add_func("print_f64_f64", "FF:");
    add_global("global_i32", WASMC_RT_TYPE_I32, (wasmc_rt_global_t){ .of.i32 = 666 });
    add_global("global_i64", WASMC_RT_TYPE_I64, (wasmc_rt_global_t){ .of.i64 = 666 });
    add_global("global_f32", WASMC_RT_TYPE_F32, (wasmc_rt_global_t){ .of.f32 = 666.6f });
    add_global("global_f64", WASMC_RT_TYPE_F64, (wasmc_rt_global_t){ .of.f64 = 666.6 });
    wasmc_rt_table_t *t = wasmc_rt_table_new(WASMC_RT_TYPE_FUNCREF, 10, 20);
    wasmc_rt_memory_t *m = wasmc_rt_memory_new(1, 2);
    add("table", (wasmc_rt_extern_t){ .kind = WASMC_RT_EXTERN_TABLE, .of.table = t });
    add("memory", (wasmc_rt_extern_t){ .kind = WASMC_RT_EXTERN_MEMORY, .of.memory = m });
    return rc || !t || !m ? -1 : 0;
}

void host_register(Registry *r, const char *as, wasmc_rt_instance_t *inst)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->items = realloc(r->items, r->cap * sizeof *r->items);
        if (!r->items)
            abort();
    }
    r->items[r->n].as = strdup(as);
    r->items[r->n++].inst = inst;
}

/* Registered instances first, newest first, then spectest.  A missing
 * name returns -1 (the runtime reports "unknown import"); a name of the
 * wrong kind is returned as it is, for the runtime's type check. */
int host_resolve(void *data, const wasmc_rt_extern_desc_t *desc, wasmc_rt_extern_t *out)
{
    Registry *r = data;
    for (size_t i = r ? r->n : 0; i-- > 0;)
        if (strcmp(r->items[i].as, desc->module) == 0)
            return wasmc_rt_export_n(r->items[i].inst, desc->name, desc->name_len, out);
    if (strcmp(desc->module, "spectest") != 0)
        return -1;
    for (size_t i = 0; i < nspectest; i++)
        if (strcmp(spectest[i].name, desc->name) == 0) {
            *out = spectest[i].x;
            return 0;
        }
    return -1;
}
