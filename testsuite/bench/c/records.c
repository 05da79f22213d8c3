/*
 * records.c - library sorting: an array of employee-like records sorted
 * with the C library's qsort under several comparator functions (by name
 * with strcmp, by department/score/id, by a double balance, by id), an
 * index of pointers sorted by age then name, and bsearch lookups by id.
 * Every comparator ends in the unique id so the order is fully defined
 * whatever algorithm the library uses.  Exercises indirect calls through
 * the comparator, memcpy of 48-byte records (done inside qsort), strcmp on
 * short names and double compares.
 *
 * usage: records [N]   (default 200000 records, sorted 5 ways, 3 rounds)
 * check-args: 3000   (small size)
 * prints: checksums of each ordering and the bsearch hit count
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t id;
    uint16_t dept, age;
    int32_t score;
    double balance;
    char name[24];
} Record;

static int cmp_id(const void *pa, const void *pb)
{
    const Record *a = pa, *b = pb;
    return (a->id > b->id) - (a->id < b->id);
}

static int cmp_name(const void *pa, const void *pb)
{
    const Record *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    return c ? c : cmp_id(a, b);
}

static int cmp_dept_score(const void *pa, const void *pb)
{
    const Record *a = pa, *b = pb;
    if (a->dept != b->dept) return a->dept < b->dept ? -1 : 1;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;   /* descending */
    return cmp_id(a, b);
}

static int cmp_balance(const void *pa, const void *pb)
{
    const Record *a = pa, *b = pb;
    if (a->balance < b->balance) return -1;
    if (a->balance > b->balance) return 1;
    return cmp_id(a, b);
}

static int cmp_ptr_age_name(const void *pa, const void *pb)
{
    const Record *a = *(const Record *const *)pa, *b = *(const Record *const *)pb;
    if (a->age != b->age) return a->age < b->age ? -1 : 1;
    return cmp_name(a, b);
}

static uint32_t seed = 2166136261u;
static uint32_t rnd(uint32_t n)
{
    seed = seed * 1103515245u + 12345u;
    uint32_t hi = seed >> 16;
    seed = seed * 1103515245u + 12345u;
    return ((hi << 15) ^ (seed >> 16)) % n;
}

static const char *first[] = { "Ada", "Alan", "Barbara", "Brian", "Claude", "Donald", "Edsger",
                               "Frances", "Grace", "John", "Ken", "Leslie", "Margaret", "Niklaus",
                               "Radia", "Tony" };
static const char *last[] = { "Hopper", "Turing", "Liskov", "Kernighan", "Shannon", "Knuth",
                              "Dijkstra", "Allen", "Backus", "Thompson", "Lamport", "Hamilton",
                              "Wirth", "Perlman", "Hoare", "Ritchie" };

static void fill(Record *r, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        Record *x = &r[i];
        x->id = (i * 2654435761u) ^ 0x5bd1e995u;   /* distinct: odd multiplier */
        x->dept = (uint16_t)rnd(40);
        x->age = (uint16_t)(20 + rnd(45));
        x->score = (int32_t)rnd(2000) - 1000;
        x->balance = (double)((int32_t)rnd(4000000) - 2000000) / 8.0;
        snprintf(x->name, sizeof x->name, "%s %s %c", last[rnd(16)], first[rnd(16)],
                 (char)('A' + rnd(26)));
    }
}

static uint32_t digest(const Record *r, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) h = (h ^ r[i].id) * 16777619u;
    return h;
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 200000;
    Record *r = malloc(n * sizeof *r);
    const Record **idx = malloc(n * sizeof *idx);
    if (!r || !idx) {
        printf("records: out of memory\n");
        return 1;
    }
    uint32_t h[5] = { 0 }, found = 0;
    for (int round = 0; round < 3; round++) {
        fill(r, n);
        qsort(r, n, sizeof *r, cmp_name);
        h[0] ^= digest(r, n);
        qsort(r, n, sizeof *r, cmp_dept_score);
        h[1] ^= digest(r, n);
        qsort(r, n, sizeof *r, cmp_balance);
        h[2] ^= digest(r, n);
        for (uint32_t i = 0; i < n; i++) idx[i] = &r[i];
        qsort(idx, n, sizeof *idx, cmp_ptr_age_name);
        uint32_t hh = 2166136261u;
        for (uint32_t i = 0; i < n; i++) hh = (hh ^ idx[i]->id) * 16777619u;
        h[3] ^= hh;
        qsort(r, n, sizeof *r, cmp_id);
        h[4] ^= digest(r, n);
        for (uint32_t i = 0; i < n; i++) {
            Record key;
            key.id = ((i * 7u) * 2654435761u) ^ 0x5bd1e995u;   /* about 1 in 7 exists */
            if (i % 3 == 0) key.id ^= 1;
            found += bsearch(&key, r, n, sizeof *r, cmp_id) != NULL;
        }
    }
    printf("records: n=%" PRIu32 " name=%08" PRIx32 " dept=%08" PRIx32 " balance=%08" PRIx32
           " age=%08" PRIx32 " id=%08" PRIx32 " found=%" PRIu32 "\n",
           n, h[0], h[1], h[2], h[3], h[4], found);
    free(idx);
    free(r);
    return 0;
}
