/* SPDX-License-Identifier: Apache-2.0 */
/* Typed access to a Snyk report's JSON, naming the JSON path of every type error. */
#include <stdio.h>
#include <string.h>

#include "snyk.h"

static size_t path_append(snyk_reader *reader, const char *text, bool is_key)
{
	size_t mark = reader->path_len;
	size_t room = sizeof(reader->path) - reader->path_len;
	const char *separator = is_key && reader->path_len > 0 ? "." : "";
	int written = snprintf(reader->path + reader->path_len, room, "%s%s", separator, text);

	if (written < 0) {
		reader->path[mark] = '\0';
		return mark;
	}
	if ((size_t)written >= room) {
		reader->path_len = sizeof(reader->path) - 1;
	} else {
		reader->path_len += (size_t)written;
	}
	return mark;
}

size_t snyk_path_key(snyk_reader *reader, const char *key)
{
	return path_append(reader, key, true);
}

size_t snyk_path_index(snyk_reader *reader, size_t index)
{
	char text[32];

	snprintf(text, sizeof(text), "[%zu]", index);
	return path_append(reader, text, false);
}

void snyk_path_restore(snyk_reader *reader, size_t mark)
{
	if (mark < sizeof(reader->path)) {
		reader->path_len = mark;
		reader->path[mark] = '\0';
	}
}

const char *snyk_path_text(const snyk_reader *reader)
{
	return reader->path_len > 0 ? reader->path : "the document";
}

const char *snyk_json_type_name(const cJSON *item)
{
	if (!item || cJSON_IsNull(item)) {
		return "null";
	}
	if (cJSON_IsString(item)) {
		return "a string";
	}
	if (cJSON_IsNumber(item)) {
		return "a number";
	}
	if (cJSON_IsBool(item)) {
		return "a boolean";
	}
	if (cJSON_IsArray(item)) {
		return "a list";
	}
	if (cJSON_IsObject(item)) {
		return "an object";
	}
	return "an invalid value";
}

int snyk_type_error(snyk_reader *reader, const char *key, const cJSON *found, const char *expected)
{
	size_t mark = reader->path_len;
	int err;

	if (key) {
		snyk_path_key(reader, key);
	}
	err = assay_error(reader->ctx, ASSAY_EPARSE, "%s: expected %s, found %s",
			  snyk_path_text(reader), expected, snyk_json_type_name(found));
	snyk_path_restore(reader, mark);
	return err;
}

int snyk_nomem(snyk_reader *reader)
{
	return assay_error(reader->ctx, ASSAY_ENOMEM, "%s: out of memory", snyk_path_text(reader));
}

/* The value of `key`, or NULL when it is missing or JSON null. */
static const cJSON *lookup(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (!item || cJSON_IsNull(item)) {
		return NULL;
	}
	return item;
}

int snyk_get_string(snyk_reader *reader, const cJSON *object, const char *key, const char **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsString(item) || !item->valuestring) {
		return snyk_type_error(reader, key, item, "a string");
	}
	if (item->valuestring[0] != '\0') {
		*out = item->valuestring;
	}
	return 0;
}

int snyk_get_number(snyk_reader *reader, const cJSON *object, const char *key, double *out,
		    bool *present)
{
	const cJSON *item = lookup(object, key);

	*out = 0;
	*present = false;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return snyk_type_error(reader, key, item, "a number");
	}
	*out = item->valuedouble;
	*present = true;
	return 0;
}

int snyk_get_bool(snyk_reader *reader, const cJSON *object, const char *key, int *out)
{
	const cJSON *item = lookup(object, key);

	*out = -1;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsBool(item)) {
		return snyk_type_error(reader, key, item, "true or false");
	}
	*out = cJSON_IsTrue(item) ? 1 : 0;
	return 0;
}

int snyk_get_array(snyk_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsArray(item)) {
		return snyk_type_error(reader, key, item, "a list");
	}
	*out = item;
	return 0;
}

int snyk_get_object(snyk_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsObject(item)) {
		return snyk_type_error(reader, key, item, "an object");
	}
	*out = item;
	return 0;
}

int snyk_string_at(snyk_reader *reader, const cJSON *array, const char *key, size_t index,
		   const char **out)
{
	const cJSON *item = cJSON_GetArrayItem(array, (int)index);
	size_t mark;
	int err;

	*out = NULL;
	if (!item || cJSON_IsNull(item)) {
		return 0;
	}
	if (!cJSON_IsString(item) || !item->valuestring) {
		mark = snyk_path_key(reader, key);
		snyk_path_index(reader, index);
		err = snyk_type_error(reader, NULL, item, "a string");
		snyk_path_restore(reader, mark);
		return err;
	}
	if (item->valuestring[0] != '\0') {
		*out = item->valuestring;
	}
	return 0;
}

int snyk_append_strings(snyk_reader *reader, assay_finding *finding, assay_list list,
			const cJSON *object, const char *key, const char *except)
{
	const cJSON *array = NULL;
	const cJSON *item = NULL;
	const char *value = NULL;
	size_t index = 0;
	int err = snyk_get_array(reader, object, key, &array);

	if (err || !array) {
		return err;
	}
	cJSON_ArrayForEach(item, array)
	{
		if (cJSON_IsNull(item)) {
			index++;
			continue;
		}
		if (!cJSON_IsString(item) || !item->valuestring) {
			size_t mark = snyk_path_key(reader, key);

			snyk_path_index(reader, index);
			err = snyk_type_error(reader, NULL, item, "a string");
			snyk_path_restore(reader, mark);
			return err;
		}
		value = item->valuestring;
		if (!except || strcmp(value, except) != 0) {
			err = assay_finding_append(reader->ctx, finding, list, value);
			if (err) {
				return snyk_nomem(reader);
			}
		}
		index++;
	}
	return 0;
}
