/*
 * runner.c - runs one wast2json script against modules wasmc compiled.
 *
 *   spec-runner SCRIPT.json MODULES.map [NAME.wast]
 *
 * run.sh has already compiled every .wasm of the script; MODULES.map says
 * what became of each: one line "FILE.wasm RESULT", where RESULT is the
 * cached shared object (.so, built with --module-name=m, so it defines
 * wasmc_m_module) or else a record of why there is none ("status N",
 * "output yes|no", "--", wasmc's diagnostics; see compile.sh).
 *
 * Output, one line each, for run.sh to count (see run.sh):
 *   plan N               commands that count (all but `register`)
 *   run LINE             about to run the command at LINE (names a crash)
 *   pass LINE
 *   fail NAME.wast:LINE: COMMAND ...: why
 *   skip NAME.wast:LINE: COMMAND: why
 *   done PASSED FAILED SKIPPED
 * stdout is line-buffered so that a crash loses nothing already decided.
 * Exit status: 0 when nothing failed, 1 otherwise, 2 on bad usage/input.
 */
#include "spec.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODULE_SYMBOL "wasmc_m_module"
#define MSG_SIZE 2048

typedef enum { PASS, FAIL, SKIP } Verdict;

typedef struct {
    char *wasm, *result;
} ModFile;

typedef struct {
    char *name;
    wasmc_rt_instance_t *inst;
} Named;

typedef struct {
    const char *wast;          /* NAME.wast, for messages */
    ModFile *mods;
    size_t nmods;
    Registry reg;
    wasmc_rt_instance_t *current;
    long current_line;         /* line of the last module command */
    Named *named;
    size_t nnamed;
    /* the command being run */
    const Json *cmd;
    long line;
    const char *type;
    char msg[MSG_SIZE];
} Script;

/* ---- messages ---- */

/* Sets the reason a command failed or was skipped; returns `v`. */
static Verdict verdict(Script *s, Verdict v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    va_end(ap);
    return v;
}

/* A name as it can be printed: control bytes and quotes escaped. */
static void format_name(const Json *name, char *buf, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; name && name->kind == JSON_STRING && i < name->len && k + 5 < n; i++) {
        unsigned char c = (unsigned char)name->str[i];
        if (c < 0x20 || c == 0x7f || c == '"' || c == '\\')
            k += (size_t)snprintf(buf + k, n - k, "\\%02x", c);
        else
            buf[k++] = (char)c;
    }
    buf[k] = 0;
}

/* `invoke "add"(i32:1, i32:2)` or `get "g"`, for messages. */
static void describe_action(const Json *action, char *buf, size_t n)
{
    const char *type = json_get_str(action, "type"), *mod = json_get_str(action, "module");
    char field[200];
    format_name(json_get(action, "field"), field, sizeof field);
    int k = snprintf(buf, n, "%s %s%s\"%s\"", type ? type : "?", mod ? mod : "", mod ? "." : "", field);
    const Json *args = json_get(action, "args");
    if (!args || args->kind != JSON_ARRAY || k < 0 || (size_t)k >= n)
        return;
    k += snprintf(buf + k, n - (size_t)k, "(");
    for (size_t i = 0; i < args->n && (size_t)k < n; i++) {
        wasmc_rt_val_t v;
        char vb[96], err[80];
        if (value_parse(args->items[i], &v, err, sizeof err) == 0)
            value_format(&v, vb, sizeof vb);
        else
            snprintf(vb, sizeof vb, "<%s>", err);
        k += snprintf(buf + k, n - (size_t)k, "%s%s", i ? ", " : "", vb);
    }
    if ((size_t)k < n)
        snprintf(buf + k, n - (size_t)k, ")");
}

static void format_values(const wasmc_rt_val_t *v, size_t nv, char *buf, size_t n)
{
    int k = snprintf(buf, n, "(");
    for (size_t i = 0; i < nv && k >= 0 && (size_t)k < n; i++) {
        char vb[96];
        value_format(&v[i], vb, sizeof vb);
        k += snprintf(buf + k, n - (size_t)k, "%s%s", i ? ", " : "", vb);
    }
    if (k >= 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, ")");
}

static void report(Script *s, Verdict v)
{
    if (v == PASS) {
        printf("pass %ld\n", s->line);
        return;
    }
    char what[600] = "";
    const Json *action = json_get(s->cmd, "action");
    const char *file = json_get_str(s->cmd, "filename");
    if (action)
        describe_action(action, what, sizeof what);
    else if (file)
        snprintf(what, sizeof what, "%s", file);
    printf("%s %s:%ld: %s%s%s: %s\n", v == FAIL ? "fail" : "skip", s->wast, s->line, s->type,
           what[0] ? " " : "", what, s->msg);
}

/* ---- compiled modules ---- */

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    do {
        if (len + 4096 + 1 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *grown = realloc(buf, cap);
            if (!grown)
                break;
            buf = grown;
        }
        got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
    } while (got > 0);
    fclose(f);
    if (buf)
        buf[len] = 0;
    return buf;
}

static int load_map(Script *s, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char wasm[512], result[4096];
    size_t cap = 0;
    while (fscanf(f, "%511s %4095s", wasm, result) == 2) {
        if (s->nmods == cap) {
            cap = cap ? cap * 2 : 64;
            s->mods = realloc(s->mods, cap * sizeof *s->mods);
            if (!s->mods)
                abort();
        }
        s->mods[s->nmods].wasm = strdup(wasm);
        s->mods[s->nmods++].result = strdup(result);
    }
    fclose(f);
    return 0;
}

static const char *compiled(Script *s, const char *wasm)
{
    for (size_t i = 0; wasm && i < s->nmods; i++)
        if (strcmp(s->mods[i].wasm, wasm) == 0)
            return s->mods[i].result;
    return NULL;
}

/* What wasmc did with a module it did not compile: from a .rej record. */
typedef struct {
    int status;          /* wasmc's exit status; 128+N for signal N, 124 timeout */
    bool output;         /* it left an output file behind anyway */
    char diag[400];      /* its first line of diagnostics */
} Rejection;

static int read_rejection(const char *path, Rejection *r)
{
    char *text = read_text(path);
    char out[8] = "";
    memset(r, 0, sizeof *r);
    if (!text || sscanf(text, "status %d output %7s", &r->status, out) != 2) {
        free(text);
        return -1;
    }
    r->output = strcmp(out, "yes") == 0;
    char *diag = strstr(text, "\n--\n");
    if (diag)
        snprintf(r->diag, sizeof r->diag, "%.*s", (int)strcspn(diag + 4, "\n"), diag + 4);
    free(text);
    return 0;
}

static bool is_rejection(const char *result)
{
    size_t n = strlen(result);
    return n < 3 || strcmp(result + n - 3, ".so") != 0;
}

static void describe_rejection(const Rejection *r, char *buf, size_t n)
{
    if (r->status == 124)
        snprintf(buf, n, "wasmc timed out");
    else if (r->status > 128)
        snprintf(buf, n, "wasmc crashed with signal %d%s%s", r->status - 128, r->diag[0] ? ": " : "", r->diag);
    else
        snprintf(buf, n, "wasmc exited with status %d: %s", r->status, r->diag[0] ? r->diag : "(no diagnostic)");
}

/* The module the command's "filename" names, loaded; NULL with s->msg set
 * when wasmc did not compile it or it does not load. */
/* A module compiled with --single-instance has one static instance per
 * loaded copy, and dlopen of the same path gives the same copy; scripts
 * instantiate identical modules several times and keep every instance, so
 * each load gets its own copy of the file (unlinked once mapped). */
static const wasmc_rt_module_t *private_copy(const char *path)
{
    static unsigned serial;
    char tmp[4096];
    const char *dir = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/wasmc-spec-%ld-%u.so", dir && *dir ? dir : "/tmp", (long)getpid(), serial++);
    FILE *in = fopen(path, "rb"), *out = fopen(tmp, "wb");
    bool ok = in && out;
    char buf[65536];
    size_t n;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = false;
    void *so = ok ? dlopen(tmp, RTLD_NOW | RTLD_LOCAL) : NULL;
    remove(tmp);
    return so ? dlsym(so, MODULE_SYMBOL) : NULL;
}

static const wasmc_rt_module_t *load_module(Script *s)
{
    const char *file = json_get_str(s->cmd, "filename");
    const char *result = compiled(s, file);
    if (!result) {
        verdict(s, FAIL, "%s is missing from the module map (not compiled)", file ? file : "module");
        return NULL;
    }
    if (is_rejection(result)) {
        Rejection r;
        char why[512];
        if (read_rejection(result, &r) != 0)
            snprintf(why, sizeof why, "cannot read %s", result);
        else
            describe_rejection(&r, why, sizeof why);
        verdict(s, FAIL, "not compiled: %s", why);
        return NULL;
    }
    void *so = dlopen(result, RTLD_NOW | RTLD_LOCAL);
    const wasmc_rt_module_t *m = so ? dlsym(so, MODULE_SYMBOL) : NULL;
    if (m && (m->flags & WASMC_RT_MODULE_STATIC_INSTANCE))
        m = private_copy(result);
    if (!m)
        verdict(s, FAIL, "cannot load %s: %s", result, dlerror());
    return m;
}

/* ---- instances ---- */

static void set_named(Script *s, const char *name, wasmc_rt_instance_t *inst)
{
    for (size_t i = 0; i < s->nnamed; i++)
        if (strcmp(s->named[i].name, name) == 0) {
            s->named[i].inst = inst;
            return;
        }
    s->named = realloc(s->named, (s->nnamed + 1) * sizeof *s->named);
    if (!s->named)
        abort();
    s->named[s->nnamed].name = strdup(name);
    s->named[s->nnamed++].inst = inst;
}

/* The instance an action or register names, or the current one; NULL with
 * s->msg set. */
static wasmc_rt_instance_t *target(Script *s, const char *name)
{
    if (!name) {
        if (!s->current)
            verdict(s, FAIL, "no module to run it on (the module at line %ld failed)", s->current_line);
        return s->current;
    }
    for (size_t i = 0; i < s->nnamed; i++)
        if (strcmp(s->named[i].name, name) == 0) {
            if (!s->named[i].inst)
                verdict(s, FAIL, "module %s failed to instantiate", name);
            return s->named[i].inst;
        }
    verdict(s, FAIL, "no module named %s", name);
    return NULL;
}

/* ---- actions ---- */

enum { ACTION_OK = 0, ACTION_TRAP = -1, ACTION_ERROR = -2 };

typedef struct {
    wasmc_rt_val_t *results;
    size_t nresults;
    wasmc_rt_error_t err;
} Outcome;

/* The export an action names; names may contain NUL bytes (names.wast
 * has some), so lookups go through wasmc_rt_export_n with the length. */
static const Json *export_name(Script *s, const Json *action)
{
    const Json *field = json_get(action, "field");
    if (!field || field->kind != JSON_STRING) {
        verdict(s, FAIL, "action without a field name");
        return NULL;
    }
    return field;
}

static int invoke(Script *s, const wasmc_rt_func_t *f, const Json *args, Outcome *o)
{
    size_t nargs = args && args->kind == JSON_ARRAY ? args->n : 0;
    wasmc_rt_val_t *argv = calloc(nargs + 1, sizeof *argv);
    char err[200];
    for (size_t i = 0; i < nargs; i++)
        if (value_parse(args->items[i], &argv[i], err, sizeof err) != 0) {
            free(argv);
            verdict(s, FAIL, "argument %zu: %s", i, err);
            return ACTION_ERROR;
        }
    o->nresults = wasmc_rt_func_nresults(f);
    o->results = calloc(o->nresults + 1, sizeof *o->results);
    for (size_t i = 0; i < o->nresults; i++)
        o->results[i].type = wasmc_rt_func_result(f, i);
    int rc = wasmc_rt_call(f, argv, nargs, o->results, o->nresults, &o->err);
    free(argv);
    if (rc != 0 && o->err.kind == WASMC_RT_ERR_ARGS) {
        verdict(s, FAIL, "wasmc_rt_call refused the call: %s", o->err.message);
        return ACTION_ERROR;
    }
    return rc == 0 ? ACTION_OK : ACTION_TRAP;
}

static int get_global(Script *s, wasmc_rt_instance_t *inst, const Json *name, Outcome *o)
{
    wasmc_rt_extern_t x;
    if (wasmc_rt_export_n(inst, name->str, name->len, &x) != 0 || x.kind != WASMC_RT_EXTERN_GLOBAL) {
        verdict(s, FAIL, "no exported global \"%s\"", name->str);
        return ACTION_ERROR;
    }
    o->nresults = 1;
    o->results = calloc(1, sizeof *o->results);
    o->results[0].type = (wasmc_rt_valtype_t)x.global_type;
    memcpy(&o->results[0].of, &x.of.global->of, sizeof o->results[0].of);
    return ACTION_OK;
}

/* Runs the command's action: ACTION_OK with results, ACTION_TRAP with
 * o->err, or ACTION_ERROR with s->msg (it could not be run at all). */
static int run_action(Script *s, Outcome *o)
{
    const Json *action = json_get(s->cmd, "action");
    const char *type = json_get_str(action, "type");
    memset(o, 0, sizeof *o);
    wasmc_rt_instance_t *inst = target(s, json_get_str(action, "module"));
    const Json *name = inst ? export_name(s, action) : NULL;
    if (!name)
        return ACTION_ERROR;
    if (type && strcmp(type, "get") == 0)
        return get_global(s, inst, name, o);
    if (!type || strcmp(type, "invoke") != 0) {
        verdict(s, FAIL, "unknown action type %s", type ? type : "(none)");
        return ACTION_ERROR;
    }
    wasmc_rt_extern_t x;
    if (wasmc_rt_export_n(inst, name->str, name->len, &x) != 0 || x.kind != WASMC_RT_EXTERN_FUNC) {
        verdict(s, FAIL, "no exported function \"%s\"", name->str);
        return ACTION_ERROR;
    }
    const wasmc_rt_func_t *f = x.of.func;
    return invoke(s, f, json_get(action, "args"), o);
}

/* The reference interpreter's rule: the message must start with the
 * expected text. */
static bool message_matches(const char *message, const char *expected)
{
    return expected && strncmp(message, expected, strlen(expected)) == 0;
}

/* ---- commands ---- */

static Verdict cmd_module(Script *s)
{
    const char *name = json_get_str(s->cmd, "name");
    const wasmc_rt_module_t *m = load_module(s);
    wasmc_rt_error_t err;
    s->current = m ? wasmc_rt_instantiate(m, host_resolve, &s->reg, &err) : NULL;
    s->current_line = s->line;
    if (name)
        set_named(s, name, s->current);
    if (!m)
        return FAIL;
    if (!s->current)
        return verdict(s, FAIL, "instantiation failed: %s", err.message);
    return PASS;
}

static Verdict cmd_register(Script *s)
{
    wasmc_rt_instance_t *inst = target(s, json_get_str(s->cmd, "name"));
    const char *as = json_get_str(s->cmd, "as");
    if (inst && as)
        host_register(&s->reg, as, inst);
    return PASS; /* not counted; a failed module fails the commands using it */
}

static Verdict cmd_action(Script *s)
{
    Outcome o;
    int rc = run_action(s, &o);
    free(o.results);
    if (rc == ACTION_TRAP)
        return verdict(s, FAIL, "trapped: %s", o.err.message);
    return rc == ACTION_OK ? PASS : FAIL;
}

static Verdict compare_results(Script *s, const Outcome *o, const Json *expected)
{
    size_t n = expected && expected->kind == JSON_ARRAY ? expected->n : 0;
    char got[600], want[200], err[200];
    format_values(o->results, o->nresults, got, sizeof got);
    if (o->nresults != n)
        return verdict(s, FAIL, "got %zu results %s, expected %zu", o->nresults, got, n);
    for (size_t i = 0; i < n; i++) {
        Expect e;
        if (expect_parse(expected->items[i], &e, err, sizeof err) != 0)
            return verdict(s, FAIL, "expected result %zu: %s", i, err);
        if (!expect_match(&e, &o->results[i])) {
            expect_format(&e, want, sizeof want);
            return verdict(s, FAIL, "result %zu is wrong: got %s, expected %s", i, got, want);
        }
    }
    return PASS;
}

static Verdict cmd_assert_return(Script *s)
{
    Outcome o;
    int rc = run_action(s, &o);
    Verdict v = rc == ACTION_ERROR ? FAIL
                : rc == ACTION_TRAP ? verdict(s, FAIL, "trapped: %s", o.err.message)
                : compare_results(s, &o, json_get(s->cmd, "expected"));
    free(o.results);
    return v;
}

/* assert_trap and assert_exhaustion: must trap with the expected message
 * (and, if `kind` is not WASMC_RT_OK, of that kind). */
static Verdict expect_trap(Script *s, wasmc_rt_trap_t kind)
{
    Outcome o;
    const char *text = json_get_str(s->cmd, "text");
    int rc = run_action(s, &o);
    Verdict v = FAIL;
    char got[600];
    if (rc == ACTION_OK) {
        format_values(o.results, o.nresults, got, sizeof got);
        verdict(s, FAIL, "returned %s instead of trapping with \"%s\"", got, text ? text : "?");
    } else if (rc == ACTION_TRAP && (!message_matches(o.err.message, text)
                                     || (kind != WASMC_RT_OK && o.err.kind != kind))) {
        verdict(s, FAIL, "trapped with \"%s\" (kind %d), expected \"%s\"", o.err.message, (int)o.err.kind,
                text ? text : "?");
    } else if (rc == ACTION_TRAP) {
        v = PASS;
    }
    free(o.results);
    return v;
}

static Verdict cmd_assert_trap(Script *s)
{
    return expect_trap(s, WASMC_RT_OK);
}

static Verdict cmd_assert_exhaustion(Script *s)
{
    return expect_trap(s, WASMC_RT_TRAP_STACK_EXHAUSTED);
}

/* assert_invalid, assert_malformed: wasmc must reject the binary with exit
 * status 1 and write nothing.  Text modules need a text parser: skipped. */
static Verdict cmd_assert_rejected(Script *s)
{
    const char *mt = json_get_str(s->cmd, "module_type");
    const char *text = json_get_str(s->cmd, "text");
    if (mt && strcmp(mt, "text") == 0)
        return verdict(s, SKIP, "text module (wasmc's input is the binary format)");
    const char *result = compiled(s, json_get_str(s->cmd, "filename"));
    Rejection r;
    char why[512];
    if (!result)
        return verdict(s, FAIL, "missing from the module map (not compiled)");
    if (!is_rejection(result))
        return verdict(s, FAIL, "wasmc accepted it; expected an error like \"%s\"", text ? text : "?");
    if (read_rejection(result, &r) != 0)
        return verdict(s, FAIL, "cannot read %s", result);
    if (r.status == 1 && !r.output)
        return PASS;
    describe_rejection(&r, why, sizeof why);
    return verdict(s, FAIL, "%s%s (expected exit status 1: \"%s\")", why,
                   r.output ? "; and it left an output file" : "", text ? text : "?");
}

/* assert_unlinkable, assert_uninstantiable: instantiation must fail with a
 * link error or a trap (`link` says which) and the expected message. */
static Verdict expect_instantiation_failure(Script *s, bool link)
{
    const char *text = json_get_str(s->cmd, "text");
    const wasmc_rt_module_t *m = load_module(s);
    if (!m)
        return FAIL;
    wasmc_rt_error_t err;
    wasmc_rt_instance_t *inst = wasmc_rt_instantiate(m, host_resolve, &s->reg, &err);
    if (inst)
        return verdict(s, FAIL, "instantiated; expected it to fail with \"%s\"", text ? text : "?");
    bool trap = err.kind >= WASMC_RT_TRAP_UNREACHABLE && err.kind <= WASMC_RT_TRAP_HOST;
    bool kind_ok = link ? err.kind == WASMC_RT_ERR_LINK : trap;
    if (!kind_ok || !message_matches(err.message, text))
        return verdict(s, FAIL, "failed with \"%s\" (kind %d), expected %s \"%s\"", err.message, (int)err.kind,
                       link ? "a link error" : "a trap", text ? text : "?");
    return PASS;
}

static Verdict cmd_assert_unlinkable(Script *s)
{
    return expect_instantiation_failure(s, true);
}

static Verdict cmd_assert_uninstantiable(Script *s)
{
    return expect_instantiation_failure(s, false);
}

static const struct {
    const char *type;
    Verdict (*run)(Script *s);
    bool counted;
} commands[] = {
    { "module", cmd_module, true },
    { "register", cmd_register, false },
    { "action", cmd_action, true },
    { "assert_return", cmd_assert_return, true },
    { "assert_trap", cmd_assert_trap, true },
    { "assert_exhaustion", cmd_assert_exhaustion, true },
    { "assert_invalid", cmd_assert_rejected, true },
    { "assert_malformed", cmd_assert_rejected, true },
    { "assert_unlinkable", cmd_assert_unlinkable, true },
    { "assert_uninstantiable", cmd_assert_uninstantiable, true },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static int command_index(const char *type)
{
    for (size_t i = 0; type && i < NCOMMANDS; i++)
        if (strcmp(commands[i].type, type) == 0)
            return (int)i;
    return -1;
}

/* ---- the script ---- */

static size_t count_planned(const Json *cmds)
{
    size_t n = 0;
    for (size_t i = 0; i < cmds->n; i++) {
        int k = command_index(json_get_str(cmds->items[i], "type"));
        n += k < 0 || commands[k].counted;
    }
    return n;
}

static int run_script(Script *s, const Json *cmds)
{
    size_t counts[3] = {0};
    printf("plan %zu\n", count_planned(cmds));
    for (size_t i = 0; i < cmds->n; i++) {
        s->cmd = cmds->items[i];
        s->type = json_get_str(s->cmd, "type");
        s->line = json_get_int(s->cmd, "line", 0);
        s->msg[0] = 0;
        int k = command_index(s->type);
        printf("run %ld\n", s->line);
        if (!s->type)
            s->type = "(untyped)";
        Verdict v = k < 0 ? verdict(s, FAIL, "unknown command type") : commands[k].run(s);
        if (k >= 0 && !commands[k].counted)
            continue;
        counts[v]++;
        report(s, v);
    }
    printf("done %zu %zu %zu\n", counts[PASS], counts[FAIL], counts[SKIP]);
    return counts[FAIL] ? 1 : 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: spec-runner SCRIPT.json MODULES.map [NAME.wast]\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    Script s = { .wast = argc > 3 ? argv[3] : base_name(argv[1]) };
    char err[200];
    char *text = read_text(argv[1]);
    Json *doc = text ? json_parse(text, strlen(text), err, sizeof err) : NULL;
    const Json *cmds = json_get(doc, "commands");
    if (!cmds || cmds->kind != JSON_ARRAY) {
        fprintf(stderr, "spec-runner: %s: %s\n", argv[1], !text ? "cannot read" : !doc ? err : "no command list");
        return 2;
    }
    if (load_map(&s, argv[2]) != 0) {
        fprintf(stderr, "spec-runner: cannot read %s\n", argv[2]);
        return 2;
    }
    if (host_init() != 0) {
        fprintf(stderr, "spec-runner: cannot create the spectest module\n");
        return 2;
    }
    return run_script(&s, cmds);
}
