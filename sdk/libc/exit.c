/*
 * Program start and end: __libc_init before main, exit()/atexit(),
 * abort() and the hooks that sdk/core/start.c calls after main returns.
 */
#include <stdio.h>
#include <stdlib.h>

#include "../internal/libc_hooks.h"
#include "stdio_impl.h"

void __tls_init(void); /* tls.c */

/* C11 guarantees at least 32 handlers. */
#define MAX_HANDLERS 64

static void (*handlers[MAX_HANDLERS])(void);
static int n_handlers;
static void (*quick_handlers[MAX_HANDLERS])(void);
static int n_quick_handlers;

void __libc_init(void)
{
	__stdio_init();
	__tls_init();
	/* The heap is set up by the first malloc(): a program that does not
	 * allocate never touches the heap's pages. */
}

void __libc_exit_hooks(void)
{
	/* Handlers may register more handlers: take them one at a time. */
	while (n_handlers > 0)
		handlers[--n_handlers]();
	__stdio_flush_all();
}

int atexit(void (*fn)(void))
{
	if (n_handlers == MAX_HANDLERS)
		return -1;
	handlers[n_handlers++] = fn;
	return 0;
}

int at_quick_exit(void (*fn)(void))
{
	if (n_quick_handlers == MAX_HANDLERS)
		return -1;
	quick_handlers[n_quick_handlers++] = fn;
	return 0;
}

_Noreturn void exit(int status)
{
	__libc_exit_hooks();
	__kvmkit_exit(status);
}

_Noreturn void _Exit(int status)
{
	__kvmkit_exit(status);
}

_Noreturn void quick_exit(int status)
{
	while (n_quick_handlers > 0)
		quick_handlers[--n_quick_handlers]();
	__kvmkit_exit(status);
}

/* abort() with a reason for the runner's report (assert passes its
 * message). Flushing is not required by C, but output written before an
 * abort is what tells a guest's user what went wrong. */
_Noreturn void __abort_with(const char *why)
{
	__stdio_flush_all();
	__kvmkit_abort(why);
}

void __signal_abort_handler(void);

_Noreturn void abort(void)
{
	__signal_abort_handler(); /* a SIGABRT handler, if any, runs first */
	__abort_with(""); /* the report already says "guest called abort()" */
}
