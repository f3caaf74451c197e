/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that streams the JSON analysis: findings printed directly, other parts by cJSON. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <assay/assay.h>

#include "json_order.h"
#include "json_text.h"

/* Append a string literal, its length known when compiling. */
#define TEXT_LITERAL(t, literal) json_text_raw((t), (literal), sizeof(literal) - 1)

/*
 * The first print buffer. It doubles whenever a value does not fit, which
 * also covers cJSON_PrintPreallocated asking for a few bytes more than the
 * printed text (cJSON 1.7 documents up to 5).
 */
#define PRINT_BUFFER_INITIAL ((size_t)64 * 1024)

/* Top-level keys of the analysis itself. A section with one of these keys is skipped. */
static const char *const reserved_keys[] = {
	"tool",     "summary",         "images",          "vulnerabilities",
	"misconfigurations", "secrets", "licenses",       "recommendations",
	"checks",   "threshold_violations", "passes_threshold",
};

/* The array key of each kind, indexed by assay_kind. */
static const char *const kind_keys[ASSAY_KIND_COUNT] = {
	"vulnerabilities",
	"misconfigurations",
	"secrets",
	"licenses",
};

/* Severities in the order the breakdowns list them, highest first. */
static const assay_severity breakdown_order[ASSAY_SEVERITY_COUNT] = {
	ASSAY_SEVERITY_CRITICAL, ASSAY_SEVERITY_HIGH, ASSAY_SEVERITY_MEDIUM,
	ASSAY_SEVERITY_LOW,      ASSAY_SEVERITY_UNKNOWN,
};

typedef struct {
	assay_ctx *ctx;
	FILE *out;
	char *buffer; /* reused for every printed value */
	size_t capacity;
} json_writer;

/*
 * An object under construction. `ok` turns false at the first failed
 * allocation, so the caller checks once instead of after every add.
 * Strings of the run are added as cJSON references, not copies, because
 * the core keeps them alive until the run ends.
 */
typedef struct {
	cJSON *object;
	bool ok;
} json_builder;

static void builder_init(json_builder *b, cJSON *object)
{
	b->object = object;
	b->ok = object != NULL;
}

/* Add `item` under `key`, a string literal, taking `item` on every path. */
static void put(json_builder *b, const char *key, cJSON *item)
{
	if (item == NULL) {
		b->ok = false;
		return;
	}
	if (b->object == NULL || !cJSON_AddItemToObjectCS(b->object, key, item)) {
		cJSON_Delete(item);
		b->ok = false;
	}
}

/* A string of the run, or null. */
static cJSON *string_or_null(const char *value)
{
	return value != NULL ? cJSON_CreateStringReference(value) : cJSON_CreateNull();
}

/* true for 1, false for 0 and null for anything else (the model's -1). */
static cJSON *tristate(int value)
{
	if (value == 0 || value == 1) {
		return cJSON_CreateBool(value == 1);
	}
	return cJSON_CreateNull();
}

/* An array of the strings of `list`. An empty list stays []. */
static cJSON *string_array(const assay_strlist *list)
{
	cJSON *array = cJSON_CreateArray();
	size_t i;

	for (i = 0; array != NULL && i < list->count; i++) {
		cJSON *item = cJSON_CreateStringReference(list->items[i]);

		if (item == NULL || !cJSON_AddItemToArray(array, item)) {
			cJSON_Delete(item);
			cJSON_Delete(array);
			array = NULL;
		}
	}
	return array;
}

/* A number, or null when it is below zero (the model's "unknown"). */
static void text_number_or_null(json_text *t, double value)
{
	if (value >= 0) {
		json_text_number(t, value);
	} else {
		TEXT_LITERAL(t, "null");
	}
}

/* true for 1, false for 0 and null for anything else (the model's -1). */
static void text_tristate(json_text *t, int value)
{
	if (value == 0 || value == 1) {
		json_text_bool(t, value == 1);
	} else {
		TEXT_LITERAL(t, "null");
	}
}

/* A line number, or null when the scanner gave none (0). */
static void text_line_or_null(json_text *t, int line)
{
	if (line > 0) {
		json_text_number(t, line);
	} else {
		TEXT_LITERAL(t, "null");
	}
}

/* An array of the strings of `list`. An empty list stays []. */
static void text_string_array(json_text *t, const assay_strlist *list)
{
	size_t i;

	TEXT_LITERAL(t, "[");
	for (i = 0; i < list->count; i++) {
		if (i > 0) {
			TEXT_LITERAL(t, ",");
		}
		json_text_string(t, list->items[i]);
	}
	TEXT_LITERAL(t, "]");
}

/* The fixed versions joined with ", ": the Python analyzer's `fixed_version`, or null. */
static void text_fixed_version(json_text *t, const assay_strlist *list)
{
	size_t i;

	if (list->count == 0) {
		TEXT_LITERAL(t, "null");
		return;
	}
	TEXT_LITERAL(t, "\"");
	for (i = 0; i < list->count; i++) {
		if (i > 0) {
			TEXT_LITERAL(t, ", ");
		}
		json_text_escaped(t, list->items[i]);
	}
	TEXT_LITERAL(t, "\"");
}

static void text_cvss(json_text *t, const assay_cvss *cvss)
{
	TEXT_LITERAL(t, "{\"source\":");
	json_text_string_or_null(t, cvss->source);
	TEXT_LITERAL(t, ",\"v2_score\":");
	text_number_or_null(t, cvss->v2_score);
	TEXT_LITERAL(t, ",\"v2_vector\":");
	json_text_string_or_null(t, cvss->v2_vector);
	TEXT_LITERAL(t, ",\"v3_score\":");
	text_number_or_null(t, cvss->v3_score);
	TEXT_LITERAL(t, ",\"v3_vector\":");
	json_text_string_or_null(t, cvss->v3_vector);
	TEXT_LITERAL(t, ",\"v4_score\":");
	text_number_or_null(t, cvss->v4_score);
	TEXT_LITERAL(t, ",\"v4_vector\":");
	json_text_string_or_null(t, cvss->v4_vector);
	TEXT_LITERAL(t, "}");
}

static void text_cvss_array(json_text *t, const assay_finding *f)
{
	size_t i;

	TEXT_LITERAL(t, "[");
	for (i = 0; i < f->cvss_count; i++) {
		if (i > 0) {
			TEXT_LITERAL(t, ",");
		}
		text_cvss(t, &f->cvss[i]);
	}
	TEXT_LITERAL(t, "]");
}

static void text_ignore(json_text *t, const assay_finding *f)
{
	if (!f->ignored) {
		TEXT_LITERAL(t, "null");
		return;
	}
	TEXT_LITERAL(t, "{\"rule\":");
	json_text_string_or_null(t, f->ignore_rule);
	TEXT_LITERAL(t, ",\"reason\":");
	json_text_string_or_null(t, f->ignore_reason);
	TEXT_LITERAL(t, ",\"source\":");
	json_text_string_or_null(t, f->ignore_source);
	TEXT_LITERAL(t, ",\"expires\":");
	json_text_string_or_null(t, f->ignore_expires);
	TEXT_LITERAL(t, "}");
}

static void text_baseline(json_text *t, assay_baseline_state state)
{
	if (state == ASSAY_BASELINE_NEW) {
		TEXT_LITERAL(t, "\"new\"");
	} else if (state == ASSAY_BASELINE_KNOWN) {
		TEXT_LITERAL(t, "\"known\"");
	} else {
		TEXT_LITERAL(t, "null");
	}
}

/* The identity, severity and package keys of a finding, in the documented order. */
static void text_finding_head(json_text *t, const assay_finding *f)
{
	TEXT_LITERAL(t, "{\"id\":");
	json_text_string_or_null(t, f->id);
	TEXT_LITERAL(t, ",\"kind\":");
	json_text_string(t, assay_kind_name(f->kind));
	TEXT_LITERAL(t, ",\"severity\":");
	json_text_string(t, assay_severity_name(f->severity));
	TEXT_LITERAL(t, ",\"original_severity\":");
	json_text_string(t, assay_severity_name(f->original_severity));
	TEXT_LITERAL(t, ",\"severity_reason\":");
	json_text_string_or_null(t, f->severity_reason);
	TEXT_LITERAL(t, ",\"raw_severity\":");
	json_text_string_or_null(t, f->raw_severity);
	TEXT_LITERAL(t, ",\"severity_disagreement\":");
	json_text_bool(t, f->severity_disagreement);
	TEXT_LITERAL(t, ",\"aliases\":");
	text_string_array(t, &f->aliases);
	TEXT_LITERAL(t, ",\"package\":");
	json_text_string_or_null(t, f->pkg_name);
	TEXT_LITERAL(t, ",\"version\":");
	json_text_string_or_null(t, f->pkg_version);
	TEXT_LITERAL(t, ",\"fixed_version\":");
	text_fixed_version(t, &f->fixed_versions);
	TEXT_LITERAL(t, ",\"fixed_versions\":");
	text_string_array(t, &f->fixed_versions);
	TEXT_LITERAL(t, ",\"fix_state\":");
	json_text_string(t, assay_fix_state_name(f->fix_state));
	TEXT_LITERAL(t, ",\"package_type\":");
	json_text_string_or_null(t, f->pkg_type);
	TEXT_LITERAL(t, ",\"purl\":");
	json_text_string_or_null(t, f->purl);
	TEXT_LITERAL(t, ",\"package_path\":");
	json_text_string_or_null(t, f->pkg_path);
}

/* The location and text keys of a finding. */
static void text_finding_place(json_text *t, const assay_finding *f)
{
	TEXT_LITERAL(t, ",\"target\":");
	json_text_string_or_null(t, f->target);
	TEXT_LITERAL(t, ",\"image\":");
	json_text_string_or_null(t, f->image);
	TEXT_LITERAL(t, ",\"layer\":");
	json_text_string_or_null(t, f->layer);
	TEXT_LITERAL(t, ",\"file\":");
	json_text_string_or_null(t, f->file);
	TEXT_LITERAL(t, ",\"start_line\":");
	text_line_or_null(t, f->start_line);
	TEXT_LITERAL(t, ",\"end_line\":");
	text_line_or_null(t, f->end_line);
	TEXT_LITERAL(t, ",\"title\":");
	json_text_string_or_null(t, f->title);
	TEXT_LITERAL(t, ",\"description\":");
	json_text_string_or_null(t, f->description);
	TEXT_LITERAL(t, ",\"message\":");
	json_text_string_or_null(t, f->message);
	TEXT_LITERAL(t, ",\"resolution\":");
	json_text_string_or_null(t, f->resolution);
	TEXT_LITERAL(t, ",\"category\":");
	json_text_string_or_null(t, f->category);
	TEXT_LITERAL(t, ",\"primary_url\":");
	json_text_string_or_null(t, f->primary_url);
	TEXT_LITERAL(t, ",\"urls\":");
	text_string_array(t, &f->urls);
}

/* The scoring and state keys of a finding, and its end. */
static void text_finding_tail(json_text *t, const assay_finding *f)
{
	TEXT_LITERAL(t, ",\"cvss\":");
	text_cvss_array(t, f);
	TEXT_LITERAL(t, ",\"cwes\":");
	text_string_array(t, &f->cwes);
	TEXT_LITERAL(t, ",\"published\":");
	json_text_string_or_null(t, f->published);
	TEXT_LITERAL(t, ",\"known_exploited\":");
	text_tristate(t, f->known_exploited);
	TEXT_LITERAL(t, ",\"epss\":");
	text_number_or_null(t, f->epss);
	TEXT_LITERAL(t, ",\"epss_percentile\":");
	text_number_or_null(t, f->epss_percentile);
	TEXT_LITERAL(t, ",\"scanners\":");
	text_string_array(t, &f->scanners);
	TEXT_LITERAL(t, ",\"tags\":");
	text_string_array(t, &f->tags);
	TEXT_LITERAL(t, ",\"ignored\":");
	json_text_bool(t, f->ignored);
	TEXT_LITERAL(t, ",\"ignore\":");
	text_ignore(t, f);
	TEXT_LITERAL(t, ",\"baseline\":");
	text_baseline(t, f->baseline);
	TEXT_LITERAL(t, ",\"fingerprint\":");
	json_text_string(t, f->fingerprint);
	TEXT_LITERAL(t, "}");
}

static cJSON *image_to_json(const assay_image *image)
{
	json_builder b;
	json_builder os;

	builder_init(&os, cJSON_CreateObject());
	put(&os, "family", string_or_null(image->os_family));
	put(&os, "name", string_or_null(image->os_name));
	if (!os.ok) {
		cJSON_Delete(os.object);
		os.object = NULL;
	}

	builder_init(&b, cJSON_CreateObject());
	put(&b, "name", string_or_null(image->name));
	put(&b, "image_id", string_or_null(image->image_id));
	put(&b, "artifact_type", string_or_null(image->artifact_type));
	put(&b, "os", os.object);
	put(&b, "repo_tags", string_array(&image->repo_tags));
	put(&b, "repo_digests", string_array(&image->repo_digests));
	put(&b, "size",
	    image->size >= 0 ? cJSON_CreateNumber((double)image->size) : cJSON_CreateNull());
	put(&b, "created_at", string_or_null(image->created_at));
	put(&b, "config_user", string_or_null(image->config_user));
	put(&b, "has_healthcheck", tristate(image->has_healthcheck));
	put(&b, "sources", string_array(&image->sources));
	put(&b, "scanners", string_array(&image->scanners));
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

/* {"CRITICAL": n, "HIGH": n, "MEDIUM": n, "LOW": n, "UNKNOWN": n} */
static cJSON *breakdown_to_json(const size_t by_severity[ASSAY_SEVERITY_COUNT])
{
	json_builder b;
	size_t i;

	builder_init(&b, cJSON_CreateObject());
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		assay_severity severity = breakdown_order[i];

		put(&b, assay_severity_name(severity),
		    cJSON_CreateNumber((double)by_severity[severity]));
	}
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

/* {"total", "ignored", "severity_breakdown"} of one scope. */
static cJSON *counts_to_json(const assay_counts *counts)
{
	json_builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "total", cJSON_CreateNumber((double)counts->total));
	put(&b, "ignored", cJSON_CreateNumber((double)counts->ignored));
	put(&b, "severity_breakdown", breakdown_to_json(counts->by_severity));
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

/*
 * Add `item` to `object` under a key that is not taken yet: `name`, or
 * "name (2)", "name (3)" … when several images share a name. Takes `item`.
 */
static bool put_unique(cJSON *object, const char *name, cJSON *item)
{
	char *key = NULL;
	bool ok = false;
	size_t size;
	unsigned n;

	if (item == NULL) {
		return false;
	}
	size = strlen(name) + 16;
	key = malloc(size);
	if (key == NULL) {
		goto out;
	}
	snprintf(key, size, "%s", name);
	for (n = 2; cJSON_GetObjectItemCaseSensitive(object, key) != NULL; n++) {
		snprintf(key, size, "%s (%u)", name, n);
	}
	ok = cJSON_AddItemToObject(object, key, item);
out:
	if (!ok) {
		cJSON_Delete(item);
	}
	free(key);
	return ok;
}

/* {"vulnerability": {...}, "misconfiguration": {...}, "secret": {...}, "license": {...}} */
static cJSON *by_kind_to_json(const assay_ctx *ctx)
{
	json_builder b;
	int kind;

	builder_init(&b, cJSON_CreateObject());
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		assay_counts counts;

		assay_count(&counts, ctx, kind, NULL, NULL);
		put(&b, assay_kind_name((assay_kind)kind), counts_to_json(&counts));
	}
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

static cJSON *by_scanner_to_json(const assay_ctx *ctx)
{
	assay_strlist names = assay_scanner_names(ctx);
	cJSON *object = cJSON_CreateObject();
	size_t i;

	for (i = 0; object != NULL && i < names.count; i++) {
		assay_counts counts;

		assay_count(&counts, ctx, -1, NULL, names.items[i]);
		if (!put_unique(object, names.items[i], counts_to_json(&counts))) {
			cJSON_Delete(object);
			object = NULL;
		}
	}
	return object;
}

static cJSON *by_image_to_json(const assay_ctx *ctx)
{
	size_t images = assay_image_count(ctx);
	cJSON *object = cJSON_CreateObject();
	size_t i;

	for (i = 0; object != NULL && i < images; i++) {
		const assay_image *image = assay_image_at(ctx, i);
		assay_counts counts;

		assay_count(&counts, ctx, -1, image, NULL);
		if (!put_unique(object, image->name, counts_to_json(&counts))) {
			cJSON_Delete(object);
			object = NULL;
		}
	}
	return object;
}

static cJSON *summary_to_json(const assay_ctx *ctx)
{
	const assay_image *first = assay_image_count(ctx) > 0 ? assay_image_at(ctx, 0) : NULL;
	assay_counts vulnerabilities;
	assay_counts all;
	json_builder b;

	assay_count(&vulnerabilities, ctx, ASSAY_KIND_VULNERABILITY, NULL, NULL);
	assay_count(&all, ctx, -1, NULL, NULL);

	builder_init(&b, cJSON_CreateObject());
	put(&b, "total_vulnerabilities", cJSON_CreateNumber((double)vulnerabilities.total));
	put(&b, "severity_breakdown", breakdown_to_json(vulnerabilities.by_severity));
	put(&b, "scan_time", string_or_null(first != NULL ? first->created_at : NULL));
	put(&b, "image_size", first != NULL && first->size >= 0
				      ? cJSON_CreateNumber((double)first->size)
				      : cJSON_CreateNull());
	put(&b, "total_findings", cJSON_CreateNumber((double)all.total));
	put(&b, "ignored_findings", cJSON_CreateNumber((double)all.ignored));
	put(&b, "by_kind", by_kind_to_json(ctx));
	put(&b, "by_scanner", by_scanner_to_json(ctx));
	put(&b, "by_image", by_image_to_json(ctx));
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

static cJSON *recommendation_to_json(const assay_recommendation *rec)
{
	json_builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "category", string_or_null(rec->category));
	put(&b, "priority", string_or_null(rec->priority));
	put(&b, "recommendation", string_or_null(rec->text));
	put(&b, "rationale", string_or_null(rec->rationale));
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

/* A count or limit of a check, or null when the check is not a count (-1). */
static cJSON *count_or_null(long long value)
{
	return value >= 0 ? cJSON_CreateNumber((double)value) : cJSON_CreateNull();
}

static cJSON *check_to_json(const assay_check *check, const char *source)
{
	json_builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "name", string_or_null(check->name));
	put(&b, "image", string_or_null(check->image));
	put(&b, "passed", cJSON_CreateBool(check->passed));
	put(&b, "count", count_or_null(check->count));
	put(&b, "limit", count_or_null(check->limit));
	put(&b, "message", string_or_null(check->message));
	put(&b, "source", string_or_null(source));
	if (!b.ok) {
		cJSON_Delete(b.object);
		return NULL;
	}
	return b.object;
}

/* ---- Writing ---- */

static int out_of_memory(json_writer *w)
{
	return assay_error(w->ctx, ASSAY_ENOMEM, "out of memory while writing the JSON analysis");
}

/*
 * Print `item` without formatting and write it. The print buffer is kept
 * between calls so that 100,000 findings do not mean 100,000 allocations.
 * Returns 0, ASSAY_ENOMEM or ASSAY_ELIMIT.
 */
static int write_item(json_writer *w, cJSON *item)
{
	while (w->capacity == 0 ||
	       !cJSON_PrintPreallocated(item, w->buffer, (int)w->capacity, false)) {
		size_t capacity = w->capacity == 0 ? PRINT_BUFFER_INITIAL : w->capacity * 2;
		char *buffer;

		/* cJSON takes the buffer length as an int. */
		if (capacity > (size_t)INT_MAX) {
			return assay_error(w->ctx, ASSAY_ELIMIT,
					   "a finding or section of the JSON analysis needs more "
					   "than %zu bytes to print",
					   w->capacity);
		}
		buffer = realloc(w->buffer, capacity);
		if (buffer == NULL) {
			return out_of_memory(w);
		}
		w->buffer = buffer;
		w->capacity = capacity;
	}
	fputs(w->buffer, w->out);
	return 0;
}

/* Write `item` and free it. A NULL item means that building it ran out of memory. */
static int write_built(json_writer *w, cJSON *item)
{
	int err;

	if (item == NULL) {
		return out_of_memory(w);
	}
	err = write_item(w, item);
	cJSON_Delete(item);
	return err;
}

/* Write any string, escaped by cJSON, e.g. a key chosen by another plugin. */
static int write_string(json_writer *w, const char *text)
{
	return write_built(w, cJSON_CreateString(text));
}

/* Arrays put one item on each line; `key` is always a literal of this file. */
static void begin_array(json_writer *w, const char *key)
{
	fprintf(w->out, "  \"%s\": [", key);
}

static void array_separator(json_writer *w, size_t index)
{
	fputs(index == 0 ? "\n    " : ",\n    ", w->out);
}

static void end_array(json_writer *w, size_t written)
{
	fputs(written == 0 ? "],\n" : "\n  ],\n", w->out);
}

/*
 * Write the findings of `kind`, one object per line. Findings are nearly
 * all of a large analysis, so they are printed straight into a buffer
 * instead of being built as cJSON trees. The text is the same as cJSON's.
 */
static int write_findings(json_writer *w, const json_kind_order *order, assay_kind kind)
{
	const size_t *indices = order->indices + order->start[kind];
	size_t count = order->start[kind + 1] - order->start[kind];
	json_text text;
	size_t i;

	begin_array(w, kind_keys[kind]);
	if (!json_text_init(&text, w->out)) {
		return out_of_memory(w);
	}
	for (i = 0; i < count; i++) {
		const assay_finding *f = assay_finding_at(w->ctx, indices[i]);

		json_prefetch_ahead(w->ctx, indices, count, i);
		if (i == 0) {
			TEXT_LITERAL(&text, "\n    ");
		} else {
			TEXT_LITERAL(&text, ",\n    ");
		}
		text_finding_head(&text, f);
		text_finding_place(&text, f);
		text_finding_tail(&text, f);
		if (ferror(w->out)) {
			/* The caller reports the write error; stop printing for nothing. */
			break;
		}
	}
	json_text_dispose(&text);
	end_array(w, count);
	return 0;
}

static int write_images(json_writer *w)
{
	size_t count = assay_image_count(w->ctx);
	size_t i;
	int err = 0;

	begin_array(w, "images");
	for (i = 0; i < count && err == 0; i++) {
		array_separator(w, i);
		err = write_built(w, image_to_json(assay_image_at(w->ctx, i)));
	}
	end_array(w, count);
	return err;
}

static int write_recommendations(json_writer *w)
{
	size_t count = assay_recommendation_count(w->ctx);
	size_t i;
	int err = 0;

	begin_array(w, "recommendations");
	for (i = 0; i < count && err == 0; i++) {
		array_separator(w, i);
		err = write_built(w, recommendation_to_json(assay_recommendation_at(w->ctx, i)));
	}
	end_array(w, count);
	return err;
}

static bool is_reserved_key(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(reserved_keys) / sizeof(reserved_keys[0]); i++) {
		if (strcmp(key, reserved_keys[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* Write `  KEY: VALUE,` for one section, both printed by cJSON. */
static int write_section(json_writer *w, const char *key, const cJSON *value)
{
	char *text = NULL;
	int err;

	fputs("  ", w->out);
	err = write_string(w, key);
	if (err != 0) {
		return err;
	}
	text = cJSON_PrintUnformatted(value);
	if (text == NULL) {
		return out_of_memory(w);
	}
	fputs(": ", w->out);
	fputs(text, w->out);
	fputs(",\n", w->out);
	cJSON_free(text);
	return 0;
}

/* Write every section analyzers set, and an empty "compliance" when none set it. */
static int write_sections(json_writer *w)
{
	size_t count = assay_section_count(w->ctx);
	size_t i;
	int err = 0;

	if (assay_section_get(w->ctx, "compliance") == NULL) {
		fputs("  \"compliance\": {},\n", w->out);
	}
	for (i = 0; i < count && err == 0; i++) {
		const char *key = NULL;
		const cJSON *value = assay_section_at(w->ctx, i, &key);

		if (key == NULL || value == NULL) {
			continue;
		}
		if (is_reserved_key(key)) {
			assay_log(w->ctx, ASSAY_LOG_WARN,
				  "section '%s' not written: the JSON analysis reserves that key, "
				  "so the analyzer must use another",
				  key);
			continue;
		}
		err = write_section(w, key, value);
	}
	return err;
}

static int write_checks(json_writer *w)
{
	size_t count = assay_check_count(w->ctx);
	size_t i;
	int err = 0;

	begin_array(w, "checks");
	for (i = 0; i < count && err == 0; i++) {
		const char *source = NULL;
		const assay_check *check = assay_check_at(w->ctx, i, &source);

		array_separator(w, i);
		err = write_built(w, check_to_json(check, source));
	}
	end_array(w, count);
	return err;
}

/* The messages of the failed checks: the Python analyzer's list of strings. */
static int write_violations(json_writer *w)
{
	size_t count = assay_check_count(w->ctx);
	size_t written = 0;
	size_t i;
	int err = 0;

	begin_array(w, "threshold_violations");
	for (i = 0; i < count && err == 0; i++) {
		const assay_check *check = assay_check_at(w->ctx, i, NULL);

		if (check->passed) {
			continue;
		}
		array_separator(w, written++);
		err = write_string(w, check->message != NULL ? check->message : check->name);
	}
	end_array(w, written);
	return err;
}

/* Write the tool and summary lines. */
static int write_head(json_writer *w)
{
	cJSON *tool = cJSON_CreateObject();
	json_builder b;
	int err;

	builder_init(&b, tool);
	put(&b, "name", cJSON_CreateStringReference("assay"));
	put(&b, "version", cJSON_CreateStringReference(assay_version()));
	if (!b.ok) {
		cJSON_Delete(tool);
		return out_of_memory(w);
	}
	fputs("{\n  \"tool\": ", w->out);
	err = write_built(w, tool);
	if (err != 0) {
		return err;
	}
	fputs(",\n  \"summary\": ", w->out);
	err = write_built(w, summary_to_json(w->ctx));
	fputs(",\n", w->out);
	return err;
}

/* Write every part after the head, in the documented order. */
static int write_body(json_writer *w)
{
	json_kind_order order = {0};
	int err;
	int kind;

	err = write_images(w);
	if (err == 0 && json_order_by_kind(w->ctx, &order) != 0) {
		err = out_of_memory(w);
	}
	for (kind = 0; kind < ASSAY_KIND_COUNT && err == 0; kind++) {
		err = write_findings(w, &order, (assay_kind)kind);
	}
	free(order.indices);
	if (err == 0) {
		err = write_recommendations(w);
	}
	if (err == 0) {
		err = write_sections(w);
	}
	if (err == 0) {
		err = write_checks(w);
	}
	if (err == 0) {
		err = write_violations(w);
	}
	return err;
}

static int json_write(assay_ctx *ctx, FILE *out)
{
	json_writer w = {ctx, out, NULL, 0};
	int err;

	err = write_head(&w);
	if (err != 0) {
		goto out;
	}
	err = write_body(&w);
	if (err != 0) {
		goto out;
	}
	fprintf(out, "  \"passes_threshold\": %s\n}\n",
		assay_gate_passed(ctx) ? "true" : "false");

	if (fflush(out) != 0 || ferror(out)) {
		err = assay_error(ctx, ASSAY_EIO, "writing the JSON analysis to '%s' failed: %s",
				  assay_output_path(ctx), strerror(errno));
	}
out:
	free(w.buffer);
	return err;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = "json",
	.version = "0.1.0",
	.summary = "the JSON analysis: summary, images, findings by kind, checks and verdict",
	.write = json_write,
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
