/*
 * emit.c - the emission stage: LLVM module -> object file, assembly or IR
 * text, through LLVM's x86-64 target machine.
 *
 * The target is x86-64 Linux.  By default code is generated for the generic
 * x86-64 CPU, tuned "generic" (like clang without -march; lowering puts the
 * tune-cpu attribute on each function); --cpu=native uses the host's CPU
 * and features, --cpu=NAME a named one.  Code is position-independent so
 * the same object serves executables (PIE) and shared objects.
 */
#include "wasmc.h"

#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include <stdio.h>
#include <string.h>

LLVMTargetMachineRef make_target_machine(const Options *o)
{
    LLVMInitializeX86TargetInfo();
    LLVMInitializeX86Target();
    LLVMInitializeX86TargetMC();
    LLVMInitializeX86AsmPrinter();
    const char *triple = "x86_64-pc-linux-gnu";
    LLVMTargetRef target;
    char *err = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &err))
        die("no x86-64 target in this LLVM: %s", err);
    char *cpu = NULL, *features = NULL;
    if (o->cpu && strcmp(o->cpu, "native") == 0) {
        cpu = LLVMGetHostCPUName();
        features = LLVMGetHostCPUFeatures();
    }
    LLVMCodeGenOptLevel lvl = o->opt_level == 0 ? LLVMCodeGenLevelNone
                            : o->opt_level == 1 ? LLVMCodeGenLevelLess
                            : o->opt_level == 2 ? LLVMCodeGenLevelDefault : LLVMCodeGenLevelAggressive;
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple,
        cpu ? cpu : (o->cpu ? o->cpu : "x86-64"), features ? features : "",
        lvl, LLVMRelocPIC, LLVMCodeModelDefault);
    if (cpu)
        LLVMDisposeMessage(cpu);
    if (features)
        LLVMDisposeMessage(features);
    return tm;
}

/* Triple and data layout: needed before optimization, which depends on them. */
void set_target(LLVMModuleRef mod, LLVMTargetMachineRef tm)
{
    LLVMSetTarget(mod, "x86_64-pc-linux-gnu");
    LLVMTargetDataRef td = LLVMCreateTargetDataLayout(tm);
    char *layout = LLVMCopyStringRepOfTargetData(td);
    LLVMSetDataLayout(mod, layout);
    LLVMDisposeMessage(layout);
    LLVMDisposeTargetData(td);
}

int emit_file(LLVMModuleRef mod, LLVMTargetMachineRef tm, OutKind kind, const char *path)
{
    char *err = NULL;
    int failed;
    if (kind == OUT_LLVM)
        failed = LLVMPrintModuleToFile(mod, path, &err);
    else
        failed = LLVMTargetMachineEmitToFile(tm, mod, (char *)path,
                                             kind == OUT_ASM ? LLVMAssemblyFile : LLVMObjectFile, &err);
    if (failed) {
        fprintf(stderr, "wasmc: error: cannot write %s: %s\n", path, err ? err : "unknown error");
        LLVMDisposeMessage(err);
        return 1;
    }
    return 0;
}
