/*
 * instance.c - instantiation: imports, own memories and tables, the
 * function objects, then the module's generated init function; and export
 * lookup.
 *
 * An instance is one block laid out by the compiler (see
 * compiler/layout.c); the descriptor gives the offsets of everything the
 * runtime fills.  Import checks follow the spec's linking rules: functions
 * by interned signature, globals by type and mutability, memories and
 * tables by limits (the import's limits must contain the provided ones).
 */
#include "rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT(inst, off) ((uint8_t *)(inst) + (off))

static int link_error(wasmc_rt_error_t *err, const wasmc_rt_extern_desc_t *d, const char *why)
{
    if (err) {
        char detail[200];
        snprintf(detail, sizeof detail, "%s \"%s\" \"%s\"", why, d->module ? d->module : "", d->name);
        rt_format_error(err, WASMC_RT_ERR_LINK, NULL, -1, detail);
        snprintf(err->message, sizeof err->message, "%s", detail);
    }
    return -1;
}

static bool limits_match(uint64_t size, uint64_t max, const wasmc_rt_extern_desc_t *d)
{
    if (size < d->min)
        return false;
    if (d->max == UINT64_MAX)
        return true;
    return max != UINT64_MAX && max <= d->max;
}

static int check_import(const wasmc_rt_extern_desc_t *d, const wasmc_rt_extern_t *x, wasmc_rt_error_t *err)
{
    if ((uint8_t)x->kind != d->kind)
        return link_error(err, d, "incompatible import type: wrong kind for");
    switch (d->kind) {
    case WASMC_RT_EXTERN_FUNC:
        if (!x->of.func || x->of.func->type_id != wasmc_rt_type_id(d->sig))
            return link_error(err, d, "incompatible import type: signature mismatch for");
        break;
    case WASMC_RT_EXTERN_TABLE:
        if (x->of.table->type != d->type || !limits_match(x->of.table->size, x->of.table->max, d))
            return link_error(err, d, "incompatible import type: table type or limits mismatch for");
        break;
    case WASMC_RT_EXTERN_MEMORY:
        if (!limits_match(x->of.memory->size / WASM_PAGE, x->of.memory->max_pages, d))
            return link_error(err, d, "incompatible import type: memory limits mismatch for");
        break;
    case WASMC_RT_EXTERN_GLOBAL:
        if (x->global_type != d->type || x->global_mut != d->mut)
            return link_error(err, d, "incompatible import type: global type mismatch for");
        break;
    }
    return 0;
}

static int resolve_imports(wasmc_rt_instance_t *inst, wasmc_rt_resolver_t resolve, void *data,
                           wasmc_rt_error_t *err)
{
    const wasmc_rt_module_t *m = inst->module;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wasmc_rt_extern_desc_t *d = &m->imports[i];
        wasmc_rt_extern_t x;
        memset(&x, 0, sizeof x);
        if (!resolve || resolve(data, d, &x) != 0)
            return link_error(err, d, "unknown import");
        if (check_import(d, &x, err))
            return -1;
        void *obj = (void *)x.of.func;
        if (d->kind == WASMC_RT_EXTERN_FUNC && !x.of.func->code && d->code)
            ((wasmc_rt_func_t *)x.of.func)->code = d->code; /* a host function: give it native code */
        memcpy(AT(inst, d->offset), &obj, sizeof obj);
    }
    return 0;
}

static int create_own(wasmc_rt_instance_t *inst, wasmc_rt_error_t *err)
{
    const wasmc_rt_module_t *m = inst->module;
    for (uint32_t i = 0; i < m->nmemories; i++) {
        const wasmc_rt_extern_desc_t *d = &m->memories[i];
        uint64_t max = d->max < m->max_memory_pages ? d->max : m->max_memory_pages;
        if (d->min > max) {
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1, "memory minimum is above --max-memory");
            return -1;
        }
        if (d->min > WASMC_RT_MAX_MEMORY_PAGES) {
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1,
                            "memory minimum is above wasmc's limit of 65535 pages (4 GiB - 64 KiB)");
            return -1;
        }
        wasmc_rt_memory_t *mem = wasmc_rt_memory_new(d->min, max);
        if (!mem) {
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1, "cannot reserve linear memory");
            return -1;
        }
        memcpy(AT(inst, d->offset), &mem, sizeof mem);
    }
    for (uint32_t i = 0; i < m->ntables; i++) {
        const wasmc_rt_extern_desc_t *d = &m->tables[i];
        wasmc_rt_table_t *t = wasmc_rt_table_new((wasmc_rt_valtype_t)d->type, (uint32_t)d->min, d->max);
        if (!t) {
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1, "cannot allocate table");
            return -1;
        }
        memcpy(AT(inst, d->offset), &t, sizeof t);
    }
    return 0;
}

/* The memory with index 0, imported or own, or NULL. */
static wasmc_rt_memory_t *memory0(wasmc_rt_instance_t *inst)
{
    const wasmc_rt_module_t *m = inst->module;
    const wasmc_rt_extern_desc_t *d = NULL;
    for (uint32_t i = 0; i < m->nimports && !d; i++)
        if (m->imports[i].kind == WASMC_RT_EXTERN_MEMORY)
            d = &m->imports[i];
    if (!d && m->nmemories)
        d = &m->memories[0];
    wasmc_rt_memory_t *mem = NULL;
    if (d)
        memcpy(&mem, AT(inst, d->offset), sizeof mem);
    return mem;
}

static void fill_functions(wasmc_rt_instance_t *inst)
{
    const wasmc_rt_module_t *m = inst->module;
    uint32_t *ids = (uint32_t *)AT(inst, m->type_ids_offset);
    for (uint32_t t = 0; t < m->ntypes; t++)
        ids[t] = wasmc_rt_type_id(m->type_sigs[t]);
    wasmc_rt_func_t *f = (wasmc_rt_func_t *)AT(inst, m->funcs_offset);
    for (uint32_t i = 0; i < m->nfuncs - m->nimported_funcs; i++) {
        uint32_t t = m->func_types[i];
        if (!m->func_code[i])
            continue; /* nothing can reference it: no function object */
        f[i].code = m->func_code[i];
        f[i].env = inst;
        f[i].call = (void (*)(const wasmc_rt_func_t *, const wasmc_rt_val_t *, wasmc_rt_val_t *))m->type_calls[t];
        f[i].type_id = ids[t];
        f[i].func_index = m->nimported_funcs + i;
        f[i].sig = m->type_sigs[t];
    }
}

/* Expands the item codes of an element segment (compiler/layout.c): a
 * function index becomes that function's object, UINT32_MAX null, and
 * UINT32_MAX - 1 is left for the generated code (a global.get item). */
void wasmc_rt_elem_items(wasmc_rt_instance_t *inst, void **dst, const uint32_t *codes, uint32_t n)
{
    const wasmc_rt_module_t *m = inst->module;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = codes[i];
        if (c == UINT32_MAX)
            dst[i] = NULL;
        else if (c == UINT32_MAX - 1)
            continue;
        else if (c < m->nimported_funcs)
            memcpy(&dst[i], AT(inst, m->imported_funcs_offset + 8 * c), sizeof dst[i]);
        else
            dst[i] = AT(inst, m->funcs_offset + (c - m->nimported_funcs) * sizeof(wasmc_rt_func_t));
    }
}

static void run_init(void *p)
{
    wasmc_rt_instance_t *inst = p;
    inst->module->init(inst);
}

wasmc_rt_instance_t *wasmc_rt_instantiate(const wasmc_rt_module_t *m, wasmc_rt_resolver_t resolve,
                                          void *resolve_data, wasmc_rt_error_t *err)
{
    return wasmc_rt_instantiate_ex(m, resolve, resolve_data, NULL, err);
}

/* Zeroed instance storage: the module's own for an executable's module
 * (its code addresses that storage directly), otherwise from the heap. */
static wasmc_rt_instance_t *new_instance(const wasmc_rt_module_t *m, wasmc_rt_error_t *err)
{
    wasmc_rt_instance_t *inst;
    if (m->flags & WASMC_RT_MODULE_STATIC_INSTANCE) {
        inst = m->static_instance;
        if (inst->module) {
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1,
                            "the module of an executable is already instantiated");
            return NULL;
        }
    } else {
        inst = aligned_alloc(16, (m->instance_size + 15) & ~15u);
        if (!inst) {
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1, "cannot allocate instance");
            return NULL;
        }
    }
    memset(inst, 0, m->instance_size);
    return inst;
}

wasmc_rt_instance_t *wasmc_rt_instantiate_ex(const wasmc_rt_module_t *m, wasmc_rt_resolver_t resolve,
                                             void *resolve_data, wasmc_rt_ready_t ready,
                                             wasmc_rt_error_t *err)
{
    wasmc_rt_error_t local;
    if (!err)
        err = &local;
    memset(err, 0, sizeof *err);
    if (m->abi_version != WASMC_RT_ABI_VERSION) {
        rt_format_error(err, WASMC_RT_ERR_LINK, NULL, -1, "module compiled for another runtime version");
        return NULL;
    }
    wasmc_rt_instance_t *inst = new_instance(m, err);
    if (!inst)
        return NULL;
    inst->module = m;
    if (resolve_imports(inst, resolve, resolve_data, err) || create_own(inst, err)) {
        wasmc_rt_instance_free(inst);
        return NULL;
    }
    inst->mem0 = memory0(inst);
    inst->mem0_base = inst->mem0 ? inst->mem0->base : NULL;
    fill_functions(inst);
    rt_register_module(m);
    if (ready)
        ready(resolve_data, inst);
    /* A trap here leaves what init already wrote into imported tables and
     * memories in place, and those may now refer to this instance's
     * functions: the instance is kept alive (leaked), as the spec requires. */
    if (rt_protected(run_init, inst, err) != 0)
        return NULL;
    return inst;
}

void wasmc_rt_instance_free(wasmc_rt_instance_t *inst)
{
    if (!inst)
        return;
    const wasmc_rt_module_t *m = inst->module;
    for (uint32_t i = 0; i < m->nmemories; i++) {
        wasmc_rt_memory_t *mem;
        memcpy(&mem, AT(inst, m->memories[i].offset), sizeof mem);
        wasmc_rt_memory_free(mem);
    }
    for (uint32_t i = 0; i < m->ntables; i++) {
        wasmc_rt_table_t *t;
        memcpy(&t, AT(inst, m->tables[i].offset), sizeof t);
        wasmc_rt_table_free(t);
    }
    if (m->flags & WASMC_RT_MODULE_STATIC_INSTANCE)
        memset(inst, 0, m->instance_size); /* free for the next instantiation */
    else
        free(inst);
}

int wasmc_rt_export(wasmc_rt_instance_t *inst, const char *name, wasmc_rt_extern_t *out)
{
    return wasmc_rt_export_n(inst, name, strlen(name), out);
}

int wasmc_rt_export_n(wasmc_rt_instance_t *inst, const char *name, size_t len, wasmc_rt_extern_t *out)
{
    const wasmc_rt_module_t *m = inst->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wasmc_rt_extern_desc_t *d = &m->exports[i];
        if (d->name_len != len || memcmp(d->name, name, len) != 0)
            continue;
        void *obj = AT(inst, d->offset);
        if (d->indirect)
            memcpy(&obj, obj, sizeof obj);
        memset(out, 0, sizeof *out);
        out->kind = (wasmc_rt_externkind_t)d->kind;
        out->of.func = obj;
        out->global_type = d->type;
        out->global_mut = d->mut;
        return 0;
    }
    return -1;
}

static void *export_of(wasmc_rt_instance_t *inst, const char *name, wasmc_rt_externkind_t kind)
{
    wasmc_rt_extern_t x;
    if (wasmc_rt_export(inst, name, &x) != 0 || x.kind != kind)
        return NULL;
    return (void *)x.of.func;
}

const wasmc_rt_func_t *wasmc_rt_export_func(wasmc_rt_instance_t *inst, const char *name)
{
    return export_of(inst, name, WASMC_RT_EXTERN_FUNC);
}

wasmc_rt_memory_t *wasmc_rt_export_memory(wasmc_rt_instance_t *inst, const char *name)
{
    return export_of(inst, name, WASMC_RT_EXTERN_MEMORY);
}

wasmc_rt_table_t *wasmc_rt_export_table(wasmc_rt_instance_t *inst, const char *name)
{
    return export_of(inst, name, WASMC_RT_EXTERN_TABLE);
}

wasmc_rt_global_t *wasmc_rt_export_global(wasmc_rt_instance_t *inst, const char *name)
{
    return export_of(inst, name, WASMC_RT_EXTERN_GLOBAL);
}
