#!/usr/bin/env bats
# The manual pages: runner(1) names exactly the options and exit statuses
# of `runner --help`, kvmkit-sdk(7) names the files `make install` puts
# there, and both are installed and render without warnings.

load helpers

# Long options of --help ("  -m, --memory SIZE", "      --trace"), sorted.
help_options() {
	"$RUNNER" --help | sed -n 's/^ \{2,6\}\(-[a-zA-Z], \)\{0,1\}\(--[a-z-]*\).*/\2/p' | sort -u
}

# Long options of runner.1's OPTIONS section (".BR \-m ", " \-\-memory ...").
man_options() {
	sed -n '/^\.SH OPTIONS/,/^\.SH /p' man/runner.1 |
		sed -n '/^\.TP/{n;p}' |
		grep -o '\\-\\-[a-z\\-]*' | sed 's/\\//g' | sort -u
}

@test "runner(1) documents every option of --help, and no other" {
	local help man
	help=$(help_options)
	man=$(man_options)
	[ "$(wc -l <<<"$help")" -ge 12 ]
	if [ "$help" != "$man" ]; then
		echo "options in --help but not in man/runner.1, or the reverse:" >&2
		diff <(echo "$help") <(echo "$man") >&2
		return 1
	fi
}

@test "runner(1) gives every short option of --help with its long one" {
	local short long entry n=0
	while read -r short long; do
		entry=".BR \\-$short \", \" \\-\\-${long//-/\\-}"
		grep -qF -- "$entry" man/runner.1 ||
			{ echo "man/runner.1 lacks: $entry" >&2; return 1; }
		n=$((n + 1))
	done < <("$RUNNER" --help | sed -n 's/^  -\([a-zA-Z]\), --\([a-z-]*\).*/\1 \2/p')
	[ "$n" -ge 6 ]
}

@test "runner(1) lists the exit statuses of --help" {
	local help man
	help=$("$RUNNER" --help | sed -n '/^Exit status:/,$s/^  \([0-9A-Z+]\{1,5\}\) .*/\1/p' | sort)
	man=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' man/runner.1 |
		sed -n '/^\.TP/{n;s/^\.[BI] \([0-9A-Z+]\{1,5\}\)$/\1/p}' | sort)
	[ "$(wc -l <<<"$help")" -ge 9 ]
	if [ "$help" != "$man" ]; then
		diff <(echo "$help") <(echo "$man") >&2
		return 1
	fi
}

@test "make install puts both pages in PREFIX/share/man, and they render cleanly" {
	local dest="$SCRATCH/install"
	rm -rf "$dest"
	run make --no-print-directory install DESTDIR="$dest" PREFIX=/usr/local
	expect_status 0
	[ -f "$dest/usr/local/share/man/man1/runner.1" ]
	[ -f "$dest/usr/local/share/man/man7/kvmkit-sdk.7" ]
	cmp man/runner.1 "$dest/usr/local/share/man/man1/runner.1"
	local page
	for page in "$dest"/usr/local/share/man/man1/runner.1 \
		"$dest"/usr/local/share/man/man7/kvmkit-sdk.7; do
		run --separate-stderr groff -man -Tutf8 -ww -z "$page"
		expect_status 0
		[ -z "$stderr" ] || { echo "$page: $stderr" >&2; return 1; }
	done
	# What kvmkit-sdk(7) says is installed, is.
	local f n=0
	for f in $(grep -o '^\.IR PREFIX /lib/[a-z0-9/._]*' man/kvmkit-sdk.7 | sed 's/^\.IR PREFIX //'); do
		[ -e "$dest/usr/local$f" ] || { echo "kvmkit-sdk(7) names $f, not installed" >&2; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 6 ]
	# The rendered SYNOPSIS of runner(1) is the usage line of --help.
	run bash -c "groff -man -Tutf8 -P-cbou '$dest/usr/local/share/man/man1/runner.1' 2>/dev/null | sed -n '/^SYNOPSIS/{n;p}'"
	[ "$(echo $output)" = "$("$RUNNER" --help | sed -n 's/^Usage: //p')" ]
}
