/*
 * json.c - a small recursive-descent JSON reader for wast2json's output.
 *
 * The runner reads a whole script before running it, so the document
 * becomes one tree of Json nodes.  Nodes and strings come from malloc and
 * live until the process ends (one script per process).  Errors unwind to
 * json_parse with longjmp and name the byte offset.
 */
#include "spec.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

typedef struct {
    const char *start, *p, *end;
    int depth;
    jmp_buf fail;
    char *err;
    size_t errlen;
} Reader;

static _Noreturn void fail(Reader *r, const char *fmt, ...)
{
    int n = snprintf(r->err, r->errlen, "offset %zu: ", (size_t)(r->p - r->start));
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < r->errlen)
        vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    longjmp(r->fail, 1);
}

static void *alloc(Reader *r, size_t size)
{
    void *p = calloc(1, size ? size : 1);
    if (!p)
        fail(r, "out of memory");
    return p;
}

static void skip_space(Reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
        r->p++;
}

static bool accept(Reader *r, char c)
{
    skip_space(r);
    if (r->p < r->end && *r->p == c) {
        r->p++;
        return true;
    }
    return false;
}

static void expect_char(Reader *r, char c)
{
    if (!accept(r, c))
        fail(r, "expected '%c'", c);
}

static unsigned hex4(Reader *r)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++, r->p++) {
        char c = r->p < r->end ? *r->p : 0;
        if (c >= '0' && c <= '9') v = v * 16 + (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v = v * 16 + (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v = v * 16 + (unsigned)(c - 'A' + 10);
        else fail(r, "bad \\u escape");
    }
    return v;
}

/* Appends code point cp as UTF-8; out has room for 4 bytes. */
static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* \uXXXX, with a following low surrogate if XXXX is a high one. */
static unsigned unicode_escape(Reader *r)
{
    unsigned cp = hex4(r);
    if (cp >= 0xd800 && cp < 0xdc00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u') {
        r->p += 2;
        unsigned lo = hex4(r);
        if (lo < 0xdc00 || lo > 0xdfff)
            fail(r, "bad surrogate pair");
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    }
    return cp;
}

/* Requires r->p just after the opening quote; leaves it after the closing
 * one.  The buffer starts at the distance to the next quote and grows when
 * escaped quotes make the string longer. */
static char *read_string(Reader *r, size_t *len)
{
    const char *q = memchr(r->p, '"', (size_t)(r->end - r->p));
    if (!q)
        fail(r, "unterminated string");
    char *out = NULL;
    size_t cap = (size_t)(q - r->p) + 8, n = 0;
    for (;;) {
        if (!out || n + 4 >= cap) {
            cap = cap * 2;
            char *grown = realloc(out, cap);
            if (!grown)
                fail(r, "out of memory");
            out = grown;
        }
        if (r->p >= r->end)
            fail(r, "unterminated string");
        char c = *r->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            out[n++] = c;
            continue;
        }
        c = r->p < r->end ? *r->p++ : 0;
        switch (c) {
        case '"': case '\\': case '/': out[n++] = c; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': n += put_utf8(out + n, unicode_escape(r)); break;
        default: fail(r, "bad escape '\\%c'", c);
        }
    }
    out[n] = 0;
    *len = n;
    return out;
}

static Json *parse_value(Reader *r);

/* Reads "item, item, ... close" after the opening bracket; for objects
 * every item is preceded by "key :". */
static void parse_items(Reader *r, Json *j, char close)
{
    size_t cap = 0;
    if (accept(r, close))
        return;
    do {
        if (j->n == cap) {
            cap = cap ? cap * 2 : 4;
            j->items = realloc(j->items, cap * sizeof *j->items);
            if (close == '}')
                j->keys = realloc(j->keys, cap * sizeof *j->keys);
            if (!j->items || (close == '}' && !j->keys))
                fail(r, "out of memory");
        }
        if (close == '}') {
            size_t klen;
            expect_char(r, '"');
            j->keys[j->n] = read_string(r, &klen);
            expect_char(r, ':');
        }
        j->items[j->n++] = parse_value(r);
    } while (accept(r, ','));
    expect_char(r, close);
}

static void parse_number(Reader *r, Json *j)
{
    const char *s = r->p;
    while (r->p < r->end && strchr("+-0123456789.eE", *r->p))
        r->p++;
    if (r->p == s)
        fail(r, "unexpected character '%c'", *s);
    char *text = alloc(r, (size_t)(r->p - s) + 1);
    memcpy(text, s, (size_t)(r->p - s));
    j->kind = JSON_NUMBER;
    j->str = text;
    j->len = (size_t)(r->p - s);
}

static bool accept_word(Reader *r, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
        return false;
    r->p += n;
    return true;
}

static Json *parse_value(Reader *r)
{
    if (++r->depth > MAX_DEPTH)
        fail(r, "nested too deeply");
    Json *j = alloc(r, sizeof *j);
    skip_space(r);
    if (r->p >= r->end)
        fail(r, "unexpected end of input");
    if (accept(r, '{')) {
        j->kind = JSON_OBJECT;
        parse_items(r, j, '}');
    } else if (accept(r, '[')) {
        j->kind = JSON_ARRAY;
        parse_items(r, j, ']');
    } else if (accept(r, '"')) {
        j->kind = JSON_STRING;
        j->str = read_string(r, &j->len);
    } else if (accept_word(r, "true")) {
        j->kind = JSON_BOOL;
        j->boolean = true;
    } else if (accept_word(r, "false")) {
        j->kind = JSON_BOOL;
    } else if (accept_word(r, "null")) {
        j->kind = JSON_NULL;
    } else {
        parse_number(r, j);
    }
    r->depth--;
    return j;
}

Json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
    Reader r = { .start = text, .p = text, .end = text + len, .err = err, .errlen = errlen };
    if (setjmp(r.fail))
        return NULL;
    Json *j = parse_value(&r);
    skip_space(&r);
    if (r.p != r.end)
        fail(&r, "text after the document");
    return j;
}

const Json *json_get(const Json *j, const char *key)
{
    if (!j || j->kind != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < j->n; i++)
        if (strcmp(j->keys[i], key) == 0)
            return j->items[i];
    return NULL;
}

const char *json_get_str(const Json *j, const char *key)
{
    const Json *v = json_get(j, key);
    return v && v->kind == JSON_STRING ? v->str : NULL;
}

long json_get_int(const Json *j, const char *key, long dflt)
{
    const Json *v = json_get(j, key);
    return v && v->kind == JSON_NUMBER ? strtol(v->str, NULL, 10) : dflt;
}
