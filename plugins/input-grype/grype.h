/* SPDX-License-Identifier: Apache-2.0 */
/* Declarations shared by the files of the Grype reader: typed JSON access with its own messages. */
#ifndef GRYPE_H
#define GRYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <assay/assay.h>
#include <assay/json.h>
#include <cjson/cJSON.h>

/* State of one read callback. */
typedef struct {
	assay_ctx *ctx;
	assay_json_path path;
	const char *target; /* name of the scanned artifact, or NULL when the report has none */
} grype_reader;

/* "a string", "a number", "an object", "an array", "a boolean" or "null". */
const char *grype_type_name(const cJSON *item);

/*
 * Record "PATH.key: expected EXPECTED, found TYPE" as an ASSAY_EPARSE
 * error and return ASSAY_EPARSE. `key` NULL names the value at the path.
 */
int grype_type_error(grype_reader *reader, const char *key, const cJSON *found,
		     const char *expected);

/* Record "PATH.key: missing" (with what the key must hold) and return ASSAY_EPARSE. */
int grype_missing_error(grype_reader *reader, const char *key, const char *expected);

/* Record an out-of-memory error at the current path and return ASSAY_ENOMEM. */
int grype_nomem(grype_reader *reader);

/*
 * Typed lookups of `key` in `object`. A missing key and a JSON null both
 * read as absent: *out becomes NULL (or *present false) and 0 is
 * returned. Any other type is an ASSAY_EPARSE error naming the path.
 * Returned pointers are borrowed from the parse tree.
 */
int grype_get_string(grype_reader *reader, const cJSON *object, const char *key, const char **out);
int grype_get_array(grype_reader *reader, const cJSON *object, const char *key, const cJSON **out);
int grype_get_object(grype_reader *reader, const cJSON *object, const char *key, const cJSON **out);
int grype_get_number(grype_reader *reader, const cJSON *object, const char *key, double *out,
		     bool *present);

/*
 * Like grype_get_string, but an empty string reads as absent too: Grype
 * writes "" for what it does not know (dataSource, purl, fix.state).
 */
int grype_get_text(grype_reader *reader, const cJSON *object, const char *key, const char **out);

/* A size in bytes: a whole number from 0 to 2^53; absent leaves *out unchanged. */
int grype_get_size(grype_reader *reader, const cJSON *object, const char *key, int64_t *out);

/* Check that `item`, the value at the current path, is an object. */
int grype_expect_object(grype_reader *reader, const cJSON *item);

/* Copy the text at `key` into a string field; absent or empty leaves the field unset. */
int grype_copy_text(grype_reader *reader, assay_finding *finding, assay_field field,
		    const cJSON *object, const char *key);

/*
 * Append every string of the array at `key` to a list field. Every element
 * must be a string; empty strings are skipped.
 */
int grype_copy_strings(grype_reader *reader, assay_finding *finding, assay_list list,
		       const cJSON *object, const char *key);

/* Read one match of "matches" (or of the bare array of the oldest releases). */
int grype_read_match(grype_reader *reader, const cJSON *match);

#endif
