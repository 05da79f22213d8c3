/*
 * spec.h - the spec-test runner's internal header, sectioned by file.
 *
 * The runner (build/test/spec-runner) executes one script that wast2json
 * made from a .wast file: a JSON list of commands whose modules run.sh has
 * already compiled with `wasmc --shared` (or seen rejected).  It loads the
 * shared objects, instantiates them through the embedding API
 * (include/wasmc_rt.h) and checks every assertion.
 *
 *   json.c    a small JSON reader: the whole document as a tree
 *   value.c   wast2json values: arguments, expected results, NaN patterns
 *   host.c    the "spectest" host module, registered instances, the resolver
 *   runner.c  the module table, the command loop, main
 *
 * Only the runner's own process is at risk when compiled code crashes;
 * run.sh runs one process per script and counts what a crash left undone.
 */
#ifndef SPEC_H
#define SPEC_H

#include "wasmc_rt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- json.c ------------------------------------------------------------- */

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonKind;

/* One JSON value.  Strings are decoded (escapes resolved, \u0000 kept) and
 * NUL-terminated; `len` counts their bytes, so a string holding a NUL byte
 * has strlen(str) < len.  Numbers keep their text in `str`. */
typedef struct Json {
    JsonKind kind;
    const char *str;        /* strings, numbers */
    size_t len;
    bool boolean;           /* JSON_BOOL */
    struct Json **items;    /* arrays: elements; objects: member values */
    const char **keys;      /* objects: member names */
    size_t n;               /* number of elements or members */
} Json;

/* Parses text[0..len); NULL on a syntax error, described in err. */
Json *json_parse(const char *text, size_t len, char *err, size_t errlen);
/* Member `key` of an object, or NULL (also when j is not an object). */
const Json *json_get(const Json *j, const char *key);
/* Member `key` if it is a string, else NULL. */
const char *json_get_str(const Json *j, const char *key);
/* Member `key` as an integer, or `dflt` when missing or not a number. */
long json_get_int(const Json *j, const char *key, long dflt);

/* ---- value.c ------------------------------------------------------------ */

/* How one scalar (or one v128 lane) of a result must look. */
typedef enum {
    MATCH_BITS,           /* exactly these bits */
    MATCH_NAN_CANONICAL,  /* quiet NaN, payload only the top mantissa bit */
    MATCH_NAN_ARITHMETIC, /* NaN with the top mantissa bit set */
    MATCH_NONNULL,        /* a reference, any but null */
} MatchKind;

/* An expected result: a value plus how to compare each part of it.
 * Scalars use match[0].  v128 values are compared lane by lane, with the
 * lane shape the script gives (i8x16 ... f64x2): `nlanes` lanes of
 * 16 / nlanes bytes, `float_lanes` if they are f32 or f64. */
typedef struct Expect {
    wasmc_rt_val_t val;
    int nlanes;
    bool float_lanes;
    MatchKind match[16];
} Expect;

/* The externref a script's `ref.extern N` stands for: non-NULL, distinct
 * for every N. */
void *value_extern_ref(uint64_t n);
/* An argument value; 0, or -1 with a reason in err. */
int value_parse(const Json *j, wasmc_rt_val_t *out, char *err, size_t errlen);
/* An expected result; 0, or -1 with a reason in err. */
int expect_parse(const Json *j, Expect *out, char *err, size_t errlen);
bool expect_match(const Expect *e, const wasmc_rt_val_t *got);
/* "i32:42", "f32:0x7fc00000 (nan)", "externref:ref.extern 3", ... */
void value_format(const wasmc_rt_val_t *v, char *buf, size_t n);
void expect_format(const Expect *e, char *buf, size_t n);

/* ---- host.c ------------------------------------------------------------- */

/* Instances made importable by the `register` command, by name. */
typedef struct Registry {
    struct Registered { char *as; wasmc_rt_instance_t *inst; } *items;
    size_t n, cap;
} Registry;

/* Creates the spectest module's functions, globals, table and memory
 * (once per process).  0, or -1 if the runtime could not create them. */
int host_init(void);
/* Makes inst's exports importable as module `as` (a later register of the
 * same name wins). */
void host_register(Registry *r, const char *as, wasmc_rt_instance_t *inst);
/* The wasmc_rt_resolver_t for every instantiation; data is a Registry. */
int host_resolve(void *data, const wasmc_rt_extern_desc_t *desc, wasmc_rt_extern_t *out);

#endif
