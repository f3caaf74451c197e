/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Snyk input plugin through the run API, on the reports in tests/data/snyk. */
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
	assert_true((size_t)snprintf(out, size, "%s/tests/data/snyk/%s", source_dir, name) < size);
}

static assay_run *new_run(void)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_int_equal(assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false), 0);
	return run;
}

/* Read one report of tests/data/snyk; `format` NULL detects it. Fails the test on error. */
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

/* The finding with this id, package and package path (NULL matches a missing path). */
static const assay_finding *find_at(const assay_run *run, const char *id, const char *package,
				    const char *pkg_path)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);
		bool same_path = pkg_path ? f->pkg_path && strcmp(f->pkg_path, pkg_path) == 0
					  : f->pkg_path == NULL;

		if (strcmp(f->id, id) == 0 && f->pkg_name && strcmp(f->pkg_name, package) == 0 &&
		    same_path) {
			return f;
		}
	}
	fail_msg("no finding %s in %s at %s", id, package, pkg_path ? pkg_path : "(no path)");
	return NULL;
}

static const assay_finding *find(const assay_run *run, const char *id, const char *package)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, id) == 0 && f->pkg_name && strcmp(f->pkg_name, package) == 0) {
			return f;
		}
	}
	fail_msg("no finding %s in %s", id, package);
	return NULL;
}

static const assay_cvss *find_cvss(const assay_finding *f, const char *source)
{
	size_t i;

	for (i = 0; i < f->cvss_count; i++) {
		if (strcmp(f->cvss[i].source, source) == 0) {
			return &f->cvss[i];
		}
	}
	fail_msg("%s has no CVSS record from %s", f->id, source);
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

static void assert_close(double actual, double expected)
{
	if (actual < expected - 1e-9 || actual > expected + 1e-9) {
		fail_msg("expected %g, got %g", expected, actual);
	}
}

/* ---- snyk test --json: one project ---- */

static void test_project_counts_each_issue_once(void **state)
{
	assay_run *run = read_report("snyk", "project.json");

	(void)state;
	/* Seven listings: lodash and qs twice each (two dependency paths). */
	assert_int_equal(assay_run_finding_count(run), 5);
	assay_run_free(run);
}

static void test_project_vulnerability_fields(void **state)
{
	static const char *const aliases[] = {"SNYK-JS-LODASH-1040724", "GHSA-35jh-r3h4-6jhm",
					      "SNYK-JS-LODASHTEMPLATE-1088054"};
	static const char *const fixed[] = {"4.17.21"};
	static const char *const cwes[] = {"CWE-94"};
	static const char *const scanners[] = {"snyk"};
	static const char *const urls[] = {
	    "https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c",
	    "https://github.com/lodash/lodash/blob/ddfd9b11a0126db2302cb70ec9973b66baec0975/"
	    "lodash.js%23L14851"};
	assay_run *run = read_report("snyk", "project.json");
	const assay_finding *f = find(run, "CVE-2021-23337", "lodash");

	(void)state;
	assert_int_equal(f->kind, ASSAY_KIND_VULNERABILITY);
	/* The NSP id (a bare number) is left out of the aliases. */
	assert_list(&f->aliases, 3, aliases);
	assert_list(&f->cwes, 1, cwes);
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "high");
	assert_false(f->severity_disagreement);
	assert_string_equal(f->pkg_version, "4.17.15");
	assert_string_equal(f->pkg_type, "npm");
	assert_string_equal(f->pkg_path, "package-lock.json");
	assert_list(&f->fixed_versions, 1, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_string_equal(f->title, "Command Injection");
	assert_string_equal(f->description, "## Overview\nAffected versions of `lodash` are "
					    "vulnerable to Command Injection via `template`.");
	assert_string_equal(f->primary_url, "https://security.snyk.io/vuln/SNYK-JS-LODASH-1040724");
	assert_list(&f->urls, 2, urls);
	assert_string_equal(f->published, "2021-02-15T11:50:49Z");
	/* Proof-of-concept code is no sign of exploitation either way. */
	assert_int_equal(f->known_exploited, -1);
	assert_close(f->epss, 0.00843);
	assert_close(f->epss_percentile, 0.82);
	assert_string_equal(f->image, "/src/shop-api");
	assert_string_equal(f->target, "/src/shop-api");
	assert_list(&f->scanners, 1, scanners);
	assay_run_free(run);
}

static void test_project_cvss_by_source(void **state)
{
	assay_run *run = read_report("snyk", "project.json");
	const assay_finding *f = find(run, "CVE-2021-23337", "lodash");
	const assay_cvss *snyk = find_cvss(f, "snyk");
	const assay_cvss *nvd = find_cvss(f, "nvd");
	const assay_cvss *redhat = find_cvss(f, "redhat");

	(void)state;
	assert_int_equal(f->cvss_count, 3);
	assert_close(snyk->v3_score, 7.2);
	assert_string_equal(snyk->v3_vector, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H/E:P");
	assert_true(snyk->v2_score < 0);
	assert_true(snyk->v4_score < 0);
	assert_close(nvd->v3_score, 7.2);
	assert_string_equal(nvd->v3_vector, "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H");
	assert_close(nvd->v4_score, 8.6);
	assert_string_equal(nvd->v4_vector,
			    "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
	assert_close(redhat->v3_score, 7.2);
	assert_null(redhat->v4_vector);
	assay_run_free(run);
}

static void test_severity_with_critical_wins(void **state)
{
	static const char *const aliases[] = {"SNYK-JS-EXPRESSFILEUPLOAD-595969", "CVE-2020-7700"};
	assay_run *run = read_report("snyk", "project.json");
	const assay_finding *f = find(run, "CVE-2020-7699", "express-fileupload");

	(void)state;
	assert_int_equal(f->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(f->raw_severity, "critical");
	assert_list(&f->aliases, 2, aliases);
	/* Patchable with no fixed version: a fix exists. */
	assert_int_equal(f->fixed_versions.count, 0);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_int_equal(f->known_exploited, 1);
	/* cvssScore and CVSSv3 are null. */
	assert_int_equal(f->cvss_count, 0);
	assay_run_free(run);
}

static void test_snyk_id_without_cve(void **state)
{
	assay_run *run = read_report("snyk", "project.json");
	const assay_finding *f = find(run, "SNYK-JS-NODEFETCH-674311", "node-fetch");

	(void)state;
	assert_int_equal(f->aliases.count, 0);
	assert_int_equal(f->severity, ASSAY_SEVERITY_LOW);
	assert_int_equal(f->fix_state, ASSAY_FIX_NOT_FIXED);
	assert_int_equal(f->known_exploited, 1);
	assert_close(find_cvss(f, "snyk")->v3_score, 2.6);
	assert_true(f->epss < 0);
	assay_run_free(run);
}

static void test_upgradable_path_makes_fixed(void **state)
{
	assay_run *run = read_report("snyk", "project.json");
	const assay_finding *f = find(run, "CVE-2022-24999", "qs");

	(void)state;
	/* The first path is not upgradable, the second is; fixedIn is missing. */
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_int_equal(f->fixed_versions.count, 0);
	assert_int_equal(f->known_exploited, -1);
	assert_null(f->description);
	assay_run_free(run);
}

static void test_license_issue(void **state)
{
	static const char *const aliases[] = {"snyk:lic:npm:left-pad:WTFPL"};
	assay_run *run = read_report("snyk", "project.json");
	const assay_finding *f = find(run, "WTFPL", "left-pad");

	(void)state;
	assert_int_equal(f->kind, ASSAY_KIND_LICENSE);
	assert_list(&f->aliases, 1, aliases);
	assert_int_equal(f->severity, ASSAY_SEVERITY_MEDIUM);
	assert_string_equal(f->title, "WTFPL license");
	assert_string_equal(f->pkg_version, "1.3.0");
	assert_null(f->primary_url);
	assert_int_equal(f->fix_state, ASSAY_FIX_UNKNOWN);
	assay_run_free(run);
}

static void test_project_declares_folder(void **state)
{
	assay_run *run = read_report("snyk", "project.json");
	const assay_image *image = NULL;

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "/src/shop-api");
	assert_string_equal(image->artifact_type, "filesystem");
	assert_null(image->os_family);
	assay_run_free(run);
}

/* ---- snyk container test --json ---- */

static void test_container_image_and_os(void **state)
{
	assay_run *run = read_report("snyk", "container.json");
	const assay_image *image = NULL;

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "registry.example.com/shop/api:1.4.2");
	assert_string_equal(image->artifact_type, "container_image");
	assert_string_equal(image->os_family, "debian");
	assert_string_equal(image->os_name, "12");
	/* libssl3 twice, openssl, zlib1g, tar, and one finding per application. */
	assert_int_equal(assay_run_finding_count(run), 6);
	assay_run_free(run);
}

static void test_container_binary_package(void **state)
{
	static const char *const fixed[] = {"3.0.13-1~deb12u1"};
	static const char *const aliases[] = {"SNYK-DEBIAN12-OPENSSL-6048819"};
	assay_run *run = read_report("snyk", "container.json");
	const assay_finding *libssl = find(run, "CVE-2023-5678", "libssl3");
	const assay_finding *openssl = find(run, "CVE-2023-5678", "openssl");

	(void)state;
	assert_string_equal(libssl->pkg_version, "3.0.11-1~deb12u2");
	assert_string_equal(libssl->pkg_type, "deb");
	assert_null(libssl->pkg_path);
	/* nvdSeverity "high" is NVD's rating and is not used. */
	assert_int_equal(libssl->severity, ASSAY_SEVERITY_MEDIUM);
	assert_list(&libssl->fixed_versions, 1, fixed);
	assert_list(&libssl->aliases, 1, aliases);
	assert_string_equal(libssl->image, "registry.example.com/shop/api:1.4.2");
	assert_string_equal(openssl->pkg_version, "3.0.11-1~deb12u2");
	assay_run_free(run);
}

static void test_container_fix_states(void **state)
{
	static const char *const nearest[] = {"1.34+dfsg-1.2+deb12u1"};
	assay_run *run = read_report("snyk", "container.json");
	const assay_finding *zlib = find(run, "CVE-2023-45853", "zlib1g");
	const assay_finding *tar = find(run, "CVE-2023-39804", "tar");

	(void)state;
	assert_int_equal(zlib->severity, ASSAY_SEVERITY_CRITICAL);
	assert_int_equal(zlib->fix_state, ASSAY_FIX_NOT_FIXED);
	assert_int_equal(zlib->fixed_versions.count, 0);
	/* fixedIn null, nearestFixedInVersion set, no upgrade flags. */
	assert_int_equal(tar->fix_state, ASSAY_FIX_FIXED);
	assert_list(&tar->fixed_versions, 1, nearest);
	assay_run_free(run);
}

static void test_container_applications(void **state)
{
	static const char *const ghsa[] = {"GHSA-4374-p667-p6c8"};
	assay_run *run = read_report("snyk", "container.json");
	const assay_finding *lodash = find_at(run, "CVE-2021-23337", "lodash", "/app/package.json");
	const assay_finding *net = find_at(run, "SNYK-GOLANG-GOLANGORGXNETHTTP2-5953327",
					   "golang.org/x/net/http2", "/usr/local/bin/healthcheck");

	(void)state;
	assert_string_equal(lodash->pkg_type, "npm");
	assert_string_equal(lodash->image, "registry.example.com/shop/api:1.4.2");
	assert_int_equal(lodash->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(net->pkg_type, "gomodules");
	assert_list(&net->aliases, 1, ghsa);
	assert_string_equal(net->image, "registry.example.com/shop/api:1.4.2");
	assay_run_free(run);
}

/* ---- snyk test --all-projects --json ---- */

static void test_all_projects_keep_manifests_apart(void **state)
{
	static const char *const fixed[] = {"2.12.6.1", "2.13.2.1"};
	assay_run *run = read_report("snyk", "all-projects.json");
	const char *package = "com.fasterxml.jackson.core:jackson-databind";
	const assay_finding *api = find_at(run, "CVE-2020-36518", package, "api/pom.xml");
	const assay_finding *worker = find_at(run, "CVE-2020-36518", package, "worker/pom.xml");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 2);
	assert_int_equal(assay_run_image_count(run), 1);
	assert_string_equal(assay_run_image_at(run, 0)->name, "/build/repo");
	assert_string_equal(api->pkg_type, "maven");
	assert_list(&api->fixed_versions, 2, fixed);
	assert_string_equal(worker->image, "/build/repo");
	assay_run_free(run);
}

static void test_auto_detects_snyk(void **state)
{
	static const char *const names[] = {"project.json", "container.json", "all-projects.json"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		assay_run *run = read_report(NULL, names[i]);
		const assay_finding *f = assay_run_finding_at(run, 0);

		assert_non_null(f);
		assert_int_equal(f->scanners.count, 1);
		assert_string_equal(f->scanners.items[0], "snyk");
		assay_run_free(run);
	}
}

/* ---- Bad input ---- */

static void test_errors_name_the_problem(void **state)
{
	static const struct {
		const char *file;
		const char *message;
	} cases[] = {
	    {"package-name-number.json",
	     "vulnerabilities[1].packageName: expected a string, found a number"},
	    {"fixed-in-number.json",
	     "vulnerabilities[0].fixedIn[1]: expected a string, found a number"},
	    {"cvss-score-string.json", "[1].vulnerabilities[0].cvssDetails[0].cvssV3BaseScore: "
				       "expected a number, found a string"},
	    {"application-reference-string.json", "applications[0].vulnerabilities[0].references[0]"
						  ": expected an object, found a string"},
	    {"missing-id.json", "vulnerabilities[0].id: missing"},
	    {"epss-not-a-number.json", "vulnerabilities[0].epssDetails.probability: expected a "
				       "probability between 0 and 1, found \"high\""},
	    {"upgradable-string.json",
	     "vulnerabilities[0].isUpgradable: expected true or false, found a string"},
	    {"vulnerabilities-object.json", "vulnerabilities: expected a list, found an object"},
	    {"not-snyk.json", "not a Snyk report: expected an object with a vulnerabilities list"},
	    {"snyk-error.json", "Snyk reported an error instead of test results: \"Could not "
				"detect supported target files in /src/empty\""},
	    {"scalar.json", "not a Snyk report: expected the JSON of snyk test --json"},
	    {"array-with-string.json",
	     "not a Snyk report: [1]: expected a project object, found a string"},
	    {"sarif.json", "not a Snyk report: this is SARIF (snyk --sarif); read it with -i "
			   "sarif:FILE"},
	    {"text-output.txt", "not a Snyk report: expected the JSON of snyk test --json"},
	    {"clair-scanner.json", "not a Snyk report: a vulnerabilities list without any of "
				   "packageManager, projectName, ok or dependencyCount"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char name[256];
		char path[4096];
		assay_run *run = new_run();

		snprintf(name, sizeof(name), "bad/%s", cases[i].file);
		data_path(path, sizeof(path), name);
		assert_int_equal(assay_run_add_input(run, "snyk", path), 0);
		assert_int_equal(assay_run_read_inputs(run), ASSAY_EPARSE);
		if (!strstr(assay_run_error(run), cases[i].message)) {
			fail_msg("%s: expected the message to contain '%s', got '%s'",
				 cases[i].file, cases[i].message, assay_run_error(run));
		}
		/* The message starts with the report's path. */
		assert_non_null(strstr(assay_run_error(run), cases[i].file));
		assay_run_free(run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_project_counts_each_issue_once),
	    cmocka_unit_test(test_project_vulnerability_fields),
	    cmocka_unit_test(test_project_cvss_by_source),
	    cmocka_unit_test(test_severity_with_critical_wins),
	    cmocka_unit_test(test_snyk_id_without_cve),
	    cmocka_unit_test(test_upgradable_path_makes_fixed),
	    cmocka_unit_test(test_license_issue),
	    cmocka_unit_test(test_project_declares_folder),
	    cmocka_unit_test(test_container_image_and_os),
	    cmocka_unit_test(test_container_binary_package),
	    cmocka_unit_test(test_container_fix_states),
	    cmocka_unit_test(test_container_applications),
	    cmocka_unit_test(test_all_projects_keep_manifests_apart),
	    cmocka_unit_test(test_auto_detects_snyk),
	    cmocka_unit_test(test_errors_name_the_problem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
