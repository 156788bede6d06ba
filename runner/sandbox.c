/*
 * Entering the sandbox (sandbox.h): no_new_privs, Landlock, seccomp, in
 * that order (Landlock's own calls are not on the allow-list), then the
 * test hook that shows both are in force.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* GCC says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer). */
#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_ASAN 1
#endif
#endif

#ifndef SANDBOX_ASAN
/* KVMKIT_SANDBOX_TEST in the environment, read once the sandbox is on:
 * "syscall" makes a system call the allow-list forbids (socket()),
 * "ioctl" an allowed call with a forbidden argument (TIOCSTI, typing into
 * a terminal), "exec" asks for executable memory (mmap PROT_EXEC): each
 * must kill the runner with a line naming the call. "open" tries to open
 * the image again (outside any share) and says on stderr whether that was
 * refused. The hook gains a guest nothing: the environment is the host
 * user's, and the calls happen before any guest instruction runs. */
static void test_hook(const struct run *run)
{
	const char *test = getenv("KVMKIT_SANDBOX_TEST");
	if (!test)
		return;
	if (!strcmp(test, "syscall")) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		fprintf(stderr, "sandbox test: socket() = %d: not stopped\n", s);
	} else if (!strcmp(test, "ioctl")) {
		char c = 'x';
		int rc = ioctl(STDIN_FILENO, TIOCSTI, &c);
		fprintf(stderr, "sandbox test: ioctl(TIOCSTI) = %d: not "
			"stopped\n", rc);
	} else if (!strcmp(test, "exec")) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		fprintf(stderr, "sandbox test: mmap(PROT_EXEC) = %p: not "
			"stopped\n", p);
	} else if (!strcmp(test, "open")) {
		int fd = open(run->opt->image, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fprintf(stderr, "sandbox test: open the image again: "
				"refused (%s)\n", strerror(errno));
		else
			fprintf(stderr, "sandbox test: open the image again: "
				"allowed\n");
		if (fd >= 0)
			close(fd);
	}
}

#endif

int sandbox_enter(struct run *const runs[], size_t n, char *err,
		  size_t errlen)
{
	bool trace = n > 0 && runs[0]->opt->trace;
#ifdef SANDBOX_ASAN
	(void)err;
	(void)errlen;
	if (trace)
		fprintf(stderr, "trace: sandbox: skipped (AddressSanitizer "
			"build)\n");
	return 0;
#else
	/* Both need it without CAP_SYS_ADMIN; no setuid program could gain
	 * anything from us anyway. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errlen, "no_new_privs: %s", strerror(errno));
		return -1;
	}
	int abi = 0;
	if (sandbox_landlock_enter(runs, n, &abi, err, errlen) < 0 ||
	    sandbox_seccomp_enter(n > 0 ? runs[0] : NULL, err, errlen) < 0)
		return -1;
	if (trace && abi)
		fprintf(stderr, "trace: sandbox: landlock ABI %d, seccomp "
			"allow-list\n", abi);
	else if (trace)
		fprintf(stderr, "trace: sandbox: landlock unavailable "
			"(fallback: openat2 only), seccomp allow-list\n");
	if (n > 0)
		test_hook(runs[0]);
	return 0;
#endif
}
