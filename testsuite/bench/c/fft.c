/*
 * fft.c - floating point: multiplies large integers (base-100 digits) by
 * convolution with an iterative radix-2 complex FFT on doubles (bit-reversal
 * permutation, a precomputed twiddle table built from sqrt half-angle
 * steps, so no libm), rounding the inverse transform back to integers and
 * propagating carries.  Each product is checked modulo a prime and chained
 * into the next round's operand.  Exercises f64 multiply/add on strided
 * complex pairs and f64<->integer conversions.
 *
 * usage: fft [ROUNDS]   (default 60 multiplications of 131072-digit numbers)
 * check-args: 2   (small size)
 * prints: whether every product passed its modular check, the largest
 *         rounding error seen (in billionths, an integer) and a
 *         checksum of the products' digits
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct { double re, im; } Cx;

#define LOG_N 18
#define N (1u << LOG_N)          /* transform size */
#define DIGITS (N / 2)           /* digits per operand */

static Cx *rt;                   /* rt[k + j] = e^(i*pi*j/k) for k a power of two */
static uint32_t *rev;

static void fft_init(void)
{
    rt = malloc(N * sizeof *rt);
    rev = malloc(N * sizeof *rev);
    if (!rt || !rev) { printf("fft: out of memory\n"); exit(1); }
    rt[0].re = rt[1].re = 1;
    rt[0].im = rt[1].im = 0;
    /* x = e^(i*pi/k), starting from pi/2 and halving the angle */
    Cx x = { 0, 1 };
    for (uint32_t k = 2; k < N; k *= 2) {
        for (uint32_t i = k; i < 2 * k; i++) {
            Cx r = rt[i / 2];
            if (i & 1) {
                rt[i].re = r.re * x.re - r.im * x.im;
                rt[i].im = r.re * x.im + r.im * x.re;
            } else {
                rt[i] = r;
            }
        }
        double c = sqrt((1 + x.re) / 2);
        x.im = x.im / (2 * c);
        x.re = c;
    }
    rev[0] = 0;
    for (uint32_t i = 1; i < N; i++)
        rev[i] = (rev[i / 2] | (i & 1) << LOG_N) / 2;
}

/* In-place forward transform of a[0..N). */
static void fft(Cx *a)
{
    for (uint32_t i = 0; i < N; i++)
        if (i < rev[i]) { Cx t = a[i]; a[i] = a[rev[i]]; a[rev[i]] = t; }
    for (uint32_t k = 1; k < N; k *= 2)
        for (uint32_t i = 0; i < N; i += 2 * k)
            for (uint32_t j = 0; j < k; j++) {
                Cx w = rt[j + k], b = a[i + j + k];
                Cx z = { w.re * b.re - w.im * b.im, w.re * b.im + w.im * b.re };
                a[i + j + k].re = a[i + j].re - z.re;
                a[i + j + k].im = a[i + j].im - z.im;
                a[i + j].re += z.re;
                a[i + j].im += z.im;
            }
}

/* c[0..2*DIGITS) = a * b, base 100; returns the worst distance to an integer
 * seen when rounding, in billionths. */
static uint32_t multiply(const uint8_t *a, const uint8_t *b, uint8_t *c, Cx *fa, Cx *fb)
{
    /* a in the real parts, b in the imaginary parts: one forward transform */
    for (uint32_t i = 0; i < N; i++) {
        fa[i].re = i < DIGITS ? a[i] : 0;
        fa[i].im = i < DIGITS ? b[i] : 0;
    }
    fft(fa);
    /* A(k)B(k) = (F(k)^2 - conj(F(-k))^2) / 4i, stored conjugated so that a
     * forward transform inverts it (the result is real) */
    for (uint32_t k = 0; k < N; k++) {
        uint32_t j = (N - k) & (N - 1);
        Cx x = fa[k], y = { fa[j].re, -fa[j].im };
        Cx x2 = { x.re * x.re - x.im * x.im, 2 * x.re * x.im };
        Cx y2 = { y.re * y.re - y.im * y.im, 2 * y.re * y.im };
        /* (x2 - y2) / (4i) = (x2 - y2) * (-i/4) */
        Cx d = { x2.re - y2.re, x2.im - y2.im };
        fb[k].re = d.im / 4;
        fb[k].im = d.re / 4;
    }
    fft(fb);
    uint64_t carry = 0;
    double worst = 0;
    for (uint32_t i = 0; i < N; i++) {
        double v = fb[i].re / N;
        double r = floor(v + 0.5);
        double err = fabs(v - r);
        if (err > worst) worst = err;
        carry += (uint64_t)(int64_t)r;
        c[i] = (uint8_t)(carry % 100);
        carry /= 100;
    }
    return (uint32_t)(worst * 1e9);
}

/* The number's value mod p (digits little-endian, base 100). */
static uint64_t mod_p(const uint8_t *d, uint32_t n, uint64_t p)
{
    uint64_t r = 0;
    for (uint32_t i = n; i-- > 0;) r = (r * 100 + d[i]) % p;
    return r;
}

int main(int argc, char **argv)
{
    uint32_t rounds = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 60;
    const uint64_t P = 2305843009213693951ull >> 32;   /* fits the mod_p products */
    uint8_t *a = malloc(DIGITS), *b = malloc(DIGITS), *c = malloc(N);
    Cx *fa = malloc(N * sizeof *fa), *fb = malloc(N * sizeof *fb);
    if (!a || !b || !c || !fa || !fb) {
        printf("fft: out of memory\n");
        return 1;
    }
    fft_init();
    uint32_t s = 7;
    for (uint32_t i = 0; i < DIGITS; i++) {
        s = s * 1103515245u + 12345u; a[i] = (uint8_t)((s >> 16) % 100);
        s = s * 1103515245u + 12345u; b[i] = (uint8_t)((s >> 16) % 100);
    }
    int ok = 1;
    uint32_t worst = 0, h = 2166136261u;
    for (uint32_t r = 0; r < rounds; r++) {
        uint32_t e = multiply(a, b, c, fa, fb);
        if (e > worst) worst = e;
        uint64_t ma = mod_p(a, DIGITS, P), mb = mod_p(b, DIGITS, P), mc = mod_p(c, N, P);
        if (ma * mb % P != mc) ok = 0;
        for (uint32_t i = 0; i < N; i += 61) h = (h ^ c[i]) * 16777619u;
        /* next operands: the middle of this product, and a rotated b */
        for (uint32_t i = 0; i < DIGITS; i++) a[i] = c[i + DIGITS / 2];
        uint8_t t = b[0];
        for (uint32_t i = 0; i + 1 < DIGITS; i++) b[i] = b[i + 1];
        b[DIGITS - 1] = (uint8_t)((t + r) % 100);
    }
    printf("fft: rounds=%" PRIu32 " digits=%u check=%s maxerr=%" PRIu32 "e-9 hash=%08" PRIx32 "\n",
           rounds, 2 * DIGITS, ok ? "ok" : "BAD", worst, h);
    free(fb); free(fa); free(c); free(b); free(a); free(rt); free(rev);
    return 0;
}
