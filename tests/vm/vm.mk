# tests/vm: KVM for machines without a usable /dev/kvm (docs/testing.md).
# Included by the top Makefile (-include tests/*/*.mk).
#
#   make vm-setup     Debian packages (as root), kernel download, initramfs
#   make check-vm     tests/vm/selftest: the test VM machinery, in a forced
#                     VM (part of make check, so every CI run boots one)
#   make vm-shell     a shell in a fresh test VM, on this terminal
#                     (^A x quits qemu; exit leaves the shell)
#   make vm-clean     forget the downloaded kernel and built initramfs
#
# In other recipes, prefix a KVM command with $(VM_RUN):
#   $(VM_RUN) build/runner samples/hello.elf

VM_RUN := tests/vm/run

.PHONY: vm-deps vm-setup check-vm vm-shell vm-clean

# `make deps` (and so run and check) installs the VM's Debian packages too.
# Packages only: at that point gcc may not be there yet.
deps: vm-deps
vm-deps:
	@tests/vm/setup --packages -q

vm-setup:
	tests/vm/setup

# First among the checks: if the VM machinery is broken, say so before
# the suites that depend on it fail in less obvious ways.
CHECK_TARGETS := check-vm $(CHECK_TARGETS)
check-vm:
	@tests/vm/setup -q
	tests/vm/selftest

vm-shell:
	KVMKIT_VM=always tests/vm/run -i sh

vm-clean:
	rm -rf .cache/vm $(BUILD)/vm
