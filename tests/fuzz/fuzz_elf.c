/*
 * libFuzzer harness for the ELF loader: any bytes as an image file, through
 * the same steps run_create() takes (check, then load into guest memory).
 * Built with ASan and UBSan by `make fuzz` (tests/fuzz/fuzz.mk).
 */
#include <stddef.h>
#include <stdint.h>

#include <kvmkit/abi.h>

#include "elf_loader.h"
#include "guest_memory.h"
#include "symbols.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	struct elf_image image;
	struct elf_file *f = elf_open_memory(data, size, err, sizeof(err));
	if (!f)
		return 0;
	if (elf_check(f, &image, err, sizeof(err)) == 0) {
		/* As run_create(), with just enough memory for the image
		 * (up to 64 MiB here), so that every segment is copied. */
		struct guest_memory mem = { 0 };
		uint64_t need = (image.image_end + 4095) & ~4095ull;
		if (need < KVMKIT_MEM_MIN)
			need = KVMKIT_MEM_MIN;
		if (need <= (64u << 20) &&
		    guest_memory_alloc(&mem, need, err, sizeof(err)) == 0) {
			elf_load_segments(f, &mem, true, err, sizeof(err));
			guest_memory_free(&mem);
		}
		symbols_free(&image.symbols);
	}
	elf_close(f);
	return 0;
}
