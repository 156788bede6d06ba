/*
 * hostile_files: what a guest tries on the host's files under --share.
 *
 *   hostile_files.elf open PATH     open PATH read-write (else read-only),
 *                                   read 16 bytes, stat it
 *   hostile_files.elf grow PATH N   create PATH, seek to offset N, write 8
 *                                   bytes twice (a sparse file as large as
 *                                   N, without --share-limit)
 *
 * One line per call with its raw result, for tests/integration/hostile.bats.
 */
#include <kvmkit/hostfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int do_open(const char *path)
{
	long fd = kvmkit_open(path, KVMKIT_O_RDWR);
	printf("open rw = %ld\n", fd);
	if (fd < 0) {
		fd = kvmkit_open(path, KVMKIT_O_RDONLY);
		printf("open ro = %ld\n", fd);
	}
	if (fd >= 0) {
		char buf[16];
		printf("read = %ld\n", kvmkit_read((int)fd, buf, sizeof(buf)));
		kvmkit_close((int)fd);
	}
	struct kvmkit_stat st;
	printf("stat = %ld\n", kvmkit_stat(path, &st));
	return 0;
}

static int do_grow(const char *path, const char *offset)
{
	long fd = kvmkit_open(path, KVMKIT_O_WRONLY | KVMKIT_O_CREAT |
					    KVMKIT_O_TRUNC);
	printf("open = %ld\n", fd);
	if (fd < 0)
		return 1;
	printf("seek = %ld\n",
	       kvmkit_seek((int)fd, strtoll(offset, NULL, 0), KVMKIT_SEEK_SET));
	printf("write = %ld\n", kvmkit_write((int)fd, "12345678", 8));
	printf("write = %ld\n", kvmkit_write((int)fd, "12345678", 8));
	printf("close = %ld\n", kvmkit_close((int)fd));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "open"))
		return do_open(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "grow"))
		return do_grow(argv[2], argv[3]);
	printf("usage: hostile_files.elf open PATH | grow PATH OFFSET\n");
	return 2;
}
