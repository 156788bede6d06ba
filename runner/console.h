/*
 * The guest's console: bytes it writes to port 0xE9 or with the
 * console-write hypercall go to the runner's stdout.
 */
#ifndef RUNNER_CONSOLE_H
#define RUNNER_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console {
	int fd;
	/* Byte-at-a-time port output is gathered here and written a line at
	 * a time, so one OUT per byte does not cost one write(2) per byte. */
	char buf[4096];
	size_t used;
	uint64_t bytes;      /* total bytes the guest wrote */
	int error;           /* errno of the first failed write, or 0 */
	bool may_block;      /* fd is not a regular file: wait before writes */
	double deadline;     /* writes never wait past it (CLOCK_MONOTONIC) */
	/* Written before each line when several guests share one output
	 * (docs/multi-vm.md); "" for none. Lines then always go through buf,
	 * so a line is written whole and never mixes with another guest's. */
	char prefix[32];
	int mid_line;        /* the last byte written was not a newline */
};

void console_init(struct console *c, int fd);
/* Queue bytes from port output; written at a newline or when full. */
void console_put(struct console *c, const void *data, size_t len);
/* Write a whole buffer now (after what is queued). Returns 0 or -1. */
int console_write(struct console *c, const void *data, size_t len);
void console_flush(struct console *c);
/* Start every line with prefix (truncated to fit), e.g. "[1] ". */
void console_set_prefix(struct console *c, const char *prefix);

#endif
