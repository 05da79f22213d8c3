/*
 * sock.c - sock_accept, sock_recv, sock_send, sock_shutdown on sockets the
 * program inherited (preview1 cannot create sockets; an embedder passes
 * them in, e.g. as fd 0 under inetd or as a listening socket).
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi.h"

enum { RIFLAG_RECV_PEEK = 1, RIFLAG_RECV_WAITALL = 2, ROFLAG_RECV_DATA_TRUNCATED = 1 };
enum { SDFLAG_RD = 1, SDFLAG_WR = 2 };

static int32_t sock_accept(wasmc_wasi_t *w, int32_t fd, int32_t flags, int32_t result)
{
    wasi_fd_t *f;
    int err, host;
    int32_t g;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_SOCK_ACCEPT, &err)))
        return err;
    if (flags & ~WASI_FDFLAG_NONBLOCK)
        return WASI_EINVAL;
    if (!wasi_mem(w, result, 4))
        return WASI_EFAULT;
    host = accept4(f->host, NULL, NULL,
                   SOCK_CLOEXEC | (flags & WASI_FDFLAG_NONBLOCK ? SOCK_NONBLOCK : 0));
    if (host < 0)
        return wasi_errno(errno);
    if ((g = wasi_fd_add(w, host, WASI_RIGHTS_SOCK, 0)) < 0)
        return WASI_ENOMEM;
    return wasi_put32(w, result, (uint32_t)g);
}

static int32_t sock_recv(wasmc_wasi_t *w, int32_t fd, int32_t ri_data, int32_t ri_data_len,
                         int32_t ri_flags, int32_t ro_datalen, int32_t ro_flags)
{
    struct msghdr msg = { 0 };
    struct iovec *v;
    wasi_fd_t *f;
    ssize_t n;
    int err, cnt;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_READ, &err)))
        return err;
    if (ri_flags & ~(RIFLAG_RECV_PEEK | RIFLAG_RECV_WAITALL))
        return WASI_EINVAL;
    if (!wasi_mem(w, ro_datalen, 4) || !wasi_mem(w, ro_flags, 2))
        return WASI_EFAULT;
    if ((err = wasi_iovecs(w, ri_data, ri_data_len, &v, &cnt)) != 0)
        return err;
    msg.msg_iov = v;
    msg.msg_iovlen = (size_t)cnt;
    n = recvmsg(f->host, &msg, (ri_flags & RIFLAG_RECV_PEEK ? MSG_PEEK : 0) |
                                   (ri_flags & RIFLAG_RECV_WAITALL ? MSG_WAITALL : 0));
    err = n < 0 ? wasi_errno(errno) : 0;
    free(v);
    if (err)
        return err;
    wasi_st16(wasi_mem(w, ro_flags, 2),
              msg.msg_flags & MSG_TRUNC ? ROFLAG_RECV_DATA_TRUNCATED : 0);
    return wasi_put32(w, ro_datalen, (uint32_t)n);
}

/* MSG_NOSIGNAL: a closed peer gives PIPE instead of killing the process. */
static int32_t sock_send(wasmc_wasi_t *w, int32_t fd, int32_t si_data, int32_t si_data_len,
                         int32_t si_flags, int32_t so_datalen)
{
    struct msghdr msg = { 0 };
    struct iovec *v;
    wasi_fd_t *f;
    ssize_t n;
    int err, cnt;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_WRITE, &err)))
        return err;
    if (si_flags != 0)
        return WASI_EINVAL;
    if (!wasi_mem(w, so_datalen, 4))
        return WASI_EFAULT;
    if ((err = wasi_iovecs(w, si_data, si_data_len, &v, &cnt)) != 0)
        return err;
    msg.msg_iov = v;
    msg.msg_iovlen = (size_t)cnt;
    n = sendmsg(f->host, &msg, MSG_NOSIGNAL);
    err = n < 0 ? wasi_errno(errno) : 0;
    free(v);
    return err ? err : wasi_put32(w, so_datalen, (uint32_t)n);
}

static int32_t sock_shutdown(wasmc_wasi_t *w, int32_t fd, int32_t how)
{
    static const int hows[] = { 0, SHUT_RD, SHUT_WR, SHUT_RDWR };
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_SOCK_SHUTDOWN, &err)))
        return err;
    if (how < SDFLAG_RD || how > (SDFLAG_RD | SDFLAG_WR))
        return WASI_EINVAL;
    return shutdown(f->host, hows[how]) ? wasi_errno(errno) : WASI_ESUCCESS;
}

const wasi_func_def_t wasi_sock_funcs[] = {
    { "sock_accept", "iii:i", (void *)sock_accept },
    { "sock_recv", "iiiiii:i", (void *)sock_recv },
    { "sock_send", "iiiii:i", (void *)sock_send },
    { "sock_shutdown", "ii:i", (void *)sock_shutdown },
    { NULL, NULL, NULL },
};
