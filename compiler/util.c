/*
 * util.c - arenas, the one diagnostic path, and the opcode table instance.
 *
 * All decoded data lives in an arena per module: nothing is freed one by one.
 * Diagnostics about the input go through error_at(), which formats
 * "FILE:0xOFF: error: MSG" and unwinds to compile_try() in the driver, so no
 * stage ever needs to clean up after itself or leave a half-written file.
 */
#include "wasmc.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const OpInfo op_info[NOPS] = {
#define OP(id, prefix, code, name, imm, sig, lower, arg) \
    [OP_##id] = { prefix, code, name, imm, sig, lower, arg },
#include "opcodes.def"
#undef OP
};

/* ---- arenas ---- */

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    max_align_t data[];
} Chunk;

struct Arena {
    Chunk *head;
};

Arena *arena_new(void)
{
    Arena *a = calloc(1, sizeof *a);
    if (!a)
        die("out of memory");
    return a;
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    for (Chunk *c = a->head, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    free(a);
}

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    Chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > (1u << 20) ? n : (1u << 20);
        c = malloc(sizeof *c + cap);
        if (!c)
            die("out of memory (%zu bytes)", n);
        c->used = 0;
        c->cap = cap;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strdup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

char *c_ident(Arena *a, const char *s)
{
    size_t n = strlen(s);
    char *p = arena_alloc(a, n + 2);
    char *q = p;
    if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
        *q++ = '_';
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        *q++ = ok ? c : '_';
    }
    return p;
}

/* ---- diagnostics ---- */

static jmp_buf *catch_point;
static const char *current_file;

void error_at(uint64_t offset, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:0x%llx: error: ", current_file ? current_file : "wasmc",
            (unsigned long long)offset);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (catch_point)
        longjmp(*catch_point, 1);
    exit(1);
}

int compile_try(const char *filename, void (*fn)(void *), void *arg)
{
    jmp_buf jb, *saved = catch_point;
    current_file = filename;
    catch_point = &jb;
    if (setjmp(jb)) {
        catch_point = saved;
        return 1;
    }
    fn(arg);
    catch_point = saved;
    return 0;
}

void die_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "wasmc: internal error at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
