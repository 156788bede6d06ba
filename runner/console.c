#include "console.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void console_init(struct console *c, int fd)
{
	memset(c, 0, sizeof(*c));
	c->fd = fd;
}

static int write_all(struct console *c, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(c->fd, p, len);
		if (n < 0 && errno == EINTR)
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
