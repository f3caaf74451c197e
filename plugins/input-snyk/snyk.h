/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface of the Snyk input plugin: typed JSON access and the vulnerability details. */
#ifndef ASSAY_SNYK_H
#define ASSAY_SNYK_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>

/* State of one read: the callback's ctx and the JSON path of the value being read. */
typedef struct {
	assay_ctx *ctx;
	char path[256];
	size_t path_len;
} snyk_reader;

/*
 * Extend the path by ".key" (or "key" at the top) or by "[index]". Each
 * returns a mark for snyk_path_restore. A path longer than the buffer is
 * cut, which still names the place closely enough for a message.
 */
size_t snyk_path_key(snyk_reader *reader, const char *key);
size_t snyk_path_index(snyk_reader *reader, size_t index);
void snyk_path_restore(snyk_reader *reader, size_t mark);

/* The current path, or "the document" at the top. */
const char *snyk_path_text(const snyk_reader *reader);

/* "a string", "a number" … for messages; NULL and JSON null are "null". */
const char *snyk_json_type_name(const cJSON *item);

/*
 * Record "PATH.key: expected EXPECTED, found TYPE" and return ASSAY_EPARSE.
 * `key` NULL names the current path itself.
 */
int snyk_type_error(snyk_reader *reader, const char *key, const cJSON *found, const char *expected);

/* Record an out-of-memory error at the current path and return ASSAY_ENOMEM. */
int snyk_nomem(snyk_reader *reader);

/*
 * Typed lookups of `key` in `object`. A missing key and JSON null both
 * give the "absent" value (NULL, or false in `*present`). A value of
 * another type is an ASSAY_EPARSE error naming the path. Strings are
 * borrowed from the parse tree, and an empty string counts as absent.
 */
int snyk_get_string(snyk_reader *reader, const cJSON *object, const char *key, const char **out);
int snyk_get_number(snyk_reader *reader, const cJSON *object, const char *key, double *out,
		    bool *present);
/* `*out` is 1 or 0, or -1 when absent. */
int snyk_get_bool(snyk_reader *reader, const cJSON *object, const char *key, int *out);
int snyk_get_array(snyk_reader *reader, const cJSON *object, const char *key, const cJSON **out);
int snyk_get_object(snyk_reader *reader, const cJSON *object, const char *key, const cJSON **out);

/*
 * The string at `index` of `array`, whose path is PATH.key; the lookup
 * walks the list, so use it for the first items only. JSON null and ""
 * give NULL, and any other non-string is an ASSAY_EPARSE error.
 */
int snyk_string_at(snyk_reader *reader, const cJSON *array, const char *key, size_t index,
		   const char **out);

/*
 * Append every string of the list `key` of `object` to `list` of
 * `finding`, skipping `except` (may be NULL). A missing list is no error.
 */
int snyk_append_strings(snyk_reader *reader, assay_finding *finding, assay_list list,
			const cJSON *object, const char *key, const char *except);

/* The fields of one vulnerability that identify it and its package. */
typedef struct {
	const char *snyk_id;
	const char *id;	      /* the first CVE id, else the Snyk id; a license's name */
	const char *pkg_name; /* the binary package of "source/binary" names, see snyk.c */
	const char *version;
	const char *pkg_manager; /* the vulnerability's own, "debian:11" in containers */
	bool license;
} snyk_vuln;

/*
 * Read the fields that are the same on every dependency path of a
 * vulnerability (title, description, published date, aliases, CWEs,
 * references, CVSS, exploit data, advisory URL) into `finding`. Returns 0
 * or the code of assay_error().
 */
int snyk_fill_details(snyk_reader *reader, assay_finding *finding, const snyk_vuln *vuln,
		      const cJSON *item);

#endif
