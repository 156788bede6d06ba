/*
 * floor: the least a VMM can do to say hello on KVM, the yardstick for
 * `make bench` (docs/performance.md, "The floor").
 *
 *   floor [-m SIZE]     SIZE in MiB (M) or GiB (G); default 2M
 *
 * It makes only the system calls any VMM must: open /dev/kvm, create a VM,
 * map and register its memory, create a vCPU and map its kvm_run, set
 * long-mode registers, run. The guest is 6 bytes at guest address 0:
 * `mov $0xe9, %dx; out %al, (%dx); hlt`. The one OUT means "print the
 * message", which the VMM placed at 0x100 itself, so the guest writes
 * "Hello, world!\n" in one exit and halts in the second, as kvmkit's hello
 * does with its console hypercall. Page tables: PML4, PDPT and one PD of
 * 2 MiB pages at 0x1000..0x3fff, mapping the first GiB. No CPUID, no
 * exception handling, no checks a real VMM needs: it is a floor, not a
 * VMM. Exit status 0 after the HLT, 1 on anything else.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static const char message[] = "Hello, world!\n";

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static uint64_t parse_mem(const char *s)
{
	char *end;
	uint64_t n = strtoull(s, &end, 10);
	if (*end == 'G' || *end == 'g')
		return n << 30;
	if (*end == 'M' || *end == 'm')
		return n << 20;
	return n;
}

int main(int argc, char **argv)
{
	uint64_t mem_size = 2ull << 20;
	if (argc == 3 && !strcmp(argv[1], "-m"))
		mem_size = parse_mem(argv[2]);
	if (mem_size < (2ull << 20)) {
		fprintf(stderr, "usage: floor [-m SIZE], SIZE >= 2M\n");
		return 2;
	}

	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("/dev/kvm");
	int vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	uint8_t *mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap");
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = mem_size,
		.userspace_addr = (uintptr_t)mem,
	};
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");

	static const uint8_t code[] = { 0x66, 0xba, 0xe9, 0x00, /* mov $0xe9,%dx */
					0xee,                   /* out %al,(%dx) */
					0xf4 };                 /* hlt           */
	memcpy(mem, code, sizeof(code));
	memcpy(mem + 0x100, message, sizeof(message) - 1);
	uint64_t *pml4 = (uint64_t *)(mem + 0x1000);
	uint64_t *pdpt = (uint64_t *)(mem + 0x2000);
	uint64_t *pd = (uint64_t *)(mem + 0x3000);
	pml4[0] = 0x2000 | 3;
	pdpt[0] = 0x3000 | 3;
	uint64_t pages = mem_size >> 21 < 512 ? mem_size >> 21 : 512;
	for (uint64_t i = 0; i < pages; i++)
		pd[i] = (i << 21) | 0x83; /* present, writable, 2 MiB */

	int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < 0)
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE,
				   MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap kvm_run");

	struct kvm_sregs sregs;
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	struct kvm_segment seg = {
		.base = 0, .limit = 0xffffffff, .present = 1, .s = 1, .g = 1,
	};
	seg.type = 11; /* code: execute, read, accessed */
	seg.selector = 8;
	seg.l = 1;
	sregs.cs = seg;
	seg.type = 3; /* data: read, write, accessed */
	seg.selector = 16;
	seg.l = 0;
	seg.db = 1;
	sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = seg;
	sregs.cr3 = 0x1000;
	sregs.cr4 = 1u << 5;                       /* PAE        */
	sregs.cr0 = 1u | (1u << 31);               /* PE, PG     */
	sregs.efer = (1u << 8) | (1u << 10);       /* LME, LMA   */
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return fail("KVM_SET_SREGS");
	struct kvm_regs regs = { .rip = 0, .rflags = 2 };
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			return fail("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_HLT)
			return 0;
		if (run->exit_reason != KVM_EXIT_IO || run->io.port != 0xe9)
			break;
		if (write(1, mem + 0x100, sizeof(message) - 1) < 0)
			return fail("write");
	}
	fprintf(stderr, "floor: unexpected exit %u\n", run->exit_reason);
	return 1;
}
