# C unit tests (cmocka) for the runner's pieces that need no KVM.
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(wildcard tests/unit/test_*.c))

$(BUILD)/tests/unit/%: tests/unit/%.c tests/tools/badelf.c $(RUNNER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -Itests/tools -o $@ $(filter %.c %.o,$^) $(PKG_LIBS) -lcmocka

$(BUILD)/mkbadelf: tests/tools/mkbadelf.c tests/tools/badelf.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -O2 $(WARN) -o $@ $^

.PHONY: check-unit
check-unit: $(UNIT_TESTS) tests/guests/raw_hello.elf tests/guests/raw_fill.elf
	@set -e; for t in $(UNIT_TESTS); do $$t; done
