/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the compliance analyzer: image conditions, control data checks and runs on fixtures. */
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
/* The test includes the evaluation to reach its image conditions. */
#include "compliance_eval.c"

#define CIS "cis-docker-1.6.0"
#define NIST "nist-sp-800-190"

/* ---- Image conditions ---- */

static void user_is_root_forms(void **state)
{
	static const char *const root[] = {"", "root", "0", "root:root", "0:0", "root:1000", ":"};
	static const char *const other[] = {"app", "1001",   "10001:10001", "rooty",
					    "00",  "1000:0", "nobody:root"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(root) / sizeof(root[0]); i++) {
		if (!compliance_user_is_root(root[i])) {
			fail_msg("USER '%s' should be root", root[i]);
		}
	}
	for (i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
		if (compliance_user_is_root(other[i])) {
			fail_msg("USER '%s' should not be root", other[i]);
		}
	}
	assert_false(compliance_user_is_root(NULL));
}

static image_conditions conditions_none(void)
{
	image_conditions c;

	memset(&c, 0, sizeof(c));
	c.config_user_root = -1;
	c.has_healthcheck = -1;
	c.history_known = -1;
	return c;
}

static assay_image container_image(const char *user, int healthcheck)
{
	assay_image image;

	memset(&image, 0, sizeof(image));
	image.name = "registry.example.com/test:1";
	image.artifact_type = "container_image";
	image.config_user = user;
	image.has_healthcheck = healthcheck;
	image.size = -1;
	return image;
}

static void image_conditions_fail_and_pass(void **state)
{
	image_conditions root = conditions_none();
	image_conditions not_root = conditions_none();
	image_conditions healthy = conditions_none();
	assay_image as_root = container_image("", 0);
	assay_image as_app = container_image("app", 1);
	assay_image unknown = container_image(NULL, -1);

	(void)state;
	root.config_user_root = 1;
	not_root.config_user_root = 0;
	healthy.has_healthcheck = 1;

	assert_true(compliance_image_fails(&root, &as_root));
	assert_false(compliance_image_fails(&root, &as_app));
	assert_true(compliance_image_passes(&not_root, &as_app));
	assert_false(compliance_image_passes(&not_root, &as_root));
	assert_true(compliance_image_passes(&healthy, &as_app));
	assert_false(compliance_image_passes(&healthy, &as_root));

	/* What the report does not say decides nothing either way. */
	assert_false(compliance_image_fails(&root, &unknown));
	assert_false(compliance_image_passes(&not_root, &unknown));
	assert_false(compliance_image_passes(&healthy, &unknown));
}

static void other_artifacts_have_no_image_config(void **state)
{
	image_conditions root = conditions_none();
	image_conditions not_root = conditions_none();
	assay_image filesystem = container_image("", 0);
	assay_image untyped = container_image("app", 1);

	(void)state;
	root.config_user_root = 1;
	not_root.config_user_root = 0;
	/* Trivy writes an empty config for filesystem scans; it does not mean root. */
	filesystem.artifact_type = "filesystem";
	untyped.artifact_type = NULL;
	assert_false(compliance_image_fails(&root, &filesystem));
	assert_false(compliance_image_passes(&not_root, &untyped));
}

static void history_update_alone(void **state)
{
	static const char *const any[] = {"apt-get update", "apk update"};
	static const char *const none[] = {"install", " add "};
	static const assay_history_entry alone[] = {
	    {"/bin/sh -c #(nop) ADD file:1 in / ", false},
	    {"RUN /bin/sh -c apt-get update # buildkit", false},
	};
	static const assay_history_entry together[] = {
	    {"RUN /bin/sh -c apt-get update && apt-get install -y curl", false},
	    {"RUN /bin/sh -c apk update && apk --no-cache add curl", false},
	};
	image_conditions when = conditions_none();
	assay_image image = container_image("app", 1);

	(void)state;
	when.history_any.items = (const char **)any;
	when.history_any.count = 2;
	when.history_none.items = (const char **)none;
	when.history_none.count = 2;

	image.history = alone;
	image.history_count = 2;
	assert_ptr_equal(compliance_history_match(&when, &image), &alone[1]);
	assert_true(compliance_image_fails(&when, &image));

	image.history = together;
	assert_null(compliance_history_match(&when, &image));
	assert_false(compliance_image_fails(&when, &image));
}

/* ---- Runs ---- */

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

static void add_input(assay_run *run, const char *format, const char *name)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");
	char path[4096];

	assert_non_null(source);
	snprintf(path, sizeof(path), "%s/tests/data/%s", source, name);
	assert_int_equal(assay_run_add_input(run, format, path), 0);
}

/* A run of up to two reports of the project's fixtures, read but not analyzed. */
static assay_run *read_run(const char *first, const char *second)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	load_plugin(run, "input-trivy.so");
	load_plugin(run, "input-hadolint.so");
	load_plugin(run, "analyzer-compliance.so");
	add_input(run, NULL, first);
	if (second != NULL) {
		add_input(run, NULL, second);
	}
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
	return run;
}

static const cJSON *section_of(assay_run *run)
{
	assay_ctx ctx = {.run = run};
	const cJSON *compliance = assay_section_get(&ctx, "compliance");

	assert_non_null(compliance);
	return compliance;
}

static const cJSON *get(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (item == NULL) {
		fail_msg("missing key '%s'", key);
	}
	return item;
}

static const cJSON *framework_of(const cJSON *frameworks, const char *id)
{
	const cJSON *framework_item = NULL;

	cJSON_ArrayForEach(framework_item, frameworks)
	{
		if (strcmp(get(framework_item, "id")->valuestring, id) == 0) {
			return framework_item;
		}
	}
	fail_msg("no framework '%s'", id);
	return NULL;
}

static const cJSON *control_of(const cJSON *compliance, const char *framework_item, const char *id)
{
	const cJSON *control_item = NULL;

	cJSON_ArrayForEach(
	    control_item,
	    get(framework_of(get(compliance, "frameworks"), framework_item), "controls"))
	{
		if (strcmp(get(control_item, "id")->valuestring, id) == 0) {
			return control_item;
		}
	}
	fail_msg("no control '%s' in '%s'", id, framework_item);
	return NULL;
}

static const char *status_of(const cJSON *compliance, const char *framework_item, const char *id)
{
	return get(control_of(compliance, framework_item, id), "status")->valuestring;
}

static void analyze(assay_run *run)
{
	if (assay_run_analyze(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static void root_image_fails_with_evidence(void **state)
{
	assay_run *run = read_run("trivy/compliance-image-root.json", NULL);
	const cJSON *compliance;
	const cJSON *evidence;

	(void)state;
	analyze(run);
	compliance = section_of(run);
	assert_string_equal(status_of(compliance, CIS, "4.1"), "fail");
	evidence = get(control_of(compliance, CIS, "4.1"), "evidence");
	assert_int_equal(cJSON_GetArraySize(evidence), 1);
	assert_string_equal(get(evidence->child, "type")->valuestring, "image");
	assert_string_equal(get(evidence->child, "field")->valuestring, "config_user");
	assert_string_equal(get(evidence->child, "value")->valuestring, "root");
	assert_string_equal(get(control_of(compliance, CIS, "4.1"), "reason")->valuestring,
			    "image registry.example.com/shop/api:3.1.0 runs as root "
			    "(config USER 'root')");
	assert_string_equal(status_of(compliance, CIS, "4.7"), "fail");
	assert_string_equal(get(control_of(compliance, CIS, "4.7"), "reason")->valuestring,
			    "history step 3 of image registry.example.com/shop/api:3.1.0 matches");
	assert_string_equal(status_of(compliance, NIST, "4.1.4"), "fail");
	assay_run_free(run);
}

static void ignored_finding_fails_no_control(void **state)
{
	assay_run *run = read_run("trivy/compliance-image-root.json", NULL);
	size_t n = assay_run_finding_count(run);
	const cJSON *control_item;
	size_t i;

	(void)state;
	for (i = 0; i < n; i++) {
		assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, "CVE-2031-1001") == 0) {
			f->ignored = true;
		}
	}
	analyze(run);
	control_item = control_of(section_of(run), CIS, "4.4");
	assert_string_equal(get(control_item, "status")->valuestring, "pass");
	assert_string_equal(get(get(control_item, "evidence")->child, "type")->valuestring, "scan");
	assay_run_free(run);
}

static void dockerfile_scan_passes_controls(void **state)
{
	assay_run *run = read_run("trivy/compliance-dockerfile.json", NULL);
	const cJSON *compliance;
	const cJSON *evidence;

	(void)state;
	analyze(run);
	compliance = section_of(run);
	assert_string_equal(status_of(compliance, CIS, "4.6"), "pass");
	evidence = get(control_of(compliance, CIS, "4.6"), "evidence")->child;
	assert_string_equal(get(evidence, "scanner")->valuestring, "trivy");
	assert_string_equal(get(evidence, "value")->valuestring, "Dockerfile Security Check");
	assert_string_equal(status_of(compliance, CIS, "4.9"), "fail");
	assert_string_equal(
	    get(get(control_of(compliance, CIS, "4.9"), "evidence")->child, "id")->valuestring,
	    "DS-0005");
	/* A repository is not an image: no vulnerability scan of an image ran. */
	assert_string_equal(status_of(compliance, CIS, "4.4"), "not_assessed");
	assay_run_free(run);
}

static void score_is_passed_over_assessed(void **state)
{
	assay_run *run =
	    read_run("trivy/compliance-image-nonroot.json", "hadolint/compliance-dockerfile.json");
	const cJSON *cis;
	const cJSON *legacy;

	(void)state;
	analyze(run);
	cis = framework_of(get(section_of(run), "frameworks"), CIS);
	assert_int_equal(get(cis, "passed")->valueint, 5);
	assert_int_equal(get(cis, "failed")->valueint, 1);
	assert_int_equal(get(cis, "not_assessed")->valueint, 6);
	assert_int_equal(get(cis, "assessed")->valueint, 6);
	assert_float_equal(get(cis, "score")->valuedouble, 83.3, 1e-9);

	legacy = get(section_of(run), "cis_docker_benchmark");
	assert_float_equal(get(legacy, "score")->valuedouble, 83.3, 1e-9);
	assert_int_equal(get(legacy, "passed_checks")->valueint, 5);
	assert_int_equal(get(legacy, "total_checks")->valueint, 6);
	assert_int_equal(cJSON_GetArraySize(get(legacy, "failed_checks")), 1);
	assert_string_equal(get(legacy, "failed_checks")->child->valuestring, "4.3");
	assay_run_free(run);
}

static void nothing_assessed_scores_null(void **state)
{
	assay_run *run = read_run("trivy/compliance-fs-clean.json", NULL);
	const cJSON *framework_item = NULL;
	const cJSON *control_item = NULL;

	(void)state;
	analyze(run);
	cJSON_ArrayForEach(framework_item, get(section_of(run), "frameworks"))
	{
		assert_true(cJSON_IsNull(get(framework_item, "score")));
		assert_int_equal(get(framework_item, "assessed")->valueint, 0);
		cJSON_ArrayForEach(control_item, get(framework_item, "controls"))
		{
			assert_string_equal(get(control_item, "status")->valuestring,
					    "not_assessed");
			assert_int_equal(cJSON_GetArraySize(get(control_item, "evidence")), 0);
		}
	}
	assert_true(cJSON_IsNull(get(get(section_of(run), "nist_guidelines"), "score")));
	assay_run_free(run);
}

/* ---- Control data given with the option compliance-controls ---- */

/* Write `text` to a temporary file; the caller removes it. */
static void write_temp(char *path, size_t size, const char *text)
{
	FILE *file;
	int fd;

	snprintf(path, size, "%s/assay-controls-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	assert_true(fputs(text, file) >= 0);
	assert_int_equal(fclose(file), 0);
}

/* Analyze the root image with the control data `text`; returns the analyze result. */
static int analyze_with_controls(const char *text, assay_run **out)
{
	assay_run *run = read_run("trivy/compliance-image-root.json", NULL);
	char path[4096];
	int err;

	write_temp(path, sizeof(path), text);
	assert_int_equal(assay_run_set_option(run, "compliance-controls", path), 0);
	err = assay_run_analyze(run);
	unlink(path);
	*out = run;
	return err;
}

static void bad_control_data_is_an_error(void **state)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
	    {"[", "invalid JSON at byte"},
	    {"{\"controls\": [{\"framework\": \"x\", \"id\": \"1\", \"title\": \"t\"}]}",
	     "controls[0].framework: unknown framework 'x'"},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\", \"title\": \"t\", \"fail_when\": {\"kinds\": [\"vuln\"]}}]}",
	     "controls[0].fail_when.kinds[0]: unknown kind 'vuln'"},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\", \"title\": \"t\", \"fail_when\": {\"kinds\": [\"secret\"], "
	     "\"min_severity\": \"SEVERE\"}}]}",
	     "controls[0].fail_when.min_severity: unknown severity 'SEVERE'"},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\", \"title\": \"t\", \"fail_when\": {\"fixable\": true}}]}",
	     "categories, fixable and min_severity narrow \"kinds\""},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\", \"title\": \"t\", \"fail_when\": {\"finding_ids\": [\"DS002\", "
	     "7]}}]}",
	     "controls[0].fail_when.finding_ids[1]: expected a non-empty string, found a number"},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\", \"title\": \"t\", \"fail_when\": {\"image\": {\"history\": "
	     "{\"contains_none\": [\"install\"]}}}}]}",
	     "controls[0].fail_when.image.history.contains_any: missing or empty"},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\", \"title\": \"t\", \"pass_when\": {\"image\": "
	     "{\"config_user_root\": "
	     "\"no\"}}}]}",
	     "controls[0].pass_when.image.config_user_root: expected true or false, found a "
	     "string"},
	    {"{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": [{\"framework\": "
	     "\"f\", \"id\": \"1\"}]}",
	     "controls[0].title: missing"},
	    {"{\"frameworks\": [{\"id\": \"f\"}]}", "frameworks[0].title: missing"},
	    {"{\"frameworks\": [], \"checks\": []}", "(top level): unknown key 'checks'"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assay_run *run = NULL;

		assert_int_equal(analyze_with_controls(cases[i].text, &run), ASSAY_EPARSE);
		if (strstr(assay_run_error(run), cases[i].message) == NULL) {
			fail_msg("case %zu: error '%s' lacks '%s'", i, assay_run_error(run),
				 cases[i].message);
		}
		assay_run_free(run);
	}
}

static void missing_control_file_is_an_error(void **state)
{
	assay_run *run = read_run("trivy/compliance-image-root.json", NULL);

	(void)state;
	assert_int_equal(assay_run_set_option(run, "compliance-controls", "/nonexistent/c.json"),
			 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_ENOTFOUND);
	assert_non_null(
	    strstr(assay_run_error(run), "cannot open the controls file /nonexistent/c.json"));
	assay_run_free(run);
}

static void later_control_replaces_earlier(void **state)
{
	static const char text[] =
	    "{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\", \"summary_key\": \"f_summary\"}],"
	    " \"controls\": ["
	    "  {\"framework\": \"f\", \"id\": \"1\", \"title\": \"first\"},"
	    "  {\"framework\": \"f\", \"id\": \"1\", \"title\": \"second\","
	    "   \"fail_when\": {\"kinds\": [\"vulnerability\"], \"min_severity\": \"critical\"}}]}";
	assay_run *run = NULL;
	const cJSON *framework_item;
	const cJSON *control_item;

	(void)state;
	assert_int_equal(analyze_with_controls(text, &run), 0);
	framework_item = framework_of(get(section_of(run), "frameworks"), "f");
	assert_int_equal(cJSON_GetArraySize(get(framework_item, "controls")), 1);
	control_item = get(framework_item, "controls")->child;
	assert_string_equal(get(control_item, "title")->valuestring, "second");
	assert_string_equal(get(control_item, "status")->valuestring, "fail");
	assert_int_equal(cJSON_GetArraySize(get(control_item, "evidence")), 1);
	assert_string_equal(get(get(control_item, "evidence")->child, "id")->valuestring,
			    "CVE-2031-1001");
	assert_int_equal(get(get(section_of(run), "f_summary"), "total_checks")->valueint, 1);
	assay_run_free(run);
}

static void evidence_is_capped(void **state)
{
	static const char text[] =
	    "{\"frameworks\": [{\"id\": \"f\", \"title\": \"F\"}], \"controls\": ["
	    "  {\"framework\": \"f\", \"id\": \"any\", \"title\": \"every finding\","
	    "   \"fail_when\": {\"kinds\": [\"vulnerability\", \"secret\"]}}]}";
	cJSON *report = cJSON_CreateObject();
	cJSON *results = cJSON_CreateArray();
	cJSON *result = cJSON_CreateObject();
	cJSON *vulnerabilities = cJSON_CreateArray();
	char path[4096];
	char *printed;
	assay_run *run = assay_run_new();
	const cJSON *control_item;
	char controls[4096];
	int i;

	(void)state;
	/* A report of 25 vulnerabilities, more than the evidence kept of one artifact. */
	for (i = 0; i < 25; i++) {
		cJSON *v = cJSON_CreateObject();
		char id[32];

		snprintf(id, sizeof(id), "CVE-2031-9%03d", i);
		cJSON_AddStringToObject(v, "VulnerabilityID", id);
		cJSON_AddStringToObject(v, "PkgName", "libexample");
		cJSON_AddStringToObject(v, "InstalledVersion", "1.0");
		cJSON_AddStringToObject(v, "Severity", "LOW");
		cJSON_AddItemToArray(vulnerabilities, v);
	}
	cJSON_AddNumberToObject(report, "SchemaVersion", 2);
	cJSON_AddStringToObject(report, "ArtifactName", "registry.example.com/many:1");
	cJSON_AddStringToObject(report, "ArtifactType", "container_image");
	cJSON_AddStringToObject(result, "Target", "many");
	cJSON_AddStringToObject(result, "Class", "os-pkgs");
	cJSON_AddItemToObject(result, "Vulnerabilities", vulnerabilities);
	cJSON_AddItemToArray(results, result);
	cJSON_AddItemToObject(report, "Results", results);
	printed = cJSON_PrintUnformatted(report);
	write_temp(path, sizeof(path), printed);
	write_temp(controls, sizeof(controls), text);
	cJSON_free(printed);
	cJSON_Delete(report);

	load_plugin(run, "input-trivy.so");
	load_plugin(run, "analyzer-compliance.so");
	assert_int_equal(assay_run_add_input(run, "trivy", path), 0);
	assert_int_equal(assay_run_set_option(run, "compliance-controls", controls), 0);
	assert_int_equal(assay_run_read_inputs(run), 0);
	analyze(run);
	unlink(path);
	unlink(controls);

	control_item = control_of(section_of(run), "f", "any");
	assert_int_equal(cJSON_GetArraySize(get(control_item, "evidence")),
			 COMPLIANCE_MAX_EVIDENCE);
	assert_int_equal(get(control_item, "evidence_omitted")->valueint,
			 25 - COMPLIANCE_MAX_EVIDENCE);
	assert_string_equal(get(control_item, "reason")->valuestring,
			    "25 findings match the control");
	assay_run_free(run);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(user_is_root_forms),
	    cmocka_unit_test(image_conditions_fail_and_pass),
	    cmocka_unit_test(other_artifacts_have_no_image_config),
	    cmocka_unit_test(history_update_alone),
	    cmocka_unit_test(root_image_fails_with_evidence),
	    cmocka_unit_test(ignored_finding_fails_no_control),
	    cmocka_unit_test(dockerfile_scan_passes_controls),
	    cmocka_unit_test(score_is_passed_over_assessed),
	    cmocka_unit_test(nothing_assessed_scores_null),
	    cmocka_unit_test(bad_control_data_is_an_error),
	    cmocka_unit_test(missing_control_file_is_an_error),
	    cmocka_unit_test(later_control_replaces_earlier),
	    cmocka_unit_test(evidence_is_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
