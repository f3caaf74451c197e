/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Markdown output's escaping of text, code spans and links, and of its cuts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "markdown.c"

/* Escape `input` as text within `max_bytes` and compare with `expected`. */
static void assert_text(const char *input, size_t max_bytes, const char *expected)
{
	md_buffer b = {NULL, 0, 0, false};

	md_text(&b, input, max_bytes);
	assert_false(b.failed);
	assert_string_equal(b.data != NULL ? b.data : "", expected);
	assert_true(b.length <= max_bytes);
	md_free(&b);
}

static void assert_code(const char *input, const char *expected)
{
	md_buffer b = {NULL, 0, 0, false};

	md_code(&b, input, 1000);
	assert_false(b.failed);
	assert_string_equal(b.data != NULL ? b.data : "", expected);
	md_free(&b);
}

static void text_escapes_markdown_and_html(void **state)
{
	(void)state;
	assert_text("a | b", 100, "a \\| b");
	assert_text("<b>&</b>", 100, "&lt;b&gt;&amp;&lt;/b&gt;");
	assert_text("[x](javascript:y)", 100, "\\[x\\]\\(javascript\\:y\\)");
	assert_text("![i](u) **b** _e_ ~~s~~ `c` $m$", 100,
		    "\\!\\[i\\]\\(u\\) \\*\\*b\\*\\* \\_e\\_ \\~\\~s\\~\\~ \\`c\\` \\$m\\$");
	assert_text("back\\slash", 100, "back\\\\slash");
	assert_text("www.example.com", 100, "www\\.example\\.com");
	/* U+2060 WORD JOINER after "@" stops e-mail links and mentions. */
	assert_text("a@b", 100, "a@\xE2\x81\xA0" "b");
}

static void text_keeps_one_line(void **state)
{
	(void)state;
	assert_text("one\ntwo\r\nthree\tfour", 100, "one two  three four");
	assert_text("esc\x1b[0m", 100, "esc \\[0m");
	/* U+2028 LINE SEPARATOR and U+202E RIGHT-TO-LEFT OVERRIDE. */
	assert_text("a\xE2\x80\xA8" "b\xE2\x80\xAE" "c", 100, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
	assert_text("bad\xff", 100, "bad\xEF\xBF\xBD");
}

static void text_cut_at_character_boundary(void **state)
{
	(void)state;
	assert_text("abcdef", 6, "abcdef");
	assert_text("abcdefg", 6, "abc\xE2\x80\xA6");
	/* "é" is two bytes: the cut never splits it. */
	assert_text("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 7, "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
	/* An escape is never split either: "&lt;" fits whole or not at all. */
	assert_text("ab<<<<", 9, "ab&lt;\xE2\x80\xA6");
	assert_text("ab<<<<", 8, "ab\xE2\x80\xA6");
}

static void code_span_fences_backticks(void **state)
{
	(void)state;
	assert_code("CVE-2031-0001", "`CVE-2031-0001`");
	assert_code("a`b", "``a`b``");
	assert_code("``x``", "``` ``x`` ```");
	assert_code(" both ", "`  both  `");
	assert_code("<b>&amp;", "`<b>&amp;`");
	assert_code("a|b", "`a\\|b`");
	assert_code("line\nbreak", "`line break`");
	assert_code("", "");
	assert_code(NULL, "");
}

static void url_is_percent_encoded(void **state)
{
	md_buffer b = {NULL, 0, 0, false};
	const char *url = "https://e.example/a b?x=\"1\"&y=(2)|<3>";

	(void)state;
	md_url(&b, url, strlen(url));
	assert_string_equal(b.data, "https://e.example/a%20b?x=%221%22&amp;y=%282%29%7C%3C3%3E");
	md_free(&b);
}

static void web_url_rule(void **state)
{
	size_t start = 0;
	size_t length = 0;

	(void)state;
	assert_true(is_web_url(" HTTPS://x.example ", &start, &length));
	assert_int_equal(start, 1);
	assert_int_equal(length, 17);
	assert_false(is_web_url("javascript:alert(1)", &start, &length));
	assert_false(is_web_url("data:text/html,x", &start, &length));
	assert_false(is_web_url("https://a b", &start, &length));
	assert_false(is_web_url(NULL, &start, &length));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes_markdown_and_html),
		cmocka_unit_test(text_keeps_one_line),
		cmocka_unit_test(text_cut_at_character_boundary),
		cmocka_unit_test(code_span_fences_backticks),
		cmocka_unit_test(url_is_percent_encoded),
		cmocka_unit_test(web_url_rule),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
