#!/usr/bin/env bats
# The sandbox the runner enters after setup (runner/sandbox*.c,
# docs/security.md): seccomp stops a forbidden call, naming it, and
# Landlock keeps file access inside the share, in every way of running a
# guest (one run, --repeat, --each, --gdb, --console). That normal runs of
# each still work under it, the other suites show: the sandbox is always
# on. The test hooks (KVMKIT_SANDBOX_TEST) act once the sandbox is in force.

load helpers

# sandbox_hook HOOK [runner options] IMAGE [guest args]
sandbox_hook() {
	local hook=$1
	shift
	run_in_vm env KVMKIT_SANDBOX_TEST="$hook" "$RUNNER" "$@"
}

expect_denied() { # NAME NUMBER
	expect_status 125
	expect_stdout ""
	expect_stderr_has "stopped:  runner-error: system call $1 ($2) denied by the runner's seccomp sandbox (runner/tools/seccomp_policy.c)"
	expect_stderr_has "status:   125"
	[[ "$stderr" != *"not stopped"* ]]
}

@test "seccomp: a forbidden system call after setup kills the runner, naming the call" {
	sandbox_hook syscall tests/guests/raw_hello.elf
	expect_denied socket 41
}

@test "seccomp: an allowed call with a forbidden argument is stopped too (ioctl, mmap)" {
	# ioctl only for KVM (and isatty): not TIOCSTI, which types into a
	# terminal; mmap never executable.
	sandbox_hook ioctl tests/guests/raw_hello.elf
	expect_denied ioctl 16
	sandbox_hook exec tests/guests/raw_hello.elf
	expect_denied mmap 9
}

@test "seccomp is in force with --repeat, --each, --gdb and --console" {
	printf 'a\nb\n' > "$SCRATCH/sandbox-each"
	sandbox_hook syscall --repeat 2 tests/guests/raw_hello.elf
	expect_denied socket 41
	sandbox_hook syscall --each "$SCRATCH/sandbox-each" tests/guests/raw_hello.elf
	expect_denied socket 41
	# gdb on stdin: the sandbox goes on once gdb is connected, before
	# the first packet is read.
	sandbox_hook syscall --gdb - tests/guests/raw_hello.elf
	expect_denied socket 41
	sandbox_hook syscall --console "$SCRATCH/sandbox-console" tests/guests/raw_hello.elf
	expect_denied socket 41
}

@test "--trace names the sandbox in force in every way of running" {
	printf 'a\n' > "$SCRATCH/sandbox-each"
	local opts
	for opts in "" "--repeat 2" "--each $SCRATCH/sandbox-each"; do
		# shellcheck disable=SC2086 # opts: several words
		run_runner -q --trace $opts tests/guests/raw_hello.elf
		expect_status 0
		expect_stderr_has "trace: sandbox: landlock ABI 2, seccomp allow-list"
		[ "$(printf '%s\n' "$stderr" | grep -c '^trace: sandbox:')" = 1 ]
	done
}

@test "landlock: after setup the runner cannot open files outside the share" {
	sandbox_hook open --trace --share "$SCRATCH" tests/guests/raw_hello.elf
	expect_status 0
	expect_stdout "Hello, world!"
	expect_stderr_has "trace: sandbox: landlock ABI"
	expect_stderr_has "sandbox test: open the image again: refused (Permission denied)"
	# also without a share, and when several runs reset in place
	sandbox_hook open --repeat 2 tests/guests/raw_hello.elf
	expect_status 0
	expect_stderr_has "sandbox test: open the image again: refused (Permission denied)"
}

@test "the sandbox leaves the share, the report file and every hypercall working" {
	rm -rf "$SCRATCH/sbx"
	mkdir -p "$SCRATCH/sbx/out"
	run_guest --share "$SCRATCH/sbx" --report-file "$SCRATCH/sbx/out/r.json" \
		--report json tests/guests/hostile_files.elf grow f 4
	expect_status 0
	expect_stdout "open = 0
seek = 4
write = 8
write = 8
close = 0"
	[ "$(jq -r .status "$SCRATCH/sbx/out/r.json")" = 0 ]
	[ "$(stat -c %s "$SCRATCH/sbx/f")" = 20 ]
}

@test "the sandbox leaves --repeat with a share and a report file working" {
	rm -rf "$SCRATCH/sbx2"
	mkdir -p "$SCRATCH/sbx2/out"
	run_guest --repeat 3 --share "$SCRATCH/sbx2" \
		--report-file "$SCRATCH/sbx2/out/r.json" --report json \
		tests/guests/hostile_files.elf grow f 4
	expect_status 0
	# each run reopens the share (reset in place) and appends its report
	[ "$(jq -s 'map(.status) | join(",")' -r "$SCRATCH/sbx2/out/r.json")" = 0,0,0 ]
	[ "$(stat -c %s "$SCRATCH/sbx2/f")" = 20 ]
}

@test "--console FILE is written under the sandbox" {
	rm -f "$SCRATCH/sandbox-console"
	run_guest --console "$SCRATCH/sandbox-console" samples/hello.elf
	expect_status 0
	cmp "$SCRATCH/sandbox-console" <(printf 'Hello, world!\n')
}

@test "seccomp: with --report json a denied call still ends with one JSON object" {
	local detail="system call socket (41) denied by the runner's seccomp sandbox"
	sandbox_hook syscall --report json tests/guests/raw_hello.elf
	expect_status 125
	[ "$(json_field .stop)" = runner-error ]
	[ "$(json_field .status)" = 125 ]
	[ "$(json_field .detail)" = "$detail" ]
	[ "$(json_field .image)" = tests/guests/raw_hello.elf ]
	# into --report-file, replacing what was there
	echo old > "$SCRATCH/denied.json"
	sandbox_hook syscall --report json --report-file "$SCRATCH/denied.json" \
		tests/guests/raw_hello.elf
	expect_status 125
	[ "$(jq -s length "$SCRATCH/denied.json")" = 1 ]
	[ "$(jq -r .error "$SCRATCH/denied.json")" = "$detail" ]
}

@test "several guests (--slice): one sandbox for the process, entered once all are created" {
	sandbox_hook syscall --slice 0.01 tests/guests/raw_hello.elf -- tests/guests/raw_hello.elf
	expect_denied socket 41
	run_runner -q --trace --slice 0.01 tests/guests/raw_hello.elf -- tests/guests/raw_hello.elf
	expect_status 0
	[ "$(printf '%s\n' "$stderr" | grep -c '^trace: sandbox: landlock ABI 2, seccomp allow-list$')" = 1 ]
}

@test "several guests (--slice): each guest's share works under the sandbox, and only its own" {
	rm -rf "$SCRATCH/sA" "$SCRATCH/sB"
	mkdir -p "$SCRATCH/sA" "$SCRATCH/sB"
	run_guest --slice 0.01 --share "$SCRATCH/sA" tests/guests/hostile_files.elf grow f 4 \
		-- --share "$SCRATCH/sB" tests/guests/hostile_files.elf grow g 4
	expect_status 0
	[ "$(stat -c %s "$SCRATCH/sA/f")" = 20 ]
	[ "$(stat -c %s "$SCRATCH/sB/g")" = 20 ]
	[ ! -e "$SCRATCH/sA/g" ] && [ ! -e "$SCRATCH/sB/f" ]
}
