/*
 * The SDK's C library as seen from the host tests: every SDK symbol is
 * renamed with a kk_ prefix (tests/libc/libc.mk), so the SDK's functions
 * and glibc's can be called side by side and compared.
 */
#ifndef KVMKIT_TESTS_KK_H
#define KVMKIT_TESTS_KK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct kk_file KK_FILE;
extern KK_FILE *kk_stdout, *kk_stderr, *kk_stdin;

int kk_snprintf(char *buf, size_t n, const char *fmt, ...);
int kk_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int kk_sprintf(char *buf, const char *fmt, ...);
int kk_asprintf(char **out, const char *fmt, ...);
int kk_printf(const char *fmt, ...);
int kk_fprintf(KK_FILE *f, const char *fmt, ...);
int kk_puts(const char *s);
int kk_fputs(const char *s, KK_FILE *f);
int kk_putchar(int c);
int kk_fputc(int c, KK_FILE *f);
size_t kk_fwrite(const void *p, size_t size, size_t n, KK_FILE *f);
int kk_fflush(KK_FILE *f);
int kk_getchar(void);
int kk_ungetc(int c, KK_FILE *f);
char *kk_fgets(char *s, int n, KK_FILE *f);
size_t kk_fread(void *p, size_t size, size_t n, KK_FILE *f);
int kk_feof(KK_FILE *f);
int kk_sscanf(const char *s, const char *fmt, ...);
int kk_scanf(const char *fmt, ...);
int kk_setvbuf(KK_FILE *f, char *buf, int mode, size_t size);

double kk_strtod(const char *s, char **end);
float kk_strtof(const char *s, char **end);
long double kk_strtold(const char *s, char **end);
long kk_strtol(const char *s, char **end, int base);
unsigned long kk_strtoul(const char *s, char **end, int base);
long long kk_strtoll(const char *s, char **end, int base);
unsigned long long kk_strtoull(const char *s, char **end, int base);
int kk_atoi(const char *s);
double kk_atof(const char *s);

void *kk_malloc(size_t n);
void *kk_calloc(size_t n, size_t size);
void *kk_realloc(void *p, size_t n);
void kk_free(void *p);
void *kk_aligned_alloc(size_t align, size_t n);
long kk___malloc_check(void);
void kk_qsort(void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *));
void *kk_bsearch(const void *key, const void *base, size_t n, size_t size,
		 int (*cmp)(const void *, const void *));

int *kk___errno_location(void);
#define kk_errno (*kk___errno_location())

/* tests/libc/host_stubs.c: what the fake hypercalls saw. */
extern char stub_console[1 << 20];
extern size_t stub_console_len;
extern int stub_console_calls;
void stub_console_reset(void);
void stub_stdin_set(const char *data, size_t len);

/* The tiny test framework (main.c). */
extern long tests_passed, tests_failed;
void check_fail(const char *suite, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#define CHECK(suite, cond, ...) \
	do { \
		if (cond) \
			tests_passed++; \
		else \
			check_fail(suite, __VA_ARGS__); \
	} while (0)

/* Deterministic random numbers (splitmix64). */
uint64_t rng_next(void);
void rng_seed(uint64_t seed);
static inline uint64_t rng_below(uint64_t n) { return rng_next() % n; }

void suite_printf(void);
void suite_strtod(void);
void suite_scanf(void);
void suite_string(void);
void suite_stdlib(void);
void suite_malloc(void);
void suite_stdio(void);
void suite_math(void);
void suite_math_c99(void);
void suite_math_flags(void);
void suite_complex(void);
void suite_env(void);

#endif
