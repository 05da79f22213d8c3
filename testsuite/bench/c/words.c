/*
 * words.c - string processing: generates a text of pseudo-random words
 * (syllables, capitals, punctuation, line breaks), then tokenizes it,
 * lower-cases each word and counts occurrences in an open-addressing hash
 * table of strings.  Exercises byte loads, character classification,
 * short memcmp/memcpy and hash-table probing.
 *
 * usage: words [MB]   (default 64 MB of text)
 * check-args: 1   (small size for testsuite/bench/check.sh)
 * prints: word and line counts, distinct words, the most frequent word
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_BITS 16
#define TABLE_SIZE (1u << TABLE_BITS)
#define MAX_WORD 32

typedef struct Entry {
    uint32_t hash, count;
    uint8_t len;
    char word[MAX_WORD];
} Entry;

static uint32_t seed = 77;

static uint32_t rnd(uint32_t limit)
{
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % limit;
}

static const char *const syll[] = {
    "an", "be", "ka", "lo", "mi", "nu", "or", "pe", "qua", "ri", "sto", "ta",
    "ul", "ve", "wi", "xe", "yo", "ze", "the", "ing", "tion", "ly", "er", "st",
};

/* Fills t[0..len) with text; returns the number of bytes written. */
static uint32_t generate(char *t, uint32_t len)
{
    uint32_t o = 0, nsyll = sizeof syll / sizeof syll[0];
    while (o + 64 < len) {
        /* Zipf-ish: short words with few syllables are far more common. */
        uint32_t ns = 1 + rnd(1 + rnd(3));
        uint32_t start = o;
        for (uint32_t s = 0; s < ns; s++) {
            uint32_t k = rnd(1 + rnd(nsyll));
            for (const char *p = syll[k]; *p; p++) t[o++] = *p;
        }
        if (rnd(10) == 0) t[start] = (char)(t[start] - 'a' + 'A');
        uint32_t r = rnd(40);
        if (r == 0) t[o++] = '.';
        else if (r == 1) t[o++] = ',';
        t[o++] = rnd(12) == 0 ? '\n' : ' ';
    }
    return o;
}

static int is_alpha(unsigned char c) { return (c | 32) >= 'a' && (c | 32) <= 'z'; }

int main(int argc, char **argv)
{
    uint32_t mb = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 64;
    uint32_t cap = mb * 1048576u + 128;
    char *text = malloc(cap);
    Entry *table = calloc(TABLE_SIZE, sizeof(Entry));
    if (!text || !table) {
        fprintf(stderr, "words: out of memory\n");
        return 1;
    }
    uint32_t len = generate(text, cap);

    uint64_t nwords = 0, nlines = 0, nlong = 0;
    uint32_t distinct = 0;
    char w[MAX_WORD];
    uint32_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') nlines++;
        if (!is_alpha(c)) { i++; continue; }
        uint32_t wl = 0, h = 2166136261u;
        while (i < len && is_alpha((unsigned char)text[i])) {
            char lc = (char)(text[i] | 32);
            if (wl < MAX_WORD) w[wl++] = lc;
            h = (h ^ (unsigned char)lc) * 16777619u;
            i++;
        }
        nwords++;
        if (wl == MAX_WORD) { nlong++; continue; }
        uint32_t slot = h & (TABLE_SIZE - 1);
        for (;;) {
            Entry *e = &table[slot];
            if (e->count == 0) {
                if (distinct + 1 >= TABLE_SIZE / 2) { nlong++; break; }  /* table full */
                e->hash = h; e->count = 1; e->len = (uint8_t)wl;
                memcpy(e->word, w, wl);
                distinct++;
                break;
            }
            if (e->hash == h && e->len == wl && memcmp(e->word, w, wl) == 0) {
                e->count++;
                break;
            }
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
    }

    /* Most frequent word (ties broken by the word) and a table checksum. */
    const Entry *best = NULL;
    uint64_t sum = 0;
    for (uint32_t s = 0; s < TABLE_SIZE; s++) {
        const Entry *e = &table[s];
        if (!e->count) continue;
        sum += (uint64_t)e->count * e->hash;
        if (!best || e->count > best->count ||
            (e->count == best->count &&
             memcmp(e->word, best->word, e->len < best->len ? e->len : best->len) < 0))
            best = e;
    }
    printf("words: bytes=%" PRIu32 " words=%" PRIu64 " lines=%" PRIu64
           " long=%" PRIu64 " distinct=%" PRIu32 " top=%.*s:%" PRIu32
           " sum=%016" PRIx64 "\n",
           len, nwords, nlines, nlong, distinct, best ? (int)best->len : 0,
           best ? best->word : "", best ? best->count : 0, sum);
    free(text); free(table);
    return 0;
}
