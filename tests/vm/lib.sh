# shellcheck shell=bash
# Shared code of tests/vm/run, tests/vm/session, tests/vm/setup and
# tests/vm/selftest (bash). How the pieces fit is told in docs/testing.md.
#
# Layout on the host:
#   .cache/vm/                     (KVMKIT_VM_CACHE) downloaded and built, reusable
#     kernel.pkg                   name of the kernel package in use
#     linux-image-X/               the unpacked .deb (dpkg-deb -x), .complete when whole
#       boot/vmlinux-X             the kernel uncompressed from vmlinuz (faster boot)
#     initramfs-X.cpio             busybox + modules + agent, rebuilt when an input changes
#   build/vm/                      static helpers: kvm-check, kvmkit-agent, kvm-smoke
#   $TMPDIR/kvmkit-vm.XXXXXX/      one per VM (a "session"), see vm_boot

VM_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$VM_SRC/../.." && pwd -P)
VM_CACHE=${KVMKIT_VM_CACHE:-$REPO/.cache/vm}
VM_BUILD=$REPO/build/vm
ME=tests/vm/${0##*/}

# Modules the VM loads; their dependencies are found with modinfo.
VM_MODULES="virtio_pci virtio_console 9pnet_virtio 9p kvm kvm_amd kvm_intel"

vm_say() { printf '%s: %s\n' "$ME" "$*" >&2; }
# Failures of the machinery itself exit 125 (as timeout(1) and env(1) do),
# so that they are never mistaken for the command's own status.
vm_die() { vm_say "$*"; exit 125; }

vm_quiet() { [ -n "${KVMKIT_VM_QUIET:-}" ] && [ "${KVMKIT_VM_QUIET}" != 0 ]; }

# Microseconds since the epoch, in $vm_now (no fork).
vm_clock() { vm_now=${EPOCHREALTIME//[!0-9]/}; }

vm_is_root() { [ "$(id -u)" = 0 ]; }

vm_install_hint() {
	if vm_is_root; then
		echo "run: tests/vm/setup   (or: apt-get install -y $*)"
	else
		echo "run as root: tests/vm/setup   (or: sudo apt-get install -y $*)"
	fi
}

vm_modinfo() {
	local m
	for m in "$(command -v modinfo)" /sbin/modinfo /usr/sbin/modinfo; do
		[ -n "$m" ] && [ -x "$m" ] && { echo "$m"; return 0; }
	done
	return 1
}

# Is FILE an ELF executable without a program interpreter (PT_INTERP)?
vm_is_static() { # FILE
	local phoff phentsize phnum i type
	[ "$(head -c4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
	read -r phoff < <(od -An -t u8 -j 32 -N 8 "$1")
	read -r phentsize phnum < <(od -An -t u2 -j 54 -N 4 "$1")
	for ((i = 0; i < phnum; i++)); do
		read -r type < <(od -An -t u4 -j $((phoff + i * phentsize)) -N 4 "$1")
		[ "$type" = 3 ] && return 1
	done
	return 0
}

# Is there an executable NAME on PATH? (command -v alone also accepts a
# file without the execute bit)
vm_have() { local p; p=$(command -v "$1") && [ -x "$p" ]; }

# Which of the needed Debian packages are missing (names on stdout).
vm_missing_packages() {
	local missing=()
	vm_have qemu-system-x86_64 || missing+=(qemu-system-x86)
	# /bin/busybox of the (dynamic) busybox package cannot run in the
	# initramfs, which has no libc: insist on the static one.
	if [ ! -x /bin/busybox ] || ! vm_is_static /bin/busybox; then
		missing+=(busybox-static)
	fi
	vm_have cpio || missing+=(cpio)
	vm_modinfo >/dev/null || missing+=(kmod)
	vm_have "${CC:-cc}" || missing+=(gcc)
	[ -e /usr/lib/x86_64-linux-gnu/libc.a ] || [ -e /usr/lib/libc.a ] || missing+=(libc6-dev)
	vm_have xz || missing+=(xz-utils)
	echo "${missing[*]}"
}

vm_need_packages() {
	local missing
	missing=$(vm_missing_packages)
	[ -z "$missing" ] && return 0
	vm_die "the test VM needs the Debian package(s): $missing; $(vm_install_hint "$missing")"
}

# ---------------------------------------------------------------- helpers
# Static C helpers, rebuilt when their source is newer. Written to a
# temporary name first so that concurrent callers never run half a file.
vm_helper() { # NAME SOURCE -> path on stdout
	local bin=$VM_BUILD/$1 src=$VM_SRC/$2 tmp
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		mkdir -p "$VM_BUILD" || vm_die "cannot create $VM_BUILD"
		tmp=$bin.tmp.$$
		if ! "${CC:-cc}" -static -O2 -Wall -o "$tmp" "$src" >&2; then
			rm -f "$tmp"
			vm_die "cannot build $bin from $src (a static C build needs gcc and libc6-dev; $(vm_install_hint gcc libc6-dev))"
		fi
		mv -f "$tmp" "$bin"
	fi
	echo "$bin"
}

# Is /dev/kvm usable here? Sets vm_kvm_reason to kvm-check's one-line answer.
vm_kvm_usable() {
	local check
	check=$(vm_helper kvm-check kvm-check.c) || exit 125
	vm_kvm_reason=$("$check" 2>&1)
}

# ---------------------------------------------------------------- kernel
# Sets vm_kdir (unpacked package), vm_kver and vm_kernel (the image to boot).
# Downloads only when the cache has no complete kernel: a populated cache
# works without network and without apt.
vm_kernel() {
	local pkg=${KVMKIT_VM_KERNEL_PKG:-} lock
	if [ -z "$pkg" ] && [ -r "$VM_CACHE/kernel.pkg" ]; then
		pkg=$(<"$VM_CACHE/kernel.pkg")
	fi
	if [ -z "$pkg" ] || [ ! -e "$VM_CACHE/$pkg/.complete" ]; then
		mkdir -p "$VM_CACHE" || vm_die "cannot create $VM_CACHE"
		exec {lock}>"$VM_CACHE/.lock"
		flock -w 900 "$lock" || vm_die "timed out waiting for $VM_CACHE/.lock"
		[ -z "${KVMKIT_VM_KERNEL_PKG:-}" ] && [ -r "$VM_CACHE/kernel.pkg" ] &&
			pkg=$(<"$VM_CACHE/kernel.pkg")
		if [ -z "$pkg" ] || [ ! -e "$VM_CACHE/$pkg/.complete" ]; then
			[ -n "$pkg" ] || pkg=$(vm_resolve_kernel_pkg) || exit 125
			vm_fetch_kernel "$pkg"
			[ -n "${KVMKIT_VM_KERNEL_PKG:-}" ] || echo "$pkg" >"$VM_CACHE/kernel.pkg"
		fi
		exec {lock}>&-
	fi
	vm_kdir=$VM_CACHE/$pkg
	vm_kver=$(cd "$vm_kdir/lib/modules" 2>/dev/null && ls | head -n1)
	[ -n "$vm_kver" ] || vm_die "$vm_kdir has no lib/modules/*: remove it and run again"
	vm_kernel=$vm_kdir/boot/vmlinux-$vm_kver
	# unpacked without xz at the time: try once more now
	if [ ! -s "$vm_kernel" ] && [ ! -e "$vm_kdir/.no-vmlinux" ] && command -v xz >/dev/null; then
		vm_unpack_vmlinux "$vm_kdir"
		[ -s "$vm_kernel" ] || touch "$vm_kdir/.no-vmlinux"
	fi
	if [ ! -s "$vm_kernel" ]; then
		vm_kernel=$vm_kdir/boot/vmlinuz-$vm_kver
		[ -s "$vm_kernel" ] || vm_die "no kernel image in $vm_kdir/boot: remove $vm_kdir and run again"
	fi
}

# The package linux-image-amd64 points at, e.g. linux-image-6.1.0-56-amd64.
vm_resolve_kernel_pkg() {
	local pkg
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
	if [ -z "$pkg" ] && vm_is_root; then
		vm_say "apt knows no linux-image-amd64: running apt-get update"
		apt-get update -qq >&2 || vm_die "apt-get update failed"
		pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n1)
	fi
	[ -n "$pkg" ] || vm_die "cannot resolve the kernel package: 'apt-cache depends linux-image-amd64' names none (run apt-get update as root, or set KVMKIT_VM_KERNEL_PKG)"
	echo "$pkg"
}

vm_fetch_kernel() { # PACKAGE
	local pkg=$1 tmp deb opts=()
	command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null ||
		vm_die "downloading the kernel needs apt-get and dpkg-deb (a Debian system)"
	tmp=$(mktemp -d "$VM_CACHE/fetch.XXXXXX") || vm_die "cannot create a directory in $VM_CACHE"
	# As root apt drops to the _apt user, which may not write here.
	vm_is_root && opts=(-o APT::Sandbox::User=root)
	vm_say "downloading $pkg into $VM_CACHE (once)"
	if ! (cd "$tmp" && apt-get download -q "${opts[@]}" "$pkg") >&2; then
		rm -rf "$tmp"
		vm_die "apt-get download $pkg failed (network? run apt-get update as root)"
	fi
	deb=$(ls "$tmp"/*.deb 2>/dev/null | head -n1)
	[ -n "$deb" ] || { rm -rf "$tmp"; vm_die "apt-get download $pkg left no .deb"; }
	if ! dpkg-deb -x "$deb" "$tmp/root"; then
		rm -rf "$tmp"
		vm_die "dpkg-deb -x $deb failed"
	fi
	rm -f "$deb"
	vm_unpack_vmlinux "$tmp/root"
	touch "$tmp/root/.complete"
	rm -rf "${VM_CACHE:?}/$pkg"
	mv "$tmp/root" "$VM_CACHE/$pkg" || vm_die "cannot move the kernel into $VM_CACHE/$pkg"
	rmdir "$tmp"
}

# Debian's vmlinuz is a bzImage whose payload is xz-compressed. Under TCG
# the guest needs about 2 s to decompress it, so decompress it once here:
# qemu boots the resulting ELF vmlinux directly (PVH entry, CONFIG_PVH).
# Without xz, or if this fails, the VM simply boots the bzImage.
vm_unpack_vmlinux() { # TREE
	local z off kver tmp
	kver=$(cd "$1/lib/modules" 2>/dev/null && ls | head -n1)
	z=$1/boot/vmlinuz-$kver
	tmp=$1/boot/vmlinux.tmp.$$
	[ -s "$z" ] && command -v xz >/dev/null || return 0
	off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$z" | head -n1 | cut -d: -f1)
	[ -n "$off" ] || return 0
	if tail -c +$((off + 1)) "$z" | xz -dc --single-stream >"$tmp" 2>/dev/null &&
		[ "$(head -c4 "$tmp" | od -An -c | tr -d ' ')" = '177ELF' ]; then
		mv "$tmp" "$1/boot/vmlinux-$kver"
	else
		rm -f "$tmp"
	fi
}

# ---------------------------------------------------------------- initramfs
# Prints the modules to load, dependencies first. The .deb has no
# modules.dep, so the dependencies come from each .ko's own modinfo.
vm_module_order() { # MODDIR
	local moddir=$1 modinfo f n
	local -A where=() seen=()
	vm_order=()
	modinfo=$(vm_modinfo) || vm_die "modinfo is missing; $(vm_install_hint kmod)"
	while IFS= read -r f; do
		n=${f##*/}
		n=${n%.ko}
		where[${n//-/_}]=$f
	done < <(find "$moddir/kernel" -name '*.ko')
	vm_visit() {
		local m=$1 d
		[ -n "${seen[$m]:-}" ] && return 0
		seen[$m]=1
		if [ -z "${where[$m]:-}" ]; then
			# built into the kernel: nothing to load
			grep -q "/${m//_/[-_]}\.ko\$" "$moddir/modules.builtin" 2>/dev/null && return 0
			vm_die "kernel module $m is missing from $moddir (kernel package $(basename "$vm_kdir")); remove $vm_kdir to download it again"
		fi
		for d in $("$modinfo" -F depends "${where[$m]}" | tr ',' ' '); do
			vm_visit "${d//-/_}"
		done
		vm_order+=("$m")
	}
	for n in $VM_MODULES; do vm_visit "$n"; done
	for n in "${vm_order[@]}"; do printf '%s %s\n' "$n" "${where[$n]}"; done
}

# Sets vm_initrd. Rebuilt when any input is newer than the archive; built
# under a temporary name and renamed, so concurrent runs are safe.
vm_initramfs() {
	local agent check out tmp stale='' f a name path
	agent=$(vm_helper kvmkit-agent agent.c) || exit 125
	check=$(vm_helper kvm-check kvm-check.c) || exit 125
	out=$VM_CACHE/initramfs-$vm_kver.cpio
	vm_initrd=$out
	[ -s "$out" ] || stale=1
	for f in "$VM_SRC/init" "$VM_SRC/lib.sh" "$agent" "$check" /bin/busybox "$vm_kdir/.complete"; do
		[ "$f" -nt "$out" ] && stale=1
	done
	[ -z "$stale" ] && return 0

	tmp=$(mktemp -d "$VM_CACHE/initramfs.XXXXXX") || vm_die "cannot create a directory in $VM_CACHE"
	mkdir -p "$tmp"/{bin,dev,etc,proc,root,run,spool,sys,tmp,usr,lib/modules}
	ln -s bin "$tmp/sbin"
	ln -s ../bin "$tmp/usr/bin"
	ln -s ../bin "$tmp/usr/sbin"
	cp /bin/busybox "$tmp/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ -e "$tmp/bin/$a" ] || ln -s busybox "$tmp/bin/$a"
	done
	cp "$agent" "$tmp/bin/kvmkit-agent"
	cp "$check" "$tmp/bin/kvm-check"
	cp "$VM_SRC/init" "$tmp/init"
	chmod 755 "$tmp/init"
	echo 'root:x:0:0:root:/root:/bin/sh' >"$tmp/etc/passwd"
	echo 'root:x:0:' >"$tmp/etc/group"
	(vm_module_order "$vm_kdir/lib/modules/$vm_kver") >"$tmp/order" || { rm -rf "$tmp"; exit 125; }
	while read -r name path; do
		cp "$path" "$tmp/lib/modules/$name.ko"
		echo "$name" >>"$tmp/lib/modules/load-order"
	done <"$tmp/order"
	rm "$tmp/order"
	# Uncompressed: unpacking a compressed archive costs more guest time
	# under TCG than loading the larger file costs qemu.
	if ! (cd "$tmp" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) >"$out.tmp.$$"; then
		rm -rf "$tmp" "$out.tmp.$$"
		vm_die "cpio failed building $out"
	fi
	mv -f "$out.tmp.$$" "$out"
	rm -rf "$tmp"
}

# Everything needed before a boot: packages, kernel, helpers, initramfs.
vm_prepare() {
	vm_need_packages
	vm_kernel
	vm_initramfs
}

# ---------------------------------------------------------------- the VM
# A state directory S holds one VM:
#   spool/          shared with the guest (9p tag kvmkit_spool): config,
#                   info, boot-error and one directory per request
#   ctl.in ctl.out  FIFOs of qemu's pipe chardev behind the virtio-serial
#                   port kvmkit.ctl (host writes ctl.in, reads ctl.out)
#   stdin.sock stdout.sock  qemu's sockets behind the ports kvmkit.stdin
#                   and kvmkit.stdout: the live stdio of "run -s"
#   lock            flock: one command at a time
#   qemu.pid qemu.exit qemu.log console.log keeper.log
#   mode            "vm" or "direct"; where: the line printed by run
#   last-used       touched per command, for the idle timeout

vm_accel() {
	case ${KVMKIT_VM_ACCEL:-tcg} in
	tcg) echo tcg ;;
	kvm) echo kvm ;;
	*) vm_die "KVMKIT_VM_ACCEL must be tcg or kvm, not '${KVMKIT_VM_ACCEL}'" ;;
	esac
}

# The qemu command line, into the array vm_qemu. MODE: session | console.
vm_qemu_args() { # S MODE
	local s=$1 mode=$2 accel cpu bios=()
	accel=$(vm_accel) || exit 125
	# TCG's "max" CPU is AMD-flavoured, with SVM and nested paging (NPT):
	# what kvm_amd needs. With KVMKIT_VM_ACCEL=kvm the host's CPU is used
	# (nested virtualization must be enabled on the host).
	cpu=${KVMKIT_VM_CPU:-max}
	[ "$accel" = kvm ] && cpu=${KVMKIT_VM_CPU:-host}
	# qboot starts a -kernel boot faster than SeaBIOS.
	[ -r /usr/share/qemu/qboot.rom ] && bios=(-bios /usr/share/qemu/qboot.rom)
	vm_qemu=(qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "${KVMKIT_VM_SMP:-1}"
		-m "${KVMKIT_VM_MEM:-1G}" "${bios[@]}"
		-nodefaults -no-user-config -display none -no-reboot
		-kernel "$vm_kernel" -initrd "$vm_initrd"
		-append "console=ttyS0 quiet panic=-1 oops=panic ${KVMKIT_VM_APPEND:-}"
		-virtfs "local,path=${REPO//,/,,},mount_tag=kvmkit_repo,security_model=none,id=repo"
		-virtfs "local,path=${s//,/,,}/spool,mount_tag=kvmkit_spool,security_model=none,id=spool")
	if [ "$mode" = console ]; then
		# the terminal is the serial console; ^A x quits qemu, ^C goes to the guest
		vm_qemu+=(-chardev stdio,id=con,mux=on,signal=off -serial chardev:con
			-mon chardev=con,mode=readline)
	else
		vm_qemu+=(-serial "file:$s/console.log"
			-device virtio-serial-pci
			-chardev "pipe,id=ctl,path=${s//,/,,}/ctl"
			-device virtserialport,chardev=ctl,name=kvmkit.ctl
			-chardev "socket,id=sin,path=${s//,/,,}/stdin.sock,server=on,wait=off"
			-device virtserialport,chardev=sin,name=kvmkit.stdin
			-chardev "socket,id=sout,path=${s//,/,,}/stdout.sock,server=on,wait=off"
			-device virtserialport,chardev=sout,name=kvmkit.stdout)
	fi
}

# Shell-quote for the guest's ash (single quotes).
vm_squote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }

vm_new_state() { # -> path on stdout
	local s
	s=$(mktemp -d "${TMPDIR:-/tmp}/kvmkit-vm.XXXXXX") || vm_die "cannot create a state directory in ${TMPDIR:-/tmp}"
	mkdir "$s/spool"
	# vm_stop removes only directories that carry this mark
	echo "kvmkit test VM state, see docs/testing.md" >"$s/kvmkit-vm-state"
	echo "$s"
}

vm_write_config() { # S MODE ID
	{
		echo "repo=$(vm_squote "$REPO")"
		echo "repo_cache=$(vm_squote "${KVMKIT_VM_9P_CACHE:-none}")"
		echo "mode=$2"
		echo "id=$3"
	} >"$1/spool/config"
}

vm_qemu_alive() { # S
	local pid
	pid=$(cat "$1/qemu.pid" 2>/dev/null) && [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

vm_console_tail() { # S
	if [ -s "$1/spool/boot-error" ]; then
		vm_say "VM setup error: $(cat "$1/spool/boot-error")"
	fi
	local f
	for f in "$1/qemu.log" "$1/console.log"; do
		[ -s "$f" ] || continue
		vm_say "last lines of $f:"
		tail -n 15 "$f" | sed 's/^/    /' >&2
	done
}

# Read one line from fd FD into $vm_line, waiting at most 1 s. Partial
# lines (a read that timed out mid-line) are kept in $vm_partial.
vm_partial=
vm_read_line() { # FD
	local chunk
	if IFS= read -r -t 1 -u "$1" chunk; then
		vm_line=$vm_partial$chunk
		vm_partial=
		return 0
	fi
	vm_partial+=$chunk
	return 1
}

# Runs in the background, detached (tests/vm/session __keeper S), for the
# VM's whole life: starts qemu from S/qemu.args, records how it ended in
# S/qemu.exit, and stops it after KVMKIT_VM_IDLE_TIMEOUT seconds (default
# 1800, 0 = never) without a command, so that a suite which never says
# "stop" does not leave a VM behind for long.
vm_keeper() { # S
	local s=$1 fd qpid idle=${KVMKIT_VM_IDLE_TIMEOUT:-1800} lock wfd used
	local -a qemu
	# Close every inherited descriptor: bats, for one, waits until all
	# holders of its pipes are gone.
	for fd in /proc/$BASHPID/fd/*; do
		fd=${fd##*/}
		[ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
	done
	echo "$BASHPID" >"$s/keeper.pid"
	mapfile -d '' -t qemu <"$s/qemu.args"
	"${qemu[@]}" </dev/null >"$s/qemu.log" 2>&1 &
	qpid=$!
	echo "$qpid" >"$s/qemu.pid"
	while kill -0 "$qpid" 2>/dev/null; do
		# wake up every 2 s, or at once when qemu ends
		sleep 2 &
		wait -n "$qpid" $! 2>/dev/null
		kill $! 2>/dev/null
		[ "$idle" -gt 0 ] 2>/dev/null || continue
		used=$(stat -c %Y "$s/last-used" 2>/dev/null) || continue
		[ $((EPOCHSECONDS - used)) -ge "$idle" ] || continue
		exec {lock}>"$s/lock"
		if flock -n "$lock"; then
			echo "idle for ${idle}s: stopping the VM" >&2
			echo "$idle" >"$s/idle-stopped"
			exec {wfd}<>"$s/ctl.in"
			echo halt >&"$wfd"
			exec {wfd}>&-
			sleep 5
			kill "$qpid" 2>/dev/null
		fi
		exec {lock}>&-
	done
	wait "$qpid"
	echo $? >"$s/qemu.exit"
}

# Boot a session VM in S and wait until its agent is ready. Sets vm_where.
vm_boot() { # S
	local s=$1 rfd t0 deadline info kernel kvm paging accel
	vm_clock
	t0=$vm_now
	deadline=$((vm_now + ${KVMKIT_VM_BOOT_TIMEOUT:-120} * 1000000))
	vm_write_config "$s" session 0
	mkfifo "$s/ctl.in" "$s/ctl.out" || vm_die "mkfifo in $s failed"
	touch "$s/last-used"
	vm_qemu_args "$s" session || exit 125
	printf '%s\0' "${vm_qemu[@]}" >"$s/qemu.args"
	# setsid: not in the caller's process group, so a ^C or a test
	# runner's kill of that group does not take the VM down mid-suite.
	setsid -f bash "$VM_SRC/session" __keeper "$s" </dev/null >"$s/keeper.log" 2>&1 ||
		vm_die "cannot start the VM keeper (setsid, from util-linux)"
	# O_RDWR: opening a FIFO this way never blocks, whatever qemu does.
	exec {rfd}<>"$s/ctl.out"
	vm_partial=
	while :; do
		if vm_read_line "$rfd"; then
			[ "$vm_line" = ready ] && break
			continue
		fi
		vm_clock
		if [ -s "$s/qemu.pid" ] && ! vm_qemu_alive "$s"; then
			exec {rfd}<&-
			vm_console_tail "$s"
			sleep 0.2 # let the keeper record qemu's exit status
			local qexit
			qexit=$(cat "$s/qemu.exit" 2>/dev/null || echo unknown)
			vm_stop "$s"
			vm_die "the test VM stopped during boot (qemu exit status $qexit; KVMKIT_VM_KEEP=1 keeps its logs; qemu: ${vm_qemu[*]})"
		fi
		if [ "$vm_now" -gt "$deadline" ]; then
			exec {rfd}<&-
			vm_console_tail "$s"
			vm_stop "$s"
			vm_die "the test VM did not boot within ${KVMKIT_VM_BOOT_TIMEOUT:-120} s (KVMKIT_VM_BOOT_TIMEOUT)"
		fi
	done
	exec {rfd}<&-
	vm_clock
	vm_boot_seconds=$(printf '%d.%02d' $(((vm_now - t0) / 1000000)) $(((vm_now - t0) % 1000000 / 10000)))
	[ -r "$s/spool/info" ] || { vm_console_tail "$s"; vm_stop "$s"; vm_die "the test VM wrote no info file"; }
	info=$(<"$s/spool/info")
	local uptime # also in the file, unused here
	eval "$info" # kernel= kvm= paging= uptime=, written by tests/vm/init
	if [ "$kvm" != ok ]; then
		vm_console_tail "$s"
		vm_stop "$s"
		vm_die "KVM is not usable inside the test VM: $kvm"
	fi
	accel=TCG
	[ "$(vm_accel)" = kvm ] && accel=KVM
	vm_where="KVM in test VM (Linux $kernel, qemu $accel, $paging paging)"
	echo vm >"$s/mode"
	echo "$vm_where" >"$s/where"
	echo "$vm_boot_seconds" >"$s/boot-seconds"
}

# Power the VM in S off (politely, then by force) and remove S.
vm_stop() { # S
	local s=$1 i pid wfd
	pid=$(cat "$s/qemu.pid" 2>/dev/null)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		if [ -p "$s/ctl.in" ]; then
			exec {wfd}<>"$s/ctl.in"
			echo halt >&"$wfd"
			exec {wfd}>&-
		fi
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
	fi
	# the keeper records qemu's end; give it a moment before removing S
	for ((i = 0; i < 20; i++)); do
		[ -e "$s/qemu.exit" ] || [ -z "$pid" ] && break
		sleep 0.1
	done
	if [ -n "${KVMKIT_VM_KEEP:-}" ]; then
		vm_say "KVMKIT_VM_KEEP: left $s"
	elif [ -e "$s/kvmkit-vm-state" ]; then
		rm -rf "$s"
	fi
	return 0
}

# Describe a command line for messages.
vm_cmdline() { local IFS=' '; printf '%s' "$*"; }

# Write request ID into S/spool/ID for the command line "$@".
vm_write_request() { # S ID STDIN(0/1) -- COMMAND...
	local s=$1 id=$2 with_stdin=$3 d v
	shift 4
	d=$s/spool/$id
	rm -rf "$d"
	mkdir "$d" || vm_die "cannot create $d"
	printf '%s\0' "$@" >"$d/argv"
	printf '%s' "${vm_cwd:-$(pwd -P)}" >"$d/cwd"
	# Environment: KVMKIT_* (but not our own KVMKIT_VM*), TERM, and the
	# variables named in KVMKIT_VM_ENV. The rest of the host environment
	# (PATH, HOME, ...) means nothing inside the VM.
	{
		while IFS= read -r v; do
			case $v in KVMKIT_VM*) continue ;; esac
			printf '%s=%s\0' "$v" "${!v}"
		done < <(compgen -e KVMKIT_)
		for v in TERM ${KVMKIT_VM_ENV:-}; do
			[ -n "${!v+set}" ] && printf '%s=%s\0' "$v" "${!v}"
		done
	} >"$d/env"
	if [ "$with_stdin" = 1 ]; then
		: >"$d/stream"
	fi
}

# With -s the command's stdin and stdout are a live stream (our stdin and
# stdout, through kvmkit-stream and the VM's stream ports), so that gdb's
# "target remote | tests/vm/run -s ..." can talk to it. Starts the pump and
# waits until it is connected. Sets vm_stream_pid.
vm_stream_start() { # S
	local s=$1 pump i
	pump=$(vm_helper kvmkit-stream stream.c) || exit 125
	rm -f "$s/stream.ready"
	"$pump" "$s/stdin.sock" "$s/stdout.sock" "$s/stream.ready" <&0 &
	vm_stream_pid=$!
	for ((i = 0; i < 1000; i++)); do
		[ -e "$s/stream.ready" ] && return 0
		kill -0 "$vm_stream_pid" 2>/dev/null || break
		sleep 0.01
	done
	vm_die "cannot connect to the test VM's stream ports ($s/stdin.sock)"
}

# The command has ended: let the pump deliver what is left, then stop.
vm_stream_stop() {
	[ -n "${vm_stream_pid:-}" ] || return 0
	kill -TERM "$vm_stream_pid" 2>/dev/null
	wait "$vm_stream_pid" 2>/dev/null
	vm_stream_pid=
}

# Wait up to SECONDS for "done ID" on FD (after a kill).
vm_wait_done() { # FD ID SECONDS
	local until
	vm_clock
	until=$((vm_now + $3 * 1000000))
	while :; do
		vm_read_line "$1" && [[ $vm_line == "done $2 "* ]] && return 0
		vm_clock
		[ "$vm_now" -gt "$until" ] && return 1
	done
}

# Run "$@" in the session VM of S; prints its output, returns its status.
vm_session_run() { # S STDIN(0/1) -- COMMAND...
	local s=$1 with_stdin=$2 lock rfd wfd id st deadline t grace=
	shift 3
	t=${KVMKIT_VM_TIMEOUT:-60}
	[[ $t =~ ^[0-9]+$ ]] || vm_die "KVMKIT_VM_TIMEOUT must be a whole number of seconds, not '$t'"
	exec {lock}>"$s/lock" || vm_die "cannot open $s/lock"
	flock -w "${KVMKIT_VM_LOCK_TIMEOUT:-900}" "$lock" ||
		vm_die "another command has held $s/lock for ${KVMKIT_VM_LOCK_TIMEOUT:-900} s"
	if [ ! -e "$s/spool/config" ] || ! vm_qemu_alive "$s"; then
		if [ -e "$s/idle-stopped" ]; then
			vm_quiet || vm_say "the session's test VM was stopped after $(<"$s/idle-stopped") s idle (KVMKIT_VM_IDLE_TIMEOUT); booting a new one"
		else
			vm_say "the session's test VM is gone; booting a new one"
			vm_console_tail "$s"
		fi
		vm_restart "$s"
	fi
	id=$(($(cat "$s/seq" 2>/dev/null || echo 0) + 1))
	echo "$id" >"$s/seq"
	vm_write_request "$s" "$id" "$with_stdin" -- "$@"
	exec {rfd}<>"$s/ctl.out" {wfd}<>"$s/ctl.in"
	# A caller killed outright (SIGKILL) leaves its command running in the
	# VM: stop it before the next one starts.
	local stale=
	if [ -s "$s/running" ]; then
		stale=$(<"$s/running")
		printf 'kill %s\n' "$stale" >&"$wfd"
	fi
	echo "$id" >"$s/running"
	touch "$s/last-used"
	vm_stream_pid=
	[ "$with_stdin" = 1 ] && vm_stream_start "$s"
	vm_clock
	deadline=$((vm_now + t * 1000000))
	vm_interrupted=
	trap 'vm_interrupted=130' INT
	trap 'vm_interrupted=143' TERM
	trap 'vm_interrupted=129' HUP
	printf 'run %s\n' "$id" >&"$wfd"
	vm_partial=
	while :; do
		if vm_read_line "$rfd"; then
			case $vm_line in "done $id "*) st=${vm_line##* }; break ;; esac
			continue
		fi
		# A streaming command's reader closing the pipe and sending
		# SIGTERM (what gdb does with "target remote | ...") usually
		# means the command is ending anyway: give it a moment to
		# finish (write its report) before killing it.
		if [ -n "$vm_interrupted" ] && [ -n "$vm_stream_pid" ] && [ -z "${grace:-}" ]; then
			vm_clock
			grace=$((vm_now + 5000000))
		fi
		if [ -n "$vm_interrupted" ] && { [ -z "${grace:-}" ] || { vm_clock; [ "$vm_now" -gt "$grace" ]; }; }; then
			printf 'kill %s\n' "$id" >&"$wfd"
			vm_wait_done "$rfd" "$id" 5
			vm_flush_output "$s/spool/$id"
			vm_say "interrupted: killed $(vm_cmdline "$@")"
			st=$vm_interrupted
			break
		fi
		if ! vm_qemu_alive "$s"; then
			vm_flush_output "$s/spool/$id"
			vm_console_tail "$s"
			vm_say "the test VM died while running: $(vm_cmdline "$@")"
			st=125
			break
		fi
		vm_clock
		if [ "$t" -gt 0 ] && [ "$vm_now" -gt "$deadline" ]; then
			printf 'kill %s\n' "$id" >&"$wfd"
			vm_wait_done "$rfd" "$id" 5
			vm_flush_output "$s/spool/$id"
			vm_say "timeout: killed after ${t} s (KVMKIT_VM_TIMEOUT): $(vm_cmdline "$@")"
			st=124
			break
		fi
	done
	trap - INT TERM HUP
	vm_stream_stop
	vm_flush_output "$s/spool/$id"
	rm -rf "${s:?}/spool/$id" "$s/running"
	[ -n "$stale" ] && rm -rf "${s:?}/spool/$stale"
	touch "$s/last-used"
	exec {rfd}<&- {wfd}>&- {lock}>&-
	return "$st"
}

# The command's stdout and stderr, byte for byte, each to its own stream
# (once: the files are removed).
vm_flush_output() { # DIR
	if [ -e "$1/out" ]; then cat "$1/out"; rm -f "$1/out"; fi
	if [ -e "$1/err" ]; then cat "$1/err" >&2; rm -f "$1/err"; fi
	return 0
}

# Boot a fresh VM in an existing state directory (after a crash).
vm_restart() { # S
	local s=$1 pid
	# the old keeper must not write into the new VM's files
	for pid in "$(cat "$s/keeper.pid" 2>/dev/null)" "$(cat "$s/qemu.pid" 2>/dev/null)"; do
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	done
	rm -rf "$s/spool" "$s/ctl.in" "$s/ctl.out" "$s/qemu.pid" "$s/qemu.exit" "$s/keeper.pid" \
		"$s/idle-stopped" "$s/running"
	mkdir "$s/spool"
	vm_prepare
	vm_boot "$s"
}

# Interactive: boot a VM whose serial console is this terminal and run the
# command there; the VM powers off when it exits. Returns its status.
vm_console_run() { # COMMAND...
	local s st rows cols
	vm_prepare
	s=$(vm_new_state) || exit 125
	vm_write_config "$s" console 0
	vm_write_request "$s" 0 0 -- "$@"
	if read -r rows cols < <(stty size 2>/dev/null) && [ -n "$cols" ]; then
		echo "$rows $cols" >"$s/spool/0/winsize"
	fi
	vm_qemu_args "$s" console
	vm_quiet || vm_say "booting the test VM; the command runs on its console (^A x quits qemu)"
	"${vm_qemu[@]}"
	st=$(cat "$s/spool/0/status" 2>/dev/null)
	[ -n "$st" ] || { vm_say "the test VM ended without the command's exit status"; st=125; }
	[ -z "${KVMKIT_VM_KEEP:-}" ] && rm -rf "$s"
	return "$st"
}
