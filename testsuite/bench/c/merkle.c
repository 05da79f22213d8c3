/*
 * merkle.c - SHA-256 the way a content store uses it: a generated buffer is
 * cut into 1 KB chunks, each chunk is authenticated with HMAC-SHA-256 and
 * the chunk MACs are folded pairwise into a Merkle tree.  Each round edits
 * a few chunks (seeded by the previous root) and rebuilds the whole tree.
 * Unlike hash.c (one long message) this hashes many short messages through
 * a streaming init/update/final interface, so padding, finalization and
 * the 64-byte HMAC key blocks matter as much as the compression function.
 *
 * usage: merkle [ROUNDS]   (default 24 rounds over a 4 MB buffer)
 * check-args: 1   (small size)
 * prints: the number of bytes hashed, a self-test flag and the final root
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 1024
#define BUF_SIZE (4u << 20)

typedef struct {
    uint32_t h[8];
    uint8_t block[64];
    uint32_t fill;      /* bytes in block */
    uint64_t total;     /* bytes hashed so far */
} Sha256;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, k) (((x) >> (k)) | ((x) << (32 - (k))))

static void compress(uint32_t st[8], const uint8_t *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    for (int i = 0; i < 16; i++, p += 4)
        w[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    for (int i = 16; i < 64; i++)
        w[i] = w[i - 16] + w[i - 7] +
               (ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
               (ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10));
    a = st[0]; b = st[1]; c = st[2]; d = st[3];
    e = st[4]; f = st[5]; g = st[6]; h = st[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + (g ^ (e & (f ^ g))) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) | (c & (a | b)));
        h = g; g = f; f = e; e = d + t1;
        d = c; c = b; b = a; a = t1 + t2;
    }
    st[0] += a; st[1] += b; st[2] += c; st[3] += d;
    st[4] += e; st[5] += f; st[6] += g; st[7] += h;
}

static void sha_init(Sha256 *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof iv);
    s->fill = 0;
    s->total = 0;
}

static void sha_update(Sha256 *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    s->total += len;
    if (s->fill) {
        size_t n = 64 - s->fill < len ? 64 - s->fill : len;
        memcpy(s->block + s->fill, p, n);
        s->fill += n; p += n; len -= n;
        if (s->fill < 64) return;
        compress(s->h, s->block);
        s->fill = 0;
    }
    for (; len >= 64; p += 64, len -= 64) compress(s->h, p);
    memcpy(s->block, p, len);
    s->fill = len;
}

static void sha_final(Sha256 *s, uint8_t out[32])
{
    uint64_t bits = s->total * 8;
    s->block[s->fill++] = 0x80;
    if (s->fill > 56) {
        memset(s->block + s->fill, 0, 64 - s->fill);
        compress(s->h, s->block);
        s->fill = 0;
    }
    memset(s->block + s->fill, 0, 56 - s->fill);
    for (int i = 0; i < 8; i++) s->block[63 - i] = (uint8_t)(bits >> (8 * i));
    compress(s->h, s->block);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = s->h[i] >> 24; out[4 * i + 1] = s->h[i] >> 16;
        out[4 * i + 2] = s->h[i] >> 8; out[4 * i + 3] = s->h[i];
    }
}

/* HMAC-SHA-256 with a key of at most 64 bytes (RFC 2104). */
static void hmac(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen, uint8_t out[32])
{
    uint8_t pad[64], inner[32];
    Sha256 s;
    memset(pad, 0, sizeof pad);
    memcpy(pad, key, klen);
    for (int i = 0; i < 64; i++) pad[i] ^= 0x36;
    sha_init(&s);
    sha_update(&s, pad, 64);
    sha_update(&s, msg, mlen);
    sha_final(&s, inner);
    for (int i = 0; i < 64; i++) pad[i] ^= 0x36 ^ 0x5c;
    sha_init(&s);
    sha_update(&s, pad, 64);
    sha_update(&s, inner, 32);
    sha_final(&s, out);
}

/* Root of the Merkle tree over n leaf digests (odd nodes are promoted). */
static void merkle_root(uint8_t (*nodes)[32], uint32_t n, uint8_t root[32])
{
    while (n > 1) {
        uint32_t m = 0;
        for (uint32_t i = 0; i + 1 < n; i += 2) {
            Sha256 s;
            uint8_t tag = 1;
            sha_init(&s);
            sha_update(&s, &tag, 1);
            sha_update(&s, nodes[i], 32);
            sha_update(&s, nodes[i + 1], 32);
            sha_final(&s, nodes[m++]);
        }
        if (n & 1) memcpy(nodes[m++], nodes[n - 1], 32);
        n = m;
    }
    memcpy(root, nodes[0], 32);
}

int main(int argc, char **argv)
{
    uint32_t rounds = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 24;
    uint32_t nchunks = (BUF_SIZE + CHUNK - 1) / CHUNK + 1;  /* last chunk is short */
    uint32_t size = BUF_SIZE + 300;
    uint8_t *buf = malloc(size);
    uint8_t (*nodes)[32] = malloc((size_t)nchunks * 32);
    if (!buf || !nodes) {
        printf("merkle: out of memory\n");
        return 1;
    }
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (uint32_t i = 0; i < size; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        buf[i] = (uint8_t)(x >> 24);
    }

    /* RFC 4231 test case 2: key "Jefe". */
    uint8_t d[32];
    const char *msg = "what do ya want for nothing?";
    hmac((const uint8_t *)"Jefe", 4, (const uint8_t *)msg, strlen(msg), d);
    int ok = d[0] == 0x5b && d[1] == 0xdc && d[31] == 0x43;

    uint8_t key[32], root[32] = { 0 };
    uint64_t hashed = 0;
    for (uint32_t r = 0; r < rounds; r++) {
        memcpy(key, root, 32);
        key[0] ^= (uint8_t)r;
        for (uint32_t c = 0; c < nchunks; c++) {
            uint32_t off = c * CHUNK;
            uint32_t len = off + CHUNK <= size ? CHUNK : size - off;
            hmac(key, 32, buf + off, len, nodes[c]);
            hashed += len;
        }
        merkle_root(nodes, nchunks, root);
        /* edit a few chunks where the root says */
        for (int i = 0; i < 8; i++) {
            uint32_t pos = ((uint32_t)root[4 * i] << 24 | (uint32_t)root[4 * i + 1] << 16 |
                            (uint32_t)root[4 * i + 2] << 8 | root[4 * i + 3]) % (size - 32);
            memcpy(buf + pos, root, 32);
        }
    }
    printf("merkle: chunks=%" PRIu32 " bytes=%" PRIu64 " selftest=%s root=", nchunks, hashed,
           ok ? "ok" : "BAD");
    for (int i = 0; i < 32; i++) printf("%02x", root[i]);
    printf("\n");
    free(nodes);
    free(buf);
    return 0;
}
