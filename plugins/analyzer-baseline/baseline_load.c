/* SPDX-License-Identifier: Apache-2.0 */
/* Reads an earlier JSON analysis of assay and indexes its findings for the baseline. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "baseline.h"

/* The same bounds as for scanner reports: 2 GiB and 128 levels of nesting. */
#define MAX_BASELINE_BYTES ((uint64_t)2 << 30)
#define MAX_BASELINE_DEPTH 128

/* The finding lists of the JSON analysis, one per kind. */
static const char *const finding_lists[] = {"vulnerabilities", "misconfigurations", "secrets",
					    "licenses"};

#define FINDING_LIST_COUNT (sizeof(finding_lists) / sizeof(finding_lists[0]))

static const char *json_type_name(const cJSON *item)
{
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
		return "an array";
	}
	if (cJSON_IsObject(item)) {
		return "an object";
	}
	return "null";
}

/* Read the whole file into a NUL-terminated buffer of at most MAX_BASELINE_BYTES. */
static int read_all(assay_ctx *ctx, const char *path, char **out, size_t *size_out)
{
	FILE *file = fopen(path, "rb");
	struct stat info;
	char *text = NULL;
	size_t size;
	int err = ASSAY_EIO;

	*out = NULL;
	if (file == NULL) {
		return assay_error(ctx, errno == ENOENT ? ASSAY_ENOTFOUND : ASSAY_EIO,
				   "cannot open the baseline %s: %s", path, strerror(errno));
	}
	if (fstat(fileno(file), &info) != 0 || !S_ISREG(info.st_mode)) {
		err = assay_error(ctx, ASSAY_EIO, "cannot read the baseline %s: not a regular file",
				  path);
		goto out;
	}
	if ((uint64_t)info.st_size > MAX_BASELINE_BYTES) {
		err = assay_error(ctx, ASSAY_ELIMIT,
				  "the baseline %s has %lld bytes, more than the limit of 2 GiB",
				  path, (long long)info.st_size);
		goto out;
	}
	size = (size_t)info.st_size;
	text = malloc(size + 1);
	if (text == NULL) {
		err = assay_error(ctx, ASSAY_ENOMEM, "out of memory reading the baseline %s", path);
		goto out;
	}
	if (fread(text, 1, size, file) != size) {
		err = assay_error(ctx, ASSAY_EIO, "cannot read the baseline %s: %s", path,
				  strerror(errno));
		goto out;
	}
	text[size] = '\0';

	*out = text;
	*size_out = size;
	text = NULL;
	err = 0;
out:
	free(text);
	fclose(file);
	return err;
}

/*
 * Check that arrays and objects nest at most MAX_BASELINE_DEPTH levels,
 * skipping strings, before cJSON's recursive parser reads the text.
 */
static bool depth_is_bounded(const char *text, size_t size)
{
	size_t depth = 0;
	bool in_string = false;
	size_t i;

	for (i = 0; i < size; i++) {
		char c = text[i];

		if (in_string) {
			if (c == '\\') {
				i++;
			} else if (c == '"') {
				in_string = false;
			}
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			depth++;
			if (depth > MAX_BASELINE_DEPTH) {
				return false;
			}
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return true;
}

static int not_an_analysis(assay_ctx *ctx, const char *path, const char *what)
{
	return assay_error(ctx, ASSAY_EPARSE,
			   "%s: not an assay analysis: %s; give --baseline a file written by "
			   "assay run -o json:FILE",
			   path, what);
}

static int parse(assay_ctx *ctx, const char *path, cJSON **out)
{
	const char *end = NULL;
	char *text = NULL;
	size_t size = 0;
	char what[128];
	int err = read_all(ctx, path, &text, &size);

	*out = NULL;
	if (err != 0) {
		return err;
	}
	if (!depth_is_bounded(text, size)) {
		err = assay_error(ctx, ASSAY_ELIMIT,
				  "%s: arrays and objects nest more than %d levels deep", path,
				  MAX_BASELINE_DEPTH);
		goto out;
	}
	/* The length counts the NUL, which cJSON needs to see to accept trailing white space. */
	*out = cJSON_ParseWithLengthOpts(text, size + 1, &end, true);
	if (*out == NULL) {
		snprintf(what, sizeof(what), "invalid JSON at byte %zu",
			 end != NULL && end >= text ? (size_t)(end - text) : (size_t)0);
		err = not_an_analysis(ctx, path, what);
	}
out:
	free(text);
	return err;
}

/* Check the marks of an assay analysis: tool.name "assay" and the four finding lists. */
static int check_shape(assay_ctx *ctx, const char *path, const cJSON *root)
{
	const cJSON *tool = cJSON_GetObjectItemCaseSensitive(root, "tool");
	const cJSON *name = cJSON_GetObjectItemCaseSensitive(tool, "name");
	char what[128];
	size_t i;

	if (!cJSON_IsObject(root)) {
		snprintf(what, sizeof(what), "expected a JSON object, found %s",
			 json_type_name(root));
		return not_an_analysis(ctx, path, what);
	}
	if (!cJSON_IsString(name) || strcmp(name->valuestring, "assay") != 0) {
		return not_an_analysis(ctx, path, "tool.name is not \"assay\"");
	}
	for (i = 0; i < FINDING_LIST_COUNT; i++) {
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, finding_lists[i]);

		if (!cJSON_IsArray(list)) {
			snprintf(what, sizeof(what), "%s: expected an array, found %s",
				 finding_lists[i], list == NULL ? "nothing" : json_type_name(list));
			return not_an_analysis(ctx, path, what);
		}
	}
	return 0;
}

/* Read an optional string member; null counts as absent. */
static int read_string(assay_ctx *ctx, const char *path, const cJSON *finding, const char *list,
		       size_t index, const char *key, const char **out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(finding, key);

	*out = NULL;
	if (item == NULL || cJSON_IsNull(item)) {
		return 0;
	}
	if (!cJSON_IsString(item)) {
		return assay_error(ctx, ASSAY_EPARSE, "%s: %s[%zu].%s: expected a string, found %s",
				   path, list, index, key, json_type_name(item));
	}
	*out = item->valuestring;
	return 0;
}

char *baseline_identity(const char *kind, const char *id, const char *package, const char *version,
			const char *target)
{
	const char *parts[5];
	size_t total = 0;
	char *key = NULL;
	char *at;
	size_t i;

	parts[0] = kind;
	parts[1] = id;
	parts[2] = package;
	parts[3] = version;
	parts[4] = target;
	for (i = 0; i < 5; i++) {
		total += (parts[i] != NULL ? strlen(parts[i]) : 0) + 1;
	}
	key = malloc(total);
	if (key == NULL) {
		return NULL;
	}
	at = key;
	for (i = 0; i < 5; i++) {
		size_t len = parts[i] != NULL ? strlen(parts[i]) : 0;

		memcpy(at, parts[i] != NULL ? parts[i] : "", len);
		at += len;
		*at++ = i < 4 ? '\x1f' : '\0';
	}
	return key;
}

/* Read one element of a finding list into `out`. */
static int read_entry(assay_ctx *ctx, const char *path, const cJSON *finding, size_t list,
		      size_t index, baseline_entry *out)
{
	static const char *const kinds[] = {"vulnerability", "misconfiguration", "secret",
					    "license"};
	const char *name = finding_lists[list];
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->next = SIZE_MAX;
	if (!cJSON_IsObject(finding)) {
		return assay_error(ctx, ASSAY_EPARSE, "%s: %s[%zu]: expected an object, found %s",
				   path, name, index, json_type_name(finding));
	}
	err = read_string(ctx, path, finding, name, index, "id", &out->id);
	if (err == 0 && out->id == NULL) {
		err = assay_error(ctx, ASSAY_EPARSE, "%s: %s[%zu].id: missing", path, name, index);
	}
	if (err == 0) {
		err = read_string(ctx, path, finding, name, index, "package", &out->package);
	}
	if (err == 0) {
		err = read_string(ctx, path, finding, name, index, "version", &out->version);
	}
	if (err == 0) {
		err = read_string(ctx, path, finding, name, index, "severity", &out->severity);
	}
	if (err == 0) {
		err = read_string(ctx, path, finding, name, index, "target", &out->target);
	}
	if (err == 0) {
		err =
		    read_string(ctx, path, finding, name, index, "fingerprint", &out->fingerprint);
	}
	if (err != 0) {
		return err;
	}

	out->kind = kinds[list];
	if (out->fingerprint != NULL && out->fingerprint[0] == '\0') {
		out->fingerprint = NULL;
	}
	/* An analysis without fingerprints is matched on what identifies a finding instead. */
	if (out->fingerprint == NULL) {
		out->identity =
		    baseline_identity(out->kind, out->id, out->package, out->version, out->target);
		if (out->identity == NULL) {
			return assay_error(ctx, ASSAY_ENOMEM, "out of memory reading %s", path);
		}
	}
	return 0;
}

/* FNV-1a, 64-bit. */
static uint64_t hash_text(const char *text)
{
	uint64_t hash = 14695981039346656037ULL;

	for (; *text != '\0'; text++) {
		hash ^= (unsigned char)*text;
		hash *= 1099511628211ULL;
	}
	return hash;
}

static const char *entry_key(const baseline *b, const key_table *table, size_t index)
{
	const baseline_entry *entry = &b->entries[index];

	return table == &b->by_fingerprint ? entry->fingerprint : entry->identity;
}

size_t baseline_find(const baseline *b, const key_table *table, const char *key)
{
	size_t slot;

	if (table->capacity == 0 || key == NULL) {
		return SIZE_MAX;
	}
	slot = (size_t)hash_text(key) & (table->capacity - 1);
	while (table->slots[slot] != 0) {
		size_t index = table->slots[slot] - 1;

		if (strcmp(entry_key(b, table, index), key) == 0) {
			return index;
		}
		slot = (slot + 1) & (table->capacity - 1);
	}
	return SIZE_MAX;
}

/* Add entry `index` under its key; entries with one key are chained through `next`. */
static void table_insert(baseline *b, key_table *table, size_t index)
{
	const char *key = entry_key(b, table, index);
	size_t slot = (size_t)hash_text(key) & (table->capacity - 1);

	while (table->slots[slot] != 0) {
		size_t other = table->slots[slot] - 1;

		if (strcmp(entry_key(b, table, other), key) == 0) {
			b->entries[index].next = other;
			break;
		}
		slot = (slot + 1) & (table->capacity - 1);
	}
	table->slots[slot] = index + 1;
}

/* Build both tables; the load factor stays at or below one half. */
static int index_entries(assay_ctx *ctx, baseline *b)
{
	size_t capacity = 16;
	size_t i;

	while (capacity < 2 * b->count) {
		capacity *= 2;
	}
	b->by_fingerprint.slots = calloc(capacity, sizeof(size_t));
	b->by_identity.slots = calloc(capacity, sizeof(size_t));
	if (b->by_fingerprint.slots == NULL || b->by_identity.slots == NULL) {
		return assay_error(ctx, ASSAY_ENOMEM, "out of memory indexing the baseline");
	}
	b->by_fingerprint.capacity = capacity;
	b->by_identity.capacity = capacity;
	for (i = 0; i < b->count; i++) {
		b->without_fingerprint += b->entries[i].fingerprint == NULL;
		table_insert(
		    b, b->entries[i].fingerprint != NULL ? &b->by_fingerprint : &b->by_identity, i);
	}
	return 0;
}

static int read_entries(assay_ctx *ctx, const char *path, baseline *b)
{
	size_t total = 0;
	size_t list;

	for (list = 0; list < FINDING_LIST_COUNT; list++) {
		total += (size_t)cJSON_GetArraySize(
		    cJSON_GetObjectItemCaseSensitive(b->root, finding_lists[list]));
	}
	b->entries = calloc(total > 0 ? total : 1, sizeof(*b->entries));
	if (b->entries == NULL) {
		return assay_error(ctx, ASSAY_ENOMEM, "out of memory reading %s", path);
	}
	for (list = 0; list < FINDING_LIST_COUNT; list++) {
		const cJSON *items = cJSON_GetObjectItemCaseSensitive(b->root, finding_lists[list]);
		const cJSON *item = NULL;
		size_t index = 0;

		cJSON_ArrayForEach(item, items)
		{
			int err = read_entry(ctx, path, item, list, index++, &b->entries[b->count]);

			if (err != 0) {
				free(b->entries[b->count].identity);
				return err;
			}
			b->count++;
		}
	}
	return 0;
}

void baseline_dispose(baseline *b)
{
	size_t i;

	for (i = 0; i < b->count; i++) {
		free(b->entries[i].identity);
	}
	free(b->entries);
	free(b->by_fingerprint.slots);
	free(b->by_identity.slots);
	cJSON_Delete(b->root);
	memset(b, 0, sizeof(*b));
}

int baseline_load(assay_ctx *ctx, const char *path, baseline *out)
{
	int err;

	memset(out, 0, sizeof(*out));
	err = parse(ctx, path, &out->root);
	if (err == 0) {
		err = check_shape(ctx, path, out->root);
	}
	if (err == 0) {
		err = read_entries(ctx, path, out);
	}
	if (err == 0) {
		err = index_entries(ctx, out);
	}
	if (err != 0) {
		baseline_dispose(out);
	}
	return err;
}
