/*
 * The host errors a guest's file calls pass on (docs/hypercalls.md, "Errors
 * from the host are passed on"). Some of them no test guest can provoke on
 * an ordinary share (EEXIST: the ABI has no O_EXCL; ESPIPE: only regular
 * files are opened; EPERM: needs an immutable file or another user's file
 * in a sticky directory), so the translation is checked here, with the
 * guest's numbers written out as docs/abi.md gives them (Linux's values),
 * not taken from the header the code uses.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "hypercalls/share.h"

static void test_documented_errors_pass_through(void **state)
{
	(void)state;
	static const struct {
		int host;
		int64_t guest;
	} map[] = {
		{ EPERM, -1 },         { ENOENT, -2 },   { ENOTDIR, -2 },
		{ EBADF, -9 },         { EACCES, -13 },  { EROFS, -13 },
		{ EEXIST, -17 },       { EISDIR, -21 },  { EINVAL, -22 },
		{ EMFILE, -24 },       { ENFILE, -24 },  { ENOSPC, -28 },
		{ EDQUOT, -28 },       { EFBIG, -28 },   { ESPIPE, -29 },
		{ ENAMETOOLONG, -36 }, { ENOTEMPTY, -39 }, { ELOOP, -40 },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		print_message("host errno %d\n", map[i].host);
		assert_int_equal(share_host_error(map[i].host), map[i].guest);
	}
}

static void test_confinement_errors_are_eacces(void **state)
{
	(void)state;
	/* openat2 says EXDEV when a path would leave DIR, ENOSYS where it
	 * does not exist: the guest is refused, EACCES (13). */
	assert_int_equal(share_host_error(EXDEV), -13);
	assert_int_equal(share_host_error(ENOSYS), -13);
	assert_int_equal(share_host_error(ETXTBSY), -13);
	assert_int_equal(share_host_error(EBUSY), -13);
	assert_int_equal(share_host_error(EOVERFLOW), -22);
}

static void test_anything_else_is_eio(void **state)
{
	(void)state;
	assert_int_equal(share_host_error(EIO), -5);
	assert_int_equal(share_host_error(ENOMEM), -5);
	assert_int_equal(share_host_error(EAGAIN), -5);
	assert_int_equal(share_host_error(0), -5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documented_errors_pass_through),
		cmocka_unit_test(test_confinement_errors_are_eacces),
		cmocka_unit_test(test_anything_else_is_eio),
	};
	return cmocka_run_group_tests_name("share_errors", tests, NULL, NULL);
}
