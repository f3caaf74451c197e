/* SPDX-License-Identifier: Apache-2.0 */
/* The upgrade rule: for each package with fixed versions, the one version that fixes all its
 * findings. */
#include <stdlib.h>
#include <string.h>

#include "recommendations.h"

#define CATEGORY "Package Updates"
#define DEFAULT_MAX_UPGRADES 20
/* Ids, versions and package names listed in one sentence before "and N more". */
#define MAX_LISTED_IDS 5
#define MAX_LISTED_PACKAGES 10

/* A vulnerability that is not ignored, with the ecosystem it is grouped by. */
typedef struct {
	const assay_finding *finding;
	char ecosystem[32];
} package_finding;

/* The findings of one package version (ecosystem, name, installed version). */
typedef struct {
	const char *ecosystem;
	const char *name;
	const char *installed;
	version_scheme scheme;
	size_t fixable;				  /* findings with a fixed version */
	size_t unfixed;				  /* findings without one */
	size_t by_severity[ASSAY_SEVERITY_COUNT]; /* of the fixable findings */
	size_t images;
	const char *target;    /* the version that fixes every finding, or NULL when unordered */
	const char **versions; /* distinct fixed versions, sorted, when `target` is NULL */
	size_t version_count;
	const char **ids; /* distinct ids of the fixable findings, sorted */
	size_t id_count;
	const char **paths; /* distinct package paths of the fixable findings */
	size_t path_count;
} upgrade;

static const char *or_empty(const char *text)
{
	return text != NULL ? text : "";
}

static int compare_package_findings(const void *a, const void *b)
{
	const package_finding *left = a;
	const package_finding *right = b;
	int order = strcmp(left->ecosystem, right->ecosystem);

	if (order == 0) {
		order = strcmp(left->finding->pkg_name, right->finding->pkg_name);
	}
	if (order == 0) {
		order = strcmp(or_empty(left->finding->pkg_version),
			       or_empty(right->finding->pkg_version));
	}
	if (order == 0) {
		order = strcmp(left->finding->id, right->finding->id);
	}
	return order;
}

static bool same_package(const package_finding *a, const package_finding *b)
{
	return strcmp(a->ecosystem, b->ecosystem) == 0 &&
	       strcmp(a->finding->pkg_name, b->finding->pkg_name) == 0 &&
	       strcmp(or_empty(a->finding->pkg_version), or_empty(b->finding->pkg_version)) == 0;
}

/* Collect the open vulnerabilities that name a package, sorted by package. */
static package_finding *collect(assay_ctx *ctx, size_t *count)
{
	size_t n = assay_finding_count(ctx);
	package_finding *list = malloc((n != 0 ? n : 1) * sizeof(*list));
	size_t i;

	*count = 0;
	if (list == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);
		package_finding *entry = &list[*count];

		if (finding->kind != ASSAY_KIND_VULNERABILITY || !is_open(finding) ||
		    finding->pkg_name == NULL) {
			continue;
		}
		entry->finding = finding;
		purl_type_of(finding, entry->ecosystem, sizeof(entry->ecosystem));
		if (entry->ecosystem[0] == '\0' && finding->pkg_type != NULL) {
			strncpy(entry->ecosystem, finding->pkg_type, sizeof(entry->ecosystem) - 1);
			entry->ecosystem[sizeof(entry->ecosystem) - 1] = '\0';
		}
		(*count)++;
	}
	qsort(list, *count, sizeof(*list), compare_package_findings);
	return list;
}

/*
 * The fixed version of one finding that applies to the installed version:
 * its only fixed version, or else the lowest one above the installed
 * version. NULL when the versions cannot be ordered.
 */
static const char *finding_fix(const assay_finding *finding, version_scheme scheme)
{
	const char *best = NULL;
	size_t i;

	if (finding->fixed_versions.count == 1) {
		return version_strip_operator(finding->fixed_versions.items[0]);
	}
	for (i = 0; i < finding->fixed_versions.count; i++) {
		const char *version = version_strip_operator(finding->fixed_versions.items[i]);
		int order = 0;

		if (version_compare(version, finding->pkg_version, scheme, &order) != 0) {
			return NULL;
		}
		if (order <= 0) {
			continue;
		}
		if (best != NULL && version_compare(version, best, scheme, &order) != 0) {
			return NULL;
		}
		if (best == NULL || order < 0) {
			best = version;
		}
	}
	return best;
}

/* Fold one fixable finding into the upgrade: its fix, severity and id. */
static bool add_fix(upgrade *u, const assay_finding *finding, bool *orderable)
{
	const char *fix = finding_fix(finding, u->scheme);
	int order = 0;
	size_t i;

	u->fixable++;
	u->by_severity[finding->severity]++;
	if (!sorted_set_add(&u->ids, &u->id_count, finding->id) ||
	    (finding->pkg_path != NULL &&
	     !sorted_set_add(&u->paths, &u->path_count, finding->pkg_path))) {
		return false;
	}
	if (fix == NULL) {
		*orderable = false;
		for (i = 0; i < finding->fixed_versions.count; i++) {
			if (!sorted_set_add(
				&u->versions, &u->version_count,
				version_strip_operator(finding->fixed_versions.items[i]))) {
				return false;
			}
		}
		return true;
	}
	if (*orderable && u->target != NULL &&
	    version_compare(fix, u->target, u->scheme, &order) != 0) {
		*orderable = false;
	}
	if (*orderable && (u->target == NULL || order > 0)) {
		u->target = fix;
	}
	return sorted_set_add(&u->versions, &u->version_count, fix);
}

static size_t count_images(assay_ctx *ctx, const package_finding *group, size_t count)
{
	size_t images = assay_image_count(ctx);
	size_t seen = 0;
	size_t i;
	size_t j;

	for (i = 0; i < images; i++) {
		const assay_image *image = assay_image_at(ctx, i);

		for (j = 0; j < count; j++) {
			if (assay_image_of(ctx, group[j].finding) == image) {
				seen++;
				break;
			}
		}
	}
	return seen;
}

/* Build the upgrade of one group of findings of the same package. Returns false on out-of-memory.
 */
static bool build_upgrade(assay_ctx *ctx, const package_finding *group, size_t count, upgrade *out)
{
	bool orderable = true;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->ecosystem = group[0].ecosystem;
	out->name = group[0].finding->pkg_name;
	out->installed = group[0].finding->pkg_version;
	out->scheme = scheme_of(group[0].finding);
	for (i = 0; i < count; i++) {
		const assay_finding *finding = group[i].finding;

		if (finding->fixed_versions.count == 0) {
			out->unfixed++;
		} else if (!add_fix(out, finding, &orderable)) {
			return false;
		}
	}
	if (!orderable) {
		out->target = NULL;
	}
	out->images = count_images(ctx, group, count);
	return true;
}

static void upgrade_dispose(upgrade *u)
{
	free(u->versions);
	free(u->ids);
	free(u->paths);
}

/* Most impact first: more CRITICAL, then HIGH … findings, then more findings, then by name. */
static int compare_upgrades(const void *a, const void *b)
{
	const upgrade *left = a;
	const upgrade *right = b;
	int severity;
	int order;

	for (severity = ASSAY_SEVERITY_CRITICAL; severity >= 0; severity--) {
		if (left->by_severity[severity] != right->by_severity[severity]) {
			return left->by_severity[severity] > right->by_severity[severity] ? -1 : 1;
		}
	}
	if (left->fixable != right->fixable) {
		return left->fixable > right->fixable ? -1 : 1;
	}
	order = strcmp(left->name, right->name);
	if (order == 0) {
		order = strcmp(or_empty(left->installed), or_empty(right->installed));
	}
	return order != 0 ? order : strcmp(left->ecosystem, right->ecosystem);
}

/* Append up to `max` items of a list, then "and N more". */
static void text_append_list(text_buffer *text, const char *const *items, size_t count, size_t max)
{
	size_t i;

	for (i = 0; i < count && i < max; i++) {
		text_append(text, "%s%s", i > 0 ? ", " : "", items[i]);
	}
	if (count > max) {
		text_append(text, " and %zu more", count - max);
	}
}

static int recommend_upgrade(assay_ctx *ctx, const upgrade *u)
{
	text_buffer text = {0};
	text_buffer rationale = {0};

	text_append(&text, "Upgrade %s", u->name);
	if (u->installed != NULL) {
		text_append(&text, " from %s", u->installed);
	}
	if (u->target != NULL) {
		text_append(&text, " to %s", u->target);
	} else {
		text_append(&text, " to a version that includes the fixes in ");
		text_append_list(&text, u->versions, u->version_count, MAX_LISTED_IDS);
	}
	if (u->images > 1) {
		text_append(&text, " in %zu images", u->images);
	}

	text_append(&rationale, "Fixes %zu finding(s) (", u->fixable);
	text_append_severities(&rationale, u->by_severity);
	text_append(&rationale, "): ");
	text_append_list(&rationale, u->ids, u->id_count, MAX_LISTED_IDS);
	if (u->path_count > 1) {
		text_append(&rationale, "; the package is installed at %zu paths", u->path_count);
	}
	if (u->target == NULL) {
		text_append(&rationale, "; these fixed versions cannot be ordered, so check which "
					"release includes them all");
	}
	if (u->unfixed > 0) {
		text_append(&rationale,
			    "; %zu more finding(s) of this package have no fixed version",
			    u->unfixed);
	}
	return recommend(ctx, CATEGORY, priority_of(u->by_severity), &text, &rationale);
}

/* One recommendation for the upgrades past the cap, so none goes unmentioned. */
static int recommend_rest(assay_ctx *ctx, const upgrade *rest, size_t count)
{
	size_t by_severity[ASSAY_SEVERITY_COUNT] = {0};
	const char *names[MAX_LISTED_PACKAGES];
	text_buffer text = {0};
	text_buffer rationale = {0};
	size_t findings = 0;
	size_t i;
	int severity;

	for (i = 0; i < count; i++) {
		for (severity = 0; severity < ASSAY_SEVERITY_COUNT; severity++) {
			by_severity[severity] += rest[i].by_severity[severity];
		}
		findings += rest[i].fixable;
		if (i < MAX_LISTED_PACKAGES) {
			names[i] = rest[i].name;
		}
	}
	text_append(&text, "Upgrade %zu more package(s) that have fixed versions", count);
	text_append(&rationale, "They fix %zu finding(s) (", findings);
	text_append_severities(&rationale, by_severity);
	text_append(&rationale, "): ");
	text_append_list(&rationale, names, count, MAX_LISTED_PACKAGES);
	return recommend(ctx, CATEGORY, priority_of(by_severity), &text, &rationale);
}

static int read_max_upgrades(assay_ctx *ctx, size_t *out)
{
	const char *value = assay_option_get(ctx, "recommend-max-upgrades");
	char *end = NULL;
	long long number;

	*out = DEFAULT_MAX_UPGRADES;
	if (value == NULL) {
		return 0;
	}
	number = value[0] >= '0' && value[0] <= '9' ? strtoll(value, &end, 10) : -1;
	if (number < 0 || number > 100000 || end == NULL || *end != '\0') {
		return assay_error(ctx, ASSAY_EINVAL,
				   "invalid --option recommend-max-upgrades='%s': expected a whole "
				   "number from 0 to 100000",
				   value);
	}
	*out = (size_t)number;
	return 0;
}

/* Group the findings into upgrades with at least one fixable finding, in `*out`. */
static int build_upgrades(assay_ctx *ctx, const package_finding *list, size_t count, upgrade **out,
			  size_t *upgrade_count)
{
	upgrade *upgrades = malloc((count != 0 ? count : 1) * sizeof(*upgrades));
	size_t start = 0;

	*upgrade_count = 0;
	if (upgrades == NULL) {
		return ASSAY_ENOMEM;
	}
	while (start < count) {
		size_t end = start + 1;
		upgrade *u = &upgrades[*upgrade_count];

		while (end < count && same_package(&list[start], &list[end])) {
			end++;
		}
		if (!build_upgrade(ctx, list + start, end - start, u)) {
			upgrade_dispose(u);
			*out = upgrades;
			return ASSAY_ENOMEM;
		}
		if (u->fixable > 0) {
			(*upgrade_count)++;
		} else {
			upgrade_dispose(u);
		}
		start = end;
	}
	*out = upgrades;
	return 0;
}

int recommend_upgrades(assay_ctx *ctx)
{
	package_finding *list = NULL;
	upgrade *upgrades = NULL;
	size_t count = 0;
	size_t upgrade_count = 0;
	size_t max = 0;
	size_t i;
	int err = read_max_upgrades(ctx, &max);

	if (err != 0) {
		return err;
	}
	list = collect(ctx, &count);
	err = list != NULL ? build_upgrades(ctx, list, count, &upgrades, &upgrade_count)
			   : ASSAY_ENOMEM;
	if (err != 0) {
		err = assay_error(ctx, err, "out of memory");
		goto out;
	}
	qsort(upgrades, upgrade_count, sizeof(*upgrades), compare_upgrades);
	for (i = 0; i < upgrade_count && i < max && err == 0; i++) {
		err = recommend_upgrade(ctx, &upgrades[i]);
	}
	if (err == 0 && upgrade_count > max) {
		err = recommend_rest(ctx, upgrades + max, upgrade_count - max);
	}

out:
	for (i = 0; i < upgrade_count; i++) {
		upgrade_dispose(&upgrades[i]);
	}
	free(upgrades);
	free(list);
	return err;
}
