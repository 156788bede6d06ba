/*
 * kvm-check: is /dev/kvm usable here?
 *
 * tests/vm/run uses it to choose between running a command directly and
 * running it in the test VM, and the test VM's /init uses it to prove that
 * KVM works inside the VM. A writable /dev/kvm is not enough (a container
 * may pass the node through without the module, another hypervisor may own
 * the CPU), so this does what every KVM user does first: open the device,
 * check the API version and create (and drop) an empty VM.
 *
 * Usage: kvm-check [DEVICE]   (default /dev/kvm)
 * Exit 0 and print "ok" when usable; otherwise exit 1 and print one line
 * saying why, on stdout so that the caller can put it in a message.
 * Built statically so the same binary runs in the initramfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Whether the CPU offers hardware virtualization. Some hosts expose a
 * /dev/kvm without it (PVM, a KVM that runs guests with shadow paging in
 * user mode): it opens and creates VMs, but fails on ordinary guest code
 * (KVM_EXIT_INTERNAL_ERROR on ldmxcsr, for one), so it does not count. */
static int cpu_has_vmx_or_svm(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[8192];
	int found = 0;
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		found = strstr(line, " vmx") != NULL || strstr(line, " svm") != NULL;
	}
	fclose(f);
	return found;
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : "/dev/kvm";
	int kvm, vm, version;

	kvm = open(dev, O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		printf("%s: %s\n", dev, strerror(errno));
		return 1;
	}
	version = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (version != KVM_API_VERSION) {
		if (version < 0)
			printf("%s: KVM_GET_API_VERSION: %s\n", dev, strerror(errno));
		else
			printf("%s: KVM API version %d, expected %d\n", dev, version,
			       KVM_API_VERSION);
		return 1;
	}
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("%s: KVM_CREATE_VM: %s\n", dev, strerror(errno));
		return 1;
	}
	close(vm);
	close(kvm);
	if (!cpu_has_vmx_or_svm()) {
		printf("%s: the CPU has no hardware virtualization (no vmx or svm "
		       "flag in /proc/cpuinfo); this KVM is a software one\n", dev);
		return 1;
	}
	puts("ok");
	return 0;
}
