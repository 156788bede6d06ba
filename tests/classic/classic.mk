# The classic KVM hello world's guests (dpw/kvm-hello-world), built from
# our own copy of its few lines by its own recipe: flat binaries at
# address 0, with the host's gcc, as and ld. tests/integration/modes.bats
# runs them in all four modes.
CLASSIC_DIR   := $(BUILD)/classic
# The classic CFLAGS, plus one parameter: gcc 12 (Debian 12) takes a store
# to a constant address below 4 KiB for a null-pointer access and warns
# (-Warray-bounds), which the classic -Werror turns into an error.
CLASSIC_CFLAGS := -Wall -Wextra -Werror -O2 --param=min-pagesize=0
CLASSIC_IMAGES := $(CLASSIC_DIR)/guest16.img $(CLASSIC_DIR)/guest32.img \
		  $(CLASSIC_DIR)/guest64.img

$(CLASSIC_DIR)/guest64.o: tests/classic/guest.c
	@mkdir -p $(dir $@)
	$(CC) $(CLASSIC_CFLAGS) -m64 -ffreestanding -fno-pic -c -o $@ $^
$(CLASSIC_DIR)/guest64.img: $(CLASSIC_DIR)/guest64.o tests/classic/guest.ld
	$(LD) -T tests/classic/guest.ld $< -o $@

$(CLASSIC_DIR)/guest32.o: tests/classic/guest.c
	@mkdir -p $(dir $@)
	$(CC) $(CLASSIC_CFLAGS) -m32 -ffreestanding -fno-pic -c -o $@ $^
$(CLASSIC_DIR)/guest32.img: $(CLASSIC_DIR)/guest32.o tests/classic/guest.ld
	$(LD) -T tests/classic/guest.ld -m elf_i386 $< -o $@

# The classic VMM links guest16.o's .text into itself and copies it to
# address 0; the flat image is the same bytes.
$(CLASSIC_DIR)/guest16.o: tests/classic/guest16.s
	@mkdir -p $(dir $@)
	$(AS) $< -o $@
$(CLASSIC_DIR)/guest16.img: $(CLASSIC_DIR)/guest16.o
	objcopy -O binary -j .text $< $@

all: $(CLASSIC_IMAGES)
