/*
 * KVM backend: the only file that includes <linux/kvm.h>.
 *
 * It translates between the neutral vm_backend types and KVM's ioctls.
 */
#include "vm_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define KVM_DEVICE "/dev/kvm"

struct vm {
	int kvm_fd, vm_fd;
	size_t run_size;          /* of each vCPU's kvm_run mapping */
	bool has_1g_pages;
	bool has_nx;
	bool sync_regs;           /* KVM_CAP_SYNC_REGS, see struct vcpu */
	bool sync_sregs;          /* ... for the special registers too   */
	struct kvm_cpuid2 *cpuid; /* what KVM supports, given to each vCPU */
	bool irqchip;             /* KVM_CREATE_IRQCHIP done */
	void *mem;                /* guest memory (see "memory slots")   */
	uint64_t mem_size;
	/* Large guests: memory in chunks, each registered on first touch. */
	uint64_t chunk_size;      /* 0: one slot, registered at creation */
	unsigned chunks;
	uint64_t registered;      /* bit i: chunk i is KVM slot i         */
	bool dirty_log;           /* enable_dirty_log was called          */
	/* Pages the backend itself wrote for the guest (completing the
	 * access that registered a chunk), for the next get_dirty_log. */
	uint64_t *host_written;
	size_t host_written_n, host_written_cap;
	pthread_mutex_t slots_lock; /* vCPU threads register chunks */
};

struct vcpu {
	struct vm *vm;
	unsigned id;
	int fd;
	struct kvm_run *run;
	/* KVM_CAP_SYNC_REGS: KVM copies the GPRs into kvm_run at every exit
	 * and takes them back from there, which saves the KVM_GET_REGS and
	 * KVM_SET_REGS ioctls of every hypercall. regs_synced says whether
	 * kvm_run holds the registers of the last exit. */
	bool regs_synced;
	/* The same for the special registers, which the run loop reads at
	 * each hypercall to see the instruction that made it. Only read
	 * from kvm_run: set_sregs always uses the ioctl. */
	bool sregs_synced;
};

static void kvm_destroy(struct vm *vm)
{
	if (!vm)
		return;
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->kvm_fd >= 0)
		close(vm->kvm_fd);
	free(vm->cpuid);
	free(vm->host_written);
	if (vm->chunk_size)
		pthread_mutex_destroy(&vm->slots_lock);
	free(vm);
}

static void kvm_destroy_vcpu(struct vcpu *vcpu)
{
	if (!vcpu)
		return;
	if (vcpu->run && vcpu->run != MAP_FAILED)
		munmap(vcpu->run, vcpu->vm->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	free(vcpu);
}

/* The CPUID KVM supports, kept to pass through to every vCPU, as every
 * VMM must before running real code. Leaf 0x80000001 EDX bit 26 says
 * whether the guest may use 1 GiB pages, bit 20 whether it has NX. */
static int read_supported_cpuid(struct vm *vm)
{
	int nent = 128;
	for (;;) {
		struct kvm_cpuid2 *cpuid =
			calloc(1, sizeof(*cpuid) + nent * sizeof(struct kvm_cpuid_entry2));
		if (!cpuid)
			return -1;
		cpuid->nent = nent;
		if (ioctl(vm->kvm_fd, KVM_GET_SUPPORTED_CPUID, cpuid) < 0) {
			free(cpuid);
			if (errno == E2BIG && nent < 4096) {
				nent *= 2;
				continue;
			}
			return -1;
		}
		for (unsigned i = 0; i < cpuid->nent; i++) {
			if (cpuid->entries[i].function == 0x80000001) {
				vm->has_1g_pages = (cpuid->entries[i].edx >> 26) & 1;
				vm->has_nx = (cpuid->entries[i].edx >> 20) & 1;
			}
		}
		vm->cpuid = cpuid;
		return 0;
	}
}

/* Each vCPU's CPUID names its own APIC: leaf 1 EBX[31:24] and leaf 0xB
 * EDX (x2APIC id) carry the vCPU number. */
static int set_vcpu_cpuid(struct vcpu *vcpu)
{
	struct kvm_cpuid2 *cpuid = vcpu->vm->cpuid;
	for (unsigned i = 0; i < cpuid->nent; i++) {
		struct kvm_cpuid_entry2 *e = &cpuid->entries[i];
		if (e->function == 1) {
			e->ebx = (e->ebx & 0x00ffffffu) | (vcpu->id << 24);
			/* KVM emulates the APIC timer's TSC-deadline mode but
			 * leaves the CPUID bit (leaf 1 ECX[24]) to us. */
			if (vcpu->vm->irqchip &&
			    ioctl(vcpu->vm->kvm_fd, KVM_CHECK_EXTENSION,
				  KVM_CAP_TSC_DEADLINE_TIMER) > 0)
				e->ecx |= 1u << 24;
		}
		else if (e->function == 0xb)
			e->edx = vcpu->id;
	}
	return ioctl(vcpu->fd, KVM_SET_CPUID2, cpuid);
}

/* ------------------------------------------------------ memory slots
 *
 * KVM_SET_USER_MEMORY_REGION costs time in proportion to the slot's size:
 * the kernel allocates and zeroes per-page arrays for it (Debian's kernel,
 * built with CONFIG_KVM_EXTERNAL_WRITE_TRACKING, 2 bytes per 4 KiB page:
 * 8 MiB at 16 GiB). Most of a large guest's memory is never touched by a
 * short run, so above LAZY_MIN_SIZE guest memory is cut into at most
 * MAX_CHUNKS chunks, chunk i in slot i. The chunks under EAGER_LOW (page
 * tables, image, the start of the heap) and the last one (the stack) are
 * registered at once; any other is registered when the guest first
 * touches it. Until then KVM sees no memory there and exits with
 * KVM_EXIT_MMIO: the backend registers the chunk, performs the access on
 * guest memory itself (KVM then completes the instruction with it) and
 * runs the vCPU on, so that no one above the backend ever sees the exit.
 * An access KVM cannot emulate (an instruction fetch there, most SSE and
 * AVX instructions) ends in an emulation failure instead, the instruction
 * not executed (KVM_CAP_EXIT_ON_EMULATION_FAILURE): then every chunk is
 * registered and the vCPU runs again.
 * KVM's own walk of the guest's page tables reads through the slots too:
 * tables the guest wrote are in registered chunks (the write registered
 * them); only tables the runner alone wrote (a file read by a hypercall,
 * gdb) in a chunk the guest never touched would read as missing. Up to
 * 4 GiB (every 16/32-bit guest) memory is one slot, as always. */
#define LAZY_MIN_SIZE (4ull << 30)
#define EAGER_LOW     (1ull << 30)
#define MAX_CHUNKS    64u
#define MIN_CHUNK     (2ull << 20)   /* keeps 2 MiB pages possible */

static int set_slot(struct vm *vm, unsigned slot, uint64_t gpa, uint64_t size)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.flags = vm->dirty_log ? KVM_MEM_LOG_DIRTY_PAGES : 0,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = (uintptr_t)vm->mem + gpa,
	};
	return ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &region);
}

/* Chunk i: where it starts and how long it is (the last may be short). */
static uint64_t chunk_start(const struct vm *vm, unsigned i)
{
	return (uint64_t)i * vm->chunk_size;
}

static uint64_t chunk_len(const struct vm *vm, unsigned i)
{
	uint64_t start = chunk_start(vm, i);
	return vm->mem_size - start < vm->chunk_size ? vm->mem_size - start
						     : vm->chunk_size;
}

/* Called with slots_lock held (or before any vCPU runs). */
static int register_chunk(struct vm *vm, unsigned i)
{
	if (vm->registered & (1ull << i))
		return 0;
	if (set_slot(vm, i, chunk_start(vm, i), chunk_len(vm, i)) < 0)
		return -1;
	vm->registered |= 1ull << i;
	return 0;
}

static int register_all_chunks(struct vm *vm)
{
	for (unsigned i = 0; i < vm->chunks; i++)
		if (register_chunk(vm, i) < 0)
			return -1;
	return 0;
}

static bool all_chunks_registered(const struct vm *vm)
{
	return vm->registered == (vm->chunks == 64 ? ~0ull
				  : (1ull << vm->chunks) - 1);
}

/* Guest memory in one slot, or in chunks (see above). */
static int register_memory(struct vm *vm, char *err, size_t errlen)
{
	/* Without KVM_CAP_EXIT_ON_EMULATION_FAILURE KVM would also queue a
	 * #UD for the guest with the emulation failure the retry must hide. */
	struct kvm_enable_cap exit_on_failure = {
		.cap = KVM_CAP_EXIT_ON_EMULATION_FAILURE, .args = { 1 },
	};
	if (vm->mem_size > LAZY_MIN_SIZE &&
	    ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_NR_MEMSLOTS) >=
		    (int)MAX_CHUNKS &&
	    ioctl(vm->vm_fd, KVM_ENABLE_CAP, &exit_on_failure) == 0) {
		uint64_t c = MIN_CHUNK;
		while (c * MAX_CHUNKS < vm->mem_size)
			c <<= 1;
		vm->chunk_size = c;
		vm->chunks = (unsigned)((vm->mem_size + c - 1) / c);
		pthread_mutex_init(&vm->slots_lock, NULL);
		for (unsigned i = 0; i < vm->chunks; i++)
			if ((chunk_start(vm, i) < EAGER_LOW || i == vm->chunks - 1) &&
			    register_chunk(vm, i) < 0)
				goto fail;
		return 0;
	}
	if (set_slot(vm, 0, 0, vm->mem_size) == 0)
		return 0;
fail:
	snprintf(err, errlen, "KVM_SET_USER_MEMORY_REGION (%llu bytes): %s",
		 (unsigned long long)vm->mem_size, strerror(errno));
	return -1;
}

/* Note a page the backend wrote for the guest while pages are logged. */
static int note_host_write(struct vm *vm, uint64_t gpa)
{
	if (!vm->dirty_log)
		return 0;
	if (vm->host_written_n == vm->host_written_cap) {
		size_t cap = vm->host_written_cap ? 2 * vm->host_written_cap : 64;
		uint64_t *p = realloc(vm->host_written, cap * sizeof(*p));
		if (!p)
			return -1;
		vm->host_written = p;
		vm->host_written_cap = cap;
	}
	vm->host_written[vm->host_written_n++] = gpa >> 12;
	return 0;
}

/* KVM_EXIT_MMIO inside guest memory: the guest touched a chunk not yet
 * registered (or a later piece of the same instruction's access, which
 * KVM had already taken for MMIO). Register the chunk and do the access.
 * Returns 1 when served (run the vCPU on), 0 when it is no such exit,
 * -1 with errno on failure. */
static int serve_unregistered(struct vm *vm, struct kvm_run *run)
{
	uint64_t gpa = run->mmio.phys_addr, len = run->mmio.len;
	if (!vm->chunk_size || len == 0 || len > sizeof(run->mmio.data) ||
	    gpa >= vm->mem_size || len > vm->mem_size - gpa)
		return 0;
	pthread_mutex_lock(&vm->slots_lock);
	int rc = register_chunk(vm, (unsigned)(gpa / vm->chunk_size));
	if (rc == 0)
		rc = register_chunk(vm, (unsigned)((gpa + len - 1) /
						   vm->chunk_size));
	uint8_t *host = (uint8_t *)vm->mem + gpa;
	if (rc == 0 && run->mmio.is_write) {
		memcpy(host, run->mmio.data, len);
		rc = note_host_write(vm, gpa);
		if (rc == 0 && (gpa & 4095) + len > 4096)
			rc = note_host_write(vm, gpa + len - 1);
	} else if (rc == 0) {
		memcpy(run->mmio.data, host, len);
	}
	pthread_mutex_unlock(&vm->slots_lock);
	return rc < 0 ? -1 : 1;
}

/* An emulation failure while chunks are missing: register them all, the
 * instruction runs again. 1 when done, 0 when it is no such exit. */
static int serve_emulation_failure(struct vm *vm, struct kvm_run *run)
{
	if (!vm->chunk_size ||
	    run->internal.suberror != KVM_INTERNAL_ERROR_EMULATION)
		return 0;
	pthread_mutex_lock(&vm->slots_lock);
	int rc = 0;
	if (!all_chunks_registered(vm))
		rc = register_all_chunks(vm) < 0 ? -1 : 1;
	pthread_mutex_unlock(&vm->slots_lock);
	return rc;
}

static struct vm *kvm_create(void *mem, uint64_t size, char *err, size_t errlen)
{
	struct vm *vm = calloc(1, sizeof(*vm));
	if (!vm) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vm->kvm_fd = vm->vm_fd = -1;

	vm->kvm_fd = open(KVM_DEVICE, O_RDWR | O_CLOEXEC);
	if (vm->kvm_fd < 0) {
		if (errno == ENOENT || errno == ENXIO || errno == ENODEV)
			snprintf(err, errlen,
				 "%s: no KVM on this machine (%s); enable VMX/SVM "
				 "virtualization and load kvm-intel or kvm-amd, or run "
				 "through tests/vm/run, which provides KVM in a test VM",
				 KVM_DEVICE, strerror(errno));
		else if (errno == EACCES || errno == EPERM)
			snprintf(err, errlen,
				 "%s: permission denied; add yourself to the 'kvm' "
				 "group (sudo usermod -aG kvm $USER, then log in again) "
				 "or run as root",
				 KVM_DEVICE);
		else
			snprintf(err, errlen, "%s: %s", KVM_DEVICE, strerror(errno));
		goto fail;
	}
	int api = ioctl(vm->kvm_fd, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION) {
		snprintf(err, errlen, "KVM API version %d, expected %d", api,
			 KVM_API_VERSION);
		goto fail;
	}
	vm->vm_fd = ioctl(vm->kvm_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VM: %s", strerror(errno));
		goto fail;
	}
	vm->mem = mem;
	vm->mem_size = size;
	if (register_memory(vm, err, errlen) < 0)
		goto fail;
	int run_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(struct kvm_run)) {
		snprintf(err, errlen, "KVM_GET_VCPU_MMAP_SIZE: %s", strerror(errno));
		goto fail;
	}
	vm->run_size = (size_t)run_size;
	int sync = ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS);
	vm->sync_regs = sync > 0 && (sync & KVM_SYNC_X86_REGS);
	vm->sync_sregs = sync > 0 && (sync & KVM_SYNC_X86_SREGS);
	if (read_supported_cpuid(vm) < 0) {
		snprintf(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s", strerror(errno));
		goto fail;
	}
	return vm;
fail:
	kvm_destroy(vm);
	return NULL;
}

static struct vcpu *kvm_create_vcpu(struct vm *vm, unsigned id, char *err,
				    size_t errlen)
{
	struct vcpu *vcpu = calloc(1, sizeof(*vcpu));
	if (!vcpu) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)id);
	if (vcpu->fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VCPU %u: %s", id, strerror(errno));
		goto fail;
	}
	vcpu->run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		snprintf(err, errlen, "mmap of kvm_run: %s", strerror(errno));
		goto fail;
	}
	if (set_vcpu_cpuid(vcpu) < 0) {
		snprintf(err, errlen, "KVM_SET_CPUID2: %s", strerror(errno));
		goto fail;
	}
	return vcpu;
fail:
	kvm_destroy_vcpu(vcpu);
	return NULL;
}

static int kvm_get_regs(struct vcpu *vcpu, struct vm_regs *r)
{
	struct kvm_regs k;
	if (vcpu->regs_synced)
		k = vcpu->run->s.regs.regs;
	else if (ioctl(vcpu->fd, KVM_GET_REGS, &k) < 0)
		return -1;
	*r = (struct vm_regs){
		.rax = k.rax, .rbx = k.rbx, .rcx = k.rcx, .rdx = k.rdx,
		.rsi = k.rsi, .rdi = k.rdi, .rsp = k.rsp, .rbp = k.rbp,
		.r8 = k.r8, .r9 = k.r9, .r10 = k.r10, .r11 = k.r11,
		.r12 = k.r12, .r13 = k.r13, .r14 = k.r14, .r15 = k.r15,
		.rip = k.rip, .rflags = k.rflags,
	};
	return 0;
}

static int kvm_set_regs(struct vcpu *vcpu, const struct vm_regs *r)
{
	struct kvm_regs k = {
		.rax = r->rax, .rbx = r->rbx, .rcx = r->rcx, .rdx = r->rdx,
		.rsi = r->rsi, .rdi = r->rdi, .rsp = r->rsp, .rbp = r->rbp,
		.r8 = r->r8, .r9 = r->r9, .r10 = r->r10, .r11 = r->r11,
		.r12 = r->r12, .r13 = r->r13, .r14 = r->r14, .r15 = r->r15,
		.rip = r->rip, .rflags = r->rflags,
	};
	if (vcpu->vm->sync_regs) {
		/* Every field is written, so kvm_run's copy is whole even
		 * before the first exit; KVM loads it at the next entry. */
		vcpu->run->s.regs.regs = k;
		vcpu->run->kvm_dirty_regs |= KVM_SYNC_X86_REGS;
		vcpu->regs_synced = true;
		return 0;
	}
	return ioctl(vcpu->fd, KVM_SET_REGS, &k);
}

static void seg_from_kvm(struct vm_segment *s, const struct kvm_segment *k)
{
	*s = (struct vm_segment){
		.base = k->base, .limit = k->limit, .selector = k->selector,
		.type = k->type, .present = k->present, .dpl = k->dpl,
		.db = k->db, .s = k->s, .l = k->l, .g = k->g, .avl = k->avl,
	};
}

static void seg_to_kvm(struct kvm_segment *k, const struct vm_segment *s)
{
	*k = (struct kvm_segment){
		.base = s->base, .limit = s->limit, .selector = s->selector,
		.type = s->type, .present = s->present, .dpl = s->dpl,
		.db = s->db, .s = s->s, .l = s->l, .g = s->g, .avl = s->avl,
		.unusable = !s->present,
	};
}

static int kvm_get_sregs(struct vcpu *vcpu, struct vm_sregs *s)
{
	struct kvm_sregs k;
	if (vcpu->sregs_synced)
		k = vcpu->run->s.regs.sregs;
	else if (ioctl(vcpu->fd, KVM_GET_SREGS, &k) < 0)
		return -1;
	seg_from_kvm(&s->cs, &k.cs);
	seg_from_kvm(&s->ds, &k.ds);
	seg_from_kvm(&s->es, &k.es);
	seg_from_kvm(&s->fs, &k.fs);
	seg_from_kvm(&s->gs, &k.gs);
	seg_from_kvm(&s->ss, &k.ss);
	seg_from_kvm(&s->tr, &k.tr);
	seg_from_kvm(&s->ldt, &k.ldt);
	s->gdt = (struct vm_table){ k.gdt.base, k.gdt.limit };
	s->idt = (struct vm_table){ k.idt.base, k.idt.limit };
	s->cr0 = k.cr0;
	s->cr2 = k.cr2;
	s->cr3 = k.cr3;
	s->cr4 = k.cr4;
	s->cr8 = k.cr8;
	s->efer = k.efer;
	return 0;
}

static int kvm_set_sregs(struct vcpu *vcpu, const struct vm_sregs *s)
{
	struct kvm_sregs k;
	/* Start from the current state so fields we do not model (APIC base,
	 * pending interrupt bitmap) keep KVM's values. */
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &k) < 0)
		return -1;
	seg_to_kvm(&k.cs, &s->cs);
	seg_to_kvm(&k.ds, &s->ds);
	seg_to_kvm(&k.es, &s->es);
	seg_to_kvm(&k.fs, &s->fs);
	seg_to_kvm(&k.gs, &s->gs);
	seg_to_kvm(&k.ss, &s->ss);
	seg_to_kvm(&k.tr, &s->tr);
	seg_to_kvm(&k.ldt, &s->ldt);
	k.gdt.base = s->gdt.base;
	k.gdt.limit = s->gdt.limit;
	k.idt.base = s->idt.base;
	k.idt.limit = s->idt.limit;
	k.cr0 = s->cr0;
	k.cr2 = s->cr2;
	k.cr3 = s->cr3;
	k.cr4 = s->cr4;
	k.cr8 = s->cr8;
	k.efer = s->efer;
	vcpu->sregs_synced = false;
	return ioctl(vcpu->fd, KVM_SET_SREGS, &k);
}

/*
 * x87/SSE registers through KVM_GET_XSAVE / KVM_SET_XSAVE, whose first 512
 * bytes are the FXSAVE area (Intel SDM vol. 1, 10.5.1; the same on AMD):
 * KVM_GET_FPU would do but leaves MXCSR out. Offsets into that area:
 */
enum {
	FX_FCW = 0, FX_FSW = 2, FX_FTW = 4, FX_FOP = 6, FX_FIP = 8, FX_FDP = 16,
	FX_MXCSR = 24, FX_ST = 32, FX_XMM = 160,
	XSAVE_XSTATE_BV = 512, /* the header: which components are live */
};
#define XSTATE_X87_SSE 3ull

static int kvm_get_fpu(struct vcpu *vcpu, struct vm_fpu *f)
{
	struct kvm_xsave x;
	if (ioctl(vcpu->fd, KVM_GET_XSAVE, &x) < 0)
		return -1;
	/* The kernel fills components in their initial state with their
	 * initial values (FCW 0x37f, MXCSR 0x1f80, ...). */
	const uint8_t *a = (const uint8_t *)x.region;
	for (int i = 0; i < 8; i++)
		memcpy(f->st[i], a + FX_ST + 16 * i, 10);
	memcpy(&f->fcw, a + FX_FCW, 2);
	memcpy(&f->fsw, a + FX_FSW, 2);
	f->ftw = a[FX_FTW];
	memcpy(&f->fop, a + FX_FOP, 2);
	memcpy(&f->fip, a + FX_FIP, 8);
	memcpy(&f->fdp, a + FX_FDP, 8);
	memcpy(&f->mxcsr, a + FX_MXCSR, 4);
	memcpy(f->xmm, a + FX_XMM, sizeof(f->xmm));
	return 0;
}

static int kvm_set_fpu(struct vcpu *vcpu, const struct vm_fpu *f)
{
	/* A reserved MXCSR bit would make loading the guest state fault:
	 * refuse it here (KVM refuses it too). */
	if (f->mxcsr >> 16) {
		errno = EINVAL;
		return -1;
	}
	struct kvm_xsave x;
	if (ioctl(vcpu->fd, KVM_GET_XSAVE, &x) < 0)
		return -1;
	uint8_t *a = (uint8_t *)x.region;
	for (int i = 0; i < 8; i++)
		memcpy(a + FX_ST + 16 * i, f->st[i], 10);
	memcpy(a + FX_FCW, &f->fcw, 2);
	memcpy(a + FX_FSW, &f->fsw, 2);
	a[FX_FTW] = f->ftw;
	memcpy(a + FX_FOP, &f->fop, 2);
	memcpy(a + FX_FIP, &f->fip, 8);
	memcpy(a + FX_FDP, &f->fdp, 8);
	memcpy(a + FX_MXCSR, &f->mxcsr, 4);
	memcpy(a + FX_XMM, f->xmm, sizeof(f->xmm));
	/* x87 and SSE live now: a component still marked initial would be
	 * loaded as its initial values, not ours. */
	uint64_t bv;
	memcpy(&bv, a + XSAVE_XSTATE_BV, 8);
	bv |= XSTATE_X87_SSE;
	memcpy(a + XSAVE_XSTATE_BV, &bv, 8);
	return ioctl(vcpu->fd, KVM_SET_XSAVE, &x);
}

static int kvm_run_vcpu(struct vcpu *vcpu, struct vm_exit *exit)
{
	struct kvm_run *run = vcpu->run;
	memset(exit, 0, sizeof(*exit));

	if (vcpu->vm->sync_regs)
		run->kvm_valid_regs = KVM_SYNC_X86_REGS |
			(vcpu->vm->sync_sregs ? KVM_SYNC_X86_SREGS : 0);
	int rc;
	for (;;) {
		rc = ioctl(vcpu->fd, KVM_RUN, 0);
		/* A large guest's first touch of a chunk of its memory is
		 * the backend's business (see "memory slots"). */
		int served = 0;
		if (rc == 0 && run->exit_reason == KVM_EXIT_MMIO)
			served = serve_unregistered(vcpu->vm, run);
		else if (rc == 0 && run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
			served = serve_emulation_failure(vcpu->vm, run);
		if (served < 0)
			return -1;
		if (!served)
			break;
	}
	/* An exit fills kvm_run's registers (and KVM has taken and cleared
	 * any we marked dirty). After EINTR the vCPU may have run on: ask
	 * KVM, unless registers we set are still waiting in kvm_run. */
	vcpu->regs_synced = vcpu->vm->sync_regs &&
			  (rc == 0 || (run->kvm_dirty_regs & KVM_SYNC_X86_REGS));
	vcpu->sregs_synced = vcpu->vm->sync_regs && vcpu->vm->sync_sregs &&
			     rc == 0;
	if (rc < 0) {
		if (errno == EINTR) {
			run->immediate_exit = 0;
			exit->kind = VM_EXIT_INTERRUPTED;
			exit->raw_reason = KVM_EXIT_INTR;
			return 0;
		}
		return -1;
	}
	exit->raw_reason = run->exit_reason;
	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		exit->kind = VM_EXIT_IO;
		exit->u.io.out = run->io.direction == KVM_EXIT_IO_OUT;
		exit->u.io.port = run->io.port;
		exit->u.io.size = run->io.size;
		exit->u.io.count = run->io.count;
		/* data_offset comes from the kernel, but check it anyway: the
		 * bytes must lie inside the shared kvm_run mapping. */
		if (run->io.data_offset > vcpu->vm->run_size ||
		    (uint64_t)run->io.size * run->io.count >
			    vcpu->vm->run_size - run->io.data_offset) {
			exit->kind = VM_EXIT_OTHER;
			break;
		}
		exit->u.io.data = (uint8_t *)run + run->io.data_offset;
		break;
	case KVM_EXIT_HLT:
		exit->kind = VM_EXIT_HLT;
		break;
	case KVM_EXIT_MMIO:
		exit->kind = VM_EXIT_MMIO;
		exit->u.mmio.addr = run->mmio.phys_addr;
		exit->u.mmio.len = run->mmio.len;
		exit->u.mmio.write = run->mmio.is_write;
		memcpy(exit->u.mmio.data, run->mmio.data, sizeof(run->mmio.data));
		break;
	case KVM_EXIT_SHUTDOWN:
		exit->kind = VM_EXIT_SHUTDOWN;
		break;
	case KVM_EXIT_FAIL_ENTRY:
		exit->kind = VM_EXIT_FAIL_ENTRY;
		exit->u.hardware_reason =
			run->fail_entry.hardware_entry_failure_reason;
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		exit->kind = VM_EXIT_INTERNAL_ERROR;
		exit->u.suberror = run->internal.suberror;
		break;
	case KVM_EXIT_INTR:
		exit->kind = VM_EXIT_INTERRUPTED;
		break;
	case KVM_EXIT_DEBUG:
		exit->kind = VM_EXIT_DEBUG;
		exit->u.debug.vector = run->debug.arch.exception;
		exit->u.debug.pc = run->debug.arch.pc;
		exit->u.debug.dr6 = run->debug.arch.dr6;
		exit->u.debug.dr7 = run->debug.arch.dr7;
		break;
	default:
		exit->kind = VM_EXIT_OTHER;
		break;
	}
	return 0;
}

static void kvm_kick(struct vcpu *vcpu)
{
	/* With immediate_exit set, KVM_RUN returns EINTR at once, so a signal
	 * that lands just before the ioctl is not lost. */
	vcpu->run->immediate_exit = 1;
}

/* ------------------------------------------------------ reset in place */

static int kvm_enable_dirty_log(struct vm *vm)
{
	if (!vm->chunk_size) {
		vm->dirty_log = true;
		return set_slot(vm, 0, 0, vm->mem_size);
	}
	pthread_mutex_lock(&vm->slots_lock);
	vm->dirty_log = true;
	int rc = 0;
	for (unsigned i = 0; i < vm->chunks && rc == 0; i++)
		if (vm->registered & (1ull << i))
			rc = set_slot(vm, i, chunk_start(vm, i), chunk_len(vm, i));
	pthread_mutex_unlock(&vm->slots_lock);
	return rc;
}

static int kvm_get_dirty_log(struct vm *vm, uint64_t *bitmap)
{
	if (!vm->chunk_size) {
		struct kvm_dirty_log log = { .slot = 0, .dirty_bitmap = bitmap };
		return ioctl(vm->vm_fd, KVM_GET_DIRTY_LOG, &log);
	}
	/* Chunk i's pages start at a whole word of the bitmap (a chunk is
	 * a multiple of 2 MiB: 512 pages). */
	pthread_mutex_lock(&vm->slots_lock);
	int rc = 0;
	for (unsigned i = 0; i < vm->chunks && rc == 0; i++) {
		uint64_t *words = bitmap + chunk_start(vm, i) / 4096 / 64;
		if (vm->registered & (1ull << i)) {
			struct kvm_dirty_log log = { .slot = i,
						     .dirty_bitmap = words };
			rc = ioctl(vm->vm_fd, KVM_GET_DIRTY_LOG, &log);
		} else {
			memset(words, 0, (chunk_len(vm, i) / 4096 + 63) / 64 *
					 sizeof(uint64_t));
		}
	}
	for (size_t k = 0; k < vm->host_written_n && rc == 0; k++)
		bitmap[vm->host_written[k] / 64] |=
			1ull << (vm->host_written[k] % 64);
	vm->host_written_n = 0;
	pthread_mutex_unlock(&vm->slots_lock);
	return rc;
}

#define MSR_IA32_TSC 0x10

struct vcpu_state {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	struct kvm_xsave xsave;
	struct kvm_xcrs xcrs;
	struct kvm_vcpu_events events;
	struct kvm_debugregs debugregs;
	bool have_xcrs;
	struct kvm_msrs *msrs; /* the MSRs that can be read and written back */
};

/* One MSR through KVM_GET_MSRS/KVM_SET_MSRS; the ioctls return how many
 * they did. */
static int msr_access(struct vcpu *vcpu, unsigned long request,
		      uint32_t index, uint64_t *value)
{
	struct {
		struct kvm_msrs head;
		struct kvm_msr_entry entry;
	} one = { .head.nmsrs = 1, .entry.index = index,
		  .entry.data = *value };
	if (ioctl(vcpu->fd, request, &one) != 1)
		return -1;
	*value = one.entry.data;
	return 0;
}

/* Every MSR KVM lists that this vCPU lets us read and write back, but
 * the time-stamp counter: a guest's clock must go on across runs. */
static struct kvm_msrs *save_msrs(struct vcpu *vcpu)
{
	struct kvm_msr_list probe = { .nmsrs = 0 };
	if (ioctl(vcpu->vm->kvm_fd, KVM_GET_MSR_INDEX_LIST, &probe) < 0 &&
	    errno != E2BIG)
		return NULL;
	struct kvm_msr_list *list =
		calloc(1, sizeof(*list) + probe.nmsrs * sizeof(uint32_t));
	struct kvm_msrs *msrs = calloc(1, sizeof(*msrs) +
				       probe.nmsrs * sizeof(struct kvm_msr_entry));
	if (!list || !msrs)
		goto fail;
	list->nmsrs = probe.nmsrs;
	if (ioctl(vcpu->vm->kvm_fd, KVM_GET_MSR_INDEX_LIST, list) < 0)
		goto fail;
	for (uint32_t i = 0; i < list->nmsrs; i++) {
		uint32_t index = list->indices[i];
		uint64_t value = 0;
		if (index == MSR_IA32_TSC ||
		    msr_access(vcpu, KVM_GET_MSRS, index, &value) < 0 ||
		    msr_access(vcpu, KVM_SET_MSRS, index, &value) < 0)
			continue;
		msrs->entries[msrs->nmsrs].index = index;
		msrs->entries[msrs->nmsrs].data = value;
		msrs->nmsrs++;
	}
	free(list);
	return msrs;
fail:
	free(list);
	free(msrs);
	return NULL;
}

static void kvm_free_state(struct vcpu_state *st)
{
	if (st)
		free(st->msrs);
	free(st);
}

static struct vcpu_state *kvm_save_state(struct vcpu *vcpu)
{
	struct vcpu_state *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &st->regs) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_SREGS, &st->sregs) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_XSAVE, &st->xsave) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_VCPU_EVENTS, &st->events) < 0 ||
	    ioctl(vcpu->fd, KVM_GET_DEBUGREGS, &st->debugregs) < 0)
		goto fail;
	/* kvm_run may hold registers set but not yet loaded: they win. */
	if (vcpu->run->kvm_dirty_regs & KVM_SYNC_X86_REGS)
		st->regs = vcpu->run->s.regs.regs;
	if (vcpu->run->kvm_dirty_regs & KVM_SYNC_X86_SREGS)
		st->sregs = vcpu->run->s.regs.sregs;
	st->have_xcrs = ioctl(vcpu->vm->kvm_fd, KVM_CHECK_EXTENSION,
			      KVM_CAP_XCRS) > 0;
	if (st->have_xcrs && ioctl(vcpu->fd, KVM_GET_XCRS, &st->xcrs) < 0)
		goto fail;
	st->msrs = save_msrs(vcpu);
	if (!st->msrs)
		goto fail;
	return st;
fail:
	kvm_free_state(st);
	return NULL;
}

static int kvm_restore_state(struct vcpu *vcpu, const struct vcpu_state *st)
{
	/* Forget register copies in kvm_run: the ioctls below are the truth. */
	vcpu->run->kvm_dirty_regs = 0;
	vcpu->regs_synced = false;
	vcpu->sregs_synced = false;
	struct kvm_vcpu_events events = st->events;
	events.flags = KVM_VCPUEVENT_VALID_NMI_PENDING |
		       KVM_VCPUEVENT_VALID_SHADOW;
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &st->sregs) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_REGS, &st->regs) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_XSAVE, &st->xsave) < 0 ||
	    (st->have_xcrs && ioctl(vcpu->fd, KVM_SET_XCRS, &st->xcrs) < 0) ||
	    ioctl(vcpu->fd, KVM_SET_VCPU_EVENTS, &events) < 0 ||
	    ioctl(vcpu->fd, KVM_SET_DEBUGREGS, &st->debugregs) < 0)
		return -1;
	if (ioctl(vcpu->fd, KVM_SET_MSRS, st->msrs) != (int)st->msrs->nmsrs) {
		errno = EIO;
		return -1;
	}
	return 0;
}

/* The full in-kernel irqchip (PIC, IOAPIC, local APICs): one ioctl, on
 * every host KVM runs on, and guests only use the local APIC. A split
 * irqchip would leave the IOAPIC and PIC to us, for nothing. */
static int kvm_create_irqchip(struct vm *vm, char *err, size_t errlen)
{
	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		snprintf(err, errlen, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
		return -1;
	}
	vm->irqchip = true;
	return 0;
}

static int kvm_make_runnable(struct vcpu *vcpu)
{
	struct kvm_mp_state mp = { .mp_state = KVM_MP_STATE_RUNNABLE };
	return ioctl(vcpu->fd, KVM_SET_MP_STATE, &mp);
}

static uint64_t kvm_tsc_khz(struct vcpu *vcpu)
{
	int khz = ioctl(vcpu->fd, KVM_GET_TSC_KHZ, 0);
	return khz > 0 ? (uint64_t)khz : 0;
}

/* KVM_SET_GUEST_DEBUG: the same on Intel (VMX) and AMD (SVM). With
 * KVM_GUESTDBG_USE_SW_BP KVM intercepts #BP and reports the int3's own
 * address; KVM_GUESTDBG_INJECT_BP hands such a #BP on to the guest (KVM
 * supplies the instruction length a software exception needs on VMX). */
static int kvm_set_guest_debug(struct vcpu *vcpu, const struct vm_debug *d)
{
	struct kvm_guest_debug g;
	memset(&g, 0, sizeof(g));
	/* KVM ties a single step to the RIP it sees now: registers still
	 * waiting in kvm_run (sync_regs) must reach it first. */
	if (vcpu->run->kvm_dirty_regs & KVM_SYNC_X86_REGS) {
		if (ioctl(vcpu->fd, KVM_SET_REGS, &vcpu->run->s.regs.regs) < 0)
			return -1;
		vcpu->run->kvm_dirty_regs &= ~(uint64_t)KVM_SYNC_X86_REGS;
	}
	if (d->enable) {
		g.control = KVM_GUESTDBG_ENABLE;
		if (d->single_step)
			g.control |= KVM_GUESTDBG_SINGLESTEP;
		if (d->sw_breakpoints)
			g.control |= KVM_GUESTDBG_USE_SW_BP;
		if (d->hw_breakpoints) {
			g.control |= KVM_GUESTDBG_USE_HW_BP;
			for (int i = 0; i < 4; i++)
				g.arch.debugreg[i] = d->addr[i];
			g.arch.debugreg[7] = d->dr7;
		}
		if (d->inject_breakpoint)
			g.control |= KVM_GUESTDBG_INJECT_BP;
	}
	return ioctl(vcpu->fd, KVM_SET_GUEST_DEBUG, &g);
}

static int kvm_set_legacy_area(struct vm *vm, uint64_t addr, char *err,
			       size_t errlen)
{
	/* The identity map is optional (KVM_CAP_SET_IDENTITY_MAP_ADDR):
	 * without it KVM picks an address itself, below the TSS. */
	if (ioctl(vm->kvm_fd, KVM_CHECK_EXTENSION,
		  KVM_CAP_SET_IDENTITY_MAP_ADDR) > 0) {
		uint64_t map = addr;
		if (ioctl(vm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &map) < 0) {
			snprintf(err, errlen,
				 "KVM_SET_IDENTITY_MAP_ADDR 0x%llx: %s",
				 (unsigned long long)map, strerror(errno));
			return -1;
		}
	}
	/* Takes the address itself, not a pointer to it. */
	if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)(addr + 0x1000)) < 0) {
		snprintf(err, errlen, "KVM_SET_TSS_ADDR 0x%llx: %s",
			 (unsigned long long)(addr + 0x1000), strerror(errno));
		return -1;
	}
	return 0;
}

static bool kvm_has_1g_pages(struct vm *vm)
{
	return vm->has_1g_pages;
}

static bool kvm_has_nx(struct vm *vm)
{
	return vm->has_nx;
}

static const char *kvm_raw_exit_name(uint32_t reason)
{
	static const char *const names[] = {
		[KVM_EXIT_UNKNOWN] = "KVM_EXIT_UNKNOWN",
		[KVM_EXIT_EXCEPTION] = "KVM_EXIT_EXCEPTION",
		[KVM_EXIT_IO] = "KVM_EXIT_IO",
		[KVM_EXIT_HYPERCALL] = "KVM_EXIT_HYPERCALL",
		[KVM_EXIT_DEBUG] = "KVM_EXIT_DEBUG",
		[KVM_EXIT_HLT] = "KVM_EXIT_HLT",
		[KVM_EXIT_MMIO] = "KVM_EXIT_MMIO",
		[KVM_EXIT_IRQ_WINDOW_OPEN] = "KVM_EXIT_IRQ_WINDOW_OPEN",
		[KVM_EXIT_SHUTDOWN] = "KVM_EXIT_SHUTDOWN",
		[KVM_EXIT_FAIL_ENTRY] = "KVM_EXIT_FAIL_ENTRY",
		[KVM_EXIT_INTR] = "KVM_EXIT_INTR",
		[KVM_EXIT_SET_TPR] = "KVM_EXIT_SET_TPR",
		[KVM_EXIT_TPR_ACCESS] = "KVM_EXIT_TPR_ACCESS",
		[KVM_EXIT_NMI] = "KVM_EXIT_NMI",
		[KVM_EXIT_INTERNAL_ERROR] = "KVM_EXIT_INTERNAL_ERROR",
		[KVM_EXIT_OSI] = "KVM_EXIT_OSI",
		[KVM_EXIT_SYSTEM_EVENT] = "KVM_EXIT_SYSTEM_EVENT",
	};
	if (reason < sizeof(names) / sizeof(names[0]) && names[reason])
		return names[reason];
	return "KVM_EXIT_(unknown)";
}

const struct vm_backend kvm_backend = {
	.name = "kvm",
	.create = kvm_create,
	.create_vcpu = kvm_create_vcpu,
	.get_regs = kvm_get_regs,
	.set_regs = kvm_set_regs,
	.get_sregs = kvm_get_sregs,
	.set_sregs = kvm_set_sregs,
	.get_fpu = kvm_get_fpu,
	.set_fpu = kvm_set_fpu,
	.run = kvm_run_vcpu,
	.kick = kvm_kick,
	.create_irqchip = kvm_create_irqchip,
	.make_runnable = kvm_make_runnable,
	.tsc_khz = kvm_tsc_khz,
	.set_guest_debug = kvm_set_guest_debug,
	.set_legacy_area = kvm_set_legacy_area,
	.has_1g_pages = kvm_has_1g_pages,
	.has_nx = kvm_has_nx,
	.raw_exit_name = kvm_raw_exit_name,
	.enable_dirty_log = kvm_enable_dirty_log,
	.get_dirty_log = kvm_get_dirty_log,
	.save_state = kvm_save_state,
	.restore_state = kvm_restore_state,
	.free_state = kvm_free_state,
	.destroy_vcpu = kvm_destroy_vcpu,
	.destroy = kvm_destroy,
};
