/*
 * hc_exit: the ways a guest ends a run early, chosen by argv[1].
 *
 *   exit3        exit(3) from <stdlib.h>: atexit handlers, then status 3
 *   kvmkit_exit  kvmkit_exit(300): no handlers; the runner exits 300 & 0xff
 *   abort        abort() from <stdlib.h>
 *   abort_msg    KVMKIT_HC_ABORT with a message of our own
 *   abort_tab    ... with a tab in it (escaped in both reports)
 *   abort_null   ... with msg NULL, len 5 (address 0 holds "zero!", which the runner must not print: a NULL buffer is refused)
 *   abort_end    ... with msg at the last byte of memory, len 2
 *   abort_past   ... with msg just past the end of memory, len 1
 *   abort_long   ... with len KVMKIT_IO_MAX + 1 (the runner cuts it)
 *   abort_wrap   ... with msg 0xffffffffffffff00, len 0x200
 */
#include <kvmkit/guest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bye(void)
{
	printf("atexit handler ran\n");
}

static void raw_abort(uint64_t msg, uint64_t len)
{
	kvmkit_hypercall(KVMKIT_HC_ABORT, (long)msg, (long)len, 0, 0, 0);
	printf("abort returned\n");
}

static volatile char *address_zero(void)
{
	uintptr_t p = 0;
	__asm__("" : "+r"(p));
	return (volatile char *)p;
}

int main(int argc, char **argv)
{
	static const char message[] = "hc_exit: giving up";
	uint64_t mem = kvmkit_bootinfo()->mem_size;
	const char *what = argc > 1 ? argv[1] : "";

	atexit(bye);
	printf("before %s\n", what);
	if (!strcmp(what, "exit3"))
		exit(3);
	if (!strcmp(what, "kvmkit_exit"))
		kvmkit_exit(300);
	if (!strcmp(what, "abort"))
		abort();
	if (!strcmp(what, "abort_msg"))
		raw_abort((uintptr_t)message, sizeof(message) - 1);
	if (!strcmp(what, "abort_tab")) {
		static const char tabbed[] = "column\tcolumn";
		raw_abort((uintptr_t)tabbed, sizeof(tabbed) - 1);
	}
	if (!strcmp(what, "abort_null")) {
		for (int i = 0; i < 6; i++)
			address_zero()[i] = "zero!"[i];
		raw_abort(0, 5);
	}
	if (!strcmp(what, "abort_end"))
		raw_abort(mem - 1, 2);
	if (!strcmp(what, "abort_past"))
		raw_abort(mem, 1);
	if (!strcmp(what, "abort_long"))
		raw_abort((uintptr_t)message, KVMKIT_IO_MAX + 1ull);
	if (!strcmp(what, "abort_wrap"))
		raw_abort(0xffffffffffffff00ull, 0x200);
	printf("no such case\n");
	return 1;
}
