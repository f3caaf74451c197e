/* SPDX-License-Identifier: Apache-2.0 */
/* Ignore rules as the ignore analyzer keeps them, and the loaders of each rule source. */
#ifndef ASSAY_IGNORE_H
#define ASSAY_IGNORE_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include <assay/assay.h>

/* An ignore file is read whole: real ones are a few KiB, so 16 MiB is far beyond any of them. */
#define IGNORE_MAX_FILE_BYTES ((size_t)16 << 20)
/* Rules of all sources together; the id index keeps matching linear in the findings. */
#define IGNORE_MAX_RULES 100000

/* A set of finding kinds, one bit per assay_kind. */
#define IGNORE_KIND_BIT(kind) (1u << (unsigned)(kind))
#define IGNORE_ALL_KINDS 0xFu

/* Expiry of a rule without one. */
#define IGNORE_NEVER INT64_MAX

typedef enum {
	RULE_ACTIVE = 0,
	RULE_EXPIRING = 1, /* active, and it expires within the warning window */
	RULE_UNUSED = 2,   /* matched no finding */
	RULE_EXPIRED = 3   /* past its expiry: it ignores nothing */
} rule_status;

/* A package URL split into its parts, each percent-decoded; NULL when absent. */
typedef struct {
	char *buffer; /* owns every string below */
	const char *type;
	const char *namespace;
	const char *name;
	const char *version;
	const char *qualifiers; /* "k=v&k=v" as written */
	const char *subpath;
} purl_parts;

/*
 * One ignore rule. Every criterion that is set must hold for a finding to
 * match; unset ones (NULL) match anything. Strings are owned by the rule.
 */
typedef struct {
	char *source; /* the ignore file's path as given, or "policy" */
	int line;     /* line of the rule in its file from 1; 0 for policy rules */
	char *label;  /* how messages name the rule: "policy ignore[2]" or "FILE:LINE" */
	unsigned kinds;

	char *id;	    /* compared with the finding's id and aliases */
	char *package;	    /* package name; a regular expression for Grype rules */
	bool package_regex; /* `package` is a Grype regular expression */
	char *purl;
	char *version;
	char *path;	    /* glob over package path, file and target */
	char *image;	    /* glob over the image name, tags and digests */
	char *fix_state;    /* Grype fix-state: fixed, not-fixed, wont-fix, unknown */
	char *package_type; /* Grype package type */

	char *reason;
	char *owner;
	char *expires;	    /* YYYY-MM-DD as written */
	int64_t expires_at; /* 00:00 UTC of `expires` in seconds since the epoch, or IGNORE_NEVER */

	/* Filled while matching. */
	regex_t *compiled; /* `package` compiled, for Grype rules */
	purl_parts purl_split;
	size_t matches;
	rule_status status;
	int64_t days_left; /* whole days until expiry, or -1 without one */
} ignore_rule;

typedef struct {
	assay_ctx *ctx;
	ignore_rule *items;
	size_t count;
	size_t capacity;
} rule_set;

/* ---- ignore_rules.c: the rule set, dates, package URLs and matching ---- */

void rule_set_init(rule_set *set, assay_ctx *ctx);
void rule_set_dispose(rule_set *set);

/*
 * Append `rule` to the set, taking its strings on every path (the caller's
 * struct is cleared). Fills `label` from source and line. Returns 0,
 * ASSAY_ELIMIT past IGNORE_MAX_RULES or ASSAY_ENOMEM; the message is set.
 */
int rule_set_take(rule_set *set, ignore_rule *rule);

/* Free the strings of a rule that was never added. */
void rule_dispose(ignore_rule *rule);

/* Copy `len` bytes into a new NUL-terminated string, or NULL on out-of-memory. */
char *ignore_strndup(const char *text, size_t len);

/*
 * Parse a date "YYYY-MM-DD" (exactly that shape, a real calendar day) into
 * `out`, its 00:00 UTC in seconds since the epoch. Returns 0 or -1.
 */
int ignore_parse_date(const char *text, int64_t *out);

/* Split a package URL into `out`. Returns 0, -1 when it is not one, or ASSAY_ENOMEM. */
int purl_split(purl_parts *out, const char *purl);
void purl_parts_dispose(purl_parts *parts);

/*
 * Whether `rule` (a purl constraint) accepts `target`: same type,
 * namespace and name; the version and subpath when the rule has them; and
 * every qualifier of the rule present in the target with the same value.
 */
bool purl_accepts(const purl_parts *rule, const purl_parts *target);

/*
 * Prepare the rules for matching: compile Grype package expressions and
 * split package URLs. A Grype expression that does not compile is logged
 * and its rule never matches. Returns 0 or ASSAY_ENOMEM.
 */
int rule_set_prepare(rule_set *set);

/* What a rule is compared with: the finding, its image and its split purl. */
typedef struct {
	const assay_finding *finding;
	const assay_image *image;
	const purl_parts *purl; /* NULL when the finding has no valid purl */
} match_target;

/* Whether every criterion of `rule` holds for the target. Ignores expiry. */
bool rule_matches(const ignore_rule *rule, const match_target *target);

/*
 * Whether `path` matches the glob `pattern` as Trivy's and Grype's path
 * patterns do: '*', '?' and "[...]" within one segment, "**" across
 * segments. A match that needs more than 10,000 steps fails.
 */
bool ignore_path_glob(const char *pattern, const char *path);

/* Whether two ids are the same issue id: CVE and GHSA ids compare case-insensitively. */
bool ignore_id_equal(const char *rule_id, const char *finding_id);

/* ---- ignore_text.c: ignore files ---- */

/*
 * Read the ignore file at `path`, recognise its format by name and
 * content (.trivyignore, .trivyignore.yaml or .grype.yaml) and append its
 * rules. Returns 0 or an error code with the message set.
 */
int ignore_load_file(rule_set *set, const char *path);

/* Parse .trivyignore text of `size` bytes. */
int ignore_parse_trivyignore(rule_set *set, const char *path, const char *text, size_t size);

/* ---- ignore_yaml.c: the YAML formats ---- */

/*
 * Parse a YAML ignore file: Trivy's .trivyignore.yaml or the `ignore`
 * rules of Grype's .grype.yaml, distinguished by the top-level keys and
 * then by the file name. Returns 0 or an error code with the message set.
 */
int ignore_parse_yaml(rule_set *set, const char *path, const char *text, size_t size);

/* ---- ignore_apply.c: applying the rules ---- */

/*
 * Match every finding against every rule that is not expired, count the
 * matches of each rule and ignore each matched finding with the first
 * rule in load order. Expired rules count their matches but ignore
 * nothing. Returns 0 or ASSAY_ENOMEM.
 */
int ignore_apply_rules(rule_set *set);

/*
 * Ignore every vulnerability that has no fixed version (fix state not
 * "fixed" and no fixed versions), counting them into `*count`.
 */
int ignore_apply_unfixed(assay_ctx *ctx, size_t *count);

/* The text assay_finding_ignore records as the rule, e.g. "CVE-2024-1 package=openssl". */
char *ignore_rule_text(const ignore_rule *rule);

/* ---- ignore_policy.c: the policy ---- */

/* Append the rules of the policy global `ignore`, when the policy sets it. */
int ignore_load_policy(rule_set *set);

/*
 * Check every rule against the policy global `ignore_requires`
 * ({reason = true, owner = true, expires = true}). Returns 0, or
 * ASSAY_EPOLICY naming the first rule that lacks a required field.
 */
int ignore_check_requirements(rule_set *set);

#endif
