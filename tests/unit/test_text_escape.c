/*
 * Guest-supplied text in reports (runner/text_escape.c): byte-exact
 * expectations. (The string I/O check has test_string_io.c.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text_escape.h"

static void expect_text(const char *in, const char *out)
{
	char buf[256];
	text_escape(buf, sizeof(buf), in);
	assert_string_equal(buf, out);
}

static void test_text_escape(void **state)
{
	(void)state;
	expect_text("plain text", "plain text");
	expect_text("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	expect_text("a\nb\rc\x1b[2J", "a\\x0ab\\x0dc\\x1b[2J");
	expect_text("back\\slash", "back\\\\slash");
	expect_text("del\x7f", "del\\x7f");
	/* C1 controls (U+009B is a CSI on some terminals) */
	expect_text("\xc2\x9b" "1m", "\\xc2\\x9b1m");
	/* invalid UTF-8: a lone continuation, overlong, surrogate, cut */
	expect_text("\x80", "\\x80");
	expect_text("\xc0\xaf", "\\xc0\\xaf");
	expect_text("\xed\xa0\x80", "\\xed\\xa0\\x80");
	expect_text("\xe2\x82", "\\xe2\\x82");
	expect_text("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
}

static void test_text_escape_truncates_whole(void **state)
{
	(void)state;
	char buf[6];
	text_escape(buf, sizeof(buf), "ab\ncd");
	assert_string_equal(buf, "ab"); /* "\x0a" does not fit: cut before */
	text_escape(buf, 1, "abc");
	assert_string_equal(buf, "");
}

static void expect_json(const char *in, const char *out)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	json_escape(f, in);
	fclose(f);
	assert_string_equal(text, out);
	free(text);
}

static void test_json_escape(void **state)
{
	(void)state;
	expect_json("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	expect_json("q\"b\\n\nt\t\x01\x7f", "\"q\\\"b\\\\n\\nt\\t\\u0001\\u007f\"");
	expect_json("bad\xff\xc3", "\"bad\\ufffd\\ufffd\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_text_escape_truncates_whole),
		cmocka_unit_test(test_json_escape),
	};
	return cmocka_run_group_tests_name("text_escape", tests, NULL, NULL);
}
