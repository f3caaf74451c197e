/* SPDX-License-Identifier: Apache-2.0 */
/* Conventions of Trivy and Grype in SARIF text and property bags: package data and the scanned
 * image. */
#include <string.h>

#include "sarif.h"

/* Set a span from a "Key: value" line of `text`; false when the key is absent. */
static bool field(const char *text, const char *key, const char **value, size_t *len)
{
	const char *found = NULL;
	size_t found_len = 0;

	if (!sarif_find_field(text, key, &found, &found_len)) {
		return false;
	}
	*value = found;
	*len = found_len;
	return true;
}

/* The span of `text` from `start` up to `stop` (or the end of the line), or false. */
static bool span_until(const char *start, const char *stop, const char **value, size_t *len)
{
	const char *end = strstr(start, stop);
	const char *newline = strchr(start, '\n');

	if (end == NULL || (newline != NULL && newline < end)) {
		return false;
	}
	*value = start;
	*len = (size_t)(end - start);
	return *len > 0;
}

/*
 * Current Grype releases write "A high vulnerability in deb package: openssl,
 * version 1.1.1n-0 was found in image debian:11 at: /var/lib/dpkg/status".
 * The message names the matched version, which the rule's help text, shared
 * by every version of the package, may not.
 */
static void parse_grype_message(sarif_package *out, const char *message)
{
	const char *marker = strstr(message, " package: ");
	const char *type_start;
	const char *name = NULL;
	const char *version = NULL;
	size_t name_len = 0;
	size_t version_len = 0;

	if (marker == NULL) {
		return;
	}
	if (!span_until(marker + strlen(" package: "), ", version ", &name, &name_len)) {
		return;
	}
	if (!span_until(name + name_len + strlen(", version "), " was found", &version,
			&version_len)) {
		return;
	}
	out->name = name;
	out->name_len = name_len;
	out->version = version;
	out->version_len = version_len;

	type_start = marker;
	while (type_start > message && type_start[-1] != ' ') {
		type_start--;
	}
	if (type_start < marker) {
		out->type = type_start;
		out->type_len = (size_t)(marker - type_start);
	}
}

/*
 * Trivy writes "Package:", "Installed Version:" and "Fixed Version:" lines
 * into each result's message, and "PkgName:" and "Classification:" lines
 * for licenses. Grype writes "Package:", "Version:", "Fix Version:",
 * "Type:" and "Location:" lines into each rule's help text.
 */
void sarif_package_parse(sarif_package *out, const char *message, const char *help_text)
{
	const char *help_name = NULL;
	size_t help_name_len = 0;
	bool help_has_package;

	memset(out, 0, sizeof(*out));
	if (message != NULL) {
		parse_grype_message(out, message);
		field(message, "Package", &out->name, &out->name_len);
		field(message, "Installed Version", &out->version, &out->version_len);
		out->fixed_known = field(message, "Fixed Version", &out->fixed, &out->fixed_len);
		if (out->name == NULL) {
			field(message, "PkgName", &out->name, &out->name_len);
		}
		field(message, "Classification", &out->license_class, &out->license_class_len);
	}
	if (help_text == NULL) {
		return;
	}

	/* a rule's help describes one package; the message, when it names one, is exact */
	help_has_package = field(help_text, "Package", &help_name, &help_name_len);
	if (out->name == NULL && help_has_package) {
		out->name = help_name;
		out->name_len = help_name_len;
	}
	if (out->version == NULL) {
		field(help_text, "Installed Version", &out->version, &out->version_len);
	}
	if (out->version == NULL && help_has_package) {
		field(help_text, "Version", &out->version, &out->version_len);
	}
	if (!out->fixed_known) {
		out->fixed_known =
		    field(help_text, "Fixed Version", &out->fixed, &out->fixed_len) ||
		    field(help_text, "Fix Version", &out->fixed, &out->fixed_len);
	}
	if (out->type == NULL && help_has_package) {
		field(help_text, "Type", &out->type, &out->type_len);
	}
	if (help_has_package) {
		field(help_text, "Location", &out->path, &out->path_len);
	}
}

/* The image Grype names in a result message ("… was found in image alpine:3.19 at: …"). */
static bool grype_image(const cJSON *results, char *out, size_t size)
{
	const cJSON *first = cJSON_GetArrayItem(results, 0);
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(first, "message");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(message, "text");
	const char *start;
	size_t len;

	if (!cJSON_IsString(text) || text->valuestring == NULL) {
		return false;
	}
	start = strstr(text->valuestring, " was found in image ");
	if (start == NULL) {
		return false;
	}
	start += strlen(" was found in image ");
	len = strcspn(start, " \n");
	if (len == 0 || len >= size) {
		return false;
	}
	memcpy(out, start, len);
	out[len] = '\0';
	return true;
}

/* Append each string of run.properties[key] (checked to be strings) to an image list. */
static int image_add_list(sarif_reader *reader, assay_image *image, const cJSON *properties,
			  const char *key, assay_image_list list)
{
	const cJSON *array = NULL;
	const cJSON *item;
	size_t mark;
	int err = sarif_get_array(reader, properties, key, &array);

	if (err < 0 || array == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, key);
	err = sarif_check_strings(reader, array);
	assay_json_path_pop(&reader->path, mark);
	cJSON_ArrayForEach(item, array)
	{
		if (err == 0) {
			err = assay_image_append(reader->ctx, image, list, item->valuestring);
		}
	}
	return err;
}

/* Trivy describes a scanned container image in run.properties. */
static int declare_trivy_image(sarif_reader *reader, const cJSON *properties, bool *declared)
{
	const char *name = NULL;
	const char *image_id = NULL;
	assay_image *image;
	size_t mark = assay_json_path_push_key(&reader->path, "properties");
	int err = sarif_get_string(reader, properties, "imageName", &name);

	*declared = false;
	if (err == 0) {
		err = sarif_get_string(reader, properties, "imageID", &image_id);
	}
	if (err < 0 || name == NULL || name[0] == '\0') {
		goto out;
	}
	image = assay_image_declare(reader->ctx, name, image_id);
	if (image == NULL) {
		err = ASSAY_ENOMEM;
		goto out;
	}
	*declared = true;
	err = assay_image_set(reader->ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE, "container_image");
	if (err == 0) {
		err = image_add_list(reader, image, properties, "repoTags", ASSAY_IMAGE_REPO_TAGS);
	}
	if (err == 0) {
		err = image_add_list(reader, image, properties, "repoDigests",
				     ASSAY_IMAGE_REPO_DIGESTS);
	}

out:
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int sarif_run_declare_image(sarif_reader *reader, const cJSON *run, const cJSON *results)
{
	const cJSON *properties = NULL;
	char name[512];
	bool declared = false;
	assay_image *image = NULL;
	int err = sarif_get_object(reader, run, "properties", &properties);

	if (err == 0 && properties != NULL) {
		err = declare_trivy_image(reader, properties, &declared);
	}
	if (err < 0 || declared) {
		return err;
	}

	if (grype_image(results, name, sizeof(name))) {
		image = assay_image_declare(reader->ctx, name, NULL);
		if (image == NULL) {
			return ASSAY_ENOMEM;
		}
		return assay_image_set(reader->ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE,
				       "container_image");
	}

	/* a run that scanned no image (source code, a repository) is named after its tool */
	image = assay_image_declare(reader->ctx, reader->tool_name, NULL);
	return image != NULL ? 0 : ASSAY_ENOMEM;
}
