/* SPDX-License-Identifier: Apache-2.0 */
/* Output plugin that writes a GitHub-flavoured Markdown summary under the comment size limit. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <assay/assay.h>

/*
 * Bytes the summary may take. GitHub rejects a comment of more than
 * 65,536 characters and a job summary of more than 1 MiB. A count of UTF-8
 * bytes is never below the count of characters or UTF-16 code units, and
 * the margin leaves room for a heading that a workflow puts around it.
 */
#define MARKDOWN_MAX_BYTES 64000
/* Bytes kept for the note with the number of rows cut, and for the footer. */
#define CUT_NOTE_RESERVE 600

/* Bytes of one escaped cell or text before it is cut with an ellipsis. */
#define CELL_ID_BYTES 120
#define CELL_PACKAGE_BYTES 160
#define CELL_VERSION_BYTES 100
#define CELL_TITLE_BYTES 300
#define CELL_IMAGE_BYTES 200
#define CELL_MESSAGE_BYTES 300
#define REC_TEXT_BYTES 400
#define REC_RATIONALE_BYTES 300
#define REC_CATEGORY_BYTES 100

/* Failed checks and recommendations listed before the rest are only counted. */
#define MAX_VIOLATIONS 25
#define MAX_RECOMMENDATIONS 20

/* U+2026 HORIZONTAL ELLIPSIS, the mark of a cut text. */
static const char ellipsis[] = "\xE2\x80\xA6";
/* U+FFFD REPLACEMENT CHARACTER for invalid UTF-8 and hidden characters. */
static const char replacement[] = "\xEF\xBF\xBD";

static const assay_severity severity_order[ASSAY_SEVERITY_COUNT] = {
    ASSAY_SEVERITY_CRITICAL, ASSAY_SEVERITY_HIGH,    ASSAY_SEVERITY_MEDIUM,
    ASSAY_SEVERITY_LOW,	     ASSAY_SEVERITY_UNKNOWN,
};

/* A growing string. `failed` turns true at the first failed allocation. */
typedef struct {
	char *data;
	size_t length;
	size_t capacity;
	bool failed;
} md_buffer;

/* How a scanner string is escaped: as Markdown text or as the content of a code span. */
typedef enum { ESCAPE_TEXT, ESCAPE_CODE } escape_mode;

static void md_put(md_buffer *b, const char *bytes, size_t length)
{
	if (b->failed) {
		return;
	}
	if (b->length + length + 1 > b->capacity) {
		size_t capacity = b->capacity == 0 ? 4096 : b->capacity;
		char *data;

		while (b->length + length + 1 > capacity) {
			capacity *= 2;
		}
		data = realloc(b->data, capacity);
		if (data == NULL) {
			b->failed = true;
			return;
		}
		b->data = data;
		b->capacity = capacity;
	}
	memcpy(b->data + b->length, bytes, length);
	b->length += length;
	b->data[b->length] = '\0';
}

static void md_puts(md_buffer *b, const char *text)
{
	md_put(b, text, strlen(text));
}

static void md_printf(md_buffer *b, const char *fmt, ...) ASSAY_PRINTF(2, 3);

static void md_printf(md_buffer *b, const char *fmt, ...)
{
	char text[512];
	va_list args;
	int length;

	va_start(args, fmt);
	length = vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	if (length > 0) {
		md_put(b, text, (size_t)length < sizeof(text) ? (size_t)length : sizeof(text) - 1);
	}
}

static void md_free(md_buffer *b)
{
	free(b->data);
	b->data = NULL;
	b->length = 0;
	b->capacity = 0;
}

/* Length of the UTF-8 sequence at `s` (at most `left` bytes), or 0 when invalid (RFC 3629). */
static size_t utf8_length(const unsigned char *s, size_t left, unsigned *code_point)
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
	if (length > left) {
		return 0;
	}
	for (i = 1; i < length; i++) {
		if ((s[i] & 0xC0u) != 0x80u) {
			return 0;
		}
		value = (value << 6) | (s[i] & 0x3Fu);
	}
	if ((length == 3 && value < 0x800) || (length == 4 && value < 0x10000) ||
	    (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
		return 0;
	}
	*code_point = value;
	return length;
}

/* C1 controls and the bidirectional formatting characters, which could disguise a title. */
static bool is_hidden_code_point(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/*
 * The escaped form of one ASCII byte in Markdown text, or NULL when it is
 * written as it is. Backslash escapes stop emphasis, links, images, code
 * spans, strikethrough and math. They also stop the autolinks of "http:"
 * and "www.", which GitHub finds while parsing. Character references stop
 * HTML, and "\|" keeps a pipe inside its cell.
 */
static const char *text_escape(unsigned char byte)
{
	switch (byte) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '|':
		return "\\|";
	case '\\':
		return "\\\\";
	case '`':
		return "\\`";
	case '*':
		return "\\*";
	case '_':
		return "\\_";
	case '[':
		return "\\[";
	case ']':
		return "\\]";
	case '(':
		return "\\(";
	case ')':
		return "\\)";
	case '~':
		return "\\~";
	case '!':
		return "\\!";
	case '$':
		return "\\$";
	case ':':
		return "\\:";
	case '.':
		return "\\.";
	case '@':
		/*
		 * An escaped "@" still becomes an e-mail link or a mention on
		 * GitHub, which links it after parsing. U+2060 WORD JOINER after
		 * it stops both and shows nothing.
		 */
		return "@\xE2\x81\xA0";
	default:
		return NULL;
	}
}

/*
 * Escape the character at `s` (`left` bytes remain) into `piece`. Returns
 * the length of `piece` and sets `*consumed` to the bytes of `s` it stands
 * for. Line breaks, tabs and other control characters become a space, so a
 * cell stays on its row.
 */
static size_t escape_char(char piece[8], const unsigned char *s, size_t left, escape_mode mode,
			  size_t *consumed)
{
	unsigned cp = 0;
	size_t length;

	*consumed = 1;
	if (s[0] < 0x20 || s[0] == 0x7F) {
		piece[0] = ' ';
		return 1;
	}
	if (s[0] < 0x80) {
		const char *escaped = mode == ESCAPE_TEXT ? text_escape(s[0]) : NULL;

		/* Inside a code span only the pipe needs escaping: GFM splits cells before spans.
		 */
		if (mode == ESCAPE_CODE && s[0] == '|') {
			escaped = "\\|";
		}
		if (escaped == NULL) {
			piece[0] = (char)s[0];
			return 1;
		}
		length = strlen(escaped);
		memcpy(piece, escaped, length);
		return length;
	}
	length = utf8_length(s, left, &cp);
	if (length == 0 || is_hidden_code_point(cp) || cp == 0x2028 || cp == 0x2029) {
		*consumed = length == 0 ? 1 : length;
		memcpy(piece, replacement, 3);
		return 3;
	}
	*consumed = length;
	memcpy(piece, s, length);
	return length;
}

/* Bytes that `text` takes once escaped. */
static size_t escaped_length(const char *text, escape_mode mode)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t left = strlen(text);
	size_t total = 0;
	char piece[8];

	while (left > 0) {
		size_t consumed;

		total += escape_char(piece, s, left, mode, &consumed);
		s += consumed;
		left -= consumed;
	}
	return total;
}

/*
 * Append `text` escaped, in at most `max_bytes` bytes: a longer text is cut
 * at a character boundary and ends with an ellipsis.
 */
static void md_escape(md_buffer *b, const char *text, escape_mode mode, size_t max_bytes)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t left = strlen(text);
	size_t budget = max_bytes;
	bool cut = escaped_length(text, mode) > max_bytes;
	char piece[8];

	if (cut) {
		budget = max_bytes > sizeof(ellipsis) ? max_bytes - (sizeof(ellipsis) - 1) : 0;
	}
	while (left > 0) {
		size_t consumed;
		size_t length = escape_char(piece, s, left, mode, &consumed);

		if (length > budget) {
			break;
		}
		md_put(b, piece, length);
		budget -= length;
		s += consumed;
		left -= consumed;
	}
	if (cut) {
		md_puts(b, ellipsis);
	}
}

/* Append Markdown text for a scanner string. NULL appends nothing. */
static void md_text(md_buffer *b, const char *text, size_t max_bytes)
{
	if (text != NULL) {
		md_escape(b, text, ESCAPE_TEXT, max_bytes);
	}
}

/*
 * Append a scanner string as a code span, whose content Markdown does not
 * interpret. The fence is one backtick longer than the longest run of
 * backticks inside. Content that starts or ends with a backtick, or starts
 * and ends with a space, is padded with one space on each side, which the
 * parser removes again. NULL or "" appends nothing.
 */
static void md_code(md_buffer *b, const char *text, size_t max_bytes)
{
	md_buffer content = {NULL, 0, 0, false};
	size_t longest = 0;
	size_t run = 0;
	bool pad;
	size_t i;

	if (text == NULL || text[0] == '\0') {
		return;
	}
	md_escape(&content, text, ESCAPE_CODE, max_bytes);
	if (content.failed) {
		b->failed = true;
		return;
	}
	for (i = 0; i < content.length; i++) {
		run = content.data[i] == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	pad = content.length > 0 &&
	      (content.data[0] == '`' || content.data[content.length - 1] == '`' ||
	       (content.data[0] == ' ' && content.data[content.length - 1] == ' '));
	for (i = 0; i <= longest; i++) {
		md_put(b, "`", 1);
	}
	md_put(b, " ", pad ? 1 : 0);
	md_put(b, content.data, content.length);
	md_put(b, " ", pad ? 1 : 0);
	for (i = 0; i <= longest; i++) {
		md_put(b, "`", 1);
	}
	md_free(&content);
}

/*
 * Whether `url` is an http or https URL, after trimming spaces and control
 * characters at both ends, and the trimmed range. A URL with a space or
 * control character inside is refused.
 */
static bool is_web_url(const char *url, size_t *start, size_t *length)
{
	size_t first = 0;
	size_t end;
	size_t i;

	if (url == NULL) {
		return false;
	}
	end = strlen(url);
	while (first < end && (unsigned char)url[first] <= 0x20) {
		first++;
	}
	while (end > first && (unsigned char)url[end - 1] <= 0x20) {
		end--;
	}
	for (i = first; i < end; i++) {
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7F) {
			return false;
		}
	}
	*start = first;
	*length = end - first;
	return (*length > 7 && strncasecmp(url + first, "http://", 7) == 0) ||
	       (*length > 8 && strncasecmp(url + first, "https://", 8) == 0);
}

/*
 * Append a link destination: bytes outside a conservative set of URL
 * characters are percent-encoded, so the destination cannot end the link
 * or the cell, and "&" is written as a character reference.
 */
static void md_url(md_buffer *b, const char *url, size_t length)
{
	static const char allowed[] = "-._~:/?#@!$*+,;=%";
	size_t i;

	for (i = 0; i < length; i++) {
		unsigned char byte = (unsigned char)url[i];

		if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') ||
		    (byte >= '0' && byte <= '9') || (byte != 0 && strchr(allowed, byte) != NULL)) {
			md_put(b, (const char *)&byte, 1);
		} else if (byte == '&') {
			md_puts(b, "&amp;");
		} else {
			md_printf(b, "%%%02X", byte);
		}
	}
}

/* The id of a finding as a code span, linked to its advisory when the URL is http or https. */
static void md_id(md_buffer *b, const assay_finding *f)
{
	size_t start = 0;
	size_t length = 0;

	if (!is_web_url(f->primary_url, &start, &length) || length > 1000) {
		md_code(b, f->id, CELL_ID_BYTES);
		return;
	}
	md_puts(b, "[");
	md_code(b, f->id, CELL_ID_BYTES);
	md_puts(b, "](");
	md_url(b, f->primary_url + start, length);
	md_puts(b, ")");
}

/* ---- Sections ---- */

static void write_verdict(md_buffer *b, const assay_ctx *ctx)
{
	size_t checks = assay_check_count(ctx);
	size_t images = assay_image_count(ctx);
	size_t failed = 0;
	size_t i;

	for (i = 0; i < checks; i++) {
		failed += assay_check_at(ctx, i, NULL)->passed ? 0 : 1;
	}
	md_puts(b, failed == 0 ? "## \xE2\x9C\x85 assay: PASSED\n\n"
			       : "## \xE2\x9D\x8C assay: FAILED\n\n");
	if (images == 1) {
		md_puts(b, "Image: ");
		md_code(b, assay_image_at(ctx, 0)->name, CELL_IMAGE_BYTES);
		md_puts(b, "\n\n");
	} else {
		md_printf(b, "Images: %zu\n\n", images);
	}
	if (checks == 0) {
		md_puts(b, "No gate checks ran.\n\n");
	} else if (failed == 0) {
		md_printf(b, "All %zu gate checks passed.\n\n", checks);
	} else {
		md_printf(b, "**%zu of %zu gate checks failed.**\n\n", failed, checks);
	}
}

static void write_count_row(md_buffer *b, const char *label, const assay_counts *counts)
{
	size_t i;

	md_printf(b, "| %s |", label);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		md_printf(b, " %zu |", counts->by_severity[severity_order[i]]);
	}
	md_printf(b, " %zu |\n", counts->ignored);
}

static void write_counts(md_buffer *b, const assay_ctx *ctx)
{
	assay_counts counts;
	size_t i;
	int kind;

	md_puts(b, "### Findings by severity\n\n| Kind |");
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		md_printf(b, " %s |", assay_severity_name(severity_order[i]));
	}
	md_puts(b, " Ignored |\n| --- |");
	for (i = 0; i <= ASSAY_SEVERITY_COUNT; i++) {
		md_puts(b, " ---: |");
	}
	md_puts(b, "\n");
	for (kind = 0; kind < ASSAY_KIND_COUNT; kind++) {
		assay_count(&counts, ctx, kind, NULL, NULL);
		write_count_row(b, assay_kind_name((assay_kind)kind), &counts);
	}
	assay_count(&counts, ctx, -1, NULL, NULL);
	write_count_row(b, "**all**", &counts);
	md_puts(b, "\nCounts leave out ignored findings.\n\n");
}

/* A count or limit of a check, or a dash when the check is not a count. */
static void write_check_number(md_buffer *b, long long value)
{
	if (value >= 0) {
		md_printf(b, " %lld |", value);
	} else {
		md_puts(b, " - |");
	}
}

/* The failed checks, at most MAX_VIOLATIONS of them. */
static void write_violations(md_buffer *b, const assay_ctx *ctx)
{
	size_t checks = assay_check_count(ctx);
	size_t listed = 0;
	size_t failed = 0;
	size_t i;

	md_puts(b, "### Threshold violations\n\n");
	for (i = 0; i < checks; i++) {
		const assay_check *check = assay_check_at(ctx, i, NULL);

		if (check->passed) {
			continue;
		}
		if (failed++ >= MAX_VIOLATIONS) {
			continue;
		}
		if (listed++ == 0) {
			md_puts(b, "| Check | Image | Count | Limit | Message |\n"
				   "| --- | --- | ---: | ---: | --- |\n");
		}
		md_puts(b, "| ");
		md_code(b, check->name, CELL_ID_BYTES);
		md_puts(b, " | ");
		md_code(b, check->image != NULL ? check->image : "all", CELL_IMAGE_BYTES);
		md_puts(b, " |");
		write_check_number(b, check->count);
		write_check_number(b, check->limit);
		md_puts(b, " ");
		md_text(b, check->message, CELL_MESSAGE_BYTES);
		md_puts(b, " |\n");
	}
	if (failed == 0) {
		md_puts(b, checks == 0 ? "No gate checks ran.\n\n" : "None.\n\n");
	} else if (failed > listed) {
		md_printf(b, "\n%zu more failed checks are not listed.\n\n", failed - listed);
	} else {
		md_puts(b, "\n");
	}
}

/* The recommendations, at most MAX_RECOMMENDATIONS of them, in the analyzers' order. */
static void write_recommendations(md_buffer *b, const assay_ctx *ctx)
{
	size_t count = assay_recommendation_count(ctx);
	size_t i;

	md_puts(b, "### Recommendations\n\n");
	if (count == 0) {
		md_puts(b, "None.\n\n");
		return;
	}
	for (i = 0; i < count && i < MAX_RECOMMENDATIONS; i++) {
		const assay_recommendation *rec = assay_recommendation_at(ctx, i);

		md_puts(b, "- ");
		if (rec->priority != NULL) {
			md_puts(b, "**");
			md_text(b, rec->priority, REC_CATEGORY_BYTES);
			md_puts(b, "** ");
		}
		if (rec->category != NULL) {
			md_text(b, rec->category, REC_CATEGORY_BYTES);
			md_puts(b, "\\: ");
		}
		md_text(b, rec->text, REC_TEXT_BYTES);
		if (rec->rationale != NULL) {
			md_puts(b, " \xE2\x80\x94 ");
			md_text(b, rec->rationale, REC_RATIONALE_BYTES);
		}
		md_puts(b, "\n");
	}
	if (count > MAX_RECOMMENDATIONS) {
		md_printf(b, "\n%zu more recommendations are not listed.\n",
			  count - MAX_RECOMMENDATIONS);
	}
	md_puts(b, "\n");
}

/* One row of the findings table. */
static void write_finding_row(md_buffer *b, const assay_finding *f, bool several_images)
{
	size_t i;

	md_printf(b, "| %s | ", assay_severity_name(f->severity));
	md_id(b, f);
	md_puts(b, " | ");
	md_code(b, f->pkg_name, CELL_PACKAGE_BYTES);
	md_puts(b, " | ");
	md_code(b, f->pkg_version, CELL_VERSION_BYTES);
	md_puts(b, " | ");
	for (i = 0; i < f->fixed_versions.count && i < 3; i++) {
		md_puts(b, i == 0 ? "" : ", ");
		md_code(b, f->fixed_versions.items[i], CELL_VERSION_BYTES);
	}
	if (f->fixed_versions.count > 3) {
		md_puts(b, ellipsis);
	} else if (f->fixed_versions.count == 0 && f->fix_state == ASSAY_FIX_NOT_FIXED) {
		md_puts(b, "no fix yet");
	} else if (f->fixed_versions.count == 0 && f->fix_state == ASSAY_FIX_WONT_FIX) {
		md_puts(b, "will not be fixed");
	}
	md_puts(b, " | ");
	md_text(b, f->title != NULL ? f->title : f->message, CELL_TITLE_BYTES);
	if (several_images) {
		md_puts(b, " | ");
		md_code(b, f->image, CELL_IMAGE_BYTES);
	}
	md_puts(b, " |\n");
}

/* Count the findings from `first` on that are not ignored, by severity, into `by_severity`. */
static size_t count_rest(size_t by_severity[ASSAY_SEVERITY_COUNT], const assay_ctx *ctx,
			 size_t first)
{
	size_t count = assay_finding_count(ctx);
	size_t total = 0;
	size_t i;

	memset(by_severity, 0, sizeof(size_t) * ASSAY_SEVERITY_COUNT);
	for (i = first; i < count; i++) {
		const assay_finding *f = assay_finding_at(ctx, i);

		if (!f->ignored && (unsigned)f->severity < ASSAY_SEVERITY_COUNT) {
			by_severity[f->severity]++;
			total++;
		}
	}
	return total;
}

/* "**12 more findings are not listed** … : 10 LOW, 2 UNKNOWN." and where to find them. */
static void write_cut_note(md_buffer *b, const assay_ctx *ctx, size_t first)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT];
	size_t cut = count_rest(by_severity, ctx, first);
	size_t written = 0;
	size_t i;

	md_printf(b,
		  "\n**%zu more findings are not listed** to keep this summary under GitHub's "
		  "size limit (the table keeps the most severe):",
		  cut);
	for (i = 0; i < ASSAY_SEVERITY_COUNT; i++) {
		size_t n = by_severity[severity_order[i]];

		if (n > 0) {
			md_printf(b, "%s %zu %s", written++ == 0 ? "" : ",", n,
				  assay_severity_name(severity_order[i]));
		}
	}
	md_puts(b, ". The HTML and JSON reports list every finding.\n");
}

/*
 * The findings that are not ignored, most severe first (the core's order),
 * as long as the table stays within `budget` bytes. A note counts the rest.
 */
static void write_findings(md_buffer *b, md_buffer *row, const assay_ctx *ctx, size_t budget)
{
	size_t count = assay_finding_count(ctx);
	bool several_images = assay_image_count(ctx) > 1;
	assay_counts counts;
	size_t start = b->length;
	size_t i;

	assay_count(&counts, ctx, -1, NULL, NULL);
	md_puts(b, "### Top findings\n\n");
	if (counts.total == 0) {
		md_puts(b, "No findings that are not ignored.\n");
	} else {
		md_puts(b, several_images
			       ? "| Severity | ID | Package | Installed | Fixed | Title | Image |\n"
				 "| --- | --- | --- | --- | --- | --- | --- |\n"
			       : "| Severity | ID | Package | Installed | Fixed | Title |\n"
				 "| --- | --- | --- | --- | --- | --- |\n");
	}
	for (i = 0; i < count && counts.total > 0; i++) {
		const assay_finding *f = assay_finding_at(ctx, i);

		if (f->ignored) {
			continue;
		}
		row->length = 0;
		write_finding_row(row, f, several_images);
		if (row->failed || b->length - start + row->length > budget) {
			write_cut_note(b, ctx, i);
			break;
		}
		md_put(b, row->data, row->length);
	}
	if (counts.ignored > 0) {
		md_printf(b, "\n%zu ignored findings are not listed.\n", counts.ignored);
	}
	md_puts(b, "\n");
}

static int markdown_write(assay_ctx *ctx, FILE *out)
{
	md_buffer head = {NULL, 0, 0, false};
	md_buffer findings = {NULL, 0, 0, false};
	md_buffer row = {NULL, 0, 0, false};
	md_buffer tail = {NULL, 0, 0, false};
	size_t fixed;
	int err = 0;

	write_verdict(&head, ctx);
	write_counts(&head, ctx);
	write_violations(&head, ctx);
	write_recommendations(&tail, ctx);
	md_printf(&tail, "_Summary by assay %s._\n", assay_version());

	/* The findings table takes what the other parts leave. Each of those has a bounded size. */
	fixed = head.length + tail.length + CUT_NOTE_RESERVE;
	write_findings(&findings, &row, ctx,
		       fixed < MARKDOWN_MAX_BYTES ? MARKDOWN_MAX_BYTES - fixed : 0);
	if (head.failed || findings.failed || row.failed || tail.failed) {
		err = assay_error(ctx, ASSAY_ENOMEM,
				  "out of memory while writing the Markdown summary");
		goto out;
	}

	fwrite(head.data, 1, head.length, out);
	fwrite(findings.data, 1, findings.length, out);
	fwrite(tail.data, 1, tail.length, out);
	if (fflush(out) != 0 || ferror(out)) {
		err = assay_error(ctx, ASSAY_EIO, "writing the Markdown summary to '%s' failed: %s",
				  assay_output_path(ctx), strerror(errno));
	}
out:
	md_free(&tail);
	md_free(&row);
	md_free(&findings);
	md_free(&head);
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_OUTPUT,
    .name = "markdown",
    .version = "0.1.0",
    .summary = "a GitHub-flavoured Markdown summary for job summaries and merge-request comments",
    .write = markdown_write,
    .flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
};

ASSAY_PLUGIN_DEFINE(descriptor)
