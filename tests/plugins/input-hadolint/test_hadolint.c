/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the hadolint input plugin through the run API, on the reports in tests/data/hadolint. */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "run.h"

/* ---- Helpers ---- */

static void data_path(char *out, size_t size, const char *name)
{
	const char *source_dir = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source_dir);
	assert_true((size_t)snprintf(out, size, "%s/tests/data/hadolint/%s", source_dir, name) <
		    size);
}

static assay_run *new_run(void)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_int_equal(assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false), 0);
	return run;
}

static assay_run *read_report(const char *format, const char *name)
{
	char path[4096];
	assay_run *run = new_run();

	data_path(path, sizeof(path), name);
	assert_int_equal(assay_run_add_input(run, format, path), 0);
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("reading %s failed: %s", name, assay_run_error(run));
	}
	return run;
}

static const assay_finding *find(const assay_run *run, const char *code, int line)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, code) == 0 && f->start_line == line) {
			return f;
		}
	}
	fail_msg("no finding %s at line %d", code, line);
	return NULL;
}

static void write_temp(char *out, size_t size, const char *json)
{
	const char *dir = getenv("TMPDIR");
	FILE *file = NULL;
	int fd = -1;

	assert_true((size_t)snprintf(out, size, "%s/assay-hadolint-XXXXXX", dir ? dir : "/tmp") <
		    size);
	fd = mkstemp(out);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	assert_true(fputs(json, file) >= 0);
	assert_int_equal(fclose(file), 0);
}

/* ---- Mapping ---- */

static void test_every_entry_is_a_finding(void **state)
{
	assay_run *run = read_report("hadolint", "two-dockerfiles.json");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 7);
	assay_run_free(run);
}

static void test_entry_fields(void **state)
{
	static const char *message = "Valid UNIX ports range from 0 to 65535";
	assay_run *run = read_report("hadolint", "two-dockerfiles.json");
	const assay_finding *f = find(run, "DL3011", 7);

	(void)state;
	assert_int_equal(f->kind, ASSAY_KIND_MISCONFIGURATION);
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "error");
	assert_string_equal(f->title, message);
	assert_string_equal(f->message, message);
	assert_string_equal(f->file, "services/api/Dockerfile");
	assert_string_equal(f->target, "services/api/Dockerfile");
	assert_string_equal(f->image, "services/api/Dockerfile");
	assert_int_equal(f->start_line, 7);
	assert_int_equal(f->end_line, 7);
	assert_string_equal(f->category, "dockerfile");
	assert_string_equal(f->primary_url, "https://github.com/hadolint/hadolint/wiki/DL3011");
	assert_int_equal(f->scanners.count, 1);
	assert_string_equal(f->scanners.items[0], "hadolint");
	assert_null(f->pkg_name);
	assay_run_free(run);
}

static void test_levels_map_to_severities(void **state)
{
	static const struct {
		const char *code;
		int line;
		const char *level;
		assay_severity severity;
	} cases[] = {
	    {"DL3011", 7, "error", ASSAY_SEVERITY_HIGH},
	    {"DL3008", 3, "warning", ASSAY_SEVERITY_MEDIUM},
	    {"SC2086", 3, "info", ASSAY_SEVERITY_LOW},
	    {"DL4000", 9, "style", ASSAY_SEVERITY_LOW},
	    {"DL3059", 12, "ignore", ASSAY_SEVERITY_UNKNOWN},
	    {"XY0001", 14, "notice", ASSAY_SEVERITY_UNKNOWN},
	};
	assay_run *run = read_report("hadolint", "two-dockerfiles.json");
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const assay_finding *f = find(run, cases[i].code, cases[i].line);

		assert_string_equal(f->raw_severity, cases[i].level);
		if (f->severity != cases[i].severity) {
			fail_msg("%s (%s): expected %s, got %s", cases[i].code, cases[i].level,
				 assay_severity_name(cases[i].severity),
				 assay_severity_name(f->severity));
		}
	}
	assay_run_free(run);
}

static void test_rule_pages(void **state)
{
	assay_run *run = read_report("hadolint", "two-dockerfiles.json");

	(void)state;
	assert_string_equal(find(run, "DL3008", 3)->primary_url,
			    "https://github.com/hadolint/hadolint/wiki/DL3008");
	assert_string_equal(find(run, "SC2086", 3)->primary_url,
			    "https://www.shellcheck.net/wiki/SC2086");
	/* A code of neither family has no page. */
	assert_null(find(run, "XY0001", 14)->primary_url);
	assay_run_free(run);
}

static void test_one_artifact_per_dockerfile(void **state)
{
	assay_run *run = read_report("hadolint", "two-dockerfiles.json");
	const assay_image *api = NULL;
	const assay_image *web = NULL;

	(void)state;
	assert_int_equal(assay_run_image_count(run), 2);
	api = assay_run_image_at(run, 0);
	web = assay_run_image_at(run, 1);
	assert_string_equal(api->name, "services/api/Dockerfile");
	assert_string_equal(api->artifact_type, "dockerfile");
	assert_null(api->image_id);
	assert_string_equal(web->name, "services/web/Dockerfile");
	assert_string_equal(web->artifact_type, "dockerfile");
	assert_string_equal(find(run, "DL3007", 1)->image, "services/web/Dockerfile");
	assert_string_equal(find(run, "DL3007", 1)->file, "services/web/Dockerfile");
	assay_run_free(run);
}

static void test_empty_report(void **state)
{
	assay_run *run = read_report("hadolint", "empty.json");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 0);
	assert_int_equal(assay_run_image_count(run), 0);
	assay_run_free(run);
}

static void test_auto_detects_hadolint(void **state)
{
	assay_run *run = read_report(NULL, "two-dockerfiles.json");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 7);
	assert_string_equal(find(run, "DL3008", 3)->scanners.items[0], "hadolint");
	assay_run_free(run);
}

static void test_missing_optional_fields(void **state)
{
	char path[4096];
	assay_run *run = new_run();
	const assay_finding *f = NULL;

	(void)state;
	write_temp(path, sizeof(path),
		   "[{\"code\": \"DL3000\", \"file\": \"Dockerfile\", \"level\": null,"
		   " \"message\": null, \"line\": null, \"column\": null}]");
	assert_int_equal(assay_run_add_input(run, "hadolint", path), 0);
	assert_int_equal(assay_run_read_inputs(run), 0);
	unlink(path);
	assert_int_equal(assay_run_finding_count(run), 1);
	f = assay_run_finding_at(run, 0);
	assert_string_equal(f->id, "DL3000");
	assert_int_equal(f->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_null(f->raw_severity);
	assert_null(f->message);
	assert_null(f->title);
	assert_int_equal(f->start_line, 0);
	assay_run_free(run);
}

/* ---- Errors ---- */

typedef struct {
	const char *file;    /* in tests/data/hadolint, or NULL to use `json` */
	const char *json;    /* written to a temporary file */
	const char *message; /* expected after "PATH: " */
} error_case;

static const error_case error_cases[] = {
    {"bad-line-string.json", NULL, "[1].line: expected a number, found a string"},
    {"bad-missing-code.json", NULL,
     "[0].code: missing; expected the rule code, such as \"DL3008\""},
    {"not-hadolint-object.json", NULL,
     "not a hadolint report: expected a JSON array of {line, code, message, column, file, "
     "level} objects, found an object"},
    {NULL, "[\"DL3008\"]",
     "not a hadolint report: the top-level array holds a string, expected {line, code, "
     "message, column, file, level} objects"},
    {NULL, "[{\"Target\": \"debian\", \"Vulnerabilities\": []}]",
     "not a hadolint report: the first element has no \"code\" or \"level\" member; run "
     "hadolint with -f json"},
    {NULL, "[{\"code\": \"DL3008\", \"file\": \"Dockerfile\", \"level\": \"info\"}, 4]",
     "[1]: expected an object, found a number"},
    {NULL, "[{\"code\": 3008, \"file\": \"Dockerfile\", \"level\": \"info\"}]",
     "[0].code: expected a string, found a number"},
    {NULL, "[{\"code\": \"DL3008\", \"level\": \"info\"}]",
     "[0].file: missing; expected the path of the Dockerfile"},
    {NULL, "[{\"code\": \"DL3008\", \"file\": [\"Dockerfile\"], \"level\": \"info\"}]",
     "[0].file: expected a string, found an array"},
    {NULL, "[{\"code\": \"DL3008\", \"file\": \"Dockerfile\", \"level\": 1}]",
     "[0].level: expected a string, found a number"},
    {NULL,
     "[{\"code\": \"DL3008\", \"file\": \"Dockerfile\", \"level\": \"info\", \"message\": {}}]",
     "[0].message: expected a string, found an object"},
    {NULL, "[{\"code\": \"DL3008\", \"file\": \"Dockerfile\", \"level\": \"info\", \"line\": 2.5}]",
     "[0].line: expected a whole number from 0 to 2147483647, found 2.5"},
    {NULL, "[{\"code\": \"DL3008\", \"file\": \"Dockerfile\", \"level\": \"info\", \"line\": -1}]",
     "[0].line: expected a whole number from 0 to 2147483647, found -1"},
    {NULL,
     "[{\"code\": \"DL3008\", \"file\": \"Dockerfile\", \"level\": \"info\", \"column\": true}]",
     "[0].column: expected a number, found a boolean"},
};

static void test_errors_name_the_json_path(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(error_cases) / sizeof(error_cases[0]); i++) {
		const error_case *c = &error_cases[i];
		char path[4096];
		char expected[8192];
		assay_run *run = new_run();
		int err = 0;

		if (c->file != NULL) {
			data_path(path, sizeof(path), c->file);
		} else {
			write_temp(path, sizeof(path), c->json);
		}
		assert_int_equal(assay_run_add_input(run, "hadolint", path), 0);
		err = assay_run_read_inputs(run);
		if (c->file == NULL) {
			unlink(path);
		}
		snprintf(expected, sizeof(expected), "%s: %s", path, c->message);
		if (err != ASSAY_EPARSE || strcmp(assay_run_error(run), expected) != 0) {
			fail_msg("case %zu: expected code %d and \"%s\", got %d and \"%s\"", i,
				 ASSAY_EPARSE, expected, err, assay_run_error(run));
		}
		assay_run_free(run);
	}
}

/* ---- Probe ---- */

static assay_probe_fn load_probe(void **handle)
{
	char path[4096];
	const char *plugin_dir = getenv("ASSAY_PLUGIN_DIR");
	assay_plugin_entry_fn entry = NULL;
	void *symbol = NULL;

	assert_non_null(plugin_dir);
	assert_true((size_t)snprintf(path, sizeof(path), "%s/input-hadolint.so", plugin_dir) <
		    sizeof(path));
	*handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	assert_non_null(*handle);
	symbol = dlsym(*handle, ASSAY_PLUGIN_ENTRY_SYMBOL);
	assert_non_null(symbol);
	memcpy(&entry, &symbol, sizeof(entry));
	return entry()->probe;
}

static int probe_text(assay_probe_fn probe, const char *json)
{
	cJSON *tree = cJSON_Parse(json);
	assay_document doc = {"probe.json", NULL, 0, tree};
	int score = 0;

	assert_non_null(tree);
	score = probe(&doc);
	cJSON_Delete(tree);
	return score;
}

static void test_probe_scores(void **state)
{
	void *handle = NULL;
	assay_probe_fn probe = load_probe(&handle);
	assay_document not_json = {"probe.txt", "DL3008", 6, NULL};

	(void)state;
	assert_int_equal(probe_text(probe, "[{\"line\": 1, \"code\": \"DL3006\", \"level\": "
					   "\"warning\", \"file\": \"Dockerfile\"}]"),
			 90);
	assert_int_equal(probe_text(probe, "[]"), 5);
	assert_int_equal(probe_text(probe, "[{\"code\": \"DL3006\"}]"), 0);
	assert_int_equal(probe_text(probe, "[{\"Target\": \"x\", \"Vulnerabilities\": []}]"), 0);
	assert_int_equal(probe_text(probe, "{\"code\": \"DL3006\", \"level\": \"info\"}"), 0);
	assert_int_equal(probe_text(probe, "[\"DL3006\"]"), 0);
	assert_int_equal(probe(&not_json), 0);
	dlclose(handle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_entry_is_a_finding),
	    cmocka_unit_test(test_entry_fields),
	    cmocka_unit_test(test_levels_map_to_severities),
	    cmocka_unit_test(test_rule_pages),
	    cmocka_unit_test(test_one_artifact_per_dockerfile),
	    cmocka_unit_test(test_empty_report),
	    cmocka_unit_test(test_auto_detects_hadolint),
	    cmocka_unit_test(test_missing_optional_fields),
	    cmocka_unit_test(test_errors_name_the_json_path),
	    cmocka_unit_test(test_probe_scores),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
