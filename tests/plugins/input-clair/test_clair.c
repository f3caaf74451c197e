/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Clair input plugin through the run API, on the reports in tests/data/clair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "run.h"

#define MANIFEST "sha256:5d9f2b7c0a1e3f4d6b8a9c0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c"
#define OS_LAYER "sha256:aaaa000000000000000000000000000000000000000000000000000000000001"

/* ---- Helpers ---- */

static void data_path(char *out, size_t size, const char *name)
{
	const char *source_dir = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source_dir);
	assert_true((size_t)snprintf(out, size, "%s/tests/data/clair/%s", source_dir, name) < size);
}

static assay_run *new_run(void)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_int_equal(assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false), 0);
	return run;
}

/* Read one report of tests/data/clair; `format` NULL detects it. Fails the test on error. */
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

/* ---- Clair v4 vulnerability report ---- */

static void test_v4_counts_and_image(void **state)
{
	assay_run *run = read_report("clair", "v4.json");
	const assay_image *image = NULL;

	(void)state;
	/* Eight package-vulnerability pairs; two are the same CVE in the same package. */
	assert_int_equal(assay_run_finding_count(run), 7);
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, MANIFEST);
	assert_null(image->image_id);
	assert_string_equal(image->artifact_type, "container_image");
	assert_string_equal(image->os_family, "debian");
	assert_string_equal(image->os_name, "12");
	assay_run_free(run);
}

static void test_v4_cve_named_vulnerability(void **state)
{
	static const char *const fixed[] = {"3.0.13-1~deb12u1"};
	static const char *const urls[] = {"https://www.openssl.org/news/secadv/20231106.txt"};
	static const char *const scanners[] = {"clair"};
	assay_run *run = read_report("clair", "v4.json");
	const assay_finding *f = find(run, "CVE-2023-5678", "libssl3");

	(void)state;
	assert_int_equal(f->kind, ASSAY_KIND_VULNERABILITY);
	assert_int_equal(f->aliases.count, 0);
	assert_string_equal(f->title, "CVE-2023-5678 openssl");
	assert_int_equal(f->severity, ASSAY_SEVERITY_MEDIUM);
	/* Debian gives no word of its own, so the normalized one is kept. */
	assert_string_equal(f->raw_severity, "Medium");
	assert_string_equal(f->pkg_version, "3.0.11-1~deb12u2");
	assert_string_equal(f->pkg_type, "deb");
	assert_null(f->pkg_path);
	assert_string_equal(f->layer, OS_LAYER);
	assert_list(&f->fixed_versions, 1, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_string_equal(f->description,
			    "Generating excessively long X9.42 DH keys may be very slow.");
	assert_string_equal(f->primary_url,
			    "https://security-tracker.debian.org/tracker/CVE-2023-5678");
	assert_list(&f->urls, 1, urls);
	assert_string_equal(f->published, "2023-11-06T16:15:00Z");
	assert_string_equal(f->image, MANIFEST);
	assert_string_equal(f->target, MANIFEST);
	assert_list(&f->scanners, 1, scanners);
	assert_int_equal(f->cvss_count, 0);
	assay_run_free(run);
}

static void test_v4_advisory_named_vulnerability(void **state)
{
	static const char *const aliases[] = {"CVE-2023-5363"};
	static const char *const fixed[] = {"3.0.11-1~deb12u3 3.0.13-1~deb12u1"};
	assay_run *run = read_report("clair", "v4.json");
	const assay_finding *f = find(run, "DSA-5532-1", "libssl3");

	(void)state;
	/* The description of an advisory names the CVEs it fixes. */
	assert_list(&f->aliases, 1, aliases);
	assert_string_equal(f->title, "DSA-5532-1: openssl security update");
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "important");
	/* Several versions in one string stay one entry. */
	assert_list(&f->fixed_versions, 1, fixed);
	assert_string_equal(f->primary_url, "https://www.debian.org/security/2023/dsa-5532");
	assert_int_equal(f->urls.count, 0);
	assay_run_free(run);
}

static void test_v4_unknown_severity_from_enrichment(void **state)
{
	assay_run *run = read_report("clair", "v4.json");
	const assay_finding *f = find(run, "CVE-2023-45853", "zlib1g");

	(void)state;
	/* The name is a title; the id comes from the links. */
	assert_string_equal(f->title, "zlib: integer overflow in MiniZip (low)");
	assert_int_equal(f->aliases.count, 0);
	/* The highest of the two CVSS records. */
	assert_int_equal(f->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(f->raw_severity, "Unknown");
	assert_int_equal(f->cvss_count, 1);
	assert_string_equal(f->cvss[0].source, "nvd");
	assert_close(f->cvss[0].v3_score, 9.8);
	assert_string_equal(f->cvss[0].v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_true(f->cvss[0].v2_score < 0);
	assert_int_equal(f->fix_state, ASSAY_FIX_NOT_FIXED);
	assert_int_equal(f->fixed_versions.count, 0);
	assay_run_free(run);
}

static void test_v4_language_packages(void **state)
{
	static const char *const pyup_aliases[] = {"CVE-2023-32681"};
	static const char *const go_aliases[] = {"CVE-2023-39325"};
	static const char *const go_urls[] = {"https://nvd.nist.gov/vuln/detail/CVE-2023-39325"};
	assay_run *run = read_report("clair", "v4.json");
	const assay_finding *pyup = find(run, "pyup.io-58755", "requests");
	const assay_finding *go = find(run, "GHSA-4374-p667-p6c8", "golang.org/x/net");

	(void)state;
	assert_list(&pyup->aliases, 1, pyup_aliases);
	/* The installed version, not the vulnerability's affected range. */
	assert_string_equal(pyup->pkg_version, "2.28.1");
	assert_string_equal(pyup->pkg_type, "pypi");
	assert_string_equal(pyup->pkg_path, "usr/lib/python3/dist-packages");
	assert_int_equal(pyup->severity, ASSAY_SEVERITY_UNKNOWN);
	/* A language advisory's empty fixed_in_version does not mean no fix. */
	assert_int_equal(pyup->fix_state, ASSAY_FIX_UNKNOWN);
	/* Go's zero time is no date. */
	assert_null(pyup->published);
	assert_null(pyup->primary_url);

	assert_list(&go->aliases, 1, go_aliases);
	assert_null(go->title);
	assert_string_equal(go->pkg_type, "gomod");
	assert_string_equal(go->pkg_path, "usr/local/bin/agent");
	assert_string_equal(
	    go->layer, "sha256:cccc000000000000000000000000000000000000000000000000000000000003");
	assert_int_equal(go->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(go->raw_severity, "HIGH");
	assert_string_equal(go->primary_url, "https://github.com/advisories/GHSA-4374-p667-p6c8");
	assert_list(&go->urls, 1, go_urls);
	assert_close(go->cvss[0].v3_score, 7.5);
	assay_run_free(run);
}

static void test_v4_negligible_and_missing_severity(void **state)
{
	assay_run *run = read_report("clair", "v4.json");
	const assay_finding *glibc = find(run, "CVE-2010-4756", "libc6");
	const assay_finding *bash = find(run, "CVE-2022-3715", "bash");

	(void)state;
	assert_int_equal(glibc->severity, ASSAY_SEVERITY_LOW);
	assert_string_equal(glibc->raw_severity, "unimportant");
	/* Fixed version "0:0" is Debian's "not affected", no fix. */
	assert_int_equal(glibc->fixed_versions.count, 0);
	assert_int_equal(glibc->fix_state, ASSAY_FIX_UNKNOWN);
	assert_null(glibc->published);
	assert_int_equal(bash->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_null(bash->raw_severity);
	assert_int_equal(bash->fix_state, ASSAY_FIX_NOT_FIXED);
	assay_run_free(run);
}

/* ---- clair-scanner ---- */

static void test_clair_scanner_fields(void **state)
{
	static const char *const fixed[] = {"1.1.1f-1ubuntu2.5"};
	assay_run *run = read_report("clair", "clair-scanner.json");
	const assay_image *image = NULL;
	const assay_finding *openssl = find(run, "CVE-2021-3711", "openssl");
	const assay_finding *libc = find(run, "CVE-2016-10228", "libc6");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 3);
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "registry.example.com/team/app:2.0");
	assert_string_equal(image->os_family, "ubuntu");
	assert_string_equal(image->os_name, "20.04");

	assert_int_equal(openssl->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(openssl->raw_severity, "High");
	assert_string_equal(openssl->pkg_version, "1.1.1f-1ubuntu2.4");
	assert_string_equal(openssl->pkg_type, "deb");
	assert_list(&openssl->fixed_versions, 1, fixed);
	assert_int_equal(openssl->fix_state, ASSAY_FIX_FIXED);
	assert_string_equal(openssl->primary_url, "https://ubuntu.com/security/CVE-2021-3711");
	assert_string_equal(openssl->description,
			    "In order to decrypt SM2 encrypted data an application is expected "
			    "to call the API function EVP_PKEY_decrypt().");
	assert_string_equal(openssl->image, "registry.example.com/team/app:2.0");
	assert_null(openssl->title);

	/* Approved by the whitelist, but reported all the same. */
	assert_int_equal(libc->severity, ASSAY_SEVERITY_LOW);
	assert_string_equal(libc->raw_severity, "Negligible");
	assert_int_equal(libc->fix_state, ASSAY_FIX_NOT_FIXED);
	assay_run_free(run);
}

/* ---- klar ---- */

static void test_klar_fields(void **state)
{
	static const char *const aliases[] = {"CVE-2018-18311"};
	static const char *const fixed[] = {"4:5.16.3-294.el7_6"};
	assay_run *run = read_report("clair", "klar.json");
	const assay_finding *perl = find(run, "RHSA-2019:0109", "perl-libs");
	const assay_finding *curl = find(run, "CVE-2018-1000007", "curl");
	const assay_finding *e2fs = find(run, "CVE-2019-5094", "e2fsprogs-libs");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 3);
	/* klar names no image. */
	assert_int_equal(assay_run_image_count(run), 0);
	assert_null(perl->image);

	assert_int_equal(perl->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(perl->raw_severity, "Defcon1");
	assert_list(&perl->aliases, 1, aliases);
	assert_list(&perl->fixed_versions, 1, fixed);
	assert_string_equal(perl->pkg_version, "4:5.16.3-293.el7");
	assert_string_equal(perl->pkg_type, "rpm");
	assert_string_equal(perl->primary_url, "https://access.redhat.com/errata/RHSA-2019:0109");

	/* A CVE's description may cite other CVEs; they are no aliases. */
	assert_int_equal(curl->aliases.count, 0);
	assert_int_equal(curl->cvss_count, 1);
	assert_string_equal(curl->cvss[0].source, "nvd");
	assert_close(curl->cvss[0].v2_score, 5);
	assert_string_equal(curl->cvss[0].v2_vector, "AV:N/AC:L/Au:N/C:P/I:N/A:N");
	assert_close(curl->cvss[0].v3_score, 9.8);
	assert_int_equal(curl->fix_state, ASSAY_FIX_NOT_FIXED);

	/* No Severity of its own: the group's. */
	assert_int_equal(e2fs->severity, ASSAY_SEVERITY_MEDIUM);
	assert_string_equal(e2fs->raw_severity, "Medium");
	assay_run_free(run);
}

static void test_auto_detects_clair(void **state)
{
	static const char *const names[] = {"v4.json", "clair-scanner.json", "klar.json"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		assay_run *run = read_report(NULL, names[i]);
		const assay_finding *f = assay_run_finding_at(run, 0);

		assert_non_null(f);
		assert_int_equal(f->scanners.count, 1);
		assert_string_equal(f->scanners.items[0], "clair");
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
	    {"v4-missing-vulnerability.json",
	     "package_vulnerabilities.1[0]: vulnerability \"9\" is missing from vulnerabilities"},
	    {"v4-missing-package.json",
	     "package_vulnerabilities.1: package \"1\" is missing from packages"},
	    {"v4-fixed-number.json",
	     "vulnerabilities.9.fixed_in_version: expected a string, found a number"},
	    {"v4-vulnerability-id-number.json",
	     "package_vulnerabilities.1[1]: expected a string, found a number"},
	    {"v4-missing-name.json", "vulnerabilities.9.name: missing"},
	    {"v4-enrichment-score-string.json",
	     "enrichments[\"message/vnd.clair.map.vulnerability; enricher=clair.cvss "
	     "schema=https://csrc.nist.gov/schema/nvd/feed/1.1/cvss-v3.x.json\"][0].9[0]."
	     "baseScore: expected a number, found a string"},
	    {"v4-package-version-number.json",
	     "packages.1.version: expected a string, found a number"},
	    {"v4-environments-object.json", "environments.1: expected a list, found an object"},
	    {"index-report.json", "not a Clair report: expected package_vulnerabilities; this "
				  "looks like a Clair index report"},
	    {"scanner-version-number.json",
	     "vulnerabilities[1].featureversion: expected a string, found a number"},
	    {"scanner-unapproved-number.json", "unapproved[0]: expected a string, found a number"},
	    {"scanner-missing-id.json", "vulnerabilities[0].vulnerability: missing"},
	    {"klar-group-object.json", "Vulnerabilities.High: expected a list, found an object"},
	    {"klar-score-string.json", "Vulnerabilities.High[0].Metadata.NVD.CVSSv2.Score: "
				       "expected a number, found a string"},
	    {"not-clair.json", "not a Clair report: expected manifest_hash and "
			       "package_vulnerabilities (Clair v4)"},
	    {"list.json", "not a Clair report: expected a JSON object"},
	    {"snyk-project.json", "not a Clair report: expected manifest_hash and "},
	    {"text-output.txt", "not a Clair report: expected a JSON object"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char name[256];
		char path[4096];
		assay_run *run = new_run();

		snprintf(name, sizeof(name), "bad/%s", cases[i].file);
		data_path(path, sizeof(path), name);
		assert_int_equal(assay_run_add_input(run, "clair", path), 0);
		assert_int_equal(assay_run_read_inputs(run), ASSAY_EPARSE);
		if (!strstr(assay_run_error(run), cases[i].message)) {
			fail_msg("%s: expected the message to contain '%s', got '%s'",
				 cases[i].file, cases[i].message, assay_run_error(run));
		}
		assert_non_null(strstr(assay_run_error(run), cases[i].file));
		assay_run_free(run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_v4_counts_and_image),
	    cmocka_unit_test(test_v4_cve_named_vulnerability),
	    cmocka_unit_test(test_v4_advisory_named_vulnerability),
	    cmocka_unit_test(test_v4_unknown_severity_from_enrichment),
	    cmocka_unit_test(test_v4_language_packages),
	    cmocka_unit_test(test_v4_negligible_and_missing_severity),
	    cmocka_unit_test(test_clair_scanner_fields),
	    cmocka_unit_test(test_klar_fields),
	    cmocka_unit_test(test_auto_detects_clair),
	    cmocka_unit_test(test_errors_name_the_problem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
