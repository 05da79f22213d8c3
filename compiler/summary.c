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
 * references whose signature is the one the call names (any other traps at
 * the signature check), so the sets are kept per signature.  It also marks
 * which globals are ever written, so that globals nothing writes become
 * constants, and which functions may trap, so that calls to them write back
 * every global the caller changed.
 *
 * Finally it finds the tables whose contents are fixed once instantiation
 * succeeds (private, never written by any instruction, filled only by
 * in-bounds active segments of ref.func/ref.null items at constant
 * offsets), and lists their elements by (table, signature class), so that
 * lowering can turn a call_indirect through one of them into a switch over
 * direct calls.
 */
#include "wasmc.h"

#include <stdlib.h>
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

static bool same_signature(const FuncType *a, const FuncType *b)
{
    return a->nparams == b->nparams && a->nresults == b->nresults &&
           memcmp(a->params, b->params, a->nparams) == 0 &&
           memcmp(a->results, b->results, a->nresults) == 0;
}

static uint32_t signature_hash(const FuncType *t)
{
    uint32_t h = 2166136261u;
    h = (h ^ t->nparams) * 16777619u;
    for (uint32_t i = 0; i < t->nparams; i++)
        h = (h ^ t->params[i]) * 16777619u;
    h = (h ^ t->nresults) * 16777619u;
    for (uint32_t i = 0; i < t->nresults; i++)
        h = (h ^ t->results[i]) * 16777619u;
    return h;
}

/* sig_class[t]: the first type index with t's signature (a hash table of
 * the types seen so far, open addressing). */
static uint32_t *signature_classes(Module *m)
{
    uint32_t cap = 16;
    while (cap < 2 * (uint64_t)m->ntypes)
        cap *= 2;
    uint32_t *table = arena_alloc(m->arena, (size_t)cap * 4);   /* type + 1, 0 = empty */
    uint32_t *cls = arena_alloc(m->arena, ((size_t)m->ntypes + 1) * 4);
    for (uint32_t t = 0; t < m->ntypes; t++) {
        uint32_t i = signature_hash(&m->types[t]) & (cap - 1);
        while (table[i] && !same_signature(&m->types[table[i] - 1], &m->types[t]))
            i = (i + 1) & (cap - 1);
        if (!table[i])
            table[i] = t + 1;
        cls[t] = table[i] - 1;
    }
    return cls;
}

/* Which signature classes have functions a table can hold: class_slot[c]
 * numbers them (NO_SLOT: none, a call_indirect of that signature always
 * traps). */
#define NO_SLOT UINT32_MAX

static void number_classes(Module *m, Summary *s)
{
    s->sig_class = signature_classes(m);
    s->class_slot = arena_alloc(m->arena, ((size_t)m->ntypes + 1) * 4);
    memset(s->class_slot, 0xff, ((size_t)m->ntypes + 1) * 4);
    s->nslots = 0;
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        uint32_t c = s->sig_class[m->funcs[f].type];
        if (m->funcs[f].declared_ref && s->class_slot[c] == NO_SLOT)
            s->class_slot[c] = s->nslots++;
    }
    size_t bytes = ((size_t)s->nslots + 1) * s->nwords * 8;
    s->everything = arena_alloc(m->arena, s->nwords * 8);
    memset(s->everything, 0xff, s->nwords * 8);
    s->class_reads = arena_alloc(m->arena, bytes);
    s->class_writes = arena_alloc(m->arena, bytes);
    s->class_may_trap = arena_alloc(m->arena, (size_t)s->nslots + 1);
}

/* The class sets: the union over the functions of each class. */
static void class_sets(Module *m, Summary *s)
{
    uint32_t nw = s->nwords;
    size_t bytes = (size_t)s->nslots * nw * 8;
    memset(s->class_reads, 0, bytes);
    memset(s->class_writes, 0, bytes);
    for (uint32_t f = 0; f < m->nfuncs; f++) {
        if (!m->funcs[f].declared_ref)
            continue;
        size_t c = s->class_slot[s->sig_class[m->funcs[f].type]];
        for (uint32_t k = 0; k < nw; k++) {
            s->class_reads[c * nw + k] |= s->reads[f * nw + k];
            s->class_writes[c * nw + k] |= s->writes[f * nw + k];
        }
    }
}

/* The class slot a call_indirect of this type reaches, or NO_SLOT. */
static uint32_t indirect_slot(const Summary *s, uint32_t type)
{
    return s->class_slot[s->sig_class[type]];
}

/* What a call_indirect of this type may read and write: NULL if it can
 * reach no function (its signature check always traps). */
static const uint64_t *indirect_set(const Summary *s, uint32_t type, bool writes)
{
    if (s->opaque)
        return s->everything;
    uint32_t slot = indirect_slot(s, type);
    if (slot == NO_SLOT)
        return NULL;
    return &(writes ? s->class_writes : s->class_reads)[(size_t)slot * s->nwords];
}

/* One round of propagation from callees to callers; true if anything grew. */
static bool propagate(Module *m, Summary *s)
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
            } else if (in->op == OP_CALL_INDIRECT && indirect_set(s, in->a, false)) {
                cr = indirect_set(s, in->a, false);
                cw = indirect_set(s, in->a, true);
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
 * Stack exhaustion, possible at any call, is not counted here (lower_call.c
 * treats every call as trapping outside executables). */
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

/* Tables no instruction writes or grows, and that nothing outside sees. */
static bool *private_quiet_tables(Module *m)
{
    bool *ok = arena_alloc(m->arena, (size_t)m->ntables + 1);
    for (uint32_t t = 0; t < m->ntables; t++)
        ok[t] = !m->tables[t].import && m->tables[t].type == VT_FUNCREF &&
                m->tables[t].lim.min <= MAX_CONST_TABLE;
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_TABLE)
            ok[m->exports[i].index] = false;
    for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++)
        for (uint32_t i = 0; i < m->funcs[f].ncode; i++) {
            const Instr *in = &m->funcs[f].code[i];
            if (in->op == OP_TABLE_SET || in->op == OP_TABLE_GROW || in->op == OP_TABLE_FILL ||
                in->op == OP_TABLE_COPY)
                ok[in->a] = false;
            else if (in->op == OP_TABLE_INIT)
                ok[in->b] = false;
        }
    return ok;
}

/* Applies the active element segments in order, as instantiation does, to
 * tab[t] (function indices, UINT32_MAX = null) of the candidate tables; a
 * table that turns out not constant gets tab[t] = NULL.  A segment that may
 * fail (unknown offset or table size, or out of bounds) stops instantiation
 * there, and a function of this module placed in a foreign table by an
 * earlier segment could still run and see the tables half filled: every
 * table written after such a point is not constant. */
static uint32_t **constant_tables(Module *m)
{
    bool *ok = private_quiet_tables(m);
    uint32_t **tab = arena_alloc(m->arena, ((size_t)m->ntables + 1) * sizeof *tab);
    for (uint32_t t = 0; t < m->ntables; t++)
        if (ok[t]) {
            tab[t] = arena_alloc(m->arena, ((size_t)m->tables[t].lim.min + 1) * 4);
            memset(tab[t], 0xff, (size_t)m->tables[t].lim.min * 4);   /* null */
        }
    bool may_have_failed = false;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const Elem *e = &m->elems[i];
        if (e->mode != SEG_ACTIVE)
            continue;
        uint32_t t = e->table;
        bool known_size = !m->tables[t].import;
        bool const_off = e->offset.ncode <= 2 && e->offset.code[0].op == OP_I32_CONST;   /* + end */
        uint64_t off = const_off ? (uint32_t)e->offset.code[0].v : 0;
        bool fits = known_size && const_off && off + e->nitems <= m->tables[t].lim.min;
        if (ok[t] && (may_have_failed || !fits))
            ok[t] = false;
        for (uint32_t k = 0; ok[t] && k < e->nitems; k++) {
            const Instr *it = &e->items[k].code[0];
            if (it->op == OP_REF_FUNC)
                tab[t][off + k] = it->a;
            else if (it->op == OP_REF_NULL)
                tab[t][off + k] = UINT32_MAX;
            else
                ok[t] = false;
        }
        may_have_failed |= !fits;
    }
    for (uint32_t t = 0; t < m->ntables; t++)
        if (!ok[t])
            tab[t] = NULL;
    return tab;
}

static int target_order(const void *pa, const void *pb)
{
    const Target *a = pa, *b = pb;
    if (a->table != b->table)
        return a->table < b->table ? -1 : 1;
    if (a->slot != b->slot)
        return a->slot < b->slot ? -1 : 1;
    return a->elem < b->elem ? -1 : a->elem > b->elem;
}

/* s->targets: the non-null elements of the constant tables, sorted by
 * (table, signature class slot, element index). */
static void list_targets(Module *m, Summary *s)
{
    uint32_t **tab = constant_tables(m);
    size_t n = 0;
    for (uint32_t t = 0; t < m->ntables; t++)
        if (tab[t])
            n += m->tables[t].lim.min;
    s->targets = arena_alloc(m->arena, (n + 1) * sizeof *s->targets);
    s->ntargets = 0;
    for (uint32_t t = 0; t < m->ntables; t++)
        for (uint32_t i = 0; tab[t] && i < m->tables[t].lim.min; i++) {
            uint32_t f = tab[t][i];
            /* elements are declared references, so their class has a slot */
            if (f != UINT32_MAX && indirect_slot(s, m->funcs[f].type) != NO_SLOT)
                s->targets[s->ntargets++] = (Target){ t, indirect_slot(s, m->funcs[f].type), i, f };
        }
    qsort(s->targets, s->ntargets, sizeof *s->targets, target_order);
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
    /* what a call_indirect may touch: everything, or what the functions of
     * its signature that this module put in its tables touch */
    s->opaque = foreign_refs(m);
    number_classes(m, s);
    do
        class_sets(m, s);
    while (propagate(m, s));
    find_traps(m, s);
    for (uint32_t f = 0; f < m->nfuncs; f++)
        if (m->funcs[f].declared_ref)
            s->class_may_trap[indirect_slot(s, m->funcs[f].type)] |= s->may_trap[f];
    list_targets(m, s);
    return s;
}

uint32_t summary_known_targets(const Summary *s, uint32_t table, uint32_t type, const Target **first)
{
    Target key = { table, indirect_slot(s, type), 0, 0 };
    if (key.slot == NO_SLOT)
        return 0;
    size_t lo = 0, hi = s->ntargets;    /* first element not before key */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (target_order(&s->targets[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t n = 0;
    while (lo + n < s->ntargets && s->targets[lo + n].table == table && s->targets[lo + n].slot == key.slot)
        n++;
    *first = &s->targets[lo];
    return n;
}

bool summary_reads(const Summary *s, uint32_t f, uint32_t g) { return get_bit(&s->reads[f * s->nwords], g); }
bool summary_writes(const Summary *s, uint32_t f, uint32_t g) { return get_bit(&s->writes[f * s->nwords], g); }
bool summary_direct(const Summary *s, uint32_t f, uint32_t g) { return get_bit(&s->direct[f * s->nwords], g); }

/* Traps of a call_indirect's own checks are the caller's; this is about
 * the callee. */
bool summary_may_trap(const Summary *s, int64_t callee)
{
    if (callee >= 0)
        return s->may_trap[callee];
    if (callee == CALLEE_ANY || s->opaque)
        return true;
    uint32_t slot = indirect_slot(s, CALLEE_INDIRECT_TYPE(callee));
    return slot != NO_SLOT && s->class_may_trap[slot];
}

bool summary_may_touch(const Summary *s, int64_t callee, uint32_t g, bool writes_only)
{
    if (callee == CALLEE_ANY)
        return true;
    if (callee < 0) {
        uint32_t type = CALLEE_INDIRECT_TYPE(callee);
        const uint64_t *r = indirect_set(s, type, false), *w = indirect_set(s, type, true);
        return w && (get_bit(w, g) || (!writes_only && get_bit(r, g)));
    }
    return summary_writes(s, (uint32_t)callee, g) || (!writes_only && summary_reads(s, (uint32_t)callee, g));
}
