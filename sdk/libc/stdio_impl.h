/*
 * Internal to sdk/libc: the FILE structure and the buffer primitives that
 * stdio.c implements and printf.c / scanf.c use.
 */
#ifndef KVMKIT_LIBC_STDIO_IMPL_H
#define KVMKIT_LIBC_STDIO_IMPL_H

#include <stddef.h>
#include <stdio.h>

/* fd values that are not host files. */
#define FD_CONSOLE (-1) /* kvmkit_console_write: stdout and stderr */
#define FD_STDIN   (-2) /* KVMKIT_HC_STDIN_READ                    */
#define FD_CLOSED  (-3) /* freopen() failed: every call fails      */
#define FD_MEMORY  (-4) /* fmemopen(): the buffer is the whole file */
/* POSIX descriptors (fd.c, fileno): 0-2 are the console streams, a
 * host file is its hypercall descriptor plus FD_FIRST_FILE. */
#define FD_FIRST_FILE 3

enum {
	F_READ = 1,
	F_WRITE = 2,
	F_EOF = 4,
	F_ERR = 8,
	F_APPEND = 16,
	F_OWNBUF = 32, /* buf came from malloc: free it in fclose */
	F_STATIC = 64, /* stdin/stdout/stderr: never freed        */
};

struct __kvmkit_file {
	int fd;
	int flags;
	int mode;            /* _IOFBF, _IOLBF or _IONBF                    */
	unsigned char *buf;
	size_t size;
	size_t wlen;         /* bytes written into buf, not yet sent        */
	size_t rpos, rlen;   /* unread input is buf[rpos, rlen)             */
	int ungot;           /* a character pushed back by ungetc, or EOF   */
	struct __kvmkit_file *next; /* every open stream, for fflush(NULL)  */
	char *tmp_name;      /* tmpfile(): removed when the stream closes   */
};

/* Append n bytes to f's buffer, sending it to the host when full. Returns
 * 0, or EOF on an error (F_ERR is then set). */
int __stdio_put(FILE *f, const void *p, size_t n);
/* End of one stdio call that wrote to f: apply the buffering mode (send
 * everything for _IONBF, up to the last newline for _IOLBF). */
int __stdio_done(FILE *f);
/* Send everything buffered in f. */
int __stdio_flush(FILE *f);
/* Refill f's read buffer: returns the byte count, 0 at end of file. */
int __stdio_fill(FILE *f);
/* Flush every open stream (exit, abort). */
void __stdio_flush_all(void);
void __stdio_init(void);

/* Hypercalls used by stdio, in hostio.c (replaced by fakes in the host
 * build of the tests). Results as the ABI: >= 0 or -KVMKIT_Exxx. */
long __kvmkit_write(int fd, const void *p, size_t n);
long __kvmkit_read(int fd, void *p, size_t n);
long __kvmkit_open(const char *path, int flags);
long __kvmkit_seek(int fd, long long off, int whence);
long __kvmkit_close(int fd);
long __kvmkit_remove(const char *path);
long __kvmkit_rename(const char *from, const char *to);
struct kvmkit_stat;
long __kvmkit_stat(const char *path, struct kvmkit_stat *st);
long __kvmkit_time(int clock, long long *sec, long *nsec);
/* Whether the runner's stdout is a terminal (boot info), and telling the
 * runner where stdout's unsent bytes are, so that it writes them out if
 * the guest stops before it could (a fault, a timeout). */
int __kvmkit_stdout_is_tty(void);
void __kvmkit_publish_console_buffer(unsigned char **buf_at, size_t *len_at);
/* KVMKIT_HC_ABORT with msg: the run ends with status 134. */
_Noreturn void __kvmkit_abort(const char *msg);
/* KVMKIT_HC_EXIT: the run ends now with this status. */
_Noreturn void __kvmkit_exit(int status);

#endif
