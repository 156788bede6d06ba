/*
 * kvmkit-agent: runs the host's commands inside the test VM.
 *
 * /init (tests/vm/init) sets the VM up and then execs this program, so it
 * is PID 1: it must never exit, and it reaps every orphan. It is static C
 * rather than a busybox loop so that starting a command costs one fork and
 * one exec, and so that a command can be put in its own session and killed
 * as a whole on timeout.
 *
 * The host shares a spool directory (9p, mounted on /spool). A request is a
 * directory /spool/ID written by tests/vm/run before it asks for a run:
 *   argv     the command line, each argument NUL-terminated
 *   cwd      the working directory (no newline)
 *   env      extra NAME=VALUE entries, each NUL-terminated (may be empty)
 *   stdin    optional: a file fed to the command's stdin (else /dev/null)
 *   stream   optional: stdin and stdout are the virtio-serial ports
 *            kvmkit.stdin and kvmkit.stdout instead, a live byte stream
 *            with tests/vm/stream.c at the host's end (tests/vm/run -s)
 *   winsize  optional, console mode: "ROWS COLS"
 * The command's stdout and stderr go to the files out and err beside them,
 * written through the share, so the host gets them byte for byte and apart.
 *
 * Session mode (kvmkit-agent session) talks over the virtio-serial port
 * named "kvmkit.ctl", one short text line per message:
 *   host -> guest  "run ID"          start request ID
 *                  "kill ID"         SIGKILL request ID's process group
 *                  "halt"            power off
 *   guest -> host  "ready"           once, when requests are accepted
 *                  "done ID STATUS"  request ID ended; STATUS is its exit
 *                                    status, 128+N after signal N (also
 *                                    written to /spool/ID/status)
 * Console mode (kvmkit-agent console ID) runs request ID on the serial
 * console as an interactive session (debug shell), then powers off.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define SPOOL "/spool"
#define PORT_NAME "kvmkit.ctl"
#define MAX_JOBS 64
#define ID_MAX 64

struct job {
	pid_t pid; /* 0: free slot */
	char id[ID_MAX];
};

static struct job jobs[MAX_JOBS];
static int ctl = -1;
static int wake[2]; /* self-pipe: SIGCHLD -> poll() */

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("kvmkit-agent: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void power_off(void) __attribute__((noreturn));
static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	for (;;) /* PID 1 must not return */
		pause();
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			logmsg("write: %s", strerror(errno));
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

static void say(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	if (n > 0 && ctl >= 0)
		write_all(ctl, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Whole file into a NUL-terminated malloc'd buffer; NULL if unreadable. */
static char *slurp(const char *path, size_t *len)
{
	size_t cap = 4096, used = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || !buf) {
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	for (;;) {
		ssize_t n;
		if (used + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger)
				break;
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + used, cap - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = 0;
	if (len)
		*len = used;
	return buf;
}

/* The device of the virtio-serial port NAME, or NULL (seconds_ ~ tries/100).
 * Ports appear asynchronously after virtio_console is loaded. */
static int find_port(const char *want, char *dev, size_t devlen, int tries)
{
	struct timespec pause_ = { 0, 10 * 1000 * 1000 };

	for (; tries > 0; tries--) {
		DIR *d = opendir("/sys/class/virtio-ports");
		struct dirent *e;
		while (d && (e = readdir(d))) {
			char path[512], *name;
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "/sys/class/virtio-ports/%s/name",
				 e->d_name);
			name = slurp(path, NULL);
			if (!name || strncmp(name, want, strlen(want)) != 0 ||
			    (name[strlen(want)] != 0 && name[strlen(want)] != '\n')) {
				free(name);
				continue;
			}
			free(name);
			snprintf(dev, devlen, "/dev/%s", e->d_name);
			closedir(d);
			return 0;
		}
		if (d)
			closedir(d);
		nanosleep(&pause_, NULL);
	}
	return -1;
}

static int open_port(void)
{
	char dev[300];
	int tries;

	if (find_port(PORT_NAME, dev, sizeof dev, 1000) < 0) /* about 10 s */
		return -1;
	for (tries = 0; tries < 100; tries++) {
		int fd = open(dev, O_RDWR | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		usleep(10000);
	}
	return -1;
}

/*
 * Open a stream port for the command. A port has one opener at a time: the
 * last command's leftovers may still be dying, so wait for it a little.
 */
static int open_stream_port(const char *name, int flags)
{
	char dev[300];
	int tries;

	if (find_port(name, dev, sizeof dev, 100) < 0) {
		fprintf(stderr, "kvmkit-agent: no virtio-serial port %s\n", name);
		return -1;
	}
	for (tries = 0; tries < 500; tries++) {
		int fd = open(dev, flags);
		if (fd >= 0)
			return fd;
		if (errno != EBUSY)
			break;
		usleep(10000);
	}
	fprintf(stderr, "kvmkit-agent: %s: %s\n", dev, strerror(errno));
	return -1;
}

/* Bytes the last streaming command left unread on kvmkit.stdin belong to
 * nobody: drop them so the next command starts with its own stdin. */
static void drain_stream_input(void)
{
	char dev[300], buf[4096];
	int fd;

	if (find_port("kvmkit.stdin", dev, sizeof dev, 1) < 0)
		return;
	fd = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return;
	while (read(fd, buf, sizeof buf) > 0)
		;
	close(fd);
}

/*
 * The command's stdin and stdout on the stream ports. The host connects
 * both before asking for the run, but the guest learns that through
 * control messages: wait until the stdout port shows the host connected
 * (no POLLHUP), so that nothing the command writes is dropped.
 */
static int stream_stdio(void)
{
	int in = open_stream_port("kvmkit.stdin", O_RDONLY);
	int out = open_stream_port("kvmkit.stdout", O_WRONLY);
	int tries;

	if (in < 0 || out < 0)
		return -1;
	for (tries = 0; tries < 1000; tries++) { /* about 10 s */
		struct pollfd p = { out, POLLOUT, 0 };
		if (poll(&p, 1, 0) >= 0 && !(p.revents & POLLHUP))
			break;
		usleep(10000);
	}
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0)
		return -1;
	if (in > 1)
		close(in);
	if (out > 1)
		close(out);
	return 0;
}

/* Split a buffer of NUL-terminated strings into a NULL-terminated array. */
static char **split0(char *buf, size_t len)
{
	size_t count = 0, i, k = 0;
	char **v;

	for (i = 0; i < len; i++)
		if (buf[i] == 0)
			count++;
	v = calloc(count + 1, sizeof *v);
	if (!v)
		return NULL;
	for (i = 0; i < len && k < count; i += strlen(buf + i) + 1)
		v[k++] = buf + i;
	v[k] = NULL;
	return v;
}

static int redirect(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		return -1;
	if (fd != target) {
		if (dup2(fd, target) < 0)
			return -1;
		close(fd);
	}
	return 0;
}

/*
 * In the forked child: set up stdio, environment and cwd from request dir
 * and exec the command. Never returns.
 */
static void exec_request(const char *dir, int console)
{
	char path[4096];
	char *argvbuf, *envbuf, *cwd;
	size_t alen, elen;
	char **args, **envs;
	int i;

	setsid(); /* own session and process group: "kill ID" gets them all */
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);

	if (console) {
		/* Become the controlling terminal's owner so that job control
		 * and ^C work in the debug shell. */
		int tty = open("/dev/ttyS0", O_RDWR);
		char *ws;
		if (tty < 0) {
			logmsg("open /dev/ttyS0: %s", strerror(errno));
			_exit(125);
		}
		ioctl(tty, TIOCSCTTY, 0);
		dup2(tty, 0);
		dup2(tty, 1);
		dup2(tty, 2);
		if (tty > 2)
			close(tty);
		snprintf(path, sizeof path, "%s/winsize", dir);
		ws = slurp(path, NULL);
		if (ws) {
			struct winsize w;
			unsigned rows = 0, cols = 0;
			memset(&w, 0, sizeof w);
			if (sscanf(ws, "%u %u", &rows, &cols) == 2 && rows && cols) {
				w.ws_row = (unsigned short)rows;
				w.ws_col = (unsigned short)cols;
				ioctl(0, TIOCSWINSZ, &w);
			}
		}
	} else {
		snprintf(path, sizeof path, "%s/err", dir);
		if (redirect(path, O_WRONLY | O_CREAT | O_TRUNC, 2) < 0)
			_exit(125);
		snprintf(path, sizeof path, "%s/stream", dir);
		if (access(path, F_OK) == 0) {
			if (stream_stdio() < 0)
				_exit(125);
		} else {
			snprintf(path, sizeof path, "%s/stdin", dir);
			if (access(path, F_OK) != 0)
				snprintf(path, sizeof path, "/dev/null");
			if (redirect(path, O_RDONLY, 0) < 0)
				_exit(125);
			snprintf(path, sizeof path, "%s/out", dir);
			if (redirect(path, O_WRONLY | O_CREAT | O_TRUNC, 1) < 0)
				_exit(125);
		}
	}

	snprintf(path, sizeof path, "%s/argv", dir);
	argvbuf = slurp(path, &alen);
	args = argvbuf ? split0(argvbuf, alen) : NULL;
	if (!args || !args[0]) {
		fprintf(stderr, "kvmkit-agent: %s: empty or missing command line\n", dir);
		_exit(125);
	}
	snprintf(path, sizeof path, "%s/env", dir);
	envbuf = slurp(path, &elen);
	envs = envbuf ? split0(envbuf, elen) : NULL;
	for (i = 0; envs && envs[i]; i++)
		if (strchr(envs[i], '='))
			putenv(envs[i]);
	snprintf(path, sizeof path, "%s/cwd", dir);
	cwd = slurp(path, NULL);
	if (!cwd || chdir(cwd) != 0) {
		fprintf(stderr, "kvmkit-agent: cannot enter %s: %s\n",
			cwd ? cwd : "(no cwd)", strerror(errno));
		_exit(125);
	}
	if (cwd)
		setenv("PWD", cwd, 1);
	/* Tells programs (the runner's --share message) that they run in the
	 * test VM, which sees only the repository of the host. */
	setenv("KVMKIT_TEST_VM", "1", 1);

	execvp(args[0], args);
	/* Same wording and codes as a shell: 127 not found, 126 not runnable */
	fprintf(stderr, "%s: %s\n", args[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

static pid_t start(const char *id, int console)
{
	char dir[256];
	pid_t pid;

	snprintf(dir, sizeof dir, "%s/%s", SPOOL, id);
	pid = fork();
	if (pid < 0) {
		logmsg("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		exec_request(dir, console);
	return pid;
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 125;
}

static void write_status(const char *id, int code)
{
	char path[256], text[16];
	int fd, n;

	snprintf(path, sizeof path, "%s/%s/status", SPOOL, id);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		logmsg("%s: %s", path, strerror(errno));
		return;
	}
	n = snprintf(text, sizeof text, "%d\n", code);
	write_all(fd, text, (size_t)n);
	close(fd);
}

static int valid_id(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n >= ID_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if (!(id[i] == '-' || id[i] == '_' || id[i] == '.' ||
		      (id[i] >= '0' && id[i] <= '9') ||
		      (id[i] >= 'a' && id[i] <= 'z') ||
		      (id[i] >= 'A' && id[i] <= 'Z')))
			return 0;
	return id[0] != '.';
}

static void reap(void)
{
	int status, i;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		for (i = 0; i < MAX_JOBS; i++) {
			if (jobs[i].pid != pid)
				continue;
			/* Whatever the command left running in its session
			 * goes too: the next command starts from a clean VM. */
			kill(-pid, SIGKILL);
			drain_stream_input();
			write_status(jobs[i].id, exit_code(status));
			say("done %s %d\n", jobs[i].id, exit_code(status));
			jobs[i].pid = 0;
			break;
		}
		/* anything else was an orphan re-parented to PID 1 */
	}
}

static void handle(char *line)
{
	char *verb = strtok(line, " \t\r");
	char *id = strtok(NULL, " \t\r");
	int i;

	if (!verb)
		return;
	if (strcmp(verb, "halt") == 0)
		power_off();
	if (strcmp(verb, "ping") == 0) {
		say("pong %s\n", id ? id : "-");
		return;
	}
	if (!id || !valid_id(id)) {
		logmsg("bad request: %s", verb);
		return;
	}
	if (strcmp(verb, "run") == 0) {
		for (i = 0; i < MAX_JOBS && jobs[i].pid; i++)
			;
		if (i == MAX_JOBS) {
			say("done %s 125\n", id);
			return;
		}
		jobs[i].pid = start(id, 0);
		if (jobs[i].pid < 0) {
			jobs[i].pid = 0;
			write_status(id, 125);
			say("done %s 125\n", id);
			return;
		}
		snprintf(jobs[i].id, sizeof jobs[i].id, "%s", id);
	} else if (strcmp(verb, "kill") == 0) {
		for (i = 0; i < MAX_JOBS; i++)
			if (jobs[i].pid && strcmp(jobs[i].id, id) == 0) {
				kill(-jobs[i].pid, SIGKILL);
				kill(jobs[i].pid, SIGKILL);
			}
	} else {
		logmsg("unknown request: %s", verb);
	}
}

static void on_sigchld(int sig)
{
	int saved = errno;

	(void)sig;
	if (write(wake[1], "c", 1) < 0) {
		/* pipe full: a wake-up is already pending */
	}
	errno = saved;
}

static void session(void)
{
	char buf[4096];
	size_t used = 0;
	struct sigaction sa;

	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		logmsg("pipe: %s", strerror(errno));
		power_off();
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	ctl = open_port();
	if (ctl < 0) {
		logmsg("no virtio-serial port named %s", PORT_NAME);
		power_off();
	}
	say("ready\n");

	for (;;) {
		struct pollfd p[2] = { { ctl, POLLIN, 0 }, { wake[0], POLLIN, 0 } };
		char *nl;
		ssize_t n;

		if (poll(p, 2, -1) < 0) {
			if (errno != EINTR)
				logmsg("poll: %s", strerror(errno));
			continue;
		}
		if (p[1].revents) {
			char drain[64];
			while (read(wake[0], drain, sizeof drain) > 0)
				;
			reap();
		}
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		n = read(ctl, buf + used, sizeof buf - 1 - used);
		if (n <= 0) {
			/* host side not connected: do not spin */
			struct timespec t = { 0, 50 * 1000 * 1000 };
			if (n < 0 && errno == EINTR)
				continue;
			nanosleep(&t, NULL);
			continue;
		}
		used += (size_t)n;
		buf[used] = 0;
		while ((nl = memchr(buf, '\n', used))) {
			size_t take = (size_t)(nl - buf) + 1;
			*nl = 0;
			handle(buf);
			memmove(buf, buf + take, used - take);
			used -= take;
		}
		if (used == sizeof buf - 1) /* a line too long: drop it */
			used = 0;
	}
}

static void console(const char *id)
{
	int status = 0;
	pid_t pid, w;

	if (!valid_id(id)) {
		logmsg("bad request id %s", id);
		power_off();
	}
	pid = start(id, 1);
	if (pid < 0) {
		write_status(id, 125);
		power_off();
	}
	while ((w = wait(&status)) != pid)
		if (w < 0 && errno != EINTR)
			break;
	write_status(id, w == pid ? exit_code(status) : 125);
	/* keep the kernel's "reboot: Power down" off the user's terminal */
	{
		int fd = open("/proc/sys/kernel/printk", O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			write_all(fd, "0\n", 2);
			close(fd);
		}
	}
	power_off();
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "session") == 0)
		session();
	if (argc == 3 && strcmp(argv[1], "console") == 0)
		console(argv[2]);
	fprintf(stderr, "usage: kvmkit-agent session | console ID\n");
	if (getpid() == 1)
		power_off();
	return 2;
}
