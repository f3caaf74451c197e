/* SPDX-License-Identifier: Apache-2.0 */
/* The rule set of the ignore analyzer: storage, dates, package URLs and matching. */
#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ignore.h"

#define SECONDS_PER_DAY 86400

void rule_set_init(rule_set *set, assay_ctx *ctx)
{
	memset(set, 0, sizeof(*set));
	set->ctx = ctx;
}

void rule_dispose(ignore_rule *rule)
{
	char **strings[] = {&rule->source,    &rule->label,	   &rule->id,	  &rule->package,
			    &rule->purl,      &rule->version,	   &rule->path,	  &rule->image,
			    &rule->fix_state, &rule->package_type, &rule->reason, &rule->owner,
			    &rule->expires};
	size_t i;

	for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++) {
		free(*strings[i]);
		*strings[i] = NULL;
	}
	if (rule->compiled != NULL) {
		regfree(rule->compiled);
		free(rule->compiled);
		rule->compiled = NULL;
	}
	purl_parts_dispose(&rule->purl_split);
}

void rule_set_dispose(rule_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		rule_dispose(&set->items[i]);
	}
	free(set->items);
	set->items = NULL;
	set->count = 0;
	set->capacity = 0;
}

char *ignore_strndup(const char *text, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy == NULL) {
		return NULL;
	}
	memcpy(copy, text, len);
	copy[len] = '\0';
	return copy;
}

/* Make "FILE:LINE" the label of a file rule that has none. Returns 0 or ASSAY_ENOMEM. */
static int set_default_label(ignore_rule *rule)
{
	int size;

	if (rule->label != NULL) {
		return 0;
	}
	size = snprintf(NULL, 0, "%s:%d", rule->source, rule->line);
	if (size < 0) {
		return ASSAY_ENOMEM;
	}
	rule->label = malloc((size_t)size + 1);
	if (rule->label == NULL) {
		return ASSAY_ENOMEM;
	}
	snprintf(rule->label, (size_t)size + 1, "%s:%d", rule->source, rule->line);
	return 0;
}

int rule_set_take(rule_set *set, ignore_rule *rule)
{
	int err = 0;

	if (set->count >= IGNORE_MAX_RULES) {
		err = assay_error(set->ctx, ASSAY_ELIMIT,
				  "%s: more than %d ignore rules in all: split the rules or use "
				  "broader ones (a package, purl or path rule)",
				  rule->source, IGNORE_MAX_RULES);
		goto out;
	}
	if (rule->source == NULL || set_default_label(rule) != 0) {
		err =
		    assay_error(set->ctx, ASSAY_ENOMEM, "out of memory while loading ignore rules");
		goto out;
	}
	if (set->count == set->capacity) {
		size_t capacity = set->capacity != 0 ? set->capacity * 2 : 16;
		ignore_rule *grown = realloc(set->items, capacity * sizeof(*grown));

		if (grown == NULL) {
			err = assay_error(set->ctx, ASSAY_ENOMEM,
					  "out of memory while loading ignore rules");
			goto out;
		}
		set->items = grown;
		set->capacity = capacity;
	}
	set->items[set->count++] = *rule;
	memset(rule, 0, sizeof(*rule));
	return 0;

out:
	rule_dispose(rule);
	return err;
}

/* ---- Dates ---- */

static bool is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && is_leap_year(year)) {
		return 29;
	}
	return days[month - 1];
}

/*
 * Days from 1970-01-01 to the given day of the proleptic Gregorian
 * calendar. Years are counted from March so that the leap day ends a year;
 * an era is the 400-year cycle of 146097 days.
 */
static int64_t days_since_epoch(int year, int month, int day)
{
	int64_t y = month <= 2 ? year - 1 : year;
	int64_t era = y / 400;
	int64_t year_of_era = y - era * 400;
	int64_t month_from_march = month > 2 ? month - 3 : month + 9;
	int64_t day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
	int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468;
}

static int parse_digits(const char *text, size_t count)
{
	int value = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		if (text[i] < '0' || text[i] > '9') {
			return -1;
		}
		value = value * 10 + (text[i] - '0');
	}
	return value;
}

int ignore_parse_date(const char *text, int64_t *out)
{
	int year;
	int month;
	int day;

	if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-') {
		return -1;
	}
	year = parse_digits(text, 4);
	month = parse_digits(text + 5, 2);
	day = parse_digits(text + 8, 2);
	if (year < 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) {
		return -1;
	}
	*out = days_since_epoch(year, month, day) * SECONDS_PER_DAY;
	return 0;
}

/* ---- Package URLs ---- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

/* Decode %XX escapes in place; an escape that is not two hex digits stays as written. */
static void percent_decode(char *text)
{
	char *read = text;
	char *write = text;

	while (*read != '\0') {
		int high = read[0] == '%' ? hex_value(read[1]) : -1;
		int low = high >= 0 ? hex_value(read[2]) : -1;

		if (low >= 0) {
			*write++ = (char)(high * 16 + low);
			read += 3;
		} else {
			*write++ = *read++;
		}
	}
	*write = '\0';
}

void purl_parts_dispose(purl_parts *parts)
{
	free(parts->buffer);
	memset(parts, 0, sizeof(*parts));
}

/* Split "type/namespace/name@version" (qualifiers and subpath already cut off) into `out`. */
static int split_path_part(purl_parts *out, char *rest)
{
	char *slash = strchr(rest, '/');
	char *last = NULL;
	char *at = NULL;
	char *c;

	if (slash == NULL) {
		return -1;
	}
	*slash = '\0';
	for (c = rest; *c != '\0'; c++) {
		*c = (char)tolower((unsigned char)*c);
	}
	out->type = rest;
	rest = slash + 1;
	last = strrchr(rest, '/');
	if (last != NULL) {
		*last = '\0';
		out->namespace = rest;
		rest = last + 1;
	}
	at = strchr(rest, '@');
	if (at != NULL) {
		*at = '\0';
		out->version = at + 1;
	}
	out->name = rest;
	if (out->type[0] == '\0' || out->name[0] == '\0') {
		return -1;
	}
	return 0;
}

int purl_split(purl_parts *out, const char *purl)
{
	char *rest = NULL;
	char *mark = NULL;

	memset(out, 0, sizeof(*out));
	if (purl == NULL || strncasecmp(purl, "pkg:", 4) != 0) {
		return -1;
	}
	out->buffer = strdup(purl + 4);
	if (out->buffer == NULL) {
		return ASSAY_ENOMEM;
	}
	rest = out->buffer;
	while (*rest == '/') {
		rest++;
	}
	mark = strchr(rest, '#');
	if (mark != NULL) {
		*mark = '\0';
		out->subpath = mark + 1;
	}
	mark = strchr(rest, '?');
	if (mark != NULL) {
		*mark = '\0';
		out->qualifiers = mark + 1;
	}
	if (split_path_part(out, rest) != 0) {
		purl_parts_dispose(out);
		return -1;
	}
	percent_decode((char *)out->name);
	if (out->namespace != NULL) {
		percent_decode((char *)out->namespace);
	}
	if (out->version != NULL) {
		percent_decode((char *)out->version);
	}
	return 0;
}

static bool optional_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL) {
		return a == b;
	}
	return strcmp(a, b) == 0;
}

/* Whether "key=value" occurs among the "&"-separated qualifiers of `list`. */
static bool has_qualifier(const char *list, const char *pair, size_t pair_len)
{
	const char *item = list;

	while (item != NULL && *item != '\0') {
		const char *end = strchr(item, '&');
		size_t len = end != NULL ? (size_t)(end - item) : strlen(item);

		if (len == pair_len && strncmp(item, pair, len) == 0) {
			return true;
		}
		item = end != NULL ? end + 1 : NULL;
	}
	return false;
}

bool purl_accepts(const purl_parts *rule, const purl_parts *target)
{
	const char *pair = rule->qualifiers;

	if (strcmp(rule->type, target->type) != 0 || strcmp(rule->name, target->name) != 0 ||
	    !optional_equal(rule->namespace, target->namespace)) {
		return false;
	}
	if (rule->version != NULL && !optional_equal(rule->version, target->version)) {
		return false;
	}
	if (rule->subpath != NULL && !optional_equal(rule->subpath, target->subpath)) {
		return false;
	}
	while (pair != NULL && *pair != '\0') {
		const char *end = strchr(pair, '&');
		size_t len = end != NULL ? (size_t)(end - pair) : strlen(pair);

		if (len > 0 && !has_qualifier(target->qualifiers, pair, len)) {
			return false;
		}
		pair = end != NULL ? end + 1 : NULL;
	}
	return true;
}

/* ---- Preparing and matching ---- */

/* Compile a Grype package name the way Grype does: the whole name must match. */
static int compile_package_regex(rule_set *set, ignore_rule *rule)
{
	size_t size = strlen(rule->package) + sizeof("^()$");
	char *pattern = malloc(size);
	int err = 0;

	rule->compiled = calloc(1, sizeof(*rule->compiled));
	if (pattern == NULL || rule->compiled == NULL) {
		err = ASSAY_ENOMEM;
		goto out;
	}
	snprintf(pattern, size, "^(%s)$", rule->package);
	if (regcomp(rule->compiled, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
		assay_log(set->ctx, ASSAY_LOG_WARN,
			  "%s: package name '%s' is not a valid POSIX extended regular expression; "
			  "the rule matches nothing",
			  rule->label, rule->package);
		free(rule->compiled);
		rule->compiled = NULL;
	}

out:
	if (err != 0) {
		free(rule->compiled);
		rule->compiled = NULL;
	}
	free(pattern);
	return err;
}

int rule_set_prepare(rule_set *set)
{
	size_t i;

	for (i = 0; i < set->count; i++) {
		ignore_rule *rule = &set->items[i];

		if (rule->package_regex && rule->package != NULL && rule->compiled == NULL &&
		    compile_package_regex(set, rule) != 0) {
			return assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
		}
		if (rule->purl != NULL && rule->purl_split.buffer == NULL &&
		    purl_split(&rule->purl_split, rule->purl) == ASSAY_ENOMEM) {
			return assay_error(set->ctx, ASSAY_ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* Whether `id` begins with "CVE-" or "GHSA-" in any case. */
static bool is_advisory_id(const char *id)
{
	return strncasecmp(id, "CVE-", 4) == 0 || strncasecmp(id, "GHSA-", 5) == 0;
}

bool ignore_id_equal(const char *rule_id, const char *finding_id)
{
	if (finding_id == NULL) {
		return false;
	}
	if (is_advisory_id(rule_id) && is_advisory_id(finding_id)) {
		return strcasecmp(rule_id, finding_id) == 0;
	}
	return strcmp(rule_id, finding_id) == 0;
}

static bool id_matches(const char *rule_id, const assay_finding *finding)
{
	size_t i;

	if (ignore_id_equal(rule_id, finding->id)) {
		return true;
	}
	for (i = 0; i < finding->aliases.count; i++) {
		if (ignore_id_equal(rule_id, finding->aliases.items[i])) {
			return true;
		}
	}
	return false;
}

/* Skip the "./" and "/" that start a path, so "/usr/lib" and "usr/lib" compare equal. */
static const char *relative_path(const char *path)
{
	for (;;) {
		if (path[0] == '/') {
			path++;
		} else if (path[0] == '.' && path[1] == '/') {
			path += 2;
		} else {
			return path;
		}
	}
}

static bool glob_matches(const char *pattern, const char *value)
{
	return value != NULL && fnmatch(pattern, value, 0) == 0;
}

/* ---- Path globs ---- */

/*
 * Steps one path match may take: enough for any real pattern, and a bound
 * on backtracking and on the recursion depth, which is at most one frame
 * per step.
 */
#define GLOB_MAX_STEPS 10000

/*
 * Match one bracket expression "[...]" at `*pattern` against `c`, which is
 * never '/'. Advances `*pattern` past it. Returns false for an unclosed
 * bracket, which then matches nothing.
 */
static bool bracket_matches(const char **pattern, char c)
{
	const char *p = *pattern + 1;
	bool negate = *p == '!' || *p == '^';
	bool found = false;

	p += negate ? 1 : 0;
	/* A ']' right after the opening bracket is a member, not the end. */
	do {
		char low = *p;
		char high = *p;

		if (*p == '\0') {
			return false;
		}
		if (p[1] == '-' && p[2] != ']' && p[2] != '\0') {
			high = p[2];
			p += 2;
		}
		found = found || (c >= low && c <= high);
		p++;
	} while (*p != ']');
	*pattern = p + 1;
	return found != negate;
}

/*
 * Match a path against a glob as Trivy and Grype do (the doublestar
 * library): '*' and '?' stay within one path segment, "**" crosses
 * segments, and "**" followed by a slash also matches no segment at all.
 */
static bool path_glob_match(const char *p, const char *s, long *steps)
{
	while (*p != '\0') {
		if (--*steps < 0) {
			return false;
		}
		if (p[0] == '*' && p[1] == '*') {
			while (*p == '*') {
				p++;
			}
			if (*p == '\0') {
				return true;
			}
			if (*p == '/') {
				p++;
				for (;;) {
					if (path_glob_match(p, s, steps)) {
						return true;
					}
					s = strchr(s, '/');
					if (s == NULL) {
						return false;
					}
					s++;
				}
			}
			for (;; s++) {
				if (path_glob_match(p, s, steps)) {
					return true;
				}
				if (*s == '\0') {
					return false;
				}
			}
		}
		if (*p == '*') {
			p++;
			for (;; s++) {
				if (path_glob_match(p, s, steps)) {
					return true;
				}
				if (*s == '\0' || *s == '/') {
					return false;
				}
			}
		}
		if (*s == '\0') {
			return false;
		}
		if (*p == '?' || *p == '[') {
			if (*s == '/' || (*p == '[' && !bracket_matches(&p, *s))) {
				return false;
			}
			p += *p == '?' ? 1 : 0;
			s++;
			continue;
		}
		if (*p == '\\' && p[1] != '\0') {
			p++;
		}
		if (*p != *s) {
			return false;
		}
		p++;
		s++;
	}
	return *s == '\0';
}

bool ignore_path_glob(const char *pattern, const char *path)
{
	long steps = GLOB_MAX_STEPS;

	return path_glob_match(pattern, path, &steps);
}

static bool path_matches(const char *pattern, const assay_finding *finding)
{
	const char *relative = relative_path(pattern);
	const char *candidates[3] = {finding->pkg_path, finding->file, finding->target};
	size_t i;

	for (i = 0; i < 3; i++) {
		if (candidates[i] != NULL &&
		    ignore_path_glob(relative, relative_path(candidates[i]))) {
			return true;
		}
	}
	return false;
}

static bool list_matches(const char *pattern, const assay_strlist *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		if (glob_matches(pattern, list->items[i])) {
			return true;
		}
	}
	return false;
}

static bool image_matches(const char *pattern, const match_target *target)
{
	const assay_image *image = target->image;

	if (glob_matches(pattern, target->finding->image)) {
		return true;
	}
	if (image == NULL) {
		return false;
	}
	return glob_matches(pattern, image->name) || list_matches(pattern, &image->repo_tags) ||
	       list_matches(pattern, &image->repo_digests);
}

/* Grype package types and the purl type of the same ecosystem. */
static const char *const grype_purl_types[][2] = {
    {"python", "pypi"},
    {"java-archive", "maven"},
    {"jenkins-plugin", "maven"},
    {"go-module", "golang"},
    {"rust-crate", "cargo"},
    {"php-composer", "composer"},
    {"dotnet", "nuget"},
    {"portage", "ebuild"},
    {"gem", "gem"},
    {"npm", "npm"},
    {"deb", "deb"},
    {"rpm", "rpm"},
    {"apk", "apk"},
    {"alpm", "alpm"},
    {"hex", "hex"},
    {"pub", "pub"},
    {"swift", "swift"},
    {"conan", "conan"},
};

static bool type_matches(const char *rule_type, const match_target *target)
{
	const char *pkg_type = target->finding->pkg_type;
	size_t i;

	if (pkg_type != NULL && strcasecmp(rule_type, pkg_type) == 0) {
		return true;
	}
	if (target->purl == NULL) {
		return false;
	}
	for (i = 0; i < sizeof(grype_purl_types) / sizeof(grype_purl_types[0]); i++) {
		if (strcasecmp(rule_type, grype_purl_types[i][0]) == 0) {
			return strcmp(target->purl->type, grype_purl_types[i][1]) == 0;
		}
	}
	return false;
}

static bool package_matches(const ignore_rule *rule, const assay_finding *finding)
{
	if (finding->pkg_name == NULL) {
		return false;
	}
	if (!rule->package_regex) {
		return strcmp(rule->package, finding->pkg_name) == 0;
	}
	return rule->compiled != NULL &&
	       regexec(rule->compiled, finding->pkg_name, 0, NULL, 0) == 0;
}

bool rule_matches(const ignore_rule *rule, const match_target *target)
{
	const assay_finding *finding = target->finding;

	if ((rule->kinds & IGNORE_KIND_BIT(finding->kind)) == 0) {
		return false;
	}
	if (rule->id != NULL && !id_matches(rule->id, finding)) {
		return false;
	}
	if (rule->package != NULL && !package_matches(rule, finding)) {
		return false;
	}
	if (rule->purl != NULL && (rule->purl_split.buffer == NULL || target->purl == NULL ||
				   !purl_accepts(&rule->purl_split, target->purl))) {
		return false;
	}
	if (rule->version != NULL && !optional_equal(rule->version, finding->pkg_version)) {
		return false;
	}
	if (rule->path != NULL && !path_matches(rule->path, finding)) {
		return false;
	}
	if (rule->image != NULL && !image_matches(rule->image, target)) {
		return false;
	}
	if (rule->fix_state != NULL &&
	    strcmp(rule->fix_state, assay_fix_state_name(finding->fix_state)) != 0) {
		return false;
	}
	return rule->package_type == NULL || type_matches(rule->package_type, target);
}
