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

/* Distance, in findings, between the finding a pass reads and the one it prefetches. */
#define PREFETCH_DISTANCE 16

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/*
 * Prefetch the fields that the passes over the findings read (kind and id,
 * the package, the tags and the ignore state) of the finding
 * PREFETCH_DISTANCE positions after `index`. The core sorts the findings
 * by severity, kind and id, so neighbours in that order lie far apart in
 * memory and, without this, each finding a pass reads waits for main memory.
 */
static inline void prefetch_ahead(assay_ctx *ctx, size_t index, size_t count)
{
	const assay_finding *later;

	if (index + PREFETCH_DISTANCE >= count) {
		return;
	}
	later = assay_finding_at(ctx, index + PREFETCH_DISTANCE);
	PREFETCH(&later->kind);
	PREFETCH(&later->pkg_name);
	PREFETCH(&later->tags);
	PREFETCH(&later->ignored);
}

/* Whether a finding counts for recommendations: not ignored. */
static inline bool is_open(const assay_finding *finding)
{
	return !finding->ignored;
}

/* A sorted list of distinct strings, borrowed from the findings. */
typedef struct {
	const char **items;
	size_t count;
	size_t capacity;
} string_set;

/* Insert `value` (borrowed) unless present. Returns false on out-of-memory. */
bool string_set_add(string_set *set, const char *value);
void string_set_dispose(string_set *set);

/* The upgrade rule (upgrades.c): one recommendation per package with fixed versions. */
int recommend_upgrades(assay_ctx *ctx);

#endif
