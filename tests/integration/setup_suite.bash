# One KVM for the whole suite: where /dev/kvm is not usable here, boot one
# test VM now and let every tests/vm/run call in the suite reuse it.
setup_suite() {
	local repo
	repo="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	eval "$("$repo/tests/vm/session" start)"
}

teardown_suite() {
	local repo
	repo="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	"$repo/tests/vm/session" stop
}
