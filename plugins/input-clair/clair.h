/* SPDX-License-Identifier: Apache-2.0 */
/* Internal interface of the Clair input plugin, shared by its three formats. */
#ifndef ASSAY_CLAIR_H
#define ASSAY_CLAIR_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>
#include <assay/json.h>

/* State of one read: the callback's ctx and the JSON path of the value being read. */
typedef struct {
	assay_ctx *ctx;
	assay_json_path path;
} clair_reader;

/* ---- JSON paths and errors (clair_json.c); typed reads use assay/json.h ---- */

/*
 * Extend the path by ".key" (or "key" at the top), as
 * assay_json_path_push_key does, except that a key with other characters
 * than letters, digits, '_' and '-' is written as ["key"]. Returns the mark
 * for assay_json_path_pop.
 */
size_t clair_path_key(clair_reader *reader, const char *key);

/*
 * Record "PATH.key: expected EXPECTED, found TYPE" and return ASSAY_EPARSE,
 * with `key` written as by clair_path_key. `key` NULL names the current
 * path itself.
 */
int clair_type_error(clair_reader *reader, const char *key, const cJSON *found,
		     const char *expected);
/* Record an out-of-memory error at the current path and return ASSAY_ENOMEM. */
int clair_nomem(clair_reader *reader);

/*
 * A string-keyed hash table of borrowed keys and values, sized once for
 * `expected` entries. cJSON looks object members up by a linear scan, so
 * the v4 report's id maps are indexed here to keep reading linear.
 */
typedef struct {
	const char *key; /* NULL marks an empty slot */
	const void *value;
} clair_map_slot;

typedef struct {
	clair_map_slot *slots;
	size_t mask;
	size_t count;
	size_t limit;
} clair_map;

int clair_map_init(clair_map *map, size_t expected);
void clair_map_dispose(clair_map *map);
/* Add `key` unless present (the first value wins). ASSAY_ELIMIT past `expected` entries. */
int clair_map_put(clair_map *map, const char *key, const void *value);
/* The value of `key`, or NULL. */
const void *clair_map_get(const clair_map *map, const char *key);

/* ---- Text rules (clair_text.c) ---- */

/* A span of a borrowed string. */
typedef struct {
	const char *text;
	size_t len;
} clair_span;

/*
 * The id of a vulnerability named `name` with advisory links `links`
 * (either may be NULL). It is a CVE id that starts the name, else an
 * advisory id that starts it (RHSA-2023:5837, pyup.io-39606, GHSA-…),
 * else the first CVE id of the links, else of the name, else the name.
 */
clair_span clair_vulnerability_id(const char *name, const char *links);

/* Whether `span` is a CVE id (CVE-YYYY-NNNN…). */
bool clair_is_cve(clair_span span);

/*
 * Append every CVE and GHSA id found in `text` (may be NULL) to the
 * aliases of `finding`, except `id`. Returns 0 or ASSAY_ENOMEM.
 */
int clair_append_ids(assay_ctx *ctx, assay_finding *finding, const char *text, clair_span id);

/*
 * Severity of a Clair word: Clair's Unknown, Negligible, Low, Medium,
 * High and Critical, and Defcon1 (Clair v2's level above Critical) as
 * CRITICAL.
 */
assay_severity clair_severity(const char *word);

/* Package type of an OS family ("debian" → "deb", "rhel" → "rpm", …), or NULL. */
const char *clair_os_package_type(const char *family, size_t len);

/*
 * Set the fixed version and fix state from a fixed-in string (may be
 * NULL, which gives `unfixed`); "0" and "0:0" name no fix. Returns 0 or
 * ASSAY_ENOMEM.
 */
int clair_set_fix(assay_ctx *ctx, assay_finding *finding, const char *fixed,
		  assay_fix_state unfixed);

/* Set the primary URL and other URLs from space-separated `links`. Returns 0 or ASSAY_ENOMEM. */
int clair_set_links(assay_ctx *ctx, assay_finding *finding, const char *links);

/*
 * Set id, title and aliases of a vulnerability from its name, links and
 * description (any may be NULL but not all). Returns 0 or ASSAY_ENOMEM.
 */
int clair_set_identity(assay_ctx *ctx, assay_finding *finding, const char *name, const char *links,
		       const char *description);

/* Record a Clair v2 namespace ("ubuntu:18.04") as the OS of `image` unless it has one. */
int clair_record_namespace(clair_reader *reader, assay_image *image, const char *namespace_name);

/* ---- Formats ---- */

/* Clair v4 VulnerabilityReport (clair_v4.c). */
int clair_read_v4(clair_reader *reader, const cJSON *root);

#endif
