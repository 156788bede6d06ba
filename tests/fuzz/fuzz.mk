# Fuzzing (libFuzzer, clang from Debian, with ASan and UBSan):
#
#   make fuzz                   run every harness for FUZZ_TIME seconds each
#   make fuzz FUZZ_TIME=3600    ... for an hour each
#   make fuzz-elf, fuzz-hypercall, fuzz-gdb   one harness
#
# Harnesses are in tests/fuzz/fuzz_*.c, their seed corpus in
# tests/fuzz/seeds/NAME/ (in the repository; the loader's seeds are the
# guest images the build makes, since *.elf is never committed); the growing corpus and any
# crash reproducers go to build/fuzz/NAME/. `make check` runs each for
# FUZZ_SMOKE_TIME (60) seconds. A crash leaves build/fuzz/NAME/crash-* and
# fails the target: rerun it with build/fuzz/fuzz_NAME FILE.
FUZZ_CC         ?= clang
FUZZ_TIME       ?= 600
FUZZ_SMOKE_TIME ?= 60
FUZZ_NAMES      := elf hypercall gdb
FUZZ_SAN        := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS     := -std=gnu11 -g -O1 -Iinclude -Irunner -I$(BUILD)/gen $(PKG_CFLAGS) $(FUZZ_SAN)
FUZZ_LIBS       := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
FUZZ_SRCS       := $(filter-out runner/main.c,$(RUNNER_SRCS))
FUZZ_OBJS       := $(FUZZ_SRCS:%.c=$(BUILD)/fuzz/obj/%.o)

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

# fuzz-run-NAME SECONDS: run harness NAME over its corpus (seeded from the
# repository, and for the loader also from every built guest image).
define fuzz_run
	@mkdir -p $(BUILD)/fuzz/$(1)/corpus
	@if [ -d tests/fuzz/seeds/$(1) ]; then cp -n tests/fuzz/seeds/$(1)/* $(BUILD)/fuzz/$(1)/corpus/; fi
	@$(if $(filter elf,$(1)),cp -n tests/guests/*.elf samples/*.elf $(BUILD)/fuzz/elf/corpus/ 2>/dev/null || true)
	cd $(BUILD)/fuzz/$(1) && ../fuzz_$(1) -max_total_time=$(2) \
		-print_final_stats=1 -artifact_prefix=./ -rss_limit_mb=4096 \
		corpus >fuzz.log 2>&1 || { tail -n 60 fuzz.log; exit 1; }
	@grep -E '^(#[0-9]+.*DONE|stat::(number_of_executed_units|new_units_added))' \
		$(BUILD)/fuzz/$(1)/fuzz.log | sed 's/^/fuzz $(1): /'
endef

.PHONY: fuzz check-fuzz $(FUZZ_NAMES:%=fuzz-%)
fuzz: $(FUZZ_NAMES:%=fuzz-%)
fuzz-elf: $(BUILD)/fuzz/fuzz_elf all
	$(call fuzz_run,elf,$(FUZZ_TIME))
fuzz-hypercall: $(BUILD)/fuzz/fuzz_hypercall
	$(call fuzz_run,hypercall,$(FUZZ_TIME))
fuzz-gdb: $(BUILD)/fuzz/fuzz_gdb
	$(call fuzz_run,gdb,$(FUZZ_TIME))

check-fuzz: $(FUZZ_NAMES:%=$(BUILD)/fuzz/fuzz_%) all
	$(call fuzz_run,elf,$(FUZZ_SMOKE_TIME))
	$(call fuzz_run,hypercall,$(FUZZ_SMOKE_TIME))
	$(call fuzz_run,gdb,$(FUZZ_SMOKE_TIME))
CHECK_TARGETS += check-fuzz
.SECONDARY: $(FUZZ_OBJS)
$(BUILD)/fuzz/obj/runner/sandbox_seccomp.o: $(GEN_HEADERS)
