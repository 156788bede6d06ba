# Shared by every integration test. Each test runs the real runner on real
# KVM: directly where /dev/kvm works, otherwise in the test VM
# (tests/vm/run; setup_suite.bash boots one VM for the whole suite).

bats_require_minimum_version 1.5.0

REPO="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
RUNNER="$REPO/build/runner"
# Scratch files the runner writes must be visible in the test VM too, so
# they live under the repository, not in /tmp.
SCRATCH="$REPO/build/test-scratch"

setup() {
	cd "$REPO" || return 1
	mkdir -p "$SCRATCH"
}

# run_runner [runner options] IMAGE [guest args]: the runner with its report.
# Sets $status, $output and $lines (the guest's stdout), $stderr (the
# report), and keeps the exact stdout bytes in $STDOUT_FILE (bats' $output
# drops trailing newlines, so expect_stdout compares the file).
run_runner() {
	run_in_vm "$RUNNER" "$@"
}

# run_runner_stdin: the same, with this shell's stdin passed to the guest
# (tests/vm/run forwards stdin only with -s).
run_runner_stdin() {
	run_in_vm -s "$RUNNER" "$@"
}

run_in_vm() {
	STDOUT_FILE="$BATS_TEST_TMPDIR/stdout"
	run --separate-stderr bash -c '"${@:2}" >"$1"' _ "$STDOUT_FILE" \
		"$REPO/tests/vm/run" "$@"
	output=$(cat "$STDOUT_FILE")
	mapfile -t lines <"$STDOUT_FILE"
	STDOUT_FILE_OUTPUT=$output
}

# run_guest: the same without the report, for checking output bytes.
run_guest() {
	run_runner -q "$@"
}

# Assertions that say what they expected when they fail.
expect_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit status $1, got $status" >&2
		echo "stdout: $output" >&2
		echo "stderr: $stderr" >&2
		return 1
	fi
}

# expect_stdout TEXT: stdout is exactly TEXT and one newline, or nothing
# at all for an empty TEXT.
expect_stdout() {
	if [ -z "$1" ]; then
		expect_stdout_bytes ""
	else
		expect_stdout_bytes "$1"$'\n'
	fi
}

# expect_stdout_bytes BYTES: stdout is exactly BYTES (no newline added).
# After a plain `run` (not run_runner) only $output is there: then the
# comparison cannot see trailing newlines.
expect_stdout_bytes() {
	if [ -z "${STDOUT_FILE:-}" ] || [ "$output" != "${STDOUT_FILE_OUTPUT-}" ]; then
		STDOUT_FILE="$BATS_TEST_TMPDIR/stdout-of-run"
		printf '%s\n' "$output" >"$STDOUT_FILE"
		[ -n "$output" ] || : >"$STDOUT_FILE"
		STDOUT_FILE_OUTPUT=$output
		set -- "$(printf '%s' "$1")"$'\n'
		[ -n "$output" ] || set -- ""
	fi
	printf '%s' "$1" >"$BATS_TEST_TMPDIR/expected-stdout"
	if ! cmp -s "$BATS_TEST_TMPDIR/expected-stdout" "$STDOUT_FILE"; then
		echo "expected stdout (od -c):" >&2
		od -c "$BATS_TEST_TMPDIR/expected-stdout" >&2
		echo "got:" >&2
		od -c "$STDOUT_FILE" >&2
		return 1
	fi
}

# expect_stderr TEXT: stderr (the report, or a message) is exactly TEXT.
# ($stderr from bats drops trailing newlines, so TEXT has none either.)
expect_stderr() {
	if [ "$stderr" != "$1" ]; then
		printf 'expected stderr:\n%s\ngot:\n%s\n' "$1" "$stderr" >&2
		return 1
	fi
}

expect_stderr_has() {
	case "$stderr" in
	*"$1"*) return 0 ;;
	esac
	printf 'expected stderr to contain: %s\ngot:\n%s\n' "$1" "$stderr" >&2
	return 1
}

# json_field EXPR: evaluate a jq expression on the JSON report in $stderr.
json_field() {
	printf '%s' "$stderr" | jq -r "$1"
}
