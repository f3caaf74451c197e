/* SPDX-License-Identifier: Apache-2.0 */
/* Reads the control set (controls.json and the policy's compliance_controls) into structs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compliance.h"

/* Where the data came from and how to report a problem in it. */
typedef struct {
	assay_ctx *ctx;
	const char *where;
	int code;
} source;

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

static int type_error(const source *src, const char *path, const char *expected, const cJSON *found)
{
	return assay_error(src->ctx, src->code, "%s: %s: expected %s, found %s", src->where, path,
			   expected, json_type_name(found));
}

/* Write "PARENT.KEY" into `out`; a longer path is cut, which only shortens a message. */
static void path_join(char *out, size_t size, const char *parent, const char *key)
{
	int len = snprintf(out, size, "%s.%s", parent, key);

	if (len < 0) {
		out[0] = '\0';
	}
}

/* Write "PARENT.KEY[INDEX]" into `out`, cut like path_join. */
static void path_index(char *out, size_t size, const char *parent, const char *key, size_t index)
{
	int len = snprintf(out, size, "%s.%s[%zu]", parent, key, index);

	if (len < 0) {
		out[0] = '\0';
	}
}

/* The member `key` of `object`, or NULL when it is absent or null. */
static const cJSON *member(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsNull(item) ? NULL : item;
}

/* Reject keys this format does not define, so that a misspelt key is not silently ignored. */
static int check_keys(const source *src, const char *path, const cJSON *object,
		      const char *const *known, size_t known_count)
{
	const cJSON *item = NULL;

	cJSON_ArrayForEach(item, object)
	{
		size_t i;
		bool found = false;

		for (i = 0; i < known_count && !found; i++) {
			found = item->string != NULL && strcmp(item->string, known[i]) == 0;
		}
		if (!found) {
			return assay_error(src->ctx, src->code, "%s: %s: unknown key '%s'",
					   src->where, path, item->string ? item->string : "");
		}
	}
	return 0;
}

/*
 * Read a list of strings. A Lua policy's empty table arrives as an empty
 * object, so an empty object is an empty list too. Absent or null is empty.
 */
static int read_list(const source *src, const char *path, const cJSON *holder, const char *key,
		     name_list *out)
{
	const cJSON *list = member(holder, key);
	const cJSON *item = NULL;
	char item_path[512];
	size_t count = 0;

	out->items = NULL;
	out->count = 0;
	if (list == NULL || (cJSON_IsObject(list) && list->child == NULL)) {
		return 0;
	}
	path_join(item_path, sizeof(item_path), path, key);
	if (!cJSON_IsArray(list)) {
		return type_error(src, item_path, "an array of strings", list);
	}
	count = (size_t)cJSON_GetArraySize(list);
	if (count == 0) {
		return 0;
	}
	out->items = calloc(count, sizeof(*out->items));
	if (out->items == NULL) {
		return assay_error(src->ctx, ASSAY_ENOMEM, "out of memory");
	}
	cJSON_ArrayForEach(item, list)
	{
		if (!cJSON_IsString(item) || item->valuestring[0] == '\0') {
			path_index(item_path, sizeof(item_path), path, key, out->count);
			return type_error(src, item_path, "a non-empty string", item);
		}
		out->items[out->count++] = item->valuestring;
	}
	return 0;
}

static void list_dispose(name_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* Read an optional boolean into a tri-state: -1 when absent. */
static int read_tri(const source *src, const char *path, const cJSON *holder, const char *key,
		    int *out)
{
	const cJSON *item = member(holder, key);
	char item_path[512];

	*out = -1;
	if (item == NULL) {
		return 0;
	}
	if (!cJSON_IsBool(item)) {
		path_join(item_path, sizeof(item_path), path, key);
		return type_error(src, item_path, "true or false", item);
	}
	*out = cJSON_IsTrue(item) ? 1 : 0;
	return 0;
}

/* Read a required non-empty string. */
static int read_text(const source *src, const char *path, const cJSON *holder, const char *key,
		     bool required, const char **out)
{
	const cJSON *item = member(holder, key);
	char item_path[512];

	*out = NULL;
	path_join(item_path, sizeof(item_path), path, key);
	if (item == NULL) {
		if (required) {
			return assay_error(src->ctx, src->code, "%s: %s: missing", src->where,
					   item_path);
		}
		return 0;
	}
	if (!cJSON_IsString(item) || item->valuestring[0] == '\0') {
		return type_error(src, item_path, "a non-empty string", item);
	}
	*out = item->valuestring;
	return 0;
}

/* Turn the names of "kinds" into a bit mask. */
static int read_kinds(const source *src, const char *path, const cJSON *holder, unsigned *out)
{
	name_list kinds;
	size_t i;
	int err = read_list(src, path, holder, "kinds", &kinds);

	*out = 0;
	for (i = 0; err == 0 && i < kinds.count; i++) {
		int kind;
		bool known = false;

		for (kind = 0; kind < ASSAY_KIND_COUNT && !known; kind++) {
			if (strcmp(kinds.items[i], assay_kind_name((assay_kind)kind)) == 0) {
				*out |= 1u << kind;
				known = true;
			}
		}
		if (!known) {
			err = assay_error(src->ctx, src->code,
					  "%s: %s.kinds[%zu]: unknown kind '%s': expected "
					  "vulnerability, misconfiguration, secret or license",
					  src->where, path, i, kinds.items[i]);
		}
	}
	list_dispose(&kinds);
	return err;
}

static int read_min_severity(const source *src, const char *path, const cJSON *holder,
			     assay_severity *out)
{
	const char *word = NULL;
	int severity;
	int err = read_text(src, path, holder, "min_severity", false, &word);

	*out = ASSAY_SEVERITY_UNKNOWN;
	if (err != 0 || word == NULL) {
		return err;
	}
	for (severity = 0; severity < ASSAY_SEVERITY_COUNT; severity++) {
		if (strcasecmp(word, assay_severity_name((assay_severity)severity)) == 0) {
			*out = (assay_severity)severity;
			return 0;
		}
	}
	return assay_error(src->ctx, src->code,
			   "%s: %s.min_severity: unknown severity '%s': expected CRITICAL, HIGH, "
			   "MEDIUM, LOW or UNKNOWN",
			   src->where, path, word);
}

static void image_conditions_init(image_conditions *conditions)
{
	memset(conditions, 0, sizeof(*conditions));
	conditions->config_user_root = -1;
	conditions->has_healthcheck = -1;
	conditions->history_known = -1;
}

static void image_conditions_dispose(image_conditions *conditions)
{
	list_dispose(&conditions->history_any);
	list_dispose(&conditions->history_none);
}

static int read_history(const source *src, const char *path, const cJSON *holder,
			image_conditions *out)
{
	static const char *const keys[] = {"contains_any", "contains_none"};
	const cJSON *history = member(holder, "history");
	char history_path[512];
	int err;

	if (history == NULL) {
		return 0;
	}
	path_join(history_path, sizeof(history_path), path, "history");
	if (!cJSON_IsObject(history)) {
		return type_error(src, history_path, "an object", history);
	}
	err = check_keys(src, history_path, history, keys, 2);
	if (err == 0) {
		err = read_list(src, history_path, history, "contains_any", &out->history_any);
	}
	if (err == 0) {
		err = read_list(src, history_path, history, "contains_none", &out->history_none);
	}
	if (err == 0 && out->history_any.count == 0) {
		err = assay_error(src->ctx, src->code,
				  "%s: %s.contains_any: missing or empty: list the text a history "
				  "step must contain",
				  src->where, history_path);
	}
	return err;
}

/* Read the "image" member of fail_when or pass_when. */
static int read_image_conditions(const source *src, const char *path, const cJSON *holder,
				 image_conditions *out)
{
	static const char *const keys[] = {"config_user_root", "has_healthcheck", "history_known",
					   "history"};
	const cJSON *image = member(holder, "image");
	char image_path[512];
	int err;

	image_conditions_init(out);
	if (image == NULL) {
		return 0;
	}
	path_join(image_path, sizeof(image_path), path, "image");
	if (!cJSON_IsObject(image)) {
		return type_error(src, image_path, "an object", image);
	}
	err = check_keys(src, image_path, image, keys, sizeof(keys) / sizeof(keys[0]));
	if (err == 0) {
		err = read_tri(src, image_path, image, "config_user_root", &out->config_user_root);
	}
	if (err == 0) {
		err = read_tri(src, image_path, image, "has_healthcheck", &out->has_healthcheck);
	}
	if (err == 0) {
		err = read_tri(src, image_path, image, "history_known", &out->history_known);
	}
	if (err == 0) {
		err = read_history(src, image_path, image, out);
	}
	return err;
}

static bool image_conditions_empty(const image_conditions *conditions)
{
	return conditions->config_user_root < 0 && conditions->has_healthcheck < 0 &&
	       conditions->history_known < 0 && conditions->history_any.count == 0;
}

static int read_fail_when(const source *src, const char *path, const cJSON *holder, control *out)
{
	static const char *const keys[] = {"finding_ids", "kinds",	  "categories",
					   "fixable",	  "min_severity", "image"};
	const cJSON *fail = member(holder, "fail_when");
	fail_conditions *when = &out->fail_when;
	char fail_path[512];
	int fixable = -1;
	int err;

	image_conditions_init(&when->image);
	if (fail == NULL) {
		return 0;
	}
	path_join(fail_path, sizeof(fail_path), path, "fail_when");
	if (!cJSON_IsObject(fail)) {
		return type_error(src, fail_path, "an object", fail);
	}
	err = check_keys(src, fail_path, fail, keys, sizeof(keys) / sizeof(keys[0]));
	if (err == 0) {
		err = read_list(src, fail_path, fail, "finding_ids", &when->finding_ids);
	}
	if (err == 0) {
		err = read_kinds(src, fail_path, fail, &when->kind_mask);
	}
	if (err == 0) {
		err = read_list(src, fail_path, fail, "categories", &when->categories);
	}
	if (err == 0) {
		err = read_tri(src, fail_path, fail, "fixable", &fixable);
		when->fixable = fixable == 1;
	}
	if (err == 0) {
		err = read_min_severity(src, fail_path, fail, &when->min_severity);
	}
	if (err == 0) {
		err = read_image_conditions(src, fail_path, fail, &when->image);
	}
	if (err == 0 && when->kind_mask == 0 &&
	    (when->categories.count > 0 || when->fixable || member(fail, "min_severity"))) {
		err = assay_error(src->ctx, src->code,
				  "%s: %s: categories, fixable and min_severity narrow \"kinds\": "
				  "list the kinds they apply to",
				  src->where, fail_path);
	}
	out->has_fail = when->finding_ids.count > 0 || when->kind_mask != 0 ||
			!image_conditions_empty(&when->image);
	return err;
}

static int read_pass_when(const source *src, const char *path, const cJSON *holder, control *out)
{
	static const char *const keys[] = {"image"};
	const cJSON *pass = member(holder, "pass_when");
	char pass_path[512];
	int err;

	image_conditions_init(&out->pass_when);
	if (pass == NULL) {
		return 0;
	}
	path_join(pass_path, sizeof(pass_path), path, "pass_when");
	if (!cJSON_IsObject(pass)) {
		return type_error(src, pass_path, "an object", pass);
	}
	err = check_keys(src, pass_path, pass, keys, 1);
	if (err == 0) {
		err = read_image_conditions(src, pass_path, pass, &out->pass_when);
	}
	if (err == 0 && out->pass_when.history_any.count > 0) {
		err = assay_error(src->ctx, src->code,
				  "%s: %s.image.history: only fail_when can match history steps",
				  src->where, pass_path);
	}
	out->has_pass = !image_conditions_empty(&out->pass_when);
	return err;
}

static void assessment_dispose(assessment *a)
{
	list_dispose(&a->scanners);
	list_dispose(&a->artifact_types);
	list_dispose(&a->categories);
}

static int read_assessment(const source *src, const char *path, const cJSON *item, assessment *out)
{
	static const char *const keys[] = {"scanners", "artifact_types", "kinds", "categories"};
	int err;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(item)) {
		return type_error(src, path, "an object", item);
	}
	err = check_keys(src, path, item, keys, sizeof(keys) / sizeof(keys[0]));
	if (err == 0) {
		err = read_list(src, path, item, "scanners", &out->scanners);
	}
	if (err == 0) {
		err = read_list(src, path, item, "artifact_types", &out->artifact_types);
	}
	if (err == 0) {
		err = read_kinds(src, path, item, &out->kind_mask);
	}
	if (err == 0) {
		err = read_list(src, path, item, "categories", &out->categories);
	}
	/* Without a scanner every artifact would count as checked: a pass without evidence. */
	if (err == 0 && out->scanners.count == 0) {
		err = assay_error(src->ctx, src->code,
				  "%s: %s.scanners: missing or empty: name the input plugins whose "
				  "reports show that the control was checked",
				  src->where, path);
	}
	return err;
}

static int read_assessed_by(const source *src, const char *path, const cJSON *holder, control *out)
{
	const cJSON *list = member(holder, "assessed_by");
	const cJSON *item = NULL;
	char item_path[512];
	size_t count;
	int err = 0;

	out->assessed_by = NULL;
	out->assessed_count = 0;
	if (list == NULL || (cJSON_IsObject(list) && list->child == NULL)) {
		return 0;
	}
	path_join(item_path, sizeof(item_path), path, "assessed_by");
	if (!cJSON_IsArray(list)) {
		return type_error(src, item_path, "an array of objects", list);
	}
	count = (size_t)cJSON_GetArraySize(list);
	if (count == 0) {
		return 0;
	}
	out->assessed_by = calloc(count, sizeof(*out->assessed_by));
	if (out->assessed_by == NULL) {
		return assay_error(src->ctx, ASSAY_ENOMEM, "out of memory");
	}
	cJSON_ArrayForEach(item, list)
	{
		path_index(item_path, sizeof(item_path), path, "assessed_by", out->assessed_count);
		err = read_assessment(src, item_path, item, &out->assessed_by[out->assessed_count]);
		out->assessed_count++;
		if (err != 0) {
			break;
		}
	}
	return err;
}

static void control_dispose(control *c)
{
	size_t i;

	list_dispose(&c->fail_when.finding_ids);
	list_dispose(&c->fail_when.categories);
	image_conditions_dispose(&c->fail_when.image);
	image_conditions_dispose(&c->pass_when);
	for (i = 0; i < c->assessed_count; i++) {
		assessment_dispose(&c->assessed_by[i]);
	}
	free(c->assessed_by);
	memset(c, 0, sizeof(*c));
}

void compliance_controls_dispose(control_set *set)
{
	size_t i;

	for (i = 0; i < set->control_count; i++) {
		control_dispose(&set->controls[i]);
	}
	free(set->controls);
	free(set->frameworks);
	memset(set, 0, sizeof(*set));
}

static size_t find_framework(const control_set *set, const char *id)
{
	size_t i;

	for (i = 0; i < set->framework_count; i++) {
		if (strcmp(set->frameworks[i].id, id) == 0) {
			return i;
		}
	}
	return set->framework_count;
}

/*
 * The summary is written under summary_key next to the section's own keys,
 * so taking one of them would write that key twice.
 */
static int check_summary_key(const source *src, const char *path, const char *key)
{
	static const char *const section_keys[] = {"frameworks", "images", "quantum_security"};
	size_t i;

	for (i = 0; key != NULL && i < sizeof(section_keys) / sizeof(section_keys[0]); i++) {
		if (strcmp(key, section_keys[i]) == 0) {
			return assay_error(src->ctx, src->code,
					   "%s: %s.summary_key: '%s' is a key of the compliance "
					   "section itself; choose another key",
					   src->where, path, key);
		}
	}
	return 0;
}

/* Add a framework, or replace the title and summary key of one with the same id. */
static int add_framework(const source *src, control_set *set, const cJSON *item, size_t index)
{
	static const char *const keys[] = {"id", "title", "summary_key"};
	framework parsed = {NULL, NULL, NULL};
	framework *grown = NULL;
	char path[64];
	size_t at;
	int err;

	snprintf(path, sizeof(path), "frameworks[%zu]", index);
	if (!cJSON_IsObject(item)) {
		return type_error(src, path, "an object", item);
	}
	err = check_keys(src, path, item, keys, 3);
	if (err == 0) {
		err = read_text(src, path, item, "id", true, &parsed.id);
	}
	if (err == 0) {
		err = read_text(src, path, item, "title", true, &parsed.title);
	}
	if (err == 0) {
		err = read_text(src, path, item, "summary_key", false, &parsed.summary_key);
	}
	if (err == 0) {
		err = check_summary_key(src, path, parsed.summary_key);
	}
	if (err != 0) {
		return err;
	}

	at = find_framework(set, parsed.id);
	if (at < set->framework_count) {
		set->frameworks[at] = parsed;
		return 0;
	}
	grown = realloc(set->frameworks, (set->framework_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		return assay_error(src->ctx, ASSAY_ENOMEM, "out of memory");
	}
	set->frameworks = grown;
	set->frameworks[set->framework_count++] = parsed;
	return 0;
}

/* Parse one control into `out`; on error `out` contains what must still be disposed. */
static int parse_control(const source *src, const control_set *set, const cJSON *item,
			 const char *path, control *out)
{
	static const char *const keys[] = {"framework", "id",	     "title",
					   "fail_when", "pass_when", "assessed_by"};
	const char *framework_id = NULL;
	int err;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(item)) {
		return type_error(src, path, "an object", item);
	}
	err = check_keys(src, path, item, keys, sizeof(keys) / sizeof(keys[0]));
	if (err == 0) {
		err = read_text(src, path, item, "framework", true, &framework_id);
	}
	if (err == 0) {
		out->framework = find_framework(set, framework_id);
		if (out->framework == set->framework_count) {
			err = assay_error(src->ctx, src->code,
					  "%s: %s.framework: unknown framework '%s': declare it "
					  "under \"frameworks\" first",
					  src->where, path, framework_id);
		}
	}
	if (err == 0) {
		err = read_text(src, path, item, "id", true, &out->id);
	}
	if (err == 0) {
		err = read_text(src, path, item, "title", true, &out->title);
	}
	if (err == 0) {
		err = read_fail_when(src, path, item, out);
	}
	if (err == 0) {
		err = read_pass_when(src, path, item, out);
	}
	if (err == 0) {
		err = read_assessed_by(src, path, item, out);
	}
	return err;
}

/* Add a control, or replace the one with the same framework and id. */
static int add_control(const source *src, control_set *set, const cJSON *item, size_t index)
{
	control parsed;
	control *grown = NULL;
	char path[64];
	size_t i;
	int err;

	snprintf(path, sizeof(path), "controls[%zu]", index);
	err = parse_control(src, set, item, path, &parsed);
	if (err != 0) {
		control_dispose(&parsed);
		return err;
	}
	for (i = 0; i < set->control_count; i++) {
		control *old = &set->controls[i];

		if (old->framework == parsed.framework && strcmp(old->id, parsed.id) == 0) {
			control_dispose(old);
			*old = parsed;
			return 0;
		}
	}
	grown = realloc(set->controls, (set->control_count + 1) * sizeof(*grown));
	if (grown == NULL) {
		control_dispose(&parsed);
		return assay_error(src->ctx, ASSAY_ENOMEM, "out of memory");
	}
	set->controls = grown;
	set->controls[set->control_count++] = parsed;
	return 0;
}

int compliance_controls_add(assay_ctx *ctx, control_set *set, const cJSON *json, const char *where,
			    int code)
{
	static const char *const keys[] = {"frameworks", "controls"};
	source src = {ctx, where, code};
	const cJSON *frameworks = NULL;
	const cJSON *controls = NULL;
	const cJSON *item = NULL;
	size_t index = 0;
	int err;

	/* A bare list is a list of controls. */
	if (cJSON_IsArray(json)) {
		controls = json;
	} else if (cJSON_IsObject(json)) {
		err = check_keys(&src, "(top level)", json, keys, 2);
		if (err != 0) {
			return err;
		}
		frameworks = member(json, "frameworks");
		controls = member(json, "controls");
	} else {
		return type_error(&src, "(top level)", "an object with frameworks and controls",
				  json);
	}

	if (frameworks != NULL && !cJSON_IsArray(frameworks) &&
	    !(cJSON_IsObject(frameworks) && frameworks->child == NULL)) {
		return type_error(&src, "frameworks", "an array of objects", frameworks);
	}
	cJSON_ArrayForEach(item, frameworks)
	{
		err = add_framework(&src, set, item, index++);
		if (err != 0) {
			return err;
		}
	}

	if (controls != NULL && !cJSON_IsArray(controls) &&
	    !(cJSON_IsObject(controls) && controls->child == NULL)) {
		return type_error(&src, "controls", "an array of objects", controls);
	}
	index = 0;
	cJSON_ArrayForEach(item, controls)
	{
		err = add_control(&src, set, item, index++);
		if (err != 0) {
			return err;
		}
	}
	return 0;
}
