#!/usr/bin/env bats
# The samples people read first: exact output, result and exit status.

load helpers

@test "hello prints Hello, world! and returns 42" {
	run_runner --expect 42 samples/hello.elf
	expect_status 0
	expect_stdout "Hello, world!"
	expect_stderr_has "result:   42 (0x2a)"
	expect_stderr_has "stopped:  halted"
	expect_stderr_has "expect:   42 (met)"
}

@test "hello with the wrong --expect fails with status 120" {
	run_runner --expect 41 samples/hello.elf
	expect_status 120
	expect_stdout "Hello, world!"
	expect_stderr_has "MISMATCH"
}

@test "hello costs two exits: its line and the halt" {
	run_runner --report json samples/hello.elf
	expect_status 0
	[ "$(json_field .exits.total)" = 2 ]
	[ "$(json_field .exits.hypercall)" = 1 ]
	[ "$(json_field .exits.hlt)" = 1 ]
	[ "$(json_field .result)" = 42 ]
	[ "$(json_field .stop)" = halted ]
	[ "$(json_field .console_bytes)" = 14 ]
}

@test "primes computes 9592 primes below 100000" {
	run_runner --expect 9592 samples/primes.elf
	expect_status 0
	expect_stdout "9592 primes below 100000; the last five: 99929 99961 99971 99989 99991"
}

@test "hello's text report is complete, and its time is no longer than the run" {
	local before after ms
	before=$(date +%s%N)
	run_runner samples/hello.elf
	after=$(date +%s%N)
	expect_status 0
	expect_stdout "Hello, world!"
	diff -u - <(sed -E 's/^time:     [0-9]+\.[0-9]{3} ms$/time:     T ms/' <<<"$stderr") <<'EOF2'
== runner: samples/hello.elf ==
stopped:  halted: guest executed HLT
result:   42 (0x2a)
exits:    2 (hypercall 1, hlt 1)
calls:    console_write 1
time:     T ms
status:   0
EOF2
	# The runner's own time (start to stop) fits in what this test saw.
	ms=$(sed -nE 's/^time:     ([0-9]+)\.[0-9]{3} ms$/\1/p' <<<"$stderr")
	[ "$ms" -le $(((after - before) / 1000000)) ]
}

@test "hello's JSON report, every field" {
	local before after
	before=$(date +%s%N)
	run_runner --report json --expect 42 samples/hello.elf
	after=$(date +%s%N)
	expect_status 0
	expect_stdout "Hello, world!"
	diff -u <(jq -S . <<'EOF2'
{"schema": "kvmkit-run-report/1", "image": "samples/hello.elf",
 "backend": "kvm", "memory_bytes": 16777216, "stop": "halted",
 "detail": "guest executed HLT", "status": 0, "result": 42,
 "result_hex": "0x2a", "result_size": 8, "expect": 42, "expect_met": true,
 "guest_status": null,
 "exits": {"total": 2, "console_io": 0, "hypercall": 1, "exception": 0,
	   "other_io": 0, "hlt": 1, "mmio": 0, "shutdown": 0, "fail_entry": 0,
	   "internal_error": 0, "interrupted": 0, "other": 0},
 "console_bytes": 14, "fault": null, "location": null, "registers": null}
EOF2
) <(json_field . | jq -S 'del(.wall_time_s, .hypercalls)')
	# Calls by name: those made, and zero for every other one.
	[ "$(json_field '[.hypercalls | to_entries[] | select(.value != 0)] | from_entries | tojson')" = '{"console_write":1}' ]
	[ "$(json_field '.hypercalls | length >= 13')" = true ]
	[ "$(json_field "(.wall_time_s * 1000 | floor) <= $(((after - before) / 1000000))")" = true ]
}

@test "compute sorts and hashes 16 MiB and prints its checksum" {
	run_guest samples/compute.elf
	expect_status 0
	expect_stdout "compute: 4 x 4096 KiB sorted and hashed, checksum a638866651d2987a"
}

@test "wordfreq counts words on the heap and prints a table" {
	run_guest samples/wordfreq.elf
	expect_status 0
	expect_stdout "word       count  share
the            3  23.1%
dog            2  15.4%
and            1   7.7%
brown          1   7.7%
fox            1   7.7%
jumps          1   7.7%
lazy           1   7.7%
over           1   7.7%
quick          1   7.7%
sleeps         1   7.7%"
}

@test "wordfreq takes its words from the command line" {
	run_runner --expect 4 samples/wordfreq.elf to be or not to be
	expect_status 0
	expect_stdout "word       count  share
be             2  33.3%
to             2  33.3%
not            1  16.7%
or             1  16.7%"
}

@test "every sample builds, halts normally and prints something" {
	local image
	for image in samples/*.elf; do
		run_guest "$image"
		expect_status 0
		[ -s "$STDOUT_FILE" ]
	done
}
