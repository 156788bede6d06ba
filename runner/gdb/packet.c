#include "gdb/packet.h"

#include <string.h>

void gdb_rx_init(struct gdb_rx *rx)
{
	memset(rx, 0, sizeof(*rx));
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c)
{
	int d;
	switch (rx->state) {
	case RX_IDLE:
		if (c == '$') {
			rx->state = RX_DATA;
			rx->len = 0;
			rx->sum = 0;
			rx->too_long = false;
			return GDB_RX_NONE;
		}
		if (c == 0x03)
			return GDB_RX_INTERRUPT;
		if (c == '+')
			return GDB_RX_ACK;
		if (c == '-')
			return GDB_RX_NAK;
		return GDB_RX_NONE;
	case RX_DATA:
		if (c == '#') {
			rx->state = RX_SUM1;
			return GDB_RX_NONE;
		}
		if (c == '$') { /* a new packet cut the last one short */
			rx->len = 0;
			rx->sum = 0;
			rx->too_long = false;
			return GDB_RX_NONE;
		}
		rx->sum += c;
		if (rx->len < GDB_PACKET_MAX)
			rx->data[rx->len++] = (char)c;
		else
			rx->too_long = true;
		return GDB_RX_NONE;
	case RX_SUM1:
		d = gdb_hex_digit((char)c);
		if (d < 0) {
			rx->state = RX_IDLE;
			return GDB_RX_BAD;
		}
		rx->given = (uint8_t)(d << 4);
		rx->state = RX_SUM2;
		return GDB_RX_NONE;
	case RX_SUM2:
		rx->state = RX_IDLE;
		d = gdb_hex_digit((char)c);
		if (d < 0)
			return GDB_RX_BAD;
		rx->given |= (uint8_t)d;
		if (rx->given != rx->sum || rx->too_long)
			return GDB_RX_BAD;
		rx->data[rx->len] = 0;
		return GDB_RX_PACKET;
	}
	rx->state = RX_IDLE;
	return GDB_RX_NONE;
}

size_t gdb_frame(const char *payload, size_t len, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;
	uint8_t sum = 0;
	if (cap < 4)
		return 0;
	out[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		char c = payload[i];
		if (c == '#' || c == '$' || c == '}' || c == '*') {
			if (n + 2 > cap - 3)
				return 0;
			out[n++] = '}';
			sum += '}';
			c ^= 0x20;
		} else if (n + 1 > cap - 3) {
			return 0;
		}
		out[n++] = c;
		sum += (uint8_t)c;
	}
	out[n++] = '#';
	out[n++] = hex[sum >> 4];
	out[n++] = hex[sum & 15];
	return n;
}

int gdb_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool gdb_parse_hex(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int n = 0, d;
	while ((d = gdb_hex_digit(*s)) >= 0) {
		if (++n > 16)
			return false;
		x = x << 4 | (uint64_t)d;
		s++;
	}
	if (n == 0)
		return false;
	*v = x;
	*p = s;
	return true;
}

bool gdb_hex_decode(const char *hex, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = gdb_hex_digit(hex[2 * i]);
		int lo = hi < 0 ? -1 : gdb_hex_digit(hex[2 * i + 1]);
		if (lo < 0)
			return false;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

void gdb_hex_encode(const uint8_t *in, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = 0;
}
