/*
 * The gdb remote protocol's framing, with no I/O and no target: a byte
 * decoder that turns "$data#cs" into checked packets (and notices acks and
 * the 0x03 interrupt), the framing of replies, and hex helpers. Kept apart
 * from everything else so that it can be unit-tested and fuzzed alone.
 */
#ifndef RUNNER_GDB_PACKET_H
#define RUNNER_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet we take or send (we announce it in qSupported). */
#define GDB_PACKET_MAX 4096

enum gdb_rx_event {
	GDB_RX_NONE,      /* byte taken, nothing complete yet              */
	GDB_RX_PACKET,    /* a packet with a good checksum: rx->data, len  */
	GDB_RX_BAD,       /* a packet with a bad checksum or too long: NAK */
	GDB_RX_INTERRUPT, /* 0x03 outside a packet: stop the target        */
	GDB_RX_ACK,       /* '+'                                           */
	GDB_RX_NAK,       /* '-': send the last reply again               */
};

struct gdb_rx {
	enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 } state;
	char data[GDB_PACKET_MAX + 1]; /* NUL-terminated after GDB_RX_PACKET */
	size_t len;
	uint8_t sum;      /* of the data bytes so far                      */
	uint8_t given;    /* the checksum the packet carries               */
	bool too_long;
};

void gdb_rx_init(struct gdb_rx *rx);
/* Feed one byte. Bytes between packets other than '+', '-' and 0x03 are
 * ignored, as gdb's own stub does. */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c);

/* Frame payload as "$payload#cs" into out (escaping '#', '$', '}' and '*',
 * which gdb would take for framing or run-length encoding). Returns the
 * length, or 0 if it does not fit in cap. */
size_t gdb_frame(const char *payload, size_t len, char *out, size_t cap);

/* A hex digit's value, or -1. */
int gdb_hex_digit(char c);
/* Parse 1 to 16 hex digits at *p into *v and advance *p. Returns false
 * (and leaves *p) if there is no digit or the number is too long. */
bool gdb_parse_hex(const char **p, uint64_t *v);
/* Decode exactly 2 * n hex digits into n bytes. Returns false on any
 * non-hex digit. */
bool gdb_hex_decode(const char *hex, uint8_t *out, size_t n);
/* Encode n bytes as 2 * n hex digits plus a NUL. */
void gdb_hex_encode(const uint8_t *in, size_t n, char *out);

#endif
