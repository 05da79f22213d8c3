/*
 * value.c - values as wast2json writes them, and matching results.
 *
 * A value is {"type": T, "value": V}.  Numbers are decimal strings of the
 * unsigned bit pattern (floats included, so NaN payloads survive); an
 * expected float may instead be "nan:canonical" or "nan:arithmetic".
 * References are "null" or a number: `ref.extern N` for externref, and for
 * an expected funcref any non-null reference.  v128 values carry a
 * "lane_type" and one string per lane.  Floats compare by bits.
 */
#include "spec.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define F32_CANONICAL 0x7fc00000u
#define F64_CANONICAL 0x7ff8000000000000ull

void *value_extern_ref(uint64_t n)
{
    return (void *)(uintptr_t)(n + 1);
}

static int bad(char *err, size_t errlen, const char *what, const char *text)
{
    snprintf(err, errlen, "%s '%s'", what, text ? text : "(missing)");
    return -1;
}

/* A decimal string of at most `bits` bits. */
static int parse_bits(const char *s, int bits, uint64_t *out)
{
    if (!s || *s < '0' || *s > '9')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || (bits < 64 && v >> bits))
        return -1;
    *out = v;
    return 0;
}

static int type_of(const char *name, wasmc_rt_valtype_t *t)
{
    static const struct { const char *name; wasmc_rt_valtype_t type; } types[] = {
        { "i32", WASMC_RT_TYPE_I32 }, { "i64", WASMC_RT_TYPE_I64 },
        { "f32", WASMC_RT_TYPE_F32 }, { "f64", WASMC_RT_TYPE_F64 },
        { "v128", WASMC_RT_TYPE_V128 }, { "funcref", WASMC_RT_TYPE_FUNCREF },
        { "externref", WASMC_RT_TYPE_EXTERNREF },
    };
    for (size_t i = 0; name && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(name, types[i].name) == 0) {
            *t = types[i].type;
            return 0;
        }
    return -1;
}

/* One scalar number or NaN pattern into v (whose type is set). */
static int parse_number(const char *s, wasmc_rt_val_t *v, MatchKind *m)
{
    bool is_float = v->type == WASMC_RT_TYPE_F32 || v->type == WASMC_RT_TYPE_F64;
    bool wide = v->type == WASMC_RT_TYPE_I64 || v->type == WASMC_RT_TYPE_F64;
    uint64_t bits;
    *m = MATCH_BITS;
    if (is_float && s && strcmp(s, "nan:canonical") == 0)
        *m = MATCH_NAN_CANONICAL;
    else if (is_float && s && strcmp(s, "nan:arithmetic") == 0)
        *m = MATCH_NAN_ARITHMETIC;
    else if (parse_bits(s, wide ? 64 : 32, &bits) != 0)
        return -1;
    else if (wide)
        memcpy(&v->of.i64, &bits, 8);
    else {
        uint32_t b = (uint32_t)bits;
        memcpy(&v->of.i32, &b, 4);
    }
    return 0;
}

static int parse_ref(const char *s, wasmc_rt_val_t *v, MatchKind *m)
{
    uint64_t n;
    *m = MATCH_BITS;
    if (s && strcmp(s, "null") == 0)
        v->of.externref = NULL;
    else if (parse_bits(s, 64, &n) != 0)
        return -1;
    else if (v->type == WASMC_RT_TYPE_EXTERNREF)
        v->of.externref = value_extern_ref(n);
    else
        *m = MATCH_NONNULL; /* a funcref the script can only name, not make */
    return 0;
}

static int lane_shape(const char *lane_type, int *nlanes, bool *is_float)
{
    static const struct { const char *name; int n; bool f; } shapes[] = {
        { "i8", 16, false }, { "i16", 8, false }, { "i32", 4, false },
        { "i64", 2, false }, { "f32", 4, true }, { "f64", 2, true },
    };
    for (size_t i = 0; lane_type && i < sizeof shapes / sizeof shapes[0]; i++)
        if (strcmp(lane_type, shapes[i].name) == 0) {
            *nlanes = shapes[i].n;
            *is_float = shapes[i].f;
            return 0;
        }
    return -1;
}

/* A v128 written as lanes; each lane goes through parse_number with the
 * lane's own type so NaN patterns work per lane. */
static int parse_v128(const Json *j, Expect *e, char *err, size_t errlen)
{
    const Json *lanes = json_get(j, "value");
    const char *lt = json_get_str(j, "lane_type");
    if (lane_shape(lt, &e->nlanes, &e->float_lanes) != 0)
        return bad(err, errlen, "unknown v128 lane type", lt);
    if (!lanes || lanes->kind != JSON_ARRAY || lanes->n != (size_t)e->nlanes)
        return bad(err, errlen, "v128 needs one string per lane of", lt);
    int size = 16 / e->nlanes;
    for (int i = 0; i < e->nlanes; i++) {
        wasmc_rt_val_t lane = { .type = size == 8 ? (e->float_lanes ? WASMC_RT_TYPE_F64 : WASMC_RT_TYPE_I64)
                                                  : (e->float_lanes ? WASMC_RT_TYPE_F32 : WASMC_RT_TYPE_I32) };
        const char *s = lanes->items[i]->str;
        uint64_t small;
        if (size < 4) {
            if (parse_bits(s, size * 8, &small) != 0)
                return bad(err, errlen, "bad v128 lane", s);
            lane.of.i32 = (int32_t)small;
            e->match[i] = MATCH_BITS;
        } else if (parse_number(s, &lane, &e->match[i]) != 0)
            return bad(err, errlen, "bad v128 lane", s);
        memcpy(e->val.of.v128 + i * size, &lane.of, (size_t)size); /* little-endian host */
    }
    return 0;
}

int expect_parse(const Json *j, Expect *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    const char *t = json_get_str(j, "type"), *s = json_get_str(j, "value");
    if (type_of(t, &e->val.type) != 0)
        return bad(err, errlen, "unknown value type", t);
    switch (e->val.type) {
    case WASMC_RT_TYPE_V128:
        return parse_v128(j, e, err, errlen);
    case WASMC_RT_TYPE_FUNCREF:
    case WASMC_RT_TYPE_EXTERNREF:
        if (parse_ref(s, &e->val, &e->match[0]) != 0)
            return bad(err, errlen, "bad reference", s);
        return 0;
    default:
        if (parse_number(s, &e->val, &e->match[0]) != 0)
            return bad(err, errlen, t, s);
        return 0;
    }
}

int value_parse(const Json *j, wasmc_rt_val_t *out, char *err, size_t errlen)
{
    Expect e;
    if (expect_parse(j, &e, err, errlen) != 0)
        return -1;
    for (int i = 0; i < (e.nlanes ? e.nlanes : 1); i++)
        if (e.match[i] != MATCH_BITS)
            return bad(err, errlen, "argument must be a concrete value, not", json_get_str(j, "value"));
    *out = e.val;
    return 0;
}

static bool match_f32(MatchKind m, uint32_t want, uint32_t got)
{
    switch (m) {
    case MATCH_NAN_CANONICAL: return (got & 0x7fffffffu) == F32_CANONICAL;
    case MATCH_NAN_ARITHMETIC: return (got & F32_CANONICAL) == F32_CANONICAL;
    default: return want == got;
    }
}

static bool match_f64(MatchKind m, uint64_t want, uint64_t got)
{
    switch (m) {
    case MATCH_NAN_CANONICAL: return (got & 0x7fffffffffffffffull) == F64_CANONICAL;
    case MATCH_NAN_ARITHMETIC: return (got & F64_CANONICAL) == F64_CANONICAL;
    default: return want == got;
    }
}

static bool match_v128(const Expect *e, const uint8_t *got)
{
    int size = 16 / e->nlanes;
    for (int i = 0; i < e->nlanes; i++) {
        uint64_t w = 0, g = 0;
        memcpy(&w, e->val.of.v128 + i * size, (size_t)size);
        memcpy(&g, got + i * size, (size_t)size);
        bool ok = !e->float_lanes ? w == g
                  : size == 4 ? match_f32(e->match[i], (uint32_t)w, (uint32_t)g)
                              : match_f64(e->match[i], w, g);
        if (!ok)
            return false;
    }
    return true;
}

bool expect_match(const Expect *e, const wasmc_rt_val_t *got)
{
    uint32_t w32, g32;
    if (got->type != e->val.type)
        return false;
    switch (e->val.type) {
    case WASMC_RT_TYPE_I32: return got->of.i32 == e->val.of.i32;
    case WASMC_RT_TYPE_I64: return got->of.i64 == e->val.of.i64;
    case WASMC_RT_TYPE_F32:
        memcpy(&w32, &e->val.of.f32, 4);
        memcpy(&g32, &got->of.f32, 4);
        return match_f32(e->match[0], w32, g32);
    case WASMC_RT_TYPE_F64:
        return match_f64(e->match[0], (uint64_t)e->val.of.i64, (uint64_t)got->of.i64);
    case WASMC_RT_TYPE_V128: return match_v128(e, got->of.v128);
    case WASMC_RT_TYPE_FUNCREF:
        return e->match[0] == MATCH_NONNULL ? got->of.funcref != NULL : got->of.funcref == e->val.of.funcref;
    case WASMC_RT_TYPE_EXTERNREF: return got->of.externref == e->val.of.externref;
    }
    return false;
}

static void format_ref(const wasmc_rt_val_t *v, char *buf, size_t n)
{
    const char *t = v->type == WASMC_RT_TYPE_FUNCREF ? "funcref" : "externref";
    uintptr_t p = v->type == WASMC_RT_TYPE_FUNCREF ? (uintptr_t)v->of.funcref : (uintptr_t)v->of.externref;
    if (!p)
        snprintf(buf, n, "%s:null", t);
    else if (v->type == WASMC_RT_TYPE_EXTERNREF)
        snprintf(buf, n, "externref:%" PRIuPTR, p - 1); /* inverse of value_extern_ref */
    else
        snprintf(buf, n, "funcref:%p", (void *)p);
}

void value_format(const wasmc_rt_val_t *v, char *buf, size_t n)
{
    uint32_t b32;
    const uint32_t *w = (const uint32_t *)(const void *)v->of.v128;
    switch (v->type) {
    case WASMC_RT_TYPE_I32: snprintf(buf, n, "i32:%" PRIu32, (uint32_t)v->of.i32); break;
    case WASMC_RT_TYPE_I64: snprintf(buf, n, "i64:%" PRIu64, (uint64_t)v->of.i64); break;
    case WASMC_RT_TYPE_F32:
        memcpy(&b32, &v->of.f32, 4);
        snprintf(buf, n, "f32:0x%08" PRIx32 " (%.9g)", b32, (double)v->of.f32);
        break;
    case WASMC_RT_TYPE_F64:
        snprintf(buf, n, "f64:0x%016" PRIx64 " (%.17g)", (uint64_t)v->of.i64, v->of.f64);
        break;
    case WASMC_RT_TYPE_V128:
        snprintf(buf, n, "v128:i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32,
                 w[0], w[1], w[2], w[3]);
        break;
    case WASMC_RT_TYPE_FUNCREF:
    case WASMC_RT_TYPE_EXTERNREF: format_ref(v, buf, n); break;
    default: snprintf(buf, n, "type 0x%x?", (unsigned)v->type); break;
    }
}

void expect_format(const Expect *e, char *buf, size_t n)
{
    static const char *const patterns[] = {
        [MATCH_NAN_CANONICAL] = "nan:canonical", [MATCH_NAN_ARITHMETIC] = "nan:arithmetic",
        [MATCH_NONNULL] = "non-null",
    };
    const char *t = e->val.type == WASMC_RT_TYPE_F32 ? "f32" : e->val.type == WASMC_RT_TYPE_F64 ? "f64"
                    : "funcref";
    if (e->nlanes == 0 && e->match[0] != MATCH_BITS)
        snprintf(buf, n, "%s:%s", t, patterns[e->match[0]]);
    else
        value_format(&e->val, buf, n); /* v128 lane patterns show as their placeholder bits */
}
