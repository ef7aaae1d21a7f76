/* ELF symbols with libelf, and their run-time addresses: the symbol's
 * value plus the load bias of the file's mapping (0 for ET_EXEC). The
 * main executable's bias comes from AT_ENTRY in /proc/PID/auxv, a
 * library's from its offset-0 mapping in /proc/PID/maps. */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <elf.h>
#include "elf/symbols.h"
#include "procfs/procfs.h"

int tbx_elf_loc_parse(const char *spec, struct tbx_elf_loc *loc)
{
	const char *colon = strrchr(spec, ':');
	const char *sym = colon ? colon + 1 : spec;

	memset(loc, 0, sizeof(*loc));
	if (!colon && !strncmp(spec, "0x", 2)) {
		char *end;
		errno = 0;
		loc->addr = strtoull(spec, &end, 16);
		return *end || errno || end == spec + 2 ? -EINVAL : 0;
	}
	if (!*sym || strlen(sym) >= sizeof(loc->sym) ||
	    (colon && (colon == spec || (size_t)(colon - spec) >= sizeof(loc->lib))))
		return -EINVAL;
	if (colon)
		memcpy(loc->lib, spec, (size_t)(colon - spec));
	strcpy(loc->sym, sym);
	return 0;
}

/* ---- reading a file ---- */

struct elf_file {
	int fd;
	Elf *elf;
};

static int elf_file_open(const char *path, struct elf_file *f)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	f->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fd < 0)
		return -errno;
	f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF) {
		elf_end(f->elf);
		close(f->fd);
		return -ENOEXEC;
	}
	return 0;
}

static void elf_file_close(struct elf_file *f)
{
	elf_end(f->elf);
	close(f->fd);
}

/* fn for each defined symbol of the table of type (SHT_SYMTAB or
 * SHT_DYNSYM) until it returns nonzero; -ENOENT when there is no table. */
typedef int (*sym_fn)(const char *name, const GElf_Sym *s, void *ctx);

static int each_sym(Elf *elf, Elf64_Word type, sym_fn fn, void *ctx)
{
	Elf_Scn *scn = NULL;
	int found = -ENOENT;

	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != type || !sh.sh_entsize)
			continue;
		found = 0;
		data = elf_getdata(scn, NULL);
		for (size_t i = 0; data && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;
			int r;

			if (!gelf_getsym(data, (int)i, &s) || s.st_shndx == SHN_UNDEF ||
			    !s.st_name)
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (name && *name && (r = fn(name, &s, ctx)))
				return r;
		}
	}
	return found;
}

struct find {
	const char *name;
	GElf_Sym sym;
};

static int find_one(const char *name, const GElf_Sym *s, void *ctx)
{
	struct find *f = ctx;

	if (strcmp(name, f->name))
		return 0;
	f->sym = *s;
	return 1;
}

int tbx_elf_symbol(const char *path, const char *name, uint64_t *value,
		   bool *stripped)
{
	struct elf_file f;
	struct find fd = { .name = name };
	int e = elf_file_open(path, &f), r;

	*stripped = false;
	if (e)
		return e;
	r = each_sym(f.elf, SHT_SYMTAB, find_one, &fd);
	if (r == -ENOENT)
		*stripped = true;
	if (r != 1)
		r = each_sym(f.elf, SHT_DYNSYM, find_one, &fd);
	elf_file_close(&f);
	if (r != 1)
		return -ENOENT;
	/* an IFUNC's value is its resolver, run once at relocation */
	if (GELF_ST_TYPE(fd.sym.st_info) == STT_GNU_IFUNC)
		return -EOPNOTSUPP;
	*value = fd.sym.st_value;
	return 0;
}

int tbx_elf_info(const char *path, struct tbx_elf_info *info)
{
	struct elf_file f;
	GElf_Ehdr eh;
	size_t n = 0;
	int e = elf_file_open(path, &f);

	if (e)
		return e;
	if (!gelf_getehdr(f.elf, &eh) || elf_getphdrnum(f.elf, &n)) {
		elf_file_close(&f);
		return -ENOEXEC;
	}
	info->entry = eh.e_entry;
	info->min_vaddr = UINT64_MAX;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (gelf_getphdr(f.elf, (int)i, &ph) && ph.p_type == PT_LOAD &&
		    ph.p_vaddr < info->min_vaddr)
			info->min_vaddr = ph.p_vaddr & ~(uint64_t)0xfff;
	}
	elf_file_close(&f);
	return info->min_vaddr == UINT64_MAX ? -ENOEXEC : 0;
}

int tbx_elf_interp(const char *path, char *out, size_t cap)
{
	struct elf_file f;
	size_t n = 0;
	int e = elf_file_open(path, &f);

	out[0] = 0;
	if (e)
		return e;
	if (elf_getphdrnum(f.elf, &n))
		e = -ENOEXEC;
	for (size_t i = 0; !e && i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(f.elf, (int)i, &ph) || ph.p_type != PT_INTERP)
			continue;
		if (!ph.p_filesz || ph.p_filesz >= cap ||
		    pread(f.fd, out, ph.p_filesz, (off_t)ph.p_offset) != (ssize_t)ph.p_filesz) {
			out[0] = 0;
			e = -ENOEXEC;
			break;
		}
		out[ph.p_filesz] = 0;
		out[strcspn(out, "\n")] = 0;
		break;
	}
	elf_file_close(&f);
	return e;
}

/* ---- near matches ---- */

unsigned tbx_elf_distance(const char *a, const char *b)
{
	unsigned row[65], la = (unsigned)strlen(a), lb = (unsigned)strlen(b);

	if (la > 64 || lb > 64)
		return 255;
	for (unsigned j = 0; j <= lb; j++)
		row[j] = j;
	for (unsigned i = 1; i <= la; i++) {
		unsigned diag = row[0];
		row[0] = i;
		for (unsigned j = 1; j <= lb; j++) {
			unsigned up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb] > 255 ? 255 : row[lb];
}

struct near {
	const char *name;
	char (*out)[64];
	unsigned score[TBX_ELF_NEAR_MAX];
	unsigned max, n;
};

/* Keep the max best candidates, sorted by score then name. */
static int near_one(const char *name, const GElf_Sym *s, void *ctx)
{
	struct near *nr = ctx;
	size_t len = strlen(nr->name);
	unsigned sc, i;
	int t = GELF_ST_TYPE(s->st_info);

	if ((t != STT_FUNC && t != STT_GNU_IFUNC) || strlen(name) >= 64)
		return 0;
	sc = tbx_elf_distance(nr->name, name);
	if (sc > 2 && sc * 3 > len) {
		if (len < 3 || strncmp(name, nr->name, len))
			return 0;
		sc = 3;		/* name starts with what was typed */
	}
	for (i = 0; i < nr->n; i++)
		if (!strcmp(nr->out[i], name))
			return 0;
	for (i = nr->n; i > 0 && (nr->score[i - 1] > sc ||
		(nr->score[i - 1] == sc && strcmp(nr->out[i - 1], name) > 0)); i--)
		;
	if (i >= nr->max)
		return 0;
	if (nr->n < nr->max)
		nr->n++;
	memmove(nr->out + i + 1, nr->out + i, (nr->n - 1 - i) * sizeof(nr->out[0]));
	memmove(nr->score + i + 1, nr->score + i, (nr->n - 1 - i) * sizeof(nr->score[0]));
	strcpy(nr->out[i], name);
	nr->score[i] = sc;
	return 0;
}

int tbx_elf_near(const char *path, const char *name,
		 char (*out)[64], unsigned max, unsigned *n)
{
	struct near nr = { .name = name, .out = out,
			   .max = max < TBX_ELF_NEAR_MAX ? max : TBX_ELF_NEAR_MAX };
	struct elf_file f;
	int e = elf_file_open(path, &f);

	*n = 0;
	if (e)
		return e;
	each_sym(f.elf, SHT_SYMTAB, near_one, &nr);
	each_sym(f.elf, SHT_DYNSYM, near_one, &nr);
	elf_file_close(&f);
	*n = nr.n;
	return 0;
}

/* ---- pure: maps and auxv ---- */

bool tbx_elf_lib_match(const char *path, const char *lib)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(lib);

	if (lib[0] == '/')
		return !strcmp(path, lib);
	base = base ? base + 1 : path;
	if (strncmp(base, lib, n))
		return false;
	return !base[n] || base[n] == '.' || base[n] == '-' || lib[n - 1] == '.';
}

int tbx_elf_bias_maps(const struct tbx_maps *m, const char *lib,
		      uint64_t min_vaddr, uint64_t *bias, size_t *ri)
{
	for (size_t i = 0; i < m->n; i++) {
		const struct tbx_scan_region *r = &m->r[i];

		if (r->offset || r->kind != TBX_REGION_FILE ||
		    !tbx_elf_lib_match(r->path, lib))
			continue;
		*bias = r->start - min_vaddr;
		*ri = i;
		return 0;
	}
	return -ENOENT;
}

bool tbx_elf_maps_exec(const struct tbx_maps *m, const char *path,
		       uint64_t addr)
{
	const struct tbx_scan_region *r = tbx_maps_find(m, addr);

	return r && r->perms[2] == 'x' && !strcmp(r->path, path);
}

int tbx_elf_auxv_get(const void *auxv, size_t len, uint64_t type,
		     uint64_t *val)
{
	const unsigned char *p = auxv;

	for (size_t off = 0; off + 16 <= len; off += 16) {
		uint64_t kv[2];
		memcpy(kv, p + off, sizeof(kv));
		if (kv[0] == AT_NULL)
			break;
		if (kv[0] == type) {
			*val = kv[1];
			return 0;
		}
	}
	return -ENOENT;
}

/* ---- in a process ---- */

static int read_auxv(pid_t pid, uint64_t type, uint64_t *val)
{
	char path[64], buf[1024];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/auxv", pid);
	n = tbx_proc_read(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	return tbx_elf_auxv_get(buf, (size_t)n, type, val);
}

/* The main executable: its file through /proc/PID/exe (what runs, even
 * if renamed or deleted since), its bias from AT_ENTRY. */
static int resolve_main(pid_t pid, const struct tbx_elf_loc *loc,
			uint64_t *addr, char *path, size_t pathcap)
{
	char exe[64];
	struct tbx_elf_info info;
	uint64_t entry, value = loc->addr;
	bool stripped;
	int e;

	snprintf(exe, sizeof(exe), "/proc/%d/exe", pid);
	if (path) {
		ssize_t n = readlink(exe, path, pathcap - 1);
		path[n > 0 ? n : 0] = 0;
	}
	if ((e = tbx_elf_info(exe, &info)) || (e = read_auxv(pid, AT_ENTRY, &entry)))
		return e;
	if (loc->sym[0] && (e = tbx_elf_symbol(exe, loc->sym, &value, &stripped)))
		return e;
	*addr = value + (entry - info.entry);
	return 0;
}

static int resolve_lib(pid_t pid, const struct tbx_elf_loc *loc,
		       uint64_t *addr, char *path, size_t pathcap)
{
	struct tbx_maps m;
	struct tbx_elf_info info;
	uint64_t bias, value;
	size_t ri;
	bool stripped;
	int e = tbx_maps_read(pid, &m);
	const char *file = NULL;

	if (e)
		return e;
	for (size_t i = 0; i < m.n && !file; i++)
		if (!m.r[i].offset && m.r[i].kind == TBX_REGION_FILE &&
		    tbx_elf_lib_match(m.r[i].path, loc->lib))
			file = m.r[i].path;
	e = file ? 0 : -EAGAIN;
	if (!e && path)
		snprintf(path, pathcap, "%s", file);
	if (!e)
		e = tbx_elf_info(file, &info);
	if (!e)
		e = tbx_elf_bias_maps(&m, file, info.min_vaddr, &bias, &ri);
	if (!e)
		e = tbx_elf_symbol(file, loc->sym, &value, &stripped);
	if (!e) {
		*addr = value + bias;
		if (!tbx_elf_maps_exec(&m, file, *addr))
			e = -EAGAIN;
	}
	tbx_maps_free(&m);
	return e;
}

int tbx_elf_resolve(pid_t pid, const struct tbx_elf_loc *loc, uint64_t *addr,
		    char *path, size_t pathcap)
{
	if (loc->lib[0])
		return resolve_lib(pid, loc, addr, path, pathcap);
	return resolve_main(pid, loc, addr, path, pathcap);
}
