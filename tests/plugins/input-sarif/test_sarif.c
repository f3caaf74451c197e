/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the SARIF input plugin through the run API, on the logs in tests/data/sarif. */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

/* ---- Helpers ---- */

static void data_path(char *out, size_t size, const char *name)
{
	const char *source_dir = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source_dir);
	assert_true((size_t)snprintf(out, size, "%s/tests/data/sarif/%s", source_dir, name) < size);
}

static assay_run *new_run(void)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_int_equal(assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false), 0);
	return run;
}

/* Read one log of tests/data/sarif as `format` (NULL to detect it) and expect success. */
static assay_run *read_log(const char *format, const char *name)
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

/* The finding whose message is `message`; fails the test when there is none. */
static const assay_finding *find_by_message(const assay_run *run, const char *message)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (f->message != NULL && strcmp(f->message, message) == 0) {
			return f;
		}
	}
	fail_msg("no finding with the message \"%s\"", message);
	return NULL;
}

static const assay_finding *find_by_id(const assay_run *run, const char *id)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, id) == 0) {
			return f;
		}
	}
	fail_msg("no finding %s", id);
	return NULL;
}

static const assay_image *find_image(const assay_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < assay_run_image_count(run); i++) {
		const assay_image *image = assay_run_image_at(run, i);

		if (strcmp(image->name, name) == 0) {
			return image;
		}
	}
	fail_msg("no image %s", name);
	return NULL;
}

static void assert_list(const assay_strlist *list, size_t count, const char *const *items)
{
	size_t i;

	assert_int_equal(list->count, count);
	for (i = 0; i < count; i++) {
		assert_string_equal(list->items[i], items[i]);
	}
}

static void assert_null_string(const char *value)
{
	if (value != NULL) {
		fail_msg("expected no value, found \"%s\"", value);
	}
}

/* ---- Mapping of the SARIF fields (mapping.sarif) ---- */

static void test_skips_pass_not_applicable_informational(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	size_t i;

	(void)state;
	/* 18 results in the first run, 3 of them not problems; 2 in the second run */
	assert_int_equal(assay_run_finding_count(run), 17);
	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		assert_string_not_equal(f->message, "Passed.");
		assert_string_not_equal(f->message, "Not applicable.");
		assert_string_not_equal(f->message, "For your information.");
	}
	assay_run_free(run);
}

static void test_rule_metadata_and_message_string(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *f = find_by_message(run, "Value input reaches sink().");
	static const char *const cwes[] = {"CWE-20", "CWE-79", "CWE-89"};
	static const char *const scanners[] = {"sarif"};

	(void)state;
	assert_string_equal(f->id, "EX001");
	assert_int_equal(f->kind, ASSAY_KIND_MISCONFIGURATION);
	assert_int_equal(f->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(f->raw_severity, "security-severity 9.1");
	assert_string_equal(f->title, "Tainted data reaches a sink");
	assert_string_equal(f->description,
			    "Data from an untrusted source reaches a dangerous function.");
	assert_string_equal(f->primary_url, "https://scanner.example.com/rules/EX001");
	assert_string_equal(f->category, "security, CWE-79, external/cwe/cwe-089");
	assert_list(&f->cwes, 3, cwes);
	assert_list(&f->scanners, 1, scanners);
	assert_string_equal(f->file, "/home/ci/project/src/app/main.c");
	assert_string_equal(f->target, "/home/ci/project/src/app/main.c");
	assert_string_equal(f->image, "ExampleScanner");
	assert_int_equal(f->start_line, 10);
	assert_int_equal(f->end_line, 12);
	assert_int_equal(f->tags.count, 0);
	assay_run_free(run);
}

static void test_result_score_beats_rule_score(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *f = find_by_message(run, "Result score wins.");

	(void)state;
	assert_string_equal(f->id, "EX001");
	assert_int_equal(f->severity, ASSAY_SEVERITY_MEDIUM);
	assert_string_equal(f->raw_severity, "security-severity 4.5");
	/* result tags follow the rule's in the category */
	assert_string_equal(f->category, "security, CWE-79, external/cwe/cwe-089, from-result");
	assay_run_free(run);
}

static void test_score_bands_and_numbers(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *zero = find_by_message(run, "Score zero.");
	const assay_finding *number = find_by_message(run, "Numeric score.");
	static const char *const cwes[] = {"CWE-22", "CWE-36", "CWE-23"};

	(void)state;
	/* a score of 0.0 is GitHub's "none", even though the result's level is error */
	assert_int_equal(zero->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_string_equal(zero->raw_severity, "security-severity 0.0");
	/* a JSON number is accepted as well as a string */
	assert_int_equal(number->severity, ASSAY_SEVERITY_MEDIUM);
	assert_string_equal(number->raw_severity, "security-severity 5");
	assert_list(&number->cwes, 3, cwes);
	assay_run_free(run);
}

static void test_level_from_rule_default(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *f = find_by_message(run, "Call to unsafe function.");

	(void)state;
	/* no ruleId: the id comes from the rule that ruleIndex names */
	assert_string_equal(f->id, "EX002");
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "error");
	assert_string_equal(f->title, "UnsafeCall");
	/* artifactLocation.index names run.artifacts[0], under SRCROOT */
	assert_string_equal(f->file, "/home/ci/project/src/lib/util.c");
	assert_int_equal(f->start_line, 5);
	assert_int_equal(f->end_line, 5);
	assay_run_free(run);
}

static void test_levels_and_defaults(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *note = find_by_message(run, "Braces {kept} and filled, missing {3}.");
	const assay_finding *none = find_by_message(run, "Level none.");
	const assay_finding *open = find_by_message(run, "Open question.");
	const assay_finding *plain = find_by_message(run, "Debug statement without a location.");

	(void)state;
	assert_int_equal(note->severity, ASSAY_SEVERITY_LOW);
	assert_string_equal(note->raw_severity, "note");
	assert_int_equal(none->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_string_equal(none->raw_severity, "none");
	/* a result that is not a failure defaults to level none */
	assert_int_equal(open->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_string_equal(open->raw_severity, "none");
	/* no level anywhere: SARIF's default, warning */
	assert_int_equal(plain->severity, ASSAY_SEVERITY_MEDIUM);
	assert_string_equal(plain->raw_severity, "warning");
	assay_run_free(run);
}

static void test_locations_and_targets(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *escaped =
	    find_by_message(run, "Braces {kept} and filled, missing {3}.");
	const assay_finding *no_location =
	    find_by_message(run, "Debug statement without a location.");
	const assay_finding *file_uri = find_by_message(run, "A result without a rule.");
	const assay_finding *remote = find_by_message(run, "A remote file.");

	(void)state;
	assert_string_equal(escaped->file, "docs/My Notes.md");
	assert_int_equal(escaped->start_line, 3);
	assert_int_equal(escaped->end_line, 4);
	assert_null_string(no_location->file);
	assert_string_equal(no_location->target, "build/output.bin");
	assert_int_equal(no_location->start_line, 0);
	assert_string_equal(file_uri->file, "/tmp/work/x y.c");
	assert_string_equal(remote->file, "https://example.com/a%20b.js");
	assay_run_free(run);
}

static void test_extension_rule_and_global_string(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *f = find_by_message(run, "Shared text about policies.");

	(void)state;
	assert_string_equal(f->id, "POL1");
	assert_string_equal(f->title, "Policy one");
	assert_int_equal(f->severity, ASSAY_SEVERITY_LOW);
	assert_string_equal(f->raw_severity, "note");
	assert_string_equal(f->file, "policy.yaml");
	assert_int_equal(f->start_line, 0);
	assay_run_free(run);
}

static void test_extension_named_rule_by_id(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *f = find_by_message(run, "Extension named, rule found by id.");

	(void)state;
	assert_string_equal(f->id, "POL1");
	assert_string_equal(f->title, "Policy one");
	assert_int_equal(f->severity, ASSAY_SEVERITY_LOW);
	assay_run_free(run);
}

static void test_hierarchical_rule_id_and_fix(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *f = find_by_message(run, "Hierarchical rule id.");

	(void)state;
	assert_string_equal(f->id, "EX002/md5");
	assert_string_equal(f->title, "UnsafeCall");
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->resolution, "Use SHA-256 instead.");
	assay_run_free(run);
}

static void test_suppressions_become_tags(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *in_source = find_by_message(run, "Suppressed in source.");
	const assay_finding *external = find_by_message(run, "Suppressed externally.");
	const assay_finding *review = find_by_message(run, "Suppression under review.");
	static const char *const in_source_tags[] = {"suppressed-in-source"};
	static const char *const external_tags[] = {"suppressed-external"};

	(void)state;
	assert_list(&in_source->tags, 1, in_source_tags);
	assert_false(in_source->ignored);
	assert_int_equal(in_source->severity, ASSAY_SEVERITY_MEDIUM);
	assert_list(&external->tags, 1, external_tags);
	assert_false(external->ignored);
	/* a suppression under review does not suppress the result */
	assert_int_equal(review->tags.count, 0);
	assay_run_free(run);
}

static void test_one_image_per_run(void **state)
{
	assay_run *run = read_log("sarif", "mapping.sarif");
	const assay_finding *second = find_by_message(run, "A result without a rule.");

	(void)state;
	assert_int_equal(assay_run_image_count(run), 2);
	assert_null_string(find_image(run, "ExampleScanner")->artifact_type);
	assert_null_string(find_image(run, "SecondTool")->artifact_type);
	/* a result without any rule is identified by its tool */
	assert_string_equal(second->id, "SecondTool");
	assert_string_equal(second->image, "SecondTool");
	assert_null_string(second->title);
	assay_run_free(run);
}

/* ---- Producer conventions ---- */

static void test_trivy_image_and_vulnerability(void **state)
{
	assay_run *run = read_log("sarif", "trivy-image.sarif");
	const assay_image *image = find_image(run, "registry.example.com/shop/api:1.4.2");
	const assay_finding *f = find_by_id(run, "CVE-2024-10001");
	static const char *const fixed[] = {"2.3.1", "3.0.0"};
	static const char *const tags[] = {"registry.example.com/shop/api:1.4.2"};

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	assert_string_equal(image->image_id, "sha256:5f2a8c1e9d7b6a4c3e2f1a0b9c8d7e6f5a4b3c2d1e0f"
					     "9a8b7c6d5e4f3a2b1c0d");
	assert_string_equal(image->artifact_type, "container_image");
	assert_list(&image->repo_tags, 1, tags);
	assert_int_equal(image->repo_digests.count, 1);

	assert_int_equal(f->kind, ASSAY_KIND_VULNERABILITY);
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "security-severity 7.5");
	assert_string_equal(f->pkg_name, "examplelib");
	assert_string_equal(f->pkg_version, "2.2.0");
	assert_list(&f->fixed_versions, 2, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	/* ROOTPATH is file:/// in this log */
	assert_string_equal(f->file, "/app/requirements.txt");
	assert_string_equal(f->image, "registry.example.com/shop/api:1.4.2");
	assert_int_equal(f->cvss_count, 1);
	assert_string_equal(f->cvss[0].source, "trivy");
	assert_true(f->cvss[0].v3_score > 7.49 && f->cvss[0].v3_score < 7.51);
	assert_string_equal(f->cvss[0].v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N");
	assert_true(f->cvss[0].v2_score < 0);
	assay_run_free(run);
}

static void test_trivy_unfixed_secret_misconfig_license(void **state)
{
	assay_run *run = read_log("sarif", "trivy-image.sarif");
	const assay_finding *unfixed = find_by_id(run, "CVE-2024-10002");
	const assay_finding *secret = find_by_id(run, "aws-access-key-id");
	const assay_finding *misconfig = find_by_id(run, "DS002");
	const assay_finding *license = find_by_id(run, "examplelib:GPL-3.0-only");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 5);
	assert_int_equal(unfixed->severity, ASSAY_SEVERITY_LOW);
	assert_int_equal(unfixed->fixed_versions.count, 0);
	assert_int_equal(unfixed->fix_state, ASSAY_FIX_NOT_FIXED);

	assert_int_equal(secret->kind, ASSAY_KIND_SECRET);
	assert_int_equal(secret->severity, ASSAY_SEVERITY_CRITICAL);
	assert_null_string(secret->pkg_name);
	assert_string_equal(secret->file, "/app/.env");
	assert_int_equal(secret->start_line, 2);

	assert_int_equal(misconfig->kind, ASSAY_KIND_MISCONFIGURATION);
	assert_null_string(misconfig->pkg_type);
	assert_string_equal(misconfig->category, "misconfiguration, security, HIGH");

	assert_int_equal(license->kind, ASSAY_KIND_LICENSE);
	assert_string_equal(license->pkg_name, "examplelib");
	assert_string_equal(license->category, "restricted");
	assay_run_free(run);
}

static void test_grype_ids_packages_image(void **state)
{
	assay_run *run = read_log("sarif", "grype-image.sarif");
	const assay_finding *openssl = find_by_id(run, "CVE-2024-20001");
	const assay_finding *lodash = find_by_id(run, "GHSA-abcd-2345-wxyz");
	static const char *const openssl_alias[] = {"CVE-2024-20001-openssl"};
	static const char *const lodash_alias[] = {"GHSA-abcd-2345-wxyz-lodash"};
	static const char *const fixed[] = {"3.1.4-r1"};

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	assert_string_equal(find_image(run, "registry.example.com/shop/web:2.0")->artifact_type,
			    "container_image");

	assert_int_equal(openssl->kind, ASSAY_KIND_VULNERABILITY);
	assert_list(&openssl->aliases, 1, openssl_alias);
	assert_string_equal(openssl->pkg_name, "openssl");
	assert_string_equal(openssl->pkg_version, "3.1.0-r0");
	assert_string_equal(openssl->pkg_type, "apk");
	assert_string_equal(openssl->pkg_path, "/lib/apk/db/installed");
	assert_string_equal(openssl->purl,
			    "pkg:apk/alpine/openssl@3.1.0-r0?arch=x86_64&distro=alpine-3.18.4");
	assert_list(&openssl->fixed_versions, 1, fixed);
	assert_int_equal(openssl->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(openssl->image, "registry.example.com/shop/web:2.0");

	assert_list(&lodash->aliases, 1, lodash_alias);
	assert_string_equal(lodash->pkg_type, "npm");
	assert_int_equal(lodash->fix_state, ASSAY_FIX_NOT_FIXED);
	assert_int_equal(lodash->severity, ASSAY_SEVERITY_MEDIUM);
	assay_run_free(run);
}

static void test_secret_scanner_results_are_secrets(void **state)
{
	assay_run *run = read_log("sarif", "gitleaks.sarif");
	const assay_finding *f = find_by_id(run, "generic-api-key");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 1);
	assert_int_equal(f->kind, ASSAY_KIND_SECRET);
	assert_int_equal(f->severity, ASSAY_SEVERITY_MEDIUM);
	assert_string_equal(f->file, "config/settings.py");
	assert_int_equal(f->start_line, 12);
	assay_run_free(run);
}

static void test_auto_detects_sarif(void **state)
{
	assay_run *run = read_log(NULL, "trivy-image.sarif");
	const assay_finding *f = find_by_id(run, "CVE-2024-10001");
	static const char *const scanners[] = {"sarif"};

	(void)state;
	assert_list(&f->scanners, 1, scanners);
	assay_run_free(run);
}

/* ---- Errors ---- */

/* Read tests/data/sarif/bad/NAME as `format` and check the code and the message's tail. */
static void assert_read_error(const char *format, const char *name, const char *expected)
{
	char path[4096];
	char relative[256];
	char message[8192];
	assay_run *run = new_run();
	const char *error;

	snprintf(relative, sizeof(relative), "bad/%s", name);
	data_path(path, sizeof(path), relative);
	assert_int_equal(assay_run_add_input(run, format, path), 0);
	assert_int_equal(assay_run_read_inputs(run), ASSAY_EPARSE);
	error = assay_run_error(run);
	snprintf(message, sizeof(message), "%s: %s", path, expected);
	if (strstr(error, message) == NULL) {
		fail_msg("%s: expected the error \"%s\", got \"%s\"", name, message, error);
	}
	assay_run_free(run);
}

static void test_error_other_version(void **state)
{
	(void)state;
	assert_read_error("sarif", "version-2.0.0.sarif",
			  "unsupported SARIF version \"2.0.0\": only SARIF 2.1.0 is supported");
	/* the $schema names SARIF, so detection chooses this plugin too */
	assert_read_error(NULL, "version-2.0.0.sarif",
			  "unsupported SARIF version \"2.0.0\": only SARIF 2.1.0 is supported");
}

static void test_error_not_sarif(void **state)
{
	(void)state;
	assert_read_error("sarif", "not-sarif.json", "not a SARIF log: expected version and runs");
}

static void test_error_wrong_types(void **state)
{
	(void)state;
	assert_read_error("sarif", "runs-object.sarif", "runs: expected an array, found an object");
	assert_read_error("sarif", "locations-object.sarif",
			  "runs[0].results[4].locations: expected an array, found an object");
	assert_read_error("sarif", "start-line-string.sarif",
			  "runs[0].results[0].locations[0].physicalLocation.region.startLine: "
			  "expected an integer, found a string");
	assert_read_error("sarif", "tags-number.sarif",
			  "runs[0].tool.driver.rules[0].properties.tags[1]: expected a string, "
			  "found a number");
	assert_read_error("sarif", "message-argument-number.sarif",
			  "runs[0].results[0].message.arguments[1]: expected a string, found a "
			  "number");
}

static void test_error_invalid_values(void **state)
{
	(void)state;
	assert_read_error("sarif", "level-invalid.sarif",
			  "runs[0].results[0].level: expected one of none, note, warning, error, "
			  "found \"critical\"");
	assert_read_error("sarif", "security-severity-word.sarif",
			  "runs[0].tool.driver.rules[0].properties.security-severity: expected a "
			  "score from 0.0 to 10.0, found \"high\"");
	assert_read_error("sarif", "tool-missing.sarif",
			  "runs[0].tool: missing, but a SARIF run must name the tool that "
			  "produced it");
	assert_read_error("sarif", "suppression-kind-missing.sarif",
			  "runs[0].results[0].suppressions[0].kind: missing, expected inSource or "
			  "external");
	assert_read_error("sarif", "base-id-loop.sarif",
			  "runs[0].originalUriBaseIds.A: the uriBaseId chain loops or is deeper "
			  "than 8");
}

static void test_error_indexes_out_of_range(void **state)
{
	(void)state;
	assert_read_error("sarif", "rule-index-out-of-range.sarif",
			  "runs[0].results[1].ruleIndex: 2 is out of range: "
			  "runs[0].tool.driver.rules has 2 rules");
	assert_read_error("sarif", "extension-index-out-of-range.sarif",
			  "runs[0].results[0].rule.toolComponent.index: 1 is out of range: "
			  "runs[0].tool.extensions has 1 element");
	assert_read_error(
	    "sarif", "artifact-index-out-of-range.sarif",
	    "runs[0].results[0].locations[0].physicalLocation.artifactLocation.index: "
	    "3 is out of range: runs[0].artifacts has 1 element");
}

/* ---- Probe ---- */

static assay_probe_fn load_probe(void **handle)
{
	const char *plugin_dir = getenv("ASSAY_PLUGIN_DIR");
	char path[4096];
	assay_plugin_entry_fn entry;

	assert_non_null(plugin_dir);
	snprintf(path, sizeof(path), "%s/input-sarif.so", plugin_dir);
	*handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	assert_non_null(*handle);
	*(void **)&entry = dlsym(*handle, ASSAY_PLUGIN_ENTRY_SYMBOL);
	assert_non_null(entry);
	return entry()->probe;
}

static int probe_json(assay_probe_fn probe, const char *json)
{
	cJSON *tree = cJSON_Parse(json);
	assay_document doc = {"probe.json", NULL, 0, tree};
	int score;

	assert_non_null(tree);
	score = probe(&doc);
	cJSON_Delete(tree);
	return score;
}

static void test_probe_scores(void **state)
{
	void *handle = NULL;
	assay_probe_fn probe = load_probe(&handle);
	assay_document text = {"probe.txt", "version 2.1.0", 13, NULL};

	(void)state;
	assert_int_equal(probe_json(probe, "{\"version\": \"2.1.0\", \"runs\": []}"), 95);
	assert_int_equal(
	    probe_json(probe, "{\"$schema\": \"https://json.schemastore.org/Sarif-2.1.0.json\"}"),
	    95);
	/* another version: still SARIF, so that the reader can name the version */
	assert_int_equal(probe_json(probe, "{\"version\": \"1.0.0\", \"runs\": []}"), 60);
	assert_int_equal(probe_json(probe, "{\"version\": \"2.1.0\"}"), 0);
	assert_int_equal(probe_json(probe, "{\"version\": \"2.1.0\", \"runs\": {}}"), 0);
	assert_int_equal(probe_json(probe, "{\"SchemaVersion\": 2, \"Results\": []}"), 0);
	assert_int_equal(probe_json(probe, "[{\"version\": \"2.1.0\", \"runs\": []}]"), 0);
	assert_int_equal(probe(&text), 0);
	dlclose(handle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_skips_pass_not_applicable_informational),
	    cmocka_unit_test(test_rule_metadata_and_message_string),
	    cmocka_unit_test(test_result_score_beats_rule_score),
	    cmocka_unit_test(test_score_bands_and_numbers),
	    cmocka_unit_test(test_level_from_rule_default),
	    cmocka_unit_test(test_levels_and_defaults),
	    cmocka_unit_test(test_locations_and_targets),
	    cmocka_unit_test(test_extension_rule_and_global_string),
	    cmocka_unit_test(test_extension_named_rule_by_id),
	    cmocka_unit_test(test_hierarchical_rule_id_and_fix),
	    cmocka_unit_test(test_suppressions_become_tags),
	    cmocka_unit_test(test_one_image_per_run),
	    cmocka_unit_test(test_trivy_image_and_vulnerability),
	    cmocka_unit_test(test_trivy_unfixed_secret_misconfig_license),
	    cmocka_unit_test(test_grype_ids_packages_image),
	    cmocka_unit_test(test_secret_scanner_results_are_secrets),
	    cmocka_unit_test(test_auto_detects_sarif),
	    cmocka_unit_test(test_error_other_version),
	    cmocka_unit_test(test_error_not_sarif),
	    cmocka_unit_test(test_error_wrong_types),
	    cmocka_unit_test(test_error_invalid_values),
	    cmocka_unit_test(test_error_indexes_out_of_range),
	    cmocka_unit_test(test_probe_scores),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
