/*
 * poll.c - poll_oneoff: wait for clocks and for fds to become readable or
 * writable, with one ppoll(2).
 *
 * Clock subscriptions become deadlines on CLOCK_MONOTONIC (an absolute
 * realtime deadline is converted once, at the start).  Regular files are
 * always ready, as poll(2) says for them, and report the bytes left to
 * read.  An fd the guest does not have gives an event with error BADF
 * rather than failing the call, as the other runtimes do.
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

#define MAX_SUBSCRIPTIONS 65536   /* bounds the allocation below */
#define NO_DEADLINE UINT64_MAX

typedef struct sub_t {
    uint64_t deadline;      /* clocks: monotonic ns; NO_DEADLINE otherwise */
    int pollfd;             /* fds: index in the pollfd array, else -1 */
    uint16_t error;         /* an event that is ready now, with this error */
    uint8_t ready, type;
    uint64_t nbytes;
} sub_t;

static uint64_t now_ns(clockid_t c)
{
    struct timespec ts;

    clock_gettime(c, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
    return a + b < a ? NO_DEADLINE : a + b;
}

/* Reads subscription p into *s; an fd subscription adds a pollfd. */
static void subscribe(wasmc_wasi_t *w, const uint8_t *p, uint64_t start, sub_t *s,
                      struct pollfd *pfds, int *npfds)
{
    *s = (sub_t){ .deadline = NO_DEADLINE, .pollfd = -1, .type = p[8] };
    if (s->type == WASI_EVENTTYPE_CLOCK) {
        uint32_t id = wasi_ld32(p + 16);
        uint64_t timeout = wasi_ld64(p + 24), real;
        if (id != WASI_CLOCK_REALTIME && id != WASI_CLOCK_MONOTONIC) {
            s->ready = 1, s->error = WASI_EINVAL;
        } else if (!(wasi_ld16(p + 40) & 1)) {                 /* relative */
            s->deadline = add_sat(start, timeout);
        } else if (id == WASI_CLOCK_MONOTONIC) {
            s->deadline = timeout;
        } else {
            real = now_ns(CLOCK_REALTIME);
            s->deadline = timeout <= real ? start : add_sat(start, timeout - real);
        }
    } else if (s->type == WASI_EVENTTYPE_FD_READ || s->type == WASI_EVENTTYPE_FD_WRITE) {
        int err;
        wasi_fd_t *f = wasi_fd_get(w, (int32_t)wasi_ld32(p + 16),
                                   WASI_RIGHT_POLL_FD_READWRITE, &err);
        struct stat st;
        if (!f) {
            s->ready = 1, s->error = (uint16_t)err;
        } else if (f->type == WASI_FILETYPE_REGULAR_FILE) {
            off_t at = lseek(f->host, 0, SEEK_CUR);
            s->ready = 1;
            if (s->type == WASI_EVENTTYPE_FD_READ && at >= 0 && fstat(f->host, &st) == 0 &&
                st.st_size > at)
                s->nbytes = (uint64_t)(st.st_size - at);
        } else {
            s->pollfd = *npfds;
            pfds[(*npfds)++] = (struct pollfd){
                .fd = f->host,
                .events = s->type == WASI_EVENTTYPE_FD_READ ? POLLIN : POLLOUT,
            };
        }
    } else {
        s->ready = 1, s->error = WASI_EINVAL;
    }
}

/* Marks the subscriptions that ppoll or the clock made ready. */
static int collect(sub_t *subs, uint32_t n, const struct pollfd *pfds, uint64_t now)
{
    int nready = 0;

    for (uint32_t i = 0; i < n; i++) {
        sub_t *s = &subs[i];
        if (s->pollfd >= 0 && pfds[s->pollfd].revents) {
            const struct pollfd *pf = &pfds[s->pollfd];
            int avail = 0;
            s->ready = 1;
            if (pf->revents & POLLNVAL)
                s->error = WASI_EBADF;
            else if (s->type == WASI_EVENTTYPE_FD_READ && ioctl(pf->fd, FIONREAD, &avail) == 0)
                s->nbytes = (uint64_t)(avail > 0 ? avail : 0);
        }
        if (s->deadline != NO_DEADLINE && now >= s->deadline)
            s->ready = 1;
        nready += s->ready;
    }
    return nready;
}

static void put_event(uint8_t *e, const uint8_t *sub, const sub_t *s, const struct pollfd *pfds)
{
    memset(e, 0, 32);
    memcpy(e, sub, 8);                              /* userdata */
    wasi_st16(e + 8, s->error);
    wasi_st8(e + 10, s->type);
    if (s->type != WASI_EVENTTYPE_CLOCK) {
        wasi_st64(e + 16, s->nbytes);
        if (s->pollfd >= 0 && (pfds[s->pollfd].revents & POLLHUP))
            wasi_st16(e + 24, 1);                   /* fd_readwrite_hangup */
    }
}

static int32_t poll_oneoff(wasmc_wasi_t *w, int32_t in, int32_t out, int32_t nsubscriptions,
                           int32_t nevents)
{
    uint32_t n = (uint32_t)nsubscriptions, nev = 0;
    const uint8_t *in_p = wasi_mem(w, in, (uint64_t)n * 48);
    uint8_t *out_p = wasi_mem(w, out, (uint64_t)n * 32);
    uint64_t start = now_ns(CLOCK_MONOTONIC), first = NO_DEADLINE, now;
    struct pollfd *pfds;
    sub_t *subs;
    int npfds = 0, r;

    if (!in_p || !out_p || !wasi_mem(w, nevents, 4))
        return WASI_EFAULT;
    if (n == 0 || n > MAX_SUBSCRIPTIONS)
        return WASI_EINVAL;
    subs = malloc(n * sizeof *subs);
    pfds = malloc(n * sizeof *pfds);
    if (!subs || !pfds) {
        free(subs);
        free(pfds);
        return WASI_ENOMEM;
    }
    for (uint32_t i = 0; i < n; i++) {
        subscribe(w, in_p + 48 * i, start, &subs[i], pfds, &npfds);
        if (subs[i].deadline < first)
            first = subs[i].deadline;
    }
    /* Wait until something is ready; once it is, one more ppoll without
     * waiting reports every fd that is ready too. */
    do {
        struct timespec ts = { 0, 0 }, *tp = &ts;
        now = now_ns(CLOCK_MONOTONIC);
        if (!collect(subs, n, pfds, now)) {
            uint64_t left = first > now ? first - now : 0;
            ts = (struct timespec){ .tv_sec = (time_t)(left / 1000000000u),
                                    .tv_nsec = (long)(left % 1000000000u) };
            tp = first == NO_DEADLINE ? NULL : &ts;
        }
        if (ppoll(pfds, (nfds_t)npfds, tp, NULL) < 0 && errno != EINTR) {
            r = wasi_errno(errno);
            free(subs);
            free(pfds);
            return r;
        }
    } while (!collect(subs, n, pfds, now_ns(CLOCK_MONOTONIC)));
    for (uint32_t i = 0; i < n; i++)
        if (subs[i].ready)
            put_event(out_p + 32 * nev++, in_p + 48 * i, &subs[i], pfds);
    free(subs);
    free(pfds);
    return wasi_put32(w, nevents, nev);
}

const wasi_func_def_t wasi_poll_funcs[] = {
    { "poll_oneoff", "iiii:i", (void *)poll_oneoff },
    { NULL, NULL, NULL },
};
