#!/usr/bin/env bats
# The four CPU modes of the classic KVM lab (docs/modes.md): the classic
# hello world's own guests (tests/classic, built by its recipe) run
# unchanged in real, protected, paged32 and long mode with the classic
# output, 42 at 0x400 and in the accumulator, and the classic number of
# exits (one per byte written, plus the HLT); a fault in each mode is
# reported with its vector; raw images and mode choices are checked.

load helpers

CLASSIC="$REPO/build/classic"
MODES="$REPO/build/modes"

# classic MODE IMAGE: run it as the classic VMM would check it; the guest's
# stdout goes to $SCRATCH/out.MODE, byte for byte.
classic() {
	local mode=$1 image=$2
	run --separate-stderr "$REPO/tests/vm/run" "$RUNNER" --report json \
		--mode "$mode" --expect 42 --expect-ax 42 "$image"
	printf '%s' "$output" >"$SCRATCH/out.$mode"
}

@test "real mode: the classic guest16 stores 42 and halts, 1 exit" {
	classic real "$CLASSIC/guest16.img"
	expect_status 0
	[ -z "$output" ]
	[ "$(json_field .mode)" = real ]
	[ "$(json_field .result)" = 42 ]
	[ "$(json_field .result_size)" = 4 ]
	[ "$(json_field .accumulator.register)" = ax ]
	[ "$(json_field .accumulator.value)" = 42 ]
	[ "$(json_field .exits.total)" = 1 ]
	[ "$(json_field .exits.hlt)" = 1 ]
}

@test "protected, paged32, long: the classic guest prints Hello, world! in 15 exits" {
	printf 'Hello, world!\n' >"$SCRATCH/classic.expected"
	for mode in protected paged32 long; do
		local image="$CLASSIC/guest32.img" acc=eax
		if [ "$mode" = long ]; then
			image="$CLASSIC/guest64.img"
			acc=rax
		fi
		# The runner's stdout, not bats' $output (which drops the
		# trailing newline): the bytes must be the classic ones.
		"$REPO/tests/vm/run" "$RUNNER" -q --mode "$mode" "$image" \
			>"$SCRATCH/classic.$mode"
		cmp "$SCRATCH/classic.expected" "$SCRATCH/classic.$mode"
		classic "$mode" "$image"
		expect_status 0
		[ "$(json_field .mode)" = "$mode" ]
		[ "$(json_field .result)" = 42 ]
		[ "$(json_field .expect_met)" = true ]
		[ "$(json_field .accumulator.register)" = "$acc" ]
		[ "$(json_field .expect_ax_met)" = true ]
		[ "$(json_field .exits.total)" = 15 ]
		[ "$(json_field .exits.console_io)" = 14 ]
		[ "$(json_field .exits.hlt)" = 1 ]
		[ "$(json_field .raw_image)" = true ]
	done
}

@test "16/32-bit modes read 4 result bytes by default, long mode 8" {
	classic protected "$CLASSIC/guest32.img"
	[ "$(json_field .result_size)" = 4 ]
	classic long "$CLASSIC/guest64.img"
	[ "$(json_field .result_size)" = 8 ]
	run_runner --report json --mode paged32 --result-size 1 "$CLASSIC/guest32.img"
	[ "$(json_field .result_size)" = 1 ]
	[ "$(json_field .result)" = 42 ]
}

@test "--expect-ax fails with 120 when the accumulator differs" {
	run_runner --mode protected --expect-ax 41 "$CLASSIC/guest32.img"
	expect_status 120
	expect_stderr_has "acc:      eax 42 (0x2a) at HLT"
	expect_stderr_has "expect-ax: 41 (MISMATCH)"
}

@test "the accumulator is shown and compared at the code's width: ax of a wider eax" {
	# 16-bit code: mov $0x1234002a, %eax (0x66: 32-bit operand); hlt
	printf '\x66\xb8\x2a\x00\x34\x12\xf4' >"$SCRATCH/eax16.img"
	run_runner --mode real --expect-ax 42 "$SCRATCH/eax16.img"
	expect_status 0
	expect_stderr_has "acc:      ax 42 (0x2a) at HLT"
	expect_stderr_has "expect-ax: 42 (met)"
}

@test "--load and --entry place and start a raw image" {
	# guest16 is position-independent: at 0x7c00 it still stores 42.
	run_runner --report json --mode real --load 0x7c00 --expect 42 \
		--expect-ax 42 "$CLASSIC/guest16.img"
	expect_status 0
	# Entered 3 bytes in, it skips `mov $42, %ax`: AX and the slot are 0.
	run_runner --report json --mode real --load 0x7c00 --entry 0x7c03 \
		--expect 0 --expect-ax 0 "$CLASSIC/guest16.img"
	expect_status 0
	[ "$(json_field .accumulator.value)" = 0 ]
}

@test "the report and --trace say where the runner put its structures" {
	run_runner --trace --mode paged32 "$CLASSIC/guest32.img"
	expect_status 0
	expect_stderr_has "trace: mode paged32, raw image [0x0, 0x"
	expect_stderr_has "trace: runner's structures in [0x1000, 0x7000): IDT 0x2000, GDT 0x1000"
	expect_stderr_has "runner:   [0x1000, 0x7000): GDT 0x1000, IDT 0x2000, TSS 0x3000"
	expect_stderr_has "tables:   page tables from 0x6000 (CR3)"
	# The JSON report gives the same places, as docs/modes.md shows them.
	run_runner --report json --mode paged32 "$CLASSIC/guest32.img"
	expect_status 0
	[ "$(printf '%s' "$stderr" | jq -c .runner_area)" = '{"start":"0x1000","end":"0x7000","gdt":"0x1000","idt":"0x2000","tss":"0x3000","stubs":"0x4000","page_tables":"0x6000"}' ]
}

@test "a fault is reported with its vector in every mode" {
	run_runner --report json --mode real "$MODES/fault16.img"
	expect_status 121
	[ "$(json_field .fault.vector)" = 0 ]
	[ "$(json_field .fault.rip)" = 0x8 ]
	[ "$(json_field .location.code_bits)" = 16 ]
	[ "$(json_field .location.instruction)" = "div bl" ]
	# The frame is undone: SP as fault16.s set it, before the 3 words
	# the CPU pushed (FLAGS, CS, IP) and the stub's vector.
	[ "$(json_field .registers.rsp)" = 0x7000 ]
	[ "$(json_field .registers.rip)" = 0x8 ]

	run_runner --report json --mode protected "$MODES/fault32.img"
	expect_status 121
	[ "$(json_field .fault.vector)" = 6 ]
	[ "$(json_field .location.code_bits)" = 32 ]
	[ "$(json_field .location.instruction)" = ud2 ]
	# ESP as fault32.s set it, before the 3 dwords the CPU pushed
	# (EFLAGS, CS, EIP) and the stub's 2 (error code 0, vector); EIP
	# after its 5-byte mov.
	[ "$(json_field .registers.rsp)" = 0x7000 ]
	[ "$(json_field .fault.rip)" = 0x5 ]

	run_runner --report json --mode paged32 "$MODES/pagefault32.img"
	expect_status 121
	[ "$(json_field .fault.vector)" = 14 ]
	[ "$(json_field .fault.cr2)" = 0x40000000 ]
	[ "$(json_field .location.instruction)" = "mov eax, dword ptr [ebx]" ]

	run_runner --report json --mode long "$MODES/fault64.img"
	expect_status 121
	[ "$(json_field .fault.vector)" = 6 ]
	[ "$(json_field .location.code_bits)" = 64 ]
}

@test "text reports print registers at the mode's width" {
	run_runner --mode real "$MODES/fault16.img"
	expect_status 121
	expect_stderr_has "guest exception #DE (divide error) at ip 0x8"
	expect_stderr_has "at:       cs:ip 0000:0008 (linear 0x8)"
	expect_stderr_has "  ax 0001  bx 0000  cx 0000  dx 0000"
	run_runner --mode protected "$MODES/fault32.img"
	expect_stderr_has "at:       eip 0x5"
	expect_stderr_has "  eax 00000000  ebx 00000000"
	expect_stderr_has "cr0 00000033"
	run_runner --mode paged32 "$MODES/pagefault32.img"
	expect_stderr_has "cr0 80050033"
	expect_stderr_has "cr4 00000610"
}

@test "an image whose ELF class cannot run in the mode is refused, naming both" {
	run_runner --mode protected samples/hello.elf
	expect_status 126
	expect_stderr_has "an ELFCLASS64 image cannot run in --mode protected"
	run_runner --mode real samples/hello.elf
	expect_status 126
	expect_stderr_has "--mode real"
	run_runner --load 0x1000 samples/hello.elf
	expect_status 126
	expect_stderr_has "--load and --entry are for raw images"
}

@test "--mode, --load, --entry and --expect-ax refuse bad values, saying which" {
	# Each is refused before any image is read: x.img need not exist.
	for bad in "--mode r|--mode must be real, protected, paged32 or long, not 'r'" \
		"--mode Long|--mode must be real, protected, paged32 or long, not 'Long'" \
		"--load -1|invalid --load address '-1'" \
		"--load 0x1000x|invalid --load address '0x1000x'" \
		"--entry -0x10|invalid --entry address '-0x10'" \
		"--expect-ax 4x|invalid --expect-ax value '4x'"; do
		# shellcheck disable=SC2086 # the option and its value
		run_runner ${bad%%|*} x.img
		expect_status 125
		expect_stderr "runner: ${bad#*|}
Try 'runner --help' for more information."
	done
}

@test "a raw image needs --mode, and one that leaves no room is refused" {
	run_runner "$CLASSIC/guest32.img"
	expect_status 126
	expect_stderr_has "not an ELF file"
	expect_stderr_has "--mode real|protected|paged32|long"
	# Real mode keeps the runner's structures below 1 MiB: an image that
	# fills it leaves them no room.
	head -c $((0xff000)) /dev/zero >"$SCRATCH/fill.img"
	run_runner --mode real "$SCRATCH/fill.img"
	expect_status 126
	expect_stderr_has "overlaps the runner's structures"
	run_runner --mode protected --load 0xffffc0 "$CLASSIC/guest32.img"
	expect_status 126
	expect_stderr_has "does not fit in guest memory"
	run_runner --mode paged32 -m 4G "$CLASSIC/guest32.img"
	expect_status 126
	expect_stderr_has "--mode paged32 reaches at most 3072 MiB"
}

@test "hello in long mode reports exactly as before" {
	run_runner samples/hello.elf
	expect_status 0
	[[ "$stderr" != *"mode:"* ]]
	[[ "$stderr" != *"acc:"* ]]
	[[ "$stderr" != *"runner:   ["* ]]
}

@test "--expect-ax is never met by a run that faulted, even with the right value" {
	# The guest faults with eax 7: the accumulator matches, the run did
	# not halt, so --expect-ax is not met and the fault's status stays.
	run_runner --report json --expect-ax 7 tests/guests/raw_divide_error.elf
	expect_status 121
	[ "$(json_field .stop)" = exception ]
	[ "$(json_field .expect_ax_met)" = false ]
	run_runner --expect-ax 7 tests/guests/raw_divide_error.elf
	expect_status 121
	expect_stderr_has "expect-ax: 7 (MISMATCH)"
}
