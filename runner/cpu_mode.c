#include "cpu_mode.h"

#include <string.h>

#include "machine_setup.h"

static const struct cpu_mode_ops *const modes[] = {
	&mode_real_ops, &mode_protected_ops, &mode_paged32_ops, &mode_long_ops,
};

const struct cpu_mode_ops *cpu_mode_ops(enum cpu_mode mode)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (modes[i]->mode == mode)
			return modes[i];
	return NULL;
}

const char *cpu_mode_name(enum cpu_mode mode)
{
	const struct cpu_mode_ops *ops = cpu_mode_ops(mode);
	return ops ? ops->name : "default";
}

int cpu_mode_parse(const char *text, enum cpu_mode *mode)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		if (!strcmp(text, modes[i]->name)) {
			*mode = modes[i]->mode;
			return 0;
		}
	return -1;
}

unsigned cpu_code_bits(const struct vm_sregs *s)
{
	if ((s->efer & EFER_LMA) && s->cs.l)
		return 64;
	if ((s->cr0 & CR0_PE) && s->cs.db)
		return 32;
	return 16;
}
