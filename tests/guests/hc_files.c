/*
 * hc_files: host files under --share DIR through <kvmkit/hostfs.h>.
 *
 *   hc_files.elf share     create, write, read back, seek, stat, and every
 *                          way out of DIR refused (DIR prepared by
 *                          tests/integration/hypercalls.bats)
 *   hc_files.elf noshare   run without --share: every call is refused
 *   hc_files.elf big       write 2 x 1024 bytes to big.bin (the test runs
 *                          it under a file size limit: ENOSPC, no crash)
 *
 * One line per call with its raw result; the bats test has the expected
 * output.
 */
#include <kvmkit/hostfs.h>
#include <stdio.h>
#include <string.h>

#define S_IFMT  0170000
#define S_IFDIR 0040000
#define S_IFREG 0100000

static void show(const char *what, long result)
{
	printf("%s = %ld\n", what, result);
}

static void show_open(const char *path, int flags, const char *flag_names)
{
	char what[256];
	snprintf(what, sizeof(what), "open(\"%s\", %s)", path, flag_names);
	long fd = kvmkit_open(path, flags);
	show(what, fd);
	if (fd >= 0)
		kvmkit_close((int)fd);
}

static void show_stat(const char *path)
{
	struct kvmkit_stat st;
	long r = kvmkit_stat(path, &st);
	printf("stat(\"%s\") = %ld", path, r);
	if (r == 0) {
		const char *type = (st.mode & S_IFMT) == S_IFREG ? "regular"
				 : (st.mode & S_IFMT) == S_IFDIR ? "directory"
				 : "other";
		printf(": %s", type);
		if ((st.mode & S_IFMT) == S_IFREG)
			printf(", size %llu", (unsigned long long)st.size);
	}
	printf("\n");
}

/* Read the whole of fd and print it on one line, newlines as \n. */
static void show_contents(long fd)
{
	char buf[128];
	long n = kvmkit_read((int)fd, buf, sizeof(buf));
	printf("read = %ld: \"", n);
	for (long i = 0; i < n; i++) {
		if (buf[i] == '\n')
			printf("\\n");
		else
			printf("%c", buf[i]);
	}
	printf("\"\n");
}

static void write_read_seek(void)
{
	static const char text[] = "Hello, share!\n";
	long fd = kvmkit_open("hello.txt", KVMKIT_O_WRONLY | KVMKIT_O_CREAT |
						   KVMKIT_O_TRUNC);
	show("open(\"hello.txt\", WRONLY|CREAT|TRUNC)", fd);
	show("write(\"Hello, share!\\n\")", kvmkit_write((int)fd, text,
							 sizeof(text) - 1));
	show("close", kvmkit_close((int)fd));

	fd = kvmkit_open("hello.txt", KVMKIT_O_RDONLY);
	show("open(\"hello.txt\", RDONLY)", fd);
	show_contents(fd);
	show("seek(7, SET)", kvmkit_seek((int)fd, 7, KVMKIT_SEEK_SET));
	char word[8] = { 0 };
	show("read(5)", kvmkit_read((int)fd, word, 5));
	printf("word: %s\n", word);
	show("seek(0, CUR)", kvmkit_seek((int)fd, 0, KVMKIT_SEEK_CUR));
	show("seek(-1, END)", kvmkit_seek((int)fd, -1, KVMKIT_SEEK_END));
	show_contents(fd);
	show("seek(100, SET)", kvmkit_seek((int)fd, 100, KVMKIT_SEEK_SET));
	show_contents(fd);
	show("close", kvmkit_close((int)fd));

	fd = kvmkit_open("hello.txt", KVMKIT_O_WRONLY | KVMKIT_O_APPEND);
	show("open(\"hello.txt\", WRONLY|APPEND)", fd);
	show("write(\"more\\n\")", kvmkit_write((int)fd, "more\n", 5));
	show("close", kvmkit_close((int)fd));

	fd = kvmkit_open("hello.txt", KVMKIT_O_RDWR);
	show("open(\"hello.txt\", RDWR)", fd);
	show("seek(0, END)", kvmkit_seek((int)fd, 0, KVMKIT_SEEK_END));
	show("seek(0, SET)", kvmkit_seek((int)fd, 0, KVMKIT_SEEK_SET));
	show("write(\"J\")", kvmkit_write((int)fd, "J", 1));
	show("seek(0, SET)", kvmkit_seek((int)fd, 0, KVMKIT_SEEK_SET));
	show_contents(fd);
	show("close", kvmkit_close((int)fd));

	struct kvmkit_stat st;
	show("stat(\"hello.txt\")", kvmkit_stat("hello.txt", &st));
	/* The bats test compares permissions and mtime with the host's. */
	printf("hello.txt: size %llu, type %o, perm %o, mtime %lld\n",
	       (unsigned long long)st.size, st.mode & S_IFMT, st.mode & 07777,
	       (long long)st.mtime_sec);
	/* old.txt: the test set its mtime and atime to two different old
	 * dates (its ctime is now), so only the right field matches. */
	show("stat(\"old.txt\")", kvmkit_stat("old.txt", &st));
	printf("old.txt: size %llu, mtime %lld\n", (unsigned long long)st.size,
	       (long long)st.mtime_sec);
	show_stat(".");
	show_stat("a");
	show_stat("in_link");
	show_stat("a/inner.txt");

	fd = kvmkit_open("a/inner.txt", KVMKIT_O_RDONLY);
	show("open(\"a/inner.txt\", RDONLY)", fd);
	show_contents(fd);
	show("close", kvmkit_close((int)fd));
	fd = kvmkit_open("a/../hello.txt", KVMKIT_O_RDONLY);
	show("open(\"a/../hello.txt\", RDONLY)", fd);
	show_contents(fd);
	show("close", kvmkit_close((int)fd));
	fd = kvmkit_open("in_link", KVMKIT_O_RDONLY);
	show("open(\"in_link\", RDONLY)", fd);
	show_contents(fd);
	show("close", kvmkit_close((int)fd));

	fd = kvmkit_open("a/new.txt", KVMKIT_O_WRONLY | KVMKIT_O_CREAT);
	show("open(\"a/new.txt\", WRONLY|CREAT)", fd);
	show("write(\"new\\n\")", kvmkit_write((int)fd, "new\n", 4));
	show("close", kvmkit_close((int)fd));
}

static void refusals(void)
{
	const int create = KVMKIT_O_WRONLY | KVMKIT_O_CREAT;
	/* Out of the share: -KVMKIT_EACCES (13). */
	show_open("../outside.txt", KVMKIT_O_RDONLY, "RDONLY");
	show_open("..", KVMKIT_O_RDONLY, "RDONLY");
	show_open("/etc/passwd", KVMKIT_O_RDONLY, "RDONLY");
	show_open("/", KVMKIT_O_RDONLY, "RDONLY");
	show_open("etc_link/passwd", KVMKIT_O_RDONLY, "RDONLY");
	show_open("up_link/outside.txt", KVMKIT_O_RDONLY, "RDONLY");
	show_open("a/up_link/outside.txt", KVMKIT_O_RDONLY, "RDONLY");
	show_open("a/../../outside.txt", KVMKIT_O_RDONLY, "RDONLY");
	show_open("a/../../x", create, "WRONLY|CREAT");
	show_open("abs_out", create, "WRONLY|CREAT");
	show_open("rel_out", create, "WRONLY|CREAT");
	show_open("up_link/created.txt", create, "WRONLY|CREAT");
	show_stat("/etc/passwd");
	show_stat("etc_link");
	show_stat("etc_link/passwd");
	show_stat("up_link");
	show_stat("../outside.txt");
	show_stat("a/../../outside.txt");

	/* Inside, but not an openable file. */
	show_open(".", KVMKIT_O_RDONLY, "RDONLY");
	show_open("a", KVMKIT_O_RDONLY, "RDONLY");
	show_open("missing.txt", KVMKIT_O_RDONLY, "RDONLY");
	show_stat("missing.txt");
	show_open("hello.txt/x", KVMKIT_O_RDONLY, "RDONLY");
	show_open("loop_link", KVMKIT_O_RDONLY, "RDONLY");
	show_open("", KVMKIT_O_RDONLY, "RDONLY");
	/* Errors that come from the host, passed on: a directory opened for
	 * writing (EISDIR) and a name longer than NAME_MAX (ENAMETOOLONG). */
	show_open("a", KVMKIT_O_WRONLY, "WRONLY");
	static char long_name[300];
	for (unsigned i = 0; i + 1 < sizeof(long_name); i++)
		long_name[i] = 'n';
	show("open(\"nnn...\" (299 bytes), RDONLY)",
	     kvmkit_open(long_name, KVMKIT_O_RDONLY));

	/* Bad arguments: -KVMKIT_EINVAL (22). */
	show("open_len(\"hello.txt\\0x\", 11)",
	     kvmkit_open_len("hello.txt\0x", 11, KVMKIT_O_RDONLY));
	show_open("hello.txt", KVMKIT_O_WRONLY | KVMKIT_O_RDWR, "WRONLY|RDWR");
	show_open("hello.txt", KVMKIT_O_TRUNC, "RDONLY|TRUNC");
	show_open("hello.txt", 0x80, "0x80 (O_EXCL)");
	show_open("hello.txt", 0x10000, "0x10000 (O_DIRECTORY)");
	/* The length counts, not a NUL: "hello.txtXYZ" cut to 9 bytes. */
	long fd = kvmkit_open_len("hello.txtXYZ", 9, KVMKIT_O_RDONLY);
	show("open_len(\"hello.txtXYZ\", 9)", fd);
	kvmkit_close((int)fd);
}

static void fd_table(void)
{
	long fds[33];
	int opened = 0;
	for (int i = 0; i < 33; i++) {
		fds[i] = kvmkit_open("hello.txt", KVMKIT_O_RDONLY);
		if (fds[i] >= 0 && fds[i] == i)
			opened++;
	}
	printf("opened %d files as fds 0..%d\n", opened, opened - 1);
	show("open #33", fds[32]);
	int closed = 0;
	for (int i = 0; i < 32; i++)
		closed += kvmkit_close((int)fds[i]) == 0;
	printf("closed %d\n", closed);
	show("close(31) again", kvmkit_close(31));

	/* Left open on purpose: the runner closes it at exit. */
	long fd = kvmkit_open("left_open.txt", KVMKIT_O_WRONLY | KVMKIT_O_CREAT |
						  KVMKIT_O_TRUNC);
	show("open(\"left_open.txt\", WRONLY|CREAT|TRUNC)", fd);
	show("write(\"bye\\n\")", kvmkit_write((int)fd, "bye\n", 4));
}

static void no_share(void)
{
	struct kvmkit_stat st;
	char c;
	show("open(\"hello.txt\", RDONLY)", kvmkit_open("hello.txt", 0));
	show("open(\"hello.txt\", WRONLY|CREAT)",
	     kvmkit_open("hello.txt", KVMKIT_O_WRONLY | KVMKIT_O_CREAT));
	show("stat(\"hello.txt\")", kvmkit_stat("hello.txt", &st));
	show("read(0)", kvmkit_read(0, &c, 1));
	show("write(0)", kvmkit_write(0, &c, 1));
	show("seek(0)", kvmkit_seek(0, 0, KVMKIT_SEEK_SET));
	show("close(0)", kvmkit_close(0));
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "share")) {
		write_read_seek();
		refusals();
		fd_table();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "noshare")) {
		no_share();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "big")) {
		static char block[1024];
		long fd = kvmkit_open("big.bin", KVMKIT_O_WRONLY |
				      KVMKIT_O_CREAT | KVMKIT_O_TRUNC);
		show("open(\"big.bin\", WRONLY|CREAT|TRUNC)", fd);
		show("write(1024)", kvmkit_write((int)fd, block, sizeof(block)));
		show("write(1024)", kvmkit_write((int)fd, block, sizeof(block)));
		show("close", kvmkit_close((int)fd));
		return 0;
	}
	printf("usage: hc_files.elf share|noshare|big\n");
	return 1;
}
