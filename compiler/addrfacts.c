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
 * trap leaves the block (guard-page fault or explicit check).  It runs on
 * the IR as lowered, before LLVM's pipeline, where wasm locals are still
 * allocas: "p" is then the same SSA value, or two loads of one local with
 * no store to it in between, or a load of a local after a store of the
 * accessed value (local.tee).
 */
#include "wasmc.h"

#include "wasmc_rt.h"

#include <stdlib.h>

#define MAX_WRAP_FREE (1u << 16)   /* c < this cannot wrap an accessed p */
#define RECENT 64                  /* remembered per block: accesses, local loads */

_Static_assert((uint64_t)WASMC_RT_MAX_MEMORY_PAGES * 65536 <= (1ull << 32) - MAX_WRAP_FREE,
               "the memory limit must leave room for the wrap-free constants");

/* What this block did to one local (an alloca), valid while epoch matches. */
typedef struct {
    unsigned epoch;
    int last_store;                /* instruction index of the last store, -1: none */
    LLVMValueRef stored;           /* the value it stored */
    bool accessed;                 /* an access went through its current value */
} LocalState;

typedef struct {
    LLVMValueRef inst;             /* a load of a local */
    int index;                     /* its position in the block */
} LocalLoad;

typedef struct {
    LLVMValueRef tag;              /* the "linear memory" TBAA tag */
    unsigned tbaa_kind;
    LLVMValueRef *allocas;         /* this function's, sorted by address */
    LocalState *state;
    unsigned nallocas, epoch;
    LLVMValueRef seen[RECENT];     /* accessed i32 addresses, a ring */
    LocalLoad loads[RECENT];       /* recent loads of locals, a ring */
    unsigned nseen, nloads;
} Facts;

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(LLVMValueRef const *)a, y = (uintptr_t)*(LLVMValueRef const *)b;
    return x < y ? -1 : x > y;
}

/* The local an alloca is, with its state for this block; -1 if not one. */
static int local_of(Facts *F, LLVMValueRef ptr)
{
    if (!LLVMIsAAllocaInst(ptr))
        return -1;
    LLVMValueRef *hit = bsearch(&ptr, F->allocas, F->nallocas, sizeof ptr, cmp_ptr);
    if (!hit)
        return -1;
    int x = (int)(hit - F->allocas);
    LocalState *s = &F->state[x];
    if (s->epoch != F->epoch)
        *s = (LocalState){ .epoch = F->epoch, .last_store = -1 };
    return x;
}

/* The ring entry of a recent load of a local, or NULL. */
static const LocalLoad *local_load(const Facts *F, LLVMValueRef v)
{
    unsigned n = F->nloads < RECENT ? F->nloads : RECENT;
    for (unsigned i = 0; i < n; i++)
        if (F->loads[i].inst == v)
            return &F->loads[i];
    return NULL;
}

static bool seen(const Facts *F, LLVMValueRef v)
{
    unsigned n = F->nseen < RECENT ? F->nseen : RECENT;
    for (unsigned i = 0; i < n; i++)
        if (F->seen[i] == v)
            return true;
    return false;
}

/* The local a load read, if no store to it followed; -1 otherwise. */
static int current_local(Facts *F, const LocalLoad *ld)
{
    if (!ld)
        return -1;
    int x = local_of(F, LLVMGetOperand(ld->inst, 0));
    return x >= 0 && ld->index > F->state[x].last_store ? x : -1;
}

/* Has an access gone through the value v, in this block, before now? */
static bool accessed(Facts *F, LLVMValueRef v)
{
    if (seen(F, v))
        return true;
    int x = current_local(F, local_load(F, v));
    return x >= 0 && (F->state[x].accessed || (F->state[x].stored && seen(F, F->state[x].stored)));
}

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

/* A constant in (0, MAX_WRAP_FREE)? */
static bool small_positive(LLVMValueRef c)
{
    if (!LLVMIsAConstantInt(c))
        return false;
    unsigned long long k = LLVMConstIntGetZExtValue(c);
    return k > 0 && k < MAX_WRAP_FREE;
}

static void note_access(Facts *F, LLVMValueRef p)
{
    F->seen[F->nseen++ % RECENT] = p;
    int x = current_local(F, local_load(F, p));
    if (x >= 0)
        F->state[x].accessed = true;
}

static void visit(Facts *F, LLVMValueRef inst, int index)
{
    LLVMOpcode op = LLVMGetInstructionOpcode(inst);
    if (op == LLVMLoad || op == LLVMStore) {
        LLVMValueRef ptr = LLVMGetOperand(inst, op == LLVMLoad ? 0 : 1);
        int x = local_of(F, ptr);
        if (x >= 0 && op == LLVMLoad)
            F->loads[F->nloads++ % RECENT] = (LocalLoad){ inst, index };
        else if (x >= 0)
            F->state[x] = (LocalState){ F->epoch, index, LLVMGetOperand(inst, 0), false };
        else if ((ptr = accessed_address(F, inst, ptr)))
            note_access(F, ptr);
        return;
    }
    LLVMTypeRef t = LLVMTypeOf(inst);
    if (op != LLVMAdd || LLVMGetTypeKind(t) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(t) != 32)
        return;
    LLVMValueRef a = LLVMGetOperand(inst, 0), b = LLVMGetOperand(inst, 1);
    if ((small_positive(b) && accessed(F, a)) || (small_positive(a) && accessed(F, b)))
        LLVMSetNUW(inst, 1);
}

static void mark_function(Facts *F, LLVMValueRef fn)
{
    LLVMBasicBlockRef entry = LLVMGetFirstBasicBlock(fn);
    if (!entry)
        return;
    F->nallocas = 0;
    for (LLVMValueRef i = LLVMGetFirstInstruction(entry); i; i = LLVMGetNextInstruction(i))
        if (LLVMIsAAllocaInst(i))
            F->nallocas++;
    F->allocas = realloc(F->allocas, (F->nallocas + 1) * sizeof *F->allocas);
    F->state = realloc(F->state, (F->nallocas + 1) * sizeof *F->state);
    if (!F->allocas || !F->state)
        die("out of memory");
    unsigned n = 0;
    for (LLVMValueRef i = LLVMGetFirstInstruction(entry); i; i = LLVMGetNextInstruction(i))
        if (LLVMIsAAllocaInst(i)) {
            F->state[n] = (LocalState){ 0 };
            F->allocas[n++] = i;
        }
    qsort(F->allocas, n, sizeof *F->allocas, cmp_ptr);
    for (LLVMBasicBlockRef bb = entry; bb; bb = LLVMGetNextBasicBlock(bb)) {
        F->epoch++;
        F->nseen = F->nloads = 0;
        int index = 0;
        for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
            visit(F, i, index++);
    }
}

void mark_address_facts(LLVMModuleRef mod)
{
    LLVMContextRef ctx = LLVMGetModuleContext(mod);
    Facts F = { .tag = tbaa_tag(ctx, TBAA_MEMORY), .tbaa_kind = LLVMGetMDKindIDInContext(ctx, "tbaa", 4) };
    for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn; fn = LLVMGetNextFunction(fn))
        mark_function(&F, fn);
    free(F.allocas);
    free(F.state);
}
