/*
 * layout.c - what a compiled module carries besides its functions: the
 * instance layout, the init function, the uniform entry points
 * (trampolines), the host-call adapters, and the module descriptor.
 *
 * Runs at the end of lowering.  The instance is one block of memory: the
 * fixed head (wasmc_rt_instance_t), then interned type ids, function
 * objects, pointers to imported functions, tables and memories, global
 * cells (16 bytes each), live lengths of the segments, and the items of the
 * element segments.  Generated code addresses all of it at constant
 * offsets from the instance pointer; the descriptor tells the runtime those
 * offsets, so both agree on one layout without a shared C struct.
 */
#include "wasmc.h"

#include "wasmc_rt.h"

#include <stdlib.h>
#include <string.h>

static uint32_t align_to(uint32_t x, uint32_t a) { return (x + a - 1) & ~(a - 1); }

Layout layout_instance(Module *m, Arena *a)
{
    Layout l = {0};
    uint32_t off = RT_INSTANCE_HEAD;
    l.type_ids = off;
    off = align_to(off + 4 * m->ntypes, 8);
    l.funcs = off;
    off += RT_FUNC_SIZE * (m->nfuncs - m->nimported_funcs);
    l.imported_funcs = off;
    off += 8 * m->nfuncs; /* indexed by function index; own ones unused */
    l.tables = off;
    off += 8 * m->ntables;
    l.memories = off;
    off += 8 * m->nmemories;
    off = align_to(off, 16);
    l.globals = off;
    off += 16 * m->nglobals;
    l.elem_len = off;
    off += 4 * m->nelems;
    l.data_len = off;
    off = align_to(off + 4 * m->ndatas, 8);
    l.elem_items = off;
    l.elem_item_off = arena_alloc(a, (m->nelems + 1) * sizeof *l.elem_item_off);
    for (uint32_t i = 0; i < m->nelems; i++) {
        l.elem_item_off[i] = off;
        uint64_t next = (uint64_t)off + 8ull * m->elems[i].nitems;
        if (next > UINT32_MAX / 2)
            error_at(m->elems[i].off, "element segments too large for one instance");
        off = (uint32_t)next;
    }
    l.size = align_to(off, 16);
    return l;
}

/* An executable instantiates its module exactly once (runtime/main.c), so
 * the instance can be a zeroed global the runtime fills in: code then
 * addresses it RIP-relative instead of through a parameter that has to
 * live in a callee-saved register across every call.  --single-instance
 * asks the same of an object or shared object (one live instance at a
 * time, no heap for it). */
#define MAX_STATIC_INSTANCE (256u << 20) /* bytes; beyond, RIP-relative reach is at risk */

void declare_static_instance(Lower *L)
{
    L->static_inst = NULL;
    if ((L->o->kind != OUT_EXE && !L->o->single_instance) || L->lay.size > MAX_STATIC_INSTANCE)
        return; /* a huge instance (millions of element items) stays on the heap */
    LLVMTypeRef t = LLVMArrayType2(L->i8, L->lay.size);
    L->static_inst = LLVMAddGlobal(L->mod, t, arena_printf(L->m->arena, "wasmc_%s_instance", L->o->module_name));
    LLVMSetInitializer(L->static_inst, LLVMConstNull(t));
    LLVMSetLinkage(L->static_inst, LLVMInternalLinkage);
    LLVMSetAlignment(L->static_inst, 64);
}

/* ---- constants ---- */

static LLVMValueRef cstring_n(Lower *L, const char *s, uint32_t n)
{
    if (!s)
        return LLVMConstNull(L->ptr);
    LLVMValueRef init = LLVMConstStringInContext(L->ctx, s, n, 0);
    LLVMValueRef g = LLVMAddGlobal(L->mod, LLVMTypeOf(init), "");
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    return g;
}

static LLVMValueRef cstring(Lower *L, const char *s)
{
    return cstring_n(L, s, s ? (uint32_t)strlen(s) : 0);
}

static LLVMValueRef const_array(Lower *L, LLVMTypeRef t, LLVMValueRef *v, uint32_t n, const char *name)
{
    if (n == 0)
        return LLVMConstNull(L->ptr);
    LLVMValueRef init = LLVMConstArray2(t, v, n);
    LLVMValueRef g = LLVMAddGlobal(L->mod, LLVMTypeOf(init), name);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    return g;
}

void emit_data_segments(Lower *L)
{
    Module *m = L->m;
    L->datas = arena_alloc(m->arena, (m->ndatas + 1) * sizeof *L->datas);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        LLVMValueRef init = LLVMConstStringInContext(L->ctx, (const char *)m->datas[i].bytes, m->datas[i].len, 1);
        LLVMValueRef g = LLVMAddGlobal(L->mod, LLVMTypeOf(init), "data");
        LLVMSetInitializer(g, init);
        LLVMSetGlobalConstant(g, 1);
        LLVMSetLinkage(g, LLVMPrivateLinkage);
        L->datas[i] = g;
    }
}

/* ---- uniform entry points and host adapters ---- */

#define VAL_SIZE 24   /* sizeof(wasmc_rt_val_t) */
#define VAL_OF 8      /* offsetof(wasmc_rt_val_t, of) */

static LLVMValueRef byte_gep(Lower *L, LLVMValueRef base, uint64_t off)
{
    LLVMValueRef idx = const_i64(L, off);
    return LLVMBuildGEP2(L->b, L->i8, base, &idx, 1, "");
}

static LLVMValueRef new_helper(Lower *L, const char *name, LLVMTypeRef ft)
{
    LLVMValueRef fn = LLVMAddFunction(L->mod, name, ft);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(L->b, LLVMAppendBasicBlockInContext(L->ctx, fn, "entry"));
    return fn;
}

/* void tramp(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args, wasmc_rt_val_t *results) */
LLVMValueRef get_trampoline(Lower *L, uint32_t type)
{
    if (L->tramps[type])
        return L->tramps[type];
    FuncType *t = &L->m->types[type];
    LLVMTypeRef params[3] = { L->ptr, L->ptr, L->ptr };
    LLVMValueRef fn = new_helper(L, arena_printf(L->m->arena, "wasmc_%s_call_t%u", L->o->module_name, type),
                                 LLVMFunctionType(L->voidt, params, 3, 0));
    LLVMValueRef f = LLVMGetParam(fn, 0), args = LLVMGetParam(fn, 1), res = LLVMGetParam(fn, 2);
    LLVMValueRef *cargs = malloc((t->nparams + 1) * sizeof *cargs);
    cargs[0] = LLVMBuildLoad2(L->b, L->ptr, byte_gep(L, f, RT_FUNC_ENV), "");
    LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, byte_gep(L, f, RT_FUNC_CODE), "");
    for (uint32_t i = 0; i < t->nparams; i++)
        cargs[i + 1] = LLVMBuildLoad2(L->b, llvm_type(L, t->params[i]), byte_gep(L, args, VAL_SIZE * i + VAL_OF), "");
    LLVMValueRef r = LLVMBuildCall2(L->b, L->fn_types[type], code, cargs, t->nparams + 1, "");
    for (uint32_t i = 0; i < t->nresults; i++) {
        LLVMValueRef v = t->nresults == 1 ? r : LLVMBuildExtractValue(L->b, r, i, "");
        LLVMBuildStore(L->b, const_i32(L, t->results[i]), byte_gep(L, res, VAL_SIZE * i));
        LLVMBuildStore(L->b, v, byte_gep(L, res, VAL_SIZE * i + VAL_OF));
    }
    LLVMBuildRetVoid(L->b);
    free(cargs);
    return L->tramps[type] = fn;
}

/* RESULT adapter(const wasmc_rt_func_t *host, PARAMS...): packs the
 * arguments into values and calls wasmc_rt_host_call, which runs the host
 * callback and turns its error into a trap. */
LLVMValueRef get_adapter(Lower *L, uint32_t type)
{
    if (L->adapters[type])
        return L->adapters[type];
    FuncType *t = &L->m->types[type];
    LLVMValueRef fn = new_helper(L, arena_printf(L->m->arena, "wasmc_%s_host_t%u", L->o->module_name, type),
                                 L->fn_types[type]);
    LLVMTypeRef vals_t = LLVMArrayType2(L->i8, VAL_SIZE * ((uint64_t)t->nparams + t->nresults + 1));
    LLVMValueRef args = LLVMBuildAlloca(L->b, vals_t, "");
    LLVMSetAlignment(args, 16);
    LLVMValueRef res = byte_gep(L, args, VAL_SIZE * (uint64_t)t->nparams);
    for (uint32_t i = 0; i < t->nparams; i++) {
        LLVMBuildStore(L->b, const_i32(L, t->params[i]), byte_gep(L, args, VAL_SIZE * i));
        LLVMBuildStore(L->b, LLVMGetParam(fn, i + 1), byte_gep(L, args, VAL_SIZE * i + VAL_OF));
    }
    LLVMValueRef cargs[3] = { LLVMGetParam(fn, 0), args, res };
    call_runtime(L, "wasmc_rt_host_call", L->voidt, cargs, 3);
    if (t->nresults == 0) {
        LLVMBuildRetVoid(L->b);
    } else {
        LLVMValueRef *rv = malloc(t->nresults * sizeof *rv);
        for (uint32_t i = 0; i < t->nresults; i++)
            rv[i] = LLVMBuildLoad2(L->b, llvm_type(L, t->results[i]), byte_gep(L, res, VAL_SIZE * i + VAL_OF), "");
        if (t->nresults == 1)
            LLVMBuildRet(L->b, rv[0]);
        else
            LLVMBuildAggregateRet(L->b, rv, t->nresults);
        free(rv);
    }
    return L->adapters[type] = fn;
}

/* ---- the init function ---- */

/* if (status) wasmc_rt_trap(inst, status, -1) */
static void init_check(Lower *L, LLVMValueRef status)
{
    LLVMBasicBlockRef fail = LLVMAppendBasicBlockInContext(L->ctx, L->fn, "fail");
    LLVMBasicBlockRef ok = LLVMAppendBasicBlockInContext(L->ctx, L->fn, "ok");
    LLVMBuildCondBr(L->b, LLVMBuildICmp(L->b, LLVMIntNE, status, const_i32(L, 0), ""), fail, ok);
    LLVMPositionBuilderAtEnd(L->b, fail);
    LLVMValueRef args[3] = { L->inst, status, const_i32(L, UINT32_MAX) };
    call_runtime(L, "wasmc_rt_trap", L->voidt, args, 3);
    LLVMBuildUnreachable(L->b);
    LLVMPositionBuilderAtEnd(L->b, ok);
}

#define ITEM_NULL UINT32_MAX        /* codes for wasmc_rt_elem_items */
#define ITEM_OTHER (UINT32_MAX - 1)

/* The items of element segment i: ref.func and ref.null items become a
 * constant array of codes the runtime expands (so a segment of 100,000
 * functions costs one call, not 100,000 stores); global.get items are
 * stored by generated code. */
static void init_elem_items(Lower *L, uint32_t i)
{
    Elem *e = &L->m->elems[i];
    if (e->nitems == 0)
        return;
    LLVMValueRef *codes = malloc(e->nitems * sizeof *codes);
    for (uint32_t k = 0; k < e->nitems; k++) {
        const Instr *in = &e->items[k].code[0];
        uint32_t c = in->op == OP_REF_FUNC ? in->a : in->op == OP_REF_NULL ? ITEM_NULL : ITEM_OTHER;
        codes[k] = const_i32(L, c);
    }
    LLVMValueRef args[4] = { L->inst, inst_ptr(L, L->lay.elem_item_off[i]),
                             const_array(L, L->i32, codes, e->nitems, "elem_items"), const_i32(L, e->nitems) };
    call_runtime(L, "wasmc_rt_elem_items", L->voidt, args, 4);
    free(codes);
    for (uint32_t k = 0; k < e->nitems; k++)
        if (e->items[k].code[0].op == OP_GLOBAL_GET)
            store_tagged(L, const_expr_value(L, &e->items[k]), inst_ptr(L, L->lay.elem_item_off[i] + 8 * k),
                         L->tbaa_table);
}

static void init_segments(Lower *L)
{
    Module *m = L->m;
    for (uint32_t i = 0; i < m->nelems; i++) {
        Elem *e = &m->elems[i];
        init_elem_items(L, i);
        store_tagged(L, const_i32(L, e->mode == SEG_PASSIVE ? e->nitems : 0),
                     inst_ptr(L, L->lay.elem_len + 4 * i), L->tbaa_runtime);
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        store_tagged(L, const_i32(L, m->datas[i].mode == SEG_PASSIVE ? m->datas[i].len : 0),
                     inst_ptr(L, L->lay.data_len + 4 * i), L->tbaa_runtime);
    /* active segments in order: elements, then data; a trap leaves what
     * was already written in place */
    for (uint32_t i = 0; i < m->nelems; i++) {
        Elem *e = &m->elems[i];
        if (e->mode != SEG_ACTIVE)
            continue;
        LLVMValueRef tbl = load_tagged(L, L->ptr, inst_ptr(L, L->lay.tables + 8 * e->table), L->tbaa_runtime, false);
        LLVMValueRef args[6] = { tbl, const_expr_value(L, &e->offset), inst_ptr(L, L->lay.elem_item_off[i]),
                                 const_i32(L, e->nitems), const_i32(L, 0), const_i32(L, e->nitems) };
        init_check(L, call_runtime(L, "wasmc_rt_table_init", L->i32, args, 6));
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        Data *d = &m->datas[i];
        if (d->mode != SEG_ACTIVE)
            continue;
        LLVMValueRef mem = load_tagged(L, L->ptr, inst_ptr(L, L->lay.memories + 8 * d->mem), L->tbaa_runtime, false);
        LLVMValueRef args[6] = { mem, const_expr_value(L, &d->offset), L->datas[i], const_i32(L, d->len),
                                 const_i32(L, 0), const_i32(L, d->len) };
        init_check(L, call_runtime(L, "wasmc_rt_memory_init", L->i32, args, 6));
    }
}

static LLVMValueRef emit_init(Lower *L)
{
    Module *m = L->m;
    LLVMTypeRef pt = L->ptr;
    L->fn = new_helper(L, arena_printf(m->arena, "wasmc_%s_init", L->o->module_name),
                       LLVMFunctionType(L->voidt, &pt, 1, 0));
    L->inst = LLVMGetParam(L->fn, 0);
    for (uint32_t g = m->nimported_globals; g < m->nglobals; g++)
        store_tagged(L, const_expr_value(L, &m->globals[g].init), inst_ptr(L, L->lay.globals + 16 * g),
                     L->tbaa_global);
    init_segments(L);
    if (m->has_start) {
        uint32_t s = m->start;
        LLVMValueRef arg = L->inst;
        if (m->funcs[s].import) {
            LLVMValueRef f = func_ref(L, s);
            arg = LLVMBuildLoad2(L->b, L->ptr, byte_gep(L, f, RT_FUNC_ENV), "");
            LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, byte_gep(L, f, RT_FUNC_CODE), "");
            LLVMBuildCall2(L->b, L->fn_types[m->funcs[s].type], code, &arg, 1, "");
        } else {
            LLVMBuildCall2(L->b, L->fn_types[m->funcs[s].type], L->fns[s], &arg, 1, "");
        }
    }
    LLVMBuildRetVoid(L->b);
    return L->fn;
}

/* ---- the descriptor ---- */

static LLVMTypeRef extern_desc_type(Lower *L)
{
    LLVMTypeRef f[] = { L->ptr, L->ptr, L->ptr, L->i64, L->i64, L->i32, L->i32,
                        L->i8, L->i8, L->i8, L->i8, L->i32, L->ptr };
    return LLVMStructTypeInContext(L->ctx, f, 13, 0);
}

typedef struct {
    const char *module, *name;
    uint32_t module_len, name_len;
    LLVMValueRef sig, code;
    uint64_t min, max;
    uint32_t index, offset;
    uint8_t kind, type, mut, indirect;
} Desc;

static LLVMValueRef desc_value(Lower *L, const Desc *d)
{
    LLVMValueRef v[] = {
        cstring_n(L, d->module, d->module_len), cstring_n(L, d->name, d->name_len),
        d->sig ? d->sig : LLVMConstNull(L->ptr),
        const_i64(L, d->min), const_i64(L, d->max), const_i32(L, d->index), const_i32(L, d->offset),
        LLVMConstInt(L->i8, d->kind, 0), LLVMConstInt(L->i8, d->type, 0), LLVMConstInt(L->i8, d->mut, 0),
        LLVMConstInt(L->i8, d->indirect, 0), const_i32(L, d->name_len),
        d->code ? d->code : LLVMConstNull(L->ptr),
    };
    return LLVMConstNamedStruct(extern_desc_type(L), v, 13);
}

/* Describes item `index` of kind `kind`: its type, limits and slot. */
static Desc describe(Lower *L, uint8_t kind, uint32_t index, LLVMValueRef *sigs)
{
    Module *m = L->m;
    Desc d = { .kind = kind, .index = index, .max = UINT64_MAX };
    switch (kind) {
    case EXT_FUNC: {
        Func *f = &m->funcs[index];
        d.sig = sigs[f->type];
        d.indirect = f->import != NULL;
        d.offset = f->import ? L->lay.imported_funcs + 8 * index
                             : L->lay.funcs + (index - m->nimported_funcs) * RT_FUNC_SIZE;
        if (f->import)
            d.code = get_adapter(L, f->type);
        break;
    }
    case EXT_TABLE: {
        Table *t = &m->tables[index];
        d.type = t->type;
        d.min = t->lim.min;
        d.max = t->lim.has_max ? t->lim.max : UINT64_MAX;
        d.offset = L->lay.tables + 8 * index;
        d.indirect = 1;
        break;
    }
    case EXT_MEMORY: {
        Memory *mem = &m->memories[index];
        d.min = mem->lim.min;
        d.max = mem->lim.has_max ? mem->lim.max : UINT64_MAX;
        d.offset = L->lay.memories + 8 * index;
        d.indirect = 1;
        break;
    }
    case EXT_GLOBAL: {
        Global *g = &m->globals[index];
        d.type = g->type;
        d.mut = g->mut;
        d.offset = L->lay.globals + 16 * index;
        d.indirect = g->import != NULL;
        break;
    }
    }
    return d;
}

static LLVMValueRef desc_array(Lower *L, Desc *d, uint32_t n, const char *name)
{
    LLVMValueRef *v = malloc((n + 1) * sizeof *v);
    for (uint32_t i = 0; i < n; i++)
        v[i] = desc_value(L, &d[i]);
    LLVMValueRef g = const_array(L, extern_desc_type(L), v, n, name);
    free(v);
    return g;
}

static LLVMValueRef imports_and_exports(Lower *L, LLVMValueRef *sigs, LLVMValueRef *exports)
{
    Module *m = L->m;
    Desc *d = calloc(m->nimports + m->nexports + 1, sizeof *d);
    for (uint32_t i = 0; i < m->nimports; i++) {
        d[i] = describe(L, m->imports[i].kind, m->imports[i].index, sigs);
        d[i].module = m->imports[i].module;
        d[i].module_len = m->imports[i].module_len;
        d[i].name = m->imports[i].name;
        d[i].name_len = m->imports[i].name_len;
    }
    LLVMValueRef imports = desc_array(L, d, m->nimports, "imports");
    for (uint32_t i = 0; i < m->nexports; i++) {
        d[i] = describe(L, m->exports[i].kind, m->exports[i].index, sigs);
        d[i].name = m->exports[i].name;
        d[i].name_len = m->exports[i].name_len;
    }
    *exports = desc_array(L, d, m->nexports, "exports");
    free(d);
    return imports;
}

static LLVMValueRef own_items(Lower *L, uint8_t kind, uint32_t first, uint32_t n, LLVMValueRef *sigs)
{
    Desc *d = calloc(n + 1, sizeof *d);
    for (uint32_t i = 0; i < n; i++)
        d[i] = describe(L, kind, first + i, sigs);
    LLVMValueRef g = desc_array(L, d, n, kind == EXT_TABLE ? "tables" : "memories");
    free(d);
    return g;
}

static LLVMValueRef preopens(Lower *L)
{
    const Options *o = L->o;
    if (o->ndirs == 0)
        return LLVMConstNull(L->ptr);
    LLVMValueRef *v = malloc((o->ndirs + 1) * sizeof *v);
    for (int i = 0; i < o->ndirs; i++)
        v[i] = cstring(L, o->dirs[i]);
    v[o->ndirs] = LLVMConstNull(L->ptr);
    LLVMValueRef g = const_array(L, L->ptr, v, (uint32_t)o->ndirs + 1, "preopens");
    free(v);
    return g;
}

/* Can anything get hold of function f: ref.func or an element segment
 * (declared_ref covers those and exports), or the start function? */
static bool referenced(Module *m, uint32_t f)
{
    return m->funcs[f].declared_ref || (m->has_start && m->start == f);
}

static LLVMValueRef func_tables(Lower *L, LLVMValueRef *names, LLVMValueRef *types)
{
    Module *m = L->m;
    uint32_t nown = m->nfuncs - m->nimported_funcs;
    LLVMValueRef *v = malloc((m->nfuncs + 1) * sizeof *v);
    for (uint32_t i = 0; i < m->nfuncs; i++)
        v[i] = cstring(L, m->funcs[i].name);
    *names = const_array(L, L->ptr, v, m->nfuncs, "func_names");
    for (uint32_t i = 0; i < nown; i++)
        v[i] = const_i32(L, m->funcs[m->nimported_funcs + i].type);
    *types = const_array(L, L->i32, v, nown, "func_types");
    /* only functions something can reference get a function object; the
     * others keep their address untaken, so LLVM may change their calling
     * convention and drop unused arguments (runtime/symbols.c names them
     * in traps) */
    for (uint32_t i = 0; i < nown; i++)
        v[i] = referenced(m, m->nimported_funcs + i) ? L->fns[m->nimported_funcs + i] : LLVMConstNull(L->ptr);
    LLVMValueRef code = const_array(L, L->ptr, v, nown, "func_code");
    free(v);
    return code;
}

static uint32_t module_flags(Lower *L)
{
    return (L->o->explicit_bounds ? WASMC_RT_MODULE_EXPLICIT_BOUNDS : 0) |
           (L->static_inst ? WASMC_RT_MODULE_STATIC_INSTANCE : 0);
}

void emit_init_and_descriptor(Lower *L)
{
    Module *m = L->m;
    const Options *o = L->o;
    LLVMValueRef *sigs = malloc((m->ntypes + 1) * sizeof *sigs);
    LLVMValueRef *calls = malloc((m->ntypes + 1) * sizeof *calls);
    for (uint32_t i = 0; i < m->ntypes; i++)
        sigs[i] = cstring(L, L->sigs[i]);
    for (uint32_t i = 0; i < m->ntypes; i++)
        calls[i] = LLVMConstNull(L->ptr);
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++)
        calls[m->funcs[i].type] = get_trampoline(L, m->funcs[i].type);
    LLVMValueRef init = emit_init(L);
    LLVMValueRef exports, names, types;
    LLVMValueRef imports = imports_and_exports(L, sigs, &exports);
    LLVMValueRef code = func_tables(L, &names, &types);
    LLVMValueRef f[] = {
        const_i32(L, WASMC_RT_ABI_VERSION), const_i32(L, L->lay.size), cstring(L, o->module_name),
        const_i32(L, m->nimports), const_i32(L, m->nexports), imports, exports,
        const_i32(L, m->nmemories - m->nimported_memories), const_i32(L, m->ntables - m->nimported_tables),
        own_items(L, EXT_MEMORY, m->nimported_memories, m->nmemories - m->nimported_memories, sigs),
        own_items(L, EXT_TABLE, m->nimported_tables, m->ntables - m->nimported_tables, sigs),
        const_i32(L, m->nfuncs), const_i32(L, m->nimported_funcs), names, code, types,
        const_i32(L, m->ntypes), const_i32(L, L->lay.type_ids),
        const_array(L, L->ptr, sigs, m->ntypes, "type_sigs"),
        const_array(L, L->ptr, calls, m->ntypes, "type_calls"),
        init, const_i32(L, L->lay.funcs), const_i32(L, L->lay.imported_funcs),
        const_i32(L, module_flags(L)), const_i32(L, 0),
        const_i64(L, o->stack_size), const_i64(L, o->max_memory_pages), preopens(L),
        L->static_inst ? L->static_inst : LLVMConstNull(L->ptr),
    };
    unsigned nf = sizeof f / sizeof f[0];
    LLVMValueRef desc = LLVMConstStructInContext(L->ctx, f, nf, 0);
    LLVMValueRef g = LLVMAddGlobal(L->mod, LLVMTypeOf(desc), arena_printf(m->arena, "wasmc_%s_module", o->module_name));
    LLVMSetInitializer(g, desc);
    LLVMSetGlobalConstant(g, 1);
    if (o->kind == OUT_EXE) {
        /* the runtime's main() starts the module named by this pointer */
        LLVMValueRef mainp = LLVMAddGlobal(L->mod, L->ptr, "wasmc_rt_main_module");
        LLVMSetInitializer(mainp, g);
        LLVMSetGlobalConstant(mainp, 1);
    }
    free(sigs);
    free(calls);
}

/* External, C-callable functions for exports:
 * RESULT wasmc_<module>_<export>(wasmc_rt_instance_t *inst, PARAMS...).
 * A trap in one unwinds to the innermost wasmc_rt_call, so C code that
 * wants traps back as errors calls through wasmc_rt_call instead. */
void emit_export_wrappers(Lower *L)
{
    Module *m = L->m;
    for (uint32_t i = 0; i < m->nexports; i++) {
        Export *e = &m->exports[i];
        if (e->kind != EXT_FUNC)
            continue;
        Func *f = &m->funcs[e->index];
        FuncType *t = &m->types[f->type];
        char *name = arena_printf(m->arena, "wasmc_%s_%s", L->o->module_name, c_ident(m->arena, e->name));
        if (LLVMGetNamedFunction(L->mod, name) || LLVMGetNamedGlobal(L->mod, name))
            continue; /* two exports whose names map to one identifier: keep the first */
        LLVMValueRef fn = LLVMAddFunction(L->mod, name, L->fn_types[f->type]);
        LLVMPositionBuilderAtEnd(L->b, LLVMAppendBasicBlockInContext(L->ctx, fn, "entry"));
        L->fn = fn;
        L->inst = LLVMGetParam(fn, 0);
        LLVMValueRef *args = malloc((t->nparams + 1) * sizeof *args);
        for (uint32_t k = 0; k <= t->nparams; k++)
            args[k] = LLVMGetParam(fn, k);
        LLVMValueRef r;
        if (f->import) {
            LLVMValueRef obj = func_ref(L, e->index);
            args[0] = LLVMBuildLoad2(L->b, L->ptr, byte_gep(L, obj, RT_FUNC_ENV), "");
            LLVMValueRef code = LLVMBuildLoad2(L->b, L->ptr, byte_gep(L, obj, RT_FUNC_CODE), "");
            r = LLVMBuildCall2(L->b, L->fn_types[f->type], code, args, t->nparams + 1, "");
        } else {
            r = LLVMBuildCall2(L->b, L->fn_types[f->type], L->fns[e->index], args, t->nparams + 1, "");
        }
        if (t->nresults == 0)
            LLVMBuildRetVoid(L->b);
        else
            LLVMBuildRet(L->b, r);
        free(args);
    }
}
