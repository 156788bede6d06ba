/*
 * The rest of the SDK's C library on the host: scanf, string.h, stdlib.h
 * (strto*, qsort, bsearch), the heap, stdio buffering through fake
 * hypercalls, setjmp, and math.h (ulp distance to glibc's libm).
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kk.h"

/* ------------------------------------------------------------ scanf */

static void scanf_case(const char *in, const char *fmt)
{
	/* Up to four conversions into generously sized slots. */
	union { long long ll; double d; long double ld; char s[64]; } a1[4], a2[4];
	memset(a1, 0, sizeof(a1));
	memset(a2, 0, sizeof(a2));
	int r1 = kk_sscanf(in, fmt, &a1[0], &a1[1], &a1[2], &a1[3]);
	int r2 = sscanf(in, fmt, &a2[0], &a2[1], &a2[2], &a2[3]);
	CHECK("scanf", r1 == r2 && memcmp(a1, a2, sizeof(a1)) == 0,
	      "sscanf(\"%s\", \"%s\"): sdk %d glibc %d", in, fmt, r1, r2);
}

void suite_scanf(void)
{
	static const char *fixed[][2] = {
		{ "42", "%d" }, { "  -17 x", "%d x" }, { "0x1f 077 10", "%i %i %i" },
		{ "ff", "%x" }, { "0XFF", "%X" }, { "777", "%o" }, { "123456789012", "%lld" },
		{ "-1", "%u" }, { "12345", "%3d%d" }, { "3.25 -1e3", "%lf %lf" },
		{ "0x1.8p1", "%la" }, { "inf nan", "%lf %lf" }, { "1e400", "%lf" },
		{ "2.5", "%f" }, { "2.5", "%Lf" }, { "hello world", "%s %s" },
		{ "hello", "%3s%s" }, { "abc", "%c%c%c" }, { "abcdef", "%4c" },
		{ "key=value;", "%[^=]=%[^;]" }, { "abc123", "%[a-z]%d" },
		{ "]x", "%[]x]" }, { "42abc", "%d%n" }, { "100%", "%d%%" },
		{ "1,2", "%d,%d" }, { "1;2", "%d,%d" }, { "", "%d" }, { "   ", "%d" },
		{ "x", "%d" }, { "12", "%*d%n" }, { "-", "%d" }, { "+", "%f" }, { "1e5", "%lf" },
		{ ".5", "%lf" }, { "5.", "%lf" }, { "0x1", "%x" },
		{ "hh 200", "hh %hhd" }, { "70000", "%hd" }, { "9", "%zu" },
		{ "-0", "%lf" }, { "1.5e-3xyz", "%lf%s" }, { "a b", "%c %c" },
		{ " a", "%c" }, { "12 34", "%2d %2d" },
	};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		scanf_case(fixed[i][0], fixed[i][1]);

	/* Where glibc is known to differ from C11 (7.21.6.2p17's example:
	 * "100ergs" fails %f because "100e" is the input item and it is not
	 * a number), check C11's answer. */
	static const char *c11_fail[][2] = {
		{ "100ergs", "%f" }, { "1e", "%lf" }, { "1e+", "%lf" }, { "0x", "%x" },
		{ "0xz", "%i" },
	};
	for (size_t i = 0; i < sizeof(c11_fail) / sizeof(*c11_fail); i++) {
		double v = -1;
		int r = kk_sscanf(c11_fail[i][0], c11_fail[i][1], &v);
		CHECK("scanf", r == 0, "sscanf(\"%s\", \"%s\") = %d, C11 says 0",
		      c11_fail[i][0], c11_fail[i][1], r);
	}

	/* Random numbers printed and read back both ways. */
	char buf[128];
	for (int i = 0; i < 6000; i++) {
		uint64_t b = rng_next();
		double d;
		memcpy(&d, &b, sizeof(d));
		switch (i % 4) {
		case 0:
			snprintf(buf, sizeof(buf), "%.17g %lld", d, (long long)rng_next());
			scanf_case(buf, "%lf %lld");
			break;
		case 1:
			snprintf(buf, sizeof(buf), "%.9g,%x", d, (unsigned)b);
			scanf_case(buf, "%f,%x");
			break;
		case 2:
			snprintf(buf, sizeof(buf), "%a %o", d, (unsigned)b);
			scanf_case(buf, "%la %o");
			break;
		default:
			snprintf(buf, sizeof(buf), "%.25Le|%lu", (long double)d * 3, (unsigned long)b);
			scanf_case(buf, "%Le|%lu");
			break;
		}
	}
}

/* ------------------------------------------------------------ string */

static int sign(int x) { return (x > 0) - (x < 0); }

char *kk_strcpy(char *, const char *);
size_t kk_strlen(const char *);
size_t kk_strnlen(const char *, size_t);
int kk_strcmp(const char *, const char *);
int kk_strncmp(const char *, const char *, size_t);
int kk_memcmp(const void *, const void *, size_t);
char *kk_strchr(const char *, int);
char *kk_strrchr(const char *, int);
char *kk_strstr(const char *, const char *);
size_t kk_strspn(const char *, const char *);
size_t kk_strcspn(const char *, const char *);
char *kk_strpbrk(const char *, const char *);
void *kk_memchr(const void *, int, size_t);
void *kk_memmove(void *, const void *, size_t);
void *kk_memcpy(void *, const void *, size_t);
void *kk_memset(void *, int, size_t);
char *kk_strtok_r(char *, const char *, char **);
char *kk_strerror(int);
char *kk_strdup(const char *);
char *kk_strndup(const char *, size_t);
char *kk_strncpy(char *, const char *, size_t);
char *kk_strcat(char *, const char *);
char *kk_strncat(char *, const char *, size_t);
int kk_strcasecmp(const char *, const char *);
int kk_strcoll(const char *, const char *);
int kk_isalpha(int), kk_isdigit(int), kk_isspace(int), kk_ispunct(int),
    kk_isprint(int), kk_isgraph(int), kk_iscntrl(int), kk_isxdigit(int),
    kk_isupper(int), kk_islower(int), kk_isalnum(int), kk_isblank(int),
    kk_toupper(int), kk_tolower(int);

static void random_string(char *s, int max, const char *alphabet)
{
	int n = (int)rng_below((uint64_t)max);
	size_t an = strlen(alphabet);
	for (int i = 0; i < n; i++)
		s[i] = alphabet[rng_below(an)];
	s[n] = 0;
}

void suite_string(void)
{
	char a[64], b[64], c[64], d[64];
	const char *alpha = "abcab,; \x80\xff";

	for (int i = 0; i < 20000; i++) {
		random_string(a, 12, alpha);
		random_string(b, 5, alpha);
		size_t n = rng_below(14);
		CHECK("string", kk_strlen(a) == strlen(a), "strlen");
		CHECK("string", kk_strnlen(a, n) == strnlen(a, n), "strnlen");
		CHECK("string", sign(kk_strcmp(a, b)) == sign(strcmp(a, b)), "strcmp %s %s", a, b);
		CHECK("string", sign(kk_strncmp(a, b, n)) == sign(strncmp(a, b, n)), "strncmp");
		CHECK("string", sign(kk_strcoll(a, b)) == sign(strcmp(a, b)), "strcoll");
		CHECK("string", sign(kk_memcmp(a, b, n < 5 ? n : 5)) == sign(memcmp(a, b, n < 5 ? n : 5)), "memcmp");
		CHECK("string", sign(kk_strcasecmp(a, b)) == sign(strcasecmp(a, b)), "strcasecmp");
		int ch = alpha[rng_below(strlen(alpha) + 1)];
		CHECK("string", kk_strchr(a, ch) == strchr(a, ch), "strchr %s %d", a, ch);
		CHECK("string", kk_strrchr(a, ch) == strrchr(a, ch), "strrchr");
		CHECK("string", kk_memchr(a, ch, n) == memchr(a, ch, n < sizeof(a) ? n : 0), "memchr");
		CHECK("string", kk_strstr(a, b) == strstr(a, b), "strstr \"%s\" \"%s\"", a, b);
		CHECK("string", kk_strspn(a, b) == strspn(a, b), "strspn");
		CHECK("string", kk_strcspn(a, b) == strcspn(a, b), "strcspn");
		CHECK("string", kk_strpbrk(a, b) == strpbrk(a, b), "strpbrk");

		/* strtok_r over the same string, token by token. */
		char *s1, *s2, *t1, *t2;
		strcpy(c, a);
		strcpy(d, a);
		t1 = kk_strtok_r(c, b[0] ? b : ",", &s1);
		t2 = strtok_r(d, b[0] ? b : ",", &s2);
		for (;;) {
			CHECK("string", (t1 == NULL) == (t2 == NULL) && (!t1 || (t1 - c == t2 - d && strcmp(t1, t2) == 0)),
			      "strtok_r \"%s\" \"%s\"", a, b);
			if (!t1 || !t2)
				break;
			t1 = kk_strtok_r(NULL, b[0] ? b : ",", &s1);
			t2 = strtok_r(NULL, b[0] ? b : ",", &s2);
		}

		/* Overlapping memmove both ways. */
		char m1[64], m2[64];
		for (int k = 0; k < 64; k++)
			m1[k] = m2[k] = (char)k;
		size_t from = rng_below(32), to = rng_below(32), len = rng_below(32);
		kk_memmove(m1 + to, m1 + from, len);
		memmove(m2 + to, m2 + from, len);
		CHECK("string", memcmp(m1, m2, 64) == 0, "memmove %zu->%zu %zu", from, to, len);

		memset(c, 'x', sizeof(c));
		memset(d, 'x', sizeof(d));
		kk_strncpy(c, a, n);
		strncpy(d, a, n);
		CHECK("string", memcmp(c, d, sizeof(c)) == 0, "strncpy");
		strcpy(c, b);
		strcpy(d, b);
		kk_strncat(c, a, n);
		strncat(d, a, n);
		CHECK("string", strcmp(c, d) == 0, "strncat");
	}

	char *p = kk_strdup("duplicate");
	CHECK("string", p && strcmp(p, "duplicate") == 0, "strdup");
	kk_free(p);
	p = kk_strndup("duplicate", 3);
	CHECK("string", p && strcmp(p, "dup") == 0, "strndup");
	kk_free(p);

	/* strerror texts are glibc's for every errno the SDK names. */
	static const int codes[] = { 0, EPERM, ENOENT, EIO, EBADF, ENOMEM, EACCES,
				     EEXIST, EINVAL, ENOSPC, EDOM, ERANGE, ENOSYS,
				     EOVERFLOW, EILSEQ, ENAMETOOLONG, ELOOP };
	for (size_t i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
		strcpy(a, strerror(codes[i]));
		CHECK("string", strcmp(kk_strerror(codes[i]), a) == 0,
		      "strerror(%d): \"%s\" vs \"%s\"", codes[i], kk_strerror(codes[i]), a);
	}
	CHECK("string", strcmp(kk_strerror(4242), "Unknown error 4242") == 0, "strerror(4242)");

	/* ctype over every int from EOF to 255. */
	for (int ch = -1; ch < 256; ch++) {
		int ok = !!kk_isalpha(ch) == !!isalpha(ch) && !!kk_isdigit(ch) == !!isdigit(ch) &&
			 !!kk_isspace(ch) == !!isspace(ch) && !!kk_ispunct(ch) == !!ispunct(ch) &&
			 !!kk_isprint(ch) == !!isprint(ch) && !!kk_isgraph(ch) == !!isgraph(ch) &&
			 !!kk_iscntrl(ch) == !!iscntrl(ch) && !!kk_isxdigit(ch) == !!isxdigit(ch) &&
			 !!kk_isupper(ch) == !!isupper(ch) && !!kk_islower(ch) == !!islower(ch) &&
			 !!kk_isalnum(ch) == !!isalnum(ch) && !!kk_isblank(ch) == !!isblank(ch) &&
			 kk_toupper(ch) == toupper(ch) && kk_tolower(ch) == tolower(ch);
		CHECK("string", ok, "ctype of %d", ch);
	}
}

/* ------------------------------------------------------------ stdlib */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

struct rec { int key; char pad[9]; }; /* odd size: byte-wise swaps */

static int cmp_rec(const void *a, const void *b)
{
	return cmp_int(&((const struct rec *)a)->key, &((const struct rec *)b)->key);
}

void suite_stdlib(void)
{
	static const char *ints[] = {
		"0", "-0", "42", "  -42", "+7x", "0x1A", "0X", "0xg", "077", "08",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "18446744073709551615", "18446744073709551616",
		"-1", "99999999999999999999999", "zz", "", "  ", "-", "0b101", "1010",
		"\t\n+0x7fffffffffffffff",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };
	char buf[64];

	for (int i = 0; i < 6000; i++) {
		const char *s;
		if (i < (int)(sizeof(ints) / sizeof(*ints)) * 6) {
			s = ints[i / 6];
		} else {
			random_string(buf, 24, "0123456789abcdefxXz-+ ");
			s = buf;
		}
		int base = bases[i % 6];
		char *e1, *e2;
		kk_errno = 0;
		errno = 0;
		long v1 = kk_strtol(s, &e1, base);
		int er1 = kk_errno;
		long v2 = strtol(s, &e2, base);
		CHECK("stdlib", v1 == v2 && e1 - s == e2 - s && er1 == errno,
		      "strtol(\"%s\", %d): %ld/%td/%d vs %ld/%td/%d", s, base, v1, e1 - s, er1, v2, e2 - s, errno);
		kk_errno = 0;
		errno = 0;
		unsigned long u1 = kk_strtoul(s, &e1, base);
		er1 = kk_errno;
		unsigned long u2 = strtoul(s, &e2, base);
		CHECK("stdlib", u1 == u2 && e1 - s == e2 - s && er1 == errno,
		      "strtoul(\"%s\", %d)", s, base);
		kk_errno = 0;
		errno = 0;
		long long l1 = kk_strtoll(s, &e1, base);
		er1 = kk_errno;
		long long l2 = strtoll(s, &e2, base);
		CHECK("stdlib", l1 == l2 && e1 - s == e2 - s && er1 == errno,
		      "strtoll(\"%s\", %d)", s, base);
		if (base == 10)
			CHECK("stdlib", kk_atoi(s) == (int)strtol(s, NULL, 10), "atoi");
	}

	/* qsort: random arrays of ints (many duplicates too) and odd-sized
	 * records, against a sorted copy; then bsearch for every key. */
	static int arr[5000], ref[5000];
	static struct rec recs[3000];
	for (int round = 0; round < 60; round++) {
		int n = (int)rng_below(5000);
		int range = round % 3 == 0 ? 10 : 1000000;
		for (int i = 0; i < n; i++)
			arr[i] = ref[i] = (int)rng_below((uint64_t)range);
		if (round % 5 == 1) /* already sorted */
			qsort(arr, (size_t)n, sizeof(int), cmp_int);
		if (round % 5 == 2) /* reversed */
			for (int i = 0; i < n; i++)
				arr[i] = n - i;
		memcpy(ref, arr, sizeof(int) * (size_t)n);
		kk_qsort(arr, (size_t)n, sizeof(int), cmp_int);
		qsort(ref, (size_t)n, sizeof(int), cmp_int);
		CHECK("stdlib", memcmp(arr, ref, sizeof(int) * (size_t)n) == 0, "qsort ints n=%d", n);
		int found = 1;
		for (int i = 0; i < n; i++) {
			int *p = kk_bsearch(&ref[i], arr, (size_t)n, sizeof(int), cmp_int);
			found &= p && *p == ref[i];
		}
		int missing = -1;
		found &= kk_bsearch(&missing, arr, (size_t)n, sizeof(int), cmp_int) == NULL;
		CHECK("stdlib", found, "bsearch n=%d", n);

		int m = (int)rng_below(3000);
		for (int i = 0; i < m; i++)
			recs[i].key = (int)rng_below(500);
		kk_qsort(recs, (size_t)m, sizeof(struct rec), cmp_rec);
		int sorted = 1;
		for (int i = 1; i < m; i++)
			sorted &= recs[i - 1].key <= recs[i].key;
		CHECK("stdlib", sorted, "qsort records m=%d", m);
	}
}

/* ------------------------------------------------------------ malloc */

void suite_malloc(void)
{
	enum { SLOTS = 512 };
	static unsigned char *ptr[SLOTS];
	static size_t len[SLOTS];
	long initial = kk___malloc_check();

	CHECK("malloc", initial > 0, "heap check at start: %ld", initial);
	for (int op = 0; op < 60000; op++) {
		int i = (int)rng_below(SLOTS);
		if (ptr[i]) {
			/* Contents intact? */
			int ok = 1;
			for (size_t k = 0; k < len[i]; k++)
				ok &= ptr[i][k] == (unsigned char)(i + k);
			CHECK("malloc", ok, "block %d corrupted", i);
			if (rng_below(3) == 0) {
				size_t n = rng_below(4) ? rng_below(300) : rng_below(100000);
				unsigned char *p = kk_realloc(ptr[i], n);
				CHECK("malloc", p != NULL, "realloc %zu", n);
				ok = 1;
				for (size_t k = 0; k < (n < len[i] ? n : len[i]); k++)
					ok &= p[k] == (unsigned char)(i + k);
				CHECK("malloc", ok, "realloc lost data");
				ptr[i] = p;
				len[i] = n;
				for (size_t k = 0; k < n; k++)
					p[k] = (unsigned char)(i + k);
			} else {
				kk_free(ptr[i]);
				ptr[i] = NULL;
			}
		} else {
			size_t n = rng_below(8) ? rng_below(200) : rng_below(200000);
			size_t align = (size_t)1 << rng_below(13);
			unsigned char *p = rng_below(4) ? kk_malloc(n)
					 : rng_below(2) ? kk_calloc(1, n)
							: kk_aligned_alloc(align, n);
			CHECK("malloc", p != NULL && (uintptr_t)p % 16 == 0, "malloc %zu", n);
			if (!p)
				continue;
			ptr[i] = p;
			len[i] = n;
			for (size_t k = 0; k < n; k++)
				p[k] = (unsigned char)(i + k);
		}
		if (op % 1000 == 0)
			CHECK("malloc", kk___malloc_check() >= 0, "heap inconsistent at op %d", op);
	}
	for (int i = 0; i < SLOTS; i++)
		kk_free(ptr[i]);
	CHECK("malloc", kk___malloc_check() == initial,
	      "after freeing everything: %ld free bytes, %ld at start",
	      kk___malloc_check(), initial);

	/* Exhaustion fails cleanly, with ENOMEM. */
	kk_errno = 0;
	CHECK("malloc", kk_malloc((size_t)1 << 40) == NULL && kk_errno == ENOMEM, "huge malloc");
	CHECK("malloc", kk_calloc(SIZE_MAX / 2, 3) == NULL, "calloc overflow");
	CHECK("malloc", kk_malloc(0) != NULL, "malloc(0)");
}

/* ------------------------------------------------------------ stdio */

static int console_is(const char *s, int calls)
{
	return stub_console_len == strlen(s) && memcmp(stub_console, s, stub_console_len) == 0 &&
	       stub_console_calls == calls;
}

int kk_setjmp(long *env) __attribute__((returns_twice));
void kk_longjmp(long *env, int val) __attribute__((noreturn));

static long jb[8];
static int jumps;

static int jump_deep(int n)
{
	if (n == 0)
		kk_longjmp(jb, 0); /* 0 arrives as 1 */
	if (n < 0)
		return 0;
	return jump_deep(n - 1) + 1;
}

KK_FILE *kk_fmemopen(void *buf, size_t size, const char *mode);
int kk_fclose(KK_FILE *f);
int kk_fgetc(KK_FILE *f);

/* fmemopen for reading: the bytes (a NUL is data), then the end, which
 * leaves fgets' buffer alone (libc-test regression/fgets-eof). */
static void memory_stream(void)
{
	char data[] = "ab\ncd";
	char s[10];
	KK_FILE *f = kk_fmemopen(data, sizeof(data), "r");
	int ok = f && kk_fgets(s, sizeof(s), f) == s && !strcmp(s, "ab\n") &&
		 kk_fgets(s, sizeof(s), f) == s && !strcmp(s, "cd") &&
		 kk_fgets(s, sizeof(s), f) == NULL && s[0] == 'c' &&
		 kk_feof(f) && kk_fgetc(f) == -1;
	CHECK("stdio", ok && kk_fclose(f) == 0 && !strcmp(data, "ab\ncd"),
	      "fmemopen: read, then EOF with the buffer untouched");
	CHECK("stdio", !kk_fmemopen(data, sizeof(data), "w") && kk_errno == 22,
	      "fmemopen: writing is EINVAL");
}

void kk_tzset(void);
extern char *kk_tzname[2];
extern long kk_timezone;
extern int kk_daylight;

/* POSIX's tzset and its variables: UTC only (libc-test functional/time
 * calls tzset). */
static void time_zone(void)
{
	kk_tzset();
	CHECK("stdio", !strcmp(kk_tzname[0], "GMT") && kk_timezone == 0 &&
	      kk_daylight == 0, "tzset: GMT, offset 0, no daylight saving");
}

void suite_stdio(void)
{
	memory_stream();
	time_zone();
	stub_console_reset();
	kk_printf("Hello, world!\n");
	CHECK("stdio", console_is("Hello, world!\n", 1), "hello: one console write");

	stub_console_reset();
	kk_printf("a");
	kk_printf("b%d", 1);
	CHECK("stdio", console_is("", 0), "partial line stays buffered");
	kk_printf("\nc");
	CHECK("stdio", console_is("ab1\n", 1), "flush at newline, keep the rest");
	kk_puts("d");
	CHECK("stdio", console_is("ab1\ncd\n", 2), "puts");
	kk_putchar('e');
	kk_fputs("f\ng\nh", kk_stdout);
	CHECK("stdio", console_is("ab1\ncd\nef\ng\n", 3), "fputs: through the last newline");
	kk_fflush(kk_stdout);
	CHECK("stdio", console_is("ab1\ncd\nef\ng\nh", 4), "fflush");

	stub_console_reset();
	kk_fprintf(kk_stderr, "x=%d, y=%s", 5, "z");
	CHECK("stdio", console_is("x=5, y=z", 1), "stderr: one write per call");

	/* Bigger than the buffer: full buffers go out as they fill. */
	static char big[10000];
	memset(big, 'q', sizeof(big) - 1);
	stub_console_reset();
	kk_printf("%s\n", big);
	CHECK("stdio", stub_console_len == sizeof(big) && stub_console_calls <= 4,
	      "long line: %zu bytes in %d writes", stub_console_len, stub_console_calls);
	stub_console_reset();
	kk_fwrite(big, 1, 5000, kk_stdout);
	kk_fwrite("\n", 1, 1, kk_stdout);
	CHECK("stdio", stub_console_len == 5001, "fwrite");

	/* Unbuffered and fully buffered modes. */
	stub_console_reset();
	kk_setvbuf(kk_stdout, NULL, 2 /* _IONBF */, 0);
	kk_printf("abc");
	CHECK("stdio", console_is("abc", 1), "_IONBF");
	kk_setvbuf(kk_stdout, NULL, 0 /* _IOFBF */, 0);
	kk_printf("d\ne\n");
	CHECK("stdio", console_is("abc", 1), "_IOFBF waits");
	kk_fflush(NULL);
	CHECK("stdio", console_is("abcd\ne\n", 2), "fflush(NULL)");
	kk_setvbuf(kk_stdout, NULL, 1 /* _IOLBF */, 0);

	/* stdin through the fake read hypercall (7 bytes at a time). */
	static const char input[] = "first line\nsecond 42 3.5\nxyz";
	stub_stdin_set(input, sizeof(input) - 1);
	char line[64];
	CHECK("stdio", kk_fgets(line, sizeof(line), kk_stdin) && strcmp(line, "first line\n") == 0,
	      "fgets: %s", line);
	int n = 0;
	double d = 0;
	char word[16];
	CHECK("stdio", kk_scanf("%15s %d %lf", word, &n, &d) == 3 && strcmp(word, "second") == 0 &&
			       n == 42 && d == 3.5, "scanf on stdin");
	CHECK("stdio", kk_getchar() == '\n', "getchar");
	CHECK("stdio", kk_ungetc('w', kk_stdin) == 'w' && kk_getchar() == 'w', "ungetc");
	CHECK("stdio", kk_fread(line, 1, 10, kk_stdin) == 3 && memcmp(line, "xyz", 3) == 0, "fread");
	CHECK("stdio", kk_getchar() == EOF && kk_feof(kk_stdin), "EOF");

	/* setjmp/longjmp */
	volatile int count = 0;
	int r = kk_setjmp(jb);
	count++;
	if (r == 0)
		jump_deep(50);
	jumps = count;
	CHECK("stdio", r == 1 && jumps == 2, "setjmp/longjmp: r=%d count=%d", r, jumps);
}

/* ------------------------------------------------------------ math */

double kk_sqrt(double), kk_floor(double), kk_ceil(double), kk_round(double),
	kk_trunc(double), kk_fabs(double), kk_exp(double), kk_log(double),
	kk_log10(double), kk_log2(double), kk_sin(double), kk_cos(double),
	kk_tan(double), kk_atan(double), kk_asin(double), kk_acos(double),
	kk_sinh(double), kk_cosh(double), kk_tanh(double), kk_exp2(double),
	kk_expm1(double), kk_log1p(double), kk_cbrt(double), kk_rint(double),
	kk_exp10(double);
double kk_fmod(double, double), kk_pow(double, double), kk_atan2(double, double),
	kk_hypot(double, double), kk_ldexp(double, int), kk_frexp(double, int *),
	kk_modf(double, double *);
float kk_sinf(float), kk_sqrtf(float), kk_powf(float, float), kk_expf(float);

/* Distance in ulps (0 if both are the same NaN/inf). */
static double ulps(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b) ? 0 : 1e9;
	if (a == b)
		return 0;
	if (isinf(a) || isinf(b))
		return 1e9;
	int64_t x, y;
	memcpy(&x, &a, 8);
	memcpy(&y, &b, 8);
	if (x < 0)
		x = INT64_MIN - x;
	if (y < 0)
		y = INT64_MIN - y;
	__int128 diff = (__int128)x - y;
	return (double)(diff < 0 ? -diff : diff);
}

struct fn1 { const char *name; double (*sdk)(double); double (*ref)(double);
	     double lo, hi; double allowed; };

static double random_in(double lo, double hi)
{
	/* Half uniform, half log-uniform in magnitude. */
	double u = (double)(rng_next() >> 11) / 9007199254740992.0;
	if (rng_below(2) || lo >= 0 || hi <= 0)
		return lo + (hi - lo) * u;
	double m = exp(log(1e-300) + (log(fmax(-lo, hi)) - log(1e-300)) * u);
	return rng_below(2) ? m : -m;
}

/* glibc's cbrt, sinh, cosh and tanh are themselves up to 2-4 ulps off:
 * compare those with its long double versions, rounded. */
static double ref_cbrt(double x) { return (double)cbrtl(x); }
static double ref_sinh(double x) { return (double)sinhl(x); }
static double ref_cosh(double x) { return (double)coshl(x); }
static double ref_tanh(double x) { return (double)tanhl(x); }
/* glibc declares exp10l only for _GNU_SOURCE. */
long double exp10l(long double);
static double ref_exp10(double x) { return (double)exp10l(x); }

void suite_math(void)
{
	static const struct fn1 fns[] = {
		{ "sqrt", kk_sqrt, sqrt, 0, 1e300, 0 },
		{ "floor", kk_floor, floor, -1e20, 1e20, 0 },
		{ "ceil", kk_ceil, ceil, -1e20, 1e20, 0 },
		{ "round", kk_round, round, -1e6, 1e6, 0 },
		{ "trunc", kk_trunc, trunc, -1e20, 1e20, 0 },
		{ "rint", kk_rint, rint, -1e6, 1e6, 0 },
		{ "fabs", kk_fabs, fabs, -1e300, 1e300, 0 },
		{ "exp", kk_exp, exp, -745, 710, 1 },
		{ "exp2", kk_exp2, exp2, -1075, 1024, 1 },
		{ "expm1", kk_expm1, expm1, -40, 40, 1 },
		{ "log", kk_log, log, 0, 1e300, 1 },
		{ "log2", kk_log2, log2, 0, 1e300, 1 },
		{ "log10", kk_log10, log10, 0, 1e300, 1 },
		{ "log1p", kk_log1p, log1p, -1, 1e10, 1 },
		{ "sin", kk_sin, sin, -1e22, 1e22, 1 },
		{ "cos", kk_cos, cos, -1e22, 1e22, 1 },
		{ "tan", kk_tan, tan, -1e6, 1e6, 1 },
		{ "atan", kk_atan, atan, -1e10, 1e10, 1 },
		{ "asin", kk_asin, asin, -1, 1, 1 },
		{ "acos", kk_acos, acos, -1, 1, 1 },
		{ "sinh", kk_sinh, ref_sinh, -700, 700, 1 },
		{ "cosh", kk_cosh, ref_cosh, -700, 700, 1 },
		{ "tanh", kk_tanh, ref_tanh, -30, 30, 1 },
		{ "cbrt", kk_cbrt, ref_cbrt, -1e300, 1e300, 1 },
		{ "exp10", kk_exp10, ref_exp10, -323, 308, 1 },
	};
	for (size_t f = 0; f < sizeof(fns) / sizeof(*fns); f++) {
		double worst = 0, worst_x = 0;
		for (int i = 0; i < 4000; i++) {
			double x = random_in(fns[f].lo, fns[f].hi);
			double u = ulps(fns[f].sdk(x), fns[f].ref(x));
			if (u > worst) {
				worst = u;
				worst_x = x;
			}
		}
		CHECK("math", worst <= fns[f].allowed, "%s: %.0f ulps at %a (sdk %a glibc %a)",
		      fns[f].name, worst, worst_x, fns[f].sdk(worst_x), fns[f].ref(worst_x));
		printf("math: %-6s max %.0f ulp over 4000 random arguments\n", fns[f].name, worst);
	}

	double worst = 0;
	for (int i = 0; i < 20000; i++) {
		double x = random_in(-1e300, 1e300), y = random_in(-1e300, 1e300);
		CHECK("math", ulps(kk_fmod(x, y), fmod(x, y)) == 0, "fmod(%a, %a)", x, y);
		CHECK("math", ulps(kk_atan2(x, y), atan2(x, y)) <= 1, "atan2(%a, %a)", x, y);
		CHECK("math", ulps(kk_hypot(x, y), hypot(x, y)) <= 1, "hypot(%a, %a)", x, y);
		double b = random_in(0, 100), e = random_in(-300, 300);
		if (rng_below(4) == 0)
			e = (double)((int)e); /* integer exponents */
		if (rng_below(8) == 0)
			b = -b;
		double u = ulps(kk_pow(b, e), pow(b, e));
		if (u > worst)
			worst = u;
		CHECK("math", u <= 1, "pow(%a, %a): %a vs %a", b, e, kk_pow(b, e), pow(b, e));
		int e1, e2;
		CHECK("math", kk_frexp(x, &e1) == frexp(x, &e2) && e1 == e2, "frexp");
		int k = (int)rng_below(4000) - 2000;
		CHECK("math", ulps(kk_ldexp(x, k), ldexp(x, k)) == 0, "ldexp(%a, %d)", x, k);
		double i1, i2;
		CHECK("math", kk_modf(x, &i1) == modf(x, &i2) && i1 == i2, "modf");
	}
	printf("math: pow    max %.0f ulp over 20000 random arguments\n", worst);

	/* Annex F special cases of pow, and exact small powers. */
	static const double sp[] = { 0.0, -0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, INFINITY,
				     -INFINITY, NAN, 1e-310, 1e300 };
	size_t ns = sizeof(sp) / sizeof(*sp);
	for (size_t i = 0; i < ns; i++)
		for (size_t j = 0; j < ns; j++) {
			double r1 = kk_pow(sp[i], sp[j]), r2 = pow(sp[i], sp[j]);
			CHECK("math", ulps(r1, r2) <= 1 && (isnan(r1) || signbit(r1) == signbit(r2)),
			      "pow(%g, %g): %g vs %g", sp[i], sp[j], r1, r2);
			r1 = kk_atan2(sp[i], sp[j]);
			r2 = atan2(sp[i], sp[j]);
			CHECK("math", ulps(r1, r2) <= 1 && (isnan(r1) || signbit(r1) == signbit(r2)),
			      "atan2(%g, %g): %g vs %g", sp[i], sp[j], r1, r2);
			r1 = kk_fmod(sp[i], sp[j]);
			r2 = fmod(sp[i], sp[j]);
			CHECK("math", ulps(r1, r2) == 0 && (isnan(r1) || signbit(r1) == signbit(r2)),
			      "fmod(%g, %g): %g vs %g", sp[i], sp[j], r1, r2);
		}
	CHECK("math", kk_pow(10, 15) == 1e15 && kk_pow(3, 40) == pow(3, 40) && kk_pow(2, -1074) == 0x1p-1074,
	      "exact powers");
	CHECK("math", kk_sqrtf(2.0f) == sqrtf(2.0f) && kk_powf(2.0f, 0.5f) == powf(2.0f, 0.5f) &&
			      kk_expf(1.0f) == expf(1.0f) && kk_sinf(1.0f) == sinf(1.0f),
	      "float versions");
	CHECK("math", kk_sin(0x1.921fb54442d18p+1) == sin(0x1.921fb54442d18p+1) &&
			      kk_cos(1e300) == cos(1e300) && kk_sin(0x1p1023) == sin(0x1p1023),
	      "sin/cos: hard reductions");
}
