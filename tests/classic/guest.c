/*
 * The classic KVM hello world's 32/64-bit guest, rewritten for kvmkit's
 * tests and built by the classic recipe (classic.mk): one OUT to port 0xE9
 * per byte of "Hello, world!\n", 42 at 0x400, then HLT with 42 in the
 * accumulator. It knows nothing of kvmkit: no SDK, no boot info.
 */
#include <stddef.h>
#include <stdint.h>

static void port_out(uint16_t port, uint8_t byte)
{
	asm("outb %0,%1" : : "a"(byte), "Nd"(port) : "memory");
}

void __attribute__((noreturn, section(".start"))) _start(void)
{
	for (const char *c = "Hello, world!\n"; *c; c++)
		port_out(0xE9, (uint8_t)*c);

	*(long *)0x400 = 42;

	for (;;)
		asm("hlt" : : "a"(42) : "memory");
}
