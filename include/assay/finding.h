/* SPDX-License-Identifier: Apache-2.0 */
/* The finding model: one shape for what every scanner reports. */
#ifndef ASSAY_FINDING_H
#define ASSAY_FINDING_H

#include <stdbool.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A list of strings owned by the core; items are never NULL. */
typedef struct {
	const char *const *items;
	size_t count;
} assay_strlist;

/*
 * CVSS data of one source (nvd, redhat, ghsa, the scanner's own …).
 * A score below 0 means the source gave none; a NULL vector likewise.
 */
typedef struct {
	const char *source;
	double v2_score;
	const char *v2_vector;
	double v3_score;
	const char *v3_vector;
	double v4_score;
	const char *v4_vector;
} assay_cvss;

/*
 * One finding. Findings are allocated and freed by the core: plugins get
 * pointers that stay valid until the run ends, and write string and list
 * fields only through the setters in api.h, which copy into core memory.
 * Plain numeric fields (kind, severity, lines, scores) may be assigned
 * directly by an input plugin before the finding is added. An analyzer may
 * assign `baseline` directly. Severity and ignore state change only
 * through assay_finding_set_severity and assay_finding_ignore.
 *
 * Strings are UTF-8 and NULL when the scanner did not give them.
 *
 * ABI: fields are only ever appended; plugins never allocate this struct.
 */
typedef struct assay_finding {
	assay_kind kind;
	const char *id;          /* CVE-…, GHSA-…, DS002, DL3008, rule id */
	assay_strlist aliases;   /* other ids of the same issue */

	assay_severity severity;          /* the severity assay gates on */
	assay_severity original_severity; /* before a policy changed it */
	const char *severity_reason;      /* why a policy changed it, or NULL */
	const char *raw_severity;         /* as the scanner wrote it */
	bool severity_disagreement;       /* merged scanners disagreed */

	const char *pkg_name;
	const char *pkg_version;  /* installed version */
	const char *pkg_type;     /* apk, deb, rpm, npm, pypi, jar, gomod … */
	const char *purl;
	const char *pkg_path;     /* path of the package inside the target */
	assay_strlist fixed_versions;
	assay_fix_state fix_state;

	const char *target;       /* image, file or path the scanner scanned */
	const char *image;        /* image reference or artifact name, or NULL */
	const char *layer;        /* layer digest or diff id */
	const char *file;         /* file of the finding (misconfig, secret) */
	int start_line;           /* 0 when unknown */
	int end_line;

	const char *title;
	const char *description;
	const char *message;      /* misconfiguration message, rule text */
	const char *resolution;   /* how to fix, when the scanner gives it */
	const char *category;     /* secret category, misconfig type, license class */
	const char *primary_url;
	assay_strlist urls;
	const assay_cvss *cvss;
	size_t cvss_count;
	assay_strlist cwes;
	const char *published;    /* date as the scanner wrote it */

	int known_exploited;      /* 1 yes, 0 no, -1 unknown */
	double epss;              /* probability 0..1, or -1 when unknown */
	double epss_percentile;   /* 0..1, or -1 */

	assay_strlist scanners;   /* names of the input plugins that reported it */
	assay_strlist tags;       /* set by analyzers, e.g. "quantum" */

	bool ignored;
	const char *ignore_rule;    /* the rule's text or id */
	const char *ignore_reason;
	const char *ignore_source;  /* file that contains the rule, or "policy" */
	const char *ignore_expires; /* YYYY-MM-DD or NULL */

	assay_baseline_state baseline;

	char fingerprint[65];       /* hex SHA-256, see assay_finding_fingerprint */
} assay_finding;

/* String fields that the setters can write. */
typedef enum {
	ASSAY_FIELD_ID,
	ASSAY_FIELD_RAW_SEVERITY,
	ASSAY_FIELD_PKG_NAME,
	ASSAY_FIELD_PKG_VERSION,
	ASSAY_FIELD_PKG_TYPE,
	ASSAY_FIELD_PURL,
	ASSAY_FIELD_PKG_PATH,
	ASSAY_FIELD_TARGET,
	ASSAY_FIELD_IMAGE,
	ASSAY_FIELD_LAYER,
	ASSAY_FIELD_FILE,
	ASSAY_FIELD_TITLE,
	ASSAY_FIELD_DESCRIPTION,
	ASSAY_FIELD_MESSAGE,
	ASSAY_FIELD_RESOLUTION,
	ASSAY_FIELD_CATEGORY,
	ASSAY_FIELD_PRIMARY_URL,
	ASSAY_FIELD_PUBLISHED
} assay_field;

/* List fields that assay_finding_append can extend. */
typedef enum {
	ASSAY_LIST_ALIASES,
	ASSAY_LIST_FIXED_VERSIONS,
	ASSAY_LIST_URLS,
	ASSAY_LIST_CWES,
	ASSAY_LIST_TAGS
} assay_list;

/* Whether a list contains a string, compared exactly. */
ASSAY_EXPORT bool assay_strlist_has(const assay_strlist *list, const char *value);

#ifdef __cplusplus
}
#endif

#endif
