/*
 * dijkstra.c - graph search: single-source shortest paths with Dijkstra's
 * algorithm and an indexed binary min-heap (decrease-key through a
 * position array) on a generated road-network-like graph (a grid with
 * jittered weights, plus random long-range "highway" edges), stored in
 * compressed sparse row form.  Runs from several sources and walks the
 * predecessor tree back from a few targets.  Exercises irregular memory
 * accesses, heap sift loops with unpredictable branches, and 64-bit keys.
 *
 * usage: dijkstra [SIDE]   (default 650: a SIDE x SIDE grid, 8 sources)
 * check-args: 60   (small size)
 * prints: reached-vertex counts, a checksum of the distances and the hop
 *         count of the reconstructed paths
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SOURCES 8
#define INF UINT64_MAX

typedef struct {
    uint32_t n, m;
    uint32_t *start;    /* edges of v are start[v] .. start[v+1]-1 */
    uint32_t *to;
    uint32_t *w;
} Graph;

typedef struct {
    uint32_t *heap;     /* vertices */
    uint32_t *pos;      /* position in heap, or NONE */
    uint64_t *key;
    uint32_t size;
} Heap;

#define NONE 0xffffffffu

static uint64_t st = 0x853c49e6748fea9bull;
static uint32_t rnd(uint32_t n)
{
    st = st * 6364136223846793005ull + 1442695040888963407ull;
    uint32_t x = (uint32_t)(((st >> 18) ^ st) >> 27), r = (uint32_t)(st >> 59);
    return ((x >> r) | (x << ((32 - r) & 31))) % n;
}

static void heap_swap(Heap *h, uint32_t i, uint32_t j)
{
    uint32_t a = h->heap[i], b = h->heap[j];
    h->heap[i] = b; h->pos[b] = i;
    h->heap[j] = a; h->pos[a] = j;
}

static void sift_up(Heap *h, uint32_t i)
{
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (h->key[h->heap[p]] <= h->key[h->heap[i]]) break;
        heap_swap(h, i, p);
        i = p;
    }
}

static void sift_down(Heap *h, uint32_t i)
{
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->size && h->key[h->heap[l]] < h->key[h->heap[m]]) m = l;
        if (r < h->size && h->key[h->heap[r]] < h->key[h->heap[m]]) m = r;
        if (m == i) return;
        heap_swap(h, i, m);
        i = m;
    }
}

static void heap_push_or_decrease(Heap *h, uint32_t v, uint64_t k)
{
    h->key[v] = k;
    if (h->pos[v] == NONE) {
        h->heap[h->size] = v;
        h->pos[v] = h->size++;
    }
    sift_up(h, h->pos[v]);
}

static uint32_t heap_pop(Heap *h)
{
    uint32_t v = h->heap[0];
    h->size--;
    if (h->size) {
        h->heap[0] = h->heap[h->size];
        h->pos[h->heap[0]] = 0;
        sift_down(h, 0);
    }
    h->pos[v] = NONE;
    return v;
}

/* dist[] and pred[] from src; returns the number of vertices reached. */
static uint32_t dijkstra(const Graph *g, uint32_t src, Heap *h, uint32_t *pred)
{
    uint64_t *dist = h->key;
    for (uint32_t v = 0; v < g->n; v++) { dist[v] = INF; pred[v] = NONE; h->pos[v] = NONE; }
    h->size = 0;
    heap_push_or_decrease(h, src, 0);
    pred[src] = src;
    uint32_t reached = 0;
    while (h->size) {
        uint32_t u = heap_pop(h);
        uint64_t du = dist[u];
        reached++;
        for (uint32_t e = g->start[u]; e < g->start[u + 1]; e++) {
            uint32_t v = g->to[e];
            uint64_t nd = du + g->w[e];
            if (nd < dist[v]) {
                pred[v] = u;
                heap_push_or_decrease(h, v, nd);
            }
        }
    }
    return reached;
}

/* Grid graph with random weights, some missing streets, and highways. */
static Graph make_graph(uint32_t side)
{
    Graph g;
    uint32_t n = side * side, cap = n * 5 + 8;
    uint32_t *src = malloc(cap * sizeof *src), *dst = malloc(cap * sizeof *dst),
             *wt = malloc(cap * sizeof *wt);
    uint32_t m = 0;
    for (uint32_t y = 0; y < side; y++)
        for (uint32_t x = 0; x < side; x++) {
            uint32_t v = y * side + x;
            if (x + 1 < side && rnd(10)) {
                uint32_t w = 50 + rnd(100);
                src[m] = v; dst[m] = v + 1; wt[m++] = w;
                src[m] = v + 1; dst[m] = v; wt[m++] = w + rnd(20);
            }
            if (y + 1 < side && rnd(10)) {
                uint32_t w = 50 + rnd(100);
                src[m] = v; dst[m] = v + side; wt[m++] = w;
                src[m] = v + side; dst[m] = v; wt[m++] = w + rnd(20);
            }
            if (rnd(50) == 0) {
                src[m] = v; dst[m] = rnd(n); wt[m++] = 2000 + rnd(20000);
            }
        }
    g.n = n;
    g.m = m;
    g.start = calloc(n + 1, sizeof *g.start);
    g.to = malloc(m * sizeof *g.to);
    g.w = malloc(m * sizeof *g.w);
    for (uint32_t e = 0; e < m; e++) g.start[src[e] + 1]++;
    for (uint32_t v = 0; v < n; v++) g.start[v + 1] += g.start[v];
    uint32_t *fill = malloc(n * sizeof *fill);
    memcpy(fill, g.start, n * sizeof *fill);
    for (uint32_t e = 0; e < m; e++) {
        uint32_t k = fill[src[e]]++;
        g.to[k] = dst[e];
        g.w[k] = wt[e];
    }
    free(fill); free(src); free(dst); free(wt);
    return g;
}

int main(int argc, char **argv)
{
    uint32_t side = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 650;
    Graph g = make_graph(side);
    Heap h;
    h.heap = malloc(g.n * sizeof *h.heap);
    h.pos = malloc(g.n * sizeof *h.pos);
    h.key = malloc(g.n * sizeof *h.key);
    uint32_t *pred = malloc(g.n * sizeof *pred);
    if (!h.heap || !h.pos || !h.key || !pred) {
        printf("dijkstra: out of memory\n");
        return 1;
    }
    uint64_t reached = 0, dsum = 0, hops = 0;
    uint32_t hash = 2166136261u;
    for (int s = 0; s < SOURCES; s++) {
        uint32_t src = rnd(g.n);
        reached += dijkstra(&g, src, &h, pred);
        for (uint32_t v = 0; v < g.n; v++)
            if (h.key[v] != INF) {
                dsum += h.key[v];
                hash = (hash ^ (uint32_t)h.key[v]) * 16777619u;
            }
        for (int t = 0; t < 16; t++) {
            uint32_t v = rnd(g.n);
            if (pred[v] == NONE) continue;
            while (v != src) { v = pred[v]; hops++; }
        }
    }
    printf("dijkstra: vertices=%" PRIu32 " edges=%" PRIu32 " reached=%" PRIu64 " distsum=%" PRIu64
           " hops=%" PRIu64 " hash=%08" PRIx32 "\n", g.n, g.m, reached, dsum, hops, hash);
    free(pred); free(h.key); free(h.pos); free(h.heap);
    free(g.start); free(g.to); free(g.w);
    return 0;
}
