/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the rules of the recommendations analyzer. */
#ifndef ASSAY_RECOMMENDATIONS_H
#define ASSAY_RECOMMENDATIONS_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>

#include "version.h"

/* A growing string; after a failed allocation `failed` is set and appends do nothing. */
typedef struct {
	char *data;
	size_t len;
	size_t capacity;
	bool failed;
} text_buffer;

void text_append(text_buffer *text, const char *fmt, ...) ASSAY_PRINTF(2, 3);
void text_dispose(text_buffer *text);

/* Append "CRITICAL 1, HIGH 2": the severities with a count above 0, highest first. */
void text_append_severities(text_buffer *text, const size_t counts[ASSAY_SEVERITY_COUNT]);

/* The priority of a recommendation about findings of these severities: the highest one; UNKNOWN
 * counts as LOW. */
const char *priority_of(const size_t counts[ASSAY_SEVERITY_COUNT]);

/*
 * Add one recommendation. Returns 0, or ASSAY_ENOMEM (with the message
 * set) when either text failed to build or the core could not store it.
 */
int recommend(assay_ctx *ctx, const char *category, const char *priority, text_buffer *text,
	      text_buffer *rationale);

/* Whether a package type or purl type names an operating system's packages (deb, rpm, apk …). */
bool is_os_package_type(const char *type);

/* The purl type of a finding ("deb", "pypi" …), copied into `out`, or "" without a valid purl. */
void purl_type_of(const assay_finding *finding, char *out, size_t size);

/* The version scheme of a finding's package: Debian's for OS packages, the generic one otherwise.
 */
version_scheme scheme_of(const assay_finding *finding);

/* Whether a finding counts for recommendations: not ignored. */
static inline bool is_open(const assay_finding *finding)
{
	return !finding->ignored;
}

/*
 * Insert `value` (borrowed) into a sorted list of distinct strings unless
 * present. Returns false on out-of-memory.
 */
bool sorted_set_add(const char ***list, size_t *count, const char *value);

/* The upgrade rule (upgrades.c): one recommendation per package with fixed versions. */
int recommend_upgrades(assay_ctx *ctx);

#endif
