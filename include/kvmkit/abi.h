/*
 * kvmkit guest/host ABI: the one contract between a guest and the runner.
 *
 * Both sides include this header and nothing else of each other: the runner
 * (runner/) to know what to build and serve, the SDK (sdk/) to know where
 * things are and how to ask the host for something. docs/abi.md explains
 * every item here in prose; keep the two in step and bump
 * KVMKIT_ABI_VERSION on any incompatible change.
 *
 * Only fixed-width types are used so that the header means the same thing in
 * a freestanding guest and in the hosted runner.
 */
#ifndef KVMKIT_ABI_H
#define KVMKIT_ABI_H

#include <stdint.h>

#define KVMKIT_ABI_VERSION 1

/* ------------------------------------------------------------------------
 * Guest physical memory map. Guest memory starts at physical address 0 and
 * is identity-mapped (virtual == physical) by the runner's page tables.
 * Everything below KVMKIT_IMAGE_MIN belongs to the runner; an image with a
 * loadable segment there is refused.
 * ---------------------------------------------------------------------- */
#define KVMKIT_RESULT_ADDR      0x400ull   /* 8-byte result slot            */
#define KVMKIT_GDT_ADDR         0x1000ull  /* GDT: null, code64, data, TSS  */
#define KVMKIT_IDT_ADDR         0x2000ull  /* 256 gates, runner's default   */
#define KVMKIT_TSS_ADDR         0x3000ull  /* 64-bit TSS, IST1 below        */
#define KVMKIT_EXC_STUBS_ADDR   0x4000ull  /* 256 exception stubs, 16 bytes */
#define KVMKIT_EXC_STUB_SIZE    16u
#define KVMKIT_BOOTINFO_ADDR    0x5000ull  /* struct kvmkit_bootinfo        */
#define KVMKIT_ARGS_ADDR        0x6000ull  /* argv, envp pointers, strings  */
#define KVMKIT_ARGS_SIZE        0x2000ull
#define KVMKIT_EXC_STACK_TOP    0x9000ull  /* IST1 stack, 0x8000..0x8fff    */
#define KVMKIT_PAGE_TABLES_ADDR 0x10000ull /* PML4, PDPT, PDs               */
#define KVMKIT_PAGE_TABLES_END  0x80000ull
/* struct kvmkit_percpu of CPU n at KVMKIT_CPU_DATA_ADDR + n * 32 (GS
 * base points to it), in the boot info's page. CPUs n >= 1 also have an
 * area of KVMKIT_CPU_AREA_SIZE bytes at KVMKIT_CPU_AREA(n): their TSS at
 * its start, their exception stack up to its end. CPU 0 keeps the TSS and
 * exception stack above. */
#define KVMKIT_CPU_DATA_ADDR    0x5800ull
#define KVMKIT_CPU_AREA_ADDR    0x80000ull
#define KVMKIT_CPU_AREA_SIZE    0x2000ull
#define KVMKIT_CPU_AREA(n)      (KVMKIT_CPU_AREA_ADDR + ((n) - 1) * KVMKIT_CPU_AREA_SIZE)
#define KVMKIT_MAX_CPUS         64u
#define KVMKIT_IMAGE_MIN        0x100000ull /* lowest address an image may use */

#define KVMKIT_MEM_MIN          (2ull << 20)   /* 2 MiB  */
#define KVMKIT_MEM_DEFAULT      (16ull << 20)  /* 16 MiB */
#define KVMKIT_MEM_MAX          (64ull << 30)  /* 64 GiB */

/* GDT selectors loaded at entry. */
#define KVMKIT_SEL_CODE64 0x08
#define KVMKIT_SEL_DATA   0x10
#define KVMKIT_SEL_TSS    0x18
/* The TSS of CPU n: 0x18 for CPU 0, then 16-byte descriptors from 0x28. */
#define KVMKIT_SEL_TSS_CPU(n) ((n) == 0 ? 0x18u : 0x28u + ((n) - 1u) * 16u)

/* ------------------------------------------------------------------------
 * Registers at entry (long mode, paging on, interrupts off):
 *   RIP = e_entry, RSP = guest memory size (top of memory, 16-byte aligned),
 *   RDI = KVMKIT_BOOTINFO_ADDR, RFLAGS = 0x2, every other GPR = 0,
 *   GS base = the CPU's struct kvmkit_percpu (KVMKIT_CPU_DATA_ADDR for CPU 0).
 *   CR0 = PE|MP|ET|NE|WP|AM|PG, CR4 = PAE|OSFXSR|OSXMMEXCPT,
 *   EFER = LME|LMA|NXE (0xd00; NXE only when the CPU has NX, CPUID
 *   0x80000001 EDX bit 20, else 0x500), CR3 = KVMKIT_PAGE_TABLES_ADDR.
 * ---------------------------------------------------------------------- */

#define KVMKIT_BOOTINFO_MAGIC 0x4b564d4b49543031ull /* "KVMKIT01" */

struct kvmkit_bootinfo {
	uint64_t magic;       /* KVMKIT_BOOTINFO_MAGIC                       */
	uint32_t abi_version; /* KVMKIT_ABI_VERSION of the runner            */
	uint32_t flags;       /* KVMKIT_BOOT_*                               */
	uint64_t mem_size;    /* bytes of guest memory, from address 0       */
	uint64_t image_end;   /* first byte above the highest loaded segment */
	uint64_t argc;        /* arguments after the image on the command line, */
	uint64_t argv;        /* plus the image name as argv[0]; argv[argc] = 0 */
	/* Filled in by the guest, 0 from the runner: console output the
	 * guest holds back in a buffer. console_buf_at is the guest address
	 * of a uint64_t that holds the buffer's address, console_len_at of a
	 * uint64_t that holds how many bytes wait there. Whenever the run
	 * stops (a fault and a timeout included) the runner writes those
	 * bytes to its stdout before the report, so buffered output is never
	 * lost; at most KVMKIT_CONSOLE_PENDING_MAX, only from guest memory. */
	uint64_t console_buf_at;
	uint64_t console_len_at;
	uint64_t envc;        /* environment: --env and --env-host strings,  */
	uint64_t envp;        /* "NAME=VALUE"; envp[envc] = 0 (0: none)      */
	uint64_t stack_size;  /* bytes below the initial RSP kept for the     */
	                      /* stack; the 4 KiB page below them is not      */
	                      /* mapped (a guard). 0: an older runner, no guard */
	/* Since kvmkit 0.2 (a runner before it leaves them 0): */
	uint32_t cpu_count;   /* vCPUs of the run (--cpus), 1..KVMKIT_MAX_CPUS */
	uint32_t reserved2;
	uint64_t apic_timer_hz; /* local APIC timer input clock, 0: no APIC    */
	uint64_t tsc_hz;      /* TSC frequency, 0: unknown                    */
};

/* The machine has KVM's in-kernel interrupt controller (local APIC in
 * x2APIC-capable form, timer, IPIs). Then HLT is served inside KVM: a CPU
 * that halts sleeps until an interrupt and never ends the run; the SDK
 * ends it with KVMKIT_HC_HALT instead. The runner gives it to an image
 * that asks (KVMKIT_FEATURES_SECTION) and to every run with --cpus > 1. */
#define KVMKIT_BOOT_IRQCHIP 0x2u

/* An image asks for machine features with a non-allocated ELF section of
 * this name holding 32-bit little-endian words of KVMKIT_FEATURE_* bits
 * (all the words are ORed). The SDK's interrupt-controller code has one. */
#define KVMKIT_FEATURES_SECTION ".kvmkit.features"
#define KVMKIT_FEATURE_IRQCHIP 0x1u

/* What GS base points to on every CPU; written by the runner. */
struct kvmkit_percpu {
	uint64_t self;        /* the address of this struct                  */
	uint32_t cpu_id;      /* 0 = the boot CPU; also its (x2)APIC id       */
	uint32_t cpu_count;
	uint64_t local;       /* free for the guest (kvmkit_cpu_local)        */
	uint64_t reserved;
};

/* flags: the runner's stdout is a terminal. Not on a terminal, the SDK
 * buffers stdout fully (one exit per buffer, not per line). */
#define KVMKIT_BOOT_STDOUT_TTY     1u
#define KVMKIT_CONSOLE_PENDING_MAX (1u << 20)

/* ------------------------------------------------------------------------
 * I/O ports.
 * ---------------------------------------------------------------------- */
/* Byte console: every byte written (OUT, any size, REP OUTS too) goes to the
 * runner's stdout. One VM exit per OUT instruction, and KVM emulates
 * REP OUTSB one byte per exit: use KVMKIT_HC_CONSOLE_WRITE for buffers. */
#define KVMKIT_PORT_CONSOLE   0xE9
/* Hypercall: `out $0xEA, %al` with the call in registers (below). */
#define KVMKIT_PORT_HYPERCALL 0xEA
/* Exception report: the runner's default exception stubs push an error code
 * (0 for vectors that have none) and the vector, then `out $0xEB, %al`.
 * At that point RSP points to:
 *   [rsp+0] vector, [rsp+8] error code, [rsp+16] RIP, [rsp+24] CS,
 *   [rsp+32] RFLAGS, [rsp+40] RSP, [rsp+48] SS   (the CPU's frame)
 * and every other register is as it was when the exception happened. */
#define KVMKIT_PORT_EXCEPTION 0xEB

/* ------------------------------------------------------------------------
 * Hypercalls.
 *
 *   RAX = call number, RDI, RSI, RDX, R10, R8 = arguments,
 *   then `out $0xEA, %al` (one VM exit). On return RAX holds the result:
 *   >= 0 on success, or -KVMKIT_Exxx on error. Other registers are preserved.
 *
 * Guest addresses are guest-physical (== virtual, identity-mapped) 64-bit
 * values. The host reads or writes only the ranges named by a call's
 * pointer/length arguments, after checking they lie inside guest memory.
 * ---------------------------------------------------------------------- */
enum kvmkit_hypercall {
	KVMKIT_HC_ABI_VERSION   = 0,  /* () -> KVMKIT_ABI_VERSION                  */
	KVMKIT_HC_CONSOLE_WRITE = 1,  /* (buf, len) -> bytes written               */
	KVMKIT_HC_EXIT          = 2,  /* (status) -> does not return               */
	KVMKIT_HC_ABORT         = 3,  /* (msg, len) -> does not return; status 134 */
	KVMKIT_HC_TIME          = 4,  /* (clock, struct kvmkit_timespec *) -> 0    */
	KVMKIT_HC_EXIT_COUNTS   = 5,  /* (struct kvmkit_exit_counts *) -> 0        */
	KVMKIT_HC_STDIN_READ    = 6,  /* (buf, len) -> bytes read, 0 at EOF        */
	KVMKIT_HC_FILE_OPEN     = 7,  /* (path, path_len, flags) -> fd             */
	KVMKIT_HC_FILE_READ     = 8,  /* (fd, buf, len) -> bytes read              */
	KVMKIT_HC_FILE_WRITE    = 9,  /* (fd, buf, len) -> bytes written           */
	KVMKIT_HC_FILE_SEEK     = 10, /* (fd, offset, whence) -> new offset        */
	KVMKIT_HC_FILE_CLOSE    = 11, /* (fd) -> 0                                 */
	KVMKIT_HC_FILE_STAT     = 12, /* (path, path_len, struct kvmkit_stat *)    */
	KVMKIT_HC_FILE_REMOVE   = 13, /* (path, path_len) -> 0                     */
	KVMKIT_HC_FILE_RENAME   = 14, /* (old, old_len, new, new_len) -> 0         */
	KVMKIT_HC_HALT          = 15, /* () -> on CPU 0 ends the run as HLT would;
	                               * on another CPU stops that CPU          */
	KVMKIT_HC_CPU_START     = 16, /* (cpu, rip, rsp, rdi, rsi) -> 0: start CPU
	                               * `cpu` in long mode at rip, see docs/smp.md */
	KVMKIT_HC_COUNT               /* one past the last call number            */
};

/* Error values (negated in RAX); numerically equal to Linux errno values. */
#define KVMKIT_EPERM   1
#define KVMKIT_ENOENT  2
#define KVMKIT_EIO     5
#define KVMKIT_EBADF   9
#define KVMKIT_EACCES 13
#define KVMKIT_EFAULT 14
#define KVMKIT_EBUSY  16
#define KVMKIT_EEXIST 17
#define KVMKIT_EISDIR 21
#define KVMKIT_EINVAL 22
#define KVMKIT_EMFILE 24
#define KVMKIT_ENOSPC 28
#define KVMKIT_ESPIPE 29
#define KVMKIT_ENAMETOOLONG 36
#define KVMKIT_ENOSYS 38
#define KVMKIT_ENOTEMPTY 39
#define KVMKIT_ELOOP  40

/* KVMKIT_HC_TIME clocks. */
#define KVMKIT_CLOCK_REALTIME  0
#define KVMKIT_CLOCK_MONOTONIC 1

struct kvmkit_timespec {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* KVMKIT_HC_EXIT_COUNTS: exits seen by the runner so far, this call's own
 * exit included. */
struct kvmkit_exit_counts {
	uint64_t total;
	uint64_t io;        /* port I/O other than hypercalls */
	uint64_t hypercall;
	uint64_t hlt;
	uint64_t mmio;
	uint64_t other;
};

/* KVMKIT_HC_FILE_OPEN flags. */
#define KVMKIT_O_RDONLY 0x0
#define KVMKIT_O_WRONLY 0x1
#define KVMKIT_O_RDWR   0x2
#define KVMKIT_O_CREAT  0x40
#define KVMKIT_O_TRUNC  0x200
#define KVMKIT_O_APPEND 0x400

/* KVMKIT_HC_FILE_SEEK whence. */
#define KVMKIT_SEEK_SET 0
#define KVMKIT_SEEK_CUR 1
#define KVMKIT_SEEK_END 2

#define KVMKIT_PATH_MAX 4096
#define KVMKIT_IO_MAX   (1u << 24) /* one call moves at most 16 MiB */

struct kvmkit_stat {
	uint64_t size;
	uint32_t mode;   /* file type and permission bits, as st_mode */
	uint32_t reserved;
	int64_t  mtime_sec;
};

/* Status the runner exits with when the guest calls KVMKIT_HC_ABORT. */
#define KVMKIT_ABORT_STATUS 134

#endif /* KVMKIT_ABI_H */
