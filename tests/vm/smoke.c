/*
 * kvm-smoke: the smallest useful KVM guest, used by tests/vm/selftest to
 * prove that KVM really runs code wherever tests/vm/run put the command.
 *
 * A 16-bit real-mode vCPU writes "KVM OK\n" to port 0xe9 byte by byte and
 * halts; every port write is copied to stdout. Exit status 0 when the vCPU
 * halted after printing exactly that text, 1 on any failure (with a reason
 * on stderr). Built statically so it runs inside the test VM too.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define MEM_SIZE 0x10000
#define CODE_AT 0x1000

static int fail(const char *what)
{
	fprintf(stderr, "kvm-smoke: %s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	static const char text[] = "KVM OK\n";
	unsigned char code[64];
	size_t n = 0, i;
	char got[sizeof text];
	size_t ngot = 0;
	struct kvm_userspace_memory_region region;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	struct kvm_run *run;
	unsigned char *mem;
	int kvm, vm, vcpu, size;

	/* mov $0xe9,%dx; then per byte: mov $c,%al; out %al,(%dx); then hlt */
	code[n++] = 0xba;
	code[n++] = 0xe9;
	code[n++] = 0x00;
	for (i = 0; i < sizeof text - 1; i++) {
		code[n++] = 0xb0;
		code[n++] = (unsigned char)text[i];
		code[n++] = 0xee;
	}
	code[n++] = 0xf4;

	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0)
		return fail("open /dev/kvm");
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		return fail("KVM_CREATE_VM");
	mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap guest memory");
	memcpy(mem + CODE_AT, code, n);
	memset(&region, 0, sizeof region);
	region.memory_size = MEM_SIZE;
	region.userspace_addr = (unsigned long)mem;
	if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return fail("KVM_SET_USER_MEMORY_REGION");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0)
		return fail("KVM_CREATE_VCPU");
	size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (size < 0)
		return fail("KVM_GET_VCPU_MMAP_SIZE");
	run = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   vcpu, 0);
	if (run == MAP_FAILED)
		return fail("mmap kvm_run");
	if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0)
		return fail("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0)
		return fail("KVM_SET_SREGS");
	memset(&regs, 0, sizeof regs);
	regs.rip = CODE_AT;
	regs.rflags = 2;
	if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0)
		return fail("KVM_SET_REGS");

	for (;;) {
		if (ioctl(vcpu, KVM_RUN, 0) < 0)
			return fail("KVM_RUN");
		if (run->exit_reason == KVM_EXIT_IO &&
		    run->io.direction == KVM_EXIT_IO_OUT && run->io.port == 0xe9) {
			char c = *((char *)run + run->io.data_offset);
			if (ngot < sizeof got)
				got[ngot++] = c;
			putchar(c);
			continue;
		}
		break;
	}
	fflush(stdout);
	if (run->exit_reason != KVM_EXIT_HLT) {
		fprintf(stderr, "kvm-smoke: unexpected exit reason %u\n",
			run->exit_reason);
		return 1;
	}
	if (ngot != sizeof text - 1 || memcmp(got, text, ngot) != 0) {
		fprintf(stderr, "kvm-smoke: guest output differs\n");
		return 1;
	}
	return 0;
}
