/*
 * wasi.h - internals of the WASI preview1 layer (the files of wasi/).
 *
 * The public side is include/wasmc_wasi.h.  Compiled code calls the
 * functions of "wasi_snapshot_preview1" directly as
 *     int32_t fn(wasmc_wasi_t *w, <i32/i64 params>)
 * so every function here takes guest pointers as int32_t offsets into the
 * bound memory, checks them with wasi_mem(), and returns a WASI errno.
 *
 * Each family file (args.c, clock.c, fd.c, path.c, poll.c, proc.c, sock.c)
 * keeps its functions static, under the spec's own names, and exports one
 * table of rows {name, signature, code}; ctx.c joins the tables into the 46
 * function objects of a context.  The functions stay static so names such
 * as sched_yield never clash with the C library's in a linked program.
 *
 * Sections: constants of the ABI, the context and its fd table (ctx.c),
 * guest memory access, errno mapping, the function tables, path
 * resolution (path.c).
 */
#ifndef WASMC_WASI_INTERNAL_H
#define WASMC_WASI_INTERNAL_H

#include <stdint.h>
#include <string.h>
#include <dirent.h>
#include <time.h>

#include "wasmc_wasi.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the WASI layer assumes a little-endian host (guest memory is little-endian)"
#endif

/* ---- ABI constants (witx names, wasi_snapshot_preview1) ------------------ */

enum {
    WASI_ESUCCESS = 0, WASI_E2BIG = 1, WASI_EACCES = 2, WASI_EADDRINUSE = 3,
    WASI_EADDRNOTAVAIL = 4, WASI_EAFNOSUPPORT = 5, WASI_EAGAIN = 6,
    WASI_EALREADY = 7, WASI_EBADF = 8, WASI_EBADMSG = 9, WASI_EBUSY = 10,
    WASI_ECANCELED = 11, WASI_ECHILD = 12, WASI_ECONNABORTED = 13,
    WASI_ECONNREFUSED = 14, WASI_ECONNRESET = 15, WASI_EDEADLK = 16,
    WASI_EDESTADDRREQ = 17, WASI_EDOM = 18, WASI_EDQUOT = 19, WASI_EEXIST = 20,
    WASI_EFAULT = 21, WASI_EFBIG = 22, WASI_EHOSTUNREACH = 23, WASI_EIDRM = 24,
    WASI_EILSEQ = 25, WASI_EINPROGRESS = 26, WASI_EINTR = 27, WASI_EINVAL = 28,
    WASI_EIO = 29, WASI_EISCONN = 30, WASI_EISDIR = 31, WASI_ELOOP = 32,
    WASI_EMFILE = 33, WASI_EMLINK = 34, WASI_EMSGSIZE = 35, WASI_EMULTIHOP = 36,
    WASI_ENAMETOOLONG = 37, WASI_ENETDOWN = 38, WASI_ENETRESET = 39,
    WASI_ENETUNREACH = 40, WASI_ENFILE = 41, WASI_ENOBUFS = 42, WASI_ENODEV = 43,
    WASI_ENOENT = 44, WASI_ENOEXEC = 45, WASI_ENOLCK = 46, WASI_ENOLINK = 47,
    WASI_ENOMEM = 48, WASI_ENOMSG = 49, WASI_ENOPROTOOPT = 50, WASI_ENOSPC = 51,
    WASI_ENOSYS = 52, WASI_ENOTCONN = 53, WASI_ENOTDIR = 54, WASI_ENOTEMPTY = 55,
    WASI_ENOTRECOVERABLE = 56, WASI_ENOTSOCK = 57, WASI_ENOTSUP = 58,
    WASI_ENOTTY = 59, WASI_ENXIO = 60, WASI_EOVERFLOW = 61, WASI_EOWNERDEAD = 62,
    WASI_EPERM = 63, WASI_EPIPE = 64, WASI_EPROTO = 65,
    WASI_EPROTONOSUPPORT = 66, WASI_EPROTOTYPE = 67, WASI_ERANGE = 68,
    WASI_EROFS = 69, WASI_ESPIPE = 70, WASI_ESRCH = 71, WASI_ESTALE = 72,
    WASI_ETIMEDOUT = 73, WASI_ETXTBSY = 74, WASI_EXDEV = 75,
    WASI_ENOTCAPABLE = 76,
};

/* File types (filestat.filetype, fdstat.fs_filetype, dirent.d_type). */
enum {
    WASI_FILETYPE_UNKNOWN = 0, WASI_FILETYPE_BLOCK_DEVICE = 1,
    WASI_FILETYPE_CHARACTER_DEVICE = 2, WASI_FILETYPE_DIRECTORY = 3,
    WASI_FILETYPE_REGULAR_FILE = 4, WASI_FILETYPE_SOCKET_DGRAM = 5,
    WASI_FILETYPE_SOCKET_STREAM = 6, WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

/* Rights: one bit each, in witx order. */
#define WASI_RIGHT(n) ((uint64_t)1 << (n))
#define WASI_RIGHT_FD_DATASYNC             WASI_RIGHT(0)
#define WASI_RIGHT_FD_READ                 WASI_RIGHT(1)
#define WASI_RIGHT_FD_SEEK                 WASI_RIGHT(2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS     WASI_RIGHT(3)
#define WASI_RIGHT_FD_SYNC                 WASI_RIGHT(4)
#define WASI_RIGHT_FD_TELL                 WASI_RIGHT(5)
#define WASI_RIGHT_FD_WRITE                WASI_RIGHT(6)
#define WASI_RIGHT_FD_ADVISE               WASI_RIGHT(7)
#define WASI_RIGHT_FD_ALLOCATE             WASI_RIGHT(8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY   WASI_RIGHT(9)
#define WASI_RIGHT_PATH_CREATE_FILE        WASI_RIGHT(10)
#define WASI_RIGHT_PATH_LINK_SOURCE        WASI_RIGHT(11)
#define WASI_RIGHT_PATH_LINK_TARGET        WASI_RIGHT(12)
#define WASI_RIGHT_PATH_OPEN               WASI_RIGHT(13)
#define WASI_RIGHT_FD_READDIR              WASI_RIGHT(14)
#define WASI_RIGHT_PATH_READLINK           WASI_RIGHT(15)
#define WASI_RIGHT_PATH_RENAME_SOURCE      WASI_RIGHT(16)
#define WASI_RIGHT_PATH_RENAME_TARGET      WASI_RIGHT(17)
#define WASI_RIGHT_PATH_FILESTAT_GET       WASI_RIGHT(18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE  WASI_RIGHT(19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES WASI_RIGHT(20)
#define WASI_RIGHT_FD_FILESTAT_GET         WASI_RIGHT(21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE    WASI_RIGHT(22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES   WASI_RIGHT(23)
#define WASI_RIGHT_PATH_SYMLINK            WASI_RIGHT(24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY   WASI_RIGHT(25)
#define WASI_RIGHT_PATH_UNLINK_FILE        WASI_RIGHT(26)
#define WASI_RIGHT_POLL_FD_READWRITE       WASI_RIGHT(27)
#define WASI_RIGHT_SOCK_SHUTDOWN           WASI_RIGHT(28)
#define WASI_RIGHT_SOCK_ACCEPT             WASI_RIGHT(29)
#define WASI_RIGHTS_ALL                    (WASI_RIGHT(30) - 1)

/* What an fd of each kind can ever be granted (fd_fdstat_get reports these,
 * narrowed by the open mode and by fd_fdstat_set_rights). */
#define WASI_RIGHTS_DIR \
    (WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_ADVISE | \
     WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE | \
     WASI_RIGHT_PATH_LINK_SOURCE | WASI_RIGHT_PATH_LINK_TARGET | WASI_RIGHT_PATH_OPEN | \
     WASI_RIGHT_FD_READDIR | WASI_RIGHT_PATH_READLINK | WASI_RIGHT_PATH_RENAME_SOURCE | \
     WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_FILESTAT_GET | \
     WASI_RIGHT_PATH_FILESTAT_SET_SIZE | WASI_RIGHT_PATH_FILESTAT_SET_TIMES | \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_TIMES | \
     WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY | \
     WASI_RIGHT_PATH_UNLINK_FILE | WASI_RIGHT_FD_DATASYNC)
#define WASI_RIGHTS_FILE \
    (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ | WASI_RIGHT_FD_SEEK | \
     WASI_RIGHT_FD_FDSTAT_SET_FLAGS | WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_TELL | \
     WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE | \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_SIZE | \
     WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_POLL_FD_READWRITE)
#define WASI_RIGHTS_SOCK \
    (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_FDSTAT_SET_FLAGS | \
     WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_POLL_FD_READWRITE | \
     WASI_RIGHT_SOCK_SHUTDOWN | WASI_RIGHT_SOCK_ACCEPT)
/* Rights that need the host fd open for reading / for writing. */
#define WASI_RIGHTS_READING (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR)
#define WASI_RIGHTS_WRITING \
    (WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE | \
     WASI_RIGHT_FD_FILESTAT_SET_SIZE)

/* fdflags, oflags, lookupflags, fstflags, whence, clocks, events. */
enum { WASI_FDFLAG_APPEND = 1, WASI_FDFLAG_DSYNC = 2, WASI_FDFLAG_NONBLOCK = 4,
       WASI_FDFLAG_RSYNC = 8, WASI_FDFLAG_SYNC = 16 };
enum { WASI_O_CREAT = 1, WASI_O_DIRECTORY = 2, WASI_O_EXCL = 4, WASI_O_TRUNC = 8 };
enum { WASI_LOOKUP_SYMLINK_FOLLOW = 1 };
enum { WASI_FSTFLAG_ATIM = 1, WASI_FSTFLAG_ATIM_NOW = 2, WASI_FSTFLAG_MTIM = 4,
       WASI_FSTFLAG_MTIM_NOW = 8 };
enum { WASI_WHENCE_SET = 0, WASI_WHENCE_CUR = 1, WASI_WHENCE_END = 2 };
enum { WASI_CLOCK_REALTIME = 0, WASI_CLOCK_MONOTONIC = 1,
       WASI_CLOCK_PROCESS_CPUTIME_ID = 2, WASI_CLOCK_THREAD_CPUTIME_ID = 3 };
enum { WASI_EVENTTYPE_CLOCK = 0, WASI_EVENTTYPE_FD_READ = 1,
       WASI_EVENTTYPE_FD_WRITE = 2 };

/* ---- the context (ctx.c) ------------------------------------------------- */

/* One guest file descriptor; the guest number is its index in the table. */
typedef struct wasi_fd_t {
    int host;              /* host descriptor, -1 for a free slot */
    uint8_t type;          /* WASI_FILETYPE_* */
    char *preopen;         /* guest name of a preopened directory, else NULL */
    uint64_t rights, inheriting;
    DIR *dir;              /* fd_readdir stream, opened on first use */
    uint64_t dir_pos;      /* entries consumed from `dir` (= next cookie) */
    long dir_prev;         /* telldir() before the last entry consumed */
} wasi_fd_t;

#define WASI_NFUNCS 46

struct wasmc_wasi_t {
    char **argv;           /* argc strings, copied */
    char **envp;           /* envc "NAME=value" strings, copied */
    int argc, envc;
    wasi_fd_t *fds;
    uint32_t nfds;         /* slots in fds[], free ones included */
    wasmc_rt_memory_t *mem; /* bound by wasmc_wasi_bind; NULL until then */
    wasmc_rt_func_t funcs[WASI_NFUNCS];  /* what wasmc_wasi_resolve hands out */
    const char *names[WASI_NFUNCS];      /* their spec names */
};

/* The open fd `fd` if it has every right in `rights`; otherwise NULL with
 * *err set to BADF or NOTCAPABLE. */
wasi_fd_t *wasi_fd_get(wasmc_wasi_t *w, int32_t fd, uint64_t rights, int *err);

/* Enters host descriptor `host` in the lowest free slot, taking ownership;
 * fills type and rights from what the host says it is (narrowed to the
 * open mode), then by `rights`/`inheriting`.  Returns the guest fd, or -1
 * (host closed) when the table cannot grow. */
int32_t wasi_fd_add(wasmc_wasi_t *w, int host, uint64_t rights, uint64_t inheriting);

/* Frees slot *f: closes its host descriptor (never host 0-2) and stream. */
void wasi_fd_release(wasi_fd_t *f);

/* The WASI file type of a host st_mode (and of a socket's SO_TYPE). */
uint8_t wasi_filetype(int host, unsigned mode);

/* ---- guest memory -------------------------------------------------------- */

/* Host address of guest range [ptr, ptr+len), or NULL when any byte of it
 * lies outside the bound memory.  The pointer is only good until the guest
 * runs again (memory.grow keeps the base, so in practice it stays good). */
static inline void *wasi_mem(wasmc_wasi_t *w, int32_t ptr, uint64_t len)
{
    if (!w->mem || (uint64_t)(uint32_t)ptr + len > w->mem->size)
        return NULL;
    return w->mem->base + (uint32_t)ptr;
}

/* Little-endian loads and stores at possibly unaligned host addresses. */
static inline uint16_t wasi_ld16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t wasi_ld32(const void *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t wasi_ld64(const void *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline void wasi_st8(void *p, uint8_t v) { memcpy(p, &v, 1); }
static inline void wasi_st16(void *p, uint16_t v) { memcpy(p, &v, 2); }
static inline void wasi_st32(void *p, uint32_t v) { memcpy(p, &v, 4); }
static inline void wasi_st64(void *p, uint64_t v) { memcpy(p, &v, 8); }

/* Stores a u32/u64 result at a guest address; FAULT when out of range. */
int wasi_put32(wasmc_wasi_t *w, int32_t ptr, uint32_t v);
int wasi_put64(wasmc_wasi_t *w, int32_t ptr, uint64_t v);

/* Reads a guest (c)iovec array into *out (malloc'd, caller frees).  Only the
 * first IOV_MAX entries are used: a shorter transfer is always allowed.
 * Returns 0 or FAULT/NOMEM; *n is the number of entries. */
struct iovec;
int wasi_iovecs(wasmc_wasi_t *w, int32_t iovs, int32_t iovs_len,
                struct iovec **out, int *n);

/* Writes a host struct stat as a preview1 filestat (64 bytes) to guest p. */
struct stat;
void wasi_filestat(void *p, const struct stat *st, uint8_t type);

/* Fills ts[0] (atime), ts[1] (mtime) for utimensat from preview1 fstflags;
 * INVAL for contradicting flags. */
int wasi_timespecs(int64_t atim, int64_t mtim, int32_t fst_flags, struct timespec ts[2]);

/* ---- errno mapping (ctx.c) ----------------------------------------------- */

/* The WASI errno for a host errno value (IO for the unknown ones). */
int wasi_errno(int host_errno);

/* ---- function tables (one per family file) ------------------------------- */

/* One row: the spec name, the signature string (see wasmc_rt_type_id: i=i32
 * I=i64, params ':' results) and the native code. */
typedef struct wasi_func_def_t {
    const char *name;
    const char *sig;
    void *code;
} wasi_func_def_t;

/* Each ends with a row whose name is NULL. */
extern const wasi_func_def_t wasi_args_funcs[], wasi_clock_funcs[],
    wasi_fd_funcs[], wasi_path_funcs[], wasi_poll_funcs[], wasi_proc_funcs[],
    wasi_sock_funcs[];

/* ---- sandboxed path resolution (path.c) ---------------------------------- */

/* Opens relative `path` beneath host directory `dirfd` with open(2) flags
 * `flags` (O_NOFOLLOW: do not follow a symlink in the last component).
 * No step of the walk, `..` or symlink, may leave dirfd.  Returns the host
 * fd, or minus a WASI errno (NOTCAPABLE for an escape). */
int wasi_open_beneath(int dirfd, const char *path, int flags, unsigned mode);

/* For tests: nonzero makes wasi_open_beneath use its portable walk instead
 * of openat2(RESOLVE_BENEATH). */
extern int wasi_no_openat2;

#endif /* WASMC_WASI_INTERNAL_H */
