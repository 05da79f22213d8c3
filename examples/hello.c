/* hello.c - the smallest WASI command: prints, reads its arguments and
 * environment, does a little floating point, and exits with status 3. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    printf("hello, world\n");
    for (int i = 1; i < argc; i++)
        printf("arg %d: %s\n", i, argv[i]);
    const char *who = getenv("HELLO_WHO");
    if (who)
        printf("hello, %s\n", who);
    double h = 0;
    for (int i = 1; i <= 1000; i++)
        h += 1.0 / i;
    printf("H(1000) = %.6f\n", h);
    return 3;
}
