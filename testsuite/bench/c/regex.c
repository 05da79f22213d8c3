/*
 * regex.c - pattern matching: a small regular-expression engine (literals,
 * '.', classes [a-z] [^...] \d \w \s, anchors ^ $, groups, alternation,
 * greedy * + ?) compiled to a backtracking VM in the style of Perl's
 * (split/jmp instructions, an explicit stack of alternatives), searching a
 * generated log-like text line by line for a dozen patterns and counting
 * every non-overlapping leftmost match.  Exercises a data-dependent switch
 * dispatch loop, stack pushes and pops, and bitmap lookups.
 *
 * usage: regex [LINES]   (default 60000 lines of about 70 bytes)
 * check-args: 2000   (small size)
 * prints: matching lines and matches per pattern and a checksum of the
 *         match positions
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parse into a tree ------------------------------------------------ */

enum { N_CHAR, N_ANY, N_CLASS, N_BOL, N_EOL, N_CAT, N_ALT, N_STAR, N_PLUS, N_QUEST, N_EMPTY };

typedef struct Ast { int op, c; struct Ast *l, *r; } Ast;

typedef struct {
    const char *p;
    Ast pool[256];
    int npool;
    uint32_t classes[32][8];   /* 256-bit sets */
    int nclasses;
} Parser;

static Ast *mk(Parser *ps, int op, int c, Ast *l, Ast *r)
{
    Ast *a = &ps->pool[ps->npool++];
    a->op = op; a->c = c; a->l = l; a->r = r;
    return a;
}

static void set_add(uint32_t *s, int lo, int hi)
{
    for (int c = lo; c <= hi; c++) s[c >> 5] |= 1u << (c & 31);
}

static void set_escape(uint32_t *s, char e)
{
    switch (e) {
    case 'd': set_add(s, '0', '9'); break;
    case 'w': set_add(s, '0', '9'); set_add(s, 'a', 'z'); set_add(s, 'A', 'Z'); set_add(s, '_', '_'); break;
    case 's': set_add(s, ' ', ' '); set_add(s, '\t', '\t'); break;
    default: set_add(s, (uint8_t)e, (uint8_t)e);
    }
}

static Ast *parse_alt(Parser *ps);

static Ast *parse_atom(Parser *ps)
{
    char c = *ps->p++;
    switch (c) {
    case '(': {
        Ast *a = parse_alt(ps);
        if (*ps->p == ')') ps->p++;
        return a;
    }
    case '.': return mk(ps, N_ANY, 0, 0, 0);
    case '^': return mk(ps, N_BOL, 0, 0, 0);
    case '$': return mk(ps, N_EOL, 0, 0, 0);
    case '\\':
        c = *ps->p++;
        if (c == 'd' || c == 'w' || c == 's') {
            uint32_t *s = ps->classes[ps->nclasses];
            memset(s, 0, 32);
            set_escape(s, c);
            return mk(ps, N_CLASS, ps->nclasses++, 0, 0);
        }
        return mk(ps, N_CHAR, (uint8_t)c, 0, 0);
    case '[': {
        uint32_t *s = ps->classes[ps->nclasses];
        int neg = 0;
        memset(s, 0, 32);
        if (*ps->p == '^') { neg = 1; ps->p++; }
        while (*ps->p && *ps->p != ']') {
            int lo = (uint8_t)*ps->p++;
            if (lo == '\\') { set_escape(s, *ps->p++); continue; }
            if (ps->p[0] == '-' && ps->p[1] && ps->p[1] != ']') {
                set_add(s, lo, (uint8_t)ps->p[1]);
                ps->p += 2;
            } else {
                set_add(s, lo, lo);
            }
        }
        if (*ps->p == ']') ps->p++;
        if (neg) for (int i = 0; i < 8; i++) s[i] = ~s[i];
        s[0] &= ~1u;   /* never match the terminating NUL */
        return mk(ps, N_CLASS, ps->nclasses++, 0, 0);
    }
    default: return mk(ps, N_CHAR, (uint8_t)c, 0, 0);
    }
}

static Ast *parse_repeat(Parser *ps)
{
    Ast *a = parse_atom(ps);
    for (;;) {
        char c = *ps->p;
        if (c == '*') a = mk(ps, N_STAR, 0, a, 0);
        else if (c == '+') a = mk(ps, N_PLUS, 0, a, 0);
        else if (c == '?') a = mk(ps, N_QUEST, 0, a, 0);
        else return a;
        ps->p++;
    }
}

static Ast *parse_cat(Parser *ps)
{
    Ast *a = NULL;
    while (*ps->p && *ps->p != '|' && *ps->p != ')') {
        Ast *b = parse_repeat(ps);
        a = a ? mk(ps, N_CAT, 0, a, b) : b;
    }
    return a ? a : mk(ps, N_EMPTY, 0, 0, 0);
}

static Ast *parse_alt(Parser *ps)
{
    Ast *a = parse_cat(ps);
    while (*ps->p == '|') {
        ps->p++;
        a = mk(ps, N_ALT, 0, a, parse_cat(ps));
    }
    return a;
}

/* ---- compile to VM code ----------------------------------------------- */

enum { I_CHAR, I_ANY, I_CLASS, I_BOL, I_EOL, I_SPLIT, I_JMP, I_MATCH };

typedef struct { uint8_t op; uint8_t c; uint16_t x, y; } Inst;

typedef struct {
    Inst code[512];
    int n;
    uint32_t classes[32][8];
    int first;      /* a literal every match starts with, or -1 */
} Prog;

static int emit(Prog *pr, int op, int c, int x, int y)
{
    Inst *i = &pr->code[pr->n];
    i->op = (uint8_t)op; i->c = (uint8_t)c; i->x = (uint16_t)x; i->y = (uint16_t)y;
    return pr->n++;
}

static void gen(Prog *pr, const Ast *a)
{
    int s, j;
    switch (a->op) {
    case N_CHAR: emit(pr, I_CHAR, a->c, 0, 0); break;
    case N_ANY: emit(pr, I_ANY, 0, 0, 0); break;
    case N_CLASS: emit(pr, I_CLASS, a->c, 0, 0); break;
    case N_BOL: emit(pr, I_BOL, 0, 0, 0); break;
    case N_EOL: emit(pr, I_EOL, 0, 0, 0); break;
    case N_EMPTY: break;
    case N_CAT: gen(pr, a->l); gen(pr, a->r); break;
    case N_ALT:
        s = emit(pr, I_SPLIT, 0, 0, 0);
        pr->code[s].x = (uint16_t)pr->n;
        gen(pr, a->l);
        j = emit(pr, I_JMP, 0, 0, 0);
        pr->code[s].y = (uint16_t)pr->n;
        gen(pr, a->r);
        pr->code[j].x = (uint16_t)pr->n;
        break;
    case N_STAR:
        s = emit(pr, I_SPLIT, 0, 0, 0);
        pr->code[s].x = (uint16_t)pr->n;
        gen(pr, a->l);
        emit(pr, I_JMP, 0, s, 0);
        pr->code[s].y = (uint16_t)pr->n;
        break;
    case N_PLUS:
        j = pr->n;
        gen(pr, a->l);
        emit(pr, I_SPLIT, 0, j, pr->n + 1);
        break;
    case N_QUEST:
        s = emit(pr, I_SPLIT, 0, 0, 0);
        pr->code[s].x = (uint16_t)pr->n;
        gen(pr, a->l);
        pr->code[s].y = (uint16_t)pr->n;
        break;
    }
}

static void compile(Prog *pr, const char *re)
{
    static Parser ps;
    ps.p = re;
    ps.npool = 0;
    ps.nclasses = 0;
    Ast *a = parse_alt(&ps);
    pr->n = 0;
    gen(pr, a);
    emit(pr, I_MATCH, 0, 0, 0);
    memcpy(pr->classes, ps.classes, sizeof ps.classes);
    pr->first = pr->code[0].op == I_CHAR ? pr->code[0].c : -1;
}

/* ---- backtracking VM ---------------------------------------------------- */

typedef struct { uint32_t pc; const char *sp; } Thread;

static Thread *stack;
static size_t stack_cap;

/* Runs prog anchored at sp; returns the end of the match or NULL. */
static const char *run(const Prog *pr, const char *line, const char *sp)
{
    size_t top = 0;
    uint32_t pc = 0;
    for (;;) {
        const Inst *in = &pr->code[pc];
        switch (in->op) {
        case I_CHAR:
            if ((uint8_t)*sp != in->c) goto fail;
            sp++; pc++;
            continue;
        case I_ANY:
            if (*sp == 0) goto fail;
            sp++; pc++;
            continue;
        case I_CLASS: {
            uint8_t c = (uint8_t)*sp;
            if (!(pr->classes[in->c][c >> 5] >> (c & 31) & 1)) goto fail;
            sp++; pc++;
            continue;
        }
        case I_BOL:
            if (sp != line) goto fail;
            pc++;
            continue;
        case I_EOL:
            if (*sp != 0) goto fail;
            pc++;
            continue;
        case I_JMP:
            pc = in->x;
            continue;
        case I_SPLIT:
            if (top == stack_cap) {
                stack_cap *= 2;
                stack = realloc(stack, stack_cap * sizeof *stack);
                if (!stack) { printf("regex: out of memory\n"); exit(1); }
            }
            stack[top].pc = in->y;
            stack[top].sp = sp;
            top++;
            pc = in->x;
            continue;
        case I_MATCH:
            return sp;
        }
    fail:
        if (top == 0) return NULL;
        top--;
        pc = stack[top].pc;
        sp = stack[top].sp;
    }
}

/* ---- text ---------------------------------------------------------------- */

static uint32_t seed = 20240601;
static uint32_t rnd(uint32_t n)
{
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % n;
}

static const char *words[] = {
    "the", "server", "error", "request", "timeout", "warning", "user", "login", "failed",
    "connection", "quick", "queue", "ok", "cache", "miss", "shard", "chunk", "other",
    "abcd", "cdab", "Alpha", "Beta", "Gamma", "iota", "qi", "aqua",
};
static const char *hosts[] = { "example", "mail", "corp", "host" };
static const char *tlds[] = { "com", "org", "net", "io" };

static int gen_line(char *s)
{
    int n = 0;
    while (n < 60 + (int)rnd(30)) {
        if (n) s[n++] = ' ';
        switch (rnd(10)) {
        case 0:
            n += sprintf(s + n, "%04u-%02u-%02u", 1990 + rnd(40), 1 + rnd(12), 1 + rnd(28));
            break;
        case 1:
            n += sprintf(s + n, "%s%u@%s.%s", words[rnd(26)], rnd(100), hosts[rnd(4)], tlds[rnd(4)]);
            break;
        case 2:
            n += sprintf(s + n, "%u.%u.%u.%u", rnd(256), rnd(256), rnd(256), rnd(256));
            break;
        case 3:
            n += sprintf(s + n, "%s=%u", words[rnd(26)], rnd(5000));
            break;
        default:
            n += sprintf(s + n, "%s", words[rnd(26)]);
        }
    }
    s[n] = 0;
    return n;
}

static const char *patterns[] = {
    "[a-z]+[0-9]*@[a-z]+\\.(com|org|net)",
    "\\d\\d\\d\\d-(0[1-9]|1[0-2])-\\d\\d",
    "^[A-Z][a-z]+ ",
    "(error|warn(ing)?|fail(ed)?) [a-z]+",
    "a.*e.*i.*o",
    "\\d+\\.\\d+\\.\\d+\\.\\d+",
    "(ab|cd)+a?",
    "[^ ]+=[0-9]+$",
    "q[^u]",
    "(th|sh|ch)(e|a|o)[a-z]*",
    "\\w+ \\w+ \\w+ (login|cache)",
    "(x|y|z|q)[a-z]*(ue|ua)",
};
#define NPAT (sizeof patterns / sizeof patterns[0])

int main(int argc, char **argv)
{
    uint32_t lines = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 60000;
    static Prog progs[NPAT];
    uint32_t nlines[NPAT] = { 0 }, nmatch[NPAT] = { 0 };
    uint32_t h = 2166136261u;
    char line[256];
    uint64_t bytes = 0;
    stack_cap = 64;
    stack = malloc(stack_cap * sizeof *stack);
    for (size_t p = 0; p < NPAT; p++) compile(&progs[p], patterns[p]);
    for (uint32_t l = 0; l < lines; l++) {
        int len = gen_line(line);
        bytes += (uint64_t)len;
        for (size_t p = 0; p < NPAT; p++) {
            const Prog *pr = &progs[p];
            const char *sp = line;
            int found = 0;
            while (*sp) {
                if (pr->first >= 0) {
                    sp = strchr(sp, pr->first);
                    if (!sp) break;
                }
                const char *e = run(pr, line, sp);
                if (e) {
                    found = 1;
                    nmatch[p]++;
                    h = (h ^ (uint32_t)(sp - line)) * 16777619u;
                    h = (h ^ (uint32_t)(e - sp)) * 16777619u;
                    sp = e > sp ? e : sp + 1;
                } else {
                    sp++;
                }
            }
            nlines[p] += (uint32_t)found;
        }
    }
    printf("regex: lines=%" PRIu32 " bytes=%" PRIu64, lines, bytes);
    for (size_t p = 0; p < NPAT; p++) printf(" %" PRIu32 "/%" PRIu32, nlines[p], nmatch[p]);
    printf(" hash=%08" PRIx32 "\n", h);
    free(stack);
    return 0;
}
