#!/usr/bin/env bats
# What a newcomer meets first (issue 9): exit statuses for test programs,
# the messages for a raw image and for paths the test VM cannot see, the
# hypercall counts in the report, EFER as abi.h promises it, and the test
# VM session a suite reuses.

load helpers

@test "--status result: a halting guest's exit status is its result" {
	run_guest --status result tests/guests/return_value.elf 1
	expect_status 1
	run_guest --status result tests/guests/return_value.elf 0
	expect_status 0
	# The low 8 bits, as exit() would give them.
	run_guest --status result tests/guests/return_value.elf 258
	expect_status 2
	run_guest --status result samples/hello.elf
	expect_status 42
	expect_stdout "Hello, world!"
}

@test "--status run (the default): a halting guest exits 0 whatever main returns" {
	run_runner tests/guests/return_value.elf 1
	expect_status 0
	expect_stderr_has "result:   1 (0x1)"
	run_guest --status run tests/guests/return_value.elf 1
	expect_status 0
}

@test "--status result keeps --expect, exit() and faults as they are" {
	run_guest --status result --expect 41 samples/hello.elf
	expect_status 120
	run_guest --status result --expect 42 samples/hello.elf
	expect_status 42
	run_guest --status result tests/guests/libc_exit.elf
	expect_status 3
	run_guest --status result tests/guests/raw_divide_error.elf
	expect_status 121
}

@test "--status refuses anything but run and result" {
	run --separate-stderr "$RUNNER" --status exit samples/hello.elf
	expect_status 125
	expect_stderr_has "--status must be run or result, not 'exit'"
}

@test "a raw (non-ELF) image is refused with how to make an ELF" {
	printf '\xf4' >"$SCRATCH/raw.bin" # hlt
	run_runner "$SCRATCH/raw.bin"
	expect_status 126
	expect_stderr_has "not an ELF file"
	expect_stderr_has "-T linker/guest.ld"
}

@test "the text report counts hypercalls by name" {
	run_runner samples/hello.elf
	expect_status 0
	expect_stderr_has $'exits:    2 (hypercall 1, hlt 1)\ncalls:    console_write 1\n'
	run_runner tests/guests/libc_exit.elf
	expect_stderr_has "calls:    console_write 1, exit 1"
}

@test "a run without hypercalls has no calls line" {
	run_runner tests/guests/raw_hello.elf
	expect_status 0
	[[ "$stderr" != *"calls:"* ]]
}

@test "the JSON report counts every hypercall by name, zeros included" {
	run_runner --report json tests/guests/libc_exit.elf
	expect_status 3
	[ "$(json_field .hypercalls.console_write)" = 1 ]
	[ "$(json_field .hypercalls.exit)" = 1 ]
	[ "$(json_field .hypercalls.file_open)" = 0 ]
	# Every call of the table: the JSON names the same calls as abi.h.
	local n
	n=$(grep -c '^[[:space:]]*KVMKIT_HC_[A-Z_]* *= *[0-9]' include/kvmkit/abi.h)
	[ "$n" -ge 13 ]
	[ "$(json_field '.hypercalls | length')" = "$n" ]
	# The counts add up to the hypercall exits.
	[ "$(json_field '[.hypercalls[]] | add')" = "$(json_field .exits.hypercall)" ]
}

@test "EFER at entry is LME|LMA, plus NXE exactly when the CPU has NX" {
	run_guest tests/guests/entry_efer.elf
	expect_status 0
	case $output in
	"efer 0xd00 nx 1" | "efer 0x500 nx 0") ;;
	*) echo "abi.h promises EFER = LME|LMA|NXE where NX exists; got: $output" >&2
	   return 1 ;;
	esac
}

@test "tests/vm/run names a path outside the repository, which the test VM cannot see" {
	if [ "$(cat "$KVMKIT_VM_SESSION/mode" 2>/dev/null)" = direct ]; then
		skip "commands run directly here: every host path is visible"
	fi
	local outside
	outside=$(mktemp -d)
	run --separate-stderr tests/vm/run "$RUNNER" -q --share "$outside" samples/hello.elf
	rmdir "$outside"
	expect_status 125
	expect_stderr_has "warning: $outside is outside the repository"
	expect_stderr_has "the test VM sees only the repository"
	# and the runner itself, inside the test VM, says why it is missing
	expect_stderr_has "runner: --share $outside: no such directory in the test VM, which sees only the repository: put the directory inside it"
	# A path inside the repository gets no warning.
	run --separate-stderr tests/vm/run "$RUNNER" -q --share "$SCRATCH" samples/hello.elf
	expect_status 0
	[[ "$stderr" != *warning* ]]
}

@test "a bats suite reuses an exported test VM session and leaves it running" {
	local suite="$SCRATCH/session-reuse"
	rm -rf "$suite"
	mkdir -p "$suite"
	printf 'source %q\n' "$REPO/tests/integration/setup_suite.bash" \
		>"$suite/setup_suite.bash"
	# "@" apart: bats would rewrite a line of this file that starts with it.
	printf '%s%s\n' @ 'test "session" { echo "$KVMKIT_VM_SESSION" >"$BATS_TEST_DIRNAME/seen"; }' \
		>"$suite/seen.bats"
	# A clean environment but the session: this bats must not see ours
	# (nor bats' own libexec directory, which it puts first in PATH).
	local path
	path=$(tr ':' '\n' <<<"$PATH" | grep -v bats-core | paste -sd:)
	run env -i PATH="$path" HOME="$HOME" KVMKIT_VM_SESSION="$KVMKIT_VM_SESSION" \
		bats "$suite"
	expect_status 0
	[ "$(cat "$suite/seen")" = "$KVMKIT_VM_SESSION" ]
	[[ "$output" == *"reusing test VM session $KVMKIT_VM_SESSION"* ]]
	# Still ours, still up: the inner suite's teardown did not stop it.
	run tests/vm/session status
	expect_status 0
}

@test "bench/run counts only changes to tracked files as a dirty tree" {
	local tree="$SCRATCH/bench-tree"
	rm -rf "$tree"
	mkdir -p "$tree/bench"
	cp bench/run "$tree/bench/run"
	git -C "$tree" init -q
	git -C "$tree" add bench/run
	git -C "$tree" -c user.name=t -c user.email=t@example.invalid commit -qm t
	run "$tree/bench/run" --tree-state
	[[ "$output" == *" clean" ]]
	touch "$tree/untracked-notes.txt"
	run "$tree/bench/run" --tree-state
	[[ "$output" == *" clean" ]]
	echo "# changed" >>"$tree/bench/run"
	run "$tree/bench/run" --tree-state
	[[ "$output" == *" dirty" ]]
}

@test "both hypercall tables list every call, and the checklist names both" {
	local names name short
	names=$(sed -n 's/^[[:space:]]*KVMKIT_HC_\([A-Z_]*\) *= *[0-9].*/\1/p' include/kvmkit/abi.h)
	[ "$(wc -w <<<"$names")" -ge 13 ]
	for name in $names; do
		grep -q "| \`$name\` |" docs/hypercalls.md ||
			{ echo "docs/hypercalls.md lacks $name" >&2; return 1; }
		# docs/abi.md groups the file calls: FILE_OPEN, READ, WRITE...
		short=${name#FILE_}
		grep -q "^| [0-9–]* | .*\`\(FILE_\)\{0,1\}$short\`" docs/abi.md ||
			{ echo "docs/abi.md lacks $name" >&2; return 1; }
	done
	sed -n '/^### Checklist/,/^## /p' docs/hypercalls.md | grep -q 'docs/abi.md'
}

@test "plain make in a fresh tree builds the runner, the SDK, every sample and test guest" {
	local tree="$SCRATCH/fresh-tree"
	rm -rf "$tree"
	mkdir -p "$tree"
	git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$tree"
	[ ! -e "$tree/build" ]
	run make -C "$tree" -j2
	expect_status 0
	local f missing=
	for f in build/runner build/sdk/libkvmkit.a build/sdk/crt0.o \
		$(cd "$tree" && ls samples/*.c tests/guests/*.c tests/guests/*.S | sed 's/\.[cS]$/.elf/'); do
		[ -f "$tree/$f" ] || missing+=" $f"
	done
	[ -z "$missing" ] || { echo "not built by make:$missing" >&2; return 1; }
	# Up to date now; an edit under sdk/ (a header only) is rebuilt.
	run make -C "$tree" -q
	expect_status 0
	touch "$tree/sdk/include/stdio.h"
	run make -C "$tree" -q
	expect_status 1
	run make -C "$tree" -j2
	expect_status 0
	[ "$tree/samples/hello.elf" -nt "$tree/sdk/include/stdio.h" ]
	rm -rf "$tree"
}
