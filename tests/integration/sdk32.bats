#!/usr/bin/env bats
# The 32-bit SDK (sdk/sdk32.mk): C guests built with gcc -m32 run in
# protected mode (the default for ELF32) and in paged32 mode, with printf,
# the heap, exit and hypercalls; a portable guest prints the same bytes as
# its 64-bit build in long mode.

load helpers

# same_output GUEST [ARGS]: the 64-bit build in long mode and the 32-bit
# build in protected and paged32 mode print identical bytes and return the
# same status.
same_output() {
	local guest=$1
	shift
	"$REPO/tests/vm/run" "$RUNNER" -q "tests/guests/$guest.elf" "$@" \
		>"$SCRATCH/$guest.64" && s64=0 || s64=$?
	for mode in protected paged32; do
		"$REPO/tests/vm/run" "$RUNNER" -q --mode "$mode" \
			"tests/guests/$guest-32.elf" "$@" >"$SCRATCH/$guest.$mode" \
			&& s32=0 || s32=$?
		[ "$s32" = "$s64" ] || {
			echo "$guest in $mode: status $s32, long mode: $s64" >&2
			return 1
		}
		cmp "$SCRATCH/$guest.64" "$SCRATCH/$guest.$mode"
	done
	[ -s "$SCRATCH/$guest.64" ]
}

@test "mode sample: the same C file names each mode it runs in" {
	run_guest samples/mode.elf
	expect_status 0
	expect_stdout "Hello from long mode (4-level paging): 64-bit code, cr0 0x80050033"
	run_runner --report json samples/mode32.elf
	expect_status 0
	expect_stdout "Hello from protected mode (paging off): 32-bit code, cr0 0x33"
	[ "$(json_field .mode)" = protected ]
	[ "$(json_field .result)" = 4 ]
	run_guest --mode paged32 samples/mode32.elf
	expect_status 0
	expect_stdout "Hello from paged32 mode (4 MiB pages): 32-bit code, cr0 0x80050033"
}

@test "32-bit SDK: printf and snprintf/strtod round trips as in long mode" {
	same_output libc_snprintf
	grep -q ", 0 bad$" "$SCRATCH/libc_snprintf.paged32"
}

@test "32-bit SDK: math and qsort as in long mode" {
	same_output libc_math
	same_output libc_qsort

}

@test "32-bit SDK: the heap stays consistent" {
	run_guest --mode paged32 tests/guests/libc_heap-32.elf
	expect_status 0
	[[ "$output" == "heap ok: "*" bytes free" ]]
}

@test "32-bit SDK: exit() runs atexit handlers and sets the status" {
	run_guest tests/guests/libc_exit-32.elf
	expect_status 3
	expect_stdout "main: partial line, handler registered second; handler registered first"
}

@test "32-bit SDK: argv reaches main through the 32-bit hypercall ABI" {
	run_runner --mode paged32 tests/guests/hc_args-32.elf a b c
	expect_status 0
	expect_stdout "$(cat <<'OUT'
argc 4
argv[0] "tests/guests/hc_args-32.elf"
argv[1] "a"
argv[2] "b"
argv[3] "c"
argv[argc] NULL
OUT
)"
}

@test "an ELF32 guest is refused in long mode, naming both" {
	run_runner --mode long samples/mode32.elf
	expect_status 126
	expect_stderr_has "an ELFCLASS32 image cannot run in --mode long"
}

@test "text report of a 32-bit ELF guest names its mode and the runner's area" {
	run_runner samples/mode32.elf
	expect_status 0
	expect_stderr_has $'result:   4 (0x4)\nmode:     protected\nrunner:   [0x0, 0x100000): GDT 0x1000'
}
