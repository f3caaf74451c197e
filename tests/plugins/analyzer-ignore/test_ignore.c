/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the ignore analyzer: dates, package URLs, every ignore file format, expiry and the
 * section. */
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

#include "ignore_rules.c"
#include "internal.h"

/*
 * tests/data/ignore/trivy-image.json describes the image
 * registry.example.com/shop/ignore-demo:2.0 with eight findings:
 *   CVE-2032-0001 libfoo1 1.0-1, CRITICAL, fixed in 1.0-2 (deb purl with qualifiers)
 *   CVE-2032-0002 libbar2 2.0-1, HIGH, not fixed
 *   CVE-2032-0003 libbaz3 3.0-1, MEDIUM, will not be fixed
 *   CVE-2032-0004 requests 2.0.0, HIGH, fixed (usr/lib/python3/...)
 *   CVE-2032-0006 (alias GHSA-2032-abcd-efgh) pyyaml 5.0, MEDIUM, fixed
 *   CVE-2032-0005 urllib3 1.0, LOW, not fixed (opt/vendor/...)
 *   DS002 (alias AVD-DS-0002), a misconfiguration of Dockerfile
 *   aws-access-key-id, a secret in /app/.env
 */
#define FINDING_COUNT 8

/* ---- Dates, ids and package URLs ---- */

static void date_parses_calendar_days(void **state)
{
	int64_t seconds = -1;

	(void)state;
	assert_int_equal(ignore_parse_date("1970-01-01", &seconds), 0);
	assert_int_equal(seconds, 0);
	assert_int_equal(ignore_parse_date("2032-05-02", &seconds), 0);
	assert_int_equal(seconds, 1967068800);
	assert_int_equal(ignore_parse_date("2000-02-29", &seconds), 0);
	assert_int_equal(seconds, 951782400);
	assert_int_equal(ignore_parse_date("2400-02-29", &seconds), 0);
	assert_int_equal(seconds, 13574563200LL);
}

static void date_rejects_other_text(void **state)
{
	static const char *const invalid[] = {
	    "",		  "2032-5-02",	"2032-05-2",   "2032/05/02", "2032-05-02 ",
	    "2032-13-01", "2032-00-10", "2032-04-31",  "2001-02-29", "2100-02-29",
	    "20320-5-02", "2032-05-00", "2032-05-02x", "abcd-ef-gh",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		int64_t seconds = 42;

		if (ignore_parse_date(invalid[i], &seconds) != -1) {
			fail_msg("'%s' was accepted as a date", invalid[i]);
		}
		assert_int_equal(seconds, 42);
	}
}

static void id_compare_folds_advisory_ids(void **state)
{
	(void)state;
	assert_true(ignore_id_equal("cve-2032-0001", "CVE-2032-0001"));
	assert_true(ignore_id_equal("GHSA-2032-ABCD-efgh", "ghsa-2032-abcd-EFGH"));
	assert_true(ignore_id_equal("DS002", "DS002"));
	assert_false(ignore_id_equal("ds002", "DS002"));
	assert_false(ignore_id_equal("CVE-2032-0001", "CVE-2032-0002"));
	assert_false(ignore_id_equal("CVE-2032-0001", NULL));
}

static void purl_split_reads_parts(void **state)
{
	purl_parts parts;

	(void)state;
	assert_int_equal(
	    purl_split(&parts, "pkg:deb/debian/libfoo1@1.0-1?arch=amd64&distro=debian-12.5"), 0);
	assert_string_equal(parts.type, "deb");
	assert_string_equal(parts.namespace, "debian");
	assert_string_equal(parts.name, "libfoo1");
	assert_string_equal(parts.version, "1.0-1");
	assert_string_equal(parts.qualifiers, "arch=amd64&distro=debian-12.5");
	assert_null(parts.subpath);
	purl_parts_dispose(&parts);

	assert_int_equal(purl_split(&parts, "PKG:NPM/%40angular/core@17.0.0#lib/x"), 0);
	assert_string_equal(parts.type, "npm");
	assert_string_equal(parts.namespace, "@angular");
	assert_string_equal(parts.name, "core");
	assert_string_equal(parts.subpath, "lib/x");
	purl_parts_dispose(&parts);

	assert_int_equal(purl_split(&parts, "pkg:pypi/requests"), 0);
	assert_null(parts.namespace);
	assert_null(parts.version);
	purl_parts_dispose(&parts);

	assert_int_equal(purl_split(&parts, "npm/left-pad@1.0"), -1);
	assert_int_equal(purl_split(&parts, "pkg:pypi"), -1);
	assert_int_equal(purl_split(&parts, "pkg:pypi/"), -1);
}

static bool accepts(const char *rule, const char *target)
{
	purl_parts r;
	purl_parts t;
	bool result;

	assert_int_equal(purl_split(&r, rule), 0);
	assert_int_equal(purl_split(&t, target), 0);
	result = purl_accepts(&r, &t);
	purl_parts_dispose(&r);
	purl_parts_dispose(&t);
	return result;
}

static void purl_rule_without_parts_matches_any(void **state)
{
	const char *target = "pkg:deb/debian/libfoo1@1.0-1?arch=amd64&distro=debian-12.5";

	(void)state;
	assert_true(accepts("pkg:deb/debian/libfoo1", target));
	assert_true(accepts("pkg:deb/debian/libfoo1@1.0-1", target));
	assert_true(accepts("pkg:deb/debian/libfoo1?arch=amd64", target));
	assert_true(accepts("pkg:deb/debian/libfoo1@1.0-1?distro=debian-12.5&arch=amd64", target));
	assert_false(accepts("pkg:deb/debian/libfoo1@1.0-2", target));
	assert_false(accepts("pkg:deb/debian/libfoo1?arch=arm64", target));
	assert_false(accepts("pkg:deb/ubuntu/libfoo1", target));
	assert_false(accepts("pkg:rpm/debian/libfoo1", target));
	assert_false(accepts("pkg:deb/debian/libfoo", target));
}

static void path_glob_segments(void **state)
{
	static const struct {
		const char *pattern;
		const char *path;
		bool matches;
	} cases[] = {
	    {"usr/lib/python3/**", "usr/lib/python3/site-packages/a/METADATA", true},
	    {"usr/*", "usr/lib", true},
	    {"usr/*", "usr/lib/x", false},
	    {"**/*-lock.json", "app/web/package-lock.json", true},
	    {"**/*-lock.json", "package-lock.json", true},
	    {"**/*-lock.json", "app/package.json", false},
	    {"vendor/**", "vendor/a/b", true},
	    {"vendor/**", "src/vendor/a", false},
	    {"app/**/config.yaml", "app/config.yaml", true},
	    {"app/**/config.yaml", "app/a/b/config.yaml", true},
	    {"Dockerfile", "Dockerfile", true},
	    {"Dockerfile", "build/Dockerfile", false},
	    {"?ockerfile", "Dockerfile", true},
	    {"lib/?", "lib//", false},
	    {"[a-c]at", "bat", true},
	    {"[!a-c]at", "bat", false},
	    {"[!a-c]at", "rat", true},
	    {"a[/]b", "a/b", false},
	    {"[abc", "a", false},
	    {"a\\*b", "a*b", true},
	    {"a\\*b", "axb", false},
	    {"*", "", true},
	    {"", "x", false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (ignore_path_glob(cases[i].pattern, cases[i].path) != cases[i].matches) {
			fail_msg("'%s' against '%s' should %smatch", cases[i].pattern,
				 cases[i].path, cases[i].matches ? "" : "not ");
		}
	}
}

/* A pattern that would backtrack for long gives up and matches nothing. */
static void path_glob_bounded(void **state)
{
	char path[128];

	(void)state;
	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	assert_false(ignore_path_glob("**a**a**a**a**a**a**a**a**a**a**a**b", path));
}

/* ---- Runs ---- */

/* Half of PATH_MAX leaves room for the file names appended to it. */
static char temp_dir[PATH_MAX / 2];

static int make_temp_dir(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(temp_dir, sizeof(temp_dir), "%s/assay-ignore-XXXXXX", tmp != NULL ? tmp : "/tmp");
	return mkdtemp(temp_dir) != NULL ? 0 : -1;
}

static int remove_temp_dir(void **state)
{
	char command[PATH_MAX + 16];

	(void)state;
	snprintf(command, sizeof(command), "rm -rf '%s'", temp_dir);
	return system(command) == 0 ? 0 : -1;
}

/* Write `len` bytes to NAME in the temporary folder; returns the path in `out`. */
static const char *write_file(char *out, size_t size, const char *name, const char *text,
			      size_t len)
{
	FILE *file;

	snprintf(out, size, "%s/%s", temp_dir, name);
	file = fopen(out, "wb");
	assert_non_null(file);
	assert_int_equal(fwrite(text, 1, len, file), len);
	fclose(file);
	return out;
}

static const char *data_path(char *out, size_t size, const char *name)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");

	assert_non_null(source);
	snprintf(out, size, "%s/tests/data/ignore/%s", source, name);
	return out;
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

/* A run of the demo report with the ignore analyzer, the clock at `today`, not analyzed yet. */
static assay_run *new_run(const char *today)
{
	char path[PATH_MAX];
	assay_run *run = assay_run_new();

	assert_non_null(run);
	load_plugin(run, "input-trivy.so");
	load_plugin(run, "analyzer-ignore.so");
	assert_int_equal(
	    assay_run_add_input(run, "trivy", data_path(path, sizeof(path), "trivy-image.json")),
	    0);
	if (today != NULL) {
		assert_int_equal(assay_run_set_option(run, "today", today), 0);
	}
	return run;
}

static void add_ignore_file(assay_run *run, const char *path)
{
	assert_int_equal(assay_run_set_option(run, "ignore-file", path), 0);
}

static void analyze(assay_run *run)
{
	if (assay_run_read_inputs(run) != 0 || assay_run_analyze(run) != 0) {
		fail_msg("%s", assay_run_error(run));
	}
}

/* The run's finding with this id; fails the test when there is none. */
static const assay_finding *finding(assay_run *run, const char *id)
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

static size_t ignored_count(assay_run *run)
{
	size_t count = 0;
	size_t i;

	for (i = 0; i < assay_run_finding_count(run); i++) {
		count += assay_run_finding_at(run, i)->ignored ? 1 : 0;
	}
	return count;
}

static const cJSON *ignore_section(assay_run *run)
{
	assay_ctx ctx = {.run = run};
	const cJSON *value = assay_section_get(&ctx, "ignore");

	assert_non_null(value);
	return value;
}

static const cJSON *rule_at(assay_run *run, int index)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(ignore_section(run), "rules");
	const cJSON *rule = cJSON_GetArrayItem(rules, index);

	assert_non_null(rule);
	return rule;
}

static const char *rule_string(const cJSON *rule, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(rule, key);

	assert_non_null(item);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static double section_number(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	assert_true(cJSON_IsNumber(item));
	return item->valuedouble;
}

static void assert_rule(assay_run *run, int index, int line, const char *status, int matches)
{
	const cJSON *rule = rule_at(run, index);

	if (line > 0) {
		assert_int_equal((int)section_number(rule, "line"), line);
	}
	assert_string_equal(rule_string(rule, "status"), status);
	assert_int_equal((int)section_number(rule, "matches"), matches);
}

static void assert_ignored_by(const assay_finding *f, const char *rule, const char *source_end)
{
	assert_true(f->ignored);
	assert_string_equal(f->ignore_rule, rule);
	assert_non_null(f->ignore_source);
	if (strlen(f->ignore_source) < strlen(source_end) ||
	    strcmp(f->ignore_source + strlen(f->ignore_source) - strlen(source_end), source_end) !=
		0) {
		fail_msg("source '%s' does not end with '%s'", f->ignore_source, source_end);
	}
}

/* ---- .trivyignore ---- */

static void trivyignore_ids_dates_comments(void **state)
{
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");
	const assay_finding *f;

	(void)state;
	add_ignore_file(run, data_path(path, sizeof(path), "basic.trivyignore"));
	analyze(run);

	f = finding(run, "CVE-2032-0001");
	assert_ignored_by(f, "CVE-2032-0001", "basic.trivyignore");
	assert_string_equal(f->ignore_reason,
			    "not reachable: the parser never sees user input (owner: alice)");
	assert_string_equal(f->ignore_expires, "2032-06-01");
	/* A lowercase CVE id still matches. */
	assert_ignored_by(finding(run, "CVE-2032-0004"), "cve-2032-0004", "basic.trivyignore");
	assert_null(finding(run, "CVE-2032-0004")->ignore_reason);
	/* The line with the malformed date (2032-13-01) is skipped. */
	assert_false(finding(run, "CVE-2032-0002")->ignored);
	/* AVD-DS-0002 matches DS002 through its alias. */
	assert_ignored_by(finding(run, "DS002"), "AVD-DS-0002", "basic.trivyignore");
	/* Expired on 2032-05-01: it no longer ignores. */
	assert_false(finding(run, "CVE-2032-0003")->ignored);
	assert_int_equal(ignored_count(run), 3);

	assert_int_equal(
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ignore_section(run), "rules")), 5);
	assert_rule(run, 0, 2, "active", 1);
	assert_string_equal(rule_string(rule_at(run, 0), "owner"), "alice");
	assert_rule(run, 1, 4, "active", 1);
	assert_rule(run, 2, 6, "unused", 0);
	assert_rule(run, 3, 7, "expiring", 1);
	assert_int_equal((int)section_number(rule_at(run, 3), "days_left"), 8);
	assert_rule(run, 4, 8, "expired", 1);
	assert_int_equal((int)section_number(ignore_section(run), "expired"), 1);
	assert_int_equal((int)section_number(ignore_section(run), "expiring"), 1);
	assert_int_equal((int)section_number(ignore_section(run), "unused"), 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(ignore_section(run), "unfixed")));
	assay_run_free(run);
}

static void trivyignore_crlf_lines(void **state)
{
	static const char text[] = "# rules written on Windows\r\n"
				   "CVE-2032-0001\r\n"
				   "\r\n"
				   "CVE-2032-0002 exp:2032-06-01\r\n"
				   "CVE-2032-0005 exp:2032-02-30\r\n"
				   "   \r\n"
				   "GHSA-2032-ABCD-EFGH";
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");

	(void)state;
	add_ignore_file(
	    run, write_file(path, sizeof(path), "windows.trivyignore", text, sizeof(text) - 1));
	analyze(run);
	assert_ignored_by(finding(run, "CVE-2032-0001"), "CVE-2032-0001", "windows.trivyignore");
	assert_ignored_by(finding(run, "CVE-2032-0002"), "CVE-2032-0002", "windows.trivyignore");
	assert_string_equal(finding(run, "CVE-2032-0002")->ignore_expires, "2032-06-01");
	/* February 30th is malformed: the line is skipped. */
	assert_false(finding(run, "CVE-2032-0005")->ignored);
	/* A GHSA id matches the GHSA alias of CVE-2032-0006 whatever its case. */
	assert_ignored_by(finding(run, "CVE-2032-0006"), "GHSA-2032-ABCD-EFGH",
			  "windows.trivyignore");
	assert_int_equal(
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ignore_section(run), "rules")), 3);
	assert_rule(run, 0, 2, "active", 1);
	assert_rule(run, 1, 4, "active", 1);
	assert_rule(run, 2, 7, "active", 1);
	assay_run_free(run);
}

/* boundary.trivyignore contains "CVE-2032-0001 exp:2032-05-02". */
static void expiry_at_midnight_utc(void **state)
{
	static const struct {
		const char *today;
		bool ignored;
		const char *status;
		int days_left;
	} cases[] = {
	    {"2032-04-30", true, "expiring", 2},	   {"2032-05-01", true, "expiring", 1},
	    {"2032-05-01T23:59:59Z", true, "expiring", 1}, {"2032-05-02", false, "expired", 0},
	    {"2032-05-02T00:00:01Z", false, "expired", 0}, {"2032-05-03", false, "expired", -1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[PATH_MAX];
		assay_run *run = new_run(cases[i].today);

		add_ignore_file(run, data_path(path, sizeof(path), "boundary.trivyignore"));
		analyze(run);
		if (finding(run, "CVE-2032-0001")->ignored != cases[i].ignored) {
			fail_msg("today %s: ignored is %d", cases[i].today, !cases[i].ignored);
		}
		assert_rule(run, 0, 1, cases[i].status, 1);
		assert_int_equal((int)section_number(rule_at(run, 0), "days_left"),
				 cases[i].days_left);
		assay_run_free(run);
	}
}

/* AVD-DS-0002 in basic.trivyignore ends on 2032-05-10: 8 days after 2032-05-02. */
static void expiring_window_option(void **state)
{
	static const struct {
		const char *days;
		const char *status;
	} cases[] = {{"0", "active"}, {"7", "active"}, {"8", "expiring"}, {"30", "expiring"}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[PATH_MAX];
		assay_run *run = new_run("2032-05-02");

		add_ignore_file(run, data_path(path, sizeof(path), "basic.trivyignore"));
		assert_int_equal(
		    assay_run_set_option(run, "ignore-expiry-warning-days", cases[i].days), 0);
		analyze(run);
		assert_rule(run, 3, 7, cases[i].status, 1);
		assay_run_free(run);
	}
}

/* ---- .trivyignore.yaml ---- */

static void trivy_yaml_paths_purls_kinds(void **state)
{
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");
	const assay_finding *f;

	(void)state;
	add_ignore_file(run, data_path(path, sizeof(path), "demo.trivyignore.yaml"));
	analyze(run);

	f = finding(run, "CVE-2032-0004");
	assert_ignored_by(f, "CVE-2032-0004 path=usr/lib/python3/**", "demo.trivyignore.yaml");
	assert_string_equal(f->ignore_reason,
			    "requests only talks to internal services (owner: bob)");
	assert_string_equal(f->ignore_expires, "2032-05-10");
	/* A purl rule without qualifiers matches a purl that has them. */
	assert_ignored_by(finding(run, "CVE-2032-0001"),
			  "CVE-2032-0001 purl=pkg:deb/debian/libfoo1", "demo.trivyignore.yaml");
	/* arch=arm64 does not match the amd64 package. */
	assert_false(finding(run, "CVE-2032-0002")->ignored);
	assert_ignored_by(finding(run, "CVE-2032-0005"), "path=opt/vendor/**",
			  "demo.trivyignore.yaml");
	assert_ignored_by(finding(run, "DS002"), "AVD-DS-0002 path=Dockerfile",
			  "demo.trivyignore.yaml");
	assert_false(finding(run, "aws-access-key-id")->ignored);
	assert_int_equal(ignored_count(run), 4);

	/* One rule per path: the paths of one entry are listed apart. */
	assert_rule(run, 0, 3, "expiring", 1);
	assert_string_equal(rule_string(rule_at(run, 0), "path"), "usr/lib/python3/**");
	assert_string_equal(rule_string(rule_at(run, 0), "kind"), "vulnerability");
	assert_rule(run, 1, 3, "unused", 0);
	assert_string_equal(rule_string(rule_at(run, 1), "path"), "srv/app/**");
	assert_rule(run, 2, 10, "active", 1);
	assert_rule(run, 3, 13, "unused", 0);
	assert_rule(run, 4, 16, "active", 1);
	assert_rule(run, 5, 20, "active", 1);
	assert_string_equal(rule_string(rule_at(run, 5), "kind"), "misconfiguration");
	assert_rule(run, 6, 24, "expired", 1);
	assert_string_equal(rule_string(rule_at(run, 6), "kind"), "secret");
	assay_run_free(run);
}

/* A rule listed under misconfigurations does not ignore a vulnerability with the same id. */
static void trivy_yaml_list_limits_kind(void **state)
{
	static const char text[] = "misconfigurations:\n  - id: CVE-2032-0001\n";
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");

	(void)state;
	add_ignore_file(
	    run, write_file(path, sizeof(path), "kind.trivyignore.yaml", text, sizeof(text) - 1));
	analyze(run);
	assert_false(finding(run, "CVE-2032-0001")->ignored);
	assert_rule(run, 0, 2, "unused", 0);
	assay_run_free(run);
}

/* ---- .grype.yaml ---- */

static void grype_yaml_rules(void **state)
{
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");
	const assay_finding *f;

	(void)state;
	add_ignore_file(run, data_path(path, sizeof(path), "demo.grype.yaml"));
	analyze(run);

	f = finding(run, "CVE-2032-0002");
	assert_ignored_by(f, "CVE-2032-0002 fix-state=not-fixed", "demo.grype.yaml");
	assert_string_equal(f->ignore_reason,
			    "no fix released; the library is not loaded at runtime");
	/* The package name is a regular expression, as in Grype. */
	f = finding(run, "CVE-2032-0003");
	assert_ignored_by(f, "package=libbaz.* version=3.0-1", "demo.grype.yaml");
	assert_string_equal(f->ignore_reason, "owner: carol");
	assert_string_equal(f->ignore_expires, "2032-12-31");
	/* Grype's type "python" is the purl type pypi; the location is a glob. */
	assert_ignored_by(finding(run, "CVE-2032-0005"), "path=/opt/vendor/** type=python",
			  "demo.grype.yaml");
	/* fix-state not-fixed does not hold for the fixed requests finding. */
	assert_false(finding(run, "CVE-2032-0004")->ignored);
	/* The rule with a namespace condition is skipped, so CVE-2032-0001 stays. */
	assert_false(finding(run, "CVE-2032-0001")->ignored);
	assert_int_equal(ignored_count(run), 3);

	assert_int_equal(
	    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(ignore_section(run), "rules")), 5);
	assert_rule(run, 0, 4, "active", 1);
	assert_rule(run, 1, 7, "active", 1);
	assert_rule(run, 2, 12, "active", 1);
	assert_rule(run, 3, 15, "unused", 0);
	/* fix-state wont-fix matches libbaz3 too, though the earlier rule ignored it. */
	assert_rule(run, 4, 19, "active", 1);
	assert_string_equal(rule_string(rule_at(run, 4), "fix_state"), "wont-fix");
	assay_run_free(run);
}

/* ---- Errors ---- */

static void invalid_files_name_file_and_line(void **state)
{
	static const struct {
		const char *file;
		const char *message;
	} cases[] = {
	    {"bad/paths-string.trivyignore.yaml",
	     "paths-string.trivyignore.yaml:3:12: 'paths' must be a list of strings, not a string"},
	    {"bad/syntax.trivyignore.yaml", "syntax.trivyignore.yaml:4:7: invalid YAML: "},
	    {"bad/date.trivyignore.yaml", "date.trivyignore.yaml:3:17: 'expired_at' must be a date "
					  "YYYY-MM-DD, not '2032/05/01'"},
	    {"bad/fix-state.grype.yaml", "fix-state.grype.yaml:3:16: 'fix-state' must be fixed, "
					 "not-fixed, wont-fix or unknown, not 'none'"},
	    {"bad/no-criterion.trivyignore.yaml",
	     "no-criterion.trivyignore.yaml:2:5: an ignore rule needs an id, paths or purls"},
	    {"bad/rule-string.grype.yaml",
	     "rule-string.grype.yaml:2:5: an ignore rule must be a mapping, not a string"},
	    {"bad/unknown-format.yaml", "unknown-format.yaml: not a .trivyignore.yaml"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[PATH_MAX];
		assay_run *run = new_run(NULL);

		add_ignore_file(run, data_path(path, sizeof(path), cases[i].file));
		assert_int_equal(assay_run_read_inputs(run), 0);
		assert_int_not_equal(assay_run_analyze(run), 0);
		if (strstr(assay_run_error(run), cases[i].message) == NULL) {
			fail_msg("error '%s' lacks '%s'", assay_run_error(run), cases[i].message);
		}
		assert_int_equal(ignored_count(run), 0);
		assay_run_free(run);
	}
}

static void missing_file_is_an_error(void **state)
{
	assay_run *run = new_run(NULL);

	(void)state;
	add_ignore_file(run, "/nonexistent/.trivyignore");
	assert_int_equal(assay_run_read_inputs(run), 0);
	assert_int_equal(assay_run_analyze(run), ASSAY_ENOTFOUND);
	assert_non_null(strstr(assay_run_error(run), "'/nonexistent/.trivyignore'"));
	assay_run_free(run);
}

static void invalid_today_is_an_error(void **state)
{
	static const char *const invalid[] = {"tomorrow", "2032-05-02T10:00", "2032-02-30", ""};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		assay_run *run = new_run(invalid[i]);

		assert_int_equal(assay_run_read_inputs(run), 0);
		assert_int_equal(assay_run_analyze(run), ASSAY_EINVAL);
		assert_non_null(strstr(assay_run_error(run), "invalid --option today="));
		assay_run_free(run);
	}
}

/* ---- --ignore-unfixed ---- */

static void ignore_unfixed_without_fix(void **state)
{
	assay_run *run = new_run("2032-05-02");
	static const char *const unfixed[] = {"CVE-2032-0002", "CVE-2032-0003", "CVE-2032-0005"};
	size_t i;

	(void)state;
	assert_int_equal(assay_run_set_option(run, "ignore-unfixed", "1"), 0);
	analyze(run);
	for (i = 0; i < 3; i++) {
		const assay_finding *f = finding(run, unfixed[i]);

		assert_ignored_by(f, "--ignore-unfixed", "--ignore-unfixed");
		assert_null(f->ignore_expires);
	}
	assert_int_equal(ignored_count(run), 3);
	assert_int_equal((int)section_number(ignore_section(run), "unfixed"), 3);
	assay_run_free(run);
}

/* Rules apply first, so a finding keeps the rule's reason; the expired rule leaves CVE-2032-0003 to
 * --ignore-unfixed. */
static void ignore_unfixed_after_rules(void **state)
{
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");

	(void)state;
	add_ignore_file(run, data_path(path, sizeof(path), "demo.grype.yaml"));
	assert_int_equal(assay_run_set_option(run, "ignore-unfixed", "1"), 0);
	analyze(run);
	assert_ignored_by(finding(run, "CVE-2032-0002"), "CVE-2032-0002 fix-state=not-fixed",
			  "demo.grype.yaml");
	assert_ignored_by(finding(run, "CVE-2032-0005"), "path=/opt/vendor/** type=python",
			  "demo.grype.yaml");
	assert_ignored_by(finding(run, "CVE-2032-0003"), "package=libbaz.* version=3.0-1",
			  "demo.grype.yaml");
	assert_int_equal((int)section_number(ignore_section(run), "unfixed"), 0);
	assay_run_free(run);
}

/* ---- The policy ---- */

static assay_run *run_with_policy(const char *lua)
{
	char path[PATH_MAX];
	assay_run *run = new_run("2032-05-02");

	assert_int_equal(
	    assay_run_set_option(run, "policy",
				 write_file(path, sizeof(path), "policy.lua", lua, strlen(lua))),
	    0);
	return run;
}

static void policy_rules_apply(void **state)
{
	static const char lua[] =
	    "ignore = {\n"
	    "  {id = 'CVE-2032-0001', reason = 'not reachable', owner = 'alice',"
	    "   expires = '2032-06-01'},\n"
	    "  {package = 'urllib3', version = '1.0', path = 'opt/vendor/**', reason = 'vendored',"
	    "   owner = 'bob', expires = '2032-05-03'},\n"
	    "  {purl = 'pkg:pypi/requests', image = 'registry.example.com/shop/ignore-demo:*',"
	    "   reason = 'internal only', owner = 'dan', expires = '2033-01-01'},\n"
	    "  {package = 'pkg:pypi/pyyaml@5.0', kind = 'vulnerability', reason = 'tests only',"
	    "   owner = 'eve', expires = '2032-09-01'},\n"
	    "  {id = 'DS002', image = 'other/*', reason = 'x', owner = 'y', expires = "
	    "'2032-09-01'},\n"
	    "  {package = 'urllib3', path = 'opt/*', reason = 'x', owner = 'y', expires = "
	    "'2032-09-01'},\n"
	    "}\n"
	    "ignore_requires = {reason = true, owner = true, expires = true}\n";
	assay_run *run = run_with_policy(lua);
	const assay_finding *f;

	(void)state;
	analyze(run);
	f = finding(run, "CVE-2032-0001");
	assert_ignored_by(f, "CVE-2032-0001", "policy");
	assert_string_equal(f->ignore_reason, "not reachable (owner: alice)");
	assert_ignored_by(finding(run, "CVE-2032-0005"),
			  "package=urllib3 version=1.0 path=opt/vendor/**", "policy");
	assert_ignored_by(finding(run, "CVE-2032-0004"),
			  "purl=pkg:pypi/requests image=registry.example.com/shop/ignore-demo:*",
			  "policy");
	assert_ignored_by(finding(run, "CVE-2032-0006"), "purl=pkg:pypi/pyyaml@5.0", "policy");
	/* The image glob does not match this image. */
	assert_false(finding(run, "DS002")->ignored);
	assert_int_equal(ignored_count(run), 4);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(rule_at(run, 0), "line")));
	assert_string_equal(rule_string(rule_at(run, 0), "source"), "policy");
	assert_rule(run, 1, 0, "expiring", 1);
	assert_rule(run, 4, 0, "unused", 0);
	/* A single star stays within one path segment, as in Trivy: this rule does not reach
	 * opt/vendor. */
	assert_rule(run, 5, 0, "unused", 0);
	assay_run_free(run);
}

static void policy_requirements_fail(void **state)
{
	static const struct {
		const char *lua;
		bool with_file;
		const char *message;
	} cases[] = {
	    {"ignore = {{id = 'CVE-2032-0001', reason = 'r', expires = '2032-09-01'}}\n"
	     "ignore_requires = {owner = true}\n",
	     false,
	     "policy.lua ignore[1]: ignore rule 'CVE-2032-0001' has no owner, which the "
	     "policy requires (ignore_requires.owner)"},
	    {"ignore_requires = {reason = true}\n", true,
	     "basic.trivyignore:4: ignore rule 'cve-2032-0004' has no reason"},
	    {"ignore_requires = {'expires'}\n", true,
	     "basic.trivyignore:4: ignore rule 'cve-2032-0004' has no expires"},
	    {"ignore_requires = {reason = 'yes'}\n", false,
	     "ignore_requires.reason must be true or false, not a string"},
	    {"ignore_requires = {approver = true}\n", false,
	     "ignore_requires names an unknown field 'approver'"},
	    {"ignore = {{id = 'CVE-1', reson = 'typo'}}\n", false,
	     "ignore[1] has an unknown key 'reson'"},
	    {"ignore = {{reason = 'no criterion'}}\n", false,
	     "ignore[1] needs an id, a package or a purl"},
	    {"ignore = {{id = 'CVE-1', expires = '2032-5-1'}}\n", false,
	     "ignore[1].expires must be a date YYYY-MM-DD, not '2032-5-1'"},
	    {"ignore = {{id = 7}}\n", false, "ignore[1].id must be a string, not a number"},
	    /* The policy bridge checks the type of the global itself. */
	    {"ignore = 'CVE-1'\n", false, "ignore is a string; it must be a table"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[PATH_MAX];
		assay_run *run = run_with_policy(cases[i].lua);

		if (cases[i].with_file) {
			add_ignore_file(run, data_path(path, sizeof(path), "basic.trivyignore"));
		}
		assert_int_equal(assay_run_read_inputs(run), 0);
		assert_int_not_equal(assay_run_analyze(run), 0);
		if (strstr(assay_run_error(run), cases[i].message) == NULL) {
			fail_msg("error '%s' lacks '%s'", assay_run_error(run), cases[i].message);
		}
		assay_run_free(run);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(date_parses_calendar_days),
	    cmocka_unit_test(date_rejects_other_text),
	    cmocka_unit_test(id_compare_folds_advisory_ids),
	    cmocka_unit_test(purl_split_reads_parts),
	    cmocka_unit_test(purl_rule_without_parts_matches_any),
	    cmocka_unit_test(path_glob_segments),
	    cmocka_unit_test(path_glob_bounded),
	    cmocka_unit_test(trivyignore_ids_dates_comments),
	    cmocka_unit_test(trivyignore_crlf_lines),
	    cmocka_unit_test(expiry_at_midnight_utc),
	    cmocka_unit_test(expiring_window_option),
	    cmocka_unit_test(trivy_yaml_paths_purls_kinds),
	    cmocka_unit_test(trivy_yaml_list_limits_kind),
	    cmocka_unit_test(grype_yaml_rules),
	    cmocka_unit_test(invalid_files_name_file_and_line),
	    cmocka_unit_test(missing_file_is_an_error),
	    cmocka_unit_test(invalid_today_is_an_error),
	    cmocka_unit_test(ignore_unfixed_without_fix),
	    cmocka_unit_test(ignore_unfixed_after_rules),
	    cmocka_unit_test(policy_rules_apply),
	    cmocka_unit_test(policy_requirements_fail),
	};

	return cmocka_run_group_tests(tests, make_temp_dir, remove_temp_dir);
}
