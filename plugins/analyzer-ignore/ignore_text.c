/* SPDX-License-Identifier: Apache-2.0 */
/* Ignore files: reading them, telling the formats apart, and Trivy's plain .trivyignore. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ignore.h"

/* Read the whole file into `*out` (NUL-terminated) and its length into `*size`. */
static int read_file(rule_set *set, const char *path, char **out, size_t *size)
{
	FILE *file = NULL;
	char *buffer = NULL;
	size_t length = 0;
	int err = 0;

	file = fopen(path, "rb");
	if (file == NULL) {
		return assay_error(set->ctx, errno == ENOENT ? ASSAY_ENOTFOUND : ASSAY_EIO,
				   "cannot open ignore file '%s': %s", path, strerror(errno));
	}
	/* Reading one byte past the limit distinguishes a file at the limit from a larger one. */
	buffer = malloc(IGNORE_MAX_FILE_BYTES + 2);
	if (buffer == NULL) {
		err = assay_error(set->ctx, ASSAY_ENOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	length = fread(buffer, 1, IGNORE_MAX_FILE_BYTES + 1, file);
	if (ferror(file)) {
		err = assay_error(set->ctx, ASSAY_EIO, "cannot read ignore file '%s': %s", path,
				  strerror(errno));
		goto out;
	}
	if (length > IGNORE_MAX_FILE_BYTES) {
		err =
		    assay_error(set->ctx, ASSAY_ELIMIT,
				"ignore file '%s' is larger than %zu MiB; ignore files hold rules, "
				"not reports",
				path, IGNORE_MAX_FILE_BYTES >> 20);
		goto out;
	}
	if (memchr(buffer, '\0', length) != NULL) {
		err = assay_error(set->ctx, ASSAY_EPARSE,
				  "ignore file '%s' contains a NUL byte: it is not a text file",
				  path);
		goto out;
	}
	buffer[length] = '\0';
	*out = buffer;
	*size = length;
	buffer = NULL;

out:
	free(buffer);
	fclose(file);
	return err;
}

static bool has_suffix(const char *text, const char *suffix)
{
	size_t text_len = strlen(text);
	size_t suffix_len = strlen(suffix);

	return text_len >= suffix_len && strcasecmp(text + text_len - suffix_len, suffix) == 0;
}

/* Whether `line` (of `len` bytes) is "KEY:" with nothing but blanks or a comment after it. */
static bool is_top_level_key(const char *line, size_t len, const char *key)
{
	size_t key_len = strlen(key);
	size_t i;

	if (len <= key_len || strncmp(line, key, key_len) != 0 || line[key_len] != ':') {
		return false;
	}
	for (i = key_len + 1; i < len; i++) {
		if (line[i] == '#') {
			return true;
		}
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
			return false;
		}
	}
	return true;
}

/*
 * Whether the first line that is not blank or a comment opens one of the
 * top-level keys of the YAML formats. A .trivyignore line is an id, which
 * never ends with a colon.
 */
static bool looks_like_yaml(const char *text)
{
	static const char *const keys[] = {"vulnerabilities", "misconfigurations", "secrets",
					   "licenses", "ignore"};
	const char *line = text;

	while (*line != '\0') {
		const char *end = strchr(line, '\n');
		size_t len = end != NULL ? (size_t)(end - line) : strlen(line);
		size_t i;

		if (len > 0 && line[0] != '#' && line[0] != '\r' && line[0] != ' ') {
			for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
				if (is_top_level_key(line, len, keys[i])) {
					return true;
				}
			}
			return false;
		}
		if (end == NULL) {
			break;
		}
		line = end + 1;
	}
	return false;
}

int ignore_load_file(rule_set *set, const char *path)
{
	char *text = NULL;
	size_t size = 0;
	int err = read_file(set, path, &text, &size);

	if (err != 0) {
		return err;
	}
	if (has_suffix(path, ".yaml") || has_suffix(path, ".yml") || looks_like_yaml(text)) {
		err = ignore_parse_yaml(set, path, text, size);
	} else {
		err = ignore_parse_trivyignore(set, path, text, size);
	}
	free(text);
	return err;
}

/* ---- .trivyignore ---- */

/* Skipped lines logged per file before the rest are only counted. */
#define MAX_WARNINGS 10

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The fields of one line, split on blanks; `comment` is the text after a field that starts with
 * '#'. */
typedef struct {
	char *fields[64];
	size_t count;
	const char *comment;
} line_fields;

/* Split `line` in place. Fields past the 64th are dropped: no option of the format needs them. */
static void split_fields(line_fields *out, char *line)
{
	char *c = line;

	memset(out, 0, sizeof(*out));
	while (*c != '\0') {
		while (is_blank(*c)) {
			*c++ = '\0';
		}
		if (*c == '\0') {
			break;
		}
		if (*c == '#' && out->comment == NULL && out->count > 0) {
			out->comment = c + 1;
		}
		if (out->count < sizeof(out->fields) / sizeof(out->fields[0])) {
			out->fields[out->count++] = c;
		}
		while (*c != '\0' && !is_blank(*c)) {
			c++;
		}
	}
}

/*
 * Text after '#' up to the end of the original line, trimmed; NULL when
 * empty. `line` is the unsplit copy of the line, `offset` where '#' was.
 */
static char *comment_text(const char *line, size_t offset)
{
	const char *start = line + offset;
	size_t len = strlen(start);

	while (len > 0 && is_blank(*start)) {
		start++;
		len--;
	}
	while (len > 0 && is_blank(start[len - 1])) {
		len--;
	}
	return len > 0 ? ignore_strndup(start, len) : NULL;
}

/*
 * Fill `rule` from the fields of one line. Returns 0, 1 when the line is
 * skipped for a malformed date (as Trivy does), or ASSAY_ENOMEM.
 */
static int rule_from_fields(rule_set *set, ignore_rule *rule, const line_fields *fields,
			    const char *original, char *split, size_t *skipped)
{
	const char *expiry = NULL;
	size_t i;

	/* Trivy takes the first "exp:" field anywhere on the line, comment included. */
	for (i = 1; i < fields->count && expiry == NULL; i++) {
		if (strncmp(fields->fields[i], "exp:", 4) == 0) {
			expiry = fields->fields[i] + 4;
		}
	}
	if (expiry != NULL && ignore_parse_date(expiry, &rule->expires_at) != 0) {
		if ((*skipped)++ >= MAX_WARNINGS) {
			return 1;
		}
		assay_log(set->ctx, ASSAY_LOG_WARN,
			  "%s:%d: invalid expiry 'exp:%s' (expected exp:YYYY-MM-DD); the line is "
			  "skipped, as Trivy skips it",
			  rule->source, rule->line, expiry);
		return 1;
	}
	rule->id = strdup(fields->fields[0]);
	rule->expires = expiry != NULL ? strdup(expiry) : NULL;
	for (i = 1; i < fields->count; i++) {
		if (fields->comment != NULL && fields->fields[i] >= fields->comment - 1) {
			break;
		}
		if (strncmp(fields->fields[i], "owner:", 6) == 0 && rule->owner == NULL) {
			rule->owner = strdup(fields->fields[i] + 6);
		}
	}
	if (fields->comment != NULL) {
		rule->reason = comment_text(original, (size_t)(fields->comment - split));
	}
	if (rule->id == NULL || (expiry != NULL && rule->expires == NULL)) {
		return ASSAY_ENOMEM;
	}
	return 0;
}

/* Parse one line of `len` bytes (no line end). Returns 0 or an error code. */
static int parse_line(rule_set *set, const char *path, int line_no, const char *text, size_t len,
		      size_t *skipped)
{
	ignore_rule rule = {.kinds = IGNORE_ALL_KINDS, .expires_at = IGNORE_NEVER, .line = line_no};
	line_fields fields;
	char *original = ignore_strndup(text, len);
	char *split = ignore_strndup(text, len);
	int err = 0;

	if (original == NULL || split == NULL) {
		err = assay_error(set->ctx, ASSAY_ENOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	split_fields(&fields, split);
	if (fields.count == 0 || fields.fields[0][0] == '#') {
		goto out;
	}
	rule.source = strdup(path);
	err = rule.source != NULL ? rule_from_fields(set, &rule, &fields, original, split, skipped)
				  : ASSAY_ENOMEM;
	if (err == 1) {
		err = 0;
		goto out;
	}
	if (err != 0) {
		err = assay_error(set->ctx, ASSAY_ENOMEM, "out of memory reading '%s'", path);
		goto out;
	}
	err = rule_set_take(set, &rule);

out:
	rule_dispose(&rule);
	free(split);
	free(original);
	return err;
}

int ignore_parse_trivyignore(rule_set *set, const char *path, const char *text, size_t size)
{
	const char *end = text + size;
	const char *line = text;
	int line_no = 0;
	size_t skipped = 0;
	int err = 0;

	/* A UTF-8 byte order mark, as some Windows editors write, is not part of the first id. */
	if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
	}
	while (line < end && err == 0) {
		const char *newline = memchr(line, '\n', (size_t)(end - line));
		const char *line_end = newline != NULL ? newline : end;

		line_no++;
		err = parse_line(set, path, line_no, line, (size_t)(line_end - line), &skipped);
		line = line_end + 1;
	}
	if (err == 0 && skipped > MAX_WARNINGS) {
		assay_log(set->ctx, ASSAY_LOG_WARN,
			  "%s: %zu more lines skipped for invalid expiry dates", path,
			  skipped - MAX_WARNINGS);
	}
	return err;
}
