#!/usr/bin/env bats
# The runner's command line and its refusals: clear one-line errors and the
# documented exit statuses, never a crash.

load helpers

@test "--help shows usage and the exit statuses" {
	run --separate-stderr "$RUNNER" --help
	expect_status 0
	[[ "$output" == Usage:* ]]
	[[ "$output" == *"126  the image is missing"* ]]
}

@test "--version names the ABI" {
	run --separate-stderr "$RUNNER" --version
	expect_status 0
	[[ "$output" == "runner (kvmkit) "*", guest ABI 1" ]]
}

@test "no image is a usage error" {
	run --separate-stderr "$RUNNER"
	expect_status 125
	expect_stderr_has "runner: no image given"
}

@test "an unknown option is a usage error" {
	run --separate-stderr "$RUNNER" --frobnicate samples/hello.elf
	expect_status 125
	expect_stderr_has "is unknown"
}

@test "invalid memory sizes are refused" {
	for size in abc 1M 128G 3000 16Q; do
		run --separate-stderr "$RUNNER" -m "$size" samples/hello.elf
		expect_status 125
		expect_stderr_has "memory size '$size'"
	done
}

@test "invalid --result-size, --timeout and --report values are refused" {
	run --separate-stderr "$RUNNER" --result-size 3 samples/hello.elf
	expect_status 125
	run --separate-stderr "$RUNNER" --timeout -1 samples/hello.elf
	expect_status 125
	run --separate-stderr "$RUNNER" --report xml samples/hello.elf
	expect_status 125
}

@test "a missing image is named" {
	run --separate-stderr "$RUNNER" no/such/image.elf
	expect_status 126
	expect_stderr_has "cannot open no/such/image.elf: No such file or directory"
}

@test "a directory is not an image" {
	run --separate-stderr "$RUNNER" samples
	expect_status 126
	expect_stderr_has "not a regular file"
}

@test "--result-size reads fewer bytes of the result slot" {
	run_runner --result-size 1 --expect 42 samples/hello.elf
	expect_status 0
	expect_stderr_has "result:   42 (0x2a)"
}

@test "guest memory sizes from 2M to 4G all run hello" {
	for size in 2M 3M 16M 1G 4G; do
		run_guest -m "$size" --expect 42 samples/hello.elf
		expect_status 0
		expect_stdout "Hello, world!"
	done
}

@test "an image larger than guest memory is refused with the fix" {
	run_runner -m 2M tests/guests/big_bss.elf
	expect_status 126
	expect_stderr_has "give it more with -m"
	run_guest -m 8M tests/guests/big_bss.elf
	expect_status 0
}

@test "--report-file writes the JSON report to a file" {
	rm -f "$SCRATCH/report.json"
	run_runner --report json --report-file "$SCRATCH/report.json" samples/hello.elf
	expect_status 0
	[ -z "$stderr" ] || [[ "$stderr" != *schema* ]]
	[ "$(jq -r .result "$SCRATCH/report.json")" = 42 ]
	[ "$(jq -r .schema "$SCRATCH/report.json")" = kvmkit-run-report/1 ]
}
