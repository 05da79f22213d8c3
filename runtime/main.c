/*
 * main.c - the process entry of an executable built by wasmc.
 *
 * The compiler emits `wasmc_rt_main_module`, a pointer to the module's
 * descriptor; this main() gives the module a WASI context (the process's
 * arguments and environment, the directories preopened with --dir at
 * compile time plus those in $WASMC_DIR), instantiates it and calls its
 * `_start` export.
 *
 * Exit status: what the program passed to proc_exit; 0 when _start returns;
 * 134 after a trap (the message, with the spec's wording and the function,
 * goes to stderr); 1 when the module cannot be instantiated.
 */
#include "rt.h"
#include "wasmc_wasi.h"

#include <stdio.h>
#include <stdlib.h>

extern char **environ;
extern const wasmc_rt_module_t *const wasmc_rt_main_module;

#define EXIT_TRAP 134

static const char *progname(const char *argv0)
{
    const char *s = argv0;
    for (const char *p = argv0; *p; p++)
        if (*p == '/')
            s = p + 1;
    return s;
}

/* WASI calls need the instance's memory, already in its start function. */
static void bind_wasi(void *w, wasmc_rt_instance_t *inst)
{
    wasmc_wasi_bind(w, inst);
}

int main(int argc, char **argv)
{
    const wasmc_rt_module_t *m = wasmc_rt_main_module;
    const char *me = argc > 0 ? progname(argv[0]) : "wasmc";
    if (m->stack_size)
        wasmc_rt_set_stack_size(m->stack_size);
    wasmc_wasi_t *w = wasmc_wasi_new(argc, argv, environ);
    if (!w) {
        fprintf(stderr, "%s: error: cannot create the WASI context\n", me);
        return 1;
    }
    for (const char *const *d = m->preopens; d && *d; d++)
        if (wasmc_wasi_preopen_list(w, *d) != 0) {
            fprintf(stderr, "%s: error: cannot preopen directory '%s'\n", me, *d);
            return 1;
        }
    if (wasmc_wasi_preopen_env(w) != 0)
        return 1; /* it said which entry and why */
    wasmc_rt_error_t err;
    wasmc_rt_instance_t *inst = wasmc_rt_instantiate_ex(m, wasmc_wasi_resolve, w, bind_wasi, &err);
    if (!inst) {
        if (err.kind == WASMC_RT_TRAP_EXIT)
            return err.exit_code;
        bool trap = err.kind < WASMC_RT_TRAP_EXIT;
        fprintf(stderr, "%s: %s: %s\n", me, trap ? "trap" : "error", err.message);
        return trap ? EXIT_TRAP : 1;
    }
    const wasmc_rt_func_t *start = wasmc_rt_export_func(inst, "_start");
    if (!start) {
        fprintf(stderr, "%s: error: the module exports no _start function\n", me);
        return 1;
    }
    if (wasmc_rt_call(start, NULL, 0, NULL, 0, &err) != 0) {
        fflush(stdout);
        if (err.kind == WASMC_RT_TRAP_EXIT)
            return err.exit_code;
        fprintf(stderr, "%s: trap: %s\n", me, err.message);
        return EXIT_TRAP;
    }
    return 0;
}
