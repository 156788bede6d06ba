/* Hypercalls that end the run or describe the ABI. */
#include "hypercall.h"

#include <kvmkit/abi.h>
#include <string.h>

#include "run.h"

int64_t hc_abi_version(struct run *run, struct run_cpu *cpu,
			const uint64_t *args)
{
	(void)cpu;
	(void)run;
	(void)args;
	return KVMKIT_ABI_VERSION;
}

int64_t hc_exit(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	int status = (int)(int32_t)args[0];
	run->guest_status = status;
	run_stop(run, STOP_EXIT, "guest called exit(%d)", status);
	return 0;
}

/* The message is optional: a bad pointer or length still aborts, just
 * without it. */
int64_t hc_abort(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	enum { MAX_MESSAGE = 512 };
	uint64_t len = args[1] < MAX_MESSAGE ? args[1] : MAX_MESSAGE;
	const char *msg = hc_guest_buffer(run, args[0], len);

	run->guest_status = KVMKIT_ABORT_STATUS;
	if (msg && len)
		run_stop(run, STOP_ABORT, "guest called abort(): %.*s",
			 (int)strnlen(msg, len), msg);
	else
		run_stop(run, STOP_ABORT, "guest called abort()");
	return 0;
}
