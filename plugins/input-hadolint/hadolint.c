/* SPDX-License-Identifier: Apache-2.0 */
/* Input plugin for hadolint's JSON report (`hadolint -f json`): Dockerfile lint results. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <assay/assay.h>
#include <cjson/cJSON.h>

#define HADOLINT_PROBE_MATCH 90
/* An empty array is a clean hadolint run, but it could be any scanner's empty list. */
#define HADOLINT_PROBE_EMPTY 5

/* One entry of the report: {line, code, message, column, file, level}. Strings are borrowed. */
typedef struct {
	const char *code;
	const char *message;
	const char *file;
	const char *level;
	int line;
} hadolint_entry;

/* Where hadolint documents a rule: its own wiki for DL rules, ShellCheck's for SC rules. */
static const struct {
	const char *prefix;
	const char *base_url;
} rule_pages[] = {
    {"DL", "https://github.com/hadolint/hadolint/wiki/"},
    {"SC", "https://www.shellcheck.net/wiki/"},
};

static bool has_member(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return item != NULL && !cJSON_IsNull(item);
}

static int hadolint_probe(const assay_document *doc)
{
	const cJSON *first = NULL;

	if (!cJSON_IsArray(doc->json)) {
		return 0;
	}
	first = cJSON_GetArrayItem(doc->json, 0);
	if (first == NULL) {
		return HADOLINT_PROBE_EMPTY;
	}
	if (cJSON_IsObject(first) && has_member(first, "code") && has_member(first, "level")) {
		return HADOLINT_PROBE_MATCH;
	}
	return 0;
}

static const char *type_name(const cJSON *item)
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

/*
 * Look up the string at `key` of entry `index`; *out is NULL when it is
 * missing or null. Another type is an error naming the path, such as "[3].code".
 */
static int get_string(assay_ctx *ctx, const cJSON *entry, size_t index, const char *key,
		      const char **out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(entry, key);

	*out = NULL;
	if (item == NULL || cJSON_IsNull(item)) {
		return 0;
	}
	if (!cJSON_IsString(item) || item->valuestring == NULL) {
		return assay_error(ctx, ASSAY_EPARSE, "[%zu].%s: expected a string, found %s",
				   index, key, type_name(item));
	}
	*out = item->valuestring;
	return 0;
}

/* A line or column number at `key`: a whole number from 0 to INT_MAX; absent reads as 0. */
static int get_line(assay_ctx *ctx, const cJSON *entry, size_t index, const char *key, int *out)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(entry, key);
	double value = 0;

	*out = 0;
	if (item == NULL || cJSON_IsNull(item)) {
		return 0;
	}
	if (!cJSON_IsNumber(item)) {
		return assay_error(ctx, ASSAY_EPARSE, "[%zu].%s: expected a number, found %s",
				   index, key, type_name(item));
	}
	value = item->valuedouble;
	if (!isfinite(value) || value < 0 || value > INT_MAX || floor(value) != value) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "[%zu].%s: expected a whole number from 0 to %d, found %g",
				   index, key, INT_MAX, value);
	}
	*out = (int)value;
	return 0;
}

/* Check the types of one entry and borrow its fields; "code" and "file" are required. */
static int read_entry(assay_ctx *ctx, const cJSON *item, size_t index, hadolint_entry *out)
{
	int column = 0;
	int err = 0;

	if (!cJSON_IsObject(item)) {
		return assay_error(ctx, ASSAY_EPARSE, "[%zu]: expected an object, found %s", index,
				   type_name(item));
	}
	err = get_string(ctx, item, index, "code", &out->code);
	if (err == 0 && (out->code == NULL || out->code[0] == '\0')) {
		err = assay_error(ctx, ASSAY_EPARSE,
				  "[%zu].code: missing; expected the rule code, such as \"DL3008\"",
				  index);
	}
	if (err == 0) {
		err = get_string(ctx, item, index, "file", &out->file);
	}
	if (err == 0 && (out->file == NULL || out->file[0] == '\0')) {
		err =
		    assay_error(ctx, ASSAY_EPARSE,
				"[%zu].file: missing; expected the path of the Dockerfile", index);
	}
	if (err == 0) {
		err = get_string(ctx, item, index, "message", &out->message);
	}
	if (err == 0) {
		err = get_string(ctx, item, index, "level", &out->level);
	}
	if (err == 0) {
		err = get_line(ctx, item, index, "line", &out->line);
	}
	if (err == 0) {
		/* Checked for type only: the finding model has no column. */
		err = get_line(ctx, item, index, "column", &column);
	}
	return err;
}

/*
 * hadolint's levels to assay's severities: error is HIGH, warning MEDIUM,
 * info and style LOW. Anything else, such as hadolint's "ignore" level,
 * is UNKNOWN. docs/scanners.md documents the same table.
 */
static assay_severity severity_of_level(const char *level)
{
	if (level == NULL) {
		return ASSAY_SEVERITY_UNKNOWN;
	}
	if (strcasecmp(level, "error") == 0) {
		return ASSAY_SEVERITY_HIGH;
	}
	if (strcasecmp(level, "warning") == 0) {
		return ASSAY_SEVERITY_MEDIUM;
	}
	if (strcasecmp(level, "info") == 0 || strcasecmp(level, "style") == 0) {
		return ASSAY_SEVERITY_LOW;
	}
	return ASSAY_SEVERITY_UNKNOWN;
}

/* Set the rule's documentation page; codes of other prefixes get none. */
static int set_rule_url(assay_ctx *ctx, assay_finding *finding, const char *code)
{
	char url[256];
	size_t i;

	for (i = 0; i < sizeof(rule_pages) / sizeof(rule_pages[0]); i++) {
		if (strncmp(code, rule_pages[i].prefix, 2) != 0) {
			continue;
		}
		if ((size_t)snprintf(url, sizeof(url), "%s%s", rule_pages[i].base_url, code) >=
		    sizeof(url)) {
			/* A code this long is no hadolint rule; its page would not exist. */
			return 0;
		}
		return assay_finding_set(ctx, finding, ASSAY_FIELD_PRIMARY_URL, url);
	}
	return 0;
}

/* Copy `value` into a string field; NULL and "" leave the field unset. */
static int set_text(assay_ctx *ctx, assay_finding *finding, assay_field field, const char *value)
{
	if (value == NULL || value[0] == '\0') {
		return 0;
	}
	return assay_finding_set(ctx, finding, field, value);
}

static int fill_finding(assay_ctx *ctx, assay_finding *finding, const hadolint_entry *entry)
{
	int err = 0;

	finding->kind = ASSAY_KIND_MISCONFIGURATION;
	finding->severity = severity_of_level(entry->level);
	finding->start_line = entry->line;
	finding->end_line = entry->line;

	err = assay_finding_set(ctx, finding, ASSAY_FIELD_ID, entry->code);
	if (err == 0) {
		err = set_text(ctx, finding, ASSAY_FIELD_RAW_SEVERITY, entry->level);
	}
	if (err == 0) {
		err = set_text(ctx, finding, ASSAY_FIELD_TITLE, entry->message);
	}
	if (err == 0) {
		err = set_text(ctx, finding, ASSAY_FIELD_MESSAGE, entry->message);
	}
	if (err == 0) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_FILE, entry->file);
	}
	if (err == 0) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_TARGET, entry->file);
	}
	if (err == 0) {
		err = assay_finding_set(ctx, finding, ASSAY_FIELD_CATEGORY, "dockerfile");
	}
	if (err == 0) {
		err = set_rule_url(ctx, finding, entry->code);
	}
	return err;
}

/*
 * Declare the Dockerfile as the artifact of the findings that follow. A
 * report of several Dockerfiles declares one artifact per file, so each
 * finding belongs to its own file. The core reuses an artifact already
 * declared under the same name.
 */
static int declare_dockerfile(assay_ctx *ctx, const char *file, size_t index)
{
	assay_image *image = assay_image_declare(ctx, file, NULL);

	if (image == NULL) {
		return assay_error(ctx, ASSAY_ENOMEM, "[%zu].file: out of memory", index);
	}
	if (image->artifact_type == NULL &&
	    assay_image_set(ctx, image, ASSAY_IMAGE_ARTIFACT_TYPE, "dockerfile") != 0) {
		return assay_error(ctx, ASSAY_ENOMEM, "[%zu].file: out of memory", index);
	}
	return 0;
}

static int read_one(assay_ctx *ctx, const cJSON *item, size_t index, const char **current_file)
{
	hadolint_entry entry;
	assay_finding *finding = NULL;
	int err = 0;

	memset(&entry, 0, sizeof(entry));
	err = read_entry(ctx, item, index, &entry);
	if (err == 0 && (*current_file == NULL || strcmp(*current_file, entry.file) != 0)) {
		err = declare_dockerfile(ctx, entry.file, index);
		*current_file = entry.file;
	}
	if (err != 0) {
		return err;
	}

	finding = assay_finding_new(ctx);
	if (finding == NULL) {
		return assay_error(ctx, ASSAY_ENOMEM, "[%zu]: out of memory", index);
	}
	if (fill_finding(ctx, finding, &entry) != 0) {
		assay_finding_discard(ctx, finding);
		return assay_error(ctx, ASSAY_ENOMEM, "[%zu]: out of memory", index);
	}

	/* assay_finding_add takes the finding on every path. */
	err = assay_finding_add(ctx, finding);
	if (err != 0) {
		return assay_error(ctx, err, "[%zu]: the core rejected the finding", index);
	}
	return 0;
}

/*
 * Tell a report of another format (such as Trivy's legacy list of
 * results) from a hadolint report with a bad entry, by its first element.
 */
static int check_first_entry(assay_ctx *ctx, const cJSON *first)
{
	if (first == NULL) {
		return 0;
	}
	if (!cJSON_IsObject(first)) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a hadolint report: the top-level array holds %s, expected "
				   "{line, code, message, column, file, level} objects",
				   type_name(first));
	}
	if (!cJSON_HasObjectItem(first, "code") && !cJSON_HasObjectItem(first, "level")) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a hadolint report: the first element has no \"code\" or "
				   "\"level\" member; run hadolint with -f json");
	}
	return 0;
}

static int hadolint_read(assay_ctx *ctx, const assay_document *doc)
{
	const cJSON *item = NULL;
	const char *current_file = NULL;
	size_t index = 0;
	int err = 0;

	if (doc->json == NULL) {
		return assay_error(
		    ctx, ASSAY_EPARSE,
		    "not a hadolint report: the file is not JSON; run hadolint with -f json");
	}
	if (!cJSON_IsArray(doc->json)) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "not a hadolint report: expected a JSON array of {line, code, "
				   "message, column, file, level} objects, found %s",
				   type_name(doc->json));
	}

	err = check_first_entry(ctx, cJSON_GetArrayItem(doc->json, 0));
	if (err != 0) {
		return err;
	}
	cJSON_ArrayForEach(item, doc->json)
	{
		err = read_one(ctx, item, index, &current_file);
		if (err != 0) {
			return err;
		}
		index++;
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_INPUT,
    .name = "hadolint",
    .version = "1.0.0",
    .summary = "hadolint JSON report (hadolint -f json): Dockerfile lint results",
    .probe = hadolint_probe,
    .read = hadolint_read,
};

ASSAY_PLUGIN_DEFINE(descriptor)
