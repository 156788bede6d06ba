/*
 * hello: the classic KVM "hello world", written against the SDK.
 *
 * printf() formats into stdout's line buffer; at the newline the SDK hands
 * the whole line to the runner in one hypercall (one VM exit), and the
 * runner writes it to its own stdout. main's return value becomes the
 * run's result: the SDK stores it at guest physical address 0x400 and
 * halts, and the runner reports "result: 42" (check it with --expect 42).
 */
#include <stdio.h>

int main(void)
{
	printf("Hello, world!\n");
	return 42;
}
