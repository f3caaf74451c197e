/* SPDX-License-Identifier: Apache-2.0 */
/* Example input plugin: reads a scanner's CSV export (RFC 4180) as vulnerability findings. */
#include <stdlib.h>
#include <string.h>

#include <assay/assay.h>

#define COLUMN_COUNT 6

/* Columns of the layout, in order; README.md documents each one. */
enum { COL_ID, COL_SEVERITY, COL_PACKAGE, COL_VERSION, COL_FIXED_VERSION, COL_TITLE };

static const char *const column_names[COLUMN_COUNT] = {
	"id", "severity", "package", "version", "fixed_version", "title"};

static const char header_line[] = "id,severity,package,version,fixed_version,title";

/* Position in the document text. */
typedef struct {
	const char *text;
	size_t size;
	size_t pos;
	size_t line; /* line of `pos`, counted from 1 */
} csv_cursor;

/*
 * One record. The fields are unquoted into `buffer`, each followed by a
 * NUL byte. `start` contains their offsets, because `buffer` moves when it
 * grows.
 */
typedef struct {
	char *buffer;
	size_t used;
	size_t capacity;
	size_t start[COLUMN_COUNT];
	size_t count;
	size_t line; /* line where the record starts */
} csv_record;

/* Exact header line at the start of the text: certain; anything else: not ours. */
static int probe(const assay_document *doc)
{
	size_t len = sizeof(header_line) - 1;
	const char *rest;

	if (doc->text == NULL || doc->size < len || memcmp(doc->text, header_line, len) != 0) {
		return 0;
	}
	rest = doc->text + len;
	if (*rest == '\0' || *rest == '\n' || (rest[0] == '\r' && rest[1] == '\n')) {
		return 100;
	}
	return 0;
}

/* Append one byte to the record. Returns 0 or ASSAY_ENOMEM. */
static int record_push(csv_record *rec, char c)
{
	if (rec->used == rec->capacity) {
		size_t capacity = rec->capacity ? rec->capacity * 2 : 256;
		char *grown = realloc(rec->buffer, capacity);

		if (grown == NULL) {
			return ASSAY_ENOMEM;
		}
		rec->buffer = grown;
		rec->capacity = capacity;
	}
	rec->buffer[rec->used++] = c;
	return 0;
}

static const char *record_field(const csv_record *rec, size_t index)
{
	return rec->buffer + rec->start[index];
}

/* Whether the cursor is at a line ending: "\n" or "\r\n". */
static bool at_line_end(const csv_cursor *cur)
{
	const char *s = cur->text + cur->pos;

	return s[0] == '\n' || (s[0] == '\r' && s[1] == '\n');
}

static void skip_line_end(csv_cursor *cur)
{
	cur->pos += cur->text[cur->pos] == '\r' ? 2 : 1;
	cur->line++;
}

/* Whether the cursor is where a field ends: a comma, a line ending or the end of the text. */
static bool at_field_end(const csv_cursor *cur)
{
	return cur->pos >= cur->size || cur->text[cur->pos] == ',' || at_line_end(cur);
}

/* Read a field that starts with a quote; "" inside it is one quote. */
static int read_quoted(assay_ctx *ctx, csv_cursor *cur, csv_record *rec)
{
	size_t opened_on = cur->line;
	int err = 0;

	cur->pos++;
	for (;;) {
		char c;

		if (cur->pos >= cur->size) {
			return assay_error(ctx, ASSAY_EPARSE,
					   "line %zu: quoted field %zu has no closing quote",
					   opened_on, rec->count + 1);
		}
		c = cur->text[cur->pos];
		if (c == '"' && cur->text[cur->pos + 1] == '"') {
			cur->pos += 2;
			err = record_push(rec, '"');
		} else if (c == '"') {
			cur->pos++;
			break;
		} else {
			cur->pos++;
			cur->line += c == '\n';
			err = record_push(rec, c);
		}
		if (err != 0) {
			return assay_error(ctx, err, "out of memory");
		}
	}
	if (!at_field_end(cur)) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "line %zu: text after the closing quote of field %zu; write a "
				   "quote inside a quoted field as two quotes (\"\")",
				   cur->line, rec->count + 1);
	}
	return 0;
}

/* Read a field without quotes, up to a comma or the end of the line. */
static int read_plain(assay_ctx *ctx, csv_cursor *cur, csv_record *rec)
{
	while (!at_field_end(cur)) {
		char c = cur->text[cur->pos];

		if (c == '"' || c == '\r') {
			return assay_error(ctx, ASSAY_EPARSE,
					   "line %zu: %s in unquoted field %zu; enclose the field in "
					   "quotes (and double any quote inside it)",
					   cur->line, c == '"' ? "quote" : "carriage return",
					   rec->count + 1);
		}
		if (record_push(rec, c) != 0) {
			return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
		cur->pos++;
	}
	return 0;
}

/*
 * Read the record at the cursor and the line ending after it. A record
 * with more than COLUMN_COUNT fields is an error; one with fewer is left
 * to the caller, which names the columns.
 */
static int read_record(assay_ctx *ctx, csv_cursor *cur, csv_record *rec)
{
	int err;

	rec->used = 0;
	rec->count = 0;
	rec->line = cur->line;
	for (;;) {
		if (rec->count == COLUMN_COUNT) {
			return assay_error(ctx, ASSAY_EPARSE,
					   "line %zu: more than %d fields; expected the columns %s",
					   rec->line, COLUMN_COUNT, header_line);
		}
		rec->start[rec->count] = rec->used;
		if (cur->pos < cur->size && cur->text[cur->pos] == '"') {
			err = read_quoted(ctx, cur, rec);
		} else {
			err = read_plain(ctx, cur, rec);
		}
		if (err == 0 && record_push(rec, '\0') != 0) {
			err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
		if (err != 0) {
			return err;
		}
		rec->count++;
		if (cur->pos >= cur->size || cur->text[cur->pos] != ',') {
			break;
		}
		cur->pos++;
	}
	if (cur->pos < cur->size) {
		skip_line_end(cur);
	}
	return 0;
}

/* Check that the first record is the header, column by column. */
static int check_header(assay_ctx *ctx, const csv_record *rec)
{
	size_t i;

	for (i = 0; i < COLUMN_COUNT; i++) {
		if (i >= rec->count || strcmp(record_field(rec, i), column_names[i]) != 0) {
			return assay_error(ctx, ASSAY_EPARSE,
					   "line 1: column %zu of the header is '%s', expected '%s'; "
					   "the header must be %s",
					   i + 1, i < rec->count ? record_field(rec, i) : "",
					   column_names[i], header_line);
		}
	}
	return 0;
}

/*
 * Append each comma-separated version of the fixed_version field, spaces
 * trimmed. The field is split in place. Returns 0 or an error code.
 */
static int add_fixed_versions(assay_ctx *ctx, assay_finding *f, csv_record *rec)
{
	char *text = rec->buffer + rec->start[COL_FIXED_VERSION];

	while (*text != '\0') {
		size_t len = strcspn(text, ",");
		char *end = text + len;
		char *next = *end == '\0' ? end : end + 1;
		int err;

		*end = '\0';
		while (*text == ' ') {
			text++;
		}
		while (end > text && end[-1] == ' ') {
			*--end = '\0';
		}
		err = assay_finding_append(ctx, f, ASSAY_LIST_FIXED_VERSIONS, text);
		if (err != 0) {
			return assay_error(ctx, err, "out of memory");
		}
		text = next;
	}
	f->fix_state = f->fixed_versions.count > 0 ? ASSAY_FIX_FIXED : ASSAY_FIX_UNKNOWN;
	return 0;
}

/* Copy the text fields of a record into a finding. Returns 0 or an error code. */
static int fill_finding(assay_ctx *ctx, assay_finding *f, csv_record *rec)
{
	static const struct {
		size_t column;
		assay_field field;
	} copies[] = {
		{COL_ID, ASSAY_FIELD_ID},
		{COL_PACKAGE, ASSAY_FIELD_PKG_NAME},
		{COL_VERSION, ASSAY_FIELD_PKG_VERSION},
		{COL_TITLE, ASSAY_FIELD_TITLE},
		{COL_SEVERITY, ASSAY_FIELD_RAW_SEVERITY},
	};
	size_t i;
	int err;

	f->kind = ASSAY_KIND_VULNERABILITY;
	f->severity = assay_severity_parse(record_field(rec, COL_SEVERITY));
	for (i = 0; i < sizeof(copies) / sizeof(copies[0]); i++) {
		const char *value = record_field(rec, copies[i].column);

		/* An empty cell is an absent value, not an empty string. */
		err = assay_finding_set(ctx, f, copies[i].field, *value != '\0' ? value : NULL);
		if (err != 0) {
			return assay_error(ctx, err, "out of memory");
		}
	}
	return add_fixed_versions(ctx, f, rec);
}

/* Turn one data record into a finding and add it. Returns 0 or an error code. */
static int add_record(assay_ctx *ctx, csv_record *rec)
{
	assay_finding *f;
	int err;

	if (rec->count != COLUMN_COUNT) {
		return assay_error(ctx, ASSAY_EPARSE,
				   "line %zu: %zu field(s), expected %d (%s)", rec->line, rec->count,
				   COLUMN_COUNT, header_line);
	}
	if (record_field(rec, COL_ID)[0] == '\0') {
		return assay_error(ctx, ASSAY_EPARSE, "line %zu: the id field is empty", rec->line);
	}

	f = assay_finding_new(ctx);
	if (f == NULL) {
		return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
	}
	err = fill_finding(ctx, f, rec);
	if (err != 0) {
		assay_finding_discard(ctx, f);
		return err;
	}
	/* assay_finding_add takes the finding on every path. */
	return assay_finding_add(ctx, f);
}

/*
 * Read the export: the header, then one finding per record. Empty lines
 * are skipped. The option scanner-csv-image names the scanned image,
 * because the layout has no column for it.
 */
static int read_report(assay_ctx *ctx, const assay_document *doc)
{
	csv_cursor cur = {doc->text, doc->size, 0, 1};
	csv_record rec = {0};
	const char *image = assay_option_get(ctx, "scanner-csv-image");
	int err = 0;

	if (doc->text == NULL) {
		return assay_error(ctx, ASSAY_EPARSE, "expected CSV text, found JSON");
	}
	if (image != NULL && *image != '\0' && assay_image_declare(ctx, image, NULL) == NULL) {
		return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
	}

	err = read_record(ctx, &cur, &rec);
	if (err == 0) {
		err = check_header(ctx, &rec);
	}
	while (err == 0 && cur.pos < cur.size) {
		if (at_line_end(&cur)) {
			skip_line_end(&cur);
			continue;
		}
		err = read_record(ctx, &cur, &rec);
		if (err == 0) {
			err = add_record(ctx, &rec);
		}
	}
	free(rec.buffer);
	return err;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_INPUT,
	.name = "scanner-csv",
	.version = "1.0.0",
	.summary = "CSV export of a scanner: id,severity,package,version,fixed_version,title",
	.probe = probe,
	.read = read_report,
};

ASSAY_PLUGIN_DEFINE(descriptor)
