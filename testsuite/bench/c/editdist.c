/*
 * editdist.c - dynamic programming on 2D tables: for pairs of generated
 * DNA-like strings (the second a mutated copy of the first), fills the full
 * Levenshtein table, walks it back to count substitutions, insertions and
 * deletions, then fills an LCS table and recovers the subsequence.
 * Exercises row-major 2D indexing, three-way minimum/maximum with
 * data-dependent branches, and a backwards traceback walk.
 *
 * usage: editdist [PAIRS]   (default 40 pairs of about 3000 characters)
 * check-args: 2   (small size)
 * prints: per-pair distances summed, edit-operation counts, LCS lengths and
 *         a checksum of the recovered subsequences
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN 3000

static uint64_t s64 = 88172645463325252ull;
static uint32_t rnd(uint32_t n)
{
    s64 ^= s64 << 13; s64 ^= s64 >> 7; s64 ^= s64 << 17;
    return (uint32_t)(s64 % n);
}

static const char alphabet[4] = { 'A', 'C', 'G', 'T' };

/* b = a with about rate/1000 of its positions mutated */
static uint32_t mutate(const char *a, uint32_t n, char *b, uint32_t rate)
{
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (rnd(1000) >= rate) { b[m++] = a[i]; continue; }
        switch (rnd(3)) {
        case 0: b[m++] = alphabet[rnd(4)]; break;             /* substitute */
        case 1: break;                                        /* delete */
        default: b[m++] = alphabet[rnd(4)]; b[m++] = a[i];    /* insert */
        }
    }
    b[m] = 0;
    return m;
}

typedef struct { uint32_t dist, subs, ins, dels; } Edit;

static Edit levenshtein(const char *a, uint32_t n, const char *b, uint32_t m, uint16_t *d)
{
    const uint32_t w = m + 1;
    for (uint32_t j = 0; j <= m; j++) d[j] = (uint16_t)j;
    for (uint32_t i = 1; i <= n; i++) {
        uint16_t *row = d + (size_t)i * w, *up = row - w;
        row[0] = (uint16_t)i;
        char ca = a[i - 1];
        for (uint32_t j = 1; j <= m; j++) {
            uint16_t best = up[j - 1] + (ca != b[j - 1]);
            if (up[j] + 1 < best) best = up[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
        }
    }
    Edit e = { d[(size_t)n * w + m], 0, 0, 0 };
    uint32_t i = n, j = m;
    while (i > 0 || j > 0) {
        uint16_t cur = d[(size_t)i * w + j];
        if (i > 0 && j > 0 && d[(size_t)(i - 1) * w + j - 1] + (a[i - 1] != b[j - 1]) == cur) {
            e.subs += a[i - 1] != b[j - 1];
            i--; j--;
        } else if (i > 0 && d[(size_t)(i - 1) * w + j] + 1 == cur) {
            e.dels++;
            i--;
        } else {
            e.ins++;
            j--;
        }
    }
    return e;
}

/* LCS length; the subsequence itself goes to out. */
static uint32_t lcs(const char *a, uint32_t n, const char *b, uint32_t m, uint16_t *t, char *out)
{
    const uint32_t w = m + 1;
    memset(t, 0, (size_t)w * sizeof *t);
    for (uint32_t i = 1; i <= n; i++) {
        uint16_t *row = t + (size_t)i * w, *up = row - w;
        row[0] = 0;
        for (uint32_t j = 1; j <= m; j++) {
            if (a[i - 1] == b[j - 1]) row[j] = up[j - 1] + 1;
            else row[j] = up[j] > row[j - 1] ? up[j] : row[j - 1];
        }
    }
    uint32_t len = t[(size_t)n * w + m], k = len;
    uint32_t i = n, j = m;
    out[len] = 0;
    while (i > 0 && j > 0) {
        if (a[i - 1] == b[j - 1]) {
            out[--k] = a[i - 1];
            i--; j--;
        } else if (t[(size_t)(i - 1) * w + j] >= t[(size_t)i * w + j - 1]) {
            i--;
        } else {
            j--;
        }
    }
    return len;
}

int main(int argc, char **argv)
{
    uint32_t pairs = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 40;
    uint32_t nmax = LEN + LEN / 8;
    char *a = malloc(nmax + 1), *b = malloc(2 * nmax + 1), *sub = malloc(nmax + 1);
    if (!a || !b || !sub) {
        printf("editdist: out of memory\n");
        return 1;
    }
    uint64_t dsum = 0, subs = 0, ins = 0, dels = 0, lsum = 0;
    uint32_t h = 2166136261u;
    for (uint32_t p = 0; p < pairs; p++) {
        uint32_t n = LEN - LEN / 8 + rnd(LEN / 4);
        for (uint32_t i = 0; i < n; i++) a[i] = alphabet[rnd(4)];
        a[n] = 0;
        uint32_t m = mutate(a, n, b, 20 + 15 * (p % 16));
        uint16_t *table = malloc((size_t)(n + 1) * (m + 1) * sizeof *table);
        if (!table) {
            printf("editdist: out of memory\n");
            return 1;
        }
        Edit e = levenshtein(a, n, b, m, table);
        dsum += e.dist; subs += e.subs; ins += e.ins; dels += e.dels;
        uint32_t l = lcs(a, n, b, m, table, sub);
        lsum += l;
        for (uint32_t i = 0; i < l; i++) h = (h ^ (uint8_t)sub[i]) * 16777619u;
        if (e.subs + e.ins + e.dels != e.dist || m - e.ins + e.dels != n) h = 0;  /* sanity */
        free(table);
    }
    printf("editdist: pairs=%" PRIu32 " dist=%" PRIu64 " subs=%" PRIu64 " ins=%" PRIu64
           " dels=%" PRIu64 " lcs=%" PRIu64 " hash=%08" PRIx32 "\n", pairs, dsum, subs, ins,
           dels, lsum, h);
    free(sub); free(b); free(a);
    return 0;
}
