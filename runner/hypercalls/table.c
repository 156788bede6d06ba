/* The hypercall table: call number -> handler. Numbers are the ABI's
 * (include/kvmkit/abi.h); a number with no entry returns -KVMKIT_ENOSYS. */
#include "hypercall.h"

#include <kvmkit/abi.h>
#include <stddef.h>

#include "run.h"

static const struct hypercall table[KVMKIT_HC_COUNT] = {
	[KVMKIT_HC_ABI_VERSION] = { "abi_version", hc_abi_version },
	[KVMKIT_HC_CONSOLE_WRITE] = { "console_write", hc_console_write },
	[KVMKIT_HC_EXIT] = { "exit", hc_exit },
	[KVMKIT_HC_ABORT] = { "abort", hc_abort },
	[KVMKIT_HC_TIME] = { "time", hc_time },
	[KVMKIT_HC_EXIT_COUNTS] = { "exit_counts", hc_exit_counts },
	[KVMKIT_HC_STDIN_READ] = { "stdin_read", hc_stdin_read },
	[KVMKIT_HC_FILE_OPEN] = { "file_open", hc_file_open },
	[KVMKIT_HC_FILE_READ] = { "file_read", hc_file_read },
	[KVMKIT_HC_FILE_WRITE] = { "file_write", hc_file_write },
	[KVMKIT_HC_FILE_SEEK] = { "file_seek", hc_file_seek },
	[KVMKIT_HC_FILE_CLOSE] = { "file_close", hc_file_close },
	[KVMKIT_HC_FILE_STAT] = { "file_stat", hc_file_stat },
	[KVMKIT_HC_FILE_REMOVE] = { "file_remove", hc_file_remove },
	[KVMKIT_HC_FILE_RENAME] = { "file_rename", hc_file_rename },
	[KVMKIT_HC_HALT] = { "halt", hc_halt },
	[KVMKIT_HC_CPU_START] = { "cpu_start", hc_cpu_start },
};

const struct hypercall *hypercall_lookup(uint64_t nr)
{
	if (nr >= KVMKIT_HC_COUNT || !table[nr].fn)
		return NULL;
	return &table[nr];
}

void *hc_guest_buffer(struct run *run, uint64_t addr, uint64_t len)
{
	if (addr == 0 && len > 0)
		return NULL;
	void *p = guest_ptr(&run->mem, addr, len);
	/* The handler may write there: a reset in place must restore it. */
	if (p)
		run_note_host_write(run, addr, len);
	return p;
}
