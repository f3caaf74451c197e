/* SPDX-License-Identifier: Apache-2.0 */
/* Ignore rules from the Lua policy (`ignore`) and the fields it requires of every rule
 * (`ignore_requires`). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"

/* Record a policy error prefixed with the policy's path. */
static int policy_fail(rule_set *set, const char *fmt, ...) ASSAY_PRINTF(2, 3);

static int policy_fail(rule_set *set, const char *fmt, ...)
{
	const char *path = assay_policy_path(set->ctx);
	char message[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	return assay_error(set->ctx, ASSAY_EPOLICY, "%s: %s", path != NULL ? path : "policy",
			   message);
}

static const char *json_type_name(const cJSON *item)
{
	if (cJSON_IsString(item)) {
		return "a string";
	}
	if (cJSON_IsNumber(item)) {
		return "a number";
	}
	if (cJSON_IsBool(item)) {
		return "a boolean";
	}
	if (cJSON_IsArray(item)) {
		return "a list";
	}
	if (cJSON_IsObject(item)) {
		return "a table";
	}
	return "null";
}

/* Whether a policy value is an empty Lua table, which the bridge may give as [] or {}. */
static bool is_empty_table(const cJSON *item)
{
	return (cJSON_IsArray(item) || cJSON_IsObject(item)) && item->child == NULL;
}

static const char *const rule_keys[] = {"id",	 "package", "purl",  "version", "path",
					"image", "reason",  "owner", "expires", "kind"};

#define RULE_KEY_COUNT (sizeof(rule_keys) / sizeof(rule_keys[0]))

/* The field of `rule` that stores the key at `index` of rule_keys, or NULL for "kind". */
static char **rule_field(ignore_rule *rule, size_t index)
{
	char **fields[RULE_KEY_COUNT] = {
	    &rule->id,	  &rule->package, &rule->purl,	&rule->version, &rule->path,
	    &rule->image, &rule->reason,  &rule->owner, &rule->expires, NULL};

	return fields[index];
}

static int read_kind(rule_set *set, ignore_rule *rule, size_t number, const char *value)
{
	assay_kind kind;

	for (kind = ASSAY_KIND_VULNERABILITY; kind < ASSAY_KIND_COUNT; kind++) {
		if (strcmp(value, assay_kind_name(kind)) == 0) {
			rule->kinds = IGNORE_KIND_BIT(kind);
			return 0;
		}
	}
	return policy_fail(set,
			   "ignore[%zu].kind must be vulnerability, misconfiguration, secret or "
			   "license, not '%s'",
			   number, value);
}

static int read_field(rule_set *set, ignore_rule *rule, size_t number, const cJSON *item)
{
	char **slot;
	size_t i;

	for (i = 0; i < RULE_KEY_COUNT; i++) {
		if (strcmp(item->string, rule_keys[i]) == 0) {
			break;
		}
	}
	if (i == RULE_KEY_COUNT) {
		return policy_fail(
		    set,
		    "ignore[%zu] has an unknown key '%s' (expected id, package, purl, "
		    "version, path, image, reason, owner, expires or kind)",
		    number, item->string);
	}
	if (cJSON_IsNull(item)) {
		return 0;
	}
	if (!cJSON_IsString(item)) {
		return policy_fail(set, "ignore[%zu].%s must be a string, not %s", number,
				   item->string, json_type_name(item));
	}
	slot = rule_field(rule, i);
	if (slot == NULL) {
		return read_kind(set, rule, number, item->valuestring);
	}
	*slot = strdup(item->valuestring);
	return *slot != NULL ? 0 : assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
}

/* Check the fields that have a format: the expiry date and the package URL. */
static int check_rule(rule_set *set, ignore_rule *rule, size_t number)
{
	purl_parts parts;
	int err;

	/* A package given as a purl is compared as one. */
	if (rule->package != NULL && rule->purl == NULL && strncmp(rule->package, "pkg:", 4) == 0) {
		rule->purl = rule->package;
		rule->package = NULL;
	}
	if (rule->id == NULL && rule->package == NULL && rule->purl == NULL) {
		return policy_fail(set, "ignore[%zu] needs an id, a package or a purl", number);
	}
	if (rule->expires != NULL && ignore_parse_date(rule->expires, &rule->expires_at) != 0) {
		return policy_fail(set, "ignore[%zu].expires must be a date YYYY-MM-DD, not '%s'",
				   number, rule->expires);
	}
	if (rule->purl == NULL) {
		return 0;
	}
	err = purl_split(&parts, rule->purl);
	purl_parts_dispose(&parts);
	if (err == ASSAY_ENOMEM) {
		return assay_error(set->ctx, err, "out of memory");
	}
	if (err != 0) {
		return policy_fail(set,
				   "ignore[%zu].purl '%s' is not a package URL (pkg:TYPE/NAME...)",
				   number, rule->purl);
	}
	return 0;
}

/* Name a policy rule "<policy> ignore[N]" in messages. */
static int set_policy_label(rule_set *set, ignore_rule *rule, size_t number)
{
	const char *path = assay_policy_path(set->ctx);
	int size = snprintf(NULL, 0, "%s ignore[%zu]", path != NULL ? path : "policy", number);

	rule->label = size >= 0 ? malloc((size_t)size + 1) : NULL;
	if (rule->label == NULL) {
		return assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
	}
	snprintf(rule->label, (size_t)size + 1, "%s ignore[%zu]", path != NULL ? path : "policy",
		 number);
	return 0;
}

static int read_policy_rule(rule_set *set, const cJSON *item, size_t number)
{
	ignore_rule rule = {.kinds = IGNORE_ALL_KINDS, .expires_at = IGNORE_NEVER};
	const cJSON *field;
	int err = 0;

	if (!cJSON_IsObject(item)) {
		return policy_fail(set,
				   "ignore[%zu] must be a table such as {id = \"CVE-...\", reason "
				   "= \"...\"}, not %s",
				   number, json_type_name(item));
	}
	rule.source = strdup("policy");
	if (rule.source == NULL) {
		return assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
	}
	for (field = item->child; field != NULL && err == 0; field = field->next) {
		err = read_field(set, &rule, number, field);
	}
	if (err == 0) {
		err = check_rule(set, &rule, number);
	}
	if (err == 0) {
		err = set_policy_label(set, &rule, number);
	}
	if (err != 0) {
		rule_dispose(&rule);
		return err;
	}
	return rule_set_take(set, &rule);
}

int ignore_load_policy(rule_set *set)
{
	const cJSON *rules = assay_policy_value(set->ctx, "ignore");
	const cJSON *item;
	size_t number = 0;
	int err = 0;

	if (rules == NULL || cJSON_IsNull(rules) || is_empty_table(rules)) {
		return 0;
	}
	if (!cJSON_IsArray(rules)) {
		return policy_fail(set, "'ignore' must be a list of rules, not %s",
				   json_type_name(rules));
	}
	/* Numbered from 1 as Lua numbers the list. */
	for (item = rules->child; item != NULL && err == 0; item = item->next) {
		err = read_policy_rule(set, item, ++number);
	}
	return err;
}

/* ---- Requirements ---- */

typedef struct {
	bool reason;
	bool owner;
	bool expires;
} requirements;

static int require_field(rule_set *set, requirements *out, const char *name, bool on)
{
	if (strcmp(name, "reason") == 0) {
		out->reason = on;
	} else if (strcmp(name, "owner") == 0) {
		out->owner = on;
	} else if (strcmp(name, "expires") == 0) {
		out->expires = on;
	} else {
		return policy_fail(set,
				   "ignore_requires names an unknown field '%s' (expected reason, "
				   "owner or expires)",
				   name);
	}
	return 0;
}

/* Read {reason = true, ...} or the list form {"reason", "owner"}. */
static int read_requirements(rule_set *set, const cJSON *value, requirements *out)
{
	const cJSON *item;
	int err = 0;

	if (cJSON_IsArray(value)) {
		for (item = value->child; item != NULL && err == 0; item = item->next) {
			err = cJSON_IsString(item)
				  ? require_field(set, out, item->valuestring, true)
				  : policy_fail(set, "ignore_requires lists %s, not a field name",
						json_type_name(item));
		}
		return err;
	}
	if (!cJSON_IsObject(value)) {
		return policy_fail(
		    set,
		    "ignore_requires must be a table such as {reason = true, owner = "
		    "true, expires = true}, not %s",
		    json_type_name(value));
	}
	for (item = value->child; item != NULL && err == 0; item = item->next) {
		err = cJSON_IsBool(item)
			  ? require_field(set, out, item->string, cJSON_IsTrue(item))
			  : policy_fail(set, "ignore_requires.%s must be true or false, not %s",
					item->string, json_type_name(item));
	}
	return err;
}

/* The name messages give a rule: its id, else its package, purl or path. */
static const char *rule_name(const ignore_rule *rule)
{
	if (rule->id != NULL) {
		return rule->id;
	}
	if (rule->package != NULL) {
		return rule->package;
	}
	if (rule->purl != NULL) {
		return rule->purl;
	}
	if (rule->path != NULL) {
		return rule->path;
	}
	return rule->fix_state != NULL ? rule->fix_state : "?";
}

int ignore_check_requirements(rule_set *set)
{
	const cJSON *value = assay_policy_value(set->ctx, "ignore_requires");
	requirements required = {false, false, false};
	size_t i;
	int err;

	if (value == NULL || cJSON_IsNull(value)) {
		return 0;
	}
	err = read_requirements(set, value, &required);
	for (i = 0; i < set->count && err == 0; i++) {
		const ignore_rule *rule = &set->items[i];
		const char *missing = NULL;

		if (required.reason && rule->reason == NULL) {
			missing = "reason";
		} else if (required.owner && rule->owner == NULL) {
			missing = "owner";
		} else if (required.expires && rule->expires == NULL) {
			missing = "expires";
		}
		if (missing != NULL) {
			err =
			    assay_error(set->ctx, ASSAY_EPOLICY,
					"%s: ignore rule '%s' has no %s, which the policy requires "
					"(ignore_requires.%s)",
					rule->label, rule_name(rule), missing, missing);
		}
	}
	return err;
}
