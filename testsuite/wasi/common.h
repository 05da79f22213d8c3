/*
 * common.h - helpers for the WASI test programs (the .c files here other
 * than unit.c).  Each program is built twice, for wasm32-wasi and natively,
 * and both runs must print the same thing, so results are printed in a
 * form both C libraries agree on: errno by name, never strerror's text.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *errname(int e)
{
    static const struct { int e; const char *name; } names[] = {
        { EACCES, "EACCES" }, { EBADF, "EBADF" }, { EEXIST, "EEXIST" },
        { EINVAL, "EINVAL" }, { EISDIR, "EISDIR" }, { ELOOP, "ELOOP" },
        { ENOENT, "ENOENT" }, { ENOTDIR, "ENOTDIR" }, { ENOTEMPTY, "ENOTEMPTY" },
        { EPERM, "EPERM" }, { ESPIPE, "ESPIPE" }, { EXDEV, "EXDEV" },
        { ENOSYS, "ENOSYS" }, { ENOTSUP, "ENOTSUP" }, { ENOTSOCK, "ENOTSOCK" },
        { ENAMETOOLONG, "ENAMETOOLONG" },
#ifdef ENOTCAPABLE
        { ENOTCAPABLE, "ENOTCAPABLE" },
#endif
    };
    static char other[32];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].e == e)
            return names[i].name;
    snprintf(other, sizeof other, "errno %d", e);
    return other;
}

/* Prints an expression and its result: a value, or -1 and errno's name. */
#define SHOW(expr) show(#expr, (long)(expr))
__attribute__((unused)) static void show(const char *what, long r)
{
    if (r < 0)
        printf("%s -> -1 %s\n", what, errname(errno));
    else
        printf("%s -> %ld\n", what, r);
}
