/* SPDX-License-Identifier: Apache-2.0 */
/* Input plugin for Clair: v4 vulnerability reports, and clair-scanner and klar JSON (Clair v2). */
#include <string.h>

#include "clair.h"

/* The fields of one vulnerability in the two Clair v2 client formats. */
enum {
	LEGACY_NAME,
	LEGACY_NAMESPACE,
	LEGACY_DESCRIPTION,
	LEGACY_LINK,
	LEGACY_SEVERITY,
	LEGACY_FIXED_BY,
	LEGACY_FEATURE_NAME,
	LEGACY_FEATURE_VERSION,
	LEGACY_FIELD_COUNT
};

/* clang-format off */
static const char *const scanner_keys[LEGACY_FIELD_COUNT] = {
    [LEGACY_NAME] = "vulnerability",
    [LEGACY_NAMESPACE] = "namespace",
    [LEGACY_DESCRIPTION] = "description",
    [LEGACY_LINK] = "link",
    [LEGACY_SEVERITY] = "severity",
    [LEGACY_FIXED_BY] = "fixedby",
    [LEGACY_FEATURE_NAME] = "featurename",
    [LEGACY_FEATURE_VERSION] = "featureversion",
};
/* clang-format on */

static const char *const klar_keys[LEGACY_FIELD_COUNT] = {
    [LEGACY_NAME] = "Name",
    [LEGACY_NAMESPACE] = "NamespaceName",
    [LEGACY_DESCRIPTION] = "Description",
    [LEGACY_LINK] = "Link",
    [LEGACY_SEVERITY] = "Severity",
    [LEGACY_FIXED_BY] = "FixedBy",
    [LEGACY_FEATURE_NAME] = "FeatureName",
    [LEGACY_FEATURE_VERSION] = "FeatureVersion",
};

/*
 * klar copies Clair v2's `Metadata` of a vulnerability, where NVD scores
 * sit under Metadata.NVD.CVSSv2 (and CVSSv3) as {"Score", "Vectors"}.
 */
static int read_klar_cvss(clair_reader *reader, const cJSON *item, assay_finding *finding)
{
	static const char *const versions[] = {"CVSSv2", "CVSSv3"};
	assay_cvss cvss = {.source = "nvd", .v2_score = -1, .v3_score = -1, .v4_score = -1};
	const cJSON *metadata = NULL;
	const cJSON *nvd = NULL;
	const cJSON *scores = NULL;
	const char *vector = NULL;
	double score = -1;
	bool present = false;
	bool found = false;
	size_t mark = reader->path.len;
	size_t i;
	int err = assay_json_get_object(reader->ctx, &reader->path, item, "Metadata", &metadata);

	if (!err && metadata) {
		clair_path_key(reader, "Metadata");
		err = assay_json_get_object(reader->ctx, &reader->path, metadata, "NVD", &nvd);
	}
	if (!err && nvd) {
		clair_path_key(reader, "NVD");
	}
	for (i = 0; i < sizeof(versions) / sizeof(*versions) && !err && nvd; i++) {
		size_t inner = reader->path.len;

		err = assay_json_get_object(reader->ctx, &reader->path, nvd, versions[i], &scores);
		if (!err && scores) {
			clair_path_key(reader, versions[i]);
			err = assay_json_get_number(reader->ctx, &reader->path, scores, "Score",
						    &score, &present);
		}
		if (!err && scores) {
			err = assay_json_get_string(reader->ctx, &reader->path, scores, "Vectors",
						    &vector);
		}
		if (!err && scores && (present || vector) && i == 0) {
			cvss.v2_score = present ? score : -1;
			cvss.v2_vector = vector;
			found = true;
		} else if (!err && scores && (present || vector)) {
			cvss.v3_score = present ? score : -1;
			cvss.v3_vector = vector;
			found = true;
		}
		assay_json_path_pop(&reader->path, inner);
	}
	assay_json_path_pop(&reader->path, mark);
	if (!err && found && assay_finding_add_cvss(reader->ctx, finding, &cvss) != 0) {
		err = clair_nomem(reader);
	}
	return err;
}

/* Package type from the family of a namespace ("ubuntu:18.04" → "deb"), or NULL. */
static const char *namespace_package_type(const char *namespace_name)
{
	const char *colon = namespace_name ? strchr(namespace_name, ':') : NULL;

	return colon ? clair_os_package_type(namespace_name, (size_t)(colon - namespace_name))
		     : NULL;
}

/*
 * One vulnerability of clair-scanner or klar. `group` is klar's severity
 * key, used when the entry has no Severity of its own.
 */
static int read_legacy_entry(clair_reader *reader, const cJSON *item, const char *const *keys,
			     const char *group, assay_image *image)
{
	const char *values[LEGACY_FIELD_COUNT] = {NULL};
	const char *severity = NULL;
	assay_finding *finding = NULL;
	assay_ctx *ctx = reader->ctx;
	size_t i;
	int err = 0;

	if (!cJSON_IsObject(item)) {
		return clair_type_error(reader, NULL, item, "an object");
	}
	for (i = 0; i < LEGACY_FIELD_COUNT && !err; i++) {
		err = assay_json_get_string(reader->ctx, &reader->path, item, keys[i], &values[i]);
	}
	if (!err && !values[LEGACY_NAME]) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "%s.%s: missing; every vulnerability needs its id",
				   assay_json_path_text(&reader->path), keys[LEGACY_NAME]);
	}
	if (!err) {
		err = clair_record_namespace(reader, image, values[LEGACY_NAMESPACE]);
	}
	finding = err ? NULL : assay_finding_new(ctx);
	if (!err && !finding) {
		err = clair_nomem(reader);
	}
	if (err) {
		return err;
	}

	severity = values[LEGACY_SEVERITY] ? values[LEGACY_SEVERITY] : group;
	finding->kind = ASSAY_KIND_VULNERABILITY;
	finding->severity = clair_severity(severity);
	if (clair_set_identity(ctx, finding, values[LEGACY_NAME], values[LEGACY_LINK],
			       values[LEGACY_DESCRIPTION]) != 0 ||
	    clair_set_links(ctx, finding, values[LEGACY_LINK]) != 0 ||
	    clair_set_fix(ctx, finding, values[LEGACY_FIXED_BY], ASSAY_FIX_NOT_FIXED) != 0 ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_RAW_SEVERITY, severity) != 0 ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_DESCRIPTION, values[LEGACY_DESCRIPTION]) ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_NAME, values[LEGACY_FEATURE_NAME]) ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_VERSION,
			      values[LEGACY_FEATURE_VERSION]) != 0 ||
	    assay_finding_set(ctx, finding, ASSAY_FIELD_PKG_TYPE,
			      namespace_package_type(values[LEGACY_NAMESPACE])) != 0) {
		err = clair_nomem(reader);
	}
	if (!err && keys == klar_keys) {
		err = read_klar_cvss(reader, item, finding);
	}
	if (err) {
		assay_finding_discard(ctx, finding);
		return err;
	}
	return assay_finding_add(ctx, finding);
}

static int read_legacy_list(clair_reader *reader, const cJSON *list, const char *key,
			    const char *const *keys, assay_image *image)
{
	const cJSON *item = NULL;
	size_t index = 0;
	size_t mark = clair_path_key(reader, key);
	int err = 0;

	cJSON_ArrayForEach(item, list)
	{
		size_t inner = assay_json_path_push_index(&reader->path, index++);

		err = read_legacy_entry(reader, item, keys, keys == klar_keys ? key : NULL, image);
		assay_json_path_pop(&reader->path, inner);
		if (err) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

/*
 * Count the vulnerabilities that clair-scanner's whitelist approved (those
 * not in `unapproved`). assay reports them like the others; the count goes
 * to the log so a user can carry the whitelist over to an ignore file.
 */
static int count_approved(clair_reader *reader, const cJSON *unapproved, const cJSON *list,
			  size_t *out)
{
	const cJSON *item = NULL;
	clair_map ids;
	size_t index = 0;
	int err = clair_map_init(&ids, (size_t)cJSON_GetArraySize(unapproved));

	*out = 0;
	if (err) {
		return clair_nomem(reader);
	}
	cJSON_ArrayForEach(item, unapproved)
	{
		if (!cJSON_IsString(item) || !item->valuestring) {
			clair_path_key(reader, "unapproved");
			assay_json_path_push_index(&reader->path, index);
			err = clair_type_error(reader, NULL, item, "a string");
			assay_json_path_pop(&reader->path, 0);
			goto out;
		}
		index++;
		clair_map_put(&ids, item->valuestring, item);
	}
	cJSON_ArrayForEach(item, list)
	{
		const char *id = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(item, scanner_keys[LEGACY_NAME]));

		if (id && !clair_map_get(&ids, id)) {
			(*out)++;
		}
	}

out:
	clair_map_dispose(&ids);
	return err;
}

/* clair-scanner: {"image", "unapproved": [ids], "vulnerabilities": [...]}. */
static int read_clair_scanner(clair_reader *reader, const cJSON *root)
{
	const cJSON *unapproved = NULL;
	const cJSON *list = NULL;
	const char *name = NULL;
	assay_image *image = NULL;
	size_t approved = 0;
	int err = assay_json_get_string(reader->ctx, &reader->path, root, "image", &name);

	if (!err) {
		err = assay_json_get_array(reader->ctx, &reader->path, root, "unapproved",
					   &unapproved);
	}
	if (!err) {
		err = assay_json_get_array(reader->ctx, &reader->path, root, "vulnerabilities",
					   &list);
	}
	if (!err && unapproved) {
		err = count_approved(reader, unapproved, list, &approved);
	}
	if (err) {
		return err;
	}
	if (name) {
		image = assay_image_declare(reader->ctx, name, NULL);
		if (!image || (!image->artifact_type &&
			       assay_image_set(reader->ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE,
					       "container_image") != 0)) {
			return clair_nomem(reader);
		}
	}
	if (approved > 0) {
		assay_log(
		    reader->ctx, ASSAY_LOG_INFO,
		    "%zu vulnerabilities are approved by the clair-scanner whitelist; assay "
		    "counts them too, so list their ids in an --ignore-file to leave them out",
		    approved);
	}
	return list ? read_legacy_list(reader, list, "vulnerabilities", scanner_keys, image) : 0;
}

/*
 * klar: {"LayerCount", "Vulnerabilities": {"High": [...], ...}}. klar
 * names no image, so its findings belong to no image.
 */
static int read_klar(clair_reader *reader, const cJSON *root)
{
	const cJSON *groups = NULL;
	const cJSON *group = NULL;
	double layers = 0;
	bool present = false;
	size_t mark = 0;
	int err = assay_json_get_number(reader->ctx, &reader->path, root, "LayerCount", &layers,
					&present);

	if (!err) {
		err = assay_json_get_object(reader->ctx, &reader->path, root, "Vulnerabilities",
					    &groups);
	}
	if (err || !groups) {
		return err;
	}
	mark = clair_path_key(reader, "Vulnerabilities");
	cJSON_ArrayForEach(group, groups)
	{
		if (cJSON_IsNull(group)) {
			continue;
		}
		if (!cJSON_IsArray(group)) {
			err = clair_type_error(reader, group->string, group, "a list");
			break;
		}
		err = read_legacy_list(reader, group, group->string, klar_keys, NULL);
		if (err) {
			break;
		}
	}
	assay_json_path_pop(&reader->path, mark);
	return err;
}

static bool has(const cJSON *object, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(object, key) != NULL;
}

static int clair_read(assay_ctx *ctx, const assay_document *doc)
{
	clair_reader reader = {.ctx = ctx};
	const cJSON *root = doc->json;

	assay_json_path_init(&reader.path);
	if (!cJSON_IsObject(root)) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a Clair report: expected a JSON object (a Clair v4 "
				   "vulnerability report, clair-scanner or klar JSON), found %s",
				   root ? assay_json_type_name(root) : "text that is not JSON");
	}
	if (has(root, "package_vulnerabilities")) {
		return clair_read_v4(&reader, root);
	}
	if (has(root, "manifest_hash")) {
		return assay_error(
		    ctx, ASSAY_EPARSE,
		    "not a Clair report: expected package_vulnerabilities; this looks "
		    "like a Clair index report, so pass the vulnerability report "
		    "(clairctl report, or /matcher/api/v1/vulnerability_report)");
	}
	if (has(root, "LayerCount") || has(root, "Vulnerabilities")) {
		return read_klar(&reader, root);
	}
	/* A vulnerabilities list alone is not enough: Snyk writes one too. */
	if (has(root, "image") || has(root, "unapproved")) {
		return read_clair_scanner(&reader, root);
	}
	return assay_error(
	    ctx, ASSAY_EPARSE,
	    "not a Clair report: expected manifest_hash and package_vulnerabilities "
	    "(Clair v4), image and vulnerabilities (clair-scanner) or LayerCount and "
	    "Vulnerabilities (klar)");
}

/* Whether the first entry of clair-scanner's vulnerabilities has a featurename. */
static bool has_scanner_entries(const cJSON *root)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "vulnerabilities");
	const cJSON *first = cJSON_IsArray(list) ? list->child : NULL;

	return cJSON_IsObject(first) && has(first, "featurename");
}

static int clair_probe(const assay_document *doc)
{
	const cJSON *root = doc->json;

	if (!cJSON_IsObject(root)) {
		return 0;
	}
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "manifest_hash")) &&
	    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "package_vulnerabilities"))) {
		return 90;
	}
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(root, "image")) &&
	    (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "unapproved")) ||
	     has_scanner_entries(root))) {
		return 85;
	}
	if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(root, "LayerCount")) &&
	    cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "Vulnerabilities"))) {
		return 85;
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_INPUT,
    .name = "clair",
    .version = "1.0.0",
    .summary = "Clair v4 vulnerability report, clair-scanner and klar JSON",
    .probe = clair_probe,
    .read = clair_read,
};

ASSAY_PLUGIN_DEFINE(descriptor)
