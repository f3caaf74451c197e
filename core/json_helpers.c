/* SPDX-License-Identifier: Apache-2.0 */
/* Typed reads of a cJSON document for plugins, built on the public API only. */
#include <string.h>

#include "assay/json.h"

/*
 * Append `prefix` and then `text` and return the length before. A path
 * that reaches the buffer's end is cut there, as snprintf would cut it.
 * Readers push several parts for every entry of a report, so this copies
 * with memcpy instead of formatting.
 */
static size_t path_append(assay_json_path *path, const char *prefix, size_t prefix_len,
			  const char *text, size_t text_len)
{
	size_t before = path->len;
	size_t room = sizeof(path->text) - before;
	size_t total = prefix_len + text_len;
	size_t kept = total < room ? total : room - 1;
	size_t from_prefix = prefix_len < kept ? prefix_len : kept;

	memcpy(path->text + before, prefix, from_prefix);
	memcpy(path->text + before + from_prefix, text, kept - from_prefix);
	path->text[before + kept] = '\0';
	path->len = before + kept;
	return before;
}

void assay_json_path_init(assay_json_path *path)
{
	path->text[0] = '\0';
	path->len = 0;
}

size_t assay_json_path_push_key(assay_json_path *path, const char *key)
{
	if (path->len == 0) {
		return path_append(path, "", 0, key, strlen(key));
	}
	return path_append(path, ".", 1, key, strlen(key));
}

size_t assay_json_path_push_index(assay_json_path *path, size_t index)
{
	char digits[24];
	size_t start = sizeof(digits) - 1;

	/* "index]", written from the last digit backwards. */
	digits[start] = ']';
	do {
		digits[--start] = (char)('0' + index % 10);
		index /= 10;
	} while (index > 0);
	return path_append(path, "[", 1, digits + start, sizeof(digits) - start);
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

/* Maximum bytes of one item that assay_json_prefetch loads: a vulnerability takes about 1.8 KB. */
#define JSON_PREFETCH_MAX_BYTES 4096

void assay_json_prefetch(const cJSON *item)
{
	uintptr_t start = (uintptr_t)item;
	uintptr_t end;
	uintptr_t address;

	if (!item) {
		return;
	}
	end = item->next ? (uintptr_t)item->next : start;
	if (end < start || end - start > JSON_PREFETCH_MAX_BYTES) {
		end = start + JSON_PREFETCH_MAX_BYTES;
	}
	/* This file uses only what plugins could, so it spells out the compiler's hint. */
	for (address = start; address <= end; address += 64) {
#if defined(__GNUC__)
		__builtin_prefetch((const void *)address);
#endif
	}
}
