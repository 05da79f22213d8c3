/*
 * stdio.c - standard streams: copies stdin to stdout upper-cased, counting
 * lines and bytes, with unbuffered reads of odd sizes; a note goes to stderr.
 */
#include <ctype.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    char buf[7];
    long lines = 0, bytes = 0;
    ssize_t n;

    while ((n = read(0, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            lines += buf[i] == '\n';
            buf[i] = (char)toupper((unsigned char)buf[i]);
        }
        bytes += n;
        fwrite(buf, 1, (size_t)n, stdout);
    }
    printf("-- %ld lines, %ld bytes, last read %zd\n", lines, bytes, n);
    fprintf(stderr, "stdio: done\n");
    return 0;
}
