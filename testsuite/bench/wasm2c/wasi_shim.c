/*
 * wasi_shim.c - host glue for the "wasm2c" peer of the benchmark suite: a
 * main() that instantiates one wasm2c-translated module and the handful of
 * wasi_snapshot_preview1 functions the benchmarks import.  It is not a WASI
 * implementation: no filesystem, no preopens, an empty environment.
 *
 * Build (testsuite/bench/lib.sh does this):
 *     wasm2c -n bench prog.wasm -o DIR/bench.c       # also writes bench.h
 *     cc -O2 -I DIR -I /usr/share/wabt/wasm2c wasi_shim.c DIR/bench.c \
 *        /usr/share/wabt/wasm2c/wasm-rt-impl.c -lm
 *
 * The module name must be "bench" (wasm2c -n bench) so the symbols below
 * (Z_bench_*) match.  Every wasm import is declared by bench.h, so a module
 * importing a WASI function not defined here fails to link, which the
 * benchmark scripts report as "wasm2c: build failed".  Functions here that a
 * given module does not import are simply unused.
 *
 * Every pointer argument is an offset into the module's memory "memory" and
 * is bounds-checked; a bad one returns EFAULT (21) like a real WASI host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "wasm-rt-impl.h"

/* WASI errno values (wasi_snapshot_preview1 "errno" enum). */
enum {
    WASI_ESUCCESS = 0,
    WASI_EBADF = 8,
    WASI_EFAULT = 21,
    WASI_EINVAL = 28,
    WASI_EIO = 29,
    WASI_ESPIPE = 70,
};

/* The "instance" of the imported module wasi_snapshot_preview1. */
struct Z_wasi_snapshot_preview1_instance_t {
    wasm_rt_memory_t *mem;  /* the module's exported memory, set after instantiation */
    int argc;
    char **argv;            /* argv[0] is the program name, as WASI expects */
};

typedef struct Z_wasi_snapshot_preview1_instance_t Wasi;

static int host_errno(void)
{
    switch (errno) {
    case EBADF: return WASI_EBADF;
    case EINVAL: return WASI_EINVAL;
    case ESPIPE: return WASI_ESPIPE;
    case EFAULT: return WASI_EFAULT;
    default: return WASI_EIO;
    }
}

/* Pointer to mem[off .. off+len), or NULL if that range is out of bounds. */
static uint8_t *at(Wasi *w, uint32_t off, uint64_t len)
{
    if (!w->mem || (uint64_t)off + len > w->mem->size) return NULL;
    return w->mem->data + off;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }  /* host is little-endian */
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(Wasi *w, u32 argc_ptr, u32 size_ptr)
{
    uint8_t *pc = at(w, argc_ptr, 4), *ps = at(w, size_ptr, 4);
    if (!pc || !ps) return WASI_EFAULT;
    uint32_t size = 0;
    for (int i = 0; i < w->argc; i++) size += (uint32_t)strlen(w->argv[i]) + 1;
    put32(pc, (uint32_t)w->argc);
    put32(ps, size);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_args_get(Wasi *w, u32 argv_ptr, u32 buf_ptr)
{
    for (int i = 0; i < w->argc; i++) {
        uint32_t n = (uint32_t)strlen(w->argv[i]) + 1;
        uint8_t *slot = at(w, argv_ptr + 4u * (uint32_t)i, 4), *dst = at(w, buf_ptr, n);
        if (!slot || !dst) return WASI_EFAULT;
        memcpy(dst, w->argv[i], n);
        put32(slot, buf_ptr);
        buf_ptr += n;
    }
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_environ_sizes_get(Wasi *w, u32 count_ptr, u32 size_ptr)
{
    uint8_t *pc = at(w, count_ptr, 4), *ps = at(w, size_ptr, 4);
    if (!pc || !ps) return WASI_EFAULT;
    put32(pc, 0);
    put32(ps, 0);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_environ_get(Wasi *w, u32 environ_ptr, u32 buf_ptr)
{
    (void)w; (void)environ_ptr; (void)buf_ptr;
    return WASI_ESUCCESS;
}

/* Shared by fd_write and fd_read: runs op on each iovec in turn and stops
 * at the first short transfer, like writev/readv. */
static u32 do_iovs(Wasi *w, u32 fd, u32 iovs, u32 niovs, u32 nptr, int writing)
{
    uint8_t *pn = at(w, nptr, 4);
    if (!pn) return WASI_EFAULT;
    uint32_t total = 0;
    for (uint32_t i = 0; i < niovs; i++) {
        uint8_t *iov = at(w, iovs + 8 * i, 8);
        if (!iov) return WASI_EFAULT;
        uint32_t buf = get32(iov), len = get32(iov + 4);
        uint8_t *p = at(w, buf, len);
        if (!p) return WASI_EFAULT;
        ssize_t k = writing ? write((int)fd, p, len) : read((int)fd, p, len);
        if (k < 0) return (u32)host_errno();
        total += (uint32_t)k;
        if ((uint32_t)k < len) break;
    }
    put32(pn, total);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(Wasi *w, u32 fd, u32 iovs, u32 niovs, u32 nptr)
{
    return do_iovs(w, fd, iovs, niovs, nptr, 1);
}

u32 Z_wasi_snapshot_preview1Z_fd_read(Wasi *w, u32 fd, u32 iovs, u32 niovs, u32 nptr)
{
    return do_iovs(w, fd, iovs, niovs, nptr, 0);
}

u32 Z_wasi_snapshot_preview1Z_fd_close(Wasi *w, u32 fd)
{
    (void)w;
    if (fd <= 2) return WASI_ESUCCESS;  /* never close the host's stdio */
    return close((int)fd) == 0 ? WASI_ESUCCESS : (u32)host_errno();
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(Wasi *w, u32 fd, u64 offset, u32 whence, u32 newoff_ptr)
{
    uint8_t *p = at(w, newoff_ptr, 8);
    if (!p) return WASI_EFAULT;
    if (whence > 2) return WASI_EINVAL;  /* WASI's SET/CUR/END are 0/1/2 like POSIX */
    off_t r = lseek((int)fd, (off_t)offset, (int)whence);
    if (r < 0) return (u32)host_errno();
    put64(p, (uint64_t)r);
    return WASI_ESUCCESS;
}

/* fdstat: u8 filetype, u16 flags at 2, u64 rights_base at 8, u64
 * rights_inheriting at 16; 24 bytes. */
u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(Wasi *w, u32 fd, u32 stat_ptr)
{
    uint8_t *p = at(w, stat_ptr, 24);
    if (!p) return WASI_EFAULT;
    struct stat st;
    if (fstat((int)fd, &st) != 0) return (u32)host_errno();
    uint8_t type = S_ISCHR(st.st_mode) ? 2 : S_ISREG(st.st_mode) ? 4
                 : S_ISDIR(st.st_mode) ? 3 : S_ISFIFO(st.st_mode) ? 6 : 0;
    memset(p, 0, 24);
    p[0] = type;
    put64(p + 8, ~(uint64_t)0);
    put64(p + 16, ~(uint64_t)0);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_clock_time_get(Wasi *w, u32 id, u64 precision, u32 time_ptr)
{
    (void)precision;
    uint8_t *p = at(w, time_ptr, 8);
    if (!p) return WASI_EFAULT;
    static const clockid_t ids[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
                                     CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID };
    if (id > 3) return WASI_EINVAL;
    struct timespec ts;
    if (clock_gettime(ids[id], &ts) != 0) return (u32)host_errno();
    put64(p, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
    return WASI_ESUCCESS;
}

void Z_wasi_snapshot_preview1Z_proc_exit(Wasi *w, u32 code)
{
    (void)w;
    exit((int)code);  /* stdout is written unbuffered above, nothing to flush */
}

int main(int argc, char **argv)
{
    static Z_bench_instance_t inst;
    Wasi wasi = { NULL, argc, argv };

    wasm_rt_init();
    Z_bench_init_module();
    Z_bench_instantiate(&inst, &wasi);
    wasi.mem = Z_benchZ_memory(&inst);

    wasm_rt_trap_t trap = (wasm_rt_trap_t)wasm_rt_impl_try();
    if (trap != WASM_RT_TRAP_NONE) {
        fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror(trap));
        return 134;
    }
    Z_benchZ__start(&inst);
    return 0;  /* _start returned without proc_exit: exit status 0, as WASI says */
}
