/* SPDX-License-Identifier: Apache-2.0 */
/* Typed reads of a cJSON document for plugins, built on the public API only. */
#include <stdio.h>
#include <string.h>

#include "assay/json.h"

static size_t path_append(assay_json_path *path, const char *text, bool is_key)
{
	size_t mark = path->len;
	size_t room = sizeof(path->text) - path->len;
	const char *separator = is_key && path->len > 0 ? "." : "";
	int written = snprintf(path->text + path->len, room, "%s%s", separator, text);

	if (written < 0) {
		path->text[mark] = '\0';
		return mark;
	}
	if ((size_t)written >= room) {
		path->len = sizeof(path->text) - 1;
	} else {
		path->len += (size_t)written;
	}
	return mark;
}

void assay_json_path_init(assay_json_path *path)
{
	path->text[0] = '\0';
	path->len = 0;
}

size_t assay_json_path_push_key(assay_json_path *path, const char *key)
{
	return path_append(path, key, true);
}

size_t assay_json_path_push_index(assay_json_path *path, size_t index)
{
	char text[32];

	snprintf(text, sizeof(text), "[%zu]", index);
	return path_append(path, text, false);
}

void assay_json_path_pop(assay_json_path *path, size_t mark)
{
	if (mark < sizeof(path->text)) {
		path->len = mark;
		path->text[mark] = '\0';
	}
}

const char *assay_json_path_text(const assay_json_path *path)
{
	return path->len > 0 ? path->text : "the document";
}

const char *assay_json_type_name(const cJSON *item)
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

int assay_json_type_error(assay_ctx *ctx, assay_json_path *path, const char *key,
			  const cJSON *found, const char *expected)
{
	size_t mark = path->len;
	int err;

	if (key) {
		assay_json_path_push_key(path, key);
	}
	err = assay_error(ctx, ASSAY_EPARSE, "%s: expected %s, found %s",
			  assay_json_path_text(path), expected, assay_json_type_name(found));
	assay_json_path_pop(path, mark);
	return err;
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

int assay_json_get_string(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
			  const char *key, const char **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsString(item) || !item->valuestring) {
		return assay_json_type_error(ctx, path, key, item, "a string");
	}
	if (item->valuestring[0] != '\0') {
		*out = item->valuestring;
	}
	return 0;
}

int assay_json_get_number(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
			  const char *key, double *out, bool *present)
{
	const cJSON *item = lookup(object, key);

	*out = 0;
	*present = false;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return assay_json_type_error(ctx, path, key, item, "a number");
	}
	*out = item->valuedouble;
	*present = true;
	return 0;
}

int assay_json_get_bool(assay_ctx *ctx, assay_json_path *path, const cJSON *object, const char *key,
			int *out)
{
	const cJSON *item = lookup(object, key);

	*out = -1;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsBool(item)) {
		return assay_json_type_error(ctx, path, key, item, "true or false");
	}
	*out = cJSON_IsTrue(item) ? 1 : 0;
	return 0;
}

int assay_json_get_array(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
			 const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsArray(item)) {
		return assay_json_type_error(ctx, path, key, item, "a list");
	}
	*out = item;
	return 0;
}

int assay_json_get_object(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
			  const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsObject(item)) {
		return assay_json_type_error(ctx, path, key, item, "an object");
	}
	*out = item;
	return 0;
}
