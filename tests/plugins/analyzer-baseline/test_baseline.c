/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the baseline analyzer: new, known and fixed findings, matching without fingerprints,
 * errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

/* A CRITICAL and a MEDIUM vulnerability and a secret in one image. */
#define REPORT "trivy/compliance-image-root.json"

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

/* A run of the report, read but not analyzed. */
static assay_run *read_run(void)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");
	assay_run *run = assay_run_new();
	char path[4096];

	assert_non_null(source);
	assert_non_null(run);
	load_plugin(run, "input-trivy.so");
	load_plugin(run, "analyzer-baseline.so");
	snprintf(path, sizeof(path), "%s/tests/data/%s", source, REPORT);
	assert_int_equal(assay_run_add_input(run, "trivy", path), 0);
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
	return run;
}

/* Write `text` to a new temporary file named in `path`; the caller removes it. */
static void write_temp(char *path, size_t size, const char *text)
{
	FILE *file;
	int fd;

	snprintf(path, size, "%s/assay-baseline-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	assert_true(fputs(text, file) >= 0);
	assert_int_equal(fclose(file), 0);
}

/* The list key of a finding's kind in the JSON analysis. */
static const char *list_of(assay_kind kind)
{
	static const char *const lists[] = {"vulnerabilities", "misconfigurations", "secrets",
					    "licenses"};

	return lists[kind];
}

/*
 * An analysis with one entry per finding of `run`. With `fingerprints`
 * false the entries carry none, as an analysis of another tool might.
 */
static cJSON *analysis_of(assay_run *run, bool fingerprints)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *tool = cJSON_AddObjectToObject(root, "tool");
	size_t n = assay_run_finding_count(run);
	size_t i;
	int kind;

	cJSON_AddStringToObject(tool, "name", "assay");
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		cJSON_AddArrayToObject(root, list_of((assay_kind)kind));
	}
	for (i = 0; i < n; i++) {
		const assay_finding *f = assay_run_finding_at(run, i);
		cJSON *entry = cJSON_CreateObject();

		cJSON_AddStringToObject(entry, "id", f->id);
		cJSON_AddStringToObject(entry, "kind", assay_kind_name(f->kind));
		cJSON_AddItemToObject(entry, "package",
				      f->pkg_name ? cJSON_CreateString(f->pkg_name)
						  : cJSON_CreateNull());
		cJSON_AddItemToObject(entry, "version",
				      f->pkg_version ? cJSON_CreateString(f->pkg_version)
						     : cJSON_CreateNull());
		cJSON_AddStringToObject(entry, "severity", assay_severity_name(f->severity));
		cJSON_AddItemToObject(entry, "target",
				      f->target ? cJSON_CreateString(f->target)
						: cJSON_CreateNull());
		if (fingerprints) {
			cJSON_AddStringToObject(entry, "fingerprint", f->fingerprint);
		}
		cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(root, list_of(f->kind)),
				     entry);
	}
	return root;
}

/* Analyze `run` against the baseline `analysis`; returns the result of the analysis. */
static int analyze_against(assay_run *run, const cJSON *analysis)
{
	char *text = cJSON_PrintUnformatted(analysis);
	char path[4096];
	int err;

	assert_non_null(text);
	write_temp(path, sizeof(path), text);
	cJSON_free(text);
	assert_int_equal(assay_run_set_option(run, "baseline", path), 0);
	err = assay_run_analyze(run);
	unlink(path);
	return err;
}

static const cJSON *baseline_section(assay_run *run)
{
	assay_ctx ctx = {.run = run};
	const cJSON *found = assay_section_get(&ctx, "baseline");

	assert_non_null(found);
	return found;
}

static int number(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	assert_true(cJSON_IsNumber(item));
	return item->valueint;
}

static size_t count_state(assay_run *run, assay_baseline_state state)
{
	size_t n = assay_run_finding_count(run);
	size_t count = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		count += assay_run_finding_at(run, i)->baseline == state;
	}
	return count;
}

static void own_analysis_is_all_known(void **state)
{
	assay_run *first = read_run();
	cJSON *analysis = analysis_of(first, true);
	assay_run *run = read_run();
	size_t total = assay_run_finding_count(run);

	(void)state;
	assert_int_equal(analyze_against(run, analysis), 0);
	assert_int_equal(count_state(run, ASSAY_BASELINE_KNOWN), total);
	assert_int_equal(number(baseline_section(run), "new"), 0);
	assert_int_equal(number(baseline_section(run), "known"), (int)total);
	assert_int_equal(number(baseline_section(run), "fixed"), 0);
	cJSON_Delete(analysis);
	assay_run_free(first);
	assay_run_free(run);
}

static void without_baseline_nothing_changes(void **state)
{
	assay_run *run = read_run();
	assay_ctx ctx = {.run = run};

	(void)state;
	assert_int_equal(assay_run_analyze(run), 0);
	assert_int_equal(count_state(run, ASSAY_BASELINE_NONE), assay_run_finding_count(run));
	assert_null(assay_section_get(&ctx, "baseline"));
	assay_run_free(run);
}

static void gone_finding_is_fixed(void **state)
{
	assay_run *run = read_run();
	cJSON *analysis = analysis_of(run, true);
	cJSON *gone = cJSON_CreateObject();
	const cJSON *fixed;

	(void)state;
	cJSON_AddStringToObject(gone, "id", "CVE-2031-0404");
	cJSON_AddStringToObject(gone, "package", "libgone");
	cJSON_AddStringToObject(gone, "version", "1.0");
	cJSON_AddStringToObject(gone, "severity", "HIGH");
	cJSON_AddStringToObject(gone, "fingerprint", "00000000000000000000000000000000");
	cJSON_AddItemToObject(gone, "target", cJSON_CreateNull());
	cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(analysis, "vulnerabilities"), gone);

	assert_int_equal(analyze_against(run, analysis), 0);
	assert_int_equal(number(baseline_section(run), "fixed"), 1);
	assert_int_equal(number(baseline_section(run), "new"), 0);
	fixed = cJSON_GetObjectItemCaseSensitive(baseline_section(run), "fixed_findings")->child;
	assert_non_null(fixed);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fixed, "id")->valuestring,
			    "CVE-2031-0404");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fixed, "kind")->valuestring,
			    "vulnerability");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fixed, "package")->valuestring,
			    "libgone");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fixed, "severity")->valuestring,
			    "HIGH");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(fixed, "target")));
	cJSON_Delete(analysis);
	assay_run_free(run);
}

static void duplicate_fingerprints_are_all_present(void **state)
{
	assay_run *run = read_run();
	cJSON *analysis = analysis_of(run, true);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(analysis, "vulnerabilities");

	(void)state;
	/* The same vulnerability of two images shares a fingerprint: both entries are present. */
	cJSON_AddItemToArray(list, cJSON_Duplicate(list->child, true));
	assert_int_equal(analyze_against(run, analysis), 0);
	assert_int_equal(number(baseline_section(run), "fixed"), 0);
	assert_int_equal(number(baseline_section(run), "new"), 0);
	cJSON_Delete(analysis);
	assay_run_free(run);
}

static void identity_matches_without_fingerprints(void **state)
{
	assay_run *run = read_run();
	cJSON *analysis = analysis_of(run, false);
	cJSON *first = cJSON_GetObjectItemCaseSensitive(analysis, "vulnerabilities")->child;
	const char *changed_id;
	const cJSON *fixed;
	size_t i;

	(void)state;
	/* Another version of the first vulnerability's package is another finding. */
	changed_id = cJSON_GetObjectItemCaseSensitive(first, "id")->valuestring;
	cJSON_ReplaceItemInObjectCaseSensitive(first, "version", cJSON_CreateString("0.0-old"));
	assert_int_equal(analyze_against(run, analysis), 0);
	assert_int_equal(number(baseline_section(run), "new"), 1);
	assert_int_equal(number(baseline_section(run), "fixed"), 1);
	fixed = cJSON_GetObjectItemCaseSensitive(baseline_section(run), "fixed_findings")->child;
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(fixed, "version")->valuestring,
			    "0.0-old");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(fixed, "fingerprint")));
	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		assert_int_equal(f->baseline, strcmp(f->id, changed_id) == 0
						  ? ASSAY_BASELINE_NEW
						  : ASSAY_BASELINE_KNOWN);
	}
	cJSON_Delete(analysis);
	assay_run_free(run);
}

static void analyze_text(const char *text, int expected_code, const char *message)
{
	assay_run *run = read_run();
	char path[4096];

	write_temp(path, sizeof(path), text);
	assert_int_equal(assay_run_set_option(run, "baseline", path), 0);
	assert_int_equal(assay_run_analyze(run), expected_code);
	if (strstr(assay_run_error(run), message) == NULL ||
	    strstr(assay_run_error(run), path) == NULL) {
		fail_msg("error '%s' lacks '%s' or the file name", assay_run_error(run), message);
	}
	unlink(path);
	assay_run_free(run);
}

#define LISTS                                                                                      \
	"\"vulnerabilities\": [], \"misconfigurations\": [], \"secrets\": [], \"licenses\": []"

static void not_an_analysis_is_an_error(void **state)
{
	static const struct {
		const char *text;
		int code;
		const char *message;
	} cases[] = {
	    {"", ASSAY_EPARSE, "not an assay analysis: invalid JSON at byte 0"},
	    {"{\"tool\": {\"name\": \"assay\"}", ASSAY_EPARSE, "invalid JSON at byte"},
	    {"null", ASSAY_EPARSE, "expected a JSON object, found null"},
	    {"{\"SchemaVersion\": 2, \"Results\": []}", ASSAY_EPARSE, "tool.name is not \"assay\""},
	    {"{\"tool\": {\"name\": 7}, " LISTS "}", ASSAY_EPARSE, "tool.name is not \"assay\""},
	    {"{\"tool\": {\"name\": \"assay\"}, \"vulnerabilities\": {}}", ASSAY_EPARSE,
	     "vulnerabilities: expected an array, found an object"},
	    {"{\"tool\": {\"name\": \"assay\"}, " LISTS ", \"x\": 1}", 0, ""},
	    {"{\"tool\": {\"name\": \"assay\"}, \"vulnerabilities\": [3], \"misconfigurations\": "
	     "[],"
	     " \"secrets\": [], \"licenses\": []}",
	     ASSAY_EPARSE, "vulnerabilities[0]: expected an object, found a number"},
	    {"{\"tool\": {\"name\": \"assay\"}, \"vulnerabilities\": [], \"misconfigurations\": [],"
	     " \"secrets\": [{\"id\": \"x\", \"target\": []}], \"licenses\": []}",
	     ASSAY_EPARSE, "secrets[0].target: expected a string, found an array"},
	    {"{\"tool\": {\"name\": \"assay\"}, \"vulnerabilities\": [], \"misconfigurations\": "
	     "[{\"fingerprint\": \"ab\"}], \"secrets\": [], \"licenses\": []}",
	     ASSAY_EPARSE, "misconfigurations[0].id: missing"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].code == 0) {
			assay_run *run = read_run();
			char path[4096];

			/* Keys the baseline does not read are allowed: later versions add some. */
			write_temp(path, sizeof(path), cases[i].text);
			assert_int_equal(assay_run_set_option(run, "baseline", path), 0);
			assert_int_equal(assay_run_analyze(run), 0);
			unlink(path);
			assay_run_free(run);
			continue;
		}
		analyze_text(cases[i].text, cases[i].code, cases[i].message);
	}
}

static void deep_nesting_is_rejected(void **state)
{
	char text[1024];
	size_t len = 0;
	int i;

	(void)state;
	len += (size_t)snprintf(text, sizeof(text), "{\"tool\": {\"name\": \"assay\"}, \"x\": ");
	for (i = 0; i < 200; i++) {
		text[len++] = '[';
	}
	for (i = 0; i < 200; i++) {
		text[len++] = ']';
	}
	text[len++] = '}';
	text[len] = '\0';
	analyze_text(text, ASSAY_ELIMIT, "nest more than 128 levels deep");
}

static void missing_file_is_not_found(void **state)
{
	assay_run *run = read_run();

	(void)state;
	assert_int_equal(assay_run_set_option(run, "baseline", "/nonexistent/base.json"), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_ENOTFOUND);
	assert_non_null(
	    strstr(assay_run_error(run), "cannot open the baseline /nonexistent/base.json"));
	assay_run_free(run);
}

static void fail_on_new_needs_baseline(void **state)
{
	assay_run *run = read_run();
	assay_run *off = read_run();

	(void)state;
	assert_int_equal(assay_run_set_option(run, "fail-on-new", "1"), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
	assert_non_null(strstr(assay_run_error(run), "--fail-on-new needs --baseline FILE"));

	/* "false" turns the option off, as the thresholds analyzer reads it. */
	assert_int_equal(assay_run_set_option(off, "fail-on-new", "false"), 0);
	assert_int_equal(assay_run_analyze(off), 0);
	assay_run_free(run);
	assay_run_free(off);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(own_analysis_is_all_known),
	    cmocka_unit_test(without_baseline_nothing_changes),
	    cmocka_unit_test(gone_finding_is_fixed),
	    cmocka_unit_test(duplicate_fingerprints_are_all_present),
	    cmocka_unit_test(identity_matches_without_fingerprints),
	    cmocka_unit_test(not_an_analysis_is_an_error),
	    cmocka_unit_test(deep_nesting_is_rejected),
	    cmocka_unit_test(missing_file_is_not_found),
	    cmocka_unit_test(fail_on_new_needs_baseline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
