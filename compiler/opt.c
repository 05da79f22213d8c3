/*
 * opt.c - the optimization stage: LLVM's new pass manager pipeline.
 *
 * Runs after lowering.  wasmc's own optimizations are already in the IR by
 * then (globals kept in allocas that mem2reg turns into SSA values, write-
 * backs only where observable, TBAA classes that separate linear memory,
 * globals, tables and runtime state, invariant loads of the instance); this
 * stage lets LLVM's pipeline (SROA, GVN, LICM with scalar promotion, loop
 * idiom and closed-form loop exit values, vectorizers) exploit them.
 * Before the pipeline, addrfacts.c marks the i32 additions that accesses
 * prove cannot wrap.
 */
#include "wasmc.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include <stdio.h>

void optimize_module(LLVMModuleRef mod, LLVMTargetMachineRef tm, int level)
{
    char *msg = NULL;
    if (LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg))
        die("generated IR does not verify:\n%s", msg);
    LLVMDisposeMessage(msg);
    LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
    LLVMPassBuilderOptionsSetLoopVectorization(po, level >= 2);
    LLVMPassBuilderOptionsSetSLPVectorization(po, level >= 2);
    LLVMPassBuilderOptionsSetLoopUnrolling(po, level >= 2);
    if (level >= 1)
        mark_address_facts(mod);
    char pipeline[32];
    snprintf(pipeline, sizeof pipeline, "default<O%d>", level);
    LLVMErrorRef err = LLVMRunPasses(mod, pipeline, tm, po);
    if (err) {
        char *e = LLVMGetErrorMessage(err);
        die("LLVM pass pipeline failed: %s", e);
    }
    LLVMDisposePassBuilderOptions(po);
}
