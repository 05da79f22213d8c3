/*
 * vm.c - a bytecode interpreter: a stack machine with a switch-dispatched
 * loop, locals addressed from a frame base, CALL/ENTER/RET with a separate
 * frame stack, globals, and a bounds-checked heap array.  A small
 * assembler with labels builds the program: recursive Fibonacci, Euclid's
 * gcd, Collatz step counts and a sieve of Eratosthenes in VM memory, driven
 * by a main loop.  Unlike interp.c (one function pointer per opcode) this
 * is the classic big switch, with calls and returns inside the VM.
 * Exercises a hot indirect branch (the switch's jump table), loads and
 * stores on the VM stack, and unpredictable control flow.
 *
 * usage: vm [N]   (default 60000 iterations of the main loop)
 * check-args: 500   (small size)
 * prints: the program's result, the VM call count and the prime count
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_LOADL, OP_STOREL, OP_LOADG, OP_STOREG, OP_INCL,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR,
    OP_LT, OP_EQ, OP_NOT, OP_JMP, OP_JZ, OP_JNZ, OP_CALL, OP_ENTER, OP_RET,
    OP_ALOAD, OP_ASTORE,
};

#define STACK_SIZE 65536
#define MAX_FRAMES 4096
#define MEM_SIZE (1 << 21)

typedef struct {
    int32_t *code;
    int32_t stack[STACK_SIZE];
    struct { int32_t ret, bp; } frames[MAX_FRAMES];
    int32_t globals[16];
    int32_t *mem;
    uint64_t calls;
} VM;

/* Runs from pc until the outermost RET or HALT; returns the top of stack. */
static int32_t run(VM *vm, int32_t pc)
{
    const int32_t *code = vm->code;
    int32_t *st = vm->stack;
    int32_t sp = 0, bp = 0, fp = 0;   /* sp: next free slot */
    uint32_t a, b;
    for (;;) {
        switch (code[pc++]) {
        case OP_HALT: return sp > 0 ? st[sp - 1] : 0;
        case OP_PUSH: st[sp++] = code[pc++]; break;
        case OP_POP: sp--; break;
        case OP_DUP: st[sp] = st[sp - 1]; sp++; break;
        case OP_LOADL: st[sp++] = st[bp + code[pc++]]; break;
        case OP_STOREL: st[bp + code[pc++]] = st[--sp]; break;
        case OP_LOADG: st[sp++] = vm->globals[code[pc++]]; break;
        case OP_STOREG: vm->globals[code[pc++]] = st[--sp]; break;
        case OP_INCL: st[bp + code[pc]] = (int32_t)((uint32_t)st[bp + code[pc]] + 1); pc++; break;
#define BIN(expr) b = (uint32_t)st[--sp]; a = (uint32_t)st[sp - 1]; st[sp - 1] = (int32_t)(expr); break
        case OP_ADD: BIN(a + b);
        case OP_SUB: BIN(a - b);
        case OP_MUL: BIN(a * b);
        case OP_DIV: BIN(b ? a / b : 0);
        case OP_MOD: BIN(b ? a % b : 0);
        case OP_AND: BIN(a & b);
        case OP_OR: BIN(a | b);
        case OP_XOR: BIN(a ^ b);
        case OP_SHL: BIN(a << (b & 31));
        case OP_SHR: BIN(a >> (b & 31));
        case OP_LT: BIN((int32_t)a < (int32_t)b);
        case OP_EQ: BIN(a == b);
#undef BIN
        case OP_NOT: st[sp - 1] = !st[sp - 1]; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: pc = st[--sp] == 0 ? code[pc] : pc + 1; break;
        case OP_JNZ: pc = st[--sp] != 0 ? code[pc] : pc + 1; break;
        case OP_CALL: {                 /* CALL target nargs */
            int32_t target = code[pc], nargs = code[pc + 1];
            if (fp == MAX_FRAMES || sp + 64 > STACK_SIZE) {
                printf("vm: stack overflow\n");
                exit(1);
            }
            vm->frames[fp].ret = pc + 2;
            vm->frames[fp].bp = bp;
            fp++;
            bp = sp - nargs;
            pc = target;
            vm->calls++;
            break;
        }
        case OP_ENTER:                  /* ENTER nlocals: zeroed locals */
            for (int32_t k = code[pc++]; k > 0; k--) st[sp++] = 0;
            break;
        case OP_RET: {
            int32_t v = st[sp - 1];
            if (fp == 0) return v;
            sp = bp;
            fp--;
            bp = vm->frames[fp].bp;
            pc = vm->frames[fp].ret;
            st[sp++] = v;
            break;
        }
        case OP_ALOAD: {
            uint32_t i = (uint32_t)st[sp - 1];
            if (i >= MEM_SIZE) { printf("vm: bad address\n"); exit(1); }
            st[sp - 1] = vm->mem[i];
            break;
        }
        case OP_ASTORE: {
            int32_t v = st[--sp];
            uint32_t i = (uint32_t)st[--sp];
            if (i >= MEM_SIZE) { printf("vm: bad address\n"); exit(1); }
            vm->mem[i] = v;
            break;
        }
        default:
            printf("vm: bad opcode at %" PRId32 "\n", pc - 1);
            exit(1);
        }
    }
}

/* ---- assembler -------------------------------------------------------- */

static int32_t code[4096];
static int32_t ncode;
static int32_t label_at[64];
static struct { int32_t pos, label; } fixups[256];
static int nfixups;

static void op(int32_t o) { code[ncode++] = o; }
static void op1(int32_t o, int32_t x) { code[ncode++] = o; code[ncode++] = x; }
static void label(int l) { label_at[l] = ncode; }
static void jump(int32_t o, int l)
{
    code[ncode++] = o;
    fixups[nfixups].pos = ncode;
    fixups[nfixups++].label = l;
    code[ncode++] = -1;
}
static void call(int l, int32_t nargs) { jump(OP_CALL, l); code[ncode++] = nargs; }
static void link(void)
{
    for (int i = 0; i < nfixups; i++) code[fixups[i].pos] = label_at[fixups[i].label];
}

enum { L_MAIN, L_LOOP, L_SKIP, L_END, L_FIB, L_FIB_REC, L_GCD, L_GCD_TOP, L_GCD_DONE,
       L_COL, L_COL_TOP, L_COL_EVEN, L_COL_NEXT, L_COL_DONE,
       L_SIEVE, L_CLR, L_CLR_DONE, L_OUTER, L_INNER, L_NEXTI, L_COUNT };
enum { G_N, G_LIMIT, G_PRIMES };

static void assemble(void)
{
    /* main(): for i in 0..N: acc = (acc + fib(i & 15)) ^ gcd(7i+3, 360360) + collatz(i % 50000 + 1) */
    label(L_MAIN);
    op1(OP_ENTER, 2);                        /* i, acc */
    label(L_LOOP);
    op1(OP_LOADL, 0); op1(OP_LOADG, G_N); op(OP_LT); jump(OP_JZ, L_END);
    op1(OP_LOADL, 1); op1(OP_LOADL, 0); op1(OP_PUSH, 15); op(OP_AND); call(L_FIB, 1); op(OP_ADD);
    op1(OP_LOADL, 0); op1(OP_PUSH, 7); op(OP_MUL); op1(OP_PUSH, 3); op(OP_ADD);
    op1(OP_PUSH, 360360); call(L_GCD, 2); op(OP_XOR);
    op1(OP_LOADL, 0); op1(OP_PUSH, 50000); op(OP_MOD); op1(OP_PUSH, 1); op(OP_ADD);
    call(L_COL, 1); op(OP_ADD);
    op1(OP_STOREL, 1);
    op1(OP_LOADL, 0); op1(OP_PUSH, 1023); op(OP_AND); jump(OP_JNZ, L_SKIP);
    op1(OP_LOADG, G_LIMIT); call(L_SIEVE, 1); op1(OP_STOREG, G_PRIMES);
    label(L_SKIP);
    op1(OP_INCL, 0); jump(OP_JMP, L_LOOP);
    label(L_END);
    op1(OP_LOADL, 1); op(OP_RET);

    /* fib(n) */
    label(L_FIB);
    op1(OP_ENTER, 0);
    op1(OP_LOADL, 0); op1(OP_PUSH, 2); op(OP_LT); jump(OP_JZ, L_FIB_REC);
    op1(OP_LOADL, 0); op(OP_RET);
    label(L_FIB_REC);
    op1(OP_LOADL, 0); op1(OP_PUSH, 1); op(OP_SUB); call(L_FIB, 1);
    op1(OP_LOADL, 0); op1(OP_PUSH, 2); op(OP_SUB); call(L_FIB, 1);
    op(OP_ADD); op(OP_RET);

    /* gcd(a, b) */
    label(L_GCD);
    op1(OP_ENTER, 1);                        /* t */
    label(L_GCD_TOP);
    op1(OP_LOADL, 1); jump(OP_JZ, L_GCD_DONE);
    op1(OP_LOADL, 0); op1(OP_LOADL, 1); op(OP_MOD); op1(OP_STOREL, 2);
    op1(OP_LOADL, 1); op1(OP_STOREL, 0);
    op1(OP_LOADL, 2); op1(OP_STOREL, 1);
    jump(OP_JMP, L_GCD_TOP);
    label(L_GCD_DONE);
    op1(OP_LOADL, 0); op(OP_RET);

    /* collatz(n): steps to reach 1 */
    label(L_COL);
    op1(OP_ENTER, 1);                        /* steps */
    label(L_COL_TOP);
    op1(OP_LOADL, 0); op1(OP_PUSH, 1); op(OP_EQ); jump(OP_JNZ, L_COL_DONE);
    op1(OP_LOADL, 0); op1(OP_PUSH, 1); op(OP_AND); jump(OP_JZ, L_COL_EVEN);
    op1(OP_LOADL, 0); op1(OP_PUSH, 3); op(OP_MUL); op1(OP_PUSH, 1); op(OP_ADD); op1(OP_STOREL, 0);
    jump(OP_JMP, L_COL_NEXT);
    label(L_COL_EVEN);
    op1(OP_LOADL, 0); op1(OP_PUSH, 1); op(OP_SHR); op1(OP_STOREL, 0);
    label(L_COL_NEXT);
    op1(OP_INCL, 1); jump(OP_JMP, L_COL_TOP);
    label(L_COL_DONE);
    op1(OP_LOADL, 1); op(OP_RET);

    /* sieve(n): primes below n, using mem[0..n) */
    label(L_SIEVE);
    op1(OP_ENTER, 3);                        /* i, j, count */
    label(L_CLR);
    op1(OP_LOADL, 1); op1(OP_LOADL, 0); op(OP_LT); jump(OP_JZ, L_CLR_DONE);
    op1(OP_LOADL, 1); op1(OP_PUSH, 0); op(OP_ASTORE);
    op1(OP_INCL, 1); jump(OP_JMP, L_CLR);
    label(L_CLR_DONE);
    op1(OP_PUSH, 2); op1(OP_STOREL, 1);
    label(L_OUTER);
    op1(OP_LOADL, 1); op1(OP_LOADL, 0); op(OP_LT); jump(OP_JZ, L_COUNT);
    op1(OP_LOADL, 1); op(OP_ALOAD); jump(OP_JNZ, L_NEXTI);
    op1(OP_INCL, 3);
    op1(OP_LOADL, 1); op(OP_DUP); op(OP_ADD); op1(OP_STOREL, 2);
    label(L_INNER);
    op1(OP_LOADL, 2); op1(OP_LOADL, 0); op(OP_LT); jump(OP_JZ, L_NEXTI);
    op1(OP_LOADL, 2); op1(OP_PUSH, 1); op(OP_ASTORE);
    op1(OP_LOADL, 2); op1(OP_LOADL, 1); op(OP_ADD); op1(OP_STOREL, 2);
    jump(OP_JMP, L_INNER);
    label(L_NEXTI);
    op1(OP_INCL, 1); jump(OP_JMP, L_OUTER);
    label(L_COUNT);
    op1(OP_LOADL, 3); op(OP_RET);

    link();
}

int main(int argc, char **argv)
{
    uint32_t n = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 60000;
    VM *vm = calloc(1, sizeof *vm);
    if (!vm || !(vm->mem = calloc(MEM_SIZE, sizeof *vm->mem))) {
        printf("vm: out of memory\n");
        return 1;
    }
    assemble();
    vm->code = code;
    vm->globals[G_N] = (int32_t)n;
    vm->globals[G_LIMIT] = 100000;
    int32_t result = run(vm, label_at[L_MAIN]);
    printf("vm: n=%" PRIu32 " code=%" PRId32 " result=%" PRId32 " calls=%" PRIu64 " primes=%" PRId32 "\n",
           n, ncode, result, vm->calls, vm->globals[G_PRIMES]);
    free(vm->mem);
    free(vm);
    return 0;
}
