/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the Trivy input plugin through the run API, on the reports in tests/data/trivy. */
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

#define IMAGE_NAME "registry.example.com/shop/api:1.4.2"
#define OS_TARGET IMAGE_NAME " (alpine 3.19.1)"
#define SECRET_TEXT "AKIAEXAMPLE7QX4TSECRET"

/* Layer digests and diff ids of the image in image-os-and-lockfiles.json. */
#define HEX32(pair)                                                                                \
	pair pair pair pair pair pair pair pair pair pair pair pair pair pair pair pair pair pair  \
	    pair pair pair pair pair pair pair pair pair pair pair pair pair pair
#define IMAGE_ID "sha256:" HEX32("a1")
#define DIFF_ID_1 "sha256:" HEX32("b2")
#define DIFF_ID_2 "sha256:" HEX32("c3")
#define DIGEST_2 "sha256:" HEX32("e5")

/* ---- Helpers ---- */

static void data_path(char *out, size_t size, const char *name)
{
	const char *source_dir = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source_dir);
	assert_true((size_t)snprintf(out, size, "%s/tests/data/trivy/%s", source_dir, name) < size);
}

static assay_run *new_run(void)
{
	assay_run *run = assay_run_new();

	assert_non_null(run);
	assert_int_equal(assay_run_load_plugin_dir(run, getenv("ASSAY_PLUGIN_DIR"), false), 0);
	return run;
}

/* Read one report of tests/data/trivy as `trivy` and expect success. */
static assay_run *read_report(const char *name)
{
	char path[4096];
	assay_run *run = new_run();

	data_path(path, sizeof(path), name);
	assert_int_equal(assay_run_add_input(run, "trivy", path), 0);
	if (assay_run_read_inputs(run) != 0) {
		fail_msg("reading %s failed: %s", name, assay_run_error(run));
	}
	return run;
}

static size_t count_kind(const assay_run *run, assay_kind kind)
{
	size_t count = 0;
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		if (assay_run_finding_at(run, i)->kind == kind) {
			count++;
		}
	}
	return count;
}

static bool same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The finding of `kind` with `id` at `place` (its pkg_path, file or target; NULL: any). */
static const assay_finding *find_at(const assay_run *run, assay_kind kind, const char *id,
				    const char *place)
{
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (f->kind != kind || strcmp(f->id, id) != 0) {
			continue;
		}
		if (place == NULL || same(f->pkg_path, place) || same(f->file, place) ||
		    same(f->target, place)) {
			return f;
		}
	}
	fail_msg("no %s finding %s at %s", assay_kind_name(kind), id, place ? place : "(any)");
	return NULL;
}

static const assay_finding *find(const assay_run *run, assay_kind kind, const char *id)
{
	return find_at(run, kind, id, NULL);
}

static size_t count_id(const assay_run *run, const char *id)
{
	size_t count = 0;
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		if (strcmp(assay_run_finding_at(run, i)->id, id) == 0) {
			count++;
		}
	}
	return count;
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

static void assert_close(double actual, double expected)
{
	if (actual < expected - 1e-9 || actual > expected + 1e-9) {
		fail_msg("expected %g, got %g", expected, actual);
	}
}

/* ---- SchemaVersion 2 image report ---- */

static void test_image_report_maps_os_vulnerability(void **state)
{
	assay_run *run = read_report("image-os-and-lockfiles.json");
	const assay_finding *f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-1001");
	const char *urls[] = {"https://example.org/advisories/libexample-2099-01",
			      "https://nvd.nist.gov/vuln/detail/CVE-2099-1001"};
	const char *cwes[] = {"CWE-787", "CWE-122"};
	const char *fixed[] = {"1.0.1-r0"};
	const char *scanners[] = {"trivy"};

	(void)state;
	assert_int_equal(f->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(f->raw_severity, "CRITICAL");
	assert_int_equal(f->aliases.count, 0);
	assert_string_equal(f->pkg_name, "libexample");
	assert_string_equal(f->pkg_version, "1.0.0-r0");
	assert_string_equal(f->pkg_type, "alpine");
	assert_string_equal(f->purl,
			    "pkg:apk/alpine/libexample@1.0.0-r0?arch=x86_64&distro=3.19.1");
	assert_null(f->pkg_path);
	assert_list(&f->fixed_versions, 1, fixed);
	assert_int_equal(f->fix_state, ASSAY_FIX_FIXED);
	assert_string_equal(f->target, OS_TARGET);
	assert_string_equal(f->image, IMAGE_NAME);
	assert_string_equal(f->layer, DIFF_ID_1);
	assert_string_equal(f->title, "libexample: heap overflow in the record parser");
	assert_string_equal(f->description, "A crafted record makes the parser of libexample write "
					    "past the end of a heap buffer.");
	assert_string_equal(f->primary_url, "https://avd.aquasec.com/nvd/cve-2099-1001");
	assert_list(&f->urls, 2, urls);
	assert_list(&f->cwes, 2, cwes);
	assert_string_equal(f->published, "2099-01-15T10:00:00Z");
	assert_list(&f->scanners, 1, scanners);
	assert_null(f->file);
	assert_int_equal(f->start_line, 0);
	assay_run_free(run);
}

static void test_image_report_maps_cvss_sources(void **state)
{
	assay_run *run = read_report("image-os-and-lockfiles.json");
	const assay_finding *f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-1001");
	const assay_cvss *nvd = find_cvss(f, "nvd");
	const assay_cvss *ghsa = find_cvss(f, "ghsa");

	(void)state;
	assert_int_equal(f->cvss_count, 2);
	assert_close(nvd->v2_score, 7.5);
	assert_string_equal(nvd->v2_vector, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
	assert_close(nvd->v3_score, 9.8);
	assert_string_equal(nvd->v3_vector, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
	assert_true(nvd->v4_score < 0);
	assert_null(nvd->v4_vector);
	assert_close(ghsa->v4_score, 9.3);
	assert_string_equal(ghsa->v4_vector,
			    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
	assert_true(ghsa->v2_score < 0);
	assert_true(ghsa->v3_score < 0);
	assert_null(ghsa->v3_vector);
	assay_run_free(run);
}

static void test_image_report_merges_repeated_entry(void **state)
{
	assay_run *run = read_report("image-os-and-lockfiles.json");
	const assay_finding *f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-1002");

	(void)state;
	assert_int_equal(count_id(run, "CVE-2099-1002"), 1);
	assert_int_equal(f->fix_state, ASSAY_FIX_NOT_FIXED);
	assert_int_equal(f->fixed_versions.count, 0);
	/* Layer with a Digest and no DiffID. */
	assert_string_equal(f->layer, DIGEST_2);
	assay_run_free(run);
}

static void test_image_report_keeps_lockfiles_apart(void **state)
{
	assay_run *run = read_report("image-os-and-lockfiles.json");
	const assay_finding *app = NULL;
	const assay_finding *tools = NULL;
	const char *fixed[] = {"1.0.5", "2.0.1"};
	const char *aliases[] = {"GHSA-9x9x-2q2q-7m7m"};

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 5);
	assert_int_equal(count_id(run, "CVE-2099-2001"), 2);
	app = find_at(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-2001", "srv/app/package-lock.json");
	tools =
	    find_at(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-2001", "srv/tools/package-lock.json");
	assert_ptr_not_equal(app, tools);
	assert_string_equal(app->pkg_path, "srv/app/package-lock.json");
	assert_string_equal(app->target, "srv/app/package-lock.json");
	assert_string_equal(tools->pkg_path, "srv/tools/package-lock.json");
	assert_string_equal(app->pkg_type, "npm");
	assert_string_equal(app->purl, "pkg:npm/left-pad-ng@1.0.0");
	assert_list(&app->fixed_versions, 2, fixed);
	assert_list(&app->aliases, 1, aliases);
	assert_int_equal(app->severity, ASSAY_SEVERITY_MEDIUM);
	assay_run_free(run);
}

static void test_image_report_keeps_pkg_path_and_ghsa_alias(void **state)
{
	assay_run *run = read_report("image-os-and-lockfiles.json");
	const assay_finding *f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-3001");
	const char *aliases[] = {"GHSA-3c3c-4d4d-5e5e"};

	(void)state;
	assert_string_equal(f->pkg_path, "opt/app/lib/parser-1.2.0.jar");
	assert_string_equal(f->target, "Java");
	assert_string_equal(f->pkg_type, "jar");
	/* RHSA-2099:0101 is an advisory that may fix several CVEs: not an alias. */
	assert_list(&f->aliases, 1, aliases);
	assert_int_equal(f->severity, ASSAY_SEVERITY_LOW);
	assay_run_free(run);
}

static void test_image_report_describes_image(void **state)
{
	assay_run *run = read_report("image-os-and-lockfiles.json");
	const assay_image *image = NULL;
	const char *tags[] = {IMAGE_NAME, "registry.example.com/shop/api:latest"};
	const char *digests[] = {"registry.example.com/shop/api@sha256:" HEX32("f6")};
	const char *diff_ids[] = {DIFF_ID_1, DIFF_ID_2};

	(void)state;
	assert_int_equal(assay_run_image_count(run), 1);
	image = find_image(run, IMAGE_NAME);
	assert_string_equal(image->image_id, IMAGE_ID);
	assert_string_equal(image->artifact_type, "container_image");
	assert_string_equal(image->os_family, "alpine");
	assert_string_equal(image->os_name, "3.19.1");
	assert_string_equal(image->created_at, "2026-11-30T09:15:02.123456789Z");
	assert_true(image->size == 7340032);
	assert_list(&image->repo_tags, 2, tags);
	assert_list(&image->repo_digests, 1, digests);
	assert_list(&image->diff_ids, 2, diff_ids);
	assert_string_equal(image->config_user, "app");
	assert_int_equal(image->has_healthcheck, 1);
	assert_int_equal(image->history_count, 3);
	assert_string_equal(image->history[0].created_by,
			    "/bin/sh -c #(nop) ADD file:0a1b2c3d in / ");
	assert_false(image->history[0].empty_layer);
	assert_true(image->history[1].empty_layer);
	assert_string_equal(image->history[2].created_by,
			    "RUN /bin/sh -c npm ci --omit=dev # buildkit");
	assert_false(image->history[2].empty_layer);
	assay_run_free(run);
}

static void test_empty_results_still_describe_image(void **state)
{
	assay_run *run = read_report("empty-results.json");
	const assay_image *image = NULL;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 0);
	assert_int_equal(assay_run_image_count(run), 1);
	image = find_image(run, "registry.example.com/base/static:2.0");
	assert_true(image->size == 2097152);
	/* A config without User runs as root; without Healthcheck it has none. */
	assert_string_equal(image->config_user, "");
	assert_int_equal(image->has_healthcheck, 0);
	assert_int_equal(image->history_count, 0);
	assay_run_free(run);
}

static void test_missing_vulnerabilities_is_empty(void **state)
{
	assay_run *run = read_report("missing-vulnerabilities.json");
	const assay_image *image = NULL;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 0);
	image = find_image(run, "registry.example.com/shop/clean:1.0");
	assert_null(image->config_user);
	assert_int_equal(image->has_healthcheck, -1);
	assert_true(image->size == -1);
	assay_run_free(run);
}

static void test_null_vulnerabilities_is_empty(void **state)
{
	assay_run *run = read_report("null-vulnerabilities.json");
	const assay_finding *f = NULL;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 1);
	f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-5001");
	assert_string_equal(f->pkg_type, "pip");
	assert_string_equal(f->pkg_path, "srv/requirements.txt");
	assay_run_free(run);
}

static void test_unknown_severity_and_unnamed_artifact(void **state)
{
	char path[4096];
	assay_run *run = read_report("unknown-severity.json");
	const assay_finding *unknown = find(run, ASSAY_KIND_VULNERABILITY, "GO-2099-0001");
	const assay_finding *missing = find(run, ASSAY_KIND_VULNERABILITY, "GO-2099-0002");
	const assay_cvss *ghsa = find_cvss(unknown, "ghsa");

	(void)state;
	assert_int_equal(unknown->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_string_equal(unknown->raw_severity, "UNKNOWN");
	assert_int_equal(missing->severity, ASSAY_SEVERITY_UNKNOWN);
	assert_null(missing->raw_severity);
	assert_int_equal(missing->fix_state, ASSAY_FIX_UNKNOWN);
	assert_true(ghsa->v3_score < 0);
	assert_string_equal(ghsa->v3_vector, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N");

	/* Without ArtifactName the report's path names the artifact. */
	data_path(path, sizeof(path), "unknown-severity.json");
	assert_string_equal(find_image(run, path)->artifact_type, "repository");
	assert_string_equal(unknown->image, path);
	assay_run_free(run);
}

/* ---- Fix states ---- */

typedef struct {
	const char *id;
	assay_fix_state state;
} fix_case;

static void test_status_maps_to_fix_state(void **state)
{
	static const fix_case cases[] = {
	    {"CVE-2099-4001", ASSAY_FIX_FIXED},	    /* fixed, no FixedVersion */
	    {"CVE-2099-4002", ASSAY_FIX_NOT_FIXED}, /* affected */
	    {"CVE-2099-4003", ASSAY_FIX_NOT_FIXED}, /* fix_deferred */
	    {"CVE-2099-4004", ASSAY_FIX_NOT_FIXED}, /* under_investigation */
	    {"CVE-2099-4005", ASSAY_FIX_WONT_FIX},  /* will_not_fix */
	    {"CVE-2099-4006", ASSAY_FIX_WONT_FIX},  /* end_of_life */
	    {"CVE-2099-4007", ASSAY_FIX_UNKNOWN},   /* not_affected */
	    {"CVE-2099-4008", ASSAY_FIX_FIXED},	    /* unknown, with FixedVersion */
	    {"CVE-2099-4009", ASSAY_FIX_UNKNOWN},   /* unknown, without */
	    {"CVE-2099-4010", ASSAY_FIX_FIXED},	    /* no Status, with FixedVersion */
	    {"CVE-2099-4011", ASSAY_FIX_UNKNOWN},   /* no Status, without */
	};
	assay_run *run = read_report("fix-states.json");
	size_t i;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), sizeof(cases) / sizeof(cases[0]));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const assay_finding *f = find(run, ASSAY_KIND_VULNERABILITY, cases[i].id);

		if (f->fix_state != cases[i].state) {
			fail_msg("%s: expected fix state %s, got %s", cases[i].id,
				 assay_fix_state_name(cases[i].state),
				 assay_fix_state_name(f->fix_state));
		}
	}
	assay_run_free(run);
}

/* ---- Misconfigurations, secrets, licenses ---- */

static void test_misconfiguration_fields(void **state)
{
	assay_run *run = read_report("misconfig-secret-license.json");
	const assay_finding *f = find(run, ASSAY_KIND_MISCONFIGURATION, "DS002");
	const assay_finding *no_lines = find(run, ASSAY_KIND_MISCONFIGURATION, "DS026");
	const char *aliases[] = {"AVD-DS-0002"};
	const char *urls[] = {
	    "https://docs.docker.com/develop/develop-images/dockerfile_best-practices/",
	    "https://avd.aquasec.com/misconfig/ds002"};

	(void)state;
	/* DS001 passed and DS005 is an exception: only the two FAIL entries are findings. */
	assert_int_equal(count_kind(run, ASSAY_KIND_MISCONFIGURATION), 2);
	assert_int_equal(count_id(run, "DS001"), 0);
	assert_int_equal(count_id(run, "DS005"), 0);
	assert_list(&f->aliases, 1, aliases);
	assert_string_equal(f->title, "Image user should not be 'root'");
	assert_string_equal(f->message, "Last USER command in Dockerfile should not be 'root'");
	assert_string_equal(f->description,
			    "Running the container as root makes a container escape worse.");
	assert_string_equal(f->resolution,
			    "Add 'USER <non root user name>' line to the Dockerfile");
	assert_int_equal(f->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(f->raw_severity, "HIGH");
	assert_string_equal(f->category, "Dockerfile Security Check");
	assert_string_equal(f->primary_url, "https://avd.aquasec.com/misconfig/ds002");
	assert_list(&f->urls, 2, urls);
	assert_string_equal(f->file, "Dockerfile");
	assert_string_equal(f->target, "Dockerfile");
	assert_int_equal(f->start_line, 9);
	assert_int_equal(f->end_line, 9);
	assert_null(f->layer);
	assert_int_equal(no_lines->start_line, 0);
	assert_int_equal(no_lines->end_line, 0);
	assert_int_equal(no_lines->severity, ASSAY_SEVERITY_LOW);
	assay_run_free(run);
}

static void test_secret_fields(void **state)
{
	assay_run *run = read_report("misconfig-secret-license.json");
	const assay_finding *first = NULL;
	const assay_finding *second = NULL;
	size_t i;

	(void)state;
	assert_int_equal(count_kind(run, ASSAY_KIND_SECRET), 2);
	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);

		if (f->kind == ASSAY_KIND_SECRET && f->start_line == 3) {
			first = f;
		} else if (f->kind == ASSAY_KIND_SECRET && f->start_line == 7) {
			second = f;
		}
	}
	assert_non_null(first);
	assert_non_null(second);
	assert_string_equal(first->id, "aws-access-key-id");
	assert_string_equal(first->category, "AWS");
	assert_string_equal(first->title, "AWS Access Key ID");
	assert_int_equal(first->severity, ASSAY_SEVERITY_CRITICAL);
	assert_string_equal(first->file, "deploy/env.sh");
	assert_string_equal(first->target, "deploy/env.sh");
	assert_int_equal(first->end_line, 3);
	assert_string_equal(first->layer, DIFF_ID_1);
	assert_null(second->layer);
	assay_run_free(run);
}

static void assert_no_secret(const char *text, const char *where)
{
	if (text != NULL && strstr(text, SECRET_TEXT) != NULL) {
		fail_msg("the secret's text was copied into %s: \"%s\"", where, text);
	}
}

static void assert_no_secret_in_list(const assay_strlist *list, const char *where)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		assert_no_secret(list->items[i], where);
	}
}

/* Trivy puts the matched secret in Match and Code.Lines: no finding string may hold it. */
static void test_secret_text_is_never_copied(void **state)
{
	assay_run *run = read_report("misconfig-secret-license.json");
	size_t i;

	(void)state;
	for (i = 0; i < assay_run_finding_count(run); i++) {
		const assay_finding *f = assay_run_finding_at(run, i);
		const char *fields[] = {
		    f->id,	 f->raw_severity, f->pkg_name,	  f->pkg_version, f->pkg_type,
		    f->purl,	 f->pkg_path,	  f->target,	  f->image,	  f->layer,
		    f->file,	 f->title,	  f->description, f->message,	  f->resolution,
		    f->category, f->primary_url,  f->published};
		size_t j;

		for (j = 0; j < sizeof(fields) / sizeof(fields[0]); j++) {
			assert_no_secret(fields[j], "a string field");
		}
		assert_no_secret_in_list(&f->aliases, "aliases");
		assert_no_secret_in_list(&f->urls, "urls");
		assert_no_secret_in_list(&f->cwes, "cwes");
		assert_no_secret_in_list(&f->fixed_versions, "fixed_versions");
	}
	assay_run_free(run);
}

static void test_license_fields(void **state)
{
	assay_run *run = read_report("misconfig-secret-license.json");
	const assay_finding *gpl = find(run, ASSAY_KIND_LICENSE, "GPL-2.0-only");
	const assay_finding *mit = find(run, ASSAY_KIND_LICENSE, "MIT");

	(void)state;
	assert_int_equal(count_kind(run, ASSAY_KIND_LICENSE), 2);
	assert_string_equal(gpl->pkg_name, "busybox");
	assert_null(gpl->file);
	assert_string_equal(gpl->category, "restricted");
	assert_int_equal(gpl->severity, ASSAY_SEVERITY_HIGH);
	assert_string_equal(gpl->raw_severity, "HIGH");
	assert_string_equal(gpl->title, "GPL-2.0-only license in busybox");
	assert_null(gpl->primary_url);
	assert_string_equal(gpl->target, "OS Packages");
	assert_null(mit->pkg_name);
	assert_string_equal(mit->file, "usr/share/doc/tool/LICENSE");
	assert_string_equal(mit->category, "notice");
	assert_string_equal(mit->title, "MIT license in usr/share/doc/tool/LICENSE");
	assert_string_equal(mit->primary_url, "https://spdx.org/licenses/MIT.html");
	assert_string_equal(mit->target, "Loose File License(s)");
	assay_run_free(run);
}

/* ---- Other layouts ---- */

/*
 * cJSON finds the first of a repeated key, and the reader must too, whether
 * it indexes the object (8 to 32 members), scans it (fewer) or falls back
 * to cJSON (more). An entry read after another must not see its keys.
 */
static void test_repeated_keys_read_first(void **state)
{
	assay_run *run = read_report("repeated-keys.json");
	const assay_finding *f = NULL;

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 4);

	f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2031-1001");
	assert_string_equal(f->title, "first title");
	assert_string_equal(f->raw_severity, "HIGH");
	assert_string_equal(f->description, "first description");
	assert_string_equal(f->layer, "sha256:" HEX32("d4"));

	f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2031-1004");
	assert_null(f->title);
	assert_string_equal(f->description, "no title here");
	assert_null(f->layer);
	assert_int_equal(f->cwes.count, 0);

	f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2031-1002");
	assert_string_equal(f->title, "first wide title");
	assert_string_equal(f->raw_severity, "CRITICAL");
	assert_string_equal(f->pkg_name, "zlib");

	f = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2031-1003");
	assert_null(f->title);
	assert_string_equal(f->raw_severity, "MEDIUM");
	assert_string_equal(f->pkg_name, "musl");
	assay_run_free(run);
}

static void test_legacy_list(void **state)
{
	char path[4096];
	assay_run *run = read_report("legacy-list.json");
	const assay_finding *os = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-6001");
	const assay_finding *no_fix = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-6002");
	const assay_finding *gem = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-6003");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 3);
	/* No Class in this layout: the OS Type decides that packages have no path. */
	assert_null(os->pkg_path);
	assert_string_equal(os->target, "shop-api (debian 10.8)");
	assert_string_equal(os->pkg_type, "debian");
	assert_int_equal(os->fix_state, ASSAY_FIX_FIXED);
	assert_string_equal(os->layer, DIFF_ID_1);
	assert_null(no_fix->layer);
	assert_int_equal(no_fix->fix_state, ASSAY_FIX_UNKNOWN);
	assert_string_equal(gem->pkg_path, "app/Gemfile.lock");
	assert_string_equal(gem->pkg_type, "bundler");

	data_path(path, sizeof(path), "legacy-list.json");
	assert_int_equal(assay_run_image_count(run), 1);
	assert_string_equal(os->image, path);
	assay_run_free(run);
}

static void test_null_and_empty_list_are_empty(void **state)
{
	const char *names[] = {"null.json", "empty-list.json"};
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assay_run *run = read_report(names[i]);

		assert_int_equal(assay_run_finding_count(run), 0);
		assert_int_equal(assay_run_image_count(run), 0);
		assay_run_free(run);
	}
}

static void test_k8s_legacy_summary(void **state)
{
	assay_run *run = read_report("k8s-cluster-summary.json");
	const assay_finding *api = NULL;
	const assay_finding *worker = NULL;
	const assay_finding *misconfig = NULL;

	(void)state;
	/* One CVE in one package version in two workloads: two findings. */
	assert_int_equal(count_kind(run, ASSAY_KIND_VULNERABILITY), 2);
	api = find_at(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-7001", "shop/Deployment/api");
	worker = find_at(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-7001", "shop/Deployment/worker");
	assert_ptr_not_equal(api, worker);
	assert_string_equal(api->target, "shop/Deployment/api");
	assert_string_equal(api->image, "shop/Deployment/api");
	assert_null(api->pkg_path);

	assert_int_equal(count_kind(run, ASSAY_KIND_MISCONFIGURATION), 1);
	misconfig = find(run, ASSAY_KIND_MISCONFIGURATION, "KSV001");
	assert_string_equal(misconfig->target, "shop/Deployment/api");
	assert_string_equal(misconfig->file, "Deployment/api");
	assert_int_equal(misconfig->start_line, 21);
	assert_int_equal(misconfig->end_line, 35);
	assert_string_equal(find_image(run, "shop/Deployment/api")->artifact_type,
			    "kubernetes_resource");
	assay_run_free(run);
}

static void test_k8s_resources(void **state)
{
	assay_run *run = read_report("k8s-resources.json");
	const assay_finding *db = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-7101");
	const assay_finding *role = find(run, ASSAY_KIND_MISCONFIGURATION, "KSV046");
	const assay_finding *web = find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-7201");
	const assay_image *db_image = NULL;
	const assay_image *role_image = NULL;
	const assay_image *web_image = NULL;
	const char *db_tags[] = {"registry.example.com/shop/db:16.2"};
	const char *web_tags[] = {"registry.example.com/shop/web:3.1",
				  "registry.example.com/mesh/proxy:1.22"};

	(void)state;
	assert_int_equal(count_kind(run, ASSAY_KIND_VULNERABILITY), 2);
	assert_int_equal(count_kind(run, ASSAY_KIND_MISCONFIGURATION), 2);
	assert_string_equal(db->target, "shop/StatefulSet/db");
	assert_string_equal(
	    find_at(run, ASSAY_KIND_MISCONFIGURATION, "KSV001", "shop/StatefulSet/db")->file,
	    "StatefulSet/db");
	/* A cluster-wide resource has no namespace. */
	assert_string_equal(role->target, "ClusterRole/admin-all");
	assert_string_equal(web->pkg_path, "srv/web/package-lock.json");

	/* Metadata that names an image describes the resource's artifact. */
	db_image = find_image(run, "shop/StatefulSet/db");
	assert_null(db_image->image_id);
	assert_string_equal(db_image->os_family, "debian");
	assert_list(&db_image->repo_tags, 1, db_tags);
	assert_string_equal(db_image->config_user, "postgres");
	/* The empty ImageConfig of a resource that runs no image is not copied. */
	role_image = find_image(run, "ClusterRole/admin-all");
	assert_null(role_image->config_user);
	assert_int_equal(role_image->has_healthcheck, -1);
	/* Metadata as a list, one entry per image of the workload. */
	web_image = find_image(run, "shop/Deployment/web");
	assert_list(&web_image->repo_tags, 2, web_tags);
	/* The resource Trivy could not scan has no results and no artifact. */
	assert_int_equal(assay_run_image_count(run), 3);
	assay_run_free(run);
}

static void test_k8s_consolidated_findings(void **state)
{
	assay_run *run = read_report("k8s-findings-summary.json");

	(void)state;
	assert_int_equal(assay_run_finding_count(run), 2);
	assert_string_equal(find(run, ASSAY_KIND_VULNERABILITY, "CVE-2099-7001")->target,
			    "shop/Deployment/api");
	assert_string_equal(find(run, ASSAY_KIND_MISCONFIGURATION, "KSV001")->target,
			    "shop/Deployment/api");
	assay_run_free(run);
}

/* ---- Invalid input ---- */

typedef struct {
	const char *file;
	const char *message; /* after "PATH: " */
} error_case;

static void test_invalid_reports(void **state)
{
	static const error_case cases[] = {
	    {"bad-severity-number.json",
	     "Results[2].Vulnerabilities[0].Severity: expected a string, found a number"},
	    {"bad-vulnerabilities-object.json",
	     "Results[0].Vulnerabilities: expected a list, found an object"},
	    {"bad-cvss-score-string.json",
	     "Results[2].Vulnerabilities[0].CVSS.nvd.V3Score: expected a number, found a string"},
	    {"bad-start-line-string.json",
	     "Results[0].Secrets[0].StartLine: expected a line number, found a string"},
	    {"bad-repo-tags-string.json", "Metadata.RepoTags: expected a list, found a string"},
	    {"bad-k8s-results-string.json",
	     "Resources[1].Results: expected a list, found a string"},
	    {"bad-schema-version-3.json",
	     "SchemaVersion 3 is not supported: this reader supports SchemaVersion 2; write the "
	     "report with a Trivy release that uses it, or update assay"},
	    {"not-trivy-grype.json",
	     "not a Trivy report: expected SchemaVersion and Results (trivy --format json), a list "
	     "of results, or ClusterName (trivy k8s), found an object with keys \"matches\", "
	     "\"source\", \"distro\"; check which scanner wrote the file and the format named for it"},
	    {"not-trivy-list.json",
	     "[0]: not a Trivy result: expected an object with Target, found "
	     "an object without Target; check which scanner wrote the file and the format named for it"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[4096];
		char expected[8192];
		assay_run *run = new_run();
		int err = 0;

		data_path(path, sizeof(path), cases[i].file);
		assert_int_equal(assay_run_add_input(run, "trivy", path), 0);
		err = assay_run_read_inputs(run);
		snprintf(expected, sizeof(expected), "%s: %s", path, cases[i].message);
		if (err != ASSAY_EPARSE || strcmp(assay_run_error(run), expected) != 0) {
			fail_msg("%s: expected code %d and \"%s\", got %d and \"%s\"",
				 cases[i].file, ASSAY_EPARSE, expected, err, assay_run_error(run));
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
	assert_true((size_t)snprintf(path, sizeof(path), "%s/input-trivy.so", plugin_dir) <
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
	assay_document not_json = {"probe.txt", "Results", 7, NULL};

	(void)state;
	assert_int_equal(probe_text(probe, "{\"SchemaVersion\": 2, \"Results\": []}"), 95);
	assert_int_equal(probe_text(probe, "{\"SchemaVersion\": 2, \"ArtifactName\": \"x\"}"), 95);
	assert_int_equal(probe_text(probe, "{\"ClusterName\": \"c\", \"Resources\": []}"), 95);
	assert_int_equal(probe_text(probe, "{\"ClusterName\": \"c\", \"Vulnerabilities\": []}"),
			 95);
	assert_int_equal(probe_text(probe, "{\"ClusterName\": \"c\", \"Findings\": []}"), 95);
	assert_int_equal(probe_text(probe, "{\"ArtifactName\": \"x\", \"Results\": []}"), 70);
	assert_int_equal(
	    probe_text(probe,
		       "[{\"Target\": \"t\", \"Type\": \"npm\", \"Vulnerabilities\": null}]"),
	    60);
	assert_int_equal(probe_text(probe, "null"), 10);
	assert_int_equal(probe_text(probe, "[]"), 10);
	assert_int_equal(probe_text(probe, "{\"matches\": [], \"source\": {}}"), 0);
	assert_int_equal(probe_text(probe, "[{\"code\": \"DL3008\", \"level\": \"info\"}]"), 0);
	assert_int_equal(probe_text(probe, "{\"SchemaVersion\": 2}"), 0);
	assert_int_equal(probe_text(probe, "42"), 0);
	assert_int_equal(probe(&not_json), 0);
	dlclose(handle);
}

/* Auto detection picks trivy for its reports, the empty ones included. */
static void test_auto_detection(void **state)
{
	const char *names[] = {"image-os-and-lockfiles.json", "legacy-list.json",
			       "k8s-cluster-summary.json", "null.json", "empty-list.json"};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[4096];
		assay_run *run = new_run();

		data_path(path, sizeof(path), names[i]);
		assert_int_equal(assay_run_add_input(run, NULL, path), 0);
		if (assay_run_read_inputs(run) != 0) {
			fail_msg("%s: %s", names[i], assay_run_error(run));
		}
		if (assay_run_finding_count(run) > 0) {
			assert_string_equal(assay_run_finding_at(run, 0)->scanners.items[0],
					    "trivy");
		}
		assay_run_free(run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_image_report_maps_os_vulnerability),
	    cmocka_unit_test(test_image_report_maps_cvss_sources),
	    cmocka_unit_test(test_image_report_merges_repeated_entry),
	    cmocka_unit_test(test_image_report_keeps_lockfiles_apart),
	    cmocka_unit_test(test_image_report_keeps_pkg_path_and_ghsa_alias),
	    cmocka_unit_test(test_image_report_describes_image),
	    cmocka_unit_test(test_empty_results_still_describe_image),
	    cmocka_unit_test(test_missing_vulnerabilities_is_empty),
	    cmocka_unit_test(test_null_vulnerabilities_is_empty),
	    cmocka_unit_test(test_unknown_severity_and_unnamed_artifact),
	    cmocka_unit_test(test_status_maps_to_fix_state),
	    cmocka_unit_test(test_misconfiguration_fields),
	    cmocka_unit_test(test_secret_fields),
	    cmocka_unit_test(test_secret_text_is_never_copied),
	    cmocka_unit_test(test_license_fields),
	    cmocka_unit_test(test_repeated_keys_read_first),
	    cmocka_unit_test(test_legacy_list),
	    cmocka_unit_test(test_null_and_empty_list_are_empty),
	    cmocka_unit_test(test_k8s_legacy_summary),
	    cmocka_unit_test(test_k8s_resources),
	    cmocka_unit_test(test_k8s_consolidated_findings),
	    cmocka_unit_test(test_invalid_reports),
	    cmocka_unit_test(test_probe_scores),
	    cmocka_unit_test(test_auto_detection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
