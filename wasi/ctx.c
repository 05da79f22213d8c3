/*
 * ctx.c - the WASI context: creation, preopens, the fd table, import
 * resolution and memory binding (the public API of include/wasmc_wasi.h).
 *
 * An executable compiled by wasmc creates one context from its argv and
 * environ, adds preopens (compile-time --dir, then WASMC_DIR), instantiates
 * the module with wasmc_wasi_resolve as the resolver and binds the
 * instance's memory.  The resolver hands out the context's own function
 * objects, built in wasmc_wasi_new from the family tables (args.c, clock.c,
 * fd.c, path.c, poll.c, proc.c, sock.c).
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wasi.h"

static const wasi_func_def_t *const families[] = {
    wasi_args_funcs, wasi_clock_funcs, wasi_fd_funcs, wasi_path_funcs,
    wasi_poll_funcs, wasi_proc_funcs, wasi_sock_funcs,
};

/* ---- errno mapping ------------------------------------------------------- */

static const struct { int host, wasi; } errnos[] = {
    { E2BIG, WASI_E2BIG }, { EACCES, WASI_EACCES }, { EADDRINUSE, WASI_EADDRINUSE },
    { EADDRNOTAVAIL, WASI_EADDRNOTAVAIL }, { EAFNOSUPPORT, WASI_EAFNOSUPPORT },
    { EAGAIN, WASI_EAGAIN }, { EALREADY, WASI_EALREADY }, { EBADF, WASI_EBADF },
    { EBADMSG, WASI_EBADMSG }, { EBUSY, WASI_EBUSY }, { ECANCELED, WASI_ECANCELED },
    { ECHILD, WASI_ECHILD }, { ECONNABORTED, WASI_ECONNABORTED },
    { ECONNREFUSED, WASI_ECONNREFUSED }, { ECONNRESET, WASI_ECONNRESET },
    { EDEADLK, WASI_EDEADLK }, { EDESTADDRREQ, WASI_EDESTADDRREQ }, { EDOM, WASI_EDOM },
    { EDQUOT, WASI_EDQUOT }, { EEXIST, WASI_EEXIST }, { EFAULT, WASI_EFAULT },
    { EFBIG, WASI_EFBIG }, { EHOSTUNREACH, WASI_EHOSTUNREACH }, { EIDRM, WASI_EIDRM },
    { EILSEQ, WASI_EILSEQ }, { EINPROGRESS, WASI_EINPROGRESS }, { EINTR, WASI_EINTR },
    { EINVAL, WASI_EINVAL }, { EIO, WASI_EIO }, { EISCONN, WASI_EISCONN },
    { EISDIR, WASI_EISDIR }, { ELOOP, WASI_ELOOP }, { EMFILE, WASI_EMFILE },
    { EMLINK, WASI_EMLINK }, { EMSGSIZE, WASI_EMSGSIZE }, { EMULTIHOP, WASI_EMULTIHOP },
    { ENAMETOOLONG, WASI_ENAMETOOLONG }, { ENETDOWN, WASI_ENETDOWN },
    { ENETRESET, WASI_ENETRESET }, { ENETUNREACH, WASI_ENETUNREACH },
    { ENFILE, WASI_ENFILE }, { ENOBUFS, WASI_ENOBUFS }, { ENODEV, WASI_ENODEV },
    { ENOENT, WASI_ENOENT }, { ENOEXEC, WASI_ENOEXEC }, { ENOLCK, WASI_ENOLCK },
    { ENOLINK, WASI_ENOLINK }, { ENOMEM, WASI_ENOMEM }, { ENOMSG, WASI_ENOMSG },
    { ENOPROTOOPT, WASI_ENOPROTOOPT }, { ENOSPC, WASI_ENOSPC }, { ENOSYS, WASI_ENOSYS },
    { ENOTCONN, WASI_ENOTCONN }, { ENOTDIR, WASI_ENOTDIR }, { ENOTEMPTY, WASI_ENOTEMPTY },
    { ENOTRECOVERABLE, WASI_ENOTRECOVERABLE }, { ENOTSOCK, WASI_ENOTSOCK },
    { ENOTSUP, WASI_ENOTSUP }, { ENOTTY, WASI_ENOTTY }, { ENXIO, WASI_ENXIO },
    { EOVERFLOW, WASI_EOVERFLOW }, { EOWNERDEAD, WASI_EOWNERDEAD }, { EPERM, WASI_EPERM },
    { EPIPE, WASI_EPIPE }, { EPROTO, WASI_EPROTO },
    { EPROTONOSUPPORT, WASI_EPROTONOSUPPORT }, { EPROTOTYPE, WASI_EPROTOTYPE },
    { ERANGE, WASI_ERANGE }, { EROFS, WASI_EROFS }, { ESPIPE, WASI_ESPIPE },
    { ESRCH, WASI_ESRCH }, { ESTALE, WASI_ESTALE }, { ETIMEDOUT, WASI_ETIMEDOUT },
    { ETXTBSY, WASI_ETXTBSY }, { EXDEV, WASI_EXDEV },
};

int wasi_errno(int host_errno)
{
    for (size_t i = 0; i < sizeof errnos / sizeof errnos[0]; i++)
        if (errnos[i].host == host_errno)
            return errnos[i].wasi;
    return WASI_EIO;
}

/* ---- guest memory -------------------------------------------------------- */

int wasi_put32(wasmc_wasi_t *w, int32_t ptr, uint32_t v)
{
    void *p = wasi_mem(w, ptr, 4);
    if (!p)
        return WASI_EFAULT;
    wasi_st32(p, v);
    return WASI_ESUCCESS;
}

int wasi_put64(wasmc_wasi_t *w, int32_t ptr, uint64_t v)
{
    void *p = wasi_mem(w, ptr, 8);
    if (!p)
        return WASI_EFAULT;
    wasi_st64(p, v);
    return WASI_ESUCCESS;
}

/* ---- the fd table -------------------------------------------------------- */

wasi_fd_t *wasi_fd_get(wasmc_wasi_t *w, int32_t fd, uint64_t rights, int *err)
{
    if (fd < 0 || (uint32_t)fd >= w->nfds || w->fds[fd].host < 0) {
        *err = WASI_EBADF;
        return NULL;
    }
    if ((w->fds[fd].rights & rights) != rights) {
        *err = WASI_ENOTCAPABLE;
        return NULL;
    }
    return &w->fds[fd];
}

uint8_t wasi_filetype(int host, unsigned mode)
{
    int type = 0;
    socklen_t len = sizeof type;

    switch (mode & S_IFMT) {
    case S_IFREG: return WASI_FILETYPE_REGULAR_FILE;
    case S_IFDIR: return WASI_FILETYPE_DIRECTORY;
    case S_IFCHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case S_IFBLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case S_IFLNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case S_IFSOCK:
        if (host >= 0 && getsockopt(host, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
            type == SOCK_DGRAM)
            return WASI_FILETYPE_SOCKET_DGRAM;
        return WASI_FILETYPE_SOCKET_STREAM;
    default:
        return WASI_FILETYPE_UNKNOWN;   /* FIFOs too, as Wasmtime reports them */
    }
}

/* The rights an fd of `type` opened with access mode `accmode` can have. */
static uint64_t rights_for(uint8_t type, int accmode)
{
    uint64_t r;

    switch (type) {
    case WASI_FILETYPE_DIRECTORY: return WASI_RIGHTS_DIR;
    case WASI_FILETYPE_SOCKET_DGRAM:
    case WASI_FILETYPE_SOCKET_STREAM: r = WASI_RIGHTS_SOCK; break;
    default: r = WASI_RIGHTS_FILE; break;
    }
    if (accmode == O_WRONLY)
        r &= ~WASI_RIGHTS_READING;
    if (accmode == O_RDONLY)
        r &= ~WASI_RIGHTS_WRITING;
    return r;
}

int32_t wasi_fd_add(wasmc_wasi_t *w, int host, uint64_t rights, uint64_t inheriting)
{
    struct stat st;
    uint32_t i;
    int fl;

    for (i = 0; i < w->nfds && w->fds[i].host >= 0; i++)
        ;
    if (i == w->nfds) {
        uint32_t n = w->nfds ? 2 * w->nfds : 8;
        wasi_fd_t *fds = n <= INT32_MAX ? realloc(w->fds, n * sizeof *fds) : NULL;
        if (!fds) {
            if (host > 2)
                close(host);
            return -1;
        }
        for (uint32_t j = w->nfds; j < n; j++)
            fds[j] = (wasi_fd_t){ .host = -1 };
        w->fds = fds;
        w->nfds = n;
    }
    memset(&w->fds[i], 0, sizeof w->fds[i]);
    w->fds[i].host = host;
    w->fds[i].type = fstat(host, &st) == 0 ? wasi_filetype(host, st.st_mode)
                                           : WASI_FILETYPE_UNKNOWN;
    fl = fcntl(host, F_GETFL);
    w->fds[i].rights = rights_for(w->fds[i].type, fl < 0 ? O_RDWR : (fl & O_ACCMODE)) & rights;
    w->fds[i].inheriting = w->fds[i].type == WASI_FILETYPE_DIRECTORY ? inheriting : 0;
    return (int32_t)i;
}

void wasi_fd_release(wasi_fd_t *f)
{
    if (f->dir)
        closedir(f->dir);
    if (f->host > 2)
        close(f->host);
    free(f->preopen);
    *f = (wasi_fd_t){ .host = -1 };
}

/* ---- creation ------------------------------------------------------------ */

static char **copy_strings(int n, char *const *v)
{
    char **c = calloc((size_t)n + 1, sizeof *c);

    for (int i = 0; c && i < n; i++)
        if (!(c[i] = strdup(v[i]))) {
            while (i--)
                free(c[i]);
            free(c);
            return NULL;
        }
    return c;
}

static void free_strings(char **v)
{
    for (char **p = v; p && *p; p++)
        free(*p);
    free(v);
}

/* The uniform entry point of every WASI function object: one line per
 * distinct signature of wasi_snapshot_preview1. */
static void wasi_call(const wasmc_rt_func_t *f, const wasmc_rt_val_t *a, wasmc_rt_val_t *res)
{
    typedef int32_t i32;
    typedef int64_t i64;
    void *e = f->env, *c = f->code;
    const char *s = f->sig;
    i32 r;
#define I(n) a[n].of.i32
#define L(n) a[n].of.i64
    if (!strcmp(s, "i:")) {
        ((void (*)(void *, i32))c)(e, I(0));
        return;
    }
    if (!strcmp(s, ":i")) r = ((i32 (*)(void *))c)(e);
    else if (!strcmp(s, "i:i")) r = ((i32 (*)(void *, i32))c)(e, I(0));
    else if (!strcmp(s, "ii:i")) r = ((i32 (*)(void *, i32, i32))c)(e, I(0), I(1));
    else if (!strcmp(s, "iI:i")) r = ((i32 (*)(void *, i32, i64))c)(e, I(0), L(1));
    else if (!strcmp(s, "iii:i")) r = ((i32 (*)(void *, i32, i32, i32))c)(e, I(0), I(1), I(2));
    else if (!strcmp(s, "iIi:i")) r = ((i32 (*)(void *, i32, i64, i32))c)(e, I(0), L(1), I(2));
    else if (!strcmp(s, "iII:i")) r = ((i32 (*)(void *, i32, i64, i64))c)(e, I(0), L(1), L(2));
    else if (!strcmp(s, "iiii:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i32))c)(e, I(0), I(1), I(2), I(3));
    else if (!strcmp(s, "iIii:i"))
        r = ((i32 (*)(void *, i32, i64, i32, i32))c)(e, I(0), L(1), I(2), I(3));
    else if (!strcmp(s, "iIIi:i"))
        r = ((i32 (*)(void *, i32, i64, i64, i32))c)(e, I(0), L(1), L(2), I(3));
    else if (!strcmp(s, "iiiii:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i32, i32))c)(e, I(0), I(1), I(2), I(3), I(4));
    else if (!strcmp(s, "iiiIi:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i64, i32))c)(e, I(0), I(1), I(2), L(3), I(4));
    else if (!strcmp(s, "iiiiii:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i32, i32, i32))c)(e, I(0), I(1), I(2), I(3),
                                                              I(4), I(5));
    else if (!strcmp(s, "iiiiiii:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i32, i32, i32, i32))c)(
            e, I(0), I(1), I(2), I(3), I(4), I(5), I(6));
    else if (!strcmp(s, "iiiiIIi:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i32, i64, i64, i32))c)(
            e, I(0), I(1), I(2), I(3), L(4), L(5), I(6));
    else if (!strcmp(s, "iiiiiIIii:i"))
        r = ((i32 (*)(void *, i32, i32, i32, i32, i32, i64, i64, i32, i32))c)(
            e, I(0), I(1), I(2), I(3), I(4), L(5), L(6), I(7), I(8));
    else
        wasmc_rt_raise(WASMC_RT_TRAP_HOST, "wasi: no caller for this signature");
#undef I
#undef L
    res[0] = WASMC_RT_I32(r);
}

wasmc_wasi_t *wasmc_wasi_new(int argc, char *const *argv, char *const *envp)
{
    wasmc_wasi_t *w = calloc(1, sizeof *w);
    int envc = 0, n = 0;

    while (envp && envp[envc])
        envc++;
    if (!w || !(w->argv = copy_strings(argc, argv)) || !(w->envp = copy_strings(envc, envp)))
        goto fail;
    w->argc = argc;
    w->envc = envc;
    for (int fd = 0; fd < 3; fd++)
        if (wasi_fd_add(w, fd, WASI_RIGHTS_ALL, 0) != fd)
            goto fail;
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        for (const wasi_func_def_t *d = families[i]; d->name; d++, n++) {
            if (n == WASI_NFUNCS)
                goto fail;
            w->names[n] = d->name;
            w->funcs[n] = (wasmc_rt_func_t){
                .code = d->code, .env = w, .call = wasi_call, .sig = d->sig,
                .type_id = wasmc_rt_type_id(d->sig),
            };
        }
    if (n != WASI_NFUNCS)
        goto fail;
    return w;
fail:
    wasmc_wasi_free(w);
    return NULL;
}

void wasmc_wasi_free(wasmc_wasi_t *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->nfds; i++)
        if (w->fds[i].host >= 0)
            wasi_fd_release(&w->fds[i]);
    free(w->fds);
    free_strings(w->argv);
    free_strings(w->envp);
    free(w);
}

/* ---- preopens ------------------------------------------------------------ */

int wasmc_wasi_preopen(wasmc_wasi_t *w, const char *host, const char *guest)
{
    char *name = strdup(guest);
    int fd = open(host, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int32_t g;

    if (fd < 0 || !name) {
        int e = fd < 0 ? errno : ENOMEM;
        free(name);
        if (fd >= 0)
            close(fd);
        errno = e;
        return -1;
    }
    /* a later preopen of the same guest name replaces the earlier one:
     * WASMC_DIR can redirect a directory given to wasmc at compile time */
    for (uint32_t i = 0; i < w->nfds; i++)
        if (w->fds[i].host >= 0 && w->fds[i].preopen && strcmp(w->fds[i].preopen, guest) == 0) {
            close(w->fds[i].host);
            w->fds[i].host = fd;
            free(name);
            return 0;
        }
    if ((g = wasi_fd_add(w, fd, WASI_RIGHTS_ALL, WASI_RIGHTS_ALL)) < 0) {
        free(name);
        errno = ENOMEM;
        return -1;
    }
    w->fds[g].preopen = name;
    return 0;
}

/* Adds the preopens of "HOST[::GUEST];..."; on failure reports the entry on
 * stderr when `who` is not NULL. */
static int preopen_list(wasmc_wasi_t *w, const char *list, const char *who)
{
    char *copy = strdup(list), *save = NULL, *ent, *sep;
    int rc = 0;

    if (!copy)
        return -1;
    for (ent = strtok_r(copy, ";", &save); ent; ent = strtok_r(NULL, ";", &save)) {
        const char *guest = ent;
        if ((sep = strstr(ent, "::"))) {
            *sep = '\0';
            guest = sep + 2;
        }
        if (!*ent || !*guest) {
            errno = EINVAL;
        } else if (wasmc_wasi_preopen(w, ent, guest) == 0) {
            continue;
        }
        if (who)
            fprintf(stderr, "%s: cannot preopen '%s': %s\n", who, ent, strerror(errno));
        rc = -1;
        break;
    }
    free(copy);
    return rc;
}

int wasmc_wasi_preopen_list(wasmc_wasi_t *w, const char *list)
{
    return preopen_list(w, list, NULL);
}

int wasmc_wasi_preopen_env(wasmc_wasi_t *w)
{
    const char *list = getenv("WASMC_DIR");

    return list ? preopen_list(w, list, "WASMC_DIR") : 0;
}

/* ---- linking ------------------------------------------------------------- */

int wasmc_wasi_resolve(void *data, const wasmc_rt_extern_desc_t *desc, wasmc_rt_extern_t *out)
{
    wasmc_wasi_t *w = data;

    if (!desc->module || strcmp(desc->module, "wasi_snapshot_preview1") != 0 ||
        desc->kind != WASMC_RT_EXTERN_FUNC || !desc->name || !desc->sig)
        return -1;
    if (desc->name_len && desc->name_len != strlen(desc->name))
        return -1;      /* a NUL inside the name: "fd_write\0x" is not fd_write */
    for (int i = 0; i < WASI_NFUNCS; i++)
        if (!strcmp(desc->name, w->names[i])) {
            if (strcmp(desc->sig, w->funcs[i].sig) != 0)
                return -1;
            out->kind = WASMC_RT_EXTERN_FUNC;
            out->of.func = &w->funcs[i];
            return 0;
        }
    return -1;
}

void wasmc_wasi_bind(wasmc_wasi_t *w, wasmc_rt_instance_t *inst)
{
    wasmc_rt_memory_t *m = wasmc_rt_export_memory(inst, "memory");

    w->mem = m ? m : inst->mem0;
    inst->user = w;
}
