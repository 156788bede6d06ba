# Bare raw images for the CPU-mode tests (tests/integration/modes.bats):
# flat binaries at address 0, one small fault per mode.
MODES_DIR    := $(BUILD)/modes
MODES_IMAGES := $(patsubst tests/modes/%.s,$(MODES_DIR)/%.img,$(wildcard tests/modes/*.s))

$(MODES_DIR)/%.o: tests/modes/%.s
	@mkdir -p $(dir $@)
	$(AS) $< -o $@
$(MODES_DIR)/%.img: $(MODES_DIR)/%.o
	objcopy -O binary -j .text $< $@

all: $(MODES_IMAGES)
