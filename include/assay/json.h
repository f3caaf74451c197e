/* SPDX-License-Identifier: Apache-2.0 */
/* Typed reads of a cJSON document that name the JSON path of every type error. */
#ifndef ASSAY_JSON_H
#define ASSAY_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "api.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A helper layer for input plugins, built only on the public API: a plugin
 * keeps one assay_json_path per read, pushes a key or an index before it
 * descends and pops back to the returned mark after. The getters look up
 * one key, treat a missing key and JSON null alike as absent, and report a
 * value of another type through assay_error as
 * "PATH.key: expected a string, found a number".
 */

/* Room for a path; a longer path is cut at the buffer's end. */
#define ASSAY_JSON_PATH_MAX 512

/*
 * A JSON path such as "Results[2].Vulnerabilities[0]". `text` is always
 * NUL-terminated and `len` is its length, so a plugin may read both and
 * save or restore the whole struct by assignment. A zeroed struct is an
 * empty path.
 */
typedef struct assay_json_path {
	char text[ASSAY_JSON_PATH_MAX];
	size_t len;
} assay_json_path;

/* Empty the path, which then names the whole document. */
ASSAY_EXPORT void assay_json_path_init(assay_json_path *path);

/*
 * Extend the path by ".key" ("key" at the top) or by "[index]". Each
 * returns the mark to pass to assay_json_path_pop. The key is copied.
 */
ASSAY_EXPORT size_t assay_json_path_push_key(assay_json_path *path, const char *key);
ASSAY_EXPORT size_t assay_json_path_push_index(assay_json_path *path, size_t index);

/* Cut the path back to `mark`; a mark past the buffer is ignored. */
ASSAY_EXPORT void assay_json_path_pop(assay_json_path *path, size_t mark);

/* The path, or "the document" when it is empty. Borrowed from `path`. */
ASSAY_EXPORT const char *assay_json_path_text(const assay_json_path *path);

/*
 * How messages name the type of `item`: "null" (also for NULL), "a string",
 * "a number", "a boolean", "a list", "an object". A static string.
 */
ASSAY_EXPORT const char *assay_json_type_name(const cJSON *item);

/*
 * Record "PATH: expected EXPECTED, found TYPE" through assay_error and
 * return ASSAY_EPARSE. A non-NULL `key` is named after the path as by
 * assay_json_path_push_key; `path` is left as it was.
 */
ASSAY_EXPORT int assay_json_type_error(assay_ctx *ctx, assay_json_path *path, const char *key,
				       const cJSON *found, const char *expected);

/*
 * Read `key` of `object`. Each returns 0 with the value in `out`, or 0
 * with the absent value when the key is missing or null, or ASSAY_EPARSE
 * (recorded through assay_error, `out` left absent) when the value has
 * another type. `path` names `object` and is left as it was.
 *
 * assay_json_get_string: absent is NULL, and so is the empty string. The
 * string is borrowed from the document. Expected "a string".
 * assay_json_get_number: `present` is true when a number was found; absent
 * is 0. Expected "a number".
 * assay_json_get_bool: 1 true, 0 false, -1 absent. Expected "true or false".
 * assay_json_get_array, assay_json_get_object: absent is NULL; the item is
 * borrowed from the document. Expected "a list" and "an object".
 */
ASSAY_EXPORT int assay_json_get_string(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
				       const char *key, const char **out);
ASSAY_EXPORT int assay_json_get_number(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
				       const char *key, double *out, bool *present);
ASSAY_EXPORT int assay_json_get_bool(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
				     const char *key, int *out);
ASSAY_EXPORT int assay_json_get_array(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
				      const char *key, const cJSON **out);
ASSAY_EXPORT int assay_json_get_object(assay_ctx *ctx, assay_json_path *path, const cJSON *object,
				       const char *key, const cJSON **out);

/*
 * Ask the CPU to start loading the nodes and strings of `item` of the
 * document being read, and the node of the item after it (since ABI 1.1).
 * The core parses a report into memory in document order, so an item's
 * data lies between its node and the next item's. At most 4 KiB is
 * loaded. A hint only: it changes nothing and returns at once; NULL is
 * ignored. A reader calls it for the next element of a long list while it
 * reads the current one.
 */
ASSAY_EXPORT void assay_json_prefetch(const cJSON *item);

#ifdef __cplusplus
}
#endif

#endif
