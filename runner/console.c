#include "console.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
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

void console_flush(struct console *c)
{
	if (c->used && !c->error)
		write_all(c, c->buf, c->used);
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
	console_flush(c);
	c->bytes += len;
	if (c->error)
		return -1;
	return write_all(c, data, len);
}
