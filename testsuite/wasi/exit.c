/*
 * exit.c - exit statuses: `exit N` calls exit(N) after printing, `return N`
 * returns N from main; stdout must be flushed either way.  `raise 15`
 * (wasm only) calls proc_raise, which ends the program as a trap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __wasi__
__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_raise")))
extern int proc_raise(int sig);
#else
#include <signal.h>
#define proc_raise raise
#endif

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    printf("%s %s\n", argv[1], argv[2]);
    if (!strcmp(argv[1], "exit"))
        exit(atoi(argv[2]));
    if (!strcmp(argv[1], "raise")) {
        fflush(stdout);
        proc_raise(atoi(argv[2]));
        printf("still here\n");
    }
    return atoi(argv[2]);
}
