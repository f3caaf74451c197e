/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the finding store: merging, fingerprints, images and order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "test_common.h"

/* Read the given reports ("testin" and "testin2" format) into a new run. */
static assay_run *read_reports(const char *first, const char *second)
{
	char path1[PATH_MAX];
	char path2[PATH_MAX];
	assay_run *run = run_with_test_input();

	write_temp(path1, sizeof(path1), first, strlen(first));
	assert_int_equal(assay_run_add_input(run, "testin", path1), 0);
	if (second) {
		write_temp(path2, sizeof(path2), second, strlen(second));
		assert_int_equal(assay_run_add_input(run, "testin2", path2), 0);
	}
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("read failed: %s", assay_run_error(run));
	}
	unlink(path1);
	if (second) {
		unlink(path2);
	}
	return run;
}

static void repeated_entry_counts_once(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"openssl\",\"version\":\"3.0.1\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"openssl\",\"version\":\"3.0.1\"}]",
		NULL);

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 1);
	assay_run_free(run);
}

static void same_id_two_packages_counts_twice(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"openssl\",\"version\":\"3.0.1\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"libssl3\",\"version\":\"3.0.1\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"openssl\",\"version\":\"3.0.2\"}]",
		NULL);

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 3);
	assay_run_free(run);
}

static void same_package_two_paths_counts_twice(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"lodash\",\"version\":\"4.17.20\","
		"\"path\":\"app/package-lock.json\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"lodash\",\"version\":\"4.17.20\","
		"\"path\":\"tools/package-lock.json\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"lodash\",\"version\":\"4.17.20\","
		"\"path\":\"/app/package-lock.json\"}]",
		NULL);

	(void)state;
	/* "/app/..." and "app/..." are one place. */
	assert_int_equal(assay_run_finding_count(run), 2);
	assay_run_free(run);
}

static void two_scanners_merge_higher_severity(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"CVE-2099-7\",\"pkg\":\"libc6\",\"version\":\"2.36\","
		"\"severity\":\"HIGH\",\"image\":\"app:1\",\"image_id\":\"sha256:aa\"}]",
		"[{\"test\":1,\"id\":\"CVE-2099-7\",\"pkg\":\"libc6\",\"version\":\"2.36\","
		"\"severity\":\"Medium\",\"image\":\"registry.example.com/app:1\",\"image_id\":\"sha256:aa\"}]");
	const assay_finding *f;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 1);
	assert_int_equal(assay_run_image_count(run), 1);
	f = assay_run_finding_at(run, 0);
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_true(f->severity_disagreement);
	assert_string_equal(f->raw_severity, "testin: HIGH; testin2: Medium");
	assert_int_equal(f->scanners.count, 2);
	assert_string_equal(f->scanners.items[0], "testin");
	assert_string_equal(f->scanners.items[1], "testin2");
	assay_run_free(run);
}

static void alias_merges_and_prefers_cve(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"GHSA-aaaa-bbbb-cccc\",\"aliases\":[\"CVE-2099-9\"],"
		"\"pkg\":\"pennylane\",\"version\":\"0.33.0\",\"path\":\"site-packages/x\"}]",
		"[{\"test\":1,\"id\":\"CVE-2099-9\",\"pkg\":\"pennylane\",\"version\":\"0.33.0\","
		"\"path\":\"site-packages/x\"}]");
	const assay_finding *f;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 1);
	f = assay_run_finding_at(run, 0);
	assert_string_equal(f->id, "CVE-2099-9");
	assert_int_equal(f->aliases.count, 1);
	assert_string_equal(f->aliases.items[0], "GHSA-aaaa-bbbb-cccc");
	assay_run_free(run);
}

static void other_images_stay_apart(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"zlib\",\"version\":\"1\","
		"\"image\":\"a:1\",\"image_id\":\"sha256:aa\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"zlib\",\"version\":\"1\","
		"\"image\":\"b:1\",\"image_id\":\"sha256:bb\"}]",
		NULL);

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 2);
	assert_int_equal(assay_run_image_count(run), 2);
	assay_run_free(run);
}

/* Fingerprint of the only finding of a one-line report. */
static void fingerprint_of(char out[65], const char *report)
{
	assay_run *run = read_reports(report, NULL);

	assert_int_equal(assay_run_finding_count(run), 1);
	memcpy(out, assay_run_finding_at(run, 0)->fingerprint, 65);
	assay_run_free(run);
}

static void fingerprint_ignores_image_and_title(void **state)
{
	char a[65];
	char b[65];
	char c[65];

	(void)state;
	fingerprint_of(a, "[{\"test\":1,\"id\":\"CVE-2099-1\",\"purl\":\"pkg:deb/debian/zlib@1\","
			  "\"pkg\":\"zlib\",\"version\":\"1\",\"image\":\"app:1\",\"title\":\"one\"}]");
	fingerprint_of(b, "[{\"test\":1,\"id\":\"CVE-2099-1\",\"purl\":\"pkg:DEB/debian/zlib@1\","
			  "\"pkg\":\"zlib\",\"version\":\"1\",\"image\":\"app:2\",\"title\":\"two\"}]");
	fingerprint_of(c, "[{\"test\":1,\"id\":\"CVE-2099-1\",\"purl\":\"pkg:deb/debian/zlib@2\","
			  "\"pkg\":\"zlib\",\"version\":\"2\",\"image\":\"app:1\",\"title\":\"one\"}]");
	assert_int_equal(strlen(a), 64);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
}

static void findings_sorted_by_severity(void **state)
{
	assay_run *run = read_reports(
		"[{\"test\":1,\"id\":\"CVE-2099-3\",\"pkg\":\"a\",\"version\":\"1\",\"severity\":\"LOW\"},"
		" {\"test\":1,\"id\":\"CVE-2099-2\",\"pkg\":\"a\",\"version\":\"1\",\"severity\":\"CRITICAL\"},"
		" {\"test\":1,\"id\":\"CVE-2099-1\",\"pkg\":\"a\",\"version\":\"1\",\"severity\":\"bogus\"},"
		" {\"test\":1,\"id\":\"CVE-2099-4\",\"pkg\":\"a\",\"version\":\"1\",\"severity\":\"Medium\"}]",
		NULL);

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 4);
	assert_string_equal(assay_run_finding_at(run, 0)->id, "CVE-2099-2");
	assert_string_equal(assay_run_finding_at(run, 1)->id, "CVE-2099-4");
	assert_string_equal(assay_run_finding_at(run, 2)->id, "CVE-2099-3");
	assert_string_equal(assay_run_finding_at(run, 3)->id, "CVE-2099-1");
	assert_int_equal(assay_run_finding_at(run, 3)->severity, ASSAY_SEVERITY_UNKNOWN);
	assay_run_free(run);
}

static void finding_without_id_rejected(void **state)
{
	char path[PATH_MAX];
	const char *report = "[{\"test\":1,\"pkg\":\"a\",\"version\":\"1\"}]";
	assay_run *run = run_with_test_input();

	(void)state;
	write_temp(path, sizeof(path), report, strlen(report));
	assert_int_equal(assay_run_add_input(run, "testin", path), 0);
	assert_int_not_equal(assay_run_read_inputs(run), 0);
	assert_non_null(strstr(assay_run_error(run), "without an id"));
	unlink(path);
	assay_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(repeated_entry_counts_once),
		cmocka_unit_test(same_id_two_packages_counts_twice),
		cmocka_unit_test(same_package_two_paths_counts_twice),
		cmocka_unit_test(two_scanners_merge_higher_severity),
		cmocka_unit_test(alias_merges_and_prefers_cve),
		cmocka_unit_test(other_images_stay_apart),
		cmocka_unit_test(fingerprint_ignores_image_and_title),
		cmocka_unit_test(findings_sorted_by_severity),
		cmocka_unit_test(finding_without_id_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
