#!/usr/bin/env bats
# Each CPU exception a guest can raise is reported by the runner's default
# IDT with its vector, the function it happened in and status 121
# (tests/guests/exceptions.c raises the one named by its argument).
# Not tested: #XM, which QEMU's TCG (the CPU under the test VM) never
# raises, and #DF/#TS/#NP, which need a broken GDT/IDT that the runner's
# tables rule out.

load helpers

expect_exception() { # ARG MNEMONIC FUNCTION
	run_runner tests/guests/exceptions.elf "$1"
	expect_status 121
	expect_stderr_has "guest exception $2"
	expect_stderr_has "in $3"
}

@test "#DE divide error" { expect_exception de "#DE (divide error)" raise_de+0x; }
@test "#DB debug (single-step trap)" { expect_exception db "#DB (debug)" raise_db; }
@test "#BP breakpoint" { expect_exception bp "#BP (breakpoint)" raise_bp+0x1; }
@test "#UD invalid opcode" { expect_exception ud "#UD (invalid opcode)" raise_ud; }
@test "#NM device not available" { expect_exception nm "#NM (device not available)" raise_nm+0x; }
@test "#GP general protection" { expect_exception gp "#GP (general protection)" raise_gp+0x; }
@test "#MF x87 floating-point error" { expect_exception mf "#MF (x87 floating-point error)" raise_mf+0x; }

@test "#PF on a write names the address" {
	expect_exception pf "#PF (page fault)" raise_pf+0x
	expect_stderr_has "write to 0x80000000 (page not mapped)"
}

@test "#PF on a jump to nowhere reports the address as RIP" {
	run_runner tests/guests/exceptions.elf pf-fetch
	expect_status 121
	expect_stderr_has "guest exception #PF (page fault) at rip 0x90000000"
	# EFER.NXE is set (where the CPU has it), so the CPU says it was a
	# fetch: error code bit 4.
	expect_stderr_has "instruction fetch from 0x90000000 (page not mapped)"
	expect_stderr_has "efer 0000000000000d00"
}

@test "a bad stack pointer is still reported (IST stack)" {
	# Architecturally #SS; QEMU's TCG gives #GP. Either way it is caught.
	run_runner tests/guests/exceptions.elf ss
	expect_status 121
	expect_stderr_has "in raise_ss+0x"
}

@test "a software interrupt with no handler is named" {
	run_runner tests/guests/exceptions.elf int
	expect_status 121
	expect_stderr_has "guest interrupt 128 (0x80), which has no handler"
	expect_stderr_has "in raise_int"
}

@test "the JSON report carries the fault" {
	run_runner --report json tests/guests/exceptions.elf pf
	expect_status 121
	[ "$(json_field .fault.vector)" = 14 ]
	[ "$(json_field .fault.cr2)" = 0x80000000 ]
	[[ "$(json_field .fault.symbol)" == raise_pf+0x* ]]
}

@test "#PF on a write: error code 0x2 (write, page not present, supervisor)" {
	# SDM vol. 3, 4.7: bit 0 P (0: not present), bit 1 W/R (1: write),
	# bit 2 U/S (0: supervisor).
	run_runner --report json tests/guests/exceptions.elf pf
	expect_status 121
	[ "$(json_field .fault.error_code)" = 0x2 ]
	[ "$(json_field .fault.mnemonic)" = "#PF" ]
	[ "$(json_field .fault.description)" = "page fault" ]
	[ "$(json_field .exits.exception)" = 1 ]
	[ "$(json_field .exits.total)" = 1 ]
	[ "$(json_field .status)" = 121 ]
	# The fault's RIP is the function's address (from nm) plus the
	# offset in its name, and the location and registers agree.
	local symbol base offset
	symbol=$(json_field .fault.symbol)
	base=$(nm tests/guests/exceptions.elf | awk '$3 == "raise_pf" { print $1 }')
	offset=${symbol#raise_pf+}
	[ "$(json_field .fault.rip)" = "$(printf '0x%x' $((0x$base + offset)))" ]
	[ "$(json_field .location.rip)" = "$(json_field .fault.rip)" ]
	[ "$(json_field .registers.rip)" = "$(json_field .fault.rip)" ]
	[ "$(json_field .registers.cr2)" = 0x80000000 ]
	# docs/abi.md: the machine state the guest was started with.
	# EFER: LME | LMA, and NXE where the CPU offers NX.
	[[ "$(json_field '[.registers.cr0, .registers.cr3, .registers.cr4, .registers.efer] | join(" ")')" =~ ^"0x80050033 0x10000 0x620 0x"(500|d00)$ ]]
}

@test "#GP with an error code: the selector, named in the report" {
	run_runner tests/guests/exceptions.elf gp-selector
	expect_status 121
	expect_stderr_has "guest exception #GP (general protection) at rip 0x"
	expect_stderr_has " in raise_gp_selector+0x"
	expect_stderr_has "(error code 0x28)"
	expect_stderr_has "status:   121"
	run_runner --report json tests/guests/exceptions.elf gp-selector
	[ "$(json_field .fault.error_code)" = 0x28 ]
	[ "$(json_field .fault.vector)" = 13 ]
}

@test "#GP with error code 0 says no error code" {
	run_runner tests/guests/exceptions.elf gp
	expect_status 121
	[[ "$stderr" != *"error code"* ]]
	run_runner --report json tests/guests/exceptions.elf gp
	[ "$(json_field .fault.error_code)" = 0x0 ]
}
