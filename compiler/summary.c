/*
 * summary.c - whole-module facts for the optimizations in lowering.
 *
 * Runs after validation.  For every function it computes which mutable
 * globals the function, or anything it may call, reads and writes.  Lowering
 * keeps each global a function touches in an SSA value, and uses these sets
 * to write it back only before calls that can observe it and to reload it
 * only after calls that can change it.
 *
 * Calls into unknown code (imported functions, call_indirect through a table
 * that foreign code can fill) may reach any global; a call_indirect through
 * tables only this module fills reaches just the functions it declared as
 * references.  It also marks which globals are ever written, so that
 * globals nothing writes become constants, and which functions may trap, so
 * that calls to them write back every global the caller changed.
 */
#include "wasmc.h"

#include <string.h>

static void set_bit(uint64_t *w, uint32_t i) { w[i / 64] |= 1ull << (i % 64); }
static bool get_bit(const uint64_t *w, uint32_t i) { return (w[i / 64] >> (i % 64)) & 1; }

/* Can a funcref that this module did not create reach one of its tables? */
static bool foreign_refs(Module *m)
{
    for (uint32_t i = 0; i < m->ntables; i++)
        if (m->tables[i].import)
            return true;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_TABLE)
            return true;
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (m->globals[i].type == VT_FUNCREF && (m->globals[i].import || m->globals[i].mut))
            return true;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        FuncType *t = &m->types[m->funcs[i].type];
        bool outside = m->funcs[i].import != NULL || m->funcs[i].declared_ref;
        if (!outside)
            continue;
        for (uint32_t k = 0; k < t->nparams; k++)
            if (t->params[k] == VT_FUNCREF)
                return true;
        for (uint32_t k = 0; k < t->nresults; k++)
            if (t->results[k] == VT_FUNCREF)
                return true;
    }
    return false;
}

static void mark_written(Module *m)
{
    for (uint32_t i = 0; i < m->nglobals; i++) {
        Global *g = &m->globals[i];
        g->written = g->mut && g->import != NULL;
    }
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_GLOBAL) {
            Global *g = &m->globals[m->exports[i].index];
            g->exported = true;
            if (g->mut)
                g->written = true;
        }
    for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++)
        for (uint32_t i = 0; i < m->funcs[f].ncode; i++)
            if (m->funcs[f].code[i].op == OP_GLOBAL_SET)
                m->globals[m->funcs[f].code[i].a].written = true;
}

/* One round of propagation from callees to callers; true if anything grew. */
static bool propagate(Module *m, Summary *s, const uint64_t *table_r, const uint64_t *table_w)
{
    bool changed = false;
    uint32_t nw = s->nwords;
    for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++) {
        uint64_t *r = &s->reads[f * nw], *w = &s->writes[f * nw];
        for (uint32_t i = 0; i < m->funcs[f].ncode; i++) {
            const Instr *in = &m->funcs[f].code[i];
            const uint64_t *cr, *cw;
            if (in->op == OP_CALL) {
                cr = &s->reads[in->a * nw];
                cw = &s->writes[in->a * nw];
            } else if (in->op == OP_CALL_INDIRECT) {
                cr = table_r;
                cw = table_w;
            } else {
                continue;
            }
            for (uint32_t k = 0; k < nw; k++) {
                uint64_t nr = r[k] | cr[k], nwv = w[k] | cw[k];
                changed |= nr != r[k] || nwv != w[k];
                r[k] = nr;
                w[k] = nwv;
            }
        }
    }
    return changed;
}

/* Can this instruction trap (leaving the function without returning)?
 * Stack exhaustion, possible at any call, is not counted. */
static bool instr_may_trap(const Instr *in)
{
    switch (op_info[in->op].lower) {
    case L_DIV: case L_TRUNC: case L_LOAD: case L_LOAD_S: case L_LOAD_U: case L_STORE:
        return true;
    default:
        break;
    }
    switch (in->op) {
    case OP_UNREACHABLE: case OP_CALL_INDIRECT: case OP_TABLE_GET: case OP_TABLE_SET:
    case OP_TABLE_INIT: case OP_TABLE_COPY: case OP_TABLE_FILL: case OP_MEMORY_INIT:
    case OP_MEMORY_COPY: case OP_MEMORY_FILL:
        return true;
    }
    return false;
}

/* may_trap[f]: f or anything it calls may trap; imports always may. */
static void find_traps(Module *m, Summary *s)
{
    s->may_trap = arena_alloc(m->arena, m->nfuncs + 1);
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        s->may_trap[f] = m->funcs[f].import != NULL;
        for (uint32_t i = 0; i < m->funcs[f].ncode && !s->may_trap[f]; i++)
            s->may_trap[f] = instr_may_trap(&m->funcs[f].code[i]);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++)
            for (uint32_t i = 0; i < m->funcs[f].ncode && !s->may_trap[f]; i++)
                if (m->funcs[f].code[i].op == OP_CALL && s->may_trap[m->funcs[f].code[i].a])
                    changed = s->may_trap[f] = true;
    }
}

Summary *summarize_module(Module *m)
{
    Arena *a = m->arena;
    Summary *s = arena_alloc(a, sizeof *s);
    uint32_t nw = s->nwords = (m->nglobals + 63) / 64 + 1;
    s->reads = arena_alloc(a, (size_t)(m->nfuncs + 1) * nw * 8);
    s->writes = arena_alloc(a, (size_t)(m->nfuncs + 1) * nw * 8);
    s->direct = arena_alloc(a, (size_t)(m->nfuncs + 1) * nw * 8);
    mark_written(m);
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        if (m->funcs[f].import) {
            memset(&s->reads[f * nw], 0xff, nw * 8);
            memset(&s->writes[f * nw], 0xff, nw * 8);
            continue;
        }
        for (uint32_t i = 0; i < m->funcs[f].ncode; i++) {
            const Instr *in = &m->funcs[f].code[i];
            if (in->op == OP_GLOBAL_GET || in->op == OP_GLOBAL_SET) {
                set_bit(&s->direct[f * nw], in->a);
                set_bit(in->op == OP_GLOBAL_GET ? &s->reads[f * nw] : &s->writes[f * nw], in->a);
            }
        }
    }
    bool opaque = foreign_refs(m);
    /* what a call_indirect may touch: everything, or what the functions
     * this module put in its tables touch */
    uint64_t *tr = arena_alloc(a, nw * 8), *tw = arena_alloc(a, nw * 8);
    if (opaque) {
        memset(tr, 0xff, nw * 8);
        memset(tw, 0xff, nw * 8);
    }
    do {
        if (!opaque) {
            memset(tr, 0, nw * 8);
            memset(tw, 0, nw * 8);
            for (uint32_t f = 0; f < m->nfuncs; f++)
                if (m->funcs[f].declared_ref)
                    for (uint32_t k = 0; k < nw; k++) {
                        tr[k] |= s->reads[f * nw + k];
                        tw[k] |= s->writes[f * nw + k];
                    }
        }
    } while (propagate(m, s, tr, tw));
    s->table_reads = tr;
    s->table_writes = tw;
    find_traps(m, s);
    return s;
}

bool summary_reads(const Summary *s, uint32_t f, uint32_t g) { return get_bit(&s->reads[f * s->nwords], g); }
bool summary_writes(const Summary *s, uint32_t f, uint32_t g) { return get_bit(&s->writes[f * s->nwords], g); }
bool summary_direct(const Summary *s, uint32_t f, uint32_t g) { return get_bit(&s->direct[f * s->nwords], g); }

bool summary_may_trap(const Summary *s, int64_t callee)
{
    return callee < 0 || s->may_trap[callee];
}

bool summary_may_touch(const Summary *s, int64_t callee, uint32_t g, bool writes_only)
{
    if (callee == CALLEE_ANY)
        return true;
    if (callee == CALLEE_INDIRECT)
        return get_bit(s->table_writes, g) || (!writes_only && get_bit(s->table_reads, g));
    return summary_writes(s, (uint32_t)callee, g) || (!writes_only && summary_reads(s, (uint32_t)callee, g));
}
