/*
 * wasmc.h - the compiler's one internal header, sectioned by file.
 *
 * The pipeline (driven by main.c):
 *   read.c      bytes -> Module (decoded, checked for malformedness)
 *   validate.c  Module -> typed, checked Module (spec validation)
 *   summary.c   whole-module facts: which globals each function touches
 *   lower*.c    Module -> LLVM IR (one LLVM function per wasm function)
 *   layout.c    the instance layout and the module descriptor
 *   opt.c       LLVM's pass pipeline
 *   emit.c      LLVM IR -> object / assembly / IR text
 *   link.c      object + libwasmc_rt -> executable or shared object
 *   header.c    the C header for `wasmc -c`
 */
#ifndef WASMC_H
#define WASMC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

/* ---- util.c: arenas, diagnostics, small helpers -------------------------- */

typedef struct Arena Arena;
Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n); /* zeroed */
char *arena_strdup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Diagnostics about the input: "FILE:0xOFF: error: MSG", then unwinds to the
 * catch point set by the driver (compile_try). */
_Noreturn void error_at(uint64_t offset, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run fn(arg) with error_at unwinding back here; returns 0 or 1 on error,
 * after printing the diagnostic. */
int compile_try(const char *filename, void (*fn)(void *), void *arg);

/* Internal bugs: message with file:line and abort. */
_Noreturn void die_at(const char *file, int line, const char *fmt, ...);
#define die(...) die_at(__FILE__, __LINE__, __VA_ARGS__)
#define unreachable() die("unreachable")

/* ---- opcodes.def: the instruction table ----------------------------------- */

typedef enum {
    IMM_NONE, IMM_BLOCK, IMM_LABEL, IMM_BR_TABLE, IMM_FUNC, IMM_CALL_INDIRECT,
    IMM_LOCAL, IMM_GLOBAL, IMM_TABLE, IMM_MEMARG, IMM_MEMIDX, IMM_I32, IMM_I64,
    IMM_F32, IMM_F64, IMM_REFTYPE, IMM_SELECT_T, IMM_MEMORY_INIT, IMM_DATA,
    IMM_MEMORY_COPY, IMM_TABLE_INIT, IMM_ELEM, IMM_TABLE_COPY,
} ImmKind;

typedef enum {
    L_SPECIAL, L_BIN, L_ICMP, L_FCMP, L_EQZ, L_UNARY, L_BINARY, L_NEG, L_DIV,
    L_SHIFT, L_ROT, L_CONV, L_TRUNC, L_TRUNC_SAT, L_SEXT, L_LOAD, L_LOAD_S,
    L_LOAD_U, L_STORE,
} LowerKind;

/* LLVM intrinsics the generic lowering uses (see lower_numeric.c). */
typedef enum {
    INTR_CTLZ, INTR_CTTZ, INTR_CTPOP, INTR_FSHL, INTR_FSHR, INTR_FABS,
    INTR_CEIL, INTR_FLOOR, INTR_TRUNC, INTR_ROUNDEVEN, INTR_SQRT,
    INTR_MINIMUM, INTR_MAXIMUM, INTR_COPYSIGN, INTR_FPTOSI_SAT, INTR_FPTOUI_SAT,
} Intrinsic;

typedef enum {
#define OP(id, prefix, code, name, imm, sig, lower, arg) OP_##id,
#include "opcodes.def"
#undef OP
    NOPS
} Opcode;

typedef struct {
    uint8_t prefix;
    uint32_t code;
    const char *name;
    ImmKind imm;
    const char *sig;
    LowerKind lower;
    int arg;
} OpInfo;

extern const OpInfo op_info[NOPS];

/* ---- the decoded module ---------------------------------------------------- */

/* Value types, as encoded in the binary format. */
enum {
    VT_I32 = 0x7f, VT_I64 = 0x7e, VT_F32 = 0x7d, VT_F64 = 0x7c, VT_V128 = 0x7b,
    VT_FUNCREF = 0x70, VT_EXTERNREF = 0x6f,
    VT_UNKNOWN = 0, /* validator: the polymorphic stack's "any" */
};

enum { EXT_FUNC = 0, EXT_TABLE = 1, EXT_MEMORY = 2, EXT_GLOBAL = 3 };
enum { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARATIVE };

typedef struct {
    uint32_t nparams, nresults;
    uint8_t *params, *results;
} FuncType;

typedef struct {
    uint64_t min, max;
    bool has_max;
} Limits;

/* One decoded instruction.  Immediates by kind:
 *   block/loop/if: bt_kind (0 empty, 1 valtype, 2 type index) in a, value in b
 *   br, br_if, local.*, global.*, call, ref.func, table.*, data.drop...: a
 *   call_indirect: a = type, b = table;  table.init: a = elem, b = table
 *   table.copy: a = dst, b = src;  memory.init: a = data
 *   br_table: a = index of first target in Func.brtab, b = count (default last)
 *   memarg: a = align exponent, v = offset
 *   consts: v = the bits;  ref.null / select t: a = type
 *   else/end: a = index of the matching block's instruction */
typedef struct {
    uint16_t op;
    uint32_t off; /* byte offset in the file */
    uint32_t a, b;
    uint64_t v;
} Instr;

typedef struct {
    Instr *code;
    uint32_t ncode;
} Expr;

typedef struct Import Import;

typedef struct {
    uint32_t type;
    uint32_t type_off;     /* where the type index is in the file */
    Import *import;        /* NULL if defined here */
    const char *name;      /* from the name section, or NULL */
    uint32_t nlocals;      /* locals after the parameters */
    uint8_t *locals;
    Instr *code;
    uint32_t ncode;
    uint32_t *brtab;       /* br_table targets */
    uint32_t nbrtab;
    uint32_t body_off;
    /* filled by summary.c */
    bool declared_ref;     /* may be a ref.func target */
} Func;

typedef struct {
    uint8_t type;
    bool mut;
    Import *import;
    Expr init;
    /* filled by summary.c */
    bool written;          /* some global.set or an export/import may change it */
    bool exported;
} Global;

typedef struct {
    uint8_t type;
    Limits lim;
    Import *import;
    uint32_t off;
} Table;

typedef struct {
    Limits lim;
    Import *import;
    uint32_t off;
} Memory;

struct Import {
    const char *module, *name;
    uint32_t module_len, name_len;
    uint8_t kind;
    uint32_t index;        /* index in its own index space */
    uint32_t off;
};

typedef struct {
    const char *name;
    uint32_t name_len;
    uint8_t kind;
    uint32_t index;
    uint32_t off;
} Export;

typedef struct {
    uint8_t mode;
    uint8_t type;          /* element reftype */
    uint32_t table;
    Expr offset;
    uint32_t nitems;
    Expr *items;           /* each a constant expression */
    uint32_t off;
} Elem;

typedef struct {
    uint8_t mode;
    uint32_t mem;
    Expr offset;
    const uint8_t *bytes;
    uint32_t len;
    uint32_t off;
} Data;

typedef struct {
    Arena *arena;
    const char *filename;
    const uint8_t *bytes;
    size_t size;

    FuncType *types;   uint32_t ntypes;
    Import *imports;   uint32_t nimports;
    Func *funcs;       uint32_t nfuncs, nimported_funcs;
    Table *tables;     uint32_t ntables, nimported_tables;
    Memory *memories;  uint32_t nmemories, nimported_memories;
    Global *globals;   uint32_t nglobals, nimported_globals;
    Export *exports;   uint32_t nexports;
    Elem *elems;       uint32_t nelems;
    Data *datas;       uint32_t ndatas;
    bool has_start;    uint32_t start, start_off;
    bool has_datacount; uint32_t datacount;
    const char *module_name; /* from the name section */
} Module;

/* Implementation limits (beyond them we report an error, never allocate). */
#define MAX_LOCALS 50000
#define MAX_LOOP_NESTING 1000   /* LLVM's loop analyses are quadratic in it */
#define MAX_FUNC_PARAMS 1000
#define MAX_TABLE_ELEMS 10000000u
#define MAX_PAGES 65536u

/* ---- read.c ------------------------------------------------------------------ */

/* Decodes a whole binary module; error_at() on malformed input. */
Module *read_module(Arena *a, const char *filename, const uint8_t *bytes, size_t size);

/* ---- validate.c --------------------------------------------------------------- */

void validate_module(Module *m);

/* ---- summary.c ---------------------------------------------------------------- */

/* For each function, the set of globals it (or anything it calls) reads
 * and writes, as bit sets of nglobals bits; calls to imports touch every
 * global, and so does call_indirect when `opaque` (foreign functions may be
 * in the tables). */
typedef struct {
    uint32_t table, slot, elem, func;   /* table[elem] = func, of class slot */
} Target;

typedef struct {
    uint32_t nwords;
    uint64_t *reads, *writes;   /* [nfuncs * nwords] */
    uint64_t *direct;           /* globals each function names itself */
    bool *may_trap;             /* per function: it or a callee may trap */
    /* call_indirect: per signature class (sig_class[type], the first type
     * with that signature) the functions a table may hold, numbered by
     * class_slot[class] (UINT32_MAX: none); their sets, [nslots * nwords] */
    bool opaque;                /* foreign funcrefs may be in the tables */
    uint32_t *sig_class, *class_slot, nslots;
    uint64_t *class_reads, *class_writes, *everything;
    bool *class_may_trap;       /* [nslots] */
    /* the elements of tables whose contents never change after
     * instantiation, sorted by (table, slot, elem) */
    Target *targets;
    uint32_t ntargets;
} Summary;

Summary *summarize_module(Module *m);
bool summary_reads(const Summary *s, uint32_t func, uint32_t global);
bool summary_writes(const Summary *s, uint32_t func, uint32_t global);
bool summary_direct(const Summary *s, uint32_t func, uint32_t global);
/* callee: a function index; CALLEE_INDIRECT(type) a call_indirect of that
 * type; CALLEE_ANY anything */
#define CALLEE_ANY (-1)
#define CALLEE_INDIRECT(type) (-2 - (int64_t)(type))
#define CALLEE_INDIRECT_TYPE(callee) ((uint32_t)(-2 - (callee)))
bool summary_may_touch(const Summary *s, int64_t callee, uint32_t global, bool writes_only);
bool summary_may_trap(const Summary *s, int64_t callee);
#define MAX_CONST_TABLE 4096    /* larger tables are never treated as constant */
/* The elements of a constant table that a call_indirect of `type` can
 * reach (*first, the count returned); 0 if the table is not constant. */
uint32_t summary_known_targets(const Summary *s, uint32_t table, uint32_t type, const Target **first);

/* ---- options (main.c) ---------------------------------------------------------- */

typedef enum { OUT_EXE, OUT_OBJ, OUT_ASM, OUT_LLVM, OUT_SHARED } OutKind;

typedef struct {
    const char *input, *output;
    OutKind kind;
    int opt_level;
    bool verbose;
    bool explicit_bounds;
    bool single_instance;      /* the instance in static storage (always for executables) */
    const char *module_name;   /* symbol prefix: wasmc_<name>_ */
    const char *cpu;           /* NULL: generic x86-64 */
    uint64_t stack_size;
    uint64_t max_memory_pages;
    const char **dirs;         /* --dir preopens */
    int ndirs;
    const char *header;        /* -c: where to write the C header, or NULL */
    const char *rtlib;         /* path to libwasmc_rt.a */
} Options;

/* ---- lowering (lower.c, lower_*.c) ---------------------------------------------- */

/* Instance layout: where each item lives in the instance (layout.c). */
typedef struct {
    uint32_t type_ids;     /* uint32_t[ntypes] */
    uint32_t funcs;        /* wasmc_rt_func_t[nfuncs - nimported] */
    uint32_t imported_funcs; /* const wasmc_rt_func_t *[nimported] */
    uint32_t tables;       /* wasmc_rt_table_t *[ntables] */
    uint32_t memories;     /* wasmc_rt_memory_t *[nmemories] */
    uint32_t globals;      /* per global: cell or pointer, 16 bytes apart */
    uint32_t elem_len;     /* uint32_t[nelems]: live length (0 once dropped) */
    uint32_t data_len;     /* uint32_t[ndatas] */
    uint32_t elem_items;   /* per elem: void *[nitems], elem_item_off[i] */
    uint32_t *elem_item_off;
    uint32_t size;
} Layout;

/* sizeof(wasmc_rt_func_t), sizeof(wasmc_rt_instance_t) */
#define RT_FUNC_SIZE 56
#define RT_INSTANCE_HEAD 32
#define RT_FUNC_CODE 0
#define RT_FUNC_ENV 8
#define RT_FUNC_CALL 16
#define RT_FUNC_TYPE_ID 24
#define RT_INST_MEM0_BASE 8
#define RT_INST_MEM0 16
#define RT_MEM_BASE 0
#define RT_MEM_SIZE 8
#define RT_TABLE_ELEMS 0
#define RT_TABLE_SIZE 8

Layout layout_instance(Module *m, Arena *a);

/* A control frame of the function being lowered. */
typedef struct {
    uint16_t op;                 /* OP_BLOCK, OP_LOOP, OP_IF, or OP_END (function) */
    uint32_t height;             /* value stack height below the params */
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    LLVMBasicBlockRef header;    /* loop: branch target */
    LLVMValueRef *header_phis;   /* loop: one per param */
    LLVMBasicBlockRef end;       /* block/if: branch target and continuation */
    LLVMValueRef *end_phis;      /* block/if: one per result */
    uint32_t nend_preds;         /* branches to `end` so far */
    LLVMBasicBlockRef else_bb;   /* if: the else arm */
    LLVMValueRef *if_params;     /* if: the params, for the else arm */
    bool has_else;
} Ctrl;

/* Lowering state: module-wide part, then the function being lowered. */
typedef struct Lower {
    Module *m;
    const Summary *s;
    const Options *o;
    Layout lay;
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;
    LLVMTypeRef i1, i8, i16, i32, i64, f32, f64, v128, ptr, voidt;
    LLVMTypeRef *fn_types;       /* per type index: native function type */
    LLVMValueRef *fns;           /* per function: own LLVM function or NULL */
    LLVMValueRef *tramps;        /* per type index: uniform entry, lazily */
    LLVMValueRef *adapters;      /* per type index: host adapter, lazily */
    LLVMValueRef *datas;         /* per data segment: constant bytes */
    const char **sigs;           /* per type index: signature string */
    LLVMValueRef static_inst;    /* executables: the one instance's storage, or NULL */
    unsigned md_tbaa, md_invariant;
    LLVMValueRef tbaa_memory, tbaa_global, tbaa_table, tbaa_runtime;

    /* the function being lowered */
    uint32_t fidx;
    Func *f;
    LLVMValueRef fn, inst;
    LLVMValueRef *locals;        /* allocas, params first */
    uint8_t *local_types;
    uint32_t nlocals;
    LLVMValueRef *shadow;        /* per global: alloca of a promoted global, or NULL */
    bool *sets;                  /* per global: this function has a global.set of it */
    uint32_t *promoted;          /* the globals with a shadow, in index order */
    uint32_t npromoted;
    LLVMValueRef mem_base, mem0;
    LLVMValueRef *vals;
    uint32_t nvals, capvals;
    Ctrl *ctrls;
    uint32_t nctrls, capctrls;
    LLVMBasicBlockRef trap_bb[32];
    LLVMBasicBlockRef trap_dyn_bb;
    LLVMValueRef trap_dyn_phi;
    bool dead;                   /* the current point is unreachable */
} Lower;

LLVMModuleRef lower_module(Module *m, const Summary *s, const Options *o, LLVMContextRef ctx);
#define TBAA_MEMORY "linear memory"
LLVMValueRef tbaa_tag(LLVMContextRef ctx, const char *name);

/* lower.c: helpers the families share */
LLVMTypeRef llvm_type(Lower *L, uint8_t vt);
void push_val(Lower *L, LLVMValueRef v);
LLVMValueRef pop_val(Lower *L);
LLVMValueRef const_i32(Lower *L, uint32_t v);
LLVMValueRef const_i64(Lower *L, uint64_t v);
LLVMValueRef inst_ptr(Lower *L, uint32_t offset);        /* inst + offset */
LLVMValueRef load_tagged(Lower *L, LLVMTypeRef t, LLVMValueRef p, LLVMValueRef tag, bool invariant);
LLVMValueRef store_tagged(Lower *L, LLVMValueRef v, LLVMValueRef p, LLVMValueRef tag);
LLVMValueRef call_intrinsic(Lower *L, const char *name, LLVMTypeRef *over, unsigned nover,
                            LLVMValueRef *args, unsigned nargs);
LLVMValueRef call_runtime(Lower *L, const char *name, LLVMTypeRef ret, LLVMValueRef *args, unsigned n);
LLVMAttributeRef enum_attr(Lower *L, const char *name, uint64_t value);
LLVMValueRef zero_value(Lower *L, uint8_t vt);

/* lower_control.c */
void lower_control(Lower *L, const Instr *in);
LLVMBasicBlockRef new_block(Lower *L, const char *name);
/* br cond, yes, no with branch weights yes_weight : no_weight */
void cond_br_weighted(Lower *L, LLVMValueRef cond, LLVMBasicBlockRef yes, LLVMBasicBlockRef no,
                      uint32_t yes_weight, uint32_t no_weight);
void trap_if(Lower *L, LLVMValueRef cond, int kind);       /* kind: wasmc_rt_trap_t */
void trap_if_status(Lower *L, LLVMValueRef status);        /* nonzero i32 = trap kind */
void trap_if_index(Lower *L, LLVMValueRef cond, int kind, LLVMValueRef index);
void open_function_frame(Lower *L);
void emit_return(Lower *L);

/* lower_numeric.c */
void lower_numeric(Lower *L, const Instr *in);
LLVMValueRef const_value(Lower *L, const Instr *in);       /* *.const, ref.null */

/* lower_memory.c */
void lower_memory(Lower *L, const Instr *in);

/* lower_call.c: calls, globals, tables, references */
void lower_call(Lower *L, const Instr *in);
void lower_variable(Lower *L, const Instr *in);
void lower_table(Lower *L, const Instr *in);
void promote_globals(Lower *L);
void flush_globals(Lower *L, int64_t callee);              /* -1: all */
void reload_globals(Lower *L, int64_t callee, int64_t flushed);
LLVMValueRef global_cell(Lower *L, uint32_t g);
LLVMValueRef func_ref(Lower *L, uint32_t func);
LLVMValueRef const_expr_value(Lower *L, const Expr *e);

/* layout.c: instance layout, init function, trampolines, descriptor */
void declare_static_instance(Lower *L);
void emit_data_segments(Lower *L);
void emit_init_and_descriptor(Lower *L);
void emit_export_wrappers(Lower *L);
LLVMValueRef get_trampoline(Lower *L, uint32_t type);
LLVMValueRef get_adapter(Lower *L, uint32_t type);

/* ---- opt.c / addrfacts.c / emit.c / link.c / header.c --------------------------------------------- */

void optimize_module(LLVMModuleRef mod, LLVMTargetMachineRef tm, int level);
void mark_address_facts(LLVMModuleRef mod);  /* addrfacts.c */
void widen_loop_addresses(LLVMModuleRef mod);  /* loopaddr.c */
LLVMTargetMachineRef make_target_machine(const Options *o);
void set_target(LLVMModuleRef mod, LLVMTargetMachineRef tm);
/* Writes the object/asm/IR for o->kind to path; returns 0 or prints and 1. */
int emit_file(LLVMModuleRef mod, LLVMTargetMachineRef tm, OutKind kind, const char *path);
int link_output(const Options *o, const char *objpath, const char *outpath);
int write_header(Module *m, const Options *o, const char *path);
/* The C-identifier-safe form of s ("my-mod.1" -> "my_mod_1"). */
char *c_ident(Arena *a, const char *s);

#endif /* WASMC_H */
