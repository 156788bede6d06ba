#!/usr/bin/env bats
# Hostile guests and hostile inputs (issue 16, docs/security.md): for each,
# the exit status, the stop reason, and that the runner neither crashed nor
# hung past its deadline nor lost output.

load helpers

@test "a forged exception report from the guest's own code is not believed" {
	run_runner tests/guests/hostile_forged_exception.elf
	expect_status 122
	expect_stderr_has "stopped:  unhandled-exit: guest wrote to the exception report port 0xeb from rip 0x"
	expect_stderr_has "outside the runner's exception stubs"
	expect_stderr_has "code:     out 0xeb, al"
	[[ "$stderr" != *"guest exception"* && "$stderr" != *"0xdeadbeef"* ]]
}

@test "REP OUTSB to the hypercall port is refused before any call is made" {
	run_runner tests/guests/hostile_rep_hypercall.elf
	expect_status 122
	expect_stdout ""
	expect_stderr_has "stopped:  unhandled-exit: guest used string I/O (OUTS) on port 0xea"
	expect_stderr_has "exits:    1 (other_io 1)"
	expect_stderr_has "code:     rep outsb"
}

@test "a guest's abort message cannot forge report lines or reach the terminal" {
	run_runner tests/guests/hostile_abort_message.elf
	expect_status 134
	# One stopped: line with every control byte escaped, one status: line.
	printf '%s\n' "$stderr" | grep -Fx 'stopped:  abort: guest called abort(): café\x0a\x1b[2Jstatus:   0\x0d\\\xff'
	[ "$(printf '%s\n' "$stderr" | grep -c '^status:')" = 1 ]
	printf '%s\n' "$stderr" | grep -qx 'status:   134'
	[[ "$stderr" != *$'\e'* && "$stderr" != *$'\r'* ]]
}

@test "the JSON report keeps UTF-8 text and escapes the rest" {
	run_runner --report json tests/guests/hostile_abort_message.elf
	expect_status 134
	[ "$(json_field .stop)" = abort ]
	[ "$(json_field .detail)" = $'guest called abort(): café\n\e[2Jstatus:   0\r\\\uFFFD' ]
	[[ "$stderr" == *'café'* ]]
}

@test "int \$0x80 with no handler is reported at the INT instruction" {
	run_runner tests/guests/exceptions.elf int
	expect_status 121
	expect_stderr_has "code:     int 0x80"
}
