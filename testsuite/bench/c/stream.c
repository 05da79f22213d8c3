/*
 * stream.c - memory-bound loops: STREAM-like copy / scale / add / triad over
 * three arrays far larger than the caches, then a 3-point stencil sweep.
 * Exercises sequential f64 loads and stores; the time is mostly memory
 * bandwidth, so it shows the cost of bounds checks or address arithmetic
 * added to every access.
 *
 * usage: stream [N [PASSES]]   (default N = 4000000 doubles per array,
 *                               PASSES = 24)
 * check-args: 1001 3   (small size for testsuite/bench/check.sh)
 * prints: checksums of the three arrays
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 4000000;
    uint32_t passes = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 24;
    if (n < 3) n = 3;
    double *a = malloc(sizeof(double) * n);
    double *b = malloc(sizeof(double) * n);
    double *c = malloc(sizeof(double) * n);
    if (!a || !b || !c) {
        fprintf(stderr, "stream: out of memory\n");
        return 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        a[i] = 1.0 + (double)(i & 1023) / 1024.0;
        b[i] = 2.0 - (double)(i & 511) / 512.0;
        c[i] = 0.0;
    }

    const double s = 0.5;
    for (uint32_t p = 0; p < passes; p++) {
        for (uint32_t i = 0; i < n; i++) c[i] = a[i];             /* copy  */
        for (uint32_t i = 0; i < n; i++) b[i] = s * c[i];         /* scale */
        for (uint32_t i = 0; i < n; i++) c[i] = a[i] + b[i];      /* add   */
        for (uint32_t i = 0; i < n; i++) a[i] = b[i] + s * c[i];  /* triad */
        /* stencil: b[i] = average of c's neighbourhood; then renormalize a
         * so the values stay in a bounded range over many passes. */
        for (uint32_t i = 1; i + 1 < n; i++)
            b[i] = 0.25 * c[i - 1] + 0.5 * c[i] + 0.25 * c[i + 1];
        for (uint32_t i = 0; i < n; i++) a[i] = a[i] * 0.5 + b[i] * 0.125;
    }

    double sa = 0, sb = 0, sc = 0;
    for (uint32_t i = 0; i < n; i++) { sa += a[i]; sb += b[i]; sc += c[i]; }
    printf("stream: n=%" PRIu32 " passes=%" PRIu32 " a=%.6f b=%.6f c=%.6f\n",
           n, passes, sa, sb, sc);
    free(a); free(b); free(c);
    return 0;
}
