#!/usr/bin/env bats
# Every example README.md and docs/*.md mark as runnable works as written
# (tests/docs/run-examples, rules in docs/testing.md), and the check
# itself fails when an example is broken.

load helpers

EXAMPLES="$REPO/tests/docs/run-examples"

# A document of our own under build/, from stdin.
doc() { # NAME
	mkdir -p "$SCRATCH/docs"
	cat >"$SCRATCH/docs/$1"
	echo "$SCRATCH/docs/$1"
}

@test "every runnable example in README.md and docs/*.md works as written" {
	run "$EXAMPLES"
	echo "$output" >&2
	expect_status 0
	# As many as were marked when this test was written: an example may
	# move, but one that silently stops being checked fails here.
	[ "$(grep -c '^ok ' <<<"$output")" -ge 14 ]
	[[ "$output" == *"README.md:"* ]]
	[[ "$output" == *"docs/sdk.md:"* ]]
}

@test "the README's five-line example is checked" {
	run "$EXAMPLES" -l README.md
	expect_status 0
	local line
	line=$(grep -n '^## A guest in five lines' README.md | cut -d: -f1)
	grep -q "^README.md:$((line + 3))$" <<<"$output"
}

@test "an example whose output changed fails, showing the difference" {
	local f
	f=$(doc wrong-output.md <<-'EOF'
		<!-- runnable -->
		```
		$ build/runner -q samples/hello.elf
		Hello, World!
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 1
	[[ "$output" == *"FAIL $f:2: \$ build/runner -q samples/hello.elf: the output differs"* ]]
	[[ "$output" == *"-Hello, World!"* ]]
	[[ "$output" == *"+Hello, world!"* ]]
	[[ "$output" == *"0 of 1 runnable examples work"* ]]
}

@test "an example whose command fails, fails" {
	local f
	f=$(doc bad-command.md <<-'EOF'
		<!-- runnable -->
		```
		$ build/runner -q --expect 41 samples/hello.elf
		Hello, world!
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 1
	[[ "$output" == *"exit status 120, not 0"* ]]
	# ... unless the marker says that status is the point.
	sed -i 's/<!-- runnable -->/<!-- runnable: status=120 -->/' "$f"
	run "$EXAMPLES" "$f"
	expect_status 0
}

@test "a script block (no \$ lines) fails on its first failing line" {
	local f
	f=$(doc script.md <<-'EOF'
		<!-- runnable -->
		```sh
		test -x build/runner
		false
		touch reached
		```
	EOF
	)
	run "$EXAMPLES" -k "$f"
	expect_status 1
	[[ "$output" == *"the script exited 1"* ]]
	[ -x "$REPO/build/doc-check/001/build/runner" ]
	[ ! -e "$REPO/build/doc-check/001/reached" ]
}

@test "'...' and time: lines match what varies; nothing else does" {
	local f
	f=$(doc report.md <<-'EOF'
		<!-- runnable -->
		```
		$ build/runner samples/hello.elf
		Hello, world!
		== runner: samples/hello.elf ==
		...
		time:     0.001 ms
		status:   0
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 0
	sed -i 's/^status:   0$/status:   1/' "$f"
	run "$EXAMPLES" "$f"
	expect_status 1
}

@test "contains: the lines shown, in order, among others" {
	local f
	f=$(doc contains.md <<-'EOF'
		<!-- runnable: contains -->
		```
		$ build/runner samples/hello.elf
		Hello, world!
		status:   0
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 0
	# Out of order is a failure.
	printf '%s\n' '<!-- runnable: contains -->' '```' \
		'$ build/runner samples/hello.elf' 'status:   0' 'Hello, world!' '```' >"$f"
	run "$EXAMPLES" "$f"
	expect_status 1
}

@test "each example runs in a fresh copy: one cannot see another's files" {
	local f
	f=$(doc fresh.md <<-'EOF'
		<!-- runnable -->
		```
		$ touch left-behind && ls left-behind
		left-behind
		```

		<!-- runnable -->
		```
		$ ls left-behind 2>&1 || echo gone
		ls: cannot access 'left-behind': No such file or directory
		gone
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 0
	[ ! -e "$REPO/left-behind" ]
}

@test "a marker without a fence, or a malformed one, is an error" {
	local f
	f=$(doc no-fence.md <<-'EOF'
		<!-- runnable -->
		$ true
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 2
	[[ "$output" == *"must be followed by a \`\`\` fence"* ]]
	f=$(doc typo.md <<-'EOF'
		<!-- runnable contains -->
		```
		$ true
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 2
	[[ "$output" == *"malformed marker"* ]]
	f=$(doc option.md <<-'EOF'
		<!-- runnable: exactly -->
		```
		$ true
		```
	EOF
	)
	run "$EXAMPLES" "$f"
	expect_status 2
	[[ "$output" == *"unknown option 'exactly'"* ]]
}
