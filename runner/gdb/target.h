/*
 * What the protocol side of the gdb stub (stub.c) asks of the thing it
 * debugs. run_target.c implements it over a run; unit tests use a fake.
 * CPUs are numbered from 0 (gdb's thread ids are cpu + 1).
 */
#ifndef RUNNER_GDB_TARGET_H
#define RUNNER_GDB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Z/z packet types. */
enum gdb_bp_type {
	GDB_BP_SW = 0,      /* software breakpoint (int3)          */
	GDB_BP_HW = 1,      /* hardware breakpoint (debug register) */
	GDB_WP_WRITE = 2,
	GDB_WP_READ = 3,
	GDB_WP_ACCESS = 4,
};

/* Why the target stopped: a stop reply. */
struct gdb_stop {
	bool exited;        /* the guest ended: "W status"            */
	int status;         /* its exit status                       */
	int signal;         /* else "T signal": 5 SIGTRAP, 2 SIGINT, ... */
	unsigned cpu;
	const char *reason; /* "swbreak", "hwbreak", "watch", "rwatch",
			     * "awatch" or NULL                       */
	uint64_t addr;      /* the data address of a watchpoint      */
};

struct gdb_target {
	void *ctx;
	unsigned (*cpus)(void *ctx);
	/* Register r (regs.h) of cpu into/from val (gdb_reg_size bytes,
	 * little-endian). 0, or -1 if it cannot be read or written. */
	int (*read_reg)(void *ctx, unsigned cpu, unsigned r, uint8_t *val);
	int (*write_reg)(void *ctx, unsigned cpu, unsigned r,
			 const uint8_t *val);
	/* Guest virtual memory as cpu sees it. Return the bytes done,
	 * stopping at the first unmapped one. */
	size_t (*read_mem)(void *ctx, unsigned cpu, uint64_t addr, void *buf,
			   size_t len);
	size_t (*write_mem)(void *ctx, unsigned cpu, uint64_t addr,
			    const void *buf, size_t len);
	/* Insert or remove a breakpoint or watchpoint: 0, -1 (error), or 1
	 * (this type is not supported). */
	int (*breakpoint)(void *ctx, enum gdb_bp_type type, uint64_t addr,
			  uint64_t kind, bool insert);
	/* Run (or single-step cpu) until something stops the guest, asking
	 * interrupted(arg) now and then whether gdb wants it stopped. */
	void (*resume)(void *ctx, unsigned cpu, bool step,
		       bool (*interrupted)(void *arg), void *arg,
		       struct gdb_stop *stop);
	/* A "monitor" command: write the answer to out. */
	void (*monitor)(void *ctx, const char *cmd, FILE *out);
	void (*kill)(void *ctx);
	/* Remove every breakpoint and let the guest run on to its end. */
	void (*detach)(void *ctx);
	/* Called when a wait for gdb's next packet was interrupted by a
	 * signal: true if the host wants the run to end (a termination
	 * signal; the target has ended it), which closes the session. May
	 * be NULL. */
	bool (*host_stop)(void *ctx);
};

#endif
