/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that gates the run on the number of findings of each kind and severity. */
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
	const char *word;       /* lowercase name in per-kind options and check names */
	const char *title;      /* capitalized name at the start of per-kind messages */
} gated_severity;

static const gated_severity gated[GATED_COUNT] = {
	{ASSAY_SEVERITY_CRITICAL, "threshold-critical", "threshold.critical",
	 "Critical vulnerabilities", 0, "critical", "Critical"},
	{ASSAY_SEVERITY_HIGH, "threshold-high", "threshold.high", "High vulnerabilities", 5, "high",
	 "High"},
	{ASSAY_SEVERITY_MEDIUM, "threshold-medium", "threshold.medium", "Medium vulnerabilities",
	 20, "medium", "Medium"},
	{ASSAY_SEVERITY_LOW, "threshold-low", "threshold.low", "Low vulnerabilities", 50, "low",
	 "Low"},
};

/*
 * Kinds other than vulnerabilities are gated only through the options
 * threshold.<kind>.<severity> (for example threshold.secret.high, which a
 * policy's thresholds set). Each unset severity of such a kind is not
 * checked, so a kind without any of these options is not checked at all.
 */
#define OTHER_KIND_COUNT 3

typedef struct {
	assay_kind kind;
	const char *plural; /* in messages: "High secrets: 1 > 0" */
} other_kind;

static const other_kind other_kinds[OTHER_KIND_COUNT] = {
	{ASSAY_KIND_MISCONFIGURATION, "misconfigurations"},
	{ASSAY_KIND_SECRET, "secrets"},
	{ASSAY_KIND_LICENSE, "licenses"},
};

/* Limits of every kind: vulnerabilities first, then other_kinds in order. */
typedef struct {
	long long vulnerability[GATED_COUNT];
	long long other[OTHER_KIND_COUNT][GATED_COUNT];
} limit_set;

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

/* Read every limit from the run options into `limits`. Returns 0 or ASSAY_EINVAL. */
static int read_limits(assay_ctx *ctx, limit_set *limits)
{
	char option_name[64];
	size_t kind;
	size_t i;

	for (i = 0; i < GATED_COUNT; i++) {
		const char *text = assay_option_get(ctx, gated[i].option);

		if (parse_limit(&limits->vulnerability[i], text, gated[i].fallback) != 0) {
			return assay_error(ctx, ASSAY_EINVAL,
					   "invalid --%s value '%s': expected a whole number of 0 "
					   "or more",
					   gated[i].option, text);
		}
	}
	for (kind = 0; kind < OTHER_KIND_COUNT; kind++) {
		for (i = 0; i < GATED_COUNT; i++) {
			const char *text;

			snprintf(option_name, sizeof(option_name), "threshold.%s.%s",
				 assay_kind_name(other_kinds[kind].kind), gated[i].word);
			text = assay_option_get(ctx, option_name);
			if (parse_limit(&limits->other[kind][i], text, LIMIT_NONE) != 0) {
				return assay_error(ctx, ASSAY_EINVAL,
						   "invalid %s value '%s': expected a whole number "
						   "of 0 or more, or none",
						   option_name, text);
			}
		}
	}
	return 0;
}

/*
 * Count by severity the findings of `kind` and `image` (NULL for every
 * image) that are not ignored. With `only_new`, only findings that the
 * baseline marked new are counted.
 */
static void count_gated(size_t by_severity[ASSAY_SEVERITY_COUNT], const assay_ctx *ctx,
			assay_kind kind, const assay_image *image, bool only_new)
{
	assay_counts counts;
	size_t i;
	size_t n;

	if (!only_new) {
		assay_count(&counts, ctx, (int)kind, image, NULL);
		memcpy(by_severity, counts.by_severity, sizeof(counts.by_severity));
		return;
	}

	memset(by_severity, 0, sizeof(size_t) * ASSAY_SEVERITY_COUNT);
	n = assay_finding_count(ctx);
	for (i = 0; i < n; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);

		if (finding->kind != kind || finding->ignored ||
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

/* Compare one count with its limit and add the check. */
static int add_check(assay_ctx *ctx, const char *name, const char *label, size_t count,
		     long long limit, const char *image_name)
{
	limit_result result;
	assay_check check;

	evaluate_limit(&result, label, count, limit, image_name);
	check.name = name;
	check.image = image_name;
	check.passed = result.passed;
	check.count = result.count;
	check.limit = result.limit;
	check.message = result.message;
	return assay_check_add(ctx, &check);
}

/* Add the per-kind checks of other_kinds[kind] in one scope; severities without a limit are skipped. */
static int add_other_kind_checks(assay_ctx *ctx, size_t kind, const long long limits[GATED_COUNT],
				 const assay_image *image, bool only_new)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT];
	const char *image_name = image != NULL ? image->name : NULL;
	const char *kind_name = assay_kind_name(other_kinds[kind].kind);
	char name[64];
	char label[64];
	size_t i;
	int err;

	count_gated(by_severity, ctx, other_kinds[kind].kind, image, only_new);
	for (i = 0; i < GATED_COUNT; i++) {
		if (limits[i] == LIMIT_NONE) {
			continue;
		}
		snprintf(name, sizeof(name), "threshold.%s.%s", kind_name, gated[i].word);
		snprintf(label, sizeof(label), "%s %s", gated[i].title, other_kinds[kind].plural);
		err = add_check(ctx, name, label, by_severity[gated[i].severity], limits[i],
				image_name);
		if (err != 0) {
			return err;
		}
	}
	return 0;
}

/*
 * Add the checks of one scope, the whole run when `image` is NULL: the
 * four vulnerability checks, then those of other kinds that have limits.
 */
static int add_checks(assay_ctx *ctx, const limit_set *limits, const assay_image *image,
		      bool only_new)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT];
	const char *image_name = image != NULL ? image->name : NULL;
	size_t kind;
	size_t i;
	int err;

	count_gated(by_severity, ctx, ASSAY_KIND_VULNERABILITY, image, only_new);
	for (i = 0; i < GATED_COUNT; i++) {
		if (limits->vulnerability[i] == LIMIT_NONE) {
			continue;
		}
		err = add_check(ctx, gated[i].check_name, gated[i].label,
				by_severity[gated[i].severity], limits->vulnerability[i],
				image_name);
		if (err != 0) {
			return err;
		}
	}
	for (kind = 0; kind < OTHER_KIND_COUNT; kind++) {
		err = add_other_kind_checks(ctx, kind, limits->other[kind], image, only_new);
		if (err != 0) {
			return err;
		}
	}
	return 0;
}

static int thresholds_analyze(assay_ctx *ctx)
{
	limit_set limits;
	bool only_new;
	size_t images;
	size_t i;
	int err;

	err = read_limits(ctx, &limits);
	if (err != 0) {
		return err;
	}

	/* Without a baseline no finding is marked new, so the gate could never fail. */
	only_new = option_is_on(ctx, "fail-on-new");
	if (only_new && assay_option_get(ctx, "baseline") == NULL) {
		return assay_error(ctx, ASSAY_EINVAL,
				   "--fail-on-new needs a baseline: pass --baseline FILE");
	}

	err = add_checks(ctx, &limits, NULL, only_new);
	if (err != 0) {
		return err;
	}

	/* With several images each one is gated on its own as well as the run as a whole. */
	images = assay_image_count(ctx);
	for (i = 0; images > 1 && i < images; i++) {
		err = add_checks(ctx, &limits, assay_image_at(ctx, i), only_new);
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
	.summary = "fail the gate when findings of a kind and severity exceed their limit",
	.stage = ASSAY_STAGE_EVALUATE,
	.analyze = thresholds_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
