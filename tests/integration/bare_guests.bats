#!/usr/bin/env bats
# Guests written without the SDK (tests/guests/raw_*.S): the runner's own
# behaviour for the console port, faults and exits, with nothing of the
# SDK in the way.

load helpers

@test "classic hello: byte-wise outb to 0xE9 and 42 at 0x400" {
	run_runner tests/guests/raw_hello.elf
	expect_status 0
	expect_stdout "Hello, world!"
	expect_stderr_has "result:   42 (0x2a)"
	expect_stderr_has "exits:    15 (console_io 14, hlt 1)"
}

@test "REP OUTSB and word OUT reach stdout byte for byte" {
	run_runner tests/guests/raw_string_io.elf
	expect_status 0
	expect_stdout "string I/O
BA"
	expect_stderr_has "result:   7 (0x7)"
}

@test "divide by zero is reported as #DE in the function it happened in" {
	run_runner tests/guests/raw_divide_error.elf
	expect_status 121
	expect_stderr_has "guest exception #DE (divide error) at rip 0x"
	expect_stderr_has "in divide_by_zero+0x"
	expect_stderr_has "code:     idiv ecx"
}

@test "a write beyond guest memory is reported as #PF with its address" {
	run_runner tests/guests/raw_page_fault.elf
	expect_status 121
	expect_stderr_has "guest exception #PF (page fault)"
	expect_stderr_has "in poke+0x"
	expect_stderr_has "write to 0x40000000 (page not mapped)"
}

@test "a triple fault is reported without pretending to know where" {
	run_runner tests/guests/raw_triple_fault.elf
	expect_status 121
	expect_stderr_has "stopped:  triple-fault"
	expect_stderr_has "location: unknown"
	[[ "$stderr" != *"rip 0x"* ]]
}

@test "a write to an unserved port ends the run with the port named" {
	run_runner tests/guests/raw_bad_port.elf
	expect_status 122
	expect_stderr_has "guest wrote 0x41 to I/O port 0x3f8"
}

@test "a read with no RAM behind it is named as MMIO" {
	run_runner tests/guests/raw_mmio.elf
	expect_status 122
	expect_stderr_has "guest read 4 bytes at physical address 0xc0000000"
}

@test "--timeout stops a guest that spins without exits, and says where" {
	run_runner --timeout 1 tests/guests/raw_spin.elf
	expect_status 124
	expect_stderr_has "stopped:  timeout"
	expect_stderr_has "at:       rip 0x"
	expect_stderr_has "in spin"
}

@test "the JSON report of a fault names the vector, symbol and registers" {
	run_runner --report json tests/guests/raw_divide_error.elf
	expect_status 121
	[ "$(json_field .stop)" = exception ]
	[ "$(json_field .fault.mnemonic)" = "#DE" ]
	[ "$(json_field .fault.symbol)" = "divide_by_zero+0x3" ]
	[ "$(json_field .location.instruction)" = "idiv ecx" ]
	[ "$(json_field .registers.rax)" = "0x7" ]
	[ "$(json_field .status)" = 121 ]
}

@test "--trace logs every exit" {
	run_runner --trace tests/guests/raw_hello.elf
	expect_status 0
	[ "$(grep -c '^trace: exit' <<<"$stderr")" -eq 15 ]
	expect_stderr_has "trace: exit 1: KVM_EXIT_IO out port 0xe9 size 1 count 1"
	expect_stderr_has "trace: exit 15: KVM_EXIT_HLT"
}
