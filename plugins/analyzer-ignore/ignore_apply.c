/* SPDX-License-Identifier: Apache-2.0 */
/* Applying ignore rules to the findings through an index of rule ids, and --ignore-unfixed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ignore.h"

/*
 * Rules with an id are sorted by id (case-folded), so a binary search on a
 * finding's id and aliases finds the rules that can match it. Rules
 * without an id are tried on every finding.
 */
typedef struct {
	const char *id;
	size_t rule; /* position in the rule set */
} id_entry;

typedef struct {
	id_entry *by_id;
	size_t id_count;
	size_t *without_id;
	size_t without_count;
	size_t *stamp; /* per rule: 1 + the index of the finding that last counted it */
} rule_index;

static int compare_entries(const void *a, const void *b)
{
	const id_entry *left = a;
	const id_entry *right = b;
	int order = strcasecmp(left->id, right->id);

	if (order != 0) {
		return order;
	}
	/* Equal ids keep load order: qsort is not stable. */
	return left->rule < right->rule ? -1 : 1;
}

static void index_dispose(rule_index *index)
{
	free(index->by_id);
	free(index->without_id);
	free(index->stamp);
	memset(index, 0, sizeof(*index));
}

static int index_build(rule_index *index, const rule_set *set)
{
	size_t n = set->count != 0 ? set->count : 1;
	size_t i;

	memset(index, 0, sizeof(*index));
	index->by_id = malloc(n * sizeof(*index->by_id));
	index->without_id = malloc(n * sizeof(size_t));
	index->stamp = calloc(n, sizeof(size_t));
	if (index->by_id == NULL || index->without_id == NULL || index->stamp == NULL) {
		index_dispose(index);
		return ASSAY_ENOMEM;
	}
	for (i = 0; i < set->count; i++) {
		if (set->items[i].id != NULL) {
			index->by_id[index->id_count].id = set->items[i].id;
			index->by_id[index->id_count].rule = i;
			index->id_count++;
		} else {
			index->without_id[index->without_count++] = i;
		}
	}
	qsort(index->by_id, index->id_count, sizeof(*index->by_id), compare_entries);
	return 0;
}

/* The first position in by_id whose id is not below `id`, case-folded. */
static size_t lower_bound(const rule_index *index, const char *id)
{
	size_t low = 0;
	size_t high = index->id_count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (strcasecmp(index->by_id[mid].id, id) < 0) {
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	return low;
}

/* The state of matching one finding. */
typedef struct {
	match_target target;
	purl_parts purl;
	bool purl_tried;
	size_t stamp;
	size_t best; /* index of the first active rule that matched, or SIZE_MAX */
} finding_match;

/* Split the finding's purl the first time a rule needs it. */
static int ensure_purl(finding_match *match)
{
	int err;

	if (match->purl_tried) {
		return 0;
	}
	match->purl_tried = true;
	err = purl_split(&match->purl, match->target.finding->purl);
	if (err == ASSAY_ENOMEM) {
		return err;
	}
	match->target.purl = err == 0 ? &match->purl : NULL;
	return 0;
}

static int try_rule(rule_set *set, rule_index *index, finding_match *match, size_t position)
{
	ignore_rule *rule = &set->items[position];

	if (index->stamp[position] == match->stamp) {
		return 0;
	}
	if ((rule->purl != NULL || rule->package_type != NULL) && ensure_purl(match) != 0) {
		return ASSAY_ENOMEM;
	}
	if (!rule_matches(rule, &match->target)) {
		return 0;
	}
	index->stamp[position] = match->stamp;
	rule->matches++;
	if (rule->status != RULE_EXPIRED && position < match->best) {
		match->best = position;
	}
	return 0;
}

/* Try the rules whose id equals `id` case-folded. */
static int try_id(rule_set *set, rule_index *index, finding_match *match, const char *id)
{
	size_t i;
	int err = 0;

	for (i = lower_bound(index, id);
	     i < index->id_count && strcasecmp(index->by_id[i].id, id) == 0 && err == 0; i++) {
		err = try_rule(set, index, match, index->by_id[i].rule);
	}
	return err;
}

static int match_finding(rule_set *set, rule_index *index, finding_match *match)
{
	const assay_finding *finding = match->target.finding;
	size_t i;
	int err = 0;

	if (finding->id != NULL) {
		err = try_id(set, index, match, finding->id);
	}
	for (i = 0; i < finding->aliases.count && err == 0; i++) {
		err = try_id(set, index, match, finding->aliases.items[i]);
	}
	for (i = 0; i < index->without_count && err == 0; i++) {
		err = try_rule(set, index, match, index->without_id[i]);
	}
	return err;
}

static char *append_text(char *text, const char *key, const char *value)
{
	size_t used = text != NULL ? strlen(text) : 0;
	size_t size = used + strlen(key) + strlen(value) + 3;
	char *grown = realloc(text, size);

	if (grown == NULL) {
		free(text);
		return NULL;
	}
	snprintf(grown + used, size - used, "%s%s%s", used != 0 ? " " : "", key, value);
	return grown;
}

char *ignore_rule_text(const ignore_rule *rule)
{
	const char *keys[] = {
	    "package=", "purl=", "version=", "path=", "image=", "fix-state=", "type="};
	const char *values[] = {rule->package, rule->purl,	rule->version,	   rule->path,
				rule->image,   rule->fix_state, rule->package_type};
	char *text = rule->id != NULL ? strdup(rule->id) : NULL;
	size_t i;

	if (rule->id != NULL && text == NULL) {
		return NULL;
	}
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (values[i] != NULL) {
			text = append_text(text, keys[i], values[i]);
			if (text == NULL) {
				return NULL;
			}
		}
	}
	return text != NULL ? text : strdup("(empty rule)");
}

/* "REASON (owner: OWNER)": the finding model has no owner field, so the reason carries it. */
static char *reason_with_owner(const ignore_rule *rule)
{
	size_t size;
	char *text;

	if (rule->owner == NULL) {
		return rule->reason != NULL ? strdup(rule->reason) : NULL;
	}
	size = strlen(rule->owner) + (rule->reason != NULL ? strlen(rule->reason) : 0) + 16;
	text = malloc(size);
	if (text == NULL) {
		return NULL;
	}
	if (rule->reason != NULL) {
		snprintf(text, size, "%s (owner: %s)", rule->reason, rule->owner);
	} else {
		snprintf(text, size, "owner: %s", rule->owner);
	}
	return text;
}

static int ignore_with(rule_set *set, assay_finding *finding, const ignore_rule *rule)
{
	char *text = ignore_rule_text(rule);
	char *reason = reason_with_owner(rule);
	int err = ASSAY_ENOMEM;

	if (text != NULL && (reason != NULL || (rule->reason == NULL && rule->owner == NULL))) {
		err = assay_finding_ignore(set->ctx, finding, text, reason, rule->source,
					   rule->expires);
	}
	free(reason);
	free(text);
	return err;
}

int ignore_apply_rules(rule_set *set)
{
	size_t count = assay_finding_count(set->ctx);
	rule_index index;
	size_t i;
	int err = 0;

	if (set->count == 0) {
		return 0;
	}
	if (index_build(&index, set) != 0) {
		return assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
	}
	for (i = 0; i < count && err == 0; i++) {
		assay_finding *finding = assay_finding_at(set->ctx, i);
		finding_match match = {
		    .target = {.finding = finding, .image = assay_image_of(set->ctx, finding)},
		    .stamp = i + 1,
		    .best = SIZE_MAX};

		err = match_finding(set, &index, &match);
		if (err == 0 && match.best != SIZE_MAX) {
			err = ignore_with(set, finding, &set->items[match.best]);
		}
		purl_parts_dispose(&match.purl);
	}
	index_dispose(&index);
	if (err != 0) {
		return assay_error(set->ctx, err, "out of memory while applying ignore rules");
	}
	return 0;
}

int ignore_apply_unfixed(assay_ctx *ctx, size_t *count)
{
	size_t n = assay_finding_count(ctx);
	size_t i;

	*count = 0;
	for (i = 0; i < n; i++) {
		assay_finding *finding = assay_finding_at(ctx, i);
		int err;

		if (finding->kind != ASSAY_KIND_VULNERABILITY || finding->ignored ||
		    finding->fix_state == ASSAY_FIX_FIXED || finding->fixed_versions.count != 0) {
			continue;
		}
		err =
		    assay_finding_ignore(ctx, finding, "--ignore-unfixed",
					 "no fixed version is available", "--ignore-unfixed", NULL);
		if (err != 0) {
			return assay_error(ctx, err,
					   "out of memory while applying --ignore-unfixed");
		}
		(*count)++;
	}
	return 0;
}
