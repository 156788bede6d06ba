/*
 * Hooks between the SDK's startup code (sdk/core) and its C library
 * (sdk/libc). Private to the SDK: not installed.
 */
#ifndef KVMKIT_INTERNAL_LIBC_HOOKS_H
#define KVMKIT_INTERNAL_LIBC_HOOKS_H

/* Called once before main(): set up stdio, the heap, and so on. */
void __libc_init(void);

/* The environment the runner passed (NULL: none); sdk/libc/env.c. */
void __libc_set_environ(char **envp);

/* Called when main() returns and by exit(): run atexit() handlers in
 * reverse order, then flush every stdio stream. */
void __libc_exit_hooks(void);

/* The C library's one lock (sdk/libc/lock.c): stdio streams and the heap
 * are shared by every CPU and every thread a guest schedules. Not
 * recursive, never taken twice by one call, and not to be taken in an
 * interrupt handler (the code it interrupted may hold it). */
void __libc_lock(void);
void __libc_unlock(void);

#endif
