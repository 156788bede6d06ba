#!/usr/bin/env bats
# --repeat and --each: one VM, reset in place between runs. Nothing a run
# changes may reach the next one (tests/guests/run_once.c leaves marks in
# a global, a buffer the runner writes, the heap, the stack and MXCSR).

load helpers

GUEST=tests/guests/run_once.elf

@test "--repeat 5: every run starts from the same machine" {
	run --separate-stderr tests/vm/run "$RUNNER" --repeat 5 --expect 0 "$GUEST"
	expect_status 0
	printf '%s\n' "$output" >"$SCRATCH/got"
	for i in 1 2 3 4 5; do
		echo "runs 1, counts clean, heap clean, stack clean, mxcsr 0x1f80, args"
	done >"$SCRATCH/want"
	cmp "$SCRATCH/want" "$SCRATCH/got"
	# one report line per run, numbered, each halted with result 0
	[ "$(printf '%s\n' "$stderr" | grep -c '^run [1-5]: halted: ')" = 5 ]
	printf '%s\n' "$stderr" | grep -q '^run 5: halted: guest executed HLT; result 0; exits 3; status 0; '
}

@test "--repeat with --report json: one JSON object per line, per run" {
	run --separate-stderr tests/vm/run "$RUNNER" --repeat 3 --report json "$GUEST" a b
	expect_status 0
	[ "$(printf '%s\n' "$stderr" | wc -l)" = 3 ]
	[ "$(printf '%s\n' "$stderr" | jq -s -c 'map(.run)')" = "[1,2,3]" ]
	[ "$(printf '%s\n' "$stderr" | jq -s -c 'map(.result)')" = "[2,2,2]" ]
	[ "$(printf '%s\n' "$stderr" | jq -s -c 'map(.exits.total)')" = "[3,3,3]" ]
	[ "$(printf '%s\n' "$stderr" | jq -s -c '[.[0].reset_s == 0, .[1].reset_s > 0]')" = "[true,true]" ]
	# each run counts its own console bytes: a third of stdout each
	local each=$(($(printf '%s\n' "$output" | wc -c) / 3))
	[ "$(printf '%s\n' "$stderr" | jq -s -c 'map(.console_bytes)')" = "[$each,$each,$each]" ]
}

@test "--repeat: a host file a run leaves open is closed before the next" {
	rm -rf "$SCRATCH/open" && mkdir -p "$SCRATCH/open"
	run --separate-stderr tests/vm/run "$RUNNER" -q --share "$SCRATCH/open" --repeat 3 "$GUEST" open
	expect_status 0
	printf '%s\n' "$output" | sed 's/.*args/args/' >"$SCRATCH/got"
	printf 'args open, fd 0\nargs open, fd 0\nargs open, fd 0\n' >"$SCRATCH/want"
	cmp "$SCRATCH/want" "$SCRATCH/got"
}

@test "--repeat --timeout: every run gets the whole timeout, not what the first left" {
	# A guest that spins until stopped: each run must last at least
	# --timeout (the runner never stops one earlier), whatever the load.
	run --separate-stderr tests/vm/run "$RUNNER" --repeat 2 --timeout 1 --report json \
		tests/guests/hostile_io.elf partial-spin
	expect_status 124
	[ "$(printf '%s\n' "$stderr" | jq -s -c 'map([.stop, .wall_time_s >= 1])')" = \
		'[["timeout",true],["timeout",true]]' ]
}

@test "--repeat: SIGTERM ends the run and the ones after it, with 143" {
	run --separate-stderr "$REPO/tests/vm/run" sh -c '
		cd /tmp && rm -f out report
		"$1" --repeat 3 "$2" partial-spin > out 2> report & p=$!
		sleep 2; kill -TERM $p; wait $p; echo "status $?"
		cat report
	' sh "$RUNNER" "$REPO/tests/guests/hostile_io.elf"
	expect_status 0
	[ "${lines[0]}" = "status 143" ]
	[ "$(printf '%s\n' "$output" | grep -c '^run [0-9]*: ')" = 1 ]
	[[ "$output" == *"run 1: signal: killed by signal 15 (SIGTERM);"* ]]
}

@test "--each: one run per line, the line's words as arguments" {
	printf 'one\n\ntwo three\n  four\tfive six  \n' >"$SCRATCH/lines"
	run --separate-stderr tests/vm/run "$RUNNER" --report json --each "$SCRATCH/lines" "$GUEST"
	# results 1, 0, 2, 3: the first non-zero status is the runner's
	expect_status 0
	printf '%s\n' "$output" | sed 's/.*args/args/' >"$SCRATCH/got"
	printf 'args one\nargs\nargs two three\nargs four five six\n' >"$SCRATCH/want"
	cmp "$SCRATCH/want" "$SCRATCH/got"
	[ "$(printf '%s\n' "$stderr" | jq -s -c 'map(.result)')" = "[1,0,2,3]" ]
	! printf '%s\n' "$output" | grep -q LEAKED
}

@test "--each with --expect: the first failing run's status is the runner's" {
	printf 'a\na b\na\n' >"$SCRATCH/lines"
	run --separate-stderr tests/vm/run "$RUNNER" --expect 1 --each "$SCRATCH/lines" "$GUEST"
	expect_status 120
	printf '%s\n' "$stderr" | grep -q '^run 2: halted: .*; result 2; .*status 120; '
	printf '%s\n' "$stderr" | grep -q '^run 3: halted: .*; result 1; .*status 0; '
}

@test "--each --status result: of two failing runs, the first one's status wins" {
	# results 1, 0, 2: statuses 1, 0, 2; the runner's is the first, 1
	printf 'a\n\na b\n' >"$SCRATCH/lines"
	run --separate-stderr tests/vm/run "$RUNNER" --status result --each "$SCRATCH/lines" "$GUEST"
	expect_status 1
	printf '%s\n' "$stderr" | grep -q '^run 1: halted: .*; result 1; .*status 1; '
	printf '%s\n' "$stderr" | grep -q '^run 3: halted: .*; result 2; .*status 2; '
}

@test "--repeat: a faulting run does not stop the next, and is reported" {
	run --separate-stderr tests/vm/run "$RUNNER" --repeat 2 tests/guests/exceptions.elf ud
	expect_status 121
	[ "$(printf '%s\n' "$stderr" | grep -c '^run [12]: exception: guest exception #UD')" = 2 ]
}

@test "--repeat and --each refuse bad values and each other" {
	run --separate-stderr tests/vm/run "$RUNNER" --repeat 0 samples/hello.elf
	expect_status 125
	expect_stderr_has "invalid --repeat '0' (a count from 1 to 1000000000)"
	run --separate-stderr tests/vm/run "$RUNNER" --repeat 2 --each x samples/hello.elf
	expect_status 125
	expect_stderr_has "--repeat and --each do not go together"
	run --separate-stderr tests/vm/run "$RUNNER" --each x samples/hello.elf y
	expect_status 125
	expect_stderr_has "guest arguments after the image and --each do not go together ('y')"
	run --separate-stderr tests/vm/run "$RUNNER" --each build/test-scratch/no-such-file samples/hello.elf
	expect_status 125
	expect_stderr_has "runner: --each build/test-scratch/no-such-file: No such file or directory"
}
