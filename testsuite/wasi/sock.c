/*
 * sock.c - the sock_* calls on an inherited socket (wasm only); run.sh's
 * sock_driver.py passes the socket as fd 0 and checks the conversation.
 *   sock echo     fd 0 is connected: receive (peeking first), send the
 *                 data back upper-cased, shut down writing
 *   sock accept   fd 0 listens: accept one connection, send "hi", close
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

int main(int argc, char **argv)
{
    char buf[256];
    __wasi_iovec_t iov = { (uint8_t *)buf, sizeof buf };
    __wasi_ciovec_t out = { (const uint8_t *)buf, 0 };
    __wasi_size_t n, sent;
    __wasi_roflags_t ro;
    __wasi_errno_t e;
    __wasi_fd_t c;

    if (argc > 1 && !strcmp(argv[1], "echo")) {
        e = __wasi_sock_recv(0, &iov, 1, __WASI_RIFLAGS_RECV_PEEK, &n, &ro);
        if (!e)
            e = __wasi_sock_recv(0, &iov, 1, 0, &n, &ro);
        for (__wasi_size_t i = 0; !e && i < n; i++)
            buf[i] = (char)toupper((unsigned char)buf[i]);
        out.buf_len = n;
        if (!e)
            e = __wasi_sock_send(0, &out, 1, 0, &sent);
        if (!e)
            e = __wasi_sock_shutdown(0, __WASI_SDFLAGS_WR);
    } else {
        e = __wasi_sock_accept(0, 0, &c);
        memcpy(buf, "hi", 2);
        out.buf_len = 2;
        if (!e)
            e = __wasi_sock_send(c, &out, 1, 0, &sent);
        if (!e)
            e = __wasi_fd_close(c);
    }
    fprintf(stderr, "sock: errno %d\n", e);
    return e;
}
