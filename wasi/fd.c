/*
 * fd.c - the fd_* functions: reading, writing, seeking, stat, sync, the
 * fd table operations (close, renumber, fdstat, rights), the preopen
 * descriptions and fd_readdir.
 *
 * Each function finds its fd with wasi_fd_get, which checks the right the
 * call needs, checks every guest range before touching the host, and maps a
 * failed system call with wasi_errno.  Also here: the helpers path.c and
 * sock.c share (iovecs, filestat layout, timestamps).
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "wasi.h"

/* ---- shared helpers ------------------------------------------------------ */

int wasi_iovecs(wasmc_wasi_t *w, int32_t iovs, int32_t iovs_len, struct iovec **out, int *n)
{
    uint32_t count = (uint32_t)iovs_len < IOV_MAX ? (uint32_t)iovs_len : IOV_MAX;
    uint8_t *p = wasi_mem(w, iovs, (uint64_t)(uint32_t)iovs_len * 8);
    struct iovec *v;

    if (!p)
        return WASI_EFAULT;
    if (!(v = malloc((count ? count : 1) * sizeof *v)))
        return WASI_ENOMEM;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t len = wasi_ld32(p + 8 * i + 4);
        if (!(v[i].iov_base = wasi_mem(w, (int32_t)wasi_ld32(p + 8 * i), len))) {
            free(v);
            return WASI_EFAULT;
        }
        v[i].iov_len = len;
    }
    *out = v;
    *n = (int)count;
    return WASI_ESUCCESS;
}

void wasi_filestat(void *p, const struct stat *st, uint8_t type)
{
    uint8_t *b = p;

    memset(b, 0, 64);
    wasi_st64(b + 0, (uint64_t)st->st_dev);
    wasi_st64(b + 8, (uint64_t)st->st_ino);
    wasi_st8(b + 16, type);
    wasi_st64(b + 24, (uint64_t)st->st_nlink);
    wasi_st64(b + 32, (uint64_t)st->st_size);
    wasi_st64(b + 40, (uint64_t)st->st_atim.tv_sec * 1000000000u + (uint64_t)st->st_atim.tv_nsec);
    wasi_st64(b + 48, (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec);
    wasi_st64(b + 56, (uint64_t)st->st_ctim.tv_sec * 1000000000u + (uint64_t)st->st_ctim.tv_nsec);
}

static int timespec_of(int64_t t, int set, int now, struct timespec *ts)
{
    if (set && now)
        return WASI_EINVAL;
    if (now)
        ts->tv_nsec = UTIME_NOW;
    else if (!set)
        ts->tv_nsec = UTIME_OMIT;
    else {
        ts->tv_sec = (time_t)((uint64_t)t / 1000000000u);
        ts->tv_nsec = (long)((uint64_t)t % 1000000000u);
    }
    return WASI_ESUCCESS;
}

int wasi_timespecs(int64_t atim, int64_t mtim, int32_t fst, struct timespec ts[2])
{
    if (fst & ~0xf)
        return WASI_EINVAL;
    if (timespec_of(atim, fst & WASI_FSTFLAG_ATIM, fst & WASI_FSTFLAG_ATIM_NOW, &ts[0]))
        return WASI_EINVAL;
    return timespec_of(mtim, fst & WASI_FSTFLAG_MTIM, fst & WASI_FSTFLAG_MTIM_NOW, &ts[1]);
}

/* The errno of the last failed call, as a WASI errno. */
#define HOST_ERR wasi_errno(errno)

/* ---- reading and writing ------------------------------------------------- */

/* Runs readv/writev/preadv/pwritev on fd's iovecs and stores the count. */
static int32_t transfer(wasmc_wasi_t *w, int32_t fd, uint64_t right, int32_t iovs,
                        int32_t iovs_len, int64_t offset, int32_t result)
{
    struct iovec *v;
    wasi_fd_t *f;
    ssize_t n;
    int err, cnt;

    if (!(f = wasi_fd_get(w, fd, right, &err)))
        return err;
    if (!wasi_mem(w, result, 4))
        return WASI_EFAULT;
    if (offset < -1)
        return WASI_EINVAL;
    if ((err = wasi_iovecs(w, iovs, iovs_len, &v, &cnt)) != 0)
        return err;
    if (right & WASI_RIGHT_FD_READ)
        n = offset < 0 ? readv(f->host, v, cnt) : preadv(f->host, v, cnt, offset);
    else
        n = offset < 0 ? writev(f->host, v, cnt) : pwritev(f->host, v, cnt, offset);
    err = n < 0 ? HOST_ERR : 0;
    free(v);
    return err ? err : wasi_put32(w, result, (uint32_t)n);
}

static int32_t fd_read(wasmc_wasi_t *w, int32_t fd, int32_t iovs, int32_t iovs_len,
                       int32_t nread)
{
    return transfer(w, fd, WASI_RIGHT_FD_READ, iovs, iovs_len, -1, nread);
}

static int32_t fd_write(wasmc_wasi_t *w, int32_t fd, int32_t iovs, int32_t iovs_len,
                        int32_t nwritten)
{
    return transfer(w, fd, WASI_RIGHT_FD_WRITE, iovs, iovs_len, -1, nwritten);
}

/* The offsets of pread/pwrite are u64; above INT64_MAX they are invalid. */
static int32_t fd_pread(wasmc_wasi_t *w, int32_t fd, int32_t iovs, int32_t iovs_len,
                        int64_t offset, int32_t nread)
{
    if (offset < 0)
        return WASI_EINVAL;
    return transfer(w, fd, WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK, iovs, iovs_len,
                    offset, nread);
}

static int32_t fd_pwrite(wasmc_wasi_t *w, int32_t fd, int32_t iovs, int32_t iovs_len,
                         int64_t offset, int32_t nwritten)
{
    if (offset < 0)
        return WASI_EINVAL;
    return transfer(w, fd, WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_SEEK, iovs, iovs_len,
                    offset, nwritten);
}

static int32_t fd_seek(wasmc_wasi_t *w, int32_t fd, int64_t offset, int32_t whence,
                       int32_t newoffset)
{
    static const int whences[] = { SEEK_SET, SEEK_CUR, SEEK_END };
    uint64_t right = offset == 0 && whence == WASI_WHENCE_CUR ? WASI_RIGHT_FD_TELL
                                                              : WASI_RIGHT_FD_SEEK;
    wasi_fd_t *f;
    off_t at;
    int err;

    if (!(f = wasi_fd_get(w, fd, right, &err)))
        return err;
    if (whence < 0 || whence > 2)
        return WASI_EINVAL;
    if (!wasi_mem(w, newoffset, 8))
        return WASI_EFAULT;
    if ((at = lseek(f->host, offset, whences[whence])) < 0)
        return HOST_ERR;
    return wasi_put64(w, newoffset, (uint64_t)at);
}

static int32_t fd_tell(wasmc_wasi_t *w, int32_t fd, int32_t offset)
{
    return fd_seek(w, fd, 0, WASI_WHENCE_CUR, offset);
}

/* ---- file state ----------------------------------------------------------- */

static int32_t fd_advise(wasmc_wasi_t *w, int32_t fd, int64_t offset, int64_t len,
                         int32_t advice)
{
    static const int advices[] = { POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL,
                                   POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
                                   POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE };
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_ADVISE, &err)))
        return err;
    if (advice < 0 || advice > 5 || offset < 0 || len < 0)
        return WASI_EINVAL;
    err = posix_fadvise(f->host, offset, len, advices[advice]);
    return err ? wasi_errno(err) : WASI_ESUCCESS;
}

static int32_t fd_allocate(wasmc_wasi_t *w, int32_t fd, int64_t offset, int64_t len)
{
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_ALLOCATE, &err)))
        return err;
    if (offset < 0 || len <= 0)
        return WASI_EINVAL;
    err = posix_fallocate(f->host, offset, len);
    return err ? wasi_errno(err) : WASI_ESUCCESS;
}

static int32_t fd_datasync(wasmc_wasi_t *w, int32_t fd)
{
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_DATASYNC, &err)))
        return err;
    return fdatasync(f->host) ? HOST_ERR : WASI_ESUCCESS;
}

static int32_t fd_sync(wasmc_wasi_t *w, int32_t fd)
{
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_SYNC, &err)))
        return err;
    return fsync(f->host) ? HOST_ERR : WASI_ESUCCESS;
}

static int32_t fd_filestat_get(wasmc_wasi_t *w, int32_t fd, int32_t buf)
{
    void *p = wasi_mem(w, buf, 64);
    struct stat st;
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_FILESTAT_GET, &err)))
        return err;
    if (!p)
        return WASI_EFAULT;
    if (fstat(f->host, &st) != 0)
        return HOST_ERR;
    wasi_filestat(p, &st, wasi_filetype(f->host, st.st_mode));
    return WASI_ESUCCESS;
}

static int32_t fd_filestat_set_size(wasmc_wasi_t *w, int32_t fd, int64_t size)
{
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_FILESTAT_SET_SIZE, &err)))
        return err;
    if (size < 0)
        return WASI_EINVAL;
    return ftruncate(f->host, size) ? HOST_ERR : WASI_ESUCCESS;
}

static int32_t fd_filestat_set_times(wasmc_wasi_t *w, int32_t fd, int64_t atim,
                                     int64_t mtim, int32_t fst_flags)
{
    struct timespec ts[2];
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_FILESTAT_SET_TIMES, &err)))
        return err;
    if ((err = wasi_timespecs(atim, mtim, fst_flags, ts)) != 0)
        return err;
    return futimens(f->host, ts) ? HOST_ERR : WASI_ESUCCESS;
}

/* ---- the fd table --------------------------------------------------------- */

static int32_t fd_close(wasmc_wasi_t *w, int32_t fd)
{
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, 0, &err)))
        return err;
    wasi_fd_release(f);
    return WASI_ESUCCESS;
}

/* Moves `fd` to number `to`, closing what `to` was; both must be open. */
static int32_t fd_renumber(wasmc_wasi_t *w, int32_t fd, int32_t to)
{
    wasi_fd_t *f, *t;
    int err;

    if (!(f = wasi_fd_get(w, fd, 0, &err)) || !(t = wasi_fd_get(w, to, 0, &err)))
        return err;
    if (f == t)
        return WASI_ESUCCESS;
    wasi_fd_release(t);
    *t = *f;
    *f = (wasi_fd_t){ .host = -1 };
    return WASI_ESUCCESS;
}

static int32_t fd_fdstat_get(wasmc_wasi_t *w, int32_t fd, int32_t buf)
{
    uint8_t *p = wasi_mem(w, buf, 24);
    uint16_t flags = 0;
    wasi_fd_t *f;
    int err, fl;

    if (!(f = wasi_fd_get(w, fd, 0, &err)))
        return err;
    if (!p)
        return WASI_EFAULT;
    if ((fl = fcntl(f->host, F_GETFL)) < 0)
        return HOST_ERR;
    if (fl & O_APPEND)
        flags |= WASI_FDFLAG_APPEND;
    if (fl & O_NONBLOCK)
        flags |= WASI_FDFLAG_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC)
        flags |= WASI_FDFLAG_SYNC;
    else if (fl & O_DSYNC)
        flags |= WASI_FDFLAG_DSYNC;
    memset(p, 0, 24);
    wasi_st8(p, f->type);
    wasi_st16(p + 2, flags);
    wasi_st64(p + 8, f->rights);
    wasi_st64(p + 16, f->inheriting);
    return WASI_ESUCCESS;
}

/* Only APPEND and NONBLOCK can change on Linux; the sync flags are ignored
 * by F_SETFL, as they are natively. */
static int32_t fd_fdstat_set_flags(wasmc_wasi_t *w, int32_t fd, int32_t flags)
{
    wasi_fd_t *f;
    int err, fl;

    if (!(f = wasi_fd_get(w, fd, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &err)))
        return err;
    if (flags & ~0x1f)
        return WASI_EINVAL;
    if ((fl = fcntl(f->host, F_GETFL)) < 0)
        return HOST_ERR;
    fl &= ~(O_APPEND | O_NONBLOCK);
    if (flags & WASI_FDFLAG_APPEND)
        fl |= O_APPEND;
    if (flags & WASI_FDFLAG_NONBLOCK)
        fl |= O_NONBLOCK;
    return fcntl(f->host, F_SETFL, fl) ? HOST_ERR : WASI_ESUCCESS;
}

/* Rights can only shrink. */
static int32_t fd_fdstat_set_rights(wasmc_wasi_t *w, int32_t fd, int64_t base,
                                    int64_t inheriting)
{
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, 0, &err)))
        return err;
    if (((uint64_t)base & ~f->rights) || ((uint64_t)inheriting & ~f->inheriting))
        return WASI_ENOTCAPABLE;
    f->rights = (uint64_t)base;
    f->inheriting = (uint64_t)inheriting;
    return WASI_ESUCCESS;
}

/* ---- preopens ------------------------------------------------------------- */

/* BADF for every fd that is not a preopen: wasi-libc scans from fd 3 up to
 * the first BADF to learn the preopens. */
static int32_t fd_prestat_get(wasmc_wasi_t *w, int32_t fd, int32_t buf)
{
    uint8_t *p = wasi_mem(w, buf, 8);
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, 0, &err)))
        return err;
    if (!f->preopen)
        return WASI_EBADF;
    if (!p)
        return WASI_EFAULT;
    memset(p, 0, 8);
    wasi_st32(p + 4, (uint32_t)strlen(f->preopen));
    return WASI_ESUCCESS;
}

static int32_t fd_prestat_dir_name(wasmc_wasi_t *w, int32_t fd, int32_t path,
                                   int32_t path_len)
{
    wasi_fd_t *f;
    size_t len;
    void *p;
    int err;

    if (!(f = wasi_fd_get(w, fd, 0, &err)))
        return err;
    if (!f->preopen)
        return WASI_EBADF;
    len = strlen(f->preopen);
    if ((uint32_t)path_len < len)
        return WASI_ENAMETOOLONG;
    if (!(p = wasi_mem(w, path, len)))
        return WASI_EFAULT;
    memcpy(p, f->preopen, len);
    return WASI_ESUCCESS;
}

/* ---- directories ---------------------------------------------------------- */

static uint8_t dirent_type(DIR *d, const struct dirent *de)
{
    struct stat st;

    switch (de->d_type) {
    case DT_REG: return WASI_FILETYPE_REGULAR_FILE;
    case DT_DIR: return WASI_FILETYPE_DIRECTORY;
    case DT_LNK: return WASI_FILETYPE_SYMBOLIC_LINK;
    case DT_CHR: return WASI_FILETYPE_CHARACTER_DEVICE;
    case DT_BLK: return WASI_FILETYPE_BLOCK_DEVICE;
    case DT_SOCK: return WASI_FILETYPE_SOCKET_STREAM;
    case DT_UNKNOWN:
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            return wasi_filetype(-1, st.st_mode);
        return WASI_FILETYPE_UNKNOWN;
    default: return WASI_FILETYPE_UNKNOWN;
    }
}

/* Puts f's stream at entry number `cookie` (cookies count entries from 0).
 * The usual request is the next entry, or the one before it when the guest's
 * buffer cut that entry short; anything else rewinds and skips. */
static int dir_seek(wasi_fd_t *f, uint64_t cookie)
{
    if (!f->dir) {
        int fd = openat(f->host, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
            return HOST_ERR;
        if (!(f->dir = fdopendir(fd))) {
            close(fd);
            return HOST_ERR;
        }
        f->dir_pos = 0;
        f->dir_prev = -1;
    }
    if (cookie == f->dir_pos)
        return WASI_ESUCCESS;
    if (cookie + 1 == f->dir_pos && f->dir_prev >= 0) {
        seekdir(f->dir, f->dir_prev);
        f->dir_pos = cookie;
        f->dir_prev = -1;
        return WASI_ESUCCESS;
    }
    rewinddir(f->dir);
    for (f->dir_pos = 0, f->dir_prev = -1; f->dir_pos < cookie; f->dir_pos++)
        if (!readdir(f->dir))
            break;
    return WASI_ESUCCESS;
}

/* Fills buf with dirents (24-byte header, then the name) from `cookie` on;
 * the last one may be cut short, which tells the guest to come back. */
static int32_t fd_readdir(wasmc_wasi_t *w, int32_t fd, int32_t buf, int32_t buf_len,
                          int64_t cookie, int32_t bufused)
{
    uint8_t *out = wasi_mem(w, buf, (uint32_t)buf_len), hdr[24];
    uint32_t used = 0, size = (uint32_t)buf_len;
    struct dirent *de;
    wasi_fd_t *f;
    int err;

    if (!(f = wasi_fd_get(w, fd, 0, &err)))
        return err;
    if (f->type != WASI_FILETYPE_DIRECTORY)
        return WASI_ENOTDIR;
    if (!wasi_fd_get(w, fd, WASI_RIGHT_FD_READDIR, &err))
        return err;
    if (!out || !wasi_mem(w, bufused, 4))
        return WASI_EFAULT;
    if ((err = dir_seek(f, (uint64_t)cookie)) != 0)
        return err;
    while (used < size) {
        long here = telldir(f->dir);
        uint32_t namlen, n;
        errno = 0;
        if (!(de = readdir(f->dir))) {
            if (errno)
                return HOST_ERR;
            break;
        }
        f->dir_prev = here;
        f->dir_pos++;
        namlen = (uint32_t)strlen(de->d_name);
        memset(hdr, 0, sizeof hdr);
        wasi_st64(hdr, f->dir_pos);
        wasi_st64(hdr + 8, (uint64_t)de->d_ino);
        wasi_st32(hdr + 16, namlen);
        wasi_st8(hdr + 20, dirent_type(f->dir, de));
        n = size - used < 24 ? size - used : 24;
        memcpy(out + used, hdr, n);
        used += n;
        n = size - used < namlen ? size - used : namlen;
        memcpy(out + used, de->d_name, n);
        used += n;
    }
    return wasi_put32(w, bufused, used);
}

const wasi_func_def_t wasi_fd_funcs[] = {
    { "fd_advise", "iIIi:i", (void *)fd_advise },
    { "fd_allocate", "iII:i", (void *)fd_allocate },
    { "fd_close", "i:i", (void *)fd_close },
    { "fd_datasync", "i:i", (void *)fd_datasync },
    { "fd_fdstat_get", "ii:i", (void *)fd_fdstat_get },
    { "fd_fdstat_set_flags", "ii:i", (void *)fd_fdstat_set_flags },
    { "fd_fdstat_set_rights", "iII:i", (void *)fd_fdstat_set_rights },
    { "fd_filestat_get", "ii:i", (void *)fd_filestat_get },
    { "fd_filestat_set_size", "iI:i", (void *)fd_filestat_set_size },
    { "fd_filestat_set_times", "iIIi:i", (void *)fd_filestat_set_times },
    { "fd_pread", "iiiIi:i", (void *)fd_pread },
    { "fd_prestat_get", "ii:i", (void *)fd_prestat_get },
    { "fd_prestat_dir_name", "iii:i", (void *)fd_prestat_dir_name },
    { "fd_pwrite", "iiiIi:i", (void *)fd_pwrite },
    { "fd_read", "iiii:i", (void *)fd_read },
    { "fd_readdir", "iiiIi:i", (void *)fd_readdir },
    { "fd_renumber", "ii:i", (void *)fd_renumber },
    { "fd_seek", "iIii:i", (void *)fd_seek },
    { "fd_sync", "i:i", (void *)fd_sync },
    { "fd_tell", "ii:i", (void *)fd_tell },
    { "fd_write", "iiii:i", (void *)fd_write },
    { NULL, NULL, NULL },
};
