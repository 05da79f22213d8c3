/*
 * args.c - args_* and environ_*: the program's arguments and environment,
 * copied into the context by wasmc_wasi_new.
 *
 * Both pairs share one layout: *_sizes_get reports the count and the bytes
 * of NUL-terminated strings; *_get writes `count` u32 pointers and the
 * strings, packed, into a guest buffer of that size.
 */
#define _GNU_SOURCE 1   /* openat2 flags, O_PATH, accept4, ppoll, IOV_MAX */
#include "wasi.h"

static int32_t strings_sizes_get(wasmc_wasi_t *w, char **v, int n, int32_t count_ptr,
                                 int32_t size_ptr)
{
    uint64_t size = 0;
    int err;

    for (int i = 0; i < n; i++)
        size += strlen(v[i]) + 1;
    if (size > UINT32_MAX)
        return WASI_EOVERFLOW;
    if ((err = wasi_put32(w, count_ptr, (uint32_t)n)) != 0)
        return err;
    return wasi_put32(w, size_ptr, (uint32_t)size);
}

static int32_t strings_get(wasmc_wasi_t *w, char **v, int n, int32_t ptrs, int32_t buf)
{
    uint8_t *p = wasi_mem(w, ptrs, (uint64_t)n * 4);
    uint32_t at = (uint32_t)buf;

    if (!p)
        return WASI_EFAULT;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        void *dst = wasi_mem(w, (int32_t)at, len);
        if (!dst)
            return WASI_EFAULT;
        memcpy(dst, v[i], len);
        wasi_st32(p + 4 * (size_t)i, at);
        at += (uint32_t)len;
    }
    return WASI_ESUCCESS;
}

static int32_t args_sizes_get(wasmc_wasi_t *w, int32_t argc, int32_t argv_buf_size)
{
    return strings_sizes_get(w, w->argv, w->argc, argc, argv_buf_size);
}

static int32_t args_get(wasmc_wasi_t *w, int32_t argv, int32_t argv_buf)
{
    return strings_get(w, w->argv, w->argc, argv, argv_buf);
}

static int32_t environ_sizes_get(wasmc_wasi_t *w, int32_t environc, int32_t environ_buf_size)
{
    return strings_sizes_get(w, w->envp, w->envc, environc, environ_buf_size);
}

static int32_t environ_get(wasmc_wasi_t *w, int32_t environ, int32_t environ_buf)
{
    return strings_get(w, w->envp, w->envc, environ, environ_buf);
}

const wasi_func_def_t wasi_args_funcs[] = {
    { "args_get", "ii:i", (void *)args_get },
    { "args_sizes_get", "ii:i", (void *)args_sizes_get },
    { "environ_get", "ii:i", (void *)environ_get },
    { "environ_sizes_get", "ii:i", (void *)environ_sizes_get },
    { NULL, NULL, NULL },
};
