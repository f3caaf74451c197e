/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Grype input plugin through the run API, on the reports in tests/data/grype. */
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
	assert_true((size_t)snprintf(out, size, "%s/tests/data/grype/%s", source_dir, name) < size);
}

static assay_run *new_run(void)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_int_equal(assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false), 0);
	return run;
}

/* Read one report of tests/data/grype with an explicit format and expect success. */
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

/* Read a report at `path` and return the error code; the message stays on the run. */
static int read_error(assay_run *run, const char *path)
{
	assert_int_equal(assay_run_add_input(run, "grype", path), 0);
	return assay_run_read_inputs(run);
}

static const assay_finding *find(const assay_run *run, const char *id, const char *package)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (strcmp(f->id, id) == 0 && f->pkg_name != NULL &&
		    strcmp(f->pkg_name, package) == 0) {
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

/* Write `json` to a new temporary file whose path goes to `out`. */
static void write_temp(char *out, size_t size, const char *json)
{
	const char *dir = getenv("TMPDIR");
	FILE *file = NULL;
	int fd = -1;

	assert_true((size_t)snprintf(out, size, "%s/assay-grype-XXXXXX", dir ? dir : "/tmp") <
		    size);
	fd = mkstemp(out);
	assert_true(fd >= 0);
	file = fdopen(fd, "w");
	assert_non_null(file);
	assert_true(fputs(json, file) >= 0);
	assert_int_equal(fclose(file), 0);
}

/* ---- A modern image report: every mapped field ---- */

static void test_image_report_merges_repeated_match(void **state)
{
	assay_run *run = read_report("grype", "image-all-fields.json");

	(void)state;
	/* Six matches, the last repeating the first: five findings. */
	assert_int_equal(assay_run_finding_count(run), 5);
	assay_run_free(run);
}

static void test_image_vulnerability_fields(void **state)
{
	static const char *const urls[] = {
	    "https://security-tracker.debian.org/tracker/CVE-2099-1001",
	    "https://example.org/advisories/2099-1001"};
	static const char *const fixed[] = {"1.2.3-2"};
	static const char *const cwes[] = {"CWE-787", "CWE-122"};
	static const char *const scanners[] = {"grype"};
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_finding *f = find(run, "CVE-2099-1001", "libexample1");

	(void)state;
	assert_int_equal(f->kind, ASSAY_KIND_VULNERABILITY);
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "High");
	/* The related record has the same id, so it is no alias. */
	assert_int_equal(f->aliases.count, 0);
	assert_string_equal(f->pkg_version, "1.2.3-1");
	assert_string_equal(f->pkg_type, "deb");
	assert_string_equal(f->purl,
			    "pkg:deb/debian/libexample1@1.2.3-1?arch=amd64&distro=debian-12");
	/* An OS package gets no package path, so it merges with Trivy's view. */
	assert_null(f->pkg_path);
	assert_string_equal(
	    f->layer, "sha256:1111111111111111111111111111111111111111111111111111111111111111");
	assert_list(&f->fixed_versions, 1, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_string_equal(f->description,
			    "A heap overflow in libexample lets a remote peer run code.");
	assert_string_equal(f->primary_url,
			    "https://security-tracker.debian.org/tracker/CVE-2099-1001");
	assert_list(&f->urls, 2, urls);
	assert_list(&f->cwes, 2, cwes);
	assert_int_equal(f->known_exploited, 1);
	assert_close(f->epss, 0.4321);
	assert_close(f->epss_percentile, 0.9876);
	assert_string_equal(f->target, "registry.example.com/team/app:1.4");
	assert_string_equal(f->image, "registry.example.com/team/app:1.4");
	assert_list(&f->scanners, 1, scanners);
	assert_null(f->title);
	assay_run_free(run);
}

static void test_image_cvss_by_source(void **state)
{
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_finding *f = find(run, "CVE-2099-1001", "libexample1");
	const assay_cvss *nvd = find_cvss(f, "nvd@nist.gov");
	const assay_cvss *vendor = find_cvss(f, "security@example.org");

	(void)state;
	assert_int_equal(f->cvss_count, 2);
	/* The vulnerability's own 3.1 entry wins over the related record's. */
	assert_close(nvd->v3_score, 9.8);
	assert_string_equal(nvd->v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_close(nvd->v2_score, 7.5);
	assert_string_equal(nvd->v2_vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
	assert_true(nvd->v4_score < 0);
	assert_null(nvd->v4_vector);
	assert_close(vendor->v4_score, 9.3);
	assert_string_equal(vendor->v4_vector,
			    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
	assert_true(vendor->v3_score < 0);
	assert_true(vendor->v2_score < 0);
	assay_run_free(run);
}

static void test_related_vulnerability_fills_gaps(void **state)
{
	static const char *const aliases[] = {"CVE-2099-2002"};
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_finding *f = find(run, "GHSA-aaaa-bbbb-cccc", "examplelib");
	const assay_cvss *nvd = NULL;

	(void)state;
	assert_int_equal(f->severity, ASSAY_SEVERITY_MEDIUM);
	assert_list(&f->aliases, 1, aliases);
	assert_string_equal(f->description,
			    "examplelib accepts crafted archives that escape the target folder.");
	assert_string_equal(f->primary_url, "https://nvd.nist.gov/vuln/detail/CVE-2099-2002");
	/* Only the vulnerability's own urls are kept. */
	assert_int_equal(f->urls.count, 0);
	assert_int_equal(f->cvss_count, 1);
	nvd = find_cvss(f, "nvd@nist.gov");
	assert_close(nvd->v3_score, 6.5);
	/* An empty knownExploited list means not exploited; EPSS comes from the CVE. */
	assert_int_equal(f->known_exploited, 0);
	assert_close(f->epss, 0.0012);
	assert_close(f->epss_percentile, 0.25);
	assert_int_equal(f->fix_state, ASSAY_FIX_NOT_FIXED);
	assert_int_equal(f->fixed_versions.count, 0);
	assert_string_equal(f->pkg_type, "python");
	assert_string_equal(f->pkg_path,
			    "usr/lib/python3/site-packages/examplelib-2.0.0.dist-info/METADATA");
	assert_string_equal(
	    f->layer, "sha256:3333333333333333333333333333333333333333333333333333333333333333");
	assay_run_free(run);
}

static void test_negligible_is_low(void **state)
{
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_finding *f = find(run, "CVE-2099-3003", "example-shell");

	(void)state;
	assert_int_equal(f->severity, ASSAY_SEVERITY_LOW);
	assert_string_equal(f->raw_severity, "Negligible");
	assert_int_equal(f->fix_state, ASSAY_FIX_WONT_FIX);
	/* Neither knownExploited nor epss: unknown. */
	assert_int_equal(f->known_exploited, -1);
	assert_true(f->epss < 0);
	assert_true(f->epss_percentile < 0);
	assert_int_equal(f->cvss_count, 0);
	assay_run_free(run);
}

static void test_missing_severity_is_unknown(void **state)
{
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_finding *f = find(run, "CVE-2099-4004", "example-server");

	(void)state;
	assert_int_equal(f->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_null(f->raw_severity);
	assert_int_equal(f->fix_state, ASSAY_FIX_UNKNOWN);
	assert_string_equal(f->pkg_type, "java-archive");
	assert_string_equal(f->pkg_path, "opt/app/lib/example-server-0.9.1.jar");
	assay_run_free(run);
}

static void test_empty_state_with_versions_is_fixed(void **state)
{
	static const char *const fixed[] = {"3.0.1-r0", "3.1.0-r0"};
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_finding *f = find(run, "CVE-2099-5005", "example-tools");

	(void)state;
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_list(&f->fixed_versions, 2, fixed);
	/* Empty strings read as absent. */
	assert_null(f->purl);
	assert_null(f->primary_url);
	assert_null(f->pkg_path);
	assert_int_equal(f->aliases.count, 0);
	assay_run_free(run);
}

static void test_image_declared_with_metadata(void **state)
{
	static const char *const tags[] = {"registry.example.com/team/app:1.4",
					   "registry.example.com/team/app:latest"};
	static const char *const digests[] = {
	    "registry.example.com/team/app@sha256:"
	    "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"};
	static const char *const diff_ids[] = {
	    "sha256:1111111111111111111111111111111111111111111111111111111111111111",
	    "sha256:2222222222222222222222222222222222222222222222222222222222222222",
	    "sha256:3333333333333333333333333333333333333333333333333333333333333333"};
	assay_run *run = read_report("grype", "image-all-fields.json");
	const assay_image *image = NULL;

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "registry.example.com/team/app:1.4");
	assert_string_equal(
	    image->image_id,
	    "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_string_equal(image->artifact_type, "container_image");
	assert_string_equal(image->os_family, "debian");
	assert_string_equal(image->os_name, "12");
	assert_string_equal(image->created_at, "2099-03-02T10:20:30.123456789Z");
	assert_int_equal(image->size, 123456789);
	assert_list(&image->repo_tags, 2, tags);
	assert_list(&image->repo_digests, 1, digests);
	assert_list(&image->diff_ids, 3, diff_ids);
	assay_run_free(run);
}

/* ---- Other report shapes ---- */

static void test_directory_source(void **state)
{
	assay_run *run = read_report("grype", "directory.json");
	const assay_image *image = NULL;
	const assay_finding *f = NULL;
	const assay_cvss *cvss = NULL;

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "/work/src");
	assert_null(image->image_id);
	assert_string_equal(image->artifact_type, "filesystem");
	/* distro.name and version are empty for a directory. */
	assert_null(image->os_family);
	assert_null(image->os_name);
	assert_int_equal(image->diff_ids.count, 0);

	assert_int_equal(assay_run_finding_count(run), 2);
	f = find(run, "CVE-2099-6006", "left-trim");
	assert_int_equal(f->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(f->target, "/work/src");
	assert_string_equal(f->pkg_path, "web/package-lock.json");
	assert_null(f->layer);
	assert_int_equal(f->fix_state, ASSAY_FIX_UNKNOWN);
	/* CVSS entries without a source are credited to the record's namespace. */
	assert_int_equal(f->cvss_count, 1);
	cvss = find_cvss(f, "nvd:cpe");
	assert_close(cvss->v3_score, 9.8);
	assert_close(cvss->v2_score, 7.5);

	f = find(run, "CVE-2099-7007", "unversioned-helper");
	assert_int_equal(f->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_string_equal(f->raw_severity, "Unknown");
	assert_null(f->pkg_version);
	assert_null(f->pkg_path);
	/* Neither a source nor a namespace: credited to grype. */
	cvss = find_cvss(f, "grype");
	assert_close(cvss->v3_score, 3.3);
	assert_string_equal(cvss->v3_vector, "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N");
	assay_run_free(run);
}

static void test_legacy_release_fields(void **state)
{
	static const char *const links[] = {
	    "https://security-tracker.debian.org/tracker/CVE-2098-0101"};
	static const char *const fixed[] = {"2.1-3+deb10u1"};
	assay_run *run = read_report("grype", "legacy-v0.7.json");
	const assay_image *image = NULL;
	const assay_finding *f = find(run, "CVE-2098-0101", "examplezip");
	const assay_cvss *cvss = find_cvss(f, "grype");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 2);
	assert_int_equal(f->severity, ASSAY_SEVERITY_MEDIUM);
	assert_list(&f->urls, 1, links);
	assert_list(&f->fixed_versions, 1, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_close(cvss->v2_score, 6.8);
	assert_string_equal(cvss->v2_vector, "AV:N/AC:M/Au:N/C:P/I:P/A:P");
	assert_close(cvss->v3_score, 7.8);
	assert_string_equal(cvss->v3_vector, "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H");
	assert_null(f->pkg_path);
	assert_string_equal(
	    f->layer, "sha256:4444444444444444444444444444444444444444444444444444444444444444");

	f = find(run, "CVE-2098-0202", "examplepy");
	assert_int_equal(f->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_int_equal(f->fix_state, ASSAY_FIX_UNKNOWN);
	assert_int_equal(f->fixed_versions.count, 0);
	assert_string_equal(
	    f->pkg_path, "usr/local/lib/python3.7/site-packages/examplepy-1.4.dist-info/METADATA");

	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "example/legacy:1.0");
	assert_int_equal(image->size, 98765432);
	assert_string_equal(image->os_family, "debian");
	assert_string_equal(image->os_name, "10");
	assert_null(image->created_at);
	assert_int_equal(image->diff_ids.count, 2);
	assay_run_free(run);
}

static void test_bare_array_of_matches(void **state)
{
	static const char *const fixed[] = {"1.0.2"};
	assay_run *run = read_report("grype", "bare-array.json");
	const assay_finding *f = find(run, "CVE-2097-0001", "example-old");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 1);
	assert_int_equal(assay_run_image_count(run), 0);
	assert_null(f->target);
	assert_int_equal(f->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_list(&f->fixed_versions, 1, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_close(find_cvss(f, "grype")->v3_score, 4);
	assay_run_free(run);
}

static void test_empty_matches_declare_image_only(void **state)
{
	assay_run *run = read_report("grype", "empty-matches.json");
	const assay_image *image = NULL;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 0);
	assert_int_equal(assay_run_image_count(run), 1);
	image = assay_run_image_at(run, 0);
	assert_string_equal(image->name, "example/clean:2.0");
	assert_string_equal(image->os_family, "alpine");
	assert_string_equal(image->os_name, "3.20.1");
	assert_int_equal(image->size, 4096);
	/* An empty timestamp reads as absent. */
	assert_null(image->created_at);
	assay_run_free(run);
}

static void test_nulls_read_as_absent(void **state)
{
	char path[4096];
	assay_run *run = new_run();
	const assay_finding *f = NULL;

	(void)state;
	write_temp(
	    path, sizeof(path),
	    "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-2099-9001\", \"severity\": null,"
	    " \"fix\": null, \"cvss\": null, \"knownExploited\": null, \"epss\": null},"
	    " \"relatedVulnerabilities\": null,"
	    " \"artifact\": {\"name\": \"nullish\", \"version\": null, \"locations\": null}}],"
	    " \"source\": null, \"distro\": null, \"descriptor\": {\"name\": \"grype\"}}");
	assert_int_equal(read_error(run, path), 0);
	unlink(path);
	assert_int_equal(assay_run_finding_count(run), 1);
	f = assay_run_finding_at(run, 0);
	assert_string_equal(f->id, "CVE-2099-9001");
	assert_int_equal(f->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_null(f->pkg_version);
	assert_int_equal(f->known_exploited, -1);
	assert_int_equal(assay_run_image_count(run), 0);
	assay_run_free(run);
}

static void test_auto_detects_grype(void **state)
{
	assay_run *run = read_report(NULL, "image-all-fields.json");
	const assay_finding *f = find(run, "CVE-2099-1001", "libexample1");

	(void)state;
	assert_int_equal(f->scanners.count, 1);
	assert_string_equal(f->scanners.items[0], "grype");
	assay_run_free(run);
}

/* ---- Errors ---- */

typedef struct {
	const char *file;    /* in tests/data/grype, or NULL to use `json` */
	const char *json;    /* written to a temporary file */
	const char *message; /* expected after "PATH: " */
} error_case;

static const error_case error_cases[] = {
    {"bad-version-number.json", NULL,
     "matches[1].artifact.version: expected a string, found a number"},
    {"bad-matches-object.json", NULL, "matches: expected an array, found an object"},
    {"bad-missing-id.json", NULL,
     "matches[0].vulnerability.id: missing; expected the vulnerability id, such as "
     "\"CVE-2024-1234\""},
    {"bad-cvss-score-string.json", NULL,
     "matches[0].vulnerability.cvss[1].metrics.baseScore: expected a number, found a string"},
    {"bad-related-string.json", NULL,
     "matches[0].relatedVulnerabilities[0]: expected an object, found a string"},
    {"not-grype-trivy.json", NULL,
     "not a Grype report: no \"matches\", \"source\" or \"descriptor\" member found; run "
     "grype with -o json"},
    {"not-grype-syft.json", NULL,
     "not a Grype report: descriptor.name is \"syft\", expected \"grype\""},
    /* A bare JSON string is not a report: the core passes it on as text. */
    {NULL, "\"grype\"",
     "not a Grype report: the file is not JSON; run grype with -o json"},
    {NULL, "[{\"line\": 1, \"code\": \"DL3006\"}]",
     "not a Grype report: the top-level array holds objects without \"vulnerability\" and "
     "\"artifact\"; run grype with -o json"},
    {NULL, "{\"matches\": [{\"artifact\": {\"name\": \"p\"}}]}",
     "matches[0].vulnerability: missing; expected an object with the vulnerability id"},
    {NULL, "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\"}}]}",
     "matches[0].artifact: missing; expected an object with the package name"},
    {NULL, "{\"matches\": [7]}", "matches[0]: expected an object, found a number"},
    {NULL,
     "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\", \"epss\": [{\"epss\": 1.5}]},"
     " \"artifact\": {\"name\": \"p\"}}]}",
     "matches[0].vulnerability.epss[0].epss: expected a probability from 0 to 1, found 1.5"},
    {NULL,
     "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\", \"knownExploited\": {}},"
     " \"artifact\": {\"name\": \"p\"}}]}",
     "matches[0].vulnerability.knownExploited: expected an array, found an object"},
    {NULL,
     "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\", \"fix\": {\"versions\": [1]}},"
     " \"artifact\": {\"name\": \"p\"}}]}",
     "matches[0].vulnerability.fix.versions[0]: expected a string, found a number"},
    {NULL,
     "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\", \"cvss\": [{\"version\": \"3.1\","
     " \"metrics\": {\"baseScore\": 11}}]}, \"artifact\": {\"name\": \"p\"}}]}",
     "matches[0].vulnerability.cvss[0].metrics.baseScore: expected a CVSS score from 0 to 10, "
     "found 11"},
    {NULL,
     "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\", \"cwes\": [true]},"
     " \"artifact\": {\"name\": \"p\"}}]}",
     "matches[0].vulnerability.cwes[0]: expected a string or an object, found a boolean"},
    {NULL,
     "{\"matches\": [{\"vulnerability\": {\"id\": \"CVE-1\"}, \"artifact\": {\"name\": \"p\","
     " \"locations\": [{\"path\": 5}]}}]}",
     "matches[0].artifact.locations[0].path: expected a string, found a number"},
    {NULL,
     "{\"matches\": [], \"source\": {\"type\": \"image\", \"target\": {\"userInput\": \"a:1\","
     " \"imageSize\": -1}}}",
     "source.target.imageSize: expected a size in bytes (a whole number from 0 to 2^53), "
     "found -1"},
    {NULL,
     "{\"matches\": [], \"source\": {\"type\": \"image\", \"target\": {\"userInput\": \"a:1\","
     " \"layers\": [{\"digest\": \"sha256:1\"}, \"sha256:2\"]}}}",
     "source.target.layers[1]: expected an object, found a string"},
    {NULL, "{\"matches\": [], \"source\": {\"type\": \"directory\", \"target\": 3}}",
     "source.target: expected a string or an object, found a number"},
    {NULL, "{\"matches\": [], \"source\": {\"type\": \"image\", \"target\": {\"tags\": [1]}}}",
     "source.target.tags[0]: expected a string, found a number"},
    {NULL, "{\"matches\": [], \"source\": {\"type\": \"image\"}, \"distro\": {\"name\": 1}}",
     "distro.name: expected a string, found a number"},
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
		err = read_error(run, path);
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
	assert_true((size_t)snprintf(path, sizeof(path), "%s/input-grype.so", plugin_dir) <
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
	assay_document not_json = {"probe.txt", "matches", 7, NULL};

	(void)state;
	assert_int_equal(
	    probe_text(probe, "{\"matches\": [], \"descriptor\": {\"name\": \"grype\"}}"), 100);
	assert_int_equal(probe_text(probe, "{\"matches\": [], \"source\": null}"), 90);
	assert_int_equal(
	    probe_text(probe, "[{\"vulnerability\": {\"id\": \"CVE-1\"}, \"artifact\": {}}]"), 80);
	assert_int_equal(probe_text(probe, "{\"matches\": []}"), 0);
	assert_int_equal(probe_text(probe, "{\"matches\": {}, \"source\": {}}"), 0);
	assert_int_equal(probe_text(probe, "{\"SchemaVersion\": 2, \"Results\": []}"), 0);
	assert_int_equal(probe_text(probe, "[]"), 0);
	assert_int_equal(probe_text(probe, "[{\"code\": \"DL3008\", \"level\": \"info\"}]"), 0);
	assert_int_equal(probe(&not_json), 0);
	dlclose(handle);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_image_report_merges_repeated_match),
	    cmocka_unit_test(test_image_vulnerability_fields),
	    cmocka_unit_test(test_image_cvss_by_source),
	    cmocka_unit_test(test_related_vulnerability_fills_gaps),
	    cmocka_unit_test(test_negligible_is_low),
	    cmocka_unit_test(test_missing_severity_is_unknown),
	    cmocka_unit_test(test_empty_state_with_versions_is_fixed),
	    cmocka_unit_test(test_image_declared_with_metadata),
	    cmocka_unit_test(test_directory_source),
	    cmocka_unit_test(test_legacy_release_fields),
	    cmocka_unit_test(test_bare_array_of_matches),
	    cmocka_unit_test(test_empty_matches_declare_image_only),
	    cmocka_unit_test(test_nulls_read_as_absent),
	    cmocka_unit_test(test_auto_detects_grype),
	    cmocka_unit_test(test_errors_name_the_json_path),
	    cmocka_unit_test(test_probe_scores),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
