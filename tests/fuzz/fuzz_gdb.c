/*
 * libFuzzer harness for the gdb stub's protocol side: the input is the byte
 * stream gdb would send. It goes through the packet decoder, and every
 * packet it delivers through the packet handler, over a fake target with
 * 64 KiB of memory at 0x100000 and nothing around it (the handler's
 * replies must stay inside their buffer, whatever comes in).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gdb/packet.h"
#include "gdb/regs.h"
#include "gdb/stub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MEM_BASE 0x100000u
#define MEM_SIZE 0x10000u

static uint8_t mem[MEM_SIZE];
static uint8_t regs[GDB_NREGS][16];

static unsigned cpus(void *ctx)
{
	(void)ctx;
	return 2;
}

static int read_reg(void *ctx, unsigned cpu, unsigned r, uint8_t *val)
{
	(void)ctx;
	(void)cpu;
	memcpy(val, regs[r], gdb_reg_size(r));
	return 0;
}

static int write_reg(void *ctx, unsigned cpu, unsigned r, const uint8_t *val)
{
	(void)ctx;
	(void)cpu;
	memcpy(regs[r], val, gdb_reg_size(r));
	return 0;
}

static size_t room(uint64_t addr, size_t len)
{
	if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE)
		return 0;
	return MEM_BASE + MEM_SIZE - addr < len ? MEM_BASE + MEM_SIZE - addr : len;
}

static size_t read_mem(void *ctx, unsigned cpu, uint64_t addr, void *buf,
		       size_t len)
{
	size_t n = room(addr, len);
	(void)ctx;
	(void)cpu;
	if (n)
		memcpy(buf, mem + (addr - MEM_BASE), n);
	return n;
}

static size_t write_mem(void *ctx, unsigned cpu, uint64_t addr,
			const void *buf, size_t len)
{
	size_t n = room(addr, len);
	(void)ctx;
	(void)cpu;
	if (n)
		memcpy(mem + (addr - MEM_BASE), buf, n);
	return n;
}

static int breakpoint(void *ctx, enum gdb_bp_type type, uint64_t addr,
		      uint64_t kind, bool insert)
{
	(void)ctx;
	(void)addr;
	(void)kind;
	(void)insert;
	return type == GDB_WP_READ ? 1 : 0;
}

static void resume(void *ctx, unsigned cpu, bool step,
		   bool (*interrupted)(void *), void *arg, struct gdb_stop *stop)
{
	(void)ctx;
	(void)interrupted;
	(void)arg;
	memset(stop, 0, sizeof(*stop));
	stop->cpu = cpu;
	stop->signal = step ? 5 : 2;
}

static void monitor(void *ctx, const char *cmd, FILE *out)
{
	(void)ctx;
	fprintf(out, "%s", cmd);
}

static void nothing(void *ctx)
{
	(void)ctx;
}

static const struct gdb_target target = {
	.cpus = cpus, .read_reg = read_reg, .write_reg = write_reg,
	.read_mem = read_mem, .write_mem = write_mem,
	.breakpoint = breakpoint, .resume = resume, .monitor = monitor,
	.kill = nothing, .detach = nothing,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdb_stub s;
	gdb_stub_init(&s, &target, -1, -1);
	for (size_t i = 0; i < size; i++) {
		if (gdb_rx_byte(&s.rx, data[i]) != GDB_RX_PACKET)
			continue;
		gdb_stub_handle(&s, s.rx.data, s.rx.len);
		if (s.reply_len >= sizeof(s.reply))
			__builtin_trap();
		/* and the reply must frame */
		s.frame_len = gdb_frame(s.reply, s.reply_len, s.frame,
					sizeof(s.frame));
		if (s.frame_len == 0)
			__builtin_trap();
	}
	return 0;
}
