/* SPDX-License-Identifier: Apache-2.0 */
/* Shared types of the baseline analyzer: the earlier analysis as a lookup table. */
#ifndef ASSAY_BASELINE_H
#define ASSAY_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>

/*
 * One finding of the earlier analysis. Strings are borrowed from its
 * parse tree; `identity` is owned and set only for findings without a
 * fingerprint.
 */
typedef struct {
	const char *kind;
	const char *id;
	const char *package;
	const char *version;
	const char *severity;
	const char *fingerprint;
	const char *target;
	char *identity;
	size_t next;  /* next entry with the same key, or SIZE_MAX */
	bool present; /* the current run still has it */
} baseline_entry;

/* An open-addressing table from a key to the first entry that has it. */
typedef struct {
	size_t *slots; /* entry index + 1, 0 for an empty slot */
	size_t capacity;
} key_table;

typedef struct {
	cJSON *root;
	baseline_entry *entries;
	size_t count;
	key_table by_fingerprint;
	key_table by_identity; /* entries that have no fingerprint */
	size_t without_fingerprint;
} baseline;

/*
 * Read the JSON analysis at `path` into `out`. Errors name the file:
 * ASSAY_ENOTFOUND or ASSAY_EIO when it cannot be read, ASSAY_ELIMIT when
 * it is too large or too deep, ASSAY_EPARSE when it is not an assay
 * analysis. On error `out` is left empty.
 */
int baseline_load(assay_ctx *ctx, const char *path, baseline *out);
void baseline_dispose(baseline *b);

/*
 * The identity of a finding without a fingerprint: kind, id, package,
 * version and target joined by the unit separator. Returns a malloc'ed
 * string or NULL on out-of-memory.
 */
char *baseline_identity(const char *kind, const char *id, const char *package, const char *version,
			const char *target);

/* The first entry with this key, or SIZE_MAX. */
size_t baseline_find(const baseline *b, const key_table *table, const char *key);

#endif
