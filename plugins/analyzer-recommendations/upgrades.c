/* SPDX-License-Identifier: Apache-2.0 */
/* The upgrade rule: for each package with fixed versions, the one version that fixes all its
 * findings. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "recommendations.h"

#define CATEGORY "Package Updates"
#define DEFAULT_MAX_UPGRADES 20
/* Ids, versions and package names listed in one sentence before "and N more". */
#define MAX_LISTED_IDS 5
#define MAX_LISTED_PACKAGES 10

/* Marks the end of a package's member list. */
#define NO_MEMBER SIZE_MAX

/* An open vulnerability that names a package, linked to the next one of its package. */
typedef struct {
	const assay_finding *finding;
	size_t next; /* the next member of the same package in run order, or NO_MEMBER */
} member;

/*
 * The open vulnerabilities of one package version (ecosystem, name,
 * installed version), with the counts that rank its upgrade.
 */
typedef struct {
	char ecosystem[32];
	const char *name;
	const char *installed; /* of the first member; compared as "" when NULL */
	size_t first;	       /* first and last member in run order */
	size_t last;
	size_t member_count;
	size_t fixable;				  /* members with a fixed version */
	size_t by_severity[ASSAY_SEVERITY_COUNT]; /* of the fixable members */
} package;

/* A slot of the hash table: a package's hash, so that probes rarely load the package itself. */
typedef struct {
	uint64_t hash;
	size_t package; /* the package's index + 1, or 0 for a free slot */
} package_slot;

/* The packages of a run, found by an open-addressing hash table with linear probing. */
typedef struct {
	member *members;
	size_t member_count;
	package *packages; /* in the order their first member appears in the run */
	size_t package_count;
	package_slot *slots;
	size_t slot_mask;
	uint64_t seed;
} package_table;

/* The upgrade of one package, built only for the packages that get their own recommendation. */
typedef struct {
	const char *ecosystem;
	const char *name;
	const char *installed;
	version_scheme scheme;
	size_t fixable;				  /* findings with a fixed version */
	size_t unfixed;				  /* findings without one */
	size_t by_severity[ASSAY_SEVERITY_COUNT]; /* of the fixable findings */
	size_t images;
	const char *target; /* the version that fixes every finding, or NULL when unordered */
	string_set versions; /* distinct fixed versions, used when `target` is NULL */
	string_set ids;	     /* distinct ids of the fixable findings */
	string_set paths;    /* distinct package paths of the fixable findings */
} upgrade;

/* A member of the package being built and its position in the run, which breaks ties of ids. */
typedef struct {
	const assay_finding *finding;
	size_t order;
} ordered_finding;

static const char *or_empty(const char *text)
{
	return text != NULL ? text : "";
}

/* The purl type of the finding, or else its package type, cut to `size` - 1 bytes. */
static void ecosystem_of(const assay_finding *finding, char *out, size_t size)
{
	purl_type_of(finding, out, size);
	if (out[0] == '\0' && finding->pkg_type != NULL) {
		strncpy(out, finding->pkg_type, size - 1);
		out[size - 1] = '\0';
	}
}

/* FNV-1a over the bytes of `text` and its terminating byte, which separates the keys. */
static uint64_t hash_text(uint64_t hash, const char *text)
{
	const unsigned char *c = (const unsigned char *)text;

	do {
		hash = (hash ^ *c) * 0x100000001b3u;
	} while (*c++ != '\0');
	return hash;
}

/* Spread every bit of `hash` over the low bits that pick a slot (MurmurHash3's finalizer). */
static uint64_t mix_hash(uint64_t hash)
{
	hash ^= hash >> 33;
	hash *= 0xff51afd7ed558ccdu;
	hash ^= hash >> 33;
	hash *= 0xc4ceb9fe1a85ec53u;
	return hash ^ (hash >> 33);
}

static bool is_package(const package *p, const char *ecosystem, const assay_finding *finding)
{
	return strcmp(p->ecosystem, ecosystem) == 0 &&
	       strcmp(p->name, finding->pkg_name) == 0 &&
	       strcmp(or_empty(p->installed), or_empty(finding->pkg_version)) == 0;
}

/* The package of `finding`, added when new. The table has a free slot for every finding. */
static package *find_package(package_table *table, const char *ecosystem,
			     const assay_finding *finding)
{
	uint64_t hash = hash_text(table->seed, ecosystem);
	size_t slot;
	package *p;

	hash = hash_text(hash, finding->pkg_name);
	hash = mix_hash(hash_text(hash, or_empty(finding->pkg_version)));
	for (slot = (size_t)hash & table->slot_mask; table->slots[slot].package != 0;
	     slot = (slot + 1) & table->slot_mask) {
		p = &table->packages[table->slots[slot].package - 1];
		if (table->slots[slot].hash == hash && is_package(p, ecosystem, finding)) {
			return p;
		}
	}
	p = &table->packages[table->package_count++];
	table->slots[slot].hash = hash;
	table->slots[slot].package = table->package_count;
	memset(p, 0, sizeof(*p));
	memcpy(p->ecosystem, ecosystem, sizeof(p->ecosystem));
	p->name = finding->pkg_name;
	p->installed = finding->pkg_version;
	p->first = NO_MEMBER;
	return p;
}

static void add_member(package_table *table, package *p, const assay_finding *finding)
{
	size_t at = table->member_count++;

	table->members[at].finding = finding;
	table->members[at].next = NO_MEMBER;
	if (p->first == NO_MEMBER) {
		p->first = at;
	} else {
		table->members[p->last].next = at;
	}
	p->last = at;
	p->member_count++;
	if (finding->fixed_versions.count > 0) {
		p->fixable++;
		p->by_severity[finding->severity]++;
	}
}

static int table_init(package_table *table, size_t findings)
{
	size_t slots = 16;

	memset(table, 0, sizeof(*table));
	/* At least twice as many slots as findings keeps the probe sequences short. */
	while (slots < findings * 2 && slots <= SIZE_MAX / 4) {
		slots *= 2;
	}
	table->members = malloc((findings != 0 ? findings : 1) * sizeof(*table->members));
	table->packages = malloc((findings != 0 ? findings : 1) * sizeof(*table->packages));
	table->slots = calloc(slots, sizeof(*table->slots));
	table->slot_mask = slots - 1;
	/*
	 * A seed that differs between runs keeps a crafted report from making
	 * every key share one probe sequence. Nothing in the output depends on
	 * it: packages keep the order in which the run first names them.
	 */
	table->seed = 0xcbf29ce484222325u ^ (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)table->slots;
	return table->members != NULL && table->packages != NULL && table->slots != NULL
		   ? 0
		   : ASSAY_ENOMEM;
}

static void table_dispose(package_table *table)
{
	free(table->members);
	free(table->packages);
	free(table->slots);
	memset(table, 0, sizeof(*table));
}

/*
 * Prefetch the strings that key the package of the finding half the
 * prefetch distance ahead. prefetch_ahead prefetched its fields earlier,
 * so reading the pointers here seldom waits.
 */
static void prefetch_package_texts(assay_ctx *ctx, size_t index, size_t count)
{
	const assay_finding *later;

	if (index + PREFETCH_DISTANCE / 2 >= count) {
		return;
	}
	later = assay_finding_at(ctx, index + PREFETCH_DISTANCE / 2);
	if (later->kind != ASSAY_KIND_VULNERABILITY || later->pkg_name == NULL) {
		return;
	}
	PREFETCH(later->pkg_name);
	if (later->pkg_version != NULL) {
		PREFETCH(later->pkg_version);
	}
	if (later->pkg_type != NULL) {
		PREFETCH(later->pkg_type);
	}
	if (later->purl != NULL) {
		PREFETCH(later->purl);
	}
}

/* Group the open vulnerabilities that name a package by package, in one pass over the run. */
static int collect(assay_ctx *ctx, package_table *table)
{
	size_t n = assay_finding_count(ctx);
	size_t i;
	int err = table_init(table, n);

	for (i = 0; i < n && err == 0; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);
		char ecosystem[sizeof(table->packages[0].ecosystem)];

		prefetch_ahead(ctx, i, n);
		prefetch_package_texts(ctx, i, n);
		if (finding->kind != ASSAY_KIND_VULNERABILITY || !is_open(finding) ||
		    finding->pkg_name == NULL) {
			continue;
		}
		ecosystem_of(finding, ecosystem, sizeof(ecosystem));
		add_member(table, find_package(table, ecosystem, finding), finding);
	}
	return err;
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
	if (!string_set_add(&u->ids, finding->id) ||
	    (finding->pkg_path != NULL && !string_set_add(&u->paths, finding->pkg_path))) {
		return false;
	}
	if (fix == NULL) {
		*orderable = false;
		for (i = 0; i < finding->fixed_versions.count; i++) {
			if (!string_set_add(&u->versions, version_strip_operator(
							      finding->fixed_versions.items[i]))) {
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
	return string_set_add(&u->versions, fix);
}

static int compare_addresses(const void *a, const void *b)
{
	uintptr_t left = (uintptr_t)*(const assay_image *const *)a;
	uintptr_t right = (uintptr_t)*(const assay_image *const *)b;

	return left < right ? -1 : left > right;
}

/* The number of distinct images of the findings. Returns false on out-of-memory. */
static bool count_images(assay_ctx *ctx, const ordered_finding *group, size_t count,
			 size_t *images)
{
	const assay_image **list = malloc((count != 0 ? count : 1) * sizeof(*list));
	size_t used = 0;
	size_t i;

	*images = 0;
	if (list == NULL) {
		return false;
	}
	for (i = 0; i < count; i++) {
		const assay_image *image = assay_image_of(ctx, group[i].finding);

		if (image != NULL) {
			list[used++] = image;
		}
	}
	qsort(list, used, sizeof(*list), compare_addresses);
	for (i = 0; i < used; i++) {
		*images += i == 0 || list[i] != list[i - 1] ? 1 : 0;
	}
	free(list);
	return true;
}

/* By id, then in run order: the order that decides which member comes first. */
static int compare_ordered_findings(const void *a, const void *b)
{
	const ordered_finding *left = a;
	const ordered_finding *right = b;
	int order = strcmp(left->finding->id, right->finding->id);

	if (order != 0) {
		return order;
	}
	return left->order < right->order ? -1 : left->order > right->order;
}

/* Build the upgrade of one group of findings of the same package. Returns false on out-of-memory.
 */
static bool build_group(assay_ctx *ctx, const char *ecosystem, const ordered_finding *group,
			size_t count, upgrade *out)
{
	bool orderable = true;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->ecosystem = ecosystem;
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
	return count_images(ctx, group, count, &out->images);
}

/*
 * Build the upgrade of package `p`, folding its findings in by id. Where
 * versions compare equal, the first one folded in stays the target, so
 * this order is part of the output. Returns false on out-of-memory.
 */
static bool build_upgrade(assay_ctx *ctx, const package_table *table, const package *p,
			  upgrade *out)
{
	ordered_finding *group = malloc(p->member_count * sizeof(*group));
	size_t count = 0;
	size_t at;
	bool built;

	memset(out, 0, sizeof(*out));
	if (group == NULL) {
		return false;
	}
	for (at = p->first; at != NO_MEMBER && count < p->member_count;
	     at = table->members[at].next) {
		group[count].finding = table->members[at].finding;
		group[count].order = at;
		count++;
	}
	qsort(group, count, sizeof(*group), compare_ordered_findings);
	built = build_group(ctx, p->ecosystem, group, count, out);
	free(group);
	return built;
}

static void upgrade_dispose(upgrade *u)
{
	string_set_dispose(&u->versions);
	string_set_dispose(&u->ids);
	string_set_dispose(&u->paths);
}

/* Most impact first: more CRITICAL, then HIGH … findings, then more findings, then by name. */
static int compare_packages(const package *left, const package *right)
{
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

static int compare_package_pointers(const void *a, const void *b)
{
	return compare_packages(*(const package *const *)a, *(const package *const *)b);
}

/* Move the entry at `at` down the heap of `count` entries whose root ranks last. */
static void sift_down(const package **heap, size_t count, size_t at)
{
	for (;;) {
		size_t child = 2 * at + 1;
		const package *swap;

		if (child >= count) {
			return;
		}
		if (child + 1 < count && compare_packages(heap[child + 1], heap[child]) > 0) {
			child++;
		}
		if (compare_packages(heap[child], heap[at]) <= 0) {
			return;
		}
		swap = heap[at];
		heap[at] = heap[child];
		heap[child] = swap;
		at = child;
	}
}

/*
 * Put the `keep` packages that rank first at the start of `ranked`, in
 * rank order; the rest follow in no order. Packages never rank equal, so
 * the result is the head of a full sort, found in O(n log keep).
 */
static void rank_first(const package **ranked, size_t count, size_t keep)
{
	size_t i;

	if (keep > count) {
		keep = count;
	}
	for (i = keep / 2; keep > 0 && i-- > 0;) {
		sift_down(ranked, keep, i);
	}
	for (i = keep; keep > 0 && i < count; i++) {
		if (compare_packages(ranked[i], ranked[0]) < 0) {
			const package *swap = ranked[0];

			ranked[0] = ranked[i];
			ranked[i] = swap;
			sift_down(ranked, keep, 0);
		}
	}
	qsort(ranked, keep, sizeof(*ranked), compare_package_pointers);
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
		text_append_list(&text, u->versions.items, u->versions.count, MAX_LISTED_IDS);
	}
	if (u->images > 1) {
		text_append(&text, " in %zu images", u->images);
	}

	text_append(&rationale, "Fixes %zu finding(s) (", u->fixable);
	text_append_severities(&rationale, u->by_severity);
	text_append(&rationale, "): ");
	text_append_list(&rationale, u->ids.items, u->ids.count, MAX_LISTED_IDS);
	if (u->paths.count > 1) {
		text_append(&rationale, "; the package is installed at %zu paths", u->paths.count);
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

/*
 * One recommendation for the packages ranked past the cap, `rest` in rank
 * order, so none goes unmentioned.
 */
static int recommend_rest(assay_ctx *ctx, const package *const *rest, size_t count)
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
			by_severity[severity] += rest[i]->by_severity[severity];
		}
		findings += rest[i]->fixable;
		if (i < MAX_LISTED_PACKAGES) {
			names[i] = rest[i]->name;
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

/* The packages with at least one fixable finding, in `*out`, the first `keep` of them ranked. */
static int rank_packages(const package_table *table, size_t keep, const package ***out,
			 size_t *count)
{
	const package **ranked =
	    malloc((table->package_count != 0 ? table->package_count : 1) * sizeof(*ranked));
	size_t i;

	*out = ranked;
	*count = 0;
	if (ranked == NULL) {
		return ASSAY_ENOMEM;
	}
	for (i = 0; i < table->package_count; i++) {
		if (table->packages[i].fixable > 0) {
			ranked[(*count)++] = &table->packages[i];
		}
	}
	rank_first(ranked, *count, keep);
	return 0;
}

/* One recommendation for each of the first `max` packages in rank order. */
static int recommend_ranked(assay_ctx *ctx, const package_table *table,
			    const package *const *ranked, size_t count)
{
	size_t i;
	int err = 0;

	for (i = 0; i < count && err == 0; i++) {
		upgrade u;

		if (!build_upgrade(ctx, table, ranked[i], &u)) {
			err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		} else {
			err = recommend_upgrade(ctx, &u);
		}
		upgrade_dispose(&u);
	}
	return err;
}

int recommend_upgrades(assay_ctx *ctx)
{
	package_table table;
	const package **ranked = NULL;
	size_t count = 0;
	size_t max = 0;
	int err = read_max_upgrades(ctx, &max);

	if (err != 0) {
		return err;
	}
	err = collect(ctx, &table);
	if (err == 0) {
		/* The rest's recommendation names the first packages past the cap, in order. */
		err = rank_packages(&table, max + MAX_LISTED_PACKAGES, &ranked, &count);
	}
	if (err != 0) {
		err = assay_error(ctx, err, "out of memory");
		goto out;
	}
	err = recommend_ranked(ctx, &table, ranked, count < max ? count : max);
	if (err == 0 && count > max) {
		err = recommend_rest(ctx, ranked + max, count - max);
	}

out:
	free(ranked);
	table_dispose(&table);
	return err;
}
