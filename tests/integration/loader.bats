#!/usr/bin/env bats
# Images the loader must refuse, each with its message and status 126.
# Variants come from build/mkbadelf (tests/tools/badelf.c), applied to the
# bare hello guest.

load helpers

@test "every malformed image is refused with its own message" {
	local variants=0
	while IFS=$'\t' read -r variant expected; do
		"$REPO/build/mkbadelf" "$variant" tests/guests/raw_hello.elf \
			"$SCRATCH/bad-$variant.elf"
		run_runner "$SCRATCH/bad-$variant.elf"
		if [ "$status" -ne 126 ] || [[ "$stderr" != *"$expected"* ]]; then
			echo "variant $variant: status $status, stderr: $stderr" >&2
			echo "expected status 126 and: $expected" >&2
			return 1
		fi
		variants=$((variants + 1))
	done < <("$REPO/build/mkbadelf" --list)
	[ "$variants" -ge 15 ]
}
