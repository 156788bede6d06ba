/*
 * The local APIC, in x2APIC mode: every register is an MSR, so nothing
 * needs mapping and KVM serves each access in the kernel. Used by the
 * timer, EOI and IPIs (docs/interrupts.md).
 */
#include <kvmkit/guest.h>
#include <kvmkit/interrupts.h>
#include <kvmkit/smp.h>

/* Linking this file asks the runner for the in-kernel APIC
 * (KVMKIT_FEATURES_SECTION: not loaded, only read by the runner). */
__asm__(".pushsection .kvmkit.features, \"\", @progbits\n"
	".long 1 /* KVMKIT_FEATURE_IRQCHIP */\n"
	".popsection");

#define MSR_APIC_BASE     0x1b
#define APIC_BASE_ENABLE  (1u << 11)
#define APIC_BASE_X2APIC  (1u << 10)
#define MSR_TSC_DEADLINE  0x6e0
#define X2APIC_EOI        0x80b
#define X2APIC_SVR        0x80f
#define X2APIC_ICR        0x830
#define X2APIC_LVT_TIMER  0x832
#define X2APIC_TIMER_INIT 0x838
#define X2APIC_TIMER_DIV  0x83e

#define SVR_ENABLE        0x100u
#define SPURIOUS_VECTOR   0xff
#define LVT_MASKED        (1u << 16)
#define TIMER_ONESHOT     (0u << 17)
#define TIMER_PERIODIC    (1u << 17)
#define TIMER_TSC_DEADLINE (2u << 17)
#define ICR_LEVEL_ASSERT  (1u << 14)

static uint8_t apic_on[KVMKIT_MAX_CPUS];

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

int kvmkit_apic_available(void)
{
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	return info && (info->flags & KVMKIT_BOOT_IRQCHIP);
}

/* A spurious interrupt needs no EOI and means nothing: ignore it. */
static void spurious(struct kvmkit_frame *frame)
{
	(void)frame;
}

/* Turn on this CPU's APIC in x2APIC mode, once. */
static int apic_ready(void)
{
	unsigned cpu = kvmkit_cpu_id();
	if (cpu >= KVMKIT_MAX_CPUS || !kvmkit_apic_available())
		return 0;
	if (apic_on[cpu])
		return 1;
	uint64_t base = rdmsr(MSR_APIC_BASE);
	if ((base & (APIC_BASE_ENABLE | APIC_BASE_X2APIC)) !=
	    (APIC_BASE_ENABLE | APIC_BASE_X2APIC))
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	kvmkit_set_handler(SPURIOUS_VECTOR, spurious);
	wrmsr(X2APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
	apic_on[cpu] = 1;
	return 1;
}

/* Called on every CPU the SDK starts, so that it can take IPIs. */
void __kvmkit_apic_cpu_init(void)
{
	apic_ready();
}

void kvmkit_eoi(void)
{
	wrmsr(X2APIC_EOI, 0);
}

uint64_t kvmkit_timer_hz(void)
{
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	return info ? info->apic_timer_hz : 0;
}

uint64_t kvmkit_tsc_hz(void)
{
	const struct kvmkit_bootinfo *info = kvmkit_bootinfo();
	return info ? info->tsc_hz : 0;
}

/* Program the counting timer: the smallest divider whose count fits the
 * 32-bit initial-count register. */
static int timer_count(uint64_t us, unsigned vector, uint32_t mode)
{
	static const uint8_t div_code[8] = { 0xb, 0x0, 0x1, 0x2,
					     0x3, 0x8, 0x9, 0xa };
	uint64_t hz = kvmkit_timer_hz();
	if (!apic_ready() || vector < 32 || vector > 255 || us == 0 || !hz)
		return -1;
	uint64_t ticks = us * (hz / 1000000);
	if (hz % 1000000 || ticks / us != hz / 1000000)
		ticks = (uint64_t)((double)us * (double)hz / 1e6);
	unsigned shift = 0;
	while (shift < 7 && (ticks >> shift) > 0xffffffffu)
		shift++;
	ticks >>= shift;
	if (ticks > 0xffffffffu)
		return -1;
	if (ticks == 0)
		ticks = 1;
	wrmsr(X2APIC_TIMER_INIT, 0);
	wrmsr(X2APIC_TIMER_DIV, div_code[shift]);
	wrmsr(X2APIC_LVT_TIMER, vector | mode);
	wrmsr(X2APIC_TIMER_INIT, ticks);
	return 0;
}

int kvmkit_timer_periodic(uint64_t microseconds, unsigned vector)
{
	return timer_count(microseconds, vector, TIMER_PERIODIC);
}

int kvmkit_timer_oneshot(uint64_t microseconds, unsigned vector)
{
	return timer_count(microseconds, vector, TIMER_ONESHOT);
}

int kvmkit_timer_has_tsc_deadline(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 24) & 1;
}

int kvmkit_timer_tsc_deadline(uint64_t tsc, unsigned vector)
{
	if (!apic_ready() || vector < 32 || vector > 255 ||
	    !kvmkit_timer_has_tsc_deadline())
		return -1;
	wrmsr(X2APIC_TIMER_INIT, 0);
	/* The mode first: a deadline written in another mode is lost. */
	wrmsr(X2APIC_LVT_TIMER, vector | TIMER_TSC_DEADLINE);
	__asm__ volatile("mfence" ::: "memory");
	wrmsr(MSR_TSC_DEADLINE, tsc ? tsc : 1);
	return 0;
}

void kvmkit_timer_stop(void)
{
	if (!apic_ready())
		return;
	wrmsr(X2APIC_LVT_TIMER, LVT_MASKED);
	wrmsr(X2APIC_TIMER_INIT, 0);
	if (kvmkit_timer_has_tsc_deadline())
		wrmsr(MSR_TSC_DEADLINE, 0);
}

int kvmkit_send_ipi(unsigned cpu, unsigned vector)
{
	if (!apic_ready() || vector < 32 || vector > 255 ||
	    cpu >= kvmkit_cpu_count())
		return -1;
	wrmsr(X2APIC_ICR, ((uint64_t)cpu << 32) | ICR_LEVEL_ASSERT | vector);
	return 0;
}
