/*
 * Guest-installed interrupt and exception handlers, without the APIC:
 *   ud2      a #UD handler skips three ud2 instructions; main goes on
 *   int      a handler for `int $0x80` changes the interrupted RAX
 *   removed  a handler set and removed again: #UD is reported as before
 *   regs     the frame holds the registers of the interrupted code
 * The result is what each check counted.
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <stdio.h>
#include <string.h>

static volatile int ud_count;

static void skip_ud2(struct kvmkit_frame *f)
{
	ud_count++;
	f->rip += 2; /* ud2 is 0f 0b */
}

static void int80(struct kvmkit_frame *f)
{
	f->rax = f->rax * 2 + 1;
}

static volatile uint64_t seen_rbx, seen_r15, seen_vector;

static void record(struct kvmkit_frame *f)
{
	seen_rbx = f->rbx;
	seen_r15 = f->r15;
	seen_vector = f->vector;
	f->rip += 2;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "ud2";

	if (!strcmp(mode, "ud2")) {
		kvmkit_set_handler(6, skip_ud2);
		for (int i = 0; i < 3; i++)
			__asm__ volatile("ud2");
		printf("skipped %d ud2 and went on\n", ud_count);
		return ud_count;
	}
	if (!strcmp(mode, "int")) {
		kvmkit_set_handler(0x80, int80);
		long v = 20;
		__asm__ volatile("int $0x80" : "+a"(v));
		printf("int $0x80 turned 20 into %ld\n", v);
		return (int)v;
	}
	if (!strcmp(mode, "removed")) {
		kvmkit_set_handler(6, skip_ud2);
		kvmkit_set_handler(6, NULL);
		__asm__ volatile("ud2");
		return 1; /* not reached: the runner reports #UD */
	}
	if (!strcmp(mode, "regs")) {
		kvmkit_set_handler(6, record);
		__asm__ volatile("mov $0x1234, %%rbx\n\t"
				 "mov $0x5678, %%r15\n\t"
				 "ud2" ::: "rbx", "r15", "memory");
		printf("vector %llu rbx 0x%llx r15 0x%llx\n",
		       (unsigned long long)seen_vector,
		       (unsigned long long)seen_rbx,
		       (unsigned long long)seen_r15);
		return seen_rbx == 0x1234 && seen_r15 == 0x5678;
	}
	printf("unknown mode %s\n", mode);
	return 255;
}
