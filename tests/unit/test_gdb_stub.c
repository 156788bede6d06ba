/*
 * The gdb stub's protocol side with no KVM: the packet decoder (checksums,
 * acks, interrupts, truncation, overlong packets), reply framing, and the
 * packet handler against a fake target (registers, memory with a hole,
 * breakpoints). Ends with a deterministic fuzz loop: random bytes and
 * mutated valid packets must never crash the decoder or the handler.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gdb/packet.h"
#include "gdb/regs.h"
#include "gdb/stub.h"

/* ------------------------------------------------------------ decoder */

static enum gdb_rx_event feed(struct gdb_rx *rx, const char *bytes,
			      size_t len)
{
	enum gdb_rx_event last = GDB_RX_NONE;
	for (size_t i = 0; i < len; i++) {
		enum gdb_rx_event e = gdb_rx_byte(rx, (uint8_t)bytes[i]);
		if (e != GDB_RX_NONE)
			last = e;
	}
	return last;
}

static void test_decode_good_packet(void **state)
{
	(void)state;
	struct gdb_rx rx;
	gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
	assert_string_equal(rx.data, "g");
	assert_int_equal(feed(&rx, "$m100000,4#ee", 13), GDB_RX_PACKET);
	assert_string_equal(rx.data, "m100000,4");
	assert_int_equal(feed(&rx, "$?#3F", 5), GDB_RX_PACKET); /* upper-case hex */
}

static void test_decode_bad_checksums(void **state)
{
	(void)state;
	struct gdb_rx rx;
	gdb_rx_init(&rx);
	assert_int_equal(feed(&rx, "$g#68", 5), GDB_RX_BAD);
	assert_int_equal(feed(&rx, "$g#zz", 5), GDB_RX_BAD);
	assert_int_equal(feed(&rx, "$g#6", 4), GDB_RX_NONE); /* still waiting */
	assert_int_equal(feed(&rx, "x", 1), GDB_RX_BAD);
	/* and it recovers */
	assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
}

static void test_decode_controls(void **state)
{
	(void)state;
	struct gdb_rx rx;
	gdb_rx_init(&rx);
	assert_int_equal(gdb_rx_byte(&rx, '+'), GDB_RX_ACK);
	assert_int_equal(gdb_rx_byte(&rx, '-'), GDB_RX_NAK);
	assert_int_equal(gdb_rx_byte(&rx, 0x03), GDB_RX_INTERRUPT);
	assert_int_equal(gdb_rx_byte(&rx, 'q'), GDB_RX_NONE); /* noise */
	/* a packet cut short by a new '$' is dropped */
	assert_int_equal(feed(&rx, "$m10$g#67", 9), GDB_RX_PACKET);
	assert_string_equal(rx.data, "g");
}

static void test_decode_too_long(void **state)
{
	(void)state;
	struct gdb_rx rx;
	gdb_rx_init(&rx);
	size_t n = GDB_PACKET_MAX + 100;
	char *p = malloc(n + 5);
	uint8_t sum = 0;
	p[0] = '$';
	for (size_t i = 1; i <= n; i++) {
		p[i] = 'a';
		sum += 'a';
	}
	snprintf(p + n + 1, 4, "#%02x", sum);
	assert_int_equal(feed(&rx, p, n + 4), GDB_RX_BAD);
	free(p);
	assert_int_equal(feed(&rx, "$g#67", 5), GDB_RX_PACKET);
}

static void test_frame_escapes(void **state)
{
	(void)state;
	char out[64];
	size_t n = gdb_frame("OK", 2, out, sizeof(out));
	assert_int_equal(n, 6);
	assert_memory_equal(out, "$OK#9a", 6);
	/* '#', '$', '}' and '*' are escaped as '}' then c ^ 0x20 */
	n = gdb_frame("a*b", 3, out, sizeof(out));
	out[n] = 0;
	assert_string_equal(out, "$a}\nb#4a");
	/* and the decoder takes what the framer makes (escapes stay raw) */
	struct gdb_rx rx;
	gdb_rx_init(&rx);
	n = gdb_frame("T05thread:1;", 12, out, sizeof(out));
	assert_int_equal(feed(&rx, out, n), GDB_RX_PACKET);
	assert_string_equal(rx.data, "T05thread:1;");
	assert_int_equal(gdb_frame("abc", 3, out, 6), 0); /* no room */
}

static void test_hex(void **state)
{
	(void)state;
	const char *p = "1aF,";
	uint64_t v;
	assert_true(gdb_parse_hex(&p, &v));
	assert_int_equal(v, 0x1af);
	assert_string_equal(p, ",");
	p = ",";
	assert_false(gdb_parse_hex(&p, &v));
	p = "11112222333344445";
	assert_false(gdb_parse_hex(&p, &v)); /* 17 digits */
	p = "ffffffff80000001"; /* 16 digits: a whole 64-bit address */
	assert_true(gdb_parse_hex(&p, &v));
	assert_int_equal(v, 0xffffffff80000001ull);
	uint8_t b[3];
	assert_true(gdb_hex_decode("00ff7f", b, 3));
	assert_int_equal(b[1], 0xff);
	assert_false(gdb_hex_decode("00f", b, 2)); /* stops at the NUL */
	assert_false(gdb_hex_decode("0g", b, 1));
	char hex[7];
	gdb_hex_encode(b, 3, hex);
	assert_string_equal(hex, "00ff7f");
}

/* ------------------------------------------------------------ handler */

/* A fake target: 64 KiB of memory at 0x100000 (with nothing around it),
 * registers that remember what is written. */
#define MEM_BASE 0x100000u
#define MEM_SIZE 0x10000u

struct fake {
	uint8_t mem[MEM_SIZE];
	uint8_t regs[GDB_NREGS][16];
	int breakpoints;
	bool killed, detached;
};

static unsigned fake_cpus(void *ctx)
{
	(void)ctx;
	return 2;
}

static int fake_read_reg(void *ctx, unsigned cpu, unsigned r, uint8_t *val)
{
	struct fake *f = ctx;
	(void)cpu;
	memcpy(val, f->regs[r], gdb_reg_size(r));
	return 0;
}

static int fake_write_reg(void *ctx, unsigned cpu, unsigned r,
			  const uint8_t *val)
{
	struct fake *f = ctx;
	(void)cpu;
	memcpy(f->regs[r], val, gdb_reg_size(r));
	return 0;
}

/* The bytes of [addr, addr + len) the fake has, or 0. */
static size_t fake_room(uint64_t addr, size_t len)
{
	if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE)
		return 0;
	return MEM_BASE + MEM_SIZE - addr < len ? MEM_BASE + MEM_SIZE - addr : len;
}

static size_t fake_read_mem(void *ctx, unsigned cpu, uint64_t addr,
			    void *buf, size_t len)
{
	struct fake *f = ctx;
	size_t n = fake_room(addr, len);
	(void)cpu;
	if (n)
		memcpy(buf, f->mem + (addr - MEM_BASE), n);
	return n;
}

static size_t fake_write_mem(void *ctx, unsigned cpu, uint64_t addr,
			     const void *buf, size_t len)
{
	struct fake *f = ctx;
	size_t n = fake_room(addr, len);
	(void)cpu;
	if (n)
		memcpy(f->mem + (addr - MEM_BASE), buf, n);
	return n;
}

static int fake_breakpoint(void *ctx, enum gdb_bp_type type, uint64_t addr,
			   uint64_t kind, bool insert)
{
	struct fake *f = ctx;
	(void)addr;
	(void)kind;
	if (type == GDB_WP_READ)
		return 1;
	f->breakpoints += insert ? 1 : -1;
	return 0;
}

static void fake_resume(void *ctx, unsigned cpu, bool step,
			bool (*interrupted)(void *), void *arg,
			struct gdb_stop *stop)
{
	(void)ctx;
	(void)interrupted;
	(void)arg;
	memset(stop, 0, sizeof(*stop));
	stop->cpu = cpu;
	stop->signal = step ? 5 : 11;
}

static void fake_monitor(void *ctx, const char *cmd, FILE *out)
{
	(void)ctx;
	fprintf(out, "you said %s", cmd);
}

static void fake_kill(void *ctx)
{
	((struct fake *)ctx)->killed = true;
}

static void fake_detach(void *ctx)
{
	((struct fake *)ctx)->detached = true;
}

static struct fake fake;
static const struct gdb_target fake_target = {
	.ctx = &fake, .cpus = fake_cpus, .read_reg = fake_read_reg,
	.write_reg = fake_write_reg, .read_mem = fake_read_mem,
	.write_mem = fake_write_mem, .breakpoint = fake_breakpoint,
	.resume = fake_resume, .monitor = fake_monitor, .kill = fake_kill,
	.detach = fake_detach,
};

static const char *ask(struct gdb_stub *s, const char *pkt)
{
	gdb_stub_handle(s, pkt, strlen(pkt));
	s->reply[s->reply_len] = 0;
	return s->reply;
}

static void test_handler(void **state)
{
	(void)state;
	struct gdb_stub s;
	memset(&fake, 0, sizeof(fake));
	gdb_stub_init(&s, &fake_target, -1, -1);

	assert_string_equal(ask(&s, "?"), "T05thread:1;");
	assert_non_null(strstr(ask(&s, "qSupported:multiprocess+"),
			       "qXfer:features:read+"));
	/* memory: read, write, unmapped, malformed */
	fake.mem[0] = 0xfc;
	assert_string_equal(ask(&s, "m100000,2"), "fc00");
	assert_string_equal(ask(&s, "M100001,2:abcd"), "OK");
	assert_string_equal(ask(&s, "m100000,3"), "fcabcd");
	assert_string_equal(ask(&s, "m0,4"), "E0e");
	assert_string_equal(ask(&s, "m10fffe,4"), "0000"); /* partial */
	assert_string_equal(ask(&s, "m100000,0"), ""); /* nothing asked */
	assert_string_equal(ask(&s, "M0,1:00"), "E0e");
	assert_string_equal(ask(&s, "mq,4"), "E16");
	assert_string_equal(ask(&s, "M100000,2:ab"), "E16");
	/* registers: one, all, bad numbers */
	assert_string_equal(ask(&s, "P10=efbeadde00000000"), "OK"); /* rip */
	assert_string_equal(ask(&s, "p10"), "efbeadde00000000");
	/* target.xml's registers, in bytes: 16 GPRs and rip (8 each),
	 * eflags and 6 selectors (4), st0-7 (10), 8 x87 control (4), xmm0-15
	 * (16), mxcsr (4), fs_base, gs_base, cr0/2/3/4/8, efer (8): 600, in
	 * hex 1200 characters, with rip at byte 128. */
	assert_int_equal(strlen(ask(&s, "g")), 1200);
	assert_memory_equal(ask(&s, "g") + 2 * 128, "efbeadde00000000", 16);
	/* A G with fewer registers than the stub knows (gdb may send only
	 * the general ones) writes those, from the first. */
	assert_string_equal(ask(&s, "G0102030405060708"), "OK");
	assert_string_equal(ask(&s, "p0"), "0102030405060708");
	assert_string_equal(ask(&s, "p10"), "efbeadde00000000");
	assert_string_equal(ask(&s, "p999"), "E16");
	assert_string_equal(ask(&s, "P10=ef"), "E16");
	/* breakpoints */
	assert_string_equal(ask(&s, "Z0,100000,1"), "OK");
	assert_int_equal(fake.breakpoints, 1);
	assert_string_equal(ask(&s, "z0,100000,1"), "OK");
	assert_string_equal(ask(&s, "Z3,100000,4"), ""); /* unsupported */
	assert_string_equal(ask(&s, "Z7,100000,4"), "");
	assert_string_equal(ask(&s, "Z0,100000"), "E16");
	/* threads: cpu + 1 */
	assert_string_equal(ask(&s, "qfThreadInfo"), "m1,2");
	assert_string_equal(ask(&s, "qsThreadInfo"), "l");
	assert_string_equal(ask(&s, "Hg2"), "OK");
	assert_string_equal(ask(&s, "qC"), "QC2");
	assert_string_equal(ask(&s, "Hg3"), "E16");
	assert_string_equal(ask(&s, "T2"), "OK");
	assert_string_equal(ask(&s, "T3"), "E03");
	/* resume: a stop reply naming the thread */
	assert_string_equal(ask(&s, "Hc1"), "OK");
	assert_string_equal(ask(&s, "s"), "T05thread:1;");
	assert_string_equal(ask(&s, "c"), "T0bthread:1;");
	assert_string_equal(ask(&s, "C0b"), "T0bthread:1;");
	assert_string_equal(ask(&s, "Cxx"), "E16");
	/* target description */
	const char *x = ask(&s, "qXfer:features:read:target.xml:0,40");
	assert_int_equal(x[0], 'm');
	assert_int_equal(strlen(x), 1 + 0x40);
	assert_string_equal(ask(&s, "qXfer:features:read:target.xml:fffff,10"), "l");
	assert_string_equal(ask(&s, "qXfer:features:read:other.xml:0,10"), "E02");
	/* Read in pieces as gdb does: every piece but the one that ends the
	 * document is marked 'm' (more); that one 'l' (last), or gdb asks
	 * again for an empty piece. */
	char doc[8192] = "";
	size_t got = 0;
	for (;;) {
		char pkt[64];
		snprintf(pkt, sizeof(pkt), "qXfer:features:read:target.xml:%zx,100", got);
		const char *piece = ask(&s, pkt);
		size_t n = strlen(piece + 1);
		assert_true(n > 0);
		assert_true(got + n < sizeof(doc));
		memcpy(doc + got, piece + 1, n + 1);
		got += n;
		if (piece[0] == 'l')
			break;
		assert_int_equal(piece[0], 'm');
		assert_int_equal(n, 0x100);
	}
	assert_memory_equal(doc, "<?xml", 5);
	assert_string_equal(doc + got - strlen("</target>\n"), "</target>\n");
	/* monitor: hex in, hex out */
	assert_string_equal(ask(&s, "qRcmd,6869"), "796f752073616964206869");
	/* NUL inside a packet */
	assert_int_equal(gdb_stub_handle(&s, "m1\0", 3), true);
	assert_string_equal(s.reply, "E16");
	/* vCont: the leftmost action naming a thread is its action */
	assert_string_equal(ask(&s, "vCont?"), "vCont;c;C;s;S;t");
	assert_string_equal(ask(&s, "vCont;c"), "T0bthread:1;");
	assert_string_equal(ask(&s, "vCont;s:2;c"), "T05thread:2;");
	assert_string_equal(ask(&s, "qC"), "QC2"); /* g follows the stop */
	assert_string_equal(ask(&s, "vCont;c:1;s"), "T05thread:2;");
	assert_string_equal(ask(&s, "vCont;S05:1"), "T05thread:1;");
	assert_string_equal(ask(&s, "vCont;C0b:2;t"), "T0bthread:2;");
	assert_string_equal(ask(&s, "vCont;t:1;c:-1"), "T0bthread:2;");
	assert_string_equal(ask(&s, "vCont;t"), "T00thread:2;"); /* no-op */
	assert_string_equal(ask(&s, "vCont;s:1;s:2"), "E16"); /* two steps */
	assert_string_equal(ask(&s, "vCont;c:3"), "E16"); /* no thread 3 */
	assert_string_equal(ask(&s, "vCont;x"), "E16");
	assert_string_equal(ask(&s, "vCont;c:"), "E16");
	assert_string_equal(ask(&s, "vCont;cx"), "E16");
	assert_string_equal(ask(&s, "vCont;Cz"), "E16");
	assert_string_equal(ask(&s, "vCont"), "E16");
	assert_string_equal(ask(&s, "vCont;"), "E16");
	/* unknown packets: empty */
	assert_string_equal(ask(&s, "vMustReplyEmpty"), "");
	assert_string_equal(ask(&s, "!"), "");
	/* detach and kill */
	assert_false(fake.killed);
	assert_false(gdb_stub_handle(&s, "k", 1));
	assert_true(fake.killed);
}

/* ------------------------------------------------------------ serve */

/* Serve what gdb "sent" (all of it written before the stub reads) and
 * return how many answers ('$' frames) came back. */
static int serve_count(const char *sent, size_t len)
{
	int in[2], out[2];
	struct gdb_stub s;
	static char back[65536];
	assert_int_equal(pipe(in), 0);
	assert_int_equal(pipe(out), 0);
	assert_true(write(in[1], sent, len) == (ssize_t)len);
	close(in[1]);
	memset(&fake, 0, sizeof(fake));
	gdb_stub_init(&s, &fake_target, in[0], out[1]);
	gdb_stub_serve(&s); /* to the end of input, which kills */
	close(out[1]);
	ssize_t n = read(out[0], back, sizeof(back) - 1);
	assert_true(n >= 0);
	close(in[0]);
	close(out[0]);
	int answers = 0;
	for (ssize_t i = 0; i < n; i++)
		answers += back[i] == '$';
	return answers;
}

static void test_retransmissions(void **state)
{
	(void)state;
	/* gdb's first packet sent 4 times while the runner started: one
	 * answer, then the next packet gets its own */
	const char boot[] = "$qSupported:swbreak+#8b$qSupported:swbreak+#8b"
			    "$qSupported:swbreak+#8b$qSupported:swbreak+#8b$?#3f";
	assert_int_equal(serve_count(boot, sizeof(boot) - 1), 2);
	assert_true(fake.killed);
	/* different packets in one read: each answered */
	const char two[] = "$?#3f$g#67$?#3f";
	assert_int_equal(serve_count(two, sizeof(two) - 1), 3);
	/* the same packet again in a later read: answered (gdb had our
	 * answer), unless it is qSupported */
	static char later[8192];
	memset(later, 'x', sizeof(later)); /* noise between packets */
	memcpy(later, "$?#3f", 5);
	memcpy(later + 4096, "$?#3f", 5);
	assert_int_equal(serve_count(later, 4101), 2);
	memcpy(later, "$qSupported:swbreak+#8b", 23);
	memcpy(later + 4096, "$qSupported:swbreak+#8b", 23);
	assert_int_equal(serve_count(later, 4096 + 23), 1);
}

/* ------------------------------------------------------------ fuzz */

static const char *const seeds[] = {
	"g", "G00", "p10", "P10=0011223344556677", "m100000,10",
	"M100000,2:0102", "Z0,100000,1", "z2,100010,4", "c", "s", "C05;100000",
	"Hg1", "Hc-1", "T1", "qSupported", "qXfer:features:read:target.xml:0,ffff",
	"qRcmd,65786974", "qfThreadInfo", "?", "D", "vCont?", "vCont;s:1;c",
	"vCont;C05:2;t",
};

static void test_fuzz(void **state)
{
	(void)state;
	struct gdb_stub s;
	struct gdb_rx rx;
	char buf[GDB_PACKET_MAX + 64];
	unsigned seed = 12345;
	memset(&fake, 0, sizeof(fake));
	gdb_rx_init(&rx);
	for (int round = 0; round < 200000; round++) {
		gdb_stub_init(&s, &fake_target, -1, -1);
		seed = seed * 1103515245u + 12345u;
		size_t len;
		if (seed & 0x10000) { /* a mutated seed packet */
			const char *p = seeds[(seed >> 4) % (sizeof(seeds) / sizeof(seeds[0]))];
			len = strlen(p);
			memcpy(buf, p, len);
			for (int m = 0; m < 3; m++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % (len + 1);
				if (at < len)
					buf[at] = (char)(seed >> 20);
				else if (len < sizeof(buf) - 1)
					buf[len++] = (char)(seed >> 20);
			}
			if ((seed >> 3) & 1)
				len = (seed >> 12) % (len + 1); /* truncate */
		} else { /* random bytes */
			len = (seed >> 8) % 64;
			for (size_t i = 0; i < len; i++) {
				seed = seed * 1103515245u + 12345u;
				buf[i] = (char)(seed >> 16);
			}
		}
		buf[len] = 0;
		/* the handler takes whatever the decoder could deliver */
		gdb_stub_handle(&s, buf, len);
		assert_true(s.reply_len < sizeof(s.reply));
		feed(&rx, buf, len);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_good_packet),
		cmocka_unit_test(test_decode_bad_checksums),
		cmocka_unit_test(test_decode_controls),
		cmocka_unit_test(test_decode_too_long),
		cmocka_unit_test(test_frame_escapes),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_handler),
		cmocka_unit_test(test_retransmissions),
		cmocka_unit_test(test_fuzz),
	};
	return cmocka_run_group_tests_name("gdb stub", tests, NULL, NULL);
}
