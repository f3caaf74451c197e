/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that applies ignore rules with expiry and reports each rule's use in the "ignore"
 * section. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"

#define SECONDS_PER_DAY 86400
#define DEFAULT_WARNING_DAYS 14
/* Lines logged per status before the rest are only counted; the section lists them all. */
#define MAX_LOGGED_RULES 10

/* The instant rules are judged at and the window of "expiring". */
typedef struct {
	int64_t now;
	int64_t warning_days;
} expiry_clock;

static bool option_is_on(const assay_ctx *ctx, const char *name)
{
	const char *value = assay_option_get(ctx, name);

	return value != NULL && value[0] != '\0' && strcmp(value, "0") != 0 &&
	       strcmp(value, "false") != 0;
}

/* Parse "HH:MM:SSZ" into seconds of the day. Returns 0 or -1. */
static int parse_time_of_day(const char *text, int64_t *out)
{
	int parts[3];
	int i;

	if (strlen(text) != 9 || text[2] != ':' || text[5] != ':' || text[8] != 'Z') {
		return -1;
	}
	for (i = 0; i < 3; i++) {
		const char *digits = text + i * 3;

		if (digits[0] < '0' || digits[0] > '9' || digits[1] < '0' || digits[1] > '9') {
			return -1;
		}
		parts[i] = (digits[0] - '0') * 10 + (digits[1] - '0');
	}
	if (parts[0] > 23 || parts[1] > 59 || parts[2] > 59) {
		return -1;
	}
	*out = (int64_t)parts[0] * 3600 + parts[1] * 60 + parts[2];
	return 0;
}

/* "YYYY-MM-DD" (00:00 UTC) or "YYYY-MM-DDTHH:MM:SSZ". Returns 0 or -1. */
static int parse_instant(const char *text, int64_t *out)
{
	char date[11];
	int64_t day = 0;
	int64_t seconds = 0;
	size_t len = strlen(text);

	if (len != 10 && (len != 20 || text[10] != 'T')) {
		return -1;
	}
	memcpy(date, text, 10);
	date[10] = '\0';
	if (ignore_parse_date(date, &day) != 0) {
		return -1;
	}
	if (len == 20 && parse_time_of_day(text + 11, &seconds) != 0) {
		return -1;
	}
	*out = day + seconds;
	return 0;
}

static int read_clock(assay_ctx *ctx, expiry_clock *out)
{
	const char *today = assay_option_get(ctx, "today");
	const char *days = assay_option_get(ctx, "ignore-expiry-warning-days");
	char *end = NULL;
	long long value;

	out->now = assay_run_time(ctx);
	out->warning_days = DEFAULT_WARNING_DAYS;
	if (today != NULL && parse_instant(today, &out->now) != 0) {
		return assay_error(ctx, ASSAY_EINVAL,
				   "invalid --option today='%s': expected YYYY-MM-DD or "
				   "YYYY-MM-DDTHH:MM:SSZ (UTC)",
				   today);
	}
	if (days == NULL) {
		return 0;
	}
	value = days[0] >= '0' && days[0] <= '9' ? strtoll(days, &end, 10) : -1;
	if (value < 0 || value > 36500 || end == NULL || *end != '\0') {
		return assay_error(ctx, ASSAY_EINVAL,
				   "invalid --option ignore-expiry-warning-days='%s': expected a "
				   "whole number of days from 0 to 36500",
				   days);
	}
	out->warning_days = value;
	return 0;
}

/* Mark the rules past their expiry before matching, and compute the days each has left. */
static void mark_expired(rule_set *set, const expiry_clock *clock)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		ignore_rule *rule = &set->items[i];
		int64_t remaining;

		rule->status = RULE_ACTIVE;
		rule->days_left = -1;
		if (rule->expires_at == IGNORE_NEVER) {
			continue;
		}
		/* Whole days, rounded up: a rule that ends tomorrow at 00:00 has 1 day left. */
		remaining = rule->expires_at - clock->now;
		rule->days_left = remaining > 0
				      ? (remaining + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY
				      : -((-remaining) / SECONDS_PER_DAY);
		if (clock->now >= rule->expires_at) {
			rule->status = RULE_EXPIRED;
		}
	}
}

/*
 * Give every rule its final status. An expired rule stays expired; a rule
 * that matched nothing is unused; a rule in use that ends within the
 * window is expiring.
 */
static void finish_statuses(rule_set *set, const expiry_clock *clock)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		ignore_rule *rule = &set->items[i];

		if (rule->status == RULE_EXPIRED) {
			continue;
		}
		if (rule->matches == 0) {
			rule->status = RULE_UNUSED;
		} else if (rule->expires_at != IGNORE_NEVER &&
			   rule->days_left <= clock->warning_days) {
			rule->status = RULE_EXPIRING;
		}
	}
}

static const char *status_name(rule_status status)
{
	switch (status) {
	case RULE_EXPIRED:
		return "expired";
	case RULE_EXPIRING:
		return "expiring";
	case RULE_UNUSED:
		return "unused";
	default:
		return "active";
	}
}

static void log_rule(assay_ctx *ctx, const ignore_rule *rule)
{
	char *text = ignore_rule_text(rule);
	const char *name = text != NULL ? text : "?";

	if (rule->status == RULE_EXPIRED) {
		assay_log(ctx, ASSAY_LOG_WARN,
			  "ignore rule '%s' (%s) expired on %s and no longer ignores findings; it "
			  "matches %zu",
			  name, rule->label, rule->expires, rule->matches);
	} else if (rule->status == RULE_EXPIRING) {
		assay_log(ctx, ASSAY_LOG_WARN,
			  "ignore rule '%s' (%s) expires on %s, in %lld day(s); it ignores %zu "
			  "finding(s) until then",
			  name, rule->label, rule->expires, (long long)rule->days_left,
			  rule->matches);
	} else if (rule->status == RULE_UNUSED) {
		assay_log(ctx, ASSAY_LOG_INFO, "ignore rule '%s' (%s) matches no finding", name,
			  rule->label);
	}
	free(text);
}

/* Log the expired, expiring and unused rules, MAX_LOGGED_RULES of each status at most. */
static void log_statuses(assay_ctx *ctx, const rule_set *set, const size_t counts[4])
{
	size_t logged[4] = {0, 0, 0, 0};
	rule_status status;
	size_t i;

	for (i = 0; i < set->count; i++) {
		status = set->items[i].status;
		if (status != RULE_ACTIVE && logged[status]++ < MAX_LOGGED_RULES) {
			log_rule(ctx, &set->items[i]);
		}
	}
	for (status = RULE_EXPIRING; status <= RULE_EXPIRED; status++) {
		if (counts[status] > MAX_LOGGED_RULES) {
			assay_log(ctx, status == RULE_UNUSED ? ASSAY_LOG_INFO : ASSAY_LOG_WARN,
				  "%zu more %s ignore rules are listed in the ignore section",
				  counts[status] - MAX_LOGGED_RULES, status_name(status));
		}
	}
}

/* ---- The "ignore" section ---- */

static bool put_string(cJSON *object, const char *key, const char *value)
{
	cJSON *item = value != NULL ? cJSON_CreateString(value) : cJSON_CreateNull();

	return item != NULL && cJSON_AddItemToObject(object, key, item);
}

static bool put_number(cJSON *object, const char *key, double value)
{
	return cJSON_AddNumberToObject(object, key, value) != NULL;
}

static cJSON *rule_to_json(const ignore_rule *rule)
{
	cJSON *object = cJSON_CreateObject();
	const char *kind = NULL;
	bool ok = object != NULL;
	assay_kind k;

	for (k = ASSAY_KIND_VULNERABILITY; k < ASSAY_KIND_COUNT; k++) {
		if (rule->kinds == IGNORE_KIND_BIT(k)) {
			kind = assay_kind_name(k);
		}
	}
	ok = ok && put_string(object, "source", rule->source);
	ok = ok && (rule->line > 0 ? put_number(object, "line", rule->line)
				   : cJSON_AddNullToObject(object, "line") != NULL);
	ok = ok && put_string(object, "id", rule->id) &&
	     put_string(object, "package", rule->package);
	ok = ok && put_string(object, "purl", rule->purl) &&
	     put_string(object, "version", rule->version);
	ok = ok && put_string(object, "path", rule->path) &&
	     put_string(object, "image", rule->image);
	ok = ok && put_string(object, "kind", kind) &&
	     put_string(object, "fix_state", rule->fix_state);
	ok = ok && put_string(object, "package_type", rule->package_type);
	ok = ok && put_string(object, "reason", rule->reason) &&
	     put_string(object, "owner", rule->owner);
	ok = ok && put_string(object, "expires", rule->expires);
	ok = ok && (rule->expires != NULL ? put_number(object, "days_left", (double)rule->days_left)
					  : cJSON_AddNullToObject(object, "days_left") != NULL);
	ok = ok && put_string(object, "status", status_name(rule->status));
	ok = ok && put_number(object, "matches", (double)rule->matches);
	if (!ok) {
		cJSON_Delete(object);
		return NULL;
	}
	return object;
}

/* `unfixed` is the count of findings --ignore-unfixed ignored, or -1 when it is off. */
static cJSON *section_json(const rule_set *set, const size_t counts[4], long long unfixed)
{
	cJSON *section = cJSON_CreateObject();
	cJSON *rules = cJSON_AddArrayToObject(section, "rules");
	bool ok = section != NULL && rules != NULL;
	size_t i;

	for (i = 0; i < set->count && ok; i++) {
		cJSON *rule = rule_to_json(&set->items[i]);

		ok = rule != NULL && cJSON_AddItemToArray(rules, rule);
		if (!ok) {
			cJSON_Delete(rule);
		}
	}
	ok = ok && put_number(section, "expired", (double)counts[RULE_EXPIRED]);
	ok = ok && put_number(section, "expiring", (double)counts[RULE_EXPIRING]);
	ok = ok && put_number(section, "unused", (double)counts[RULE_UNUSED]);
	ok = ok && (unfixed >= 0 ? put_number(section, "unfixed", (double)unfixed)
				 : cJSON_AddNullToObject(section, "unfixed") != NULL);
	if (!ok) {
		cJSON_Delete(section);
		return NULL;
	}
	return section;
}

/* Load the rules of the policy and of every --ignore-file, then check the policy's requirements. */
static int load_rules(assay_ctx *ctx, rule_set *set)
{
	const char *path;
	size_t i;
	int err = ignore_load_policy(set);

	for (i = 0; err == 0; i++) {
		path = assay_option_get_nth(ctx, "ignore-file", i);
		if (path == NULL) {
			break;
		}
		err = ignore_load_file(set, path);
	}
	if (err == 0) {
		err = ignore_check_requirements(set);
	}
	if (err == 0) {
		err = rule_set_prepare(set);
	}
	return err;
}

static int ignore_analyze(assay_ctx *ctx)
{
	expiry_clock clock;
	rule_set set;
	size_t counts[4] = {0, 0, 0, 0};
	size_t unfixed = 0;
	bool ignore_unfixed = option_is_on(ctx, "ignore-unfixed");
	cJSON *section = NULL;
	size_t i;
	int err;

	rule_set_init(&set, ctx);
	err = read_clock(ctx, &clock);
	if (err == 0) {
		err = load_rules(ctx, &set);
	}
	if (err == 0) {
		mark_expired(&set, &clock);
		err = ignore_apply_rules(&set);
	}
	if (err == 0 && ignore_unfixed) {
		err = ignore_apply_unfixed(ctx, &unfixed);
	}
	if (err != 0) {
		goto out;
	}

	finish_statuses(&set, &clock);
	for (i = 0; i < set.count; i++) {
		counts[set.items[i].status]++;
	}
	log_statuses(ctx, &set, counts);
	section = section_json(&set, counts, ignore_unfixed ? (long long)unfixed : -1);
	err = section != NULL ? assay_section_set(ctx, "ignore", section) : ASSAY_ENOMEM;
	if (err != 0) {
		err = assay_error(ctx, err, "out of memory while writing the ignore section");
	}

out:
	rule_set_dispose(&set);
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_ANALYZER,
    .name = "ignore",
    .version = "0.1.0",
    .summary = "ignore findings by policy rules, .trivyignore, .trivyignore.yaml, .grype.yaml "
	       "and --ignore-unfixed, with expiry",
    .stage = ASSAY_STAGE_FILTER,
    .analyze = ignore_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
