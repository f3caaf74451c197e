/* SPDX-License-Identifier: Apache-2.0 */
/* String work of the SARIF reader: message placeholders, "Key: value" lines, ids and URIs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sarif.h"

int sarif_buf_add(sarif_buf *buf, const char *text, size_t len)
{
	if (buf->data == NULL || buf->cap - buf->len <= len) {
		size_t cap = buf->cap > 0 ? buf->cap : 64;
		char *data;

		while (cap - buf->len <= len) {
			if (cap > SIZE_MAX / 2) {
				return ASSAY_ENOMEM;
			}
			cap *= 2;
		}
		data = realloc(buf->data, cap);
		if (data == NULL) {
			return ASSAY_ENOMEM;
		}
		buf->data = data;
		buf->cap = cap;
	}
	memcpy(buf->data + buf->len, text, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return 0;
}

int sarif_buf_add_str(sarif_buf *buf, const char *text)
{
	return sarif_buf_add(buf, text, strlen(text));
}

char *sarif_buf_take(sarif_buf *buf)
{
	char *data = buf->data;

	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
	return data;
}

void sarif_buf_dispose(sarif_buf *buf)
{
	free(sarif_buf_take(buf));
}

/* The argument a placeholder names, or NULL when there is none. */
static const char *argument_at(const cJSON *arguments, unsigned long index)
{
	const cJSON *item;
	unsigned long i = 0;

	cJSON_ArrayForEach(item, arguments)
	{
		if (i == index) {
			return cJSON_IsString(item) ? item->valuestring : NULL;
		}
		i++;
	}
	return NULL;
}

/*
 * Length of the placeholder "{N}" at `text`, with N in *index, or 0 when
 * `text` does not start one. Indexes above 999999 are not placeholders:
 * no message has that many arguments.
 */
static size_t placeholder_len(const char *text, unsigned long *index)
{
	size_t len = 1;
	unsigned long value = 0;

	while (text[len] >= '0' && text[len] <= '9' && len <= 6) {
		value = value * 10 + (unsigned long)(text[len] - '0');
		len++;
	}
	if (len == 1 || len > 7 || text[len] != '}') {
		return 0;
	}
	*index = value;
	return len + 1;
}

int sarif_format_message(char **out, const char *format, const cJSON *arguments)
{
	sarif_buf buf = {0};
	const char *p = format;
	int err = 0;

	*out = NULL;
	while (*p != '\0' && err == 0) {
		unsigned long index = 0;
		size_t len = 0;
		const char *argument = NULL;

		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			err = sarif_buf_add(&buf, p, 1);
			p += 2;
			continue;
		}
		if (p[0] == '{') {
			len = placeholder_len(p, &index);
		}
		if (len > 0 && arguments != NULL) {
			argument = argument_at(arguments, index);
		}
		if (argument != NULL) {
			err = sarif_buf_add_str(&buf, argument);
			p += len;
			continue;
		}
		len = strcspn(p + 1, "{}") + 1;
		err = sarif_buf_add(&buf, p, len);
		p += len;
	}

	if (err == 0 && buf.data == NULL) {
		err = sarif_buf_add(&buf, "", 0);
	}
	if (err < 0) {
		sarif_buf_dispose(&buf);
		return err;
	}
	*out = sarif_buf_take(&buf);
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

bool sarif_find_field(const char *text, const char *key, const char **value, size_t *len)
{
	size_t key_len = strlen(key);
	const char *line = text;

	if (text == NULL) {
		return false;
	}
	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		const char *start = line;

		if (end == NULL) {
			end = line + strlen(line);
		}
		while (start < end && is_blank(*start)) {
			start++;
		}
		if ((size_t)(end - start) > key_len && memcmp(start, key, key_len) == 0 &&
		    start[key_len] == ':') {
			const char *v = start + key_len + 1;
			const char *v_end = end;

			while (v < v_end && is_blank(*v)) {
				v++;
			}
			while (v_end > v && is_blank(v_end[-1])) {
				v_end--;
			}
			*value = v;
			*len = (size_t)(v_end - v);
			return true;
		}
		line = *end == '\n' ? end + 1 : end;
	}
	return false;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

bool sarif_equal_nocase(const char *a, const char *b)
{
	while (*a != '\0' && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return lower(*a) == lower(*b);
}

static bool starts_nocase(const char *text, const char *prefix)
{
	while (*prefix != '\0') {
		if (lower(*text) != lower(*prefix)) {
			return false;
		}
		text++;
		prefix++;
	}
	return true;
}

bool sarif_contains_nocase(const char *text, const char *needle)
{
	for (; *text != '\0'; text++) {
		if (starts_nocase(text, needle)) {
			return true;
		}
	}
	return false;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z');
}

/* Length of "CVE-YYYY-N…" (four or more digits after the year) at `id`, or 0. */
static size_t cve_len(const char *id)
{
	size_t len = 4;
	size_t digits = 0;

	if (!starts_nocase(id, "CVE-")) {
		return 0;
	}
	for (digits = 0; digits < 4; digits++) {
		if (!is_digit(id[len + digits])) {
			return 0;
		}
	}
	len += 4;
	if (id[len] != '-') {
		return 0;
	}
	len++;
	for (digits = 0; is_digit(id[len + digits]); digits++) {
	}
	return digits >= 4 ? len + digits : 0;
}

/* Length of "GHSA-xxxx-xxxx-xxxx" at `id`, or 0. */
static size_t ghsa_len(const char *id)
{
	size_t len = 4;
	int group;

	if (!starts_nocase(id, "GHSA")) {
		return 0;
	}
	for (group = 0; group < 3; group++) {
		size_t i;

		if (id[len] != '-') {
			return 0;
		}
		len++;
		for (i = 0; i < 4; i++) {
			if (!is_alnum(id[len + i])) {
				return 0;
			}
		}
		len += 4;
	}
	return len;
}

size_t sarif_advisory_id_len(const char *id)
{
	size_t len;

	if (id == NULL) {
		return 0;
	}
	len = cve_len(id);
	if (len == 0) {
		len = ghsa_len(id);
	}
	if (len == 0 || (id[len] != '\0' && id[len] != '-')) {
		return 0;
	}
	return len;
}

bool sarif_cwe_normalize(const char *text, bool bare_number_ok, char *out, size_t size)
{
	const char *digits = NULL;
	unsigned long value = 0;
	size_t count = 0;

	if (starts_nocase(text, "external/cwe/")) {
		text += strlen("external/cwe/");
	}
	if (starts_nocase(text, "CWE-") || starts_nocase(text, "CWE:")) {
		digits = text + 4;
	} else if (bare_number_ok) {
		digits = text;
	} else {
		return false;
	}

	while (*digits == '0' && is_digit(digits[1])) {
		digits++;
	}
	for (count = 0; is_digit(digits[count]); count++) {
		if (count >= 9) {
			return false;
		}
		value = value * 10 + (unsigned long)(digits[count] - '0');
	}
	if (count == 0 || digits[count] != '\0') {
		return false;
	}
	return snprintf(out, size, "CWE-%lu", value) < (int)size;
}

static int hex_value(char c)
{
	if (is_digit(c)) {
		return c - '0';
	}
	if (lower(c) >= 'a' && lower(c) <= 'f') {
		return lower(c) - 'a' + 10;
	}
	return -1;
}

/* Append `text` with its %XX escapes decoded, except escapes of control bytes. */
static int add_decoded(sarif_buf *buf, const char *text)
{
	const char *p = text;
	int err = 0;

	while (*p != '\0' && err == 0) {
		int high = p[0] == '%' ? hex_value(p[1]) : -1;
		int low = high >= 0 ? hex_value(p[2]) : -1;
		char byte = (char)(high * 16 + low);

		if (high >= 0 && low >= 0 && (unsigned char)byte >= 0x20 && byte != 0x7f) {
			err = sarif_buf_add(buf, &byte, 1);
			p += 3;
		} else {
			err = sarif_buf_add(buf, p, 1);
			p++;
		}
	}
	return err;
}

/* Whether `uri` starts with a scheme of two or more letters ("https:", "git+ssh:"). */
static bool has_scheme(const char *uri)
{
	size_t len = 0;

	while (is_alnum(uri[len]) || uri[len] == '+' || uri[len] == '-' || uri[len] == '.') {
		len++;
	}
	return len >= 2 && uri[len] == ':' && !is_digit(uri[0]);
}

bool sarif_uri_is_absolute(const char *uri)
{
	return uri[0] == '/' || has_scheme(uri);
}

int sarif_uri_to_path(char **out, const char *uri)
{
	sarif_buf buf = {0};
	const char *path = uri;
	int err;

	*out = NULL;
	if (starts_nocase(uri, "file://localhost/")) {
		path = uri + strlen("file://localhost");
	} else if (starts_nocase(uri, "file:///")) {
		path = uri + strlen("file://");
	} else if (starts_nocase(uri, "file:") && !starts_nocase(uri, "file://")) {
		path = uri + strlen("file:");
	} else if (starts_nocase(uri, "file://") || has_scheme(uri)) {
		/* file://host/share and other schemes keep their URI form */
		path = NULL;
	}

	if (path == NULL) {
		err = sarif_buf_add_str(&buf, uri);
	} else {
		/* "file:////src" (dependency-check) and "file:///C:/x" (Windows) */
		while (path[0] == '/' && path[1] == '/') {
			path++;
		}
		if (path != uri && path[0] == '/' && is_alnum(path[1]) && path[2] == ':' &&
		    (path[3] == '/' || path[3] == '\0')) {
			path++;
		}
		err = add_decoded(&buf, path);
	}
	if (err == 0 && buf.data == NULL) {
		err = sarif_buf_add(&buf, "", 0);
	}
	if (err < 0) {
		sarif_buf_dispose(&buf);
		return err;
	}
	*out = sarif_buf_take(&buf);
	return 0;
}
