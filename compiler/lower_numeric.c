/*
 * lower_numeric.c - constants and the numeric instructions, lowered from
 * their row in opcodes.def.
 *
 * Most rows need nothing but their LOWER kind and ARG: a binary LLVM
 * opcode, a comparison predicate, an intrinsic, a cast.  The few with wasm
 * semantics LLVM lacks are spelled out here: division and remainder trap
 * on zero and overflow, shifts and rotates take their count modulo the
 * width, and float-to-int truncation traps on NaN and out-of-range values.
 * Float semantics follow the spec: min/max are llvm.minimum/maximum (NaN-
 * propagating, -0 < +0), nearest is roundeven, neg/abs/copysign are bit
 * operations, and constants are built from their bits so NaN payloads
 * survive.
 */
#include "wasmc.h"

#include "wasmc_rt.h"

static const char *intrinsic_name[] = {
    [INTR_CTLZ] = "llvm.ctlz", [INTR_CTTZ] = "llvm.cttz", [INTR_CTPOP] = "llvm.ctpop",
    [INTR_FSHL] = "llvm.fshl", [INTR_FSHR] = "llvm.fshr", [INTR_FABS] = "llvm.fabs",
    [INTR_CEIL] = "llvm.ceil", [INTR_FLOOR] = "llvm.floor", [INTR_TRUNC] = "llvm.trunc",
    [INTR_ROUNDEVEN] = "llvm.roundeven", [INTR_SQRT] = "llvm.sqrt",
    [INTR_MINIMUM] = "llvm.minimum", [INTR_MAXIMUM] = "llvm.maximum",
    [INTR_COPYSIGN] = "llvm.copysign", [INTR_FPTOSI_SAT] = "llvm.fptosi.sat",
    [INTR_FPTOUI_SAT] = "llvm.fptoui.sat",
};

/* The result type of a row: the letter after ':' in its signature. */
static LLVMTypeRef result_type(Lower *L, const OpInfo *oi)
{
    const char *p = oi->sig;
    while (*p != ':')
        p++;
    switch (p[1]) {
    case 'i': return L->i32;
    case 'I': return L->i64;
    case 'f': return L->f32;
    case 'F': return L->f64;
    }
    die("no result type for %s", oi->name);
}

LLVMValueRef const_value(Lower *L, const Instr *in)
{
    switch (in->op) {
    case OP_I32_CONST: return const_i32(L, (uint32_t)in->v);
    case OP_I64_CONST: return const_i64(L, in->v);
    case OP_F32_CONST: return LLVMConstBitCast(const_i32(L, (uint32_t)in->v), L->f32);
    case OP_F64_CONST: return LLVMConstBitCast(const_i64(L, in->v), L->f64);
    case OP_REF_NULL: return LLVMConstNull(L->ptr);
    }
    die("const_value: %s", op_info[in->op].name);
}

/* Wasm wants every NaN an arithmetic op returns to be quiet, but LLVM may
 * fold x-0, x*1, x/1, min/max with a NaN operand and demote(promote x) into
 * an operand returned unchanged - a signalling NaN stays signalling.  These
 * few results get their quiet bit set explicitly, with integer operations
 * LLVM cannot fold away (the common arithmetic needs nothing: x86 quiets). */
static LLVMValueRef quiet_nan(Lower *L, LLVMValueRef v)
{
    LLVMTypeRef ft = LLVMTypeOf(v);
    bool dbl = ft == L->f64;
    LLVMTypeRef it = dbl ? L->i64 : L->i32;
    LLVMValueRef q = LLVMConstInt(it, dbl ? 1ull << 51 : 1ull << 22, 0);
    LLVMValueRef bits = LLVMBuildOr(L->b, LLVMBuildBitCast(L->b, v, it, ""), q, "");
    LLVMValueRef isnan = LLVMBuildFCmp(L->b, LLVMRealUNO, v, v, "");
    return LLVMBuildSelect(L->b, isnan, LLVMBuildBitCast(L->b, bits, ft, ""), v, "");
}

/* Is v the constant +-0.0 or +-1.0, which LLVM treats as an identity? */
static bool identity_constant(LLVMValueRef v)
{
    if (!LLVMIsAConstantFP(v))
        return false;
    LLVMBool loses;
    double d = LLVMConstRealGetDouble(v, &loses);
    return d == 0.0 || d == 1.0 || d == -1.0;
}

static LLVMValueRef lower_div(Lower *L, LLVMOpcode op, LLVMValueRef a, LLVMValueRef b)
{
    LLVMTypeRef t = LLVMTypeOf(a);
    unsigned bits = LLVMGetIntTypeWidth(t);
    LLVMValueRef zero = LLVMConstInt(t, 0, 0), minus1 = LLVMConstAllOnes(t);
    trap_if(L, LLVMBuildICmp(L->b, LLVMIntEQ, b, zero, ""), WASMC_RT_TRAP_DIV_BY_ZERO);
    if (op == LLVMSDiv) {
        LLVMValueRef min = LLVMConstInt(t, 1ull << (bits - 1), 0);
        LLVMValueRef ovf = LLVMBuildAnd(L->b, LLVMBuildICmp(L->b, LLVMIntEQ, a, min, ""),
                                        LLVMBuildICmp(L->b, LLVMIntEQ, b, minus1, ""), "");
        trap_if(L, ovf, WASMC_RT_TRAP_INT_OVERFLOW);
    } else if (op == LLVMSRem) {
        /* INT_MIN % -1 is 0 in wasm but undefined in LLVM: divide by 1 instead */
        LLVMValueRef is_m1 = LLVMBuildICmp(L->b, LLVMIntEQ, b, minus1, "");
        b = LLVMBuildSelect(L->b, is_m1, LLVMConstInt(t, 1, 0), b, "");
    }
    return LLVMBuildBinOp(L->b, op, a, b, "");
}

/* Trapping float -> int: NaN is an invalid conversion; a value whose
 * truncation does not fit is an overflow.  Bounds are exact in the source
 * float type: lo is exclusive when lo itself is representable but lo-1 is
 * not in range. */
static LLVMValueRef lower_trunc(Lower *L, const OpInfo *oi, LLVMValueRef x)
{
    LLVMTypeRef to = result_type(L, oi);
    bool is64 = to == L->i64, sgn = oi->arg == LLVMFPToSI;
    bool from64 = LLVMTypeOf(x) == L->f64;
    double lo, hi;
    bool lo_incl;
    if (sgn) {
        hi = is64 ? 9223372036854775808.0 : 2147483648.0;
        if (is64 || !from64) {
            lo = -hi;
            lo_incl = true;
        } else {
            lo = -2147483649.0;
            lo_incl = false;
        }
    } else {
        hi = is64 ? 18446744073709551616.0 : 4294967296.0;
        lo = -1.0;
        lo_incl = false;
    }
    LLVMTypeRef ft = LLVMTypeOf(x);
    trap_if(L, LLVMBuildFCmp(L->b, LLVMRealUNO, x, x, ""), WASMC_RT_TRAP_INVALID_CONVERSION);
    LLVMValueRef below = LLVMBuildFCmp(L->b, lo_incl ? LLVMRealOLT : LLVMRealOLE, x, LLVMConstReal(ft, lo), "");
    LLVMValueRef above = LLVMBuildFCmp(L->b, LLVMRealOGE, x, LLVMConstReal(ft, hi), "");
    trap_if(L, LLVMBuildOr(L->b, below, above, ""), WASMC_RT_TRAP_INT_OVERFLOW);
    return LLVMBuildCast(L->b, (LLVMOpcode)oi->arg, x, to, "");
}

static LLVMValueRef lower_unary(Lower *L, const OpInfo *oi, LLVMValueRef x)
{
    LLVMTypeRef t = LLVMTypeOf(x);
    switch (oi->lower) {
    case L_EQZ:
        return LLVMBuildZExt(L->b, LLVMBuildICmp(L->b, LLVMIntEQ, x, LLVMConstNull(t), ""), L->i32, "");
    case L_NEG:
        return LLVMBuildFNeg(L->b, x, "");
    case L_CONV: {
        LLVMValueRef r = LLVMBuildCast(L->b, (LLVMOpcode)oi->arg, x, result_type(L, oi), "");
        return oi->arg == LLVMFPExt ? quiet_nan(L, r) : r; /* else demote(promote x) folds to x */
    }
    case L_TRUNC:
        return lower_trunc(L, oi, x);
    case L_TRUNC_SAT: {
        LLVMTypeRef over[2] = { result_type(L, oi), t };
        return call_intrinsic(L, intrinsic_name[oi->arg], over, 2, &x, 1);
    }
    case L_SEXT: {
        LLVMTypeRef narrow = LLVMIntTypeInContext(L->ctx, (unsigned)oi->arg);
        return LLVMBuildSExt(L->b, LLVMBuildTrunc(L->b, x, narrow, ""), t, "");
    }
    case L_UNARY: {
        LLVMValueRef args[2] = { x, LLVMConstInt(L->i1, 0, 0) };
        unsigned n = (oi->arg == INTR_CTLZ || oi->arg == INTR_CTTZ) ? 2 : 1;
        return call_intrinsic(L, intrinsic_name[oi->arg], &t, 1, args, n);
    }
    default:
        die("lower_unary: %s", oi->name);
    }
}

static LLVMValueRef lower_binary(Lower *L, const OpInfo *oi, LLVMValueRef a, LLVMValueRef b)
{
    LLVMTypeRef t = LLVMTypeOf(a);
    switch (oi->lower) {
    case L_BIN: {
        LLVMValueRef r = LLVMBuildBinOp(L->b, (LLVMOpcode)oi->arg, a, b, "");
        bool fp = LLVMGetTypeKind(t) == LLVMFloatTypeKind || LLVMGetTypeKind(t) == LLVMDoubleTypeKind;
        return fp && (identity_constant(a) || identity_constant(b)) ? quiet_nan(L, r) : r;
    }
    case L_ICMP:
        return LLVMBuildZExt(L->b, LLVMBuildICmp(L->b, (LLVMIntPredicate)oi->arg, a, b, ""), L->i32, "");
    case L_FCMP:
        return LLVMBuildZExt(L->b, LLVMBuildFCmp(L->b, (LLVMRealPredicate)oi->arg, a, b, ""), L->i32, "");
    case L_DIV:
        return lower_div(L, (LLVMOpcode)oi->arg, a, b);
    case L_SHIFT: {
        LLVMValueRef mask = LLVMConstInt(t, LLVMGetIntTypeWidth(t) - 1, 0);
        return LLVMBuildBinOp(L->b, (LLVMOpcode)oi->arg, a, LLVMBuildAnd(L->b, b, mask, ""), "");
    }
    case L_ROT: {
        LLVMValueRef args[3] = { a, a, b };
        return call_intrinsic(L, intrinsic_name[oi->arg], &t, 1, args, 3);
    }
    case L_BINARY: {
        LLVMValueRef args[2] = { a, b };
        LLVMValueRef r = call_intrinsic(L, intrinsic_name[oi->arg], &t, 1, args, 2);
        /* llvm.minimum/maximum return a NaN operand unchanged */
        return oi->arg == INTR_COPYSIGN ? r : quiet_nan(L, r);
    }
    default:
        die("lower_binary: %s", oi->name);
    }
}

void lower_numeric(Lower *L, const Instr *in)
{
    const OpInfo *oi = &op_info[in->op];
    if (oi->sig[1] == ':') {
        LLVMValueRef x = pop_val(L);
        push_val(L, lower_unary(L, oi, x));
    } else {
        LLVMValueRef b = pop_val(L), a = pop_val(L);
        push_val(L, lower_binary(L, oi, a, b));
    }
}
