/*
 * unit.c - native unit tests of the WASI layer (wasi/), without the
 * compiler: a hand-made linear memory stands in for a wasm instance, and
 * every call goes through the function objects wasmc_wasi_resolve hands
 * out, so the resolver, the signature table and the uniform caller are
 * tested along the way.
 *
 * Built by testsuite/wasi/run.sh from the files of wasi/ plus the stand-ins for the
 * four runtime functions the WASI layer uses (bottom of this file).  Run as
 *     unit SCRATCH_DIR
 * it prints one "PASS name" / "FAIL name: why" line per check.  The sandbox
 * table runs twice: with openat2(RESOLVE_BENEATH) and with the portable walk.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "../../wasi/wasi.h"

static int failures;
static const char *tag = "";     /* prefix of check names ("walk/") */

static void check(int ok, const char *name, const char *fmt, ...)
{
    va_list ap;

    if (ok) {
        printf("PASS %s%s\n", tag, name);
        return;
    }
    failures++;
    printf("FAIL %s%s: ", tag, name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

#define EXPECT_ERRNO(name, got, want) \
    check((got) == (want), name, "errno %d, expected %d", (int)(got), (int)(want))

/* ---- stand-ins for the runtime -------------------------------------------- */

static jmp_buf trap_env;
static wasmc_rt_trap_t trap_kind;
static int32_t trap_code;
static char trap_detail[64];

uint32_t wasmc_rt_type_id(const char *sig)
{
    uint32_t h = 5381;
    while (*sig)
        h = h * 33 + (uint8_t)*sig++;
    return h;
}

_Noreturn void wasmc_rt_raise(wasmc_rt_trap_t kind, const char *detail)
{
    trap_kind = kind;
    snprintf(trap_detail, sizeof trap_detail, "%s", detail ? detail : "");
    longjmp(trap_env, 1);
}

_Noreturn void wasmc_rt_exit(int32_t code)
{
    trap_kind = WASMC_RT_TRAP_EXIT;
    trap_code = code;
    longjmp(trap_env, 1);
}

wasmc_rt_memory_t *wasmc_rt_export_memory(wasmc_rt_instance_t *inst, const char *name)
{
    (void)inst, (void)name;
    return NULL;
}

/* ---- the guest ------------------------------------------------------------ */

#define MEM_SIZE 65536
static wasmc_rt_memory_t mem;
static wasmc_wasi_t *w;
static uint32_t top;      /* bump allocator in guest memory */
static wasmc_rt_instance_t inst;   /* just enough of one to bind */

static int32_t galloc(uint32_t n)
{
    int32_t at;
    top = (top + 7) & ~7u;
    at = (int32_t)top;
    top += n;
    if (top > MEM_SIZE)
        abort();
    memset(mem.base + at, 0, n);
    return at;
}

static int32_t gstr(const char *s)
{
    int32_t at = galloc((uint32_t)strlen(s) + 1);
    strcpy((char *)mem.base + at, s);
    return at;
}

static uint32_t ld32(int32_t at) { return wasi_ld32(mem.base + at); }
static uint64_t ld64(int32_t at) { return wasi_ld64(mem.base + at); }

/* The signatures of wasi_snapshot_preview1, typed from the witx (wasi-libc's
 * wasi/api.h), independently of the table in wasi/. */
static const struct { const char *name, *sig; } witx[] = {
    { "args_get", "ii:i" }, { "args_sizes_get", "ii:i" }, { "environ_get", "ii:i" },
    { "environ_sizes_get", "ii:i" }, { "clock_res_get", "ii:i" },
    { "clock_time_get", "iIi:i" }, { "fd_advise", "iIIi:i" }, { "fd_allocate", "iII:i" },
    { "fd_close", "i:i" }, { "fd_datasync", "i:i" }, { "fd_fdstat_get", "ii:i" },
    { "fd_fdstat_set_flags", "ii:i" }, { "fd_fdstat_set_rights", "iII:i" },
    { "fd_filestat_get", "ii:i" }, { "fd_filestat_set_size", "iI:i" },
    { "fd_filestat_set_times", "iIIi:i" }, { "fd_pread", "iiiIi:i" },
    { "fd_prestat_get", "ii:i" }, { "fd_prestat_dir_name", "iii:i" },
    { "fd_pwrite", "iiiIi:i" }, { "fd_read", "iiii:i" }, { "fd_readdir", "iiiIi:i" },
    { "fd_renumber", "ii:i" }, { "fd_seek", "iIii:i" }, { "fd_sync", "i:i" },
    { "fd_tell", "ii:i" }, { "fd_write", "iiii:i" }, { "path_create_directory", "iii:i" },
    { "path_filestat_get", "iiiii:i" }, { "path_filestat_set_times", "iiiiIIi:i" },
    { "path_link", "iiiiiii:i" }, { "path_open", "iiiiiIIii:i" },
    { "path_readlink", "iiiiii:i" }, { "path_remove_directory", "iii:i" },
    { "path_rename", "iiiiii:i" }, { "path_symlink", "iiiii:i" },
    { "path_unlink_file", "iii:i" }, { "poll_oneoff", "iiii:i" }, { "proc_exit", "i:" },
    { "proc_raise", "i:i" }, { "sched_yield", ":i" }, { "random_get", "ii:i" },
    { "sock_accept", "iii:i" }, { "sock_recv", "iiiiii:i" }, { "sock_send", "iiiii:i" },
    { "sock_shutdown", "ii:i" },
};
#define NWITX (int)(sizeof witx / sizeof witx[0])

/* Calls WASI function `name` through its resolved function object; i64
 * arguments must be passed as int64_t. */
static int32_t W(const char *name, ...)
{
    wasmc_rt_extern_desc_t d = { .module = "wasi_snapshot_preview1", .name = name,
                                 .kind = WASMC_RT_EXTERN_FUNC };
    wasmc_rt_val_t args[16], res[1] = { WASMC_RT_I32(-1) };
    wasmc_rt_extern_t ext;
    va_list ap;
    int n = 0;

    for (int i = 0; i < NWITX; i++)
        if (!strcmp(witx[i].name, name))
            d.sig = witx[i].sig;
    if (!d.sig || wasmc_wasi_resolve(w, &d, &ext) != 0) {
        fprintf(stderr, "unit: cannot resolve %s\n", name);
        abort();
    }
    va_start(ap, name);
    for (const char *s = d.sig; *s != ':'; s++, n++)
        args[n] = *s == 'I' ? WASMC_RT_I64(va_arg(ap, int64_t)) : WASMC_RT_I32(va_arg(ap, int32_t));
    va_end(ap);
    ext.of.func->call(ext.of.func, args, res);
    return res[0].of.i32;
}

/* Opens `path` beneath guest dir fd `dir` for reading and writing. */
static int32_t gopen(int32_t dir, const char *path, int32_t oflags, int follow, int32_t *fd)
{
    int32_t p = gstr(path), out = galloc(4), r;
    r = W("path_open", dir, follow, p, (int32_t)strlen(path), oflags, (int64_t)WASI_RIGHTS_ALL,
          (int64_t)WASI_RIGHTS_ALL, 0, out);
    if (fd)
        *fd = r ? -1 : (int32_t)ld32(out);
    return r;
}

static int32_t gwrite(int32_t fd, const char *s, uint32_t *n)
{
    int32_t iov = galloc(8), data = gstr(s), nw = galloc(4), r;
    wasi_st32(mem.base + iov, (uint32_t)data);
    wasi_st32(mem.base + iov + 4, (uint32_t)strlen(s));
    r = W("fd_write", fd, iov, 1, nw);
    if (n)
        *n = ld32(nw);
    return r;
}

static int32_t gread(int32_t fd, char *buf, uint32_t size, uint32_t *n)
{
    int32_t iov = galloc(8), data = galloc(size), nr = galloc(4), r;
    wasi_st32(mem.base + iov, (uint32_t)data);
    wasi_st32(mem.base + iov + 4, size);
    r = W("fd_read", fd, iov, 1, nr);
    *n = ld32(nr);
    memcpy(buf, mem.base + data, *n);
    return r;
}

/* ---- tests ----------------------------------------------------------------- */

static void test_resolve(void)
{
    wasmc_rt_extern_desc_t d = { .module = "wasi_snapshot_preview1",
                                 .kind = WASMC_RT_EXTERN_FUNC };
    wasmc_rt_extern_t ext;
    int ok = 0;
    char name[80];

    for (int i = 0; i < NWITX; i++) {
        d.name = witx[i].name;
        d.sig = witx[i].sig;
        memset(&ext, 0, sizeof ext);
        if (wasmc_wasi_resolve(w, &d, &ext) == 0 && ext.kind == WASMC_RT_EXTERN_FUNC &&
            !strcmp(ext.of.func->sig, witx[i].sig) && ext.of.func->env == w &&
            ext.of.func->type_id == wasmc_rt_type_id(witx[i].sig) && ext.of.func->call &&
            !ext.of.func->host_fn)
            ok++;
        else {
            snprintf(name, sizeof name, "resolve/%s", witx[i].name);
            check(0, name, "not resolved with signature %s", witx[i].sig);
        }
    }
    check(ok == 46 && NWITX == 46, "resolve/all-46", "%d of %d resolved", ok, NWITX);
    d.name = "fd_write", d.sig = "iiiI:i";
    check(wasmc_wasi_resolve(w, &d, &ext) == -1, "resolve/wrong-signature", "accepted");
    d.name = "fd_write", d.sig = "iiii:i", d.name_len = 10;   /* "fd_write\0x" */
    check(wasmc_wasi_resolve(w, &d, &ext) == -1, "resolve/nul-in-name", "accepted");
    d.name_len = 8;
    check(wasmc_wasi_resolve(w, &d, &ext) == 0, "resolve/name-len", "refused");
    d.name_len = 0;
    d.name = "fd_frobnicate", d.sig = "i:i";
    check(wasmc_wasi_resolve(w, &d, &ext) == -1, "resolve/unknown-name", "accepted");
    d.name = "fd_close", d.module = "wasi_unstable";
    check(wasmc_wasi_resolve(w, &d, &ext) == -1, "resolve/other-module", "accepted");
    d.module = "wasi_snapshot_preview1", d.kind = WASMC_RT_EXTERN_MEMORY;
    check(wasmc_wasi_resolve(w, &d, &ext) == -1, "resolve/not-a-function", "accepted");

    /* Generated code calls `code` directly with native parameter types. */
    d.kind = WASMC_RT_EXTERN_FUNC, d.name = "clock_time_get", d.sig = "iIi:i";
    wasmc_wasi_resolve(w, &d, &ext);
    int32_t t = galloc(8);
    int32_t r = ((int32_t (*)(void *, int32_t, int64_t, int32_t))ext.of.func->code)(
        ext.of.func->env, WASI_CLOCK_MONOTONIC, 1, t);
    check(r == 0 && ld64(t) > 0, "resolve/direct-call", "r=%d", r);
}

static void test_args(void)
{
    int32_t cnt = galloc(4), size = galloc(4), ptrs, buf;
    const char *want[] = { "prog", "two words", "ünïcødé ✓", "" };
    int ok;

    check(W("args_sizes_get", cnt, size) == 0 && ld32(cnt) == 4 &&
          ld32(size) == 5 + 10 + strlen(want[2]) + 1 + 1,
          "args/sizes", "count %u size %u", ld32(cnt), ld32(size));
    ptrs = galloc(4 * 4);
    buf = galloc(ld32(size));
    ok = W("args_get", ptrs, buf) == 0;
    for (int i = 0; ok && i < 4; i++)
        ok = !strcmp((char *)mem.base + ld32(ptrs + 4 * i), want[i]);
    check(ok, "args/get", "strings differ");
    check(W("environ_sizes_get", cnt, size) == 0 && ld32(cnt) == 2 &&
          ld32(size) == sizeof "A=1" + sizeof "HOME=/nowhere", "environ/sizes",
          "count %u size %u", ld32(cnt), ld32(size));
    ptrs = galloc(8);
    buf = galloc(ld32(size));
    check(W("environ_get", ptrs, buf) == 0 &&
          !strcmp((char *)mem.base + ld32(ptrs + 4), "HOME=/nowhere"), "environ/get",
          "strings differ");
    EXPECT_ERRNO("args/fault", W("args_get", ptrs, MEM_SIZE - 3), WASI_EFAULT);
    EXPECT_ERRNO("args/fault-pointer-array", W("args_get", MEM_SIZE - 4, buf), WASI_EFAULT);
}

/* Every pointer argument is checked against the memory size. */
static void test_faults(void)
{
    int32_t iov = galloc(8), nw = galloc(4);

    wasi_st32(mem.base + iov, MEM_SIZE - 2);
    wasi_st32(mem.base + iov + 4, 3);
    EXPECT_ERRNO("fault/iovec-buffer", W("fd_write", 1, iov, 1, nw), WASI_EFAULT);
    EXPECT_ERRNO("fault/iovec-array", W("fd_write", 1, MEM_SIZE - 4, 1, nw), WASI_EFAULT);
    EXPECT_ERRNO("fault/iovec-count", W("fd_write", 1, iov, 0x7fffffff, nw), WASI_EFAULT);
    EXPECT_ERRNO("fault/result", W("fd_write", 1, iov, 0, MEM_SIZE), WASI_EFAULT);
    EXPECT_ERRNO("fault/negative-pointer", W("clock_time_get", 0, (int64_t)1, -8), WASI_EFAULT);
    EXPECT_ERRNO("fault/path", W("path_open", 3, 0, MEM_SIZE - 2, 10, 0, (int64_t)0,
                                 (int64_t)0, 0, nw), WASI_EFAULT);
    EXPECT_ERRNO("fault/random", W("random_get", MEM_SIZE - 10, 11), WASI_EFAULT);
    EXPECT_ERRNO("fault/poll", W("poll_oneoff", MEM_SIZE - 40, 0, 1, nw), WASI_EFAULT);
    EXPECT_ERRNO("fault/readdir", W("fd_readdir", 3, MEM_SIZE - 10, 100, (int64_t)0, nw),
                 WASI_EFAULT);
    EXPECT_ERRNO("fault/badf", W("fd_write", 99, iov, 0, nw), WASI_EBADF);
    EXPECT_ERRNO("fault/badf-negative", W("fd_close", -1), WASI_EBADF);
}

/* fds 3 and 4 are preopens "/sandbox" and "."; both name the same host dir. */
static void test_prestat(void)
{
    int32_t buf = galloc(8), name = galloc(16);

    check(W("fd_prestat_get", 3, buf) == 0 && mem.base[buf] == 0 && ld32(buf + 4) == 8,
          "prestat/get", "len %u", ld32(buf + 4));
    check(W("fd_prestat_dir_name", 3, name, 8) == 0 && !memcmp(mem.base + name, "/sandbox", 8),
          "prestat/dir-name", "wrong name");
    EXPECT_ERRNO("prestat/dir-name-short", W("fd_prestat_dir_name", 3, name, 3),
                 WASI_ENAMETOOLONG);
    EXPECT_ERRNO("prestat/not-preopen", W("fd_prestat_get", 1, buf), WASI_EBADF);
    EXPECT_ERRNO("prestat/end", W("fd_prestat_get", 6, buf), WASI_EBADF);
}

static void test_files(void)
{
    int32_t fd, fd2, out = galloc(64), iov = galloc(16), data = galloc(16);
    uint32_t n = 0;
    char buf[64];

    check(gopen(3, "f.txt", WASI_O_CREAT | WASI_O_TRUNC, 0, &fd) == 0, "file/create", "");
    check(gwrite(fd, "hello, world\n", &n) == 0 && n == 13, "file/write", "n=%u", n);
    check(W("fd_tell", fd, out) == 0 && ld64(out) == 13, "file/tell", "%llu",
          (unsigned long long)ld64(out));
    check(W("fd_seek", fd, (int64_t)-6, WASI_WHENCE_END, out) == 0 && ld64(out) == 7,
          "file/seek-end", "%llu", (unsigned long long)ld64(out));
    check(gread(fd, buf, sizeof buf, &n) == 0 && n == 6 && !memcmp(buf, "world\n", 6),
          "file/read", "n=%u", n);
    EXPECT_ERRNO("file/seek-bad-whence", W("fd_seek", fd, (int64_t)0, 3, out), WASI_EINVAL);
    EXPECT_ERRNO("file/seek-negative", W("fd_seek", fd, (int64_t)-100, WASI_WHENCE_SET, out),
                 WASI_EINVAL);
    memcpy(mem.base + data, "HELLO", 5);
    wasi_st32(mem.base + iov, (uint32_t)data);
    wasi_st32(mem.base + iov + 4, 5);
    check(W("fd_pwrite", fd, iov, 1, (int64_t)0, out) == 0 && ld32(out) == 5, "file/pwrite", "");
    wasi_st32(mem.base + iov + 4, 12);
    check(W("fd_pread", fd, iov, 1, (int64_t)0, out) == 0 && ld32(out) == 12 &&
          !memcmp(mem.base + data, "HELLO, world", 12), "file/pread", "");
    EXPECT_ERRNO("file/pread-negative", W("fd_pread", fd, iov, 1, (int64_t)-1, out), WASI_EINVAL);
    check(W("fd_filestat_get", fd, out) == 0 && mem.base[out + 16] == WASI_FILETYPE_REGULAR_FILE &&
          ld64(out + 32) == 13 && ld64(out + 24) == 1, "file/filestat", "size %llu",
          (unsigned long long)ld64(out + 32));
    check(W("fd_filestat_set_size", fd, (int64_t)5) == 0 && W("fd_filestat_get", fd, out) == 0 &&
          ld64(out + 32) == 5, "file/set-size", "");
    check(W("fd_filestat_set_times", fd, (int64_t)1000000000123, (int64_t)2000000000456,
            WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM) == 0 && W("fd_filestat_get", fd, out) == 0 &&
          ld64(out + 40) == 1000000000123 && ld64(out + 48) == 2000000000456,
          "file/set-times", "atim %llu", (unsigned long long)ld64(out + 40));
    EXPECT_ERRNO("file/set-times-conflict",
                 W("fd_filestat_set_times", fd, (int64_t)0, (int64_t)0,
                   WASI_FSTFLAG_ATIM | WASI_FSTFLAG_ATIM_NOW), WASI_EINVAL);
    check(W("fd_advise", fd, (int64_t)0, (int64_t)5, 1) == 0, "file/advise", "");
    EXPECT_ERRNO("file/advise-bad", W("fd_advise", fd, (int64_t)0, (int64_t)5, 9), WASI_EINVAL);
    check(W("fd_allocate", fd, (int64_t)0, (int64_t)100) == 0 &&
          W("fd_filestat_get", fd, out) == 0 && ld64(out + 32) == 100, "file/allocate", "");
    check(W("fd_sync", fd) == 0 && W("fd_datasync", fd) == 0, "file/sync", "");

    /* fdstat, flags, rights */
    check(W("fd_fdstat_get", fd, out) == 0 && mem.base[out] == WASI_FILETYPE_REGULAR_FILE &&
          (ld64(out + 8) & WASI_RIGHT_FD_WRITE) && wasi_ld16(mem.base + out + 2) == 0,
          "fdstat/get", "");
    check(W("fd_fdstat_set_flags", fd, WASI_FDFLAG_APPEND) == 0 && W("fd_fdstat_get", fd, out) == 0 &&
          wasi_ld16(mem.base + out + 2) == WASI_FDFLAG_APPEND, "fdstat/set-flags", "");
    check(gwrite(fd, "END", NULL) == 0 && W("fd_filestat_get", fd, out) == 0 &&
          ld64(out + 32) == 103, "fdstat/append-writes-at-end", "");
    check(W("fd_fdstat_set_rights", fd, (int64_t)(WASI_RIGHTS_FILE & ~WASI_RIGHT_FD_WRITE),
            (int64_t)0) == 0, "rights/narrow", "");
    EXPECT_ERRNO("rights/enforced", gwrite(fd, "x", NULL), WASI_ENOTCAPABLE);
    EXPECT_ERRNO("rights/no-widening",
                 W("fd_fdstat_set_rights", fd, (int64_t)WASI_RIGHTS_FILE, (int64_t)0),
                 WASI_ENOTCAPABLE);

    /* a read-only open has no write rights */
    int32_t p = gstr("f.txt");
    check(W("path_open", 3, 0, p, 5, 0, (int64_t)WASI_RIGHT_FD_READ, (int64_t)0, 0, out) == 0,
          "file/open-readonly", "");
    fd2 = (int32_t)ld32(out);
    check(W("fd_fdstat_get", fd2, out) == 0 && !(ld64(out + 8) & WASI_RIGHT_FD_WRITE) &&
          (ld64(out + 8) & WASI_RIGHT_FD_READ), "rights/readonly-open", "");
    EXPECT_ERRNO("path_open/excl", gopen(3, "f.txt", WASI_O_CREAT | WASI_O_EXCL, 0, NULL),
                 WASI_EEXIST);
    EXPECT_ERRNO("path_open/noent", gopen(3, "nope.txt", 0, 0, NULL), WASI_ENOENT);
    EXPECT_ERRNO("path_open/notdir", gopen(3, "f.txt", WASI_O_DIRECTORY, 0, NULL), WASI_ENOTDIR);
    EXPECT_ERRNO("path_open/from-file", gopen(fd2, "x", 0, 0, NULL), WASI_ENOTDIR);

    /* renumber moves fd2 onto fd, closing what fd was */
    check(W("fd_renumber", fd2, fd) == 0, "renumber/ok", "");
    EXPECT_ERRNO("renumber/old-closed", W("fd_close", fd2), WASI_EBADF);
    check(W("fd_fdstat_get", fd, out) == 0 && !(ld64(out + 8) & WASI_RIGHT_FD_WRITE),
          "renumber/moved", "");
    EXPECT_ERRNO("renumber/badf", W("fd_renumber", 77, fd), WASI_EBADF);
    check(W("fd_close", fd) == 0, "close/ok", "");
    EXPECT_ERRNO("close/twice", W("fd_close", fd), WASI_EBADF);
}

static void test_paths(void)
{
    int32_t out = galloc(64), buf = galloc(64), fd;
    struct stat st;

    check(W("path_create_directory", 3, gstr("d"), 1) == 0, "path/mkdir", "");
    EXPECT_ERRNO("path/mkdir-exists", W("path_create_directory", 3, gstr("d"), 1), WASI_EEXIST);
    check(gopen(3, "d/a", WASI_O_CREAT, 0, &fd) == 0 && W("fd_close", fd) == 0, "path/create-in-dir", "");
    check(W("path_filestat_get", 3, 0, gstr("d/"), 2, out) == 0 &&
          mem.base[out + 16] == WASI_FILETYPE_DIRECTORY, "path/stat-dir-slash", "");
    EXPECT_ERRNO("path/rmdir-notempty", W("path_remove_directory", 3, gstr("d"), 1), WASI_ENOTEMPTY);
    check(W("path_rename", 3, gstr("d/a"), 3, 3, gstr("d/b"), 3) == 0 &&
          W("path_filestat_get", 3, 0, gstr("d/b"), 3, out) == 0, "path/rename", "");
    check(W("path_link", 3, 0, gstr("d/b"), 3, 3, gstr("d/c"), 3) == 0 &&
          W("path_filestat_get", 3, 0, gstr("d/c"), 3, out) == 0 && ld64(out + 24) == 2,
          "path/link", "nlink %llu", (unsigned long long)ld64(out + 24));
    check(W("path_symlink", gstr("b"), 1, 3, gstr("d/s"), 3) == 0, "path/symlink", "");
    check(W("path_readlink", 3, gstr("d/s"), 3, buf, 64, out) == 0 && ld32(out) == 1 &&
          mem.base[buf] == 'b', "path/readlink", "");
    check(W("path_readlink", 3, gstr("d/s"), 3, buf, 0, out) == 0 && ld32(out) == 0,
          "path/readlink-truncated", "");
    EXPECT_ERRNO("path/readlink-not-link", W("path_readlink", 3, gstr("d/b"), 3, buf, 64, out),
                 WASI_EINVAL);
    check(W("path_filestat_get", 3, 0, gstr("d/s"), 3, out) == 0 &&
          mem.base[out + 16] == WASI_FILETYPE_SYMBOLIC_LINK, "path/stat-nofollow", "");
    check(W("path_filestat_get", 3, WASI_LOOKUP_SYMLINK_FOLLOW, gstr("d/s"), 3, out) == 0 &&
          mem.base[out + 16] == WASI_FILETYPE_REGULAR_FILE, "path/stat-follow", "");
    check(W("path_filestat_set_times", 3, WASI_LOOKUP_SYMLINK_FOLLOW, gstr("d/s"), 3,
            (int64_t)5000000000, (int64_t)7000000000, WASI_FSTFLAG_ATIM | WASI_FSTFLAG_MTIM) == 0 &&
          stat("d/b", &st) == 0 && st.st_mtime == 7 && st.st_atime == 5,
          "path/set-times-follow", "");
    check(W("path_filestat_set_times", 3, 0, gstr("d/s"), 3, (int64_t)0, (int64_t)9000000000,
            WASI_FSTFLAG_MTIM) == 0 && lstat("d/s", &st) == 0 && st.st_mtime == 9 &&
          stat("d/b", &st) == 0 && st.st_mtime == 7, "path/set-times-nofollow", "");
    check(W("path_link", 3, WASI_LOOKUP_SYMLINK_FOLLOW, gstr("d/s"), 3, 3, gstr("d/h"), 3) == 0 &&
          lstat("d/h", &st) == 0 && S_ISREG(st.st_mode), "path/link-follow", "");
    EXPECT_ERRNO("path/unlink-slash", W("path_unlink_file", 3, gstr("d/b/"), 4), WASI_ENOTDIR);
    EXPECT_ERRNO("path/unlink-dir", W("path_unlink_file", 3, gstr("d"), 1), WASI_EISDIR);
    check(W("path_unlink_file", 3, gstr("d/b"), 3) == 0 && W("path_unlink_file", 3, gstr("d/c"), 3) == 0 &&
          W("path_unlink_file", 3, gstr("d/s"), 3) == 0 && W("path_unlink_file", 3, gstr("d/h"), 3) == 0,
          "path/unlink", "");
    check(W("path_remove_directory", 3, gstr("d/"), 2) == 0 && access("d", F_OK) != 0,
          "path/rmdir", "");
    EXPECT_ERRNO("path/nul-inside", W("path_create_directory", 3, gstr("a\0b"), 3), WASI_EINVAL);
    EXPECT_ERRNO("path/empty", W("path_create_directory", 3, gstr(""), 0), WASI_ENOENT);
}

/* Reads the whole directory through fd_readdir with a buffer of `size`
 * bytes (doubled while no entry fits), resuming from the last complete
 * entry's cookie as wasi-libc does;
 * returns the names, sorted, joined by ' '. */
static void readdir_all(int32_t fd, uint32_t size, char *names, size_t cap)
{
    int32_t buf = galloc(size), used = galloc(4);
    uint64_t cookie = 0;
    char *list[64];
    int n = 0;

    names[0] = '\0';
    for (;;) {
        uint32_t at = 0, got;
        if (W("fd_readdir", fd, buf, (int32_t)size, (int64_t)cookie, used) != 0)
            return;
        got = ld32(used);
        while (at + 24 <= got) {
            uint32_t namlen = ld32(buf + at + 16);
            if (at + 24 + namlen > got)
                break;
            if (n < 64)
                list[n++] = strndup((char *)mem.base + buf + at + 24, namlen);
            cookie = ld64(buf + at);
            at += 24 + namlen;
        }
        if (got < size)
            break;
        if (at == 0) {          /* not even one entry fits: grow, as wasi-libc does */
            size *= 2;
            buf = galloc(size);
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (strcmp(list[j], list[i]) < 0) {
                char *t = list[i];
                list[i] = list[j], list[j] = t;
            }
    for (int i = 0; i < n; i++) {
        if (strlen(names) + strlen(list[i]) + 2 < cap)
            strcat(strcat(names, names[0] ? " " : ""), list[i]);
        free(list[i]);
    }
}

static void test_readdir(void)
{
    char all[1024], some[1024];
    int32_t fd, out = galloc(4);

    mkdir("rd", 0777);
    for (int i = 0; i < 20; i++) {
        char name[64];
        snprintf(name, sizeof name, "rd/entry-with-a-longish-name-%02d", i);
        close(open(name, O_CREAT | O_WRONLY, 0666));
    }
    check(gopen(3, "rd", WASI_O_DIRECTORY, 0, &fd) == 0, "readdir/open", "");
    readdir_all(fd, 4096, all, sizeof all);
    check(!strncmp(all, ". .. entry-with-a-longish-name-00", 33) && strlen(all) == 4 + 20 * 29,
          "readdir/all", "%s", all);
    readdir_all(fd, 100, some, sizeof some);
    check(!strcmp(all, some), "readdir/cookies-small-buffer", "%s", some);
    readdir_all(fd, 30, some, sizeof some);
    check(!strcmp(all, some), "readdir/cookies-tiny-buffer", "%s", some);
    EXPECT_ERRNO("readdir/not-dir", W("fd_readdir", 1, out, 0, (int64_t)0, out), WASI_ENOTDIR);
    W("fd_close", fd);
}

/* ---- the sandbox ----------------------------------------------------------- */

enum { OP_OPEN, OP_STAT, OP_MKDIR, OP_RMDIR, OP_UNLINK, OP_RENAME_FROM, OP_RENAME_TO,
       OP_LINK_FROM, OP_LINK_TO, OP_SYMLINK, OP_READLINK, OP_UTIMES, OP_CREATE };
static const char *const op_names[] = {
    "path_open", "path_filestat_get", "path_create_directory", "path_remove_directory",
    "path_unlink_file", "path_rename(from)", "path_rename(to)", "path_link(from)",
    "path_link(to)", "path_symlink", "path_readlink", "path_filestat_set_times",
    "path_open(creat)",
};

/* The sandbox (host dir sb/, preopened as fd 5) and what lies outside it:
 *   sb/file  sb/sub/inner  sb/sub/up -> ../file      (stays inside)
 *   sb/out -> ../secret    sb/abs -> /etc/passwd     (escape)
 *   sb/chain1 -> chain2 -> out                      (escape in two steps)
 *   sb/dotdot -> ..        sb/loop1 <-> sb/loop2
 *   secret                                           (outside) */
static const struct sandbox_case {
    int op, follow;
    const char *path;
    int want;
} sandbox_cases[] = {
    { OP_OPEN, 1, "file", 0 },
    { OP_OPEN, 1, "sub/../file", 0 },
    { OP_OPEN, 1, "sub/up", 0 },
    { OP_OPEN, 1, "./sub/./inner", 0 },
    { OP_OPEN, 1, "..", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "../secret", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "sub/../../secret", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "sub/../../sb/file", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "/etc/passwd", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "out", WASI_ENOTCAPABLE },
    { OP_OPEN, 0, "out", WASI_ELOOP },
    { OP_OPEN, 1, "abs", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "chain1", WASI_ENOTCAPABLE },
    { OP_OPEN, 0, "dotdot/secret", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "dotdot/sb/file", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "out/", WASI_ENOTCAPABLE },
    { OP_OPEN, 1, "loop1", WASI_ELOOP },
    { OP_CREATE, 1, "out", WASI_ENOTCAPABLE },
    { OP_CREATE, 1, "../created", WASI_ENOTCAPABLE },
    { OP_CREATE, 1, "dotdot/created", WASI_ENOTCAPABLE },
    { OP_STAT, 0, "out", 0 },
    { OP_STAT, 1, "out", WASI_ENOTCAPABLE },
    { OP_STAT, 0, "..", WASI_ENOTCAPABLE },
    { OP_STAT, 0, "sub/../..", WASI_ENOTCAPABLE },
    { OP_STAT, 0, "dotdot/", WASI_ENOTCAPABLE },
    { OP_STAT, 1, "abs", WASI_ENOTCAPABLE },
    { OP_MKDIR, 0, "../newdir", WASI_ENOTCAPABLE },
    { OP_MKDIR, 0, "dotdot/newdir", WASI_ENOTCAPABLE },
    { OP_RMDIR, 0, "..", WASI_ENOTCAPABLE },
    { OP_RMDIR, 0, "dotdot/sb", WASI_ENOTCAPABLE },
    { OP_UNLINK, 0, "../secret", WASI_ENOTCAPABLE },
    { OP_UNLINK, 0, "dotdot/secret", WASI_ENOTCAPABLE },
    { OP_RENAME_FROM, 0, "../secret", WASI_ENOTCAPABLE },
    { OP_RENAME_FROM, 0, "dotdot/secret", WASI_ENOTCAPABLE },
    { OP_RENAME_TO, 0, "../stolen", WASI_ENOTCAPABLE },
    { OP_RENAME_TO, 0, "dotdot/stolen", WASI_ENOTCAPABLE },
    { OP_LINK_FROM, 0, "../secret", WASI_ENOTCAPABLE },
    { OP_LINK_FROM, 1, "out", WASI_ENOTCAPABLE },
    { OP_LINK_FROM, 1, "chain1", WASI_ENOTCAPABLE },
    { OP_LINK_TO, 0, "../linked", WASI_ENOTCAPABLE },
    { OP_LINK_TO, 0, "dotdot/linked", WASI_ENOTCAPABLE },
    { OP_SYMLINK, 0, "../symlinked", WASI_ENOTCAPABLE },
    { OP_SYMLINK, 0, "dotdot/symlinked", WASI_ENOTCAPABLE },
    { OP_READLINK, 0, "dotdot/sb/out", WASI_ENOTCAPABLE },
    { OP_READLINK, 0, "out", 0 },
    { OP_UTIMES, 1, "out", WASI_ENOTCAPABLE },
    { OP_UTIMES, 0, "../secret", WASI_ENOTCAPABLE },
    { OP_UTIMES, 1, "dotdot/secret", WASI_ENOTCAPABLE },
};

static int32_t sandbox_op(int32_t dir, const struct sandbox_case *c)
{
    int32_t p = gstr(c->path), len = (int32_t)strlen(c->path), out = galloc(64);
    int32_t scratch = gstr("scratch"), r, fd;

    switch (c->op) {
    case OP_OPEN:
        r = gopen(dir, c->path, 0, c->follow, &fd);
        break;
    case OP_CREATE:
        r = gopen(dir, c->path, WASI_O_CREAT, c->follow, &fd);
        break;
    case OP_STAT:
        return W("path_filestat_get", dir, c->follow, p, len, out);
    case OP_MKDIR:
        return W("path_create_directory", dir, p, len);
    case OP_RMDIR:
        return W("path_remove_directory", dir, p, len);
    case OP_UNLINK:
        return W("path_unlink_file", dir, p, len);
    case OP_RENAME_FROM:
        return W("path_rename", dir, p, len, dir, scratch, 7);
    case OP_RENAME_TO:
        return W("path_rename", dir, gstr("file"), 4, dir, p, len);
    case OP_LINK_FROM:
        r = W("path_link", dir, c->follow, p, len, dir, scratch, 7);
        W("path_unlink_file", dir, scratch, 7);
        return r;
    case OP_LINK_TO:
        return W("path_link", dir, 0, gstr("file"), 4, dir, p, len);
    case OP_SYMLINK:
        return W("path_symlink", gstr("file"), 4, dir, p, len);
    case OP_READLINK:
        return W("path_readlink", dir, p, len, out, 64, out);
    case OP_UTIMES:
        return W("path_filestat_set_times", dir, c->follow, p, len, (int64_t)0, (int64_t)0,
                 WASI_FSTFLAG_ATIM_NOW | WASI_FSTFLAG_MTIM_NOW);
    default:
        abort();
    }
    if (r == 0)
        W("fd_close", fd);
    return r;
}

static void make_sandbox(void)
{
    mkdir("sb", 0777);
    mkdir("sb/sub", 0777);
    close(open("sb/file", O_CREAT | O_WRONLY, 0666));
    close(open("sb/sub/inner", O_CREAT | O_WRONLY, 0666));
    close(open("secret", O_CREAT | O_WRONLY, 0666));
    symlink("../file", "sb/sub/up");
    symlink("../secret", "sb/out");
    symlink("/etc/passwd", "sb/abs");
    symlink("chain2", "sb/chain1");
    symlink("out", "sb/chain2");
    symlink("..", "sb/dotdot");
    symlink("loop2", "sb/loop1");
    symlink("loop1", "sb/loop2");
}

/* Nothing outside sb/ may have changed. */
static int outside_untouched(void)
{
    const char *made[] = { "created", "newdir", "stolen", "linked", "symlinked", "scratch" };
    struct stat st;

    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++)
        if (lstat(made[i], &st) == 0)
            return 0;
    return stat("secret", &st) == 0 && st.st_nlink == 1 && st.st_mtime < time(NULL) - 1000;
}

static void test_sandbox(void)
{
    char name[160];
    int32_t sub, r;
    struct timespec old[2] = { { 1000, 0 }, { 1000, 0 } };

    utimensat(AT_FDCWD, "secret", old, 0);
    for (size_t i = 0; i < sizeof sandbox_cases / sizeof sandbox_cases[0]; i++) {
        const struct sandbox_case *c = &sandbox_cases[i];
        r = sandbox_op(5, c);
        snprintf(name, sizeof name, "sandbox/%s%s %s", op_names[c->op],
                 c->follow ? "(follow)" : "", c->path);
        EXPECT_ERRNO(name, r, c->want);
    }
    /* A directory opened beneath the preopen is its own root. */
    gopen(5, "sub", WASI_O_DIRECTORY, 0, &sub);
    snprintf(name, sizeof name, "sandbox/subdir-fd ..");
    EXPECT_ERRNO(name, gopen(sub, "..", WASI_O_DIRECTORY, 0, NULL), WASI_ENOTCAPABLE);
    snprintf(name, sizeof name, "sandbox/subdir-fd up (symlink to ../file)");
    EXPECT_ERRNO(name, gopen(sub, "up", 0, 1, NULL), WASI_ENOTCAPABLE);
    W("fd_close", sub);
    /* A symlink with an absolute target cannot even be made. */
    snprintf(name, sizeof name, "sandbox/symlink-absolute-target");
    EXPECT_ERRNO(name, W("path_symlink", gstr("/etc/passwd"), 11, 5, gstr("newabs"), 6),
                 WASI_ENOTCAPABLE);
    snprintf(name, sizeof name, "sandbox/outside-untouched");
    check(outside_untouched(), name, "something outside the sandbox changed");
}

/* ---- clocks, poll, proc, sockets ------------------------------------------ */

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void put_clock_sub(int32_t s, uint64_t userdata, uint32_t id, uint64_t timeout, int abs)
{
    memset(mem.base + s, 0, 48);
    wasi_st64(mem.base + s, userdata);
    mem.base[s + 8] = WASI_EVENTTYPE_CLOCK;
    wasi_st32(mem.base + s + 16, id);
    wasi_st64(mem.base + s + 24, timeout);
    wasi_st16(mem.base + s + 40, (uint16_t)abs);
}

static void put_fd_sub(int32_t s, uint64_t userdata, uint8_t type, uint32_t fd)
{
    memset(mem.base + s, 0, 48);
    wasi_st64(mem.base + s, userdata);
    mem.base[s + 8] = type;
    wasi_st32(mem.base + s + 16, fd);
}

static void test_clock_poll(void)
{
    int32_t t = galloc(8), subs = galloc(48 * 3), evs = galloc(32 * 3), n = galloc(4);
    uint64_t t0;
    int pipefd[2];

    check(W("clock_res_get", WASI_CLOCK_MONOTONIC, t) == 0 && ld64(t) > 0 && ld64(t) <= 1000000,
          "clock/res", "");
    check(W("clock_time_get", WASI_CLOCK_REALTIME, (int64_t)1, t) == 0 &&
          ld64(t) / 1000000000u >= (uint64_t)time(NULL) - 1, "clock/realtime", "");
    check(W("clock_time_get", WASI_CLOCK_PROCESS_CPUTIME_ID, (int64_t)1, t) == 0, "clock/cputime", "");
    EXPECT_ERRNO("clock/bad-id", W("clock_time_get", 9, (int64_t)1, t), WASI_EINVAL);

    put_clock_sub(subs, 42, WASI_CLOCK_MONOTONIC, 30000000, 0);
    t0 = mono_ns();
    check(W("poll_oneoff", subs, evs, 1, n) == 0 && ld32(n) == 1 && ld64(evs) == 42 &&
          mem.base[evs + 10] == WASI_EVENTTYPE_CLOCK && mono_ns() - t0 >= 30000000,
          "poll/sleep-30ms", "slept %llu ns", (unsigned long long)(mono_ns() - t0));
    W("clock_time_get", WASI_CLOCK_REALTIME, (int64_t)1, t);
    put_clock_sub(subs, 7, WASI_CLOCK_REALTIME, ld64(t) + 20000000, 1);
    t0 = mono_ns();
    check(W("poll_oneoff", subs, evs, 1, n) == 0 && ld32(n) == 1 && mono_ns() - t0 >= 15000000,
          "poll/realtime-abstime", "");
    EXPECT_ERRNO("poll/none", W("poll_oneoff", subs, evs, 0, n), WASI_EINVAL);

    /* A pipe with data is readable at once; the long clock never fires. */
    pipe(pipefd);
    int32_t rfd = wasi_fd_add(w, pipefd[0], WASI_RIGHTS_ALL, 0);
    put_clock_sub(subs, 1, WASI_CLOCK_MONOTONIC, 5000000000ull, 0);
    put_fd_sub(subs + 48, 2, WASI_EVENTTYPE_FD_READ, (uint32_t)rfd);
    put_fd_sub(subs + 96, 3, WASI_EVENTTYPE_FD_READ, 99);
    write(pipefd[1], "abc", 3);
    check(W("poll_oneoff", subs + 48, evs, 1, n) == 0 && ld32(n) == 1 && ld64(evs) == 2 &&
          ld64(evs + 16) == 3, "poll/fd-read-ready", "nbytes %llu", (unsigned long long)ld64(evs + 16));
    check(W("poll_oneoff", subs + 96, evs, 1, n) == 0 && ld32(n) == 1 &&
          wasi_ld16(mem.base + evs + 8) == WASI_EBADF, "poll/bad-fd-event", "");
    char tmp[3];
    read(pipefd[0], tmp, 3);
    put_clock_sub(subs, 1, WASI_CLOCK_MONOTONIC, 20000000, 0);
    check(W("poll_oneoff", subs, evs, 2, n) == 0 && ld32(n) == 1 && ld64(evs) == 1,
          "poll/fd-not-ready-clock-fires", "");
    close(pipefd[1]);
    check(W("poll_oneoff", subs + 48, evs, 1, n) == 0 && ld32(n) == 1 &&
          (wasi_ld16(mem.base + evs + 24) & 1), "poll/hangup", "");
    W("fd_close", rfd);
}

static void test_proc(void)
{
    int32_t buf = galloc(64);
    int zero = 1;

    check(W("random_get", buf, 64) == 0, "random/get", "");
    for (int i = 0; i < 64; i++)
        zero &= mem.base[buf + i] == 0;
    check(!zero, "random/not-zero", "");
    check(W("random_get", buf, 0) == 0, "random/empty", "");
    check(W("sched_yield") == 0, "sched_yield", "");
    check(W("proc_raise", 0) == 0, "proc_raise/0", "");
    EXPECT_ERRNO("proc_raise/invalid", W("proc_raise", 99), WASI_EINVAL);
    trap_kind = WASMC_RT_OK;
    if (setjmp(trap_env) == 0)
        W("proc_raise", 15);
    check(trap_kind == WASMC_RT_TRAP_HOST && strstr(trap_detail, "signal 15"), "proc_raise/term",
          "kind %d", trap_kind);
    trap_kind = WASMC_RT_OK;
    if (setjmp(trap_env) == 0)
        W("proc_exit", 7);
    check(trap_kind == WASMC_RT_TRAP_EXIT && trap_code == 7, "proc_exit", "kind %d code %d",
          trap_kind, trap_code);
}

static void test_sockets(void)
{
    int sv[2], lsock, c;
    int32_t iov = galloc(8), data = galloc(16), out = galloc(4), flags = galloc(4);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int32_t a = wasi_fd_add(w, sv[0], WASI_RIGHTS_ALL, 0);
    int32_t b = wasi_fd_add(w, sv[1], WASI_RIGHTS_ALL, 0);
    memcpy(mem.base + data, "ping", 4);
    wasi_st32(mem.base + iov, (uint32_t)data);
    wasi_st32(mem.base + iov + 4, 4);
    check(W("sock_send", a, iov, 1, 0, out) == 0 && ld32(out) == 4, "sock/send", "");
    memset(mem.base + data, 0, 4);
    wasi_st32(mem.base + iov + 4, 16);
    check(W("sock_recv", b, iov, 1, 1, out, flags) == 0 && ld32(out) == 4, "sock/recv-peek", "");
    check(W("sock_recv", b, iov, 1, 0, out, flags) == 0 && ld32(out) == 4 &&
          !memcmp(mem.base + data, "ping", 4) && wasi_ld16(mem.base + flags) == 0, "sock/recv", "");
    check(W("sock_shutdown", a, 2) == 0 && W("sock_recv", b, iov, 1, 0, out, flags) == 0 &&
          ld32(out) == 0, "sock/shutdown", "");
    EXPECT_ERRNO("sock/shutdown-bad-how", W("sock_shutdown", a, 0), WASI_EINVAL);
    check(W("fd_fdstat_get", a, data) == 0 && mem.base[data] == WASI_FILETYPE_SOCKET_STREAM,
          "sock/filetype", "");
    EXPECT_ERRNO("sock/send-not-socket", W("sock_send", 3, iov, 1, 0, out), WASI_ENOTCAPABLE);

    lsock = socket(AF_UNIX, SOCK_STREAM, 0);
    snprintf(sa.sun_path, sizeof sa.sun_path, "sock");
    bind(lsock, (struct sockaddr *)&sa, sizeof sa);
    listen(lsock, 1);
    int32_t l = wasi_fd_add(w, lsock, WASI_RIGHTS_ALL, 0);
    c = socket(AF_UNIX, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&sa, sizeof sa);
    check(W("sock_accept", l, 0, out) == 0 && W("sock_send", (int32_t)ld32(out), iov, 1, 0, out) == 0,
          "sock/accept", "");
    EXPECT_ERRNO("sock/accept-bad-flags", W("sock_accept", l, 1, out), WASI_EINVAL);
    close(c);
    W("fd_close", a), W("fd_close", b), W("fd_close", l);
}

static void test_preopen_list(void)
{
    wasmc_wasi_t *v = wasmc_wasi_new(0, NULL, NULL);
    int32_t buf = galloc(8);
    wasmc_wasi_t *saved = w;

    check(wasmc_wasi_preopen_list(v, "sb;sb::/data;;.::/") == 0, "preopen-list/parse", "");
    wasmc_wasi_bind(v, &inst);
    w = v;
    check(W("fd_prestat_get", 3, buf) == 0 && ld32(buf + 4) == 2 &&
          W("fd_prestat_get", 4, buf) == 0 && ld32(buf + 4) == 5 &&
          W("fd_prestat_get", 5, buf) == 0 && ld32(buf + 4) == 1 &&
          W("fd_prestat_get", 6, buf) == WASI_EBADF, "preopen-list/order", "");
    w = saved;
    check(wasmc_wasi_preopen_list(v, "no-such-dir::/x") == -1 && errno == ENOENT,
          "preopen-list/missing-dir", "");
    setenv("WASMC_DIR", "sb::/env", 1);
    check(wasmc_wasi_preopen_env(v) == 0 && v->fds[6].preopen &&
          !strcmp(v->fds[6].preopen, "/env"), "preopen-env", "");
    unsetenv("WASMC_DIR");
    check(wasmc_wasi_preopen_env(v) == 0, "preopen-env/unset", "");
    wasmc_wasi_free(v);
}

int main(int argc, char **argv)
{
    char *args[] = { "prog", "two words", "ünïcødé ✓", "", NULL };
    char *envp[] = { "A=1", "HOME=/nowhere", NULL };

    if (argc != 2 || chdir(argv[1]) != 0) {
        fprintf(stderr, "usage: unit SCRATCH_DIR\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    mem.base = calloc(1, MEM_SIZE);
    mem.size = MEM_SIZE;
    inst.mem0 = &mem;
    make_sandbox();
    w = wasmc_wasi_new(4, args, envp);
    if (!w || wasmc_wasi_preopen(w, ".", "/sandbox") || wasmc_wasi_preopen(w, ".", ".") ||
        wasmc_wasi_preopen(w, "sb", "sb")) {
        fprintf(stderr, "unit: cannot set up the context\n");
        return 2;
    }
    wasmc_wasi_bind(w, &inst);
    check(inst.user == w, "bind/user", "");

    void (*tests[])(void) = { test_resolve, test_args, test_faults, test_prestat,
                              test_files, test_paths, test_readdir, test_sandbox,
                              test_clock_poll, test_proc, test_sockets, test_preopen_list };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        top = 0;
        tests[i]();
    }
    /* Again, resolving paths with the portable walk instead of openat2. */
    wasi_no_openat2 = 1;
    tag = "walk/";
    top = 0;
    test_paths();
    test_sandbox();
    wasmc_wasi_free(w);
    return failures != 0;
}
