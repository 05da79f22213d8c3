/*
 * trap.c - traps, the signal handler, the stack wasm code runs on, and
 * wasmc_rt_call.
 *
 * Every call into wasm code goes through rt_protected(), which records a
 * frame with sigsetjmp and, on the outermost call of a thread, switches to
 * the thread's wasm stack: a mapping of --stack-size bytes with a guard
 * region below it.  A trap unwinds to the innermost frame with siglongjmp:
 *   - explicit traps: generated code calls wasmc_rt_trap (after writing back
 *     the globals it keeps in registers);
 *   - out-of-bounds memory: the access faults inside a memory reservation;
 *   - stack exhaustion: the access faults in the guard below the wasm stack
 *     (generated functions probe their frames page by page).
 * The handler runs on an alternate signal stack; a fault that is not one of
 * these restores the default action and crashes as it would have.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define STACK_GUARD (1u << 20)
#define ALTSTACK_SIZE (256u << 10)
#define DEFAULT_STACK (64ull << 20)

typedef struct Frame {
    sigjmp_buf jb;
    struct Frame *prev;
    wasmc_rt_error_t err;
} Frame;

static __thread Frame *top;
static __thread uint8_t *stack_lo, *stack_hi;   /* usable wasm stack; guard below lo */
static __thread uint64_t stack_len;
static __thread void *altstack;
static uint64_t stack_setting = DEFAULT_STACK;

static const char *const messages[WASMC_RT_TRAP_COUNT] = {
    [WASMC_RT_OK] = "no error",
    [WASMC_RT_TRAP_UNREACHABLE] = "unreachable",
    [WASMC_RT_TRAP_DIV_BY_ZERO] = "integer divide by zero",
    [WASMC_RT_TRAP_INT_OVERFLOW] = "integer overflow",
    [WASMC_RT_TRAP_INVALID_CONVERSION] = "invalid conversion to integer",
    [WASMC_RT_TRAP_OOB_MEMORY] = "out of bounds memory access",
    [WASMC_RT_TRAP_OOB_TABLE] = "out of bounds table access",
    [WASMC_RT_TRAP_INDIRECT_MISMATCH] = "indirect call type mismatch",
    [WASMC_RT_TRAP_UNINITIALIZED_ELEM] = "uninitialized element",
    [WASMC_RT_TRAP_UNDEFINED_ELEM] = "undefined element",
    [WASMC_RT_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [WASMC_RT_TRAP_NULL_REF] = "null reference",
    [WASMC_RT_TRAP_HOST] = "host function failed",
    [WASMC_RT_TRAP_EXIT] = "exit",
    [WASMC_RT_ERR_LINK] = "unknown import",
    [WASMC_RT_ERR_RESOURCE] = "out of resources",
    [WASMC_RT_ERR_ARGS] = "bad arguments",
};

const char *wasmc_rt_trap_message(wasmc_rt_trap_t kind)
{
    return kind >= 0 && kind < WASMC_RT_TRAP_COUNT && messages[kind] ? messages[kind] : "unknown trap";
}

/* ---- naming the function that trapped ---- */

#define MAX_MODULES 65536
static const wasmc_rt_module_t *modules[MAX_MODULES];
static volatile int nmodules;

void rt_register_module(const wasmc_rt_module_t *m)
{
    int n = __atomic_load_n(&nmodules, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++)
        if (modules[i] == m)
            return;
    if (n < MAX_MODULES) {
        modules[n] = m;
        __atomic_store_n(&nmodules, n + 1, __ATOMIC_RELEASE);
    }
}

/* The module function holding pc: from the symbol table, else (a stripped
 * binary) the function whose code starts closest below pc, but only in a
 * module whose every function is listed (else the answer could be wrong,
 * and "unknown" is better). */
static int32_t function_at(uintptr_t pc, const wasmc_rt_module_t **mod)
{
    uintptr_t best = 0;
    int n = __atomic_load_n(&nmodules, __ATOMIC_ACQUIRE);
    int32_t func = rt_function_from_symbol(pc, modules, n, mod);
    if (func >= 0)
        return func;
    for (int i = 0; i < n; i++) {
        const wasmc_rt_module_t *m = modules[i];
        bool complete = true;
        for (uint32_t k = 0; k < m->nfuncs - m->nimported_funcs; k++)
            complete = complete && m->func_code[k];
        for (uint32_t k = 0; complete && k < m->nfuncs - m->nimported_funcs; k++) {
            uintptr_t start = (uintptr_t)m->func_code[k];
            if (start && start <= pc && start > best) {
                best = start;
                func = (int32_t)(m->nimported_funcs + k);
                *mod = m;
            }
        }
    }
    return func;
}

void rt_format_error(wasmc_rt_error_t *err, wasmc_rt_trap_t kind, const wasmc_rt_module_t *m,
                     int32_t func, const char *detail)
{
    rt_format_error_index(err, kind, m, func, -1, detail);
}

void rt_format_error_index(wasmc_rt_error_t *err, wasmc_rt_trap_t kind, const wasmc_rt_module_t *m,
                           int32_t func, int64_t index, const char *detail)
{
    err->kind = kind;
    err->func_index = func;
    int n = snprintf(err->message, sizeof err->message, "%s", wasmc_rt_trap_message(kind));
    if (index >= 0)
        n += snprintf(err->message + n, sizeof err->message - (size_t)n, " %lld", (long long)index);
    if (func >= 0 && m && (uint32_t)func < m->nfuncs) {
        const char *name = m->func_names ? m->func_names[func] : NULL;
        if (name)
            n += snprintf(err->message + n, sizeof err->message - (size_t)n, " in function %d \"%s\"", func, name);
        else
            n += snprintf(err->message + n, sizeof err->message - (size_t)n, " in function %d", func);
    }
    if (detail && (size_t)n < sizeof err->message)
        snprintf(err->message + n, sizeof err->message - (size_t)n, ": %s", detail);
}

/* ---- unwinding ---- */

static _Noreturn void unwind(Frame *f)
{
    siglongjmp(f->jb, 1);
}

static _Noreturn void no_frame(const wasmc_rt_error_t *err)
{
    fprintf(stderr, "wasmc: trap: %s (outside wasmc_rt_call)\n", err->message);
    fflush(stderr);
    _exit(134);
}

void wasmc_rt_trap(wasmc_rt_instance_t *inst, int32_t kind, int32_t func)
{
    Frame *f = top;
    wasmc_rt_error_t local, *err = f ? &f->err : &local;
    rt_format_error(err, (wasmc_rt_trap_t)kind, inst ? inst->module : NULL, func, NULL);
    if (!f)
        no_frame(err);
    unwind(f);
}

/* Traps about a table element name its index, as the reference
 * interpreter does ("uninitialized element 2"). */
void wasmc_rt_trap_index(wasmc_rt_instance_t *inst, int32_t kind, int32_t func, uint32_t index)
{
    Frame *f = top;
    wasmc_rt_error_t local, *err = f ? &f->err : &local;
    rt_format_error_index(err, (wasmc_rt_trap_t)kind, inst ? inst->module : NULL, func, index, NULL);
    if (!f)
        no_frame(err);
    unwind(f);
}

void wasmc_rt_raise(wasmc_rt_trap_t kind, const char *detail)
{
    Frame *f = top;
    wasmc_rt_error_t local, *err = f ? &f->err : &local;
    rt_format_error(err, kind, NULL, -1, detail);
    if (!f)
        no_frame(err);
    unwind(f);
}

void wasmc_rt_exit(int32_t code)
{
    Frame *f = top;
    if (!f) {
        fflush(NULL);
        exit(code);
    }
    rt_format_error(&f->err, WASMC_RT_TRAP_EXIT, NULL, -1, NULL);
    f->err.exit_code = code;
    unwind(f);
}

/* ---- signals ---- */

static void on_fault(int sig, siginfo_t *si, void *ucv)
{
    Frame *f = top;
    uint8_t *addr = si->si_addr;
    wasmc_rt_trap_t kind;
    if (!f)
        goto not_ours;
    if (sig == SIGFPE)
        kind = si->si_code == FPE_INTOVF ? WASMC_RT_TRAP_INT_OVERFLOW : WASMC_RT_TRAP_DIV_BY_ZERO;
    else if (stack_lo && addr < stack_lo && addr >= stack_lo - STACK_GUARD)
        kind = WASMC_RT_TRAP_STACK_EXHAUSTED;
    else if (rt_address_in_memory(addr))
        kind = WASMC_RT_TRAP_OOB_MEMORY;
    else
        goto not_ours;
    ucontext_t *uc = ucv;
    const wasmc_rt_module_t *m = NULL;
    int32_t func = function_at((uintptr_t)uc->uc_mcontext.gregs[REG_RIP], &m);
    rt_format_error(&f->err, kind, m, func, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    unwind(f);
not_ours:
    signal(sig, SIG_DFL);
}

static void install_handlers(void)
{
    static int done;
    if (__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
}

/* Per thread: an alternate signal stack and the wasm stack. */
static int setup_thread(void)
{
    install_handlers();
    if (!altstack) {
        altstack = mmap(NULL, ALTSTACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (altstack == MAP_FAILED) {
            altstack = NULL;
            return -1;
        }
        stack_t ss = { .ss_sp = altstack, .ss_size = ALTSTACK_SIZE };
        sigaltstack(&ss, NULL);
    }
    uint64_t want = (stack_setting + 4095) & ~4095ull;
    if (stack_lo && stack_len != want) {
        munmap(stack_lo - STACK_GUARD, stack_len + STACK_GUARD);
        stack_lo = NULL;
    }
    if (!stack_lo) {
        uint8_t *p = mmap(NULL, want + STACK_GUARD, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED)
            return -1;
        mprotect(p, STACK_GUARD, PROT_NONE);
        stack_lo = p + STACK_GUARD;
        stack_hi = stack_lo + want;
        stack_len = want;
    }
    return 0;
}

void wasmc_rt_set_stack_size(uint64_t bytes)
{
    stack_setting = bytes ? bytes : DEFAULT_STACK;
}

/* call_on_stack(top, fn, arg): runs fn(arg) with the stack pointer at top. */
void wasmc_rt_call_on_stack(void *top, void (*fn)(void *), void *arg);
__asm__(".text\n"
        ".globl wasmc_rt_call_on_stack\n"
        ".hidden wasmc_rt_call_on_stack\n"
        ".type wasmc_rt_call_on_stack,@function\n"
        "wasmc_rt_call_on_stack:\n"
        "  pushq %rbp\n"
        "  movq %rsp, %rbp\n"
        "  movq %rdi, %rsp\n"
        "  movq %rdx, %rdi\n"
        "  callq *%rsi\n"
        "  movq %rbp, %rsp\n"
        "  popq %rbp\n"
        "  ret\n"
        ".size wasmc_rt_call_on_stack, .-wasmc_rt_call_on_stack\n");

static int on_wasm_stack(void)
{
    uint8_t here;
    return stack_lo && &here >= stack_lo && &here < stack_hi;
}

int rt_protected(void (*fn)(void *), void *arg, wasmc_rt_error_t *err)
{
    Frame fr;
    memset(&fr.err, 0, sizeof fr.err);
    fr.prev = top;
    volatile bool outer = !on_wasm_stack();
    if (outer && setup_thread() != 0) {
        if (err)
            rt_format_error(err, WASMC_RT_ERR_RESOURCE, NULL, -1, "cannot map the wasm stack");
        return -1;
    }
    if (sigsetjmp(fr.jb, 0)) {
        top = fr.prev;
        if (err)
            *err = fr.err;
        return -1;
    }
    top = &fr;
    if (outer)
        wasmc_rt_call_on_stack(stack_hi, fn, arg);
    else
        fn(arg);
    top = fr.prev;
    return 0;
}

typedef struct {
    const wasmc_rt_func_t *f;
    const wasmc_rt_val_t *args;
    wasmc_rt_val_t *results;
} CallArgs;

static void do_call(void *p)
{
    CallArgs *c = p;
    c->f->call(c->f, c->args, c->results);
}

int wasmc_rt_call(const wasmc_rt_func_t *f, const wasmc_rt_val_t *args, size_t nargs,
                  wasmc_rt_val_t *results, size_t nresults, wasmc_rt_error_t *err)
{
    size_t np, nr;
    const char *why = NULL;
    if (!f || !f->call || !f->sig)
        why = "not a callable function";
    else {
        rt_sig_counts(f->sig, &np, &nr);
        if (np != nargs || nr > nresults)
            why = "wrong number of arguments or results";
        for (size_t i = 0; !why && i < np; i++)
            if (args[i].type != rt_sig_type(f->sig[i]))
                why = "argument of the wrong type";
    }
    if (why) {
        if (err)
            rt_format_error(err, WASMC_RT_ERR_ARGS, NULL, -1, why);
        return -1;
    }
    CallArgs c = { f, args, results };
    return rt_protected(do_call, &c, err);
}
