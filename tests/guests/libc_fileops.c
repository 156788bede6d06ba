/* remove, rename, tmpnam, tmpfile, freopen and wide characters on files
 * under --share. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void show(const char *what, int r)
{
	printf("%s: %d%s%s\n", what, r, r ? " " : "", r ? strerror(errno) : "");
}

static void cat(const char *path)
{
	char line[64];
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("cat %s: %s\n", path, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("cat %s: %s", path, line);
	fclose(f);
}

int main(void)
{
	FILE *f = fopen("a.txt", "w");
	fputs("alpha\n", f);
	fclose(f);

	show("rename a.txt b.txt", rename("a.txt", "b.txt"));
	cat("a.txt");
	cat("b.txt");
	show("rename missing.txt c.txt", rename("missing.txt", "c.txt"));
	show("rename b.txt ../escape.txt", rename("b.txt", "../escape.txt"));
	show("rename b.txt /abs.txt", rename("b.txt", "/abs.txt"));
	show("remove b.txt", remove("b.txt"));
	cat("b.txt");
	show("remove b.txt again", remove("b.txt"));
	show("remove ..", remove(".."));

	char name[L_tmpnam];
	printf("tmpnam: %s\n", tmpnam(name) ? name : "(null)");
	FILE *t = tmpfile();
	printf("tmpfile: %s\n", t ? "opened" : strerror(errno));
	fputs("scratch data\n", t);
	rewind(t);
	char buf[32] = "";
	fgets(buf, sizeof(buf), t);
	printf("tmpfile read back: %s", buf);
	fclose(t);
	FILE *gone = fopen("tmp.kvmkit.1", "r");
	printf("tmpfile removed at close: %s\n", gone ? "no" : "yes");

	/* Wide characters go to a file in UTF-8, 1 to 4 bytes each, and
	 * come back whole. */
	static const wchar_t wides[] = { L'A', 0xe9, 0x20ac, 0x1f600 };
	FILE *w = fopen("wide.txt", "w+");
	printf("fputwc:");
	for (unsigned i = 0; i < sizeof(wides) / sizeof(*wides); i++)
		printf(" %X", (unsigned)fputwc(wides[i], w));
	printf("\nfputws: %d\n", fputws(L"\u00e9!", w));
	rewind(w);
	printf("bytes:");
	for (int c; (c = fgetc(w)) != EOF;)
		printf(" %02x", c);
	rewind(w);
	printf("\nfgetwc:");
	for (wint_t c; (c = fgetwc(w)) != WEOF;)
		printf(" %X", (unsigned)c);
	printf(" WEOF\n");
	fclose(w);
	remove("wide.txt");

	/* stdout to a file and back is not possible; a stream to another
	 * file is. */
	FILE *s = fopen("first.txt", "w");
	fputs("into first\n", s);
	FILE *r = freopen("second.txt", "w", s);
	printf("freopen same stream: %d\n", r == s);
	fputs("into second\n", s);
	fclose(s);
	cat("first.txt");
	cat("second.txt");
	errno = 0;
	FILE *bad = fopen("second.txt", "r");
	printf("freopen missing: %s\n",
	       freopen("nope/none.txt", "r", bad) ? "opened" : strerror(errno));
	remove("first.txt");
	remove("second.txt");
	return 0;
}
