#!/usr/bin/env bats
# Hostile guests and hostile inputs (issue 16, docs/security.md): for each,
# the exit status, the stop reason, and that the runner neither crashed nor
# hung past its deadline nor lost output.

load helpers

@test "a forged exception report from the guest's own code is not believed" {
	run_runner tests/guests/hostile_forged_exception.elf
	expect_status 122
	expect_stderr_has "stopped:  unhandled-exit: guest wrote to the exception report port 0xeb from rip 0x"
	expect_stderr_has "outside the runner's exception stubs"
	expect_stderr_has "code:     out 0xeb, al"
	[[ "$stderr" != *"guest exception"* && "$stderr" != *"0xdeadbeef"* ]]
}

@test "REP OUTSB to the hypercall port is refused before any call is made" {
	run_runner tests/guests/hostile_rep_hypercall.elf
	expect_status 122
	expect_stdout ""
	expect_stderr_has "stopped:  unhandled-exit: guest used string I/O (OUTS) on port 0xea"
	expect_stderr_has "exits:    1 (other_io 1)"
	expect_stderr_has "code:     rep outsb"
}

@test "a guest's abort message cannot forge report lines or reach the terminal" {
	run_runner tests/guests/hostile_abort_message.elf
	expect_status 134
	# One stopped: line with every control byte escaped, one status: line.
	printf '%s\n' "$stderr" | grep -Fx 'stopped:  abort: guest called abort(): café\x0a\x1b[2Jstatus:   0\x0d\\\xff'
	[ "$(printf '%s\n' "$stderr" | grep -c '^status:')" = 1 ]
	printf '%s\n' "$stderr" | grep -qx 'status:   134'
	[[ "$stderr" != *$'\e'* && "$stderr" != *$'\r'* ]]
}

@test "the JSON report keeps UTF-8 text and escapes the rest" {
	run_runner --report json tests/guests/hostile_abort_message.elf
	expect_status 134
	[ "$(json_field .stop)" = abort ]
	[ "$(json_field .detail)" = $'guest called abort(): café\n\e[2Jstatus:   0\r\\\uFFFD' ]
	[[ "$stderr" == *'café'* ]]
}

@test "int \$0x80 with no handler is reported at the INT instruction" {
	run_runner tests/guests/exceptions.elf int
	expect_status 121
	expect_stderr_has "code:     int 0x80"
}

@test "--report json ends with one JSON object when the image is refused" {
	"$REPO/build/mkbadelf" pn-xnum tests/guests/raw_hello.elf "$SCRATCH/pn-xnum.elf"
	run_runner --report json "$SCRATCH/pn-xnum.elf"
	expect_status 126
	[ "$(printf '%s\n' "$stderr" | tail -n 1 | jq -r .stop)" = not-started ]
	[ "$(printf '%s\n' "$stderr" | tail -n 1 | jq -r .status)" = 126 ]
	printf '%s\n' "$stderr" | tail -n 1 | jq -r .error | grep -F "e_phnum is PN_XNUM"
}

@test "--report json ends with one JSON object after a bad option" {
	run_runner --report json -m 100G tests/guests/raw_hello.elf
	expect_status 125
	[ "$(printf '%s\n' "$stderr" | tail -n 1 | jq -r .status)" = 125 ]
	printf '%s\n' "$stderr" | tail -n 1 | jq -r .error | grep -F "out of range"
	run_runner --report-file "$SCRATCH/err.json" --report json --no-such-option x.elf
	expect_status 125
	[ "$(jq -r .stop "$SCRATCH/err.json")" = not-started ]
}

@test "--report json after a bad option, whichever options with values come first" {
	# Each option's value must be skipped, not taken for the image
	# (which would end the options before --report json is seen).
	for opt in "-m 2M" "--memory 2M" "-s 64K" "--stack 64K" "-e 1" \
		"--expect 1" "--result-size 4" "--status result" "-t 5" \
		"--timeout 5" "--share build" "--share-limit 1M" \
		"--report-file -" "--repeat 2" "--each lines" "--env A=B" \
		"--env-host HOME" "--console out" "--gdb -" "--mode long" \
		"--load 0x1000" "--entry 0x1000" "--expect-ax 1" \
		"--slice 10ms" "--console-dir build"; do
		# shellcheck disable=SC2086 # the option and its value, two words
		run_runner $opt --report json --no-such-option x.elf
		expect_status 125
		# (--report-file - puts it on stdout)
		[ "$({ printf '%s\n' "$stderr"; cat "$STDOUT_FILE"; } | grep '^{')" = \
			'{"schema": "kvmkit-run-report/1", "image": null, "stop": "not-started", "detail": "option '"'"'--no-such-option'"'"' is unknown or lacks its value", "status": 125, "error": "option '"'"'--no-such-option'"'"' is unknown or lacks its value"}' ] ||
			{ echo "after $opt: $stderr"; false; }
	done
}

@test "an image far above 64 GiB is not told to use -m" {
	"$REPO/build/mkbadelf" beyond-max-memory tests/guests/raw_hello.elf "$SCRATCH/high.elf"
	run_runner "$SCRATCH/high.elf"
	expect_status 126
	expect_stderr_has "more than the largest a guest can have"
	[[ "$stderr" != *"with -m"* ]]
}

@test "the image is held in memory once: a 256 MiB file does not cost 256 MiB" {
	cp tests/guests/raw_hello.elf "$SCRATCH/padded.elf"
	truncate -s 256M "$SCRATCH/padded.elf"
	run --separate-stderr "$REPO/tests/vm/run" sh -c \
		'command time -v "$1" -q "$2"' sh "$RUNNER" "$SCRATCH/padded.elf"
	expect_status 0
	expect_stdout "Hello, world!"
	local rss
	rss=$(printf '%s\n' "$stderr" | sed -n 's/.*Maximum resident set size (kbytes): //p')
	echo "peak RSS: $rss KiB" >&2
	[ -n "$rss" ] && [ "$rss" -lt 65536 ]
}

@test "--share /proc is refused with a clear message" {
	run_runner --share /proc tests/guests/hostile_files.elf open self/mem
	expect_status 125
	expect_stdout ""
	expect_stderr_has "--share /proc: this directory is on proc, a kernel filesystem"
}

@test "nothing on procfs or sysfs is served through a share that contains them" {
	run_guest --share / tests/guests/hostile_files.elf open proc/self/mem
	expect_status 0
	expect_stdout "open rw = -13
open ro = -13
stat = -13"
	run_guest --share / tests/guests/hostile_files.elf open sys/kernel/mm/ksm/run
	expect_status 0
	expect_stdout "open rw = -13
open ro = -13
stat = -13"
	# A device node is not a regular file: refused (stat is allowed).
	run_guest --share / tests/guests/hostile_files.elf open dev/null
	expect_status 0
	expect_stdout "open rw = -13
open ro = -13
stat = 0"
}

@test "--share-limit stops a file from growing past the limit (ENOSPC)" {
	rm -f "$SCRATCH/big"
	run_guest --share "$SCRATCH" --share-limit 64K tests/guests/hostile_files.elf grow big 65530
	expect_status 0
	expect_stdout "open = 0
seek = 65530
write = 6
write = -28
close = 0"
	[ "$(stat -c %s "$SCRATCH/big")" = 65536 ]
	run_guest --share "$SCRATCH" --share-limit 1M tests/guests/hostile_files.elf grow big 0x10000000000
	expect_stdout "open = 0
seek = 1099511627776
write = -28
write = -28
close = 0"
	[ "$(stat -c %s "$SCRATCH/big")" = 0 ]
	rm -f "$SCRATCH/big"
}

@test "--no-merge keeps guest memory out of KSM (VmFlags mg)" {
	# smaps of a running guest: its memory is mergeable by default, and
	# with --no-merge nothing of the runner is.
	run --separate-stderr "$REPO/tests/vm/run" sh -c '
		"$1" -q --timeout 20 "$2" & p=$!
		sleep 2; grep -c "^VmFlags:.* mg" /proc/$p/smaps; kill -9 $p
		"$1" -q --no-merge --timeout 20 "$2" & p=$!
		sleep 2; grep -c "^VmFlags:.* mg" /proc/$p/smaps; kill -9 $p
		true' sh "$RUNNER" tests/guests/raw_spin.elf
	expect_status 0
	[ "${lines[0]}" -ge 1 ]
	[ "${lines[1]}" = 0 ]
}

@test "a guest reading stdin behind a stalled stdout ends at --timeout with a report" {
	# stdin: a FIFO whose writer never writes; stdout: a FIFO whose
	# reader never reads (256 KiB of output fill it). The runner must
	# end by itself at its 2 s deadline; busybox timeout at 30 s would
	# show that it hung.
	run --separate-stderr "$REPO/tests/vm/run" sh -c '
		cd /tmp && rm -f in out && mkfifo in out
		sleep 100 > in & a=$!
		sleep 100 < out & b=$!
		start=$(date +%s)
		timeout 30 "$1" --timeout 2 "$2" flood-read < in > out 2> report
		s=$?
		end=$(date +%s)
		kill $a $b
		echo "status $s"; echo "seconds $((end - start))"; cat report
	' sh "$RUNNER" "$REPO/tests/guests/hostile_io.elf"
	expect_status 0
	[ "${lines[0]}" = "status 124" ]
	local seconds=${lines[1]#seconds }
	[ "$seconds" -lt 10 ]
	[[ "$output" == *"stopped:  timeout: guest still running after --timeout 2 s"* ]]
	[[ "$output" == *"status:   124"* ]]
}

@test "SIGTERM, SIGHUP and SIGINT flush the console, report, and exit 128+N" {
	local sig num
	for sig in TERM:15 HUP:1 INT:2; do
		num=${sig#*:}
		sig=${sig%:*}
		run --separate-stderr "$REPO/tests/vm/run" sh -c '
			cd /tmp && rm -f out report
			"$1" "$2" partial-spin > out 2> report & p=$!
			sleep 2; kill -$3 $p; wait $p; echo "status $?"
			echo "out: $(cat out)"; cat report
		' sh "$RUNNER" "$REPO/tests/guests/hostile_io.elf" "$sig"
		expect_status 0
		[ "${lines[0]}" = "status $((128 + num))" ]
		# "partial" had no newline: it was still in the runner's buffer.
		[ "${lines[1]}" = "out: partial" ]
		[[ "$output" == *"stopped:  signal: killed by signal $num (SIG$sig)"* ]]
		[[ "$output" == *"status:   $((128 + num))"* ]]
		[[ "$output" == *"in main"* ]]
	done
}
