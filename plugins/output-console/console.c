/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that prints a short summary for people: verdict, counts and top findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <assay/assay.h>

/* Width of every line the summary prints, in terminal columns. */
#define LINE_COLUMNS 100
/* Findings listed under "Top findings". */
#define TOP_FINDINGS 10
/* Columns of the id and package parts of a finding line before they are cut. */
#define ID_COLUMNS 24
/* Ids are padded to this width so that the usual CVE ids line up. */
#define ID_MIN_COLUMNS 14
#define PACKAGE_COLUMNS 40
/* Columns of an image name in the per-image lines. */
#define IMAGE_COLUMNS 40

/* SGR sequences, written only when colour is on. */
#define STYLE_RESET "\033[0m"
#define STYLE_BOLD_RED "\033[1;31m"
#define STYLE_RED "\033[31m"
#define STYLE_YELLOW "\033[33m"
#define STYLE_BLUE "\033[34m"
#define STYLE_GREEN "\033[1;32m"
#define STYLE_DIM "\033[2m"

typedef struct {
	assay_ctx *ctx;
	FILE *out;
	bool colour;
} console;

/*
 * One line being composed. `columns` counts what the terminal shows, so
 * colour sequences count zero. Every character counts one column.
 * NOTE: East Asian wide characters take two columns on a terminal, so a
 * title made of them can make a line wider than LINE_COLUMNS.
 */
typedef struct {
	char text[LINE_COLUMNS * 4 + 256]; /* 4 bytes per UTF-8 character, plus styles */
	size_t length;
	size_t columns;
} line;

static void line_clear(line *l)
{
	l->text[0] = '\0';
	l->length = 0;
	l->columns = 0;
}

static void line_add_bytes(line *l, const char *bytes, size_t length, size_t columns)
{
	if (length >= sizeof(l->text) - l->length) {
		return;
	}
	memcpy(l->text + l->length, bytes, length);
	l->length += length;
	l->text[l->length] = '\0';
	l->columns += columns;
}

/* Add text of this file: ASCII only, one column per byte. */
static void line_add(line *l, const char *text)
{
	size_t length = strlen(text);

	line_add_bytes(l, text, length, length);
}

/* Add a colour sequence when colour is on. It takes no columns. */
static void line_style(line *l, const console *c, const char *style)
{
	if (c->colour) {
		line_add_bytes(l, style, strlen(style), 0);
	}
}

static void line_pad(line *l, size_t columns)
{
	while (l->columns < columns && l->length + 1 < sizeof(l->text)) {
		line_add_bytes(l, " ", 1, 1);
	}
}

/* Length of the UTF-8 sequence that starts `s`, or 0 when it is invalid (RFC 3629). */
static size_t utf8_sequence_length(const unsigned char *s, unsigned *code_point)
{
	size_t length;
	unsigned value;
	size_t i;

	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		length = 2;
		value = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		length = 3;
		value = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		length = 4;
		value = s[0] & 0x07u;
	} else {
		return 0;
	}
	for (i = 1; i < length; i++) {
		if ((s[i] & 0xC0u) != 0x80u) {
			return 0;
		}
		value = (value << 6) | (s[i] & 0x3Fu);
	}
	/* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
	if ((length == 3 && value < 0x800) || (length == 4 && value < 0x10000) ||
	    (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
		return 0;
	}
	*code_point = value;
	return length;
}

/*
 * Whether a code point must not reach a terminal: C1 controls (U+0080 to
 * U+009F, which some terminals read as escape sequences) and the bidi
 * controls that reorder the displayed text.
 */
static bool is_hidden_code_point(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F;
}

/*
 * Decode the next character of a scanner string at `*s` into `bytes` and
 * advance `*s`. Returns its length in `bytes`, which is 0 for a character
 * that is dropped. Tabs and line breaks become a space, other control
 * characters (ESC among them) are dropped, and each byte of invalid UTF-8
 * becomes '?', so nothing in a title can start an escape sequence.
 */
static size_t next_clean_char(const unsigned char **s, char bytes[4])
{
	unsigned cp = 0;
	size_t length;

	if (**s < 0x80) {
		unsigned char byte = **s;

		(*s)++;
		if (byte == '\t' || byte == '\n' || byte == '\r') {
			bytes[0] = ' ';
			return 1;
		}
		if (byte < 0x20 || byte == 0x7F) {
			return 0;
		}
		bytes[0] = (char)byte;
		return 1;
	}
	length = utf8_sequence_length(*s, &cp);
	if (length == 0) {
		(*s)++;
		bytes[0] = '?';
		return 1;
	}
	memcpy(bytes, *s, length);
	*s += length;
	return is_hidden_code_point(cp) ? 0 : length;
}

/* Columns a scanner string takes once cleaned. */
static size_t clean_columns(const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t columns = 0;
	char bytes[4];

	while (*s != '\0') {
		if (next_clean_char(&s, bytes) > 0) {
			columns++;
		}
	}
	return columns;
}

/*
 * Add a scanner string, cleaned, in at most `max_columns` columns. A
 * longer string is cut and ends with an ellipsis. NULL adds "-".
 */
static void line_add_clean(line *l, const char *text, size_t max_columns)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t budget = max_columns;
	bool cut = false;
	char bytes[4];

	if (max_columns == 0) {
		return;
	}
	if (text == NULL) {
		line_add(l, "-");
		return;
	}
	if (clean_columns(text) > max_columns) {
		cut = true;
		budget = max_columns - 1;
	}
	while (*s != '\0' && budget > 0) {
		size_t length = next_clean_char(&s, bytes);

		if (length > 0) {
			line_add_bytes(l, bytes, length, 1);
			budget--;
		}
	}
	if (cut) {
		line_add_bytes(l, "\xE2\x80\xA6", 3, 1); /* U+2026 HORIZONTAL ELLIPSIS */
	}
}

static void line_print(line *l, const console *c)
{
	fputs(l->text, c->out);
	fputc('\n', c->out);
	line_clear(l);
}

/*
 * Print a failed check's message as "  - TEXT", wrapped at LINE_COLUMNS
 * rather than cut: the message is the reason the gate failed.
 */
static void print_wrapped(const console *c, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t budget = LINE_COLUMNS - 4;
	char bytes[4];
	line l;

	line_clear(&l);
	line_add(&l, "  - ");
	while (*s != '\0') {
		size_t length = next_clean_char(&s, bytes);

		if (length == 0) {
			continue;
		}
		if (budget == 0) {
			line_print(&l, c);
			line_add(&l, "    ");
			budget = LINE_COLUMNS - 4;
		}
		line_add_bytes(&l, bytes, length, 1);
		budget--;
	}
	line_print(&l, c);
}

/* Whether colour is on: a terminal, NO_COLOR unset or empty (no-color.org), TERM not "dumb". */
static bool use_colour(const assay_ctx *ctx)
{
	const char *no_colour = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (!assay_output_is_tty(ctx)) {
		return false;
	}
	if (no_colour != NULL && no_colour[0] != '\0') {
		return false;
	}
	return term == NULL || strcmp(term, "dumb") != 0;
}

static const char *severity_style(assay_severity severity)
{
	switch (severity) {
	case ASSAY_SEVERITY_CRITICAL:
		return STYLE_BOLD_RED;
	case ASSAY_SEVERITY_HIGH:
		return STYLE_RED;
	case ASSAY_SEVERITY_MEDIUM:
		return STYLE_YELLOW;
	case ASSAY_SEVERITY_LOW:
		return STYLE_BLUE;
	default:
		return STYLE_DIM;
	}
}

/* Add "PASSED" or "FAILED" in its colour. */
static void line_add_verdict(line *l, const console *c, bool passed)
{
	line_style(l, c, passed ? STYLE_GREEN : STYLE_BOLD_RED);
	line_add(l, passed ? "PASSED" : "FAILED");
	line_style(l, c, STYLE_RESET);
}

/* The verdict, then one line per failed check. */
static void print_verdict(const console *c)
{
	size_t checks = assay_check_count(c->ctx);
	size_t failed = 0;
	char text[96];
	line l;
	size_t i;

	for (i = 0; i < checks; i++) {
		failed += assay_check_at(c->ctx, i, NULL)->passed ? 0 : 1;
	}

	line_clear(&l);
	line_add_verdict(&l, c, failed == 0);
	if (checks == 0) {
		snprintf(text, sizeof(text), ": no gate checks ran");
	} else if (failed == 0) {
		snprintf(text, sizeof(text), ": all %zu gate checks passed", checks);
	} else {
		snprintf(text, sizeof(text), ": %zu of %zu gate checks failed", failed, checks);
	}
	line_add(&l, text);
	line_print(&l, c);

	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(c->ctx, i, NULL);

		if (check->passed) {
			continue;
		}
		print_wrapped(c, check->message != NULL ? check->message : check->name);
	}
}

/* Add "CRITICAL 3  HIGH 7  MEDIUM 2  LOW 0  UNKNOWN 0" in colour. */
static void line_add_breakdown(line *l, const console *c, const assay_counts *counts)
{
	static const assay_severity order[ASSAY_SEVERITY_COUNT] = {
		ASSAY_SEVERITY_CRITICAL, ASSAY_SEVERITY_HIGH, ASSAY_SEVERITY_MEDIUM,
		ASSAY_SEVERITY_LOW,      ASSAY_SEVERITY_UNKNOWN,
	};
	char text[48];
	size_t i;

	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		assay_severity severity = order[i];

		/* Only severities with findings get their colour, so the eye finds them. */
		line_add(l, i == 0 ? "" : "  ");
		if (counts->by_severity[severity] > 0) {
			line_style(l, c, severity_style(severity));
		}
		line_add(l, assay_severity_name(severity));
		if (counts->by_severity[severity] > 0) {
			line_style(l, c, STYLE_RESET);
		}
		snprintf(text, sizeof(text), " %zu", counts->by_severity[severity]);
		line_add(l, text);
	}
}

/* Whether a gate check of this image failed. */
static bool image_failed(const console *c, const assay_image *image)
{
	size_t checks = assay_check_count(c->ctx);
	size_t i;

	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(c->ctx, i, NULL);

		if (!check->passed && check->image != NULL &&
		    strcmp(check->image, image->name) == 0) {
			return true;
		}
	}
	return false;
}

/* One line per image, with its own verdict, when the run has several. */
static void print_images(const console *c)
{
	size_t images = assay_image_count(c->ctx);
	line l;
	size_t i;

	if (images < 2) {
		return;
	}
	line_clear(&l);
	fputs("\nImages:\n", c->out);
	for (i = 0; i < images; i++) {
		const assay_image *image = assay_image_at(c->ctx, i);
		assay_counts counts;

		assay_count(&counts, c->ctx, ASSAY_KIND_VULNERABILITY, image, NULL);
		line_add(&l, "  ");
		line_add_verdict(&l, c, !image_failed(c, image));
		line_add(&l, "  ");
		line_add_clean(&l, image->name, IMAGE_COLUMNS);
		line_print(&l, c);
		line_add(&l, "          ");
		line_add_breakdown(&l, c, &counts);
		line_print(&l, c);
	}
}

static void print_counts(const console *c)
{
	assay_counts counts;
	char text[96];
	line l;
	int kind;

	line_clear(&l);
	assay_count(&counts, c->ctx, ASSAY_KIND_VULNERABILITY, NULL, NULL);
	snprintf(text, sizeof(text), "\nVulnerabilities: %zu counted, %zu ignored", counts.total,
		 counts.ignored);
	line_add(&l, text);
	line_print(&l, c);
	line_add(&l, "  ");
	line_add_breakdown(&l, c, &counts);
	line_print(&l, c);

	line_add(&l, "Findings by kind:");
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		assay_count(&counts, c->ctx, kind, NULL, NULL);
		snprintf(text, sizeof(text), "%s %s %zu", kind == 0 ? "" : ",",
			 assay_kind_name((assay_kind)kind), counts.total);
		line_add(&l, text);
	}
	assay_count(&counts, c->ctx, -1, NULL, NULL);
	snprintf(text, sizeof(text), " (%zu ignored)", counts.ignored);
	line_add(&l, text);
	line_print(&l, c);
}

/*
 * Add where the finding is, cut to PACKAGE_COLUMNS. That is "package
 * version → fixed" for a package, with "(no fix)" for a vulnerability
 * without one. Without a package it is the file and line, else the target.
 */
static void line_add_place(line *l, const assay_finding *f)
{
	char place[512];
	size_t used = 0;

	place[0] = '\0';
	if (f->pkg_name != NULL) {
		used = (size_t)snprintf(place, sizeof(place), "%s", f->pkg_name);
		if (f->pkg_version != NULL && used < sizeof(place)) {
			used += (size_t)snprintf(place + used, sizeof(place) - used, " %s",
						 f->pkg_version);
		}
		if (f->fixed_versions.count > 0 && used < sizeof(place)) {
			/* U+2192 RIGHTWARDS ARROW */
			snprintf(place + used, sizeof(place) - used, " \xE2\x86\x92 %s",
				 f->fixed_versions.items[0]);
		} else if (f->kind == ASSAY_KIND_VULNERABILITY && used < sizeof(place)) {
			snprintf(place + used, sizeof(place) - used, " (no fix)");
		}
	} else if (f->file != NULL && f->start_line > 0) {
		snprintf(place, sizeof(place), "%s:%d", f->file, f->start_line);
	} else if (f->file != NULL || f->target != NULL) {
		snprintf(place, sizeof(place), "%s", f->file != NULL ? f->file : f->target);
	}
	/* snprintf may cut a string inside a UTF-8 sequence, and cleaning turns that into '?'. */
	line_add_clean(l, place, PACKAGE_COLUMNS);
}

/* One finding in one line of at most LINE_COLUMNS columns. */
static void print_finding(const console *c, line *l, const assay_finding *f)
{
	const char *title = f->title != NULL ? f->title : f->message;

	line_add(l, "  ");
	line_style(l, c, severity_style(f->severity));
	line_add(l, assay_severity_name(f->severity));
	line_style(l, c, STYLE_RESET);
	line_pad(l, 12);
	line_add_clean(l, f->id, ID_COLUMNS);
	line_add(l, "  ");
	line_pad(l, 12 + ID_MIN_COLUMNS + 2);
	line_add_place(l, f);
	if (title != NULL && l->columns + 2 < LINE_COLUMNS) {
		line_add(l, "  ");
		line_add_clean(l, title, LINE_COLUMNS - l->columns);
	}
	line_print(l, c);
}

static void print_top_findings(const console *c)
{
	size_t count = assay_finding_count(c->ctx);
	size_t printed = 0;
	line l;
	size_t i;

	line_clear(&l);
	for (i = 0; i < count && printed < TOP_FINDINGS; i++) {
		const assay_finding *f = assay_finding_at(c->ctx, i);

		if (f->ignored) {
			continue;
		}
		if (printed == 0) {
			fputs("\nTop findings:\n", c->out);
		}
		print_finding(c, &l, f);
		printed++;
	}
	if (printed == 0) {
		fputs("\nNo findings.\n", c->out);
	}
}

static int console_write(assay_ctx *ctx, FILE *out)
{
	console c;

	c.ctx = ctx;
	c.out = out;
	c.colour = use_colour(ctx);

	print_verdict(&c);
	print_images(&c);
	print_counts(&c);
	print_top_findings(&c);

	if (fflush(out) != 0 || ferror(out)) {
		return assay_error(ctx, ASSAY_EIO, "writing the console summary to '%s' failed",
				   assay_output_path(ctx));
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = "console",
	.version = "0.1.0",
	.summary = "a short summary for people: verdict, counts and the top findings",
	.write = console_write,
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
