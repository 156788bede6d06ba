/*
 * hc_exit_counts: KVMKIT_HC_EXIT_COUNTS between two calls grows by
 * exactly the exits the guest caused: three console writes and two ABI
 * version calls (5 hypercalls), one OUT to the console port (1 I/O exit),
 * and the second call itself (1 hypercall): total 7.
 */
#include <kvmkit/guest.h>
#include <stdio.h>

int main(void)
{
	struct kvmkit_exit_counts a, b;
	long r1 = kvmkit_exit_counts(&a);
	kvmkit_console_write("x", 1);              /* 3 hypercalls */
	kvmkit_console_write("y", 1);
	kvmkit_console_write("z", 1);
	kvmkit_hypercall(KVMKIT_HC_ABI_VERSION, 0, 0, 0, 0, 0); /* 2 more */
	kvmkit_hypercall(KVMKIT_HC_ABI_VERSION, 0, 0, 0, 0, 0);
	kvmkit_outb(KVMKIT_PORT_CONSOLE, '\n');    /* 1 port I/O exit */
	long r2 = kvmkit_exit_counts(&b);          /* 1 hypercall, counted */
	printf("calls: %ld %ld\n", r1, r2);
	/* Nothing before main makes an exit: the first call is the first. */
	printf("first: total %llu io %llu hypercall %llu hlt %llu mmio %llu "
	       "other %llu\n", (unsigned long long)a.total,
	       (unsigned long long)a.io, (unsigned long long)a.hypercall,
	       (unsigned long long)a.hlt, (unsigned long long)a.mmio,
	       (unsigned long long)a.other);
	printf("total +%llu\n", (unsigned long long)(b.total - a.total));
	printf("io +%llu\n", (unsigned long long)(b.io - a.io));
	printf("hypercall +%llu\n",
	       (unsigned long long)(b.hypercall - a.hypercall));
	printf("hlt +%llu\n", (unsigned long long)(b.hlt - a.hlt));
	printf("mmio +%llu\n", (unsigned long long)(b.mmio - a.mmio));
	printf("other +%llu\n", (unsigned long long)(b.other - a.other));
	printf("sum matches total: %s\n",
	       b.io + b.hypercall + b.hlt + b.mmio + b.other == b.total ?
	       "yes" : "no");
	return 0;
}
