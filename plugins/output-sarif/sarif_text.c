/* SPDX-License-Identifier: Apache-2.0 */
/* String helpers of the SARIF output: growable buffers, UTF-8 repair, Markdown and URI escaping. */
#include <float.h>
#include <limits.h>
#include <math.h> /* isnan, isinf */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sarif.h"

/* U+FFFD REPLACEMENT CHARACTER and U+2026 HORIZONTAL ELLIPSIS in UTF-8. */
#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"
#define ELLIPSIS "\xE2\x80\xA6"

static bool buf_reserve(sarif_buf *b, size_t extra)
{
	size_t needed;
	size_t capacity;
	char *data;

	if (b->failed) {
		return false;
	}
	if (extra > (size_t)-1 - b->len - 1) {
		b->failed = true;
		return false;
	}
	needed = b->len + extra + 1;
	if (needed <= b->capacity) {
		return true;
	}
	capacity = b->capacity == 0 ? 256 : b->capacity;
	while (capacity < needed) {
		capacity = capacity > (size_t)-1 / 2 ? needed : capacity * 2;
	}
	data = realloc(b->data, capacity);
	if (data == NULL) {
		b->failed = true;
		return false;
	}
	b->data = data;
	b->capacity = capacity;
	return true;
}

void sarif_buf_add_len(sarif_buf *b, const char *text, size_t len)
{
	if (!buf_reserve(b, len)) {
		return;
	}
	memcpy(b->data + b->len, text, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void sarif_buf_add(sarif_buf *b, const char *text)
{
	sarif_buf_add_len(b, text, strlen(text));
}

static void buf_add_char(sarif_buf *b, char c)
{
	sarif_buf_add_len(b, &c, 1);
}

void sarif_buf_addf(sarif_buf *b, const char *fmt, ...)
{
	va_list args;
	int needed;

	va_start(args, fmt);
	needed = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	if (needed < 0) {
		b->failed = true;
		return;
	}
	if (!buf_reserve(b, (size_t)needed)) {
		return;
	}
	va_start(args, fmt);
	vsnprintf(b->data + b->len, (size_t)needed + 1, fmt, args);
	va_end(args);
	b->len += (size_t)needed;
}

void sarif_buf_reset(sarif_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL) {
		b->data[0] = '\0';
	}
}

void sarif_buf_dispose(sarif_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->capacity = 0;
	b->failed = false;
}

/*
 * Length of the valid UTF-8 sequence at `s`, or 0 when the bytes there
 * are not one: overlong forms, surrogates and code points above U+10FFFF
 * are invalid (RFC 3629).
 */
static size_t utf8_sequence_length(const unsigned char *s)
{
	if (s[0] < 0x80) {
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	}
	if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		unsigned char low = s[0] == 0xE0 ? 0xA0 : 0x80;
		unsigned char high = s[0] == 0xED ? 0x9F : 0xBF;

		return s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		unsigned char low = s[0] == 0xF0 ? 0x90 : 0x80;
		unsigned char high = s[0] == 0xF4 ? 0x8F : 0xBF;

		return s[1] >= low && s[1] <= high && (s[2] & 0xC0) == 0x80 &&
			       (s[3] & 0xC0) == 0x80
			   ? 4
			   : 0;
	}
	return 0;
}

/*
 * Whether `text` is valid UTF-8 without control characters (tab and line
 * breaks allowed) and of at most `max_chars` code points (0: any number).
 */
static bool is_clean_text(const char *text, size_t max_chars)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t chars = 0;

	while (*s != '\0') {
		size_t n = utf8_sequence_length(s);

		if (n == 0 || (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r') || *s == 0x7F) {
			return false;
		}
		s += n;
		chars++;
		if (max_chars > 0 && chars > max_chars) {
			return false;
		}
	}
	return true;
}

/* Number of code points of `text`, an invalid byte counting as one. */
static size_t count_chars(const unsigned char *s)
{
	size_t chars = 0;

	while (*s != '\0') {
		size_t n = utf8_sequence_length(s);

		s += n > 0 ? n : 1;
		chars++;
	}
	return chars;
}

/* The characters that start emphasis, links, HTML, code, tables or entities in Markdown. */
static bool is_markdown_special(unsigned char c)
{
	switch (c) {
	case '!': case '#': case '&': case '(': case ')': case '*': case '<': case '>':
	case '[': case '\\': case ']': case '_': case '`': case '{': case '|': case '}':
	case '~':
		return true;
	default:
		return false;
	}
}

/* Whether a byte can be copied without a look: printable ASCII (and not special in Markdown). */
static bool is_plain_byte(unsigned char c, bool markdown)
{
	return c >= 0x20 && c < 0x7F && !(markdown && is_markdown_special(c));
}

/*
 * Append one character that is not plain: line breaks and tabs (spaces
 * on one line), control characters (U+FFFD, so a viewer that prints the
 * text cannot be steered by terminal escapes), Markdown specials (with a
 * backslash) or a multi-byte sequence. Returns the bytes consumed.
 */
static size_t add_special(sarif_buf *b, const unsigned char *s, bool markdown, bool one_line)
{
	size_t n = utf8_sequence_length(s);

	if (n == 0) {
		sarif_buf_add(b, REPLACEMENT_CHARACTER);
		return 1;
	}
	if (*s == '\n' || *s == '\t') {
		buf_add_char(b, one_line || *s == '\t' ? ' ' : '\n');
	} else if (*s == '\r') {
		/* Dropped: a CR LF line break keeps its LF. */
		if (one_line) {
			buf_add_char(b, ' ');
		}
	} else if (*s < 0x20 || *s == 0x7F) {
		sarif_buf_add(b, REPLACEMENT_CHARACTER);
	} else {
		if (markdown && n == 1) {
			buf_add_char(b, '\\');
		}
		sarif_buf_add_len(b, (const char *)s, n);
	}
	return n;
}

/*
 * Append `text` character by character, copying runs of plain ASCII at
 * once. A text longer than `max_chars` keeps max_chars - 1 code points
 * and ends with "…". Counting is needed only when the text has more bytes
 * than the limit, since every code point takes at least one byte.
 */
static void add_walked(sarif_buf *b, const char *text, size_t max_chars, bool one_line,
		       bool markdown)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t keep = (size_t)-1;
	size_t chars = 0;

	if (max_chars > 0 && strlen(text) > max_chars && count_chars(s) > max_chars) {
		keep = max_chars - 1;
	}
	while (*s != '\0' && chars < keep && !b->failed) {
		const unsigned char *run = s;

		while (*s != '\0' && chars < keep && is_plain_byte(*s, markdown)) {
			s++;
			chars++;
		}
		sarif_buf_add_len(b, (const char *)run, (size_t)(s - run));
		if (*s != '\0' && chars < keep) {
			s += add_special(b, s, markdown, one_line);
			chars++;
		}
	}
	if (*s != '\0') {
		sarif_buf_add(b, ELLIPSIS);
	}
}

void sarif_buf_add_text(sarif_buf *b, const char *text, size_t max_chars, bool one_line)
{
	add_walked(b, text, max_chars, one_line, false);
}

void sarif_buf_add_markdown(sarif_buf *b, const char *text, size_t max_chars, bool one_line)
{
	add_walked(b, text, max_chars, one_line, true);
}

void sarif_buf_add_link_target(sarif_buf *b, const char *url)
{
	const unsigned char *s = (const unsigned char *)url;

	for (; *s != '\0'; s++) {
		if (*s <= 0x20 || *s >= 0x7F || strchr("()<>\\\"'`", *s) != NULL) {
			sarif_buf_addf(b, "%%%02X", *s);
		} else {
			buf_add_char(b, (char)*s);
		}
	}
}

cJSON *sarif_json_text(const char *text, size_t max_chars)
{
	sarif_buf b = {0};
	cJSON *item;

	if (text == NULL) {
		return NULL;
	}
	if (is_clean_text(text, max_chars)) {
		return cJSON_CreateStringReference(text);
	}
	sarif_buf_add(&b, "");
	sarif_buf_add_text(&b, text, max_chars, false);
	item = sarif_json_buf(&b);
	sarif_buf_dispose(&b);
	return item;
}

char *sarif_text_repair(const char *text, bool *oom)
{
	return sarif_text_cut(text, 0, oom);
}

char *sarif_text_cut(const char *text, size_t max_chars, bool *oom)
{
	sarif_buf b = {0};

	*oom = false;
	if (is_clean_text(text, max_chars)) {
		return NULL;
	}
	sarif_buf_add(&b, "");
	sarif_buf_add_text(&b, text, max_chars, false);
	if (b.failed) {
		*oom = true;
		sarif_buf_dispose(&b);
		return NULL;
	}
	return b.data;
}

cJSON *sarif_json_buf(const sarif_buf *b)
{
	if (b->failed) {
		return NULL;
	}
	return cJSON_CreateString(b->data != NULL ? b->data : "");
}

bool sarif_is_http_url(const char *url)
{
	size_t prefix;
	const unsigned char *s;

	if (url == NULL) {
		return false;
	}
	if (strncmp(url, "https://", 8) == 0) {
		prefix = 8;
	} else if (strncmp(url, "http://", 7) == 0) {
		prefix = 7;
	} else {
		return false;
	}
	if (url[prefix] == '\0' || url[prefix] == '/') {
		return false;
	}
	for (s = (const unsigned char *)url; *s != '\0'; s++) {
		if (*s <= 0x20 || *s == 0x7F) {
			return false;
		}
	}
	return is_clean_text(url, 0);
}

/* Whether a byte may stay as it is in a URI path (RFC 3986 pchar without ":", plus "/"). */
static bool is_path_byte(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
		return true;
	}
	return c != '\0' && strchr("-._~!$&'()*+,;=@/", c) != NULL;
}

/* Append one path segment, percent-encoded; "." and ".." segments are dropped. */
static void add_segment(sarif_buf *b, const char *segment, size_t len)
{
	size_t i;

	if (len == 0 || (len == 1 && segment[0] == '.') ||
	    (len == 2 && segment[0] == '.' && segment[1] == '.')) {
		return;
	}
	if (b->len > 0) {
		buf_add_char(b, '/');
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)segment[i];

		if (is_path_byte(c) && c != '/') {
			buf_add_char(b, (char)c);
		} else {
			sarif_buf_addf(b, "%%%02X", c);
		}
	}
}

char *sarif_uri_from_path(const char *path, bool *oom)
{
	sarif_buf b = {0};
	const char *start;
	const char *p;

	*oom = false;
	if (path == NULL) {
		return NULL;
	}
	if (strncmp(path, "file://", 7) == 0) {
		path += 7;
	}

	/* Split on both separators; empty, "." and ".." segments vanish. */
	start = path;
	for (p = path;; p++) {
		if (*p == '/' || *p == '\\' || *p == '\0') {
			add_segment(&b, start, (size_t)(p - start));
			start = p + 1;
		}
		if (*p == '\0') {
			break;
		}
	}

	if (b.failed) {
		*oom = true;
		sarif_buf_dispose(&b);
		return NULL;
	}
	if (b.len == 0) {
		sarif_buf_dispose(&b);
		return NULL;
	}
	return b.data;
}

/* Bytes that a JSON string must escape: '"', '\\' and the control characters. */
static bool json_needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

void sarif_buf_add_json_string(sarif_buf *b, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *run = s;

	buf_add_char(b, '"');
	for (; *s != '\0'; s++) {
		char escape[8];

		if (!json_needs_escape(*s)) {
			continue;
		}
		sarif_buf_add_len(b, (const char *)run, (size_t)(s - run));
		run = s + 1;
		switch (*s) {
		case '"':
			sarif_buf_add_len(b, "\\\"", 2);
			break;
		case '\\':
			sarif_buf_add_len(b, "\\\\", 2);
			break;
		case '\b':
			sarif_buf_add_len(b, "\\b", 2);
			break;
		case '\f':
			sarif_buf_add_len(b, "\\f", 2);
			break;
		case '\n':
			sarif_buf_add_len(b, "\\n", 2);
			break;
		case '\r':
			sarif_buf_add_len(b, "\\r", 2);
			break;
		case '\t':
			sarif_buf_add_len(b, "\\t", 2);
			break;
		default:
			snprintf(escape, sizeof(escape), "\\u%04x", (unsigned)*s);
			sarif_buf_add_len(b, escape, 6);
			break;
		}
	}
	sarif_buf_add_len(b, (const char *)run, (size_t)(s - run));
	buf_add_char(b, '"');
}

void sarif_buf_add_json_text(sarif_buf *b, const char *text, size_t max_chars, sarif_buf *repair)
{
	if (is_clean_text(text, max_chars)) {
		sarif_buf_add_json_string(b, text);
		return;
	}
	sarif_buf_reset(repair);
	sarif_buf_add(repair, "");
	sarif_buf_add_text(repair, text, max_chars, false);
	if (repair->failed) {
		b->failed = true;
		return;
	}
	sarif_buf_add_json_string(b, repair->data);
}

void sarif_buf_add_json_buf(sarif_buf *b, const sarif_buf *text)
{
	if (text->failed) {
		b->failed = true;
		return;
	}
	sarif_buf_add_json_string(b, text->data != NULL ? text->data : "");
}

static double magnitude(double x)
{
	return x < 0 ? -x : x;
}

/* cJSON's test of whether printed digits read back as the number. */
static bool nearly_equal(double a, double b)
{
	double larger = magnitude(a) > magnitude(b) ? magnitude(a) : magnitude(b);

	return magnitude(a - b) <= larger * DBL_EPSILON;
}

void sarif_buf_add_json_number(sarif_buf *b, double number)
{
	int whole;
	double back;
	char text[32];

	if (isnan(number) || isinf(number)) {
		sarif_buf_add(b, "null");
		return;
	}
	/* The same digits as cJSON 1.7's printer, so the output keeps its bytes. */
	if (number >= (double)INT_MAX) {
		whole = INT_MAX;
	} else if (number <= (double)INT_MIN) {
		whole = INT_MIN;
	} else {
		whole = (int)number;
	}
	if (number == (double)whole) {
		snprintf(text, sizeof(text), "%d", whole);
	} else {
		snprintf(text, sizeof(text), "%1.15g", number);
		if (sscanf(text, "%lg", &back) != 1 || !nearly_equal(back, number)) {
			snprintf(text, sizeof(text), "%1.17g", number);
		}
	}
	sarif_buf_add(b, text);
}
