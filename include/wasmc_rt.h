/*
 * wasmc_rt.h - the public interface of the wasmc runtime (libwasmc_rt.a).
 *
 * A module compiled by wasmc (`wasmc -c m.wasm` or `wasmc --shared m.wasm`)
 * contains native code for every function plus one constant module
 * descriptor, `wasmc_<name>_module` (a wasmc_rt_module_t).  This header lets
 * a C program
 *
 *   - instantiate a compiled module any number of times,
 *   - satisfy its imports with exports of other instances or with host
 *     functions written in C,
 *   - look up exports, call functions with typed values, read and write
 *     exported globals, memories and tables,
 *   - get a trap back as an error value (kind + message) instead of the
 *     process ending.  After a trap the instance stays usable and every
 *     change the code made before the trap stays visible.
 *
 * Usage:
 *
 *     #include "wasmc_rt.h"
 *     extern const wasmc_rt_module_t wasmc_fac_module;
 *
 *     wasmc_rt_error_t err;
 *     wasmc_rt_instance_t *inst =
 *         wasmc_rt_instantiate(&wasmc_fac_module, NULL, NULL, &err);
 *     const wasmc_rt_func_t *fac = wasmc_rt_export_func(inst, "fac");
 *     wasmc_rt_val_t arg = WASMC_RT_I64(20), res;
 *     if (wasmc_rt_call(fac, &arg, 1, &res, 1, &err) != 0)
 *         fprintf(stderr, "trap: %s\n", err.message);
 *     wasmc_rt_instance_free(inst);
 *
 * Everything here is plain C99; no function is thread-safe on the same
 * instance, but different instances may run on different threads.
 */
#ifndef WASMC_RT_H
#define WASMC_RT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- values ------------------------------------------------------------ */

/* Value types, numbered as in the binary format. */
typedef enum wasmc_rt_valtype_t {
    WASMC_RT_TYPE_I32 = 0x7f,
    WASMC_RT_TYPE_I64 = 0x7e,
    WASMC_RT_TYPE_F32 = 0x7d,
    WASMC_RT_TYPE_F64 = 0x7c,
    WASMC_RT_TYPE_V128 = 0x7b,
    WASMC_RT_TYPE_FUNCREF = 0x70,
    WASMC_RT_TYPE_EXTERNREF = 0x6f,
} wasmc_rt_valtype_t;

typedef struct wasmc_rt_func_t wasmc_rt_func_t;

/* The bits of a value of any type.  A funcref is a pointer to a function
 * object (NULL is ref.null func); an externref is an opaque host pointer
 * (NULL is ref.null extern). */
typedef union wasmc_rt_value_t {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    uint8_t v128[16];
    const wasmc_rt_func_t *funcref;
    void *externref;
} wasmc_rt_value_t;

/* One typed value. */
typedef struct wasmc_rt_val_t {
    wasmc_rt_valtype_t type;
    wasmc_rt_value_t of;
} wasmc_rt_val_t;

#define WASMC_RT_I32(v) ((wasmc_rt_val_t){ .type = WASMC_RT_TYPE_I32, .of.i32 = (v) })
#define WASMC_RT_I64(v) ((wasmc_rt_val_t){ .type = WASMC_RT_TYPE_I64, .of.i64 = (v) })
#define WASMC_RT_F32(v) ((wasmc_rt_val_t){ .type = WASMC_RT_TYPE_F32, .of.f32 = (v) })
#define WASMC_RT_F64(v) ((wasmc_rt_val_t){ .type = WASMC_RT_TYPE_F64, .of.f64 = (v) })

/* ---- traps and errors -------------------------------------------------- */

/* Every way wasm code can trap, plus the errors instantiation reports. */
typedef enum wasmc_rt_trap_t {
    WASMC_RT_OK = 0,
    WASMC_RT_TRAP_UNREACHABLE,          /* "unreachable" */
    WASMC_RT_TRAP_DIV_BY_ZERO,          /* "integer divide by zero" */
    WASMC_RT_TRAP_INT_OVERFLOW,         /* "integer overflow" */
    WASMC_RT_TRAP_INVALID_CONVERSION,   /* "invalid conversion to integer" */
    WASMC_RT_TRAP_OOB_MEMORY,           /* "out of bounds memory access" */
    WASMC_RT_TRAP_OOB_TABLE,            /* "out of bounds table access" */
    WASMC_RT_TRAP_INDIRECT_MISMATCH,    /* "indirect call type mismatch" */
    WASMC_RT_TRAP_UNINITIALIZED_ELEM,   /* "uninitialized element" */
    WASMC_RT_TRAP_UNDEFINED_ELEM,       /* "undefined element" */
    WASMC_RT_TRAP_STACK_EXHAUSTED,      /* "call stack exhausted" */
    WASMC_RT_TRAP_NULL_REF,             /* "null reference" (reserved) */
    WASMC_RT_TRAP_HOST,                 /* a host function reported an error */
    WASMC_RT_TRAP_EXIT,                 /* WASI proc_exit; code in exit_code */
    WASMC_RT_ERR_LINK,                  /* an import is missing or mismatched */
    WASMC_RT_ERR_RESOURCE,              /* out of memory / address space */
    WASMC_RT_ERR_ARGS,                  /* wrong number or types of arguments */
    WASMC_RT_TRAP_COUNT
} wasmc_rt_trap_t;

/* What a failed call or instantiation reports. */
typedef struct wasmc_rt_error_t {
    wasmc_rt_trap_t kind;
    int32_t exit_code;   /* for WASMC_RT_TRAP_EXIT */
    int32_t func_index;  /* function that trapped, -1 when unknown */
    char message[256];   /* spec wording, then details */
} wasmc_rt_error_t;

/* The spec's wording for a trap kind ("integer divide by zero", ...). */
const char *wasmc_rt_trap_message(wasmc_rt_trap_t kind);

/* ---- compiled modules -------------------------------------------------- */

/* External kinds, numbered as in the binary format. */
typedef enum wasmc_rt_externkind_t {
    WASMC_RT_EXTERN_FUNC = 0,
    WASMC_RT_EXTERN_TABLE = 1,
    WASMC_RT_EXTERN_MEMORY = 2,
    WASMC_RT_EXTERN_GLOBAL = 3,
} wasmc_rt_externkind_t;

/* One import, export, or module-defined memory/table, as the compiler
 * describes it.  Which fields mean something depends on `kind`:
 *   func:   sig (e.g. "ii:I", see wasmc_rt_type_id), index
 *   table:  type (reftype), min, max
 *   memory: min, max (in 64 KiB pages)
 *   global: type (valtype), mut
 * `offset` is where in the instance the item's slot lives; `indirect` says
 * whether that slot holds a pointer to the object (imports, tables,
 * memories) or the object itself (own functions and globals).  For imported
 * functions, `code` is the module's adapter that lets generated code call a
 * host function (wasmc_rt_func_new) of that signature. */
typedef struct wasmc_rt_extern_desc_t {
    const char *module; /* imports only */
    const char *name;
    const char *sig;    /* functions only */
    uint64_t min, max;  /* max == UINT64_MAX: no maximum */
    uint32_t index;     /* index in its index space */
    uint32_t offset;    /* byte offset of the slot in the instance */
    uint8_t kind;       /* wasmc_rt_externkind_t */
    uint8_t type;       /* wasmc_rt_valtype_t of a global / table element */
    uint8_t mut;        /* globals: 1 if mutable */
    uint8_t indirect;   /* the slot holds a pointer to the object */
    uint32_t name_len;  /* names may contain NUL bytes */
    void *code;         /* imported functions: host adapter */
} wasmc_rt_extern_desc_t;

typedef struct wasmc_rt_instance_t wasmc_rt_instance_t;

/* The constant descriptor wasmc emits for every compiled module.  Only the
 * runtime reads its fields; embedders pass it to wasmc_rt_instantiate. */
typedef struct wasmc_rt_module_t {
    uint32_t abi_version;         /* WASMC_RT_ABI_VERSION */
    uint32_t instance_size;       /* bytes, header included */
    const char *name;             /* module name used in symbols */
    uint32_t nimports, nexports;
    const wasmc_rt_extern_desc_t *imports;
    const wasmc_rt_extern_desc_t *exports;
    uint32_t nmemories, ntables;  /* module-defined ones */
    const wasmc_rt_extern_desc_t *memories;
    const wasmc_rt_extern_desc_t *tables;
    uint32_t nfuncs, nimported_funcs;
    const char *const *func_names; /* [nfuncs], from the name section, NULL where none */
    /* Native code of the module's own functions, [nfuncs - nimported_funcs];
     * also lets a fault's program counter name its function. */
    void *const *func_code;
    const uint32_t *func_types;   /* [nfuncs - nimported_funcs]: type index */
    uint32_t ntypes;
    uint32_t type_ids_offset;     /* uint32_t[ntypes] of interned ids in the instance */
    const char *const *type_sigs; /* [ntypes] signature strings */
    void *const *type_calls;      /* [ntypes] uniform entry (wasmc_rt_func_t.call) or NULL */
    /* Fills globals and segments, applies active segments, runs the start
     * function.  Called by wasmc_rt_instantiate under trap protection. */
    void (*init)(wasmc_rt_instance_t *inst);
    /* Own function i's wasmc_rt_func_t is at
     * funcs_offset + (i - nimported_funcs) * sizeof(wasmc_rt_func_t);
     * imported function i's pointer at imported_funcs_offset + 8 * i. */
    uint32_t funcs_offset, imported_funcs_offset;
    uint32_t flags;               /* WASMC_RT_MODULE_* */
    uint32_t pad;
    uint64_t stack_size;          /* executables: --stack-size, 0 = default */
    uint64_t max_memory_pages;    /* --max-memory, UINT64_MAX = none */
    const char *const *preopens;  /* executables: "HOST::GUEST" strings, NULL-terminated */
    /* WASMC_RT_MODULE_STATIC_INSTANCE: zeroed storage of instance_size
     * bytes that the module's code addresses directly; such a module (an
     * executable's) has at most one live instance at a time. */
    void *static_instance;
} wasmc_rt_module_t;

#define WASMC_RT_ABI_VERSION 2
#define WASMC_RT_MODULE_EXPLICIT_BOUNDS 1u /* compiled with --bounds-checks=explicit */
#define WASMC_RT_MODULE_STATIC_INSTANCE 2u  /* an executable's: see static_instance */

/* ---- runtime objects ---------------------------------------------------- */

/* A function object: what a funcref points to.  `code` is native code with
 * the signature  RESULT code(void *env, PARAMS...)  where RESULT is void, the
 * single result, or a struct of the results; `env` is the owning instance or
 * host data.  `call` is the uniform entry point: it calls `code` with the
 * arguments read from args[] and writes the results to results[]. */
struct wasmc_rt_func_t {
    void *code;
    void *env;
    void (*call)(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args,
                 wasmc_rt_val_t *results);
    uint32_t type_id;   /* interned signature, see wasmc_rt_type_id */
    uint32_t func_index;
    const char *sig;
    /* host functions only */
    void *host_data;
    int (*host_fn)(void *host_data, const wasmc_rt_val_t *args,
                   wasmc_rt_val_t *results, wasmc_rt_error_t *err);
};

/* A linear memory.  The base never moves: the runtime reserves the largest
 * size the memory can reach (plus guard pages) up front. */
typedef struct wasmc_rt_memory_t {
    uint8_t *base;
    uint64_t size;       /* bytes currently accessible */
    uint64_t max_pages;  /* UINT64_MAX: none */
    uint64_t reserved;   /* bytes of address space reserved at base */
} wasmc_rt_memory_t;

/* A table of references (funcref: const wasmc_rt_func_t *; externref:
 * void *).  The element array may be reallocated by table.grow. */
typedef struct wasmc_rt_table_t {
    void **elems;
    uint32_t size;
    uint32_t pad;
    uint64_t max;        /* UINT64_MAX: none */
    uint8_t type;        /* WASMC_RT_TYPE_FUNCREF or _EXTERNREF */
} wasmc_rt_table_t;

/* A global cell: 16 bytes, the value at offset 0 in its natural type. */
typedef struct wasmc_rt_global_t {
    wasmc_rt_value_t of;
} wasmc_rt_global_t;

/* The fixed head of every instance.  Generated code reads these fields at
 * fixed offsets; the module-specific part follows. */
struct wasmc_rt_instance_t {
    const wasmc_rt_module_t *module;
    uint8_t *mem0_base;           /* base of memory 0, NULL if none */
    wasmc_rt_memory_t *mem0;      /* memory 0, NULL if none */
    void *user;                   /* embedder data (the WASI context) */
};

/* An external value: what an import is satisfied with. */
typedef struct wasmc_rt_extern_t {
    wasmc_rt_externkind_t kind;
    union {
        const wasmc_rt_func_t *func;
        wasmc_rt_table_t *table;
        wasmc_rt_memory_t *memory;
        wasmc_rt_global_t *global;
    } of;
    /* for globals: their type and mutability, checked against the import */
    uint8_t global_type, global_mut;
} wasmc_rt_extern_t;

/* Resolves one import; returns 0 and fills *out, or -1 if it has none.
 * `desc` says what the module expects (kind, sig, limits, global type). */
typedef int (*wasmc_rt_resolver_t)(void *data, const wasmc_rt_extern_desc_t *desc,
                                   wasmc_rt_extern_t *out);

/* ---- instances ---------------------------------------------------------- */

/* Creates an instance: resolves every import through `resolve` (which may be
 * NULL if the module imports nothing), checks their types, creates the
 * module's own memories and tables, initializes globals and segments, runs
 * the start function.  Returns NULL and fills *err on failure (a link error,
 * or a trap during initialization).  A module compiled as an executable
 * (WASMC_RT_MODULE_STATIC_INSTANCE) lives in its own static storage: a
 * second instance while one is live fails with WASMC_RT_ERR_RESOURCE. */
wasmc_rt_instance_t *wasmc_rt_instantiate(const wasmc_rt_module_t *m,
                                          wasmc_rt_resolver_t resolve,
                                          void *resolve_data,
                                          wasmc_rt_error_t *err);

/* The same, and calls ready(resolve_data, inst) once the instance's memories,
 * tables and exports exist but before any of its code runs (segments, start
 * function): the moment to attach host state that needs the instance, such
 * as WASI's view of its memory (wasmc_wasi_bind). */
typedef void (*wasmc_rt_ready_t)(void *data, wasmc_rt_instance_t *inst);
wasmc_rt_instance_t *wasmc_rt_instantiate_ex(const wasmc_rt_module_t *m,
                                             wasmc_rt_resolver_t resolve,
                                             void *resolve_data,
                                             wasmc_rt_ready_t ready,
                                             wasmc_rt_error_t *err);

/* Frees the instance and the memories and tables it created (a static
 * instance's storage is cleared for the next instantiation). */
void wasmc_rt_instance_free(wasmc_rt_instance_t *inst);

/* Looks up an export by name; returns 0 and fills *out, or -1. */
int wasmc_rt_export(wasmc_rt_instance_t *inst, const char *name,
                    wasmc_rt_extern_t *out);

/* The same for a name of `len` bytes, which may contain NUL bytes. */
int wasmc_rt_export_n(wasmc_rt_instance_t *inst, const char *name, size_t len,
                      wasmc_rt_extern_t *out);

/* Shorthands for wasmc_rt_export; NULL when missing or of another kind. */
const wasmc_rt_func_t *wasmc_rt_export_func(wasmc_rt_instance_t *inst, const char *name);
wasmc_rt_memory_t *wasmc_rt_export_memory(wasmc_rt_instance_t *inst, const char *name);
wasmc_rt_table_t *wasmc_rt_export_table(wasmc_rt_instance_t *inst, const char *name);
wasmc_rt_global_t *wasmc_rt_export_global(wasmc_rt_instance_t *inst, const char *name);

/* ---- calls --------------------------------------------------------------- */

/* Calls f with nargs arguments and room for nresults results.  Returns 0 on
 * success; on a trap returns -1 and fills *err (err may be NULL).  Checks
 * the argument count and types against f's signature. */
int wasmc_rt_call(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args,
                  size_t nargs, wasmc_rt_val_t *results, size_t nresults,
                  wasmc_rt_error_t *err);

/* Number of parameters and results of a function, and their types. */
size_t wasmc_rt_func_nparams(const wasmc_rt_func_t *f);
size_t wasmc_rt_func_nresults(const wasmc_rt_func_t *f);
wasmc_rt_valtype_t wasmc_rt_func_param(const wasmc_rt_func_t *f, size_t i);
wasmc_rt_valtype_t wasmc_rt_func_result(const wasmc_rt_func_t *f, size_t i);

/* Host function callback: reads nparams args, writes nresults results,
 * returns 0; or returns -1 after filling *err, which traps the caller. */
typedef int (*wasmc_rt_host_fn_t)(void *data, const wasmc_rt_val_t *args,
                                  wasmc_rt_val_t *results, wasmc_rt_error_t *err);

/* Makes a host function of signature `sig`, for use as an import.  The
 * signature is written with one letter per type, params then ':' then
 * results: i=i32 I=i64 f=f32 F=f64 V=v128 r=funcref e=externref, e.g.
 * "iI:f".  Free with wasmc_rt_func_free once no instance uses it. */
wasmc_rt_func_t *wasmc_rt_func_new(const char *sig, wasmc_rt_host_fn_t fn, void *data);
void wasmc_rt_func_free(wasmc_rt_func_t *f);

/* Interns a signature string; equal signatures get equal ids. */
uint32_t wasmc_rt_type_id(const char *sig);

/* ---- host-created memories, tables, globals ---------------------------- */

/* No memory grows beyond this many 64 KiB pages (4 GiB - 64 KiB), whatever
 * its declared maximum: creating a larger one fails and memory.grow past it
 * returns -1, as the spec allows an implementation to do.  Compiled code
 * relies on it: an address that was accessed is below 2^32 - 2^16, so adding
 * a constant under 2^16 to it cannot wrap (compiler/addrfacts.c). */
#define WASMC_RT_MAX_MEMORY_PAGES 65535u

/* Create objects a host can offer as imports (e.g. the spectest module).
 * max is UINT64_MAX for "no maximum".  NULL on failure. */
wasmc_rt_memory_t *wasmc_rt_memory_new(uint64_t min_pages, uint64_t max_pages);
void wasmc_rt_memory_free(wasmc_rt_memory_t *m);
wasmc_rt_table_t *wasmc_rt_table_new(wasmc_rt_valtype_t type, uint32_t min, uint64_t max);
void wasmc_rt_table_free(wasmc_rt_table_t *t);

/* Grow by delta pages / elements; return the old size or -1. */
int64_t wasmc_rt_memory_grow(wasmc_rt_memory_t *m, uint64_t delta_pages);
int64_t wasmc_rt_table_grow(wasmc_rt_table_t *t, uint32_t delta, void *init);

/* Whether memories are protected by guard pages (the default on 64-bit
 * hosts) or by explicit checks in generated code. */
int wasmc_rt_uses_guard_pages(void);

/* For host code running inside a wasmc_rt_call (a host function, a WASI
 * call): unwind to the outermost wasmc_rt_call as a trap of `kind`; `detail`
 * (may be NULL) is appended to the message. */
_Noreturn void wasmc_rt_raise(wasmc_rt_trap_t kind, const char *detail);

/* Unwind as WASMC_RT_TRAP_EXIT with the given exit code (WASI proc_exit). */
_Noreturn void wasmc_rt_exit(int32_t code);

/* Sets the size of the stack wasm code runs on (bytes; 0 = default).
 * Takes effect for the next outermost wasmc_rt_call on each thread. */
void wasmc_rt_set_stack_size(uint64_t bytes);

#ifdef __cplusplus
}
#endif

#endif /* WASMC_RT_H */
