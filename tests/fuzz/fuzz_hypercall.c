/*
 * libFuzzer harness for hypercall argument handling: the input is a few
 * hypercalls (number and five argument registers each) and the contents of
 * guest memory; every call goes through the runner's own table and
 * handlers, as a guest's OUT to port 0xEA would. File calls work in a
 * scratch --share directory; the console goes to /dev/null and stdin reads
 * from /dev/null.
 *
 * Input: [calls: 1 byte, 1..8] then per call [nr: 1 byte][5 x u64 LE],
 * then the bytes of guest memory from address 0x100000.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <kvmkit/abi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hypercalls/hypercall.h"
#include "hypercalls/share.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static struct run_options opt;
static struct run run;
static char share_dir[] = "/tmp/kvmkit-fuzz-share.XXXXXX";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[256];
	if (!mkdtemp(share_dir))
		abort();
	/* A file for the guest to find, and a ceiling for what it writes. */
	FILE *f = fopen(strcat(strcpy((char[512]){ 0 }, share_dir), "/a"), "w");
	if (f) {
		fputs("hello\n", f);
		fclose(f);
	}
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, STDIN_FILENO) < 0)
		abort();
	opt.mem_size = KVMKIT_MEM_MIN;
	opt.result_size = 8;
	opt.share_dir = share_dir;
	opt.share_limit = 4096; /* keep the scratch directory small */
	run.opt = &opt;
	console_init(&run.console, null);
	if (guest_memory_alloc(&run.mem, opt.mem_size, err, sizeof(err)) < 0 ||
	    share_open(&run, share_dir, err, sizeof(err)) < 0) {
		fprintf(stderr, "fuzz_hypercall: %s\n", err);
		abort();
	}
	/* One CPU, as a run without --cpus has (CPU_START then has no CPU
	 * to start, HALT stops this one). */
	static struct run_cpu boot_cpu;
	boot_cpu.run = &run;
	boot_cpu.state = CPU_RUNNING;
	run.cpus = &boot_cpu;
	run.ncpus = 1;
	return 0;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { CALL = 1 + 8 * HYPERCALL_ARGS, MEM_AT = KVMKIT_IMAGE_MIN };
	if (size < 1)
		return 0;
	unsigned calls = 1 + data[0] % 8;
	size_t at = 1;
	if (size < at + (size_t)calls * CALL)
		return 0;
	size_t mem_len = size - at - (size_t)calls * CALL;
	if (mem_len > run.mem.size - MEM_AT)
		mem_len = run.mem.size - MEM_AT;
	memset(run.mem.host, 0, run.mem.size);
	memcpy(run.mem.host + MEM_AT, data + at + (size_t)calls * CALL, mem_len);

	for (unsigned i = 0; i < calls; i++, at += CALL) {
		uint64_t args[HYPERCALL_ARGS];
		for (int a = 0; a < HYPERCALL_ARGS; a++)
			args[a] = get64(data + at + 1 + 8 * a);
		const struct hypercall *call = hypercall_lookup(data[at]);
		if (call)
			call->fn(&run, &run.cpus[0], args);
		run.stop = STOP_NONE; /* exit/abort end a real run */
	}
	/* Each input starts with no files open, as a new guest would. */
	for (uint64_t fd = 0; fd < SHARE_MAX_FILES; fd++) {
		uint64_t args[HYPERCALL_ARGS] = { fd };
		hc_file_close(&run, &run.cpus[0], args);
	}
	return 0;
}
