/* Host time for the guest. */
#include "hypercall.h"

#include <kvmkit/abi.h>
#include <string.h>
#include <time.h>

#include "run.h"

int64_t hc_time(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	clockid_t id;
	switch (args[0]) {
	case KVMKIT_CLOCK_REALTIME: id = CLOCK_REALTIME; break;
	case KVMKIT_CLOCK_MONOTONIC: id = CLOCK_MONOTONIC; break;
	default: return -KVMKIT_EINVAL;
	}
	/* Copied, not stored through a pointer: the guest's buffer need not
	 * be aligned. */
	void *dst = hc_guest_buffer(run, args[1], sizeof(struct kvmkit_timespec));
	if (!dst)
		return -KVMKIT_EFAULT;
	struct timespec ts;
	if (clock_gettime(id, &ts) < 0)
		return -KVMKIT_EIO;
	struct kvmkit_timespec out = { ts.tv_sec, ts.tv_nsec };
	memcpy(dst, &out, sizeof(out));
	return 0;
}
