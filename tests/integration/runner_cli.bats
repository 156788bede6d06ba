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

# expect_usage_error MESSAGE: status 125, stderr exactly the message and
# the pointer to --help, nothing on stdout.
expect_usage_error() {
	expect_status 125
	expect_stderr "runner: $1
Try 'runner --help' for more information."
	[ -z "$output" ]
}

@test "an unknown option is a usage error that names it" {
	run --separate-stderr "$RUNNER" --frobnicate samples/hello.elf
	expect_usage_error "option '--frobnicate' is unknown or lacks its value"
	run --separate-stderr "$RUNNER" -x samples/hello.elf
	expect_usage_error "option '-x' is unknown or lacks its value"
	run --separate-stderr "$RUNNER" --memory
	expect_usage_error "option '--memory' is unknown or lacks its value"
	run --separate-stderr "$RUNNER" -q -m
	expect_usage_error "option '-m' is unknown or lacks its value"
}

@test "invalid memory sizes are refused, each with its reason" {
	local size
	for size in abc 16Q -1M; do
		run --separate-stderr "$RUNNER" -m "$size" samples/hello.elf
		expect_usage_error "invalid memory size '$size' (use e.g. 16M or 1G)"
	done
	# Just below 2M and just above 64G, and far outside.
	for size in 1M 2044K 2097148 65537M 67108868K 128G 3000; do
		run --separate-stderr "$RUNNER" -m "$size" samples/hello.elf
		expect_usage_error "memory size '$size' out of range: from 2M to 64G"
	done
	for size in 2049K 2097153 3M1; do
		run --separate-stderr "$RUNNER" -m "$size" samples/hello.elf
		case $size in
		3M1) expect_usage_error "invalid memory size '$size' (use e.g. 16M or 1G)" ;;
		*) expect_usage_error "memory size '$size' is not a whole number of 4 KiB pages" ;;
		esac
	done
}

@test "invalid --result-size, --timeout, --report and --expect values are refused" {
	local v
	for v in 3 0 16 -1 1x; do
		run --separate-stderr "$RUNNER" --result-size "$v" samples/hello.elf
		expect_usage_error "--result-size must be 1, 2, 4 or 8, not '$v'"
	done
	for v in -1 0 abc 1e7; do
		run --separate-stderr "$RUNNER" --timeout "$v" samples/hello.elf
		expect_usage_error "invalid --timeout '$v' (seconds, > 0)"
	done
	run --separate-stderr "$RUNNER" --report xml samples/hello.elf
	expect_usage_error "--report must be text, json or none, not 'xml'"
	for v in 12z "" 0x 99999999999999999999; do
		run --separate-stderr "$RUNNER" --expect "$v" samples/hello.elf
		expect_usage_error "invalid --expect value '$v'"
	done
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

@test "guest memory sizes from 2M to 64G (both edges) all run hello" {
	local size
	for size in 2M 2048K 2097152 3M 16M 1G 4G 64G 65536M; do
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

@test "an image that fills guest memory exactly runs; one page less is refused" {
	# The image's end, from its program headers (readelf, not the runner).
	local end=0 type offset vaddr paddr filesz memsz rest
	while read -r type offset vaddr paddr filesz memsz rest; do
		[ "$type" = LOAD ] && [ $((vaddr + memsz)) -gt "$end" ] &&
			end=$((vaddr + memsz))
	done < <(readelf -lW tests/guests/raw_fill.elf)
	[ $((end % 4096)) -eq 0 ] && [ "$end" -ge $((2 << 20)) ]
	run_runner -m "$((end / 1024))K" tests/guests/raw_fill.elf
	expect_status 0
	expect_stderr_has "result:   5 (0x5)"
	run_runner -m "$((end / 1024 - 4))K" tests/guests/raw_fill.elf
	expect_status 126
	expect_stderr "runner: tests/guests/raw_fill.elf: image needs $end bytes of guest memory but the guest has $((end - 4096)): give it more with -m"
}

@test "a report that cannot be written is a runner error, after the guest ran" {
	run_runner --report-file "$SCRATCH/no-such-dir/report.json" samples/hello.elf
	expect_status 125
	expect_stdout "Hello, world!"
	expect_stderr "runner: $SCRATCH/no-such-dir/report.json: No such file or directory"
}

@test "--report-file writes the JSON report to a file" {
	rm -f "$SCRATCH/report.json"
	run_runner --report json --report-file "$SCRATCH/report.json" samples/hello.elf
	expect_status 0
	[ -z "$stderr" ] || [[ "$stderr" != *schema* ]]
	[ "$(jq -r .result "$SCRATCH/report.json")" = 42 ]
	[ "$(jq -r .schema "$SCRATCH/report.json")" = kvmkit-run-report/1 ]
}

@test "--gdb refuses --repeat and --each: one gdb session debugs one run" {
	run --separate-stderr "$RUNNER" --gdb - --repeat 2 samples/hello.elf </dev/null
	expect_usage_error "--gdb debugs one run: it does not go with --repeat"
	run --separate-stderr "$RUNNER" --each build/test-scratch/no-such-file --gdb :1234 samples/hello.elf
	expect_usage_error "--gdb debugs one run: it does not go with --each"
}
