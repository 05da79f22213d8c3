/*
 * sandbox.c - escape attempts from inside a WASI program (wasm only).
 *
 * run.sh runs it in host directory sb/ preopened as ".", next to
 * outside/secret.  The program makes its own symlinks (making one that
 * points out is allowed; following it is not), tries every way out it can
 * think of, and prints a PASS/FAIL line per attempt.  run.sh then checks
 * that nothing outside sb/ changed.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static int failures;

/* `r` must be -1 with errno `want`. */
static void expect(const char *name, long r, int want)
{
    int e = errno;
    if (r == -1 && e == want) {
        printf("PASS sandbox-wasm/%s\n", name);
    } else {
        failures++;
        printf("FAIL sandbox-wasm/%s: got %ld %s, expected %s\n", name, r,
               r == -1 ? errname(e) : "", errname(want));
    }
    if (r >= 0 && want)
        close((int)r);     /* an fd we should never have had */
}

#define ESCAPE(name, expr) (errno = 0, expect(name, (long)(expr), ENOTCAPABLE))

int main(void)
{
    struct stat st;
    char buf[256];
    struct timespec ts[2] = { { 100, 0 }, { 100, 0 } };
    int fd, dfd;

    /* Setup, inside: these must work. */
    close(open("file", O_CREAT | O_WRONLY, 0644));
    mkdir("sub", 0755);
    if (symlink("../outside/secret", "out") || symlink("..", "dotdot") ||
        symlink("chain2", "chain1") || symlink("out", "chain2") ||
        symlink("../file", "sub/up") || symlink("loop", "loop")) {
        printf("FAIL sandbox-wasm/setup: %s\n", errname(errno));
        return 1;
    }
    fd = open("sub/up", O_RDONLY);
    printf("%s sandbox-wasm/inside-symlink-works\n", fd >= 0 ? "PASS" : "FAIL");
    close(fd);
    printf("%s sandbox-wasm/lstat-of-outward-symlink-works\n",
           lstat("out", &st) == 0 && S_ISLNK(st.st_mode) ? "PASS" : "FAIL");

    ESCAPE("open ../outside/secret", open("../outside/secret", O_RDONLY));
    ESCAPE("open ../../../../../../etc/passwd", open("../../../../../../etc/passwd", O_RDONLY));
    ESCAPE("open sub/../../sb/file", open("sub/../../sb/file", O_RDONLY));
    ESCAPE("open symlink out", open("out", O_RDONLY));
    ESCAPE("open symlink out for writing", open("out", O_WRONLY | O_TRUNC));
    ESCAPE("create through symlink out", open("out", O_CREAT | O_WRONLY, 0644));
    ESCAPE("open chain1 -> chain2 -> out", open("chain1", O_RDONLY));
    ESCAPE("open dotdot/outside/secret", open("dotdot/outside/secret", O_RDONLY));
    ESCAPE("open dotdot/outside/secret O_NOFOLLOW", open("dotdot/outside/secret", O_RDONLY | O_NOFOLLOW));
    errno = 0;
    expect("open out O_NOFOLLOW is ELOOP", open("out", O_RDONLY | O_NOFOLLOW), ELOOP);
    errno = 0;
    expect("open self-loop is ELOOP", open("loop", O_RDONLY), ELOOP);
    ESCAPE("opendir ..", (long)(opendir("..") ? 0 : -1));
    ESCAPE("opendir dotdot", (long)(opendir("dotdot") ? 0 : -1));
    ESCAPE("stat out", stat("out", &st));
    ESCAPE("stat ..", stat("..", &st));
    ESCAPE("stat dotdot/", stat("dotdot/", &st));
    ESCAPE("mkdir ../outside/new", mkdir("../outside/new", 0755));
    ESCAPE("mkdir dotdot/outside/new", mkdir("dotdot/outside/new", 0755));
    ESCAPE("rmdir ../outside", rmdir("../outside"));
    ESCAPE("unlink ../outside/secret", unlink("../outside/secret"));
    ESCAPE("unlink dotdot/outside/secret", unlink("dotdot/outside/secret"));
    ESCAPE("rename out of the sandbox", rename("file", "../outside/stolen"));
    ESCAPE("rename into the sandbox", rename("../outside/secret", "got"));
    ESCAPE("rename via dotdot", rename("dotdot/outside/secret", "got"));
    ESCAPE("link to outside file", link("../outside/secret", "hl"));
    ESCAPE("link following out", linkat(AT_FDCWD, "out", AT_FDCWD, "hl", AT_SYMLINK_FOLLOW));
    ESCAPE("link into outside", link("file", "dotdot/outside/hl"));
    ESCAPE("symlink absolute target", symlink("/etc/passwd", "abs"));
    ESCAPE("symlink placed outside", symlink("file", "../outside/sl"));
    ESCAPE("readlink via dotdot", readlink("dotdot/sb/out", buf, sizeof buf));
    ESCAPE("utimensat through out", utimensat(AT_FDCWD, "out", ts, 0));
    ESCAPE("utimensat ../outside/secret", utimensat(AT_FDCWD, "../outside/secret", ts, AT_SYMLINK_NOFOLLOW));
    ESCAPE("truncate through out", truncate("out", 0));

    /* A directory opened inside is a root of its own. */
    dfd = open("sub", O_RDONLY | O_DIRECTORY);
    ESCAPE("openat(sub, ..)", openat(dfd, "..", O_RDONLY | O_DIRECTORY));
    ESCAPE("openat(sub, ../file)", openat(dfd, "../file", O_RDONLY));
    ESCAPE("openat(sub, up -> ../file)", openat(dfd, "up", O_RDONLY));
    ESCAPE("fstatat(sub, ..)", fstatat(dfd, "..", &st, 0));
    ESCAPE("mkdirat(sub, ../../x)", mkdirat(dfd, "../../x", 0755));
    close(dfd);

    unlink("file"), unlink("out"), unlink("dotdot"), unlink("chain1"), unlink("chain2");
    unlink("sub/up"), unlink("loop"), rmdir("sub");
    return failures != 0;
}
