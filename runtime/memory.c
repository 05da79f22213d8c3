/*
 * memory.c - linear memories and the bulk-memory operations.
 *
 * Every memory reserves MEMORY_RESERVATION bytes of address space with no
 * access rights, and makes the first `size` bytes readable and writable.
 * Growing only changes protections, so the base never moves; anything
 * between size and the end of the reservation faults, which is what lets
 * generated code skip bounds checks.  The registry of live reservations lets
 * the signal handler tell an out-of-bounds wasm access from a real crash.
 */
#include "rt.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Live reservations, scanned by the signal handler (no locks there: slots
 * are written before they are published through `nregions`). */
#define MAX_REGIONS 65536
static struct { uintptr_t lo, hi; } regions[MAX_REGIONS];
static volatile int nregions;
static pthread_mutex_t regions_lock = PTHREAD_MUTEX_INITIALIZER;

static void region_add(void *base, uint64_t len)
{
    pthread_mutex_lock(&regions_lock);
    for (int i = 0; i < nregions; i++)
        if (regions[i].lo == 0) {
            regions[i].hi = (uintptr_t)base + len;
            __atomic_store_n(&regions[i].lo, (uintptr_t)base, __ATOMIC_RELEASE);
            pthread_mutex_unlock(&regions_lock);
            return;
        }
    if (nregions < MAX_REGIONS) {
        regions[nregions].lo = (uintptr_t)base;
        regions[nregions].hi = (uintptr_t)base + len;
        __atomic_store_n(&nregions, nregions + 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&regions_lock);
}

static void region_remove(void *base)
{
    pthread_mutex_lock(&regions_lock);
    for (int i = 0; i < nregions; i++)
        if (regions[i].lo == (uintptr_t)base)
            __atomic_store_n(&regions[i].lo, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&regions_lock);
}

bool rt_address_in_memory(const void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    int n = __atomic_load_n(&nregions, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++) {
        uintptr_t lo = __atomic_load_n(&regions[i].lo, __ATOMIC_ACQUIRE);
        if (lo && a >= lo && a < regions[i].hi)
            return true;
    }
    return false;
}

int wasmc_rt_uses_guard_pages(void) { return 1; }

wasmc_rt_memory_t *wasmc_rt_memory_new(uint64_t min_pages, uint64_t max_pages)
{
    if (min_pages > MAX_PAGES || (max_pages != UINT64_MAX && max_pages < min_pages))
        return NULL;
    wasmc_rt_memory_t *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    void *base = mmap(NULL, MEMORY_RESERVATION, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) {
        free(m);
        return NULL;
    }
    if (min_pages && mprotect(base, min_pages * WASM_PAGE, PROT_READ | PROT_WRITE) != 0) {
        munmap(base, MEMORY_RESERVATION);
        free(m);
        return NULL;
    }
    m->base = base;
    m->size = min_pages * WASM_PAGE;
    m->max_pages = max_pages;
    m->reserved = MEMORY_RESERVATION;
    region_add(base, MEMORY_RESERVATION);
    return m;
}

void wasmc_rt_memory_free(wasmc_rt_memory_t *m)
{
    if (!m)
        return;
    region_remove(m->base);
    munmap(m->base, m->reserved);
    free(m);
}

int64_t wasmc_rt_memory_grow(wasmc_rt_memory_t *m, uint64_t delta)
{
    uint64_t old = m->size / WASM_PAGE;
    uint64_t max = m->max_pages < MAX_PAGES ? m->max_pages : MAX_PAGES;
    if (delta > max - old)
        return -1;
    if (delta == 0)
        return (int64_t)old;
    if (mprotect(m->base + m->size, delta * WASM_PAGE, PROT_READ | PROT_WRITE) != 0)
        return -1;
    m->size += delta * WASM_PAGE;
    return (int64_t)old;
}

int32_t wasmc_rt_memory_grow32(wasmc_rt_memory_t *m, int32_t delta)
{
    return (int32_t)wasmc_rt_memory_grow(m, (uint32_t)delta);
}

/* [d, d+n) inside a space of `size` bytes? Computed in 64 bits. */
static bool in_range(uint32_t d, uint32_t n, uint64_t size)
{
    return (uint64_t)d + n <= size;
}

int32_t wasmc_rt_memory_fill(wasmc_rt_memory_t *m, int32_t d, int32_t val, int32_t n)
{
    if (!in_range((uint32_t)d, (uint32_t)n, m->size))
        return WASMC_RT_TRAP_OOB_MEMORY;
    memset(m->base + (uint32_t)d, val, (uint32_t)n);
    return 0;
}

int32_t wasmc_rt_memory_copy(wasmc_rt_memory_t *m, int32_t d, int32_t s, int32_t n)
{
    if (!in_range((uint32_t)d, (uint32_t)n, m->size) || !in_range((uint32_t)s, (uint32_t)n, m->size))
        return WASMC_RT_TRAP_OOB_MEMORY;
    memmove(m->base + (uint32_t)d, m->base + (uint32_t)s, (uint32_t)n);
    return 0;
}

int32_t wasmc_rt_memory_init(wasmc_rt_memory_t *m, int32_t d, const uint8_t *data, int32_t seglen,
                             int32_t s, int32_t n)
{
    if (!in_range((uint32_t)s, (uint32_t)n, (uint32_t)seglen) || !in_range((uint32_t)d, (uint32_t)n, m->size))
        return WASMC_RT_TRAP_OOB_MEMORY;
    memcpy(m->base + (uint32_t)d, data + (uint32_t)s, (uint32_t)n);
    return 0;
}
