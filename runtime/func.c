/*
 * func.c - function signatures and host functions.
 *
 * A signature is a string, one letter per type, params ':' results
 * ("iI:f").  wasmc_rt_type_id interns them process-wide, so call_indirect
 * compares two integers even across modules compiled separately.  Host
 * functions (wasmc_rt_func_new) are called by generated code through the
 * importing module's adapter, which packs the arguments and calls
 * wasmc_rt_host_call.
 */
#include "rt.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t types_lock = PTHREAD_MUTEX_INITIALIZER;
static char **types;
static uint32_t ntypes, captypes;

uint32_t wasmc_rt_type_id(const char *sig)
{
    pthread_mutex_lock(&types_lock);
    for (uint32_t i = 0; i < ntypes; i++)
        if (strcmp(types[i], sig) == 0) {
            pthread_mutex_unlock(&types_lock);
            return i + 1;
        }
    if (ntypes == captypes) {
        uint32_t cap = captypes ? captypes * 2 : 64;
        char **n = realloc(types, cap * sizeof *n);
        if (!n) {
            pthread_mutex_unlock(&types_lock);
            return 0;
        }
        types = n;
        captypes = cap;
    }
    char *copy = strdup(sig);
    if (!copy) {
        pthread_mutex_unlock(&types_lock);
        return 0;
    }
    types[ntypes++] = copy;
    uint32_t id = ntypes;
    pthread_mutex_unlock(&types_lock);
    return id;
}

wasmc_rt_valtype_t rt_sig_type(char c)
{
    switch (c) {
    case 'i': return WASMC_RT_TYPE_I32;
    case 'I': return WASMC_RT_TYPE_I64;
    case 'f': return WASMC_RT_TYPE_F32;
    case 'F': return WASMC_RT_TYPE_F64;
    case 'V': return WASMC_RT_TYPE_V128;
    case 'r': return WASMC_RT_TYPE_FUNCREF;
    default: return WASMC_RT_TYPE_EXTERNREF;
    }
}

void rt_sig_counts(const char *sig, size_t *np, size_t *nr)
{
    const char *colon = strchr(sig, ':');
    *np = colon ? (size_t)(colon - sig) : strlen(sig);
    *nr = colon ? strlen(colon + 1) : 0;
}

size_t wasmc_rt_func_nparams(const wasmc_rt_func_t *f)
{
    size_t np, nr;
    rt_sig_counts(f->sig, &np, &nr);
    return np;
}

size_t wasmc_rt_func_nresults(const wasmc_rt_func_t *f)
{
    size_t np, nr;
    rt_sig_counts(f->sig, &np, &nr);
    return nr;
}

wasmc_rt_valtype_t wasmc_rt_func_param(const wasmc_rt_func_t *f, size_t i)
{
    return rt_sig_type(f->sig[i]);
}

wasmc_rt_valtype_t wasmc_rt_func_result(const wasmc_rt_func_t *f, size_t i)
{
    return rt_sig_type(strchr(f->sig, ':')[1 + i]);
}

/* Calls a host function's callback; an error it reports becomes a trap. */
void wasmc_rt_host_call(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args, wasmc_rt_val_t *results)
{
    wasmc_rt_error_t err = { .kind = WASMC_RT_TRAP_HOST, .func_index = -1 };
    if (f->host_fn(f->host_data, args, results, &err) != 0) {
        if (err.kind == WASMC_RT_TRAP_EXIT)
            wasmc_rt_exit(err.exit_code);
        wasmc_rt_raise(err.kind, err.message[0] ? err.message : NULL);
    }
}

/* The uniform entry of a host function is the callback itself. */
static void host_uniform(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args, wasmc_rt_val_t *results)
{
    size_t np, nr;
    rt_sig_counts(f->sig, &np, &nr);
    const char *r = strchr(f->sig, ':') + 1;
    for (size_t i = 0; i < nr; i++)
        results[i].type = rt_sig_type(r[i]);
    wasmc_rt_host_call(f, args, results);
}

wasmc_rt_func_t *wasmc_rt_func_new(const char *sig, wasmc_rt_host_fn_t fn, void *data)
{
    if (!strchr(sig, ':'))
        return NULL;
    wasmc_rt_func_t *f = calloc(1, sizeof *f);
    char *s = strdup(sig);
    if (!f || !s) {
        free(f);
        free(s);
        return NULL;
    }
    f->sig = s;
    f->type_id = wasmc_rt_type_id(s);
    f->env = f;               /* adapters receive the function object */
    f->call = host_uniform;
    f->host_fn = fn;
    f->host_data = data;
    f->func_index = UINT32_MAX;
    return f;
}

void wasmc_rt_func_free(wasmc_rt_func_t *f)
{
    if (!f)
        return;
    free((char *)f->sig);
    free(f);
}
