/* SPDX-License-Identifier: Apache-2.0 */
/* Typed access to a SARIF log's JSON that names the JSON path of every type error. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sarif.h"

void sarif_path_set(assay_json_path *path, const char *text)
{
	assay_json_path_init(path);
	assay_json_path_push_key(path, text);
}

const char *sarif_type_name(const cJSON *item)
{
	if (item == NULL || cJSON_IsNull(item)) {
		return "null";
	}
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
	return "an invalid value";
}

int sarif_type_error(sarif_reader *reader, const char *key, const cJSON *found,
		     const char *expected)
{
	size_t mark = reader->path.len;

	if (key != NULL) {
		mark = assay_json_path_push_key(&reader->path, key);
	}
	assay_error(reader->ctx, ASSAY_EPARSE, "%s: expected %s, found %s", reader->path.text,
		    expected, sarif_type_name(found));
	assay_json_path_pop(&reader->path, mark);
	return ASSAY_EPARSE;
}

int sarif_value_error(sarif_reader *reader, const char *key, const char *fmt, ...)
{
	char message[512];
	size_t mark = reader->path.len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);

	if (key != NULL) {
		mark = assay_json_path_push_key(&reader->path, key);
	}
	assay_error(reader->ctx, ASSAY_EPARSE, "%s: %s", reader->path.text, message);
	assay_json_path_pop(&reader->path, mark);
	return ASSAY_EPARSE;
}

/* The value of `key`, or NULL when it is missing or null. */
static const cJSON *lookup(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (item == NULL || cJSON_IsNull(item)) {
		return NULL;
	}
	return item;
}

int sarif_get_string(sarif_reader *reader, const cJSON *object, const char *key, const char **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsString(item) || item->valuestring == NULL) {
		return sarif_type_error(reader, key, item, "a string");
	}
	*out = item->valuestring;
	return 0;
}

int sarif_get_array(sarif_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsArray(item)) {
		return sarif_type_error(reader, key, item, "an array");
	}
	*out = item;
	return 0;
}

int sarif_get_object(sarif_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsObject(item)) {
		return sarif_type_error(reader, key, item, "an object");
	}
	*out = item;
	return 0;
}

int sarif_get_integer(sarif_reader *reader, const cJSON *object, const char *key, long long min,
		      long long max, long long *out, bool *present)
{
	const cJSON *item = lookup(object, key);
	double value;

	*present = false;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return sarif_type_error(reader, key, item, "an integer");
	}

	value = item->valuedouble;
	if (!isfinite(value) || value != floor(value)) {
		return sarif_value_error(reader, key, "expected an integer, found %g", value);
	}
	if (value < (double)min || value > (double)max) {
		return sarif_value_error(reader, key, "%.0f is out of range (%lld to %lld)", value,
					 min, max);
	}
	*out = (long long)value;
	*present = true;
	return 0;
}

int sarif_get_enum(sarif_reader *reader, const cJSON *object, const char *key,
		   const char *const *allowed, const char **out)
{
	const char *value = NULL;
	char list[256] = "";
	size_t i;
	int err = sarif_get_string(reader, object, key, &value);

	*out = NULL;
	if (err < 0 || value == NULL) {
		return err;
	}
	for (i = 0; allowed[i] != NULL; i++) {
		if (strcmp(value, allowed[i]) == 0) {
			*out = allowed[i];
			return 0;
		}
	}

	for (i = 0; allowed[i] != NULL; i++) {
		size_t used = strlen(list);

		snprintf(list + used, sizeof(list) - used, "%s%s", i > 0 ? ", " : "", allowed[i]);
	}
	return sarif_value_error(reader, key, "expected one of %s, found \"%.64s\"", list, value);
}

int sarif_get_text_of(sarif_reader *reader, const cJSON *object, const char *key, const char **out)
{
	const cJSON *message = NULL;
	size_t mark;
	int err = sarif_get_object(reader, object, key, &message);

	*out = NULL;
	if (err < 0 || message == NULL) {
		return err;
	}
	mark = assay_json_path_push_key(&reader->path, key);
	err = sarif_get_string(reader, message, "text", out);
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int sarif_check_strings(sarif_reader *reader, const cJSON *array)
{
	const cJSON *item;
	size_t index = 0;

	cJSON_ArrayForEach(item, array)
	{
		if (!cJSON_IsString(item) || item->valuestring == NULL) {
			size_t mark = assay_json_path_push_index(&reader->path, index);
			int err = sarif_type_error(reader, NULL, item, "a string");

			assay_json_path_pop(&reader->path, mark);
			return err;
		}
		index++;
	}
	return 0;
}

/* Parse a whole string as a finite number; false when any of it is not. */
static bool parse_number(const char *text, double *out)
{
	char *end = NULL;
	double value;

	while (*text == ' ' || *text == '\t') {
		text++;
	}
	if (*text == '\0') {
		return false;
	}
	errno = 0;
	value = strtod(text, &end);
	while (*end == ' ' || *end == '\t') {
		end++;
	}
	if (errno != 0 || *end != '\0' || !isfinite(value)) {
		return false;
	}
	*out = value;
	return true;
}

int sarif_get_score(sarif_reader *reader, const cJSON *object, const char *key, double *out,
		    char *text, size_t text_size, bool *present)
{
	const cJSON *item = lookup(object, key);
	double value = 0;

	*present = false;
	if (item == NULL) {
		return 0;
	}

	if (cJSON_IsNumber(item)) {
		value = item->valuedouble;
		snprintf(text, text_size, "%g", value);
	} else if (cJSON_IsString(item) && item->valuestring != NULL) {
		if (!parse_number(item->valuestring, &value)) {
			return sarif_value_error(
			    reader, key, "expected a score from 0.0 to 10.0, found \"%.32s\"",
			    item->valuestring);
		}
		snprintf(text, text_size, "%s", item->valuestring);
	} else {
		return sarif_type_error(reader, key, item, "a number or a string");
	}

	if (!isfinite(value) || value < 0.0 || value > 10.0) {
		return sarif_value_error(reader, key, "expected a score from 0.0 to 10.0, found %g",
					 value);
	}
	*out = value;
	*present = true;
	return 0;
}
