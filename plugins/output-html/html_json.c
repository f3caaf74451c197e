/* SPDX-License-Identifier: Apache-2.0 */
/* Rendering of the sections analyzers set ("compliance", "quantum" …) as HTML, any shape. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* Nesting depth of a section beyond which values are shown as an ellipsis. */
#define JSON_MAX_DEPTH 8
/* Columns of a table made from an array of objects. Further keys are left out. */
#define JSON_MAX_COLUMNS 16
/* Items of an array read to find the columns of its table. */
#define JSON_COLUMN_SCAN 1000

static void json_value(FILE *out, const cJSON *value, const char *key, int depth);

/* Whether a key names an outcome, so its value is coloured as good, bad or neither. */
static bool is_status_key(const char *key)
{
	static const char *const keys[] = {"status",	"result",  "state",   "passed",
					   "compliant", "verdict", "outcome", "pass"};
	size_t i;

	if (key == NULL) {
		return false;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcasecmp(key, keys[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* CSS class of an outcome word: "good", "bad" or "warn". */
static const char *status_class(const char *word)
{
	static const char *const good[] = {"pass",	  "passed", "compliant", "ok",	   "met",
					   "implemented", "true",   "yes",	 "success"};
	static const char *const bad[] = {"fail",	  "failed",	   "non-compliant",
					  "noncompliant", "not compliant", "not met",
					  "violation",	  "false",	   "no",
					  "error",	  "failure"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (strcasecmp(word, good[i]) == 0) {
			return "good";
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (strcasecmp(word, bad[i]) == 0) {
			return "bad";
		}
	}
	return "warn";
}

/* Write a key as a label: underscores become spaces. */
static void json_key(FILE *out, const char *key)
{
	size_t start = 0;
	size_t i;

	for (i = 0; key[i] != '\0'; i++) {
		if (key[i] == '_') {
			html_text_len(out, key + start, i - start);
			fputc(' ', out);
			start = i + 1;
		}
	}
	html_text_len(out, key + start, i - start);
}

static void json_scalar(FILE *out, const cJSON *value, const char *key)
{
	const char *word = NULL;

	if (cJSON_IsBool(value)) {
		word = cJSON_IsTrue(value) ? "yes" : "no";
	} else if (cJSON_IsString(value)) {
		word = value->valuestring;
	}
	if (word != NULL && is_status_key(key)) {
		fprintf(out, "<span class=\"status %s\">", status_class(word));
		json_key(out, word);
		fputs("</span>", out);
	} else if (cJSON_IsString(value)) {
		html_link(out, value->valuestring, NULL);
	} else if (word != NULL) {
		fputs(word, out);
	} else if (cJSON_IsNumber(value) && isfinite(value->valuedouble)) {
		fprintf(out, "%.15g", value->valuedouble);
	} else {
		fputs("<span class=\"muted\">&#8212;</span>", out);
	}
}

/* Whether a value is a scalar or an array of scalars: one line of text. */
static bool is_flat(const cJSON *value)
{
	const cJSON *item;

	if (cJSON_IsObject(value)) {
		return false;
	}
	if (!cJSON_IsArray(value)) {
		return true;
	}
	cJSON_ArrayForEach(item, value)
	{
		if (cJSON_IsArray(item) || cJSON_IsObject(item)) {
			return false;
		}
	}
	return true;
}

/* Whether every member of an object is flat. */
static bool is_flat_object(const cJSON *object)
{
	const cJSON *field;

	cJSON_ArrayForEach(field, object)
	{
		if (!is_flat(field)) {
			return false;
		}
	}
	return true;
}

/*
 * Whether a value fits in a table cell: flat, a flat object, or an array of
 * flat objects (each becomes one line).
 */
static bool fits_cell(const cJSON *value)
{
	const cJSON *item;

	if (is_flat(value)) {
		return true;
	}
	if (cJSON_IsObject(value)) {
		return is_flat_object(value);
	}
	cJSON_ArrayForEach(item, value)
	{
		if (!cJSON_IsObject(item) || !is_flat_object(item)) {
			return false;
		}
	}
	return true;
}

/* Whether an array contains only objects whose every member fits a cell: a table. */
static bool is_table(const cJSON *array)
{
	const cJSON *item;
	const cJSON *field;

	if (array->child == NULL) {
		return false;
	}
	cJSON_ArrayForEach(item, array)
	{
		if (!cJSON_IsObject(item)) {
			return false;
		}
		cJSON_ArrayForEach(field, item)
		{
			if (!fits_cell(field)) {
				return false;
			}
		}
	}
	return true;
}

/* A flat value on one line: an array of scalars joined with commas. */
static void json_flat(FILE *out, const cJSON *value, const char *key)
{
	const cJSON *item;
	bool first = true;

	if (!cJSON_IsArray(value)) {
		json_scalar(out, value, key);
		return;
	}
	if (value->child == NULL) {
		fputs("<span class=\"muted\">none</span>", out);
		return;
	}
	cJSON_ArrayForEach(item, value)
	{
		fputs(first ? "" : ", ", out);
		json_scalar(out, item, key);
		first = false;
	}
}

/* A flat object on one line: "key value · key value". */
static void json_compact(FILE *out, const cJSON *object)
{
	const cJSON *field;
	bool first = true;

	cJSON_ArrayForEach(field, object)
	{
		fputs(first ? "<span class=\"k\">" : " &#183; <span class=\"k\">", out);
		json_key(out, field->string != NULL ? field->string : "");
		fputs("</span> ", out);
		json_flat(out, field, field->string);
		first = false;
	}
}

/* A value that fits_cell accepts. */
static void json_cell(FILE *out, const cJSON *value, const char *key)
{
	const cJSON *item;

	if (is_flat(value)) {
		json_flat(out, value, key);
		return;
	}
	if (cJSON_IsObject(value)) {
		json_compact(out, value);
		return;
	}
	fputs("<ul class=\"compact\">", out);
	cJSON_ArrayForEach(item, value)
	{
		fputs("<li>", out);
		json_compact(out, item);
		fputs("</li>", out);
	}
	fputs("</ul>", out);
}

/* Add `key` to `columns` unless present or full. Returns the new count. */
static size_t add_column(const char *columns[JSON_MAX_COLUMNS], size_t count, const char *key)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (strcmp(columns[i], key) == 0) {
			return count;
		}
	}
	if (count < JSON_MAX_COLUMNS) {
		columns[count++] = key;
	}
	return count;
}

/* An array that is_table accepts, with one column per key. */
static void json_table(FILE *out, const cJSON *array)
{
	const char *columns[JSON_MAX_COLUMNS];
	size_t column_count = 0;
	size_t scanned = 0;
	const cJSON *item;
	size_t i;

	cJSON_ArrayForEach(item, array)
	{
		const cJSON *field;

		if (scanned++ >= JSON_COLUMN_SCAN) {
			break;
		}
		cJSON_ArrayForEach(field, item)
		{
			if (field->string != NULL) {
				column_count = add_column(columns, column_count, field->string);
			}
		}
	}
	fputs("<table class=\"data\"><thead><tr>", out);
	for (i = 0; i < column_count; i++) {
		fputs("<th>", out);
		json_key(out, columns[i]);
		fputs("</th>", out);
	}
	fputs("</tr></thead><tbody>\n", out);
	cJSON_ArrayForEach(item, array)
	{
		fputs("<tr>", out);
		for (i = 0; i < column_count; i++) {
			const cJSON *cell = cJSON_GetObjectItemCaseSensitive(item, columns[i]);

			fputs("<td>", out);
			if (cell != NULL) {
				json_cell(out, cell, columns[i]);
			}
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static void json_array(FILE *out, const cJSON *array, const char *key, int depth)
{
	const cJSON *item;

	if (array->child == NULL) {
		fputs("<span class=\"muted\">none</span>", out);
	} else if (is_flat(array)) {
		json_flat(out, array, key);
	} else if (is_table(array)) {
		json_table(out, array);
	} else {
		/* Objects too deep for one table row each become a block of their own. */
		cJSON_ArrayForEach(item, array)
		{
			fputs("<div class=\"card\">", out);
			json_value(out, item, key, depth + 1);
			fputs("</div>\n", out);
		}
	}
}

/* Flat members in a key and value table, then each other member under its own label. */
static void json_object(FILE *out, const cJSON *object, int depth)
{
	const cJSON *field;
	bool table = false;

	if (object->child == NULL) {
		fputs("<span class=\"muted\">none</span>", out);
		return;
	}
	cJSON_ArrayForEach(field, object)
	{
		if (!is_flat(field)) {
			continue;
		}
		fputs(table ? "<tr><th>" : "<table class=\"kv\"><tbody>\n<tr><th>", out);
		table = true;
		json_key(out, field->string != NULL ? field->string : "");
		fputs("</th><td>", out);
		json_flat(out, field, field->string);
		fputs("</td></tr>\n", out);
	}
	if (table) {
		fputs("</tbody></table>\n", out);
	}
	cJSON_ArrayForEach(field, object)
	{
		if (is_flat(field)) {
			continue;
		}
		fputs("<div class=\"block\"><p class=\"label\">", out);
		json_key(out, field->string != NULL ? field->string : "");
		fputs("</p>\n", out);
		json_value(out, field, field->string, depth + 1);
		fputs("</div>\n", out);
	}
}

static void json_value(FILE *out, const cJSON *value, const char *key, int depth)
{
	if (depth > JSON_MAX_DEPTH) {
		fputs("<span class=\"muted\">&#8230;</span>", out);
		return;
	}
	if (cJSON_IsArray(value)) {
		json_array(out, value, key, depth);
	} else if (cJSON_IsObject(value)) {
		json_object(out, value, depth);
	} else {
		json_scalar(out, value, key);
	}
}

void html_json(FILE *out, const cJSON *value)
{
	fputs("<div class=\"section-data\">\n", out);
	json_value(out, value, NULL, 0);
	fputs("</div>\n", out);
}
