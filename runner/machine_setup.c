#include "machine_setup.h"

#include <kvmkit/abi.h>
#include <stdio.h>
#include <string.h>

#include "mode_long.h"

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

struct machine_layout machine_layout_abi(void)
{
	return (struct machine_layout){
		.start = 0, .end = KVMKIT_IMAGE_MIN,
		.gdt = KVMKIT_GDT_ADDR, .idt = KVMKIT_IDT_ADDR,
		.tss = KVMKIT_TSS_ADDR, .stubs = KVMKIT_EXC_STUBS_ADDR,
		.exc_stack_top = KVMKIT_EXC_STACK_TOP,
		.tables = KVMKIT_PAGE_TABLES_ADDR,
		.tables_end = KVMKIT_PAGE_TABLES_END,
	};
}

void machine_write_tables(struct guest_memory *mem)
{
	struct machine_layout layout = machine_layout_abi();
	/* The low 1 MiB always exists (KVMKIT_MEM_MIN is larger). */
	memset(guest_ptr(mem, 0, KVMKIT_PAGE_TABLES_ADDR), 0,
	       KVMKIT_PAGE_TABLES_ADDR);
	mode_long_write_tables(mem, &layout);
}

int machine_write_bootinfo(struct guest_memory *mem, uint64_t image_end,
			   int argc, char *const argv[], int envc,
			   char *const envp[], uint64_t stack_size, char *err,
			   size_t errlen)
{
	/* Layout of the argument area: argv[0..argc] pointers, envp[0..envc]
	 * pointers, then the strings, NUL-terminated. */
	uint64_t pointers = KVMKIT_ARGS_ADDR;
	uint64_t env_pointers = pointers + ((uint64_t)argc + 1) * 8;
	uint64_t strings = env_pointers + ((uint64_t)envc + 1) * 8;
	uint64_t end = KVMKIT_ARGS_ADDR + KVMKIT_ARGS_SIZE;
	uint64_t need = strings;
	for (int i = 0; i < argc; i++)
		need += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		need += strlen(envp[i]) + 1;
	if (need > end) {
		snprintf(err, errlen,
			 "guest arguments and environment take %llu bytes; at most %llu fit",
			 (unsigned long long)(need - KVMKIT_ARGS_ADDR),
			 (unsigned long long)KVMKIT_ARGS_SIZE);
		return -1;
	}
	uint8_t *area = guest_ptr(mem, KVMKIT_ARGS_ADDR, KVMKIT_ARGS_SIZE);
	memset(area, 0, KVMKIT_ARGS_SIZE);
	for (int i = 0; i < argc + envc; i++) {
		const char *s = i < argc ? argv[i] : envp[i - argc];
		size_t len = strlen(s) + 1;
		memcpy(guest_ptr(mem, strings, len), s, len);
		/* envp[] starts one slot after argv's terminating 0. */
		put64(area + (uint64_t)(i < argc ? i : i + 1) * 8, strings);
		strings += len;
	}

	struct kvmkit_bootinfo info = {
		.magic = KVMKIT_BOOTINFO_MAGIC,
		.abi_version = KVMKIT_ABI_VERSION,
		.mem_size = mem->size,
		.image_end = image_end,
		.argc = (uint64_t)argc,
		.argv = pointers,
		.envc = (uint64_t)envc,
		.envp = env_pointers,
		.stack_size = stack_size,
	};
	memcpy(guest_ptr(mem, KVMKIT_BOOTINFO_ADDR, sizeof(info)), &info,
	       sizeof(info));
	return 0;
}

void machine_initial_sregs(struct vm_sregs *s, uint64_t cr3, bool nx)
{
	struct machine_layout layout = machine_layout_abi();
	mode_long_sregs(s, &layout, cr3, nx);
}

void machine_initial_regs(struct vm_regs *r, uint64_t entry,
			  uint64_t mem_size)
{
	memset(r, 0, sizeof(*r));
	r->rip = entry;
	r->rsp = mem_size;
	r->rdi = KVMKIT_BOOTINFO_ADDR;
	r->rflags = 0x2;
}
