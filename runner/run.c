/*
 * Creating and destroying a run: the image loaded into fresh guest memory,
 * the machine the guest starts in, the VM and its boot vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <kvmkit/abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exit_status.h"
#include "hypercalls/share.h"
#include "kick_timer.h"
#include "machine_setup.h"
#include "raw_image.h"
#include "stop_signal.h"
#include "run.h"
#include "smp.h"
#include "trace.h"

/* KVM's local APIC timer counts at 1 GHz (one tick per nanosecond of its
 * bus clock) before the guest's divider: the APIC bus cycle KVM emulates
 * (APIC_BUS_CYCLE_NS = 1), unless a VMM changes it, which we do not. */
#define KVM_APIC_TIMER_HZ 1000000000ull

/* Copy the image in: an ELF file's segments, or a raw image's bytes. */
static int load_image(struct run *run, struct elf_file *file, char *err,
		      size_t errlen)
{
	/* run->mem is fresh: mode->build writes below KVMKIT_IMAGE_MIN
	 * only, where no segment may lie. */
	if (!run->raw_image)
		return elf_load_segments(file, &run->mem, true, err, errlen);
	size_t size;
	const uint8_t *bytes = elf_file_bytes(file, &size);
	uint8_t *dst = guest_ptr(&run->mem, run->image.image_start, size);
	if (!dst) { /* raw_image_place() checked it; stay safe anyway */
		snprintf(err, errlen, "raw image does not fit in guest memory");
		return -1;
	}
	memcpy(dst, bytes, size);
	return 0;
}

int run_write_boot_info(struct run *run, int argc, char **argv, char *err,
			size_t errlen)
{
	if (run->raw_image)
		return 0; /* a raw image knows nothing of boot info */
	if (machine_write_bootinfo(&run->mem, run->image.image_end, argc, argv,
				   run->opt->guest_envc, run->opt->guest_envp,
				   run->stack_size, err, errlen) < 0)
		return -1;
	/* On a terminal a guest should send each line as it is written; into
	 * a pipe or a file it may buffer fully. Under gdb each line shows as
	 * the user steps over it, wherever the console goes. */
	struct kvmkit_bootinfo *info =
		guest_ptr(&run->mem, KVMKIT_BOOTINFO_ADDR, sizeof(*info));
	if (isatty(STDOUT_FILENO) || run->opt->gdb)
		info->flags |= KVMKIT_BOOT_STDOUT_TTY;
	/* CPUs, the APIC and clock rates: the boot info fields and every
	 * CPU's per-CPU data (in the boot info's page). */
	uint64_t tsc_khz = run->backend->tsc_khz(run->cpus[0].vcpu);
	machine_write_cpus(&run->mem, run->ncpus,
			   run->irqchip ? KVMKIT_BOOT_IRQCHIP : 0,
			   run->irqchip ? KVM_APIC_TIMER_HZ : 0, tsc_khz * 1000);
	run_note_host_write(run, KVMKIT_BOOTINFO_ADDR, sizeof(*info));
	run_note_host_write(run, KVMKIT_ARGS_ADDR, KVMKIT_ARGS_SIZE);
	return 0;
}

/* The stack: --stack, or an eighth of memory from 256 KiB to 64 MiB,
 * below the top of memory where RSP starts, and under it one unmapped
 * guard page, so that an overflow faults instead of overwriting the heap.
 * If the image leaves no room for that, the stack gets what is left and
 * no guard (as before the guard existed). */
static void choose_stack(struct run *run)
{
	const uint64_t page = 4096, min = 256 << 10, max = 64 << 20;
	uint64_t size = run->opt->stack_size;
	if (!size) {
		size = run->mem.size / 8 & ~(page - 1);
		size = size < min ? min : size > max ? max : size;
	}
	uint64_t image_end = (run->image.image_end + page - 1) & ~(page - 1);
	run->stack_guard = 0;
	run->stack_size = 0;
	if (image_end + page > run->mem.size ||
	    size > run->mem.size - image_end - page)
		return;
	run->stack_size = size;
	run->stack_guard = run->mem.size - size - page;
}

/* Build the machine in guest memory and the boot vCPU's registers. */
static int setup_machine(struct run *run, struct elf_file *file, char *err,
			 size_t errlen)
{
	choose_stack(run);
	const struct cpu_mode_ops *mode = cpu_mode_ops(run->mode);
	struct mode_build b = {
		.mem = &run->mem, .layout = &run->layout,
		.use_1g_pages = run->backend->has_1g_pages(run->vm),
		.nx = run->backend->has_nx(run->vm),
		/* The SDK's stack guard: long-mode ELF guests only (the
		 * 32-bit modes map memory with 4 MiB pages, or not at all). */
		.stack_guard = run->raw_image ? 0 : run->stack_guard,
	};
	if (mode->build(&b, err, errlen) < 0)
		return EXIT_STATUS_RUNNER_ERROR;
	if (load_image(run, file, err, errlen) < 0)
		return EXIT_STATUS_BAD_IMAGE;
	/* Boot info is the SDK's (ELF images, at the ABI's address). */
	if (run_write_boot_info(run, run->opt->guest_argc,
				run->opt->guest_argv, err, errlen) < 0)
		return EXIT_STATUS_RUNNER_ERROR;

	struct vm_sregs sregs = b.sregs;
	struct vm_regs regs;
	if (run->mode == MODE_REAL) {
		if (mode_real_entry(&sregs, &regs, run->image.entry, err,
				    errlen) < 0)
			return EXIT_STATUS_BAD_IMAGE;
	} else {
		machine_initial_regs(&regs, run->image.entry, run->mem.size);
		if (run->raw_image)
			regs.rdi = 0; /* no boot info */
	}
	/* Long-mode ELF guests: GS at CPU 0's per-CPU data, and with several
	 * CPUs a GDT that holds every CPU's TSS. */
	if (run->mode == MODE_LONG && !run->raw_image)
		machine_cpu_sregs(&sregs, 0, run->ncpus);
	if (run->backend->set_sregs(run->cpus[0].vcpu, &sregs) < 0 ||
	    run->backend->set_regs(run->cpus[0].vcpu, &regs) < 0) {
		snprintf(err, errlen, "cannot set the vCPU's registers: %s",
			 strerror(errno));
		return EXIT_STATUS_RUNNER_ERROR;
	}
	return 0;
}

/* The mode the image runs in, and whether its ELF class can run there. */
static int choose_mode(struct run *run, char *err, size_t errlen)
{
	const struct run_options *opt = run->opt;
	unsigned cls = run->image.elf_class;
	run->mode = opt->mode;
	if (run->raw_image) {
		if (run->mode == MODE_DEFAULT) {
			snprintf(err, errlen,
				 "not an ELF file (no \\177ELF magic); to run "
				 "it as a raw image, say which CPU mode it is "
				 "for with --mode real|protected|paged32|long "
				 "(docs/modes.md); an ELF guest is linked with "
				 "-T linker/guest.ld (see docs/sdk.md)");
			return -1;
		}
		return 0;
	}
	if (opt->have_load || opt->have_entry) {
		snprintf(err, errlen,
			 "--load and --entry are for raw images; an ELF image "
			 "says itself where it goes and where it starts");
		return -1;
	}
	if (run->mode == MODE_DEFAULT)
		run->mode = cls == 64 ? MODE_LONG : MODE_PROTECTED;
	bool ok = cls == 64 ? run->mode == MODE_LONG
			    : (run->mode == MODE_PROTECTED ||
			       run->mode == MODE_PAGED32);
	if (!ok) {
		snprintf(err, errlen,
			 "an ELFCLASS%u image cannot run in --mode %s (ELFCLASS64 "
			 "runs in long mode, ELFCLASS32 in protected or paged32 "
			 "mode, real mode takes raw images)",
			 cls, cpu_mode_name(run->mode));
		return -1;
	}
	return 0;
}

/* Read the image's header (ELF) or size (raw), choose the mode and where
 * the runner's structures go. */
static int check_image(struct run *run, struct elf_file *file, char *err,
		       size_t errlen)
{
	const struct run_options *opt = run->opt;
	run->raw_image = !elf_has_magic(file);
	if (!run->raw_image && elf_check(file, &run->image, err, errlen) < 0)
		return -1;
	if (choose_mode(run, err, errlen) < 0)
		return -1;
	const struct cpu_mode_ops *mode = cpu_mode_ops(run->mode);
	if (mode->bits < 64 && opt->mem_size > MODE32_MEM_MAX) {
		snprintf(err, errlen,
			 "--mode %s reaches at most %llu MiB of guest memory, "
			 "not %llu MiB (-m)", mode->name,
			 MODE32_MEM_MAX >> 20,
			 (unsigned long long)(opt->mem_size >> 20));
		return -1;
	}
	if (!run->raw_image) {
		run->layout = machine_layout_abi();
		return 0;
	}
	size_t size;
	elf_file_bytes(file, &size);
	run->image.image_start = opt->load;
	run->image.image_end = opt->load + size;
	run->image.entry = opt->have_entry ? opt->entry : opt->load;
	return raw_image_place(opt->load, size, run->image.entry,
			       opt->mem_size, mode, &run->layout, err, errlen);
}

/* Other CPUs start in long mode at an SDK entry point, with the ABI's
 * per-CPU data and tables (smp.c); the in-kernel APIC is set up for the
 * SDK's long-mode code. Both need a long-mode ELF image. */
static int check_cpus(struct run *run, char *err, size_t errlen)
{
	bool long_elf = run->mode == MODE_LONG && !run->raw_image;
	if (run->ncpus > 1 && !long_elf) {
		snprintf(err, errlen,
			 "--cpus %u needs a long-mode ELF image (ELFCLASS64, "
			 "--mode long): the other CPUs start in long mode "
			 "through the SDK (docs/smp.md); this is %s",
			 run->ncpus, run->raw_image ? "a raw image"
			 : "a 32-bit ELF image");
		return -1;
	}
	if ((run->image.features & KVMKIT_FEATURE_IRQCHIP) && !long_elf) {
		snprintf(err, errlen,
			 "the image asks for the local APIC (section %s), "
			 "which the runner gives long-mode ELF images only "
			 "(docs/interrupts.md)", KVMKIT_FEATURES_SECTION);
		return -1;
	}
	return 0;
}

/* err gets "IMAGE: why" for what concerns the image, else just "why". */
static int fail(int status, const char *image, char *err, size_t errlen)
{
	if (image) {
		char why[1024];
		snprintf(why, sizeof(why), "%s", err);
		snprintf(err, errlen, "%s: %s", image, why);
	}
	return status;
}

int run_create(struct run *run, const struct run_options *opt, char *err,
	       size_t errlen)
{
	memset(run, 0, sizeof(*run));
	run->opt = opt;
	run->backend = &kvm_backend;
	run->ncpus = opt->cpus ? opt->cpus : 1;
	pthread_mutex_init(&run->lock, NULL);
	run->start_time = monotonic_seconds();
	if (opt->timeout > 0)
		run->deadline = run->start_time + opt->timeout;
	console_init(&run->console, 1);
	if (opt->console_file) {
		int fd = open(opt->console_file,
			      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fd < 0) {
			snprintf(err, errlen, "--console %s: %s",
				 opt->console_file, strerror(errno));
			return EXIT_STATUS_RUNNER_ERROR;
		}
		console_init(&run->console, fd);
	} else if (opt->gdb && !strcmp(opt->gdb, "-")) {
		/* stdout is the debugger's protocol stream */
		console_init(&run->console, 2);
	}
	/* After the console has its place: console_init() clears it. */
	run->console.deadline = run->deadline;

	struct elf_file *file = elf_open_image(opt->image, err, errlen);
	if (!file)
		return EXIT_STATUS_BAD_IMAGE;
	int status = 0;
	if (check_image(run, file, err, errlen) < 0 ||
	    check_cpus(run, err, errlen) < 0) {
		status = fail(EXIT_STATUS_BAD_IMAGE, opt->image, err, errlen);
		goto out;
	}
	if (run->image.image_end > KVMKIT_MEM_MAX) {
		snprintf(err, errlen,
			 "%s: image needs %llu bytes of guest memory, more "
			 "than the largest a guest can have (%llu, -m 64G): "
			 "link it at lower addresses", opt->image,
			 (unsigned long long)run->image.image_end,
			 (unsigned long long)KVMKIT_MEM_MAX);
		status = EXIT_STATUS_BAD_IMAGE;
		goto out;
	}
	run->result_size = opt->result_size ? opt->result_size
		: cpu_mode_ops(run->mode)->bits == 64 ? 8 : 4;
	run->expect = opt->expect;
	if (run->result_size < 8)
		run->expect &= (1ull << (8 * run->result_size)) - 1;
	if (run->image.image_end > opt->mem_size) {
		snprintf(err, errlen,
			 "%s: image needs %llu bytes of guest memory but the "
			 "guest has %llu: give it more with -m", opt->image,
			 (unsigned long long)run->image.image_end,
			 (unsigned long long)opt->mem_size);
		status = EXIT_STATUS_BAD_IMAGE;
		goto out;
	}
	if (guest_memory_alloc(&run->mem, opt->mem_size, err, errlen) < 0 ||
	    (opt->no_merge && guest_memory_unmerge(&run->mem, err, errlen) < 0) ||
	    share_open(run, opt->share_dir, err, errlen) < 0) {
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	run->vm = run->backend->create(run->mem.host, run->mem.size, err,
				       errlen);
	if (!run->vm) {
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	if (run->mode != MODE_LONG && run->backend->set_legacy_area &&
	    run->backend->set_legacy_area(run->vm, VM_LEGACY_AREA_ADDR, err,
					  errlen) < 0) {
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	/* Several CPUs need the APIC to talk to each other; one CPU gets it
	 * when the image asks, since it changes what HLT does. */
	run->irqchip = run->ncpus > 1 ||
		       (run->image.features & KVMKIT_FEATURE_IRQCHIP);
	if (run->irqchip &&
	    run->backend->create_irqchip(run->vm, err, errlen) < 0) {
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	run->cpus = calloc(run->ncpus, sizeof(*run->cpus));
	if (!run->cpus) {
		snprintf(err, errlen, "out of memory");
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	for (unsigned i = 0; i < run->ncpus; i++) {
		struct run_cpu *cpu = &run->cpus[i];
		cpu->run = run;
		cpu->id = i;
		cpu->state = i == 0 ? CPU_RUNNING : CPU_WAITING;
		cpu->vcpu = run->backend->create_vcpu(run->vm, i, err, errlen);
		if (!cpu->vcpu) {
			status = EXIT_STATUS_RUNNER_ERROR;
			goto out;
		}
	}
	/* CPU 0 is run by this thread; the others watch from theirs. */
	stop_signal_watch(run->backend, run->cpus[0].vcpu);
	status = setup_machine(run, file, err, errlen);
	if (status) {
		status = fail(status, opt->image, err, errlen);
		goto out;
	}
	if (run->ncpus > 1 && smp_create(run, err, errlen) < 0) {
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	/* A long-mode ELF run traces as it always has; the others say where
	 * the runner put its structures. */
	if (opt->trace && (run->raw_image || run->mode != MODE_LONG))
		trace_machine(run);
out:
	elf_close(file);
	/* A termination signal during setup interrupts a system call (e.g.
	 * KVM_CREATE_VM): say so, and end as a signal ends a run. */
	int sig = stop_signal_received();
	if (status && sig) {
		snprintf(err, errlen, "killed by signal %d (%s) before the "
			 "guest started", sig, sig == SIGTERM ? "SIGTERM"
			 : sig == SIGHUP ? "SIGHUP" : sig == SIGINT ? "SIGINT"
			 : "?");
		status = 128 + sig;
	}
	return status;
}

void run_destroy(struct run *run)
{
	run_snapshot_free(run);
	smp_destroy(run); /* joins the CPU threads first */
	for (unsigned i = 0; run->cpus && i < run->ncpus; i++) {
		kick_timer_destroy(run->cpus[i].timer);
		if (run->backend && run->cpus[i].vcpu) {
			stop_signal_unwatch(run->cpus[i].vcpu);
			run->backend->destroy_vcpu(run->cpus[i].vcpu);
		}
	}
	free(run->cpus);
	run->cpus = NULL;
	if (run->backend)
		run->backend->destroy(run->vm);
	run->vm = NULL;
	share_close(run);
	if (run->console.fd > 2)
		close(run->console.fd);
	run->console.fd = -1;
	guest_memory_free(&run->mem);
	symbols_free(&run->image.symbols);
}
