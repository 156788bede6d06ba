# bench/: `make bench`, the performance figures of docs/performance.md.
# Never part of `make check`; nothing here asserts a time.
#
#   make bench           build, run bench/run: prints a table, writes
#                        build/bench.json (see docs/performance.md)
#   make bench-build     only build what bench/run needs
#
# Included by the top Makefile (-include bench/*.mk).

BENCH_BUILD  := $(BUILD)/bench
BENCH_GUESTS := $(patsubst bench/guests/%.c,$(BENCH_BUILD)/guests/%.elf,\
		$(wildcard bench/guests/*.c))
# Static host programs, so that they run inside the test VM (tests/vm) too.
BENCH_HOST_CFLAGS := -std=gnu11 -O2 $(WARN)
BENCH_TOOLS  := $(BENCH_BUILD)/kbench $(BENCH_BUILD)/compute-host \
		$(BENCH_BUILD)/floor

# Bench guests: built with the SDK, like samples/*.elf.
$(BENCH_BUILD)/guests/%.elf: bench/guests/%.c $(SDK_DEPS)
	@mkdir -p $(dir $@)
	$(GUEST_LINK)

# kbench names system calls from $(BUILD)/gen/syscall_names.h (Makefile).
$(BENCH_BUILD)/kbench: bench/tools/kbench.c $(BUILD)/gen/syscall_names.h
	$(CC) $(BENCH_HOST_CFLAGS) -I$(BUILD)/gen -static -o $@ $<

# The floor: the least VMM that says hello (bench/tools/floor.c).
$(BENCH_BUILD)/floor: bench/tools/floor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -static -o $@ $<

# The compute sample as a host program: same source, host gcc -O2.
$(BENCH_BUILD)/compute-host: samples/compute.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_HOST_CFLAGS) -static -o $@ $<

.PHONY: bench bench-build
bench-build: $(BUILD)/runner samples/hello.elf samples/compute.elf \
	     $(BENCH_GUESTS) $(BENCH_TOOLS)

bench: deps
	@$(MAKE) --no-print-directory bench-build
	bench/run
