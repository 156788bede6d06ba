#include "elf_loader.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <kvmkit/abi.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* An image larger than the largest guest memory cannot be loaded anyway. */
#define MAX_IMAGE_FILE KVMKIT_MEM_MAX
#define MAX_SEGMENTS 64

struct elf_file {
	char *bytes; /* the whole file: mapped (image files) or owned */
	size_t size;
	bool mapped; /* bytes is an mmap of the file, not a heap copy */
	Elf *elf;
	GElf_Phdr loads[MAX_SEGMENTS];
	size_t load_count;
	size_t load_index[MAX_SEGMENTS]; /* program header number, for messages */
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

struct elf_file *elf_open_memory(const void *bytes, size_t size, char *err,
				 size_t errlen)
{
	if (elf_version(EV_CURRENT) == EV_NONE) {
		fail(err, errlen, "libelf: %s", elf_errmsg(-1));
		return NULL;
	}
	struct elf_file *f = calloc(1, sizeof(*f));
	if (!f || !(f->bytes = malloc(size ? size : 1))) {
		free(f);
		fail(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(f->bytes, bytes, size);
	f->size = size;
	return f;
}

struct elf_file *elf_open_image(const char *path, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fail(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fail(err, errlen, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((uint64_t)st.st_size > MAX_IMAGE_FILE) {
		fail(err, errlen, "%s: file too large (%lld bytes)", path,
		     (long long)st.st_size);
		close(fd);
		return NULL;
	}
	/* Mapped, not read: the file is held once, in the page cache, and
	 * only the pages the loader touches are read. Private and writable
	 * so that libelf may write (it never needs to for x86-64 images)
	 * without touching the file. */
	size_t size = (size_t)st.st_size;
	if (size == 0) { /* mmap refuses length 0; elf_check says why */
		close(fd);
		return elf_open_memory("", 0, err, errlen);
	}
	void *bytes = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			   fd, 0);
	int map_errno = errno;
	close(fd);
	if (bytes == MAP_FAILED) {
		fail(err, errlen, "cannot read %s: %s", path,
		     strerror(map_errno));
		return NULL;
	}
	struct elf_file *f = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		fail(err, errlen, "libelf: %s", elf_errmsg(-1));
	else if (!(f = calloc(1, sizeof(*f))))
		fail(err, errlen, "out of memory");
	if (!f) {
		munmap(bytes, size);
		return NULL;
	}
	f->bytes = bytes;
	f->size = size;
	f->mapped = true;
	return f;
}

static const char *class_name(unsigned char c)
{
	return c == ELFCLASS32 ? "ELFCLASS32 (32-bit)"
	     : c == ELFCLASS64 ? "ELFCLASS64" : "invalid";
}

static const char *type_name(unsigned type)
{
	switch (type) {
	case ET_NONE: return "ET_NONE";
	case ET_REL: return "ET_REL (an object file, not linked)";
	case ET_DYN: return "ET_DYN (shared object or PIE)";
	case ET_CORE: return "ET_CORE (core dump)";
	default: return "unknown";
	}
}

static void load_symbols(struct elf_file *f, struct elf_image *image)
{
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(f->elf, scn))) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_SYMTAB ||
		    !shdr.sh_entsize)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		size_t count = data->d_size / shdr.sh_entsize;
		for (size_t i = 0; i < count; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(data, (int)i, &sym) ||
			    GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    sym.st_value == 0)
				continue;
			const char *name =
				elf_strptr(f->elf, shdr.sh_link, sym.st_name);
			if (name && *name)
				symbols_add(&image->symbols, sym.st_value,
					    sym.st_size, name);
		}
	}
	symbols_sort(&image->symbols);
}

/* KVMKIT_FEATURES_SECTION: what machine the image asks for. A section
 * whose bytes are not in the file is ignored, like a missing one. */
static void load_features(struct elf_file *f, struct elf_image *image)
{
	size_t shstrndx;
	if (elf_getshdrstrndx(f->elf, &shstrndx) != 0)
		return;
	Elf_Scn *scn = NULL;
	while ((scn = elf_nextscn(f->elf, scn))) {
		GElf_Shdr shdr;
		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_PROGBITS)
			continue;
		const char *name = elf_strptr(f->elf, shstrndx, shdr.sh_name);
		if (!name || strcmp(name, KVMKIT_FEATURES_SECTION) != 0)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		if (!data || !data->d_buf)
			continue;
		const unsigned char *p = data->d_buf;
		for (size_t i = 0; i + 4 <= data->d_size; i += 4)
			image->features |= (uint32_t)p[i] |
					   (uint32_t)p[i + 1] << 8 |
					   (uint32_t)p[i + 2] << 16 |
					   (uint32_t)p[i + 3] << 24;
	}
}

int elf_check(struct elf_file *f, struct elf_image *image, char *err,
	      size_t errlen)
{
	memset(image, 0, sizeof(*image));
	if (f->size == 0)
		return fail(err, errlen, "empty file, not an ELF image");
	size_t magic = f->size < SELFMAG ? f->size : SELFMAG;
	if (memcmp(f->bytes, ELFMAG, magic) != 0)
		return fail(err, errlen,
			    "not an ELF file (no \\177ELF magic); the runner "
			    "loads ELF executables: link the guest with "
			    "-T linker/guest.ld (see docs/sdk.md)");
	if (f->size < EI_NIDENT)
		return fail(err, errlen,
			    "truncated ELF file (%zu bytes, the ELF header "
			    "needs %zu)", f->size, sizeof(Elf64_Ehdr));
	unsigned char cls = (unsigned char)f->bytes[EI_CLASS];
	if (cls != ELFCLASS64 && cls != ELFCLASS32)
		return fail(err, errlen,
			    "ELF class is %s; the runner loads ELFCLASS64 and "
			    "ELFCLASS32 images", class_name(cls));
	bool is64 = cls == ELFCLASS64;
	size_t ehdr_size = is64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	size_t phdr_size = is64 ? sizeof(Elf64_Phdr) : sizeof(Elf32_Phdr);
	if (f->bytes[EI_DATA] != ELFDATA2LSB)
		return fail(err, errlen,
			    "ELF data encoding is not little-endian "
			    "(ELFDATA2LSB), as x86-64 requires");
	if (f->size < ehdr_size)
		return fail(err, errlen,
			    "truncated ELF header (%zu bytes, need %zu)",
			    f->size, ehdr_size);

	f->elf = elf_memory(f->bytes, f->size);
	GElf_Ehdr ehdr;
	if (!f->elf || elf_kind(f->elf) != ELF_K_ELF ||
	    !gelf_getehdr(f->elf, &ehdr))
		return fail(err, errlen, "invalid ELF header: %s",
			    elf_errmsg(-1));
	if (is64 && ehdr.e_machine != EM_X86_64)
		return fail(err, errlen,
			    "ELF machine is %u, not x86-64 (EM_X86_64 = %u)",
			    ehdr.e_machine, EM_X86_64);
	if (!is64 && ehdr.e_machine != EM_386)
		return fail(err, errlen,
			    "ELF class is ELFCLASS32 (32-bit) but the machine is "
			    "%u, not i386 (EM_386 = %u)%s", ehdr.e_machine,
			    EM_386, ehdr.e_machine == EM_X86_64 ?
			    ": x86-64 code must be ELFCLASS64" : "");
	if (ehdr.e_type != ET_EXEC)
		return fail(err, errlen,
			    "ELF type is %s; the runner loads static "
			    "executables (ET_EXEC): link with -static -no-pie",
			    type_name(ehdr.e_type));

	/* Check where the program headers are before libelf reads them, so
	 * that a truncated file is named as such. */
	size_t phnum = ehdr.e_phnum;
	if (phnum == PN_XNUM)
		return fail(err, errlen,
			    "e_phnum is PN_XNUM (0xffff): the program header "
			    "count is in section 0 (extended numbering), used "
			    "only for 65535 or more headers; the runner loads "
			    "at most %d segments", MAX_SEGMENTS);
	if (phnum && ehdr.e_phentsize != phdr_size)
		return fail(err, errlen,
			    "program header size e_phentsize is %u, not %zu "
			    "(%s): corrupt ELF header", ehdr.e_phentsize,
			    phdr_size, is64 ? "Elf64_Phdr" : "Elf32_Phdr");
	if (ehdr.e_phoff > f->size ||
	    phnum > (f->size - ehdr.e_phoff) / phdr_size)
		return fail(err, errlen,
			    "program headers (%zu at offset 0x%llx) lie beyond "
			    "the end of the file (%zu bytes): truncated image?",
			    phnum, (unsigned long long)ehdr.e_phoff, f->size);
	if (elf_getphdrnum(f->elf, &phnum) != 0)
		return fail(err, errlen, "cannot read program headers: %s",
			    elf_errmsg(-1));
	if (phnum == 0)
		return fail(err, errlen, "no program headers");

	f->load_count = 0;
	uint64_t lowest = UINT64_MAX, highest = 0;
	bool entry_ok = false;
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(f->elf, (int)i, &ph))
			return fail(err, errlen,
				    "cannot read program header %zu: %s", i,
				    elf_errmsg(-1));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (f->load_count == MAX_SEGMENTS)
			return fail(err, errlen,
				    "more than %d loadable segments",
				    MAX_SEGMENTS);
		if (ph.p_filesz > ph.p_memsz)
			return fail(err, errlen,
				    "segment %zu: file size 0x%llx is larger "
				    "than its memory size 0x%llx", i,
				    (unsigned long long)ph.p_filesz,
				    (unsigned long long)ph.p_memsz);
		if (ph.p_offset > f->size ||
		    ph.p_filesz > f->size - ph.p_offset)
			return fail(err, errlen,
				    "segment %zu: file bytes [0x%llx, +0x%llx) "
				    "lie beyond the end of the file (%zu "
				    "bytes): truncated image?", i,
				    (unsigned long long)ph.p_offset,
				    (unsigned long long)ph.p_filesz, f->size);
		if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr)
			return fail(err, errlen,
				    "segment %zu: address range overflows", i);
		if (ph.p_vaddr < KVMKIT_IMAGE_MIN)
			return fail(err, errlen,
				    "segment %zu at 0x%llx overlaps the "
				    "runner's area [0, 0x%llx): link the guest "
				    "at 0x%llx or above (see linker/guest.ld)",
				    i, (unsigned long long)ph.p_vaddr,
				    KVMKIT_IMAGE_MIN, KVMKIT_IMAGE_MIN);
		for (size_t j = 0; j < f->load_count; j++) {
			const GElf_Phdr *o = &f->loads[j];
			if (ph.p_vaddr < o->p_vaddr + o->p_memsz &&
			    o->p_vaddr < ph.p_vaddr + ph.p_memsz)
				return fail(err, errlen,
					    "segments %zu and %zu overlap "
					    "([0x%llx, 0x%llx) and [0x%llx, "
					    "0x%llx))", f->load_index[j], i,
					    (unsigned long long)o->p_vaddr,
					    (unsigned long long)(o->p_vaddr + o->p_memsz),
					    (unsigned long long)ph.p_vaddr,
					    (unsigned long long)(ph.p_vaddr + ph.p_memsz));
		}
		if ((ph.p_flags & PF_X) && ehdr.e_entry >= ph.p_vaddr &&
		    ehdr.e_entry - ph.p_vaddr < ph.p_memsz)
			entry_ok = true;
		if (ph.p_vaddr < lowest)
			lowest = ph.p_vaddr;
		if (ph.p_vaddr + ph.p_memsz > highest)
			highest = ph.p_vaddr + ph.p_memsz;
		f->load_index[f->load_count] = i;
		f->loads[f->load_count++] = ph;
	}
	if (f->load_count == 0)
		return fail(err, errlen, "no loadable (PT_LOAD) segment");
	if (!entry_ok)
		return fail(err, errlen,
			    "entry point 0x%llx is not inside an executable "
			    "loadable segment",
			    (unsigned long long)ehdr.e_entry);

	image->elf_class = is64 ? 64 : 32;
	image->entry = ehdr.e_entry;
	image->image_start = lowest;
	image->image_end = highest;
	load_symbols(f, image);
	load_features(f, image);
	return 0;
}

int elf_load_segments(struct elf_file *f, struct guest_memory *mem,
		      bool mem_is_zero, char *err, size_t errlen)
{
	for (size_t i = 0; i < f->load_count; i++) {
		const GElf_Phdr *ph = &f->loads[i];
		uint8_t *dst = guest_ptr(mem, ph->p_vaddr, ph->p_memsz);
		if (!dst && ph->p_vaddr + ph->p_memsz > KVMKIT_MEM_MAX)
			return fail(err, errlen,
				    "segment %zu [0x%llx, 0x%llx) needs more "
				    "guest memory than the largest a guest can "
				    "have (%llu bytes, -m 64G): link it at lower "
				    "addresses", f->load_index[i],
				    (unsigned long long)ph->p_vaddr,
				    (unsigned long long)(ph->p_vaddr + ph->p_memsz),
				    KVMKIT_MEM_MAX);
		if (!dst)
			return fail(err, errlen,
				    "segment %zu [0x%llx, 0x%llx) lies outside "
				    "guest memory (%llu bytes): give the guest "
				    "more memory with -m", f->load_index[i],
				    (unsigned long long)ph->p_vaddr,
				    (unsigned long long)(ph->p_vaddr + ph->p_memsz),
				    (unsigned long long)mem->size);
	}
	for (size_t i = 0; i < f->load_count; i++) {
		const GElf_Phdr *ph = &f->loads[i];
		uint8_t *dst = guest_ptr(mem, ph->p_vaddr, ph->p_memsz);
		memcpy(dst, f->bytes + ph->p_offset, ph->p_filesz);
		if (!mem_is_zero)
			memset(dst + ph->p_filesz, 0, ph->p_memsz - ph->p_filesz);
	}
	return 0;
}

void elf_close(struct elf_file *f)
{
	if (!f)
		return;
	if (f->elf)
		elf_end(f->elf);
	if (f->mapped)
		munmap(f->bytes, f->size);
	else
		free(f->bytes);
	free(f);
}

bool elf_has_magic(const struct elf_file *f)
{
	/* An empty file, or one cut inside the magic, is a broken ELF file
	 * (elf_check says so), not a raw image. */
	size_t n = f->size < SELFMAG ? f->size : SELFMAG;
	return f->size == 0 || memcmp(f->bytes, ELFMAG, n) == 0;
}

const uint8_t *elf_file_bytes(const struct elf_file *f, size_t *size)
{
	*size = f->size;
	return (const uint8_t *)f->bytes;
}
