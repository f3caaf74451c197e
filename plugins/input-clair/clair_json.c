/* SPDX-License-Identifier: Apache-2.0 */
/* Clair's JSON path keys, which quote media types, and the id map of v4 reports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clair.h"

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
	assay_json_path *path = &reader->path;
	size_t mark = path->len;
	size_t room = sizeof(path->text) - path->len;
	int written;

	if (is_plain_key(key)) {
		return assay_json_path_push_key(path, key);
	}
	/* Keys such as enrichment media types ("message/vnd…; enricher=…") are quoted. */
	written = snprintf(path->text + path->len, room, "[\"%s\"]", key);
	if (written < 0) {
		path->text[mark] = '\0';
	} else if ((size_t)written >= room) {
		path->len = sizeof(path->text) - 1;
	} else {
		path->len += (size_t)written;
	}
	return mark;
}

int clair_type_error(clair_reader *reader, const char *key, const cJSON *found,
		     const char *expected)
{
	size_t mark = reader->path.len;
	int err;

	if (key) {
		clair_path_key(reader, key);
	}
	err = assay_json_type_error(reader->ctx, &reader->path, NULL, found, expected);
	assay_json_path_pop(&reader->path, mark);
	return err;
}

int clair_nomem(clair_reader *reader)
{
	return assay_error(reader->ctx, ASSAY_ENOMEM, "%s: out of memory",
			   assay_json_path_text(&reader->path));
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
