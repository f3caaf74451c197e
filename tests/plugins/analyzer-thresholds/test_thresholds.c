/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the thresholds analyzer: its arithmetic, its options and the checks it adds to a run. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "thresholds.c"

/*
 * tests/data/json/trivy-app.json contains these vulnerabilities: CRITICAL
 * 1, HIGH 2, MEDIUM 3, LOW 1, UNKNOWN 1; and a CRITICAL secret and a LOW
 * misconfiguration, which only their own per-kind limits count.
 * trivy-worker.json, a second image, contains HIGH 1 and MEDIUM 1.
 */
#define APP_IMAGE "registry.example.com/shop/app:1.4.2"
#define WORKER_IMAGE "registry.example.com/shop/worker:2.0.0"
static const size_t app_counts[GATED_COUNT] = {1, 2, 3, 1};
static const size_t worker_counts[GATED_COUNT] = {0, 1, 1, 0};

/* ---- The arithmetic ---- */

static void parse_limit_accepts_whole_numbers(void **state)
{
	long long limit = -1;

	(void)state;
	assert_int_equal(parse_limit(&limit, NULL, 20), 0);
	assert_int_equal(limit, 20);
	assert_int_equal(parse_limit(&limit, "0", 20), 0);
	assert_int_equal(limit, 0);
	assert_int_equal(parse_limit(&limit, "5", 20), 0);
	assert_int_equal(limit, 5);
	assert_int_equal(parse_limit(&limit, "007", 20), 0);
	assert_int_equal(limit, 7);
	assert_int_equal(parse_limit(&limit, "99999999999999999999999", 20), 0);
	assert_true(limit == LLONG_MAX);
	assert_int_equal(parse_limit(&limit, "none", 20), 0);
	assert_true(limit == LIMIT_NONE);
}

static void parse_limit_rejects_other_text(void **state)
{
	static const char *const invalid[] = {"",  "-1", "+1",   " 1", "1 ",
					      "1.5", "x", "0x10", "1e3"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		long long limit = 42;

		assert_int_equal(parse_limit(&limit, invalid[i], 20), ASSAY_EINVAL);
		assert_int_equal(limit, 42);
	}
}

static void evaluate_limit_at_below_above(void **state)
{
	limit_result result;

	(void)state;
	evaluate_limit(&result, "High vulnerabilities", 5, 5, NULL);
	assert_true(result.passed);
	assert_int_equal(result.count, 5);
	assert_int_equal(result.limit, 5);
	assert_string_equal(result.message, "High vulnerabilities: 5 <= 5");

	evaluate_limit(&result, "High vulnerabilities", 4, 5, NULL);
	assert_true(result.passed);
	assert_string_equal(result.message, "High vulnerabilities: 4 <= 5");

	evaluate_limit(&result, "High vulnerabilities", 6, 5, NULL);
	assert_false(result.passed);
	assert_string_equal(result.message, "High vulnerabilities: 6 > 5");

	evaluate_limit(&result, "Critical vulnerabilities", 0, 0, NULL);
	assert_true(result.passed);
	assert_string_equal(result.message, "Critical vulnerabilities: 0 <= 0");

	evaluate_limit(&result, "Critical vulnerabilities", 3, 0, NULL);
	assert_false(result.passed);
	assert_string_equal(result.message, "Critical vulnerabilities: 3 > 0");
}

static void evaluate_limit_names_image(void **state)
{
	limit_result result;

	(void)state;
	evaluate_limit(&result, "Medium vulnerabilities", 21, 20, "alpine:3.21");
	assert_false(result.passed);
	assert_string_equal(result.message, "Medium vulnerabilities: 21 > 20 (image alpine:3.21)");
}

/* ---- Runs built from the project's fixtures ---- */

static void load_plugin(assay_run *run, const char *file)
{
	const char *dir = getenv("ASSAY_PLUGIN_DIR");
	char path[4096];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (assay_run_load_plugin(run, path) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static void add_input(assay_run *run, const char *name)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");
	char path[4096];

	assert_non_null(source);
	snprintf(path, sizeof(path), "%s/tests/data/json/%s", source, name);
	assert_int_equal(assay_run_add_input(run, "trivy", path), 0);
}

/* A run of one or two reports, read but not analyzed yet. */
static assay_run *read_run(const char *first, const char *second)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	load_plugin(run, "input-trivy.so");
	load_plugin(run, "analyzer-thresholds.so");
	add_input(run, first);
	if (second != NULL) {
		add_input(run, second);
	}
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
	return run;
}

static void analyze(assay_run *run)
{
	if (assay_run_analyze(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static size_t check_count(assay_run *run)
{
	assay_ctx ctx = {.run = run};

	return assay_check_count(&ctx);
}

static const assay_check *check_at(assay_run *run, size_t index)
{
	assay_ctx ctx = {.run = run};
	const assay_check *check = assay_check_at(&ctx, index, NULL);

	assert_non_null(check);
	return check;
}

static void set_limits(assay_run *run, const size_t counts[GATED_COUNT], int offset)
{
	size_t i;

	for (i = 0; i < GATED_COUNT; i++) {
		char text[32];

		snprintf(text, sizeof(text), "%lld", (long long)counts[i] + offset);
		assert_int_equal(assay_run_set_option(run, gated[i].option, text), 0);
	}
}

/* The fixture must still contain what the tests below assume. */
static void fixture_has_expected_counts(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t by_severity[ASSAY_SEVERITY_COUNT] = {0};
	size_t n = assay_run_finding_count(run);
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (f->kind == ASSAY_KIND_VULNERABILITY) {
			by_severity[f->severity]++;
		}
	}
	for (i = 0; i < GATED_COUNT; i++) {
		assert_int_equal(by_severity[gated[i].severity], app_counts[i]);
	}
	assay_run_free(run);
}

static void default_limits_fail_on_critical(void **state)
{
	static const long long defaults[GATED_COUNT] = {0, 5, 20, 50};
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	analyze(run);
	assert_int_equal(check_count(run), GATED_COUNT);
	for (i = 0; i < GATED_COUNT; i++) {
		const assay_check *check = check_at(run, i);

		assert_string_equal(check->name, gated[i].check_name);
		assert_null(check->image);
		assert_int_equal(check->count, app_counts[i]);
		assert_int_equal(check->limit, defaults[i]);
	}
	assert_false(check_at(run, 0)->passed);
	assert_string_equal(check_at(run, 0)->message, "Critical vulnerabilities: 1 > 0");
	assert_true(check_at(run, 1)->passed);
	assert_string_equal(check_at(run, 1)->message, "High vulnerabilities: 2 <= 5");
	assert_false(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void limits_at_counts_pass(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	set_limits(run, app_counts, 0);
	analyze(run);
	for (i = 0; i < GATED_COUNT; i++) {
		assert_true(check_at(run, i)->passed);
	}
	assert_true(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void limits_below_counts_fail(void **state)
{
	static const char *const messages[GATED_COUNT] = {
		"Critical vulnerabilities: 1 > 0", "High vulnerabilities: 2 > 1",
		"Medium vulnerabilities: 3 > 2", "Low vulnerabilities: 1 > 0"};
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	set_limits(run, app_counts, -1);
	analyze(run);
	for (i = 0; i < GATED_COUNT; i++) {
		assert_false(check_at(run, i)->passed);
		assert_string_equal(check_at(run, i)->message, messages[i]);
	}
	assert_false(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void limits_above_counts_pass(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	set_limits(run, app_counts, 1);
	analyze(run);
	for (i = 0; i < GATED_COUNT; i++) {
		assert_true(check_at(run, i)->passed);
	}
	assert_true(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void invalid_option_is_an_error(void **state)
{
	static const char *const invalid[] = {"x", "-1", "", "2.5", "5 "};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		assay_run *run = read_run("trivy-app.json", NULL);
		char expected[128];

		snprintf(expected, sizeof(expected),
			 "invalid --threshold-high value '%s': "
			 "expected a whole number of 0 or more",
			 invalid[i]);
		assert_int_equal(assay_run_set_option(run, "threshold-high", invalid[i]), 0);
		assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
		if (strstr(assay_run_error(run), expected) == NULL) {
			fail_msg("error '%s' lacks '%s'", assay_run_error(run), expected);
		}
		assert_int_equal(check_count(run), 0);
		assay_run_free(run);
	}
}

static void limit_none_adds_no_check(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	set_limits(run, app_counts, -1);
	/* The option set last wins, so LOW is not gated while the other three fail. */
	assert_int_equal(assay_run_set_option(run, "threshold-low", "none"), 0);
	analyze(run);
	assert_int_equal(check_count(run), GATED_COUNT - 1);
	for (i = 0; i < GATED_COUNT - 1; i++) {
		assert_string_equal(check_at(run, i)->name, gated[i].check_name);
		assert_false(check_at(run, i)->passed);
	}
	assay_run_free(run);
}

static void ignored_findings_are_not_counted(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t n = assay_run_finding_count(run);
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		assay_finding *f = assay_run_finding_at(run, i);

		if (f->kind == ASSAY_KIND_VULNERABILITY && f->severity == ASSAY_SEVERITY_CRITICAL) {
			f->ignored = true;
		}
	}
	analyze(run);
	assert_true(check_at(run, 0)->passed);
	assert_int_equal(check_at(run, 0)->count, 0);
	assay_run_free(run);
}

static void fail_on_new_counts_new_only(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t n = assay_run_finding_count(run);
	size_t i;

	(void)state;
	/* Only CVE-2031-0002 (HIGH) is new, and the rest were in the baseline. */
	for (i = 0; i < n; i++) {
		assay_finding *f = assay_run_finding_at(run, i);

		f->baseline = strcmp(f->id, "CVE-2031-0002") == 0 ? ASSAY_BASELINE_NEW
								 : ASSAY_BASELINE_KNOWN;
	}
	assert_int_equal(assay_run_set_option(run, "fail-on-new", "1"), 0);
	assert_int_equal(assay_run_set_option(run, "baseline", "baseline.json"), 0);
	assert_int_equal(assay_run_set_option(run, "threshold-high", "0"), 0);
	analyze(run);
	assert_int_equal(check_at(run, 0)->count, 0);
	assert_true(check_at(run, 0)->passed);
	assert_int_equal(check_at(run, 1)->count, 1);
	assert_false(check_at(run, 1)->passed);
	assert_string_equal(check_at(run, 1)->message, "High vulnerabilities: 1 > 0");
	assert_int_equal(check_at(run, 2)->count, 0);
	assay_run_free(run);
}

static void fail_on_new_needs_baseline(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);

	(void)state;
	assert_int_equal(assay_run_set_option(run, "fail-on-new", "1"), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
	assert_non_null(strstr(assay_run_error(run), "--baseline"));
	assay_run_free(run);
}

static void per_image_checks_with_two_images(void **state)
{
	assay_run *run = read_run("trivy-app.json", "trivy-worker.json");
	size_t i;

	(void)state;
	set_limits(run, app_counts, 0);
	analyze(run);
	assert_int_equal(check_count(run), 3 * GATED_COUNT);
	for (i = 0; i < GATED_COUNT; i++) {
		const assay_check *run_check = check_at(run, i);
		const assay_check *app = check_at(run, GATED_COUNT + i);
		const assay_check *worker = check_at(run, 2 * GATED_COUNT + i);

		assert_null(run_check->image);
		assert_int_equal(run_check->count, app_counts[i] + worker_counts[i]);
		assert_string_equal(app->name, gated[i].check_name);
		assert_string_equal(app->image, APP_IMAGE);
		assert_int_equal(app->count, app_counts[i]);
		assert_true(app->passed);
		assert_string_equal(worker->name, gated[i].check_name);
		assert_string_equal(worker->image, WORKER_IMAGE);
		assert_int_equal(worker->count, worker_counts[i]);
		assert_true(worker->passed);
	}
	/* Each image is within the limits, but together they exceed HIGH and MEDIUM. */
	assert_false(check_at(run, 1)->passed);
	assert_string_equal(check_at(run, 1)->message, "High vulnerabilities: 3 > 2");
	assert_false(check_at(run, 2)->passed);
	assert_string_equal(check_at(run, 2)->message, "Medium vulnerabilities: 4 > 3");
	assert_true(check_at(run, 2 * GATED_COUNT + 1)->passed);
	assert_string_equal(check_at(run, 2 * GATED_COUNT + 1)->message,
			    "High vulnerabilities: 1 <= 2 (image " WORKER_IMAGE ")");
	assay_run_free(run);
}

static void one_image_has_no_image_checks(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	analyze(run);
	assert_int_equal(check_count(run), GATED_COUNT);
	for (i = 0; i < GATED_COUNT; i++) {
		assert_null(check_at(run, i)->image);
	}
	assay_run_free(run);
}

/* ---- Limits of other kinds: threshold.<kind>.<severity> ---- */

/* The check named `name`, or NULL. */
static const assay_check *find_check(assay_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < check_count(run); i++) {
		if (strcmp(check_at(run, i)->name, name) == 0) {
			return check_at(run, i);
		}
	}
	return NULL;
}

static void kind_without_limits_is_not_checked(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	size_t i;

	(void)state;
	set_limits(run, app_counts, 0);
	analyze(run);
	/* The CRITICAL secret of the fixture fails nothing: only the four vulnerability checks exist. */
	assert_int_equal(check_count(run), GATED_COUNT);
	for (i = 0; i < GATED_COUNT; i++) {
		assert_string_equal(check_at(run, i)->name, gated[i].check_name);
	}
	assert_true(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void secret_limit_below_count_fails(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	const assay_check *check;

	(void)state;
	set_limits(run, app_counts, 0);
	assert_int_equal(assay_run_set_option(run, "threshold.secret.critical", "0"), 0);
	analyze(run);
	assert_int_equal(check_count(run), GATED_COUNT + 1);
	check = find_check(run, "threshold.secret.critical");
	assert_non_null(check);
	assert_false(check->passed);
	assert_int_equal(check->count, 1);
	assert_int_equal(check->limit, 0);
	assert_string_equal(check->message, "Critical secrets: 1 > 0");
	assert_false(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void secret_limit_at_count_passes(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	const assay_check *check;

	(void)state;
	set_limits(run, app_counts, 0);
	assert_int_equal(assay_run_set_option(run, "threshold.secret.critical", "1"), 0);
	assert_int_equal(assay_run_set_option(run, "threshold.secret.high", "0"), 0);
	analyze(run);
	check = find_check(run, "threshold.secret.critical");
	assert_non_null(check);
	assert_true(check->passed);
	assert_string_equal(check->message, "Critical secrets: 1 <= 1");
	check = find_check(run, "threshold.secret.high");
	assert_non_null(check);
	assert_true(check->passed);
	assert_int_equal(check->count, 0);
	/* Unset severities of a checked kind get no check. */
	assert_null(find_check(run, "threshold.secret.medium"));
	assert_true(assay_run_gate_passed(run));
	assay_run_free(run);
}

static void misconfiguration_limit_counts_its_kind(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);
	const assay_check *check;

	(void)state;
	set_limits(run, app_counts, 0);
	assert_int_equal(assay_run_set_option(run, "threshold.misconfiguration.low", "0"), 0);
	analyze(run);
	check = find_check(run, "threshold.misconfiguration.low");
	assert_non_null(check);
	assert_false(check->passed);
	assert_string_equal(check->message, "Low misconfigurations: 1 > 0");
	/* The classic LOW limit still counts vulnerabilities only. */
	assert_true(find_check(run, "threshold.low")->passed);
	assert_int_equal(find_check(run, "threshold.low")->count, 1);
	assay_run_free(run);
}

static void kind_limit_none_adds_no_check(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold.secret.critical", "none"), 0);
	analyze(run);
	assert_null(find_check(run, "threshold.secret.critical"));
	assay_run_free(run);
}

static void invalid_kind_limit_is_an_error(void **state)
{
	assay_run *run = read_run("trivy-app.json", NULL);

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold.secret.high", "-2"), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
	if (strstr(assay_run_error(run), "invalid threshold.secret.high value '-2'") == NULL) {
		fail_msg("unexpected error '%s'", assay_run_error(run));
	}
	assay_run_free(run);
}

static void kind_limits_per_image(void **state)
{
	assay_run *run = read_run("trivy-app.json", "trivy-worker.json");
	size_t failed_with_image = 0;
	size_t i;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "threshold.secret.critical", "0"), 0);
	analyze(run);
	for (i = 0; i < check_count(run); i++) {
		const assay_check *check = check_at(run, i);

		if (strcmp(check->name, "threshold.secret.critical") != 0 || check->image == NULL) {
			continue;
		}
		if (strcmp(check->image, APP_IMAGE) == 0) {
			assert_false(check->passed);
			failed_with_image++;
		} else {
			assert_string_equal(check->image, WORKER_IMAGE);
			assert_true(check->passed);
		}
	}
	assert_int_equal(failed_with_image, 1);
	assay_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_limit_accepts_whole_numbers),
		cmocka_unit_test(parse_limit_rejects_other_text),
		cmocka_unit_test(evaluate_limit_at_below_above),
		cmocka_unit_test(evaluate_limit_names_image),
		cmocka_unit_test(fixture_has_expected_counts),
		cmocka_unit_test(default_limits_fail_on_critical),
		cmocka_unit_test(limits_at_counts_pass),
		cmocka_unit_test(limits_below_counts_fail),
		cmocka_unit_test(limits_above_counts_pass),
		cmocka_unit_test(invalid_option_is_an_error),
		cmocka_unit_test(limit_none_adds_no_check),
		cmocka_unit_test(ignored_findings_are_not_counted),
		cmocka_unit_test(fail_on_new_counts_new_only),
		cmocka_unit_test(fail_on_new_needs_baseline),
		cmocka_unit_test(per_image_checks_with_two_images),
		cmocka_unit_test(one_image_has_no_image_checks),
		cmocka_unit_test(kind_without_limits_is_not_checked),
		cmocka_unit_test(secret_limit_below_count_fails),
		cmocka_unit_test(secret_limit_at_count_passes),
		cmocka_unit_test(misconfiguration_limit_counts_its_kind),
		cmocka_unit_test(kind_limit_none_adds_no_check),
		cmocka_unit_test(invalid_kind_limit_is_an_error),
		cmocka_unit_test(kind_limits_per_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
