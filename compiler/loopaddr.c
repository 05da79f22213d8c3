/*
 * loopaddr.c - loop addresses in forms LLVM's loop vectorizer can use.
 *
 * Runs between the two halves of LLVM's pipeline (opt.c), on loops with
 * one preheader and one latch, with dominators computed here (the C API
 * has no loop analysis).  Two steps:
 *
 * Addresses that cannot wrap.  clang indexes arrays in wasm32 as `a + i`
 * with a counter i and an invariant a; the sum is an i32 add that may
 * wrap, so zext(a + i) is no induction variable to LLVM.  But if an access
 * through A_k = a + i_k runs in every iteration k that goes round the loop
 * (its block dominates the latch), then A_k < the memory's size
 * <= 2^32 - 2^16 (WASMC_RT_MAX_MEMORY_PAGES), and for a step 0 < c < 2^16
 * A_(k+1) = A_k + c does not wrap.  Such an address gets its own phi
 * (a + i_0, then + c nuw) and a 64-bit twin that replaces its zero-
 * extensions (and those of its nuw sums with constants): an exact 64-bit
 * induction variable.  The same holds for a counter that is itself the
 * address, and (rebase_counter) for addresses a + i * f and counters that
 * advance by a bounded amount that is not constant: there a 64-bit twin
 * of the counter carries the address.
 *
 * One object per array (pointerize, below).
 */
#include "wasmc.h"

#include "wasmc_rt.h"

#include <stdlib.h>
#include <string.h>

#define MAX_STEP (1u << 16)

_Static_assert((uint64_t)WASMC_RT_MAX_MEMORY_PAGES * 65536 <= (1ull << 32) - MAX_STEP,
               "the memory limit must leave room for a loop step");

typedef struct {
    LLVMBasicBlockRef bb;
    unsigned index;
} BlockIndex;

typedef struct {
    LLVMValueRef tag;
    unsigned tbaa_kind;
    unsigned n;
    LLVMBasicBlockRef *bbs;        /* in reverse postorder */
    BlockIndex *map;               /* sorted by bb, for block_of */
    unsigned *idom;                /* by RPO index; entry's is itself */
    unsigned *npreds, **preds;
    bool *in_loop;
    unsigned *work;
    LLVMBuilderRef b;
    Arena *arena;                  /* the CFG data of every function */
} Cfg;

static int cmp_block(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)((const BlockIndex *)x)->bb, b = (uintptr_t)((const BlockIndex *)y)->bb;
    return a < b ? -1 : a > b;
}

/* RPO index of bb, or UINT32_MAX for an unreachable block. */
static unsigned block_of(const Cfg *G, LLVMBasicBlockRef bb)
{
    BlockIndex key = { bb, 0 };
    BlockIndex *hit = bsearch(&key, G->map, G->n, sizeof key, cmp_block);
    return hit ? hit->index : UINT32_MAX;
}

static unsigned nsucc(LLVMBasicBlockRef bb)
{
    LLVMValueRef t = LLVMGetBasicBlockTerminator(bb);
    return t ? LLVMGetNumSuccessors(t) : 0;
}

/* Reverse postorder of the blocks reachable from entry (iterative DFS). */
static void order_blocks(Cfg *G, LLVMValueRef fn)
{
    unsigned total = LLVMCountBasicBlocks(fn);
    LLVMBasicBlockRef *all = arena_alloc(G->arena, total * sizeof *all);
    BlockIndex *seen = arena_alloc(G->arena, total * sizeof *seen);
    LLVMBasicBlockRef *post = arena_alloc(G->arena, total * sizeof *post);
    struct { unsigned blk, next; } *stack = arena_alloc(G->arena, total * sizeof *stack);
    bool *visited = arena_alloc(G->arena, total);
    LLVMGetBasicBlocks(fn, all);
    for (unsigned i = 0; i < total; i++)
        seen[i] = (BlockIndex){ all[i], i };
    qsort(seen, total, sizeof *seen, cmp_block);
    unsigned sp = 0, npost = 0;
    stack[sp++].blk = 0, stack[0].next = 0, visited[0] = true;
    while (sp) {
        unsigned v = stack[sp - 1].blk;
        LLVMValueRef t = LLVMGetBasicBlockTerminator(all[v]);
        if (stack[sp - 1].next < nsucc(all[v])) {
            LLVMBasicBlockRef s = LLVMGetSuccessor(t, stack[sp - 1].next++);
            BlockIndex key = { s, 0 };
            unsigned w = ((BlockIndex *)bsearch(&key, seen, total, sizeof key, cmp_block))->index;
            if (!visited[w]) {
                visited[w] = true;
                stack[sp].blk = w, stack[sp++].next = 0;
            }
        } else {
            post[npost++] = all[v];
            sp--;
        }
    }
    G->n = npost;
    G->bbs = arena_alloc(G->arena, npost * sizeof *G->bbs);
    G->map = arena_alloc(G->arena, npost * sizeof *G->map);
    for (unsigned i = 0; i < npost; i++) {
        G->bbs[i] = post[npost - 1 - i];
        G->map[i] = (BlockIndex){ G->bbs[i], i };
    }
    qsort(G->map, npost, sizeof *G->map, cmp_block);
}

static void find_preds(Cfg *G)
{
    G->npreds = arena_alloc(G->arena, G->n * sizeof *G->npreds);
    G->preds = arena_alloc(G->arena, G->n * sizeof *G->preds);
    for (int pass = 0; pass < 2; pass++) {
        for (unsigned v = 0; v < G->n; v++) {
            LLVMValueRef t = LLVMGetBasicBlockTerminator(G->bbs[v]);
            for (unsigned s = 0; s < nsucc(G->bbs[v]); s++) {
                unsigned w = block_of(G, LLVMGetSuccessor(t, s));
                if (pass)
                    G->preds[w][G->npreds[w]++] = v;
                else
                    G->npreds[w]++;
            }
        }
        if (!pass)
            for (unsigned w = 0; w < G->n; w++) {
                G->preds[w] = arena_alloc(G->arena, G->npreds[w] * sizeof **G->preds);
                G->npreds[w] = 0;
            }
    }
}

/* Dominators by the iterative algorithm of Cooper, Harvey and Kennedy. */
static void find_dominators(Cfg *G)
{
    G->idom = arena_alloc(G->arena, G->n * sizeof *G->idom);
    for (unsigned v = 0; v < G->n; v++)
        G->idom[v] = UINT32_MAX;
    G->idom[0] = 0;
    for (bool changed = true; changed;) {
        changed = false;
        for (unsigned v = 1; v < G->n; v++) {
            unsigned d = UINT32_MAX;
            for (unsigned i = 0; i < G->npreds[v]; i++) {
                unsigned p = G->preds[v][i];
                if (G->idom[p] == UINT32_MAX)
                    continue;
                if (d == UINT32_MAX) {
                    d = p;
                    continue;
                }
                unsigned x = p, y = d;
                while (x != y) {
                    while (x > y) x = G->idom[x];
                    while (y > x) y = G->idom[y];
                }
                d = x;
            }
            if (d != G->idom[v]) {
                G->idom[v] = d;
                changed = true;
            }
        }
    }
}

static bool dominates(const Cfg *G, unsigned a, unsigned b)
{
    while (b > a)
        b = G->idom[b];
    return a == b;
}

/* Marks the natural loop of back edge latch -> header in in_loop. */
static void mark_loop(Cfg *G, unsigned header, unsigned latch)
{
    memset(G->in_loop, 0, G->n);
    G->in_loop[header] = true;
    unsigned sp = 0;
    if (!G->in_loop[latch])
        G->in_loop[latch] = true, G->work[sp++] = latch;
    while (sp) {
        unsigned v = G->work[--sp];
        for (unsigned i = 0; i < G->npreds[v]; i++) {
            unsigned p = G->preds[v][i];
            if (!G->in_loop[p])
                G->in_loop[p] = true, G->work[sp++] = p;
        }
    }
}

static bool invariant(const Cfg *G, LLVMValueRef v)
{
    if (!LLVMIsAInstruction(v))
        return true;   /* an argument or a constant */
    unsigned b = block_of(G, LLVMGetInstructionParent(v));
    return b != UINT32_MAX && !G->in_loop[b];
}

/* Is v an instruction in the loop marked in in_loop? */
static bool in_loop(const Cfg *G, LLVMValueRef v)
{
    unsigned b = LLVMIsAInstruction(v) ? block_of(G, LLVMGetInstructionParent(v)) : UINT32_MAX;
    return b != UINT32_MAX && G->in_loop[b];
}

/* Positions the builder at the end of bb, before its terminator. */
static void at_end(Cfg *G, LLVMBasicBlockRef bb)
{
    LLVMPositionBuilderBefore(G->b, LLVMGetBasicBlockTerminator(bb));
}

/* A new phi of type t at the top of header H; close_phi gives it its
 * value on entry (from preheader P) and on the latch edge (from L). */
static LLVMValueRef header_phi(Cfg *G, LLVMTypeRef t, LLVMBasicBlockRef H, const char *name)
{
    LLVMPositionBuilder(G->b, H, LLVMGetFirstInstruction(H));
    return LLVMBuildPhi(G->b, t, name);
}

static void close_phi(LLVMValueRef phi, LLVMValueRef start, LLVMBasicBlockRef P, LLVMValueRef next,
                      LLVMBasicBlockRef L)
{
    LLVMValueRef vals[2] = { start, next };
    LLVMBasicBlockRef from[2] = { P, L };
    LLVMAddIncoming(phi, vals, from, 2);
}

static bool is_i32(LLVMValueRef v)
{
    LLVMTypeRef t = LLVMTypeOf(v);
    return LLVMGetTypeKind(t) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(t) == 32;
}

/* Strips GEPs with non-negative constant indices off p. */
static LLVMValueRef strip_offsets(LLVMValueRef p)
{
    while (LLVMIsAGetElementPtrInst(p) && LLVMGetNumOperands(p) == 2) {
        LLVMValueRef idx = LLVMGetOperand(p, 1);
        if (!LLVMIsAConstantInt(idx) || LLVMConstIntGetSExtValue(idx) < 0)
            break;
        p = LLVMGetOperand(p, 0);
    }
    return p;
}

/* Is inst a linear-memory load or store at base + zext(a) + offsets, the
 * offsets non-negative constants (the shapes LLVM leaves of
 * lower_memory.c's base + zext(a) + offset)?  Then it proves a < the
 * memory's size. */
static bool accesses_through(const Cfg *G, LLVMValueRef inst, LLVMValueRef zext)
{
    LLVMOpcode op = LLVMGetInstructionOpcode(inst);
    if ((op != LLVMLoad && op != LLVMStore) || LLVMGetMetadata(inst, G->tbaa_kind) != G->tag)
        return false;
    LLVMValueRef p = strip_offsets(LLVMGetOperand(inst, op == LLVMLoad ? 0 : 1));
    if (!LLVMIsAGetElementPtrInst(p) || LLVMGetNumOperands(p) != 2 || LLVMGetOperand(p, 1) != zext)
        return false;
    LLVMValueRef base = strip_offsets(LLVMGetOperand(p, 0));
    return !LLVMIsAGetElementPtrInst(base);
}

/* Does an access through zext(a) run in every iteration that reaches the
 * latch?  Looks at the users of a's zero-extensions and their GEPs. */
static bool accessed_each_iteration(const Cfg *G, LLVMValueRef a, unsigned latch)
{
    for (LLVMUseRef u = LLVMGetFirstUse(a); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef z = LLVMGetUser(u);
        if (!LLVMIsAZExtInst(z))
            continue;
        for (LLVMUseRef g = LLVMGetFirstUse(z); g; g = LLVMGetNextUse(g)) {
            LLVMValueRef gep = LLVMGetUser(g);
            if (!LLVMIsAGetElementPtrInst(gep))
                continue;
            LLVMValueRef work[8] = { gep };
            unsigned nw = 1;
            while (nw) {
                LLVMValueRef p = work[--nw];
                for (LLVMUseRef w = LLVMGetFirstUse(p); w; w = LLVMGetNextUse(w)) {
                    LLVMValueRef user = LLVMGetUser(w);
                    if (LLVMIsAGetElementPtrInst(user) && nw < 8)
                        work[nw++] = user;
                    else if (accesses_through(G, user, z) &&
                             LLVMGetOperand(user, LLVMIsAStoreInst(user) ? 1 : 0) == p) {
                        if (in_loop(G, user) && dominates(G, block_of(G, LLVMGetInstructionParent(user)), latch))
                            return true;
                    }
                }
            }
        }
    }
    return false;
}

/* y if a is t + y, in the loop, with y invariant, and an address
 * accessed in every iteration; else NULL. */
static LLVMValueRef invariant_addend(const Cfg *G, LLVMValueRef a, LLVMValueRef t, unsigned latch)
{
    if (LLVMGetInstructionOpcode(a) != LLVMAdd || !is_i32(a))
        return NULL;
    LLVMValueRef y = LLVMGetOperand(a, 0) == t ? LLVMGetOperand(a, 1) : LLVMGetOperand(a, 0);
    if (y == t || !in_loop(G, a) || !invariant(G, y) || !accessed_each_iteration(G, a, latch))
        return NULL;
    return y;
}

/* Header phi x's value on the latch edge (from L), and on entry. */
static LLVMValueRef latch_value(LLVMValueRef x, LLVMBasicBlockRef L)
{
    return LLVMGetIncomingValue(x, LLVMGetIncomingBlock(x, 0) == L ? 0 : 1);
}

static LLVMValueRef entry_value(LLVMValueRef x, LLVMBasicBlockRef L)
{
    return LLVMGetIncomingValue(x, LLVMGetIncomingBlock(x, 0) == L ? 1 : 0);
}

/* The s of a header phi x whose value on the latch edge (from L) is
 * x + s; NULL if it has none. */
static LLVMValueRef latch_increment(LLVMValueRef x, LLVMBasicBlockRef L)
{
    if (LLVMCountIncoming(x) != 2)
        return NULL;
    LLVMValueRef next = latch_value(x, L);
    if (!LLVMIsAInstruction(next) || LLVMGetInstructionOpcode(next) != LLVMAdd)
        return NULL;
    LLVMValueRef l = LLVMGetOperand(next, 0), r = LLVMGetOperand(next, 1);
    return l == x ? r : r == x ? l : NULL;
}

/* The constant c of a header phi x whose value on the latch edge is
 * x + c; NULL if it has none. */
static LLVMValueRef latch_step(LLVMValueRef x, LLVMBasicBlockRef L)
{
    LLVMValueRef c = latch_increment(x, L);
    return c && LLVMIsAConstantInt(c) ? c : NULL;
}

/* An upper bound of s as an unsigned number, or MAX_STEP when none below
 * it is known: constants, zero-extended narrow values, masks, and selects
 * and sums of those (a counter that advances by a comparison's outcome). */
static unsigned long long step_bound(LLVMValueRef s, unsigned depth)
{
    if (LLVMIsAConstantInt(s)) {
        unsigned long long c = LLVMConstIntGetZExtValue(s);
        return c < MAX_STEP ? c : MAX_STEP;
    }
    if (!LLVMIsAInstruction(s) || depth > 4)
        return MAX_STEP;
    if (LLVMIsAZExtInst(s)) {
        unsigned w = LLVMGetIntTypeWidth(LLVMTypeOf(LLVMGetOperand(s, 0)));
        return w < 16 ? (1ull << w) - 1 : MAX_STEP;
    }
    if (LLVMIsASelectInst(s)) {
        unsigned long long a = step_bound(LLVMGetOperand(s, 1), depth + 1);
        unsigned long long b = step_bound(LLVMGetOperand(s, 2), depth + 1);
        return a > b ? a : b;
    }
    if (LLVMGetInstructionOpcode(s) == LLVMAnd && LLVMIsAConstantInt(LLVMGetOperand(s, 1)))
        return step_bound(LLVMGetOperand(s, 1), depth + 1);
    if (LLVMGetInstructionOpcode(s) == LLVMAdd) {   /* bounds below 2^16: the sum cannot wrap */
        unsigned long long sum = step_bound(LLVMGetOperand(s, 0), depth + 1) + step_bound(LLVMGetOperand(s, 1), depth + 1);
        return sum < MAX_STEP ? sum : MAX_STEP;
    }
    return MAX_STEP;
}

/* Replaces zext(q) and zext(q + k) (k constant, nuw) by w and w + k,
 * which is what they equal once q cannot wrap; the users of q other
 * than skip stay as they are. */
static void replace_zexts(Cfg *G, LLVMValueRef q, LLVMValueRef skip, LLVMValueRef w)
{
    LLVMTypeRef i64 = LLVMTypeOf(w);
    LLVMUseRef next;
    for (LLVMUseRef u = LLVMGetFirstUse(q); u; u = next) {
        next = LLVMGetNextUse(u);
        LLVMValueRef user = LLVMGetUser(u);
        if (user == skip)
            continue;
        if (LLVMIsAZExtInst(user) && LLVMTypeOf(user) == i64) {
            LLVMReplaceAllUsesWith(user, w);
            continue;
        }
        if (LLVMGetInstructionOpcode(user) != LLVMAdd || !LLVMGetNUW(user) ||
            !LLVMIsAConstantInt(LLVMGetOperand(user, 1)))
            continue;
        LLVMValueRef k = LLVMConstInt(i64, LLVMConstIntGetZExtValue(LLVMGetOperand(user, 1)), 0);
        LLVMUseRef znext;
        for (LLVMUseRef z = LLVMGetFirstUse(user); z; z = znext) {
            znext = LLVMGetNextUse(z);
            LLVMValueRef ze = LLVMGetUser(z);
            if (!LLVMIsAZExtInst(ze) || LLVMTypeOf(ze) != i64)
                continue;
            LLVMPositionBuilderBefore(G->b, ze);
            LLVMReplaceAllUsesWith(ze, LLVMBuildNUWAdd(G->b, w, k, ""));
        }
    }
}

/* Gives q (a header phi q0, q + c that cannot wrap) a 64-bit twin phi
 * that replaces its zero-extensions; SCEV and the vectorizers then see
 * the accesses' exact distances. */
static void extend(Cfg *G, LLVMValueRef q, LLVMValueRef q0, LLVMValueRef qn, unsigned long long c,
                   LLVMBasicBlockRef H, LLVMBasicBlockRef P, LLVMBasicBlockRef L)
{
    LLVMTypeRef i64 = LLVMInt64TypeInContext(LLVMGetTypeContext(LLVMTypeOf(q)));
    at_end(G, P);
    LLVMValueRef w0 = LLVMBuildZExt(G->b, q0, i64, "");
    LLVMValueRef w = header_phi(G, i64, H, "addr64");
    at_end(G, L);
    close_phi(w, w0, P, LLVMBuildNUWAdd(G->b, w, LLVMConstInt(i64, c, 0), ""), L);
    replace_zexts(G, q, qn, w);
}

/* The invariant pointer b of a use of w as `gep i8, b, w`, or NULL;
 * *off is what b adds to its root (b = gep root, off, as LICM leaves
 * base + 8 for a loop's second access). */
static LLVMValueRef gep_base(const Cfg *G, LLVMValueRef user, LLVMValueRef w, long long *off)
{
    if (!LLVMIsAGetElementPtrInst(user) || LLVMGetNumOperands(user) != 2 || LLVMGetOperand(user, 1) != w ||
        LLVMGetGEPSourceElementType(user) != LLVMInt8TypeInContext(LLVMGetTypeContext(LLVMTypeOf(w))))
        return NULL;
    LLVMValueRef b = LLVMGetOperand(user, 0);
    if (!invariant(G, b))
        return NULL;
    *off = 0;
    while (LLVMIsAGetElementPtrInst(b) && LLVMGetNumOperands(b) == 2 &&
           LLVMGetGEPSourceElementType(b) == LLVMGetGEPSourceElementType(user) &&
           LLVMIsAConstantInt(LLVMGetOperand(b, 1))) {
        *off += LLVMConstIntGetSExtValue(LLVMGetOperand(b, 1));
        b = LLVMGetOperand(b, 0);
    }
    return b;
}

/* If w is a 64-bit header phi with a constant step, used as `gep b, w`
 * with b invariant: the root of b (and its step in *step), else NULL. */
static LLVMValueRef address_phi(const Cfg *G, LLVMValueRef w, LLVMBasicBlockRef L, long long *step)
{
    LLVMTypeRef t = LLVMTypeOf(w);
    if (LLVMGetTypeKind(t) != LLVMIntegerTypeKind || LLVMGetIntTypeWidth(t) != 64)
        return NULL;
    LLVMValueRef c = latch_step(w, L);
    if (!c || !(*step = LLVMConstIntGetSExtValue(c)))
        return NULL;
    long long off;
    LLVMValueRef base = NULL;
    for (LLVMUseRef u = LLVMGetFirstUse(w); u && !base; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);   /* in the loop, so that its base dominates the preheader */
        if (in_loop(G, user))
            base = gep_base(G, user, w, &off);
    }
    return base;
}

/* Replaces the uses of address phi w with base by q: `gep b, w` with
 * b = base + off becomes `gep q, off`, `gep b, w + k` becomes
 * `gep q, off + k`. */
static void use_pointer(Cfg *G, LLVMValueRef w, LLVMValueRef base, LLVMValueRef q)
{
    LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(w));
    LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx), i8 = LLVMInt8TypeInContext(ctx);
    long long off;
    LLVMUseRef next;
    for (LLVMUseRef u = LLVMGetFirstUse(w); u; u = next) {
        next = LLVMGetNextUse(u);
        LLVMValueRef user = LLVMGetUser(u), k;
        if (gep_base(G, user, w, &off) == base) {
            LLVMPositionBuilderBefore(G->b, user);
            k = LLVMConstInt(i64, (unsigned long long)off, 1);
            LLVMReplaceAllUsesWith(user, off ? LLVMBuildGEP2(G->b, i8, q, &k, 1, "") : q);
            continue;
        }
        if (LLVMGetInstructionOpcode(user) != LLVMAdd || !LLVMIsAConstantInt(LLVMGetOperand(user, 1)))
            continue;
        long long add = LLVMConstIntGetSExtValue(LLVMGetOperand(user, 1));
        LLVMUseRef gnext;
        for (LLVMUseRef g = LLVMGetFirstUse(user); g; g = gnext) {
            gnext = LLVMGetNextUse(g);
            LLVMValueRef gep = LLVMGetUser(g);
            if (gep_base(G, gep, user, &off) != base)
                continue;
            LLVMPositionBuilderBefore(G->b, gep);
            k = LLVMConstInt(i64, (unsigned long long)(off + add), 1);
            LLVMReplaceAllUsesWith(gep, LLVMBuildGEP2(G->b, i8, q, &k, 1, ""));
        }
    }
}

/* In a loop that walks two or more arrays (address phis), gives each its
 * own pointer phi starting at an inttoptr of base + w0.  To LLVM's loop
 * access analysis each is then an object of its own, so the accesses to
 * one array, e.g. at p and p + 8 in a loop clang unrolled, are checked
 * against each other at compile time (a known distance) and against the
 * other arrays by run-time range checks, which pass when the arrays are
 * apart.  While all of them derive from the one memory base, an unknown
 * distance between two arrays makes the analysis give every pointer its
 * own range check, and the check of p against p + 8 always fails: the
 * vectorized loop was there but never ran. */
static void pointerize(Cfg *G, LLVMBasicBlockRef H, LLVMBasicBlockRef P, LLVMBasicBlockRef L)
{
    long long step;
    unsigned n = 0;
    for (LLVMValueRef w = LLVMGetFirstInstruction(H); w && LLVMIsAPHINode(w); w = LLVMGetNextInstruction(w))
        n += address_phi(G, w, L, &step) != NULL;
    if (n < 2)
        return;
    LLVMContextRef ctx = LLVMGetTypeContext(LLVMTypeOf(LLVMGetFirstInstruction(H)));
    LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx), i8 = LLVMInt8TypeInContext(ctx);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(ctx, 0);
    for (LLVMValueRef w = LLVMGetFirstInstruction(H); w && LLVMIsAPHINode(w); w = LLVMGetNextInstruction(w)) {
        LLVMValueRef base = address_phi(G, w, L, &step);
        if (!base)
            continue;
        LLVMValueRef w0 = entry_value(w, L);
        at_end(G, P);
        LLVMValueRef start = LLVMBuildAdd(G->b, LLVMBuildPtrToInt(G->b, base, i64, ""), w0, "");
        LLVMValueRef q0 = LLVMBuildIntToPtr(G->b, start, ptr, "array");
        LLVMValueRef q = header_phi(G, ptr, H, "elem");
        at_end(G, L);
        LLVMValueRef k = LLVMConstInt(i64, (unsigned long long)step, 1);
        close_phi(q, q0, P, LLVMBuildGEP2(G->b, i8, q, &k, 1, ""), L);
        use_pointer(G, w, base, q);
    }
}

/* The factor f of t = x * f (a shl or mul by a constant, or x itself),
 * or 0. */
static unsigned long long scale_of(LLVMValueRef t, LLVMValueRef x)
{
    if (t == x)
        return 1;
    if (!is_i32(t) || !LLVMIsAInstruction(t) || LLVMGetNumOperands(t) != 2 || LLVMGetOperand(t, 0) != x ||
        !LLVMIsAConstantInt(LLVMGetOperand(t, 1)))
        return 0;
    unsigned long long k = LLVMConstIntGetZExtValue(LLVMGetOperand(t, 1));
    switch (LLVMGetInstructionOpcode(t)) {
    case LLVMShl: return k < 16 ? 1ull << k : 0;
    case LLVMMul: return k < MAX_STEP ? k : 0;
    default:      return 0;
    }
}

/* Counter x with its 64-bit twin X (zext(x0), then X + zext(s)), made
 * on first use. */
typedef struct {
    LLVMValueRef x, x0, s, X, X0;
    LLVMBasicBlockRef H, P, L;
} Counter;

static LLVMValueRef twin(Cfg *G, Counter *k)
{
    if (k->X)
        return k->X;
    LLVMTypeRef i64 = LLVMInt64TypeInContext(LLVMGetTypeContext(LLVMTypeOf(k->x)));
    at_end(G, k->P);
    k->X0 = LLVMBuildZExt(G->b, k->x0, i64, "");
    k->X = header_phi(G, i64, k->H, "count64");
    at_end(G, k->L);
    close_phi(k->X, k->X0, k->P, LLVMBuildAdd(G->b, k->X, LLVMBuildZExt(G->b, k->s, i64, ""), ""), k->L);
    return k->X;
}

/* Address a = x * f + y (y invariant, or absent when a is t = x * f),
 * accessed in every iteration, with x advancing by at most bound per
 * iteration and bound * f < MAX_STEP: then A_(n+1) = A_n + s_n * f
 * without wrapping (A_n < the memory's size, as for widen_loop), so
 * zext(A_n) = C + X_n * f with C = zext(A_0) - X_0 * f.  The zero-
 * extensions of a become that: an index the address modes scale. */
static void rebase(Cfg *G, Counter *k, LLVMValueRef a, LLVMValueRef t, LLVMValueRef y, unsigned long long f)
{
    LLVMValueRef X = twin(G, k);
    LLVMTypeRef i32 = LLVMTypeOf(a), i64 = LLVMTypeOf(X);
    at_end(G, k->P);
    LLVMValueRef a0 = t == k->x ? k->x0 : LLVMBuildMul(G->b, k->x0, LLVMConstInt(i32, f, 0), "");
    if (y)
        a0 = LLVMBuildAdd(G->b, a0, y, "");
    LLVMValueRef F = LLVMConstInt(i64, f, 0);
    LLVMValueRef C = LLVMBuildSub(G->b, LLVMBuildZExt(G->b, a0, i64, ""), LLVMBuildMul(G->b, k->X0, F, ""), "");
    LLVMValueRef first = LLVMGetFirstInstruction(k->H);
    while (LLVMIsAPHINode(first))
        first = LLVMGetNextInstruction(first);
    LLVMPositionBuilderBefore(G->b, first);
    replace_zexts(G, a, NULL, LLVMBuildAdd(G->b, C, LLVMBuildMul(G->b, X, F, ""), "addr64"));
}

/* Rebases t = x * f if it is an address, and t + y with y invariant. */
static void rebase_uses(Cfg *G, Counter *k, LLVMValueRef t, unsigned long long f, unsigned latch)
{
    if (accessed_each_iteration(G, t, latch))
        rebase(G, k, t, t, NULL, f);
    LLVMUseRef next;
    for (LLVMUseRef v = LLVMGetFirstUse(t); v; v = next) {
        next = LLVMGetNextUse(v);
        LLVMValueRef a = LLVMGetUser(v), y = invariant_addend(G, a, t, latch);
        if (y)
            rebase(G, k, a, t, y, f);
    }
}

/* The addresses of counter k->x: k->x * f + y and k->x * f, and with
 * unscaled too k->x + y and k->x itself. */
static void rebase_counter(Cfg *G, Counter *k, unsigned long long bound, bool unscaled, unsigned latch)
{
    if (unscaled)
        rebase_uses(G, k, k->x, 1, latch);
    LLVMUseRef next;
    for (LLVMUseRef u = LLVMGetFirstUse(k->x); u; u = next) {
        next = LLVMGetNextUse(u);
        LLVMValueRef t = LLVMGetUser(u);
        unsigned long long f = scale_of(t, k->x);
        if (f > 1 && bound * f < MAX_STEP && in_loop(G, t))
            rebase_uses(G, k, t, f, latch);
    }
}

/* The counters of header phi x that widen_loop leaves: an i32 x whose
 * step is not a constant, or whose addresses scale it; and the i32
 * truncations of an i64 x (IndVars widens counters so), whose twin is
 * x itself (the identity C + X * f = zext(A) holds modulo 2^64). */
static void rebase_counters(Cfg *G, LLVMValueRef x, unsigned latch, LLVMBasicBlockRef H, LLVMBasicBlockRef P,
                            LLVMBasicBlockRef L)
{
    LLVMTypeRef t = LLVMTypeOf(x);
    LLVMValueRef s = latch_increment(x, L);
    unsigned long long bound = s ? step_bound(s, 0) : MAX_STEP;
    if (bound == 0 || bound >= MAX_STEP || LLVMGetTypeKind(t) != LLVMIntegerTypeKind)
        return;
    Counter k = { .x = x, .x0 = entry_value(x, L), .s = s, .H = H, .P = P, .L = L };
    if (is_i32(x)) {
        rebase_counter(G, &k, bound, !LLVMIsAConstantInt(s), latch);
        return;
    }
    if (LLVMGetIntTypeWidth(t) != 64)
        return;
    LLVMUseRef next;
    for (LLVMUseRef u = LLVMGetFirstUse(x); u; u = next) {
        next = LLVMGetNextUse(u);
        LLVMValueRef tr = LLVMGetUser(u);
        if (!LLVMIsATruncInst(tr) || !is_i32(tr) || !in_loop(G, tr))
            continue;
        at_end(G, P);
        Counter w = { .x = tr, .x0 = LLVMBuildTrunc(G->b, k.x0, LLVMTypeOf(tr), ""), .X = x, .X0 = k.x0,
                      .H = H, .P = P, .L = L };
        rebase_counter(G, &w, bound, true, latch);
    }
}

/* Gives each qualifying x + y in the loop its own no-wrap phi. */
static void widen_loop(Cfg *G, unsigned header, unsigned latch, unsigned pre)
{
    LLVMBasicBlockRef H = G->bbs[header], L = G->bbs[latch], P = G->bbs[pre];
    for (LLVMValueRef x = LLVMGetFirstInstruction(H); x && LLVMIsAPHINode(x); x = LLVMGetNextInstruction(x)) {
        rebase_counters(G, x, latch, H, P, L);
        LLVMValueRef step = is_i32(x) ? latch_step(x, L) : NULL;
        unsigned long long c = step ? LLVMConstIntGetZExtValue(step) : 0;
        if (c == 0 || c >= MAX_STEP)
            continue;
        LLVMValueRef x0 = entry_value(x, L);
        if (accessed_each_iteration(G, x, latch))
            extend(G, x, x0, latch_value(x, L), c, H, P, L);
        LLVMUseRef next;
        for (LLVMUseRef u = LLVMGetFirstUse(x); u; u = next) {
            next = LLVMGetNextUse(u);
            LLVMValueRef a = LLVMGetUser(u), y = invariant_addend(G, a, x, latch);
            if (!y)
                continue;
            at_end(G, P);
            LLVMValueRef q0 = LLVMBuildAdd(G->b, x0, y, "");
            LLVMValueRef q = header_phi(G, LLVMTypeOf(a), H, "addr");
            at_end(G, L);
            LLVMValueRef qn = LLVMBuildNUWAdd(G->b, q, LLVMConstInt(LLVMTypeOf(a), c, 0), "");
            close_phi(q, q0, P, qn, L);
            LLVMReplaceAllUsesWith(a, q);
            extend(G, q, q0, qn, c, H, P, L);
        }
    }
}

static void widen_function(Cfg *G, LLVMValueRef fn)
{
    order_blocks(G, fn);
    find_preds(G);
    find_dominators(G);
    G->in_loop = arena_alloc(G->arena, G->n);
    G->work = arena_alloc(G->arena, G->n * sizeof *G->work);
    for (unsigned h = 0; h < G->n; h++) {
        if (G->npreds[h] != 2)
            continue;
        unsigned p0 = G->preds[h][0], p1 = G->preds[h][1];
        unsigned latch = dominates(G, h, p0) ? p0 : p1, pre = latch == p0 ? p1 : p0;
        if (!dominates(G, h, latch) || dominates(G, h, pre) || latch == pre)
            continue;
        mark_loop(G, h, latch);
        widen_loop(G, h, latch, pre);
        pointerize(G, G->bbs[h], G->bbs[pre], G->bbs[latch]);
    }
}

/* Runs between LLVM's simplification and optimization pipelines (opt.c). */
void widen_loop_addresses(LLVMModuleRef mod)
{
    LLVMContextRef ctx = LLVMGetModuleContext(mod);
    Cfg G = { .tag = tbaa_tag(ctx, TBAA_MEMORY), .tbaa_kind = LLVMGetMDKindIDInContext(ctx, "tbaa", 4) };
    G.b = LLVMCreateBuilderInContext(ctx);
    G.arena = arena_new();
    for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn; fn = LLVMGetNextFunction(fn))
        if (LLVMCountBasicBlocks(fn))
            widen_function(&G, fn);
    LLVMDisposeBuilder(G.b);
    arena_free(G.arena);
}
