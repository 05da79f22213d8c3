/*
 * validate.c - WebAssembly 2.0 validation: Module -> checked Module.
 *
 * Second stage, between read.c and lowering.  Implements the spec's
 * validation algorithm (its appendix: an operand stack of value types and a
 * control stack of frames, with "unknown" types once code is unreachable).
 * After it succeeds, lowering can assume every index is in range, every
 * instruction finds operands of the right type, and every block leaves the
 * right values; lowering never re-checks any of it.
 *
 * Operand types come from the SIG column of opcodes.def for the numeric and
 * memory rows; the rest are handled here by hand.
 */
#include "wasmc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t op;            /* OP_BLOCK, OP_LOOP, OP_IF, or OP_END for the function */
    const uint8_t *params, *results;
    uint32_t nparams, nresults;
    uint32_t height;       /* operand stack height at entry */
    bool unreachable;
} Frame;

typedef struct {
    Module *m;
    Func *f;
    uint8_t *locals;       /* params then locals */
    uint32_t nlocals;
    uint8_t *vals;
    uint32_t nvals, capvals;
    Frame *frames;
    uint32_t nframes, capframes;
    uint32_t off;          /* offset of the current instruction */
} V;

static uint8_t sig_type(char c)
{
    switch (c) {
    case 'i': return VT_I32;
    case 'I': return VT_I64;
    case 'f': return VT_F32;
    case 'F': return VT_F64;
    case 'V': return VT_V128;
    case 'r': return VT_FUNCREF;
    case 'e': return VT_EXTERNREF;
    }
    die("bad signature letter %c", c);
}

static const char *type_name(uint8_t t)
{
    switch (t) {
    case VT_I32: return "i32";
    case VT_I64: return "i64";
    case VT_F32: return "f32";
    case VT_F64: return "f64";
    case VT_V128: return "v128";
    case VT_FUNCREF: return "funcref";
    case VT_EXTERNREF: return "externref";
    }
    return "unknown";
}

static bool is_ref(uint8_t t) { return t == VT_FUNCREF || t == VT_EXTERNREF; }

static void push(V *v, uint8_t t)
{
    if (v->nvals == v->capvals) {
        v->capvals = v->capvals ? v->capvals * 2 : 64;
        v->vals = realloc(v->vals, v->capvals);
        if (!v->vals)
            die("out of memory");
    }
    v->vals[v->nvals++] = t;
}

static uint8_t pop(V *v)
{
    Frame *fr = &v->frames[v->nframes - 1];
    if (v->nvals == fr->height) {
        if (fr->unreachable)
            return VT_UNKNOWN;
        error_at(v->off, "type mismatch: an operand is missing (the stack is empty)");
    }
    return v->vals[--v->nvals];
}

static uint8_t pop_expect(V *v, uint8_t want)
{
    uint8_t t = pop(v);
    if (t != want && t != VT_UNKNOWN && want != VT_UNKNOWN)
        error_at(v->off, "type mismatch: expected %s, got %s", type_name(want), type_name(t));
    return t == VT_UNKNOWN ? want : t;
}

static void pop_vals(V *v, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        pop_expect(v, types[i]);
}

static void push_vals(V *v, const uint8_t *types, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        push(v, types[i]);
}

static void push_frame(V *v, uint8_t op, const uint8_t *params, uint32_t np,
                       const uint8_t *results, uint32_t nr)
{
    if (v->nframes == v->capframes) {
        v->capframes = v->capframes ? v->capframes * 2 : 16;
        v->frames = realloc(v->frames, v->capframes * sizeof *v->frames);
        if (!v->frames)
            die("out of memory");
    }
    v->frames[v->nframes++] = (Frame){ op, params, results, np, nr, v->nvals, false };
    push_vals(v, params, np);
}

static Frame pop_frame(V *v)
{
    Frame *fr = &v->frames[v->nframes - 1];
    pop_vals(v, fr->results, fr->nresults);
    if (v->nvals != fr->height)
        error_at(v->off, "type mismatch: %u values left on the stack at the end of a block",
                 v->nvals - fr->height);
    return v->frames[--v->nframes];
}

static void set_unreachable(V *v)
{
    Frame *fr = &v->frames[v->nframes - 1];
    v->nvals = fr->height;
    fr->unreachable = true;
}

/* The types a branch to frame `fr` carries: params for a loop. */
static void label_types(Frame *fr, const uint8_t **types, uint32_t *n)
{
    if (fr->op == OP_LOOP) {
        *types = fr->params;
        *n = fr->nparams;
    } else {
        *types = fr->results;
        *n = fr->nresults;
    }
}

static Frame *label(V *v, uint32_t depth)
{
    if (depth >= v->nframes)
        error_at(v->off, "unknown label %u", depth);
    return &v->frames[v->nframes - 1 - depth];
}

static void check_index(V *v, uint32_t idx, uint32_t n, const char *what)
{
    if (idx >= n)
        error_at(v->off, "unknown %s %u", what, idx);
}

static void block_type(V *v, const Instr *in, const uint8_t **params, uint32_t *np,
                       const uint8_t **results, uint32_t *nr)
{
    static const uint8_t single[256][1] = {
        [VT_I32] = { VT_I32 }, [VT_I64] = { VT_I64 }, [VT_F32] = { VT_F32 }, [VT_F64] = { VT_F64 },
        [VT_V128] = { VT_V128 }, [VT_FUNCREF] = { VT_FUNCREF }, [VT_EXTERNREF] = { VT_EXTERNREF },
    };
    *np = *nr = 0;
    *params = *results = NULL;
    if (in->a == 1) {
        *results = single[in->b];
        *nr = 1;
    } else if (in->a == 2) {
        check_index(v, in->b, v->m->ntypes, "type");
        FuncType *t = &v->m->types[in->b];
        *params = t->params;
        *np = t->nparams;
        *results = t->results;
        *nr = t->nresults;
    }
}

static void check_memarg(V *v, const Instr *in)
{
    check_index(v, 0, v->m->nmemories, "memory");
    int size = op_info[in->op].arg;
    if (in->a >= 32 || (1u << in->a) > (unsigned)size)
        error_at(v->off, "alignment must not be larger than natural");
}

/* Numeric and memory rows: pop the operands of SIG, push its results. */
static void validate_sig(V *v, const char *sig)
{
    const char *colon = strchr(sig, ':');
    for (const char *p = colon; p-- > sig;)
        pop_expect(v, sig_type(*p));
    for (const char *p = colon + 1; *p; p++)
        push(v, sig_type(*p));
}

static void validate_branches(V *v, const Instr *in)
{
    switch (in->op) {
    case OP_BR: {
        const uint8_t *t; uint32_t n;
        label_types(label(v, in->a), &t, &n);
        pop_vals(v, t, n);
        set_unreachable(v);
        break;
    }
    case OP_BR_IF: {
        pop_expect(v, VT_I32);
        const uint8_t *t; uint32_t n;
        label_types(label(v, in->a), &t, &n);
        pop_vals(v, t, n);
        push_vals(v, t, n);
        break;
    }
    case OP_BR_TABLE: {
        pop_expect(v, VT_I32);
        const uint32_t *targets = &v->f->brtab[in->a];
        const uint8_t *dt; uint32_t dn;
        label_types(label(v, targets[in->b - 1]), &dt, &dn);
        for (uint32_t i = 0; i + 1 < in->b; i++) {
            const uint8_t *t; uint32_t n;
            label_types(label(v, targets[i]), &t, &n);
            if (n != dn)
                error_at(v->off, "type mismatch: br_table targets have %u and %u values", n, dn);
            /* each target must accept what is on the stack */
            uint32_t save = v->nvals;
            uint8_t *copy = malloc(v->nvals + 1);
            memcpy(copy, v->vals, v->nvals);
            pop_vals(v, t, n);
            memcpy(v->vals, copy, save);
            v->nvals = save;
            free(copy);
        }
        pop_vals(v, dt, dn);
        set_unreachable(v);
        break;
    }
    case OP_RETURN: {
        Frame *fr = &v->frames[0];
        pop_vals(v, fr->results, fr->nresults);
        set_unreachable(v);
        break;
    }
    }
}

static void validate_control(V *v, const Instr *in)
{
    const uint8_t *p, *r;
    uint32_t np, nr;
    switch (in->op) {
    case OP_UNREACHABLE: set_unreachable(v); break;
    case OP_NOP: break;
    case OP_BLOCK: case OP_LOOP: case OP_IF:
        block_type(v, in, &p, &np, &r, &nr);
        if (in->op == OP_IF)
            pop_expect(v, VT_I32);
        pop_vals(v, p, np);
        push_frame(v, (uint8_t)in->op, p, np, r, nr);
        break;
    case OP_ELSE: {
        Frame fr = pop_frame(v);
        if (fr.op != OP_IF)
            error_at(v->off, "else without a matching if");
        push_frame(v, OP_ELSE, fr.params, fr.nparams, fr.results, fr.nresults);
        break;
    }
    case OP_END: {
        Frame fr = pop_frame(v);
        /* an if without else must leave its params as its results */
        if (fr.op == OP_IF && (fr.nparams != fr.nresults ||
                               memcmp(fr.params, fr.results, fr.nparams) != 0))
            error_at(v->off, "type mismatch: if without else must have matching params and results");
        push_vals(v, fr.results, fr.nresults);
        break;
    }
    default:
        validate_branches(v, in);
    }
}

static void validate_call(V *v, const Instr *in)
{
    Module *m = v->m;
    FuncType *t;
    if (in->op == OP_CALL) {
        check_index(v, in->a, m->nfuncs, "function");
        t = &m->types[m->funcs[in->a].type];
    } else {
        check_index(v, in->b, m->ntables, "table");
        check_index(v, in->a, m->ntypes, "type");
        if (m->tables[in->b].type != VT_FUNCREF)
            error_at(v->off, "type mismatch: call_indirect needs a funcref table");
        pop_expect(v, VT_I32);
        t = &m->types[in->a];
    }
    pop_vals(v, t->params, t->nparams);
    push_vals(v, t->results, t->nresults);
}

static uint8_t local_type(V *v, uint32_t idx)
{
    check_index(v, idx, v->nlocals, "local");
    return v->locals[idx];
}

static void validate_variable(V *v, const Instr *in)
{
    Module *m = v->m;
    switch (in->op) {
    case OP_DROP: pop(v); break;
    case OP_SELECT: case OP_SELECT_T: {
        pop_expect(v, VT_I32);
        if (in->op == OP_SELECT_T) {
            pop_expect(v, (uint8_t)in->a);
            pop_expect(v, (uint8_t)in->a);
            push(v, (uint8_t)in->a);
            break;
        }
        uint8_t t1 = pop(v), t2 = pop(v);
        if (is_ref(t1) || is_ref(t2))
            error_at(v->off, "type mismatch: select without a type needs numeric operands");
        if (t1 != t2 && t1 != VT_UNKNOWN && t2 != VT_UNKNOWN)
            error_at(v->off, "type mismatch: select operands are %s and %s", type_name(t2), type_name(t1));
        push(v, t1 == VT_UNKNOWN ? t2 : t1);
        break;
    }
    case OP_LOCAL_GET: push(v, local_type(v, in->a)); break;
    case OP_LOCAL_SET: pop_expect(v, local_type(v, in->a)); break;
    case OP_LOCAL_TEE: {
        uint8_t t = local_type(v, in->a);
        pop_expect(v, t);
        push(v, t);
        break;
    }
    case OP_GLOBAL_GET:
        check_index(v, in->a, m->nglobals, "global");
        push(v, m->globals[in->a].type);
        break;
    case OP_GLOBAL_SET:
        check_index(v, in->a, m->nglobals, "global");
        if (!m->globals[in->a].mut)
            error_at(v->off, "global is immutable: global %u", in->a);
        pop_expect(v, m->globals[in->a].type);
        break;
    }
}

static void validate_table(V *v, const Instr *in)
{
    Module *m = v->m;
    uint8_t tt = 0; /* the type of table in->a, for the rows that name one there */
    switch (in->op) {
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_GROW: case OP_TABLE_SIZE: case OP_TABLE_FILL:
        check_index(v, in->a, m->ntables, "table");
        tt = m->tables[in->a].type;
        break;
    }
    switch (in->op) {
    case OP_TABLE_GET: pop_expect(v, VT_I32); push(v, tt); break;
    case OP_TABLE_SET: pop_expect(v, tt); pop_expect(v, VT_I32); break;
    case OP_TABLE_GROW: pop_expect(v, VT_I32); pop_expect(v, tt); push(v, VT_I32); break;
    case OP_TABLE_SIZE: push(v, VT_I32); break;
    case OP_TABLE_FILL: pop_expect(v, VT_I32); pop_expect(v, tt); pop_expect(v, VT_I32); break;
    case OP_TABLE_INIT:
        check_index(v, in->b, m->ntables, "table");
        check_index(v, in->a, m->nelems, "elem segment");
        if (m->elems[in->a].type != m->tables[in->b].type)
            error_at(v->off, "type mismatch: table.init of %s segment into %s table",
                     type_name(m->elems[in->a].type), type_name(m->tables[in->b].type));
        validate_sig(v, "iii:");
        break;
    case OP_ELEM_DROP: check_index(v, in->a, m->nelems, "elem segment"); break;
    case OP_TABLE_COPY:
        check_index(v, in->a, m->ntables, "table");
        check_index(v, in->b, m->ntables, "table");
        if (m->tables[in->a].type != m->tables[in->b].type)
            error_at(v->off, "type mismatch: table.copy between tables of different types");
        validate_sig(v, "iii:");
        break;
    }
}

static void validate_ref(V *v, const Instr *in)
{
    switch (in->op) {
    case OP_REF_NULL: push(v, (uint8_t)in->a); break;
    case OP_REF_IS_NULL: {
        uint8_t t = pop(v);
        if (t != VT_UNKNOWN && !is_ref(t))
            error_at(v->off, "type mismatch: ref.is_null needs a reference, got %s", type_name(t));
        push(v, VT_I32);
        break;
    }
    case OP_REF_FUNC:
        check_index(v, in->a, v->m->nfuncs, "function");
        if (!v->m->funcs[in->a].declared_ref)
            error_at(v->off, "undeclared function reference %u", in->a);
        push(v, VT_FUNCREF);
        break;
    }
}

static void validate_memory(V *v, const Instr *in)
{
    Module *m = v->m;
    if (in->op == OP_DATA_DROP || in->op == OP_MEMORY_INIT) {
        if (!m->has_datacount)
            error_at(v->off, "data count section required");
        check_index(v, in->a, m->datacount, "data segment");
        if (in->op == OP_DATA_DROP)
            return;
    }
    check_index(v, 0, m->nmemories, "memory");
    validate_sig(v, op_info[in->op].sig);
}

static void validate_instr(V *v, const Instr *in)
{
    const OpInfo *oi = &op_info[in->op];
    v->off = in->off;
    switch (oi->lower) {
    case L_LOAD: case L_LOAD_S: case L_LOAD_U: case L_STORE:
        check_memarg(v, in);
        validate_sig(v, oi->sig);
        return;
    case L_SPECIAL:
        break;
    default:
        validate_sig(v, oi->sig);
        return;
    }
    switch (in->op) {
    case OP_CALL: case OP_CALL_INDIRECT: validate_call(v, in); break;
    case OP_DROP: case OP_SELECT: case OP_SELECT_T: case OP_LOCAL_GET: case OP_LOCAL_SET:
    case OP_LOCAL_TEE: case OP_GLOBAL_GET: case OP_GLOBAL_SET:
        validate_variable(v, in);
        break;
    case OP_TABLE_GET: case OP_TABLE_SET: case OP_TABLE_GROW: case OP_TABLE_SIZE:
    case OP_TABLE_FILL: case OP_TABLE_INIT: case OP_ELEM_DROP: case OP_TABLE_COPY:
        validate_table(v, in);
        break;
    case OP_REF_NULL: case OP_REF_IS_NULL: case OP_REF_FUNC: validate_ref(v, in); break;
    case OP_MEMORY_SIZE: case OP_MEMORY_GROW: case OP_MEMORY_INIT: case OP_DATA_DROP:
    case OP_MEMORY_COPY: case OP_MEMORY_FILL:
        validate_memory(v, in);
        break;
    case OP_I32_CONST: case OP_I64_CONST: case OP_F32_CONST: case OP_F64_CONST:
        validate_sig(v, oi->sig);
        break;
    default:
        validate_control(v, in);
    }
}

static void validate_func(Module *m, Func *f)
{
    FuncType *t = &m->types[f->type];
    V v = { .m = m, .f = f };
    v.nlocals = t->nparams + f->nlocals;
    v.locals = malloc(v.nlocals + 1);
    memcpy(v.locals, t->params, t->nparams);
    memcpy(v.locals + t->nparams, f->locals, f->nlocals);
    push_frame(&v, OP_END, NULL, 0, t->results, t->nresults);
    for (uint32_t i = 0; i < f->ncode; i++) {
        const Instr *in = &f->code[i];
        if (in->op == OP_END && i + 1 == f->ncode) {
            v.off = in->off;
            pop_frame(&v);
            break;
        }
        validate_instr(&v, in);
    }
    free(v.locals);
    free(v.vals);
    free(v.frames);
}

/* Constant expressions: one constant, global.get of an imported immutable
 * global, ref.null or ref.func, then end; the result must be `type`. */
static void validate_const_expr(Module *m, const Expr *e, uint8_t type)
{
    const Instr *in = &e->code[0];
    uint8_t got = 0;
    if (e->ncode != 2)
        error_at(in->off, e->ncode < 2 ? "type mismatch: empty constant expression"
                                         : "constant expression required");
    switch (in->op) {
    case OP_I32_CONST: got = VT_I32; break;
    case OP_I64_CONST: got = VT_I64; break;
    case OP_F32_CONST: got = VT_F32; break;
    case OP_F64_CONST: got = VT_F64; break;
    case OP_REF_NULL: got = (uint8_t)in->a; break;
    case OP_REF_FUNC:
        if (in->a >= m->nfuncs)
            error_at(in->off, "unknown function %u", in->a);
        got = VT_FUNCREF;
        break;
    case OP_GLOBAL_GET:
        if (in->a >= m->nimported_globals)
            error_at(in->off, "unknown global %u: constant expressions may only read imported globals", in->a);
        if (m->globals[in->a].mut)
            error_at(in->off, "constant expression required: global %u is mutable", in->a);
        got = m->globals[in->a].type;
        break;
    default:
        error_at(in->off, "constant expression required");
    }
    if (got != type)
        error_at(in->off, "type mismatch: constant expression of type %s where %s is expected",
                 type_name(got), type_name(type));
}

static void validate_limits(uint64_t off, const Limits *l, uint64_t bound, const char *what)
{
    if (l->min > bound)
        error_at(off, "%s size must be at most %llu", what, (unsigned long long)bound);
    if (l->has_max && l->max > bound)
        error_at(off, "%s size must be at most %llu", what, (unsigned long long)bound);
    if (l->has_max && l->max < l->min)
        error_at(off, "size minimum must not be greater than maximum");
}

/* Functions that ref.func may name: those in element segments, exports and
 * global initializers (the spec's C.refs). */
static void mark_declared(Module *m)
{
    for (uint32_t i = 0; i < m->nelems; i++)
        for (uint32_t k = 0; k < m->elems[i].nitems; k++) {
            const Instr *in = &m->elems[i].items[k].code[0];
            if (in->op == OP_REF_FUNC && in->a < m->nfuncs)
                m->funcs[in->a].declared_ref = true;
        }
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == EXT_FUNC && m->exports[i].index < m->nfuncs)
            m->funcs[m->exports[i].index].declared_ref = true;
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (!m->globals[i].import && m->globals[i].init.code[0].op == OP_REF_FUNC &&
            m->globals[i].init.code[0].a < m->nfuncs)
            m->funcs[m->globals[i].init.code[0].a].declared_ref = true;
}

static int cmp_export(const void *a, const void *b)
{
    const Export *x = *(Export *const *)a, *y = *(Export *const *)b;
    uint32_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->name, y->name, n);
    if (c)
        return c;
    if (x->name_len != y->name_len)
        return x->name_len < y->name_len ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Duplicate names, found by sorting (the module may have many exports);
 * the later of two equal names is the one reported. */
static void check_duplicate_exports(Module *m)
{
    if (m->nexports < 2)
        return;
    Export **v = malloc(m->nexports * sizeof *v);
    for (uint32_t i = 0; i < m->nexports; i++)
        v[i] = &m->exports[i];
    qsort(v, m->nexports, sizeof *v, cmp_export);
    const Export *dup = NULL;
    for (uint32_t i = 1; i < m->nexports; i++)
        if (v[i]->name_len == v[i - 1]->name_len && memcmp(v[i]->name, v[i - 1]->name, v[i]->name_len) == 0 &&
            (!dup || v[i]->off < dup->off))
            dup = v[i];
    free(v);
    if (dup)
        error_at(dup->off, "duplicate export name \"%s\"", dup->name);
}

static void validate_exports(Module *m)
{
    for (uint32_t i = 0; i < m->nexports; i++) {
        Export *e = &m->exports[i];
        uint32_t n = e->kind == EXT_FUNC ? m->nfuncs : e->kind == EXT_TABLE ? m->ntables
                   : e->kind == EXT_MEMORY ? m->nmemories : m->nglobals;
        static const char *what[] = { "function", "table", "memory", "global" };
        if (e->index >= n)
            error_at(e->off, "unknown %s %u in export \"%s\"", what[e->kind], e->index, e->name);
    }
    check_duplicate_exports(m);
}

static void validate_segments(Module *m)
{
    for (uint32_t i = 0; i < m->nelems; i++) {
        Elem *e = &m->elems[i];
        if (e->mode == SEG_ACTIVE) {
            if (e->table >= m->ntables)
                error_at(e->off, "unknown table %u", e->table);
            if (m->tables[e->table].type != e->type)
                error_at(e->off, "type mismatch: element segment of %s for a %s table",
                         type_name(e->type), type_name(m->tables[e->table].type));
            validate_const_expr(m, &e->offset, VT_I32);
        }
        for (uint32_t k = 0; k < e->nitems; k++)
            validate_const_expr(m, &e->items[k], e->type);
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        Data *d = &m->datas[i];
        if (d->mode == SEG_ACTIVE) {
            if (d->mem >= m->nmemories)
                error_at(d->off, "unknown memory %u", d->mem);
            validate_const_expr(m, &d->offset, VT_I32);
        }
    }
}

void validate_module(Module *m)
{
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        Func *f = &m->funcs[i];
        if (f->type >= m->ntypes)
            error_at(f->type_off, "unknown type %u", f->type);
    }
    for (uint32_t i = 0; i < m->ntables; i++)
        validate_limits(m->tables[i].off, &m->tables[i].lim, UINT32_MAX, "table");
    if (m->nmemories > 1)
        error_at(m->memories[1].off, "multiple memories are not supported in WebAssembly 2.0");
    for (uint32_t i = 0; i < m->nmemories; i++)
        validate_limits(m->memories[i].off, &m->memories[i].lim, MAX_PAGES, "memory");
    mark_declared(m);
    for (uint32_t i = m->nimported_globals; i < m->nglobals; i++)
        validate_const_expr(m, &m->globals[i].init, m->globals[i].type);
    validate_exports(m);
    if (m->has_start) {
        if (m->start >= m->nfuncs)
            error_at(m->start_off, "unknown function %u as start function", m->start);
        FuncType *t = &m->types[m->funcs[m->start].type];
        if (t->nparams || t->nresults)
            error_at(m->start_off, "start function must have type [] -> []");
    }
    validate_segments(m);
    for (uint32_t i = m->nimported_funcs; i < m->nfuncs; i++)
        validate_func(m, &m->funcs[i]);
}
