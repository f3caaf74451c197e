/* SPDX-License-Identifier: Apache-2.0 */
/* Example output plugin: findings as RFC 4180 CSV that is safe to open in a spreadsheet. */
#include <stdio.h>
#include <string.h>

#include <assay/assay.h>

static const char *const header[] = {
	"severity", "kind",   "id",    "package",  "version", "fixed_versions",
	"fix_state", "image", "target", "path",    "line",    "title",
	"scanners", "ignored", "ignore_reason", "fingerprint"};

#define COLUMN_COUNT (sizeof(header) / sizeof(header[0]))

/*
 * Whether a spreadsheet could read the cell as a formula. Excel, LibreOffice
 * and Google Sheets evaluate a cell that starts with = + - or @, and a
 * leading tab or carriage return can hide such a start.
 */
static bool starts_like_formula(const char *value)
{
	return value[0] != '\0' && strchr("=+-@\t\r", value[0]) != NULL;
}

/* Whether a cell needs quotes: a separator, quote or line break inside, or blanks at an end. */
static bool needs_quotes(const char *value)
{
	size_t len = strlen(value);

	if (strpbrk(value, ",\"\r\n") != NULL) {
		return true;
	}
	return len > 0 && (value[0] == ' ' || value[len - 1] == ' ');
}

/*
 * Write `value` with every quote doubled. At the start of a cell (`at_start`)
 * a value that starts like a formula gets a leading apostrophe.
 */
static void write_escaped(FILE *out, const char *value, bool at_start)
{
	const char *c;

	if (at_start && starts_like_formula(value)) {
		fputc('\'', out);
	}
	for (c = value; *c != '\0'; c++) {
		if (*c == '"') {
			fputc('"', out);
		}
		fputc(*c, out);
	}
}

/*
 * Write one cell, preceded by a comma unless it is the first of its row.
 * The leading apostrophe of write_escaped defuses a formula: the
 * spreadsheet shows the text as written. NULL is an empty cell.
 */
static void write_cell(FILE *out, const char *value, bool first)
{
	bool quoted;

	if (!first) {
		fputc(',', out);
	}
	if (value == NULL) {
		return;
	}
	quoted = needs_quotes(value);
	if (quoted) {
		fputc('"', out);
	}
	write_escaped(out, value, true);
	if (quoted) {
		fputc('"', out);
	}
}

/* Write a list as one quoted cell (never the first of its row), items joined with ", ". */
static void write_list_cell(FILE *out, const assay_strlist *list)
{
	size_t i;

	fputc(',', out);
	if (list->count == 0) {
		return;
	}
	fputc('"', out);
	for (i = 0; i < list->count; i++) {
		if (i > 0) {
			fputs(", ", out);
		}
		write_escaped(out, list->items[i], i == 0);
	}
	fputc('"', out);
}

/* Write one finding as a row. */
static void write_row(FILE *out, const assay_finding *f)
{
	char line[16] = "";
	const char *path = f->pkg_path != NULL ? f->pkg_path : f->file;

	if (f->start_line > 0) {
		snprintf(line, sizeof(line), "%d", f->start_line);
	}
	write_cell(out, assay_severity_name(f->severity), true);
	write_cell(out, assay_kind_name(f->kind), false);
	write_cell(out, f->id, false);
	write_cell(out, f->pkg_name, false);
	write_cell(out, f->pkg_version, false);
	write_list_cell(out, &f->fixed_versions);
	write_cell(out, assay_fix_state_name(f->fix_state), false);
	write_cell(out, f->image, false);
	write_cell(out, f->target, false);
	write_cell(out, path, false);
	write_cell(out, line, false);
	write_cell(out, f->title, false);
	write_list_cell(out, &f->scanners);
	write_cell(out, f->ignored ? "true" : "false", false);
	write_cell(out, f->ignored ? f->ignore_reason : NULL, false);
	write_cell(out, f->fingerprint, false);
	fputs("\r\n", out);
}

/*
 * Write a header row and one row per finding, in the core's order
 * (severity first). Rows end with CRLF, as RFC 4180 specifies. Ignored findings
 * are included, marked in the ignored column.
 */
static int write_report(assay_ctx *ctx, FILE *out)
{
	size_t count = assay_finding_count(ctx);
	size_t i;

	for (i = 0; i < COLUMN_COUNT; i++) {
		write_cell(out, header[i], i == 0);
	}
	fputs("\r\n", out);
	for (i = 0; i < count; i++) {
		write_row(out, assay_finding_at(ctx, i));
	}
	if (ferror(out)) {
		return assay_error(ctx, ASSAY_EIO, "cannot write %s", assay_output_path(ctx));
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = "csv",
	.version = "1.0.0",
	.summary = "findings as CSV, with cells that could run as spreadsheet formulas defused",
	.write = write_report,
	/* write_report keeps no state of its own and only reads the run. */
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
