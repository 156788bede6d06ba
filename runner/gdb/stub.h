/*
 * The gdb remote serial protocol, all-stop mode, over any target
 * (target.h) and any pair of file descriptors (a socket, or stdin and
 * stdout for "target remote | runner --gdb - ...").
 */
#ifndef RUNNER_GDB_STUB_H
#define RUNNER_GDB_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "gdb/packet.h"
#include "gdb/target.h"

/* The most CPUs (gdb threads) a vCont packet addresses. */
#define GDB_MAX_CPUS 64

struct gdb_stub {
	const struct gdb_target *t;
	int in, out;
	struct gdb_rx rx;
	bool no_ack;          /* QStartNoAckMode                       */
	bool done;            /* detached, killed, or the guest ended   */
	bool detach;          /* D: let the guest go once OK is sent    */
	unsigned gcpu, ccpu;  /* Hg and Hc: the CPUs of g/m and of s/c   */
	struct gdb_stop last; /* for '?'                               */
	char reply[GDB_PACKET_MAX + 1];
	size_t reply_len;
	char frame[2 * GDB_PACKET_MAX + 8]; /* the last one sent, for '-' */
	size_t frame_len;
	char prev[GDB_PACKET_MAX + 1]; /* the last packet handled       */
};

void gdb_stub_init(struct gdb_stub *s, const struct gdb_target *t, int in,
		   int out);

/* Serve gdb until it detaches or kills, the guest ends, or the
 * connection closes (which kills the guest). */
void gdb_stub_serve(struct gdb_stub *s);

/* Handle one packet's payload (NUL-terminated, len bytes) and leave the
 * reply payload in s->reply (unframed). For tests and fuzzing. Returns
 * false when no reply is to be sent (k). */
bool gdb_stub_handle(struct gdb_stub *s, const char *pkt, size_t len);

#endif
