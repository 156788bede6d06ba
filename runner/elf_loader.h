/*
 * Loading a guest image: an x86-64 (ELF64) or i386 (ELF32) ELF executable,
 * read with libelf and checked against guest memory before a single byte
 * is copied. A file without the ELF magic is a raw image (raw_image.c).
 */
#ifndef RUNNER_ELF_LOADER_H
#define RUNNER_ELF_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_memory.h"
#include "symbols.h"

struct elf_image {
	uint64_t entry;
	uint64_t image_start; /* lowest loaded address              */
	uint64_t image_end;   /* one past the highest loaded byte   */
	unsigned elf_class;   /* 32 or 64; 0 for a raw image        */
	struct symbol_table symbols;
	uint32_t features;    /* KVMKIT_FEATURE_* the image asks for */
};

/* Read and check the file, without guest memory: fills what the header
 * says (entry, extent of the loadable segments). Then elf_load_segments()
 * copies them in. Both return 0, or -1 with a one-line reason in err. */
struct elf_file;
struct elf_file *elf_open_image(const char *path, char *err, size_t errlen);
struct elf_file *elf_open_memory(const void *bytes, size_t size, char *err,
				 size_t errlen);
int elf_check(struct elf_file *f, struct elf_image *image, char *err,
	      size_t errlen);
/* mem_is_zero: nothing has written the segments' ranges since
 * guest_memory_alloc() mapped them (fresh anonymous memory is zero), so
 * the bytes past each segment's file contents (.bss) are left alone:
 * clearing them would make a large .bss resident before the guest uses
 * it (a host page fault and 4 KiB of RSS per page). Otherwise they are
 * cleared. */
int elf_load_segments(struct elf_file *f, struct guest_memory *mem,
		      bool mem_is_zero, char *err, size_t errlen);
void elf_close(struct elf_file *f);

/* Whether the file is (meant to be) ELF: it starts with the ELF magic, or
 * is empty or shorter than the magic and starts like it. */
bool elf_has_magic(const struct elf_file *f);
/* The file's bytes (a raw image is loaded from them). */
const uint8_t *elf_file_bytes(const struct elf_file *f, size_t *size);

#endif
