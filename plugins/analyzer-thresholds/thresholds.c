/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that gates the run on the number of vulnerabilities of each severity. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <assay/assay.h>

/* Severities with a limit, in the order their checks are added. */
#define GATED_COUNT 4

/*
 * The limit "none": the severity is not gated and gets no check. `assay
 * analyze` sets threshold-low to it because the Python analyzer it
 * replaces never checked LOW.
 */
#define LIMIT_NONE (-1LL)

typedef struct {
	assay_severity severity;
	const char *option;     /* run option with the limit */
	const char *check_name; /* stable name of the gate check */
	const char *label;      /* start of the message, as the Python analyzer wrote it */
	long long fallback;     /* limit when the option is unset */
} gated_severity;

static const gated_severity gated[GATED_COUNT] = {
	{ASSAY_SEVERITY_CRITICAL, "threshold-critical", "threshold.critical",
	 "Critical vulnerabilities", 0},
	{ASSAY_SEVERITY_HIGH, "threshold-high", "threshold.high", "High vulnerabilities", 5},
	{ASSAY_SEVERITY_MEDIUM, "threshold-medium", "threshold.medium", "Medium vulnerabilities",
	 20},
	{ASSAY_SEVERITY_LOW, "threshold-low", "threshold.low", "Low vulnerabilities", 50},
};

/* The outcome of one limit, ready to become an assay_check. */
typedef struct {
	bool passed;
	long long count;
	long long limit;
	char message[1024]; /* room for a long image reference */
} limit_result;

/*
 * Parse a limit into `out`, or use `fallback` when `text` is NULL. Only
 * ASCII digits are accepted: no sign, no spaces, no empty string. A value
 * above LLONG_MAX saturates, because no count can reach such a limit.
 * "none" gives LIMIT_NONE. Returns 0 or ASSAY_EINVAL.
 */
static int parse_limit(long long *out, const char *text, long long fallback)
{
	long long value = 0;
	size_t i;

	if (text == NULL) {
		*out = fallback;
		return 0;
	}
	if (strcmp(text, "none") == 0) {
		*out = LIMIT_NONE;
		return 0;
	}
	if (text[0] == '\0') {
		return ASSAY_EINVAL;
	}
	for (i = 0; text[i] != '\0'; i++) {
		int digit;

		if (text[i] < '0' || text[i] > '9') {
			return ASSAY_EINVAL;
		}
		digit = text[i] - '0';
		if (value > (LLONG_MAX - digit) / 10) {
			value = LLONG_MAX;
		} else {
			value = value * 10 + digit;
		}
	}
	*out = value;
	return 0;
}

/*
 * Compare `count` with `limit`: the check passes when count <= limit.
 * `image` names the image of a per-image check and is NULL for the run.
 * The message starts "<label>: <count> > <limit>" on failure and
 * "<label>: <count> <= <limit>" otherwise, which pipelines grep for.
 */
static void evaluate_limit(limit_result *out, const char *label, size_t count, long long limit,
			   const char *image)
{
	const char *relation;

	out->count = count > (size_t)LLONG_MAX ? LLONG_MAX : (long long)count;
	out->limit = limit;
	out->passed = out->count <= limit;
	relation = out->passed ? "<=" : ">";
	if (image != NULL) {
		snprintf(out->message, sizeof(out->message), "%s: %lld %s %lld (image %s)", label,
			 out->count, relation, limit, image);
	} else {
		snprintf(out->message, sizeof(out->message), "%s: %lld %s %lld", label, out->count,
			 relation, limit);
	}
}

/* Whether a boolean run option is on: set to anything but "", "0" or "false". */
static bool option_is_on(const assay_ctx *ctx, const char *name)
{
	const char *value = assay_option_get(ctx, name);

	if (value == NULL || value[0] == '\0') {
		return false;
	}
	return strcmp(value, "0") != 0 && strcmp(value, "false") != 0;
}

/* Read the four limits from the run options into `limits`. Returns 0 or ASSAY_EINVAL. */
static int read_limits(assay_ctx *ctx, long long limits[GATED_COUNT])
{
	size_t i;

	for (i = 0; i < GATED_COUNT; i++) {
		const char *text = assay_option_get(ctx, gated[i].option);

		if (parse_limit(&limits[i], text, gated[i].fallback) != 0) {
			return assay_error(ctx, ASSAY_EINVAL,
					   "invalid --%s value '%s': expected a whole number of 0 "
					   "or more",
					   gated[i].option, text);
		}
	}
	return 0;
}

/*
 * Count by severity the vulnerabilities of `image` (NULL for every image)
 * that are not ignored. With `only_new`, only findings that the baseline
 * marked new are counted.
 */
static void count_gated(size_t by_severity[ASSAY_SEVERITY_COUNT], const assay_ctx *ctx,
			const assay_image *image, bool only_new)
{
	assay_counts counts;
	size_t i;
	size_t n;

	if (!only_new) {
		assay_count(&counts, ctx, ASSAY_KIND_VULNERABILITY, image, NULL);
		memcpy(by_severity, counts.by_severity, sizeof(counts.by_severity));
		return;
	}

	memset(by_severity, 0, sizeof(size_t) * ASSAY_SEVERITY_COUNT);
	n = assay_finding_count(ctx);
	for (i = 0; i < n; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);

		if (finding->kind != ASSAY_KIND_VULNERABILITY || finding->ignored ||
		    finding->baseline != ASSAY_BASELINE_NEW) {
			continue;
		}
		if (image != NULL && assay_image_of(ctx, finding) != image) {
			continue;
		}
		if ((unsigned)finding->severity < ASSAY_SEVERITY_COUNT) {
			by_severity[finding->severity]++;
		}
	}
}

/* Add the four checks of one scope: the whole run when `image` is NULL. */
static int add_checks(assay_ctx *ctx, const long long limits[GATED_COUNT],
		      const assay_image *image, bool only_new)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT];
	const char *image_name = image != NULL ? image->name : NULL;
	size_t i;

	count_gated(by_severity, ctx, image, only_new);
	for (i = 0; i < GATED_COUNT; i++) {
		limit_result result;
		assay_check check;
		int err;

		if (limits[i] == LIMIT_NONE) {
			continue;
		}
		evaluate_limit(&result, gated[i].label, by_severity[gated[i].severity], limits[i],
			       image_name);
		check.name = gated[i].check_name;
		check.image = image_name;
		check.passed = result.passed;
		check.count = result.count;
		check.limit = result.limit;
		check.message = result.message;
		err = assay_check_add(ctx, &check);
		if (err != 0) {
			return err;
		}
	}
	return 0;
}

static int thresholds_analyze(assay_ctx *ctx)
{
	long long limits[GATED_COUNT];
	bool only_new;
	size_t images;
	size_t i;
	int err;

	err = read_limits(ctx, limits);
	if (err != 0) {
		return err;
	}

	/* Without a baseline no finding is marked new, so the gate could never fail. */
	only_new = option_is_on(ctx, "fail-on-new");
	if (only_new && assay_option_get(ctx, "baseline") == NULL) {
		return assay_error(ctx, ASSAY_EINVAL,
				   "--fail-on-new needs a baseline: pass --baseline FILE");
	}

	err = add_checks(ctx, limits, NULL, only_new);
	if (err != 0) {
		return err;
	}

	/* With several images each one is gated on its own as well as the run as a whole. */
	images = assay_image_count(ctx);
	for (i = 0; images > 1 && i < images; i++) {
		err = add_checks(ctx, limits, assay_image_at(ctx, i), only_new);
		if (err != 0) {
			return err;
		}
	}
	return 0;
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_ANALYZER,
	.name = "thresholds",
	.version = "0.1.0",
	.summary = "fail the gate when vulnerabilities of a severity exceed their limit",
	.stage = ASSAY_STAGE_EVALUATE,
	.analyze = thresholds_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
