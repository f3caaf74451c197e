/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the recommendations analyzer: the version comparator and each rule with the numbers it
 * cites. */
#include <limits.h>
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
#include "recommendations.c"
#include "upgrades.c"
#include "version.c"

#define LEGACY "registry.example.com/shop/legacy:5.2"

/* ---- The version comparator ---- */

typedef struct {
	const char *a;
	const char *b;
	int order; /* -1, 0 or 1 */
} version_case;

static void check_versions(const version_case *cases, size_t count, version_scheme scheme)
{
	size_t i;

	for (i = 0; i < count; i++) {
		int order = 99;
		int reverse = 99;

		if (version_compare(cases[i].a, cases[i].b, scheme, &order) != 0) {
			fail_msg("%s and %s could not be compared", cases[i].a, cases[i].b);
		}
		assert_int_equal(version_compare(cases[i].b, cases[i].a, scheme, &reverse), 0);
		if (sign(order) != cases[i].order || sign(reverse) != -cases[i].order) {
			fail_msg("%s vs %s: got %d and %d, expected %d", cases[i].a, cases[i].b,
				 order, reverse, cases[i].order);
		}
	}
}

static void dpkg_versions_order(void **state)
{
	static const version_case cases[] = {
	    {"1.0-1", "1.0-1", 0},
	    {"1.0-1", "1.0-2", -1},
	    {"1.1.1n-0+deb11u4", "1.1.1w-0+deb11u1", -1},
	    {"1.1.1w-0+deb11u1", "1.1.1w-0+deb11u2", -1},
	    {"2.36-9+deb12u3", "2.36-9+deb12u10", -1},
	    {"1.0~rc1-1", "1.0-1", -1},
	    {"1.0~~", "1.0~", -1},
	    {"1.0a", "1.0", 1},
	    {"1.0a", "1.0+", -1},
	    {"1:0.9", "2.0", 1},
	    {"0:2.0", "2.0", 0},
	    {"1.2.13.dfsg-1", "1.2.13-1", 1},
	    {"7.74.0-1.3+deb11u7", "7.74.0-1.3+deb11u11", -1},
	    {"010", "10", 0},
	    {"1.36.1-r15", "1.36.1-r16", -1},
	};

	(void)state;
	check_versions(cases, sizeof(cases) / sizeof(cases[0]), VERSION_DPKG);
}

static void generic_versions_order(void **state)
{
	static const version_case cases[] = {
	    {"1.26.17", "1.26.18", -1},
	    {"1.26.18", "2.0.7", -1},
	    {"1.2.10", "1.2.9", 1},
	    {"v1.2.3", "1.2.3", 0},
	    {"1.0", "1.0.0", 0},
	    {"1.0", "1.0.1", -1},
	    {"1.0rc1", "1.0", -1},
	    {"1.0.0-alpha", "1.0.0-beta", -1},
	    {"1.0.0-beta.2", "1.0.0-beta.11", -1},
	    {"1.0.0-rc.1", "1.0.0", -1},
	    {"1.0.dev1", "1.0a1", -1},
	    {"1.0.post1", "1.0", 1},
	    {"1.0.post1", "1.0.1", -1},
	    {"1.0.0+build.5", "1.0.0", 0},
	    {"2.0.0.Final", "2.0.0", 0},
	    {"42.0.2", "41.0.4", 1},
	};

	(void)state;
	check_versions(cases, sizeof(cases) / sizeof(cases[0]), VERSION_GENERIC);
}

static void unordered_versions_are_reported(void **state)
{
	static const char *const invalid[][2] = {
	    {"future-release", "1.0-1"},
	    {"1.0", ""},
	    {"master", "1.0"},
	    {"x:1.0", "1.0"},
	};
	size_t i;
	int order = 7;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		assert_int_equal(
		    version_compare(invalid[i][0], invalid[i][1], VERSION_DPKG, &order), -1);
		assert_int_equal(
		    version_compare(invalid[i][1], invalid[i][0], VERSION_GENERIC, &order), -1);
	}
	assert_int_equal(version_compare(NULL, "1.0", VERSION_GENERIC, &order), -1);
	assert_int_equal(order, 7);
}

static void range_operators_are_skipped(void **state)
{
	(void)state;
	assert_string_equal(version_strip_operator(">=4.17.11"), "4.17.11");
	assert_string_equal(version_strip_operator("^1.2.3"), "1.2.3");
	assert_string_equal(version_strip_operator("= 2.0"), "2.0");
	assert_string_equal(version_strip_operator("1.0-1"), "1.0-1");
	assert_string_equal(version_strip_operator(""), "");
}

static void root_users(void **state)
{
	(void)state;
	assert_true(is_root_user(""));
	assert_true(is_root_user("root"));
	assert_true(is_root_user("0"));
	assert_true(is_root_user("0:0"));
	assert_true(is_root_user("root:wheel"));
	assert_false(is_root_user("1000"));
	assert_false(is_root_user("nobody"));
	assert_false(is_root_user("rooted"));
	assert_false(is_root_user(NULL));
}

/* ---- Runs ---- */

/* Half of PATH_MAX leaves room for the file names appended to it. */
static char temp_dir[PATH_MAX / 2];

static int make_temp_dir(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(temp_dir, sizeof(temp_dir), "%s/assay-recommend-XXXXXX",
		 tmp != NULL ? tmp : "/tmp");
	return mkdtemp(temp_dir) != NULL ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
	char command[PATH_MAX + 16];

	(void)state;
	snprintf(command, sizeof(command), "rm -rf '%s'", temp_dir);
	return system(command) == 0 ? 0 : -1;
}

static void load_plugin(assay_run *run, const char *file)
{
	const char *dir = getenv("ASSAY_PLUGIN_DIR");
	char path[PATH_MAX];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (assay_run_load_plugin(run, path) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static const char *data_path(char *out, size_t size, const char *name)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source);
	snprintf(out, size, "%s/%s", source, name);
	return out;
}

/* A run of "FORMAT:PATH" reports (NULL-terminated, PATH under the source tree), not yet analyzed.
 */
static assay_run *new_run(const char *const *reports)
{
	assay_run *run = assay_run_new();
	char path[PATH_MAX];
	size_t i;

	assert_non_null(run);
	load_plugin(run, "input-trivy.so");
	load_plugin(run, "input-grype.so");
	load_plugin(run, "input-hadolint.so");
	load_plugin(run, "analyzer-ignore.so");
	load_plugin(run, "analyzer-quantum.so");
	load_plugin(run, "analyzer-recommendations.so");
	for (i = 0; reports[i] != NULL; i++) {
		const char *colon = strchr(reports[i], ':');
		char format[32];

		assert_non_null(colon);
		snprintf(format, sizeof(format), "%.*s", (int)(colon - reports[i]), reports[i]);
		assert_int_equal(
		    assay_run_add_input(run, format, data_path(path, sizeof(path), colon + 1)), 0);
	}
	return run;
}

static void analyze(assay_run *run)
{
	if (assay_run_read_inputs(run) != 0 || assay_run_analyze(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

static size_t rec_count(assay_run *run)
{
	assay_ctx ctx = {.run = run};

	return assay_recommendation_count(&ctx);
}

static const assay_recommendation *rec_at(assay_run *run, size_t index)
{
	assay_ctx ctx = {.run = run};
	const assay_recommendation *rec = assay_recommendation_at(&ctx, index);

	assert_non_null(rec);
	return rec;
}

/* The `nth` recommendation (from 0) of a category, or NULL. */
static const assay_recommendation *find_rec(assay_run *run, const char *category, size_t nth)
{
	size_t i;

	for (i = 0; i < rec_count(run); i++) {
		const assay_recommendation *rec = rec_at(run, i);

		if (strcmp(rec->category, category) == 0 && nth-- == 0) {
			return rec;
		}
	}
	return NULL;
}

static size_t category_count(assay_run *run, const char *category)
{
	size_t count = 0;
	size_t i;

	for (i = 0; i < rec_count(run); i++) {
		count += strcmp(rec_at(run, i)->category, category) == 0 ? 1 : 0;
	}
	return count;
}

static void assert_rec(const assay_recommendation *rec, const char *priority, const char *text,
		       const char *rationale)
{
	assert_non_null(rec);
	assert_string_equal(rec->priority, priority);
	assert_string_equal(rec->text, text);
	assert_string_equal(rec->rationale, rationale);
}

static const char *const legacy_reports[] = {
    "trivy:tests/data/recommendations/trivy-legacy.json",
    "trivy:tests/data/recommendations/trivy-slim.json",
    "hadolint:tests/data/recommendations/hadolint-root.json", NULL};

/* The legacy, slim and hadolint reports, with the test key in /srv/test ignored. */
static assay_run *legacy_run(void)
{
	assay_run *run = new_run(legacy_reports);
	char path[PATH_MAX];

	assert_int_equal(assay_run_set_option(
			     run, "ignore-file",
			     data_path(path, sizeof(path),
				       "tests/data/recommendations/test-fixture.trivyignore.yaml")),
			 0);
	return run;
}

/*
 * legacy:5.2 has ten OS-package vulnerabilities (HIGH 3, MEDIUM 4, LOW 3),
 * and eight of them are fixable. slim:1.0 has nine (MEDIUM 5, LOW 4): that
 * is below the default threshold of 10, and none is CRITICAL.
 */
static void base_image_at_threshold(void **state)
{
	assay_run *run = legacy_run();

	(void)state;
	analyze(run);
	assert_int_equal(category_count(run, "Base Image"), 1);
	assert_rec(find_rec(run, "Base Image", 0), "HIGH",
		   "Move " LEGACY " to a minimal or distroless base image, or rebuild it on an "
		   "updated release of its base",
		   "Its OS packages (debian 11.9) carry 10 vulnerabilities (HIGH 3, MEDIUM 4, LOW "
		   "3); 8 of them have a fixed version. A minimal base image ships fewer packages "
		   "to patch");
	assay_run_free(run);
}

static void base_image_threshold_option(void **state)
{
	assay_run *run = legacy_run();
	const assay_recommendation *rec;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "recommend-base-image-threshold", "9"), 0);
	analyze(run);
	assert_int_equal(category_count(run, "Base Image"), 2);
	rec = find_rec(run, "Base Image", 1);
	assert_non_null(rec);
	assert_non_null(strstr(rec->text, "registry.example.com/shop/slim:1.0"));
	assert_non_null(strstr(rec->rationale, "(alpine 3.19.1) carry 9 vulnerabilities (MEDIUM 5, "
					       "LOW 4); 0 of them have a fixed version"));
	assert_string_equal(rec->priority, "MEDIUM");
	assay_run_free(run);

	run = legacy_run();
	assert_int_equal(assay_run_set_option(run, "recommend-base-image-threshold", "11"), 0);
	analyze(run);
	assert_int_equal(category_count(run, "Base Image"), 0);
	assay_run_free(run);
}

/* One CRITICAL OS-package vulnerability is enough, below the threshold. */
static void base_image_on_critical(void **state)
{
	static const char *const reports[] = {"trivy:examples/reports/trivy-quantum-app.json",
					      NULL};
	assay_run *run = new_run(reports);

	(void)state;
	analyze(run);
	assert_rec(find_rec(run, "Base Image", 0), "CRITICAL",
		   "Move registry.example.com/quantum/qml-trainer:1.4.2 to a minimal or distroless "
		   "base image, or rebuild it on an updated release of its base",
		   "Its OS packages (debian 12.4) carry 6 vulnerabilities (CRITICAL 1, HIGH 2, "
		   "MEDIUM 1, LOW 2); 3 of them have a fixed version. A minimal base image ships "
		   "fewer packages to patch");
	assay_run_free(run);
}

static void upgrades_cite_fixes(void **state)
{
	assay_run *run = legacy_run();

	(void)state;
	analyze(run);
	assert_int_equal(category_count(run, "Package Updates"), 5);
	/* The highest fixed version of openssl's three fixable findings. */
	assert_rec(find_rec(run, "Package Updates", 0), "HIGH",
		   "Upgrade openssl from 1.1.1n-0+deb11u4 to 1.1.1w-0+deb11u2",
		   "Fixes 3 finding(s) (HIGH 1, MEDIUM 1, LOW 1): CVE-2033-1001, CVE-2033-1002, "
		   "CVE-2033-1003; 1 more finding(s) of this package have no fixed version");
	assert_rec(find_rec(run, "Package Updates", 1), "HIGH",
		   "Upgrade libxml2 from 2.9.10+dfsg-6.7 to 2.9.10+dfsg-6.7+deb11u5",
		   "Fixes 2 finding(s) (HIGH 1, MEDIUM 1): CVE-2033-1005, CVE-2033-1006");
	/* "2.0.7, 1.26.18": 1.26.18 is the fix on the installed 1.26 line, above 1.26.17. */
	assert_rec(find_rec(run, "Package Updates", 2), "HIGH",
		   "Upgrade urllib3 from 1.26.5 to 1.26.18",
		   "Fixes 2 finding(s) (HIGH 1, MEDIUM 1): CVE-2033-1101, CVE-2033-1102");
	assert_rec(
	    find_rec(run, "Package Updates", 3), "MEDIUM",
	    "Upgrade libweird0 from 0.9-1 to a version that includes the fixes in 1.0-1, "
	    "future-release",
	    "Fixes 2 finding(s) (MEDIUM 1, LOW 1): CVE-2033-1009, CVE-2033-1010; these fixed "
	    "versions cannot be ordered, so check which release includes them all");
	assert_rec(
	    find_rec(run, "Package Updates", 4), "MEDIUM",
	    "Upgrade curl from 7.74.0-1.3+deb11u7 to 7.74.0-1.3+deb11u11",
	    "Fixes 1 finding(s) (MEDIUM 1): CVE-2033-1008; 1 more finding(s) of this package "
	    "have no fixed version");
	assay_run_free(run);
}

static void upgrades_capped_with_summary(void **state)
{
	assay_run *run = legacy_run();

	(void)state;
	assert_int_equal(assay_run_set_option(run, "recommend-max-upgrades", "2"), 0);
	analyze(run);
	assert_int_equal(category_count(run, "Package Updates"), 3);
	assert_non_null(strstr(find_rec(run, "Package Updates", 0)->text, "openssl"));
	assert_non_null(strstr(find_rec(run, "Package Updates", 1)->text, "libxml2"));
	assert_rec(find_rec(run, "Package Updates", 2), "HIGH",
		   "Upgrade 3 more package(s) that have fixed versions",
		   "They fix 5 finding(s) (HIGH 1, MEDIUM 3, LOW 1): urllib3, libweird0, curl");
	assay_run_free(run);
}

/* Write one Trivy vulnerability of a pip package to `file`, after a comma unless it is the first. */
static void write_vulnerability(FILE *file, bool first, const char *id, const char *name,
				const char *fixed, const char *severity)
{
	fprintf(file,
		"%s{\"VulnerabilityID\": \"%s\", \"PkgName\": \"%s\", \"InstalledVersion\": "
		"\"1.0\", \"FixedVersion\": \"%s\", \"Severity\": \"%s\"}",
		first ? "" : ",\n", id, name, fixed, severity);
}

/*
 * A report of 26 pip packages: "top" with one CRITICAL finding, "big" with
 * 40 MEDIUM findings written in descending id order (one fixed in 2.5, the
 * rest in 2.0), and pkg-00 to pkg-23 with one LOW finding each.
 */
static void write_ranking_report(const char *path)
{
	FILE *file = fopen(path, "wb");
	char id[32];
	char name[32];
	int i;

	assert_non_null(file);
	fputs("{\"SchemaVersion\": 2, \"ArtifactName\": \"app\", \"ArtifactType\": \"filesystem\",\n"
	      "\"Results\": [{\"Target\": \"requirements.txt\", \"Class\": \"lang-pkgs\", "
	      "\"Type\": \"pip\", \"Vulnerabilities\": [\n",
	      file);
	write_vulnerability(file, true, "CVE-2041-0001", "top", "1.1", "CRITICAL");
	for (i = 40; i >= 1; i--) {
		snprintf(id, sizeof(id), "CVE-2040-%04d", i);
		write_vulnerability(file, false, id, "big", i == 17 ? "2.5" : "2.0", "MEDIUM");
	}
	for (i = 0; i < 24; i++) {
		snprintf(id, sizeof(id), "CVE-2042-%04d", i);
		snprintf(name, sizeof(name), "pkg-%02d", i);
		write_vulnerability(file, false, id, name, "1.1", "LOW");
	}
	fputs("]}]}\n", file);
	assert_int_equal(fclose(file), 0);
}

static void upgrades_ranked_past_cap(void **state)
{
	static const char *const no_reports[] = {NULL};
	assay_run *run = new_run(no_reports);
	char path[PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/ranking.json", temp_dir);
	write_ranking_report(path);
	assert_int_equal(assay_run_add_input(run, "trivy", path), 0);
	assert_int_equal(assay_run_set_option(run, "recommend-max-upgrades", "3"), 0);
	analyze(run);
	assert_int_equal(category_count(run, "Package Updates"), 4);
	assert_rec(find_rec(run, "Package Updates", 0), "CRITICAL", "Upgrade top from 1.0 to 1.1",
		   "Fixes 1 finding(s) (CRITICAL 1): CVE-2041-0001");
	assert_rec(find_rec(run, "Package Updates", 1), "MEDIUM", "Upgrade big from 1.0 to 2.5",
		   "Fixes 40 finding(s) (MEDIUM 40): CVE-2040-0001, CVE-2040-0002, "
		   "CVE-2040-0003, CVE-2040-0004, CVE-2040-0005 and 35 more");
	assert_rec(find_rec(run, "Package Updates", 2), "LOW", "Upgrade pkg-00 from 1.0 to 1.1",
		   "Fixes 1 finding(s) (LOW 1): CVE-2042-0000");
	assert_rec(find_rec(run, "Package Updates", 3), "LOW",
		   "Upgrade 23 more package(s) that have fixed versions",
		   "They fix 23 finding(s) (LOW 23): pkg-01, pkg-02, pkg-03, pkg-04, pkg-05, "
		   "pkg-06, pkg-07, pkg-08, pkg-09, pkg-10 and 13 more");
	assay_run_free(run);
}

static void ignored_findings_give_nothing(void **state)
{
	static const char text[] = "CVE-2033-1001\nCVE-2033-1002\nCVE-2033-1003\nCVE-2033-1004\n"
				   "stripe-secret-token\nprivate-key\nDS002\n";
	char path[PATH_MAX];
	assay_run *run = new_run(legacy_reports);
	FILE *file;

	(void)state;
	snprintf(path, sizeof(path), "%s/accepted.trivyignore", temp_dir);
	file = fopen(path, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(text, 1, sizeof(text) - 1, file), sizeof(text) - 1);
	fclose(file);
	assert_int_equal(assay_run_set_option(run, "ignore-file", path), 0);
	analyze(run);
	assert_int_equal(category_count(run, "Base Image"), 0);
	assert_int_equal(category_count(run, "Package Updates"), 4);
	assert_null(strstr(find_rec(run, "Package Updates", 0)->text, "openssl"));
	assert_int_equal(category_count(run, "Secrets"), 0);
	/* The image config still runs as root, but DS002 is no longer cited. */
	assert_rec(find_rec(run, "Runtime User", 0), "HIGH",
		   "Run " LEGACY " as a non-root user: set USER in its Dockerfile",
		   "The image config sets no USER, so the container runs as root");
	assay_run_free(run);
}

static void root_user_evidence(void **state)
{
	assay_run *run = legacy_run();

	(void)state;
	analyze(run);
	assert_int_equal(category_count(run, "Runtime User"), 2);
	assert_rec(
	    find_rec(run, "Runtime User", 0), "HIGH",
	    "Run " LEGACY " as a non-root user: set USER in its Dockerfile",
	    "The image config sets no USER, so the container runs as root; 1 misconfiguration "
	    "finding(s) report a root user (DS002 in Dockerfile)");
	assert_rec(find_rec(run, "Runtime User", 1), "HIGH",
		   "Set a non-root USER in build/Dockerfile",
		   "1 misconfiguration finding(s) report a root user (DL3002 in build/Dockerfile)");
	assay_run_free(run);
}

static void secrets_counted_never_shown(void **state)
{
	assay_run *run = legacy_run();
	const assay_recommendation *rec;

	(void)state;
	analyze(run);
	rec = find_rec(run, "Secrets", 0);
	/* The key under /srv/test is ignored by the ignore file. */
	assert_rec(
	    rec, "CRITICAL", "Remove the 2 secret(s) found and rotate them",
	    "2 secret finding(s) (CRITICAL 1, HIGH 1) in /app/.env, /root/.ssh/id_rsa. Anyone "
	    "who can read the image or repository can use them");
	assert_null(strstr(rec->rationale, "sk_live"));
	assert_null(strstr(rec->rationale, "BEGIN"));
	assay_run_free(run);
}

static const char *const lab_reports[] = {"trivy:tests/data/quantum/trivy-qpu-runner.json",
					  "trivy:tests/data/quantum/trivy-braket-jobs.json",
					  "trivy:tests/data/quantum/trivy-azure-notebook.json",
					  NULL};

/*
 * The lab reports hold nine findings in quantum packages: CRITICAL 1,
 * HIGH 2, MEDIUM 3, LOW 2, UNKNOWN 1. qpu-runner's weights add up to 57
 * and its IBM Quantum token to 50, so its score and the lowest is 0.
 */
static void quantum_review_and_credentials(void **state)
{
	assay_run *run = new_run(lab_reports);

	(void)state;
	analyze(run);
	assert_rec(
	    find_rec(run, "Quantum Security", 0), "CRITICAL",
	    "Review the 9 finding(s) in quantum frameworks: PennyLane.Lightning, "
	    "Qiskit_IBM_Runtime, amazon-braket-schemas, amazon-braket-sdk, cirq-core, "
	    "qiskit-terra",
	    "Quantum framework findings: CRITICAL 1, HIGH 2, MEDIUM 3, LOW 2, UNKNOWN 1; the "
	    "lowest quantum security score is 0 of 100");
	assert_rec(
	    find_rec(run, "Secrets", 0), "CRITICAL", "Remove the 5 secret(s) found and rotate them",
	    "5 secret finding(s) (CRITICAL 5) in /app/.env, /home/app/.config/gh/hosts.yml, "
	    "/home/app/.qiskit/qiskit-ibm.json, /home/jovyan/.aws/credentials, "
	    "/home/jovyan/.env; quantum cloud credentials among them: 3. Anyone who can read "
	    "the image or repository can use them");
	assay_run_free(run);
}

static void no_findings_no_recommendations(void **state)
{
	static const char *const reports[] = {"trivy:tests/data/json/trivy-clean.json", NULL};
	assay_run *run = new_run(reports);

	(void)state;
	analyze(run);
	assert_int_equal(rec_count(run), 0);
	assay_run_free(run);
}

static void order_is_deterministic(void **state)
{
	assay_run *first = legacy_run();
	assay_run *second = legacy_run();
	static const char *const categories[] = {
	    "Base Image",      "Package Updates", "Package Updates",
	    "Package Updates", "Package Updates", "Package Updates",
	    "Runtime User",    "Runtime User",	  "Secrets"};
	size_t i;

	(void)state;
	analyze(first);
	analyze(second);
	assert_int_equal(rec_count(first), sizeof(categories) / sizeof(categories[0]));
	assert_int_equal(rec_count(second), rec_count(first));
	for (i = 0; i < rec_count(first); i++) {
		assert_string_equal(rec_at(first, i)->category, categories[i]);
		assert_string_equal(rec_at(first, i)->text, rec_at(second, i)->text);
		assert_string_equal(rec_at(first, i)->rationale, rec_at(second, i)->rationale);
	}
	assay_run_free(first);
	assay_run_free(second);
}

static void invalid_options_are_errors(void **state)
{
	static const char *const cases[][2] = {
	    {"recommend-max-upgrades", "-1"},
	    {"recommend-max-upgrades", "many"},
	    {"recommend-base-image-threshold", "0"},
	    {"recommend-base-image-threshold", "10x"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assay_run *run = legacy_run();
		char expected[128];

		assert_int_equal(assay_run_set_option(run, cases[i][0], cases[i][1]), 0);
		assert_int_equal(assay_run_read_inputs(run), 0);
		assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
		snprintf(expected, sizeof(expected), "invalid --option %s='%s'", cases[i][0],
			 cases[i][1]);
		if (strstr(assay_run_error(run), expected) == NULL) {
			fail_msg("error '%s' lacks '%s'", assay_run_error(run), expected);
		}
		assay_run_free(run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(dpkg_versions_order),
	    cmocka_unit_test(generic_versions_order),
	    cmocka_unit_test(unordered_versions_are_reported),
	    cmocka_unit_test(range_operators_are_skipped),
	    cmocka_unit_test(root_users),
	    cmocka_unit_test(base_image_at_threshold),
	    cmocka_unit_test(base_image_threshold_option),
	    cmocka_unit_test(base_image_on_critical),
	    cmocka_unit_test(upgrades_cite_fixes),
	    cmocka_unit_test(upgrades_capped_with_summary),
	    cmocka_unit_test(upgrades_ranked_past_cap),
	    cmocka_unit_test(ignored_findings_give_nothing),
	    cmocka_unit_test(root_user_evidence),
	    cmocka_unit_test(secrets_counted_never_shown),
	    cmocka_unit_test(quantum_review_and_credentials),
	    cmocka_unit_test(no_findings_no_recommendations),
	    cmocka_unit_test(order_is_deterministic),
	    cmocka_unit_test(invalid_options_are_errors),
	};

	return cmocka_run_group_tests(tests, make_temp_dir, remove_temp_dir);
}
