/*
 * link.c - the last stage: object + libwasmc_rt.a -> executable or shared
 * object, with lld through the clang-19 driver.
 *
 * The argv is built here and run with posix_spawnp; the driver finds the C
 * runtime start files itself, so no crt path is written down.  The runtime
 * library is found next to the wasmc binary (build tree: build/wasmc and
 * build/libwasmc_rt.a) or in ../lib (installed tree), unless --rtlib says.
 */
#include "wasmc.h"

#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int run_command(const char *const *argv, bool verbose)
{
    if (verbose) {
        for (int i = 0; argv[i]; i++)
            fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
        fputc('\n', stderr);
    }
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, (char *const *)argv, environ);
    if (rc != 0) {
        fprintf(stderr, "wasmc: error: cannot run %s: %s\n", argv[0], strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The first of `names` found on PATH, or the last name as a fallback. */
const char *find_program(const char *const *names)
{
    const char *path = getenv("PATH");
    int i;
    for (i = 0; names[i]; i++) {
        const char *p = path ? path : "/usr/bin:/bin";
        while (*p) {
            const char *colon = strchr(p, ':');
            size_t n = colon ? (size_t)(colon - p) : strlen(p);
            char buf[PATH_MAX];
            snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, names[i]);
            if (access(buf, X_OK) == 0)
                return names[i];
            p += n + (colon ? 1 : 0);
        }
    }
    return names[i - 1];
}

static const char *find_rtlib(const Options *o, char *buf, size_t n)
{
    if (o->rtlib)
        return o->rtlib;
    char self[PATH_MAX - 32];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len > 0) {
        self[len] = 0;
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = 0;
            snprintf(buf, n, "%s/libwasmc_rt.a", self);
            if (access(buf, R_OK) == 0)
                return buf;
            snprintf(buf, n, "%s/../lib/libwasmc_rt.a", self);
            if (access(buf, R_OK) == 0)
                return buf;
        }
    }
    fprintf(stderr, "wasmc: error: cannot find libwasmc_rt.a (use --rtlib=PATH)\n");
    return NULL;
}

int link_output(const Options *o, const char *objpath, const char *outpath)
{
    static const char *const clangs[] = { "clang-19", "clang", NULL };
    const char *argv[16];
    int n = 0;
    char rtbuf[PATH_MAX];
    argv[n++] = find_program(clangs);
    argv[n++] = "-fuse-ld=lld";
    if (o->kind == OUT_SHARED)
        argv[n++] = "-shared"; /* runtime symbols come from the embedding program */
    argv[n++] = "-o";
    argv[n++] = outpath;
    argv[n++] = objpath;
    if (o->kind == OUT_SHARED) {
        argv[n++] = "-Wl,--no-as-needed"; /* generated code calls ceilf, roundevenf, ... */
    } else {
        const char *rt = find_rtlib(o, rtbuf, sizeof rtbuf);
        if (!rt)
            return 1;
        argv[n++] = rt;
    }
    argv[n++] = "-lm";
    argv[n] = NULL;
    return run_command(argv, o->verbose) == 0 ? 0 : 1;
}
