/*
 * rt.h - the runtime's internal header, sectioned by file.
 *
 * The runtime is plain C that generated code and embedders call:
 *   instance.c  instantiation, import checks, exports
 *   memory.c    linear memories (guard-page reservations) and bulk ops
 *   table.c     tables and their bulk ops
 *   func.c      signatures, host functions, uniform calls
 *   trap.c      traps, signal handling, the wasm stack, wasmc_rt_call
 *   main.c      the process entry of executables built by wasmc
 * The entry points generated code calls are declared at the end; their
 * names and signatures are an ABI shared with compiler/lower_*.c.
 */
#ifndef WASMC_RT_INTERNAL_H
#define WASMC_RT_INTERNAL_H

#include "wasmc_rt.h"

#include <stdbool.h>

#define WASM_PAGE 65536ull
#define MAX_PAGES ((uint64_t)WASMC_RT_MAX_MEMORY_PAGES)
/* Address space behind each memory's base: every i32 address plus i32
 * offset plus access size lands inside, so out-of-bounds accesses fault. */
#define MEMORY_RESERVATION ((1ull << 33) + (1ull << 16))
#define MAX_TABLE_SIZE 10000000u

/* memory.c */
bool rt_address_in_memory(const void *addr);

/* func.c: the letters of a signature string */
wasmc_rt_valtype_t rt_sig_type(char c);
void rt_sig_counts(const char *sig, size_t *nparams, size_t *nresults);

/* symbols.c: the wasm function holding pc, from the ELF symbol table */
int32_t rt_function_from_symbol(uintptr_t pc, const wasmc_rt_module_t *const *mods, int nmods,
                                const wasmc_rt_module_t **mod);

/* trap.c */
/* Runs fn(arg) with trap protection: returns 0, or -1 with *err filled. */
int rt_protected(void (*fn)(void *), void *arg, wasmc_rt_error_t *err);
/* Program-counter lookup: the module registry lets a fault name its function. */
void rt_register_module(const wasmc_rt_module_t *m);
/* Fills err->message from kind, function index and an optional detail;
 * the _index form also names a table element (index >= 0). */
void rt_format_error(wasmc_rt_error_t *err, wasmc_rt_trap_t kind, const wasmc_rt_module_t *m,
                     int32_t func, const char *detail);
void rt_format_error_index(wasmc_rt_error_t *err, wasmc_rt_trap_t kind, const wasmc_rt_module_t *m,
                           int32_t func, int64_t index, const char *detail);

/* ---- called by generated code (see compiler/lower_*.c) ---- */
_Noreturn void wasmc_rt_trap(wasmc_rt_instance_t *inst, int32_t kind, int32_t func);
_Noreturn void wasmc_rt_trap_index(wasmc_rt_instance_t *inst, int32_t kind, int32_t func, uint32_t index);
int32_t wasmc_rt_memory_grow32(wasmc_rt_memory_t *m, int32_t delta);
int32_t wasmc_rt_memory_fill(wasmc_rt_memory_t *m, int32_t d, int32_t val, int32_t n);
int32_t wasmc_rt_memory_copy(wasmc_rt_memory_t *m, int32_t d, int32_t s, int32_t n);
int32_t wasmc_rt_memory_init(wasmc_rt_memory_t *m, int32_t d, const uint8_t *data, int32_t seglen,
                             int32_t s, int32_t n);
int32_t wasmc_rt_table_grow32(wasmc_rt_table_t *t, void *init, int32_t delta);
int32_t wasmc_rt_table_fill(wasmc_rt_table_t *t, int32_t d, void *val, int32_t n);
int32_t wasmc_rt_table_copy(wasmc_rt_table_t *dst, wasmc_rt_table_t *src, int32_t d, int32_t s, int32_t n);
int32_t wasmc_rt_table_init(wasmc_rt_table_t *t, int32_t d, void *const *items, int32_t seglen,
                            int32_t s, int32_t n);
void wasmc_rt_elem_items(wasmc_rt_instance_t *inst, void **dst, const uint32_t *codes, uint32_t n);
void wasmc_rt_host_call(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args, wasmc_rt_val_t *results);

#endif
