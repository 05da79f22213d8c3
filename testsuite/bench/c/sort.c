/*
 * sort.c - sorting: a quicksort (median of three, insertion sort for short
 * ranges) and a bottom-up mergesort of a large array of pseudo-random
 * 32-bit keys.  Exercises unpredictable branches, swaps in memory and
 * sequential merging between two buffers.
 *
 * usage: sort [N]   (default 4000000 keys)
 * check-args: 20011   (small size for testsuite/bench/check.sh)
 * prints: whether both results are sorted and agree, and a checksum
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t xs = 2463534242u;

static uint32_t xorshift32(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 17;
    xs ^= xs << 5;
    return xs;
}

static void insertion_sort(uint32_t *v, int32_t lo, int32_t hi)
{
    for (int32_t i = lo + 1; i <= hi; i++) {
        uint32_t x = v[i];
        int32_t j = i - 1;
        while (j >= lo && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static void swap(uint32_t *v, int32_t i, int32_t j)
{
    uint32_t t = v[i];
    v[i] = v[j];
    v[j] = t;
}

/* Sorts v[lo..hi] inclusive; recurses on the smaller side so the depth
 * stays O(log n). */
static void quicksort(uint32_t *v, int32_t lo, int32_t hi)
{
    while (hi - lo > 16) {
        int32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < v[lo]) swap(v, mid, lo);
        if (v[hi] < v[lo]) swap(v, hi, lo);
        if (v[hi] < v[mid]) swap(v, hi, mid);
        uint32_t pivot = v[mid];
        int32_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) swap(v, i++, j--);
        }
        if (j - lo < hi - i) {
            quicksort(v, lo, j);
            lo = i;
        } else {
            quicksort(v, i, hi);
            hi = j;
        }
    }
    insertion_sort(v, lo, hi);
}

/* Bottom-up mergesort; returns whichever buffer holds the result. */
static uint32_t *mergesort(uint32_t *v, uint32_t *tmp, uint32_t n)
{
    for (uint32_t w = 1; w < n; w *= 2) {
        for (uint32_t lo = 0; lo < n; lo += 2 * w) {
            uint32_t mid = lo + w < n ? lo + w : n;
            uint32_t hi = lo + 2 * w < n ? lo + 2 * w : n;
            uint32_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
            while (i < mid) tmp[k++] = v[i++];
            while (j < hi) tmp[k++] = v[j++];
        }
        uint32_t *t = v; v = tmp; tmp = t;
    }
    return v;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 4000000;
    uint32_t *q = malloc(sizeof(uint32_t) * (n ? n : 1));
    uint32_t *m = malloc(sizeof(uint32_t) * (n ? n : 1));
    uint32_t *t = malloc(sizeof(uint32_t) * (n ? n : 1));
    if (!q || !m || !t) {
        fprintf(stderr, "sort: out of memory\n");
        return 1;
    }
    for (uint32_t i = 0; i < n; i++) q[i] = xorshift32() % (n * 4u + 1u);
    memcpy(m, q, sizeof(uint32_t) * n);

    if (n) quicksort(q, 0, (int32_t)n - 1);
    uint32_t *r = mergesort(m, t, n);

    int ok = 1;
    uint64_t sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (q[i] != r[i] || (i && q[i - 1] > q[i])) ok = 0;
        sum = sum * 31 + q[i];
    }
    printf("sort: n=%" PRIu32 " %s checksum=%016" PRIx64 " median=%" PRIu32 "\n",
           n, ok ? "sorted" : "NOT SORTED", sum, n ? q[n / 2] : 0);
    free(q); free(m); free(t);
    return 0;
}
