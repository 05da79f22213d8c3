/*
 * strhash.c - a string-keyed dictionary: an open-addressing hash table
 * (linear probing, tombstones, growth at 70% load, cached hashes) mapping
 * heap-allocated keys like "user:1234:cart" to counters, driven through
 * phases of inserts, hit/miss lookups, deletes, re-inserts and
 * read-modify-write updates, as a session cache would be.  Exercises
 * string hashing, strcmp/strlen/memcpy, malloc/free of short strings, and
 * cache-unfriendly probing in a table that grows to tens of MB.
 *
 * usage: strhash [N]   (default 250000 distinct keys per phase)
 * check-args: 5000   (small size)
 * prints: live entry count, table capacity, hit/miss/delete counts and a
 *         checksum of the values
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *key;          /* NULL: empty; TOMB: deleted */
    uint32_t hash;
    uint32_t value;
} Slot;

typedef struct {
    Slot *slots;
    uint32_t cap, live, used;   /* used counts live + tombstones */
} Table;

static char tomb_mark;
#define TOMB (&tomb_mark)

static uint32_t hash_str(const char *s)
{
    /* MurmurOAAT-style mixing, byte at a time */
    uint32_t h = 0x3a8f05c5u;
    for (; *s; s++) {
        h ^= (uint8_t)*s;
        h *= 0x5bd1e995u;
        h ^= h >> 15;
    }
    return h;
}

static void table_init(Table *t, uint32_t cap)
{
    t->slots = calloc(cap, sizeof *t->slots);
    if (!t->slots) { printf("strhash: out of memory\n"); exit(1); }
    t->cap = cap;
    t->live = t->used = 0;
}

static void table_rehash(Table *t, uint32_t newcap)
{
    Slot *old = t->slots;
    uint32_t oldcap = t->cap;
    table_init(t, newcap);
    for (uint32_t i = 0; i < oldcap; i++) {
        if (!old[i].key || old[i].key == TOMB) continue;
        uint32_t j = old[i].hash & (newcap - 1);
        while (t->slots[j].key) j = (j + 1) & (newcap - 1);
        t->slots[j] = old[i];
        t->live++;
        t->used++;
    }
    free(old);
}

/* Slot holding key, or NULL. */
static Slot *table_find(Table *t, const char *key)
{
    uint32_t h = hash_str(key), i = h & (t->cap - 1);
    for (;;) {
        Slot *s = &t->slots[i];
        if (!s->key) return NULL;
        if (s->key != TOMB && s->hash == h && strcmp(s->key, key) == 0) return s;
        i = (i + 1) & (t->cap - 1);
    }
}

/* Slot for key, inserting it (with value 0) when absent. */
static Slot *table_upsert(Table *t, const char *key, int *created)
{
    if ((t->used + 1) * 10 > t->cap * 7)
        table_rehash(t, t->live * 2 * 10 > t->cap * 7 ? t->cap * 2 : t->cap);
    uint32_t h = hash_str(key), i = h & (t->cap - 1);
    Slot *grave = NULL;
    for (;;) {
        Slot *s = &t->slots[i];
        if (!s->key) break;
        if (s->key == TOMB) {
            if (!grave) grave = s;
        } else if (s->hash == h && strcmp(s->key, key) == 0) {
            *created = 0;
            return s;
        }
        i = (i + 1) & (t->cap - 1);
    }
    Slot *s = grave ? grave : &t->slots[i];
    if (!grave) t->used++;
    size_t len = strlen(key);
    s->key = malloc(len + 1);
    if (!s->key) { printf("strhash: out of memory\n"); exit(1); }
    memcpy(s->key, key, len + 1);
    s->hash = h;
    s->value = 0;
    t->live++;
    *created = 1;
    return s;
}

static int table_delete(Table *t, const char *key)
{
    Slot *s = table_find(t, key);
    if (!s) return 0;
    free(s->key);
    s->key = TOMB;
    t->live--;
    return 1;
}

/* Writes a key such as "user:48213:cart" for id into buf. */
static const char *const kinds[] = { "cart", "session", "prefs", "history", "token" };
static char *make_key(char *buf, uint32_t id)
{
    char digits[12];
    int n = 0;
    uint32_t v = id / 5;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    char *p = buf;
    memcpy(p, id % 3 ? "user:" : "acct:", 5);
    p += 5;
    while (n) *p++ = digits[--n];
    *p++ = ':';
    const char *k = kinds[id % 5];
    size_t kl = strlen(k);
    memcpy(p, k, kl);
    p[kl] = 0;
    return buf;
}

static uint32_t x32 = 0xdeadbeefu;
static uint32_t rnd(void)
{
    x32 ^= x32 << 13; x32 ^= x32 >> 17; x32 ^= x32 << 5;
    return x32;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 250000;
    Table t;
    char key[48];
    uint64_t hits = 0, misses = 0, deletes = 0, created = 0;
    uint32_t sum = 0;
    table_init(&t, 1024);
    for (int phase = 0; phase < 4; phase++) {
        uint32_t base = (uint32_t)phase * (n / 2);   /* phases overlap by half */
        for (uint32_t i = 0; i < n; i++) {           /* insert or bump */
            int c;
            Slot *s = table_upsert(&t, make_key(key, base + i), &c);
            s->value += i & 0xff;
            created += (uint64_t)c;
        }
        for (uint32_t i = 0; i < 2 * n; i++) {       /* lookups, about half miss */
            Slot *s = table_find(&t, make_key(key, rnd() % (3 * n)));
            if (s) { hits++; sum += s->value * 31 + (uint32_t)i; } else misses++;
        }
        for (uint32_t i = 0; i < n / 2; i++)         /* delete a random third */
            deletes += (uint64_t)table_delete(&t, make_key(key, base + rnd() % n));
        for (uint32_t i = 0; i < n; i++) {           /* read-modify-write */
            int c;
            Slot *s = table_upsert(&t, make_key(key, base + rnd() % (n + n / 4)), &c);
            s->value = s->value * 3 + 1;
            created += (uint64_t)c;
        }
    }
    for (uint32_t i = 0; i < t.cap; i++) {
        Slot *s = &t.slots[i];
        if (s->key && s->key != TOMB) {
            sum = sum * 1000003u ^ (s->value + hash_str(s->key));
            free(s->key);
        }
    }
    printf("strhash: live=%" PRIu32 " cap=%" PRIu32 " created=%" PRIu64 " hits=%" PRIu64
           " misses=%" PRIu64 " deletes=%" PRIu64 " sum=%08" PRIx32 "\n",
           t.live, t.cap, created, hits, misses, deletes, sum);
    free(t.slots);
    return 0;
}
