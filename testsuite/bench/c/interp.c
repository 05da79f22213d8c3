/*
 * interp.c - indirect calls: a small stack-machine interpreter whose every
 * instruction is dispatched through a table of function pointers, running a
 * bytecode program (nested loops computing a checksum with a
 * Collatz-style inner loop).  Also sorts records through a comparator
 * function pointer, the other everyday source of indirect calls.  Exercises
 * call_indirect (in wasm) / indirect call (native) and its signature check.
 *
 * usage: interp [N]   (default 250000: outer loop count of the program)
 * check-args: 500   (small size for testsuite/bench/check.sh)
 * prints: the interpreter's result, the instruction count, and a checksum
 *         of the sorted records
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct VM VM;
typedef void (*OpFn)(VM *);

struct VM {
    const int32_t *code;  /* opcode, then an operand for ops that take one */
    uint32_t pc;
    uint32_t sp;
    int64_t stack[64];
    int64_t reg[8];
    int running;
    uint64_t steps;
};

enum { PUSH, LOAD, STORE, ADD, SUB, MUL, AND, SHR, JNZ, JZ, DUP, DROP, HALT, LT, NOPS };

static void op_push(VM *vm)  { vm->stack[vm->sp++] = vm->code[vm->pc++]; }
static void op_load(VM *vm)  { vm->stack[vm->sp++] = vm->reg[vm->code[vm->pc++]]; }
static void op_store(VM *vm) { vm->reg[vm->code[vm->pc++]] = vm->stack[--vm->sp]; }
static void op_add(VM *vm)   { vm->sp--; vm->stack[vm->sp - 1] = (int64_t)((uint64_t)vm->stack[vm->sp - 1] + (uint64_t)vm->stack[vm->sp]); }
static void op_sub(VM *vm)   { vm->sp--; vm->stack[vm->sp - 1] = (int64_t)((uint64_t)vm->stack[vm->sp - 1] - (uint64_t)vm->stack[vm->sp]); }
static void op_mul(VM *vm)   { vm->sp--; vm->stack[vm->sp - 1] = (int64_t)((uint64_t)vm->stack[vm->sp - 1] * (uint64_t)vm->stack[vm->sp]); }
static void op_and(VM *vm)   { vm->sp--; vm->stack[vm->sp - 1] &= vm->stack[vm->sp]; }
static void op_shr(VM *vm)   { vm->sp--; vm->stack[vm->sp - 1] = (int64_t)((uint64_t)vm->stack[vm->sp - 1] >> (vm->stack[vm->sp] & 63)); }
static void op_lt(VM *vm)    { vm->sp--; vm->stack[vm->sp - 1] = vm->stack[vm->sp - 1] < vm->stack[vm->sp]; }
static void op_dup(VM *vm)   { vm->stack[vm->sp] = vm->stack[vm->sp - 1]; vm->sp++; }
static void op_drop(VM *vm)  { vm->sp--; }
static void op_halt(VM *vm)  { vm->running = 0; }
static void op_jnz(VM *vm)
{
    int32_t target = vm->code[vm->pc++];
    if (vm->stack[--vm->sp] != 0) vm->pc = (uint32_t)target;
}
static void op_jz(VM *vm)
{
    int32_t target = vm->code[vm->pc++];
    if (vm->stack[--vm->sp] == 0) vm->pc = (uint32_t)target;
}

static const OpFn ops[NOPS] = {
    [PUSH] = op_push, [LOAD] = op_load, [STORE] = op_store, [ADD] = op_add,
    [SUB] = op_sub, [MUL] = op_mul, [AND] = op_and, [SHR] = op_shr,
    [JNZ] = op_jnz, [JZ] = op_jz, [DUP] = op_dup, [DROP] = op_drop,
    [HALT] = op_halt, [LT] = op_lt,
};

static int64_t run(const int32_t *code, int64_t n, uint64_t *steps)
{
    VM vm = { .code = code, .running = 1 };
    vm.reg[0] = n;
    while (vm.running) {
        ops[vm.code[vm.pc++]](&vm);
        vm.steps++;
    }
    *steps = vm.steps;
    return vm.reg[2];
}

/*
 * The bytecode program; r0 = n (outer counter), r1 = x, r2 = acc:
 *   while (r0) { x = (r0 & 63) + 27;
 *                while (x != 1) { x = x odd ? 3x + 1 : x >> 1;
 *                                 acc = (acc * 3 + 1) & 0xffffff0f; }
 *                r0--; }
 * Assembled at startup so jump offsets cannot go stale.
 */
static int32_t prog[128];
static uint32_t plen;

static void emit(int32_t op) { prog[plen++] = op; }
static void emit2(int32_t op, int32_t arg) { emit(op); emit(arg); }

static void assemble(void)
{
    uint32_t top, inner, even, join, done, outer_done;
    top = plen;
    emit2(LOAD, 0); emit2(JZ, 0); outer_done = plen - 1;
    emit2(LOAD, 0); emit2(PUSH, 63); emit(AND); emit2(PUSH, 27); emit(ADD); emit2(STORE, 1);
    inner = plen;
    emit2(LOAD, 1); emit2(PUSH, 1); emit(SUB); emit2(JZ, 0); done = plen - 1;
    emit2(LOAD, 1); emit2(PUSH, 1); emit(AND); emit2(JZ, 0); even = plen - 1;
    /* odd: x = 3x + 1 */
    emit2(LOAD, 1); emit2(PUSH, 3); emit(MUL); emit2(PUSH, 1); emit(ADD); emit2(STORE, 1);
    emit2(PUSH, 1); emit2(JNZ, 0); join = plen - 1;
    /* even: x = x >> 1 */
    prog[even] = (int32_t)plen;
    emit2(LOAD, 1); emit2(PUSH, 1); emit(SHR); emit2(STORE, 1);
    prog[join] = (int32_t)plen;
    /* acc = (acc * 3 + 1) & 0xffffff0f */
    emit2(LOAD, 2); emit2(PUSH, 3); emit(MUL); emit2(PUSH, 1); emit(ADD);
    emit2(PUSH, 0xffffff); emit2(PUSH, 16); emit(MUL); emit2(PUSH, 15); emit(ADD);
    emit(AND); emit2(STORE, 2);
    emit2(PUSH, 1); emit2(JNZ, (int32_t)inner);
    prog[done] = (int32_t)plen;
    /* n-- */
    emit2(LOAD, 0); emit2(PUSH, 1); emit(SUB); emit2(STORE, 0);
    emit2(PUSH, 1); emit2(JNZ, (int32_t)top);
    prog[outer_done] = (int32_t)plen;
    emit(HALT);
}

typedef struct Rec {
    uint32_t key;
    uint32_t id;
} Rec;

static int cmp_rec(const void *a, const void *b)
{
    const Rec *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Shellsort through a comparator, so native and wasm run the same sort
 * (the C libraries' qsort algorithms differ). */
static void sort_recs(Rec *v, uint32_t n, int (*cmp)(const void *, const void *))
{
    static const uint32_t gaps[] = { 227011, 100894, 44842, 19930, 8858, 3937,
                                     1750, 701, 301, 132, 57, 23, 10, 4, 1 };
    for (uint32_t g = 0; g < sizeof gaps / sizeof gaps[0]; g++) {
        uint32_t gap = gaps[g];
        for (uint32_t i = gap; i < n; i++) {
            Rec t = v[i];
            uint32_t j = i;
            while (j >= gap && cmp(&v[j - gap], &t) > 0) {
                v[j] = v[j - gap];
                j -= gap;
            }
            v[j] = t;
        }
    }
}

int main(int argc, char **argv)
{
    int64_t n = argc > 1 ? strtoll(argv[1], NULL, 10) : 250000;
    assemble();
    uint64_t steps;
    int64_t r = run(prog, n, &steps);

    uint32_t nrec = (uint32_t)(n > 0 ? n : 1) * 2;
    Rec *recs = malloc(sizeof(Rec) * nrec);
    if (!recs) {
        fprintf(stderr, "interp: out of memory\n");
        return 1;
    }
    uint32_t s = 99;
    for (uint32_t i = 0; i < nrec; i++) {
        s = s * 1664525u + 1013904223u;
        recs[i] = (Rec){ s >> 12, i };
    }
    sort_recs(recs, nrec, cmp_rec);
    uint64_t sum = 0;
    for (uint32_t i = 0; i < nrec; i++) sum = sum * 1000003u + recs[i].id;

    printf("interp: n=%" PRId64 " result=%" PRId64 " steps=%" PRIu64 " sorted=%016" PRIx64 "\n",
           n, r, steps, sum);
    free(recs);
    return 0;
}
