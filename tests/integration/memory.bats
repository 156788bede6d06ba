#!/usr/bin/env bats
# Large guests: above 4 GiB the runner registers guest memory with KVM in
# chunks, each on the guest's first touch (runner/backend_kvm.c, "memory
# slots"). A guest must not be able to tell: tests/guests/far_memory.c
# makes accesses of every kind far above its image (plain, byte, SSE,
# read-modify-write, across pages, rep stos, xchg, cmpxchg, an SSE
# instruction KVM cannot emulate, code run there), and checks that the
# memory starts out zero in every run.

load helpers

GUEST=tests/guests/far_memory.elf

want_far_memory() { # FILE: what the guest prints in one run
	cat >"$1" <<-'EOF'
		fresh yes
		store64 ok
		load8 0 store8 ok
		sse ok rmw ok
		straddle ok
		stos ok xchg ok
		cmpxchg ok
		paddq ok
		call 42
	EOF
}

@test "far memory behaves the same in a 16 GiB guest (chunks) and a 16 MiB one" {
	want_far_memory "$SCRATCH/want"
	for mem in 16G 16M; do
		run_runner --report json -m "$mem" "$GUEST"
		expect_status 0
		cmp "$SCRATCH/want" "$STDOUT_FILE"
		# the chunks' first touches are not the guest's exits: one
		# console write, the halt
		[ "$(jq -c '[.exits.total, .exits.mmio]' <<<"$stderr")" = "[2,0]" ]
	done
}

@test "--repeat in a 16 GiB guest: every run starts from zeroed far memory" {
	want_far_memory "$SCRATCH/one"
	cat "$SCRATCH/one" "$SCRATCH/one" "$SCRATCH/one" >"$SCRATCH/want"
	run_runner -q --repeat 3 -m 16G "$GUEST"
	expect_status 0
	cmp "$SCRATCH/want" "$STDOUT_FILE"
}

@test "hello in the largest guest (64 GiB, chunks): the same output, two exits" {
	run_runner --report json -m 64G samples/hello.elf
	expect_status 0
	[ "$output" = "Hello, world!" ]
	[ "$(jq -c '[.stop, .exits.total, .exits.hypercall, .exits.hlt, .result]' <<<"$stderr")" = '["halted",2,1,1,42]' ]
}
