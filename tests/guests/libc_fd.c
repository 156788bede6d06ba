/* POSIX descriptors (<unistd.h>, <fcntl.h>) and stat() on files under --share, the
 * console and stdin, as zlib's gzopen and minigzip use them. */
/* off64_t, which zlib's configure looks for. */
#define _LARGEFILE64_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, long r)
{
	printf("%s: %ld%s%s\n", what, r, r < 0 ? " " : "",
	       r < 0 ? strerror(errno) : "");
}

int main(void)
{
	char buf[32] = "";

	int fd = open("f.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	show("open f.bin for writing", fd);
	show("write 10 bytes", write(fd, "0123456789", 10));
	show("lseek to 4", lseek(fd, 4, SEEK_SET));
	show("write 2 over 45", write(fd, "ab", 2));
	show("lseek end", lseek(fd, 0, SEEK_END));
	show("close", close(fd));
	show("close again", close(fd));

	fd = open("f.bin", O_RDONLY);
	show("open f.bin for reading", fd);
	show("read 32", read(fd, buf, sizeof(buf) - 1));
	printf("content: %s\n", buf);
	show("read at the end", read(fd, buf, sizeof(buf)));
	show("write to a read-only descriptor", write(fd, "x", 1));
	close(fd);

	fd = open("f.bin", O_WRONLY | O_APPEND);
	show("append", write(fd, "!", 1));
	close(fd);
	FILE *f = fopen("f.bin", "r");
	fgets(buf, sizeof(buf), f);
	printf("after append: %s\n", buf);
	/* fileno gives the descriptor read() takes. */
	show("fileno is >= 3", fileno(f) >= 3);
	show("lseek(fileno)", lseek(fileno(f), 0, SEEK_SET));
	fclose(f);

	show("creat", fd = creat("g.txt", 0600));
	show("write 3", write(fd, "abc", 3));
	close(fd);
	show("access g.txt", access("g.txt", F_OK));
	struct stat st;
	show("stat g.txt", stat("g.txt", &st));
	printf("regular: %d, size %ld\n", S_ISREG(st.st_mode), (long)st.st_size);
	show("stat .", stat(".", &st));
	printf("directory: %d\n", S_ISDIR(st.st_mode));
	show("unlink g.txt", unlink("g.txt"));
	show("access g.txt again", access("g.txt", R_OK));
	show("open missing", open("missing", O_RDONLY));
	show("open ../escape", open("../escape", O_WRONLY | O_CREAT));
	show("open with unknown flags", open("f.bin", O_RDONLY | 0200));
	show("read bad descriptor", read(99, buf, 1));
	show("lseek stdin", lseek(0, 0, SEEK_SET));
	show("isatty(0)", isatty(0));
	show("sizeof(off64_t)", (long)sizeof(off64_t));
	unlink("f.bin");

	fflush(stdout);
	show("write(1)", write(STDOUT_FILENO, "to the console\n", 15));
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf) - 1);
	show("read(0)", n);
	buf[n > 0 ? n : 0] = '\0';
	printf("stdin: %s", buf);
	return 0;
}
