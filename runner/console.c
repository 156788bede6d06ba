#include "console.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_wait.h"

void console_init(struct console *c, int fd)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
	struct stat st;
	c->may_block = fstat(fd, &st) < 0 || !S_ISREG(st.st_mode);
}

static int write_all(struct console *c, const char *p, size_t len)
{
	while (len) {
		/* A stalled reader (a pipe nobody reads, a stopped terminal)
		 * must not hold the run past --timeout or a termination
		 * signal: wait until the fd takes PIPE_BUF bytes, then write
		 * no more than that, which cannot block. */
		size_t chunk = len;
		if (c->may_block) {
			int w = host_wait(c->fd, POLLOUT, c->deadline);
			if (w <= 0) {
				if (!c->error)
					c->error = w == 0 ? ETIMEDOUT : errno;
				return -1;
			}
			if (chunk > PIPE_BUF)
				chunk = PIPE_BUF;
		}
		ssize_t n = write(c->fd, p, chunk);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			/* A closed pipe (runner | head) is not the guest's
			 * fault: remember it and drop further output. */
			if (!c->error)
				c->error = n < 0 ? errno : EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

void console_set_prefix(struct console *c, const char *prefix)
{
	snprintf(c->prefix, sizeof(c->prefix), "%s", prefix);
}

/* A prefixed line goes out with its prefix in one write(2). */
static void write_prefixed(struct console *c)
{
	char line[sizeof(c->prefix) + sizeof(c->buf)];
	size_t n = 0;
	if (!c->mid_line) {
		n = strlen(c->prefix);
		memcpy(line, c->prefix, n);
	}
	memcpy(line + n, c->buf, c->used);
	write_all(c, line, n + c->used);
}

void console_flush(struct console *c)
{
	if (c->used && !c->error) {
		if (c->prefix[0])
			write_prefixed(c);
		else
			write_all(c, c->buf, c->used);
		c->mid_line = c->buf[c->used - 1] != '\n';
	}
	c->used = 0;
}

void console_put(struct console *c, const void *data, size_t len)
{
	const char *p = data;
	c->bytes += len;
	for (size_t i = 0; i < len; i++) {
		c->buf[c->used++] = p[i];
		if (p[i] == '\n' || c->used == sizeof(c->buf))
			console_flush(c);
	}
}

int console_write(struct console *c, const void *data, size_t len)
{
	if (c->prefix[0]) {
		console_put(c, data, len);
		return c->error ? -1 : 0;
	}
	console_flush(c);
	c->bytes += len;
	if (c->error)
		return -1;
	return write_all(c, data, len);
}
