/*
 * args.c - arguments and environment: prints every argument after the
 * program name, bracketed, and the WASI_TEST_* variables of the environment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

int main(int argc, char **argv)
{
    int nenv = 0;

    printf("argc=%d\n", argc);
    for (int i = 1; i < argc; i++)
        printf("argv[%d]=[%s] (%zu bytes)\n", i, argv[i], strlen(argv[i]));
    for (char **e = environ; *e; e++)
        if (!strncmp(*e, "WASI_TEST_", 10)) {
            printf("env [%s]\n", *e);
            nenv++;
        }
    printf("WASI_TEST_EMPTY=[%s]\n", getenv("WASI_TEST_EMPTY") ? getenv("WASI_TEST_EMPTY") : "(unset)");
    printf("WASI_TEST_MISSING=[%s]\n", getenv("WASI_TEST_MISSING") ? "set" : "(unset)");
    printf("%d variables\n", nenv);
    return 0;
}
