/*
 * arrays.c - loops over arrays that may overlap, for compiler/loopaddr.c:
 * element-wise kernels (plain, strided, backwards, unrolled by hand, on
 * bytes) applied to slices of one buffer at pseudo-random offsets, most of
 * them a few elements apart so that vectorized loops must notice the
 * overlap at run time, with lengths from 1 to a few hundred.  Prints a
 * checksum of the buffers after each group of cases; the wasm build must
 * print what the native build prints.
 */
#include <stdint.h>
#include <stdio.h>

#define N 4096

static double buf[N];
static int32_t ibuf[N];
static uint32_t seed = 12345;

static uint32_t next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed;
}

__attribute__((noinline)) static void axpb(double *c, const double *a, const double *b, int n)
{
    for (int i = 0; i < n; i++) c[i] = a[i] + 2 * b[i];
}

__attribute__((noinline)) static void strided(double *c, const double *a, int n, int s)
{
    for (int i = 0; i < n; i++) c[i * s] = a[i * s] * 0.5 + c[i * s];
}

__attribute__((noinline)) static void backwards(int32_t *c, const int32_t *a, int n)
{
    for (int i = n - 1; i >= 0; i--) c[i] = a[i] ^ (c[i] << 1);
}

__attribute__((noinline)) static void pairs(double *c, const double *a, int lo, int hi)
{
    for (int i = lo; i + 1 < hi; i += 2) {
        c[i] += a[i];
        c[i + 1] -= a[i + 1];
    }
}

__attribute__((noinline)) static void bytes(uint8_t *c, const uint8_t *a, int n)
{
    for (int i = 0; i < n; i++) c[i] = (uint8_t)(a[i] + c[i + 1]);
}

static uint64_t checksum(void)
{
    uint64_t h = 1469598103934665603u;
    for (int i = 0; i < N; i++) {
        union { double d; uint64_t u; } v = { buf[i] };
        h = (h ^ v.u ^ (uint32_t)ibuf[i]) * 1099511628211u;
    }
    return h;
}

int main(void)
{
    for (int i = 0; i < N; i++) {
        buf[i] = i * 0.25 + 1;
        ibuf[i] = (int32_t)(i * 2654435761u);
    }
    for (int group = 0; group < 10; group++) {
        for (int k = 0; k < 60; k++) {
            int n = (int)(next() % 600) + 1;
            int oc = (int)(next() % 1200);
            int oa = next() % 3 ? oc + (int)(next() % 33) - 16 : (int)(next() % 1200);
            int ob = (int)(next() % 1200);
            int s = (int)(next() % 3) + 1;
            if (oa < 0) oa = 0;
            axpb(buf + oc, buf + oa, buf + ob, n);
            strided(buf + oc, buf + oa, n / s, s);
            backwards(ibuf + oc, ibuf + oa, n);
            pairs(buf + oc, buf + ob, oa % 4, n);
            bytes((uint8_t *)(buf + oc), (uint8_t *)(buf + oa) + ob % 7, n);
            for (int i = 0; i < N; i++)   /* keep the values bounded */
                if (buf[i] > 1e12 || buf[i] < -1e12) buf[i] = i;
        }
        printf("group %d: %016llx\n", group, (unsigned long long)checksum());
    }
    return 0;
}
