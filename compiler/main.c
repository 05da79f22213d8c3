/*
 * main.c - the wasmc driver: options, then the pipeline as straight calls:
 *
 *   read -> validate -> summarize -> lower -> optimize -> emit -> link
 *
 * Every output is written to a temporary file next to its destination and
 * renamed into place only when the whole pipeline succeeded, so an error
 * never leaves a half-written output behind.  `-o -` and outputs that are
 * not regular files (/dev/null, a FIFO) get the finished file copied in.
 */
#include "wasmc.h"

#include <errno.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <llvm/Config/llvm-config.h>

#define WASMC_VERSION "0.1.0"
#define MAX_INPUT_BYTES (1u << 30)

int run_command(const char *const *argv, bool verbose);
const char *find_program(const char *const *names);

static void usage(FILE *f)
{
    fprintf(f,
        "usage: wasmc [options] INPUT.wasm|INPUT.wat\n"
        "\n"
        "Compiles a WebAssembly module ahead of time to native x86-64 code.\n"
        "\n"
        "output:\n"
        "  -o FILE                 write the output to FILE (default a.out, or INPUT.o/.s/.ll/.so);\n"
        "                          -o - writes it to standard output\n"
        "  -c                      write an object file and a C header (app.o -> app.h)\n"
        "  -S                      write assembly\n"
        "  --emit-llvm             write LLVM IR text (optimized)\n"
        "  --shared                write a shared object (for the embedding API)\n"
        "  --header=FILE           with -c: where to write the C header\n"
        "code generation:\n"
        "  -O0 -O1 -O2 -O3         optimization level (default -O2)\n"
        "  --cpu=NAME|native       target CPU (default: generic x86-64)\n"
        "  --bounds-checks=guard|explicit\n"
        "                          guard pages (default) or explicit checks for hosts without an MMU\n"
        "  --module-name=NAME      symbol prefix wasmc_NAME_ (default: from INPUT)\n"
        "  --single-instance       -c/--shared: the instance in the module's static storage,\n"
        "                          one live instance at a time (executables always)\n"
        "executables:\n"
        "  --dir=HOST[::GUEST]     preopen directory HOST as GUEST for WASI (repeatable)\n"
        "  --stack-size=BYTES      stack for wasm code (default 64Mi; suffixes K, M, G)\n"
        "  --max-memory=BYTES      cap on linear memory (suffixes K, M, G)\n"
        "  --rtlib=FILE            the runtime library (default: next to wasmc or in ../lib)\n"
        "other:\n"
        "  -v                      print the commands wasmc runs\n"
        "  --help, --version\n");
}

static const char *basename_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

static int parse_size(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t mul = 1;
    if (*end == 'K' || *end == 'k') mul = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm') mul = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g') mul = 1ull << 30, end++;
    if (*end == 'i')
        end++;
    if (errno || end == s || *end || v > UINT64_MAX / mul) {
        fprintf(stderr, "wasmc: error: %s: bad size '%s'\n", opt, s);
        return -1;
    }
    *out = v * mul;
    return 0;
}

static int parse_option(Options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    uint64_t v;
    if (strcmp(a, "-o") == 0) {
        if (++*i >= argc) {
            fprintf(stderr, "wasmc: error: -o needs a file name\n");
            return -1;
        }
        o->output = argv[*i];
    } else if (strcmp(a, "-c") == 0) o->kind = OUT_OBJ;
    else if (strcmp(a, "-S") == 0) o->kind = OUT_ASM;
    else if (strcmp(a, "--emit-llvm") == 0) o->kind = OUT_LLVM;
    else if (strcmp(a, "--shared") == 0) o->kind = OUT_SHARED;
    else if (strcmp(a, "-v") == 0) o->verbose = true;
    else if (strcmp(a, "--single-instance") == 0) o->single_instance = true;
    else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) o->opt_level = a[2] - '0';
    else if (strncmp(a, "--cpu=", 6) == 0) o->cpu = a + 6;
    else if (strncmp(a, "--module-name=", 14) == 0) o->module_name = a + 14;
    else if (strncmp(a, "--header=", 9) == 0) o->header = a + 9;
    else if (strncmp(a, "--rtlib=", 8) == 0) o->rtlib = a + 8;
    else if (strncmp(a, "--dir=", 6) == 0) o->dirs[o->ndirs++] = a + 6;
    else if (strcmp(a, "--bounds-checks=explicit") == 0) o->explicit_bounds = true;
    else if (strcmp(a, "--bounds-checks=guard") == 0) o->explicit_bounds = false;
    else if (strncmp(a, "--stack-size=", 13) == 0) {
        if (parse_size("--stack-size", a + 13, &o->stack_size))
            return -1;
    } else if (strncmp(a, "--max-memory=", 13) == 0) {
        if (parse_size("--max-memory", a + 13, &v))
            return -1;
        o->max_memory_pages = v / 65536;
    } else {
        fprintf(stderr, "wasmc: error: unknown option '%s' (see wasmc --help)\n", a);
        return -1;
    }
    return 0;
}

static int parse_args(Options *o, int argc, char **argv)
{
    o->opt_level = 2;
    o->max_memory_pages = UINT64_MAX;
    o->dirs = calloc((size_t)argc + 1, sizeof *o->dirs);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(a, "--version") == 0) {
            printf("wasmc %s (LLVM %s)\n", WASMC_VERSION, LLVM_VERSION_STRING);
            exit(0);
        }
        if (a[0] == '-' && a[1]) {
            if (parse_option(o, argc, argv, &i))
                return -1;
        } else if (o->input) {
            fprintf(stderr, "wasmc: error: more than one input file ('%s' and '%s')\n", o->input, a);
            return -1;
        } else {
            o->input = a;
        }
    }
    if (!o->input) {
        fprintf(stderr, "wasmc: error: no input file (see wasmc --help)\n");
        return -1;
    }
    return 0;
}

/* INPUT with its extension replaced: "dir/app.wasm" -> "app.o". */
static char *default_output(Arena *a, const Options *o)
{
    static const char *ext[] = { [OUT_EXE] = "", [OUT_OBJ] = ".o", [OUT_ASM] = ".s",
                                 [OUT_LLVM] = ".ll", [OUT_SHARED] = ".so" };
    if (o->kind == OUT_EXE)
        return "a.out";
    const char *b = basename_of(o->input);
    const char *dot = strrchr(b, '.');
    size_t n = dot ? (size_t)(dot - b) : strlen(b);
    return arena_printf(a, "%.*s%s", (int)n, b, ext[o->kind]);
}

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "wasmc: error: cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > MAX_INPUT_BYTES) {
        fprintf(stderr, "wasmc: error: %s: not a regular file of at most 1 GiB\n", path);
        fclose(f);
        return NULL;
    }
    uint8_t *buf = malloc((size_t)st.st_size + 1);
    size_t n = buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    fclose(f);
    if (!buf || n != (size_t)st.st_size) {
        fprintf(stderr, "wasmc: error: cannot read %s\n", path);
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

/* Text input: wabt's wat2wasm turns it into a temporary binary. */
static uint8_t *read_input(const Options *o, size_t *size)
{
    if (!has_suffix(o->input, ".wat") && !has_suffix(o->input, ".wast"))
        return read_file(o->input, size);
    char tmp[] = "/tmp/wasmc-XXXXXX.wasm";
    int fd = mkstemps(tmp, 5);
    if (fd < 0) {
        perror("wasmc: mkstemps");
        return NULL;
    }
    close(fd);
    static const char *const wat2wasm[] = { "wat2wasm", NULL };
    const char *argv[] = { find_program(wat2wasm), o->input, "-o", tmp, NULL };
    uint8_t *bytes = NULL;
    if (run_command(argv, o->verbose) == 0)
        bytes = read_file(tmp, size);
    else
        fprintf(stderr, "wasmc: error: %s: wat2wasm could not convert the text module\n", o->input);
    unlink(tmp);
    return bytes;
}

typedef struct {
    Module *m;
    Summary *s;
    Arena *a;
    const char *name;
    const uint8_t *bytes;
    size_t size;
} Front;

static void front_end(void *arg)
{
    Front *fe = arg;
    fe->m = read_module(fe->a, fe->name, fe->bytes, fe->size);
    validate_module(fe->m);
    fe->s = summarize_module(fe->m);
}

/* Temporary files, removed if wasmc is interrupted or killed by a signal
 * it can catch, so no half-written output survives. */
static const char *temps[4];

static void remove_temps(int sig)
{
    for (int i = 0; i < 4; i++)
        if (temps[i])
            unlink(temps[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void track_temp(const char *path)
{
    static bool handlers;
    for (int i = 0; i < 4; i++)
        if (!temps[i]) {
            temps[i] = path;
            break;
        }
    if (!handlers) {
        int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
        for (int i = 0; i < 4; i++)
            signal(sigs[i], remove_temps);
        handlers = true;
    }
}

/* Temporary file in the directory of `dest`, so rename() is atomic. */
static char *temp_beside(Arena *a, const char *dest)
{
    char *t = arena_printf(a, "%s.tmpXXXXXX", dest);
    track_temp(t);
    int fd = mkstemp(t);
    if (fd < 0) {
        fprintf(stderr, "wasmc: error: cannot create %s: %s\n", t, strerror(errno));
        return NULL;
    }
    close(fd);
    return t;
}

/* Is `out` "-" or something that is not a regular file (/dev/null, a
 * FIFO)?  Such an output is written in place, never replaced by rename. */
static bool streamed_output(const char *out)
{
    struct stat st;
    return strcmp(out, "-") == 0 || (stat(out, &st) == 0 && !S_ISREG(st.st_mode));
}

/* `-o -` or `-o /dev/null`: the finished output is copied there. */
static int copy_out(const char *path, const char *out)
{
    FILE *f = fopen(path, "rb");
    FILE *to = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
    char buf[1 << 16];
    size_t n;
    if (!f || !to) {
        fprintf(stderr, "wasmc: error: cannot write %s: %s\n", out, strerror(errno));
        if (f)
            fclose(f);
        return 1;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            break;
    int bad = ferror(f) || fflush(to) != 0 || ferror(to);
    fclose(f);
    if (to != stdout)
        bad |= fclose(to) != 0;
    return bad;
}

static int back_end(Module *m, Summary *s, Options *o, const char *out)
{
    LLVMContextRef ctx = LLVMContextCreate();
    LLVMModuleRef mod = lower_module(m, s, o, ctx);
    LLVMTargetMachineRef tm = make_target_machine(o);
    set_target(mod, tm);
    optimize_module(mod, tm, o->opt_level);
    int rc = 1;
    bool streamed = streamed_output(out);
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir)
        tmpdir = "/tmp";
    char *tmp = temp_beside(m->arena, streamed ? arena_printf(m->arena, "%s/wasmc-out", tmpdir) : out);
    char *obj = NULL;
    if (!tmp)
        goto done;
    if (o->kind == OUT_EXE || o->kind == OUT_SHARED) {
        obj = arena_printf(m->arena, "%s/wasmc-XXXXXX.o", tmpdir);
        track_temp(obj);
        int fd = mkstemps(obj, 2);
        if (fd < 0)
            goto done;
        close(fd);
        rc = emit_file(mod, tm, OUT_OBJ, obj) || link_output(o, obj, tmp);
    } else {
        rc = emit_file(mod, tm, o->kind, tmp);
        if (!rc && o->kind == OUT_OBJ && (o->header || !streamed)) {
            const char *h = o->header;
            if (!h) /* app.o -> app.h, anything else -> NAME.h */
                h = has_suffix(out, ".o") ? arena_printf(m->arena, "%.*s.h", (int)strlen(out) - 2, out)
                                         : arena_printf(m->arena, "%s.h", out);
            rc = write_header(m, o, h);
        }
    }
    if (!rc && streamed) {
        rc = copy_out(tmp, out);
    } else if (!rc && rename(tmp, out) != 0) {
        fprintf(stderr, "wasmc: error: cannot write %s: %s\n", out, strerror(errno));
        rc = 1;
    }
done:
    if (tmp)
        unlink(tmp);
    if (obj)
        unlink(obj);
    LLVMDisposeTargetMachine(tm);
    LLVMDisposeModule(mod);
    LLVMContextDispose(ctx);
    return rc;
}

/* Module names whose symbols wasmc_NAME_* are the runtime's or WASI's. */
static bool reserved_module_name(const char *n)
{
    static const char *const prefixes[] = { "rt", "wasi" };
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        size_t k = strlen(prefixes[i]);
        if (strncmp(n, prefixes[i], k) == 0 && (n[k] == 0 || n[k] == '_'))
            return true;
    }
    return false;
}

int main(int argc, char **argv)
{
    Options o = {0};
    if (parse_args(&o, argc, argv))
        return 1;
    Arena *a = arena_new();
    const char *out = o.output ? o.output : default_output(a, &o);
    bool module_name_given = o.module_name != NULL;
    if (!o.module_name) {
        const char *b = basename_of(o.input);
        const char *dot = strrchr(b, '.');
        o.module_name = arena_strdup(a, b, dot ? (size_t)(dot - b) : strlen(b));
    }
    o.module_name = c_ident(a, o.module_name);
    if (reserved_module_name(o.module_name)) {
        /* wasmc_rt_* and wasmc_wasi_* belong to the runtime: a module named
         * so would define (or clash with) its symbols */
        if (module_name_given) {
            fprintf(stderr, "wasmc: error: module name '%s' is reserved (wasmc_%s_* is the runtime's); "
                    "choose another with --module-name\n", o.module_name, o.module_name);
            return 1;
        }
        o.module_name = arena_printf(a, "m_%s", o.module_name);
    }
    Front fe = { .a = a, .name = o.input };
    uint8_t *bytes = read_input(&o, &fe.size);
    if (!bytes)
        return 1;
    fe.bytes = bytes;
    if (compile_try(o.input, front_end, &fe))
        return 1;
    int rc = back_end(fe.m, fe.s, &o, out);
    free(bytes);
    arena_free(a);
    return rc;
}
