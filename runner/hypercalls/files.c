/* Host files under --share DIR. Not implemented yet: every call reports
 * -KVMKIT_ENOSYS so a guest can tell. */
#include "hypercall.h"

#include <kvmkit/abi.h>

#include "run.h"

#define NOT_YET(name)                                                   \
	int64_t name(struct run *run, const uint64_t *args)             \
	{                                                               \
		(void)run;                                              \
		(void)args;                                             \
		return -KVMKIT_ENOSYS;                                  \
	}

NOT_YET(hc_file_open)
NOT_YET(hc_file_read)
NOT_YET(hc_file_write)
NOT_YET(hc_file_seek)
NOT_YET(hc_file_close)
NOT_YET(hc_file_stat)
