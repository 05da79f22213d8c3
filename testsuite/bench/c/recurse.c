/*
 * recurse.c - recursion: naive Fibonacci, the Ackermann function on small
 * arguments, and building, checking and discarding complete binary trees
 * (nodes from a bump arena, so the time is calls and pointer chasing, not
 * the C library's malloc).  Exercises call/return overhead, deep-ish call
 * stacks (Ackermann goes about 1000 frames deep) and small-struct stores.
 *
 * usage: recurse [SCALE]   (default 30; the Fibonacci argument, the tree
 *                           depth is SCALE - 12 and Ackermann is A(2, ..))
 * check-args: 20   (small size for testsuite/bench/check.sh)
 * prints: the results of each part
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    struct Node *left, *right;
    uint32_t value;
} Node;

static Node *arena;
static uint32_t arena_used, arena_cap;

static uint32_t fib(uint32_t n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static uint32_t ack(uint32_t m, uint32_t n)
{
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static Node *build(uint32_t depth, uint32_t value)
{
    if (arena_used == arena_cap) {
        fprintf(stderr, "recurse: arena exhausted\n");
        exit(1);
    }
    Node *n = &arena[arena_used++];
    n->value = value;
    if (depth == 0) {
        n->left = n->right = NULL;
    } else {
        n->left = build(depth - 1, value * 2);
        n->right = build(depth - 1, value * 2 + 1);
    }
    return n;
}

/* Sum of value * (depth + 1) over the tree; also counts the nodes. */
static uint64_t check(const Node *n, uint32_t depth, uint32_t *count)
{
    if (!n) return 0;
    ++*count;
    return (uint64_t)n->value * (depth + 1) + check(n->left, depth + 1, count) +
           check(n->right, depth + 1, count);
}

int main(int argc, char **argv)
{
    uint32_t scale = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 30;
    if (scale < 13) scale = 13;
    uint32_t depth = scale - 12;

    uint32_t f = fib(scale);

    uint64_t a = 0;
    for (uint32_t i = 0; i < scale * 20; i++) a += ack(2, 400 + i % 100);
    a += ack(3, 5);

    arena_cap = (2u << depth) + 1;
    arena = malloc(sizeof(Node) * arena_cap);
    if (!arena) {
        fprintf(stderr, "recurse: out of memory\n");
        return 1;
    }
    uint64_t tsum = 0;
    uint32_t nodes = 0;
    for (uint32_t d = 4; d <= depth; d += 2) {
        uint32_t iters = 1u << (depth - d + 4);
        for (uint32_t i = 0; i < iters; i++) {
            arena_used = 0;
            Node *t = build(d, i);
            tsum += check(t, 0, &nodes);
        }
    }
    printf("recurse: fib(%" PRIu32 ")=%" PRIu32 " ack=%" PRIu64 " trees: nodes=%" PRIu32
           " sum=%016" PRIx64 "\n", scale, f, a, nodes, tsum);
    free(arena);
    return 0;
}
