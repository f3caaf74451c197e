/* SPDX-License-Identifier: Apache-2.0 */
/* Declarations shared by the files of the SARIF 2.1.0 reader. */
#ifndef SARIF_H
#define SARIF_H

#include <stdbool.h>
#include <stddef.h>

#include <assay/assay.h>
#include <assay/json.h>
#include <cjson/cJSON.h>

/* Room for a copy of the reader's path, such as a toolComponent's. */
#define SARIF_PATH_MAX ASSAY_JSON_PATH_MAX

/* A growable NUL-terminated string; `data` is NULL until the first append. */
typedef struct {
	char *data;
	size_t len;
	size_t cap;
} sarif_buf;

/* What the reader derived from one reportingDescriptor; filled on first use. */
typedef struct {
	bool parsed;
	size_t index; /* position in the component's rules */
	const cJSON *json;
	const char *id;
	const char *name;
	const char *title;	 /* shortDescription.text, else name */
	const char *description; /* fullDescription.text */
	const char *help_uri;
	const char *help_text;
	const char *default_level; /* defaultConfiguration.level, validated */
	const cJSON *tags;	   /* properties.tags, an array of strings */
	const cJSON *properties;
	const cJSON *message_strings;
	const cJSON *relationships;
	const cJSON *cwe; /* properties.cwe: a string or an array of strings */
	const char *purl; /* properties.purls[0], as Grype writes it */
	assay_cvss cvss;  /* Trivy's properties.cvssv2_score … cvssv3_vector */
	bool has_cvss;
	bool has_score;
	double score;	     /* properties."security-severity" */
	char score_text[32]; /* the score as the producer wrote it */
} sarif_rule;

/* Slot of the index from rule id to rule position. */
typedef struct {
	const char *id; /* NULL for an empty slot */
	size_t index;
} sarif_rule_slot;

/* A toolComponent: the driver or one extension, with its rules. */
typedef struct {
	const cJSON *json;
	char path[SARIF_PATH_MAX]; /* "runs[0].tool.driver", "runs[0].tool.extensions[2]" */
	const char *name;
	const char *guid;
	const cJSON *global_strings; /* globalMessageStrings */
	sarif_rule *rules;
	size_t rule_count;
	sarif_rule_slot *slots; /* open addressing by id; built on first lookup by id */
	size_t slot_count;
} sarif_component;

/* State of one read callback, with the run being read. */
typedef struct {
	assay_ctx *ctx;
	assay_json_path path;

	/* the current run */
	size_t run_index;
	const cJSON *run;
	const char *tool_name;
	char *cvss_source;	     /* tool_name in lowercase */
	sarif_component *components; /* [0] is the driver, then tool.extensions */
	size_t component_count;
	const cJSON **artifacts; /* run.artifacts, for artifactLocation.index */
	size_t artifact_count;
	const cJSON *base_ids; /* run.originalUriBaseIds */
	bool secret_tool;      /* the tool is a known secret scanner */
} sarif_reader;

/* ---- sarif_json.c: typed JSON access; the path is assay/json.h's ---- */

/* Replace the whole path with `text`. */
void sarif_path_set(assay_json_path *path, const char *text);

/* "a string", "a number", "an object", "an array", "a boolean" or "null". */
const char *sarif_type_name(const cJSON *item);

/*
 * Record "PATH.key: expected EXPECTED, found TYPE" as an ASSAY_EPARSE error
 * and return ASSAY_EPARSE. `key` may be NULL for the value at the path itself.
 */
int sarif_type_error(sarif_reader *reader, const char *key, const cJSON *found,
		     const char *expected);

/*
 * Record "PATH.key: MESSAGE" as an ASSAY_EPARSE error and return
 * ASSAY_EPARSE; `key` may be NULL.
 */
int sarif_value_error(sarif_reader *reader, const char *key, const char *fmt, ...)
    ASSAY_PRINTF(3, 4);

/*
 * Typed lookups of `key` in the object `object`. A missing key and a JSON
 * null both read as absent: *out is set to NULL (or `present` to false)
 * and 0 is returned. A value of another type is an ASSAY_EPARSE error that
 * names the path. Returned pointers are borrowed from the parse tree.
 */
int sarif_get_string(sarif_reader *reader, const cJSON *object, const char *key, const char **out);
int sarif_get_array(sarif_reader *reader, const cJSON *object, const char *key, const cJSON **out);
int sarif_get_object(sarif_reader *reader, const cJSON *object, const char *key, const cJSON **out);

/*
 * A whole number from `min` to `max` (SARIF indexes use -1 for "none",
 * line numbers start at 1). Absent leaves *out unchanged and sets
 * *present to false.
 */
int sarif_get_integer(sarif_reader *reader, const cJSON *object, const char *key, long long min,
		      long long max, long long *out, bool *present);

/*
 * One of the strings in `allowed` (a NULL-terminated list), compared
 * exactly, as the SARIF schema's enums are. Absent reads as NULL.
 */
int sarif_get_enum(sarif_reader *reader, const cJSON *object, const char *key,
		   const char *const *allowed, const char **out);

/* The .text of the message object `key` (a multiformatMessageString). */
int sarif_get_text_of(sarif_reader *reader, const cJSON *object, const char *key, const char **out);

/* Check that every element of `array` (at the current path) is a string. */
int sarif_check_strings(sarif_reader *reader, const cJSON *array);

/*
 * A score from 0.0 to 10.0 written as a JSON number or as a string that
 * contains one, as producers write GitHub's "security-severity" and CVSS
 * scores. `text` (size `text_size`) receives the value as written.
 */
int sarif_get_score(sarif_reader *reader, const cJSON *object, const char *key, double *out,
		    char *text, size_t text_size, bool *present);

/* ---- sarif_text.c: strings ---- */

/* Append bytes; return 0 or ASSAY_ENOMEM. */
int sarif_buf_add(sarif_buf *buf, const char *text, size_t len);
int sarif_buf_add_str(sarif_buf *buf, const char *text);
/* Hand the string over to the caller (NULL when nothing was appended). */
char *sarif_buf_take(sarif_buf *buf);
void sarif_buf_dispose(sarif_buf *buf);

/*
 * Fill the {0}, {1} … placeholders of a SARIF message string from
 * `arguments` (an array of strings, may be NULL) into *out (owned by the
 * caller). "{{" and "}}" stand for literal braces; a placeholder without
 * a matching argument is kept as written. Returns 0 or ASSAY_ENOMEM.
 */
int sarif_format_message(char **out, const char *format, const cJSON *arguments);

/*
 * Find the line "KEY: value" in a multi-line text (lines are trimmed of
 * blanks first) and return the value without its surrounding blanks in
 * *value / *len. Returns true when the key is present, even with an empty
 * value.
 */
bool sarif_find_field(const char *text, const char *key, const char **value, size_t *len);

/*
 * Length of the advisory id at the start of `id` when it is a CVE id
 * (CVE-YYYY-NNNN…) or a GitHub advisory id (GHSA-xxxx-xxxx-xxxx), compared
 * without regard to case; 0 otherwise. The id must end there or continue
 * with '-', as in Grype's rule ids "CVE-2021-3711-openssl".
 */
size_t sarif_advisory_id_len(const char *id);

/*
 * Normalize a CWE reference ("CWE-79", "cwe-079", "external/cwe/cwe-79")
 * to "CWE-79" in `out`; with `bare_number_ok`, "79" is accepted too.
 * Returns false when `text` is not a CWE reference.
 */
bool sarif_cwe_normalize(const char *text, bool bare_number_ok, char *out, size_t size);

/*
 * Turn an artifact URI into the path users read: a file: URI with no host
 * (or localhost) becomes a local path, and %XX escapes are decoded unless
 * they would produce a NUL or control byte. Other URIs and relative
 * references keep their form. *out is owned by the caller.
 */
int sarif_uri_to_path(char **out, const char *uri);

/* Whether a URI has a scheme ("https:", "file:") or is an absolute path. */
bool sarif_uri_is_absolute(const char *uri);

/* ASCII case-insensitive equality and substring search. */
bool sarif_equal_nocase(const char *a, const char *b);
bool sarif_contains_nocase(const char *text, const char *needle);

/* ---- sarif_rules.c: tool components, rules and messages ---- */

/* Read run.tool into reader->components; the driver is required. */
int sarif_components_load(sarif_reader *reader, const cJSON *run);
void sarif_components_free(sarif_reader *reader);

/*
 * Find the rule of `result` (at the current path) as SARIF's lookup
 * procedure describes: result.rule.toolComponent selects the component
 * (the driver by default), then rule.index or ruleIndex, else rule.id or
 * ruleId, selects the rule. *rule is NULL when the component has no such
 * rule, which SARIF allows. *rule_id is the result's ruleId, else its
 * rule.id, or NULL. An index out of range or a tool component that does
 * not exist is an ASSAY_EPARSE error.
 */
int sarif_rule_find(sarif_reader *reader, const cJSON *result, sarif_component **component,
		    sarif_rule **rule, const char **rule_id);

/*
 * The message of `result`: message.text, else the string message.id names
 * in the rule's messageStrings or the component's globalMessageStrings,
 * with the arguments filled in. *out (owned by the caller) is NULL when the
 * result has no message.
 */
int sarif_result_message(sarif_reader *reader, const cJSON *result,
			 const sarif_component *component, const sarif_rule *rule, char **out);

/*
 * Read the CVSS properties that Trivy (on rules) and dependency-check (on
 * results) write into `properties`: cvssv2_score, cvssv2_vector,
 * cvssv3_baseScore and cvssv3_vector. The path must be that of the
 * properties object. *present is false when none is set.
 */
int sarif_get_cvss(sarif_reader *reader, const cJSON *properties, assay_cvss *out, bool *present);

/*
 * Append the CWE ids of a rule (relationships, tags, properties.cwe) and
 * of the result (taxa, tags, properties.cwe) to `finding`.
 */
int sarif_add_cwes(sarif_reader *reader, assay_finding *finding, const sarif_rule *rule,
		   const cJSON *result, const cJSON *result_properties);

/* ---- sarif_result.c: results ---- */

/*
 * Turn one result (at the current path) into a finding. Results whose
 * kind is pass, notApplicable or informational are not problems and are
 * skipped.
 */
int sarif_result_read(sarif_reader *reader, const cJSON *result);

/*
 * Resolve an artifactLocation's uri against run.originalUriBaseIds and
 * turn it into a path (see sarif_uri_to_path). A uriBaseId the run does
 * not define leaves the uri relative. *out is owned by the caller.
 */
int sarif_resolve_uri(sarif_reader *reader, const char *uri, const char *base_id, char **out);

/* ---- sarif_producers.c: conventions of Trivy and Grype ---- */

/* Package data that a producer wrote into text; each value is a span of a borrowed string. */
typedef struct {
	const char *name;
	size_t name_len;
	const char *version;
	size_t version_len;
	const char *fixed; /* comma-separated list */
	size_t fixed_len;
	bool fixed_known; /* the text has a fixed-version field, maybe empty */
	const char *type;
	size_t type_len;
	const char *path;
	size_t path_len;
	const char *license_class; /* Trivy's license "Classification" */
	size_t license_class_len;
} sarif_package;

/*
 * Read the package data of a result from its message and its rule's help
 * text, in the layouts Trivy and Grype write (see docs/scanners.md).
 */
void sarif_package_parse(sarif_package *out, const char *message, const char *help_text);

/*
 * Declare the image of the current run: the image Trivy names in
 * run.properties, or the image Grype names in its messages, or else an
 * artifact named after the tool.
 */
int sarif_run_declare_image(sarif_reader *reader, const cJSON *run, const cJSON *results);

#endif
