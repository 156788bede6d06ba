#!/usr/bin/env bats
# Guest interrupt and exception handlers, the APIC timer, and what HLT
# does with the in-kernel interrupt controller (docs/interrupts.md).

load helpers

@test "a #UD handler that skips ud2 lets the guest go on" {
	run_runner --expect 3 tests/guests/handlers.elf ud2
	expect_status 0
	expect_stdout "skipped 3 ud2 and went on"
	# No APIC used: the run ends with a real HLT exit, as hello's does.
	expect_stderr_has "stopped:  halted: guest executed HLT"
}

@test "a software interrupt handler changes the interrupted RAX" {
	run_runner --expect 41 tests/guests/handlers.elf int
	expect_status 0
	expect_stdout 'int $0x80 turned 20 into 41'
}

@test "the handler's frame holds the interrupted registers" {
	run_guest --expect 1 tests/guests/handlers.elf regs
	expect_status 0
	expect_stdout "vector 6 rbx 0x1234 r15 0x5678"
}

@test "a removed handler gives the vector back to the runner's report" {
	run_runner tests/guests/handlers.elf removed
	expect_status 121
	expect_stderr_has "guest exception #UD (invalid opcode)"
	expect_stderr_has "in main+0x"
}

@test "APIC timer ticks arrive at the programmed rate" {
	# 50 Hz for one second of the runner's clock, counted in the guest.
	# The range is generous: under the test VM's emulated, shared CPU,
	# KVM merges ticks that fall due while the VM is not scheduled (seen:
	# 45 of 100 Hz on a busy host), but never makes extra ones.
	run_runner samples/timer.elf 50 1000
	expect_status 0
	[ "${lines[0]}" = "APIC timer clock: 1000000000 Hz" ]
	rate=$(printf '%s' "$stderr" | sed -n 's/^result: *\([0-9]*\) .*/\1/p')
	echo "measured $rate Hz" >&2
	[ "$rate" -ge 20 ] && [ "$rate" -le 60 ]
}

@test "the timer's image gets the irqchip; the SDK halt ends the run" {
	run_runner --report json samples/timer.elf 100 50
	expect_status 0
	[ "$(json_field .stop)" = halted ]
	[ "$(json_field .exits.hlt)" = 0 ]
	[[ "$(json_field .detail)" == *KVMKIT_HC_HALT* ]]
}

@test "threads: timer-driven round robin prints in turn" {
	run_runner --expect 12 samples/threads.elf
	expect_status 0
	printf '%s\n' "$output" > "$SCRATCH/threads.out"
	{
		for step in 0 1 2 3; do
			for t in A B C; do echo "thread $t: step $step"; done
		done
		echo "all 3 threads finished"
	} > "$SCRATCH/threads.want"
	cmp "$SCRATCH/threads.want" "$SCRATCH/threads.out"
}

@test "--timeout stops a guest spinning with timer interrupts on" {
	run_runner --timeout 1 tests/guests/smp.elf tickspin
	expect_status 124
	expect_stderr_has "stopped:  timeout"
}

@test "an interrupt with no handler is still reported with the APIC on" {
	run_runner tests/guests/smp.elf ipi-unhandled
	expect_status 121
	expect_stderr_has "guest interrupt 65 (0x41), which has no handler"
}

@test "hello is unchanged: two exits and the same text report" {
	run_runner samples/hello.elf
	expect_status 0
	printf '%s\n' "$stderr" | grep -v '^time:' > "$SCRATCH/hello.report"
	printf '%s\n' "== runner: samples/hello.elf ==" \
		"stopped:  halted: guest executed HLT" \
		"result:   42 (0x2a)" \
		"exits:    2 (hypercall 1, hlt 1)" \
		"calls:    console_write 1" \
		"status:   0" > "$SCRATCH/hello.want"
	cmp "$SCRATCH/hello.want" "$SCRATCH/hello.report"
}

@test "one-shot timer: one interrupt, not before its time" {
	run_runner --expect 1 tests/guests/timer_modes.elf oneshot
	expect_status 0
	expect_stdout "oneshot: 1 interrupt, the first after at least 20 ms"
}

@test "TSC-deadline timer: one interrupt, at or after the deadline" {
	run_guest tests/guests/timer_modes.elf deadline
	expect_status 0
	# KVM offers TSC-deadline mode on every x86 host it runs on.
	expect_stdout "deadline: 1 interrupt, at or after the deadline"
}

@test "a stopped periodic timer ticks no more" {
	run_guest tests/guests/timer_modes.elf stop
	expect_status 0
	expect_stdout "stop: 0 ticks after the stop"
}
