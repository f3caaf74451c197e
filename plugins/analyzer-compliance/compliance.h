/* SPDX-License-Identifier: Apache-2.0 */
/* Shared types of the compliance analyzer: the control set, the subjects and their results. */
#ifndef ASSAY_COMPLIANCE_H
#define ASSAY_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>

/* Findings kept as evidence of one control on one subject; the rest are only counted. */
#define COMPLIANCE_MAX_EVIDENCE 10

/* A list of strings borrowed from a cJSON tree that outlives the analysis. */
typedef struct {
	const char **items;
	size_t count;
} name_list;

/* Conditions on the image metadata; -1 in a tri-state field means "not given". */
typedef struct {
	int config_user_root;	/* the config's USER is root, or -1 */
	int has_healthcheck;	/* the config defines a HEALTHCHECK, or -1 */
	int history_known;	/* the report gave the image history, or -1 */
	name_list history_any;	/* a history step contains one of these ... */
	name_list history_none; /* ... and none of these */
} image_conditions;

/* What makes a control fail: matching findings or image metadata. */
typedef struct {
	name_list finding_ids;
	unsigned kind_mask; /* bit (1 << assay_kind) for each kind in "kinds" */
	name_list categories;
	bool fixable;
	assay_severity min_severity;
	image_conditions image;
} fail_conditions;

/* One way to know that a scanner which checks a control ran on the artifact. */
typedef struct {
	name_list scanners;
	name_list artifact_types;
	unsigned kind_mask; /* with categories: the scanner reported a finding of this kind */
	name_list categories;
} assessment;

typedef struct {
	const char *id;
	const char *title;
	const char *summary_key; /* key of the Python analyzer's summary object, or NULL */
} framework;

typedef struct {
	size_t framework; /* index into control_set.frameworks */
	const char *id;
	const char *title;
	bool has_fail;
	fail_conditions fail_when;
	bool has_pass;
	image_conditions pass_when;
	assessment *assessed_by;
	size_t assessed_count;
} control;

/* Every framework and control of a run: the built-in file extended by the policy. */
typedef struct {
	framework *frameworks;
	size_t framework_count;
	control *controls;
	size_t control_count;
} control_set;

/*
 * Add the frameworks and controls of `json` (the shape of controls.json)
 * to `set`; a control with the framework and id of an earlier one
 * replaces it. `where` starts each error message ("controls.json" or
 * "policy global compliance_controls"), `code` is the error to report.
 * Strings stay borrowed from `json`. Returns 0 or an error code.
 */
int compliance_controls_add(assay_ctx *ctx, control_set *set, const cJSON *json, const char *where,
			    int code);
void compliance_controls_dispose(control_set *set);

typedef enum { STATUS_NOT_ASSESSED = 0, STATUS_PASS = 1, STATUS_FAIL = 2 } control_status;

/* What decided one control on one subject. */
typedef struct {
	bool failed;
	const assay_finding *findings[COMPLIANCE_MAX_EVIDENCE];
	size_t finding_count;		 /* kept in `findings` */
	size_t finding_total;		 /* every matching finding */
	const assay_image *failed_image; /* image whose metadata failed the control */
	const assay_image *passed_image; /* image whose metadata passed it */
	const assay_image *scanned;	 /* artifact a checking scanner ran on */
	const char *scanner;		 /* that scanner */
	const char *scan_category;	 /* the finding category that showed it ran, or NULL */
	control_status status;
} control_result;

/*
 * A subject: the artifacts assessed together. Build inputs (Dockerfiles,
 * filesystems, repositories) join the image when the run has one image.
 */
typedef struct {
	const char *name;
	const assay_image **members;
	size_t member_count;
	control_result *results; /* one per control */
} subject;

typedef struct {
	subject *subjects;
	size_t subject_count;
} assessment_run;

/* Split the run into subjects and decide every control on each. Returns 0 or an error code. */
int compliance_assess(assay_ctx *ctx, const control_set *set, assessment_run *out);
void compliance_assessment_dispose(assessment_run *run);

/* Whether the USER of an image config means root: "", "root", "0", with any ":group". */
bool compliance_user_is_root(const char *user);

/* Whether any condition of fail_when.image holds for a container image. */
bool compliance_image_fails(const image_conditions *when, const assay_image *image);

/* Whether every condition of pass_when.image holds for a container image. */
bool compliance_image_passes(const image_conditions *when, const assay_image *image);

/* The first history step that matches fail_when.image.history, or NULL. */
const assay_history_entry *compliance_history_match(const image_conditions *conditions,
						    const assay_image *image);

/* Build the "compliance" section from the results. Returns NULL on out-of-memory. */
cJSON *compliance_report(const control_set *set, const assessment_run *run);

#endif
