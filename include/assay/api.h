/* SPDX-License-Identifier: Apache-2.0 */
/* The functions of the core that plugins call from their callbacks. */
#ifndef ASSAY_API_H
#define ASSAY_API_H

#include <stdarg.h>

#include "finding.h"
#include "image.h"
#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Every function takes the `ctx` of the running callback; a NULL or stale
 * ctx is a caller bug. Functions that only make sense for some plugin
 * kinds return ASSAY_EINVAL (or NULL) for the others, as noted.
 * Strings passed in are copied; strings returned are borrowed until the
 * run ends unless noted.
 */

/* ---- Errors and logging ---- */

/*
 * Record the error of this callback and return `code`, so a plugin writes
 * `return assay_error(ctx, ASSAY_EPARSE, "...", ...);`. The message is
 * lowercase, without a final period, and states what is wrong and where.
 * In a reader the core prefixes it with the report's path, in other
 * plugins with the plugin's name. The first error of a run wins.
 */
ASSAY_EXPORT int assay_error(assay_ctx *ctx, int code, const char *fmt, ...)
	ASSAY_PRINTF(3, 4);

/* Log one line to stderr, prefixed with the plugin's name. */
ASSAY_EXPORT void assay_log(assay_ctx *ctx, assay_log_level level,
			    const char *fmt, ...) ASSAY_PRINTF(3, 4);

/* Name of the plugin that owns `ctx`. */
ASSAY_EXPORT const char *assay_ctx_plugin_name(const assay_ctx *ctx);

/*
 * Value of a run option, or NULL when unset. The CLI sets these names:
 * threshold-critical, threshold-high, threshold-medium, threshold-low,
 * ignore-file (repeatable), ignore-unfixed, fail-on-new, baseline,
 * dockerfile, no-fail, policy, policy-max-instructions and
 * policy-max-memory; and any KEY given as `--option KEY=VALUE`. A policy
 * may add threshold.<kind>.<severity> limits.
 */
ASSAY_EXPORT const char *assay_option_get(const assay_ctx *ctx, const char *name);

/*
 * The `index`-th value (from 0, in command-line order) of an option given
 * several times, such as ignore-file; NULL past the last one.
 */
ASSAY_EXPORT const char *assay_option_get_nth(const assay_ctx *ctx, const char *name,
					      size_t index);

/* ---- Readers: findings and images ---- */

/*
 * Allocate a finding for this reader, zeroed but for: severity UNKNOWN,
 * known_exploited -1, epss and epss_percentile -1. The finding belongs to
 * the core. Pass it to assay_finding_add or assay_finding_discard.
 * Returns NULL outside a reader or on out-of-memory.
 */
ASSAY_EXPORT assay_finding *assay_finding_new(assay_ctx *ctx);

/*
 * Add a finding to the run; takes it on every path, failure included.
 * The core sets `scanners` to this plugin, `original_severity` to
 * `severity`, fills `image` and `target` from the current image when
 * unset, computes the fingerprint and merges it with an equal finding
 * already present (same kind, id or alias, package, version and place).
 * Returns 0, ASSAY_EINVAL when `id` is missing, or ASSAY_ENOMEM.
 */
ASSAY_EXPORT int assay_finding_add(assay_ctx *ctx, assay_finding *finding);

/* Free a finding that was never added. */
ASSAY_EXPORT void assay_finding_discard(assay_ctx *ctx, assay_finding *finding);

/* Copy `value` into a string field; NULL clears it. Returns 0 or ASSAY_ENOMEM. */
ASSAY_EXPORT int assay_finding_set(assay_ctx *ctx, assay_finding *finding,
				   assay_field field, const char *value);

/* Like assay_finding_set, for `len` bytes that need not end with NUL. */
ASSAY_EXPORT int assay_finding_set_len(assay_ctx *ctx, assay_finding *finding,
				       assay_field field, const char *value,
				       size_t len);

/*
 * Append a copy of `value` to a list field unless the list contains it
 * already. A NULL or empty value is ignored. Returns 0 or ASSAY_ENOMEM.
 */
ASSAY_EXPORT int assay_finding_append(assay_ctx *ctx, assay_finding *finding,
				      assay_list list, const char *value);

/* Append a copy of one source's CVSS data (strings copied). Returns 0 or ASSAY_ENOMEM. */
ASSAY_EXPORT int assay_finding_add_cvss(assay_ctx *ctx, assay_finding *finding,
					const assay_cvss *cvss);

/*
 * Declare the artifact the current report describes and make it the
 * current image: findings added afterwards without an `image` belong to
 * it. An image with the same `image_id`, or else the same `name`, is
 * reused. `name` is required, `image_id` may be NULL. Returns NULL
 * outside a reader or on out-of-memory.
 */
ASSAY_EXPORT assay_image *assay_image_declare(assay_ctx *ctx, const char *name,
					      const char *image_id);

/* Copy `value` into a string field of an image. Returns 0 or ASSAY_ENOMEM. */
ASSAY_EXPORT int assay_image_set(assay_ctx *ctx, assay_image *image,
				 assay_image_field field, const char *value);

/* Append a copy of `value` to a list of an image unless present. */
ASSAY_EXPORT int assay_image_append(assay_ctx *ctx, assay_image *image,
				    assay_image_list list, const char *value);

/* Append one step of the image history. */
ASSAY_EXPORT int assay_image_add_history(assay_ctx *ctx, assay_image *image,
					 const char *created_by, bool empty_layer);

/* ---- Reading the run: analyzers and outputs ---- */

/*
 * The findings of the run after merging. Before outputs run they are
 * sorted by severity (highest first), then kind, id, package and target.
 * Outputs must treat them as read-only.
 */
ASSAY_EXPORT size_t assay_finding_count(const assay_ctx *ctx);
ASSAY_EXPORT assay_finding *assay_finding_at(const assay_ctx *ctx, size_t index);

/* A part of a finding for assay_finding_prefetch to load into the CPU's cache. */
typedef enum {
	ASSAY_PREFETCH_STRUCT = 0,  /* the struct itself */
	ASSAY_PREFETCH_STRINGS = 1, /* the first bytes of its strings, and its list and CVSS arrays */
	ASSAY_PREFETCH_LISTS = 2    /* the strings of its lists and CVSS entries */
} assay_prefetch_part;

/*
 * Ask the CPU to start loading one part of `finding` into its cache (since
 * ABI 1.1). It is a hint only: it changes nothing and returns at once, and
 * NULL is ignored. The core sorts findings after reading them, so a pass in that
 * order finds their memory scattered and waits on nearly every string.
 * Each part needs the one before it in the cache, so at finding i a pass
 * requests the struct of finding i + 3, the strings of i + 2 and the lists
 * of i + 1.
 */
ASSAY_EXPORT void assay_finding_prefetch(const assay_finding *finding, assay_prefetch_part part);

ASSAY_EXPORT size_t assay_image_count(const assay_ctx *ctx);
ASSAY_EXPORT const assay_image *assay_image_at(const assay_ctx *ctx, size_t index);
/* The image a finding belongs to, or NULL. */
ASSAY_EXPORT const assay_image *assay_image_of(const assay_ctx *ctx,
					       const assay_finding *finding);

/* Counts of findings; `total` and `by_severity` leave out ignored ones. */
typedef struct {
	size_t total;
	size_t ignored;
	size_t by_severity[ASSAY_SEVERITY_COUNT];
} assay_counts;

/*
 * Count findings of one scope into `out`. `kind` < 0 means every kind;
 * `image` NULL means every image; `scanner` NULL means every scanner.
 */
ASSAY_EXPORT void assay_count(assay_counts *out, const assay_ctx *ctx, int kind,
			      const assay_image *image, const char *scanner);

/* Names of every input plugin that contributed a finding or an image. */
ASSAY_EXPORT assay_strlist assay_scanner_names(const assay_ctx *ctx);

/* ---- Analyzers: changing findings ---- */

/*
 * Mark a finding ignored. `rule` names the rule, `source` where it came
 * from (a file path, "policy" or "--ignore-unfixed"); `reason` and
 * `expires` (YYYY-MM-DD) may be NULL. A finding already ignored keeps its
 * first rule. Returns 0 or ASSAY_ENOMEM.
 */
ASSAY_EXPORT int assay_finding_ignore(assay_ctx *ctx, assay_finding *finding,
				      const char *rule, const char *reason,
				      const char *source, const char *expires);

/*
 * Change the severity a finding is gated on; `original_severity` keeps the
 * scanner's. `reason` may be NULL. Returns 0 or ASSAY_ENOMEM.
 */
ASSAY_EXPORT int assay_finding_set_severity(assay_ctx *ctx, assay_finding *finding,
					    assay_severity severity,
					    const char *reason);

/* ---- Analyzers: results ---- */

/*
 * One gate check: a threshold or a policy rule, passed or failed. Any
 * failed check fails the gate (exit status 1 unless --no-fail).
 * `name` is stable from run to run (e.g. "threshold.critical"); `image`
 * is NULL for the whole run; `count` and `limit` are -1 when the check is
 * not a count. Strings are copied.
 */
typedef struct {
	const char *name;
	const char *image;
	bool passed;
	long long count;
	long long limit;
	const char *message;
} assay_check;

ASSAY_EXPORT int assay_check_add(assay_ctx *ctx, const assay_check *check);
ASSAY_EXPORT size_t assay_check_count(const assay_ctx *ctx);
/* Borrowed; `source` of the returned check is the plugin that added it. */
ASSAY_EXPORT const assay_check *assay_check_at(const assay_ctx *ctx, size_t index,
					       const char **source);
/* True when no check failed. */
ASSAY_EXPORT bool assay_gate_passed(const assay_ctx *ctx);

/* A recommendation. `priority` is CRITICAL, HIGH, MEDIUM or LOW. Strings are copied. */
typedef struct {
	const char *category;
	const char *priority;
	const char *text;
	const char *rationale;
} assay_recommendation;

ASSAY_EXPORT int assay_recommendation_add(assay_ctx *ctx,
					  const assay_recommendation *rec);
ASSAY_EXPORT size_t assay_recommendation_count(const assay_ctx *ctx);
ASSAY_EXPORT const assay_recommendation *assay_recommendation_at(const assay_ctx *ctx,
								 size_t index);

/*
 * A named result section (for example "compliance" or "quantum") that
 * outputs show: the JSON output writes it under `key` at the top level.
 * Takes `value` on every path; a later call with the same key replaces
 * the earlier value. Returns 0, ASSAY_EINVAL or ASSAY_ENOMEM.
 */
ASSAY_EXPORT int assay_section_set(assay_ctx *ctx, const char *key, cJSON *value);
/* Borrowed until the section is replaced or the run ends; NULL if absent. */
ASSAY_EXPORT const cJSON *assay_section_get(const assay_ctx *ctx, const char *key);
ASSAY_EXPORT size_t assay_section_count(const assay_ctx *ctx);
ASSAY_EXPORT const cJSON *assay_section_at(const assay_ctx *ctx, size_t index,
					   const char **key);

/* ---- Policy ---- */

/*
 * The value of a global of the run's Lua policy (for example "ignore",
 * "quantum_packages" or "thresholds") converted to JSON: tables with keys
 * 1..n become arrays, other tables objects, assay.null becomes null.
 * Returns NULL when the run has no policy or the policy does not set it.
 * Borrowed until the run ends.
 */
ASSAY_EXPORT const cJSON *assay_policy_value(const assay_ctx *ctx, const char *name);

/* Path of the run's policy file, or NULL when there is none. */
ASSAY_EXPORT const char *assay_policy_path(const assay_ctx *ctx);

/* ---- Outputs ---- */

/* The destination path of this output, or "-" for stdout. */
ASSAY_EXPORT const char *assay_output_path(const assay_ctx *ctx);
/* Whether this output writes to a terminal (for colour). */
ASSAY_EXPORT bool assay_output_is_tty(const assay_ctx *ctx);
/* Seconds since the epoch at which the run started. */
ASSAY_EXPORT int64_t assay_run_time(const assay_ctx *ctx);

/* Version of the core, e.g. "0.1.0". */
ASSAY_EXPORT const char *assay_version(void);

#ifdef __cplusplus
}
#endif

#endif
