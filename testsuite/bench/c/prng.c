/*
 * prng.c - integer kernel: a xoshiro-style 64-bit generator whose outputs go
 * through a multiply/xor-shift finalizer and a data-dependent branch.
 * Exercises 64-bit add, xor, shift, rotate and multiply in registers; there
 * are no memory accesses in the hot loop.
 *
 * usage: prng [N]      N = number of rounds (default 100000000)
 * check-args: 200000   (small size for testsuite/bench/check.sh)
 * prints: a 64-bit checksum and a 32-bit histogram summary
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rotl64(uint64_t x, unsigned k)
{
    return (x << k) | (x >> (64 - k));  /* callers keep 0 < k < 64 */
}

/* Finalizer: spreads every input bit over the whole word. */
static uint64_t mix64(uint64_t z)
{
    z ^= z >> 31;
    z *= 0x7fb5d329728ea185ull;
    z ^= z >> 27;
    z *= 0x81dadef4bc2dd44dull;
    z ^= z >> 33;
    return z;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 100000000ull;
    uint64_t s0 = 0x0123456789abcdefull, s1 = 0xfedcba9876543210ull;
    uint64_t s2 = 0x9e3779b97f4a7c15ull, s3 = 0x6a09e667f3bcc909ull;
    uint64_t acc = 0, odd = 0;
    uint32_t lo = 0;

    for (uint64_t i = 0; i < n; i++) {
        uint64_t r = rotl64(s1 * 5, 7) * 9;
        uint64_t t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = rotl64(s3, 45);

        uint64_t m = mix64(r + i);
        if (m & 1)
            odd += m >> 40;
        else
            acc ^= rotl64(m, (unsigned)(i & 31) + 1);
        lo += (uint32_t)m ^ (uint32_t)(m >> 32);
    }
    printf("prng: n=%" PRIu64 " acc=%016" PRIx64 " odd=%" PRIu64 " lo=%08" PRIx32 "\n",
           n, acc, odd, lo);
    return 0;
}
