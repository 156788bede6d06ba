#!/usr/bin/env bats
# The SDK's C library on KVM: test guests tests/guests/libc_*.c.

load helpers

@test "libc: malloc/calloc/realloc/aligned_alloc keep the heap consistent" {
	run_guest tests/guests/libc_heap.elf
	expect_status 0
	[[ "$output" == "heap ok: "*" bytes free" ]]
}

@test "libc: qsort and bsearch" {
	run_guest tests/guests/libc_qsort.elf
	expect_status 0
	expect_stdout "apple banana cherry date fig pear
qsort ok, date at 3"
}

@test "libc: stdout into a pipe costs one hypercall for two lines" {
	run_runner --report json tests/guests/libc_qsort.elf
	expect_status 0
	[ "$(json_field .exits.hypercall)" = 1 ]
}

@test "libc: stdout on a terminal costs one hypercall per line" {
	# tests/vm/run -i: the runner's stdout is the test VM's console, a tty
	tests/vm/run -i "$RUNNER" --report json --report-file build/test-scratch/tty.json \
		tests/guests/libc_qsort.elf >/dev/null
	[ "$(jq -r .exits.hypercall build/test-scratch/tty.json)" = 2 ]
	[ "$(jq -r .stop build/test-scratch/tty.json)" = halted ]
}

@test "libc: setjmp/longjmp, longjmp(env, 0) returns 1, sigsetjmp keeps the signal mask" {
	run_guest tests/guests/libc_setjmp.elf
	expect_status 0
	expect_stdout "callee-saved registers kept: yes
setjmp returned 0
setjmp returned 10
setjmp returned 20
setjmp returned 1
rounds 4
sigsetjmp(1): blocked after 0, sigsetjmp(0): blocked after 1
blocked: handler ran 0, pending 1
unblocked: handler ran 10, pending 0"
}

@test "libc: a failed assert prints glibc's message and ends with status 134" {
	run_runner tests/guests/libc_assert.elf
	expect_status 134
	local msg="tests/guests/libc_assert.c:12: main: Assertion \`argc + 1 == 3' failed."
	# stderr and stdout both reach the console; abort() flushed stdout.
	[[ "$output" == *"$msg"* ]]
	[[ "$output" == *"before the assertion"* ]]
	expect_stderr_has "$msg"
}

@test "libc: exit() runs atexit handlers in reverse, flushes, and sets the status" {
	run_guest tests/guests/libc_exit.elf
	expect_status 3
	expect_stdout "main: partial line, handler registered second; handler registered first"
}

@test "libc: math.h in a guest" {
	run_guest tests/guests/libc_math.elf
	expect_status 0
	[[ "$output" == *"sqrt(2) = 1.4142135623731"* ]]
	[[ "$output" == *"exp(1) = 2.71828182845905"* ]]
	[[ "$output" == *"sin(1) = 0.841470984807897"* ]]
	[[ "$output" == *"atan2(1, -1) = 2.35619449019234"* ]]
	[[ "$output" == *"floor(-2.5) = -3 ceil(-2.5) = -2 round(-2.5) = -3 trunc(-2.5) = -2"* ]]
	[[ "$output" == *"identities: ok"* ]]
	[[ "$output" == *"sqrt(-0.25): nan 1, EDOM 1"* ]]
}

@test "libc: snprintf %.17g and %a round-trip through strtod" {
	run_guest tests/guests/libc_snprintf.elf
	expect_status 0
	[[ "$output" == "0.10000000000000001"* ]]
	[[ "$output" == *", 0 bad" ]]
}

@test "libc: stdin through fgets and sscanf" {
	run_runner_stdin -q tests/guests/libc_stdin.elf \
		< <(printf 'hello\nworld\nsum 2 40\n')
	expect_status 0
	expect_stdout "1: hello
2: world
sum 42
lines 2"
}

@test "libc: portable C prints the same bytes as a guest and on the host" {
	# Built with the host's compiler and C library, from the same source.
	gcc -std=gnu11 -O2 -o "$SCRATCH/libc_portable.host" tests/guests/libc_portable.c -lm
	"$SCRATCH/libc_portable.host" >"$SCRATCH/libc_portable.host.out"
	run_guest tests/guests/libc_portable.elf
	expect_status 0
	printf '%s\n' "$output" >"$SCRATCH/libc_portable.guest.out"
	diff -u "$SCRATCH/libc_portable.host.out" "$SCRATCH/libc_portable.guest.out"
}

@test "libc: fenv, signal, locale, wchar, uchar, wctype, strftime as on the host" {
	# -frounding-math: without it GCC may assume round-to-nearest around
	# rint() on the host; the guest's result is right either way.
	gcc -std=gnu11 -O2 -frounding-math -o "$SCRATCH/libc_c11.host" \
		tests/guests/libc_c11.c -lm
	# Signals at their defaults, as the guest has them: a make check run
	# in the background by a script inherits SIGINT ignored, and the
	# host program would see SIG_IGN as signal()'s old handler.
	TZ=UTC env --default-signal=INT,QUIT,USR1,HUP "$SCRATCH/libc_c11.host" \
		>"$SCRATCH/libc_c11.host.out"
	tests/vm/run "$RUNNER" -q tests/guests/libc_c11.elf \
		>"$SCRATCH/libc_c11.guest.out"
	diff -u "$SCRATCH/libc_c11.host.out" "$SCRATCH/libc_c11.guest.out"
	cmp "$SCRATCH/libc_c11.host.out" "$SCRATCH/libc_c11.guest.out"
}

@test "libc: fopen, fprintf, fgets, fscanf, fseek, ftell, fread on shared files" {
	mkdir -p "$SCRATCH/libc-share"
	run_guest --share "$SCRATCH/libc-share" tests/guests/libc_files.elf
	expect_status 0
	expect_stdout "read: line 1: 0.333
read: line 2: 0.667
read: line 3: 1.000
eof 1, ftell 42
fscanf: 1 0.333, ftell 13
fread 7: line 1:
missing file: No such file or directory"
}

@test "libc: --env and --env-host reach getenv and main's envp" {
	# env(1) runs inside the test VM too, so the runner sees FROM_HOST.
	run --separate-stderr tests/vm/run env FROM_HOST="a b" "$RUNNER" -q \
		--env GREETING=hello --env EMPTY= --env GREETING=hi \
		--env-host FROM_HOST --env-host UNSET_ON_HOST \
		tests/guests/libc_env.elf
	expect_status 0
	expect_stdout "envp: GREETING=hi
envp: EMPTY=
envp: FROM_HOST=a b
GREETING='hi'
EMPTY=''
FROM_HOST='a b'
UNSET_ON_HOST unset
after: GREETING=changed EMPTY=unset"
}

@test "libc: without --env a guest has no environment" {
	run_guest tests/guests/libc_env.elf
	expect_status 0
	expect_stdout "GREETING unset
EMPTY unset
FROM_HOST unset
UNSET_ON_HOST unset
after: GREETING=changed EMPTY=unset"
}

@test "runner: --env without '=' and --env-host with '=' are usage errors" {
	run_runner --env NOEQUALS tests/guests/libc_env.elf
	expect_status 125
	expect_stderr_has "--env wants NAME=VALUE, not 'NOEQUALS'"
	run_runner --env-host A=B tests/guests/libc_env.elf
	expect_status 125
	expect_stderr_has "--env-host wants a NAME, not 'A=B'"
	run_runner --env =x tests/guests/libc_env.elf
	expect_status 125
}

@test "libc: remove, rename, tmpnam, tmpfile, freopen, fputwc on shared files" {
	rm -rf "$SCRATCH/fileops" && mkdir -p "$SCRATCH/fileops"
	run_guest --share "$SCRATCH/fileops" tests/guests/libc_fileops.elf
	expect_status 0
	expect_stdout "rename a.txt b.txt: 0
cat a.txt: No such file or directory
cat b.txt: alpha
rename missing.txt c.txt: -1 No such file or directory
rename b.txt ../escape.txt: -1 Permission denied
rename b.txt /abs.txt: -1 Permission denied
remove b.txt: 0
cat b.txt: No such file or directory
remove b.txt again: -1 No such file or directory
remove ..: -1 Invalid argument
tmpnam: tmp.kvmkit.0
tmpfile: opened
tmpfile read back: scratch data
tmpfile removed at close: yes
fputwc: 41 E9 20AC 1F600
fputws: 0
bytes: 41 c3 a9 e2 82 ac f0 9f 98 80 c3 a9 21
fgetwc: 41 E9 20AC 1F600 E9 21 WEOF
freopen same stream: 1
cat first.txt: into first
cat second.txt: into second
freopen missing: No such file or directory"
	# Nothing left behind, nothing written outside the share.
	[ -z "$(ls -A "$SCRATCH/fileops")" ]
	[ ! -e "$SCRATCH/escape.txt" ]
}

@test "stack: 10,000 levels of recursion fit the default stack, heap intact" {
	run_guest tests/guests/stack_overflow.elf 10000
	expect_status 0
	expect_stdout "recursed 10000 levels, heap intact"
	run_guest --stack 8M tests/guests/stack_overflow.elf 40000
	expect_status 0
	expect_stdout "recursed 40000 levels, heap intact"
}

@test "stack: an overflow hits the guard page and is reported as one, with the function" {
	run_runner --report json tests/guests/stack_overflow.elf
	expect_status 121
	[ "$(json_field .fault.mnemonic)" = "#PF" ]
	expect_stderr_has "stack overflow"
	expect_stderr_has "the guard page under the 2048 KiB stack"
	[[ "$(json_field .detail)" == *"in recurse+0x"*"stack overflow"* ]]
	[[ "$(json_field .fault.symbol)" == recurse+* ]]
	run_runner --stack 64K tests/guests/stack_overflow.elf
	expect_status 121
	expect_stderr_has "in recurse+"
	expect_stderr_has "stack overflow"
	expect_stderr_has "under the 64 KiB stack"
}

@test "stack: --stack values that are not whole pages of at least 16K are refused" {
	for bad in 1K 16383 4097 x 0; do
		run_runner --stack "$bad" samples/hello.elf
		expect_status 125
		expect_stderr_has "invalid stack size"
	done
}

@test "libc: atexit handlers run and a partial last line is written when main returns; the result is sign-extended" {
	run_runner --expect -1 tests/guests/libc_tail.elf -1
	expect_status 0
	expect_stdout_bytes ">partial line, no newline (atexit)"
	expect_stderr_has "result:   18446744073709551615 (0xffffffffffffffff)"
	expect_stderr_has "expect:   18446744073709551615 (met)"
	run_runner --result-size 4 --expect -2 tests/guests/libc_tail.elf -2
	expect_status 0
	expect_stderr_has "result:   4294967294 (0xfffffffe)"
	run_runner tests/guests/libc_tail.elf 7
	expect_status 0
	expect_stderr_has "result:   7 (0x7)"
	expect_stderr_has "exits:    3 (console_io 1, hypercall 1, hlt 1)"
}
