# One KVM for the whole suite: where /dev/kvm is not usable here, boot one
# test VM now and let every tests/vm/run call in the suite reuse it. A
# session that is already running (an exported KVMKIT_VM_SESSION, e.g. from
# `eval "$(tests/vm/session start)"`) is reused instead of booting a second
# VM, and left running at the end: it belongs to whoever started it. The
# line saying where the suite runs goes into the TAP output (fd 3).
# Found through BASH_SOURCE, so that other suites can source this file.
# Only a session of this tree: a VM sees the repository that started it.
session_of_this_tree() { # REPO
	grep -qx direct "$KVMKIT_VM_SESSION/mode" 2>/dev/null ||
		grep -qxF "repo='$(cd "$1" && pwd -P)'" \
			"$KVMKIT_VM_SESSION/spool/config" 2>/dev/null
}

setup_suite() {
	local repo where
	repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
	where="$BATS_RUN_TMPDIR/where-kvm-runs"
	if [ -n "${KVMKIT_VM_SESSION:-}" ] &&
		"$repo/tests/vm/session" status >"$where" 2>&1 &&
		session_of_this_tree "$repo"; then
		printf '# reusing test VM session %s (%s)\n' "$KVMKIT_VM_SESSION" \
			"$(sed -n 's/^runs: //p' "$where")" >&3
		export KVMKIT_SUITE_OWNS_SESSION=
	else
		eval "$("$repo/tests/vm/session" start 2>"$where")" || {
			cat "$where" >&2
			return 1
		}
		sed 's/^/# /' "$where" >&3
		export KVMKIT_SUITE_OWNS_SESSION=1
	fi
	# Each run would repeat it on stderr, where tests read the report.
	export KVMKIT_VM_QUIET=1
}

teardown_suite() {
	local repo
	repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
	[ -n "${KVMKIT_SUITE_OWNS_SESSION:-}" ] || return 0
	"$repo/tests/vm/session" stop
}
