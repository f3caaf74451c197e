/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of report reading: the checks every report passes before a plugin sees it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_common.h"

/* Read `len` bytes as a report; return the run for inspection. */
static assay_run *read_bytes(const char *format, const char *bytes, size_t len, int *result)
{
	char path[PATH_MAX];
	assay_run *run = run_with_test_input();

	write_temp(path, sizeof(path), bytes, len);
	assert_int_equal(assay_run_add_input(run, format, path), 0);
	*result = assay_run_read_inputs(run);
	unlink(path);
	return run;
}

/* Expect the read to fail with `code` and a message holding `expected`. */
static void expect_error(const char *bytes, size_t len, int code, const char *expected)
{
	int result;
	assay_run *run = read_bytes("testin", bytes, len, &result);

	assert_int_equal(result, code);
	if (!strstr(assay_run_error(run), expected)) {
		fail_msg("message '%s' lacks '%s'", assay_run_error(run), expected);
	}
	assert_int_equal(assay_run_finding_count(run), 0);
	assay_run_free(run);
}

#define EXPECT_ERROR(literal, code, expected) \
	expect_error(literal, sizeof(literal) - 1, code, expected)

static void missing_file(void **state)
{
	assay_run *run = run_with_test_input();

	(void)state;
	assert_int_equal(assay_run_add_input(run, "testin", "/nonexistent/report.json"), 0);
	assert_int_equal(assay_run_read_inputs(run), ASSAY_ENOTFOUND);
	assert_string_equal(assay_run_error(run), "/nonexistent/report.json: file not found");
	assay_run_free(run);
}

static void empty_and_blank_files(void **state)
{
	(void)state;
	EXPECT_ERROR("", ASSAY_EPARSE, "empty file");
	EXPECT_ERROR(" \n\t\r\n", ASSAY_EPARSE, "empty file");
}

static void invalid_json_gives_offset(void **state)
{
	const char report[] = "[{\"test\":1,}]";
	const char *at;
	int result;
	assay_run *run = read_bytes("testin", report, sizeof(report) - 1, &result);

	(void)state;
	/* The bad comma is at byte 10; cJSON reports where it gave up, one or two bytes on. */
	assert_int_equal(result, ASSAY_EPARSE);
	at = strstr(assay_run_error(run), "invalid JSON at byte ");
	assert_non_null(at);
	assert_in_range(strtol(at + strlen("invalid JSON at byte "), NULL, 10), 10, 12);
	assay_run_free(run);

	EXPECT_ERROR("[{\"test\":1,\"id\":\"CVE", ASSAY_EPARSE, "truncated?");
	EXPECT_ERROR("[] trailing", ASSAY_EPARSE, "invalid JSON at byte 3");
	/* Offsets count from the file's first byte, a byte order mark included. */
	EXPECT_ERROR("\xEF\xBB\xBF[] trailing", ASSAY_EPARSE, "invalid JSON at byte 6");
	EXPECT_ERROR("\xEF\xBB\xBF[\"a\tb\"]", ASSAY_EPARSE, "control character 0x09 inside a JSON string at byte 6");
	/* Raw control characters in strings, which cJSON would accept: in a long string, where
	 * the check skips eight bytes at a time, and near the end, where it reads each byte. */
	EXPECT_ERROR("[{\"test\": 1, \"id\": \"CVE-2099-1\", \"title\": \"a long title\twith a tab\"}]",
		     ASSAY_EPARSE, "control character 0x09 inside a JSON string at byte 55");
	EXPECT_ERROR("[\"x\x01\"]", ASSAY_EPARSE, "control character 0x01 inside a JSON string at byte 3");
	EXPECT_ERROR("[{\"test\": 1},\n {\"test\": 2}\n] {}", ASSAY_EPARSE,
		     "(line 3, column 3, at \"{}\")");
	EXPECT_ERROR("[{\"test\": 1,", ASSAY_EPARSE, "at the end, after \"[{\"test\": 1,\"); the file ends");
}

static void nul_and_bad_utf8_rejected(void **state)
{
	(void)state;
	EXPECT_ERROR("[{\"test\":1,\"id\":\"a\0b\"}]", ASSAY_EPARSE, "NUL byte at byte 18");
	EXPECT_ERROR("[{\"test\":1,\"id\":\"\xC0\xAF\"}]", ASSAY_EPARSE, "invalid UTF-8 at byte 17");
	EXPECT_ERROR("[{\"test\":1,\"id\":\"\xED\xA0\x80\"}]", ASSAY_EPARSE, "invalid UTF-8");
	EXPECT_ERROR("[{\"test\":1,\"id\":\"\xF4\x90\x80\x80\"}]", ASSAY_EPARSE, "invalid UTF-8");
	EXPECT_ERROR("[{\"test\":1,\"id\":\"\xE2\x82\"}]", ASSAY_EPARSE, "invalid UTF-8");
}

static void escaped_nul_cuts_string(void **state)
{
	const char report[] = "[{\"test\":1,\"id\":\"CVE-2099-1\",\"title\":\"a\\u0000b\"}]";
	int result;
	assay_run *run = read_bytes("testin", report, sizeof(report) - 1, &result);

	(void)state;
	assert_int_equal(result, 0);
	assert_int_equal(assay_run_finding_count(run), 1);
	assert_string_equal(assay_run_finding_at(run, 0)->title, "a");
	assay_run_free(run);
}

static void valid_utf8_and_bom_accepted(void **state)
{
	const char report[] = "\xEF\xBB\xBF[{\"test\":1,\"id\":\"CVE-2099-1\","
			      "\"title\":\"\xC3\xBCn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xF0\x9F\x94\x92\"}]";
	int result;
	assay_run *run = read_bytes("testin", report, sizeof(report) - 1, &result);

	(void)state;
	assert_int_equal(result, 0);
	assert_int_equal(assay_run_finding_count(run), 1);
	assert_string_equal(assay_run_finding_at(run, 0)->title,
			    "\xC3\xBCn\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9 \xF0\x9F\x94\x92");
	assay_run_free(run);
}

/*
 * A report of exactly `size` bytes: a byte order mark, one finding, blanks,
 * then `last` as the final byte. Reports of 1 MiB and more are mapped, not
 * copied, so these sizes test the end of a mapping.
 */
static char *padded_report(size_t size, char last)
{
	const char head[] = "\xEF\xBB\xBF[{\"test\":1,\"id\":\"CVE-2099-7\",\"title\":\"large\"}";
	char *text = malloc(size);

	assert_non_null(text);
	memset(text, ' ', size);
	memcpy(text, head, sizeof(head) - 1);
	text[size - 1] = last;
	return text;
}

static void large_report_read_to_its_end(void **state)
{
	const size_t sizes[] = {(size_t)1 << 20, ((size_t)1 << 20) + 1, ((size_t)3 << 20) - 5};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *complete = padded_report(sizes[i], ']');
		char *truncated = padded_report(sizes[i], ' ');
		int result;
		assay_run *run = read_bytes("testin", complete, sizes[i], &result);

		assert_int_equal(result, 0);
		assert_int_equal(assay_run_finding_count(run), 1);
		assert_string_equal(assay_run_finding_at(run, 0)->title, "large");
		assay_run_free(run);
		expect_error(truncated, sizes[i], ASSAY_EPARSE, "the file ends inside");
		free(complete);
		free(truncated);
	}
}

static void large_text_report_passed_as_text(void **state)
{
	const char line[] = "12,CRITICAL,openssl,3.0.1\n";
	size_t size = (size_t)1 << 20;
	char *text = malloc(size);
	size_t i;

	(void)state;
	assert_non_null(text);
	for (i = 0; i < size; i++) {
		text[i] = line[i % (sizeof(line) - 1)];
	}
	/* Named as the test format, the text reaches its reader, which expects a JSON array. */
	expect_error(text, size, ASSAY_EPARSE, "not a test report: expected an array");
	free(text);
}

/* A JSON array nested `depth` levels deep around one test finding. */
static char *nested(int depth)
{
	const char *inner = "{\"test\":1,\"id\":\"x\"}";
	size_t len = (size_t)depth * 2 + strlen(inner) + 1;
	char *text = malloc(len);
	int i;

	assert_non_null(text);
	for (i = 0; i < depth; i++) {
		text[i] = '[';
	}
	strcpy(text + depth, inner);
	for (i = 0; i < depth; i++) {
		text[depth + (int)strlen(inner) + i] = ']';
	}
	text[len - 1] = '\0';
	return text;
}

static void nesting_limit(void **state)
{
	char *deep = nested(200);
	char *shallow = nested(100);
	int result;
	assay_run *run;

	(void)state;
	expect_error(deep, strlen(deep), ASSAY_ELIMIT, "nested deeper than 128 levels");
	run = read_bytes("testin", shallow, strlen(shallow), &result);
	/* Parsed fine; the test plugin then sees arrays where it expects objects. */
	assert_int_not_equal(assay_run_error_code(run), ASSAY_ELIMIT);
	assay_run_free(run);
	free(deep);
	free(shallow);
}

static void unknown_format_detection_fails(void **state)
{
	const char report[] = "{\"some\":\"document\"}";
	int result;
	assay_run *run = read_bytes(NULL, report, sizeof(report) - 1, &result);

	(void)state;
	assert_int_equal(result, ASSAY_EPARSE);
	assert_non_null(strstr(assay_run_error(run), "format not recognized"));
	assay_run_free(run);
}

static void text_report_not_parsed_as_json(void **state)
{
	const char report[] = "12,CRITICAL,openssl,3.0.1\n";
	int result;
	assay_run *run = read_bytes(NULL, report, sizeof(report) - 1, &result);

	(void)state;
	/* Text goes to the probes, which all decline it; no JSON error is reported. */
	assert_int_equal(result, ASSAY_EPARSE);
	assert_non_null(strstr(assay_run_error(run), "format not recognized"));
	assert_null(strstr(assay_run_error(run), "invalid JSON"));
	assay_run_free(run);
}

static void auto_detection_picks_plugin(void **state)
{
	const char report[] = "[{\"test\":1,\"id\":\"CVE-2099-1\"}]";
	int result;
	assay_run *run = read_bytes(NULL, report, sizeof(report) - 1, &result);

	(void)state;
	assert_int_equal(result, 0);
	assert_int_equal(assay_run_finding_count(run), 1);
	assay_run_free(run);
}

static void unknown_input_format_rejected(void **state)
{
	const char report[] = "[]";
	int result;
	assay_run *run = read_bytes("nosuch", report, sizeof(report) - 1, &result);

	(void)state;
	assert_int_equal(result, ASSAY_EINVAL);
	assert_non_null(strstr(assay_run_error(run), "unknown input format 'nosuch'"));
	assert_non_null(strstr(assay_run_error(run), "testin"));
	assay_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(missing_file),
		cmocka_unit_test(empty_and_blank_files),
		cmocka_unit_test(invalid_json_gives_offset),
		cmocka_unit_test(nul_and_bad_utf8_rejected),
		cmocka_unit_test(escaped_nul_cuts_string),
		cmocka_unit_test(valid_utf8_and_bom_accepted),
		cmocka_unit_test(nesting_limit),
		cmocka_unit_test(large_report_read_to_its_end),
		cmocka_unit_test(large_text_report_passed_as_text),
		cmocka_unit_test(unknown_format_detection_fails),
		cmocka_unit_test(text_report_not_parsed_as_json),
		cmocka_unit_test(auto_detection_picks_plugin),
		cmocka_unit_test(unknown_input_format_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
