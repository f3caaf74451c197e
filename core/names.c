/* SPDX-License-Identifier: Apache-2.0 */
/* Names of severities, kinds and fix states, and the severity word parser. */
#include <string.h>
#include <strings.h>

#include <assay/finding.h>

static const char *const severity_names[ASSAY_SEVERITY_COUNT] = {
	"UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"};

static const char *const kind_names[ASSAY_KIND_COUNT] = {
	"vulnerability", "misconfiguration", "secret", "license"};

static const char *const fix_state_names[] = {"unknown", "fixed", "not-fixed", "wont-fix"};

const char *assay_severity_name(assay_severity severity)
{
	if ((int)severity < 0 || severity >= ASSAY_SEVERITY_COUNT) {
		return "UNKNOWN";
	}
	return severity_names[severity];
}

assay_severity assay_severity_parse(const char *word)
{
	if (!word) {
		return ASSAY_SEVERITY_UNKNOWN;
	}
	if (strcasecmp(word, "critical") == 0) {
		return ASSAY_SEVERITY_CRITICAL;
	}
	if (strcasecmp(word, "high") == 0) {
		return ASSAY_SEVERITY_HIGH;
	}
	if (strcasecmp(word, "medium") == 0 || strcasecmp(word, "moderate") == 0) {
		return ASSAY_SEVERITY_MEDIUM;
	}
	if (strcasecmp(word, "low") == 0 || strcasecmp(word, "negligible") == 0) {
		return ASSAY_SEVERITY_LOW;
	}
	return ASSAY_SEVERITY_UNKNOWN;
}

const char *assay_kind_name(assay_kind kind)
{
	if ((int)kind < 0 || kind >= ASSAY_KIND_COUNT) {
		return "unknown";
	}
	return kind_names[kind];
}

const char *assay_fix_state_name(assay_fix_state state)
{
	if ((int)state < 0 || (size_t)state >= sizeof(fix_state_names) / sizeof(*fix_state_names)) {
		return "unknown";
	}
	return fix_state_names[state];
}

bool assay_strlist_has(const assay_strlist *list, const char *value)
{
	size_t i;

	if (!list || !value) {
		return false;
	}
	for (i = 0; i < list->count; i++) {
		if (strcmp(list->items[i], value) == 0) {
			return true;
		}
	}
	return false;
}
