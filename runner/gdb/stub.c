#include "gdb/stub.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gdb/regs.h"

void gdb_stub_init(struct gdb_stub *s, const struct gdb_target *t, int in,
		   int out)
{
	memset(s, 0, sizeof(*s));
	s->t = t;
	s->in = in;
	s->out = out;
	gdb_rx_init(&s->rx);
	/* Before its first instruction the guest is stopped as if by a
	 * breakpoint: what '?' answers until it runs. */
	s->last.signal = 5;
}

/* ------------------------------------------------------------ replies */

static void reply(struct gdb_stub *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void reply(struct gdb_stub *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(s->reply, sizeof(s->reply), fmt, ap);
	va_end(ap);
	s->reply_len = n < 0 ? 0 :
		       (size_t)n < sizeof(s->reply) ? (size_t)n :
						      sizeof(s->reply) - 1;
}

static void reply_error(struct gdb_stub *s, int errnum)
{
	reply(s, "E%02x", errnum & 0xff);
}

static void reply_stop(struct gdb_stub *s, const struct gdb_stop *st)
{
	s->last = *st;
	if (st->exited) {
		reply(s, "W%02x", st->status & 0xff);
		return;
	}
	char extra[64] = "";
	if (st->reason && (!strcmp(st->reason, "watch") ||
			   !strcmp(st->reason, "rwatch") ||
			   !strcmp(st->reason, "awatch")))
		snprintf(extra, sizeof(extra), "%s:%" PRIx64 ";", st->reason,
			 st->addr);
	else if (st->reason)
		snprintf(extra, sizeof(extra), "%s:;", st->reason);
	reply(s, "T%02xthread:%x;%s", st->signal & 0xff, st->cpu + 1, extra);
}

/* ------------------------------------------------------------ parsing */

/* "ADDR,LEN" then terminator `end` (0 for end of packet). */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len,
			   char end)
{
	if (!gdb_parse_hex(p, addr) || **p != ',')
		return false;
	(*p)++;
	if (!gdb_parse_hex(p, len) || **p != end)
		return false;
	if (end)
		(*p)++;
	return true;
}

/* A thread id of H/T packets: -1 (all), 0 (any) or cpu + 1. Sets *cpu
 * (unchanged for -1 and 0). */
static bool parse_thread(const struct gdb_stub *s, const char *p,
			 unsigned *cpu)
{
	uint64_t id;
	if (!strcmp(p, "-1") || !strcmp(p, "0"))
		return true;
	if (!gdb_parse_hex(&p, &id) || *p || id == 0 ||
	    id > s->t->cpus(s->t->ctx))
		return false;
	*cpu = (unsigned)(id - 1);
	return true;
}

/* ------------------------------------------------------------ packets */

static void read_all_regs(struct gdb_stub *s)
{
	uint8_t val[16];
	size_t n = 0;
	for (unsigned r = 0; r < GDB_NREGS; r++) {
		size_t size = gdb_reg_size(r);
		if (s->t->read_reg(s->t->ctx, s->gcpu, r, val) < 0) {
			reply_error(s, EIO);
			return;
		}
		gdb_hex_encode(val, size, s->reply + n);
		n += 2 * size;
	}
	s->reply_len = n;
}

static void write_all_regs(struct gdb_stub *s, const char *hex, size_t len)
{
	uint8_t val[16];
	size_t need = 0;
	for (unsigned r = 0; r < GDB_NREGS; r++)
		need += 2 * gdb_reg_size(r);
	/* gdb may send fewer registers than it knows: write those given. */
	if (len > need || len % 2) {
		reply_error(s, EINVAL);
		return;
	}
	for (unsigned r = 0; r < GDB_NREGS; r++) {
		size_t size = gdb_reg_size(r);
		if (len < 2 * size)
			break;
		if (!gdb_hex_decode(hex, val, size)) {
			reply_error(s, EINVAL);
			return;
		}
		if (s->t->write_reg(s->t->ctx, s->gcpu, r, val) < 0) {
			reply_error(s, EIO);
			return;
		}
		hex += 2 * size;
		len -= 2 * size;
	}
	reply(s, "OK");
}

static void read_one_reg(struct gdb_stub *s, const char *p)
{
	uint64_t r;
	uint8_t val[16];
	if (!gdb_parse_hex(&p, &r) || *p || r >= GDB_NREGS) {
		reply_error(s, EINVAL);
		return;
	}
	if (s->t->read_reg(s->t->ctx, s->gcpu, (unsigned)r, val) < 0) {
		reply_error(s, EIO);
		return;
	}
	gdb_hex_encode(val, gdb_reg_size((unsigned)r), s->reply);
	s->reply_len = 2 * gdb_reg_size((unsigned)r);
}

static void write_one_reg(struct gdb_stub *s, const char *p)
{
	uint64_t r;
	uint8_t val[16];
	if (!gdb_parse_hex(&p, &r) || *p != '=' || r >= GDB_NREGS) {
		reply_error(s, EINVAL);
		return;
	}
	p++;
	size_t size = gdb_reg_size((unsigned)r);
	if (strlen(p) != 2 * size || !gdb_hex_decode(p, val, size)) {
		reply_error(s, EINVAL);
		return;
	}
	if (s->t->write_reg(s->t->ctx, s->gcpu, (unsigned)r, val) < 0)
		reply_error(s, EIO);
	else
		reply(s, "OK");
}

static void read_memory(struct gdb_stub *s, const char *p)
{
	uint64_t addr, len;
	uint8_t buf[GDB_PACKET_MAX / 2];
	if (!parse_addr_len(&p, &addr, &len, 0)) {
		reply_error(s, EINVAL);
		return;
	}
	if (len > sizeof(buf))
		len = sizeof(buf); /* gdb asks again for the rest */
	size_t got = s->t->read_mem(s->t->ctx, s->gcpu, addr, buf, len);
	if (got == 0 && len > 0) {
		reply_error(s, EFAULT);
		return;
	}
	gdb_hex_encode(buf, got, s->reply);
	s->reply_len = 2 * got;
}

static void write_memory(struct gdb_stub *s, const char *p)
{
	uint64_t addr, len;
	uint8_t buf[GDB_PACKET_MAX / 2];
	if (!parse_addr_len(&p, &addr, &len, ':') || len > sizeof(buf) ||
	    strlen(p) != 2 * len || !gdb_hex_decode(p, buf, len)) {
		reply_error(s, EINVAL);
		return;
	}
	if (s->t->write_mem(s->t->ctx, s->gcpu, addr, buf, len) != len)
		reply_error(s, EFAULT);
	else
		reply(s, "OK");
}

static void breakpoint(struct gdb_stub *s, const char *p, bool insert)
{
	uint64_t type, addr, kind;
	if (!gdb_parse_hex(&p, &type) || *p != ',') {
		reply_error(s, EINVAL);
		return;
	}
	p++;
	/* "kind" may be followed by ";cond..." lists we do not support */
	if (!gdb_parse_hex(&p, &addr) || *p != ',' ||
	    (p++, !gdb_parse_hex(&p, &kind)) || (*p && *p != ';')) {
		reply_error(s, EINVAL);
		return;
	}
	if (type > GDB_WP_ACCESS) {
		reply(s, "%s", "");
		return;
	}
	int rc = s->t->breakpoint(s->t->ctx, (enum gdb_bp_type)type, addr,
				  kind, insert);
	if (rc > 0)
		reply(s, "%s", ""); /* not supported: gdb uses another way */
	else if (rc < 0)
		reply_error(s, ENOSPC);
	else
		reply(s, "OK");
}

/* Poll the connection for a 0x03 while the guest runs. */
static bool interrupted(void *arg)
{
	struct gdb_stub *s = arg;
	uint8_t buf[256];
	struct pollfd p = { s->in, POLLIN, 0 };
	if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
		return false;
	ssize_t n = read(s->in, buf, sizeof(buf));
	if (n == 0) {
		s->done = true; /* gdb went away: stop, then kill */
		return true;
	}
	for (ssize_t i = 0; i < n; i++) {
		/* In all-stop mode gdb sends nothing else while the guest
		 * runs; anything else is dropped. */
		if (gdb_rx_byte(&s->rx, buf[i]) == GDB_RX_INTERRUPT)
			return true;
	}
	return false;
}

static void resume(struct gdb_stub *s, const char *p, bool step)
{
	struct gdb_stop st;
	if (*p) { /* c ADDR / s ADDR: resume at ADDR */
		uint64_t addr;
		uint8_t val[8];
		if (!gdb_parse_hex(&p, &addr) || *p) {
			reply_error(s, EINVAL);
			return;
		}
		memcpy(val, &addr, 8);
		if (s->t->write_reg(s->t->ctx, s->ccpu, GDB_RIP, val) < 0) {
			reply_error(s, EIO);
			return;
		}
	}
	memset(&st, 0, sizeof(st));
	s->t->resume(s->t->ctx, s->ccpu, step, interrupted, s, &st);
	if (st.exited)
		s->done = true;
	if (s->done && !st.exited) { /* the connection closed meanwhile */
		s->t->kill(s->t->ctx);
		return;
	}
	reply_stop(s, &st);
	s->gcpu = st.cpu;
}

/*
 * vCont;ACTION[:TID]...: the leftmost action naming a thread applies to
 * it, an action without a TID to every thread not named before. Actions:
 * c and C sig (continue), s and S sig (step), t (stop: a no-op in
 * all-stop mode). The target resumes all CPUs at once, stepping at most
 * one of them: the first CPU whose action is a step, else the first that
 * continues; a step on several CPUs at once is refused.
 */
static void vcont(struct gdb_stub *s, const char *p)
{
	enum { NONE, STOP, CONT, STEP };
	unsigned cpus = s->t->cpus(s->t->ctx);
	unsigned char action[GDB_MAX_CPUS];
	if (cpus > GDB_MAX_CPUS)
		cpus = GDB_MAX_CPUS;
	memset(action, NONE, sizeof(action));
	if (*p != ';') {
		reply_error(s, EINVAL);
		return;
	}
	while (*p == ';') {
		p++;
		int a;
		switch (*p++) {
		case 'c': a = CONT; break;
		case 's': a = STEP; break;
		case 't': a = STOP; break;
		case 'C': case 'S': {
			uint64_t sig; /* a guest has no signals to deliver */
			a = p[-1] == 'C' ? CONT : STEP;
			if (!gdb_parse_hex(&p, &sig)) {
				reply_error(s, EINVAL);
				return;
			}
			break;
		}
		default:
			reply_error(s, EINVAL);
			return;
		}
		unsigned first = 0, last = cpus; /* the CPUs it names */
		if (*p == ':') {
			char tid[24];
			size_t n = strcspn(++p, ";");
			unsigned cpu = 0;
			if (n >= sizeof(tid)) {
				reply_error(s, EINVAL);
				return;
			}
			memcpy(tid, p, n);
			tid[n] = 0;
			p += n;
			if (!parse_thread(s, tid, &cpu) || cpu >= cpus) {
				reply_error(s, EINVAL);
				return;
			}
			if (strcmp(tid, "-1") && strcmp(tid, "0"))
				first = cpu, last = cpu + 1;
		}
		if (*p && *p != ';') {
			reply_error(s, EINVAL);
			return;
		}
		for (unsigned i = first; i < last; i++)
			if (action[i] == NONE)
				action[i] = (unsigned char)a;
	}
	int step = -1, cont = -1;
	for (unsigned i = 0; i < cpus; i++) {
		if (action[i] == STEP && step >= 0) {
			reply_error(s, EINVAL);
			return;
		}
		if (action[i] == STEP)
			step = (int)i;
		if (action[i] == CONT && cont < 0)
			cont = (int)i;
	}
	if (step < 0 && cont < 0) {
		/* nothing to run: every thread named stays stopped */
		reply(s, "T00thread:%x;", s->ccpu + 1);
		return;
	}
	s->ccpu = (unsigned)(step >= 0 ? step : cont);
	resume(s, "", step >= 0);
}

static void xfer_features(struct gdb_stub *s, const char *p)
{
	/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
	static const char annex[] = "target.xml:";
	uint64_t off, len;
	size_t size;
	const char *xml = gdb_target_xml(&size);
	if (strncmp(p, annex, sizeof(annex) - 1)) {
		reply_error(s, ENOENT);
		return;
	}
	p += sizeof(annex) - 1;
	if (!parse_addr_len(&p, &off, &len, 0)) {
		reply_error(s, EINVAL);
		return;
	}
	if (off >= size) {
		reply(s, "l");
		return;
	}
	/* framing may double a byte: keep within the packet */
	if (len > GDB_PACKET_MAX / 2 - 1)
		len = GDB_PACKET_MAX / 2 - 1;
	size_t n = size - off < len ? size - off : len;
	reply(s, "%c%.*s", off + n < size ? 'm' : 'l', (int)n, xml + off);
}

static void monitor(struct gdb_stub *s, const char *hex)
{
	char cmd[256];
	size_t n = strlen(hex) / 2;
	if (strlen(hex) % 2 || n >= sizeof(cmd) ||
	    !gdb_hex_decode(hex, (uint8_t *)cmd, n)) {
		reply_error(s, EINVAL);
		return;
	}
	cmd[n] = 0;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	if (!out) {
		reply_error(s, ENOMEM);
		return;
	}
	s->t->monitor(s->t->ctx, cmd, out);
	fclose(out);
	/* One reply: the output, hex-encoded (truncated to a packet). */
	if (size > (sizeof(s->reply) - 1) / 2)
		size = (sizeof(s->reply) - 1) / 2;
	if (size == 0) {
		reply(s, "OK");
	} else {
		gdb_hex_encode((const uint8_t *)text, size, s->reply);
		s->reply_len = 2 * size;
	}
	free(text);
}

static void query(struct gdb_stub *s, const char *p)
{
	if (!strncmp(p, "qSupported", 10)) {
		reply(s, "PacketSize=%x;qXfer:features:read+;swbreak+;"
			 "hwbreak+;QStartNoAckMode+", GDB_PACKET_MAX);
	} else if (!strncmp(p, "qXfer:features:read:", 20)) {
		xfer_features(s, p + 20);
	} else if (!strcmp(p, "qfThreadInfo")) {
		int n = snprintf(s->reply, sizeof(s->reply), "m");
		unsigned cpus = s->t->cpus(s->t->ctx);
		for (unsigned i = 0; i < cpus && n < (int)sizeof(s->reply) - 12; i++)
			n += snprintf(s->reply + n, sizeof(s->reply) - (size_t)n,
				      "%s%x", i ? "," : "", i + 1);
		s->reply_len = (size_t)n;
	} else if (!strcmp(p, "qsThreadInfo")) {
		reply(s, "l");
	} else if (!strcmp(p, "qC")) {
		reply(s, "QC%x", s->gcpu + 1);
	} else if (!strncmp(p, "qAttached", 9)) {
		reply(s, "1");
	} else if (!strncmp(p, "qRcmd,", 6)) {
		monitor(s, p + 6);
	} else {
		reply(s, "%s", ""); /* unknown: empty reply */
	}
}

bool gdb_stub_handle(struct gdb_stub *s, const char *pkt, size_t len)
{
	const char *p = pkt + 1;
	unsigned cpu;
	reply(s, "%s", "");
	if (len == 0 || strlen(pkt) != len) { /* a NUL inside: refuse it */
		if (len)
			reply_error(s, EINVAL);
		return true;
	}
	switch (pkt[0]) {
	case '?':
		reply_stop(s, &s->last);
		break;
	case 'g':
		read_all_regs(s);
		break;
	case 'G':
		write_all_regs(s, p, len - 1);
		break;
	case 'p':
		read_one_reg(s, p);
		break;
	case 'P':
		write_one_reg(s, p);
		break;
	case 'm':
		read_memory(s, p);
		break;
	case 'M':
		write_memory(s, p);
		break;
	case 'c':
		resume(s, p, false);
		break;
	case 's':
		resume(s, p, true);
		break;
	case 'C':
	case 'S': {
		/* C sig[;addr]: a guest has no signals to deliver; the CPU's
		 * exception that stopped it was its own business. */
		uint64_t sig;
		if (!gdb_parse_hex(&p, &sig) || (*p && *p != ';')) {
			reply_error(s, EINVAL);
			break;
		}
		resume(s, *p ? p + 1 : p, pkt[0] == 'S');
		break;
	}
	case 'Z':
	case 'z':
		breakpoint(s, p, pkt[0] == 'Z');
		break;
	case 'H':
		cpu = pkt[1] == 'c' ? s->ccpu : s->gcpu;
		if ((pkt[1] != 'g' && pkt[1] != 'c') ||
		    !parse_thread(s, pkt + 2, &cpu)) {
			reply_error(s, EINVAL);
			break;
		}
		if (pkt[1] == 'c')
			s->ccpu = cpu;
		else
			s->gcpu = cpu;
		reply(s, "OK");
		break;
	case 'T':
		cpu = 0;
		if (parse_thread(s, p, &cpu) && strcmp(p, "-1") && strcmp(p, "0"))
			reply(s, "OK");
		else
			reply_error(s, ESRCH);
		break;
	case 'D':
		reply(s, "OK");
		s->done = true;
		s->detach = true;
		break;
	case 'k':
		s->t->kill(s->t->ctx);
		s->done = true;
		return false;
	case 'q':
		query(s, pkt);
		break;
	case 'Q':
		if (!strcmp(pkt, "QStartNoAckMode"))
			reply(s, "OK");
		break;
	case 'v':
		if (!strncmp(pkt, "vKill", 5)) {
			s->t->kill(s->t->ctx);
			s->done = true;
			reply(s, "OK");
		} else if (!strcmp(pkt, "vCont?")) {
			reply(s, "vCont;c;C;s;S;t");
		} else if (!strncmp(pkt, "vCont", 5)) {
			vcont(s, pkt + 5);
		}
		/* vMustReplyEmpty, ...: empty, gdb falls back */
		break;
	default:
		break; /* unsupported: the empty reply */
	}
	return true;
}

/* ------------------------------------------------------------ I/O */

static void send_bytes(struct gdb_stub *s, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(s->out, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return; /* gdb has gone; reading will tell */
		p += n;
		len -= (size_t)n;
	}
}

static void send_reply(struct gdb_stub *s)
{
	s->frame_len = gdb_frame(s->reply, s->reply_len, s->frame,
				 sizeof(s->frame));
	send_bytes(s, s->frame, s->frame_len);
}

/*
 * gdb sends a packet again when no '+' came within its remotetimeout (2 s
 * by default), up to 4 times. A runner that starts late (a test VM still
 * booting, a loaded machine) finds the copies waiting; answering each
 * would make every later answer the answer to the wrong packet. gdb sends
 * nothing new before it has our answer, so a copy of the packet just
 * handled that was already here when we answered (read with it) is a
 * retransmission, and so is a repeated qSupported, which gdb sends once
 * per connection. Both are dropped. (After QStartNoAckMode there are none.)
 */
static bool retransmission(const struct gdb_stub *s, bool same_read)
{
	if (s->no_ack || strcmp(s->rx.data, s->prev))
		return false;
	return same_read || !strncmp(s->prev, "qSupported", 10);
}

void gdb_stub_serve(struct gdb_stub *s)
{
	uint8_t buf[4096];
	while (!s->done) {
		bool same_read = false; /* a packet was handled from buf */
		ssize_t n = read(s->in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR) {
			if (s->t->host_stop && s->t->host_stop(s->t->ctx))
				return; /* gdb sees the connection close */
			continue;
		}
		if (n <= 0) {
			s->t->kill(s->t->ctx); /* gdb has gone */
			return;
		}
		for (ssize_t i = 0; i < n && !s->done; i++) {
			switch (gdb_rx_byte(&s->rx, buf[i])) {
			case GDB_RX_PACKET:
				if (retransmission(s, same_read))
					break;
				same_read = true;
				memcpy(s->prev, s->rx.data, s->rx.len + 1);
				if (!s->no_ack)
					send_bytes(s, "+", 1);
				if (!gdb_stub_handle(s, s->rx.data, s->rx.len))
					break;
				send_reply(s);
				if (!strcmp(s->rx.data, "QStartNoAckMode"))
					s->no_ack = true;
				if (s->detach) {
					s->detach = false;
					s->t->detach(s->t->ctx);
				}
				break;
			case GDB_RX_BAD:
				if (!s->no_ack)
					send_bytes(s, "-", 1);
				break;
			case GDB_RX_NAK:
				send_bytes(s, s->frame, s->frame_len);
				break;
			case GDB_RX_INTERRUPT: /* already stopped: say so again */
				reply_stop(s, &s->last);
				send_reply(s);
				break;
			case GDB_RX_ACK:
			case GDB_RX_NONE:
				break;
			}
		}
	}
}
