/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of how the console output cleans and cuts scanner strings before they reach a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "console.c"

/* The text of a line after adding `input` cleaned, in at most `columns` columns. */
static const char *cleaned(line *l, const char *input, size_t columns)
{
	line_clear(l);
	line_add_clean(l, input, columns);
	return l->text;
}

static void clean_keeps_printable_text(void **state)
{
	line l;

	(void)state;
	assert_string_equal(cleaned(&l, "openssl: \"quoted\" <b> \\ ünïcödé", 100),
			    "openssl: \"quoted\" <b> \\ ünïcödé");
	assert_int_equal(l.columns, 31);
}

static void clean_drops_c0_controls(void **state)
{
	line l;

	(void)state;
	assert_string_equal(cleaned(&l, "a\033[31mb\a\x7f" "c", 100), "a[31mbc");
	assert_string_equal(cleaned(&l, "tab\there\nnext\rline", 100), "tab here next line");
}

static void clean_drops_c1_and_bidi(void **state)
{
	line l;

	(void)state;
	/* U+009B is CSI for terminals that read C1 controls, and U+202E reverses the text. */
	assert_string_equal(cleaned(&l, "a\xC2\x9B" "31mb", 100), "a31mb");
	assert_string_equal(cleaned(&l, "x\xE2\x80\xAEy\xE2\x81\xA6z", 100), "xyz");
}

static void clean_replaces_invalid_utf8(void **state)
{
	line l;

	(void)state;
	/* A lone 0x9B, a cut sequence, an overlong '/', a surrogate and a value past U+10FFFF. */
	assert_string_equal(cleaned(&l, "a\x9B" "b", 100), "a?b");
	assert_string_equal(cleaned(&l, "a\xE2\x82", 100), "a??");
	assert_string_equal(cleaned(&l, "\xC0\xAF", 100), "??");
	assert_string_equal(cleaned(&l, "\xED\xA0\x80", 100), "???");
	assert_string_equal(cleaned(&l, "\xF4\x90\x80\x80", 100), "????");
}

static void clean_cuts_with_ellipsis(void **state)
{
	line l;

	(void)state;
	assert_string_equal(cleaned(&l, "abcdef", 6), "abcdef");
	assert_int_equal(l.columns, 6);
	assert_string_equal(cleaned(&l, "abcdefg", 6), "abcde\xE2\x80\xA6");
	assert_int_equal(l.columns, 6);
	/* Multi-byte characters count one column each, and dropped ones count none. */
	assert_string_equal(cleaned(&l, "ü\033ü\033üüüüü", 4), "üüü\xE2\x80\xA6");
	assert_int_equal(l.columns, 4);
}

static void clean_null_is_dash(void **state)
{
	line l;

	(void)state;
	assert_string_equal(cleaned(&l, NULL, 10), "-");
	assert_string_equal(cleaned(&l, "abc", 0), "");
}

static void line_stops_at_its_buffer(void **state)
{
	char long_text[4096];
	line l;

	(void)state;
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	line_clear(&l);
	line_add_clean(&l, long_text, sizeof(long_text));
	assert_true(l.length < sizeof(l.text));
	assert_int_equal(strlen(l.text), l.length);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_keeps_printable_text),
		cmocka_unit_test(clean_drops_c0_controls),
		cmocka_unit_test(clean_drops_c1_and_bidi),
		cmocka_unit_test(clean_replaces_invalid_utf8),
		cmocka_unit_test(clean_cuts_with_ellipsis),
		cmocka_unit_test(clean_null_is_dash),
		cmocka_unit_test(line_stops_at_its_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
