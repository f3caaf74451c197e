/* SPDX-License-Identifier: Apache-2.0 */
/* Example analyzer: fails the gate when a license finding matches a denylist given as an option. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <assay/assay.h>

#define OPTION_NAME "license-denylist"
#define CHECK_NAME "license.denylist"
#define DENIED_TAG "license-denied"

/* How many denied findings the check's message names before "and N more". */
#define NAMED_MAX 5

/* One pattern of the denylist: a slice of an option value. */
typedef struct {
	const char *text;
	size_t len;
} pattern;

/*
 * Match `text` against a glob, ignoring ASCII case: '*' matches any run of
 * bytes, '?' one byte. On a mismatch after a '*', the star takes one more
 * byte and matching resumes, so the time is bounded by len × strlen(text).
 */
static bool glob_match(const pattern *p, const char *text)
{
	size_t pi = 0;
	size_t ti = 0;
	size_t star = (size_t)-1;
	size_t resume = 0;

	while (text[ti] != '\0') {
		unsigned char pc = pi < p->len ? (unsigned char)p->text[pi] : 0;
		unsigned char tc = (unsigned char)text[ti];

		if (pi < p->len && pc == '*') {
			star = pi++;
			resume = ti;
		} else if (pi < p->len && (pc == '?' || tolower(pc) == tolower(tc))) {
			pi++;
			ti++;
		} else if (star != (size_t)-1) {
			pi = star + 1;
			ti = ++resume;
		} else {
			return false;
		}
	}
	while (pi < p->len && p->text[pi] == '*') {
		pi++;
	}
	return pi == p->len;
}

/*
 * Take the next comma-separated pattern of `*cursor` into `out`, blanks
 * trimmed, and move the cursor past it. Returns false at the end.
 */
static bool next_pattern(pattern *out, const char **cursor)
{
	while (**cursor != '\0') {
		const char *start = *cursor;
		size_t len = strcspn(start, ",");

		*cursor += len + (start[len] == ',');
		while (len > 0 && isspace((unsigned char)start[0])) {
			start++;
			len--;
		}
		while (len > 0 && isspace((unsigned char)start[len - 1])) {
			len--;
		}
		if (len > 0) {
			out->text = start;
			out->len = len;
			return true;
		}
	}
	return false;
}

/* Number of patterns in every license-denylist option of the run. */
static size_t count_patterns(const assay_ctx *ctx)
{
	const char *value = assay_option_get_nth(ctx, OPTION_NAME, 0);
	size_t count = 0;
	size_t n = 0;

	while (value != NULL) {
		pattern p;

		while (next_pattern(&p, &value)) {
			count++;
		}
		value = assay_option_get_nth(ctx, OPTION_NAME, ++n);
	}
	return count;
}

/* Whether a license name matches a pattern of the denylist. */
static bool is_denied(const assay_ctx *ctx, const char *license)
{
	const char *value = assay_option_get_nth(ctx, OPTION_NAME, 0);
	size_t n = 0;

	while (value != NULL) {
		pattern p;

		while (next_pattern(&p, &value)) {
			if (glob_match(&p, license)) {
				return true;
			}
		}
		value = assay_option_get_nth(ctx, OPTION_NAME, ++n);
	}
	return false;
}

/* Place of a license finding for messages: its package, file or target. */
static const char *license_place(const assay_finding *f)
{
	if (f->pkg_name != NULL) {
		return f->pkg_name;
	}
	if (f->file != NULL) {
		return f->file;
	}
	return f->target != NULL ? f->target : "unknown place";
}

/* Append ", LICENSE in PLACE" to `names`; snprintf stops at the end of the buffer. */
static void name_finding(char *names, size_t size, const assay_finding *f)
{
	size_t used = strlen(names);

	snprintf(names + used, size - used, "%s%s in %s", used > 0 ? ", " : "", f->id,
		 license_place(f));
}

/*
 * Tag every license finding that is not ignored and matches the denylist,
 * then add one gate check for the run that fails when any was found. The
 * message reads like the threshold checks: "Denied licenses: 2 > 0 (...)".
 */
static int analyze(assay_ctx *ctx)
{
	char message[1024];
	char names[768] = "";
	size_t total = assay_finding_count(ctx);
	size_t denied = 0;
	size_t i;
	assay_check check = {.name = CHECK_NAME, .limit = 0, .message = message};

	if (assay_option_get(ctx, OPTION_NAME) == NULL) {
		return 0; /* not configured: no check at all */
	}
	if (count_patterns(ctx) == 0) {
		return assay_error(ctx, ASSAY_EINVAL,
				   "empty --option %s: give comma-separated license names or globs, "
				   "e.g. %s=GPL-3.0*,AGPL-*",
				   OPTION_NAME, OPTION_NAME);
	}

	for (i = 0; i < total; i++) {
		assay_finding *f = assay_finding_at(ctx, i);
		int err;

		if (f->kind != ASSAY_KIND_LICENSE || f->ignored || !is_denied(ctx, f->id)) {
			continue;
		}
		err = assay_finding_append(ctx, f, ASSAY_LIST_TAGS, DENIED_TAG);
		if (err != 0) {
			return assay_error(ctx, err, "out of memory");
		}
		if (denied < NAMED_MAX) {
			name_finding(names, sizeof(names), f);
		}
		assay_log(ctx, ASSAY_LOG_INFO, "denied license %s in %s", f->id, license_place(f));
		denied++;
	}

	if (denied == 0) {
		snprintf(message, sizeof(message), "Denied licenses: 0 <= 0");
	} else if (denied <= NAMED_MAX) {
		snprintf(message, sizeof(message), "Denied licenses: %zu > 0 (%s)", denied, names);
	} else {
		snprintf(message, sizeof(message), "Denied licenses: %zu > 0 (%s and %zu more)",
			 denied, names, denied - NAMED_MAX);
	}
	check.passed = denied == 0;
	check.count = (long long)denied;
	return assay_check_add(ctx, &check);
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_ANALYZER,
	.name = "license-denylist",
	.version = "1.0.0",
	.summary = "fails the gate on license findings that match --option license-denylist=GLOBS",
	.stage = ASSAY_STAGE_EVALUATE,
	.analyze = analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
