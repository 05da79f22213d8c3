/*
 * proc.c - the process: proc_exit and proc_raise (which unwind the wasm
 * stack through the runtime), sched_yield, and random_get (getrandom(2)).
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <errno.h>
#include <stdio.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi.h"

/* Ends the program: unwinds to the outermost wasmc_rt_call, which reports
 * WASMC_RT_TRAP_EXIT with the code; a compiled executable exits with it. */
static void proc_exit(wasmc_wasi_t *w, int32_t rval)
{
    (void)w;
    wasmc_rt_exit(rval);
}

/* Signals whose default action is to do nothing (wasi signal numbers). */
static int ignored_signal(int32_t sig)
{
    return sig == 0 || sig == 7 /* CHLD */ || sig == 8 /* CONT */ ||
           sig == 21 /* URG */ || sig == 27 /* WINCH */;
}

/* There are no signal handlers in a WASI program, so a signal whose default
 * action ends the process ends the call as a host trap naming the signal
 * (STOP and TSTP included: a guest cannot be resumed). */
static int32_t proc_raise(wasmc_wasi_t *w, int32_t sig)
{
    char detail[48];

    (void)w;
    if (sig < 0 || sig > 30)
        return WASI_EINVAL;
    if (ignored_signal(sig))
        return WASI_ESUCCESS;
    snprintf(detail, sizeof detail, "proc_raise: signal %d", (int)sig);
    wasmc_rt_raise(WASMC_RT_TRAP_HOST, detail);
}

/* Through syscall(2): <sched.h> would declare libc's sched_yield, whose
 * name this one takes. */
static int32_t sched_yield(wasmc_wasi_t *w)
{
    (void)w;
    return syscall(SYS_sched_yield) ? wasi_errno(errno) : WASI_ESUCCESS;
}

static int32_t random_get(wasmc_wasi_t *w, int32_t buf, int32_t buf_len)
{
    uint8_t *p = wasi_mem(w, buf, (uint32_t)buf_len);
    size_t done = 0;

    if (!p)
        return WASI_EFAULT;
    while (done < (uint32_t)buf_len) {
        ssize_t n = getrandom(p + done, (uint32_t)buf_len - done, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return wasi_errno(errno);
        }
        done += (size_t)n;
    }
    return WASI_ESUCCESS;
}

const wasi_func_def_t wasi_proc_funcs[] = {
    { "proc_exit", "i:", (void *)proc_exit },
    { "proc_raise", "i:i", (void *)proc_raise },
    { "sched_yield", ":i", (void *)sched_yield },
    { "random_get", "ii:i", (void *)random_get },
    { NULL, NULL, NULL },
};
