/*
 * lower_control.c - structured control flow and traps, lowered to LLVM
 * basic blocks.
 *
 * Each wasm block, loop and if becomes a control frame (Ctrl).  Values that
 * flow along branches are carried by phi nodes: a block's or if's results
 * meet in phis at the start of its `end` block, a loop's params in phis at
 * its header.  The function body is itself a frame whose end block returns,
 * so `return` and a branch to the outermost label are ordinary branches.
 *
 * Traps go to one block per trap kind and function, which writes back the
 * globals the function keeps in registers and calls wasmc_rt_trap.
 */
#include "wasmc.h"

#include <stdlib.h>
#include <string.h>

LLVMBasicBlockRef new_block(Lower *L, const char *name)
{
    return LLVMAppendBasicBlockInContext(L->ctx, L->fn, name);
}

void cond_br_weighted(Lower *L, LLVMValueRef cond, LLVMBasicBlockRef yes, LLVMBasicBlockRef no,
                      uint32_t yes_weight, uint32_t no_weight)
{
    LLVMValueRef br = LLVMBuildCondBr(L->b, cond, yes, no);
    LLVMMetadataRef w[3] = {
        LLVMMDStringInContext2(L->ctx, "branch_weights", 14),
        LLVMValueAsMetadata(const_i32(L, yes_weight)), LLVMValueAsMetadata(const_i32(L, no_weight)),
    };
    LLVMSetMetadata(br, LLVMGetMDKindIDInContext(L->ctx, "prof", 4),
                    LLVMMetadataAsValue(L->ctx, LLVMMDNodeInContext2(L->ctx, w, 3)));
}

static LLVMValueRef *make_phis(Lower *L, LLVMBasicBlockRef bb, const uint8_t *types, uint32_t n)
{
    if (n == 0)
        return NULL;
    LLVMBasicBlockRef save = LLVMGetInsertBlock(L->b);
    LLVMPositionBuilderAtEnd(L->b, bb);
    LLVMValueRef *phis = arena_alloc(L->m->arena, n * sizeof *phis);
    for (uint32_t i = 0; i < n; i++)
        phis[i] = LLVMBuildPhi(L->b, llvm_type(L, types[i]), "");
    if (save)
        LLVMPositionBuilderAtEnd(L->b, save);
    return phis;
}

static Ctrl *push_ctrl(Lower *L, uint16_t op, const uint8_t *params, uint32_t np,
                       const uint8_t *results, uint32_t nr)
{
    if (L->nctrls == L->capctrls) {
        L->capctrls = L->capctrls ? L->capctrls * 2 : 16;
        L->ctrls = realloc(L->ctrls, L->capctrls * sizeof *L->ctrls);
        if (!L->ctrls)
            die("out of memory");
    }
    Ctrl *c = &L->ctrls[L->nctrls++];
    memset(c, 0, sizeof *c);
    c->op = op;
    c->params = params;
    c->nparams = np;
    c->results = results;
    c->nresults = nr;
    c->height = L->nvals - np;
    if (op != OP_LOOP) {
        c->end = new_block(L, op == OP_END ? "return" : "end");
        c->end_phis = make_phis(L, c->end, results, nr);
    }
    return c;
}

/* Adds the top `n` stack values as incoming values of `phis` from the
 * current block. */
static void add_incoming(Lower *L, LLVMValueRef *phis, uint32_t n)
{
    LLVMBasicBlockRef here = LLVMGetInsertBlock(L->b);
    for (uint32_t i = 0; i < n; i++) {
        LLVMValueRef v = L->vals[L->nvals - n + i];
        LLVMAddIncoming(phis[i], &v, &here, 1);
    }
}

/* Branches from the current block to the label of frame c. */
static void branch_to(Lower *L, Ctrl *c)
{
    if (c->op == OP_LOOP) {
        add_incoming(L, c->header_phis, c->nparams);
        LLVMBuildBr(L->b, c->header);
    } else {
        add_incoming(L, c->end_phis, c->nresults);
        LLVMBuildBr(L->b, c->end);
        c->nend_preds++;
    }
}

static Ctrl *label(Lower *L, uint32_t depth) { return &L->ctrls[L->nctrls - 1 - depth]; }

static void block_sig(Lower *L, const Instr *in, const uint8_t **p, uint32_t *np,
                      const uint8_t **r, uint32_t *nr)
{
    static uint8_t single[256];
    *np = *nr = 0;
    *p = *r = NULL;
    if (in->a == 1) {
        single[in->b] = (uint8_t)in->b;
        *r = &single[in->b];
        *nr = 1;
    } else if (in->a == 2) {
        FuncType *t = &L->m->types[in->b];
        *p = t->params;
        *np = t->nparams;
        *r = t->results;
        *nr = t->nresults;
    }
}

void open_function_frame(Lower *L)
{
    FuncType *t = &L->m->types[L->f->type];
    push_ctrl(L, OP_END, NULL, 0, t->results, t->nresults);
}

/* ---- traps ---- */

static LLVMBasicBlockRef trap_block(Lower *L, int kind)
{
    if (L->trap_bb[kind])
        return L->trap_bb[kind];
    LLVMBasicBlockRef save = LLVMGetInsertBlock(L->b);
    LLVMBasicBlockRef bb = new_block(L, "trap");
    LLVMPositionBuilderAtEnd(L->b, bb);
    flush_globals(L, -1);
    LLVMValueRef args[3] = { L->inst, const_i32(L, (uint32_t)kind), const_i32(L, L->fidx) };
    call_runtime(L, "wasmc_rt_trap", L->voidt, args, 3);
    LLVMBuildUnreachable(L->b);
    LLVMPositionBuilderAtEnd(L->b, save);
    return L->trap_bb[kind] = bb;
}

void trap_if(Lower *L, LLVMValueRef cond, int kind)
{
    LLVMBasicBlockRef cont = new_block(L, "ok");
    cond_br_weighted(L, cond, trap_block(L, kind), cont, 1, 1u << 20); /* traps are cold */
    LLVMPositionBuilderAtEnd(L->b, cont);
}

/* A trap that names a table element: a block of its own per site. */
void trap_if_index(Lower *L, LLVMValueRef cond, int kind, LLVMValueRef index)
{
    LLVMBasicBlockRef here = LLVMGetInsertBlock(L->b);
    LLVMBasicBlockRef bb = new_block(L, "trap.elem"), cont = new_block(L, "ok");
    LLVMPositionBuilderAtEnd(L->b, bb);
    flush_globals(L, -1);
    LLVMValueRef args[4] = { L->inst, const_i32(L, (uint32_t)kind), const_i32(L, L->fidx), index };
    call_runtime(L, "wasmc_rt_trap_index", L->voidt, args, 4);
    LLVMBuildUnreachable(L->b);
    LLVMPositionBuilderAtEnd(L->b, here);
    LLVMBuildCondBr(L->b, cond, bb, cont);
    LLVMPositionBuilderAtEnd(L->b, cont);
}

void trap_if_status(Lower *L, LLVMValueRef status)
{
    LLVMBasicBlockRef here = LLVMGetInsertBlock(L->b);
    if (!L->trap_dyn_bb) {
        LLVMBasicBlockRef bb = new_block(L, "trap.dyn");
        LLVMPositionBuilderAtEnd(L->b, bb);
        L->trap_dyn_phi = LLVMBuildPhi(L->b, L->i32, "");
        flush_globals(L, -1);
        LLVMValueRef args[3] = { L->inst, L->trap_dyn_phi, const_i32(L, L->fidx) };
        call_runtime(L, "wasmc_rt_trap", L->voidt, args, 3);
        LLVMBuildUnreachable(L->b);
        L->trap_dyn_bb = bb;
        LLVMPositionBuilderAtEnd(L->b, here);
    }
    LLVMBasicBlockRef cont = new_block(L, "ok");
    LLVMValueRef failed = LLVMBuildICmp(L->b, LLVMIntNE, status, const_i32(L, 0), "");
    LLVMBuildCondBr(L->b, failed, L->trap_dyn_bb, cont);
    LLVMAddIncoming(L->trap_dyn_phi, &status, &here, 1);
    LLVMPositionBuilderAtEnd(L->b, cont);
}

/* ---- blocks ---- */

static void lower_block_start(Lower *L, const Instr *in)
{
    const uint8_t *p, *r;
    uint32_t np, nr;
    block_sig(L, in, &p, &np, &r, &nr);
    if (in->op == OP_BLOCK) {
        push_ctrl(L, OP_BLOCK, p, np, r, nr);
        return;
    }
    if (in->op == OP_LOOP) {
        LLVMBasicBlockRef header = new_block(L, "loop");
        Ctrl *c = push_ctrl(L, OP_LOOP, p, np, r, nr);
        c->header = header;
        c->header_phis = make_phis(L, header, p, np);
        add_incoming(L, c->header_phis, np);
        LLVMBuildBr(L->b, header);
        LLVMPositionBuilderAtEnd(L->b, header);
        for (uint32_t i = 0; i < np; i++)
            L->vals[L->nvals - np + i] = c->header_phis[i];
        return;
    }
    /* if */
    LLVMValueRef cond = LLVMBuildICmp(L->b, LLVMIntNE, pop_val(L), const_i32(L, 0), "");
    Ctrl *c = push_ctrl(L, OP_IF, p, np, r, nr);
    LLVMBasicBlockRef then_bb = new_block(L, "then");
    c->else_bb = new_block(L, "else");
    c->if_params = arena_alloc(L->m->arena, (np + 1) * sizeof *c->if_params);
    memcpy(c->if_params, &L->vals[L->nvals - np], np * sizeof *c->if_params);
    LLVMBuildCondBr(L->b, cond, then_bb, c->else_bb);
    LLVMPositionBuilderAtEnd(L->b, then_bb);
}

static void lower_else(Lower *L)
{
    Ctrl *c = label(L, 0);
    if (!L->dead)
        branch_to(L, c);
    L->nvals = c->height;
    for (uint32_t i = 0; i < c->nparams; i++)
        push_val(L, c->if_params[i]);
    c->has_else = true;
    L->dead = false;
    LLVMPositionBuilderAtEnd(L->b, c->else_bb);
}

static void lower_end(Lower *L)
{
    Ctrl *c = label(L, 0);
    if (c->op == OP_LOOP) {
        /* falling out of a loop needs no block: the results stay on the stack */
        if (L->dead)
            L->nvals = c->height;
        L->nctrls--;
        return;
    }
    if (!L->dead)
        branch_to(L, c);
    if (c->op == OP_IF && !c->has_else) {
        /* the missing else arm passes the params through as results */
        LLVMPositionBuilderAtEnd(L->b, c->else_bb);
        L->nvals = c->height;
        for (uint32_t i = 0; i < c->nparams; i++)
            push_val(L, c->if_params[i]);
        branch_to(L, c);
    }
    L->nvals = c->height;
    Ctrl done = *c;
    L->nctrls--;
    if (done.nend_preds == 0) {
        LLVMDeleteBasicBlock(done.end);
        L->dead = true;
        return;
    }
    LLVMPositionBuilderAtEnd(L->b, done.end);
    for (uint32_t i = 0; i < done.nresults; i++)
        push_val(L, done.end_phis[i]);
    L->dead = false;
    if (done.op == OP_END)
        emit_return(L);
}

void emit_return(Lower *L)
{
    FuncType *t = &L->m->types[L->f->type];
    flush_globals(L, -1);
    if (t->nresults == 0) {
        LLVMBuildRetVoid(L->b);
    } else if (t->nresults == 1) {
        LLVMBuildRet(L->b, pop_val(L));
    } else {
        L->nvals -= t->nresults;
        LLVMBuildAggregateRet(L->b, &L->vals[L->nvals], t->nresults);
    }
    L->dead = true;
}

static void lower_br_table(Lower *L, const Instr *in)
{
    LLVMValueRef idx = pop_val(L);
    const uint32_t *targets = &L->f->brtab[in->a];
    uint32_t n = in->b;
    /* one block per distinct target, so that phis see one edge per block */
    LLVMBasicBlockRef *via = calloc(L->nctrls, sizeof *via);
    LLVMBasicBlockRef here = LLVMGetInsertBlock(L->b);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t d = targets[i];
        if (via[d])
            continue;
        via[d] = new_block(L, "br_table");
        LLVMPositionBuilderAtEnd(L->b, via[d]);
        branch_to(L, label(L, d));
    }
    LLVMPositionBuilderAtEnd(L->b, here);
    LLVMValueRef sw = LLVMBuildSwitch(L->b, idx, via[targets[n - 1]], n - 1);
    for (uint32_t i = 0; i + 1 < n; i++)
        LLVMAddCase(sw, const_i32(L, i), via[targets[i]]);
    free(via);
    L->dead = true;
}

void lower_control(Lower *L, const Instr *in)
{
    switch (in->op) {
    case OP_NOP:
        break;
    case OP_UNREACHABLE:
        LLVMBuildBr(L->b, trap_block(L, 1 /* WASMC_RT_TRAP_UNREACHABLE */));
        L->dead = true;
        break;
    case OP_BLOCK: case OP_LOOP: case OP_IF:
        lower_block_start(L, in);
        break;
    case OP_ELSE:
        lower_else(L);
        break;
    case OP_END:
        lower_end(L);
        break;
    case OP_BR:
        branch_to(L, label(L, in->a));
        L->dead = true;
        break;
    case OP_BR_IF: {
        LLVMValueRef cond = LLVMBuildICmp(L->b, LLVMIntNE, pop_val(L), const_i32(L, 0), "");
        Ctrl *c = label(L, in->a);
        LLVMBasicBlockRef cont = new_block(L, "br_if.cont");
        LLVMBasicBlockRef target = c->op == OP_LOOP ? c->header : c->end;
        if (c->op == OP_LOOP)
            add_incoming(L, c->header_phis, c->nparams);
        else {
            add_incoming(L, c->end_phis, c->nresults);
            c->nend_preds++;
        }
        LLVMBuildCondBr(L->b, cond, target, cont);
        LLVMPositionBuilderAtEnd(L->b, cont);
        break;
    }
    case OP_BR_TABLE:
        lower_br_table(L, in);
        break;
    case OP_RETURN:
        branch_to(L, &L->ctrls[0]);
        L->dead = true;
        break;
    default:
        die("lower_control: unexpected opcode %s", op_info[in->op].name);
    }
}
