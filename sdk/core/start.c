/*
 * From _start to main() and back: read the boot info, call main with the
 * command-line arguments, store its return value as the run's result and
 * halt (the runner then reports the result at KVMKIT_RESULT_ADDR).
 */
#include <kvmkit/guest.h>

#include "../internal/libc_hooks.h"

/* main may take envp as a third argument, as on Unix; a two-argument
 * main ignores it (the SysV calling convention makes that harmless). */
int main(int argc, char **argv, char **envp);
extern char **environ;
_Noreturn void __kvmkit_start(const struct kvmkit_bootinfo *info);

static const struct kvmkit_bootinfo *boot_info;
static char *no_args[] = { "guest", 0 };

const struct kvmkit_bootinfo *kvmkit_bootinfo(void)
{
	return boot_info;
}

_Noreturn void __kvmkit_start(const struct kvmkit_bootinfo *info)
{
	/* A runner that does not speak our ABI leaves RDI alone: check. */
	if (info && info->magic == KVMKIT_BOOTINFO_MAGIC)
		boot_info = info;

	__libc_init();

	int argc = 1;
	char **argv = no_args;
	if (boot_info && boot_info->argc > 0 && boot_info->argv) {
		argc = (int)boot_info->argc;
		argv = (char **)(uintptr_t)boot_info->argv;
#if UINTPTR_MAX == 0xffffffffu
		/* The ABI's argv holds 64-bit pointers; a 32-bit char ** wants
		 * 4-byte ones. Narrow them in place, in order: entry i is
		 * written over bytes already read (4i + 4 <= 8i + 8). */
		const volatile uint64_t *wide = (const uint64_t *)argv;
		for (int i = 0; i <= argc; i++)
			argv[i] = (char *)(uintptr_t)wide[i];
#endif
	}

	if (boot_info && boot_info->envc > 0 && boot_info->envp)
		__libc_set_environ((char **)(uintptr_t)boot_info->envp);

	int result = main(argc, argv, environ);

	kvmkit_set_result((uint64_t)(int64_t)result);
	__libc_exit_hooks();
	kvmkit_halt();
}
