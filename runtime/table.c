/*
 * table.c - tables of references and the table instructions that are
 * runtime calls (grow, fill, copy, init).
 *
 * Elements are pointers: a funcref is a wasmc_rt_func_t *, an externref an
 * opaque host pointer, NULL is the null reference.  Generated code reads
 * `elems` and `size` directly (table.get/set, call_indirect); growing may
 * move `elems`, which generated code reloads after every call.
 */
#include "rt.h"

#include <stdlib.h>
#include <string.h>

wasmc_rt_table_t *wasmc_rt_table_new(wasmc_rt_valtype_t type, uint32_t min, uint64_t max)
{
    if (min > MAX_TABLE_SIZE)
        return NULL;
    wasmc_rt_table_t *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->elems = calloc(min ? min : 1, sizeof *t->elems);
    if (!t->elems) {
        free(t);
        return NULL;
    }
    t->size = min;
    t->max = max;
    t->type = (uint8_t)type;
    return t;
}

void wasmc_rt_table_free(wasmc_rt_table_t *t)
{
    if (!t)
        return;
    free(t->elems);
    free(t);
}

int64_t wasmc_rt_table_grow(wasmc_rt_table_t *t, uint32_t delta, void *init)
{
    uint32_t old = t->size;
    uint64_t max = t->max < MAX_TABLE_SIZE ? t->max : MAX_TABLE_SIZE;
    if ((uint64_t)old + delta > max)
        return -1;
    if (delta == 0)
        return old;
    void **e = realloc(t->elems, ((size_t)old + delta) * sizeof *e);
    if (!e)
        return -1;
    for (uint32_t i = 0; i < delta; i++)
        e[old + i] = init;
    t->elems = e;
    t->size = old + delta;
    return old;
}

int32_t wasmc_rt_table_grow32(wasmc_rt_table_t *t, void *init, int32_t delta)
{
    return (int32_t)wasmc_rt_table_grow(t, (uint32_t)delta, init);
}

static int in_range(uint32_t d, uint32_t n, uint64_t size) { return (uint64_t)d + n <= size; }

int32_t wasmc_rt_table_fill(wasmc_rt_table_t *t, int32_t d, void *val, int32_t n)
{
    if (!in_range((uint32_t)d, (uint32_t)n, t->size))
        return WASMC_RT_TRAP_OOB_TABLE;
    for (uint32_t i = 0; i < (uint32_t)n; i++)
        t->elems[(uint32_t)d + i] = val;
    return 0;
}

int32_t wasmc_rt_table_copy(wasmc_rt_table_t *dst, wasmc_rt_table_t *src, int32_t d, int32_t s, int32_t n)
{
    if (!in_range((uint32_t)d, (uint32_t)n, dst->size) || !in_range((uint32_t)s, (uint32_t)n, src->size))
        return WASMC_RT_TRAP_OOB_TABLE;
    memmove(dst->elems + (uint32_t)d, src->elems + (uint32_t)s, (uint32_t)n * sizeof(void *));
    return 0;
}

int32_t wasmc_rt_table_init(wasmc_rt_table_t *t, int32_t d, void *const *items, int32_t seglen,
                            int32_t s, int32_t n)
{
    if (!in_range((uint32_t)s, (uint32_t)n, (uint32_t)seglen) || !in_range((uint32_t)d, (uint32_t)n, t->size))
        return WASMC_RT_TRAP_OOB_TABLE;
    memcpy(t->elems + (uint32_t)d, items + (uint32_t)s, (uint32_t)n * sizeof(void *));
    return 0;
}
