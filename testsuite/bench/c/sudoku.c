/*
 * sudoku.c - backtracking search: generates sudoku puzzles the way a
 * puzzle generator does (shuffle a valid grid, then try clearing cells in
 * random order, keeping each removal only if the puzzle still has exactly
 * one solution) and solves the result.  The solver is recursive, keeps
 * row/column/box candidate bitmasks, branches on the empty cell with the
 * fewest candidates and stops at two solutions.  Exercises recursion, bit
 * tricks (popcount, lowest set bit) and small-array scans.
 *
 * usage: sudoku [PUZZLES]   (default 1000 puzzles)
 * check-args: 20   (small size)
 * prints: the puzzle count, total clues left, solver calls, search nodes,
 *         and checksums of the puzzles and their solutions
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t cell[81];          /* 0 = empty */
    uint16_t row[9], col[9], box[9];   /* bit d-1 set: digit d used */
    uint8_t solution[81];
    uint32_t solutions;
    uint64_t nodes;
} Solver;

static const uint8_t box_of[81] = {
    0,0,0,1,1,1,2,2,2, 0,0,0,1,1,1,2,2,2, 0,0,0,1,1,1,2,2,2,
    3,3,3,4,4,4,5,5,5, 3,3,3,4,4,4,5,5,5, 3,3,3,4,4,4,5,5,5,
    6,6,6,7,7,7,8,8,8, 6,6,6,7,7,7,8,8,8, 6,6,6,7,7,7,8,8,8,
};

static void place(Solver *s, int i, int d)
{
    uint16_t bit = (uint16_t)(1u << (d - 1));
    s->cell[i] = (uint8_t)d;
    s->row[i / 9] |= bit; s->col[i % 9] |= bit; s->box[box_of[i]] |= bit;
}

static void unplace(Solver *s, int i, int d)
{
    uint16_t bit = (uint16_t)~(1u << (d - 1));
    s->cell[i] = 0;
    s->row[i / 9] &= bit; s->col[i % 9] &= bit; s->box[box_of[i]] &= bit;
}

static void search(Solver *s)
{
    s->nodes++;
    int best = -1, bestcount = 10;
    uint16_t bestmask = 0;
    for (int i = 0; i < 81; i++) {
        if (s->cell[i]) continue;
        uint16_t free_ = (uint16_t)(~(s->row[i / 9] | s->col[i % 9] | s->box[box_of[i]]) & 0x1ff);
        int c = __builtin_popcount(free_);
        if (c < bestcount) {
            best = i; bestcount = c; bestmask = free_;
            if (c <= 1) break;
        }
    }
    if (best < 0) {                    /* full grid */
        if (s->solutions++ == 0) memcpy(s->solution, s->cell, 81);
        return;
    }
    while (bestmask) {
        int d = __builtin_ctz(bestmask) + 1;
        bestmask &= (uint16_t)(bestmask - 1);
        place(s, best, d);
        search(s);
        unplace(s, best, d);
        if (s->solutions >= 2) return;
    }
}

/* Loads a puzzle; returns 0 if its clues already conflict. */
static int load(Solver *s, const uint8_t *p)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < 81; i++) {
        if (!p[i]) continue;
        uint16_t bit = (uint16_t)(1u << (p[i] - 1));
        if ((s->row[i / 9] | s->col[i % 9] | s->box[box_of[i]]) & bit) return 0;
        place(s, i, p[i]);
    }
    return 1;
}

static uint32_t seed = 0x1234567u;
static uint32_t rnd(uint32_t n)
{
    seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
    return seed % n;
}

static void shuffle(uint8_t *a, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)rnd((uint32_t)i + 1);
        uint8_t t = a[i]; a[i] = a[j]; a[j] = t;
    }
}

/* A random valid grid. */
static void make_grid(uint8_t *p)
{
    uint8_t digits[9], rows[9], cols[9], bands[3], stacks[3];
    for (int i = 0; i < 9; i++) digits[i] = (uint8_t)(i + 1);
    for (int i = 0; i < 3; i++) bands[i] = stacks[i] = (uint8_t)i;
    shuffle(digits, 9); shuffle(bands, 3); shuffle(stacks, 3);
    for (int b = 0; b < 3; b++) {
        uint8_t r[3] = { 0, 1, 2 }, c[3] = { 0, 1, 2 };
        shuffle(r, 3); shuffle(c, 3);
        for (int k = 0; k < 3; k++) {
            rows[3 * b + k] = (uint8_t)(3 * bands[b] + r[k]);
            cols[3 * b + k] = (uint8_t)(3 * stacks[b] + c[k]);
        }
    }
    for (int r = 0; r < 9; r++)
        for (int c = 0; c < 9; c++) {
            int R = rows[r], C = cols[c];
            p[r * 9 + c] = digits[(R * 3 + R / 3 + C) % 9];
        }
}

static uint32_t count_solutions(Solver *s, const uint8_t *p, uint64_t *nodes)
{
    if (!load(s, p)) return 0;
    search(s);
    *nodes += s->nodes;
    return s->solutions;
}

int main(int argc, char **argv)
{
    uint32_t count = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 1000;
    static Solver s;
    uint8_t grid[81], puzzle[81], order[81];
    uint32_t clues = 0, calls = 0, bad = 0, hp = 2166136261u, hs = 2166136261u;
    uint64_t nodes = 0;
    for (uint32_t k = 0; k < count; k++) {
        make_grid(grid);
        memcpy(puzzle, grid, 81);
        for (int i = 0; i < 81; i++) order[i] = (uint8_t)i;
        shuffle(order, 81);
        for (int i = 0; i < 81; i++) {          /* dig holes while unique */
            uint8_t keep = puzzle[order[i]];
            puzzle[order[i]] = 0;
            calls++;
            if (count_solutions(&s, puzzle, &nodes) != 1) puzzle[order[i]] = keep;
        }
        calls++;
        if (count_solutions(&s, puzzle, &nodes) != 1 || memcmp(s.solution, grid, 81)) bad++;
        for (int i = 0; i < 81; i++) {
            clues += puzzle[i] != 0;
            hp = (hp ^ puzzle[i]) * 16777619u;
            hs = (hs ^ s.solution[i]) * 16777619u;
        }
    }
    printf("sudoku: puzzles=%" PRIu32 " clues=%" PRIu32 " calls=%" PRIu32 " nodes=%" PRIu64
           " bad=%" PRIu32 " puzzles=%08" PRIx32 " solutions=%08" PRIx32 "\n",
           count, clues, calls, nodes, bad, hp, hs);
    return 0;
}
