/*
 * Raw images: a file that is not ELF is a flat binary, copied byte for
 * byte to guest physical --load (default 0) and entered at --entry
 * (default: the load address), as the classic KVM hello world does. The
 * runner's own structures (GDT, IDT or IVT, TSS, exception stubs, page
 * tables) then go into one block where the image is not.
 */
#ifndef RUNNER_RAW_IMAGE_H
#define RUNNER_RAW_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "cpu_mode.h"

/* Choose the runner's block for an image of size bytes at load, in
 * mem_size bytes of guest memory: at 0x1000 when the image is not there,
 * else just above the image. Also checks that the image and its entry lie
 * in memory (and, in real mode, below 1 MiB). Returns 0 and fills layout,
 * or -1 with a message saying what overlaps what. */
int raw_image_place(uint64_t load, uint64_t size, uint64_t entry,
		    uint64_t mem_size, const struct cpu_mode_ops *mode,
		    struct machine_layout *layout, char *err, size_t errlen);

#endif
