/* SPDX-License-Identifier: Apache-2.0 */
/* The trivy input plugin: probes and reads every JSON layout Trivy writes. */
#include "trivy.h"

#include <stdio.h>
#include <string.h>

/* Keys of an object named in the wrong-shape error, enough to recognize the format. */
#define SHAPE_KEYS_SHOWN 3

/* How sure the probe is of each layout, from 0 to 100. */
enum {
	PROBE_REPORT = 95,	/* SchemaVersion with Results or ArtifactName, or a k8s report */
	PROBE_UNVERSIONED = 70, /* ArtifactName and Results without SchemaVersion */
	PROBE_LEGACY_LIST =
	    60,		 /* a list whose first entry has Target and Vulnerabilities or Type */
	PROBE_EMPTY = 10 /* null or []: Trivy writes these when there is nothing to report */
};

static bool has_key(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return item != NULL && !cJSON_IsNull(item);
}

static int probe_object(const cJSON *root)
{
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "SchemaVersion")) &&
	    (has_key(root, "Results") || has_key(root, "ArtifactName"))) {
		return PROBE_REPORT;
	}
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "ClusterName")) &&
	    (has_key(root, "Resources") || has_key(root, "Findings") ||
	     has_key(root, "Vulnerabilities") || has_key(root, "Misconfigurations"))) {
		return PROBE_REPORT;
	}
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "ArtifactName")) &&
	    cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "Results"))) {
		return PROBE_UNVERSIONED;
	}
	return 0;
}

static int probe_list(const cJSON *root)
{
	const cJSON *first = root->child;

	if (first == NULL) {
		return PROBE_EMPTY;
	}
	if (cJSON_IsObject(first) &&
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(first, "Target")) &&
	    (cJSON_GetObjectItemCaseSensitive(first, "Vulnerabilities") != NULL ||
	     cJSON_IsString(cJSON_GetObjectItemCaseSensitive(first, "Type")))) {
		return PROBE_LEGACY_LIST;
	}
	return 0;
}

static int probe(const assay_document *doc)
{
	const cJSON *root = doc->json;

	if (root == NULL) {
		return 0;
	}
	if (cJSON_IsNull(root)) {
		return PROBE_EMPTY;
	}
	if (cJSON_IsArray(root)) {
		return probe_list(root);
	}
	if (cJSON_IsObject(root)) {
		return probe_object(root);
	}
	return 0;
}

int trivy_check_schema_version(trivy_reader *reader, const cJSON *root)
{
	const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "SchemaVersion");

	if (version == NULL || cJSON_IsNull(version)) {
		return 0;
	}
	if (!cJSON_IsNumber(version)) {
		return assay_json_type_error(reader->ctx, &reader->path, "SchemaVersion", version,
					     "a number");
	}
	if (version->valuedouble != 2.0) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "SchemaVersion %g is not supported: this reader supports "
				   "SchemaVersion 2; write the report with a Trivy release that "
				   "uses it, or update assay",
				   version->valuedouble);
	}
	return 0;
}

/*
 * Reject a document of the wrong shape, naming the first keys of an object
 * so that a report given the wrong FORMAT is easy to recognize.
 */
static int wrong_shape(trivy_reader *reader, const cJSON *root)
{
	char keys[128] = "";
	size_t used = 0;
	size_t shown = 0;
	const cJSON *item = NULL;

	if (cJSON_IsObject(root)) {
		cJSON_ArrayForEach(item, root)
		{
			if (shown == SHAPE_KEYS_SHOWN || used >= sizeof(keys) - 1) {
				break;
			}
			used += (size_t)snprintf(keys + used, sizeof(keys) - used, "%s\"%.32s\"",
						 shown > 0 ? ", " : " with keys ", item->string);
			shown++;
		}
	}
	return assay_error(reader->ctx, ASSAY_EPARSE,
			   "not a Trivy report: expected SchemaVersion and Results (trivy "
			   "--format json), a list of results, or ClusterName (trivy k8s), found "
			   "%s%s; check which scanner wrote the file and the format named for it",
			   assay_json_type_name(root), keys);
}

static int read_schema2(trivy_reader *reader, const cJSON *root)
{
	const char *name = NULL;
	const char *artifact_type = NULL;
	const char *created_at = NULL;
	const cJSON *results = NULL;
	assay_image *image = NULL;
	size_t saved = reader->path.len;
	int err = trivy_check_schema_version(reader, root);

	if (err == 0) {
		err = trivy_get_text(reader, root, "ArtifactName", &name);
	}
	if (err == 0) {
		err = trivy_get_text(reader, root, "ArtifactType", &artifact_type);
	}
	if (err == 0) {
		err = trivy_get_text(reader, root, "CreatedAt", &created_at);
	}
	if (err == 0) {
		err = trivy_get_array(reader, root, "Results", &results);
	}
	if (err == 0) {
		err = trivy_read_image(reader, root, name != NULL ? name : reader->report_name,
				       &image);
	}
	if (err != 0) {
		return err;
	}

	if ((artifact_type != NULL &&
	     assay_image_set(reader->ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE, artifact_type) != 0) ||
	    (created_at != NULL &&
	     assay_image_set(reader->ctx, image, ASSAY_IMAGE_CREATED_AT, created_at) != 0)) {
		return trivy_nomem(reader);
	}

	/* Trivy leaves Results out when every target was skipped: no findings. */
	if (results == NULL) {
		return 0;
	}
	assay_json_path_push_key(&reader->path, "Results");
	err = trivy_read_result_list(reader, results);
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * The list of results from before SchemaVersion 2: [{Target, Type,
 * Vulnerabilities}]. It names no artifact, so the report's path names it.
 * Every entry must have a Target, so that another tool's list is rejected
 * rather than read as zero findings.
 */
static int read_legacy_list(trivy_reader *reader, const cJSON *root)
{
	const cJSON *entry = NULL;
	size_t index = 0;
	size_t saved = 0;

	if (root->child == NULL) {
		return 0;
	}
	cJSON_ArrayForEach(entry, root)
	{
		if (!cJSON_IsObject(entry) || !has_key(entry, "Target")) {
			saved = assay_json_path_push_index(&reader->path, index);
			assay_error(reader->ctx, ASSAY_EPARSE,
				    "%s: not a Trivy result: expected an object with Target, "
				    "found %s%s; check which scanner wrote the file and the format named for it",
				    reader->path.text, assay_json_type_name(entry),
				    cJSON_IsObject(entry) ? " without Target" : "");
			assay_json_path_pop(&reader->path, saved);
			return ASSAY_EPARSE;
		}
		index++;
	}
	if (assay_image_declare(reader->ctx, reader->report_name, NULL) == NULL) {
		return trivy_nomem(reader);
	}
	return trivy_read_result_list(reader, root);
}

/* Dispatch on the layout: null, a legacy list, a k8s report or a SchemaVersion 2 report. */
static int read_layout(trivy_reader *reader, const cJSON *root)
{
	/* Trivy writes null or [] when there is nothing to report. */
	if (cJSON_IsNull(root)) {
		return 0;
	}
	if (cJSON_IsArray(root)) {
		return read_legacy_list(reader, root);
	}
	if (cJSON_IsObject(root) && (has_key(root, "ClusterName") || has_key(root, "Resources") ||
				     has_key(root, "Findings"))) {
		return trivy_read_k8s(reader, root);
	}
	if (cJSON_IsObject(root) && (has_key(root, "SchemaVersion") || has_key(root, "Results") ||
				     has_key(root, "ArtifactName"))) {
		return read_schema2(reader, root);
	}
	return wrong_shape(reader, root);
}

static int read_report(assay_ctx *ctx, const assay_document *doc)
{
	trivy_reader reader = {.ctx = ctx};
	int err = 0;

	reader.report_name = strcmp(doc->path, "-") == 0 ? "stdin" : doc->path;
	if (doc->json == NULL) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a Trivy report: the file is not JSON; write it with "
				   "trivy --format json");
	}
	err = read_layout(&reader, doc->json);
	if (err == 0 && reader.skipped > 0) {
		assay_log(ctx, ASSAY_LOG_WARN,
			  "%s: %zu entr%s without an id left out, the first at %s",
			  reader.report_name, reader.skipped, reader.skipped == 1 ? "y" : "ies",
			  reader.first_skipped);
	}
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_INPUT,
    .name = "trivy",
    .version = "1.0.0",
    .summary = "Trivy JSON reports: image, filesystem, repository, SBOM and k8s scans",
    .probe = probe,
    .read = read_report,
};

ASSAY_PLUGIN_DEFINE(descriptor)
