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

@test "wordfreq counts words on the heap and prints a table" {
	run_guest samples/wordfreq.elf
	expect_status 0
	[ "${lines[0]}" = "word       count  share" ]
	[ "${lines[1]}" = "the            3  23.1%" ]
	[ "${lines[2]}" = "dog            2  15.4%" ]
	[ "${#lines[@]}" -eq 11 ]
}

@test "wordfreq takes its words from the command line" {
	run_runner --expect 4 samples/wordfreq.elf to be or not to be
	expect_status 0
	[ "${lines[1]}" = "be             2  33.3%" ]
	[ "${lines[2]}" = "to             2  33.3%" ]
}

@test "every sample builds and halts normally" {
	for image in samples/*.elf; do
		run_guest "$image"
		expect_status 0
	done
}
