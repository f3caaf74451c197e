/* SPDX-License-Identifier: Apache-2.0 */
/* Input plugin for Grype's JSON report (`grype -o json`): the probe, the document, the source. */
#include <stdint.h>
#include <string.h>

#include "grype.h"

/*
 * Probe scores. The bare array of matches that early releases wrote is
 * less distinctive than an object with "matches".
 */
#define GRYPE_PROBE_DESCRIPTOR 100
#define GRYPE_PROBE_SOURCE 90
#define GRYPE_PROBE_BARE_ARRAY 80

static bool is_object_with(const cJSON *item, const char *key1, const char *key2)
{
	return cJSON_IsObject(item) && cJSON_HasObjectItem(item, key1) &&
	       cJSON_HasObjectItem(item, key2);
}

static int grype_probe(const assay_document *doc)
{
	const cJSON *root = doc->json;
	const cJSON *descriptor = NULL;
	const cJSON *name = NULL;

	if (cJSON_IsArray(root)) {
		return is_object_with(cJSON_GetArrayItem(root, 0), "vulnerability", "artifact")
			   ? GRYPE_PROBE_BARE_ARRAY
			   : 0;
	}
	if (!cJSON_IsObject(root) ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "matches"))) {
		return 0;
	}
	descriptor = cJSON_GetObjectItemCaseSensitive(root, "descriptor");
	name = cJSON_GetObjectItemCaseSensitive(descriptor, "name");
	if (cJSON_IsString(name) && name->valuestring != NULL &&
	    strcmp(name->valuestring, "grype") == 0) {
		return GRYPE_PROBE_DESCRIPTOR;
	}
	if (cJSON_HasObjectItem(root, "source")) {
		return GRYPE_PROBE_SOURCE;
	}
	return 0;
}

/* Append every string of the array at `key` to a list of the image. */
static int copy_image_strings(grype_reader *reader, assay_image *image, assay_image_list list,
			      const cJSON *object, const char *key)
{
	const cJSON *array = NULL;
	const cJSON *item = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, object, key, &array);

	if (err != 0 || array == NULL) {
		return err;
	}
	cJSON_ArrayForEach(item, array)
	{
		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			size_t saved = assay_json_path_push_key(&reader->path, key);

			assay_json_path_push_index(&reader->path, index);
			err = grype_type_error(reader, NULL, item, "a string");
			assay_json_path_pop(&reader->path, saved);
			return err;
		}
		if (item->valuestring[0] != '\0' &&
		    assay_image_append(reader->ctx, image, list, item->valuestring) != 0) {
			return grype_nomem(reader);
		}
		index++;
	}
	return 0;
}

/* Set a string field of the image unless another report set it first, or `value` is NULL. */
static int set_image_field(grype_reader *reader, assay_image *image, assay_image_field field,
			   const char *current, const char *value)
{
	if (current != NULL || value == NULL) {
		return 0;
	}
	if (assay_image_set(reader->ctx, image, field, value) != 0) {
		return grype_nomem(reader);
	}
	return 0;
}

/* "layers": [{mediaType, digest, size}]; Grype's layer digests are the diff ids. */
static int read_layers(grype_reader *reader, assay_image *image, const cJSON *target)
{
	const cJSON *layers = NULL;
	const cJSON *layer = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, target, "layers", &layers);

	if (err != 0 || layers == NULL) {
		return err;
	}
	cJSON_ArrayForEach(layer, layers)
	{
		const char *digest = NULL;
		size_t saved = assay_json_path_push_key(&reader->path, "layers");

		assay_json_path_push_index(&reader->path, index);
		err = grype_expect_object(reader, layer);
		if (err == 0) {
			err = grype_get_text(reader, layer, "digest", &digest);
		}
		assay_json_path_pop(&reader->path, saved);
		if (err != 0) {
			return err;
		}
		if (digest != NULL &&
		    assay_image_append(reader->ctx, image, ASSAY_IMAGE_DIFF_IDS, digest) != 0) {
			return grype_nomem(reader);
		}
		index++;
	}
	return 0;
}

/* The first non-empty string of the array at `key`, or NULL; every element must be a string. */
static int first_string(grype_reader *reader, const cJSON *object, const char *key,
			const char **out)
{
	const cJSON *array = NULL;
	const cJSON *item = NULL;
	size_t index = 0;
	int err = grype_get_array(reader, object, key, &array);

	*out = NULL;
	if (err != 0 || array == NULL) {
		return err;
	}
	cJSON_ArrayForEach(item, array)
	{
		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			size_t saved = assay_json_path_push_key(&reader->path, key);

			assay_json_path_push_index(&reader->path, index);
			err = grype_type_error(reader, NULL, item, "a string");
			assay_json_path_pop(&reader->path, saved);
			return err;
		}
		if (*out == NULL && item->valuestring[0] != '\0') {
			*out = item->valuestring;
		}
		index++;
	}
	return 0;
}

/*
 * Name of an image target: what the user asked Grype to scan
 * ("userInput", written by 0.7 and later), else the first tag, else the
 * id. Early releases wrote neither "userInput" nor "imageID", only
 * "tags" and a "digest".
 */
static int image_target_name(grype_reader *reader, const cJSON *target, const char **name,
			     const char **image_id)
{
	const char *digest = NULL;
	int err = grype_get_text(reader, target, "userInput", name);

	if (err == 0 && *name == NULL) {
		err = grype_get_text(reader, target, "path", name);
	}
	if (err == 0 && *name == NULL) {
		err = first_string(reader, target, "tags", name);
	}
	if (err == 0) {
		err = grype_get_text(reader, target, "imageID", image_id);
	}
	if (err == 0) {
		err = grype_get_text(reader, target, "digest", &digest);
	}
	if (err == 0 && *name == NULL) {
		*name = *image_id != NULL ? *image_id : digest;
	}
	return err;
}

/* Tags, digests, size and layers of an image target. */
static int read_image_details(grype_reader *reader, assay_image *image, const cJSON *target)
{
	int64_t size = -1;
	int err = copy_image_strings(reader, image, ASSAY_IMAGE_REPO_TAGS, target, "tags");

	if (err == 0) {
		err = copy_image_strings(reader, image, ASSAY_IMAGE_REPO_DIGESTS, target,
					 "repoDigests");
	}
	if (err == 0) {
		err = grype_get_size(reader, target, "imageSize", &size);
	}
	if (err == 0 && size < 0) {
		/* Early releases called it "size". */
		err = grype_get_size(reader, target, "size", &size);
	}
	if (err == 0 && image->size < 0) {
		image->size = size;
	}
	if (err == 0) {
		err = read_layers(reader, image, target);
	}
	return err;
}

/* The artifact type assay uses for Grype's source types; others pass through. */
static const char *artifact_type_of(const char *source_type)
{
	if (source_type == NULL) {
		return NULL;
	}
	if (strcmp(source_type, "image") == 0) {
		return "container_image";
	}
	if (strcmp(source_type, "directory") == 0 || strcmp(source_type, "file") == 0) {
		return "filesystem";
	}
	return source_type;
}

/* The name, and for images the id, of the source's "target": a string or an image object. */
static int read_target_name(grype_reader *reader, const cJSON *source, const cJSON **image_target,
			    const char **name, const char **image_id)
{
	const cJSON *target = cJSON_GetObjectItemCaseSensitive(source, "target");
	size_t saved = 0;
	int err = 0;

	*image_target = NULL;
	*name = NULL;
	*image_id = NULL;
	if (target == NULL || cJSON_IsNull(target)) {
		return 0;
	}
	if (cJSON_IsString(target) && target->valuestring != NULL) {
		if (target->valuestring[0] != '\0') {
			*name = target->valuestring;
		}
		return 0;
	}
	if (!cJSON_IsObject(target)) {
		return grype_type_error(reader, "target", target, "a string or an object");
	}
	*image_target = target;
	saved = assay_json_path_push_key(&reader->path, "target");
	err = image_target_name(reader, target, name, image_id);
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * "distro" (the OS Grype detected) and "descriptor.timestamp" (when it
 * ran), kept unless another report described the image first. They are
 * checked even when the report declares no image (`image` NULL).
 */
static int read_context(grype_reader *reader, assay_image *image, const cJSON *root)
{
	const cJSON *distro = NULL;
	const cJSON *descriptor = NULL;
	const char *os_family = NULL;
	const char *os_name = NULL;
	const char *timestamp = NULL;
	int err = grype_get_object(reader, root, "distro", &distro);

	if (err == 0 && distro != NULL) {
		size_t saved = assay_json_path_push_key(&reader->path, "distro");

		err = grype_get_text(reader, distro, "name", &os_family);
		if (err == 0) {
			err = grype_get_text(reader, distro, "version", &os_name);
		}
		assay_json_path_pop(&reader->path, saved);
	}
	if (err == 0) {
		err = grype_get_object(reader, root, "descriptor", &descriptor);
	}
	if (err == 0 && descriptor != NULL) {
		size_t saved = assay_json_path_push_key(&reader->path, "descriptor");

		err = grype_get_text(reader, descriptor, "timestamp", &timestamp);
		assay_json_path_pop(&reader->path, saved);
	}
	if (err != 0 || image == NULL) {
		return err;
	}

	err = set_image_field(reader, image, ASSAY_IMAGE_OS_FAMILY, image->os_family, os_family);
	if (err == 0) {
		err = set_image_field(reader, image, ASSAY_IMAGE_OS_NAME, image->os_name, os_name);
	}
	if (err == 0) {
		err = set_image_field(reader, image, ASSAY_IMAGE_CREATED_AT, image->created_at,
				      timestamp);
	}
	return err;
}

/*
 * Declare the artifact of "source": {type, target}, so that findings and
 * other scanners' reports of the same image meet. For an image the target
 * is an object (userInput, imageID, tags, repoDigests, imageSize, layers).
 * For a directory, a file, an SBOM, a purl or "unknown" it is a string.
 * *out is NULL when the report names no artifact.
 */
static int read_source(grype_reader *reader, const cJSON *root, assay_image **out)
{
	const cJSON *source = NULL;
	const cJSON *image_target = NULL;
	const char *type = NULL;
	const char *name = NULL;
	const char *image_id = NULL;
	assay_image *image = NULL;
	int err = grype_get_object(reader, root, "source", &source);

	*out = NULL;
	if (err != 0 || source == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "source");
	err = grype_get_text(reader, source, "type", &type);
	if (err == 0) {
		err = read_target_name(reader, source, &image_target, &name, &image_id);
	}
	if (err != 0 || name == NULL) {
		goto out;
	}

	image = assay_image_declare(reader->ctx, name, image_id);
	if (image == NULL) {
		err = grype_nomem(reader);
		goto out;
	}
	reader->target = name;
	err = set_image_field(reader, image, ASSAY_IMAGE_ARTIFACT_TYPE, image->artifact_type,
			      artifact_type_of(type));
	if (err == 0 && image_target != NULL) {
		assay_json_path_push_key(&reader->path, "target");
		err = read_image_details(reader, image, image_target);
	}
	if (err == 0) {
		*out = image;
	}

out:
	assay_json_path_pop(&reader->path, 0);
	return err;
}

/*
 * Check that the document is a Grype report and find its "matches", which
 * may be NULL for a report that has none. A document of another shape
 * gets a "not a Grype report" error, because the user may have named the
 * wrong format.
 */
static int check_document(grype_reader *reader, const cJSON *root, const cJSON **matches)
{
	const cJSON *descriptor = cJSON_GetObjectItemCaseSensitive(root, "descriptor");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(descriptor, "name");
	int err = 0;

	if (cJSON_IsString(name) && name->valuestring != NULL &&
	    strcmp(name->valuestring, "grype") != 0) {
		return assay_error(
		    reader->ctx, ASSAY_EPARSE,
		    "not a Grype report: descriptor.name is \"%s\", expected \"grype\"",
		    name->valuestring);
	}
	err = grype_get_array(reader, root, "matches", matches);
	if (err != 0) {
		return err;
	}
	if (*matches == NULL && !cJSON_HasObjectItem(root, "source") && descriptor == NULL) {
		return assay_error(
		    reader->ctx, ASSAY_EPARSE,
		    "not a Grype report: no \"matches\", \"source\" or \"descriptor\" "
		    "member found; run grype with -o json");
	}
	return 0;
}

static int read_matches(grype_reader *reader, const cJSON *matches, const char *key)
{
	const cJSON *match = NULL;
	size_t index = 0;
	int err = 0;

	cJSON_ArrayForEach(match, matches)
	{
		assay_json_prefetch(match->next);
		if (key != NULL) {
			assay_json_path_push_key(&reader->path, key);
		}
		assay_json_path_push_index(&reader->path, index);
		err = grype_read_match(reader, match);
		assay_json_path_pop(&reader->path, 0);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

/*
 * Read the bare array of matches with no source that early releases
 * wrote before the report became an object (0.7 writes the object).
 */
static int read_bare_array(grype_reader *reader, const cJSON *root)
{
	const cJSON *first = cJSON_GetArrayItem(root, 0);

	if (first != NULL && !is_object_with(first, "vulnerability", "artifact")) {
		return assay_error(reader->ctx, ASSAY_EPARSE,
				   "not a Grype report: the top-level array holds %s without "
				   "\"vulnerability\" and \"artifact\"; run grype with -o json",
				   cJSON_IsObject(first) ? "objects" : grype_type_name(first));
	}
	return read_matches(reader, root, NULL);
}

static int grype_read(assay_ctx *ctx, const assay_document *doc)
{
	grype_reader reader;
	const cJSON *matches = NULL;
	assay_image *image = NULL;
	int err = 0;

	memset(&reader, 0, sizeof(reader));
	reader.ctx = ctx;
	if (doc->json == NULL) {
		return assay_error(
		    ctx, ASSAY_EPARSE,
		    "not a Grype report: the file is not JSON; run grype with -o json");
	}
	if (cJSON_IsArray(doc->json)) {
		return read_bare_array(&reader, doc->json);
	}
	if (!cJSON_IsObject(doc->json)) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a Grype report: expected a JSON object with a \"matches\" "
				   "array, found %s",
				   grype_type_name(doc->json));
	}

	err = check_document(&reader, doc->json, &matches);
	if (err == 0) {
		err = read_source(&reader, doc->json, &image);
	}
	if (err == 0) {
		err = read_context(&reader, image, doc->json);
	}
	if (err == 0 && matches != NULL) {
		err = read_matches(&reader, matches, "matches");
	}
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_INPUT,
    .name = "grype",
    .version = "1.0.0",
    .summary = "Grype JSON report (grype -o json)",
    .probe = grype_probe,
    .read = grype_read,
};

ASSAY_PLUGIN_DEFINE(descriptor)
