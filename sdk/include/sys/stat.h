/*
 * <sys/stat.h> for kvmkit guests: stat() on files under the runner's
 * --share DIR (sdk/libc/fd.c), the file-type macros and mode bits, Linux's
 * values. What the file hypercall reports is there: size, mode and
 * modification time; the other fields are 0.
 */
#ifndef _KVMKIT_SYS_STAT_H
#define _KVMKIT_SYS_STAT_H

#include <sys/types.h>

#include <kvmkit/cdefs.h>

__KVMKIT_BEGIN_DECLS

#define S_IFMT   0170000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFBLK  0060000
#define S_IFREG  0100000
#define S_IFIFO  0010000
#define S_IFLNK  0120000
#define S_IFSOCK 0140000

#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

#define S_IRWXU 0700
#define S_IRUSR 0400
#define S_IWUSR 0200
#define S_IXUSR 0100
#define S_IRWXG 070
#define S_IRGRP 040
#define S_IWGRP 020
#define S_IXGRP 010
#define S_IRWXO 07
#define S_IROTH 04
#define S_IWOTH 02
#define S_IXOTH 01

struct stat {
	mode_t st_mode;
	off_t st_size;
	long st_mtime;
	unsigned long st_dev, st_ino, st_nlink;
	uid_t st_uid;
	gid_t st_gid;
};

int stat(const char *__restrict path, struct stat *__restrict st);

__KVMKIT_END_DECLS

#endif
