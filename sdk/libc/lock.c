/*
 * The C library's lock: a test-and-set spinlock. One CPU running
 * preemptive threads needs it as much as several CPUs do: a thread
 * preempted inside printf() holds it, and another one that wants it spins
 * until the scheduler gives the holder its turn again.
 */
#include "../internal/libc_hooks.h"

static volatile int libc_lock_word;

void __libc_lock(void)
{
	while (__atomic_exchange_n(&libc_lock_word, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&libc_lock_word, __ATOMIC_RELAXED))
			__builtin_ia32_pause();
}

void __libc_unlock(void)
{
	__atomic_store_n(&libc_lock_word, 0, __ATOMIC_RELEASE);
}
