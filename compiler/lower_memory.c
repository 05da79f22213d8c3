/*
 * lower_memory.c - linear memory: loads, stores, memory.size/grow and the
 * bulk-memory instructions.
 *
 * An access at i32 address a with static offset o touches
 * base + zext(a) + o.  With guard pages (the default on 64-bit hosts) the
 * runtime reserves 8 GiB plus a guard behind every memory, more than any
 * 32-bit address plus 32-bit offset can reach, so accesses need no check:
 * a stray one faults in the reservation and the signal handler turns it
 * into the trap "out of bounds memory access".  With
 * --bounds-checks=explicit every access compares its end against the
 * current size instead.
 *
 * The base is loaded once per function (it never moves); every access is
 * tagged as linear memory for alias analysis.  Bulk operations are runtime
 * calls that return a trap kind, so a trap leaves through the function's
 * trap path and promoted globals are written back.
 */
#include "wasmc.h"

#include "wasmc_rt.h"

/* The memory base for an access.  An executable reads it afresh from its
 * static instance, RIP-relative and not marked invariant: GVN and LICM keep
 * one load per stretch of code without calls (out of call-free loops), and
 * after a call the base is loaded again rather than kept in a callee-saved
 * register for the whole function.  That register, saved and restored in
 * every call, cost recursive code 15% (docs/PERFORMANCE.md, recurse). */
static LLVMValueRef memory_base(Lower *L)
{
    if (L->mem_base)
        return L->mem_base;
    return load_tagged(L, L->ptr, inst_ptr(L, RT_INST_MEM0_BASE), L->tbaa_runtime, false);
}

/* Address of an access of `size` bytes, checked if bounds are explicit. */
static LLVMValueRef effective_address(Lower *L, LLVMValueRef addr, uint64_t offset, unsigned size)
{
    LLVMValueRef ea = LLVMBuildZExt(L->b, addr, L->i64, "");
    if (offset)
        ea = LLVMBuildAdd(L->b, ea, const_i64(L, offset), "");
    if (L->o->explicit_bounds) {
        LLVMValueRef mem_size = load_tagged(L, L->i64, LLVMBuildGEP2(L->b, L->i8, L->mem0,
                                            (LLVMValueRef[]){ const_i64(L, RT_MEM_SIZE) }, 1, ""),
                                            L->tbaa_runtime, false);
        LLVMValueRef end = LLVMBuildAdd(L->b, ea, const_i64(L, size), "");
        trap_if(L, LLVMBuildICmp(L->b, LLVMIntUGT, end, mem_size, ""), WASMC_RT_TRAP_OOB_MEMORY);
    }
    return LLVMBuildGEP2(L->b, L->i8, memory_base(L), &ea, 1, "");
}

static LLVMTypeRef access_type(Lower *L, const OpInfo *oi, char result)
{
    unsigned size = (unsigned)oi->arg;
    if (result == 'f')
        return L->f32;
    if (result == 'F')
        return L->f64;
    return LLVMIntTypeInContext(L->ctx, size * 8);
}

static void lower_load(Lower *L, const Instr *in)
{
    const OpInfo *oi = &op_info[in->op];
    char result = oi->sig[2];
    LLVMValueRef p = effective_address(L, pop_val(L), in->v, (unsigned)oi->arg);
    LLVMTypeRef at = access_type(L, oi, result);
    LLVMValueRef v = load_tagged(L, at, p, L->tbaa_memory, false);
    LLVMSetAlignment(v, 1);
    LLVMTypeRef rt = result == 'I' ? L->i64 : result == 'i' ? L->i32 : at;
    if (oi->lower == L_LOAD_S)
        v = LLVMBuildSExt(L->b, v, rt, "");
    else if (oi->lower == L_LOAD_U)
        v = LLVMBuildZExt(L->b, v, rt, "");
    push_val(L, v);
}

static void lower_store(Lower *L, const Instr *in)
{
    const OpInfo *oi = &op_info[in->op];
    LLVMValueRef v = pop_val(L);
    LLVMValueRef p = effective_address(L, pop_val(L), in->v, (unsigned)oi->arg);
    LLVMTypeRef vt = LLVMTypeOf(v);
    if (LLVMGetTypeKind(vt) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(vt) != (unsigned)oi->arg * 8)
        v = LLVMBuildTrunc(L->b, v, LLVMIntTypeInContext(L->ctx, (unsigned)oi->arg * 8), "");
    LLVMValueRef s = store_tagged(L, v, p, L->tbaa_memory);
    LLVMSetAlignment(s, 1);
}

/* Pointer to the uint32_t live length of data segment `seg` in the instance. */
static LLVMValueRef data_len_ptr(Lower *L, uint32_t seg)
{
    return inst_ptr(L, L->lay.data_len + 4 * seg);
}

static void lower_bulk(Lower *L, const Instr *in)
{
    LLVMValueRef n = pop_val(L), src = pop_val(L), dst = pop_val(L), status;
    switch (in->op) {
    case OP_MEMORY_FILL: {
        LLVMValueRef args[4] = { L->mem0, dst, src, n };
        status = call_runtime(L, "wasmc_rt_memory_fill", L->i32, args, 4);
        break;
    }
    case OP_MEMORY_COPY: {
        LLVMValueRef args[4] = { L->mem0, dst, src, n };
        status = call_runtime(L, "wasmc_rt_memory_copy", L->i32, args, 4);
        break;
    }
    default: { /* memory.init */
        LLVMValueRef len = load_tagged(L, L->i32, data_len_ptr(L, in->a), L->tbaa_runtime, false);
        LLVMValueRef args[6] = { L->mem0, dst, L->datas[in->a], len, src, n };
        status = call_runtime(L, "wasmc_rt_memory_init", L->i32, args, 6);
        break;
    }
    }
    trap_if_status(L, status);
}

void lower_memory(Lower *L, const Instr *in)
{
    switch (op_info[in->op].lower) {
    case L_LOAD: case L_LOAD_S: case L_LOAD_U:
        lower_load(L, in);
        return;
    case L_STORE:
        lower_store(L, in);
        return;
    default:
        break;
    }
    switch (in->op) {
    case OP_MEMORY_SIZE: {
        LLVMValueRef sp = LLVMBuildGEP2(L->b, L->i8, L->mem0, (LLVMValueRef[]){ const_i64(L, RT_MEM_SIZE) }, 1, "");
        LLVMValueRef size = load_tagged(L, L->i64, sp, L->tbaa_runtime, false);
        push_val(L, LLVMBuildTrunc(L->b, LLVMBuildLShr(L->b, size, const_i64(L, 16), ""), L->i32, ""));
        break;
    }
    case OP_MEMORY_GROW: {
        LLVMValueRef args[2] = { L->mem0, pop_val(L) };
        push_val(L, call_runtime(L, "wasmc_rt_memory_grow32", L->i32, args, 2));
        break;
    }
    case OP_DATA_DROP:
        store_tagged(L, const_i32(L, 0), data_len_ptr(L, in->a), L->tbaa_runtime);
        break;
    default:
        lower_bulk(L, in);
    }
}
