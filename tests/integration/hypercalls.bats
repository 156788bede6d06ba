#!/usr/bin/env bats
# Every hypercall from a real guest on KVM: valid calls, and each error path
# with boundary values (NULL, the last byte of memory, just past it, a
# length over KVMKIT_IO_MAX, an address range that wraps past 2^64, unknown
# call numbers). None may crash the runner: its exit status must be the
# guest's and the report must be there. Host files are confined to
# --share DIR. Guests: tests/guests/hc_*.c; the calls: docs/hypercalls.md.

load helpers

SHARE="$SCRATCH/share"

# A fresh share with ways out to try, and a file outside it to protect.
make_share() {
	rm -rf "$SHARE" "$SCRATCH/outside.txt" "$SCRATCH/x" \
		"$SCRATCH/created.txt" "$SCRATCH/hc-outside-created" \
		"$SCRATCH/hc-outside-created2"
	mkdir -p "$SHARE/a"
	printf 'secret\n' >"$SCRATCH/outside.txt"
	printf 'inner\n' >"$SHARE/a/inner.txt"
	ln -s /etc "$SHARE/etc_link"
	ln -s .. "$SHARE/up_link"
	ln -s ../.. "$SHARE/a/up_link"
	ln -s "$SCRATCH/hc-outside-created" "$SHARE/abs_out"
	ln -s ../hc-outside-created2 "$SHARE/rel_out"
	ln -s hello.txt "$SHARE/in_link"
	ln -s loop_link "$SHARE/loop_link"
	# mtime, atime and ctime (now) all differ.
	printf 'old\n' >"$SHARE/old.txt"
	touch -m -d '2001-02-03 04:05:06 UTC' "$SHARE/old.txt"
	touch -a -d '2011-12-13 14:15:16 UTC' "$SHARE/old.txt"
}

# The report must say the run ended as the guest chose, not that the
# runner failed.
expect_halted() {
	expect_stderr_has "stopped:  halted: guest executed HLT"
	expect_stderr_has "result:   $1 ("
}

@test "boundary values for every hypercall: errors, never a crash" {
	make_share
	run_runner -m 64M --share "$SHARE" tests/guests/hc_bounds.elf </dev/null
	expect_status 0
	expect_halted 7
	expect_stdout "$(cat <<'EOF'
console_write(NULL, 0) = 0
console_write(NULL, 2) = -14
console_write(NULL, 1) = -14
!console_write(end-1, 1) = 1
console_write(end-1, 2) = -14
console_write(end, 0) = 0
console_write(end, 1) = -14
console_write(end+1, 0) = -14
console_write(buf, IO_MAX+1) = -22
console_write(wrap, 0x200) = -14
ok console_write(buf, 3) = 3
time(REALTIME, NULL) = -14
time(REALTIME, end-1) = -14
time(REALTIME, end-8) = -14
time(REALTIME, end) = -14
time(REALTIME, wrap) = -14
time(REALTIME, -8) = -14
time(2, &ts) = -22
time(-1, &ts) = -22
time(MONOTONIC, &ts) = 0
exit_counts(NULL) = -14
exit_counts(end-1) = -14
exit_counts(end) = -14
exit_counts(wrap) = -14
exit_counts(&c) = 0
stdin_read(NULL, 0) = 0
stdin_read(NULL, 2) = -14
stdin_read(end-1, 2) = -14
stdin_read(end, 1) = -14
stdin_read(buf, IO_MAX+1) = 0
stdin_read(wrap, 0x200) = -14
stdin_read(buf, 16) = 0
hypercall(ABI_VERSION) = 1
hypercall(COUNT) = -38
hypercall(63) = -38
hypercall(64) = -38
hypercall(2^63-1) = -38
hypercall(-1) = -38
file_open(NULL, 1) = -14
file_open(end-1, 2) = -14
file_open(end, 1) = -14
file_open(buf, IO_MAX+1) = -36
file_open(buf, PATH_MAX+1) = -36
file_open(wrap, 0x200) = -14
file_open("bounds.txt", 1<<40) = -22
file_open("bounds.txt", WRONLY|CREAT|TRUNC) = 0
file_write(fd, NULL, 0) = 0
file_write(fd, NULL, 2) = -14
file_write(fd, end-1, 2) = -14
file_write(fd, end, 1) = -14
file_write(fd, buf, IO_MAX+1) = -22
file_write(fd, wrap, 0x200) = -14
file_write(1, buf, 1) = -9
file_write(32, buf, 1) = -9
file_write(-1, buf, 1) = -9
file_read(fd, buf, 5) on a write-only fd = -9
file_write(fd, "12345", 5) = 5
file_seek(fd, 0, 3) = -22
file_seek(fd, 0, -1) = -22
file_seek(fd, -1, SET) = -22
file_seek(fd, -6, END) = -22
file_seek(fd, 0, END) = 5
file_seek(fd, -2, CUR) = 3
file_seek(32, 0, SET) = -9
file_close(32) = -9
file_close(-1) = -9
file_close(fd) = 0
file_close(fd) again = -9
file_seek(fd, 0, SET) closed = -9
file_open("bounds.txt", RDONLY) = 0
file_read(fd, NULL, 0) = 0
file_read(fd, NULL, 2) = -14
file_read(fd, end-1, 2) = -14
file_read(fd, end, 1) = -14
file_read(fd, buf, IO_MAX+1) = -22
file_read(fd, wrap, 0x200) = -14
file_write(fd, buf, 1) on a read-only fd = -9
file_read(fd, buf, 16) = 5
read back: 12345
file_read(fd, buf, 16) at the end = 0
file_stat(NULL, 1, &st) = -14
file_stat(end-1, 2, &st) = -14
file_stat(end, 1, &st) = -14
file_stat(buf, IO_MAX+1, &st) = -36
file_stat(wrap, 0x200, &st) = -14
file_stat("bounds.txt", NULL) = -14
file_stat("bounds.txt", end-1) = -14
file_stat("bounds.txt", end) = -14
file_stat("bounds.txt", wrap) = -14
file_stat("bounds.txt", &st) = 0
size 5
file_close(fd) = 0
still running
EOF
)"
	[ "$(cat "$SHARE/bounds.txt")" = 12345 ]
}

@test "boundary values: the JSON report is complete" {
	make_share
	run_runner -m 64M --share "$SHARE" --report json \
		tests/guests/hc_bounds.elf </dev/null
	expect_status 0
	[ "$(json_field .stop)" = halted ]
	[ "$(json_field .status)" = 0 ]
	[ "$(json_field .result)" = 7 ]
	[ "$(json_field .exits.hlt)" = 1 ]
	# Every call above is one hypercall exit, and nothing else happened.
	[ "$(json_field '.exits.total - .exits.hypercall')" = 1 ]
}

@test "files: create, write, read back, append, seek and stat in the share" {
	make_share
	run_runner --share "$SHARE" tests/guests/hc_files.elf share </dev/null
	expect_status 0
	expect_halted 0
	local perm mtime
	perm=$(stat -c %a "$SHARE/hello.txt")
	mtime=$(stat -c %Y "$SHARE/hello.txt")
	expect_stdout "$(cat <<EOF
open("hello.txt", WRONLY|CREAT|TRUNC) = 0
write("Hello, share!\n") = 14
close = 0
open("hello.txt", RDONLY) = 0
read = 14: "Hello, share!\n"
seek(7, SET) = 7
read(5) = 5
word: share
seek(0, CUR) = 12
seek(-1, END) = 13
read = 1: "\n"
seek(100, SET) = 100
read = 0: ""
close = 0
open("hello.txt", WRONLY|APPEND) = 0
write("more\n") = 5
close = 0
open("hello.txt", RDWR) = 0
seek(0, END) = 19
seek(0, SET) = 0
write("J") = 1
seek(0, SET) = 0
read = 19: "Jello, share!\nmore\n"
close = 0
stat("hello.txt") = 0
hello.txt: size 19, type 100000, perm $perm, mtime $mtime
stat("old.txt") = 0
old.txt: size 4, mtime 981173106
stat(".") = 0: directory
stat("a") = 0: directory
stat("in_link") = 0: regular, size 19
stat("a/inner.txt") = 0: regular, size 6
open("a/inner.txt", RDONLY) = 0
read = 6: "inner\n"
close = 0
open("a/../hello.txt", RDONLY) = 0
read = 19: "Jello, share!\nmore\n"
close = 0
open("in_link", RDONLY) = 0
read = 19: "Jello, share!\nmore\n"
close = 0
open("a/new.txt", WRONLY|CREAT) = 0
write("new\n") = 4
close = 0
open("../outside.txt", RDONLY) = -13
open("..", RDONLY) = -13
open("/etc/passwd", RDONLY) = -13
open("/", RDONLY) = -13
open("etc_link/passwd", RDONLY) = -13
open("up_link/outside.txt", RDONLY) = -13
open("a/up_link/outside.txt", RDONLY) = -13
open("a/../../outside.txt", RDONLY) = -13
open("a/../../x", WRONLY|CREAT) = -13
open("abs_out", WRONLY|CREAT) = -13
open("rel_out", WRONLY|CREAT) = -13
open("up_link/created.txt", WRONLY|CREAT) = -13
stat("/etc/passwd") = -13
stat("etc_link") = -13
stat("etc_link/passwd") = -13
stat("up_link") = -13
stat("../outside.txt") = -13
stat("a/../../outside.txt") = -13
open(".", RDONLY) = -21
open("a", RDONLY) = -21
open("missing.txt", RDONLY) = -2
stat("missing.txt") = -2
open("hello.txt/x", RDONLY) = -2
open("loop_link", RDONLY) = -40
open("", RDONLY) = -2
open("a", WRONLY) = -21
open("nnn..." (299 bytes), RDONLY) = -36
open_len("hello.txt\0x", 11) = -22
open("hello.txt", WRONLY|RDWR) = -22
open("hello.txt", RDONLY|TRUNC) = -22
open("hello.txt", 0x80 (O_EXCL)) = -22
open("hello.txt", 0x10000 (O_DIRECTORY)) = -22
open_len("hello.txtXYZ", 9) = 0
opened 32 files as fds 0..31
open #33 = -24
closed 32
close(31) again = -9
open("left_open.txt", WRONLY|CREAT|TRUNC) = 0
write("bye\n") = 4
EOF
)"
	# What the guest wrote is on the host, where it said.
	[ "$(cat "$SHARE/hello.txt")" = "$(printf 'Jello, share!\nmore')" ]
	[ "$(cat "$SHARE/a/new.txt")" = new ]
	[ "$(cat "$SHARE/left_open.txt")" = bye ]
	[ "$(stat -c %s "$SHARE/hello.txt")" = 19 ]
	[[ "$perm" =~ ^[0-7]{3}$ ]]
}

@test "files: a write past the host's file size limit is ENOSPC, never a dead runner" {
	# EFBIG from the host becomes -KVMKIT_ENOSPC (28); the SIGXFSZ that
	# comes with it must not kill the runner. ulimit -f 1 is 512 or 1024
	# bytes, depending on the shell: the first write is cut there.
	make_share
	run_in_vm sh -c 'ulimit -f 1 && exec "$@"' sh "$RUNNER" \
		--share "$SHARE" tests/guests/hc_files.elf big
	expect_status 0
	expect_halted 0
	[ "${lines[0]}" = 'open("big.bin", WRONLY|CREAT|TRUNC) = 0' ]
	[[ "${lines[1]}" =~ ^write\(1024\)\ =\ (512|1024)$ ]]
	[ "${lines[2]}" = "write(1024) = -28" ]
	[ "${lines[3]}" = "close = 0" ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(stat -c %s "$SHARE/big.bin")" = "${lines[1]#write(1024) = }" ]
}

@test "files: nothing outside the share was created or changed" {
	make_share
	run_runner --share "$SHARE" tests/guests/hc_files.elf share </dev/null
	expect_status 0
	[ "$(cat "$SCRATCH/outside.txt")" = secret ]
	[ ! -e "$SCRATCH/x" ]
	[ ! -e "$SCRATCH/created.txt" ]
	[ ! -e "$SCRATCH/hc-outside-created" ]
	[ ! -e "$SCRATCH/hc-outside-created2" ]
	[ ! -L "$SCRATCH/hc-outside-created" ]
}

@test "files: without --share every file call is refused with EACCES" {
	run_runner tests/guests/hc_files.elf noshare </dev/null
	expect_status 0
	expect_halted 0
	expect_stdout "$(cat <<'EOF'
open("hello.txt", RDONLY) = -13
open("hello.txt", WRONLY|CREAT) = -13
stat("hello.txt") = -13
read(0) = -13
write(0) = -13
seek(0) = -13
close(0) = -13
EOF
)"
}

@test "--share with a missing directory or a file is a runner error (125)" {
	run_runner --share "$SCRATCH/no-such-share" tests/guests/hc_args.elf
	expect_status 125
	expect_stderr_has "runner: --share $SCRATCH/no-such-share: no such directory"
	[ -z "$output" ]
	printf 'x' >"$SCRATCH/share-file"
	run_runner --share "$SCRATCH/share-file" tests/guests/hc_args.elf
	expect_status 125
	expect_stderr_has "runner: --share $SCRATCH/share-file: not a directory"
	rm -f "$SCRATCH/share-file"
}

@test "args: runner IMAGE a b c gives main(4, {IMAGE, a, b, c, NULL})" {
	run_runner tests/guests/hc_args.elf a b c
	expect_status 0
	expect_halted 4
	expect_stdout "$(cat <<'EOF'
argc 4
argv[0] "tests/guests/hc_args.elf"
argv[1] "a"
argv[2] "b"
argv[3] "c"
argv[argc] NULL
EOF
)"
}

@test "args: no arguments gives argc 1 with the image path" {
	run_runner "$REPO/tests/guests/hc_args.elf"
	expect_status 0
	expect_halted 1
	expect_stdout "$(printf 'argc 1\nargv[0] "%s"\nargv[argc] NULL' \
		"$REPO/tests/guests/hc_args.elf")"
}

@test "time: realtime is a sane wall clock, monotonic increases" {
	local before after guest
	before=$(date +%s)
	run_runner tests/guests/hc_time.elf
	after=$(date +%s)
	expect_status 0
	expect_halted 0
	[ "${lines[0]}" = "realtime: 0" ]
	[ "${lines[1]}" = "realtime after 2020: yes" ]
	[ "${lines[2]}" = "monotonic: 0 0 0" ]
	[ "${lines[3]}" = "monotonic increases: yes" ]
	[ "${lines[4]}" = "monotonic is not realtime: yes" ]
	[ "${lines[5]}" = "clock 2: -22" ]
	[ "${lines[6]}" = "clock -1: -22" ]
	[ "${lines[7]}" = "untouched: yes" ]
	[ "${#lines[@]}" -eq 9 ]
	# The guest's clock is the host's (the test VM's, set from the host's
	# at boot): allow a few minutes of drift, no more.
	guest=${lines[8]#realtime seconds }
	[[ "$guest" =~ ^[0-9]+$ ]]
	[ "$guest" -ge $((before - 300)) ]
	[ "$guest" -le $((after + 300)) ]
}

@test "exit counts: two calls differ by exactly the exits in between" {
	run_runner tests/guests/hc_exit_counts.elf
	expect_status 0
	expect_halted 0
	expect_stdout "$(cat <<'EOF'
xyz
calls: 0 0
first: total 1 io 0 hypercall 1 hlt 0 mmio 0 other 0
total +7
io +1
hypercall +6
hlt +0
mmio +0
other +0
sum matches total: yes
EOF
)"
}

@test "stdin: the guest reads the runner's stdin to the end" {
	run_runner_stdin tests/guests/hc_stdin.elf <<<"input"
	expect_status 0
	expect_halted 0
	expect_stdout "$(printf 'input\n6 bytes')"
}

@test "stdin: several lines, more than one read each" {
	run_runner_stdin tests/guests/hc_stdin.elf \
		< <(printf 'hello\nworld, this is stdin\n')
	expect_status 0
	expect_stdout "$(printf 'hello\nworld, this is stdin\n27 bytes')"
}

@test "stdin: empty stdin is end of file at once" {
	run_runner tests/guests/hc_stdin.elf </dev/null
	expect_status 0
	expect_halted 2
	expect_stdout "0 bytes"
}

@test "exit(3) makes the runner exit 3 after the atexit handlers" {
	run_runner tests/guests/hc_exit.elf exit3
	expect_status 3
	expect_stdout "$(printf 'before exit3\natexit handler ran')"
	expect_stderr_has "stopped:  exit: guest called exit(3)"
	expect_stderr_has "guest status: 3"
	run_runner --report json tests/guests/hc_exit.elf exit3
	expect_status 3
	[ "$(json_field .stop)" = exit ]
	[ "$(json_field .guest_status)" = 3 ]
	[ "$(json_field .status)" = 3 ]
}

@test "kvmkit_exit(300) exits at once with status 300 & 0xff" {
	run_runner tests/guests/hc_exit.elf kvmkit_exit
	expect_status 44
	expect_stdout "before kvmkit_exit"
	expect_stderr_has "stopped:  exit: guest called exit(300)"
	# The guest's status is reported as it was given; the runner's is
	# what the shell sees.
	expect_stderr_has "guest status: 300"
	expect_stderr_has "status:   44"
	run_runner --report json tests/guests/hc_exit.elf kvmkit_exit
	expect_status 44
	[ "$(json_field .guest_status)" = 300 ]
	[ "$(json_field .status)" = 44 ]
	[ "$(json_field .stop)" = exit ]
}

@test "abort() gives status 134 and says so in the report" {
	run_runner tests/guests/hc_exit.elf abort
	expect_status 134
	expect_stdout "before abort"
	expect_stderr_has "stopped:  abort: guest called abort()"
	[[ "$stderr" != *"guest called abort():"* ]]
	expect_stderr_has "guest status: 134"
	expect_stderr_has "status:   134"
}

@test "abort hypercall with a message of the guest's own" {
	run_runner --report json tests/guests/hc_exit.elf abort_msg
	expect_status 134
	expect_stdout "before abort_msg"
	[ "$(json_field .stop)" = abort ]
	[ "$(json_field .detail)" = "guest called abort(): hc_exit: giving up" ]
	[ "$(json_field .guest_status)" = 134 ]
}

@test "an abort message with a tab is escaped in both reports" {
	run_runner --report json tests/guests/hc_exit.elf abort_tab
	expect_status 134
	[[ "$stderr" == *'"detail": "guest called abort(): column\tcolumn"'* ]]
	[ "$(json_field .detail)" = $'guest called abort(): column\tcolumn' ]
	run_runner tests/guests/hc_exit.elf abort_tab
	expect_status 134
	expect_stderr_has 'stopped:  abort: guest called abort(): column\x09column'
}

@test "abort hypercall with bad message pointers still aborts, never crashes" {
	# A message outside guest memory is left out; one longer than the
	# runner's limit is cut (here at its NUL).
	local c detail
	for c in abort_null:"guest called abort()" \
		abort_end:"guest called abort()" \
		abort_past:"guest called abort()" \
		abort_long:"guest called abort(): hc_exit: giving up" \
		abort_wrap:"guest called abort()"; do
		detail=${c#*:}
		c=${c%%:*}
		run_runner --report json tests/guests/hc_exit.elf "$c"
		expect_status 134
		expect_stdout "before $c"
		[ "$(json_field .stop)" = abort ]
		[ "$(json_field .detail)" = "$detail" ]
		[ "$(json_field .status)" = 134 ]
	done
}
