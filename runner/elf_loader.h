/*
 * Loading a guest image: an x86-64 ELF executable, read with libelf and
 * checked against guest memory before a single byte is copied.
 */
#ifndef RUNNER_ELF_LOADER_H
#define RUNNER_ELF_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "guest_memory.h"
#include "symbols.h"

struct elf_image {
	uint64_t entry;
	uint64_t image_start; /* lowest loaded address              */
	uint64_t image_end;   /* one past the highest loaded byte   */
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
int elf_load_segments(struct elf_file *f, struct guest_memory *mem,
		      char *err, size_t errlen);
void elf_close(struct elf_file *f);

#endif
