/*
 * <stdio.h> for kvmkit guests (sdk/libc/stdio.c, printf.c, scanf.c).
 *
 * stdout and stderr go to the runner's console: stdout is line buffered
 * (one console hypercall per completed line or full buffer), stderr is
 * flushed at the end of every call. stdin reads the runner's stdin. fopen()
 * reaches the host's files through the runner's file hypercalls.
 */
#ifndef _KVMKIT_STDIO_H
#define _KVMKIT_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

typedef struct __kvmkit_file FILE;
typedef long long fpos_t;

#define EOF          (-1)
#define BUFSIZ       4096
#define FILENAME_MAX 4096
#define FOPEN_MAX    16
#define L_tmpnam     20
#define TMP_MAX      10000

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin  stdin
#define stdout stdout
#define stderr stderr

#define __KVMKIT_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))
#define __KVMKIT_SCANF(f, a)  __attribute__((__format__(__scanf__, f, a)))

int printf(const char *__restrict fmt, ...) __KVMKIT_PRINTF(1, 2);
int fprintf(FILE *__restrict f, const char *__restrict fmt, ...)
	__KVMKIT_PRINTF(2, 3);
int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
	__KVMKIT_PRINTF(2, 3);
int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...)
	__KVMKIT_PRINTF(3, 4);
int asprintf(char **strp, const char *fmt, ...) __KVMKIT_PRINTF(2, 3);
int vprintf(const char *__restrict fmt, va_list ap) __KVMKIT_PRINTF(1, 0);
int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap)
	__KVMKIT_PRINTF(2, 0);
int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap)
	__KVMKIT_PRINTF(2, 0);
int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	      va_list ap) __KVMKIT_PRINTF(3, 0);
int vasprintf(char **strp, const char *fmt, va_list ap) __KVMKIT_PRINTF(2, 0);

int scanf(const char *__restrict fmt, ...) __KVMKIT_SCANF(1, 2);
int fscanf(FILE *__restrict f, const char *__restrict fmt, ...)
	__KVMKIT_SCANF(2, 3);
int sscanf(const char *__restrict s, const char *__restrict fmt, ...)
	__KVMKIT_SCANF(2, 3);
int vscanf(const char *__restrict fmt, va_list ap) __KVMKIT_SCANF(1, 0);
int vfscanf(FILE *__restrict f, const char *__restrict fmt, va_list ap)
	__KVMKIT_SCANF(2, 0);
int vsscanf(const char *__restrict s, const char *__restrict fmt, va_list ap)
	__KVMKIT_SCANF(2, 0);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *__restrict s, FILE *__restrict f);
int puts(const char *s);
size_t fwrite(const void *__restrict p, size_t size, size_t n,
	      FILE *__restrict f);
int fflush(FILE *f);

int fgetc(FILE *f);
int getc(FILE *f);
int getchar(void);
int ungetc(int c, FILE *f);
char *fgets(char *__restrict s, int n, FILE *__restrict f);
size_t fread(void *__restrict p, size_t size, size_t n, FILE *__restrict f);

FILE *fopen(const char *__restrict path, const char *__restrict mode);
/* POSIX; reading only ("r"): docs/sdk.md */
FILE *fmemopen(void *__restrict buf, size_t size, const char *__restrict mode);
int fclose(FILE *f);
FILE *freopen(const char *__restrict path, const char *__restrict mode,
	      FILE *__restrict f);
FILE *tmpfile(void);
char *tmpnam(char *s);
int remove(const char *path);
int rename(const char *from, const char *to);
int fseek(FILE *f, long off, int whence);
long ftell(FILE *f);
void rewind(FILE *f);
int fgetpos(FILE *__restrict f, fpos_t *__restrict pos);
int fsetpos(FILE *f, const fpos_t *pos);
int feof(FILE *f);
int ferror(FILE *f);
void clearerr(FILE *f);
int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size);
void setbuf(FILE *__restrict f, char *__restrict buf);
int fileno(FILE *f);
void perror(const char *s);

__KVMKIT_END_DECLS

#endif
