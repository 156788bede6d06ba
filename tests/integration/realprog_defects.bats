#!/usr/bin/env bats
# Defects that real programs found in the SDK (tests/realprog, docs/sdk.md
# "Real programs"): one test each, on KVM.

load helpers

@test "libc: a failed read leaves ferror set but later writes succeed (Lua's io.write after files.lua's read test)" {
	rm -rf "$SCRATCH/sticky" && mkdir -p "$SCRATCH/sticky"
	run_runner -q --status result --share "$SCRATCH/sticky" \
		tests/guests/libc_stdio_sticky_error.elf
	expect_status 0
	expect_stdout "fgetc on a write-only stream: -1
ferror: 1
fwrite: 2
fputs: 0
fputc: 99
fprintf: 2
ferror still: 1
fclose: 0
read back: a
read back: b
read back: c4"
	[ -z "$(ls -A "$SCRATCH/sticky")" ]
}

@test "libc: POSIX descriptors: open/read/write/lseek/close/stat on shared files, 0 is stdin, 1 the console (zlib's gzopen, minigzip; cmocka's stat)" {
	rm -rf "$SCRATCH/fd" && mkdir -p "$SCRATCH/fd"
	run_runner_stdin -q --status result --share "$SCRATCH/fd" \
		tests/guests/libc_fd.elf <<<"typed input"
	expect_status 0
	expect_stdout "open f.bin for writing: 3
write 10 bytes: 10
lseek to 4: 4
write 2 over 45: 2
lseek end: 10
close: 0
close again: -1 Bad file descriptor
open f.bin for reading: 3
read 32: 10
content: 0123ab6789
read at the end: 0
write to a read-only descriptor: -1 Bad file descriptor
append: 1
after append: 0123ab6789!
fileno is >= 3: 1
lseek(fileno): 0
creat: 3
write 3: 3
access g.txt: 0
stat g.txt: 0
regular: 1, size 3
stat .: 0
directory: 1
unlink g.txt: 0
access g.txt again: -1 No such file or directory
open missing: -1 No such file or directory
open ../escape: -1 Permission denied
open with unknown flags: -1 Invalid argument
read bad descriptor: -1 Bad file descriptor
lseek stdin: -1 Illegal seek
isatty(0): 0
sizeof(off64_t): 8
to the console
write(1): 15
read(0): 12
stdin: typed input"
	[ -z "$(ls -A "$SCRATCH/fd")" ]
	[ ! -e "$SCRATCH/escape" ]
}

@test "libc: _Thread_local and __thread variables work: .tdata copied, .tbss zeroed, %fs:0 is the thread pointer (cmocka's state)" {
	run_runner --status result tests/guests/libc_tls.elf
	expect_status 6
	expect_stdout "counter 6, zeroed 0 1, long double 7.5 at a multiple of 16: 1, name tls
%fs:0 is the thread pointer, above the variables: 1"
}
