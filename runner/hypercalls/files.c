/*
 * Host files under --share DIR: open, read, write, seek, close, stat,
 * remove and rename.
 *
 * The guest names files by paths relative to DIR. Each path is resolved by
 * the kernel with openat2(2) on a descriptor of DIR, with RESOLVE_BENEATH
 * (no absolute path, no `..' above DIR, no symlink whose target leaves DIR,
 * at any component) and RESOLVE_NO_MAGICLINKS (no /proc/PID/fd-style
 * links). A path that would leave DIR gets -KVMKIT_EACCES. Without
 * --share, every call gets -KVMKIT_EACCES.
 *
 * Guest file descriptors are indexes 0..SHARE_MAX_FILES-1 into a table of
 * host descriptors; the guest never sees or names a host descriptor.
 * docs/hypercalls.md lists which check gives which error.
 */
#define _GNU_SOURCE /* O_PATH */
#include "hypercall.h"
#include "share.h"

#include <errno.h>
#include <fcntl.h>
#include <kvmkit/abi.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "run.h"

struct share_files {
	int dirfd;                   /* DIR, opened O_PATH               */
	int fd[SHARE_MAX_FILES];     /* host fd per guest fd; -1 = free  */
};

/* Host errno -> the guest's -KVMKIT_Exxx. The KVMKIT values are Linux's,
 * but the guest only knows the ones abi.h names: anything else is EIO. */
int64_t share_host_error(int e)
{
	switch (e) {
	case EPERM: return -KVMKIT_EPERM;
	case ENOENT:
	case ENOTDIR: return -KVMKIT_ENOENT;
	case EBADF: return -KVMKIT_EBADF;
	case EACCES:
	case EXDEV:   /* openat2: the path would leave DIR */
	case EROFS:
	case ETXTBSY:
	case ENOSYS:  /* no openat2: refuse rather than resolve unconfined */
		return -KVMKIT_EACCES;
	case EEXIST: return -KVMKIT_EEXIST;
	case ENOTEMPTY: return -KVMKIT_ENOTEMPTY;
	case EBUSY: return -KVMKIT_EACCES;
	case EISDIR: return -KVMKIT_EISDIR;
	case EINVAL:
	case EOVERFLOW: return -KVMKIT_EINVAL;
	case EMFILE:
	case ENFILE: return -KVMKIT_EMFILE;
	case ENOSPC:
	case EDQUOT:
	case EFBIG: return -KVMKIT_ENOSPC;
	case ESPIPE: return -KVMKIT_ESPIPE;
	case ENAMETOOLONG: return -KVMKIT_ENAMETOOLONG;
	case ELOOP: return -KVMKIT_ELOOP;
	default: return -KVMKIT_EIO;
	}
}

/* Filesystems whose files are the kernel's or another process's state,
 * not data: /proc/self/mem is a regular file that writes into the
 * runner's own memory. Nothing on them is served, even through a share
 * that contains their mount point (--share /). */
static const struct {
	unsigned long magic;
	const char *name;
} kernel_filesystems[] = {
	{ 0x9fa0, "proc" },             /* PROC_SUPER_MAGIC    */
	{ 0x62656572, "sysfs" },        /* SYSFS_MAGIC         */
	{ 0x64626720, "debugfs" },      /* DEBUGFS_MAGIC       */
	{ 0x74726163, "tracefs" },      /* TRACEFS_MAGIC       */
	{ 0x73636673, "securityfs" },   /* SECURITYFS_MAGIC    */
	{ 0x27e0eb, "cgroup" },         /* CGROUP_SUPER_MAGIC  */
	{ 0x63677270, "cgroup2" },      /* CGROUP2_SUPER_MAGIC */
	{ 0xcafe4a11, "bpf" },          /* BPF_FS_MAGIC        */
	{ 0x62656570, "configfs" },     /* CONFIGFS_MAGIC      */
	{ 0xde5e81e4, "efivarfs" },     /* EFIVARFS_MAGIC      */
	{ 0x6165676c, "pstore" },       /* PSTOREFS_MAGIC      */
	{ 0x1cd1, "devpts" },           /* DEVPTS_SUPER_MAGIC  */
	{ 0xf97cff8c, "selinuxfs" },    /* SELINUX_MAGIC       */
	{ 0x42494e4d, "binfmt_misc" },  /* BINFMTFS_MAGIC      */
	{ 0x6e736673, "nsfs" },         /* NSFS_MAGIC          */
	{ 0x67596969, "rpc_pipefs" },   /* RPCAUTH_GSSMAGIC    */
	{ 0x50495045, "pipefs" },       /* PIPEFS_MAGIC        */
	{ 0x534f434b, "sockfs" },       /* SOCKFS_MAGIC        */
	{ 0x09041934, "anon_inodefs" }, /* ANON_INODE_FS_MAGIC */
};

/* The name of the kernel filesystem fd is on, or NULL for an ordinary one
 * (or when fstatfs fails: the caller's fstat decides then). Device nodes
 * on devtmpfs (which reports itself as tmpfs) are refused for not being
 * regular files. */
const char *share_kernel_filesystem(int fd)
{
	struct statfs fs;
	if (fstatfs(fd, &fs) < 0)
		return NULL;
	for (size_t i = 0; i < sizeof(kernel_filesystems) /
			       sizeof(kernel_filesystems[0]); i++)
		if ((unsigned long)fs.f_type == kernel_filesystems[i].magic)
			return kernel_filesystems[i].name;
	return NULL;
}

/* Resolve path beneath DIR. Returns a host fd, or -1 with errno set. */
static int resolve(const struct share_files *s, const char *path, int flags,
		   mode_t mode)
{
	struct open_how how;
	memset(&how, 0, sizeof(how));
	how.flags = (uint64_t)flags;
	how.mode = mode;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
	for (int tries = 0;; tries++) {
		long fd = syscall(SYS_openat2, s->dirfd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		/* EAGAIN: a rename or mount raced with the lookup. */
		if (errno != EAGAIN || tries == 8)
			return -1;
	}
}

/* Copy the guest's path [addr, addr + len) into buf as a C string.
 * Returns 0 or -KVMKIT_Exxx. */
static int64_t guest_path(struct run *run, uint64_t addr, uint64_t len,
			  char buf[KVMKIT_PATH_MAX + 1])
{
	if (len > KVMKIT_PATH_MAX)
		return -KVMKIT_ENAMETOOLONG;
	const char *p = addr ? guest_ptr(&run->mem, addr, len) : NULL;
	if (!p)
		return -KVMKIT_EFAULT;
	if (memchr(p, '\0', len))
		return -KVMKIT_EINVAL;
	memcpy(buf, p, len);
	buf[len] = '\0';
	/* RESOLVE_BENEATH refuses these too; say so here, in one place. */
	if (buf[0] == '/')
		return -KVMKIT_EACCES;
	return 0;
}


/* The host fd behind guest fd, or -1. */
static int host_fd(const struct share_files *s, uint64_t fd)
{
	return fd < SHARE_MAX_FILES ? s->fd[fd] : -1;
}

/* KVMKIT_O_* -> O_*; -1 for flags the ABI does not define. */
static int open_flags(uint64_t flags)
{
	const uint64_t known = KVMKIT_O_WRONLY | KVMKIT_O_RDWR | KVMKIT_O_CREAT |
			       KVMKIT_O_TRUNC | KVMKIT_O_APPEND;
	if (flags & ~known)
		return -1;
	int o;
	switch (flags & (KVMKIT_O_WRONLY | KVMKIT_O_RDWR)) {
	case KVMKIT_O_RDONLY: o = O_RDONLY; break;
	case KVMKIT_O_WRONLY: o = O_WRONLY; break;
	case KVMKIT_O_RDWR: o = O_RDWR; break;
	default: return -1; /* WRONLY | RDWR */
	}
	if (flags & KVMKIT_O_TRUNC) {
		if (o == O_RDONLY) /* Linux would truncate; say no instead */
			return -1;
		o |= O_TRUNC;
	}
	if (flags & KVMKIT_O_CREAT)
		o |= O_CREAT;
	if (flags & KVMKIT_O_APPEND)
		o |= O_APPEND;
	return o;
}

int64_t hc_file_open(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	struct share_files *s = run->files;
	if (!s)
		return -KVMKIT_EACCES;
	char path[KVMKIT_PATH_MAX + 1];
	int64_t r = guest_path(run, args[0], args[1], path);
	if (r < 0)
		return r;
	int flags = open_flags(args[2]);
	if (flags < 0)
		return -KVMKIT_EINVAL;
	int slot = 0;
	while (slot < SHARE_MAX_FILES && s->fd[slot] >= 0)
		slot++;
	if (slot == SHARE_MAX_FILES)
		return -KVMKIT_EMFILE;

	/* O_NONBLOCK: opening a FIFO must not hang the run; only regular
	 * files are kept, and they ignore the flag (cleared below anyway). */
	/* openat2 wants a mode only with O_CREAT (EINVAL otherwise). */
	int fd = resolve(s, path, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
			 (flags & O_CREAT) ? 0666 : 0);
	if (fd < 0)
		return share_host_error(errno);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		r = share_host_error(errno);
		close(fd);
		return r;
	}
	if (share_kernel_filesystem(fd)) {
		close(fd);
		return -KVMKIT_EACCES;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -KVMKIT_EISDIR : -KVMKIT_EACCES;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		r = share_host_error(errno);
		close(fd);
		return r;
	}
	s->fd[slot] = fd;
	return slot;
}

/* The host fd behind an open guest fd: -EACCES without --share, -EBADF
 * for a guest fd that is not open. */
static int64_t shared_fd(struct run *run, uint64_t guest_fd)
{
	if (!run->files)
		return -KVMKIT_EACCES;
	int fd = host_fd(run->files, guest_fd);
	return fd < 0 ? -KVMKIT_EBADF : fd;
}

/* How many bytes a write at fd's offset may add before the file would
 * grow past limit (--share-limit), or -KVMKIT_Exxx. */
static int64_t room_below_limit(int fd, uint64_t limit)
{
	struct stat st;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fstat(fd, &st) < 0)
		return share_host_error(errno);
	off_t at = (fl & O_APPEND) ? st.st_size : lseek(fd, 0, SEEK_CUR);
	if (at < 0)
		return share_host_error(errno);
	return (uint64_t)at >= limit ? 0 : (int64_t)(limit - (uint64_t)at);
}

static int64_t file_io(struct run *run, const uint64_t *args, bool writing)
{
	int64_t fd = shared_fd(run, args[0]);
	if (fd < 0)
		return fd;
	uint64_t len = args[2];
	if (len > KVMKIT_IO_MAX)
		return -KVMKIT_EINVAL;
	void *buf = hc_guest_buffer(run, args[1], len);
	if (!buf)
		return -KVMKIT_EFAULT;
	if (writing && run->opt->share_limit) {
		int64_t room = room_below_limit((int)fd, run->opt->share_limit);
		if (room < 0)
			return room;
		if ((uint64_t)room < len)
			len = (uint64_t)room; /* a short write, like a full disk */
		if (len == 0)
			return -KVMKIT_ENOSPC;
	}
	for (;;) {
		ssize_t n = writing ? write((int)fd, buf, len)
				    : read((int)fd, buf, len);
		if (n >= 0)
			return n;
		if (errno != EINTR || run_deadline_passed(run))
			return share_host_error(errno);
	}
}

int64_t hc_file_read(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	return file_io(run, args, false);
}

int64_t hc_file_write(struct run *run, struct run_cpu *cpu,
			const uint64_t *args)
{
	(void)cpu;
	return file_io(run, args, true);
}

int64_t hc_file_seek(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	int64_t fd = shared_fd(run, args[0]);
	if (fd < 0)
		return fd;
	int whence;
	switch (args[2]) {
	case KVMKIT_SEEK_SET: whence = SEEK_SET; break;
	case KVMKIT_SEEK_CUR: whence = SEEK_CUR; break;
	case KVMKIT_SEEK_END: whence = SEEK_END; break;
	default: return -KVMKIT_EINVAL;
	}
	off_t off = lseek((int)fd, (off_t)(int64_t)args[1], whence);
	if (off < 0)
		return share_host_error(errno);
	return off;
}

int64_t hc_file_close(struct run *run, struct run_cpu *cpu,
			const uint64_t *args)
{
	(void)cpu;
	int64_t fd = shared_fd(run, args[0]);
	if (fd < 0)
		return fd;
	run->files->fd[args[0]] = -1;
	/* The descriptor is gone even when close reports an error. */
	if (close((int)fd) < 0 && errno != EINTR)
		return share_host_error(errno);
	return 0;
}

int64_t hc_file_stat(struct run *run, struct run_cpu *cpu, const uint64_t *args)
{
	(void)cpu;
	struct share_files *s = run->files;
	if (!s)
		return -KVMKIT_EACCES;
	char path[KVMKIT_PATH_MAX + 1];
	int64_t r = guest_path(run, args[0], args[1], path);
	if (r < 0)
		return r;
	struct kvmkit_stat out;
	void *dst = hc_guest_buffer(run, args[2], sizeof(out));
	if (!dst)
		return -KVMKIT_EFAULT;
	/* O_PATH: look the file up without opening it (a FIFO or device
	 * is not touched), following a final symlink like stat(2). */
	int fd = resolve(s, path, O_PATH | O_CLOEXEC, 0);
	if (fd < 0)
		return share_host_error(errno);
	struct stat st;
	r = fstat(fd, &st) < 0 ? share_host_error(errno) : 0;
	if (r == 0 && share_kernel_filesystem(fd))
		r = -KVMKIT_EACCES;
	close(fd);
	if (r < 0)
		return r;
	memset(&out, 0, sizeof(out));
	out.size = (uint64_t)st.st_size;
	out.mode = st.st_mode;
	out.mtime_sec = st.st_mtim.tv_sec;
	memcpy(dst, &out, sizeof(out));
	return 0;
}

/* A path's directory, resolved beneath DIR like any path, and its last
 * component, which must name an entry ("", "." and ".." do not). Returns
 * the directory's O_PATH fd and points *base into path, or -KVMKIT_Exxx. */
static int64_t resolve_parent(const struct share_files *s, char *path,
			      const char **base)
{
	char *slash = strrchr(path, '/');
	const char *dir = ".";
	*base = path;
	if (slash) {
		*slash = '\0';
		*base = slash + 1;
		dir = *path ? path : ".";
	}
	if (!**base || !strcmp(*base, ".") || !strcmp(*base, ".."))
		return -KVMKIT_EINVAL;
	int fd = resolve(s, dir, O_PATH | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return share_host_error(errno);
	if (share_kernel_filesystem(fd)) { /* as open and stat refuse */
		close(fd);
		return -KVMKIT_EACCES;
	}
	return fd;
}

/* remove(3): a file, or an empty directory. The entry itself goes (a
 * symlink is not followed). */
int64_t hc_file_remove(struct run *run, struct run_cpu *cpu,
		       const uint64_t *args)
{
	(void)cpu;
	struct share_files *s = run->files;
	if (!s)
		return -KVMKIT_EACCES;
	char path[KVMKIT_PATH_MAX + 1];
	int64_t r = guest_path(run, args[0], args[1], path);
	if (r < 0)
		return r;
	const char *base;
	int64_t dirfd = resolve_parent(s, path, &base);
	if (dirfd < 0)
		return dirfd;
	r = 0;
	if (unlinkat((int)dirfd, base, 0) < 0) {
		if (errno == EISDIR && unlinkat((int)dirfd, base, AT_REMOVEDIR) == 0)
			r = 0;
		else
			r = share_host_error(errno);
	}
	close((int)dirfd);
	return r;
}

int64_t hc_file_rename(struct run *run, struct run_cpu *cpu,
		       const uint64_t *args)
{
	(void)cpu;
	struct share_files *s = run->files;
	if (!s)
		return -KVMKIT_EACCES;
	char from[KVMKIT_PATH_MAX + 1], to[KVMKIT_PATH_MAX + 1];
	int64_t r = guest_path(run, args[0], args[1], from);
	if (r == 0)
		r = guest_path(run, args[2], args[3], to);
	if (r < 0)
		return r;
	const char *from_base, *to_base;
	int64_t from_dir = resolve_parent(s, from, &from_base);
	if (from_dir < 0)
		return from_dir;
	int64_t to_dir = resolve_parent(s, to, &to_base);
	if (to_dir < 0) {
		close((int)from_dir);
		return to_dir;
	}
	r = renameat((int)from_dir, from_base, (int)to_dir, to_base) < 0
		    ? share_host_error(errno) : 0;
	close((int)from_dir);
	close((int)to_dir);
	return r;
}

int share_open(struct run *run, const char *dir, char *err, size_t errlen)
{
	run->files = NULL;
	if (!dir)
		return 0;
	struct share_files *s = malloc(sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "--share %s: out of memory", dir);
		return -1;
	}
	for (int i = 0; i < SHARE_MAX_FILES; i++)
		s->fd[i] = -1;
	s->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (s->dirfd < 0) {
		int e = errno;
		if (e == ENOENT)
			snprintf(err, errlen, "--share %s: no such directory%s",
				 dir, getenv("KVMKIT_TEST_VM")
				 ? " in the test VM, which sees only the "
				   "repository: put the directory inside it"
				 : "");
		else if (e == ENOTDIR)
			snprintf(err, errlen, "--share %s: not a directory",
				 dir);
		else
			snprintf(err, errlen, "--share %s: %s", dir,
				 strerror(e));
		free(s);
		return -1;
	}
	/* Without openat2 nothing could be opened safely: say so now rather
	 * than refuse every call later. */
	int probe = resolve(s, ".", O_PATH | O_CLOEXEC, 0);
	if (probe < 0) {
		int e = errno;
		if (e == ENOSYS)
			snprintf(err, errlen,
				 "--share %s: this kernel has no openat2(2) "
				 "(Linux 5.6 or later), which keeps the guest's "
				 "paths inside the directory", dir);
		else
			snprintf(err, errlen, "--share %s: %s", dir,
				 strerror(e));
		close(s->dirfd);
		free(s);
		return -1;
	}
	close(probe);
	const char *kernel_fs = share_kernel_filesystem(s->dirfd);
	if (kernel_fs) {
		snprintf(err, errlen,
			 "--share %s: this directory is on %s, a kernel "
			 "filesystem whose files are host and process state, "
			 "not data (a guest could reach the runner's own memory "
			 "through /proc/self/mem): share an ordinary directory",
			 dir, kernel_fs);
		close(s->dirfd);
		free(s);
		return -1;
	}
	run->files = s;
	return 0;
}

void share_close(struct run *run)
{
	struct share_files *s = run->files;
	if (!s)
		return;
	for (int i = 0; i < SHARE_MAX_FILES; i++)
		if (s->fd[i] >= 0)
			close(s->fd[i]);
	close(s->dirfd);
	free(s);
	run->files = NULL;
}
