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
	# 3 s, not 1: on a loaded machine the emulated test VM has been seen
	# still at _start after one second, before the spin loop.
	run_runner --timeout 3 tests/guests/raw_spin.elf
	expect_status 124
	expect_stderr_has "stopped:  timeout: guest still running after --timeout 3 s"
	# Never before the time is up (a lower bound only: the emulated
	# test VM may be slow to stop it).
	local ms
	ms=$(sed -nE 's/^time:     ([0-9]+)\.[0-9]{3} ms$/\1/p' <<<"$stderr")
	[ "$ms" -ge 3000 ]
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

# The report with the time line's number taken out (the one value that
# cannot be known in advance).
report_without_time() {
	sed -E 's/^time:     [0-9]+\.[0-9]{3} ms$/time:     T ms/' <<<"$stderr"
}

@test "output without a newline reaches stdout before a fault's report, complete and exact" {
	# Every value below follows from tests/guests/raw_fault_tail.S and
	# docs/abi.md: four OUTs then ud2 at 0x100000 + 16, RAX the last byte
	# written, RDX the port, RDI the boot info, RSP the top of 16 MiB,
	# RFLAGS with RF (the CPU sets it in the frame of a fault).
	run_runner tests/guests/raw_fault_tail.elf
	expect_status 121
	expect_stdout_bytes "tail"
	# EFER: LME | LMA, and NXE where the CPU offers NX (docs/abi.md).
	local efer
	efer=$(sed -nE 's/.*  efer (0000000000000500|0000000000000d00)$/\1/p' <<<"$stderr")
	[ -n "$efer" ]
	diff -u - <(report_without_time) <<EOF2
== runner: tests/guests/raw_fault_tail.elf ==
stopped:  exception: guest exception #UD (invalid opcode) at rip 0x100010 in broken
result:   0 (0x0)
exits:    5 (console_io 4, exception 1)
time:     T ms
status:   121
at:       rip 0x100010 in broken
code:     ud2
registers:
  rax 000000000000006c  rbx 0000000000000000  rcx 0000000000000000
  rdx 00000000000000e9  rsi 0000000000000000  rdi 0000000000005000
  rsp 0000000001000000  rbp 0000000000000000  r8  0000000000000000
  r9  0000000000000000  r10 0000000000000000  r11 0000000000000000
  r12 0000000000000000  r13 0000000000000000  r14 0000000000000000
  r15 0000000000000000  rip 0000000000100010  rflags 00010002
  cr0 0000000080050033  cr2 0000000000000000  cr3 0000000000010000
  cr4 0000000000000620  efer $efer
EOF2
}

@test "the JSON report of a fault, every field" {
	run_runner --report json tests/guests/raw_fault_tail.elf
	expect_status 121
	expect_stdout_bytes "tail"
	[ "$(json_field '.wall_time_s | type == "number" and . >= 0')" = true ]
	local efer
	efer=$(json_field .registers.efer)
	[[ "$efer" == 0x500 || "$efer" == 0xd00 ]]
	diff -u <(jq -S --arg efer "$efer" '.registers.efer = $efer' <<'EOF2'
{"schema": "kvmkit-run-report/1", "image": "tests/guests/raw_fault_tail.elf",
 "backend": "kvm", "memory_bytes": 16777216, "stop": "exception",
 "detail": "guest exception #UD (invalid opcode) at rip 0x100010 in broken",
 "status": 121, "result": 0, "result_hex": "0x0", "result_size": 8,
 "expect": null, "expect_met": null, "guest_status": null,
 "exits": {"total": 5, "console_io": 4, "hypercall": 0, "exception": 1,
	   "other_io": 0, "hlt": 0, "mmio": 0, "shutdown": 0, "fail_entry": 0,
	   "internal_error": 0, "interrupted": 0, "other": 0},
 "console_bytes": 4,
 "fault": {"vector": 6, "mnemonic": "#UD", "description": "invalid opcode",
	   "error_code": "0x0", "rip": "0x100010", "cr2": "0x0",
	   "symbol": "broken"},
 "location": {"rip": "0x100010", "symbol": "broken", "instruction": "ud2"},
 "registers": {"rax": "0x6c", "rbx": "0x0", "rcx": "0x0", "rdx": "0xe9",
	       "rsi": "0x0", "rdi": "0x5000", "rsp": "0x1000000", "rbp": "0x0",
	       "r8": "0x0", "r9": "0x0", "r10": "0x0", "r11": "0x0",
	       "r12": "0x0", "r13": "0x0", "r14": "0x0", "r15": "0x0",
	       "rip": "0x100010", "rflags": "0x10002", "cr0": "0x80050033",
	       "cr2": "0x0", "cr3": "0x10000", "cr4": "0x620", "efer": "0x500"}}
EOF2
) <(json_field . | jq -S 'del(.wall_time_s, .hypercalls)')
	# Calls by name: those made, and zero for every other one.
	[ "$(json_field '[.hypercalls | to_entries[] | select(.value != 0)] | from_entries | tojson')" = '{}' ]
	[ "$(json_field '.hypercalls | length >= 13')" = true ]
}

@test "classic hello: JSON counts every console byte and exit by kind" {
	run_runner --report json tests/guests/raw_hello.elf
	expect_status 0
	expect_stdout "Hello, world!"
	[ "$(json_field '.exits | [.total, .console_io, .hlt, .hypercall, .exception, .other_io, .mmio] | map(tostring) | join(" ")')" = "15 14 1 0 0 0 0" ]
	[ "$(json_field .console_bytes)" = 14 ]
	[ "$(json_field .result_hex)" = 0x2a ]
}

@test "--result-size 1, 2, 4 and 8 read that many bytes of the slot" {
	# raw_result stores 0x8877665544332211.
	local size dec hex
	for size in 1:17:0x11 2:8721:0x2211 4:1144201745:0x44332211 \
		8:9833440827789222417:0x8877665544332211; do
		IFS=: read -r size dec hex <<<"$size"
		run_runner --result-size "$size" tests/guests/raw_result.elf
		expect_status 0
		expect_stderr_has "result:   $dec ($hex)"
		run_runner --report json --result-size "$size" tests/guests/raw_result.elf
		[ "$(json_field .result_hex)" = "$hex" ]
		[ "$(json_field .result_size)" = "$size" ]
	done
}

@test "--expect is compared in --result-size bytes: high bits of VALUE do not count" {
	run_runner --result-size 2 --expect 0x77002211 tests/guests/raw_result.elf
	expect_status 0
	expect_stderr_has "expect:   8721 (met)"
	run_runner --result-size 4 --expect 0x9944332211 tests/guests/raw_result.elf
	expect_status 0
	expect_stderr_has "expect:   1144201745 (met)"
	run_runner --result-size 4 --expect 0x44332212 tests/guests/raw_result.elf
	expect_status 120
	expect_stderr_has "expect:   1144201746 (MISMATCH)"
	run_runner --expect 0x8877665544332211 tests/guests/raw_result.elf
	expect_status 0
	run_runner --report json --expect 0x8877665544332210 tests/guests/raw_result.elf
	expect_status 120
	[ "$(json_field .expect_met)" = false ]
	[ "$(json_field .status)" = 120 ]
	run_runner --report json --expect 0x8877665544332211 tests/guests/raw_result.elf
	[ "$(json_field .expect_met)" = true ]
}

@test "reading the console port gives 0xE9 in every byte" {
	run_runner tests/guests/raw_console_in.elf
	expect_status 0
	expect_stderr_has "result:   15329769 (0xe9e9e9)"
	expect_stderr_has "exits:    3 (console_io 2, hlt 1)"
}

@test "a write with no RAM behind it is named as an MMIO write" {
	run_runner --report json tests/guests/raw_mmio_write.elf
	expect_status 122
	[ "$(json_field .stop)" = unhandled-exit ]
	[[ "$(json_field .detail)" == "guest wrote 4 bytes at physical address 0xc0000000, outside guest memory (which ends at 0x1000000) and with no device there" ]]
	[ "$(json_field .exits.mmio)" = 1 ]
	[ "$(json_field .exits.total)" = 1 ]
}

@test "--trace shows each hypercall with its arguments and result" {
	run_runner --trace samples/hello.elf
	expect_status 0
	grep -Eq '^trace: hypercall 1 \(console_write\) args 0x[0-9a-f]+ 0xe 0x0 -> 14$' <<<"$stderr"
	expect_stderr_has "trace: exit 1: KVM_EXIT_IO out port 0xea size 1 count 1"
	expect_stderr_has "trace: exit 2: KVM_EXIT_HLT"
}
