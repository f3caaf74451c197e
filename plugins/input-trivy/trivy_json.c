/* SPDX-License-Identifier: Apache-2.0 */
/* Typed access to the fields of a Trivy report, with the JSON path of each error. */
#include "trivy_json.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Largest integer that a double represents exactly: a larger size may have lost digits. */
#define TRIVY_MAX_EXACT_INTEGER 9007199254740992.0

int trivy_nomem(trivy_reader *reader)
{
	return assay_error(reader->ctx, ASSAY_ENOMEM, "%s: out of memory",
			   assay_json_path_text(&reader->path));
}

/* Objects with fewer members are scanned: building their index costs more than it saves. */
#define INDEX_MIN_MEMBERS 8

static uint32_t key_hash(const char *key)
{
	uint32_t hash = 2166136261u;

	for (; *key != '\0'; key++) {
		hash = (hash ^ (unsigned char)*key) * 16777619u;
	}
	return hash;
}

/* Whether `object` has at least INDEX_MIN_MEMBERS members. It stops counting there. */
static bool has_min_members(const cJSON *object)
{
	const cJSON *member = object->child;
	size_t members = 0;

	while (member != NULL && members < INDEX_MIN_MEMBERS) {
		member = member->next;
		members++;
	}
	return members == INDEX_MIN_MEMBERS;
}

/*
 * Index the members of `object`, keeping the first of a repeated key as
 * cJSON finds it. Returns false, leaving the index unused, when a member has
 * no key or there are more than half of TRIVY_INDEX_SLOTS members.
 */
static bool build_index(trivy_key_index *index, const cJSON *object)
{
	const cJSON *member = NULL;
	size_t members = 0;

	index->object = NULL;
	memset(index->slots, 0, sizeof(index->slots));
	cJSON_ArrayForEach(member, object)
	{
		uint32_t hash = 0;
		size_t slot = 0;

		if (member->string == NULL || ++members > TRIVY_INDEX_SLOTS / 2) {
			return false;
		}
		hash = key_hash(member->string);
		slot = hash & (TRIVY_INDEX_SLOTS - 1);
		while (index->slots[slot] != NULL &&
		       (index->hashes[slot] != hash ||
			strcmp(index->slots[slot]->string, member->string) != 0)) {
			slot = (slot + 1) & (TRIVY_INDEX_SLOTS - 1);
		}
		if (index->slots[slot] == NULL) {
			index->slots[slot] = member;
			index->hashes[slot] = hash;
		}
	}
	index->object = object;
	return true;
}

/*
 * The first member of `object` named `key`, as cJSON_GetObjectItemCaseSensitive
 * finds it. The index keeps the last object of a suitable size, so a small
 * object read in between (Layer, CVSS) leaves the vulnerability's index alone.
 */
static const cJSON *find_member(trivy_reader *reader, const cJSON *object, const char *key)
{
	trivy_key_index *index = &reader->index;
	uint32_t hash = 0;
	size_t slot = 0;

	if (index->object != object) {
		if (!cJSON_IsObject(object) || !has_min_members(object) ||
		    !build_index(index, object)) {
			return cJSON_GetObjectItemCaseSensitive(object, key);
		}
	}
	hash = key_hash(key);
	slot = hash & (TRIVY_INDEX_SLOTS - 1);
	while (index->slots[slot] != NULL) {
		/* Equal hashes are checked by strcmp, so a colliding key is never taken for another. */
		if (index->hashes[slot] == hash && strcmp(index->slots[slot]->string, key) == 0) {
			return index->slots[slot];
		}
		slot = (slot + 1) & (TRIVY_INDEX_SLOTS - 1);
	}
	return NULL;
}

/* The value at `key`, or NULL when the key is missing or null. */
static const cJSON *lookup(trivy_reader *reader, const cJSON *object, const char *key)
{
	const cJSON *item = find_member(reader, object, key);

	if (item == NULL || cJSON_IsNull(item)) {
		return NULL;
	}
	return item;
}

int trivy_get_string(trivy_reader *reader, const cJSON *object, const char *key, const char **out)
{
	const cJSON *item = lookup(reader, object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsString(item) || item->valuestring == NULL) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item, "a string");
	}
	*out = item->valuestring;
	return 0;
}

int trivy_get_text(trivy_reader *reader, const cJSON *object, const char *key, const char **out)
{
	int err = trivy_get_string(reader, object, key, out);

	if (err == 0 && *out != NULL && (*out)[0] == '\0') {
		*out = NULL;
	}
	return err;
}

int trivy_get_array(trivy_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(reader, object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsArray(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item, "a list");
	}
	*out = item;
	return 0;
}

int trivy_get_object(trivy_reader *reader, const cJSON *object, const char *key, const cJSON **out)
{
	const cJSON *item = lookup(reader, object, key);

	*out = NULL;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsObject(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item, "an object");
	}
	*out = item;
	return 0;
}

int trivy_get_number(trivy_reader *reader, const cJSON *object, const char *key, double *out,
		     bool *present)
{
	const cJSON *item = lookup(reader, object, key);

	*present = false;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item, "a number");
	}
	*out = item->valuedouble;
	*present = true;
	return 0;
}

int trivy_get_bool(trivy_reader *reader, const cJSON *object, const char *key, bool *out,
		   bool *present)
{
	const cJSON *item = lookup(reader, object, key);

	*present = false;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsBool(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item, "a boolean");
	}
	*out = cJSON_IsTrue(item);
	*present = true;
	return 0;
}

/* Whether `value` is a whole number from 0 to `max`. */
static bool is_whole_number(double value, double max)
{
	if (!(value >= 0.0 && value <= max)) {
		return false;
	}
	return (double)(long long)value == value;
}

/* Record "PATH.key: expected WHAT, a whole number from 0, found VALUE" and return ASSAY_EPARSE. */
static int range_error(trivy_reader *reader, const char *key, double value, const char *what)
{
	size_t saved = assay_json_path_push_key(&reader->path, key);
	int err = assay_error(reader->ctx, ASSAY_EPARSE,
			      "%s: expected %s, a whole number from 0, found %g", reader->path.text,
			      what, value);

	assay_json_path_pop(&reader->path, saved);
	return err;
}

int trivy_get_line(trivy_reader *reader, const cJSON *object, const char *key, int *out)
{
	const cJSON *item = lookup(reader, object, key);

	*out = 0;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item,
					     "a line number");
	}
	if (!is_whole_number(item->valuedouble, (double)INT_MAX)) {
		return range_error(reader, key, item->valuedouble, "a line number");
	}
	*out = (int)item->valuedouble;
	return 0;
}

int trivy_get_size(trivy_reader *reader, const cJSON *object, const char *key, int64_t *out)
{
	const cJSON *item = lookup(reader, object, key);

	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, key, item,
					     "a size in bytes");
	}
	if (!is_whole_number(item->valuedouble, TRIVY_MAX_EXACT_INTEGER)) {
		return range_error(reader, key, item->valuedouble, "a size in bytes");
	}
	*out = (int64_t)item->valuedouble;
	return 0;
}

int trivy_expect_object(trivy_reader *reader, const cJSON *item)
{
	if (!cJSON_IsObject(item)) {
		return assay_json_type_error(reader->ctx, &reader->path, NULL, item, "an object");
	}
	return 0;
}

int trivy_copy_field(trivy_reader *reader, assay_finding *finding, assay_field field,
		     const cJSON *object, const char *key)
{
	const char *value = NULL;
	int err = trivy_get_text(reader, object, key, &value);

	if (err != 0 || value == NULL) {
		return err;
	}
	if (assay_finding_set(reader->ctx, finding, field, value) != 0) {
		return trivy_nomem(reader);
	}
	return 0;
}

int trivy_copy_list(trivy_reader *reader, assay_finding *finding, assay_list list,
		    const cJSON *object, const char *key)
{
	const cJSON *array = NULL;
	const cJSON *item = NULL;
	size_t saved = reader->path.len;
	size_t index = 0;
	int err = trivy_get_array(reader, object, key, &array);

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
			goto out;
		}
		if (assay_finding_append(reader->ctx, finding, list, item->valuestring) != 0) {
			err = trivy_nomem(reader);
			goto out;
		}
		index++;
	}

out:
	assay_json_path_pop(&reader->path, saved);
	return err;
}
