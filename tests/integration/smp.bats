#!/usr/bin/env bats
# Several vCPUs, each on a host thread (docs/smp.md). The test VM has one
# CPU by default: the vCPU threads are time-shared there, which is enough
# for every check below (none of them measures speed).

load helpers

@test "every CPU of --cpus 4 runs and writes its id" {
	run_runner --cpus 4 --expect 4 tests/guests/smp.elf ids
	expect_status 0
	expect_stdout "cpus: 0 1 2 3"
	expect_stderr_has "cpus:     4, stopped by CPU 0"
}

@test "a fault on CPU 2 is reported as CPU 2" {
	run_runner --cpus 4 tests/guests/smp.elf fault
	expect_status 121
	expect_stderr_has "guest exception #UD (invalid opcode)"
	expect_stderr_has "in fault_on_2+0x"
	expect_stderr_has "on CPU 2"
	expect_stderr_has "stopped by CPU 2"
}

@test "the JSON report names the CPU and counts exits per CPU" {
	run_runner --cpus 4 --report json tests/guests/smp.elf fault
	expect_status 121
	[ "$(json_field .stop_cpu)" = 2 ]
	[ "$(json_field .cpu_count)" = 4 ]
	[ "$(json_field '.cpus[2].exits.exception')" = 1 ]
	[ "$(json_field '.cpus | length')" = 4 ]
	# The per-CPU counts add up to the run's.
	[ "$(json_field '[.cpus[].exits.total] | add')" = "$(json_field .exits.total)" ]
}

@test "two CPUs hammering one spinlock lose no increments" {
	run_runner --cpus 2 --expect 400000 tests/guests/smp.elf lock
	expect_status 0
	expect_stdout "counter 400000"
}

@test "C11 atomics from four CPUs" {
	run_runner --cpus 4 --expect 400000 tests/guests/smp.elf atomic
	expect_status 0
}

@test "an IPI from CPU 0 wakes CPU 1 from HLT" {
	run_runner --cpus 2 --expect 2 tests/guests/smp.elf ipi
	expect_status 0
	expect_stdout "CPU 1 took the IPI"
}

@test "the start hypercall refuses CPU 0, unknown CPUs and a second start" {
	run_guest --cpus 2 tests/guests/smp.elf start
	expect_status 0
	expect_stdout "cpu0 -1, cpu2 -1, cpu1 0, again -1, raw -16"
}

@test "--timeout stops a guest whose CPUs all spin" {
	run_runner --cpus 4 --timeout 2 tests/guests/smp.elf spin
	expect_status 124
	expect_stderr_has "stopped:  timeout"
	expect_stderr_has "cpus:     4"
}

@test "smp_sum adds 1..50000 on 4 CPUs, checked with --expect" {
	run_runner --cpus 4 --expect 1250025000 samples/smp_sum.elf
	expect_status 0
	expect_stdout "sum of 1..50000 on 4 CPUs: 1250025000 (4 CPUs added)"
}

@test "smp_sum on one CPU gives the same sum" {
	run_runner --expect 1250025000 samples/smp_sum.elf
	expect_status 0
	expect_stdout "sum of 1..50000 on 1 CPU: 1250025000 (1 CPUs added)"
}

@test "64 CPUs start and each writes its id" {
	run_runner --cpus 64 --expect 64 --report json tests/guests/smp.elf ids
	expect_status 0
	[ "$(json_field '[.cpus[] | select(.state == "halted")] | length')" = 64 ]
}

@test "--cpus out of range is refused" {
	run_runner --cpus 65 samples/hello.elf
	expect_status 125
	expect_stderr_has "invalid --cpus '65' (from 1 to 64)"
	run_runner --cpus 0 samples/hello.elf
	expect_status 125
}

@test "hello with --cpus 2 still ends when CPU 0 halts" {
	run_runner --cpus 2 samples/hello.elf
	expect_status 0
	expect_stdout "Hello, world!"
	expect_stderr_has "result:   42 (0x2a)"
	# --cpus 2 gives the in-kernel APIC even to an image that does not
	# ask for it (docs/smp.md): the SDK then halts with the halt
	# hypercall, not HLT, which with an APIC only waits for an interrupt.
	expect_stderr_has "calls:    console_write 1, halt 1"
	expect_stderr_has "cpu 0     halted, exits 2 (hypercall 2)"
}

@test "printf from four CPUs at once: every line whole" {
	run_guest --cpus 4 tests/guests/smp.elf print
	expect_status 0
	printf '%s\n' "$output" > "$SCRATCH/smp-print.out"
	# 800 lines, each exactly as printed (no bytes of another inside)...
	[ "$(wc -l < "$SCRATCH/smp-print.out")" -eq 800 ]
	! grep -Ev '^cpu [0-3] line [0-9]{3}: the quick brown fox jumps over the lazy dog$' \
		"$SCRATCH/smp-print.out"
	# ...and each CPU's 200 lines, in its order.
	for c in 0 1 2 3; do
		grep "^cpu $c " "$SCRATCH/smp-print.out" | cut -d' ' -f4 > "$SCRATCH/smp-print.$c"
		seq -f '%03g:' 0 199 | cmp - "$SCRATCH/smp-print.$c"
	done
}

@test "on two parallel CPUs the lock keeps every increment; without it some are lost" {
	# In the suite's one-CPU test VM the two vCPU threads are time-shared
	# and practically never interleave inside one increment, so the lock
	# test above could not fail there. This one boots a test VM of its
	# own with two CPUs (KVMKIT_VM_SMP=2; about 25 s in all, measured),
	# where the unlocked count (smp.elf race) shows the CPUs really run
	# at once: it loses increments (30.4 of 40 million kept, measured),
	# and the locked one must keep all 40 million.
	run env -u KVMKIT_VM_SESSION KVMKIT_VM_SMP=2 "$REPO/tests/vm/run" -q sh -c '
		build/runner -q --cpus 2 tests/guests/smp.elf race 20000000
		build/runner -q --cpus 2 --expect 40000000 tests/guests/smp.elf lock 20000000
		echo "lock status $?"'
	echo "$output" >&2
	[ "$status" -eq 0 ]
	race=$(printf '%s\n' "$output" | sed -n 1p)
	[ "${lines[1]}" = "counter 40000000" ]
	[ "${lines[2]}" = "lock status 0" ]
	[[ "$race" == "counter "* ]]
	[ "${race#counter }" -lt 40000000 ]
}

@test "--cpus > 1 is refused for a 32-bit ELF image and a raw image" {
	run_runner --cpus 2 samples/mode32.elf
	expect_status 126
	expect_stderr_has "samples/mode32.elf: --cpus 2 needs a long-mode ELF image (ELFCLASS64, --mode long)"
	expect_stderr_has "this is a 32-bit ELF image"
	printf '\364' > "$SCRATCH/hlt.bin"
	run_runner --cpus 2 --mode long --load 0x100000 "$SCRATCH/hlt.bin"
	expect_status 126
	expect_stderr_has "this is a raw image"
	# One CPU runs them as before.
	run_runner --mode long --load 0x100000 "$SCRATCH/hlt.bin"
	expect_status 0
}

@test "--repeat and --each refuse --cpus > 1 and an image that uses the APIC" {
	local refusal="reset in place (--repeat, --each) works with one CPU and no APIC"
	run_runner --cpus 2 --repeat 2 samples/hello.elf
	expect_status 125
	expect_stderr_has "$refusal"
	printf 'a\n' > "$SCRATCH/each.txt"
	run_runner --cpus 2 --each "$SCRATCH/each.txt" samples/hello.elf
	expect_status 125
	expect_stderr_has "$refusal"
	# timer.elf asks for the APIC in its .kvmkit.features section.
	run_runner --repeat 2 samples/timer.elf
	expect_status 125
	expect_stderr_has "$refusal"
	# Refused before the guest ran: it printed nothing.
	[ -z "$output" ]
}
