/*
 * mkbadelf VARIANT GOOD.elf OUT.elf: write a copy of GOOD.elf broken in one
 * way (see badelf.c). `mkbadelf --list` prints "variant<TAB>expected
 * error" lines for the loader tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "badelf.h"

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < badelf_variant_count; i++)
			printf("%s\t%s\n", badelf_variants[i].name,
			       badelf_variants[i].expected_error);
		return 0;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: mkbadelf --list | VARIANT GOOD.elf OUT.elf\n");
		return 2;
	}
	FILE *in = fopen(argv[2], "rb");
	if (!in) {
		perror(argv[2]);
		return 1;
	}
	fseek(in, 0, SEEK_END);
	long len = ftell(in);
	rewind(in);
	size_t size = len > 0 ? (size_t)len : 0;
	uint8_t *buf = malloc(size + 1);
	if (!buf || fread(buf, 1, size, in) != size) {
		perror(argv[2]);
		return 1;
	}
	fclose(in);
	if (badelf_apply(argv[1], &buf, &size) < 0) {
		fprintf(stderr, "mkbadelf: cannot apply '%s' to %s\n", argv[1],
			argv[2]);
		return 1;
	}
	FILE *out = fopen(argv[3], "wb");
	if (!out || fwrite(buf, 1, size, out) != size || fclose(out) != 0) {
		perror(argv[3]);
		return 1;
	}
	free(buf);
	return 0;
}
