/*
 * Landlock: once the guests run, the runner may open files only in each
 * run's --share directory (what the file hypercalls do) and, for
 * --report-file, create or write files in that file's directory. Kernels
 * without Landlock (before 5.13, or with it left out of the LSM list) run
 * without this layer: openat2(RESOLVE_BENEATH) still confines the guest's
 * paths, and the fallback is shown by --trace.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sandbox.h"

static int add_path(int ruleset, const char *path, __u64 access)
{
	int fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct landlock_path_beneath_attr rule = {
		.allowed_access = access,
		.parent_fd = fd,
	};
	long rc = syscall(SYS_landlock_add_rule, ruleset,
			  LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
	/* The descriptor stays open for the life of the runner: Landlock
	 * ties the rule to the directory's inode, and on filesystems that
	 * cache nothing (9p with cache=none, as in the test VM) a later
	 * lookup would otherwise find a new inode without the rule. */
	if (rc < 0)
		close(fd);
	return rc < 0 ? -1 : 0;
}

/* Write (and create) the report file: a rule on its directory, since the
 * file may not exist yet. A directory that does not exist is no error:
 * the guest still runs, and writing the report then fails with its own
 * message, as without the sandbox. */
static int add_report_dir(int ruleset, const char *report_file)
{
	if (!report_file || !strcmp(report_file, "-"))
		return 0;
	char *dir = strdup(report_file);
	if (!dir)
		return -1;
	char *slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	int rc = add_path(ruleset, slash ? dir : ".",
			  LANDLOCK_ACCESS_FS_WRITE_FILE |
			  LANDLOCK_ACCESS_FS_MAKE_REG);
	if (rc && (errno == ENOENT || errno == ENOTDIR))
		rc = 0;
	free(dir);
	return rc;
}

int sandbox_landlock_enter(struct run *const runs[], size_t n, int *abi,
			   char *err, size_t errlen)
{
	long version = syscall(SYS_landlock_create_ruleset, NULL, 0,
			       LANDLOCK_CREATE_RULESET_VERSION);
	*abi = version > 0 ? (int)version : 0;
	if (version <= 0)
		return 0; /* no Landlock here: the fallback, not an error */

	/* Every right this ABI knows is handled, so each is denied unless a
	 * rule below grants it. */
	__u64 handled = LANDLOCK_ACCESS_FS_EXECUTE |
			LANDLOCK_ACCESS_FS_WRITE_FILE |
			LANDLOCK_ACCESS_FS_READ_FILE |
			LANDLOCK_ACCESS_FS_READ_DIR |
			LANDLOCK_ACCESS_FS_REMOVE_DIR |
			LANDLOCK_ACCESS_FS_REMOVE_FILE |
			LANDLOCK_ACCESS_FS_MAKE_CHAR |
			LANDLOCK_ACCESS_FS_MAKE_DIR |
			LANDLOCK_ACCESS_FS_MAKE_REG |
			LANDLOCK_ACCESS_FS_MAKE_SOCK |
			LANDLOCK_ACCESS_FS_MAKE_FIFO |
			LANDLOCK_ACCESS_FS_MAKE_BLOCK |
			LANDLOCK_ACCESS_FS_MAKE_SYM;
#ifdef LANDLOCK_ACCESS_FS_REFER
	if (version >= 2)
		handled |= LANDLOCK_ACCESS_FS_REFER;
#endif
	struct landlock_ruleset_attr attr = { .handled_access_fs = handled };
	int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr,
				   sizeof(attr), 0);
	if (ruleset < 0) {
		snprintf(err, errlen, "landlock: %s", strerror(errno));
		return -1;
	}
	/* In the share: what the file hypercalls do (open, create, remove,
	 * rename; a renamed directory is removed and made). */
	__u64 files = LANDLOCK_ACCESS_FS_READ_FILE |
		      LANDLOCK_ACCESS_FS_WRITE_FILE |
		      LANDLOCK_ACCESS_FS_READ_DIR |
		      LANDLOCK_ACCESS_FS_MAKE_REG |
		      LANDLOCK_ACCESS_FS_MAKE_DIR |
		      LANDLOCK_ACCESS_FS_REMOVE_FILE |
		      LANDLOCK_ACCESS_FS_REMOVE_DIR;
#ifdef LANDLOCK_ACCESS_FS_REFER
	if (version >= 2)
		files |= LANDLOCK_ACCESS_FS_REFER; /* rename across directories */
#endif
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct run_options *opt = runs[i]->opt;
		if (opt->share_dir)
			rc = add_path(ruleset, opt->share_dir, files);
		if (!rc)
			rc = add_report_dir(ruleset, opt->report_file);
	}
	if (!rc && syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		rc = -1;
	int e = errno;
	close(ruleset);
	if (rc) {
		snprintf(err, errlen, "landlock: %s", strerror(e));
		return -1;
	}
	return 0;
}
