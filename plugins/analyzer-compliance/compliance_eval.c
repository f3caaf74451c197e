/* SPDX-License-Identifier: Apache-2.0 */
/* Decides each control on each subject from the run's findings and image metadata. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"

/* An id of a fail_when.finding_ids list and the control that lists it. */
typedef struct {
	const char *id;
	size_t control;
} id_entry;

/* The image of each subject, sorted by address for bsearch. */
typedef struct {
	const assay_image *image;
	size_t subject;
} member_entry;

/* Working state of one assessment. */
typedef struct {
	assay_ctx *ctx;
	const control_set *set;
	assessment_run *run;
	id_entry *ids;
	size_t id_count;
	member_entry *members;
	size_t member_count;
	size_t loose_subject; /* subject of findings without an image */
	bool *matched;	      /* per control, for the finding at hand */
	const assay_image **images; /* per finding, read once: its image or NULL */
} assessor;

/* Distance, in findings, between the finding a pass reads and the one it prefetches. */
#define PREFETCH_DISTANCE 16

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/*
 * Prefetch the fields that assess_finding reads of the finding
 * PREFETCH_DISTANCE positions after `index`, and the id of the one half as
 * far ahead, whose fields were prefetched earlier. The core sorts the
 * findings by severity, kind and id, so neighbours in that order lie far
 * apart in memory and, without this, each finding waits for main memory.
 */
static void prefetch_ahead(const assay_ctx *ctx, size_t index, size_t count)
{
	const assay_finding *later;

	if (index + PREFETCH_DISTANCE < count) {
		later = assay_finding_at(ctx, index + PREFETCH_DISTANCE);
		PREFETCH(&later->kind);
		PREFETCH(&later->fix_state);
		PREFETCH(&later->category);
		PREFETCH(&later->scanners);
		PREFETCH(&later->ignored);
	}
	if (index + PREFETCH_DISTANCE / 2 < count) {
		later = assay_finding_at(ctx, index + PREFETCH_DISTANCE / 2);
		if (later->id != NULL) {
			PREFETCH(later->id);
		}
	}
}

/* Artifact types that describe how an image is built rather than the image itself. */
static bool is_build_input(const assay_image *image)
{
	static const char *const types[] = {"dockerfile", "filesystem", "repository"};
	size_t i;

	for (i = 0; image->artifact_type != NULL && i < sizeof(types) / sizeof(types[0]); i++) {
		if (strcmp(image->artifact_type, types[i]) == 0) {
			return true;
		}
	}
	return false;
}

static bool list_has(const name_list *list, const char *value)
{
	size_t i;

	for (i = 0; value != NULL && i < list->count; i++) {
		if (strcmp(list->items[i], value) == 0) {
			return true;
		}
	}
	return false;
}

bool compliance_user_is_root(const char *user)
{
	size_t len;

	if (user == NULL) {
		return false;
	}
	len = strcspn(user, ":");
	return len == 0 || (len == 4 && strncmp(user, "root", 4) == 0) ||
	       (len == 1 && user[0] == '0');
}

static int compare_ids(const void *a, const void *b)
{
	const id_entry *x = a;
	const id_entry *y = b;
	int order = strcmp(x->id, y->id);

	if (order != 0) {
		return order;
	}
	return x->control < y->control ? -1 : x->control > y->control;
}

static int compare_members(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const member_entry *)a)->image;
	uintptr_t y = (uintptr_t)((const member_entry *)b)->image;

	return x < y ? -1 : x > y;
}

/* Index every fail_when.finding_ids entry, so a finding is matched in O(log n). */
static int index_ids(assessor *a)
{
	size_t total = 0;
	size_t c;
	size_t i;

	for (c = 0; c < a->set->control_count; c++) {
		total += a->set->controls[c].fail_when.finding_ids.count;
	}
	if (total == 0) {
		return 0;
	}
	a->ids = calloc(total, sizeof(*a->ids));
	if (a->ids == NULL) {
		return assay_error(a->ctx, ASSAY_ENOMEM, "out of memory");
	}
	for (c = 0; c < a->set->control_count; c++) {
		const name_list *ids = &a->set->controls[c].fail_when.finding_ids;

		for (i = 0; i < ids->count; i++) {
			a->ids[a->id_count].id = ids->items[i];
			a->ids[a->id_count].control = c;
			a->id_count++;
		}
	}
	qsort(a->ids, a->id_count, sizeof(*a->ids), compare_ids);
	return 0;
}

/* Mark in a->matched every control whose finding_ids list `id`. */
static void match_id(assessor *a, const char *id)
{
	size_t low = 0;
	size_t high = a->id_count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;

		if (strcmp(a->ids[mid].id, id) < 0) {
			low = mid + 1;
		} else {
			high = mid;
		}
	}
	for (; low < a->id_count && strcmp(a->ids[low].id, id) == 0; low++) {
		a->matched[a->ids[low].control] = true;
	}
}

/* Start a subject with room for `capacity` artifacts. */
static int add_subject(assessor *a, const char *name, size_t capacity)
{
	assessment_run *run = a->run;
	subject *s = &run->subjects[run->subject_count];

	s->name = name;
	s->results =
	    calloc(a->set->control_count > 0 ? a->set->control_count : 1, sizeof(*s->results));
	s->members = calloc(capacity > 0 ? capacity : 1, sizeof(*s->members));
	run->subject_count++;
	if (s->results == NULL || s->members == NULL) {
		return assay_error(a->ctx, ASSAY_ENOMEM, "out of memory");
	}
	return 0;
}

static void add_member(assessor *a, size_t at, const assay_image *image)
{
	subject *s = &a->run->subjects[at];

	s->members[s->member_count++] = image;
	a->members[a->member_count].image = image;
	a->members[a->member_count].subject = at;
	a->member_count++;
}

/* The artifacts that are not build inputs; `first` gets the first of them or NULL. */
static size_t count_images(const assay_ctx *ctx, const assay_image **first)
{
	size_t count = assay_image_count(ctx);
	size_t found = 0;
	size_t i;

	*first = NULL;
	for (i = 0; i < count; i++) {
		const assay_image *image = assay_image_at(ctx, i);

		if (!is_build_input(image)) {
			if (found == 0) {
				*first = image;
			}
			found++;
		}
	}
	return found;
}

/*
 * Split the run into subjects. With at most one image (an artifact that
 * is not a build input), every artifact describes one build, so they form
 * one subject named after the image. With several images each artifact is
 * a subject of its own, because nothing in the reports records which
 * Dockerfile built which image.
 */
static int make_subjects(assessor *a)
{
	size_t artifacts = assay_image_count(a->ctx);
	size_t findings = assay_finding_count(a->ctx);
	const assay_image *main = NULL;
	size_t images = count_images(a->ctx, &main);
	size_t no_image = 0;
	size_t i;
	int err = 0;

	a->images = malloc((findings != 0 ? findings : 1) * sizeof(*a->images));
	a->run->subjects = calloc(artifacts + 2, sizeof(*a->run->subjects));
	a->members = calloc(artifacts + 1, sizeof(*a->members));
	if (a->images == NULL || a->run->subjects == NULL || a->members == NULL) {
		return assay_error(a->ctx, ASSAY_ENOMEM, "out of memory");
	}
	for (i = 0; i < findings; i++) {
		a->images[i] = assay_image_of(a->ctx, assay_finding_at(a->ctx, i));
		no_image += a->images[i] == NULL;
	}

	if (artifacts > 0 && images <= 1) {
		err = add_subject(a, main != NULL ? main->name : assay_image_at(a->ctx, 0)->name,
				  artifacts);
		for (i = 0; err == 0 && i < artifacts; i++) {
			add_member(a, 0, assay_image_at(a->ctx, i));
		}
	}
	for (i = 0; err == 0 && images > 1 && i < artifacts; i++) {
		const assay_image *image = assay_image_at(a->ctx, i);

		err = add_subject(a, image->name, 1);
		if (err == 0) {
			add_member(a, i, image);
		}
	}
	if (err != 0) {
		return err;
	}

	/* Findings without an artifact join the only subject, or form one of their own. */
	a->loose_subject = 0;
	if (no_image > 0 && a->run->subject_count != 1) {
		a->loose_subject = a->run->subject_count;
		err = add_subject(a, "(findings without an artifact)", 0);
	}
	qsort(a->members, a->member_count, sizeof(*a->members), compare_members);
	return err;
}

static size_t subject_of(const assessor *a, const assay_image *image)
{
	member_entry key;
	const member_entry *found;

	key.image = image;
	key.subject = 0;
	if (key.image == NULL) {
		return a->loose_subject;
	}
	found = bsearch(&key, a->members, a->member_count, sizeof(*a->members), compare_members);
	return found != NULL ? found->subject : a->loose_subject;
}

/* Whether a finding meets the "kinds" filter of fail_when and its refinements. */
static bool kind_matches(const fail_conditions *when, const assay_finding *finding)
{
	if ((when->kind_mask & (1u << finding->kind)) == 0) {
		return false;
	}
	if (when->categories.count > 0 && !list_has(&when->categories, finding->category)) {
		return false;
	}
	if (when->fixable && finding->fix_state != ASSAY_FIX_FIXED) {
		return false;
	}
	return finding->severity >= when->min_severity;
}

static void record_failure(control_result *result, const assay_finding *finding)
{
	result->failed = true;
	if (result->finding_count < COMPLIANCE_MAX_EVIDENCE) {
		result->findings[result->finding_count++] = finding;
	}
	result->finding_total++;
}

static bool scanned_by(const assay_finding *finding, const name_list *scanners,
		       const char **scanner)
{
	size_t i;

	for (i = 0; i < scanners->count; i++) {
		if (assay_strlist_has(&finding->scanners, scanners->items[i])) {
			*scanner = scanners->items[i];
			return true;
		}
	}
	return false;
}

/*
 * Whether `finding` shows that a scanner of `by` checked its artifact: it
 * comes from one of the scanners, with a listed kind and category. Ignored
 * findings count, since an ignore rule does not change what ran.
 */
static bool finding_shows_scan(const assessment *by, const assay_finding *finding,
			       const assay_image *image, const char **scanner)
{
	if (by->kind_mask == 0 && by->categories.count == 0) {
		return false;
	}
	if (by->kind_mask != 0 && (by->kind_mask & (1u << finding->kind)) == 0) {
		return false;
	}
	if (by->categories.count > 0 && !list_has(&by->categories, finding->category)) {
		return false;
	}
	if (by->artifact_types.count > 0 &&
	    (image == NULL || !list_has(&by->artifact_types, image->artifact_type))) {
		return false;
	}
	return scanned_by(finding, &by->scanners, scanner);
}

static void note_scan(control_result *result, const assessment *by, const assay_finding *finding,
		      const assay_image *image)
{
	const char *scanner = NULL;

	if (result->scanned != NULL || !finding_shows_scan(by, finding, image, &scanner)) {
		return;
	}
	result->scanned = image;
	result->scanner = scanner;
	result->scan_category = finding->category;
}

/* Match one finding, whose image is `image`, against every control of its subject. */
static void assess_finding(assessor *a, const assay_finding *finding, const assay_image *image)
{
	size_t at = subject_of(a, image);
	control_result *results = a->run->subjects[at].results;
	size_t c;
	size_t i;

	memset(a->matched, 0, a->set->control_count * sizeof(*a->matched));
	if (!finding->ignored && a->id_count > 0) {
		match_id(a, finding->id);
		for (i = 0; i < finding->aliases.count; i++) {
			match_id(a, finding->aliases.items[i]);
		}
	}
	for (c = 0; c < a->set->control_count; c++) {
		const control *ctl = &a->set->controls[c];

		/* Ignore rules record accepted risks: an ignored finding fails no control. */
		if (!finding->ignored &&
		    (a->matched[c] || kind_matches(&ctl->fail_when, finding))) {
			record_failure(&results[c], finding);
		}
		for (i = 0; i < ctl->assessed_count; i++) {
			note_scan(&results[c], &ctl->assessed_by[i], finding, image);
		}
	}
}

/* Only a container image has a config to judge; other artifacts' metadata is not an image's. */
static bool has_image_config(const assay_image *image)
{
	return image->artifact_type != NULL && strcmp(image->artifact_type, "container_image") == 0;
}

static bool contains_any(const char *text, const name_list *needles)
{
	size_t i;

	for (i = 0; text != NULL && i < needles->count; i++) {
		if (strstr(text, needles->items[i]) != NULL) {
			return true;
		}
	}
	return false;
}

const assay_history_entry *compliance_history_match(const image_conditions *conditions,
						    const assay_image *image)
{
	size_t i;

	if (conditions->history_any.count == 0) {
		return NULL;
	}
	for (i = 0; i < image->history_count; i++) {
		const char *step = image->history[i].created_by;

		if (contains_any(step, &conditions->history_any) &&
		    !contains_any(step, &conditions->history_none)) {
			return &image->history[i];
		}
	}
	return NULL;
}

bool compliance_image_fails(const image_conditions *when, const assay_image *image)
{
	if (!has_image_config(image)) {
		return false;
	}
	if (when->config_user_root >= 0 && image->config_user != NULL &&
	    compliance_user_is_root(image->config_user) == (when->config_user_root == 1)) {
		return true;
	}
	if (when->has_healthcheck >= 0 && image->has_healthcheck >= 0 &&
	    image->has_healthcheck == when->has_healthcheck) {
		return true;
	}
	if (when->history_known >= 0 && (image->history_count > 0) == (when->history_known == 1)) {
		return true;
	}
	return compliance_history_match(when, image) != NULL;
}

bool compliance_image_passes(const image_conditions *when, const assay_image *image)
{
	if (!has_image_config(image)) {
		return false;
	}
	if (when->config_user_root >= 0 &&
	    (image->config_user == NULL ||
	     compliance_user_is_root(image->config_user) != (when->config_user_root == 1))) {
		return false;
	}
	if (when->has_healthcheck >= 0 &&
	    (image->has_healthcheck < 0 || image->has_healthcheck != when->has_healthcheck)) {
		return false;
	}
	if (when->history_known >= 0 && (image->history_count > 0) != (when->history_known == 1)) {
		return false;
	}
	return true;
}

/* Whether the artifact itself shows that a scanner of `by` ran on it. */
static const char *artifact_shows_scan(const assessment *by, const assay_image *image)
{
	size_t i;

	if (by->kind_mask != 0 || by->categories.count > 0) {
		return NULL;
	}
	if (by->artifact_types.count > 0 && !list_has(&by->artifact_types, image->artifact_type)) {
		return NULL;
	}
	for (i = 0; i < by->scanners.count; i++) {
		if (assay_strlist_has(&image->scanners, by->scanners.items[i])) {
			return by->scanners.items[i];
		}
	}
	return NULL;
}

/* Judge the metadata of every member of a subject, then settle each control's status. */
static void assess_subject(const control_set *set, subject *s)
{
	size_t c;
	size_t m;
	size_t i;

	for (c = 0; c < set->control_count; c++) {
		const control *ctl = &set->controls[c];
		control_result *result = &s->results[c];

		for (m = 0; m < s->member_count; m++) {
			const assay_image *image = s->members[m];

			if (result->failed_image == NULL &&
			    compliance_image_fails(&ctl->fail_when.image, image)) {
				result->failed_image = image;
			}
			if (ctl->has_pass && result->passed_image == NULL &&
			    compliance_image_passes(&ctl->pass_when, image)) {
				result->passed_image = image;
			}
			for (i = 0; i < ctl->assessed_count && result->scanned == NULL; i++) {
				result->scanner = artifact_shows_scan(&ctl->assessed_by[i], image);
				result->scanned = result->scanner != NULL ? image : NULL;
			}
		}
		if (result->failed || result->failed_image != NULL) {
			result->status = STATUS_FAIL;
		} else if (result->passed_image != NULL || result->scanned != NULL) {
			result->status = STATUS_PASS;
		} else {
			result->status = STATUS_NOT_ASSESSED;
		}
	}
}

void compliance_assessment_dispose(assessment_run *run)
{
	size_t i;

	for (i = 0; i < run->subject_count; i++) {
		free(run->subjects[i].results);
		free(run->subjects[i].members);
	}
	free(run->subjects);
	memset(run, 0, sizeof(*run));
}

int compliance_assess(assay_ctx *ctx, const control_set *set, assessment_run *out)
{
	assessor a;
	size_t count = assay_finding_count(ctx);
	size_t i;
	int err;

	memset(&a, 0, sizeof(a));
	memset(out, 0, sizeof(*out));
	a.ctx = ctx;
	a.set = set;
	a.run = out;
	a.matched = calloc(set->control_count > 0 ? set->control_count : 1, sizeof(*a.matched));
	err = a.matched == NULL ? assay_error(ctx, ASSAY_ENOMEM, "out of memory") : 0;
	if (err == 0) {
		err = index_ids(&a);
	}
	if (err == 0) {
		err = make_subjects(&a);
	}
	if (err != 0) {
		goto out;
	}

	for (i = 0; out->subject_count > 0 && i < count; i++) {
		prefetch_ahead(ctx, i, count);
		assess_finding(&a, assay_finding_at(ctx, i), a.images[i]);
	}
	for (i = 0; i < out->subject_count; i++) {
		assess_subject(set, &out->subjects[i]);
	}

out:
	free(a.matched);
	free(a.ids);
	free(a.members);
	free(a.images);
	if (err != 0) {
		compliance_assessment_dispose(out);
	}
	return err;
}
