/*
 * wasmc_wasi.h - WASI preview1 (wasi_snapshot_preview1) for wasmc programs.
 *
 * A WASI context holds what a WASI program may see: its arguments, its
 * environment, its file descriptors, and the directories preopened for it.
 * Nothing outside the preopened directories is reachable through it.
 *
 *     wasmc_wasi_t *w = wasmc_wasi_new(argc, argv, environ);
 *     wasmc_wasi_preopen(w, "/srv/data", "/data");
 *     // bind before the module's code runs (its start function may use WASI)
 *     inst = wasmc_rt_instantiate_ex(&wasmc_app_module, wasmc_wasi_resolve, w,
 *                                    (wasmc_rt_ready_t)wasmc_wasi_bind, &err);
 *     ... wasmc_rt_call(wasmc_rt_export_func(inst, "_start"), ...) ...
 *     wasmc_wasi_free(w);
 *
 * The functions of the import module "wasi_snapshot_preview1" are native
 * functions of the form  int32_t fn(wasmc_wasi_t *w, <i32/i64 params>)
 * returning a WASI errno; every pointer argument is an offset into the bound
 * memory and is checked against its size before use.
 */
#ifndef WASMC_WASI_H
#define WASMC_WASI_H

#include "wasmc_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wasmc_wasi_t wasmc_wasi_t;

/* New context; argv/envp are copied (envp NULL-terminated, may be NULL).
 * File descriptors 0, 1, 2 are the host's stdin, stdout, stderr. */
wasmc_wasi_t *wasmc_wasi_new(int argc, char *const *argv, char *const *envp);

/* Preopens host directory `host` under the guest name `guest` (e.g. "/",
 * "."); returns 0, or -1 with errno set if `host` cannot be opened. */
int wasmc_wasi_preopen(wasmc_wasi_t *w, const char *host, const char *guest);

/* Adds the preopens listed in a "HOST[::GUEST]" string (several separated
 * by ':' would clash with GUEST, so ';' separates entries).  Returns 0 or -1. */
int wasmc_wasi_preopen_list(wasmc_wasi_t *w, const char *list);

/* A wasmc_rt_resolver_t (data = the context) for imports from
 * "wasi_snapshot_preview1"; returns -1 for any other module or an unknown
 * name or a signature that does not match. */
int wasmc_wasi_resolve(void *w, const wasmc_rt_extern_desc_t *desc,
                       wasmc_rt_extern_t *out);

/* Makes WASI calls use the memory exported as "memory" by inst (or its
 * memory 0).  Pass it as the `ready` callback of wasmc_rt_instantiate_ex so
 * it happens before the module's start function runs. */
void wasmc_wasi_bind(wasmc_wasi_t *w, wasmc_rt_instance_t *inst);

void wasmc_wasi_free(wasmc_wasi_t *w);

/* Adds the preopens listed in the environment variable WASMC_DIR, in the
 * syntax of wasmc_wasi_preopen_list ("HOST[::GUEST];..."), so a user can
 * grant directories to a compiled executable when running it:
 *     WASMC_DIR='/srv/data::/data;.' ./prog
 * Returns 0 (also when WASMC_DIR is unset), or -1 after printing on stderr
 * which entry could not be opened and why. */
int wasmc_wasi_preopen_env(wasmc_wasi_t *w);

#ifdef __cplusplus
}
#endif

#endif /* WASMC_WASI_H */
