/*
 * kvmkit-stream: the host end of "tests/vm/run -s", a byte stream between
 * our stdin/stdout and a command in the test VM, as it happens (so that
 * an interactive protocol such as gdb's "target remote | ..." works).
 *
 *   kvmkit-stream IN_SOCKET OUT_SOCKET READY_FILE
 *
 * The two sockets are qemu's ends of the virtio-serial ports kvmkit.stdin
 * and kvmkit.stdout (one port per direction, so that the end of our stdin
 * can be shown to the command as end of file by closing IN_SOCKET alone).
 * Once both are connected READY_FILE is created. Then stdin goes to
 * IN_SOCKET and OUT_SOCKET comes to stdout, until SIGTERM says the command
 * has ended: what it wrote is then drained (until the port is quiet for a
 * moment) and we exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define QUIET_MS 300 /* after the command's end: no more output for this long */

static volatile sig_atomic_t ended;

static void on_term(int sig)
{
	(void)sig;
	ended = 1;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un a;
	struct timespec pause_ = { 0, 10 * 1000 * 1000 };
	int tries;

	if (strlen(path) >= sizeof a.sun_path) {
		fprintf(stderr, "kvmkit-stream: socket path too long: %s\n", path);
		return -1;
	}
	memset(&a, 0, sizeof a);
	a.sun_family = AF_UNIX;
	strcpy(a.sun_path, path);
	for (tries = 0; tries < 500; tries++) { /* qemu may still be starting */
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			break;
		if (connect(fd, (struct sockaddr *)&a, sizeof a) == 0)
			return fd;
		close(fd);
		nanosleep(&pause_, NULL);
	}
	fprintf(stderr, "kvmkit-stream: cannot connect to %s: %s\n", path,
		strerror(errno));
	return -1;
}

/* Write all of buf; returns -1 when the reader has gone. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int in_sock, out_sock, fd, out_ok = 1;
	char buf[65536];

	if (argc != 4) {
		fprintf(stderr, "usage: kvmkit-stream IN_SOCKET OUT_SOCKET READY_FILE\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term; /* no SA_RESTART: poll() must return */
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	in_sock = connect_unix(argv[1]);
	out_sock = in_sock < 0 ? -1 : connect_unix(argv[2]);
	if (out_sock < 0)
		return 125;
	fd = open(argv[3], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		fprintf(stderr, "kvmkit-stream: %s: %s\n", argv[3], strerror(errno));
		return 125;
	}
	close(fd);

	for (;;) {
		struct pollfd p[2] = { { out_sock, POLLIN, 0 }, { -1, POLLIN, 0 } };
		int n;
		/* stdin is read only while the command runs and reads it */
		if (in_sock >= 0 && !ended)
			p[1].fd = STDIN_FILENO;
		n = poll(p, 2, ended ? QUIET_MS : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("kvmkit-stream: poll");
			return 125;
		}
		if (n == 0) /* ended, and quiet for QUIET_MS: all drained */
			return 0;
		if (p[0].revents) {
			ssize_t got = read(out_sock, buf, sizeof buf);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) /* qemu closed its end: the VM is gone */
				return 0;
			if (out_ok && write_all(STDOUT_FILENO, buf, (size_t)got) < 0)
				out_ok = 0; /* our reader left: keep draining */
		}
		if (p[1].revents) {
			ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0 || write_all(in_sock, buf, (size_t)got) < 0) {
				/* End of our stdin: end of file for the command.
				 * Half-close, so that qemu still delivers what it
				 * has not yet read (a full close is a hang-up,
				 * which drops it). */
				shutdown(in_sock, SHUT_WR);
				in_sock = -1;
			}
		}
	}
}
