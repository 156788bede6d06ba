/*
 * Streams: stdin, stdout, stderr and fopen()ed host files.
 *
 * Every stream has one buffer. Output accumulates in it and is sent with
 * one hypercall (one VM exit) when the buffer is full or when a call ends
 * and the buffering mode says so (__stdio_done): _IOLBF sends up to the
 * last newline, _IONBF sends everything, _IOFBF waits for a full buffer.
 * So printf("Hello, world!\n") on stdout costs exactly one exit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kvmkit/abi.h>

#include "stdio_impl.h"
#include "../internal/libc_hooks.h"

static unsigned char stdin_buf[BUFSIZ];
/* Large enough that output into a pipe costs one exit per 64 KiB; only
 * the pages a program's output reaches are ever touched. */
static unsigned char stdout_buf[64 * 1024];
static unsigned char stderr_buf[1024];

static FILE stdin_file = {
	.fd = FD_STDIN, .flags = F_READ | F_STATIC, .mode = _IOLBF,
	.buf = stdin_buf, .size = sizeof(stdin_buf), .ungot = EOF,
};
static FILE stdout_file = {
	.fd = FD_CONSOLE, .flags = F_WRITE | F_STATIC, .mode = _IOLBF,
	.buf = stdout_buf, .size = sizeof(stdout_buf), .ungot = EOF,
	.next = &stdin_file,
};
static FILE stderr_file = {
	.fd = FD_CONSOLE, .flags = F_WRITE | F_STATIC, .mode = _IONBF,
	.buf = stderr_buf, .size = sizeof(stderr_buf), .ungot = EOF,
	.next = &stdout_file,
};

FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

/* Every open stream, stderr first so that exit() flushes it first. */
static FILE *open_files = &stderr_file;

void __stdio_init(void)
{
	/* As C and glibc do: stdout is line buffered on a terminal, fully
	 * buffered into a pipe or a file. The runner writes out whatever is
	 * still buffered when the guest stops without flushing (a fault). */
	if (!__kvmkit_stdout_is_tty())
		stdout_file.mode = _IOFBF;
	__kvmkit_publish_console_buffer(&stdout_file.buf, &stdout_file.wlen);
}

static int set_error(FILE *f, long err)
{
	f->flags |= F_ERR;
	errno = err < 0 ? (int)-err : EIO;
	return EOF;
}

static int send(FILE *f, const unsigned char *p, size_t n);

/* stdout and stderr share the runner's console: before stderr's text goes
 * out, stdout's buffered text does, so the two keep the order in which the
 * program wrote them. */
static int console_in_order(FILE *f)
{
	FILE *out = &stdout_file;
	if (f == out || f->fd != FD_CONSOLE || out->fd != FD_CONSOLE ||
	    out->wlen == 0)
		return 0;
	size_t n = out->wlen;
	out->wlen = 0;
	return send(out, out->buf, n);
}

/* Sends n bytes straight to the host. */
static int send(FILE *f, const unsigned char *p, size_t n)
{
	if (n > 0 && console_in_order(f) < 0)
		return EOF;
	while (n > 0) {
		long r = __kvmkit_write(f->fd, p, n);
		if (r <= 0)
			return set_error(f, r);
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int __stdio_flush(FILE *f)
{
	size_t n = f->wlen;

	f->wlen = 0;
	return send(f, f->buf, n);
}

/* Before writing: forget unread input (a host file is moved back to where
 * the reader was). */
static int to_write_mode(FILE *f)
{
	if (!(f->flags & F_WRITE)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return EOF;
	}
	if (f->rlen > f->rpos || f->ungot != EOF) {
		long back = (long)(f->rlen - f->rpos) + (f->ungot != EOF);
		if (f->fd >= 0)
			__kvmkit_seek(f->fd, -back, SEEK_CUR);
		f->rpos = f->rlen = 0;
		f->ungot = EOF;
	}
	return 0;
}

int __stdio_put(FILE *f, const void *p, size_t n)
{
	const unsigned char *s = p;

	if (to_write_mode(f) < 0)
		return EOF;
	while (n > 0) {
		if (f->wlen == f->size && __stdio_flush(f) < 0)
			return EOF;
		/* A large write with nothing buffered skips the copy. */
		if (f->wlen == 0 && n >= f->size && f->mode != _IOLBF)
			return send(f, s, n);
		size_t k = f->size - f->wlen;
		if (k > n)
			k = n;
		memcpy(f->buf + f->wlen, s, k);
		f->wlen += k;
		s += k;
		n -= k;
	}
	return 0;
}

/* Only this call's own sending can fail it: the error indicator of an
 * earlier failure (a read on a write-only stream) stays set for ferror()
 * but does not make later writes report failure, as in glibc. */
int __stdio_done(FILE *f)
{
	if (f->mode == _IONBF)
		return __stdio_flush(f);
	if (f->mode == _IOLBF && f->wlen > 0) {
		unsigned char *nl = memrchr(f->buf, '\n', f->wlen);
		if (nl) {
			size_t n = (size_t)(nl - f->buf) + 1;
			size_t rest = f->wlen - n;
			int r = send(f, f->buf, n);
			memmove(f->buf, f->buf + n, rest);
			f->wlen = rest;
			return r;
		}
	}
	return 0;
}

void __stdio_flush_all(void)
{
	for (FILE *f = open_files; f; f = f->next)
		if (f->wlen)
			__stdio_flush(f);
}

int fflush(FILE *f)
{
	int r = 0;
	__libc_lock();
	if (!f) {
		for (FILE *g = open_files; g; g = g->next)
			if (g->wlen && __stdio_flush(g) < 0)
				r = EOF;
	} else if (f->wlen) {
		r = __stdio_flush(f);
	}
	__libc_unlock();
	return r;
}

/* ------------------------------------------------------------ output */

int fputc(int c, FILE *f)
{
	unsigned char b = (unsigned char)c;

	__libc_lock();
	int r = __stdio_put(f, &b, 1) < 0 || __stdio_done(f) < 0 ? EOF : b;
	__libc_unlock();
	return r;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *restrict s, FILE *restrict f)
{
	__libc_lock();
	int r = __stdio_put(f, s, strlen(s)) < 0 || __stdio_done(f) < 0 ? EOF : 0;
	__libc_unlock();
	return r;
}

int puts(const char *s)
{
	__libc_lock();
	int r = __stdio_put(stdout, s, strlen(s)) < 0 ||
			__stdio_put(stdout, "\n", 1) < 0 ||
			__stdio_done(stdout) < 0 ? EOF : 0;
	__libc_unlock();
	return r;
}

size_t fwrite(const void *restrict p, size_t size, size_t n,
	      FILE *restrict f)
{
	size_t total;

	if (size == 0 || n == 0)
		return 0;
	if (__builtin_mul_overflow(size, n, &total)) {
		errno = EOVERFLOW;
		return 0;
	}
	/* On an error we cannot tell how much went out: report none. */
	__libc_lock();
	int failed = __stdio_put(f, p, total) < 0 || __stdio_done(f) < 0;
	__libc_unlock();
	return failed ? 0 : n;
}

void perror(const char *s)
{
	const char *msg = strerror(errno);

	__libc_lock();
	if (s && *s) {
		__stdio_put(stderr, s, strlen(s));
		__stdio_put(stderr, ": ", 2);
	}
	__stdio_put(stderr, msg, strlen(msg));
	__stdio_put(stderr, "\n", 1);
	__stdio_done(stderr);
	__libc_unlock();
}

/* ------------------------------------------------------------ input */

int __stdio_fill(FILE *f)
{
	if (!(f->flags & F_READ)) {
		f->flags |= F_ERR;
		errno = EBADF;
		return -1;
	}
	if (f->wlen && __stdio_flush(f) < 0)
		return -1;
	/* Like glibc: a program that prompts and then reads sees its
	 * prompt first. */
	if (f->fd == FD_STDIN && stdout->wlen)
		__stdio_flush(stdout);
	/* A memory stream's buffer held all of it: the end. */
	long r = f->fd == FD_MEMORY ? 0 : __kvmkit_read(f->fd, f->buf, f->size);
	if (r < 0) {
		set_error(f, r);
		return -1;
	}
	if (r == 0)
		f->flags |= F_EOF;
	f->rpos = 0;
	f->rlen = (size_t)r;
	return (int)r;
}

int fgetc(FILE *f)
{
	if (f->ungot != EOF) {
		int c = f->ungot;
		f->ungot = EOF;
		return c;
	}
	if (f->rpos == f->rlen && __stdio_fill(f) <= 0)
		return EOF;
	return f->buf[f->rpos++];
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
	if (c == EOF || f->ungot != EOF)
		return EOF;
	f->ungot = (unsigned char)c;
	f->flags &= ~F_EOF;
	return (unsigned char)c;
}

char *fgets(char *restrict s, int n, FILE *restrict f)
{
	int i = 0;

	if (n <= 0)
		return NULL;
	while (i < n - 1) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0 && n > 1)
		return NULL;
	s[i] = '\0';
	return s;
}

size_t fread(void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	unsigned char *d = p;
	size_t total, got = 0;

	if (size == 0 || n == 0)
		return 0;
	if (__builtin_mul_overflow(size, n, &total)) {
		errno = EOVERFLOW;
		return 0;
	}
	if (f->ungot != EOF && total > 0) {
		d[got++] = (unsigned char)f->ungot;
		f->ungot = EOF;
	}
	while (got < total) {
		if (f->rpos == f->rlen && __stdio_fill(f) <= 0)
			break;
		size_t k = f->rlen - f->rpos;
		if (k > total - got)
			k = total - got;
		memcpy(d + got, f->buf + f->rpos, k);
		f->rpos += k;
		got += k;
	}
	return got / size;
}

int feof(FILE *f)
{
	return (f->flags & F_EOF) != 0;
}

int ferror(FILE *f)
{
	return (f->flags & F_ERR) != 0;
}

void clearerr(FILE *f)
{
	f->flags &= ~(F_EOF | F_ERR);
}

int fileno(FILE *f)
{
	if (f == stdin)
		return 0;
	if (f == stdout)
		return 1;
	if (f == stderr)
		return 2;
	/* A host file: the POSIX descriptor read() and write() take. */
	return f->fd >= 0 ? f->fd + FD_FIRST_FILE : -1;
}

int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF)
		return -1;
	if (f->wlen && __stdio_flush(f) < 0)
		return -1;
	f->mode = mode;
	if (buf && size > 0 && f->fd != FD_MEMORY) { /* whose data it is */
		if (f->flags & F_OWNBUF)
			free(f->buf);
		f->flags &= ~F_OWNBUF;
		f->buf = (unsigned char *)buf;
		f->size = size;
		f->rpos = f->rlen = 0;
	}
	return 0;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

/* ------------------------------------------------------------ host files */

/* fopen's mode -> KVMKIT_O_* flags and F_* stream flags; -1 (EINVAL)
 * for a mode C does not define. */
static int parse_mode(const char *mode, int *flags, int *fl)
{
	switch (mode[0]) {
	case 'r': *flags = KVMKIT_O_RDONLY; *fl = F_READ; break;
	case 'w': *flags = KVMKIT_O_WRONLY | KVMKIT_O_CREAT | KVMKIT_O_TRUNC;
		  *fl = F_WRITE; break;
	case 'a': *flags = KVMKIT_O_WRONLY | KVMKIT_O_CREAT | KVMKIT_O_APPEND;
		  *fl = F_WRITE | F_APPEND; break;
	default: errno = EINVAL; return -1;
	}
	if (strchr(mode, '+')) {
		*flags = (*flags & ~3) | KVMKIT_O_RDWR;
		*fl |= F_READ | F_WRITE;
	}
	return 0;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
	int flags, fl = 0;

	if (parse_mode(mode, &flags, &fl) < 0)
		return NULL;

	FILE *f = calloc(1, sizeof(*f));
	unsigned char *buf = malloc(BUFSIZ);
	if (!f || !buf) {
		free(f);
		free(buf);
		errno = ENOMEM;
		return NULL;
	}
	long fd = __kvmkit_open(path, flags);
	if (fd < 0) {
		free(f);
		free(buf);
		errno = (int)-fd;
		return NULL;
	}
	f->fd = (int)fd;
	f->flags = fl | F_OWNBUF;
	f->mode = _IOFBF;
	f->buf = buf;
	f->size = BUFSIZ;
	f->ungot = EOF;
	f->next = open_files;
	open_files = f;
	return f;
}

/* POSIX fmemopen, for reading only: the stream reads the size bytes at
 * buf (a NUL among them is data), then ends. Other modes: EINVAL. */
FILE *fmemopen(void *restrict buf, size_t size, const char *restrict mode)
{
	if (!buf || !size || mode[0] != 'r' || strchr(mode, '+')) {
		errno = EINVAL;
		return NULL;
	}
	FILE *f = calloc(1, sizeof(*f));
	if (!f) {
		errno = ENOMEM;
		return NULL;
	}
	f->fd = FD_MEMORY;
	f->flags = F_READ;
	f->mode = _IOFBF;
	f->buf = buf;
	f->size = f->rlen = size;
	f->ungot = EOF;
	f->next = open_files;
	open_files = f;
	return f;
}

int fclose(FILE *f)
{
	int r = fflush(f);

	if (f->flags & F_STATIC)
		return r;
	for (FILE **pp = &open_files; *pp; pp = &(*pp)->next) {
		if (*pp == f) {
			*pp = f->next;
			break;
		}
	}
	if (f->fd >= 0 && __kvmkit_close(f->fd) < 0)
		r = EOF;
	if (f->tmp_name) {
		__kvmkit_remove(f->tmp_name);
		free(f->tmp_name);
	}
	if (f->flags & F_OWNBUF)
		free(f->buf);
	free(f);
	return r;
}

/* Another file (or mode) on the same stream. The console streams can be
 * pointed at files; a NULL path (change only the mode) is refused, as C
 * allows. */
FILE *freopen(const char *restrict path, const char *restrict mode,
	      FILE *restrict f)
{
	int flags, fl = 0;

	fflush(f);
	if (!path) {
		errno = EBADF;
		return NULL;
	}
	if (parse_mode(mode, &flags, &fl) < 0)
		return NULL;
	if (f->fd >= 0)
		__kvmkit_close(f->fd);
	if (f->tmp_name) {
		__kvmkit_remove(f->tmp_name);
		free(f->tmp_name);
		f->tmp_name = NULL;
	}
	f->fd = FD_CLOSED;
	long fd = __kvmkit_open(path, flags);
	if (fd < 0) {
		errno = (int)-fd;
		f->flags |= F_ERR;
		return NULL;
	}
	f->fd = (int)fd;
	f->flags = fl | (f->flags & (F_OWNBUF | F_STATIC));
	if (!(f->flags & F_STATIC))
		f->mode = _IOFBF;
	f->wlen = f->rpos = f->rlen = 0;
	f->ungot = EOF;
	return f;
}

/* Names in the current directory of --share DIR: "tmp.kvmkit.N", N
 * counting up, skipping names that exist. */
char *tmpnam(char *s)
{
	static char own[L_tmpnam];
	static unsigned counter;
	struct kvmkit_stat st;

	if (!s)
		s = own;
	for (int tries = 0; tries < TMP_MAX; tries++) {
		snprintf(s, L_tmpnam, "tmp.kvmkit.%u", counter++ % 100000000u);
		if (__kvmkit_stat(s, &st) == -KVMKIT_ENOENT)
			return s;
	}
	return NULL;
}

FILE *tmpfile(void)
{
	char name[L_tmpnam];
	if (!tmpnam(name))
		return NULL;
	FILE *f = fopen(name, "w+");
	if (f && !(f->tmp_name = strdup(name))) {
		fclose(f);
		__kvmkit_remove(name);
		errno = ENOMEM;
		return NULL;
	}
	return f;
}

static int file_result(long r)
{
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	return 0;
}

int remove(const char *path)
{
	return file_result(__kvmkit_remove(path));
}

int rename(const char *from, const char *to)
{
	return file_result(__kvmkit_rename(from, to));
}

int fseek(FILE *f, long off, int whence)
{
	if (f->fd < 0) {
		errno = ESPIPE;
		return -1;
	}
	if (f->wlen && __stdio_flush(f) < 0)
		return -1;
	/* The host is ahead of the reader by the unread input. */
	if (whence == SEEK_CUR)
		off -= (long)(f->rlen - f->rpos) + (f->ungot != EOF);
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
	long r = __kvmkit_seek(f->fd, off, whence);
	if (r < 0) {
		errno = (int)-r;
		return -1;
	}
	f->flags &= ~F_EOF;
	return 0;
}

long ftell(FILE *f)
{
	if (f->fd < 0) {
		errno = ESPIPE;
		return -1;
	}
	long pos = __kvmkit_seek(f->fd, 0, SEEK_CUR);
	if (pos < 0) {
		errno = (int)-pos;
		return -1;
	}
	return pos - (long)(f->rlen - f->rpos) - (f->ungot != EOF) +
	       (long)f->wlen;
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	clearerr(f);
}

int fgetpos(FILE *restrict f, fpos_t *restrict pos)
{
	long p = ftell(f);
	if (p < 0)
		return -1;
	*pos = p;
	return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
	return fseek(f, (long)*pos, SEEK_SET);
}
