/*
 * run_once: what a run leaves behind must not reach the next one
 * (--repeat, --each: the runner resets the VM in place).
 *
 * Prints "runs N" where N counts this program's runs in a global (1 every
 * time when nothing leaks), whether a buffer the runner writes into (the
 * exit-count hypercall) was clean before the call, whether a heap block
 * and a stack location start clean, and its arguments. Then it leaves
 * marks everywhere: the global, the buffer, the heap, the stack, SSE
 * state (MXCSR rounding) and the x87 control word. The result is the
 * number of arguments, so --expect can check each line of --each.
 * With "open" as its first argument (and --share), it also opens a host
 * file and leaves it open, printing the guest fd: 0 every time when the
 * runner closes a run's files before the next.
 */
#include <kvmkit/guest.h>
#include <kvmkit/hostfs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int runs;
/* A page of its own that only the runner writes (the exit-count
 * hypercall): KVM's dirty log cannot see that write, the runner must. */
static union {
	struct kvmkit_exit_counts c;
	char page[4096];
} counts_page __attribute__((aligned(4096)));
#define counts (counts_page.c)

static unsigned mxcsr(void)
{
	unsigned v;
	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}

int main(int argc, char **argv)
{
	runs++;
	int counts_clean = counts.total == 0;
	kvmkit_exit_counts(&counts);
	unsigned char *heap = malloc(4096);
	int heap_clean = heap && heap[100] == 0;
	volatile unsigned char stack[256];
	int stack_clean = stack[200] == 0;
	printf("runs %d, counts %s, heap %s, stack %s, mxcsr %#x, args",
	       runs, counts_clean ? "clean" : "LEAKED",
	       heap_clean ? "clean" : "LEAKED", stack_clean ? "clean" : "LEAKED",
	       mxcsr());
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	if (argc > 1 && !strcmp(argv[1], "open"))
		printf(", fd %ld", kvmkit_open("left-open.txt",
					       KVMKIT_O_WRONLY | KVMKIT_O_CREAT));
	printf("\n");

	if (heap)
		memset(heap, 0xaa, 4096);
	stack[200] = 0x55;
	unsigned round_down = (mxcsr() & ~0x6000u) | 0x2000u;
	__asm__ volatile("ldmxcsr %0" : : "m"(round_down));
	return argc - 1;
}
