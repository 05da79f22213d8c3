/*
 * files.c - files and directories through the C library: create, read,
 * write, seek, stat, truncate, times, flags, rename, links, symlinks,
 * readdir, removal.  Run in an empty directory; the output must match the
 * native build's.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"

static void show_stat(const char *path, int follow)
{
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) {
        printf("%sstat %s: %s\n", follow ? "" : "l", path, errname(errno));
        return;
    }
    printf("%sstat %s: %s size=%lld nlink=%lld\n", follow ? "" : "l", path,
           S_ISREG(st.st_mode) ? "file" : S_ISDIR(st.st_mode) ? "dir" :
           S_ISLNK(st.st_mode) ? "symlink" : "other",
           S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size, (long long)st.st_nlink);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    char *names[300];
    int n = 0;
    struct dirent *de;
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, errname(errno));
        return;
    }
    while ((de = readdir(d)) && n < 300) {
        char type = de->d_type == DT_DIR ? 'd' : de->d_type == DT_REG ? 'f' :
                    de->d_type == DT_LNK ? 'l' : '?';
        names[n] = malloc(strlen(de->d_name) + 3);
        sprintf(names[n++], "%s:%c", de->d_name, type);
    }
    closedir(d);
    qsort(names, n, sizeof names[0], cmp);
    printf("%s (%d):", path, n);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

int main(void)
{
    char buf[128], name[64];
    struct stat st;
    ssize_t n;
    int fd;

    SHOW(mkdir("w", 0755));
    SHOW(mkdir("w", 0755));
    SHOW((fd = open("w/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644)) >= 0);
    SHOW(write(fd, "hello world\n", 12));
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(lseek(fd, 6, SEEK_SET));
    n = read(fd, buf, sizeof buf);
    printf("read %zd: %.*s", n, (int)n, buf);
    SHOW(read(fd, buf, sizeof buf));
    SHOW(lseek(fd, -3, SEEK_END));
    SHOW(lseek(fd, -30, SEEK_END));
    SHOW(pwrite(fd, "HELLO", 5, 0));
    n = pread(fd, buf, sizeof buf, 0);
    printf("pread %zd: %.*s", n, (int)n, buf);
    SHOW(lseek(fd, 0, SEEK_CUR));
    SHOW(fstat(fd, &st));
    printf("fstat: size=%lld reg=%d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    SHOW(ftruncate(fd, 5));
    fstat(fd, &st);
    printf("after ftruncate: size=%lld\n", (long long)st.st_size);
    SHOW(fsync(fd));
    SHOW(fdatasync(fd));
    SHOW(posix_fadvise(fd, 0, 5, POSIX_FADV_SEQUENTIAL));
    SHOW(posix_fallocate(fd, 0, 4096));
    fstat(fd, &st);
    printf("after fallocate: size=%lld\n", (long long)st.st_size);
    struct timespec ts[2] = { { 1000000, 5 }, { 2000000, 7 } };
    SHOW(futimens(fd, ts));
    fstat(fd, &st);
    printf("times: atime=%lld.%09ld mtime=%lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
    printf("accmode rdwr: %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    SHOW(fcntl(fd, F_SETFL, O_APPEND));
    printf("append: %d\n", (fcntl(fd, F_GETFL) & O_APPEND) != 0);
    SHOW(ftruncate(fd, 3));
    SHOW(lseek(fd, 0, SEEK_SET));
    SHOW(write(fd, "!", 1));
    n = pread(fd, buf, sizeof buf, 0);
    printf("appended: %.*s\n", (int)n, buf);
    SHOW(close(fd));
    SHOW(close(fd));

    SHOW(open("w/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    SHOW(open("w/nope", O_RDONLY));
    SHOW(open("w/a.txt/x", O_RDONLY));
    SHOW(open("w", O_WRONLY));
    SHOW((fd = open("w/a.txt", O_RDONLY)) >= 0);
    printf("accmode rdonly: %d\n", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDONLY);
    close(fd);

    SHOW(rename("w/a.txt", "w/b.txt"));
    SHOW(access("w/a.txt", F_OK));
    SHOW(access("w/b.txt", F_OK));
    SHOW(link("w/b.txt", "w/c.txt"));
    show_stat("w/c.txt", 1);
    SHOW(symlink("b.txt", "w/s"));
    SHOW(symlink("b.txt", "w/s"));
    n = readlink("w/s", buf, sizeof buf);
    printf("readlink: %.*s\n", (int)n, buf);
    SHOW(readlink("w/b.txt", buf, sizeof buf));
    show_stat("w/s", 0);
    show_stat("w/s", 1);
    struct timespec t2[2] = { { 3000000, 0 }, { 4000000, 0 } };
    SHOW(utimensat(AT_FDCWD, "w/s", t2, 0));
    stat("w/b.txt", &st);
    printf("through symlink: mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    t2[1].tv_sec = 5000000;
    SHOW(utimensat(AT_FDCWD, "w/s", t2, AT_SYMLINK_NOFOLLOW));
    lstat("w/s", &st);
    printf("symlink itself: mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    stat("w/b.txt", &st);
    printf("target kept: mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    SHOW(symlink("nowhere", "w/dangling"));
    show_stat("w/dangling", 1);
    show_stat("w/dangling", 0);

    SHOW(unlink("w"));
    SHOW(rmdir("w"));
    SHOW(rmdir("w/b.txt"));
    SHOW(mkdir("w/d", 0755));
    for (int i = 0; i < 150; i++) {
        snprintf(name, sizeof name, "w/d/file-with-a-name-long-enough-%03d", i);
        close(open(name, O_CREAT | O_WRONLY, 0644));
    }
    SHOW(mkdir("w/d/sub", 0755));
    list("w");
    list("w/d");
    list("w/d/sub");
    list("w/b.txt");
    list("w/none");
    SHOW(rename("w/d/sub", "w/sub2"));
    SHOW(rename("w/sub2", "w/b.txt"));
    SHOW(rename("w/b.txt", "w/sub2"));
    SHOW(rename("w/b.txt", "w/c.txt"));
    show_stat("w/c.txt", 1);
    for (int i = 0; i < 150; i++) {
        snprintf(name, sizeof name, "w/d/file-with-a-name-long-enough-%03d", i);
        if (unlink(name) != 0)
            printf("unlink %s: %s\n", name, errname(errno));
    }
    SHOW(rmdir("w/d"));
    SHOW(rmdir("w/sub2"));
    SHOW(unlink("w/s"));
    SHOW(unlink("w/dangling"));
    SHOW(unlink("w/c.txt"));
    SHOW(unlink("w/c.txt"));
    SHOW(rmdir("w/"));
    SHOW(unlink("w/b.txt"));
    SHOW(rmdir("w/"));
    list(".");
    return 0;
}
