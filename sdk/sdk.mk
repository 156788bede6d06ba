# sdk/sdk.mk: install the guest SDK so that guests build outside this tree.
#
#   make install-sdk PREFIX=/usr/local [DESTDIR=...]
#
# Layout (everything for guests stays under PREFIX/lib/kvmkit, so that the
# SDK's <stdio.h> can never shadow the host's in PREFIX/include):
#   PREFIX/lib/kvmkit/include/     the C headers, kvmkit/guest.h, kvmkit/abi.h
#   PREFIX/lib/kvmkit/libkvmkit.a  the C library and guest API
#   PREFIX/lib/kvmkit/crt0.o       _start
#   PREFIX/lib/kvmkit/guest.ld     the linker script
#   PREFIX/lib/kvmkit/kvmkit.specs gcc --specs=... -o prog.elf prog.c
#   PREFIX/lib/kvmkit/lib/         libc.a libm.a: libkvmkit.a under the
#                                  names makefiles link (-lc -lm); librt.a
#                                  libpthread.a libdl.a libutil.a: empty
#   PREFIX/lib/pkgconfig/kvmkit.pc pkg-config --cflags/--libs kvmkit
#
# Included by the top Makefile and by tests/libc/libc.mk: guarded.
ifndef KVMKIT_SDK_MK
KVMKIT_SDK_MK := 1

PREFIX        ?= /usr/local
SDK_SUBDIR    := lib/kvmkit
# gcc's own freestanding headers (stddef.h, stdint.h, stdarg.h, float.h...):
# the specs use -nostdinc, so they name this directory explicitly.
SDK_GCC_INC   = $(shell $(GUEST_CC) -print-file-name=include)
SDK_CFLAGS    := -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
		 -mno-red-zone -fno-asynchronous-unwind-tables -mcmodel=small
SDK_LDOPTS    := -z max-page-size=4096 --build-id=none -z noexecstack
# The directory of libgcc.a: the only library of the compiler's a guest uses.
SDK_GCC_LIBDIR = $(patsubst %/,%,$(dir $(shell $(GUEST_CC) -print-libgcc-file-name)))
# Libraries that makefiles put on link lines. libc and libm are the SDK's
# own library under another name; the rest have nothing in a guest, so
# they are empty and a use of (say) pthread_create fails as an undefined
# reference, never by pulling in the host's code.
SDK_ALIAS_LIBS := c m
SDK_EMPTY_LIBS := rt pthread dl util

# $(call sdk_specs,SDKDIR): the specs file. Every default C-library piece
# of the host (crt1.o, -lc, the dynamic linker, PIE) is replaced; self_spec
# adds -no-pie -static to the driver itself, since Debian's gcc makes PIE
# by default and only a driver option turns that off. link_libgcc replaces
# the driver's library directories (%D: /usr/lib/x86_64-linux-gnu with the
# host's libc.a and libm.a) by the SDK's lib/ and libgcc's directory, and
# ld's -nostdlib drops its built-in ones: -lm -lc -lrt... on a makefile's
# link line find the SDK's libraries or nothing. cpp and cc1 are appended
# to ('+'), not renamed and redefined: the file may then be given twice
# (in CFLAGS and LDFLAGS, as CMake and many makefiles pass both to one
# link command), which a second %rename refuses.
define sdk_specs
*self_spec:
%{!no-pie:-no-pie} %{!static:-static}

*cpp:
+ -nostdinc -isystem $(1)/include -isystem $(SDK_GCC_INC)

*cc1:
+ $(SDK_CFLAGS)

*startfile:
$(1)/crt0.o

*endfile:


*lib:
$(1)/libkvmkit.a

*libgcc:
-lgcc

*link:
-static -nostdlib -T $(1)/guest.ld $(SDK_LDOPTS)

*link_libgcc:
-L$(1)/lib -L$(SDK_GCC_LIBDIR)

endef

define sdk_pc
prefix=$(1)
sdkdir=$${prefix}/$(SDK_SUBDIR)

Name: kvmkit
Description: kvmkit guest SDK: freestanding C library for KVM guests
Version: $(VERSION)
Cflags: $(SDK_CFLAGS) -nostdinc -isystem $${sdkdir}/include -isystem $(SDK_GCC_INC)
Libs: -nostdlib -static -no-pie -L$${sdkdir}/lib -Wl,-T,$${sdkdir}/guest.ld -Wl,-z,max-page-size=4096 -Wl,--build-id=none $${sdkdir}/crt0.o $${sdkdir}/libkvmkit.a -lgcc
endef

SDK_DEST = $(DESTDIR)$(PREFIX)/$(SDK_SUBDIR)

.PHONY: install-sdk
install-sdk: export SDK_SPECS_TEXT = $(call sdk_specs,$(PREFIX)/$(SDK_SUBDIR))
install-sdk: export SDK_PC_TEXT = $(call sdk_pc,$(PREFIX))
install-sdk: $(SDK_LIB) $(SDK_CRT0) linker/guest.ld
	install -d $(SDK_DEST)/include/kvmkit $(SDK_DEST)/include/sys \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 sdk/include/*.h $(SDK_DEST)/include/
	install -m 644 sdk/include/sys/*.h $(SDK_DEST)/include/sys/
	install -m 644 sdk/include/kvmkit/*.h include/kvmkit/abi.h \
		$(SDK_DEST)/include/kvmkit/
	install -m 644 $(SDK_LIB) $(SDK_CRT0) linker/guest.ld $(SDK_DEST)/
	install -d $(SDK_DEST)/lib
	for l in $(SDK_ALIAS_LIBS); do \
		printf '/* kvmkit: -l%s is the SDK C library */\nINPUT(%s)\n' \
			"$$l" "$(PREFIX)/$(SDK_SUBDIR)/libkvmkit.a" \
			>$(SDK_DEST)/lib/lib$$l.a; \
	done
	for l in $(SDK_EMPTY_LIBS); do \
		rm -f $(SDK_DEST)/lib/lib$$l.a; \
		ar rc $(SDK_DEST)/lib/lib$$l.a; \
	done
	printf '%s\n' "$$SDK_SPECS_TEXT" >$(SDK_DEST)/kvmkit.specs
	printf '%s\n' "$$SDK_PC_TEXT" >$(DESTDIR)$(PREFIX)/lib/pkgconfig/kvmkit.pc
	@echo "kvmkit SDK installed: gcc --specs=$(PREFIX)/$(SDK_SUBDIR)/kvmkit.specs -o prog.elf prog.c"

endif
