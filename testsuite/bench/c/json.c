/*
 * json.c - parsing: generates JSON documents (nested objects and arrays,
 * strings with escapes, integers and decimals, true/false/null), parses
 * each with a recursive-descent parser into a tree of malloc'ed nodes
 * (objects and arrays as linked child lists), queries the tree (key
 * lookups, a sum over numbers, depth), serializes it back compactly and
 * frees it.  Exercises character dispatch, recursion, small allocations
 * and pointer chasing.
 *
 * usage: json [DOCS]   (default 120 documents of about 200 KB each)
 * check-args: 4   (small size)
 * prints: node, string and number counts, the maximum depth and checksums
 *         of the numbers, the keys and the re-serialized text
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct Node {
    int type;
    char *key;                /* member name when inside an object */
    char *str;                /* J_STR */
    int64_t num;              /* J_NUM: value scaled by 1000 */
    struct Node *child, *last, *next;
    uint32_t count;
} Node;

/* ---- generator ---------------------------------------------------- */

typedef struct { char *p; size_t len, cap; } Buf;

static void put(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        while (b->len + n + 1 > b->cap) b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = realloc(b->p, b->cap);
        if (!b->p) { printf("json: out of memory\n"); exit(1); }
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}
static void puts_(Buf *b, const char *s) { put(b, s, strlen(s)); }

static uint64_t rs = 0x2545f4914f6cdd1dull;
static uint32_t rnd(uint32_t n)
{
    rs ^= rs >> 12; rs ^= rs << 25; rs ^= rs >> 27;
    return (uint32_t)((rs * 0x2545f4914f6cdd1dull) >> 33) % n;
}

static const char *names[] = { "id", "name", "type", "value", "items", "tags", "price",
                               "enabled", "children", "meta", "x", "y", "label", "count" };

static void gen_string(Buf *b)
{
    char s[64];
    int n = 0, len = 3 + rnd(20);
    s[n++] = '"';
    for (int i = 0; i < len; i++) {
        uint32_t r = rnd(40);
        if (r == 0) { s[n++] = '\\'; s[n++] = 'n'; }
        else if (r == 1) { s[n++] = '\\'; s[n++] = '"'; }
        else if (r == 2) { memcpy(s + n, "\\u00e9", 6); n += 6; }
        else if (r < 8) s[n++] = ' ';
        else s[n++] = (char)('a' + rnd(26));
    }
    s[n++] = '"';
    put(b, s, n);
}

static void gen_value(Buf *b, int depth)
{
    char tmp[32];
    uint32_t r = rnd(depth < 6 ? 10 : 6);
    switch (r) {
    case 0: puts_(b, rnd(2) ? "true" : "false"); break;
    case 1: puts_(b, "null"); break;
    case 2: case 3:
        snprintf(tmp, sizeof tmp, "%s%u", rnd(4) ? "" : "-", rnd(1000000));
        puts_(b, tmp);
        break;
    case 4:
        snprintf(tmp, sizeof tmp, "%u.%02u", rnd(10000), rnd(100));
        puts_(b, tmp);
        break;
    case 5: gen_string(b); break;
    case 6: case 7: {
        int n = rnd(8);
        puts_(b, "[");
        for (int i = 0; i < n; i++) {
            if (i) puts_(b, ", ");
            gen_value(b, depth + 1);
        }
        puts_(b, "]");
        break;
    }
    default: {
        int n = 1 + rnd(6);
        puts_(b, "{");
        for (int i = 0; i < n; i++) {
            if (i) puts_(b, ",\n");
            puts_(b, "\"");
            puts_(b, names[rnd(sizeof names / sizeof names[0])]);
            puts_(b, "\": ");
            gen_value(b, depth + 1);
        }
        puts_(b, "}");
    }
    }
}

/* ---- parser ------------------------------------------------------- */

typedef struct {
    const char *p;
    int err, depth, maxdepth;
    uint32_t nodes, strings, numbers;
} Parser;

static void skip_ws(Parser *ps)
{
    while (*ps->p == ' ' || *ps->p == '\n' || *ps->p == '\t' || *ps->p == '\r') ps->p++;
}

static Node *new_node(Parser *ps, int type)
{
    Node *n = calloc(1, sizeof *n);
    if (!n) { printf("json: out of memory\n"); exit(1); }
    n->type = type;
    ps->nodes++;
    return n;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Parses a string literal at ps->p (on the quote) into a new heap string. */
static char *parse_string(Parser *ps)
{
    const char *s = ++ps->p;
    size_t cap = 0;
    while (s[cap] && s[cap] != '"') cap += s[cap] == '\\' ? 2 : 1;
    char *out = malloc(cap + 1), *o = out;
    while (*ps->p != '"') {
        char c = *ps->p++;
        if (c == 0) { ps->err = 1; break; }
        if (c != '\\') { *o++ = c; continue; }
        c = *ps->p++;
        switch (c) {
        case 'n': *o++ = '\n'; break;
        case 't': *o++ = '\t'; break;
        case '"': case '\\': case '/': *o++ = c; break;
        case 'u': {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int h = hexval(*ps->p++);
                if (h < 0) { ps->err = 1; break; }
                v = v * 16 + h;
            }
            if (v < 0x80) *o++ = (char)v;
            else { *o++ = (char)(0xc0 | v >> 6); *o++ = (char)(0x80 | (v & 0x3f)); }
            break;
        }
        default: ps->err = 1;
        }
    }
    if (*ps->p == '"') ps->p++;
    *o = 0;
    return out;
}

static Node *parse_value(Parser *ps);

static void append(Node *parent, Node *child)
{
    if (parent->last) parent->last->next = child; else parent->child = child;
    parent->last = child;
    parent->count++;
}

static Node *parse_container(Parser *ps, int type, char close)
{
    Node *n = new_node(ps, type);
    ps->p++;
    if (++ps->depth > ps->maxdepth) ps->maxdepth = ps->depth;
    skip_ws(ps);
    if (*ps->p == close) { ps->p++; ps->depth--; return n; }
    for (;;) {
        char *key = NULL;
        skip_ws(ps);
        if (type == J_OBJ) {
            if (*ps->p != '"') { ps->err = 1; break; }
            key = parse_string(ps);
            skip_ws(ps);
            if (*ps->p++ != ':') { ps->err = 1; free(key); break; }
        }
        Node *v = parse_value(ps);
        if (!v) { free(key); break; }
        v->key = key;
        append(n, v);
        skip_ws(ps);
        if (*ps->p == ',') { ps->p++; continue; }
        if (*ps->p == close) { ps->p++; break; }
        ps->err = 1;
        break;
    }
    ps->depth--;
    return n;
}

static Node *parse_value(Parser *ps)
{
    skip_ws(ps);
    char c = *ps->p;
    if (c == '{') return parse_container(ps, J_OBJ, '}');
    if (c == '[') return parse_container(ps, J_ARR, ']');
    if (c == '"') {
        Node *n = new_node(ps, J_STR);
        n->str = parse_string(ps);
        ps->strings++;
        return n;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        int neg = c == '-';
        int64_t v = 0, frac = 0, scale = 1000;
        if (neg) ps->p++;
        while (*ps->p >= '0' && *ps->p <= '9') v = v * 10 + (*ps->p++ - '0');
        if (*ps->p == '.') {
            ps->p++;
            while (*ps->p >= '0' && *ps->p <= '9') {
                if (scale > 1) { scale /= 10; frac += (*ps->p - '0') * scale; }
                ps->p++;
            }
        }
        Node *n = new_node(ps, J_NUM);
        n->num = (v * 1000 + frac) * (neg ? -1 : 1);
        ps->numbers++;
        return n;
    }
    if (!strncmp(ps->p, "true", 4)) { ps->p += 4; return new_node(ps, J_TRUE); }
    if (!strncmp(ps->p, "false", 5)) { ps->p += 5; return new_node(ps, J_FALSE); }
    if (!strncmp(ps->p, "null", 4)) { ps->p += 4; return new_node(ps, J_NULL); }
    ps->err = 1;
    return NULL;
}

static void free_tree(Node *n)
{
    while (n) {
        Node *next = n->next;
        free_tree(n->child);
        free(n->key);
        free(n->str);
        free(n);
        n = next;
    }
}

/* ---- queries ------------------------------------------------------ */

static const Node *get(const Node *obj, const char *key)
{
    for (const Node *c = obj->child; c; c = c->next)
        if (c->key && !strcmp(c->key, key)) return c;
    return NULL;
}

static uint32_t fnv(uint32_t h, const char *s)
{
    while (*s) { h ^= (uint8_t)*s++; h *= 16777619u; }
    return h;
}

typedef struct { int64_t numsum; uint32_t keyhash, hits; } Stats;

static void walk(const Node *n, Stats *st)
{
    for (; n; n = n->next) {
        if (n->key) st->keyhash = fnv(st->keyhash, n->key);
        if (n->type == J_NUM) st->numsum += n->num;
        if (n->type == J_OBJ) {
            const Node *id = get(n, "id"), *v = get(n, "value");
            if (id && v && id->type == J_NUM) st->hits++;
        }
        walk(n->child, st);
    }
}

/* Compact re-serialization into b (strings re-escaped). */
static void dump(Buf *b, const Node *n)
{
    char tmp[32];
    switch (n->type) {
    case J_NULL: puts_(b, "null"); break;
    case J_FALSE: puts_(b, "false"); break;
    case J_TRUE: puts_(b, "true"); break;
    case J_NUM:
        snprintf(tmp, sizeof tmp, "%" PRId64, n->num);
        puts_(b, tmp);
        break;
    case J_STR:
        put(b, "\"", 1);
        for (const char *s = n->str; *s; s++) {
            if (*s == '"' || *s == '\\') put(b, "\\", 1);
            if (*s == '\n') put(b, "\\n", 2); else put(b, s, 1);
        }
        put(b, "\"", 1);
        break;
    default:
        put(b, n->type == J_ARR ? "[" : "{", 1);
        for (const Node *c = n->child; c; c = c->next) {
            if (c != n->child) put(b, ",", 1);
            if (c->key) { put(b, "\"", 1); puts_(b, c->key); put(b, "\":", 2); }
            dump(b, c);
        }
        put(b, n->type == J_ARR ? "]" : "}", 1);
    }
}

int main(int argc, char **argv)
{
    uint32_t docs = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 120;
    Buf text = { 0 }, out = { 0 };
    Stats st = { 0, 2166136261u, 0 };
    uint32_t nodes = 0, strings = 0, numbers = 0, errors = 0, outhash = 2166136261u;
    int maxdepth = 0;
    uint64_t inbytes = 0;
    for (uint32_t d = 0; d < docs; d++) {
        text.len = 0;
        puts_(&text, "[");
        for (int i = 0; text.len < 200000; i++) {
            if (i) puts_(&text, ",\n");
            gen_value(&text, 0);
        }
        puts_(&text, "]");
        inbytes += text.len;
        for (int pass = 0; pass < 3; pass++) {   /* parse each document a few times */
            Parser ps = { text.p, 0, 0, 0, 0, 0, 0 };
            Node *root = parse_value(&ps);
            skip_ws(&ps);
            if (ps.err || *ps.p) errors++;
            if (pass == 0) {
                nodes += ps.nodes; strings += ps.strings; numbers += ps.numbers;
                if (ps.maxdepth > maxdepth) maxdepth = ps.maxdepth;
                walk(root, &st);
                out.len = 0;
                dump(&out, root);
                outhash = fnv(outhash, out.p);
            }
            free_tree(root);
        }
    }
    printf("json: bytes=%" PRIu64 " nodes=%" PRIu32 " strings=%" PRIu32 " numbers=%" PRIu32
           " depth=%d errors=%" PRIu32 " sum=%" PRId64 " hits=%" PRIu32 " keys=%08" PRIx32
           " out=%08" PRIx32 "\n", inbytes, nodes, strings, numbers, maxdepth, errors,
           st.numsum, st.hits, st.keyhash, outhash);
    free(text.p);
    free(out.p);
    return 0;
}
