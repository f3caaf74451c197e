/* SPDX-License-Identifier: Apache-2.0 */
/* Typed access to the JSON of a Trivy report over a key index, shared by the reader's files. */
#ifndef TRIVY_JSON_H
#define TRIVY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <assay/assay.h>
#include <assay/json.h>
#include <cjson/cJSON.h>

/* Slots of a key index: room for an object of up to half as many keys. */
#define TRIVY_INDEX_SLOTS 64

/*
 * The members of one object by key, so that reading many keys of it
 * probes a table instead of scanning the object for each key. A
 * vulnerability has about twenty keys and the reader asks for most.
 */
typedef struct {
	const cJSON *object; /* NULL when unused */
	const cJSON *slots[TRIVY_INDEX_SLOTS];
	uint32_t hashes[TRIVY_INDEX_SLOTS]; /* hash of each slot's key, compared before the key */
} trivy_key_index;

/* State of one read callback. */
typedef struct {
	assay_ctx *ctx;
	trivy_key_index index;	 /* of the last large object read */
	const char *report_name; /* the report's path, "stdin" for "-" */
	assay_json_path path;
	/* "namespace/kind/name" of the trivy k8s resource being read, or NULL */
	const char *resource;
	/* count of entries left out because they have no id, and the path of the first */
	size_t skipped;
	char first_skipped[ASSAY_JSON_PATH_MAX];
} trivy_reader;

/*
 * Typed lookups of `key` in the object `object`. A missing key and a JSON
 * null both read as absent: *out is set to NULL (or `present` to false)
 * and 0 is returned. A value of another type is an ASSAY_EPARSE error that
 * names the path. Returned pointers are borrowed from the parse tree.
 */
int trivy_get_string(trivy_reader *reader, const cJSON *object, const char *key, const char **out);
int trivy_get_array(trivy_reader *reader, const cJSON *object, const char *key, const cJSON **out);
int trivy_get_object(trivy_reader *reader, const cJSON *object, const char *key, const cJSON **out);
int trivy_get_number(trivy_reader *reader, const cJSON *object, const char *key, double *out,
		     bool *present);
int trivy_get_bool(trivy_reader *reader, const cJSON *object, const char *key, bool *out,
		   bool *present);

/* A line number, a whole number from 0 to INT_MAX. Absent reads as 0. */
int trivy_get_line(trivy_reader *reader, const cJSON *object, const char *key, int *out);

/* A size in bytes, a whole number from 0 to 2^53. Absent leaves *out unchanged. */
int trivy_get_size(trivy_reader *reader, const cJSON *object, const char *key, int64_t *out);

/*
 * Like trivy_get_string, but an empty string also reads as absent: Trivy
 * writes "" for values it does not know (FilePath, Link, Layer.DiffID).
 */
int trivy_get_text(trivy_reader *reader, const cJSON *object, const char *key, const char **out);

/* Check that `item` (the element at the current path) is an object. */
int trivy_expect_object(trivy_reader *reader, const cJSON *item);

/*
 * Copy the text at `key` into a string field of `finding`. An absent or
 * empty value leaves the field unset.
 */
int trivy_copy_field(trivy_reader *reader, assay_finding *finding, assay_field field,
		     const cJSON *object, const char *key);

/*
 * Append every string of the list at `key` to a list field of `finding`.
 * Every element must be a string; empty strings are skipped.
 */
int trivy_copy_list(trivy_reader *reader, assay_finding *finding, assay_list list,
		    const cJSON *object, const char *key);

/* Record an out-of-memory error at the current path and return ASSAY_ENOMEM. */
int trivy_nomem(trivy_reader *reader);

#endif
