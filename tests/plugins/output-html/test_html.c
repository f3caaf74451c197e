/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the HTML output's escaping, link rule and script hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "html_sha256.c"
#include "html_text.c"

/* Escape `input` with html_text and compare with `expected`. */
static void assert_escaped(const char *input, const char *expected)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	html_text(out, input);
	fclose(out);
	assert_string_equal(text, expected);
	free(text);
}

static void text_escapes_markup_characters(void **state)
{
	(void)state;
	assert_escaped("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	assert_escaped("a & b", "a &amp; b");
	assert_escaped("\"double\" 'single'", "&quot;double&quot; &#39;single&#39;");
	assert_escaped("&amp;", "&amp;amp;");
	assert_escaped("plain text 1.0-2", "plain text 1.0-2");
}

static void text_replaces_hidden_characters(void **state)
{
	(void)state;
	assert_escaped("tab\there\nline", "tab\there\nline");
	assert_escaped("esc\x1b[31m", "esc\xEF\xBF\xBD[31m");
	assert_escaped("del\x7f", "del\xEF\xBF\xBD");
	/* U+202E RIGHT-TO-LEFT OVERRIDE and U+0085 NEXT LINE (a C1 control). */
	assert_escaped("a\xE2\x80\xAE" "b\xC2\x85" "c", "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c");
	/* Invalid UTF-8: a lone continuation byte, an overlong '/', a cut sequence. */
	assert_escaped("x\x80y", "x\xEF\xBF\xBDy");
	assert_escaped("\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_escaped("end\xE2\x82", "end\xEF\xBF\xBD\xEF\xBF\xBD");
	/* Valid multibyte text stays. */
	assert_escaped("caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x94\x92", "caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x94\x92");
}

static void text_of_null_writes_nothing(void **state)
{
	(void)state;
	assert_escaped(NULL, "");
}

static void web_url_accepts_http_and_https(void **state)
{
	static const struct {
		const char *url;
		size_t start;
		size_t length;
	} accepted[] = {
		{"https://example.com/a", 0, 21},
		{"http://example.com", 0, 18},
		{"HTTPS://EXAMPLE.COM", 0, 19},
		{"  https://example.com/x?a=1&b=\"2\"  ", 2, 31},
		{"\t\nhttp://x.example\r\n", 2, 16},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		size_t start = 99;
		size_t length = 99;

		assert_true(html_is_web_url(accepted[i].url, &start, &length));
		assert_int_equal(start, accepted[i].start);
		assert_int_equal(length, accepted[i].length);
	}
}

static void web_url_rejects_other_schemes(void **state)
{
	static const char *const rejected[] = {
		"javascript:alert(1)",  "  JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
		"data:text/html,<b>",   "vbscript:msgbox(1)",    "//example.com/x",
		"/relative/path",       "https:/example.com",    "http://",
		"https://",             "https://exa mple.com",  "https://a\nb.example",
		"",                     "ftp://example.com",     "httpx://example.com",
	};
	size_t i;

	(void)state;
	assert_false(html_is_web_url(NULL, NULL, NULL));
	for (i = 0; i < sizeof(rejected) / sizeof(rejected[0]); i++) {
		size_t start = 0;
		size_t length = 0;

		assert_false(html_is_web_url(rejected[i], &start, &length));
	}
}

static void link_escapes_url_and_label(void **state)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	(void)state;
	assert_non_null(out);
	html_link(out, " https://example.com/?a=1&b=\"x\" ", "<id>");
	fputc('|', out);
	html_link(out, "javascript:alert('x')", "id");
	fputc('|', out);
	html_link(out, "javascript:alert('x')", NULL);
	fclose(out);
	assert_string_equal(text, "<a href=\"https://example.com/?a=1&amp;b=&quot;x&quot;\" "
				  "rel=\"noopener noreferrer\">&lt;id&gt;</a>|id|"
				  "javascript:alert(&#39;x&#39;)");
	free(text);
}

/* Known digests: FIPS 180-4 examples, in base64. */
static void sha256_matches_known_digests(void **state)
{
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	char base64[HTML_SHA256_BASE64_SIZE];

	(void)state;
	html_sha256_base64(base64, "", 0);
	assert_string_equal(base64, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	html_sha256_base64(base64, "abc", 3);
	assert_string_equal(base64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	html_sha256_base64(base64, two_blocks, strlen(two_blocks));
	assert_string_equal(base64, "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_escapes_markup_characters),
		cmocka_unit_test(text_replaces_hidden_characters),
		cmocka_unit_test(text_of_null_writes_nothing),
		cmocka_unit_test(web_url_accepts_http_and_https),
		cmocka_unit_test(web_url_rejects_other_schemes),
		cmocka_unit_test(link_escapes_url_and_label),
		cmocka_unit_test(sha256_matches_known_digests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
