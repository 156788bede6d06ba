# sdk/sdk32.mk: the SDK and its C library for 32-bit guests (gcc -m32,
# ELFCLASS32), which the runner starts in protected mode (the default for
# ELF32) or in paged32 mode (--mode paged32). Same sources as the 64-bit
# SDK, a second library next to it, its own crt0 (the i386 half of
# sdk/core/crt0.S) and linker script (linker/guest32.ld). docs/modes.md.
#
#   build/sdk32/libkvmkit.a  build/sdk32/crt0.o
#   samples/*32.elf          samples built for 32-bit modes
#   tests/guests/*-32.elf    test guests built for 32-bit modes
#
# -msse2: the C library uses SSE for sqrt (the runner sets CR4.OSFXSR in
# every protected mode); floating point stays on the x87 as the i386 ABI
# has it. -mcmodel and the red zone exist only in 64-bit mode.
GUEST32_FLAGS   := $(filter-out -mcmodel=small -mno-red-zone,$(GUEST_FLAGS)) \
		   -m32 -msse2
GUEST32_LDFLAGS := $(subst linker/guest.ld,linker/guest32.ld,$(GUEST_LDFLAGS))
# Interrupt handlers, the APIC and other CPUs are long mode's (the runner
# gives the APIC and --cpus > 1 to long-mode ELF images only: smp.md).
SDK32_ONLY_64 := sdk/core/interrupts.c sdk/core/apic.c sdk/core/smp.c \
		 sdk/core/isr.S sdk/core/cpu_entry.S
SDK32_OBJS := $(patsubst sdk/%.c,$(BUILD)/sdk32/%.o,$(filter-out $(SDK32_ONLY_64),$(SDK_SRCS))) \
	      $(patsubst sdk/%.S,$(BUILD)/sdk32/%.o,$(filter-out $(SDK32_ONLY_64),$(SDK_ASM)))
SDK32_LIB  := $(BUILD)/sdk32/libkvmkit.a
SDK32_CRT0 := $(BUILD)/sdk32/crt0.o
SDK32_DEPS := $(SDK32_LIB) $(SDK32_CRT0) linker/guest32.ld

$(BUILD)/sdk32/%.o: sdk/%.c
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST32_FLAGS) -ffunction-sections -c -o $@ $<

$(BUILD)/sdk32/%.o: sdk/%.S
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(GUEST32_FLAGS) -c -o $@ $<

$(SDK32_CRT0): $(BUILD)/sdk32/core/crt0.o
	cp $< $@

$(SDK32_LIB): $(SDK32_OBJS)
	@rm -f $@
	ar rcs $@ $^

GUEST32_LINK = $(GUEST_CC) $(GUEST32_FLAGS) $(GUEST32_LDFLAGS) -o $@ \
	       $(SDK32_CRT0) $(filter-out $(SDK32_DEPS),$(filter %.c %.o %.S,$^)) \
	       $(SDK32_LIB) -lgcc

# The samples that say which mode they run in, and the test guests that
# the integration tests also run in 32-bit modes.
SAMPLES32     := samples/mode32.elf
TEST_GUESTS32 := $(patsubst %,tests/guests/%-32.elf,libc_snprintf libc_heap \
		 libc_exit libc_math libc_qsort hc_args)

samples/%32.elf: samples/%.c $(SDK32_DEPS)
	$(GUEST32_LINK)
tests/guests/%-32.elf: tests/guests/%.c $(SDK32_DEPS)
	$(GUEST32_LINK)

all: $(SDK32_LIB) $(SDK32_CRT0) $(SAMPLES32) $(TEST_GUESTS32)
