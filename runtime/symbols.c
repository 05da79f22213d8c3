/*
 * symbols.c - which wasm function a faulting program counter is in, from
 * the ELF symbol table of the executable or shared object holding it.
 *
 * The compiler names every function wasmc_<module>_f<index>[_<name>] and
 * deliberately does not put the addresses of functions that nothing can
 * reference into the module descriptor: a function whose address is taken
 * cannot get a cheaper calling convention or lose unused arguments.  So
 * when a guard-page fault (out-of-bounds access, stack exhaustion) needs to
 * name its function, the symbol table answers.  Runs in the signal handler:
 * only open/fstat/mmap/munmap, no allocation.
 */
#define _GNU_SOURCE
#include "rt.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The symbol of file `path` (loaded at `base`) whose range holds pc. */
static int symbol_at(const char *path, uintptr_t base, uintptr_t pc, char *name, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    void *map = MAP_FAILED;
    if (fstat(fd, &st) == 0 && st.st_size > (off_t)sizeof(Elf64_Ehdr))
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return -1;
    int found = -1;
    const uint8_t *f = map;
    const Elf64_Ehdr *eh = map;
    size_t size = (size_t)st.st_size;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_shoff + (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > size)
        goto done;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(f + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum && found < 0; i++) {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
            continue;
        const Elf64_Shdr *strs = &sh[sh[i].sh_link];
        if (sh[i].sh_offset + sh[i].sh_size > size || strs->sh_offset + strs->sh_size > size)
            continue;
        const Elf64_Sym *sym = (const Elf64_Sym *)(f + sh[i].sh_offset);
        size_t nsyms = sh[i].sh_size / sizeof *sym;
        uintptr_t rel = pc - base;
        for (size_t k = 0; k < nsyms; k++) {
            if (ELF64_ST_TYPE(sym[k].st_info) != STT_FUNC || rel < sym[k].st_value ||
                rel >= sym[k].st_value + sym[k].st_size || sym[k].st_name >= strs->sh_size)
                continue;
            const char *s = (const char *)f + strs->sh_offset + sym[k].st_name;
            size_t len = strnlen(s, strs->sh_size - sym[k].st_name);
            if (len < n) {
                memcpy(name, s, len + 1);
                found = 0;
            }
            break;
        }
    }
done:
    munmap(map, size);
    return found;
}

/* "wasmc_<module>_f<index>..." of a registered module -> index. */
int32_t rt_function_from_symbol(uintptr_t pc, const wasmc_rt_module_t *const *mods, int nmods,
                                const wasmc_rt_module_t **mod)
{
    Dl_info info;
    if (!dladdr((void *)pc, &info) || !info.dli_fname)
        return -1;
    /* the main program's name is argv[0]-like (relative, or empty): for a
     * path that is not absolute, /proc/self/exe is tried first */
    const char *path = info.dli_fname;
    char name[512];
    uintptr_t base = (uintptr_t)info.dli_fbase;
    if ((path[0] == '/' || symbol_at("/proc/self/exe", base, pc, name, sizeof name) != 0) &&
        symbol_at(path, base, pc, name, sizeof name) != 0)
        return -1;
    if (strncmp(name, "wasmc_", 6) != 0)
        return -1;
    for (int i = 0; i < nmods; i++) {
        size_t k = strlen(mods[i]->name);
        const char *p = name + 6;
        if (strncmp(p, mods[i]->name, k) != 0 || p[k] != '_' || p[k + 1] != 'f' || p[k + 2] < '0' || p[k + 2] > '9')
            continue;
        uint32_t idx = 0;
        for (p += k + 2; *p >= '0' && *p <= '9'; p++)
            idx = idx * 10 + (uint32_t)(*p - '0');
        if (*p != '_' && *p != 0)
            continue;
        if (idx >= mods[i]->nfuncs)
            continue;
        *mod = mods[i];
        return (int32_t)idx;
    }
    return -1;
}
