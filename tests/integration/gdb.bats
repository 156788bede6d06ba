# The gdb stub (--gdb): Debian's gdb drives the runner through
# "target remote | tests/vm/run -s build/runner --gdb - ...", and a raw
# client sends it broken packets. See docs/debugging.md.

load helpers

GUEST=tests/guests/gdb_target.elf
SRC=tests/guests/gdb_target.c

setup() {
	cd "$REPO" || return 1
	mkdir -p "$SCRATCH"
	command -v gdb >/dev/null || skip "gdb is not installed (apt-get install gdb)"
	# gdb steps through a TCG-emulated machine: give it time.
	export KVMKIT_VM_TIMEOUT=600
}

# The line of the source marked "LINE TAG".
line_of() {
	grep -n "LINE $1" "$SRC" | cut -d: -f1
}

# run_gdb "RUNNER OPTIONS AND GUEST ARGS" GDB-COMMAND...: one gdb -batch
# session; $output is what gdb printed.
run_gdb() {
	local args=$1 cmds=()
	shift
	for c in "$@"; do cmds+=(-ex "$c"); done
	run timeout 900 gdb -batch -nx -ex 'set remotetimeout 300' \
		-ex "target remote | tests/vm/run -s $RUNNER $args" \
		"${cmds[@]}" "$GUEST"
	echo "$output" >"$SCRATCH/gdb-last.log"
}

expect_line() { # REGEX: a line of $output matches
	if ! grep -Eq -- "$1" <<<"$output"; then
		echo "no line of gdb's output matches: $1" >&2
		echo "$output" >&2
		return 1
	fi
}

@test "gdb: stop at entry, break at main, next, print a local, finish" {
	run_gdb "--gdb - $GUEST" \
		'info registers rip' 'break main' continue next next \
		'print seven' 'break square' continue finish next \
		'print result' 'info registers cs' \
		'set $eflags = 0x2c3' 'set $eflags = 0x2' \
		'maint flush register-cache' 'p/x $eflags'
	[ "$status" -eq 0 ]
	expect_line '^_start \(\) at sdk/core/crt0.S'
	expect_line '^rip +0x100000 +0x100000 <_start>'
	expect_line '^Breakpoint 1, main \(argc=1, argv=0x6000\) at tests/guests/gdb_target.c'
	expect_line "^$(line_of square)"$'\t'
	expect_line '^\$1 = 7$'
	expect_line '^Breakpoint 2, square \(x=(x@entry=)?7\) at tests/guests/gdb_target.c'
	expect_line '^Value returned is \$2 = 49$'
	expect_line "^$(line_of puts)"$'\t'
	expect_line '^\$3 = 42$'
	expect_line '^cs +0x8 +8$'
	# a register gdb writes is what the stub reads back, bits cleared too
	expect_line '^\$4 = 0x2$'
}

@test "gdb: a watchpoint on a global fires at the writing line" {
	run_gdb "--gdb - $GUEST" 'watch counter' continue bt continue
	[ "$status" -eq 0 ]
	expect_line '^Hardware watchpoint 1: counter$'
	expect_line '^Old value = 0$'
	expect_line '^New value = 42$'
	expect_line "^bump \(by=by@entry=42\) at tests/guests/gdb_target.c:$(line_of bump)\$"
	expect_line '^#1 .* in main '
	expect_line '^\[Inferior 1 \(Remote target\) exited normally\]$'
}

@test "gdb: bt after #DE names the caller chain; continuing ends with status 121" {
	rm -f "$SCRATCH/gdb-div.report"
	run_gdb "--report-file $SCRATCH/gdb-div.report --gdb - $GUEST divide" \
		continue bt continue
	[ "$status" -eq 0 ]
	expect_line '^Program received signal SIGFPE, Arithmetic exception\.$'
	expect_line "^#0 .* in divide \(.*\) at tests/guests/gdb_target.c:$(line_of divide)\$"
	expect_line '^#1 .* in average \('
	expect_line '^#2 .* in report \('
	expect_line '^#3 .* in main \('
	expect_line '^#5 .* in _start \(\)'
	expect_line '^\[Inferior 1 \(Remote target\) exited with code 0171\]$'
	# and the runner reports as usual
	grep -q '^stopped:  exception: guest exception #DE (divide error)' "$SCRATCH/gdb-div.report"
	grep -q '^status:   121$' "$SCRATCH/gdb-div.report"
}

@test "gdb: stepping into a #UD stops as SIGILL, at the ud2" {
	# raise_ud's first instruction is its ud2: one stepi faults, and the
	# runner's exception stubs stay out of sight.
	run timeout 900 gdb -batch -nx -ex 'set remotetimeout 300' \
		-ex "target remote | tests/vm/run -s $RUNNER --gdb - tests/guests/exceptions.elf ud" \
		-ex 'break raise_ud' -ex continue -ex stepi -ex 'x/i $pc' \
		tests/guests/exceptions.elf
	[ "$status" -eq 0 ]
	expect_line '^Program received signal SIGILL, Illegal instruction\.$'
	expect_line '^=> 0x[0-9a-f]+ <raise_ud>:'$'\t''ud2 *$'
}

@test "gdb: next steps over a hypercall (puts), whose output arrives" {
	local out=$SCRATCH/gdb-puts.console
	rm -f "$out"
	run_gdb "--console $out --gdb - $GUEST" \
		"break $SRC:$(line_of puts)" continue next 'print result' kill
	[ "$status" -eq 0 ]
	expect_line "^Breakpoint 1, main .* at tests/guests/gdb_target.c:$(line_of puts)\$"
	expect_line "^$(($(line_of puts) + 1))"$'\t'
	expect_line '^\$1 = 42$'
	printf 'stepping over a hypercall\n' | cmp - "$out"
}

@test "gdb: Ctrl-C stops a spinning guest" {
	local out=$SCRATCH/gdb-spin.console log=$SCRATCH/gdb-spin.log pid i
	rm -f "$out" "$log"
	timeout 900 gdb -batch -nx -ex 'set remotetimeout 300' \
		-ex "target remote | tests/vm/run -s $RUNNER --console $out --gdb - $GUEST spin" \
		-ex continue -ex 'print counter > 0' -ex 'bt 1' -ex kill \
		"$GUEST" >"$log" 2>&1 &
	pid=$!
	# Ctrl-C once the guest spins (it says so on its console).
	for ((i = 0; i < 1500; i++)); do
		grep -q spinning "$out" 2>/dev/null && break
		sleep 0.2
	done
	if ! grep -q spinning "$out"; then
		kill "$pid" # no hung gdb left holding the test VM
		echo "the guest never said it was spinning" >&2
		return 1
	fi
	sleep 1
	kill -INT "$pid"
	wait "$pid"
	output=$(<"$log")
	expect_line '^Program received signal SIGINT, Interrupt\.$'
	expect_line '^\$1 = 1$'
	expect_line '^#0 +main \(|^#0 .* in main \('
	expect_line '^\[Inferior 1 \(Remote target\) killed\]$'
}

@test "gdb: each vCPU of --cpus 2 is a thread; a breakpoint stops the CPU that hits it" {
	GUEST=tests/guests/smp.elf
	run_gdb "--cpus 2 --gdb - $GUEST ids" \
		'info threads' 'break write_id' continue continue \
		next 'print id == $_thread - 1' delete continue
	[ "$status" -eq 0 ]
	# Before the guest starts it, CPU 1 is where a CPU waits after reset.
	expect_line '^\* 1 +Thread 1 +_start \(\) at sdk/core/crt0.S'
	expect_line '^  2 +Thread 2 +0x0*fff0 in \?\? \(\)'
	# Both CPUs run write_id; which one gets there first varies.
	expect_line '^Thread 1 hit Breakpoint 1(\.[0-9])?, write_id '
	expect_line '^Thread 2 hit Breakpoint 1(\.[0-9])?, write_id '
	# next steps the CPU that stopped last (the other one held): its
	# kvmkit_cpu_id() is its thread's number less one.
	expect_line '^\$1 = 1$'
	expect_line '^\[Inferior 1 \(Remote target\) exited normally\]$'
}

@test "gdb: a fault on CPU 2 of --cpus 4 stops in thread 3 at the faulting line" {
	GUEST=tests/guests/smp.elf
	run_gdb "--cpus 4 --gdb - $GUEST fault" continue 'print $_thread' \
		'bt 1' continue
	[ "$status" -eq 0 ]
	expect_line '^Thread 3 received signal SIGILL, Illegal instruction\.$'
	expect_line '^\$1 = 3$'
	expect_line '^#0 +fault_on_2 \(.*\) at tests/guests/smp.c:[0-9]+$'
	expect_line '^\[Inferior 1 \(Remote target\) exited with code 0171\]$'
}

@test "gdb: x87 and SSE registers read what the guest loaded, and writes reach the guest" {
	local out=$SCRATCH/gdb-fpu.console
	rm -f "$out"
	run_gdb "--console $out --gdb - $GUEST fpu" \
		"break $SRC:$(line_of fpu_use)" continue \
		'info registers xmm0' 'print $xmm0.v4_int32' 'print $st0' \
		'print/x $fctrl' 'print/x $fstat' 'print/x $ftag' 'print $mxcsr' \
		'set var $xmm0.v4_int32[0] = 7' 'set var $st0 = 5' \
		'print $xmm0.v4_int32' 'print $st0' 'print/x $ftag' continue
	[ "$status" -eq 0 ]
	expect_line "^Breakpoint 1, fpu \(\) at tests/guests/gdb_target.c:$(line_of fpu_use)\$"
	expect_line '^xmm0 +\{v8_bfloat16 = .*v4_int32 = \{0x2a, 0x0, 0x0, 0x0\}|^xmm0 +\{v4_float = .*v4_int32 = \{0x2a, 0x0, 0x0, 0x0\}'
	expect_line '^\$1 = \{42, 0, 0, 0\}$'
	expect_line '^\$2 = 3$'
	expect_line '^\$3 = 0x37f$'
	expect_line '^\$4 = 0x3800$'  # TOP = 7: one value pushed
	expect_line '^\$5 = 0x3fff$'  # physical register 7 valid, the rest empty
	expect_line '^\$6 = \[ IM DM ZM OM UM PM \]$'
	expect_line '^\$7 = \{7, 0, 0, 0\}$'
	expect_line '^\$8 = 5$'
	expect_line '^\$9 = 0x3fff$'
	expect_line '^\[Inferior 1 \(Remote target\) exited normally\]$'
	# the guest computed with what gdb wrote
	printf 'xmm0 7 st0 5\n' | cmp - "$out"
}

# --- a raw client: broken packets get '-' or an error, never a crash ---

# The gdb packet for PAYLOAD, with its checksum.
packet() {
	local p=$1 sum=0 i
	for ((i = 0; i < ${#p}; i++)); do
		sum=$(((sum + $(printf '%d' "'${p:i:1}")) & 255))
	done
	printf '$%s#%02x' "$p" "$sum"
}

# Read one reply from the coprocess: the ack, then "$...#cs"; sets $reply
# to the payload.
read_reply() {
	local ack rest sum
	IFS= read -r -N 1 -t 120 -u "${STUB[0]}" ack || return 1
	[ "$ack" = + ] || { reply="ack:$ack"; return 0; }
	IFS= read -r -d '#' -t 120 -u "${STUB[0]}" rest || return 1
	IFS= read -r -N 2 -t 120 -u "${STUB[0]}" sum || return 1
	reply=${rest#\$}
}

@test "gdb stub: malformed, truncated and oversized packets get errors, not a crash" {
	coproc STUB { tests/vm/run -s "$RUNNER" --report-file "$SCRATCH/gdb-raw.report" --gdb - "$GUEST"; }
	# a bad checksum: NAK
	printf '$g#00' >&"${STUB[1]}"
	IFS= read -r -N 1 -t 120 -u "${STUB[0]}" ack
	[ "$ack" = - ]
	# a checksum that is not hex: NAK
	printf '$g#zz' >&"${STUB[1]}"
	IFS= read -r -N 1 -t 120 -u "${STUB[0]}" ack
	[ "$ack" = - ]
	# a packet cut short by the next one: only the next one counts
	printf '$m10' >&"${STUB[1]}"
	packet '?' >&"${STUB[1]}"
	read_reply
	[ "$reply" = 'T05thread:1;' ]
	# malformed arguments: E16 (EINVAL)
	for p in 'mZZ,4' 'm100000' 'm100000,' 'M100000,2:zz' 'M100000,4:00' \
		 'p1ff' 'P0=12' 'Z0,100000' 'Z9,100000,1' 'Hgx' 'qXfer:features:read:target.xml:zz' \
		 'qRcmd,6' 'mffffffffffffffffff,1'; do
		packet "$p" >&"${STUB[1]}"
		read_reply
		case $reply in E16 | '') ;; *) echo "$p -> $reply" >&2; false ;; esac
	done
	# unmapped memory: E0e (EFAULT); mapped memory reads
	packet 'm40000000,8' >&"${STUB[1]}"
	read_reply
	[ "$reply" = E0e ]
	packet 'm100000,1' >&"${STUB[1]}"
	read_reply
	[ "$reply" = fc ] # _start: cld
	# a packet longer than the stub takes: NAK, then it still answers
	printf '$%s#00' "$(head -c 6000 /dev/zero | tr '\0' a)" >&"${STUB[1]}"
	IFS= read -r -N 1 -t 120 -u "${STUB[0]}" ack
	[ "$ack" = - ]
	packet 'qRcmd,6578697473' >&"${STUB[1]}" # monitor exits
	read_reply
	[ "$(printf '%b' "$(sed 's/../\\x&/g' <<<"$reply")" | head -n1)" = 'exits: 0' ]
	# vCont: what it offers, and a step of thread 1 over that cld
	packet 'vCont?' >&"${STUB[1]}"
	read_reply
	[ "$reply" = 'vCont;c;C;s;S;t' ]
	packet 'vCont;s:1;c' >&"${STUB[1]}"
	read_reply
	[ "$reply" = 'T05thread:1;' ]
	packet 'p10' >&"${STUB[1]}" # rip
	read_reply
	[ "$reply" = 0100100000000000 ]
	packet 'vCont;c:2' >&"${STUB[1]}" # no thread 2
	read_reply
	[ "$reply" = E16 ]
	packet 'k' >&"${STUB[1]}"
	IFS= read -r -N 1 -t 120 -u "${STUB[0]}" ack
	[ "$ack" = + ]
	exec {STUB[1]}>&-
	wait "$STUB_PID" || status=$?
	[ "${status:-0}" -eq 137 ]
	grep -q '^stopped:  killed: gdb killed the guest$' "$SCRATCH/gdb-raw.report"
}

# The worked session of docs/debugging.md: its command gives the output
# shown there (code addresses masked, so that an SDK change that moves
# code does not make the page wrong in a way that matters).
@test "docs/debugging.md: the wordfreq session gives the output shown" {
	local doc=docs/debugging.md cmd want
	cmd=$(awk '/^<!-- session/{f=1; next} f && /^```sh/{g=1; next} g && /^```/{exit} g' "$doc")
	want=$(awk '/^gdb prints:/{f=1; next} f && /^```text/{g=1; next} g && /^```/{exit} g' "$doc")
	[ -n "$cmd" ] && [ -n "$want" ]
	rm -f build/wordfreq.out
	run bash -c "$cmd"
	[ "$status" -eq 0 ]
	mask() { sed -E 's/0x[0-9a-f]{4,}/0xADDR/g'; }
	diff <(mask <<<"$want") <(mask <<<"$output")
	printf 'word       count  share\nbe             2  33.3%%\nto             2  33.3%%\nnot            1  16.7%%\nor             1  16.7%%\n' |
		cmp - build/wordfreq.out
}

# The issue's one-liner, exactly as docs/debugging.md shows it, with gdb's
# default remotetimeout (2 s): it works in a running test VM session (the
# suite's), gdb reading its commands from stdin.
@test "docs/debugging.md: the test VM one-liner works as written in a session" {
	local cmd
	cmd=$(awk '/^<!-- one-liner/{f=1; next} f && /^gdb /{print; exit}' docs/debugging.md)
	[ "$cmd" = "gdb samples/hello.elf -ex 'target remote | tests/vm/run -s build/runner --gdb - samples/hello.elf'" ]
	run --separate-stderr bash -c "$cmd" <<<$'info registers rip\nbreak main\ncontinue\ncontinue'
	[ "$status" -eq 0 ]
	expect_line '^(\(gdb\) )?rip +0x100000 +0x100000 <_start>$' # after a prompt
	expect_line '^Breakpoint 1, main \(\) at samples/hello.c:[0-9]+$'
	expect_line '^(\(gdb\) )?\[Inferior 1 \(Remote target\) exited normally\]$'
}

@test "gdb stub over TCP: --gdb :PORT listens on 127.0.0.1 and serves a client" {
	local err=build/test-scratch/gdb-tcp.err rep=build/test-scratch/gdb-tcp.report
	rm -f "$err" "$rep"
	# client and runner both in the VM (busybox nc), as the VM has no
	# network to the host
	run --separate-stderr tests/vm/run sh -c "
		ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
		$RUNNER --report-file $rep --gdb :65535 $GUEST 2>$err &
		pid=\$!
		for i in \$(seq 600); do grep -q 'waiting for gdb' $err 2>/dev/null && break; sleep 0.1; done
		# the socket listening on port 65535 (hex FFFF), from the kernel:
		# its local address must be 127.0.0.1 (0100007F), state 0A
		echo \"listen \$(awk '\$4 == \"0A\" && \$2 ~ /:FFFF\$/ { print \$2 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)\"
		printf '\$?#3f\$m100000,1#eb\$k#6b' | timeout 120 nc 127.0.0.1 65535
		(sleep 60; kill -9 \$pid) 2>/dev/null &
		wait \$pid
		echo \" status \$?\""
	[ "$status" -eq 0 ]
	[ "$output" = 'listen 0100007F:FFFF
+$T05thread:1;#d7+$fc#c9+ status 137' ]
	grep -q '^runner: waiting for gdb: target remote :65535$' "$err"
	grep -q '^stopped:  killed: gdb killed the guest$' "$rep"
}

@test "gdb stub over TCP: a bad or busy port ends with status 125 and, with --report json, one JSON object" {
	# in the VM: a first runner holds the port, waiting for gdb
	run --separate-stderr tests/vm/run sh -c "
		ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
		d=\$(mktemp -d) && cd \$d || exit 99
		$RUNNER --report json --report-file - --gdb :notaport $REPO/$GUEST
		echo \"status \$?\"
		$RUNNER --gdb :12348 $REPO/$GUEST 2>err &
		pid=\$!
		(sleep 60; kill -9 \$pid) 2>/dev/null & # never hang the test
		for i in \$(seq 600); do grep -q 'waiting for gdb' err && break; sleep 0.1; done
		$RUNNER --report json --report-file - --gdb :12348 $REPO/$GUEST
		echo \"status \$?\"
		kill \$pid; wait \$pid; true"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 4 ]
	[ "$(jq -r '[.stop, .status, .error] | map(tostring) | join("|")' <<<"${lines[0]}")" = \
		"not-started|125|--gdb :notaport: bad port 'notaport'" ]
	[ "${lines[1]}" = "status 125" ]
	[ "$(jq -r '[.stop, .status, .error] | map(tostring) | join("|")' <<<"${lines[2]}")" = \
		"not-started|125|--gdb :12348: Address already in use" ]
	[ "${lines[3]}" = "status 125" ]
	[ "$(grep -c '^runner: --gdb :' <<<"$stderr")" -eq 2 ]
}

# --- signals: gdb's Ctrl-C is 0x03 in the stream; a SIGINT is not ---

@test "gdb stub: --gdb - on a pipe ignores SIGINT (gdb's Ctrl-C is 0x03 in the stream)" {
	local rep=$SCRATCH/gdb-sigint.report
	rm -f "$rep"
	# In the VM: the runner reads a fifo, as under gdb's "target remote |";
	# a SIGINT between two packets must not end the run.
	run --separate-stderr tests/vm/run sh -c "
		d=\$(mktemp -d) && cd \$d && mkfifo in || exit 99
		$RUNNER --report-file $rep --gdb - $REPO/$GUEST <in >out 2>err &
		pid=\$!
		exec 3>in
		replies() { tr '\$' '\n' <out | grep -c '^T05'; }
		wait_replies() {
			for i in \$(seq 600); do [ \"\$(replies)\" -ge \$1 ] && return; sleep 0.1; done
			echo \"no reply \$1\"
		}
		printf '\$?#3f' >&3
		wait_replies 1
		kill -INT \$pid
		printf '\$vCont;s:1#23' >&3
		wait_replies 2
		printf '\$k#6b' >&3
		exec 3>&-
		wait \$pid
		echo \"\$(cat out) status \$?\""
	[ "$status" -eq 0 ]
	[ "$output" = '+$T05thread:1;#d7+$T05thread:1;#d7+ status 137' ]
	grep -q '^stopped:  killed: gdb killed the guest$' "$rep"
}

@test "gdb stub over TCP: Ctrl-C (SIGINT) ends the run while it waits for gdb, or while gdb holds the guest" {
	local rep=$SCRATCH/gdb-tcp-int.report rep2=$SCRATCH/gdb-tcp-int2.report
	rm -f "$rep" "$rep2"
	run --separate-stderr tests/vm/run sh -c "
		ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up
		d=\$(mktemp -d) && cd \$d || exit 99
		waiting() {
			for i in \$(seq 600); do grep -q 'waiting for gdb' \$1 2>/dev/null && return; sleep 0.1; done
		}
		# waiting for gdb: nobody connects
		$RUNNER --report-file $rep --gdb :12346 $REPO/$GUEST 2>err &
		pid=\$!
		(sleep 60; kill -9 \$pid) 2>/dev/null & # never hang the test
		waiting err
		kill -INT \$pid
		wait \$pid
		echo \"status \$?\"
		# a client has the guest stopped at its entry
		$RUNNER --report-file $rep2 --gdb :12347 $REPO/$GUEST 2>err2 &
		pid=\$!
		(sleep 60; kill -9 \$pid) 2>/dev/null &
		waiting err2
		(printf '\$?#3f'; sleep 120) 2>/dev/null | nc 127.0.0.1 12347 >out 2>/dev/null &
		for i in \$(seq 600); do grep -q T05 out && break; sleep 0.1; done
		kill -INT \$pid
		wait \$pid
		echo \"\$(cat out) status \$?\""
	[ "$status" -eq 0 ]
	[ "$output" = 'status 130
+$T05thread:1;#d7 status 130' ]
	grep -q '^stopped:  signal: killed by signal 2 (SIGINT)$' "$rep"
	grep -q '^stopped:  signal: killed by signal 2 (SIGINT)$' "$rep2"
}
