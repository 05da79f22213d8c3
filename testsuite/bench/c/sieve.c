/*
 * sieve.c - byte-array memory loops: the sieve of Eratosthenes over a byte
 * array, repeated, then a pass counting primes and twin primes and a
 * segment histogram.  Exercises single-byte loads and stores with strided
 * and sequential access (i32.load8_u / i32.store8 in wasm).
 *
 * usage: sieve [N [REPEAT]]   (default N = 40000000, REPEAT = 3)
 * check-args: 100000 2   (small size for testsuite/bench/check.sh)
 * prints: the prime count, the twin-prime count and the largest prime <= N
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 40000000;
    uint32_t repeat = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 3;
    if (n < 10) n = 10;
    uint8_t *composite = malloc(n + 1);
    if (!composite) {
        fprintf(stderr, "sieve: out of memory\n");
        return 1;
    }
    uint32_t count = 0, twins = 0, largest = 0;
    uint64_t hist = 0;
    for (uint32_t r = 0; r < repeat; r++) {
        memset(composite, 0, n + 1);
        composite[0] = composite[1] = 1;
        for (uint32_t p = 2; (uint64_t)p * p <= n; p++)
            if (!composite[p])
                for (uint32_t m = p * p; m <= n; m += p) composite[m] = 1;
        count = twins = largest = 0;
        hist = 0;
        for (uint32_t i = 2; i <= n; i++) {
            if (composite[i]) continue;
            count++;
            largest = i;
            if (i >= 4 && !composite[i - 2]) twins++;
            hist += (uint64_t)(i & 255) * (i >> 10);
        }
    }
    printf("sieve: n=%" PRIu32 " primes=%" PRIu32 " twins=%" PRIu32 " largest=%" PRIu32
           " hist=%" PRIu64 "\n", n, count, twins, largest, hist);
    free(composite);
    return 0;
}
