# The unit tests again, with the runner's host-side code (loader, paging,
# machine setup, reports, hypercalls: everything but main.c) built with
# AddressSanitizer and UndefinedBehaviorSanitizer; any finding fails
# `make check`. The runner binary itself is static (it runs in the test
# VM, which has no shared libraries) and ASan cannot be static: the fuzz
# harnesses (tests/fuzz) cover its hypercall handling under the same
# sanitizers instead.
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all \
	      -fno-omit-frame-pointer
SAN_CFLAGS := $(filter-out -O2,$(HOST_CFLAGS)) -O1 $(SAN_FLAGS)
SAN_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SAN_OBJS   := $(RUNNER_LIB_OBJS:$(BUILD)/obj/%=$(BUILD)/asan/obj/%)
SAN_UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/asan/tests/unit/%,$(wildcard tests/unit/test_*.c))

$(BUILD)/asan/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -c -o $@ $<

$(BUILD)/asan/tests/unit/%: tests/unit/%.c tests/tools/badelf.c $(SAN_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_CFLAGS) -Itests/tools -o $@ $(filter %.c %.o,$^) $(SAN_LIBS) -lcmocka

.PHONY: check-sanitize
check-sanitize: $(SAN_UNIT_TESTS) tests/guests/raw_hello.elf
	@set -e; for t in $(SAN_UNIT_TESTS); do \
		UBSAN_OPTIONS=print_stacktrace=1 $$t; done

CHECK_TARGETS += check-sanitize
.SECONDARY: $(SAN_OBJS)
$(BUILD)/asan/obj/runner/sandbox_seccomp.o: $(GEN_HEADERS)
