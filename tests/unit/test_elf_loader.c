/*
 * The ELF loader's checks: a good image loads byte for byte; each
 * malformed variant (tests/tools/badelf.c) is refused with its message.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include <elf.h>

#include <kvmkit/abi.h>

#include "badelf.h"
#include "elf_loader.h"
#include "guest_memory.h"

#ifndef GOOD_IMAGE
#define GOOD_IMAGE "tests/guests/raw_hello.elf"
#endif

static uint8_t *read_image(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository top)", path);
	fseek(f, 0, SEEK_END);
	*size = (size_t)ftell(f);
	rewind(f);
	uint8_t *buf = malloc(*size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *size, f), *size);
	fclose(f);
	return buf;
}

/* Check, then load into 16 MiB: the first error, or "" if it loads. */
static void try_load(const uint8_t *buf, size_t size, char *err, size_t len)
{
	struct elf_image image;
	struct guest_memory mem;
	err[0] = '\0';
	struct elf_file *f = elf_open_memory(buf, size, err, len);
	assert_non_null(f);
	if (elf_check(f, &image, err, len) == 0) {
		assert_int_equal(guest_memory_alloc(&mem, KVMKIT_MEM_DEFAULT,
						    err, len), 0);
		if (elf_load_segments(f, &mem, true, err, len) == 0)
			err[0] = '\0';
		guest_memory_free(&mem);
		symbols_free(&image.symbols);
	}
	elf_close(f);
}

/* Every PT_LOAD of the file, read with <elf.h> alone (not libelf, which
 * the loader uses): file bytes, then zeros up to p_memsz. */
static void check_segments_loaded(const uint8_t *file,
				  const struct guest_memory *mem)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)file;
	int loads = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph =
			(const Elf64_Phdr *)(file + eh->e_phoff) + i;
		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		loads++;
		const uint8_t *at = mem->host + ph->p_vaddr;
		assert_memory_equal(at, file + ph->p_offset, ph->p_filesz);
		for (uint64_t k = ph->p_filesz; k < ph->p_memsz; k++)
			if (at[k])
				fail_msg("segment %u: byte 0x%llx past the file "
					 "bytes is 0x%02x, not 0", i,
					 (unsigned long long)k, at[k]);
	}
	assert_true(loads > 0);
}

static uint8_t *read_good(size_t *size)
{
	return read_image(GOOD_IMAGE, size);
}

/* An image read, opened and checked, with 16 MiB of guest memory for it:
 * what each loading test starts from. */
struct loaded {
	uint8_t *buf;
	size_t size;
	struct elf_file *f;
	struct elf_image image;
	struct guest_memory mem;
};

static void load_open(struct loaded *l, const char *path)
{
	char err[512];
	l->buf = read_image(path, &l->size);
	l->f = elf_open_memory(l->buf, l->size, err, sizeof(err));
	assert_non_null(l->f);
	assert_int_equal(elf_check(l->f, &l->image, err, sizeof(err)), 0);
	assert_int_equal(guest_memory_alloc(&l->mem, KVMKIT_MEM_DEFAULT, err,
					    sizeof(err)), 0);
}

/* Copy the segments in: mem_is_zero as elf_load_segments takes it. */
static void load_segments(struct loaded *l, bool mem_is_zero)
{
	char err[512];
	assert_int_equal(elf_load_segments(l->f, &l->mem, mem_is_zero, err,
					   sizeof(err)), 0);
}

static void load_close(struct loaded *l)
{
	guest_memory_free(&l->mem);
	symbols_free(&l->image.symbols);
	elf_close(l->f);
	free(l->buf);
}

/* raw_fill has 1 MiB of .bss (p_memsz > p_filesz): over dirty memory it
 * must still come out zero. */
static void test_bss_zeroed_over_dirty_memory(void **state)
{
	(void)state;
	struct loaded l;
	load_open(&l, "tests/guests/raw_fill.elf");
	memset(l.mem.host, 0xa5, l.mem.size);
	load_segments(&l, false);
	check_segments_loaded(l.buf, &l.mem);
	load_close(&l);
}

/* On fresh memory (mem_is_zero) raw_fill's 1 MiB .bss is left alone: not
 * one of its whole pages is resident after loading (mincore, before any
 * read maps the zero page), and it reads as zero. */
static void test_bss_not_touched_on_fresh_memory(void **state)
{
	(void)state;
	struct loaded l;
	load_open(&l, "tests/guests/raw_fill.elf");
	load_segments(&l, true);
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)l.buf;
	uint64_t bss_pages = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(l.buf + eh->e_phoff) + i;
		if (ph->p_type != PT_LOAD)
			continue;
		uint64_t from = (ph->p_vaddr + ph->p_filesz + 4095) & ~4095ull;
		uint64_t to = (ph->p_vaddr + ph->p_memsz) & ~4095ull;
		for (uint64_t p = from; p < to; p += 4096, bss_pages++) {
			unsigned char resident = 1;
			assert_int_equal(mincore(l.mem.host + p, 4096, &resident), 0);
			if (resident & 1)
				fail_msg(".bss page 0x%llx was written",
					 (unsigned long long)p);
		}
	}
	assert_true(bss_pages >= 255); /* raw_fill's 1 MiB of .bss */
	check_segments_loaded(l.buf, &l.mem);
	load_close(&l);
}

static void test_good_image_loads(void **state)
{
	(void)state;
	struct loaded l;
	load_open(&l, GOOD_IMAGE);
	assert_true(l.image.entry >= KVMKIT_IMAGE_MIN);
	assert_true(l.image.image_start >= KVMKIT_IMAGE_MIN);
	assert_true(l.image.image_end > l.image.entry);
	/* Memory that held something before: the loader must write every
	 * byte of each segment, the zeros after its file bytes included. */
	memset(l.mem.host, 0xa5, l.mem.size);
	load_segments(&l, false);
	check_segments_loaded(l.buf, &l.mem);

	/* The message string of raw_hello landed in guest memory. */
	const char *msg = "Hello, world!\n";
	assert_non_null(memmem(l.mem.host + l.image.image_start,
			       l.image.image_end - l.image.image_start, msg,
			       strlen(msg)));
	/* _start is found by address. */
	const struct symbol *s = symbols_find(&l.image.symbols, l.image.entry);
	assert_non_null(s);
	assert_string_equal(s->name, "_start");
	load_close(&l);
}

static void test_bad_variants_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < badelf_variant_count; i++) {
		const struct badelf_variant *v = &badelf_variants[i];
		size_t size;
		uint8_t *buf = read_good(&size);
		char err[512];
		assert_int_equal(badelf_apply(v->name, &buf, &size), 0);
		try_load(buf, size, err, sizeof(err));
		/* outside-memory is caught when the segments are placed; the
		 * runner itself catches it earlier, from image_end. */
		if (!err[0] || !strstr(err, v->expected_error))
			fail_msg("variant %s: expected an error with '%s', got "
				 "'%s'", v->name, v->expected_error, err);
		free(buf);
	}
}

/* Random corruption of header bytes must never crash the loader. */
static void test_random_corruption_does_not_crash(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = read_good(&size);
	srand(12345);
	for (int round = 0; round < 2000; round++) {
		uint8_t *buf = malloc(size);
		memcpy(buf, good, size);
		int flips = 1 + rand() % 8;
		for (int i = 0; i < flips; i++) {
			/* Mostly the headers, where the structure is. */
			size_t at = rand() % 4 ? (size_t)rand() % 256
					       : (size_t)rand() % size;
			buf[at] = (uint8_t)rand();
		}
		size_t cut = rand() % 8 == 0 ? (size_t)rand() % size : size;
		char err[512];
		try_load(buf, cut, err, sizeof(err));
		free(buf);
	}
	free(good);
}

/* Segments that touch (one starts where the other ends) do not overlap. */
static void test_touching_segments_accepted(void **state)
{
	(void)state;
	size_t size;
	uint8_t *buf = read_good(&size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;
	Elf64_Phdr *first = NULL, *second = NULL;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(buf + eh->e_phoff) + i;
		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		if (!first)
			first = ph;
		else if (!second)
			second = ph;
	}
	assert_non_null(second);
	second->p_vaddr = second->p_paddr = first->p_vaddr + first->p_memsz;
	char err[512];
	try_load(buf, size, err, sizeof(err));
	assert_string_equal(err, "");
	/* One byte closer and they do. */
	second->p_vaddr = second->p_paddr = first->p_vaddr + first->p_memsz - 1;
	try_load(buf, size, err, sizeof(err));
	assert_non_null(strstr(err, "overlap"));
	free(buf);
}

static void test_symbol_lookup_edges(void **state)
{
	(void)state;
	struct symbol_table t = { 0 };
	assert_int_equal(symbols_add(&t, 0x2000, 0x10, "second"), 0);
	assert_int_equal(symbols_add(&t, 0x1000, 0x20, "first"), 0);
	assert_int_equal(symbols_add(&t, 0x3000, 0, "unsized"), 0);
	symbols_sort(&t);
	char buf[64];
	assert_null(symbols_find(&t, 0xfff));
	assert_string_equal(symbols_find(&t, 0x1000)->name, "first");
	assert_string_equal(symbols_find(&t, 0x101f)->name, "first");
	assert_null(symbols_find(&t, 0x1020)); /* one past its end */
	assert_string_equal(symbols_find(&t, 0x2000)->name, "second");
	assert_null(symbols_find(&t, 0x2010));
	/* No size: everything from its start on is taken to be in it. */
	assert_string_equal(symbols_find(&t, 0x3000 + 0x12345)->name, "unsized");
	symbols_describe(&t, 0x2000, buf, sizeof(buf));
	assert_string_equal(buf, "second");
	symbols_describe(&t, 0x200f, buf, sizeof(buf));
	assert_string_equal(buf, "second+0xf");
	symbols_describe(&t, 0x1020, buf, sizeof(buf));
	assert_string_equal(buf, "");
	symbols_free(&t);
	assert_int_equal(t.count, 0);

	/* Many symbols, added in descending order: the table grows and
	 * keeps every one (run under ASan by check-sanitize too). */
	for (unsigned i = 1000; i > 0; i--) {
		char name[16];
		snprintf(name, sizeof(name), "f%u", i);
		assert_int_equal(symbols_add(&t, 0x100000 + i * 0x10, 0x10,
					     name), 0);
	}
	assert_int_equal(t.count, 1000);
	assert_true(t.capacity >= t.count);
	symbols_sort(&t);
	for (unsigned i = 1; i <= 1000; i += 111) {
		char want[16];
		snprintf(want, sizeof(want), "f%u", i);
		assert_string_equal(symbols_find(&t, 0x100000 + i * 0x10 + 5)->name,
				    want);
	}
	symbols_free(&t);
}

static void test_parse_size(void **state)
{
	(void)state;
	uint64_t v;
	assert_int_equal(parse_size("16M", &v), 0);
	assert_int_equal(v, 16ull << 20);
	assert_int_equal(parse_size("2g", &v), 0);
	assert_int_equal(v, 2ull << 30);
	assert_int_equal(parse_size("512K", &v), 0);
	assert_int_equal(v, 512ull << 10);
	assert_int_equal(parse_size("4096", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_size("1GiB", &v), 0);
	assert_int_equal(v, 1ull << 30);
	assert_int_equal(parse_size("", &v), -1);
	assert_int_equal(parse_size("M", &v), -1);
	assert_int_equal(parse_size("-1M", &v), -1);
	assert_int_equal(parse_size("16X", &v), -1);
	assert_int_equal(parse_size("16MX", &v), -1);
	assert_int_equal(parse_size("99999999999999999999", &v), -1);
	assert_int_equal(parse_size("99999999999G", &v), -1);
}

static void test_guest_ptr_bounds(void **state)
{
	(void)state;
	struct guest_memory mem;
	char err[256];
	assert_int_equal(guest_memory_alloc(&mem, 2 << 20, err, sizeof(err)), 0);
	assert_non_null(guest_ptr(&mem, 0, mem.size));
	assert_non_null(guest_ptr(&mem, mem.size, 0));
	assert_non_null(guest_ptr(&mem, mem.size - 1, 1));
	assert_null(guest_ptr(&mem, mem.size - 1, 2));
	assert_null(guest_ptr(&mem, mem.size, 1));
	assert_null(guest_ptr(&mem, UINT64_MAX, 2));
	assert_null(guest_ptr(&mem, 1, UINT64_MAX));
	assert_null(guest_ptr(&mem, UINT64_MAX, UINT64_MAX));
	guest_memory_free(&mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_image_loads),
		cmocka_unit_test(test_bad_variants_refused),
		cmocka_unit_test(test_random_corruption_does_not_crash),
		cmocka_unit_test(test_bss_zeroed_over_dirty_memory),
		cmocka_unit_test(test_bss_not_touched_on_fresh_memory),
		cmocka_unit_test(test_touching_segments_accepted),
		cmocka_unit_test(test_symbol_lookup_edges),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_guest_ptr_bounds),
	};
	return cmocka_run_group_tests_name("elf_loader", tests, NULL, NULL);
}
