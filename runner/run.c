/*
 * Creating and destroying a run: the image loaded into fresh guest memory,
 * the machine the guest starts in, the VM and its boot vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <kvmkit/abi.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exit_status.h"
#include "hypercalls/share.h"
#include "kick_timer.h"
#include "machine_setup.h"
#include "paging.h"
#include "stop_signal.h"
#include "run.h"

int run_write_boot_info(struct run *run, int argc, char **argv, char *err,
			size_t errlen)
{
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
	uint64_t cr3;
	choose_stack(run);
	if (paging_build(&run->mem, run->backend->has_1g_pages(run->vm),
			 run->stack_guard, &cr3, err, errlen) < 0)
		return EXIT_STATUS_RUNNER_ERROR;
	machine_write_tables(&run->mem);
	if (elf_load_segments(file, &run->mem, err, errlen) < 0)
		return EXIT_STATUS_BAD_IMAGE;
	if (run_write_boot_info(run, run->opt->guest_argc,
				run->opt->guest_argv, err, errlen) < 0)
		return EXIT_STATUS_RUNNER_ERROR;

	struct vm_sregs sregs;
	struct vm_regs regs;
	machine_initial_sregs(&sregs, cr3, run->backend->has_nx(run->vm));
	machine_initial_regs(&regs, run->image.entry, run->mem.size);
	if (run->backend->set_sregs(run->cpu.vcpu, &sregs) < 0 ||
	    run->backend->set_regs(run->cpu.vcpu, &regs) < 0) {
		snprintf(err, errlen, "cannot set the vCPU's registers: %s",
			 strerror(errno));
		return EXIT_STATUS_RUNNER_ERROR;
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
	run->start_time = monotonic_seconds();
	if (opt->timeout > 0)
		run->deadline = run->start_time + opt->timeout;
	console_init(&run->console, 1);
	run->console.deadline = run->deadline;
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

	struct elf_file *file = elf_open_image(opt->image, err, errlen);
	if (!file)
		return EXIT_STATUS_BAD_IMAGE;
	int status = 0;
	if (elf_check(file, &run->image, err, errlen) < 0) {
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
	run->cpu.run = run;
	run->cpu.id = 0;
	run->cpu.vcpu = run->backend->create_vcpu(run->vm, 0, err, errlen);
	if (!run->cpu.vcpu) {
		status = EXIT_STATUS_RUNNER_ERROR;
		goto out;
	}
	stop_signal_watch(run->backend, run->cpu.vcpu);
	status = setup_machine(run, file, err, errlen);
	if (status) {
		status = fail(status, opt->image, err, errlen);
		goto out;
	}
out:
	elf_close(file);
	return status;
}

void run_destroy(struct run *run)
{
	run_snapshot_free(run);
	kick_timer_destroy(run->cpu.timer);
	run->cpu.timer = NULL;
	if (run->backend) {
		if (run->cpu.vcpu)
			stop_signal_unwatch(run->cpu.vcpu);
		run->backend->destroy_vcpu(run->cpu.vcpu);
		run->backend->destroy(run->vm);
	}
	run->cpu.vcpu = NULL;
	run->vm = NULL;
	share_close(run);
	if (run->console.fd > 2)
		close(run->console.fd);
	run->console.fd = -1;
	guest_memory_free(&run->mem);
	symbols_free(&run->image.symbols);
}
