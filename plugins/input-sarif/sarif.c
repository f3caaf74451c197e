/* SPDX-License-Identifier: Apache-2.0 */
/* Input plugin "sarif": reads any SARIF 2.1.0 log, one finding per result that is a problem. */
#include <stdlib.h>
#include <string.h>

#include "sarif.h"

/*
 * Probe: a JSON object with version "2.1.0" and a runs array, or whose
 * $schema names SARIF, is certainly SARIF. Another version with a runs
 * array is probably SARIF of an older or newer version, which the reader
 * rejects with a message that names the version.
 */
static int sarif_probe(const assay_document *doc)
{
	const cJSON *version;
	const cJSON *runs;
	const cJSON *schema;

	if (doc->json == NULL || !cJSON_IsObject(doc->json)) {
		return 0;
	}
	version = cJSON_GetObjectItemCaseSensitive(doc->json, "version");
	runs = cJSON_GetObjectItemCaseSensitive(doc->json, "runs");
	schema = cJSON_GetObjectItemCaseSensitive(doc->json, "$schema");

	if (cJSON_IsString(version) && strcmp(version->valuestring, "2.1.0") == 0 &&
	    cJSON_IsArray(runs)) {
		return 95;
	}
	if (cJSON_IsString(schema) && sarif_contains_nocase(schema->valuestring, "sarif")) {
		return 95;
	}
	if (cJSON_IsString(version) && cJSON_IsArray(runs)) {
		return 60;
	}
	return 0;
}

/* Whether the tool only finds secrets, so that all its results are secrets. */
static bool is_secret_tool(const char *name)
{
	static const char *const names[] = {"gitleaks", "trufflehog", "ggshield", "secret", NULL};
	size_t i;

	for (i = 0; names[i] != NULL; i++) {
		if (sarif_contains_nocase(name, names[i])) {
			return true;
		}
	}
	return false;
}

/* Index run.artifacts for artifactLocation.index. */
static int artifacts_load(sarif_reader *reader, const cJSON *run)
{
	const cJSON *artifacts = NULL;
	const cJSON *item;
	size_t count;
	int err = sarif_get_array(reader, run, "artifacts", &artifacts);

	if (err < 0 || artifacts == NULL) {
		return err;
	}
	count = (size_t)cJSON_GetArraySize(artifacts);
	reader->artifacts = calloc(count + 1, sizeof(*reader->artifacts));
	if (reader->artifacts == NULL) {
		return ASSAY_ENOMEM;
	}
	cJSON_ArrayForEach(item, artifacts)
	{
		if (reader->artifact_count >= count) {
			break;
		}
		reader->artifacts[reader->artifact_count++] = item;
	}
	return 0;
}

/* Lowercase copy of the tool's name, the source name of the CVSS data it reports. */
static int cvss_source_set(sarif_reader *reader)
{
	size_t i;

	reader->cvss_source = strdup(reader->tool_name);
	if (reader->cvss_source == NULL) {
		return ASSAY_ENOMEM;
	}
	for (i = 0; reader->cvss_source[i] != '\0'; i++) {
		char c = reader->cvss_source[i];

		if (c >= 'A' && c <= 'Z') {
			reader->cvss_source[i] = (char)(c - 'A' + 'a');
		}
	}
	return 0;
}

static void run_dispose(sarif_reader *reader)
{
	sarif_components_free(reader);
	free(reader->artifacts);
	free(reader->cvss_source);
	reader->artifacts = NULL;
	reader->artifact_count = 0;
	reader->cvss_source = NULL;
	reader->run = NULL;
	reader->base_ids = NULL;
}

/* Read the results of one run (at the current path). */
static int run_read_results(sarif_reader *reader, const cJSON *results)
{
	const cJSON *item;
	size_t index = 0;
	size_t mark = assay_json_path_push_key(&reader->path, "results");
	int err = 0;

	cJSON_ArrayForEach(item, results)
	{
		size_t item_mark = assay_json_path_push_index(&reader->path, index);

		err = sarif_result_read(reader, item);
		assay_json_path_pop(&reader->path, item_mark);
		if (err < 0) {
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/* Read one run (at the current path): its tool, artifacts, image and results. */
static int run_read(sarif_reader *reader, const cJSON *run)
{
	const cJSON *results = NULL;
	int err;

	if (!cJSON_IsObject(run)) {
		return sarif_type_error(reader, NULL, run, "an object");
	}
	reader->run = run;
	err = sarif_components_load(reader, run);
	if (err == 0) {
		reader->tool_name = reader->components[0].name;
		reader->secret_tool = is_secret_tool(reader->tool_name);
		err = cvss_source_set(reader);
	}
	if (err == 0) {
		err = artifacts_load(reader, run);
	}
	if (err == 0) {
		err = sarif_get_object(reader, run, "originalUriBaseIds", &reader->base_ids);
	}
	if (err == 0) {
		err = sarif_get_array(reader, run, "results", &results);
	}
	if (err == 0) {
		err = sarif_run_declare_image(reader, run, results);
	}
	if (err == 0 && results != NULL) {
		err = run_read_results(reader, results);
	}
	run_dispose(reader);
	return err;
}

/* Check the log's version and return its runs (NULL for "runs": null). */
static int log_check(sarif_reader *reader, const cJSON *root, const cJSON **runs)
{
	const cJSON *version_item;
	const char *version = NULL;
	int err;

	*runs = NULL;
	version_item = cJSON_GetObjectItemCaseSensitive(root, "version");
	if (!cJSON_IsObject(root) || version_item == NULL ||
	    cJSON_GetObjectItemCaseSensitive(root, "runs") == NULL) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "not a SARIF log: expected version and runs");
	}
	err = sarif_get_string(reader, root, "version", &version);
	if (err < 0) {
		return err;
	}
	if (version == NULL || strcmp(version, "2.1.0") != 0) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "unsupported SARIF version \"%.32s\": only SARIF 2.1.0 is "
				   "supported",
				   version != NULL ? version : "null");
	}
	return sarif_get_array(reader, root, "runs", runs);
}

static int sarif_read(assay_ctx *ctx, const assay_document *doc)
{
	sarif_reader reader;
	const cJSON *runs = NULL;
	const cJSON *run;
	int err;

	memset(&reader, 0, sizeof(reader));
	reader.ctx = ctx;
	if (doc->json == NULL) {
		return assay_error(ctx, ASSAY_EPARSE, "not a SARIF log: expected version and runs");
	}
	err = log_check(&reader, doc->json, &runs);
	if (err < 0) {
		return err;
	}

	cJSON_ArrayForEach(run, runs)
	{
		sarif_path_set(&reader.path, "runs");
		assay_json_path_push_index(&reader.path, reader.run_index);
		err = run_read(&reader, run);
		if (err < 0) {
			return err;
		}
		reader.run_index++;
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_INPUT,
    .name = "sarif",
    .version = "1.0.0",
    .summary = "SARIF 2.1.0 logs of any scanner (Trivy, Grype, gitleaks, CodeQL, Snyk Code …)",
    .probe = sarif_probe,
    .read = sarif_read,
};

ASSAY_PLUGIN_DEFINE(descriptor)
