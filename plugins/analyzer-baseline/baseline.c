/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that marks findings new or known against an earlier analysis and lists the fixed ones.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"

/* Whether a boolean run option is on: set to anything but "", "0" or "false". */
static bool option_is_on(const assay_ctx *ctx, const char *name)
{
	const char *value = assay_option_get(ctx, name);

	if (value == NULL || value[0] == '\0') {
		return false;
	}
	return strcmp(value, "0") != 0 && strcmp(value, "false") != 0;
}

/* Mark every entry of the chain that starts at `first` as still present. */
static void mark_present(baseline *b, size_t first)
{
	size_t i;

	for (i = first; i != SIZE_MAX; i = b->entries[i].next) {
		b->entries[i].present = true;
	}
}

/*
 * Decide one finding. The fingerprint decides; an entry of the baseline
 * that has none is matched on kind, id, package, version and target.
 * Returns 0 or ASSAY_ENOMEM.
 */
static int classify(assay_ctx *ctx, baseline *b, assay_finding *finding)
{
	size_t match = baseline_find(b, &b->by_fingerprint, finding->fingerprint);
	char *identity = NULL;

	if (match == SIZE_MAX && b->without_fingerprint > 0) {
		identity =
		    baseline_identity(assay_kind_name(finding->kind), finding->id,
				      finding->pkg_name, finding->pkg_version, finding->target);
		if (identity == NULL) {
			return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
		match = baseline_find(b, &b->by_identity, identity);
		free(identity);
	}
	/* NOTE: api.h has no setter for the baseline state, so it is written in place. */
	if (match == SIZE_MAX) {
		finding->baseline = ASSAY_BASELINE_NEW;
		return 0;
	}
	finding->baseline = ASSAY_BASELINE_KNOWN;
	mark_present(b, match);
	return 0;
}

static cJSON *string_or_null(const char *text)
{
	return text != NULL ? cJSON_CreateString(text) : cJSON_CreateNull();
}

/* One fixed finding as the section lists it. */
static cJSON *fixed_json(const baseline_entry *entry)
{
	cJSON *object = cJSON_CreateObject();

	if (object == NULL) {
		return NULL;
	}
	if (!cJSON_AddItemToObject(object, "id", string_or_null(entry->id)) ||
	    !cJSON_AddItemToObject(object, "kind", string_or_null(entry->kind)) ||
	    !cJSON_AddItemToObject(object, "package", string_or_null(entry->package)) ||
	    !cJSON_AddItemToObject(object, "version", string_or_null(entry->version)) ||
	    !cJSON_AddItemToObject(object, "severity", string_or_null(entry->severity)) ||
	    !cJSON_AddItemToObject(object, "fingerprint", string_or_null(entry->fingerprint)) ||
	    !cJSON_AddItemToObject(object, "target", string_or_null(entry->target))) {
		cJSON_Delete(object);
		return NULL;
	}
	return object;
}

/*
 * The "baseline" section: the file, the counts of new and known findings
 * of this run (ignored ones included) and the baseline's findings that
 * this run no longer has.
 */
static cJSON *section_json(const char *path, const baseline *b, size_t new_count,
			   size_t known_count)
{
	cJSON *section = cJSON_CreateObject();
	cJSON *fixed = cJSON_CreateArray();
	size_t fixed_count = 0;
	size_t i;
	bool ok = section != NULL && fixed != NULL;

	for (i = 0; ok && i < b->count; i++) {
		cJSON *item = NULL;

		if (b->entries[i].present) {
			continue;
		}
		item = fixed_json(&b->entries[i]);
		ok = item != NULL && cJSON_AddItemToArray(fixed, item);
		if (!ok) {
			cJSON_Delete(item);
		}
		fixed_count++;
	}
	ok = ok && cJSON_AddItemToObject(section, "file", cJSON_CreateString(path)) &&
	     cJSON_AddItemToObject(section, "new", cJSON_CreateNumber((double)new_count)) &&
	     cJSON_AddItemToObject(section, "known", cJSON_CreateNumber((double)known_count)) &&
	     cJSON_AddItemToObject(section, "fixed", cJSON_CreateNumber((double)fixed_count));
	if (ok && cJSON_AddItemToObject(section, "fixed_findings", fixed)) {
		return section;
	}
	cJSON_Delete(fixed);
	cJSON_Delete(section);
	return NULL;
}

static int baseline_analyze(assay_ctx *ctx)
{
	const char *path = assay_option_get(ctx, "baseline");
	size_t count = assay_finding_count(ctx);
	size_t new_count = 0;
	cJSON *section = NULL;
	baseline b;
	size_t i;
	int err;

	/* Without a baseline no finding is new, so a gate on new findings could never fail. */
	if (path == NULL || path[0] == '\0') {
		if (option_is_on(ctx, "fail-on-new")) {
			return assay_error(ctx, ASSAY_EINVAL,
					   "--fail-on-new needs --baseline FILE: give the JSON "
					   "analysis of an earlier run to compare with");
		}
		return 0;
	}

	err = baseline_load(ctx, path, &b);
	if (err != 0) {
		return err;
	}
	for (i = 0; err == 0 && i < count; i++) {
		assay_finding *finding = assay_finding_at(ctx, i);

		err = classify(ctx, &b, finding);
		new_count += finding->baseline == ASSAY_BASELINE_NEW;
	}
	if (err == 0) {
		section = section_json(path, &b, new_count, count - new_count);
		err = section != NULL ? assay_section_set(ctx, "baseline", section)
				      : assay_error(ctx, ASSAY_ENOMEM, "out of memory");
	}
	baseline_dispose(&b);
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_ANALYZER,
    .name = "baseline",
    .version = "0.1.0",
    .summary = "mark findings new or known against an earlier JSON analysis (--baseline)",
    .stage = ASSAY_STAGE_ENRICH,
    .analyze = baseline_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
