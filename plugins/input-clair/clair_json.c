/* SPDX-License-Identifier: Apache-2.0 */
/* Typed access to a Clair report's JSON, naming the JSON path of every type error, and an id map.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clair.h"

static size_t path_append(clair_reader *reader, const char *text, bool is_key)
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

/* Whether `key` reads unambiguously after a dot: letters, digits, '_' and '-'. */
static bool is_plain_key(const char *key)
{
	const char *p = key;

	for (; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) {
			return false;
		}
	}
	return p != key;
}

size_t clair_path_key(clair_reader *reader, const char *key)
{
	size_t mark = reader->path_len;

	if (is_plain_key(key)) {
		return path_append(reader, key, true);
	}
	/* Keys such as enrichment media types ("message/vnd…; enricher=…") are quoted. */
	path_append(reader, "[\"", false);
	path_append(reader, key, false);
	path_append(reader, "\"]", false);
	return mark;
}

size_t clair_path_index(clair_reader *reader, size_t index)
{
	char text[32];

	snprintf(text, sizeof(text), "[%zu]", index);
	return path_append(reader, text, false);
}

void clair_path_restore(clair_reader *reader, size_t mark)
{
	if (mark < sizeof(reader->path)) {
		reader->path_len = mark;
		reader->path[mark] = '\0';
	}
}

const char *clair_path_text(const clair_reader *reader)
{
	return reader->path_len > 0 ? reader->path : "the document";
}

const char *clair_json_type_name(const cJSON *item)
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

int clair_type_error(clair_reader *reader, const char *key, const cJSON *found,
		     const char *expected)
{
	size_t mark = reader->path_len;
	int err;

	if (key) {
		clair_path_key(reader, key);
	}
	err = assay_error(reader->ctx, ASSAY_EPARSE, "%s: expected %s, found %s",
			  clair_path_text(reader), expected, clair_json_type_name(found));
	clair_path_restore(reader, mark);
	return err;
}

int clair_nomem(clair_reader *reader)
{
	return assay_error(reader->ctx, ASSAY_ENOMEM, "%s: out of memory", clair_path_text(reader));
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

int clair_get_string(clair_reader *reader, const cJSON *object, const char *key, const char **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsString(item) || !item->valuestring) {
		return clair_type_error(reader, key, item, "a string");
	}
	if (item->valuestring[0] != '\0') {
		*out = item->valuestring;
	}
	return 0;
}

int clair_get_number(clair_reader *reader, const cJSON *object, const char *key, double *out,
		     bool *present)
{
	const cJSON *item = lookup(object, key);

	*out = 0;
	*present = false;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return clair_type_error(reader, key, item, "a number");
	}
	*out = item->valuedouble;
	*present = true;
	return 0;
}

int clair_get_array(clair_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsArray(item)) {
		return clair_type_error(reader, key, item, "a list");
	}
	*out = item;
	return 0;
}

int clair_get_object(clair_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(object, key);

	*out = NULL;
	if (!item) {
		return 0;
	}
	if (!cJSON_IsObject(item)) {
		return clair_type_error(reader, key, item, "an object");
	}
	*out = item;
	return 0;
}

/* ---- String map ---- */

static size_t hash_key(const char *key)
{
	const unsigned char *p = (const unsigned char *)key;
	uint64_t hash = 14695981039346656037ULL;

	while (*p) {
		hash = (hash ^ *p++) * 1099511628211ULL;
	}
	return (size_t)hash;
}

int clair_map_init(clair_map *map, size_t expected)
{
	size_t capacity = 16;

	memset(map, 0, sizeof(*map));
	while (capacity / 2 < expected) {
		if (capacity > SIZE_MAX / 2 / sizeof(clair_map_slot)) {
			return ASSAY_ENOMEM;
		}
		capacity *= 2;
	}
	map->slots = calloc(capacity, sizeof(*map->slots));
	if (!map->slots) {
		return ASSAY_ENOMEM;
	}
	map->mask = capacity - 1;
	map->limit = capacity / 2;
	return 0;
}

void clair_map_dispose(clair_map *map)
{
	free(map->slots);
	memset(map, 0, sizeof(*map));
}

int clair_map_put(clair_map *map, const char *key, const void *value)
{
	size_t slot = hash_key(key) & map->mask;

	while (map->slots[slot].key) {
		if (strcmp(map->slots[slot].key, key) == 0) {
			return 0;
		}
		slot = (slot + 1) & map->mask;
	}
	/* Keeping the table at most half full bounds every probe sequence. */
	if (map->count >= map->limit) {
		return ASSAY_ELIMIT;
	}
	map->slots[slot].key = key;
	map->slots[slot].value = value;
	map->count++;
	return 0;
}

const void *clair_map_get(const clair_map *map, const char *key)
{
	size_t slot = hash_key(key) & map->mask;

	while (map->slots[slot].key) {
		if (strcmp(map->slots[slot].key, key) == 0) {
			return map->slots[slot].value;
		}
		slot = (slot + 1) & map->mask;
	}
	return NULL;
}
