# tests/libc: the SDK's C library, tested on the host and on KVM.
#
#   make check-libc        host tests: the SDK's libc compiled for the host
#                          (every symbol renamed kk_*) against host glibc
#   make check-sdk-install install the SDK to a temp PREFIX, build a guest
#                          out of tree with the specs file, run it if
#                          build/runner exists
#
# Included by the top Makefile (-include tests/*/*.mk).

LIBC_TEST_BUILD := $(BUILD)/tests/libc
LIBC_HOST_SRCS  := $(filter-out sdk/libc/hostio.c sdk/libc/tls.c,$(wildcard sdk/libc/*.c)) \
		   $(wildcard sdk/libc/*.S)
LIBC_HOST_OBJS  := $(patsubst sdk/libc/%,$(LIBC_TEST_BUILD)/sdk/%.o,$(LIBC_HOST_SRCS))
# Compiled as for a guest (our headers, never glibc's), but for the host.
LIBC_HOST_FLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding \
		   -fno-stack-protector $(GUEST_INC) -MMD -MP
LIBC_TEST_SRCS  := $(wildcard tests/libc/*.c)
LIBC_TEST_OBJS  := $(LIBC_TEST_SRCS:tests/libc/%.c=$(LIBC_TEST_BUILD)/%.o)
LIBC_TEST_FLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-psabi -Wno-stringop-truncation \
		   -Wno-format-zero-length -Wno-format-security -MMD -MP
LIBC_TEST_BIN   := $(LIBC_TEST_BUILD)/libc_tests

$(LIBC_TEST_BUILD)/sdk/%.c.o: sdk/libc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_HOST_FLAGS) -c -o $@ $<

$(LIBC_TEST_BUILD)/sdk/%.S.o: sdk/libc/%.S
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_HOST_FLAGS) -c -o $@ $<

# One relocatable object with every symbol prefixed, so that the SDK's
# printf (kk_printf) and glibc's printf live side by side in one program.
$(LIBC_TEST_BUILD)/kk_libc.o: $(LIBC_HOST_OBJS)
	$(LD) -r -o $(LIBC_TEST_BUILD)/libc_host.o $^
	objcopy --prefix-symbols=kk_ $(LIBC_TEST_BUILD)/libc_host.o $@

$(LIBC_TEST_BUILD)/%.o: tests/libc/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBC_TEST_FLAGS) -c -o $@ $<

$(LIBC_TEST_BIN): $(LIBC_TEST_OBJS) $(LIBC_TEST_BUILD)/kk_libc.o
	$(CC) -o $@ $^ -lm

.PHONY: check-libc check-sdk-install
check-libc: $(LIBC_TEST_BIN)
	$(LIBC_TEST_BIN)

CHECK_TARGETS += check-libc check-sdk-install

# ---------------------------------------------------------- SDK install
include sdk/sdk.mk

# Install into a scratch PREFIX, build a guest from a directory of its own
# with nothing but the installed SDK (once with the specs file, once with
# pkg-config), and run both when the runner exists. The scratch directory
# is under build/ because tests/vm/run must see it from inside its VM.
SDK_TEST_DIR := $(BUILD)/sdk-install-test
# The libraries makefiles commonly add: all must resolve inside the SDK.
SDK_TEST_LIBS := -lm -lc -lgcc -lrt -lpthread -ldl
SDK_TEST_EXPECT := sdk ok: 3.1415926535897931 1.4142135623730951 [1 2 3]

define sdk_test_prog
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	int v[] = { 3, 1, 2 };
	int *p = malloc(sizeof(v));
	for (int i = 0; i < 3; i++)
		p[i] = v[i];
	qsort(p, 3, sizeof(int), cmp);
	printf("sdk ok: %.17g %.17g [%d %d %d]\n", strtod("3.14159265358979323846", NULL),
	       sqrt(2.0), p[0], p[1], p[2]);
	free(p);
	return 0;
}
endef

check-sdk-install: export SDK_TEST_PROG = $(sdk_test_prog)
check-sdk-install: $(SDK_LIB) $(SDK_CRT0)
	@rm -rf $(SDK_TEST_DIR)
	@mkdir -p $(SDK_TEST_DIR)/src
	@$(MAKE) --no-print-directory install-sdk DESTDIR= \
		PREFIX=$(abspath $(SDK_TEST_DIR))/prefix >/dev/null
	@printf '%s\n' "$$SDK_TEST_PROG" >$(SDK_TEST_DIR)/src/prog.c
	cd $(SDK_TEST_DIR)/src && $(GUEST_CC) -O2 -Wall -Wextra -Werror \
		--specs=$(abspath $(SDK_TEST_DIR))/prefix/lib/kvmkit/kvmkit.specs \
		-o prog.elf prog.c $(SDK_TEST_LIBS) -Wl,-t >link-trace.txt
	@# The specs file twice, as CMake's CFLAGS + LDFLAGS on a link line.
	cd $(SDK_TEST_DIR)/src && $(GUEST_CC) -O2 \
		--specs=$(abspath $(SDK_TEST_DIR))/prefix/lib/kvmkit/kvmkit.specs \
		--specs=$(abspath $(SDK_TEST_DIR))/prefix/lib/kvmkit/kvmkit.specs \
		-o prog-twice.elf prog.c -lm
	cd $(SDK_TEST_DIR)/src && \
		PKG_CONFIG_PATH=$(abspath $(SDK_TEST_DIR))/prefix/lib/pkgconfig && \
		export PKG_CONFIG_PATH && \
		$(GUEST_CC) -O2 $$(pkg-config --cflags kvmkit) -o prog-pc.elf \
		prog.c $(SDK_TEST_LIBS) $$(pkg-config --libs kvmkit)
	@# Every file the linker opened must be the SDK's, libgcc or the
	@# program's own object: never the host's libc.a or libm.a.
	@if grep -v -e '^$(abspath $(SDK_TEST_DIR))/prefix/lib/kvmkit/' \
		-e '^$(SDK_GCC_LIBDIR)/libgcc\.a$$' -e '/cc[^/]*\.o$$' \
		$(SDK_TEST_DIR)/src/link-trace.txt; then \
		echo "check-sdk-install: the link above used files outside the SDK"; \
		echo "1 passed, 1 failed"; exit 1; \
	fi
	@grep -q '/prefix/lib/kvmkit/lib/libm\.a$$' $(SDK_TEST_DIR)/src/link-trace.txt || \
		{ echo "check-sdk-install: -lm did not find the SDK's libm.a"; exit 1; }
	@if [ -x $(BUILD)/runner ]; then \
		for elf in prog.elf prog-pc.elf prog-twice.elf; do \
			out=$$(tests/vm/run $(BUILD)/runner -q $(SDK_TEST_DIR)/src/$$elf 2>/dev/null); \
			if [ "$$out" != "$(SDK_TEST_EXPECT)" ]; then \
				echo "check-sdk-install: $$elf printed '$$out'"; \
				echo "1 passed, 1 failed"; exit 1; \
			fi; \
		done; \
		echo "check-sdk-install: the three out-of-tree guests print: $(SDK_TEST_EXPECT)"; \
	else \
		echo "check-sdk-install: built; no $(BUILD)/runner to run them"; \
	fi

# ---------------------------------------------------------- headers
# Every SDK header in C89...C23 and C++ (tests/libc/check-headers).
.PHONY: check-headers
check-headers:
	tests/libc/check-headers $(GUEST_CC) $(patsubst %gcc,%g++,$(GUEST_CC))

CHECK_TARGETS += check-headers

# docs/sdk.md's C11 table: every function it lists as present links.
.PHONY: check-c11-table
check-c11-table: $(SDK_LIB) $(SDK_CRT0)
	tests/libc/check-c11-table $(GUEST_CC)

CHECK_TARGETS += check-c11-table
