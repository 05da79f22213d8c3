/*
 * matmul.c - floating-point kernel: C = A * B for dense N x N double
 * matrices, loop order i-k-j so the inner loop streams a row of B and a row
 * of C.  Exercises f64 multiply-add in an inner loop that native compilers
 * vectorize (wasm32 builds here are without SIMD, so this shows that gap).
 *
 * usage: matmul [N]   (default 1000)
 * check-args: 41   (small size for testsuite/bench/check.sh)
 * prints: the trace of C and a position-weighted checksum of C
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t seed = 12345;

/* Small exact values (multiples of 1/64 in [-2, 2)) so sums stay exact
 * enough to compare; the order of additions is fixed by the loop anyway. */
static double next_val(void)
{
    seed = seed * 1664525u + 1013904223u;
    return (double)((int32_t)(seed >> 24) - 128) / 64.0;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000;
    double *a = malloc(sizeof(double) * n * n);
    double *b = malloc(sizeof(double) * n * n);
    double *c = calloc((size_t)n * n, sizeof(double));
    if (!a || !b || !c) {
        fprintf(stderr, "matmul: out of memory\n");
        return 1;
    }
    for (uint32_t i = 0; i < n * n; i++) a[i] = next_val();
    for (uint32_t i = 0; i < n * n; i++) b[i] = next_val();

    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < n; k++) {
            double aik = a[i * n + k];
            double *ci = c + (size_t)i * n;
            const double *bk = b + (size_t)k * n;
            for (uint32_t j = 0; j < n; j++)
                ci[j] += aik * bk[j];
        }

    double trace = 0, sum = 0;
    for (uint32_t i = 0; i < n; i++) trace += c[i * n + i];
    for (uint32_t i = 0; i < n * n; i++) sum += c[i] * (double)(i % 7 + 1);
    printf("matmul: n=%" PRIu32 " trace=%.6f sum=%.6f\n", n, trace, sum);
    free(a); free(b); free(c);
    return 0;
}
