/*
 * lower.c - lowering driver: Module -> LLVM IR.
 *
 * Third stage, after validation.  Declares one LLVM function per wasm
 * function, with the signature  RESULT f(ptr instance, PARAMS...), then
 * lowers each body by walking its instructions once with a stack of LLVM
 * values and a stack of control frames.  The instruction families live in
 * lower_control.c, lower_numeric.c, lower_memory.c and lower_call.c; this
 * file holds the walk and the helpers they share.
 *
 * Alias classes: every load and store is tagged with TBAA metadata naming
 * one of four disjoint classes - linear memory, globals, tables, runtime
 * state (instance fields) - so LLVM can keep globals in registers across
 * loops that touch linear memory, and hoist loads of the instance.
 */
#include "wasmc.h"

#include <stdlib.h>
#include <string.h>

LLVMTypeRef llvm_type(Lower *L, uint8_t vt)
{
    switch (vt) {
    case VT_I32: return L->i32;
    case VT_I64: return L->i64;
    case VT_F32: return L->f32;
    case VT_F64: return L->f64;
    case VT_V128: return L->v128;
    case VT_FUNCREF: case VT_EXTERNREF: return L->ptr;
    }
    die("bad value type 0x%x", vt);
}

LLVMValueRef zero_value(Lower *L, uint8_t vt)
{
    return LLVMConstNull(llvm_type(L, vt));
}

void push_val(Lower *L, LLVMValueRef v)
{
    if (L->nvals == L->capvals) {
        L->capvals = L->capvals ? L->capvals * 2 : 64;
        L->vals = realloc(L->vals, L->capvals * sizeof *L->vals);
        if (!L->vals)
            die("out of memory");
    }
    L->vals[L->nvals++] = v;
}

LLVMValueRef pop_val(Lower *L)
{
    if (L->nvals == 0)
        die("value stack underflow in function %u", L->fidx);
    return L->vals[--L->nvals];
}

LLVMValueRef const_i32(Lower *L, uint32_t v) { return LLVMConstInt(L->i32, v, 0); }
LLVMValueRef const_i64(Lower *L, uint64_t v) { return LLVMConstInt(L->i64, v, 0); }

LLVMValueRef inst_ptr(Lower *L, uint32_t offset)
{
    LLVMValueRef idx = const_i64(L, offset);
    return LLVMBuildGEP2(L->b, L->i8, L->inst, &idx, 1, "");
}

LLVMValueRef load_tagged(Lower *L, LLVMTypeRef t, LLVMValueRef p, LLVMValueRef tag, bool invariant)
{
    LLVMValueRef v = LLVMBuildLoad2(L->b, t, p, "");
    LLVMSetMetadata(v, L->md_tbaa, tag);
    if (invariant)
        LLVMSetMetadata(v, L->md_invariant, LLVMMetadataAsValue(L->ctx, LLVMMDNodeInContext2(L->ctx, NULL, 0)));
    return v;
}

LLVMValueRef store_tagged(Lower *L, LLVMValueRef v, LLVMValueRef p, LLVMValueRef tag)
{
    LLVMValueRef s = LLVMBuildStore(L->b, v, p);
    LLVMSetMetadata(s, L->md_tbaa, tag);
    return s;
}

LLVMValueRef call_intrinsic(Lower *L, const char *name, LLVMTypeRef *over, unsigned nover,
                            LLVMValueRef *args, unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    if (!id)
        die("unknown intrinsic %s", name);
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(L->mod, id, over, nover);
    LLVMTypeRef ft = LLVMIntrinsicGetType(L->ctx, id, over, nover);
    return LLVMBuildCall2(L->b, ft, fn, args, nargs, "");
}

/* An LLVM enum attribute by name, with its integer value (0 for flags). */
LLVMAttributeRef enum_attr(Lower *L, const char *name, uint64_t value)
{
    return LLVMCreateEnumAttribute(L->ctx, LLVMGetEnumAttributeKindForName(name, strlen(name)), value);
}

/* Calls a runtime function, declaring it on first use with the types of
 * the arguments given. */
LLVMValueRef call_runtime(Lower *L, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n)
{
    LLVMTypeRef params[8];
    for (unsigned i = 0; i < n; i++)
        params[i] = LLVMTypeOf(args[i]);
    LLVMTypeRef ft = LLVMFunctionType(ret, params, n, 0);
    LLVMValueRef fn = LLVMGetNamedFunction(L->mod, name);
    if (!fn) {
        fn = LLVMAddFunction(L->mod, name, ft);
        if (strncmp(name, "wasmc_rt_trap", 13) == 0) /* never returns, rarely runs */
            for (const char *const *a = (const char *const[]){ "noreturn", "cold", "nounwind", NULL }; *a; a++)
                LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, enum_attr(L, *a, 0));
    }
    return LLVMBuildCall2(L->b, ft, fn, args, n, "");
}

/* ---- module setup ---- */

/* The TBAA access tag of class `name` (children of the root "wasmc"); equal
 * names give the same uniqued node, so other stages can recognize a class. */
LLVMValueRef tbaa_tag(LLVMContextRef ctx, const char *name)
{
    LLVMMetadataRef rootname = LLVMMDStringInContext2(ctx, "wasmc", 5);
    LLVMMetadataRef root = LLVMMDNodeInContext2(ctx, &rootname, 1);
    LLVMMetadataRef zero = LLVMValueAsMetadata(LLVMConstInt(LLVMInt64TypeInContext(ctx), 0, 0));
    LLVMMetadataRef type[3] = { LLVMMDStringInContext2(ctx, name, strlen(name)), root, zero };
    LLVMMetadataRef t = LLVMMDNodeInContext2(ctx, type, 3);
    LLVMMetadataRef tag[3] = { t, t, zero };
    return LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, tag, 3));
}

static void init_types(Lower *L)
{
    LLVMContextRef c = L->ctx;
    L->i1 = LLVMInt1TypeInContext(c);
    L->i8 = LLVMInt8TypeInContext(c);
    L->i16 = LLVMInt16TypeInContext(c);
    L->i32 = LLVMInt32TypeInContext(c);
    L->i64 = LLVMInt64TypeInContext(c);
    L->f32 = LLVMFloatTypeInContext(c);
    L->f64 = LLVMDoubleTypeInContext(c);
    L->v128 = LLVMVectorType(L->i64, 2);
    L->ptr = LLVMPointerTypeInContext(c, 0);
    L->voidt = LLVMVoidTypeInContext(c);
    L->md_tbaa = LLVMGetMDKindIDInContext(c, "tbaa", 4);
    L->md_invariant = LLVMGetMDKindIDInContext(c, "invariant.load", 14);
    L->tbaa_memory = tbaa_tag(c, TBAA_MEMORY);
    L->tbaa_global = tbaa_tag(c, "global");
    L->tbaa_table = tbaa_tag(c, "table");
    L->tbaa_runtime = tbaa_tag(c, "runtime");
}

static const char sig_letter[256] = {
    [VT_I32] = 'i', [VT_I64] = 'I', [VT_F32] = 'f', [VT_F64] = 'F', [VT_V128] = 'V',
    [VT_FUNCREF] = 'r', [VT_EXTERNREF] = 'e',
};

static void init_signatures(Lower *L)
{
    Module *m = L->m;
    L->fn_types = arena_alloc(m->arena, (m->ntypes + 1) * sizeof *L->fn_types);
    L->sigs = arena_alloc(m->arena, (m->ntypes + 1) * sizeof *L->sigs);
    L->tramps = arena_alloc(m->arena, (m->ntypes + 1) * sizeof *L->tramps);
    L->adapters = arena_alloc(m->arena, (m->ntypes + 1) * sizeof *L->adapters);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        FuncType *t = &m->types[i];
        LLVMTypeRef *params = malloc((t->nparams + 1) * sizeof *params);
        params[0] = L->ptr;
        for (uint32_t k = 0; k < t->nparams; k++)
            params[k + 1] = llvm_type(L, t->params[k]);
        LLVMTypeRef ret = L->voidt;
        if (t->nresults == 1) {
            ret = llvm_type(L, t->results[0]);
        } else if (t->nresults > 1) {
            LLVMTypeRef *rs = malloc(t->nresults * sizeof *rs);
            for (uint32_t k = 0; k < t->nresults; k++)
                rs[k] = llvm_type(L, t->results[k]);
            ret = LLVMStructTypeInContext(L->ctx, rs, t->nresults, 0);
            free(rs);
        }
        L->fn_types[i] = LLVMFunctionType(ret, params, t->nparams + 1, 0);
        free(params);
        char *sig = arena_alloc(m->arena, t->nparams + t->nresults + 2);
        char *p = sig;
        for (uint32_t k = 0; k < t->nparams; k++)
            *p++ = sig_letter[t->params[k]];
        *p++ = ':';
        for (uint32_t k = 0; k < t->nresults; k++)
            *p++ = sig_letter[t->results[k]];
        L->sigs[i] = sig;
    }
}

static void add_attr(Lower *L, LLVMValueRef fn, const char *k, const char *v)
{
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
        LLVMCreateStringAttribute(L->ctx, k, strlen(k), v, strlen(v)));
}

static void declare_functions(Lower *L)
{
    Module *m = L->m;
    const char *prefix = L->o->module_name;
    L->fns = arena_alloc(m->arena, (m->nfuncs + 1) * sizeof *L->fns);
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        Func *f = &m->funcs[i];
        char *name = f->name ? arena_printf(m->arena, "wasmc_%s_f%u_%s", prefix, i, c_ident(m->arena, f->name))
                             : arena_printf(m->arena, "wasmc_%s_f%u", prefix, i);
        LLVMValueRef fn = LLVMAddFunction(L->mod, name, L->fn_types[f->type]);
        LLVMSetLinkage(fn, LLVMInternalLinkage);
        /* large frames must touch the guard page below the stack in order */
        add_attr(L, fn, "probe-stack", "inline-asm");
        add_attr(L, fn, "frame-pointer", "none");
        /* the default CPU is baseline x86-64, tuned like clang's default */
        if (!L->o->cpu)
            add_attr(L, fn, "tune-cpu", "generic");
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, enum_attr(L, "nounwind", 0));
        /* the instance is always there and whole: its invariant fields
         * (memory base, table and function pointers) can be reloaded
         * instead of kept in a register across calls, and hoisted */
        LLVMAddAttributeAtIndex(fn, 1, enum_attr(L, "dereferenceable", L->lay.size));
        LLVMAddAttributeAtIndex(fn, 1, enum_attr(L, "nonnull", 0));
        LLVMAddAttributeAtIndex(fn, 1, enum_attr(L, "align", 16));
        L->fns[i] = fn;
    }
}

/* ---- function bodies ---- */

static void setup_locals(Lower *L)
{
    Func *f = L->f;
    FuncType *t = &L->m->types[f->type];
    L->nlocals = t->nparams + f->nlocals;
    L->locals = realloc(L->locals, (L->nlocals + 1) * sizeof *L->locals);
    L->local_types = realloc(L->local_types, L->nlocals + 1);
    memcpy(L->local_types, t->params, t->nparams);
    memcpy(L->local_types + t->nparams, f->locals, f->nlocals);
    for (uint32_t i = 0; i < L->nlocals; i++) {
        LLVMTypeRef ty = llvm_type(L, L->local_types[i]);
        L->locals[i] = LLVMBuildAlloca(L->b, ty, "");
        LLVMValueRef init = i < t->nparams ? LLVMGetParam(L->fn, i + 1) : LLVMConstNull(ty);
        LLVMBuildStore(L->b, init, L->locals[i]);
    }
}

static void setup_memory(Lower *L)
{
    L->mem_base = L->mem0 = NULL;
    if (L->m->nmemories == 0)
        return;
    /* the base never moves (the whole reservation is mapped up front), so
     * it is loaded once per function; an executable loads it at each
     * access instead (memory_base in lower_memory.c) */
    if (!L->static_inst)
        L->mem_base = load_tagged(L, L->ptr, inst_ptr(L, RT_INST_MEM0_BASE), L->tbaa_runtime, true);
    L->mem0 = load_tagged(L, L->ptr, inst_ptr(L, RT_INST_MEM0), L->tbaa_runtime, true);
}

static void lower_instr(Lower *L, const Instr *in)
{
    const OpInfo *oi = &op_info[in->op];
    switch (oi->lower) {
    case L_LOAD: case L_LOAD_S: case L_LOAD_U: case L_STORE:
        lower_memory(L, in);
        return;
    case L_SPECIAL:
        break;
    default:
        lower_numeric(L, in);
        return;
    }
    switch (in->op) {
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST: case OP_REF_NULL:
        push_val(L, const_value(L, in));
        break;
    case OP_REF_IS_NULL: {
        LLVMValueRef v = pop_val(L);
        push_val(L, LLVMBuildZExt(L->b, LLVMBuildIsNull(L->b, v, ""), L->i32, ""));
        break;
    }
    case OP_REF_FUNC:
        push_val(L, func_ref(L, in->a));
        break;
    case OP_CALL: case OP_CALL_INDIRECT:
        lower_call(L, in);
        break;
    case OP_DROP: case OP_SELECT: case OP_SELECT_T: case OP_LOCAL_GET: case OP_LOCAL_SET:
    case OP_LOCAL_TEE: case OP_GLOBAL_GET: case OP_GLOBAL_SET:
        lower_variable(L, in);
        break;
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_GROW: case OP_TABLE_SIZE:
    case OP_TABLE_FILL: case OP_TABLE_INIT: case OP_ELEM_DROP: case OP_TABLE_COPY:
        lower_table(L, in);
        break;
    case OP_MEMORY_SIZE: case OP_MEMORY_GROW: case OP_MEMORY_INIT: case OP_DATA_DROP:
    case OP_MEMORY_COPY: case OP_MEMORY_FILL:
        lower_memory(L, in);
        break;
    default:
        lower_control(L, in);
    }
}

/* LLVM's loop passes take time quadratic in how deeply loops nest
 * (simplifyLoop: 800 nested loops 13 s, 3000 over ten minutes), so a
 * function whose loops nest deeper than this is compiled without LLVM's
 * optimizations (optnone); real code stays far below it. */
#define MAX_OPTIMIZED_LOOP_NESTING 100

static bool deeply_nested_loops(const Func *f)
{
    uint32_t ends[MAX_OPTIMIZED_LOOP_NESTING], depth = 0;
    for (uint32_t pc = 0; pc < f->ncode; pc++) {
        while (depth && ends[depth - 1] == pc)
            depth--;
        if (f->code[pc].op != OP_LOOP)
            continue;
        if (depth == MAX_OPTIMIZED_LOOP_NESTING)
            return true;
        ends[depth++] = (uint32_t)f->code[pc].v;
    }
    return false;
}

static void lower_body(Lower *L)
{
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(L->ctx, L->fn, "entry");
    LLVMPositionBuilderAtEnd(L->b, entry);
    /* an executable's functions address its one instance directly: no
     * register carries it, and calls pass a constant */
    L->inst = L->static_inst ? L->static_inst : LLVMGetParam(L->fn, 0);
    L->nvals = L->nctrls = 0;
    L->dead = false;
    memset(L->trap_bb, 0, sizeof L->trap_bb);
    L->trap_dyn_bb = NULL;
    setup_locals(L);
    setup_memory(L);
    promote_globals(L);
    open_function_frame(L);
    for (uint32_t pc = 0; pc < L->f->ncode; pc++) {
        const Instr *in = &L->f->code[pc];
        if (L->dead && in->op != OP_ELSE && in->op != OP_END) {
            /* skip unreachable code, whole nested blocks at a time */
            if (in->op == OP_BLOCK || in->op == OP_LOOP || in->op == OP_IF)
                pc = (uint32_t)in->v;
            continue;
        }
        lower_instr(L, in);
    }
}

LLVMModuleRef lower_module(Module *m, const Summary *s, const Options *o, LLVMContextRef ctx)
{
    Lower *L = arena_alloc(m->arena, sizeof *L);
    L->m = m;
    L->s = s;
    L->o = o;
    L->ctx = ctx;
    L->mod = LLVMModuleCreateWithNameInContext(o->module_name, ctx);
    L->b = LLVMCreateBuilderInContext(ctx);
    L->lay = layout_instance(m, m->arena);
    L->shadow = arena_alloc(m->arena, (m->nglobals + 1) * sizeof *L->shadow);
    init_types(L);
    init_signatures(L);
    declare_static_instance(L);
    declare_functions(L);
    emit_data_segments(L);
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++) {
        L->fidx = i;
        L->f = &m->funcs[i];
        L->fn = L->fns[i];
        lower_body(L);
        if (deeply_nested_loops(L->f)) {
            LLVMAddAttributeAtIndex(L->fn, LLVMAttributeFunctionIndex, enum_attr(L, "optnone", 0));
            LLVMAddAttributeAtIndex(L->fn, LLVMAttributeFunctionIndex, enum_attr(L, "noinline", 0));
        }
    }
    emit_init_and_descriptor(L);
    emit_export_wrappers(L);
    LLVMDisposeBuilder(L->b);
    free(L->vals);
    free(L->ctrls);
    free(L->locals);
    free(L->local_types);
    return L->mod;
}
