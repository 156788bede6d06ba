#!/usr/bin/env bats
# The console into a pipe: the SDK buffers stdout fully there (boot info:
# stdout is not a terminal), and the runner writes out what a guest still
# holds when it stops. stdout is compared byte for byte (cmp), so a lost
# tail without a newline shows.

load helpers

GUEST=tests/guests/console_buffered.elf

# expected_lines N TAIL: "line 1\n".."line N\n" then TAIL, into a file.
expected_lines() {
	local i
	for ((i = 1; i <= $1; i++)); do printf 'line %d\n' "$i"; done
	printf '%s' "$2"
}


@test "into a pipe, 10000 lines cost at most 20 exits, byte for byte" {
	run --separate-stderr tests/vm/run "$RUNNER" --report json "$GUEST" 10000 return
	expect_status 0
	printf '%s' "$output" >"$SCRATCH/got"
	expected_lines 10000 tail >"$SCRATCH/want"
	# bats keeps $output whole here: it ends with "tail", not a newline
	cmp "$SCRATCH/want" "$SCRATCH/got"
	exits=$(json_field .exits.total)
	[ "$exits" -le 20 ] || { echo "exits: $exits" >&2; return 1; }
	[ "$(json_field .exits.hypercall)" -ge 2 ]
	[ "$(json_field .console_bytes)" = "$(wc -c <"$SCRATCH/want")" ]
}

check_end() { # END STOP STATUS
	local st=0
	tests/vm/run "$RUNNER" --report json --report-file build/test-scratch/report.json \
		"$GUEST" 300 "$1" >"$SCRATCH/got" 2>"$SCRATCH/err" || st=$?
	[ "$st" = "$3" ] || { echo "status $st, want $3" >&2; cat "$SCRATCH/err" >&2; return 1; }
	expected_lines 300 tail >"$SCRATCH/want"
	cmp "$SCRATCH/want" "$SCRATCH/got"
	[ "$(jq -r .stop "$SCRATCH/report.json")" = "$2" ]
	[ "$(jq -r .console_bytes "$SCRATCH/report.json")" = "$(wc -c <"$SCRATCH/want")" ]
}

@test "a fault loses none of the buffered output, tail included" {
	check_end ud2 exception 121
}

@test "abort loses none of the buffered output" {
	check_end abort abort 134
}

@test "a bare hlt loses none of the buffered output" {
	check_end hlt halted 0
}

@test "a timeout loses none of the buffered output" {
	local st=0
	# The timeout must come after the guest has printed: generous, for a
	# loaded host.
	tests/vm/run "$RUNNER" --timeout 5 --report json --report-file build/test-scratch/report.json \
		"$GUEST" 300 spin >"$SCRATCH/got" 2>"$SCRATCH/err" || st=$?
	[ "$st" = 124 ]
	expected_lines 300 tail >"$SCRATCH/want"
	cmp "$SCRATCH/want" "$SCRATCH/got"
	[ "$(jq -r .stop "$SCRATCH/report.json")" = timeout ]
}

@test "stderr's text comes after the stdout text written before it" {
	tests/vm/run "$RUNNER" -q "$GUEST" 3 stderr >"$SCRATCH/got"
	printf 'line 1\nline 2\nline 3\nerr\ntail' >"$SCRATCH/want"
	cmp "$SCRATCH/want" "$SCRATCH/got"
}

@test "hello into a pipe still costs two exits" {
	run_runner --report json samples/hello.elf
	expect_status 0
	[ "$(json_field .exits.total)" = 2 ]
}

@test "--console into a pipe nobody reads: the run still ends at --timeout" {
	# The reader opens the FIFO and never reads: after the pipe's 64 KiB
	# the console's writes would block, and must give up at the deadline.
	run tests/vm/run sh -c "rm -f /tmp/stalled; mkfifo /tmp/stalled
		sleep 120 </tmp/stalled & reader=\$!
		$RUNNER --timeout 3 --console /tmp/stalled $GUEST 20000 spin 2>/dev/null
		echo status \$?; kill \$reader"
	[ "$output" = "status 124" ]
}
