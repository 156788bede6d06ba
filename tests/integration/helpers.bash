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
# Sets $status, $output (the guest's stdout) and $stderr (the report).
run_runner() {
	run --separate-stderr "$REPO/tests/vm/run" "$RUNNER" "$@"
}

# run_guest: the same without the report, for checking output bytes.
run_guest() {
	run --separate-stderr "$REPO/tests/vm/run" "$RUNNER" -q "$@"
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

expect_stdout() {
	if [ "$output" != "$1" ]; then
		printf 'expected stdout:\n%s\ngot:\n%s\n' "$1" "$output" >&2
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
