/* SPDX-License-Identifier: Apache-2.0 */
/* Builds the "compliance" section: statuses, evidence, scores and the Python analyzer's keys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"

/* Evidence items listed per control; the rest are counted in evidence_omitted. */
#define MAX_LISTED_EVIDENCE 20

/* Bytes of a history step quoted as evidence. */
#define MAX_QUOTED_STEP 200

/*
 * An object under construction. `ok` turns false at the first failed
 * allocation, so the caller checks once at the end.
 */
typedef struct {
	cJSON *object;
	bool ok;
} builder;

static void builder_init(builder *b, cJSON *object)
{
	b->object = object;
	b->ok = object != NULL;
}

/* Add `item` under `key`; on any failure free it and mark the builder. */
static void put(builder *b, const char *key, cJSON *item)
{
	if (!b->ok || item == NULL || !cJSON_AddItemToObject(b->object, key, item)) {
		cJSON_Delete(item);
		b->ok = false;
	}
}

static cJSON *builder_finish(builder *b)
{
	if (!b->ok) {
		cJSON_Delete(b->object);
		return NULL;
	}
	return b->object;
}

static cJSON *string_or_null(const char *text)
{
	return text != NULL ? cJSON_CreateString(text) : cJSON_CreateNull();
}

/* Append to an array; on failure free the item and return false. */
static bool append(cJSON *array, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToArray(array, item)) {
		cJSON_Delete(item);
		return false;
	}
	return true;
}

/* The evidence list of one control, capped at MAX_LISTED_EVIDENCE items. */
typedef struct {
	cJSON *items;
	size_t omitted;
	bool ok;
} evidence_list;

static void evidence_add(evidence_list *list, cJSON *item)
{
	if (!list->ok) {
		cJSON_Delete(item);
		return;
	}
	if ((size_t)cJSON_GetArraySize(list->items) >= MAX_LISTED_EVIDENCE) {
		cJSON_Delete(item);
		list->omitted++;
		return;
	}
	list->ok = append(list->items, item);
}

/* "openssl 1.1.1k" for a package, "Dockerfile:12" for a file, else NULL. */
static cJSON *finding_place(const assay_finding *finding)
{
	char text[512];

	if (finding->pkg_name != NULL) {
		snprintf(text, sizeof(text), "%s%s%s", finding->pkg_name,
			 finding->pkg_version != NULL ? " " : "",
			 finding->pkg_version != NULL ? finding->pkg_version : "");
		return cJSON_CreateString(text);
	}
	if (finding->file != NULL && finding->start_line > 0) {
		snprintf(text, sizeof(text), "%s:%d", finding->file, finding->start_line);
		return cJSON_CreateString(text);
	}
	return string_or_null(finding->file);
}

static cJSON *finding_evidence(const assay_finding *finding, const char *image)
{
	builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "type", cJSON_CreateString("finding"));
	put(&b, "id", cJSON_CreateString(finding->id));
	put(&b, "fingerprint", cJSON_CreateString(finding->fingerprint));
	put(&b, "image", string_or_null(image));
	put(&b, "severity", cJSON_CreateString(assay_severity_name(finding->severity)));
	put(&b, "value", finding_place(finding));
	return builder_finish(&b);
}

static cJSON *field_evidence(const char *type, const assay_image *image, const char *field,
			     cJSON *value)
{
	builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "type", cJSON_CreateString(type));
	put(&b, "image", cJSON_CreateString(image->name));
	put(&b, "field", cJSON_CreateString(field));
	put(&b, "value", value);
	return builder_finish(&b);
}

/* A history step quoted up to MAX_QUOTED_STEP bytes, cut at a UTF-8 character boundary. */
static cJSON *quote_step(const char *step)
{
	char text[MAX_QUOTED_STEP + 4];
	size_t len = strlen(step);

	if (len <= MAX_QUOTED_STEP) {
		return cJSON_CreateString(step);
	}
	len = MAX_QUOTED_STEP;
	while (len > 0 && ((unsigned char)step[len] & 0xC0) == 0x80) {
		len--;
	}
	memcpy(text, step, len);
	memcpy(text + len, "...", 4);
	return cJSON_CreateString(text);
}

/* Evidence for each image condition of `when` that decided the control on `image`. */
static void image_evidence(evidence_list *list, const image_conditions *when,
			   const assay_image *image, bool failing)
{
	const char *type = "image";
	const assay_history_entry *step = NULL;

	if (when->config_user_root >= 0 && image->config_user != NULL) {
		evidence_add(list, field_evidence(type, image, "config_user",
						  cJSON_CreateString(image->config_user)));
	}
	if (when->has_healthcheck >= 0 && image->has_healthcheck >= 0) {
		evidence_add(list, field_evidence(type, image, "has_healthcheck",
						  cJSON_CreateBool(image->has_healthcheck == 1)));
	}
	if (!failing && when->history_known >= 0) {
		evidence_add(list,
			     field_evidence(type, image, "history",
					    cJSON_CreateNumber((double)image->history_count)));
	}
	step = failing ? compliance_history_match(when, image) : NULL;
	if (step != NULL) {
		evidence_add(list,
			     field_evidence(type, image, "history", quote_step(step->created_by)));
	}
}

static cJSON *scan_evidence(const control_result *result)
{
	builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "type", cJSON_CreateString("scan"));
	put(&b, "image", cJSON_CreateString(result->scanned->name));
	put(&b, "scanner", cJSON_CreateString(result->scanner));
	put(&b, "value",
	    string_or_null(result->scan_category != NULL ? result->scan_category
							 : result->scanned->artifact_type));
	return builder_finish(&b);
}

/* Add the evidence that decided one subject's result. */
static void result_evidence(evidence_list *list, const control *ctl, const control_result *result)
{
	size_t i;

	if (result->status == STATUS_FAIL) {
		for (i = 0; i < result->finding_count; i++) {
			const assay_finding *finding = result->findings[i];

			evidence_add(list, finding_evidence(finding, finding->image));
		}
		list->omitted += result->finding_total - result->finding_count;
		if (result->failed_image != NULL) {
			image_evidence(list, &ctl->fail_when.image, result->failed_image, true);
		}
		return;
	}
	if (result->status != STATUS_PASS) {
		return;
	}
	if (result->passed_image != NULL) {
		image_evidence(list, &ctl->pass_when, result->passed_image, false);
	}
	if (result->scanned != NULL) {
		evidence_add(list, scan_evidence(result));
	}
}

/* Append `text` to the reason in `out`, separated by "; " from what is there. */
static void reason_add(char *out, size_t size, const char *text)
{
	size_t len = strlen(out);
	int written;

	if (len + 1 >= size) {
		return;
	}
	written = snprintf(out + len, size - len, "%s%s", len > 0 ? "; " : "", text);
	if (written < 0) {
		out[len] = '\0';
	}
}

/* Describe the image conditions that decided the control, as image_evidence lists them. */
static void image_reason(char *out, size_t size, const image_conditions *when,
			 const assay_image *image, bool failing)
{
	const assay_history_entry *step = failing ? compliance_history_match(when, image) : NULL;
	char text[512];

	if (when->config_user_root >= 0 && image->config_user != NULL) {
		if (compliance_user_is_root(image->config_user)) {
			snprintf(text, sizeof(text), "image %s runs as root (config USER '%s')",
				 image->name, image->config_user);
		} else {
			snprintf(text, sizeof(text), "image %s runs as user '%s'", image->name,
				 image->config_user);
		}
		reason_add(out, size, text);
	}
	if (when->has_healthcheck >= 0 && image->has_healthcheck >= 0) {
		snprintf(text, sizeof(text), "image %s %s", image->name,
			 image->has_healthcheck == 1 ? "defines a HEALTHCHECK"
						     : "defines no HEALTHCHECK");
		reason_add(out, size, text);
	}
	if (!failing && when->history_known >= 0) {
		snprintf(text, sizeof(text), "the %zu-step history of image %s shows no violation",
			 image->history_count, image->name);
		reason_add(out, size, text);
	}
	if (step != NULL) {
		snprintf(text, sizeof(text), "history step %zu of image %s matches",
			 (size_t)(step - image->history) + 1, image->name);
		reason_add(out, size, text);
	}
}

/* Write the reason for the status of one subject's control, in a sentence. */
static void result_reason(char *out, size_t size, const control *ctl, const control_result *result)
{
	char text[512];

	out[0] = '\0';
	if (result->status == STATUS_FAIL) {
		if (result->finding_total > 0) {
			snprintf(text, sizeof(text), "%zu finding%s match%s the control",
				 result->finding_total, result->finding_total == 1 ? "" : "s",
				 result->finding_total == 1 ? "es" : "");
			reason_add(out, size, text);
		}
		if (result->failed_image != NULL) {
			image_reason(out, size, &ctl->fail_when.image, result->failed_image, true);
		}
		return;
	}
	if (result->status == STATUS_PASS) {
		if (result->passed_image != NULL) {
			image_reason(out, size, &ctl->pass_when, result->passed_image, false);
		}
		if (result->scanned != NULL) {
			snprintf(text, sizeof(text), "%s checked %s and reported no violation",
				 result->scanner, result->scanned->name);
			reason_add(out, size, text);
		}
		return;
	}
	if (!ctl->has_fail && !ctl->has_pass && ctl->assessed_count == 0) {
		snprintf(out, size, "no scanner input checks this control: assess it by hand");
	} else if (!ctl->has_pass && ctl->assessed_count == 0) {
		snprintf(out, size,
			 "no violation found, but no scanner input can show that the "
			 "control holds");
	} else {
		snprintf(out, size,
			 "no violation found, and no scanner that checks this control "
			 "ran on the artifact");
	}
}

/* The status of a control over several subjects: any failure fails, a pass needs them all. */
static control_status combine(const subject *subjects, size_t count, size_t c, size_t *passed,
			      size_t *failed)
{
	size_t i;

	*passed = 0;
	*failed = 0;
	for (i = 0; i < count; i++) {
		*passed += subjects[i].results[c].status == STATUS_PASS;
		*failed += subjects[i].results[c].status == STATUS_FAIL;
	}
	if (*failed > 0) {
		return STATUS_FAIL;
	}
	return count > 0 && *passed == count ? STATUS_PASS : STATUS_NOT_ASSESSED;
}

static void combined_reason(char *out, size_t size, const control *ctl, const subject *subjects,
			    size_t count, size_t c)
{
	size_t passed;
	size_t failed;
	control_status status = combine(subjects, count, c, &passed, &failed);

	if (count == 0) {
		snprintf(out, size, "the run describes no artifact");
	} else if (count == 1 || (status == STATUS_NOT_ASSESSED && passed == 0)) {
		result_reason(out, size, ctl, &subjects[0].results[c]);
	} else if (status == STATUS_FAIL) {
		snprintf(out, size, "failed on %zu of %zu artifacts", failed, count);
	} else if (status == STATUS_PASS) {
		snprintf(out, size, "passed on all %zu artifacts", count);
	} else {
		snprintf(out, size, "passed on %zu of %zu artifacts and not assessed on the others",
			 passed, count);
	}
}

static cJSON *control_json(const control *ctl, size_t c, const subject *subjects, size_t count,
			   control_status *status)
{
	static const char *const names[] = {"not_assessed", "pass", "fail"};
	evidence_list evidence = {cJSON_CreateArray(), 0, true};
	char reason[1024];
	size_t passed;
	size_t failed;
	size_t i;
	builder b;

	*status = combine(subjects, count, c, &passed, &failed);
	for (i = 0; i < count; i++) {
		const control_result *result = &subjects[i].results[c];

		if (*status != STATUS_FAIL || result->status == STATUS_FAIL) {
			result_evidence(&evidence, ctl, result);
		}
	}
	combined_reason(reason, sizeof(reason), ctl, subjects, count, c);

	builder_init(&b, cJSON_CreateObject());
	put(&b, "id", cJSON_CreateString(ctl->id));
	put(&b, "title", cJSON_CreateString(ctl->title));
	put(&b, "status", cJSON_CreateString(names[*status]));
	put(&b, "reason", cJSON_CreateString(reason));
	if (!evidence.ok) {
		cJSON_Delete(evidence.items);
		evidence.items = NULL;
	}
	put(&b, "evidence", evidence.items);
	if (evidence.omitted > 0) {
		put(&b, "evidence_omitted", cJSON_CreateNumber((double)evidence.omitted));
	}
	return builder_finish(&b);
}

/* Counts of one framework, and the ids of its failed and unassessed controls. */
typedef struct {
	size_t passed;
	size_t failed;
	size_t not_assessed;
	cJSON *failed_ids;
	cJSON *failed_titles;
	cJSON *not_assessed_ids;
} framework_tally;

/* passed / assessed as a percentage rounded to one decimal, or null when nothing was assessed. */
static cJSON *score_json(const framework_tally *tally)
{
	size_t assessed = tally->passed + tally->failed;
	double percent;

	if (assessed == 0) {
		return cJSON_CreateNull();
	}
	percent = 100.0 * (double)tally->passed / (double)assessed;
	return cJSON_CreateNumber((double)(long long)(percent * 10.0 + 0.5) / 10.0);
}

static void tally_dispose(framework_tally *tally)
{
	cJSON_Delete(tally->failed_ids);
	cJSON_Delete(tally->failed_titles);
	cJSON_Delete(tally->not_assessed_ids);
}

/* Build the controls of framework `f` into `controls` and count them into `tally`. */
static bool framework_controls(const control_set *set, size_t f, const subject *subjects,
			       size_t count, cJSON *controls, framework_tally *tally)
{
	size_t c;
	bool ok = tally->failed_ids != NULL && tally->failed_titles != NULL &&
		  tally->not_assessed_ids != NULL;

	for (c = 0; ok && c < set->control_count; c++) {
		const control *ctl = &set->controls[c];
		control_status status;

		if (ctl->framework != f) {
			continue;
		}
		ok = append(controls, control_json(ctl, c, subjects, count, &status));
		if (ok && status == STATUS_PASS) {
			tally->passed++;
		} else if (ok && status == STATUS_FAIL) {
			tally->failed++;
			ok = append(tally->failed_ids, cJSON_CreateString(ctl->id)) &&
			     append(tally->failed_titles, cJSON_CreateString(ctl->title));
		} else if (ok) {
			tally->not_assessed++;
			ok = append(tally->not_assessed_ids, cJSON_CreateString(ctl->id));
		}
	}
	return ok;
}

/* The summary object in the shape of the Python analyzer's compliance keys. */
static cJSON *summary_json(const framework *fw, framework_tally *tally)
{
	builder b;

	builder_init(&b, cJSON_CreateObject());
	put(&b, "framework_version", cJSON_CreateString(fw->title));
	put(&b, "score", score_json(tally));
	put(&b, "passed_checks", cJSON_CreateNumber((double)tally->passed));
	put(&b, "total_checks", cJSON_CreateNumber((double)(tally->passed + tally->failed)));
	put(&b, "failed_checks", tally->failed_ids);
	put(&b, "not_assessed_checks", tally->not_assessed_ids);
	put(&b, "areas_for_improvement", tally->failed_titles);
	tally->failed_ids = NULL;
	tally->not_assessed_ids = NULL;
	tally->failed_titles = NULL;
	return builder_finish(&b);
}

/*
 * One framework's object; when `summaries` is not NULL, the framework's
 * summary_key object is added to it as well.
 */
static cJSON *framework_json(const control_set *set, size_t f, const subject *subjects,
			     size_t count, cJSON *summaries)
{
	const framework *fw = &set->frameworks[f];
	framework_tally tally = {
	    0, 0, 0, cJSON_CreateArray(), cJSON_CreateArray(), cJSON_CreateArray()};
	cJSON *controls = cJSON_CreateArray();
	bool ok = controls != NULL && framework_controls(set, f, subjects, count, controls, &tally);
	builder b;

	builder_init(&b, ok ? cJSON_CreateObject() : NULL);
	put(&b, "id", cJSON_CreateString(fw->id));
	put(&b, "title", cJSON_CreateString(fw->title));
	put(&b, "passed", cJSON_CreateNumber((double)tally.passed));
	put(&b, "failed", cJSON_CreateNumber((double)tally.failed));
	put(&b, "not_assessed", cJSON_CreateNumber((double)tally.not_assessed));
	put(&b, "assessed", cJSON_CreateNumber((double)(tally.passed + tally.failed)));
	put(&b, "score", score_json(&tally));
	put(&b, "controls", controls);
	controls = NULL;
	if (b.ok && summaries != NULL && fw->summary_key != NULL &&
	    cJSON_GetObjectItemCaseSensitive(summaries, fw->summary_key) == NULL) {
		cJSON *summary = summary_json(fw, &tally);

		if (summary == NULL ||
		    !cJSON_AddItemToObject(summaries, fw->summary_key, summary)) {
			cJSON_Delete(summary);
			b.ok = false;
		}
	}
	cJSON_Delete(controls);
	tally_dispose(&tally);
	return builder_finish(&b);
}

static cJSON *frameworks_json(const control_set *set, const subject *subjects, size_t count,
			      cJSON *summaries)
{
	cJSON *list = cJSON_CreateArray();
	size_t f;

	for (f = 0; list != NULL && f < set->framework_count; f++) {
		if (!append(list, framework_json(set, f, subjects, count, summaries))) {
			cJSON_Delete(list);
			list = NULL;
		}
	}
	return list;
}

/* The per-image results of a run with several subjects. */
static cJSON *images_json(const control_set *set, const assessment_run *run)
{
	cJSON *list = cJSON_CreateArray();
	size_t i;
	size_t m;

	for (i = 0; list != NULL && i < run->subject_count; i++) {
		const subject *s = &run->subjects[i];
		cJSON *artifacts = cJSON_CreateArray();
		builder b;

		for (m = 0; artifacts != NULL && m < s->member_count; m++) {
			if (!append(artifacts, cJSON_CreateString(s->members[m]->name))) {
				cJSON_Delete(artifacts);
				artifacts = NULL;
			}
		}
		builder_init(&b, cJSON_CreateObject());
		put(&b, "image", cJSON_CreateString(s->name));
		put(&b, "artifacts", artifacts);
		put(&b, "frameworks", frameworks_json(set, s, 1, NULL));
		if (!append(list, builder_finish(&b))) {
			cJSON_Delete(list);
			list = NULL;
		}
	}
	return list;
}

cJSON *compliance_report(const control_set *set, const assessment_run *run)
{
	cJSON *summaries = cJSON_CreateObject();
	cJSON *summary = NULL;
	builder b;

	builder_init(&b, summaries != NULL ? cJSON_CreateObject() : NULL);
	put(&b, "frameworks", frameworks_json(set, run->subjects, run->subject_count, summaries));
	if (run->subject_count > 1) {
		put(&b, "images", images_json(set, run));
	}

	/* The Python analyzer's keys follow, for pipelines that read them. */
	summary = summaries != NULL ? summaries->child : NULL;
	while (b.ok && summary != NULL) {
		cJSON *next = summary->next;

		cJSON_DetachItemViaPointer(summaries, summary);
		put(&b, summary->string, summary);
		summary = next;
	}
	cJSON_Delete(summaries);
	return builder_finish(&b);
}
