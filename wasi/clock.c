/*
 * clock.c - clock_res_get and clock_time_get over clock_getres(2) and
 * clock_gettime(2).  Times are u64 nanoseconds.
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <time.h>

#include "wasi.h"

/* The host clock of a WASI clock id, or -1 for an unknown id. */
static clockid_t clock_host(int32_t id)
{
    switch (id) {
    case WASI_CLOCK_REALTIME: return CLOCK_REALTIME;
    case WASI_CLOCK_MONOTONIC: return CLOCK_MONOTONIC;
    case WASI_CLOCK_PROCESS_CPUTIME_ID: return CLOCK_PROCESS_CPUTIME_ID;
    case WASI_CLOCK_THREAD_CPUTIME_ID: return CLOCK_THREAD_CPUTIME_ID;
    default: return (clockid_t)-1;
    }
}

static uint64_t ns(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

static int32_t clock_res_get(wasmc_wasi_t *w, int32_t id, int32_t resolution)
{
    clockid_t c = clock_host(id);
    struct timespec ts;

    if (c == (clockid_t)-1)
        return WASI_EINVAL;
    if (clock_getres(c, &ts) != 0)
        return WASI_EINVAL;
    return wasi_put64(w, resolution, ns(&ts));
}

static int32_t clock_time_get(wasmc_wasi_t *w, int32_t id, int64_t precision, int32_t time)
{
    clockid_t c = clock_host(id);
    struct timespec ts;

    (void)precision;    /* the host clocks are as precise as they get */
    if (c == (clockid_t)-1)
        return WASI_EINVAL;
    if (clock_gettime(c, &ts) != 0)
        return WASI_EINVAL;
    return wasi_put64(w, time, ns(&ts));
}

const wasi_func_def_t wasi_clock_funcs[] = {
    { "clock_res_get", "ii:i", (void *)clock_res_get },
    { "clock_time_get", "iIi:i", (void *)clock_time_get },
    { NULL, NULL, NULL },
};
