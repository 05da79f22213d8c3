/*
 * read.c - the binary reader: bytes -> Module.
 *
 * First stage of the pipeline.  Decodes every section of the WebAssembly 2.0
 * binary format (custom sections are skipped, the name section is read for
 * function names) and every instruction into an Instr array per function.
 * It checks what the spec calls malformedness: encodings, lengths, section
 * order, LEB128 ranges, opcodes.  Typing is validate.c's job.
 *
 * Every count and length read from the file is checked against the bytes
 * that remain before anything is allocated for it, so a hostile file cannot
 * make the reader allocate more than a small multiple of its own size.
 */
#include "wasmc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *base, *p, *end;
    Module *m;
} Reader;

static uint64_t at(Reader *r) { return (uint64_t)(r->p - r->base); }

static uint8_t u8(Reader *r)
{
    if (r->p >= r->end)
        error_at(at(r), "unexpected end");
    return *r->p++;
}

/* Unsigned LEB128 of at most `bits` bits. */
static uint64_t uleb(Reader *r, int bits)
{
    uint64_t result = 0;
    uint64_t start = at(r);
    for (int shift = 0;; shift += 7) {
        if (r->p >= r->end)
            error_at(start, "unexpected end of LEB128 integer");
        uint8_t b = *r->p++;
        if (shift + 7 >= bits) {
            /* last permitted byte: no continuation, unused bits zero */
            if (b & 0x80)
                error_at(start, "integer representation too long");
            if (bits - shift < 7 && (b >> (bits - shift)) != 0)
                error_at(start, "integer too large");
            return result | ((uint64_t)b << shift);
        }
        result |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            return result;
    }
}

/* Signed LEB128 of at most `bits` bits, sign-extended to 64. */
static int64_t sleb(Reader *r, int bits)
{
    uint64_t result = 0;
    uint64_t start = at(r);
    for (int shift = 0;; shift += 7) {
        if (r->p >= r->end)
            error_at(start, "unexpected end of LEB128 integer");
        uint8_t b = *r->p++;
        if (shift + 7 >= bits) {
            if (b & 0x80)
                error_at(start, "integer representation too long");
            /* the unused high bits must all equal the sign bit */
            int used = bits - shift;             /* 1..7 bits that matter */
            int sign = (b >> (used - 1)) & 1;
            uint8_t rest = (uint8_t)(b >> used) & (uint8_t)(0x7f >> used);
            if (used < 7 && rest != (sign ? (0x7f >> used) : 0))
                error_at(start, "integer too large");
            result |= (uint64_t)b << shift;
            if (shift + 7 < 64 && (b & 0x40))
                result |= ~(uint64_t)0 << (shift + 7);
            return (int64_t)result;
        }
        result |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            if (b & 0x40)
                result |= ~(uint64_t)0 << (shift + 7);
            return (int64_t)result;
        }
    }
}

static uint32_t u32(Reader *r) { return (uint32_t)uleb(r, 32); }

/* A count of items each taking at least min_size bytes. */
static uint32_t count(Reader *r, size_t min_size, const char *what)
{
    uint64_t off = at(r);
    uint32_t n = u32(r);
    if ((uint64_t)n * min_size > (uint64_t)(r->end - r->p))
        error_at(off, "%s count %u is larger than the %zu bytes that remain", what, n,
                 (size_t)(r->end - r->p));
    return n;
}

static bool utf8_valid(const uint8_t *s, uint32_t n)
{
    for (uint32_t i = 0; i < n;) {
        uint8_t c = s[i];
        uint32_t len, cp;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xe0) == 0xc0) { len = 2; cp = c & 0x1f; }
        else if ((c & 0xf0) == 0xe0) { len = 3; cp = c & 0x0f; }
        else if ((c & 0xf8) == 0xf0) { len = 4; cp = c & 0x07; }
        else return false;
        if (i + len > n)
            return false;
        for (uint32_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

static const char *name_n(Reader *r, uint32_t *len)
{
    uint64_t off = at(r);
    uint32_t n = u32(r);
    if (n > (uint64_t)(r->end - r->p))
        error_at(off, "length out of bounds: name of %u bytes, %zu remain", n, (size_t)(r->end - r->p));
    if (!utf8_valid(r->p, n))
        error_at(off, "malformed UTF-8 encoding");
    const char *s = arena_strdup(r->m->arena, (const char *)r->p, n);
    r->p += n;
    if (len)
        *len = n;
    return s;
}

static const char *name(Reader *r) { return name_n(r, NULL); }

static bool is_valtype(uint8_t t)
{
    return t == VT_I32 || t == VT_I64 || t == VT_F32 || t == VT_F64 || t == VT_V128 ||
           t == VT_FUNCREF || t == VT_EXTERNREF;
}

static uint8_t valtype(Reader *r)
{
    uint64_t off = at(r);
    uint8_t t = u8(r);
    if (!is_valtype(t))
        error_at(off, "malformed value type 0x%02x", t);
    return t;
}

static uint8_t reftype(Reader *r)
{
    uint64_t off = at(r);
    uint8_t t = u8(r);
    if (t != VT_FUNCREF && t != VT_EXTERNREF)
        error_at(off, "malformed reference type 0x%02x", t);
    return t;
}

static Limits limits(Reader *r, int bits)
{
    Limits l = {0};
    uint64_t off = at(r);
    uint8_t flag = u8(r);
    if (flag > 1)
        error_at(off, "integer too large: malformed limits flags 0x%02x", flag);
    l.min = uleb(r, bits);
    if (flag == 1) {
        l.max = uleb(r, bits);
        l.has_max = true;
    }
    return l;
}

static void zero_byte(Reader *r)
{
    uint64_t off = at(r);
    if (u8(r) != 0)
        error_at(off, "zero byte expected");
}

/* ---- instructions ---- */

typedef struct {
    Instr *v;
    uint32_t n, cap;
    uint32_t *brtab;
    uint32_t nbrtab, brcap;
} InstrBuf;

static Instr *push_instr(InstrBuf *b)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->v = realloc(b->v, b->cap * sizeof *b->v);
        if (!b->v)
            die("out of memory");
    }
    Instr *in = &b->v[b->n++];
    memset(in, 0, sizeof *in);
    return in;
}

static void push_target(InstrBuf *b, uint32_t t)
{
    if (b->nbrtab == b->brcap) {
        b->brcap = b->brcap ? b->brcap * 2 : 64;
        b->brtab = realloc(b->brtab, b->brcap * sizeof *b->brtab);
        if (!b->brtab)
            die("out of memory");
    }
    b->brtab[b->nbrtab++] = t;
}

/* opcode lookup: one-byte table and the 0xfc table, built from op_info */
static int16_t op_byte[256], op_fc[32];

static void init_op_lookup(void)
{
    static bool done;
    if (done)
        return;
    for (int i = 0; i < 256; i++)
        op_byte[i] = -1;
    for (int i = 0; i < 32; i++)
        op_fc[i] = -1;
    for (int i = 0; i < NOPS; i++) {
        if (op_info[i].prefix == 0)
            op_byte[op_info[i].code] = (int16_t)i;
        else
            op_fc[op_info[i].code] = (int16_t)i;
    }
    done = true;
}

static void read_blocktype(Reader *r, Instr *in)
{
    uint8_t b = r->p < r->end ? *r->p : 0;
    if (b == 0x40) {
        r->p++;
        in->a = 0;
    } else if (is_valtype(b)) {
        r->p++;
        in->a = 1;
        in->b = b;
    } else {
        uint64_t off = at(r);
        int64_t idx = sleb(r, 33);
        if (idx < 0)
            error_at(off, "malformed block type");
        in->a = 2;
        in->b = (uint32_t)idx;
    }
}

static void read_immediates(Reader *r, InstrBuf *b, Instr *in)
{
    switch (op_info[in->op].imm) {
    case IMM_NONE:
        break;
    case IMM_BLOCK:
        read_blocktype(r, in);
        break;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL: case IMM_TABLE:
    case IMM_DATA: case IMM_ELEM:
        in->a = u32(r);
        break;
    case IMM_BR_TABLE: {
        uint32_t n = count(r, 1, "br_table target");
        in->a = b->nbrtab;
        in->b = n + 1;
        for (uint32_t i = 0; i <= n; i++)
            push_target(b, u32(r));
        break;
    }
    case IMM_CALL_INDIRECT:
        in->a = u32(r);
        in->b = u32(r);
        break;
    case IMM_MEMARG:
        in->a = u32(r);
        in->v = u32(r);
        break;
    case IMM_MEMIDX:
        zero_byte(r);
        break;
    case IMM_I32:
        in->v = (uint32_t)sleb(r, 32);
        break;
    case IMM_I64:
        in->v = (uint64_t)sleb(r, 64);
        break;
    case IMM_F32:
        if (r->end - r->p < 4)
            error_at(at(r), "unexpected end");
        in->v = (uint32_t)r->p[0] | (uint32_t)r->p[1] << 8 | (uint32_t)r->p[2] << 16 |
                (uint32_t)r->p[3] << 24;
        r->p += 4;
        break;
    case IMM_F64:
        if (r->end - r->p < 8)
            error_at(at(r), "unexpected end");
        for (int i = 7; i >= 0; i--)
            in->v = (in->v << 8) | r->p[i];
        r->p += 8;
        break;
    case IMM_REFTYPE:
        in->a = reftype(r);
        break;
    case IMM_SELECT_T: {
        uint64_t off = at(r);
        uint32_t n = count(r, 1, "select type");
        if (n != 1)
            error_at(off, "invalid result arity: select takes exactly one type, not %u", n);
        in->a = valtype(r);
        break;
    }
    case IMM_MEMORY_INIT:
        in->a = u32(r);
        zero_byte(r);
        break;
    case IMM_MEMORY_COPY:
        zero_byte(r);
        zero_byte(r);
        break;
    case IMM_TABLE_INIT: case IMM_TABLE_COPY:
        in->a = u32(r);
        in->b = u32(r);
        break;
    }
}

/* Decodes instructions up to and including the `end` that closes depth 0.
 * Records for else/end the index of the block they close, and for
 * block/loop/if the index of their end (v low half) and else (v high). */
static void read_instrs(Reader *r, InstrBuf *b)
{
    init_op_lookup();
    uint32_t stack[1024], *open = stack, nopen = 0, cap = 1024, nloops = 0;
    for (;;) {
        if (r->p >= r->end)
            error_at(at(r), "unexpected end of section or function: END opcode expected");
        uint64_t off = at(r);
        uint8_t byte = *r->p++;
        int op = op_byte[byte];
        if (byte == 0xfc) {
            uint32_t sub = u32(r);
            op = sub < 32 ? op_fc[sub] : -1;
            if (op < 0)
                error_at(off, "illegal opcode 0xfc 0x%x", sub);
        } else if (byte == 0xfd) {
            error_at(off, "illegal opcode 0xfd: SIMD (v128) instructions are not supported yet");
        } else if (op < 0) {
            error_at(off, "illegal opcode 0x%02x", byte);
        }
        uint32_t idx = b->n;
        Instr *in = push_instr(b);
        in->op = (uint16_t)op;
        in->off = (uint32_t)off;
        read_immediates(r, b, in);
        if (op == OP_LOOP && ++nloops > MAX_LOOP_NESTING)
            error_at(off, "loops nested more than %u deep (wasmc's limit)", MAX_LOOP_NESTING);
        if (op == OP_BLOCK || op == OP_LOOP || op == OP_IF) {
            if (nopen == cap) {
                uint32_t *n = malloc(2 * cap * sizeof *n);
                if (!n)
                    die("out of memory");
                memcpy(n, open, cap * sizeof *n);
                if (open != stack)
                    free(open);
                open = n;
                cap *= 2;
            }
            open[nopen++] = idx;
        } else if (op == OP_ELSE) {
            if (nopen == 0 || b->v[open[nopen - 1]].op != OP_IF || (b->v[open[nopen - 1]].v >> 32))
                error_at(off, "else without a matching if");
            in->a = open[nopen - 1];
            b->v[open[nopen - 1]].v |= (uint64_t)idx << 32;
        } else if (op == OP_END) {
            if (nopen == 0)
                break;
            uint32_t o = open[--nopen];
            nloops -= b->v[o].op == OP_LOOP;
            in->a = o;
            b->v[o].v |= idx;
        }
    }
    if (open != stack)
        free(open);
}

static Instr *copy_instrs(Module *m, InstrBuf *b)
{
    Instr *v = arena_alloc(m->arena, (b->n + 1) * sizeof *v);
    memcpy(v, b->v, b->n * sizeof *v);
    return v;
}

static Expr read_const_expr(Reader *r)
{
    InstrBuf b = {0};
    read_instrs(r, &b);
    Expr e = { copy_instrs(r->m, &b), b.n };
    free(b.v);
    free(b.brtab);
    return e;
}

/* ---- sections ---- */

static void read_types(Reader *r)
{
    Module *m = r->m;
    m->ntypes = count(r, 3, "type");
    m->types = arena_alloc(m->arena, m->ntypes * sizeof *m->types);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        FuncType *t = &m->types[i];
        uint64_t off = at(r);
        if (u8(r) != 0x60)
            error_at(off, "malformed function type: expected 0x60");
        uint64_t poff = at(r);
        t->nparams = count(r, 1, "parameter");
        if (t->nparams > MAX_FUNC_PARAMS)
            error_at(poff, "too many parameters: %u (the limit is %u)", t->nparams, MAX_FUNC_PARAMS);
        t->params = arena_alloc(m->arena, t->nparams + 1);
        for (uint32_t k = 0; k < t->nparams; k++)
            t->params[k] = valtype(r);
        uint64_t roff = at(r);
        t->nresults = count(r, 1, "result");
        if (t->nresults > MAX_FUNC_PARAMS)
            error_at(roff, "too many results: %u (the limit is %u)", t->nresults, MAX_FUNC_PARAMS);
        t->results = arena_alloc(m->arena, t->nresults + 1);
        for (uint32_t k = 0; k < t->nresults; k++)
            t->results[k] = valtype(r);
    }
}

static uint8_t mutability(Reader *r)
{
    uint64_t off = at(r);
    uint8_t b = u8(r);
    if (b > 1)
        error_at(off, "malformed mutability 0x%02x", b);
    return b;
}

/* Imports go first in their index spaces; the counts of each kind are known
 * only after the section, so they are collected first and placed after. */
static void read_imports(Reader *r)
{
    Module *m = r->m;
    m->nimports = count(r, 4, "import");
    m->imports = arena_alloc(m->arena, m->nimports * sizeof *m->imports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        Import *im = &m->imports[i];
        im->off = (uint32_t)at(r);
        im->module = name_n(r, &im->module_len);
        im->name = name_n(r, &im->name_len);
        uint64_t off = at(r);
        im->kind = u8(r);
        switch (im->kind) {
        case EXT_FUNC: im->index = u32(r); m->nimported_funcs++; break; /* type index for now */
        case EXT_TABLE: reftype(r); limits(r, 32); m->nimported_tables++; break;
        case EXT_MEMORY: limits(r, 32); m->nimported_memories++; break;
        case EXT_GLOBAL: valtype(r); mutability(r); m->nimported_globals++; break;
        default: error_at(off, "malformed import kind 0x%02x", im->kind);
        }
    }
}

/* Second pass over the import section, now that every kind's count is
 * known: fills the imported entries of each index space. */
static void place_imports(Module *m, const uint8_t *sec, const uint8_t *end)
{
    Reader rr = { m->bytes, sec, end, m }, *r = &rr;
    uint32_t nf = 0, nt = 0, nm = 0, ng = 0;
    count(r, 4, "import");
    for (uint32_t i = 0; i < m->nimports; i++) {
        Import *im = &m->imports[i];
        name(r);
        name(r);
        u8(r);
        switch (im->kind) {
        case EXT_FUNC: {
            Func *f = &m->funcs[nf];
            f->type_off = (uint32_t)at(r);
            f->type = u32(r);
            f->import = im;
            im->index = nf++;
            break;
        }
        case EXT_TABLE: {
            Table *t = &m->tables[nt];
            t->off = im->off;
            t->type = reftype(r);
            t->lim = limits(r, 32);
            t->import = im;
            im->index = nt++;
            break;
        }
        case EXT_MEMORY: {
            Memory *mem = &m->memories[nm];
            mem->off = im->off;
            mem->lim = limits(r, 32);
            mem->import = im;
            im->index = nm++;
            break;
        }
        case EXT_GLOBAL: {
            Global *g = &m->globals[ng];
            g->type = valtype(r);
            g->mut = mutability(r);
            g->import = im;
            im->index = ng++;
            break;
        }
        }
    }
}

/* An index space that holds `nimported` imported entries grown by the `n`
 * the module defines: a fresh array with the imported ones copied in. */
static void *extend_space(Module *m, void *old, uint32_t nimported, uint32_t n, size_t size)
{
    void *v = arena_alloc(m->arena, ((size_t)nimported + n + 1) * size);
    if (nimported)
        memcpy(v, old, nimported * size);
    return v;
}

static void read_functions(Reader *r)
{
    Module *m = r->m;
    uint32_t n = count(r, 1, "function");
    m->funcs = extend_space(m, m->funcs, m->nimported_funcs, n, sizeof *m->funcs);
    m->nfuncs = m->nimported_funcs + n;
    for (uint32_t i = 0; i < n; i++) {
        Func *f = &m->funcs[m->nimported_funcs + i];
        f->type_off = (uint32_t)at(r);
        f->type = u32(r);
    }
}

static void read_tables(Reader *r)
{
    Module *m = r->m;
    uint32_t n = count(r, 3, "table");
    m->tables = extend_space(m, m->tables, m->nimported_tables, n, sizeof *m->tables);
    m->ntables = m->nimported_tables + n;
    for (uint32_t i = 0; i < n; i++) {
        Table *t = &m->tables[m->nimported_tables + i];
        t->off = (uint32_t)at(r);
        t->type = reftype(r);
        t->lim = limits(r, 32);
    }
}

static void read_memories(Reader *r)
{
    Module *m = r->m;
    uint32_t n = count(r, 2, "memory");
    m->memories = extend_space(m, m->memories, m->nimported_memories, n, sizeof *m->memories);
    m->nmemories = m->nimported_memories + n;
    for (uint32_t i = 0; i < n; i++) {
        Memory *mem = &m->memories[m->nimported_memories + i];
        mem->off = (uint32_t)at(r);
        mem->lim = limits(r, 32);
    }
}

static void read_globals(Reader *r)
{
    Module *m = r->m;
    uint32_t n = count(r, 3, "global");
    m->globals = extend_space(m, m->globals, m->nimported_globals, n, sizeof *m->globals);
    m->nglobals = m->nimported_globals + n;
    for (uint32_t i = 0; i < n; i++) {
        Global *g = &m->globals[m->nimported_globals + i];
        g->type = valtype(r);
        g->mut = mutability(r);
        g->init = read_const_expr(r);
    }
}

static void read_exports(Reader *r)
{
    Module *m = r->m;
    m->nexports = count(r, 3, "export");
    m->exports = arena_alloc(m->arena, m->nexports * sizeof *m->exports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        Export *e = &m->exports[i];
        e->off = (uint32_t)at(r);
        e->name = name_n(r, &e->name_len);
        uint64_t off = at(r);
        e->kind = u8(r);
        if (e->kind > EXT_GLOBAL)
            error_at(off, "malformed export kind 0x%02x", e->kind);
        e->index = u32(r);
    }
}

/* Element segment items: either function indices (flags 0-3) or constant
 * expressions (flags 4-7).  Both become expressions. */
static void read_elem_items(Reader *r, Elem *e, bool exprs)
{
    Module *m = r->m;
    e->nitems = count(r, 1, "element");
    e->items = arena_alloc(m->arena, (e->nitems + 1) * sizeof *e->items);
    for (uint32_t i = 0; i < e->nitems; i++) {
        if (exprs) {
            e->items[i] = read_const_expr(r);
        } else {
            Instr *in = arena_alloc(m->arena, 2 * sizeof *in);
            in[0].off = (uint32_t)at(r);
            in[0].op = OP_REF_FUNC;
            in[0].a = u32(r);
            in[1].op = OP_END;
            in[1].off = (uint32_t)at(r);
            e->items[i] = (Expr){ in, 2 };
        }
    }
}

static void read_elems(Reader *r)
{
    Module *m = r->m;
    m->nelems = count(r, 1, "element segment");
    m->elems = arena_alloc(m->arena, (m->nelems + 1) * sizeof *m->elems);
    for (uint32_t i = 0; i < m->nelems; i++) {
        Elem *e = &m->elems[i];
        e->off = (uint32_t)at(r);
        uint32_t flags = u32(r);
        if (flags > 7)
            error_at(e->off, "malformed elements segment kind %u", flags);
        bool exprs = flags & 4;
        e->type = VT_FUNCREF;
        if (flags & 1)
            e->mode = (flags & 2) ? SEG_DECLARATIVE : SEG_PASSIVE;
        else
            e->mode = SEG_ACTIVE;
        if (e->mode == SEG_ACTIVE) {
            if (flags & 2)
                e->table = u32(r);
            e->offset = read_const_expr(r);
        }
        if (flags & 3) {
            /* elemkind (0x00 = funcref) or reftype */
            uint64_t off = at(r);
            if (exprs) {
                e->type = reftype(r);
            } else if (u8(r) != 0x00) {
                error_at(off, "malformed element kind");
            }
        }
        read_elem_items(r, e, exprs);
    }
}

static void read_locals(Reader *r, Func *f)
{
    Module *m = r->m;
    uint64_t off = at(r);
    uint32_t ngroups = count(r, 2, "local group");
    const uint8_t *save = r->p;
    uint64_t total = 0;
    for (uint32_t i = 0; i < ngroups; i++) {
        total += u32(r);
        valtype(r);
        if (total > MAX_LOCALS)
            error_at(off, "too many locals: %llu (the limit is %u)", (unsigned long long)total, MAX_LOCALS);
    }
    f->nlocals = (uint32_t)total;
    f->locals = arena_alloc(m->arena, f->nlocals + 1);
    r->p = save;
    uint32_t k = 0;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t n = u32(r);
        uint8_t t = valtype(r);
        memset(f->locals + k, t, n);
        k += n;
    }
}

static void read_code(Reader *r)
{
    Module *m = r->m;
    uint64_t off = at(r);
    uint32_t n = count(r, 1, "function body");
    if (n != m->nfuncs - m->nimported_funcs)
        error_at(off, "function and code section have inconsistent lengths (%u bodies, %u functions)",
                 n, m->nfuncs - m->nimported_funcs);
    InstrBuf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        Func *f = &m->funcs[m->nimported_funcs + i];
        uint64_t boff = at(r);
        uint32_t size = u32(r);
        if (size > (uint64_t)(r->end - r->p))
            error_at(boff, "length out of bounds: function body of %u bytes, %zu remain", size,
                     (size_t)(r->end - r->p));
        const uint8_t *end = r->p + size, *outer = r->end;
        f->body_off = (uint32_t)at(r);
        r->end = end;
        read_locals(r, f);
        b.n = b.nbrtab = 0;
        read_instrs(r, &b);
        if (r->p != end)
            error_at(at(r), "section size mismatch: function body continues after its final end");
        r->end = outer;
        f->code = copy_instrs(m, &b);
        f->ncode = b.n;
        f->brtab = arena_alloc(m->arena, (b.nbrtab + 1) * sizeof *f->brtab);
        if (b.nbrtab)
            memcpy(f->brtab, b.brtab, b.nbrtab * sizeof *f->brtab);
        f->nbrtab = b.nbrtab;
    }
    free(b.v);
    free(b.brtab);
}

static void read_datas(Reader *r)
{
    Module *m = r->m;
    uint64_t off = at(r);
    m->ndatas = count(r, 1, "data segment");
    if (m->has_datacount && m->ndatas != m->datacount)
        error_at(off, "data count and data section have inconsistent lengths");
    m->datas = arena_alloc(m->arena, (m->ndatas + 1) * sizeof *m->datas);
    for (uint32_t i = 0; i < m->ndatas; i++) {
        Data *d = &m->datas[i];
        d->off = (uint32_t)at(r);
        uint32_t flags = u32(r);
        if (flags > 2)
            error_at(d->off, "malformed data segment kind %u", flags);
        d->mode = flags == 1 ? SEG_PASSIVE : SEG_ACTIVE;
        if (flags == 2)
            d->mem = u32(r);
        if (d->mode == SEG_ACTIVE)
            d->offset = read_const_expr(r);
        uint64_t loff = at(r);
        d->len = u32(r);
        if (d->len > (uint64_t)(r->end - r->p))
            error_at(loff, "unexpected end of section or function: data segment of %u bytes, %zu remain",
                     d->len, (size_t)(r->end - r->p));
        d->bytes = r->p;
        r->p += d->len;
    }
}

/* Reads the function-name map.  Errors here must not abort the compile, so
 * it checks everything by hand instead of calling error_at. */
static void read_func_names(Reader *r)
{
    Module *m = r->m;
    uint32_t n = 0;
    int shift = 0;
    while (r->p < r->end && shift < 35) {
        n |= (uint32_t)(*r->p & 0x7f) << shift;
        shift += 7;
        if (!(*r->p++ & 0x80))
            break;
    }
    for (uint32_t i = 0; i < n && r->p < r->end; i++) {
        uint32_t idx = 0, len = 0;
        shift = 0;
        while (r->p < r->end && shift < 35) {
            idx |= (uint32_t)(*r->p & 0x7f) << shift;
            shift += 7;
            if (!(*r->p++ & 0x80))
                break;
        }
        shift = 0;
        while (r->p < r->end && shift < 35) {
            len |= (uint32_t)(*r->p & 0x7f) << shift;
            shift += 7;
            if (!(*r->p++ & 0x80))
                break;
        }
        if (len > (uint64_t)(r->end - r->p))
            return;
        if (idx < m->nfuncs && utf8_valid(r->p, len))
            m->funcs[idx].name = arena_strdup(m->arena, (const char *)r->p, len);
        r->p += len;
    }
}

/* The name section is optional metadata: a malformed one is ignored, as
 * other tools do, rather than rejecting a module that is otherwise valid. */
static void read_names(Module *m, const uint8_t *p, const uint8_t *end)
{
    while (end - p >= 2) {
        uint8_t id = *p++;
        uint64_t size = 0;
        int shift = 0;
        while (p < end && shift < 35) {
            size |= (uint64_t)(*p & 0x7f) << shift;
            shift += 7;
            if (!(*p++ & 0x80))
                break;
        }
        if (size > (uint64_t)(end - p))
            return;
        const uint8_t *sub_end = p + size;
        if (id == 1) {
            Reader rr = { m->bytes, p, sub_end, m };
            read_func_names(&rr);
        }
        p = sub_end;
    }
}

/* Order of the known sections; 12 (data count) sits between 9 and 10. */
static int section_rank(uint8_t id)
{
    static const int rank[13] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 10 };
    return id <= 12 ? rank[id] : -1;
}

static void read_custom(Reader *r, const uint8_t *end)
{
    const uint8_t *outer = r->end;
    r->end = end;
    const char *nm = name(r);
    if (strcmp(nm, "name") == 0)
        read_names(r->m, r->p, end);
    r->p = end;
    r->end = outer;
}

static void read_section(Reader *r, uint8_t id, const uint8_t *end)
{
    Module *m = r->m;
    switch (id) {
    case 1: read_types(r); break;
    case 2: {
        const uint8_t *start = r->p;
        read_imports(r);
        m->funcs = arena_alloc(m->arena, (m->nimported_funcs + 1) * sizeof *m->funcs);
        m->tables = arena_alloc(m->arena, (m->nimported_tables + 1) * sizeof *m->tables);
        m->memories = arena_alloc(m->arena, (m->nimported_memories + 1) * sizeof *m->memories);
        m->globals = arena_alloc(m->arena, (m->nimported_globals + 1) * sizeof *m->globals);
        m->nfuncs = m->nimported_funcs;
        m->ntables = m->nimported_tables;
        m->nmemories = m->nimported_memories;
        m->nglobals = m->nimported_globals;
        place_imports(m, start, end);
        break;
    }
    case 3: read_functions(r); break;
    case 4: read_tables(r); break;
    case 5: read_memories(r); break;
    case 6: read_globals(r); break;
    case 7: read_exports(r); break;
    case 8: m->has_start = true; m->start_off = (uint32_t)at(r); m->start = u32(r); break;
    case 9: read_elems(r); break;
    case 10: read_code(r); break;
    case 11: read_datas(r); break;
    case 12: m->has_datacount = true; m->datacount = u32(r); break;
    }
}

Module *read_module(Arena *a, const char *filename, const uint8_t *bytes, size_t size)
{
    Module *m = arena_alloc(a, sizeof *m);
    m->arena = a;
    m->filename = filename;
    m->bytes = bytes;
    m->size = size;
    Reader rr = { bytes, bytes, bytes + size, m }, *r = &rr;

    if (size < 4 || memcmp(bytes, "\0asm", 4) != 0)
        error_at(0, "magic header not detected: not a WebAssembly binary");
    r->p += 4;
    if (size < 8)
        error_at(4, "unexpected end: missing binary version");
    uint32_t version = bytes[4] | bytes[5] << 8 | bytes[6] << 16 | (uint32_t)bytes[7] << 24;
    if (version != 1)
        error_at(4, "unknown binary version %u (expected 1)", version);
    r->p += 4;

    int last_rank = 0;
    while (r->p < r->end) {
        uint64_t off = at(r);
        uint8_t id = u8(r);
        if (id > 12)
            error_at(off, "malformed section id %u", id);
        uint64_t soff = at(r);
        uint32_t len = u32(r);
        if (len > (uint64_t)(r->end - r->p))
            error_at(soff, "length out of bounds: section of %u bytes, %zu remain", len,
                     (size_t)(r->end - r->p));
        const uint8_t *end = r->p + len;
        if (id == 0) {
            read_custom(r, end);
            continue;
        }
        int rank = section_rank(id);
        if (rank <= last_rank)
            error_at(off, "unexpected content after last section: section %u is out of order or repeated", id);
        last_rank = rank;
        const uint8_t *outer = r->end;
        r->end = end;
        read_section(r, id, end);
        if (r->p != end)
            error_at(at(r), "section size mismatch: section %u ends at 0x%llx, its contents at 0x%llx",
                     id, (unsigned long long)(end - bytes), (unsigned long long)at(r));
        r->end = outer;
    }
    if (m->nfuncs > m->nimported_funcs && m->funcs[m->nimported_funcs].code == NULL)
        error_at(size, "function and code section have inconsistent lengths (no code section)");
    if (!m->funcs)
        m->funcs = arena_alloc(a, sizeof *m->funcs);
    if (!m->tables)
        m->tables = arena_alloc(a, sizeof *m->tables);
    if (!m->memories)
        m->memories = arena_alloc(a, sizeof *m->memories);
    if (!m->globals)
        m->globals = arena_alloc(a, sizeof *m->globals);
    if (m->has_datacount && m->ndatas != m->datacount && m->datacount != 0)
        error_at(size, "data count and data section have inconsistent lengths");
    return m;
}
