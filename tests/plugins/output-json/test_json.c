/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the JSON output on prepared runs: sections, ignore and baseline state, image names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"
#include "json.c"

/* A run with this file's copy of the plugin as the plugin of its context. */
typedef struct {
	assay_run *run;
	plugin self;
	assay_ctx ctx;
	char *text;      /* the document json_write wrote */
	cJSON *document; /* its parse */
} fixture;

static void add_report(fixture *fx, const char *name)
{
	const char *source = getenv("ASSAY_SOURCE_DIR");
	char path[4096];

	assert_non_null(source);
	snprintf(path, sizeof(path), "%s/tests/data/json/%s", source, name);
	assert_int_equal(assay_run_add_input(fx->run, "trivy", path), 0);
}

/* Write a small Trivy report of one image to a temporary file and queue it. */
static void add_image_report(fixture *fx, char *path, const char *name, const char *image_id)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/assay-test-json-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f,
		"{\"SchemaVersion\": 2, \"ArtifactName\": \"%s\", \"ArtifactType\": "
		"\"container_image\", \"Metadata\": {\"ImageID\": \"%s\"}, \"Results\": [{"
		"\"Target\": \"t\", \"Class\": \"os-pkgs\", \"Type\": \"alpine\", "
		"\"Vulnerabilities\": [{\"VulnerabilityID\": \"CVE-2031-0900\", \"PkgName\": "
		"\"p\", \"InstalledVersion\": \"1\", \"Severity\": \"LOW\"}]}]}",
		name, image_id);
	fclose(f);
	assert_int_equal(assay_run_add_input(fx->run, "trivy", path), 0);
}

static void fixture_read(fixture *fx)
{
	const char *dir = getenv("ASSAY_PLUGIN_DIR");
	char path[4096];

	assert_non_null(dir);
	snprintf(path, sizeof(path), "%s/input-trivy.so", dir);
	if (assay_run_load_plugin(fx->run, path) != 0 || assay_run_read_inputs(fx->run) != 0) {
		fail_msg("%s", assay_run_error(fx->run));
	}
}

static void fixture_init(fixture *fx)
{
	memset(fx, 0, sizeof(*fx));
	fx->run = assay_run_new();
	assert_non_null(fx->run);
	fx->self.descriptor = &descriptor;
	fx->ctx.run = fx->run;
	fx->ctx.plugin = &fx->self;
}

/* Run the writer into a temporary file and parse what it wrote. */
static void fixture_write(fixture *fx)
{
	FILE *out = tmpfile();
	long size;

	assert_non_null(out);
	assert_int_equal(json_write(&fx->ctx, out), 0);
	size = ftell(out);
	assert_true(size > 0);
	rewind(out);
	fx->text = calloc(1, (size_t)size + 1);
	assert_non_null(fx->text);
	assert_int_equal(fread(fx->text, 1, (size_t)size, out), (size_t)size);
	fclose(out);
	fx->document = cJSON_Parse(fx->text);
	if (fx->document == NULL) {
		fail_msg("the output is not JSON:\n%s", fx->text);
	}
}

static void fixture_dispose(fixture *fx)
{
	cJSON_Delete(fx->document);
	free(fx->text);
	assay_run_free(fx->run);
}

static const cJSON *get(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (item == NULL) {
		fail_msg("key '%s' missing", key);
	}
	return item;
}

/* Count the top-level occurrences of `"key":` at the start of a line. */
static int count_top_level(const char *text, const char *key)
{
	char pattern[64];
	const char *at = text;
	int n = 0;

	snprintf(pattern, sizeof(pattern), "\n  \"%s\": ", key);
	while ((at = strstr(at, pattern)) != NULL) {
		n++;
		at++;
	}
	return n;
}

static void sections_are_written_once(void **state)
{
	fixture fx;
	cJSON *compliance = cJSON_Parse("{\"cis_docker_benchmark\": {\"score\": 40}}");
	cJSON *quantum = cJSON_Parse("{\"score\": 7, \"packages\": [], \"note\": \"a \\\"b\\\"\"}");
	cJSON *summary = cJSON_Parse("{\"hijack\": true}");
	cJSON *odd = cJSON_Parse("[1, 2]");

	(void)state;
	fixture_init(&fx);
	add_report(&fx, "trivy-app.json");
	fixture_read(&fx);
	assert_int_equal(assay_section_set(&fx.ctx, "compliance", compliance), 0);
	assert_int_equal(assay_section_set(&fx.ctx, "quantum", quantum), 0);
	assert_int_equal(assay_section_set(&fx.ctx, "summary", summary), 0);
	assert_int_equal(assay_section_set(&fx.ctx, "key with \"quotes\"", odd), 0);
	fixture_write(&fx);

	assert_int_equal(count_top_level(fx.text, "compliance"), 1);
	assert_int_equal(get(get(get(fx.document, "compliance"), "cis_docker_benchmark"), "score")
				 ->valueint,
			 40);
	assert_int_equal(get(get(fx.document, "quantum"), "score")->valueint, 7);
	assert_string_equal(get(get(fx.document, "quantum"), "note")->valuestring, "a \"b\"");
	assert_true(cJSON_IsArray(get(get(fx.document, "quantum"), "packages")));
	assert_int_equal(cJSON_GetArraySize(get(fx.document, "key with \"quotes\"")), 2);

	/* A section named like a key of the analysis is left out. */
	assert_int_equal(count_top_level(fx.text, "summary"), 1);
	assert_null(cJSON_GetObjectItemCaseSensitive(get(fx.document, "summary"), "hijack"));
	fixture_dispose(&fx);
}

static void ignored_and_baseline_findings(void **state)
{
	const cJSON *vulnerabilities;
	const cJSON *summary;
	const cJSON *by_kind;
	const cJSON *item;
	size_t i;
	fixture fx;

	(void)state;
	fixture_init(&fx);
	add_report(&fx, "trivy-app.json");
	fixture_read(&fx);
	for (i = 0; i < assay_run_finding_count(fx.run); i++) {
		assay_finding *f = assay_run_finding_at(fx.run, i);

		if (strcmp(f->id, "CVE-2031-0001") == 0) {
			assert_int_equal(assay_finding_ignore(&fx.ctx, f, "CVE-2031-0001",
							      "accepted until the next release",
							      ".trivyignore", "2031-06-01"),
					 0);
			f->baseline = ASSAY_BASELINE_KNOWN;
		} else {
			f->baseline = ASSAY_BASELINE_NEW;
		}
	}
	fixture_write(&fx);

	vulnerabilities = get(fx.document, "vulnerabilities");
	cJSON_ArrayForEach(item, vulnerabilities)
	{
		bool ignored = strcmp(get(item, "id")->valuestring, "CVE-2031-0001") == 0;

		assert_true(cJSON_IsBool(get(item, "ignored")));
		assert_int_equal(cJSON_IsTrue(get(item, "ignored")), ignored);
		assert_string_equal(get(item, "baseline")->valuestring, ignored ? "known" : "new");
		if (ignored) {
			assert_string_equal(get(get(item, "ignore"), "rule")->valuestring,
					    "CVE-2031-0001");
			assert_string_equal(get(get(item, "ignore"), "reason")->valuestring,
					    "accepted until the next release");
			assert_string_equal(get(get(item, "ignore"), "source")->valuestring,
					    ".trivyignore");
			assert_string_equal(get(get(item, "ignore"), "expires")->valuestring,
					    "2031-06-01");
		} else {
			assert_true(cJSON_IsNull(get(item, "ignore")));
		}
	}
	/* The ignored CRITICAL leaves the counts but stays in the list. */
	summary = get(fx.document, "summary");
	assert_int_equal(cJSON_GetArraySize(vulnerabilities), 8);
	assert_int_equal(get(summary, "total_vulnerabilities")->valueint, 7);
	assert_int_equal(get(summary, "ignored_findings")->valueint, 1);
	assert_int_equal(get(get(summary, "severity_breakdown"), "CRITICAL")->valueint, 0);
	by_kind = get(summary, "by_kind");
	assert_int_equal(get(get(by_kind, "vulnerability"), "ignored")->valueint, 1);
	assert_int_equal(get(get(by_kind, "vulnerability"), "total")->valueint, 7);
	fixture_dispose(&fx);
}

static void images_sharing_a_name(void **state)
{
	char first[64];
	char second[64];
	const cJSON *by_image;
	fixture fx;

	(void)state;
	fixture_init(&fx);
	add_image_report(&fx, first, "shop/app:latest",
			 "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	add_image_report(&fx, second, "shop/app:latest",
			 "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	fixture_read(&fx);
	assert_int_equal(assay_run_image_count(fx.run), 2);
	fixture_write(&fx);

	by_image = get(get(fx.document, "summary"), "by_image");
	assert_int_equal(cJSON_GetArraySize(by_image), 2);
	assert_int_equal(get(get(by_image, "shop/app:latest"), "total")->valueint, 1);
	assert_int_equal(get(get(by_image, "shop/app:latest (2)"), "total")->valueint, 1);
	assert_int_equal(cJSON_GetArraySize(get(fx.document, "images")), 2);
	fixture_dispose(&fx);
	remove(first);
	remove(second);
}

static void empty_run_keeps_every_key(void **state)
{
	static const char *const keys[] = {
		"tool",		     "summary",		     "images",
		"vulnerabilities",   "misconfigurations",    "secrets",
		"licenses",	     "recommendations",	     "compliance",
		"checks",	     "threshold_violations", "passes_threshold",
	};
	const cJSON *item;
	size_t i = 0;
	fixture fx;

	(void)state;
	fixture_init(&fx);
	fixture_write(&fx);

	/* Every key, in the documented order, and nothing else. */
	cJSON_ArrayForEach(item, fx.document)
	{
		assert_true(i < sizeof(keys) / sizeof(keys[0]));
		assert_string_equal(item->string, keys[i]);
		i++;
	}
	assert_int_equal(i, sizeof(keys) / sizeof(keys[0]));
	assert_true(cJSON_IsNull(get(get(fx.document, "summary"), "scan_time")));
	assert_true(cJSON_IsNull(get(get(fx.document, "summary"), "image_size")));
	assert_int_equal(cJSON_GetArraySize(get(get(fx.document, "summary"), "by_image")), 0);
	assert_true(cJSON_IsTrue(get(fx.document, "passes_threshold")));
	fixture_dispose(&fx);
}

/* A Trivy report whose findings of the four kinds the core sorts into one mixed order. */
static const char mixed_kinds_report[] =
    "{\"SchemaVersion\": 2, \"ArtifactName\": \"mix:1\", \"Results\": [{\"Target\": "
    "\"Dockerfile\", \"Class\": \"config\", \"Type\": \"dockerfile\", "
    "\"Misconfigurations\": [{\"ID\": \"DS002\", \"Severity\": \"HIGH\"}, {\"ID\": "
    "\"DS005\", \"Severity\": \"LOW\"}], \"Secrets\": [{\"RuleID\": \"aws-key\", "
    "\"Severity\": \"CRITICAL\"}], \"Licenses\": [{\"Name\": \"GPL-3.0\", \"Severity\": "
    "\"MEDIUM\", \"PkgName\": \"bash\"}], \"Vulnerabilities\": [{\"VulnerabilityID\": "
    "\"CVE-2031-0001\", \"PkgName\": \"a\", \"Severity\": \"LOW\"}, {\"VulnerabilityID\": "
    "\"CVE-2031-0002\", \"PkgName\": \"b\", \"Severity\": \"CRITICAL\"}, "
    "{\"VulnerabilityID\": \"CVE-2031-0003\", \"PkgName\": \"c\", \"Severity\": "
    "\"MEDIUM\"}]}]}";

/* Each kind's array lists exactly the findings of that kind, in the core's order. */
static void findings_grouped_by_kind(void **state)
{
	char path[64];
	fixture fx;
	FILE *f;
	int fd;
	int kind;

	(void)state;
	strcpy(path, "/tmp/assay-test-json-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(mixed_kinds_report, f);
	fclose(f);
	fixture_init(&fx);
	assert_int_equal(assay_run_add_input(fx.run, "trivy", path), 0);
	fixture_read(&fx);
	assert_int_equal(assay_run_finding_count(fx.run), 7);
	fixture_write(&fx);

	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		const cJSON *array = get(fx.document, kind_keys[kind]);
		const cJSON *item = array->child;
		size_t i;

		for (i = 0; i < assay_run_finding_count(fx.run); i++) {
			const assay_finding *finding = assay_run_finding_at(fx.run, i);

			if ((int)finding->kind != kind) {
				continue;
			}
			if (item == NULL) {
				fail_msg("%s: %s missing", kind_keys[kind], finding->id);
			}
			assert_string_equal(get(item, "fingerprint")->valuestring,
					    finding->fingerprint);
			item = item->next;
		}
		if (item != NULL) {
			fail_msg("%s: extra finding %s", kind_keys[kind],
				 get(item, "id")->valuestring);
		}
	}
	fixture_dispose(&fx);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sections_are_written_once),
		cmocka_unit_test(ignored_and_baseline_findings),
		cmocka_unit_test(images_sharing_a_name),
		cmocka_unit_test(empty_run_keeps_every_key),
		cmocka_unit_test(findings_grouped_by_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
