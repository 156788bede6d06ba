#define _GNU_SOURCE /* accept4 */
#include "gdb/conn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "stop_signal.h"

int gdb_connect(const char *target, int *in, int *out, char *err,
		size_t errlen)
{
	if (!strcmp(target, "-")) {
		*in = 0;
		*out = 1;
		/* gdb's Ctrl-C comes in the stream (0x03). A SIGINT is meant
		 * for gdb or a wrapper sharing our process group: it must not
		 * end the session (gdb runs "target remote | ..." in a session
		 * of its own, or with SIGINT ignored, for the same reason).
		 * Typed by hand on a terminal, Ctrl-C still quits. */
		if (!isatty(*in))
			signal(SIGINT, SIG_IGN);
		return 0;
	}
	const char *colon = strrchr(target, ':');
	char host[256];
	size_t hlen = colon ? (size_t)(colon - target) : 0;
	if (!colon || hlen >= sizeof(host) || !colon[1]) {
		snprintf(err, errlen, "--gdb %s: expected [ADDRESS]:PORT or -",
			 target);
		return -1;
	}
	memcpy(host, target, hlen);
	host[hlen] = 0;
	/* "[::1]:1234" */
	char *h = host;
	if (h[0] == '[' && hlen >= 2 && h[hlen - 1] == ']') {
		h[hlen - 1] = 0;
		h++;
	}
	/* Numeric addresses only (and "localhost"): the runner is static,
	 * and glibc's name service needs shared libraries. */
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (*end || port == 0 || port > 65535) {
		snprintf(err, errlen, "--gdb %s: bad port '%s'", target,
			 colon + 1);
		return -1;
	}
	if (!h[0] || !strcmp(h, "localhost"))
		h = "127.0.0.1";
	struct sockaddr_storage ss;
	socklen_t sslen;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, h, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons((uint16_t)port);
		sslen = sizeof(*v4);
	} else if (inet_pton(AF_INET6, h, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons((uint16_t)port);
		sslen = sizeof(*v6);
	} else {
		snprintf(err, errlen, "--gdb %s: '%s' is not a numeric IPv4 or "
			 "IPv6 address", target, h);
		return -1;
	}
	int lfd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (lfd < 0 ||
	    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(lfd, (struct sockaddr *)&ss, sslen) < 0 || listen(lfd, 1) < 0) {
		snprintf(err, errlen, "--gdb %s: %s", target, strerror(errno));
		if (lfd >= 0)
			close(lfd);
		return -1;
	}
	fprintf(stderr, "runner: waiting for gdb: target remote %s\n", target);
	int fd;
	/* A termination signal (Ctrl-C) gives up waiting. */
	do
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	while (fd < 0 && errno == EINTR && !stop_signal_received());
	close(lfd);
	if (fd < 0) {
		snprintf(err, errlen, "--gdb %s: accept: %s", target,
			 strerror(errno));
		return -1;
	}
	/* Packets are small and answered one by one: send them at once. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	*in = *out = fd;
	return 0;
}

void gdb_disconnect(int in, int out)
{
	if (in > 2)
		close(in);
	if (out > 2 && out != in)
		close(out);
}
