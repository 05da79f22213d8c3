/*
 * wasi_api.c - the calls the C library does not expose, made directly
 * through <wasi/api.h> (wasm only): fd_tell, fd_renumber, fd_fdstat_*,
 * fd_prestat_*, fd_readdir with cookies, fd_advise, fd_allocate,
 * poll_oneoff on fds, proc_raise(0), args/environ sizes.  Self-checking:
 * one PASS/FAIL line per check.  Run with "." preopened and stdin from
 * /dev/null.
 */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* Not in this wasi-libc's api.h any more, but still in the preview1 witx. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
extern int32_t proc_raise(int32_t sig);

static int failures;

#define IGNORE(call) do { if (call) {} } while (0)

static void check(int ok, const char *name, int err)
{
    printf("%s api/%s", ok ? "PASS" : "FAIL", name);
    if (!ok) {
        failures++;
        printf(": errno %d", err);
    }
    printf("\n");
}

static __wasi_fd_t open_file(const char *path, __wasi_oflags_t oflags, __wasi_errno_t *e)
{
    __wasi_fd_t fd = 0;
    *e = __wasi_path_open(3, 0, path, oflags, (__wasi_rights_t)-1 >> 34, 0, 0, &fd);
    return fd;
}

static size_t write_str(__wasi_fd_t fd, const char *s, __wasi_errno_t *e)
{
    __wasi_ciovec_t iov = { (const uint8_t *)s, strlen(s) };
    __wasi_size_t n = 0;
    *e = __wasi_fd_write(fd, &iov, 1, &n);
    return n;
}

int main(void)
{
    __wasi_errno_t e;
    __wasi_prestat_t ps;
    __wasi_fdstat_t st;
    __wasi_filesize_t pos;
    __wasi_size_t a, b, n;
    char name[16], buf[64];

    e = __wasi_fd_prestat_get(3, &ps);
    check(!e && ps.tag == __WASI_PREOPENTYPE_DIR && ps.u.dir.pr_name_len == 1, "prestat_get", e);
    e = __wasi_fd_prestat_dir_name(3, (uint8_t *)name, sizeof name);
    check(!e && name[0] == '.', "prestat_dir_name", e);
    check(__wasi_fd_prestat_get(1, &ps) == __WASI_ERRNO_BADF, "prestat_get-not-preopen", 0);
    e = __wasi_args_sizes_get(&a, &b);
    check(!e && a == 1, "args_sizes_get", e);
    e = __wasi_environ_sizes_get(&a, &b);
    check(!e, "environ_sizes_get", e);

    __wasi_fd_t f1 = open_file("one", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, &e);
    check(!e, "path_open", e);
    __wasi_fd_t f2 = open_file("two", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, &e);
    write_str(f1, "first file", &e);
    e = __wasi_fd_tell(f1, &pos);
    check(!e && pos == 10, "fd_tell", e);
    e = __wasi_fd_advise(f1, 0, 10, __WASI_ADVICE_WILLNEED);
    check(!e, "fd_advise", e);
    e = __wasi_fd_allocate(f1, 0, 100);
    check(!e, "fd_allocate", e);
    e = __wasi_fd_renumber(f1, f2);
    check(!e, "fd_renumber", e);
    check(__wasi_fd_close(f1) == __WASI_ERRNO_BADF, "fd_renumber-closes-old", 0);
    e = __wasi_fd_seek(f2, 0, __WASI_WHENCE_SET, &pos);
    __wasi_iovec_t iov = { (uint8_t *)buf, 10 };
    e = e ? e : __wasi_fd_read(f2, &iov, 1, &n);
    check(!e && n == 10 && !memcmp(buf, "first file", 10), "fd_renumber-moves", e);

    e = __wasi_fd_fdstat_get(f2, &st);
    check(!e && st.fs_filetype == __WASI_FILETYPE_REGULAR_FILE &&
          (st.fs_rights_base & __WASI_RIGHTS_FD_WRITE), "fd_fdstat_get", e);
    e = __wasi_fd_fdstat_set_flags(f2, __WASI_FDFLAGS_APPEND);
    check(!e, "fd_fdstat_set_flags", e);
    e = __wasi_fd_fdstat_set_rights(f2, st.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE, 0);
    check(!e, "fd_fdstat_set_rights", e);
    write_str(f2, "x", &e);
    check(e == __WASI_ERRNO_NOTCAPABLE, "fd_fdstat_set_rights-enforced", e);
    e = __wasi_fd_fdstat_set_rights(f2, st.fs_rights_base, 0);
    check(e == __WASI_ERRNO_NOTCAPABLE, "fd_fdstat_set_rights-no-widening", e);
    IGNORE(__wasi_fd_close(f2));

    /* fd_readdir: 30 entries read back with a buffer that holds about two. */
    __wasi_fd_t d;
    e = __wasi_path_create_directory(3, "dir");
    for (int i = 0; i < 30 && !e; i++) {
        char p[32];
        snprintf(p, sizeof p, "dir/entry%02d", i);
        IGNORE(__wasi_fd_close(open_file(p, __WASI_OFLAGS_CREAT, &e)));
    }
    e = e ? e : __wasi_path_open(3, 0, "dir", __WASI_OFLAGS_DIRECTORY, (__wasi_rights_t)-1 >> 34,
                                 0, 0, &d);
    int seen = 0, dots = 0, resumed = 0;
    __wasi_dircookie_t cookie = 0;
    uint8_t dbuf[70];
    while (!e) {
        __wasi_size_t used, at = 0;
        if ((e = __wasi_fd_readdir(d, dbuf, sizeof dbuf, cookie, &used)))
            break;
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t de;
            memcpy(&de, dbuf + at, sizeof de);
            if (at + sizeof de + de.d_namlen > used)
                break;
            if (de.d_namlen <= 2 && dbuf[at + sizeof de] == '.')
                dots++;
            else
                seen++;
            cookie = de.d_next;
            at += sizeof de + de.d_namlen;
        }
        resumed++;
        if (used < sizeof dbuf)
            break;
    }
    check(!e && seen == 30 && dots == 2 && resumed > 10, "fd_readdir-cookies", e);
    e = __wasi_fd_readdir(d, dbuf, sizeof dbuf, 0, &n);
    check(!e && n == sizeof dbuf, "fd_readdir-rewind", e);
    IGNORE(__wasi_fd_close(d));

    /* poll_oneoff on fds: stdin at EOF is readable, stdout writable. */
    __wasi_subscription_t subs[3] = { 0 };
    __wasi_event_t ev[3];
    subs[0].userdata = 10;
    subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
    subs[0].u.u.fd_read.file_descriptor = 0;
    subs[1].userdata = 11;
    subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
    subs[1].u.u.fd_write.file_descriptor = 1;
    subs[2].userdata = 12;
    subs[2].u.tag = __WASI_EVENTTYPE_CLOCK;
    subs[2].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    subs[2].u.u.clock.timeout = 5000000000ull;
    e = __wasi_poll_oneoff(subs, ev, 3, &n);
    check(!e && n == 2 && ev[0].userdata == 10 && ev[1].userdata == 11 && !ev[0].error,
          "poll_oneoff-fds", e ? e : 1000 + (int)n);
    subs[2].u.u.clock.timeout = 10000000;
    e = __wasi_poll_oneoff(subs + 2, ev, 1, &n);
    check(!e && n == 1 && ev[0].userdata == 12 && ev[0].type == __WASI_EVENTTYPE_CLOCK,
          "poll_oneoff-clock", e);

    check(proc_raise(0) == 0, "proc_raise-0", 0);
    check(__wasi_sched_yield() == 0, "sched_yield", 0);
    __wasi_timestamp_t res;
    check(__wasi_clock_res_get(__WASI_CLOCKID_REALTIME, &res) == 0 && res > 0, "clock_res_get", 0);

    IGNORE(__wasi_path_unlink_file(3, "one"));
    IGNORE(__wasi_path_unlink_file(3, "two"));
    for (int i = 0; i < 30; i++) {
        char p[32];
        snprintf(p, sizeof p, "dir/entry%02d", i);
        IGNORE(__wasi_path_unlink_file(3, p));
    }
    e = __wasi_path_remove_directory(3, "dir");
    check(!e, "cleanup", e);
    return failures != 0;
}
