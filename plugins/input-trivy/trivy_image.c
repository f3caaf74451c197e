/* SPDX-License-Identifier: Apache-2.0 */
/* Copies the Metadata of a Trivy report (OS, tags, layers, config) into an assay image. */
#include "trivy.h"

#include <string.h>

static int set_image_field(trivy_reader *reader, assay_image *image, assay_image_field field,
			   const char *value)
{
	if (value == NULL) {
		return 0;
	}
	if (assay_image_set(reader->ctx, image, field, value) != 0) {
		return trivy_nomem(reader);
	}
	return 0;
}

/* The first element of the list of strings at `key`, or NULL when the list is absent or empty. */
static int first_string(trivy_reader *reader, const cJSON *object, const char *key,
			const char **out)
{
	const cJSON *list = NULL;
	const cJSON *first = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_array(reader, object, key, &list);

	*out = NULL;
	if (err != 0 || list == NULL || list->child == NULL) {
		return err;
	}
	first = list->child;
	if (!cJSON_IsString(first) || first->valuestring == NULL) {
		assay_json_path_push_key(&reader->path, key);
		assay_json_path_push_index(&reader->path, 0);
		err = assay_json_type_error(reader->ctx, &reader->path, NULL, first, "a string");
		assay_json_path_pop(&reader->path, saved);
		return err;
	}
	if (first->valuestring[0] != '\0') {
		*out = first->valuestring;
	}
	return 0;
}

int trivy_find_image_name(trivy_reader *reader, const cJSON *metadata, const char **out)
{
	int err = first_string(reader, metadata, "RepoTags", out);

	if (err == 0 && *out == NULL) {
		err = first_string(reader, metadata, "RepoDigests", out);
	}
	if (err == 0 && *out == NULL) {
		err = trivy_get_text(reader, metadata, "ImageID", out);
	}
	return err;
}

static int append_image_list(trivy_reader *reader, assay_image *image, assay_image_list list,
			     const cJSON *metadata, const char *key)
{
	const cJSON *array = NULL;
	const cJSON *item = NULL;
	size_t saved = reader->path.len;
	size_t index = 0;
	int err = trivy_get_array(reader, metadata, key, &array);

	if (err != 0 || array == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, key);
	cJSON_ArrayForEach(item, array)
	{
		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			assay_json_path_push_index(&reader->path, index);
			err = assay_json_type_error(reader->ctx, &reader->path, NULL, item,
						    "a string");
			break;
		}
		if (item->valuestring[0] != '\0' &&
		    assay_image_append(reader->ctx, image, list, item->valuestring) != 0) {
			err = trivy_nomem(reader);
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

static int read_history_entry(trivy_reader *reader, assay_image *image, const cJSON *entry)
{
	const char *created_by = NULL;
	bool empty_layer = false;
	bool present = false;
	int err = trivy_expect_object(reader, entry);

	if (err == 0) {
		err = trivy_get_string(reader, entry, "created_by", &created_by);
	}
	if (err == 0) {
		err = trivy_get_bool(reader, entry, "empty_layer", &empty_layer, &present);
	}
	if (err != 0) {
		return err;
	}
	/* created_by is optional in the OCI image config, and a step without it still counts. */
	if (assay_image_add_history(reader->ctx, image, created_by != NULL ? created_by : "",
				    present && empty_layer) != 0) {
		return trivy_nomem(reader);
	}
	return 0;
}

static int read_history(trivy_reader *reader, assay_image *image, const cJSON *image_config)
{
	const cJSON *history = NULL;
	const cJSON *entry = NULL;
	size_t saved = reader->path.len;
	size_t entry_path = 0;
	size_t index = 0;
	int err = trivy_get_array(reader, image_config, "history", &history);

	if (err != 0 || history == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "history");
	cJSON_ArrayForEach(entry, history)
	{
		entry_path = assay_json_path_push_index(&reader->path, index);
		err = read_history_entry(reader, image, entry);
		assay_json_path_pop(&reader->path, entry_path);
		if (err != 0) {
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * Whether the config declares a working healthcheck: HEALTHCHECK NONE is
 * stored as {"Test": ["NONE"]} and disables any inherited one.
 */
static int read_healthcheck(trivy_reader *reader, assay_image *image, const cJSON *config)
{
	const cJSON *healthcheck = NULL;
	const char *test = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, config, "Healthcheck", &healthcheck);

	if (err != 0) {
		return err;
	}
	if (healthcheck == NULL) {
		image->has_healthcheck = 0;
		return 0;
	}
	assay_json_path_push_key(&reader->path, "Healthcheck");
	err = first_string(reader, healthcheck, "Test", &test);
	assay_json_path_pop(&reader->path, saved);
	if (err != 0) {
		return err;
	}
	image->has_healthcheck = test != NULL && strcmp(test, "NONE") == 0 ? 0 : 1;
	return 0;
}

/* ImageConfig.config: the USER ("" when unset, which means root) and the healthcheck. */
static int read_container_config(trivy_reader *reader, assay_image *image,
				 const cJSON *image_config)
{
	const cJSON *config = NULL;
	const char *user = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, image_config, "config", &config);

	/*
	 * Filesystem, VM and SBOM reports write an empty config, which tells
	 * nothing about the user, unlike an image config without User (root).
	 */
	if (err != 0 || config == NULL || config->child == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "config");
	err = trivy_get_string(reader, config, "User", &user);
	if (err == 0) {
		err = set_image_field(reader, image, ASSAY_IMAGE_CONFIG_USER,
				      user != NULL ? user : "");
	}
	if (err == 0) {
		err = read_healthcheck(reader, image, config);
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

static int read_image_config(trivy_reader *reader, assay_image *image, const cJSON *metadata)
{
	const cJSON *image_config = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, metadata, "ImageConfig", &image_config);

	if (err != 0 || image_config == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "ImageConfig");
	/* The first report that gives the history wins, so reading one twice does not repeat it. */
	if (image->history_count == 0) {
		err = read_history(reader, image, image_config);
	}
	if (err == 0) {
		err = read_container_config(reader, image, image_config);
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

static int read_os(trivy_reader *reader, assay_image *image, const cJSON *metadata)
{
	const cJSON *os = NULL;
	const char *family = NULL;
	const char *name = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, metadata, "OS", &os);

	if (err != 0 || os == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "OS");
	err = trivy_get_text(reader, os, "Family", &family);
	if (err == 0) {
		err = trivy_get_text(reader, os, "Name", &name);
	}
	assay_json_path_pop(&reader->path, saved);
	if (err == 0) {
		err = set_image_field(reader, image, ASSAY_IMAGE_OS_FAMILY, family);
	}
	if (err == 0) {
		err = set_image_field(reader, image, ASSAY_IMAGE_OS_NAME, name);
	}
	return err;
}

int trivy_copy_metadata(trivy_reader *reader, assay_image *image, const cJSON *metadata)
{
	int err = read_os(reader, image, metadata);

	if (err == 0) {
		err = trivy_get_size(reader, metadata, "Size", &image->size);
	}
	if (err == 0) {
		err = append_image_list(reader, image, ASSAY_IMAGE_REPO_TAGS, metadata, "RepoTags");
	}
	if (err == 0) {
		err = append_image_list(reader, image, ASSAY_IMAGE_REPO_DIGESTS, metadata,
					"RepoDigests");
	}
	if (err == 0) {
		err = append_image_list(reader, image, ASSAY_IMAGE_DIFF_IDS, metadata, "DiffIDs");
	}
	if (err == 0) {
		err = read_image_config(reader, image, metadata);
	}
	return err;
}

int trivy_read_image(trivy_reader *reader, const cJSON *holder, const char *name, assay_image **out)
{
	const cJSON *metadata = NULL;
	const char *image_id = NULL;
	assay_image *image = NULL;
	size_t saved = reader->path.len;
	int err = trivy_get_object(reader, holder, "Metadata", &metadata);

	*out = NULL;
	if (err != 0) {
		return err;
	}
	assay_json_path_push_key(&reader->path, "Metadata");
	if (metadata != NULL) {
		err = trivy_get_text(reader, metadata, "ImageID", &image_id);
	}
	if (err == 0) {
		image = assay_image_declare(reader->ctx, name, image_id);
		if (image == NULL) {
			err = trivy_nomem(reader);
		}
	}
	if (err == 0 && metadata != NULL) {
		err = trivy_copy_metadata(reader, image, metadata);
	}
	assay_json_path_pop(&reader->path, saved);
	if (err == 0) {
		*out = image;
	}
	return err;
}
