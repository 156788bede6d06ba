#include "badelf.h"

#include <elf.h>
#include <stdlib.h>
#include <string.h>

const struct badelf_variant badelf_variants[] = {
	{ "not-elf", "not an ELF file" },
	{ "empty", "empty file, not an ELF image" },
	{ "truncated-ident", "truncated ELF file (10 bytes" },
	{ "bad-phentsize", "e_phentsize is 40, not 56" },
	{ "pn-xnum", "e_phnum is PN_XNUM" },
	{ "beyond-max-memory", "the largest a guest can have" },
	{ "class32", "ELF class is ELFCLASS32" },
	{ "big-endian", "not little-endian" },
	{ "machine-aarch64", "ELF machine is 183, not x86-64" },
	{ "type-dyn", "ELF type is ET_DYN" },
	{ "type-rel", "ELF type is ET_REL" },
	{ "truncated-header", "truncated ELF header" },
	{ "truncated", "truncated image?" },
	{ "phoff-beyond", "lie beyond the end of the file" },
	{ "no-load", "no loadable (PT_LOAD) segment" },
	{ "filesz-gt-memsz", "larger than its memory size" },
	{ "offset-beyond", "lie beyond the end of the file" },
	{ "runner-area", "overlaps the runner's area" },
	{ "outside-memory", "with -m" },
	{ "addr-overflow", "address range overflows" },
	{ "overlap", "overlap" },
	{ "entry-outside", "is not inside an executable loadable segment" },
	{ "entry-at-end", "is not inside an executable loadable segment" },
};
const size_t badelf_variant_count =
	sizeof(badelf_variants) / sizeof(badelf_variants[0]);

static Elf64_Phdr *phdr(uint8_t *buf, unsigned i)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	return (Elf64_Phdr *)(buf + eh->e_phoff) + i;
}

/* The first PT_LOAD, or -1. */
static int first_load(uint8_t *buf)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	for (unsigned i = 0; i < eh->e_phnum; i++)
		if (phdr(buf, i)->p_type == PT_LOAD)
			return (int)i;
	return -1;
}

int badelf_apply(const char *name, uint8_t **bufp, size_t *size)
{
	uint8_t *buf = *bufp;
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	if (*size < sizeof(*eh) || memcmp(buf, ELFMAG, SELFMAG) ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > *size)
		return -1;
	int load = first_load(buf);
	if (load < 0)
		return -1;
	Elf64_Phdr *ph = phdr(buf, (unsigned)load);

	if (!strcmp(name, "not-elf")) {
		memcpy(buf, "#!/bin/sh\n", 10);
	} else if (!strcmp(name, "empty")) {
		*size = 0;
	} else if (!strcmp(name, "truncated-ident")) {
		*size = 10;
	} else if (!strcmp(name, "bad-phentsize")) {
		eh->e_phentsize = 40;
	} else if (!strcmp(name, "pn-xnum")) {
		eh->e_phnum = PN_XNUM;
	} else if (!strcmp(name, "beyond-max-memory")) {
		/* 128 GiB up: no -m can give the guest that much memory. */
		for (unsigned i = 0; i < eh->e_phnum; i++)
			if (phdr(buf, i)->p_type == PT_LOAD) {
				phdr(buf, i)->p_vaddr += 128ull << 30;
				phdr(buf, i)->p_paddr += 128ull << 30;
			}
		eh->e_entry += 128ull << 30;
	} else if (!strcmp(name, "class32")) {
		buf[EI_CLASS] = ELFCLASS32;
	} else if (!strcmp(name, "big-endian")) {
		buf[EI_DATA] = ELFDATA2MSB;
	} else if (!strcmp(name, "machine-aarch64")) {
		eh->e_machine = EM_AARCH64;
	} else if (!strcmp(name, "type-dyn")) {
		eh->e_type = ET_DYN;
	} else if (!strcmp(name, "type-rel")) {
		eh->e_type = ET_REL;
	} else if (!strcmp(name, "truncated-header")) {
		*size = 40;
	} else if (!strcmp(name, "truncated")) {
		/* Keep the headers, lose the end of the last segment's bytes. */
		uint64_t end = 0;
		for (unsigned i = 0; i < eh->e_phnum; i++)
			if (phdr(buf, i)->p_type == PT_LOAD &&
			    phdr(buf, i)->p_filesz &&
			    phdr(buf, i)->p_offset + phdr(buf, i)->p_filesz > end)
				end = phdr(buf, i)->p_offset + phdr(buf, i)->p_filesz;
		*size = end - 1;
	} else if (!strcmp(name, "phoff-beyond")) {
		eh->e_phoff = *size + 4096;
	} else if (!strcmp(name, "no-load")) {
		for (unsigned i = 0; i < eh->e_phnum; i++)
			if (phdr(buf, i)->p_type == PT_LOAD)
				phdr(buf, i)->p_type = PT_NULL;
	} else if (!strcmp(name, "filesz-gt-memsz")) {
		ph->p_filesz = ph->p_memsz + 1;
	} else if (!strcmp(name, "offset-beyond")) {
		ph->p_offset = *size + 1;
	} else if (!strcmp(name, "runner-area")) {
		ph->p_vaddr = ph->p_paddr = 0x1000;
	} else if (!strcmp(name, "outside-memory")) {
		/* 1 GiB up: beyond the default 16 MiB of guest memory. */
		for (unsigned i = 0; i < eh->e_phnum; i++)
			if (phdr(buf, i)->p_type == PT_LOAD) {
				phdr(buf, i)->p_vaddr += 0x40000000;
				phdr(buf, i)->p_paddr += 0x40000000;
			}
		eh->e_entry += 0x40000000;
	} else if (!strcmp(name, "addr-overflow")) {
		ph->p_vaddr = ph->p_paddr = 0xfffffffffffff000ull;
		ph->p_memsz = 0x2000;
	} else if (!strcmp(name, "overlap")) {
		/* Make every later PT_LOAD start where the first one does. */
		int changed = 0;
		for (unsigned i = (unsigned)load + 1; i < eh->e_phnum; i++)
			if (phdr(buf, i)->p_type == PT_LOAD) {
				phdr(buf, i)->p_vaddr = ph->p_vaddr;
				phdr(buf, i)->p_paddr = ph->p_paddr;
				changed = 1;
			}
		if (!changed)
			return -1;
	} else if (!strcmp(name, "entry-outside")) {
		eh->e_entry = 0x5000;
	} else if (!strcmp(name, "entry-at-end")) {
		/* The first byte after the executable segment: outside it,
		 * even when the next segment starts right there. */
		for (unsigned i = 0; i < eh->e_phnum; i++)
			if (phdr(buf, i)->p_type == PT_LOAD &&
			    (phdr(buf, i)->p_flags & PF_X))
				eh->e_entry = phdr(buf, i)->p_vaddr +
					      phdr(buf, i)->p_memsz;
	} else {
		return -1;
	}
	*bufp = buf;
	return 0;
}
