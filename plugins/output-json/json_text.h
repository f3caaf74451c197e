/* SPDX-License-Identifier: Apache-2.0 */
/* A buffered JSON text writer that prints values exactly as cJSON prints them unformatted. */
#ifndef JSON_TEXT_H
#define JSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/*
 * Text waiting to be written to `out`. Findings are most of a large
 * analysis, and printing them through this buffer instead of one cJSON
 * tree each is several times faster. Zero-initialised is not ready: call
 * json_text_init.
 */
typedef struct {
	FILE *out;
	char *data;
	size_t len;
	size_t capacity;
} json_text;

/* Set up a writer to `out`. Returns false when its buffer cannot be allocated. */
bool json_text_init(json_text *t, FILE *out);
/* Write what is buffered to the stream; stream errors show in ferror(out). */
void json_text_flush(json_text *t);
/* Flush, then free the buffer. */
void json_text_dispose(json_text *t);

/* Append `len` bytes of `s` when the buffer has no room for them. */
void json_text_raw_flushing(json_text *t, const char *s, size_t len);

/* Append `len` bytes of `s` as they are: punctuation and keys that need no escaping. */
static inline void json_text_raw(json_text *t, const char *s, size_t len)
{
	if (t->capacity - t->len >= len) {
		memcpy(t->data + t->len, s, len);
		t->len += len;
		return;
	}
	json_text_raw_flushing(t, s, len);
}

/* Append a NUL-terminated literal as it is. */
void json_text_literal(json_text *t, const char *s);
/* Append the escaped bytes of `s` without quotes, so several parts can form one string. */
void json_text_escaped(json_text *t, const char *s);
/*
 * Append `s` as a JSON string, escaped like cJSON: \" \\ \b \f \n \r \t,
 * other bytes below 0x20 as \u00xx, every other byte as it is. NULL prints
 * as "", as cJSON prints a string item without a value.
 */
void json_text_string(json_text *t, const char *s);
/* Append `s` as a JSON string, or null when it is NULL. */
void json_text_string_or_null(json_text *t, const char *s);
/* Append `value` like cJSON: null for NaN and infinities, else 15 or 17 significant digits. */
void json_text_number(json_text *t, double value);
/* Append true or false. */
void json_text_bool(json_text *t, bool value);

#endif
