/*
 * The sandbox (runner/sandbox*.c) in a child process, with no KVM: what
 * vCPU threads do (create and join threads that allocate, run a kick
 * timer each and signal each other) passes it; a forbidden call, also from
 * a thread made after it, and an executable mapping are stopped with
 * status 125 and a line naming the call. In AddressSanitizer builds the
 * sandbox is skipped (sandbox.h), and so are the tests of what it stops.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

/* Run fn in a child that has entered the sandbox; its exit status, and
 * its stderr in err. */
static int sandboxed(void (*fn)(void), char *err, size_t errlen)
{
	int pipefd[2];
	assert_int_equal(pipe(pipefd), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		static struct run_options opt;
		static struct run run;
		opt.image = "test.elf";
		run.opt = &opt;
		struct run *const runs[] = { &run };
		char msg[256];
		if (sandbox_enter(runs, 1, msg, sizeof(msg)) < 0) {
			fprintf(stderr, "sandbox_enter: %s\n", msg);
			_exit(99);
		}
		fn();
		_exit(0);
	}
	close(pipefd[1]);
	size_t n = 0;
	ssize_t r;
	while (n + 1 < errlen &&
	       (r = read(pipefd[0], err + n, errlen - 1 - n)) > 0)
		n += (size_t)r;
	err[n] = '\0';
	close(pipefd[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status)
				 : 128 + WTERMSIG(status);
}

static volatile sig_atomic_t kicks;

static void on_alarm(int sig)
{
	(void)sig;
	kicks++;
}

/* What a vCPU thread does besides KVM_RUN. */
static void *vcpu_like(void *arg)
{
	(void)arg;
	for (int i = 0; i < 4; i++) {
		void *p = malloc(256 * 1024); /* an arena of its own, mmap */
		memset(p, 1, 256 * 1024);
		free(p);
	}
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = SIGALRM;
	ev._sigev_un._tid = gettid();
	timer_t t;
	if (timer_create(CLOCK_MONOTONIC, &ev, &t) < 0)
		return (void *)1;
	struct itimerspec its = { .it_value = { 0, 1000000 } };
	timer_settime(t, 0, &its, NULL);
	while (!kicks)
		sched_yield();
	timer_delete(t);
	return NULL;
}

static void threads(void)
{
	signal(SIGALRM, on_alarm);
	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		if (pthread_create(&th[i], NULL, vcpu_like, NULL))
			_exit(2);
	pthread_kill(th[0], 0); /* a kick aimed at a thread: tgkill */
	for (int i = 0; i < 3; i++) {
		void *ret;
		if (pthread_join(th[i], &ret) || ret)
			_exit(3);
	}
}

static void test_vcpu_threads_pass(void **state)
{
	(void)state;
	char err[1024];
	int status = sandboxed(threads, err, sizeof(err));
	if (status)
		fprintf(stderr, "%s", err);
	assert_int_equal(status, 0);
}

static void make_socket(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	fprintf(stderr, "socket() = %d: not stopped\n", s);
}

static void *socket_thread(void *arg)
{
	(void)arg;
	make_socket();
	return NULL;
}

static void socket_in_thread(void)
{
	pthread_t th;
	if (pthread_create(&th, NULL, socket_thread, NULL) == 0)
		pthread_join(th, NULL);
}

static void exec_mapping(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fprintf(stderr, "mmap(PROT_EXEC) = %p: not stopped\n", p);
}

static void expect_denied(void (*fn)(void), const char *line)
{
#ifdef ASAN_BUILD
	(void)fn;
	(void)line;
	skip();
#else
	char err[1024];
	int status = sandboxed(fn, err, sizeof(err));
	assert_int_equal(status, 125);
	assert_non_null(strstr(err, line));
	assert_null(strstr(err, "not stopped"));
#endif
}

static void test_forbidden_call_stopped(void **state)
{
	(void)state;
	expect_denied(make_socket, "stopped:  runner-error: system call socket "
		      "(41) denied by the runner's seccomp sandbox");
}

static void test_forbidden_call_in_a_later_thread_stopped(void **state)
{
	(void)state;
	expect_denied(socket_in_thread, "system call socket (41) denied");
}

static void test_executable_mapping_stopped(void **state)
{
	(void)state;
	expect_denied(exec_mapping, "system call mmap (9) denied");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vcpu_threads_pass),
		cmocka_unit_test(test_forbidden_call_stopped),
		cmocka_unit_test(test_forbidden_call_in_a_later_thread_stopped),
		cmocka_unit_test(test_executable_mapping_stopped),
	};
	return cmocka_run_group_tests_name("sandbox", tests, NULL, NULL);
}
