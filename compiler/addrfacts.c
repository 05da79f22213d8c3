/*
 * addrfacts.c - no-wrap facts that linear-memory accesses prove.
 *
 * A wasm32 address is an i32, and i32.add wraps modulo 2^32, so LLVM must
 * assume that zext(p + 8) may be a small number rather than zext(p) + 8.
 * That hides consecutive accesses from the SLP and loop vectorizers and
 * keeps address induction variables 32 bits wide.  But an access at
 * zext(p) + offset that did not trap proves p + offset + size <= the
 * memory's size, and no memory exceeds WASMC_RT_MAX_MEMORY_PAGES pages
 * (2^32 - 2^16 bytes; the runtime refuses to grow past it), so
 * p < 2^32 - 2^16 and p + c cannot wrap for any constant 0 < c < 2^16.
 *
 * This stage marks such an `add i32 p, c` `nuw` when an access through p
 * comes before it in the same basic block: it has then executed, since a
 * trap leaves the block (guard-page fault or explicit check).  It runs
 * once mem2reg has made wasm locals SSA values, before LLVM's pipeline.
 */
#include "wasmc.h"

#include "wasmc_rt.h"

#define MAX_WRAP_FREE (1u << 16)   /* c < this cannot wrap an accessed p */
#define RECENT 64                  /* accessed values remembered per block */

typedef struct {
    LLVMValueRef tag;              /* the "linear memory" TBAA tag */
    unsigned tbaa_kind;
    LLVMValueRef seen[RECENT];     /* accessed i32 addresses, a ring */
    unsigned nseen;
} Facts;

_Static_assert((uint64_t)WASMC_RT_MAX_MEMORY_PAGES * 65536 <= (1ull << 32) - MAX_WRAP_FREE,
               "the memory limit must leave room for the wrap-free constants");

/* The i32 address p of a linear-memory access whose pointer is
 * gep(base, zext(p)) or gep(base, zext(p) + offset), as lower_memory.c
 * builds it; NULL for anything else. */
static LLVMValueRef accessed_address(Facts *F, LLVMValueRef inst, LLVMValueRef ptr)
{
    if (LLVMGetMetadata(inst, F->tbaa_kind) != F->tag || !LLVMIsAGetElementPtrInst(ptr) ||
        LLVMGetNumOperands(ptr) != 2)
        return NULL;
    LLVMValueRef ea = LLVMGetOperand(ptr, 1);
    if (LLVMIsAInstruction(ea) && LLVMGetInstructionOpcode(ea) == LLVMAdd &&
        LLVMIsAConstantInt(LLVMGetOperand(ea, 1)))
        ea = LLVMGetOperand(ea, 0);
    if (!LLVMIsAZExtInst(ea))
        return NULL;
    return LLVMGetOperand(ea, 0);
}

static bool was_accessed(const Facts *F, LLVMValueRef v)
{
    unsigned n = F->nseen < RECENT ? F->nseen : RECENT;
    for (unsigned i = 0; i < n; i++)
        if (F->seen[i] == v)
            return true;
    return false;
}

/* A constant in (0, MAX_WRAP_FREE)? */
static bool small_positive(LLVMValueRef c)
{
    if (!LLVMIsAConstantInt(c))
        return false;
    unsigned long long k = LLVMConstIntGetZExtValue(c);
    return k > 0 && k < MAX_WRAP_FREE;
}

static void visit(Facts *F, LLVMValueRef inst)
{
    LLVMOpcode op = LLVMGetInstructionOpcode(inst);
    LLVMValueRef p = NULL;
    if (op == LLVMLoad)
        p = accessed_address(F, inst, LLVMGetOperand(inst, 0));
    else if (op == LLVMStore)
        p = accessed_address(F, inst, LLVMGetOperand(inst, 1));
    if (p) {
        F->seen[F->nseen++ % RECENT] = p;
        return;
    }
    LLVMTypeRef t = LLVMTypeOf(inst);
    if (op != LLVMAdd || LLVMGetTypeKind(t) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(t) != 32)
        return;
    LLVMValueRef a = LLVMGetOperand(inst, 0), b = LLVMGetOperand(inst, 1);
    if ((small_positive(b) && was_accessed(F, a)) || (small_positive(a) && was_accessed(F, b)))
        LLVMSetNUW(inst, 1);
}

void mark_address_facts(LLVMModuleRef mod)
{
    LLVMContextRef ctx = LLVMGetModuleContext(mod);
    Facts F = { .tag = tbaa_tag(ctx, TBAA_MEMORY), .tbaa_kind = LLVMGetMDKindIDInContext(ctx, "tbaa", 4) };
    for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn; fn = LLVMGetNextFunction(fn))
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
            F.nseen = 0;
            for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
                visit(&F, i);
        }
}
