/* SPDX-License-Identifier: Apache-2.0 */
/* Escaping of scanner strings and the rule for which URLs become links. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* U+FFFD REPLACEMENT CHARACTER, written for every character that must not reach the page. */
static const char replacement[] = "\xEF\xBF\xBD";

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
	/* Overlong forms, UTF-16 surrogates and values past U+10FFFF. */
	if ((length == 3 && value < 0x800) || (length == 4 && value < 0x10000) ||
	    (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
		return 0;
	}
	*code_point = value;
	return length;
}

/*
 * Whether a code point is replaced: C1 controls, and the bidirectional
 * formatting characters that can make a title read differently from what
 * it contains.
 */
static bool is_hidden_code_point(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

/* The character reference of an ASCII byte that HTML gives a meaning, or NULL. */
static const char *ascii_reference(unsigned char byte)
{
	switch (byte) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

/* Whether an ASCII byte is written as it is. */
static bool is_plain_ascii(unsigned char byte)
{
	if (byte == '\t' || byte == '\n' || byte == '\r') {
		return true;
	}
	return byte >= 0x20 && byte < 0x7F && ascii_reference(byte) == NULL;
}

void html_text_len(FILE *out, const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	if (text == NULL) {
		return;
	}
	while (i < length) {
		size_t run = i;
		unsigned cp = 0;
		size_t sequence;

		/* Write runs of plain bytes with one call: most scanner text is plain ASCII. */
		while (run < length && s[run] < 0x80 && is_plain_ascii(s[run])) {
			run++;
		}
		if (run > i) {
			fwrite(s + i, 1, run - i, out);
			i = run;
			continue;
		}
		if (s[i] < 0x80) {
			const char *reference = ascii_reference(s[i]);

			fputs(reference != NULL ? reference : replacement, out);
			i++;
			continue;
		}
		sequence = utf8_length(s + i, length - i, &cp);
		if (sequence == 0 || is_hidden_code_point(cp)) {
			fputs(replacement, out);
			i += sequence == 0 ? 1 : sequence;
			continue;
		}
		fwrite(s + i, 1, sequence, out);
		i += sequence;
	}
}

void html_text(FILE *out, const char *text)
{
	if (text != NULL) {
		html_text_len(out, text, strlen(text));
	}
}

/* The bytes that browsers strip from both ends of a URL: C0 controls and space. */
static bool is_url_trimmed(unsigned char byte)
{
	return byte <= 0x20;
}

bool html_is_web_url(const char *url, size_t *start, size_t *length)
{
	size_t first = 0;
	size_t end;
	size_t i;

	if (url == NULL) {
		return false;
	}
	end = strlen(url);
	while (first < end && is_url_trimmed((unsigned char)url[first])) {
		first++;
	}
	while (end > first && is_url_trimmed((unsigned char)url[end - 1])) {
		end--;
	}
	/* Browsers also drop tabs and line breaks inside a URL, so such a URL is refused outright.
	 */
	for (i = first; i < end; i++) {
		unsigned char byte = (unsigned char)url[i];

		if (byte <= 0x20 || byte == 0x7F) {
			return false;
		}
	}
	if (end - first > 7 && strncasecmp(url + first, "http://", 7) == 0) {
		*start = first;
		*length = end - first;
		return true;
	}
	if (end - first > 8 && strncasecmp(url + first, "https://", 8) == 0) {
		*start = first;
		*length = end - first;
		return true;
	}
	return false;
}

void html_link(FILE *out, const char *url, const char *label)
{
	size_t start = 0;
	size_t length = 0;

	if (!html_is_web_url(url, &start, &length)) {
		html_text(out, label != NULL ? label : url);
		return;
	}
	fputs("<a href=\"", out);
	html_text_len(out, url + start, length);
	fputs("\" rel=\"noopener noreferrer\">", out);
	if (label != NULL) {
		html_text(out, label);
	} else {
		html_text_len(out, url + start, length);
	}
	fputs("</a>", out);
}
