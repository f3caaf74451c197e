/* SPDX-License-Identifier: Apache-2.0 */
/* Private interface between the files of the HTML output plugin. */
#ifndef ASSAY_OUTPUT_HTML_H
#define ASSAY_OUTPUT_HTML_H

#include <stdbool.h>
#include <stdio.h>

#include <assay/assay.h>

/* Length of a SHA-256 digest in base64 with padding, plus the NUL byte. */
#define HTML_SHA256_BASE64_SIZE 45

/* The state of one HTML report being written. */
typedef struct {
	assay_ctx *ctx;
	FILE *out;
} html_writer;

/*
 * Write `text` escaped for HTML text and attribute values: & < > " ' become
 * character references, invalid UTF-8, control characters (but tab, line
 * feed and carriage return) and bidirectional formatting characters become
 * U+FFFD. NULL writes nothing.
 */
void html_text(FILE *out, const char *text);

/* Like html_text for the first `length` bytes of `text`. */
void html_text_len(FILE *out, const char *text, size_t length);

/*
 * Whether `url` is an http or https URL that may become a link. Leading and
 * trailing spaces and C0 controls are trimmed, as browsers do, and the
 * scheme is compared case-insensitively. A URL with a space or control
 * character inside is refused. On success `*start` and `*length` give the
 * trimmed URL within `url`.
 */
bool html_is_web_url(const char *url, size_t *start, size_t *length);

/*
 * Write `label` as a link to `url` when html_is_web_url accepts it, else
 * `label` as text. A NULL `label` uses the URL itself.
 */
void html_link(FILE *out, const char *url, const char *label);

/*
 * Write a section that an analyzer set ("compliance", "quantum" …) as
 * HTML, whatever its shape: objects become key and value tables, arrays of
 * objects become tables with a column per key, other arrays lists.
 */
void html_json(FILE *out, const cJSON *value);

/* Compute the SHA-256 digest of `length` bytes of `data` and write it to `out` in base64. */
void html_sha256_base64(char out[HTML_SHA256_BASE64_SIZE], const void *data, size_t length);

/* Write the table of every finding in the core's order. */
void html_write_findings(html_writer *w);

/* CSS class of a severity: "sev-critical" … "sev-unknown". */
const char *html_severity_class(assay_severity severity);

#endif
