# One KVM for the whole suite: where /dev/kvm is not usable here, boot one
# test VM now and let every tests/vm/run call in the suite reuse it. The
# line saying where the suite runs goes into the TAP output (fd 3).
setup_suite() {
	local repo where
	repo="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	where="$BATS_RUN_TMPDIR/where-kvm-runs"
	eval "$("$repo/tests/vm/session" start 2>"$where")" || {
		cat "$where" >&2
		return 1
	}
	sed 's/^/# /' "$where" >&3
	# Each run would repeat it on stderr, where tests read the report.
	export KVMKIT_VM_QUIET=1
}

teardown_suite() {
	local repo
	repo="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	"$repo/tests/vm/session" stop
}
