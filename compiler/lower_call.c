/*
 * lower_call.c - calls, locals, globals, tables and references.
 *
 * Global promotion lives here.  Inside a function, every mutable global the
 * function itself names lives in an alloca (so in an SSA register after
 * mem2reg): loaded once at entry, written back to its cell only where
 * someone else could look at it - before a call whose callee (per the
 * whole-module summary, summary.c) may read or write it, before a return,
 * and on every trap path - and reloaded after a call that may write it or
 * before which it was written back (cheaper than keeping it live across).
 * Globals that nothing ever writes after initialization are constants.
 *
 * Calls: own functions are called directly with the instance as first
 * argument; imported functions and call_indirect go through a function
 * object (wasmc_rt_func_t: code, env, type id), the latter after checking
 * the table bounds, null, and the interned signature id, and passing the
 * instance register itself when env is this instance (call_table_entry).
 */
#include "wasmc.h"

#include "wasmc_rt.h"

#include <string.h>

/* ---- globals ---- */

LLVMValueRef global_cell(Lower *L, uint32_t g)
{
    LLVMValueRef slot = inst_ptr(L, L->lay.globals + 16 * g);
    if (L->m->globals[g].import)
        return load_tagged(L, L->ptr, slot, L->tbaa_runtime, true);
    return slot;
}

/* Immutable, or mutable but never written: is its value a constant? */
static LLVMValueRef constant_global(Lower *L, uint32_t g)
{
    Global *gl = &L->m->globals[g];
    if (gl->import || gl->written)
        return NULL;
    const Instr *in = &gl->init.code[0];
    switch (in->op) {
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST: case OP_REF_NULL:
        return const_value(L, in);
    }
    return NULL;
}

static bool promotable(Lower *L, uint32_t g)
{
    Global *gl = &L->m->globals[g];
    return !gl->import && gl->written && summary_direct(L->s, L->fidx, g);
}

void promote_globals(Lower *L)
{
    Module *m = L->m;
    if (!L->sets) {
        L->sets = arena_alloc(m->arena, m->nglobals + 1);
        L->promoted = arena_alloc(m->arena, (m->nglobals + 1) * sizeof *L->promoted);
    }
    L->npromoted = 0;
    memset(L->sets, 0, m->nglobals + 1);
    for (uint32_t i = 0; i < L->f->ncode; i++)
        if (L->f->code[i].op == OP_GLOBAL_SET)
            L->sets[L->f->code[i].a] = true;
    for (uint32_t g = 0; g < m->nglobals; g++) {
        L->shadow[g] = NULL;
        if (!promotable(L, g))
            continue;
        LLVMTypeRef t = llvm_type(L, m->globals[g].type);
        L->promoted[L->npromoted++] = g;
        L->shadow[g] = LLVMBuildAlloca(L->b, t, "");
        LLVMBuildStore(L->b, load_tagged(L, t, global_cell(L, g), L->tbaa_global, false), L->shadow[g]);
    }
}

/* Writes back the promoted globals that `callee` may read or write (all of
 * them for CALLEE_ANY): only those this function sets can differ. */
void flush_globals(Lower *L, int64_t callee)
{
    for (uint32_t i = 0; i < L->npromoted; i++) {
        uint32_t g = L->promoted[i];
        if (!L->sets[g] || !summary_may_touch(L->s, callee, g, false))
            continue;
        LLVMTypeRef t = llvm_type(L, L->m->globals[g].type);
        store_tagged(L, LLVMBuildLoad2(L->b, t, L->shadow[g], ""), global_cell(L, g), L->tbaa_global);
    }
}

/* After a call: reloads the promoted globals the callee may have written,
 * and those written back before it (flushed for `flushed`): reloading a
 * value just stored costs no more than keeping it across the call, which
 * would take a callee-saved register or a spill slot. */
void reload_globals(Lower *L, int64_t callee, int64_t flushed)
{
    for (uint32_t i = 0; i < L->npromoted; i++) {
        uint32_t g = L->promoted[i];
        bool was_flushed = L->sets[g] && summary_may_touch(L->s, flushed, g, false);
        if (!was_flushed && !summary_may_touch(L->s, callee, g, true))
            continue;
        LLVMTypeRef t = llvm_type(L, L->m->globals[g].type);
        LLVMBuildStore(L->b, load_tagged(L, t, global_cell(L, g), L->tbaa_global, false), L->shadow[g]);
    }
}

static LLVMValueRef global_get(Lower *L, uint32_t g)
{
    LLVMTypeRef t = llvm_type(L, L->m->globals[g].type);
    if (L->shadow[g])
        return LLVMBuildLoad2(L->b, t, L->shadow[g], "");
    LLVMValueRef c = constant_global(L, g);
    if (c)
        return c;
    Global *gl = &L->m->globals[g];
    bool invariant = !gl->mut || (!gl->written && !gl->import);
    return load_tagged(L, t, global_cell(L, g), L->tbaa_global, invariant);
}

static void global_set(Lower *L, uint32_t g, LLVMValueRef v)
{
    if (L->shadow[g])
        LLVMBuildStore(L->b, v, L->shadow[g]);
    else
        store_tagged(L, v, global_cell(L, g), L->tbaa_global);
}

/* A dropped value's computation must keep its traps: with guard pages an
 * out-of-bounds load traps only if it executes, and LLVM deletes loads whose
 * value is unused.  So loads feeding a dropped value become volatile, also
 * through the phis of block and if results.  (A load that becomes dead
 * only after inlining, or whose value goes to a local nobody reads, can
 * still disappear; see docs/STATUS.md.)  `budget` bounds the walk. */
static void keep_traps(Lower *L, LLVMValueRef v, int depth, int *budget)
{
    if (depth > 6 || --*budget < 0 || !LLVMIsAInstruction(v))
        return;
    if (LLVMIsALoadInst(v)) {
        if (LLVMGetMetadata(v, L->md_tbaa) == L->tbaa_memory)
            LLVMSetVolatile(v, 1);
        return;
    }
    if (LLVMIsACallInst(v))
        return;
    int n = LLVMGetNumOperands(v);
    for (int i = 0; i < n; i++)
        keep_traps(L, LLVMGetOperand(v, (unsigned)i), depth + 1, budget);
}

void lower_variable(Lower *L, const Instr *in)
{
    switch (in->op) {
    case OP_DROP:
        if (!L->o->explicit_bounds) {
            int budget = 64;
            keep_traps(L, pop_val(L), 0, &budget);
        } else
            pop_val(L);
        break;
    case OP_SELECT: case OP_SELECT_T: {
        LLVMValueRef c = pop_val(L), b = pop_val(L), a = pop_val(L);
        LLVMValueRef cond = LLVMBuildICmp(L->b, LLVMIntNE, c, const_i32(L, 0), "");
        push_val(L, LLVMBuildSelect(L->b, cond, a, b, ""));
        break;
    }
    case OP_LOCAL_GET:
        push_val(L, LLVMBuildLoad2(L->b, llvm_type(L, L->local_types[in->a]), L->locals[in->a], ""));
        break;
    case OP_LOCAL_SET:
        LLVMBuildStore(L->b, pop_val(L), L->locals[in->a]);
        break;
    case OP_LOCAL_TEE:
        LLVMBuildStore(L->b, L->vals[L->nvals - 1], L->locals[in->a]);
        break;
    case OP_GLOBAL_GET:
        push_val(L, global_get(L, in->a));
        break;
    case OP_GLOBAL_SET:
        global_set(L, in->a, pop_val(L));
        break;
    }
}

/* ---- references and calls ---- */

LLVMValueRef func_ref(Lower *L, uint32_t func)
{
    Module *m = L->m;
    if (m->funcs[func].import)
        return load_tagged(L, L->ptr, inst_ptr(L, L->lay.imported_funcs + 8 * func), L->tbaa_runtime, true);
    return inst_ptr(L, L->lay.funcs + (func - m->nimported_funcs) * RT_FUNC_SIZE);
}

LLVMValueRef const_expr_value(Lower *L, const Expr *e)
{
    const Instr *in = &e->code[0];
    switch (in->op) {
    case OP_GLOBAL_GET:
        return load_tagged(L, llvm_type(L, L->m->globals[in->a].type), global_cell(L, in->a),
                           L->tbaa_global, false);
    case OP_REF_FUNC:
        return func_ref(L, in->a);
    default:
        return const_value(L, in);
    }
}

static LLVMValueRef func_field(Lower *L, LLVMValueRef f, uint32_t off, LLVMTypeRef t)
{
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->i8, f, (LLVMValueRef[]){ const_i64(L, off) }, 1, "");
    return load_tagged(L, t, p, L->tbaa_runtime, true);
}

/* code(args[0..n]) with the function type of `type`; never a tail call:
 * runaway recursion must exhaust the stack (and trap), not become an
 * endless loop. */
static LLVMValueRef call_code(Lower *L, uint32_t type, LLVMValueRef code, LLVMValueRef *args, uint32_t n)
{
    LLVMValueRef call = LLVMBuildCall2(L->b, L->fn_types[type], code, args, n + 1, "");
    LLVMSetTailCallKind(call, LLVMTailCallKindNoTail);
    return call;
}

/* After calls in the blocks from[0..n), each ending in a branch to join:
 * positions at join and returns the result (a phi, unless void). */
static LLVMValueRef join_calls(Lower *L, LLVMBasicBlockRef join, LLVMValueRef *r, LLVMBasicBlockRef *from,
                               unsigned n)
{
    LLVMPositionBuilderAtEnd(L->b, join);
    if (LLVMGetTypeKind(LLVMTypeOf(r[0])) == LLVMVoidTypeKind)
        return r[0];
    LLVMValueRef phi = LLVMBuildPhi(L->b, LLVMTypeOf(r[0]), "");
    LLVMAddIncoming(phi, r, from, n);
    return phi;
}

/* Calls through a function object: code(env, args...). */
static LLVMValueRef call_object(Lower *L, LLVMValueRef f, uint32_t type, LLVMValueRef *args, uint32_t n)
{
    args[0] = func_field(L, f, RT_FUNC_ENV, L->ptr);
    return call_code(L, type, func_field(L, f, RT_FUNC_CODE, L->ptr), args, n);
}

/*
 * Calls through a table entry.  Most entries are this instance's own
 * functions, so on the likely path (env == instance) the callee gets the
 * instance register, not the env just loaded: the branch is predicted and
 * the callee's work no longer waits for the chain of loads (element, table
 * slot, entry) that found it - with env passed as data, every dispatch of
 * an interpreter loop serializes on that chain.  nomerge keeps LLVM from
 * folding the two calls back into one call on a phi.
 */
static LLVMValueRef call_table_entry(Lower *L, LLVMValueRef f, uint32_t type, LLVMValueRef *args, uint32_t n)
{
    LLVMValueRef env = func_field(L, f, RT_FUNC_ENV, L->ptr);
    LLVMValueRef code = func_field(L, f, RT_FUNC_CODE, L->ptr);
    LLVMBasicBlockRef own = new_block(L, "call.own"), other = new_block(L, "call.other");
    LLVMBasicBlockRef join = new_block(L, "call.join");
    cond_br_weighted(L, LLVMBuildICmp(L->b, LLVMIntEQ, env, L->inst, ""), own, other, 1u << 10, 1);
    LLVMValueRef r[2];
    LLVMBasicBlockRef from[2] = { own, other };
    for (int i = 0; i < 2; i++) {
        LLVMPositionBuilderAtEnd(L->b, from[i]);
        args[0] = i == 0 ? L->inst : env;
        r[i] = call_code(L, type, code, args, n);
        LLVMAddCallSiteAttribute(r[i], LLVMAttributeFunctionIndex, enum_attr(L, "nomerge", 0));
        LLVMBuildBr(L->b, join);
    }
    return join_calls(L, join, r, from, 2);
}

static LLVMValueRef table_ptr(Lower *L, uint32_t t)
{
    return load_tagged(L, L->ptr, inst_ptr(L, L->lay.tables + 8 * t), L->tbaa_runtime, true);
}

static LLVMValueRef table_size(Lower *L, LLVMValueRef tbl)
{
    LLVMValueRef p = LLVMBuildGEP2(L->b, L->i8, tbl, (LLVMValueRef[]){ const_i64(L, RT_TABLE_SIZE) }, 1, "");
    return load_tagged(L, L->i32, p, L->tbaa_table, false);
}

/* Pointer to element idx of a table, after the bounds check. */
static LLVMValueRef table_slot(Lower *L, LLVMValueRef tbl, LLVMValueRef idx, int trap)
{
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntUGE, idx, table_size(L, tbl), ""), trap);
    LLVMValueRef elems = load_tagged(L, L->ptr, tbl, L->tbaa_table, false);
    LLVMValueRef i64 = LLVMBuildZExt(L->b, idx, L->i64, "");
    return LLVMBuildGEP2(L->b, L->ptr, elems, &i64, 1, "");
}

/* The function object of element idx of table in->b, after the bounds,
 * null and signature checks of call_indirect. */
static LLVMValueRef checked_table_entry(Lower *L, const Instr *in, LLVMValueRef idx)
{
    LLVMValueRef slot = table_slot(L, table_ptr(L, in->b), idx, WASMC_RT_TRAP_UNDEFINED_ELEM);
    LLVMValueRef f = load_tagged(L, L->ptr, slot, L->tbaa_table, false);
    trap_if_index(L, LLVMBuildIsNull(L->b, f, ""), WASMC_RT_TRAP_UNINITIALIZED_ELEM, idx);
    LLVMValueRef got = func_field(L, f, RT_FUNC_TYPE_ID, L->i32);
    LLVMValueRef want = load_tagged(L, L->i32, inst_ptr(L, L->lay.type_ids + 4 * in->a), L->tbaa_runtime, true);
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntNE, got, want, ""), WASMC_RT_TRAP_INDIRECT_MISMATCH);
    return f;
}

/* The elements of a constant table (summary.c) that a call_indirect of
 * this signature can call, if there are at most MAX_KNOWN_TARGETS and all
 * are this module's own; else 0.  The bound
 * trades speed for size: C++ virtual calls often have dozens of candidates,
 * and with 32 a libc++ program grew by 12-29% (compile time 15-35%), with
 * 16 by 5-11%; an interpreter's dispatch table (14 handlers) still fits. */
#define MAX_KNOWN_TARGETS 16

static uint32_t known_targets(Lower *L, const Instr *in, const Target **tg)
{
    uint32_t n = summary_known_targets(L->s, in->b, in->a, tg);
    if (n > MAX_KNOWN_TARGETS)
        return 0;
    for (uint32_t i = 0; i < n; i++)
        if (L->m->funcs[(*tg)[i].func].import)
            return 0;
    return n;
}

/*
 * call_indirect through a constant table: a switch on the element index
 * with a direct call (which LLVM may inline) per element of the right
 * signature; any other index takes the checked path, which traps.
 */
static LLVMValueRef call_known_targets(Lower *L, const Instr *in, LLVMValueRef idx, LLVMValueRef *args,
                                       const Target *tg, uint32_t n)
{
    uint32_t nparams = L->m->types[in->a].nparams;
    LLVMBasicBlockRef checked = new_block(L, "call.checked"), join = new_block(L, "call.join");
    LLVMValueRef sw = LLVMBuildSwitch(L->b, idx, checked, n);
    LLVMValueRef r[MAX_KNOWN_TARGETS + 1];
    LLVMBasicBlockRef from[MAX_KNOWN_TARGETS + 1];
    for (uint32_t i = 0; i < n; i++) {
        from[i] = new_block(L, "call.known");
        LLVMAddCase(sw, const_i32(L, tg[i].elem), from[i]);
        LLVMPositionBuilderAtEnd(L->b, from[i]);
        args[0] = L->inst;
        r[i] = call_code(L, L->m->funcs[tg[i].func].type, L->fns[tg[i].func], args, nparams);
        LLVMBuildBr(L->b, join);
    }
    LLVMPositionBuilderAtEnd(L->b, checked);
    r[n] = call_table_entry(L, checked_table_entry(L, in, idx), in->a, args, nparams);
    from[n] = LLVMGetInsertBlock(L->b);
    LLVMBuildBr(L->b, join);
    return join_calls(L, join, r, from, n + 1);
}

void lower_call(Lower *L, const Instr *in)
{
    Module *m = L->m;
    uint32_t type = in->op == OP_CALL ? m->funcs[in->a].type : in->a;
    FuncType *t = &m->types[type];
    LLVMValueRef args[t->nparams + 1];
    LLVMValueRef f = NULL, idx = NULL;
    const Target *tg = NULL;
    uint32_t nknown = 0;
    if (in->op == OP_CALL_INDIRECT) {
        idx = pop_val(L);
        nknown = known_targets(L, in, &tg);
        if (!nknown)    /* checks before the arguments' write-back, as before */
            f = checked_table_entry(L, in, idx);
    }
    for (uint32_t i = t->nparams; i-- > 0;)
        args[i + 1] = pop_val(L);
    int64_t callee = in->op == OP_CALL_INDIRECT ? CALLEE_INDIRECT(in->a)
                   : m->funcs[in->a].import ? CALLEE_ANY : (int64_t)in->a;
    /* a callee that may trap leaves this function too: everything must
     * be in memory then, not only what the callee itself looks at.  Any
     * call may exhaust the stack: in an object or shared object, whose
     * embedder can read globals after a trap, that makes every call one
     * that may trap.  An executable's trap ends the process (-S and
     * --emit-llvm show the executable's code). */
    bool embedded = L->o->kind == OUT_OBJ || L->o->kind == OUT_SHARED;
    bool may_trap = embedded || summary_may_trap(L->s, callee);
    int64_t flushed = may_trap ? CALLEE_ANY : callee;
    flush_globals(L, flushed);
    LLVMValueRef r;
    if (in->op == OP_CALL && !m->funcs[in->a].import) {
        args[0] = L->inst;
        r = call_code(L, type, L->fns[in->a], args, t->nparams);
    } else if (nknown) {
        r = call_known_targets(L, in, idx, args, tg, nknown);
    } else if (f) {
        r = call_table_entry(L, f, type, args, t->nparams);
    } else {
        r = call_object(L, func_ref(L, in->a), type, args, t->nparams);
    }
    reload_globals(L, callee, flushed);
    if (t->nresults == 1)
        push_val(L, r);
    else
        for (uint32_t i = 0; i < t->nresults; i++)
            push_val(L, LLVMBuildExtractValue(L->b, r, i, ""));
}

/* ---- tables ---- */

static LLVMValueRef elem_len_ptr(Lower *L, uint32_t seg)
{
    return inst_ptr(L, L->lay.elem_len + 4 * seg);
}

static void lower_table_bulk(Lower *L, const Instr *in)
{
    LLVMValueRef n = pop_val(L), src = pop_val(L), dst = pop_val(L), status;
    if (in->op == OP_TABLE_FILL) {
        LLVMValueRef args[4] = { table_ptr(L, in->a), dst, src, n };
        status = call_runtime(L, "wasmc_rt_table_fill", L->i32, args, 4);
    } else if (in->op == OP_TABLE_COPY) {
        LLVMValueRef args[5] = { table_ptr(L, in->a), table_ptr(L, in->b), dst, src, n };
        status = call_runtime(L, "wasmc_rt_table_copy", L->i32, args, 5);
    } else { /* table.init */
        LLVMValueRef len = load_tagged(L, L->i32, elem_len_ptr(L, in->a), L->tbaa_runtime, false);
        LLVMValueRef items = inst_ptr(L, L->lay.elem_item_off[in->a]);
        LLVMValueRef args[6] = { table_ptr(L, in->b), dst, items, len, src, n };
        status = call_runtime(L, "wasmc_rt_table_init", L->i32, args, 6);
    }
    trap_if_status(L, status);
}

void lower_table(Lower *L, const Instr *in)
{
    switch (in->op) {
    case OP_TABLE_GET: {
        LLVMValueRef idx = pop_val(L);
        LLVMValueRef slot = table_slot(L, table_ptr(L, in->a), idx, WASMC_RT_TRAP_OOB_TABLE);
        push_val(L, load_tagged(L, L->ptr, slot, L->tbaa_table, false));
        break;
    }
    case OP_TABLE_SET: {
        LLVMValueRef v = pop_val(L), idx = pop_val(L);
        LLVMValueRef slot = table_slot(L, table_ptr(L, in->a), idx, WASMC_RT_TRAP_OOB_TABLE);
        store_tagged(L, v, slot, L->tbaa_table);
        break;
    }
    case OP_TABLE_SIZE:
        push_val(L, table_size(L, table_ptr(L, in->a)));
        break;
    case OP_TABLE_GROW: {
        LLVMValueRef n = pop_val(L), init = pop_val(L);
        LLVMValueRef args[3] = { table_ptr(L, in->a), init, n };
        push_val(L, call_runtime(L, "wasmc_rt_table_grow32", L->i32, args, 3));
        break;
    }
    case OP_ELEM_DROP:
        store_tagged(L, const_i32(L, 0), elem_len_ptr(L, in->a), L->tbaa_runtime);
        break;
    default:
        lower_table_bulk(L, in);
    }
}
