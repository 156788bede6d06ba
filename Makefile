# kvmkit: guest SDK + KVM runner.
#
#   make            build build/runner, the SDK, every samples/*.elf and
#                   test guest, and build/hosts/* from hosts/*.c (the
#                   default goal: `all`)
#   make run        install what is missing, build, run samples/hello.elf
#   make check      unit tests, then every guest on KVM (test VM if needed)
#   make bench      benchmarks (never part of check)
#   make install PREFIX=/usr/local

# `make` alone builds everything: the first rule below is not `all`, and
# the files included at the end add rules of their own.
.DEFAULT_GOAL := all

PREFIX    ?= /usr/local
BUILD     := build
CC        ?= gcc
# Guests: a cross compiler when there is one, else the host gcc; both are
# used freestanding, never with the host's C library.
GUEST_CC  ?= $(shell command -v x86_64-elf-gcc 2>/dev/null || echo gcc)
VERSION   := $(shell cat VERSION 2>/dev/null || echo 0.1.0)

WARN      := -Wall -Wextra $(if $(CI),-Werror)
PKGS      := libelf capstone libseccomp
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS  := $(shell pkg-config --static --libs $(PKGS) 2>/dev/null) -lzstd

# ---------------------------------------------------------------- runner
HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Iinclude -Irunner -I$(BUILD)/gen \
	       $(PKG_CFLAGS) -DKVMKIT_VERSION='"$(VERSION)"' -MMD -MP
RUNNER_SRCS := $(wildcard runner/*.c runner/hypercalls/*.c runner/gdb/*.c)
RUNNER_OBJS := $(RUNNER_SRCS:%.c=$(BUILD)/obj/%.o)
# Everything but main.c, for the unit tests to link against.
RUNNER_LIB_OBJS := $(filter-out $(BUILD)/obj/runner/main.o,$(RUNNER_OBJS))

# The runner is linked statically so that it runs unchanged inside the test
# VM (tests/vm), which has no shared libraries.
$(BUILD)/runner: $(RUNNER_OBJS)
	$(CC) -static -o $@ $^ $(PKG_LIBS)

$(BUILD)/obj/runner/%.o: runner/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -c -o $@ $<

# Made at build time, in $(BUILD)/gen: the seccomp allow-list as a BPF
# program (libseccomp builds it once here, not in every run), and system
# call names by number from the host's headers (also for bench/).
GEN_HEADERS := $(BUILD)/gen/seccomp_policy.h $(BUILD)/gen/syscall_names.h
$(BUILD)/tools/seccomp_policy: runner/tools/seccomp_policy.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 $(WARN) $(PKG_CFLAGS) -o $@ $< \
	  $(shell pkg-config --libs libseccomp 2>/dev/null)
$(BUILD)/gen/seccomp_policy.h: $(BUILD)/tools/seccomp_policy
	@mkdir -p $(dir $@)
	$< $@
$(BUILD)/gen/syscall_names.h:
	@mkdir -p $(dir $@)
	echo '#include <sys/syscall.h>' | $(CC) -dM -E - | \
	  sed -n 's/^#define __NR_\([a-z0-9_]*\) \([0-9][0-9]*\)$$/[\2] = "\1",/p' \
	  >$@.tmp
	@test -s $@.tmp || { echo "no system call numbers in <sys/syscall.h>" >&2; exit 1; }
	mv $@.tmp $@
$(BUILD)/obj/runner/sandbox_seccomp.o: $(GEN_HEADERS)

# ---------------------------------------------------------------- SDK
GUEST_INC   := -nostdinc -isystem $(shell $(GUEST_CC) -print-file-name=include) \
	       -Isdk/include -Iinclude
GUEST_FLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-pic -fno-pie \
	       -fno-stack-protector -mno-red-zone -fno-asynchronous-unwind-tables \
	       -mcmodel=small $(GUEST_INC) -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-T,linker/guest.ld \
	       -Wl,-z,max-page-size=4096 -Wl,--build-id=none -Wl,-z,noexecstack
SDK_SRCS    := $(wildcard sdk/core/*.c sdk/libc/*.c)
SDK_ASM     := $(filter-out sdk/core/crt0.S,$(wildcard sdk/core/*.S sdk/libc/*.S))
SDK_OBJS    := $(SDK_SRCS:%.c=$(BUILD)/%.o) $(SDK_ASM:%.S=$(BUILD)/%.o)
SDK_LIB     := $(BUILD)/sdk/libkvmkit.a
SDK_CRT0    := $(BUILD)/sdk/crt0.o
SDK_DEPS    := $(SDK_LIB) $(SDK_CRT0) linker/guest.ld

# -ffunction-sections: one section per SDK function, so that the linker
# script can put the startup, exit and stdout path next to _start.
$(BUILD)/sdk/%.o: sdk/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_FLAGS) -ffunction-sections -c -o $@ $<

$(BUILD)/sdk/%.o: sdk/%.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST_FLAGS) -c -o $@ $<

$(SDK_CRT0): $(BUILD)/sdk/core/crt0.o
	cp $< $@

$(SDK_LIB): $(SDK_OBJS)
	@rm -f $@
	ar rcs $@ $^

# A guest: its C file(s) + crt0 + the SDK library + libgcc (for compiler
# helpers only; libgcc does not depend on a C library).
GUEST_LINK = $(GUEST_CC) $(GUEST_FLAGS) $(GUEST_LDFLAGS) -o $@ $(SDK_CRT0) \
	     $(filter-out $(SDK_DEPS),$(filter %.c %.o %.S,$^)) $(SDK_LIB) -lgcc

SAMPLES := $(patsubst %.c,%.elf,$(wildcard samples/*.c))
samples/%.elf: samples/%.c $(SDK_DEPS)
	$(GUEST_LINK)

# Test guests: C files use the SDK; assembly files are bare guests that
# show what the runner does for code that knows nothing of the SDK.
TEST_GUESTS := $(patsubst %.c,%.elf,$(wildcard tests/guests/*.c)) \
	       $(patsubst %.S,%.elf,$(wildcard tests/guests/*.S))
tests/guests/%.elf: tests/guests/%.c $(SDK_DEPS)
	$(GUEST_LINK)
tests/guests/%.elf: tests/guests/%.S linker/guest.ld
	$(GUEST_CC) $(GUEST_FLAGS) $(GUEST_LDFLAGS) -o $@ $<

# ---------------------------------------------------------------- targets
.PHONY: all run check check-unit check-integration bench install clean deps
all: $(BUILD)/runner $(SAMPLES) $(TEST_GUESTS)

# Debian packages needed to build and test; installed when missing (root).
DEPS_PKGS := gcc make pkg-config libelf-dev zlib1g-dev libzstd-dev \
	     libcapstone-dev libcmocka-dev bats jq clang libclang-rt-dev \
	     libseccomp-dev groff-base gdb lib32gcc-12-dev time
deps:
	@tests/install-deps $(DEPS_PKGS)

run: deps
	@$(MAKE) --no-print-directory all
	tests/vm/run $(BUILD)/runner samples/hello.elf

CHECK_TARGETS := check-unit check-integration
check: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(CHECK_TARGETS)

# The runner, its manual, the SDK (sdk/sdk.mk) and the SDK's manual page.
MANDIR ?= $(PREFIX)/share/man
install: $(BUILD)/runner install-sdk
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BUILD)/runner $(DESTDIR)$(PREFIX)/bin/runner
	install -m 644 man/runner.1 $(DESTDIR)$(MANDIR)/man1/runner.1
	install -m 644 man/kvmkit-sdk.7 $(DESTDIR)$(MANDIR)/man7/kvmkit-sdk.7

clean:
	rm -rf $(BUILD) samples/*.elf samples/*.d tests/guests/*.elf tests/guests/*.d

-include tests/*.mk tests/*/*.mk sdk/*.mk bench/*.mk hosts/*.mk
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
# Guests are compiled and linked in one step, so their .d files sit next
# to them: an SDK header edit rebuilds the guests that include it.
-include $(wildcard samples/*.d tests/guests/*.d)
