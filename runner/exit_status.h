/*
 * The runner's own exit statuses. The status says how the run ended, not
 * the guest's result (that is reported, and checked with --expect).
 * A guest that calls exit(n) makes the runner exit with n (n & 0xff), and
 * with --status result so does a guest that halts with result n; the
 * codes below are reserved for the runner, so a guest should avoid them
 * (the report's "stopped:" line always tells which it was).
 * Keep README.md's table in step.
 */
#ifndef RUNNER_EXIT_STATUS_H
#define RUNNER_EXIT_STATUS_H

enum runner_exit_status {
	EXIT_STATUS_OK = 0,             /* guest halted; --expect met          */
	EXIT_STATUS_MISMATCH = 120,     /* result differs from --expect        */
	EXIT_STATUS_GUEST_FAULT = 121,  /* CPU exception or triple fault       */
	EXIT_STATUS_UNHANDLED = 122,    /* VM exit the runner does not serve   */
	EXIT_STATUS_TIMEOUT = 124,      /* --timeout expired                   */
	EXIT_STATUS_RUNNER_ERROR = 125, /* usage, KVM or host failure          */
	EXIT_STATUS_BAD_IMAGE = 126,    /* image missing, unreadable, refused  */
	EXIT_STATUS_KILLED = 137,       /* gdb killed the guest (128 + SIGKILL) */
};

#endif
