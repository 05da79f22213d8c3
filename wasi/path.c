/*
 * path.c - the path_* functions and the sandboxed path resolution they all
 * go through.
 *
 * The sandbox: a guest reaches files only through directory fds it was
 * given (preopens, or directories opened beneath them), and no path may
 * leave the directory it is resolved against: not an absolute path, not
 * `..` above it, not a symlink (absolute, or relative climbing out)
 * anywhere in the path.  Escapes fail with NOTCAPABLE, as in Node's WASI.
 *
 * How: wasi_open_beneath resolves with openat2(RESOLVE_BENEATH), which the
 * kernel enforces for every step and symlink; where openat2 is missing
 * (Linux < 5.6, or blocked by a seccomp filter) it walks the path one
 * component at a time with O_NOFOLLOW, expanding symlinks itself.  A call
 * that acts on a name (mkdir, unlink, rename, link, symlink, readlink,
 * utimes) first opens the name's parent directory beneath the guest fd and
 * then uses the *at() system call on the last component, which is a plain
 * name or "." and so cannot lead anywhere else.
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "wasi.h"

#define HOST_ERR wasi_errno(errno)
#define MAX_SYMLINKS 40   /* as the kernel's MAXSYMLINKS */

int wasi_no_openat2;

/* ---- openat2 ------------------------------------------------------------ */

/* 1 if openat2 works here, -1 if not, 0 before the first try. */
static int have_openat2;

static int open2(int dirfd, const char *path, int flags, unsigned mode)
{
    struct open_how how = {
        .flags = (uint64_t)(flags | O_CLOEXEC),
        .mode = (flags & O_CREAT) ? mode : 0,
        .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    long fd;

    /* EAGAIN: a concurrent rename raced the lookup; the kernel asks for a retry. */
    for (int tries = 0; tries < 64; tries++)
        if ((fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how)) >= 0 || errno != EAGAIN)
            break;
    if (fd >= 0)
        return (int)fd;
    return errno == EXDEV ? -WASI_ENOTCAPABLE : -HOST_ERR;
}

static int openat2_works(int dirfd)
{
    if (have_openat2 == 0) {
        struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_BENEATH };
        long fd = syscall(SYS_openat2, dirfd, ".", &how, sizeof how);
        have_openat2 = fd >= 0 ? 1 : (errno == ENOSYS || errno == EPERM) ? -1 : 0;
        if (fd >= 0)
            close((int)fd);
    }
    return have_openat2 > 0;
}

/* ---- the portable walk --------------------------------------------------- */

/* The directories entered so far; the top is where the walk is.  Empty
 * means the starting directory, which the walk does not own. */
typedef struct walk_t {
    int root;
    int *fds;
    int n, cap;
    char *todo;      /* the rest of the path, malloc'd */
    int links;       /* symlinks expanded */
} walk_t;

static int walk_cur(const walk_t *wk)
{
    return wk->n ? wk->fds[wk->n - 1] : wk->root;
}

static int walk_push(walk_t *wk, int fd)
{
    if (wk->n == wk->cap) {
        int cap = wk->cap ? 2 * wk->cap : 16;
        int *fds = realloc(wk->fds, (size_t)cap * sizeof *fds);
        if (!fds) {
            close(fd);
            return WASI_ENOMEM;
        }
        wk->fds = fds;
        wk->cap = cap;
    }
    wk->fds[wk->n++] = fd;
    return 0;
}

/* Replaces the component just taken by the symlink's target: the walk
 * continues with target + "/" + rest.  `slash` keeps a trailing '/'. */
static int walk_expand(walk_t *wk, const char *target, const char *rest, int slash)
{
    size_t tl = strlen(target), rl = strlen(rest);
    char *todo;

    if (target[0] == '/')
        return WASI_ENOTCAPABLE;
    if (++wk->links > MAX_SYMLINKS)
        return WASI_ELOOP;
    if (!(todo = malloc(tl + rl + 3)))
        return WASI_ENOMEM;
    memcpy(todo, target, tl);
    todo[tl] = '/';
    memcpy(todo + tl + 1, rest, rl + 1);
    if (!rl && !slash)
        todo[tl] = '\0';
    free(wk->todo);
    wk->todo = todo;
    return 0;
}

/* Reads the symlink `name` in `dir` (name "" : dir is the link itself). */
static int read_link(int dir, const char *name, char *buf)
{
    ssize_t n = readlinkat(dir, name, buf, PATH_MAX - 1);

    if (n < 0)
        return HOST_ERR;
    buf[n] = '\0';
    return 0;
}

/* One step: takes the first component of wk->todo.  Returns 1 to go on,
 * 0 with *out = the opened fd when done, or minus a WASI errno. */
static int walk_step(walk_t *wk, int flags, unsigned mode, int *out)
{
    char *p = wk->todo, *rest, name[NAME_MAX + 1], target[PATH_MAX];
    size_t len;
    int last, slash, fd, err;
    struct stat st;

    while (*p == '/')
        p++;
    len = strcspn(p, "/");
    for (rest = p + len; *rest == '/'; rest++)
        ;
    last = !*rest;
    slash = last && p[len] == '/';
    if (len == 0 || (len == 1 && p[0] == '.')) {            /* "" or "." */
        if (last) {
            *out = openat(walk_cur(wk), ".", (flags & ~O_NOFOLLOW) | O_CLOEXEC, mode);
            return *out < 0 ? -HOST_ERR : 0;
        }
        memmove(wk->todo, rest, strlen(rest) + 1);
        return 1;
    }
    if (len == 2 && p[0] == '.' && p[1] == '.') {
        if (wk->n == 0)
            return -WASI_ENOTCAPABLE;
        close(wk->fds[--wk->n]);
        memmove(wk->todo, last ? "." : rest, strlen(last ? "." : rest) + 1);
        return 1;
    }
    if (len > NAME_MAX)
        return -WASI_ENAMETOOLONG;
    memcpy(name, p, len);
    name[len] = '\0';
    if (!last) {
        if ((fd = openat(walk_cur(wk), name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
            return -HOST_ERR;
        if (fstat(fd, &st) != 0 || (!S_ISLNK(st.st_mode) && !S_ISDIR(st.st_mode))) {
            close(fd);
            return -WASI_ENOTDIR;
        }
        if (S_ISDIR(st.st_mode)) {
            memmove(wk->todo, rest, strlen(rest) + 1);
            return (err = walk_push(wk, fd)) ? -err : 1;
        }
        err = read_link(fd, "", target);
        close(fd);
        if (err || (err = walk_expand(wk, target, rest, 0)))
            return -err;
        return 1;
    }
    /* The last component: never let the kernel follow a symlink here. */
    fd = openat(walk_cur(wk), name, flags | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : 0),
                mode);
    if (!(flags & O_NOFOLLOW) || slash) {
        if (fd >= 0 && (flags & O_PATH) && fstat(fd, &st) == 0 && S_ISLNK(st.st_mode)) {
            err = read_link(fd, "", target);
            close(fd);
        } else if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
            int e = errno;
            if ((err = read_link(walk_cur(wk), name, target)) != 0)
                return -wasi_errno(e);     /* not a symlink: the open's error */
        } else {
            goto done;
        }
        if (err || (err = walk_expand(wk, target, "", slash)))
            return -err;
        return 1;
    }
done:
    *out = fd;
    return fd < 0 ? -HOST_ERR : 0;
}

static int walk_beneath(int dirfd, const char *path, int flags, unsigned mode)
{
    walk_t wk = { .root = dirfd, .todo = strdup(path) };
    int r = -WASI_ENOMEM, fd = -1;

    while (wk.todo && (r = walk_step(&wk, flags, mode, &fd)) == 1)
        ;
    while (wk.n)
        close(wk.fds[--wk.n]);
    free(wk.fds);
    free(wk.todo);
    return r < 0 ? r : fd;
}

int wasi_open_beneath(int dirfd, const char *path, int flags, unsigned mode)
{
    if (!*path)
        return -WASI_ENOENT;
    if (path[0] == '/')
        return -WASI_ENOTCAPABLE;
    if (!wasi_no_openat2 && openat2_works(dirfd))
        return open2(dirfd, path, flags, mode);
    return walk_beneath(dirfd, path, flags, mode);
}

/* ---- guest paths ---------------------------------------------------------- */

/* Copies a guest path string.  INVAL for a NUL inside it, NOTCAPABLE for
 * an absolute path, NOENT for an empty one. */
static int guest_path(wasmc_wasi_t *w, int32_t path, int32_t path_len, char **out)
{
    const char *p = wasi_mem(w, path, (uint32_t)path_len);
    char *s;

    if (!p)
        return WASI_EFAULT;
    if (memchr(p, '\0', (uint32_t)path_len))
        return WASI_EINVAL;
    if (path_len == 0)
        return WASI_ENOENT;
    if (p[0] == '/')
        return WASI_ENOTCAPABLE;
    if (!(s = malloc((uint32_t)path_len + 1)))
        return WASI_ENOMEM;
    memcpy(s, p, (uint32_t)path_len);
    s[path_len] = '\0';
    *out = s;
    return WASI_ESUCCESS;
}

/* The directory fd `fd`, if it has `rights`. */
static wasi_fd_t *dir_get(wasmc_wasi_t *w, int32_t fd, uint64_t rights, int *err)
{
    wasi_fd_t *f = wasi_fd_get(w, fd, 0, err);

    if (f && f->type != WASI_FILETYPE_DIRECTORY) {
        *err = WASI_ENOTDIR;
        return NULL;
    }
    return f ? wasi_fd_get(w, fd, rights, err) : NULL;
}

/* Opens guest path `path` beneath directory fd `fd` (see wasi_open_beneath). */
static int open_guest(wasmc_wasi_t *w, int32_t fd, uint64_t rights, int32_t path,
                      int32_t path_len, int flags, unsigned mode)
{
    wasi_fd_t *f;
    char *s;
    int err, r;

    if (!(f = dir_get(w, fd, rights, &err)) || (err = guest_path(w, path, path_len, &s)))
        return -err;
    r = wasi_open_beneath(f->host, s, flags, mode);
    free(s);
    return r;
}

/* A guest path split into its parent, opened beneath the guest directory,
 * and its last component: a name, or "." when the path ends in "." or ".."
 * (then `dir` is the directory the whole path names). */
typedef struct at_t {
    int dir;            /* host fd of the parent (O_PATH), owned */
    char *path;         /* the copied guest path, which `last` points into */
    const char *last;
    int slash;          /* the path ended in '/' */
} at_t;

static int resolve_at(wasmc_wasi_t *w, int32_t fd, uint64_t rights, int32_t path,
                      int32_t path_len, at_t *at)
{
    const char *parent = ".";
    wasi_fd_t *f;
    char *s, *sep;
    size_t n;
    int err;

    if (!(f = dir_get(w, fd, rights, &err)) || (err = guest_path(w, path, path_len, &s)))
        return err;
    at->path = s;
    at->slash = 0;
    for (n = strlen(s); n > 1 && s[n - 1] == '/'; at->slash = 1)
        s[--n] = '\0';
    sep = strrchr(s, '/');
    at->last = sep ? sep + 1 : s;
    if (!strcmp(at->last, ".") || !strcmp(at->last, "..")) {
        parent = s;
        at->last = ".";
    } else if (sep) {
        *sep = '\0';
        parent = s;
    }
    if ((at->dir = wasi_open_beneath(f->host, parent, O_PATH | O_DIRECTORY, 0)) < 0) {
        free(s);
        return -at->dir;
    }
    return WASI_ESUCCESS;
}

static void at_done(at_t *at)
{
    close(at->dir);
    free(at->path);
}

/* A trailing '/' asks for a directory; the kernel would follow a symlink
 * for it, so we check the name itself instead. */
static int slash_check(const at_t *at)
{
    struct stat st;

    if (!at->slash)
        return 0;
    if (fstatat(at->dir, at->last, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return HOST_ERR;
    return S_ISDIR(st.st_mode) ? 0 : WASI_ENOTDIR;
}

/* The name of an fd in /proc, for the calls that cannot take an O_PATH fd. */
static const char *proc_fd(int fd, char buf[32])
{
    snprintf(buf, 32, "/proc/self/fd/%d", fd);
    return buf;
}

/* ---- the path functions --------------------------------------------------- */

static int32_t path_open(wasmc_wasi_t *w, int32_t fd, int32_t dirflags, int32_t path,
                         int32_t path_len, int32_t oflags, int64_t fs_rights_base,
                         int64_t fs_rights_inheriting, int32_t fdflags, int32_t opened)
{
    uint64_t base = (uint64_t)fs_rights_base, inh = (uint64_t)fs_rights_inheriting;
    uint64_t need = WASI_RIGHT_PATH_OPEN;
    int flags = O_NOCTTY, rd = (base & WASI_RIGHTS_READING) != 0;
    int wr = (base & WASI_RIGHTS_WRITING) != 0, host;
    int32_t g;
    int err;

    if (oflags & WASI_O_CREAT)
        need |= WASI_RIGHT_PATH_CREATE_FILE;
    if (oflags & WASI_O_TRUNC)
        need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
    if (!dir_get(w, fd, need, &err))
        return err;
    if (((base | inh) & ~w->fds[fd].inheriting))
        return WASI_ENOTCAPABLE;
    if (!wasi_mem(w, opened, 4))
        return WASI_EFAULT;
    if (oflags & WASI_O_DIRECTORY)
        flags |= O_DIRECTORY | O_RDONLY;
    else
        flags |= rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
    flags |= (oflags & WASI_O_CREAT ? O_CREAT : 0) | (oflags & WASI_O_EXCL ? O_EXCL : 0) |
             (oflags & WASI_O_TRUNC ? O_TRUNC : 0);
    flags |= (fdflags & WASI_FDFLAG_APPEND ? O_APPEND : 0) |
             (fdflags & WASI_FDFLAG_DSYNC ? O_DSYNC : 0) |
             (fdflags & WASI_FDFLAG_NONBLOCK ? O_NONBLOCK : 0) |
             (fdflags & WASI_FDFLAG_RSYNC ? O_RSYNC : 0) |
             (fdflags & WASI_FDFLAG_SYNC ? O_SYNC : 0);
    if (!(dirflags & WASI_LOOKUP_SYMLINK_FOLLOW))
        flags |= O_NOFOLLOW;
    if ((host = open_guest(w, fd, 0, path, path_len, flags, 0666)) < 0)
        return -host;
    if ((g = wasi_fd_add(w, host, base, inh)) < 0)
        return WASI_ENOMEM;
    return wasi_put32(w, opened, (uint32_t)g);
}

static int32_t path_filestat_get(wasmc_wasi_t *w, int32_t fd, int32_t flags, int32_t path,
                                 int32_t path_len, int32_t buf)
{
    void *p = wasi_mem(w, buf, 64);
    struct stat st;
    int host, err = 0;

    if (!p)
        return WASI_EFAULT;
    host = open_guest(w, fd, WASI_RIGHT_PATH_FILESTAT_GET, path, path_len,
                      O_PATH | (flags & WASI_LOOKUP_SYMLINK_FOLLOW ? 0 : O_NOFOLLOW), 0);
    if (host < 0)
        return -host;
    if (fstat(host, &st) != 0)
        err = HOST_ERR;
    else
        wasi_filestat(p, &st, wasi_filetype(-1, st.st_mode));
    close(host);
    return err;
}

static int32_t path_filestat_set_times(wasmc_wasi_t *w, int32_t fd, int32_t flags,
                                       int32_t path, int32_t path_len, int64_t atim,
                                       int64_t mtim, int32_t fst_flags)
{
    struct timespec ts[2];
    char proc[32];
    at_t at;
    int host, err;

    if ((err = wasi_timespecs(atim, mtim, fst_flags, ts)) != 0)
        return err;
    if (flags & WASI_LOOKUP_SYMLINK_FOLLOW) {
        host = open_guest(w, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path, path_len, O_PATH, 0);
        if (host < 0)
            return -host;
        err = utimensat(host, "", ts, AT_EMPTY_PATH) == 0 ? 0
            : utimensat(AT_FDCWD, proc_fd(host, proc), ts, 0) == 0 ? 0 : HOST_ERR;
        close(host);
        return err;
    }
    if ((err = resolve_at(w, fd, WASI_RIGHT_PATH_FILESTAT_SET_TIMES, path, path_len, &at)))
        return err;
    if (!(err = slash_check(&at)) && utimensat(at.dir, at.last, ts, AT_SYMLINK_NOFOLLOW))
        err = HOST_ERR;
    at_done(&at);
    return err;
}

static int32_t path_create_directory(wasmc_wasi_t *w, int32_t fd, int32_t path,
                                     int32_t path_len)
{
    at_t at;
    int err;

    if ((err = resolve_at(w, fd, WASI_RIGHT_PATH_CREATE_DIRECTORY, path, path_len, &at)))
        return err;
    err = mkdirat(at.dir, at.last, 0777) ? HOST_ERR : 0;
    at_done(&at);
    return err;
}

static int32_t path_remove_directory(wasmc_wasi_t *w, int32_t fd, int32_t path,
                                     int32_t path_len)
{
    at_t at;
    int err;

    if ((err = resolve_at(w, fd, WASI_RIGHT_PATH_REMOVE_DIRECTORY, path, path_len, &at)))
        return err;
    err = unlinkat(at.dir, at.last, AT_REMOVEDIR) ? HOST_ERR : 0;
    at_done(&at);
    return err;
}

static int32_t path_unlink_file(wasmc_wasi_t *w, int32_t fd, int32_t path, int32_t path_len)
{
    at_t at;
    int err;

    if ((err = resolve_at(w, fd, WASI_RIGHT_PATH_UNLINK_FILE, path, path_len, &at)))
        return err;
    if (!(err = slash_check(&at)) && unlinkat(at.dir, at.last, 0))
        err = HOST_ERR;
    at_done(&at);
    return err;
}

/* A target longer than the buffer is cut short, as the spec allows. */
static int32_t path_readlink(wasmc_wasi_t *w, int32_t fd, int32_t path, int32_t path_len,
                             int32_t buf, int32_t buf_len, int32_t bufused)
{
    char *p = wasi_mem(w, buf, (uint32_t)buf_len), target[PATH_MAX];
    ssize_t n = 0;
    at_t at;
    int err;

    if (!p || !wasi_mem(w, bufused, 4))
        return WASI_EFAULT;
    if ((err = resolve_at(w, fd, WASI_RIGHT_PATH_READLINK, path, path_len, &at)))
        return err;
    if (!(err = slash_check(&at)) && at.slash)
        err = WASI_EINVAL;              /* a directory is not a symlink */
    if (!err && (n = readlinkat(at.dir, at.last, target, sizeof target)) < 0)
        err = HOST_ERR;
    at_done(&at);
    if (!err && n > (uint32_t)buf_len)
        n = (uint32_t)buf_len;
    if (!err)
        memcpy(p, target, (size_t)n);
    return err ? err : wasi_put32(w, bufused, (uint32_t)n);
}

/* The symlink's text is stored as given, but an absolute target is refused:
 * the guest could never follow it, and a host program might. */
static int32_t path_symlink(wasmc_wasi_t *w, int32_t old_path, int32_t old_path_len,
                            int32_t fd, int32_t new_path, int32_t new_path_len)
{
    char *target;
    at_t at;
    int err;

    if ((err = guest_path(w, old_path, old_path_len, &target)) != 0)
        return err;
    if (!(err = resolve_at(w, fd, WASI_RIGHT_PATH_SYMLINK, new_path, new_path_len, &at))) {
        if (at.slash)
            err = slash_check(&at) ? WASI_ENOENT : WASI_EEXIST;
        else if (symlinkat(target, at.dir, at.last))
            err = HOST_ERR;
        at_done(&at);
    }
    free(target);
    return err;
}

static int32_t path_rename(wasmc_wasi_t *w, int32_t fd, int32_t old_path,
                           int32_t old_path_len, int32_t new_fd, int32_t new_path,
                           int32_t new_path_len)
{
    at_t from, to;
    struct stat st;
    int err;

    if ((err = resolve_at(w, fd, WASI_RIGHT_PATH_RENAME_SOURCE, old_path, old_path_len, &from)))
        return err;
    if ((err = resolve_at(w, new_fd, WASI_RIGHT_PATH_RENAME_TARGET, new_path, new_path_len,
                          &to))) {
        at_done(&from);
        return err;
    }
    if (from.slash || to.slash) {   /* then only a directory may move */
        if (fstatat(from.dir, from.last, &st, AT_SYMLINK_NOFOLLOW) != 0)
            err = HOST_ERR;
        else if (!S_ISDIR(st.st_mode))
            err = WASI_ENOTDIR;
    }
    if (!err && renameat(from.dir, from.last, to.dir, to.last))
        err = HOST_ERR;
    at_done(&from);
    at_done(&to);
    return err;
}

/* With SYMLINK_FOLLOW the source is resolved (beneath) to what it names,
 * and that file is linked through its /proc/self/fd name. */
static int32_t path_link(wasmc_wasi_t *w, int32_t old_fd, int32_t old_flags,
                         int32_t old_path, int32_t old_path_len, int32_t new_fd,
                         int32_t new_path, int32_t new_path_len)
{
    at_t from, to;
    char proc[32];
    int src, err;

    if ((err = resolve_at(w, new_fd, WASI_RIGHT_PATH_LINK_TARGET, new_path, new_path_len, &to)))
        return err;
    if (to.slash) {
        err = slash_check(&to) ? WASI_ENOENT : WASI_EEXIST;
    } else if (old_flags & WASI_LOOKUP_SYMLINK_FOLLOW) {
        src = open_guest(w, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path, old_path_len,
                         O_PATH, 0);
        if (src < 0)
            err = -src;
        else {
            if (linkat(AT_FDCWD, proc_fd(src, proc), to.dir, to.last, AT_SYMLINK_FOLLOW) &&
                linkat(src, "", to.dir, to.last, AT_EMPTY_PATH))
                err = HOST_ERR;
            close(src);
        }
    } else if (!(err = resolve_at(w, old_fd, WASI_RIGHT_PATH_LINK_SOURCE, old_path,
                                  old_path_len, &from))) {
        if (!(err = slash_check(&from)) && linkat(from.dir, from.last, to.dir, to.last, 0))
            err = HOST_ERR;
        at_done(&from);
    }
    at_done(&to);
    return err;
}

const wasi_func_def_t wasi_path_funcs[] = {
    { "path_create_directory", "iii:i", (void *)path_create_directory },
    { "path_filestat_get", "iiiii:i", (void *)path_filestat_get },
    { "path_filestat_set_times", "iiiiIIi:i", (void *)path_filestat_set_times },
    { "path_link", "iiiiiii:i", (void *)path_link },
    { "path_open", "iiiiiIIii:i", (void *)path_open },
    { "path_readlink", "iiiiii:i", (void *)path_readlink },
    { "path_remove_directory", "iii:i", (void *)path_remove_directory },
    { "path_rename", "iiiiii:i", (void *)path_rename },
    { "path_symlink", "iiiii:i", (void *)path_symlink },
    { "path_unlink_file", "iii:i", (void *)path_unlink_file },
    { NULL, NULL, NULL },
};
