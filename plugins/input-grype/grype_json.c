/* SPDX-License-Identifier: Apache-2.0 */
/* Typed, path-tracking lookups in the JSON of a Grype report. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "grype.h"

/* 2^53: larger whole numbers no longer survive the trip through a double. */
#define GRYPE_MAX_EXACT_INTEGER 9007199254740992.0

const char *grype_type_name(const cJSON *item)
{
	if (cJSON_IsString(item)) {
		return "a string";
	}
	if (cJSON_IsNumber(item)) {
		return "a number";
	}
	if (cJSON_IsObject(item)) {
		return "an object";
	}
	if (cJSON_IsArray(item)) {
		return "an array";
	}
	if (cJSON_IsBool(item)) {
		return "a boolean";
	}
	return "null";
}

int grype_type_error(grype_reader *reader, const char *key, const cJSON *found,
		     const char *expected)
{
	size_t saved = reader->path.len;

	if (key != NULL) {
		assay_json_path_push_key(&reader->path, key);
	}
	assay_error(reader->ctx, ASSAY_EPARSE, "%s: expected %s, found %s", reader->path.text,
		    expected, grype_type_name(found));
	assay_json_path_pop(&reader->path, saved);
	return ASSAY_EPARSE;
}

int grype_missing_error(grype_reader *reader, const char *key, const char *expected)
{
	size_t saved = assay_json_path_push_key(&reader->path, key);

	assay_error(reader->ctx, ASSAY_EPARSE, "%s: missing; expected %s", reader->path.text,
		    expected);
	assay_json_path_pop(&reader->path, saved);
	return ASSAY_EPARSE;
}

int grype_nomem(grype_reader *reader)
{
	return assay_error(reader->ctx, ASSAY_ENOMEM, "%s: out of memory",
			   reader->path.len > 0 ? reader->path.text : "report");
}

/* The value at `key`, or NULL when it is missing or null. */
static const cJSON *lookup(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (item == NULL || cJSON_IsNull(item)) {
		return NULL;
	}
	return item;
}

int grype_get_string(grype_reader *reader, const cJSON *object, const char *key, const char **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsString(item) || item->valuestring == NULL) {
		return grype_type_error(reader, key, item, "a string");
	}
	*out = item->valuestring;
	return 0;
}

int grype_get_text(grype_reader *reader, const cJSON *object, const char *key, const char **out)
{
	int err = grype_get_string(reader, object, key, out);

	if (err == 0 && *out != NULL && (*out)[0] == '\0') {
		*out = NULL;
	}
	return err;
}

int grype_get_array(grype_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsArray(item)) {
		return grype_type_error(reader, key, item, "an array");
	}
	*out = item;
	return 0;
}

int grype_get_object(grype_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsObject(item)) {
		return grype_type_error(reader, key, item, "an object");
	}
	*out = item;
	return 0;
}

int grype_get_number(grype_reader *reader, const cJSON *object, const char *key, double *out,
		     bool *present)
{
	const cJSON *item = lookup(object, key);

	*present = false;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
		return grype_type_error(reader, key, item, "a number");
	}
	*out = item->valuedouble;
	*present = true;
	return 0;
}

int grype_get_size(grype_reader *reader, const cJSON *object, const char *key, int64_t *out)
{
	double value = 0;
	bool present = false;
	int err = grype_get_number(reader, object, key, &value, &present);

	if (err != 0 || !present) {
		return err;
	}
	if (value < 0 || value > GRYPE_MAX_EXACT_INTEGER || floor(value) != value) {
		size_t saved = assay_json_path_push_key(&reader->path, key);

		assay_error(
		    reader->ctx, ASSAY_EPARSE,
		    "%s: expected a size in bytes (a whole number from 0 to 2^53), found %g",
		    reader->path.text, value);
		assay_json_path_pop(&reader->path, saved);
		return ASSAY_EPARSE;
	}
	*out = (int64_t)value;
	return 0;
}

int grype_expect_object(grype_reader *reader, const cJSON *item)
{
	if (!cJSON_IsObject(item)) {
		return grype_type_error(reader, NULL, item, "an object");
	}
	return 0;
}

int grype_copy_text(grype_reader *reader, assay_finding *finding, assay_field field,
		    const cJSON *object, const char *key)
{
	const char *value = NULL;
	int err = grype_get_text(reader, object, key, &value);

	if (err != 0 || value == NULL) {
		return err;
	}
	if (assay_finding_set(reader->ctx, finding, field, value) != 0) {
		return grype_nomem(reader);
	}
	return 0;
}

int grype_copy_strings(grype_reader *reader, assay_finding *finding, assay_list list,
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
		if (assay_finding_append(reader->ctx, finding, list, item->valuestring) != 0) {
			return grype_nomem(reader);
		}
		index++;
	}
	return 0;
}
