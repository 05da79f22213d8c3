/*
 * lz77.c - compression: an LZ77 coder in the style of deflate's (hash
 * chains over a 32 KB window, lazy matching, minimum match 3, maximum 258)
 * writing a byte-oriented token stream (a flag byte per 8 tokens, literals
 * as bytes, matches as 16-bit distance + 8-bit length), then the decoder,
 * round-tripping a generated text with repeated phrases and some noise.
 * Exercises byte compares in inner match loops, 16-bit table updates, and
 * overlapping byte copies in the decoder.
 *
 * usage: lz77 [MB]   (default 12 MB of input, compressed and decompressed
 *                     three times at different chain limits)
 * check-args: 1   (small size)
 * prints: the compressed sizes, whether each round trip matched, and an
 *         Adler-32 of the compressed streams
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_BITS 15
#define WINDOW (1u << WINDOW_BITS)
#define WMASK (WINDOW - 1)
#define HASH_BITS 15
#define HASH_SIZE (1u << HASH_BITS)
#define MIN_MATCH 3
#define MAX_MATCH 258
#define NIL 0xffffffffu

static uint32_t rng = 12345;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng % n;
}

/* Text made of words from a small vocabulary, with numbers and typos. */
static size_t gen_text(uint8_t *out, size_t n)
{
    static const char *vocab[] = {
        "the", "of", "compression", "window", "match", "literal", "stream",
        "and", "a", "to", "in", "is", "distance", "length", "token", "buffer",
        "encoder", "decoder", "hash", "chain", "lazy", "evaluation", "byte",
        "repeat", "pattern", "data", "block", "entropy", "symbol", "code",
    };
    const size_t nv = sizeof vocab / sizeof vocab[0];
    size_t i = 0;
    while (i + 32 < n) {
        uint32_t r = rnd(100);
        if (r < 80) {
            const char *w = vocab[rnd(nv)];
            size_t l = strlen(w);
            memcpy(out + i, w, l);
            if (rnd(50) == 0) out[i + rnd(l)] ^= 0x20;   /* a typo */
            i += l;
            out[i++] = rnd(12) == 0 ? '\n' : ' ';
        } else if (r < 90) {
            i += (size_t)snprintf((char *)out + i, 16, "%u ", rnd(100000));
        } else if (r < 93) {
            for (uint32_t k = rnd(12); k > 0; k--) out[i++] = (uint8_t)rnd(256);
        } else if (i > 4000) {
            /* copy a recent phrase (a long-distance repeat) */
            size_t len = 20 + rnd(200), from = i - 1000 - rnd(3000);
            if (i + len > n - 32) len = n - 32 - i;
            memmove(out + i, out + from, len);
            i += len;
        }
    }
    while (i < n) out[i++] = '.';
    return n;
}

static uint32_t hash3(const uint8_t *p)
{
    return (((uint32_t)p[0] << 10) ^ ((uint32_t)p[1] << 5) ^ p[2]) & (HASH_SIZE - 1);
}

typedef struct {
    uint32_t head[HASH_SIZE];
    uint32_t prev[WINDOW];
} Matcher;

static void insert(Matcher *m, const uint8_t *in, uint32_t pos)
{
    uint32_t h = hash3(in + pos);
    m->prev[pos & WMASK] = m->head[h];
    m->head[h] = pos;
}

/* Longest match for in[pos..] within the window; returns its length. */
static uint32_t longest(const Matcher *m, const uint8_t *in, uint32_t pos, uint32_t end,
                        uint32_t chain, uint32_t *dist)
{
    uint32_t best = 0, limit = end - pos < MAX_MATCH ? end - pos : MAX_MATCH;
    uint32_t cand = m->head[hash3(in + pos)];
    while (cand != NIL && pos - cand <= WINDOW - 1 && chain-- > 0) {
        const uint8_t *a = in + cand, *b = in + pos;
        if (a[best] == b[best] && a[0] == b[0]) {
            uint32_t l = 0;
            while (l < limit && a[l] == b[l]) l++;
            if (l > best) {
                best = l;
                *dist = pos - cand;
                if (l == limit) break;
            }
        }
        cand = m->prev[cand & WMASK];
    }
    return best;
}

static size_t compress(Matcher *m, const uint8_t *in, uint32_t n, uint8_t *out, uint32_t chain)
{
    size_t o = 0, flagpos = 0;
    int nflags = 8;
    uint32_t pos = 0;
    for (uint32_t i = 0; i < HASH_SIZE; i++) m->head[i] = NIL;
#define NEW_TOKEN(isMatch) do { \
        if (nflags == 8) { flagpos = o++; out[flagpos] = 0; nflags = 0; } \
        if (isMatch) out[flagpos] |= (uint8_t)(1u << nflags); \
        nflags++; } while (0)
    while (pos < n) {
        uint32_t dist = 0, len = 0;
        if (pos + MIN_MATCH <= n) {
            len = longest(m, in, pos, n, chain, &dist);
            /* lazy evaluation: prefer a longer match starting one byte later */
            if (len >= MIN_MATCH && len < 32 && pos + 1 + MIN_MATCH <= n) {
                uint32_t d2 = 0, l2;
                insert(m, in, pos);
                l2 = longest(m, in, pos + 1, n, chain / 2, &d2);
                if (l2 > len + 1) {
                    NEW_TOKEN(0);
                    out[o++] = in[pos++];
                    len = l2;
                    dist = d2;
                } else {
                    /* undo nothing: pos was inserted, skip re-insertion below */
                    NEW_TOKEN(1);
                    out[o++] = (uint8_t)dist; out[o++] = (uint8_t)(dist >> 8);
                    out[o++] = (uint8_t)(len - MIN_MATCH);
                    for (uint32_t k = 1; k < len; k++)
                        if (pos + k + MIN_MATCH <= n) insert(m, in, pos + k);
                    pos += len;
                    continue;
                }
            }
        }
        if (len >= MIN_MATCH) {
            NEW_TOKEN(1);
            out[o++] = (uint8_t)dist; out[o++] = (uint8_t)(dist >> 8);
            out[o++] = (uint8_t)(len - MIN_MATCH);
            for (uint32_t k = 0; k < len; k++)
                if (pos + k + MIN_MATCH <= n) insert(m, in, pos + k);
            pos += len;
        } else {
            NEW_TOKEN(0);
            if (pos + MIN_MATCH <= n) insert(m, in, pos);
            out[o++] = in[pos++];
        }
    }
#undef NEW_TOKEN
    return o;
}

/* Decodes n bytes of output; returns the number of bytes produced. */
static uint32_t decompress(const uint8_t *in, size_t inlen, uint8_t *out, uint32_t cap)
{
    size_t i = 0;
    uint32_t o = 0;
    while (i < inlen) {
        uint8_t flags = in[i++];
        for (int t = 0; t < 8 && i < inlen; t++, flags >>= 1) {
            if (flags & 1) {
                uint32_t dist = in[i] | (uint32_t)in[i + 1] << 8;
                uint32_t len = in[i + 2] + MIN_MATCH;
                i += 3;
                if (dist == 0 || dist > o || o + len > cap) return 0;
                uint8_t *d = out + o;
                const uint8_t *s = d - dist;
                for (uint32_t k = 0; k < len; k++) d[k] = s[k];   /* may overlap */
                o += len;
            } else {
                if (o >= cap) return 0;
                out[o++] = in[i++];
            }
        }
    }
    return o;
}

static uint32_t adler32(uint32_t a, const uint8_t *p, size_t n)
{
    uint32_t s1 = a & 0xffff, s2 = a >> 16;
    while (n > 0) {
        size_t k = n < 5552 ? n : 5552;
        n -= k;
        while (k--) { s1 += *p++; s2 += s1; }
        s1 %= 65521; s2 %= 65521;
    }
    return s2 << 16 | s1;
}

int main(int argc, char **argv)
{
    uint32_t mb = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 12;
    uint32_t n = mb * 1000000u + 7;
    uint8_t *in = malloc(n), *back = malloc(n), *comp = malloc(n + n / 8 + 16);
    Matcher *m = malloc(sizeof *m);
    if (!in || !back || !comp || !m) {
        printf("lz77: out of memory\n");
        return 1;
    }
    gen_text(in, n);
    static const uint32_t chains[3] = { 4, 32, 128 };
    uint32_t adler = 1;
    int all_ok = 1;
    printf("lz77: input=%" PRIu32, n);
    for (int r = 0; r < 3; r++) {
        size_t clen = compress(m, in, n, comp, chains[r]);
        memset(back, 0, n);
        uint32_t dlen = decompress(comp, clen, back, n);
        int ok = dlen == n && memcmp(in, back, n) == 0;
        all_ok &= ok;
        adler = adler32(adler, comp, clen);
        printf(" chain%" PRIu32 "=%zu%s", chains[r], clen, ok ? "" : "(BAD)");
    }
    printf(" roundtrip=%s adler=%08" PRIx32 "\n", all_ok ? "ok" : "BAD", adler);
    free(m); free(comp); free(back); free(in);
    return 0;
}
