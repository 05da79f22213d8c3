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
 * prove cannot wrap; at -O2 and -O3 the pipeline runs in two halves, and
 * between them loopaddr.c gives loop addresses forms that LLVM's loop
 * vectorizer can check at run time.
 */
#include "wasmc.h"

#include <llvm-c/Analysis.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include <stdio.h>

/* The second half of LLVM 19's default<O2> and <O3> pipelines, from where
 * simplification ends (thinlto-pre-link<On> is the first half) to the end:
 * vectorizers, unrolling and their clean-up.  Printed by
 *   opt-19 -passes='default<O2>' -print-pipeline-passes
 * (O3 adds chr and unrolls at O3); loopaddr.c runs between the halves. */
#define OPTIMIZATION_HALF \
    "elim-avail-extern,rpo-function-attrs,recompute-globalsaa,function<eager-inv>(float2int," \
    "lower-constant-intrinsics,%sloop(loop-rotate<header-duplication;no-prepare-for-lto>,loop-deletion)," \
    "loop-distribute,inject-tli-mappings,loop-vectorize<no-interleave-forced-only;no-vectorize-forced-only;>," \
    "infer-alignment,loop-load-elim,instcombine<max-iterations=1;no-use-loop-info;no-verify-fixpoint>," \
    "simplifycfg<bonus-inst-threshold=1;forward-switch-cond;switch-range-to-icmp;switch-to-lookup;no-keep-loops;" \
    "hoist-common-insts;sink-common-insts;speculate-blocks;simplify-cond-branch;no-speculate-unpredictables>," \
    "slp-vectorizer,vector-combine,instcombine<max-iterations=1;no-use-loop-info;no-verify-fixpoint>," \
    "loop-unroll<O%d>,transform-warning,sroa<preserve-cfg>,infer-alignment," \
    "instcombine<max-iterations=1;no-use-loop-info;no-verify-fixpoint>,loop-mssa(licm<allowspeculation>)," \
    "alignment-from-assumptions,loop-sink,instsimplify,div-rem-pairs,tailcallelim," \
    "simplifycfg<bonus-inst-threshold=1;no-forward-switch-cond;switch-range-to-icmp;no-switch-to-lookup;keep-loops;" \
    "no-hoist-common-insts;no-sink-common-insts;speculate-blocks;simplify-cond-branch;speculate-unpredictables>)," \
    "globaldce,constmerge,cg-profile,rel-lookup-table-converter"

static void run(LLVMModuleRef mod, const char *pipeline, LLVMTargetMachineRef tm, LLVMPassBuilderOptionsRef po)
{
    LLVMErrorRef err = LLVMRunPasses(mod, pipeline, tm, po);
    if (err) {
        char *e = LLVMGetErrorMessage(err);
        die("LLVM pass pipeline failed: %s", e);
    }
}

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
    char pipeline[2048];
    if (level >= 2) {
        snprintf(pipeline, sizeof pipeline, "thinlto-pre-link<O%d>", level);
        run(mod, pipeline, tm, po);
        widen_loop_addresses(mod);
        snprintf(pipeline, sizeof pipeline, OPTIMIZATION_HALF, level >= 3 ? "chr," : "", level);
    } else
        snprintf(pipeline, sizeof pipeline, "default<O%d>", level);
    run(mod, pipeline, tm, po);
    LLVMDisposePassBuilderOptions(po);
}
