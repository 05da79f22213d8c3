/*
 * bignum.c - arbitrary-precision integers on 32-bit limbs: N! by a product
 * tree, a power by repeated squaring, their product (all schoolbook
 * multiplication with 64-bit partial products), then the factorial of a
 * smaller number converted to decimal by repeated division by 10^9.
 * Results are checked against the same quantities computed modulo a prime.
 * Exercises 32x32->64 multiplies with carries, long inner loops over limb
 * arrays, and 64-bit division by a constant.
 *
 * usage: bignum [N]   (default 45000: N!, 7^(6N), their product and the
 *                      decimal digits of (N/3)!)
 * check-args: 800   (small size)
 * prints: limb counts, whether the modular checks passed, a hash of the
 *         product's limbs, and the digit count, digit sum and leading
 *         digits of (N/3)!
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t *d;   /* little-endian limbs */
    uint32_t n;    /* limbs in use; no leading zero limbs */
} Big;

static Big big_alloc(uint32_t limbs)
{
    Big b;
    b.d = calloc(limbs ? limbs : 1, sizeof *b.d);
    if (!b.d) { printf("bignum: out of memory\n"); exit(1); }
    b.n = 0;
    return b;
}

static Big big_from(uint32_t v)
{
    Big b = big_alloc(1);
    b.d[0] = v;
    b.n = v != 0;
    return b;
}

static void trim(Big *b)
{
    while (b->n > 0 && b->d[b->n - 1] == 0) b->n--;
}

/* Schoolbook product a*b into a new number. */
static Big big_mul(const Big *a, const Big *b)
{
    Big r = big_alloc(a->n + b->n);
    for (uint32_t i = 0; i < a->n; i++) {
        uint64_t carry = 0, ai = a->d[i];
        uint32_t *rp = r.d + i;
        for (uint32_t j = 0; j < b->n; j++) {
            uint64_t t = ai * b->d[j] + rp[j] + carry;
            rp[j] = (uint32_t)t;
            carry = t >> 32;
        }
        rp[b->n] = (uint32_t)carry;
    }
    r.n = a->n + b->n;
    trim(&r);
    return r;
}

/* a *= m for a small m, in place; a must have room for one more limb. */
static void big_mul_small(Big *a, uint32_t m)
{
    uint64_t carry = 0;
    for (uint32_t i = 0; i < a->n; i++) {
        uint64_t t = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry) a->d[a->n++] = (uint32_t)carry;
}

/* lo * (lo+1) * ... * (hi-1) */
static Big product(uint32_t lo, uint32_t hi)
{
    if (hi - lo <= 16) {
        Big r = big_alloc(hi - lo + 1);
        r.d[0] = 1;
        r.n = 1;
        for (uint32_t k = lo; k < hi; k++) big_mul_small(&r, k);
        return r;
    }
    uint32_t mid = lo + (hi - lo) / 2;
    Big a = product(lo, mid), b = product(mid, hi);
    Big r = big_mul(&a, &b);
    free(a.d);
    free(b.d);
    return r;
}

static Big big_pow(uint32_t base, uint32_t e)
{
    Big r = big_from(1), x = big_from(base);
    while (e) {
        if (e & 1) {
            Big t = big_mul(&r, &x);
            free(r.d);
            r = t;
        }
        e >>= 1;
        if (e) {
            Big t = big_mul(&x, &x);
            free(x.d);
            x = t;
        }
    }
    free(x.d);
    return r;
}

static uint32_t big_mod(const Big *a, uint32_t m)
{
    uint64_t r = 0;
    for (uint32_t i = a->n; i-- > 0;) r = ((r << 32) | a->d[i]) % m;
    return (uint32_t)r;
}

/* Divides a by 10^9 in place and returns the remainder. */
static uint32_t big_div1e9(Big *a)
{
    uint64_t r = 0;
    for (uint32_t i = a->n; i-- > 0;) {
        uint64_t cur = (r << 32) | a->d[i];
        a->d[i] = (uint32_t)(cur / 1000000000u);
        r = cur % 1000000000u;
    }
    trim(a);
    return (uint32_t)r;
}

static uint32_t powmod(uint64_t b, uint32_t e, uint32_t m)
{
    uint64_t r = 1;
    b %= m;
    for (; e; e >>= 1, b = b * b % m)
        if (e & 1) r = r * b % m;
    return (uint32_t)r;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 45000;
    const uint32_t P = 1000000007u;

    Big f = product(1, n + 1);
    Big p = big_pow(7, 6 * n);
    Big fp = big_mul(&f, &p);

    uint64_t fm = 1;
    for (uint32_t k = 2; k <= n; k++) fm = fm * k % P;
    uint32_t pm = powmod(7, 6 * n, P);
    int ok = big_mod(&f, P) == fm && big_mod(&p, P) == pm &&
             big_mod(&fp, P) == (uint32_t)(fm * pm % P);

    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < fp.n; i++) h = (h ^ fp.d[i]) * 16777619u;

    /* decimal expansion of (n/3)! */
    Big s = product(1, n / 3 + 1);
    uint32_t cap = s.n * 32 / 29 + 2, nchunks = 0;
    uint32_t *chunks = malloc(cap * sizeof *chunks);
    while (s.n > 0) chunks[nchunks++] = big_div1e9(&s);
    uint32_t digits = 9 * (nchunks - 1), dsum = 0;
    for (uint32_t v = chunks[nchunks - 1]; v; v /= 10) digits++;
    for (uint32_t i = 0; i < nchunks; i++)
        for (uint32_t v = chunks[i]; v; v /= 10) dsum += v % 10;
    char lead[32];
    int ll = snprintf(lead, sizeof lead, "%" PRIu32, chunks[nchunks - 1]);
    if (nchunks > 1) snprintf(lead + ll, sizeof lead - (size_t)ll, "%09" PRIu32, chunks[nchunks - 2]);
    lead[12] = 0;

    printf("bignum: n=%" PRIu32 " fact_limbs=%" PRIu32 " pow_limbs=%" PRIu32 " prod_limbs=%" PRIu32
           " modcheck=%s hash=%08" PRIx32 " (n/3)!: digits=%" PRIu32 " digitsum=%" PRIu32
           " leading=%s\n", n, f.n, p.n, fp.n, ok ? "ok" : "BAD", h, digits, dsum, lead);
    free(chunks); free(s.d); free(fp.d); free(p.d); free(f.d);
    return 0;
}
