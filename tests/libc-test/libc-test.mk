# musl's libc-test, C-standard part, SDK in guests vs host glibc
# (tests/libc-test/run). Not part of make check: it needs a libc-test
# source tree, which this repository neither contains nor downloads.
#
#   make check-libc-test LIBC_TEST=/path/to/libc-test
.PHONY: check-libc-test
check-libc-test: $(BUILD)/runner $(SDK_LIB) $(SDK_CRT0)
	@test -n "$(LIBC_TEST)" || { echo "check-libc-test: set LIBC_TEST=DIR (a libc-test source tree)"; exit 2; }
	tests/libc-test/run $(LIBC_TEST)
