/* SPDX-License-Identifier: Apache-2.0 */
/* The finding store: allocation, merging of equal findings, fingerprints, order. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

const char *store_strdup(assay_run *run, const char *value)
{
	return value ? arena_strdup(&run->strings, value) : NULL;
}

/* Capacity of a list of `count` items: 4, then powers of two. */
static size_t list_capacity(size_t count)
{
	size_t capacity = 4;

	while (capacity < count) {
		capacity *= 2;
	}
	return capacity;
}

/* Append a copy of `value` unless the list contains it already. */
int store_list_append(assay_run *run, assay_strlist *list, const char *value)
{
	const char **items = (const char **)list->items;
	const char *copy;

	if (!value || !*value || assay_strlist_has(list, value)) {
		return 0;
	}
	if (list->count == 0 || (list->count >= 4 && list->count == list_capacity(list->count))) {
		size_t capacity = list->count == 0 ? 4 : list->count * 2;

		/* The old array stays in the arena, but lists are short, so little is lost. */
		items = arena_grow(&run->records, items, list->count * sizeof(*items),
				   capacity * sizeof(*items));
		if (!items) {
			return ASSAY_ENOMEM;
		}
		list->items = items;
	}
	copy = arena_strdup(&run->strings, value);
	if (!copy) {
		return ASSAY_ENOMEM;
	}
	items[list->count++] = copy;
	return 0;
}

finding_node *store_finding_new(assay_run *run)
{
	finding_node *node = run->spare;

	if (node) {
		run->spare = NULL;
	} else {
		node = arena_alloc(&run->records, sizeof(*node));
		if (!node) {
			return NULL;
		}
	}
	memset(node, 0, sizeof(*node));
	node->pub.known_exploited = -1;
	node->pub.epss = -1;
	node->pub.epss_percentile = -1;
	return node;
}

void store_finding_discard(assay_run *run, finding_node *node)
{
	/* Its lists stay in the arena until the run ends, and the node itself is reused. */
	if (node && !node->stored) {
		run->spare = node;
	}
}

/* A path without leading "/" or "./", so "/usr/lib/x" and "usr/lib/x" are one place. */
static const char *normalize_path(const char *path)
{
	if (!path) {
		return "";
	}
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

static bool is_cve(const char *id)
{
	return id && strncasecmp(id, "CVE-", 4) == 0;
}

/*
 * The place part of the merge key: where in the artifact the finding is.
 * OS packages have no package path, so Trivy's and Grype's reports of one
 * image meet on the image alone.
 */
static void add_place(strbuf *key, const finding_node *node)
{
	const assay_finding *f = &node->pub;
	char line[32];

	if (node->image) {
		strbuf_add(key, node->image->pub.image_id ? node->image->pub.image_id
							    : node->image->pub.name);
	} else {
		strbuf_add(key, f->target ? f->target : "");
	}
	strbuf_addc(key, '\x1f');
	if (f->kind == ASSAY_KIND_VULNERABILITY && f->pkg_name) {
		strbuf_add(key, normalize_path(f->pkg_path));
		return;
	}
	strbuf_add(key, normalize_path(f->file ? f->file : f->pkg_path));
	snprintf(line, sizeof(line), "\x1f%d", f->start_line);
	strbuf_add(key, line);
}

/* The merge key of `node` under one of its ids; NULL on out-of-memory. */
static const char *merge_key(assay_run *run, strbuf *key, const finding_node *node,
			     const char *id)
{
	const assay_finding *f = &node->pub;

	strbuf_reset(key);
	strbuf_add(key, assay_kind_name(f->kind));
	strbuf_addc(key, '\x1f');
	strbuf_add(key, id);
	strbuf_addc(key, '\x1f');
	strbuf_add(key, f->pkg_name ? f->pkg_name : "");
	strbuf_addc(key, '\x1f');
	strbuf_add(key, f->pkg_version ? f->pkg_version : "");
	strbuf_addc(key, '\x1f');
	add_place(key, node);
	if (key->failed) {
		return NULL;
	}
	(void)run;
	return key->data;
}

/* Fill what `into` lacks from `from`; both were reported for the same finding. */
static int merge_fields(assay_run *run, assay_finding *into, const assay_finding *from)
{
	const char **into_strings[] = {&into->raw_severity, &into->pkg_type, &into->purl,
				       &into->pkg_path, &into->layer, &into->file,
				       &into->title, &into->description, &into->message,
				       &into->resolution, &into->category, &into->primary_url,
				       &into->published};
	const char *from_strings[] = {from->raw_severity, from->pkg_type, from->purl,
				      from->pkg_path, from->layer, from->file,
				      from->title, from->description, from->message,
				      from->resolution, from->category, from->primary_url,
				      from->published};
	const assay_strlist *from_lists[] = {&from->aliases, &from->fixed_versions, &from->urls,
					     &from->cwes, &from->scanners, &from->tags};
	assay_strlist *into_lists[] = {&into->aliases, &into->fixed_versions, &into->urls,
				       &into->cwes, &into->scanners, &into->tags};
	size_t i;
	size_t j;
	int err = 0;

	for (i = 0; i < sizeof(from_strings) / sizeof(*from_strings); i++) {
		if (!*into_strings[i] && from_strings[i]) {
			*into_strings[i] = from_strings[i]; /* both live in the run's arena */
		}
	}
	for (i = 0; i < sizeof(from_lists) / sizeof(*from_lists) && !err; i++) {
		for (j = 0; j < from_lists[i]->count && !err; j++) {
			err = store_list_append(run, into_lists[i], from_lists[i]->items[j]);
		}
	}
	if (!err && strcmp(into->id, from->id) != 0) {
		err = store_list_append(run, &into->aliases, from->id);
	}

	if (into->fix_state == ASSAY_FIX_UNKNOWN ||
	    (from->fix_state == ASSAY_FIX_FIXED && into->fix_state == ASSAY_FIX_NOT_FIXED)) {
		into->fix_state = from->fix_state;
	}
	if (from->known_exploited > into->known_exploited) {
		into->known_exploited = from->known_exploited;
	}
	if (into->epss < 0) {
		into->epss = from->epss;
		into->epss_percentile = from->epss_percentile;
	}
	if (into->start_line == 0) {
		into->start_line = from->start_line;
		into->end_line = from->end_line;
	}
	return err;
}

int store_cvss_append(assay_run *run, finding_node *node, const assay_cvss *cvss)
{
	assay_finding *f = &node->pub;

	if (f->cvss_count == node->cvss_capacity) {
		size_t capacity = node->cvss_capacity ? node->cvss_capacity * 2 : 2;
		const assay_cvss *grown = arena_grow(&run->records, f->cvss,
						     f->cvss_count * sizeof(*grown),
						     capacity * sizeof(*grown));

		if (!grown) {
			return ASSAY_ENOMEM;
		}
		f->cvss = grown;
		node->cvss_capacity = capacity;
	}
	((assay_cvss *)f->cvss)[f->cvss_count++] = *cvss;
	return 0;
}

/* Add the CVSS sources of `from` that `into` lacks. */
static int merge_cvss(assay_run *run, finding_node *into, const assay_finding *from)
{
	size_t i;
	size_t j;

	for (i = 0; i < from->cvss_count; i++) {
		bool present = false;
		int err;

		for (j = 0; j < into->pub.cvss_count && !present; j++) {
			const char *a = into->pub.cvss[j].source;
			const char *b = from->cvss[i].source;

			present = a && b && strcmp(a, b) == 0;
		}
		if (present) {
			continue;
		}
		err = store_cvss_append(run, into, &from->cvss[i]);
		if (err) {
			return err;
		}
	}
	return 0;
}

/*
 * Record that two scanners disagree on severity: keep the higher one and
 * keep each scanner's word in raw_severity, e.g. "trivy: HIGH; grype: Medium".
 */
static int merge_severity(assay_run *run, assay_finding *into, const assay_finding *from)
{
	strbuf raw = {0};
	const char *first = into->scanners.count ? into->scanners.items[0] : "?";
	const char *second = from->scanners.count ? from->scanners.items[0] : "?";

	if (into->severity == from->severity) {
		return 0;
	}
	into->severity_disagreement = true;
	if (strcmp(first, second) != 0 && into->raw_severity && from->raw_severity &&
	    !strstr(into->raw_severity, "; ")) {
		strbuf_add(&raw, first);
		strbuf_add(&raw, ": ");
		strbuf_add(&raw, into->raw_severity);
		strbuf_add(&raw, "; ");
		strbuf_add(&raw, second);
		strbuf_add(&raw, ": ");
		strbuf_add(&raw, from->raw_severity);
		if (raw.failed) {
			strbuf_dispose(&raw);
			return ASSAY_ENOMEM;
		}
		into->raw_severity = arena_strdup(&run->strings, raw.data);
		strbuf_dispose(&raw);
		if (!into->raw_severity) {
			return ASSAY_ENOMEM;
		}
	}
	if (from->severity > into->severity) {
		into->severity = from->severity;
		into->original_severity = from->severity;
	}
	return 0;
}

/* Drop `id` from the aliases: after a merge the id may have come in as an alias. */
static void remove_alias(assay_finding *f, const char *id)
{
	const char **items = (const char **)f->aliases.items;
	size_t kept = 0;
	size_t i;

	for (i = 0; i < f->aliases.count; i++) {
		if (strcmp(items[i], id) != 0) {
			items[kept++] = items[i];
		}
	}
	f->aliases.count = kept;
}

static int merge_into(assay_run *run, finding_node *into, const finding_node *from)
{
	int err;

	/* A CVE id is the one most tools and people search for: prefer it as the id. */
	if (!is_cve(into->pub.id) && is_cve(from->pub.id)) {
		const char *old = into->pub.id;

		into->pub.id = from->pub.id;
		err = store_list_append(run, &into->pub.aliases, old);
		if (err) {
			return err;
		}
	}
	err = merge_severity(run, &into->pub, &from->pub);
	if (!err) {
		err = merge_fields(run, &into->pub, &from->pub);
	}
	if (!err) {
		err = merge_cvss(run, into, &from->pub);
	}
	remove_alias(&into->pub, into->pub.id);
	return err;
}

/* Index `node` (at position index - 1) under its id and every alias. */
static int index_finding(assay_run *run, strbuf *key, const finding_node *node, size_t index)
{
	const char *text = merge_key(run, key, node, node->pub.id);
	size_t i;
	int err;

	for (i = 0;; i++) {
		if (!text) {
			return ASSAY_ENOMEM;
		}
		err = strmap_add_copy(&run->finding_index, &run->strings, text, index);
		if (err) {
			return err;
		}
		if (i >= node->pub.aliases.count) {
			return 0;
		}
		text = merge_key(run, key, node, node->pub.aliases.items[i]);
	}
}

/* Position + 1 of a stored finding equal to `node`, or 0. */
static size_t find_equal(assay_run *run, strbuf *key, const finding_node *node, int *err)
{
	const char *text = merge_key(run, key, node, node->pub.id);
	size_t found;
	size_t i;

	*err = 0;
	for (i = 0;; i++) {
		if (!text) {
			*err = ASSAY_ENOMEM;
			return 0;
		}
		found = strmap_get(&run->finding_index, text);
		if (found || i >= node->pub.aliases.count) {
			return found;
		}
		text = merge_key(run, key, node, node->pub.aliases.items[i]);
	}
}

int store_finding_add(assay_ctx *ctx, finding_node *node)
{
	assay_run *run = ctx->run;
	strbuf *key = &run->merge_key;
	size_t found;
	int err;

	found = find_equal(run, key, node, &err);
	if (err) {
		goto out;
	}

	if (found) {
		finding_node *existing = run->findings.items[found - 1];

		err = merge_into(run, existing, node);
		if (!err) {
			err = index_finding(run, key, existing, found);
		}
		store_finding_discard(run, node);
		node = NULL;
		goto out;
	}

	if (run->findings.count >= ASSAY_MAX_FINDINGS) {
		err = assay_error(ctx, ASSAY_ELIMIT,
				  "more than %d findings in one run; split the scan", ASSAY_MAX_FINDINGS);
		goto out;
	}
	err = vec_push(&run->findings, node);
	if (err) {
		goto out;
	}
	node->stored = true;
	err = index_finding(run, key, node, run->findings.count);
	node = NULL;

out:
	store_finding_discard(run, node);
	if (err == ASSAY_ENOMEM) {
		assay_error(ctx, err, "out of memory while storing findings");
	}
	return err;
}

/* Append "type/namespace/name" of a purl, or "type/name" from the package fields. */
static void add_package_identity(strbuf *b, const assay_finding *f)
{
	const char *purl = f->purl;

	if (purl && strncmp(purl, "pkg:", 4) == 0) {
		size_t len = strcspn(purl + 4, "@?#");
		size_t type_len = strcspn(purl + 4, "/");
		size_t i;

		/* The purl type is case-insensitive, so it is lowercased; names are kept. */
		for (i = 0; i < len; i++) {
			char c = purl[4 + i];

			if (i < type_len && c >= 'A' && c <= 'Z') {
				c = (char)(c - 'A' + 'a');
			}
			strbuf_addc(b, c);
		}
		return;
	}
	strbuf_add(b, f->pkg_type ? f->pkg_type : "");
	strbuf_addc(b, '/');
	strbuf_add(b, f->pkg_name ? f->pkg_name : "");
}

/* The id a fingerprint uses: the smallest CVE id among id and aliases, else the id. */
static const char *canonical_id(const assay_finding *f)
{
	const char *best = is_cve(f->id) ? f->id : NULL;
	size_t i;

	for (i = 0; i < f->aliases.count; i++) {
		const char *alias = f->aliases.items[i];

		if (is_cve(alias) && (!best || strcmp(alias, best) < 0)) {
			best = alias;
		}
	}
	return best ? best : f->id;
}

void store_compute_fingerprints(assay_run *run)
{
	strbuf b = {0};
	size_t i;

	for (i = 0; i < run->findings.count; i++) {
		finding_node *node = run->findings.items[i];
		const assay_finding *f = &node->pub;
		char line[32];

		strbuf_reset(&b);
		strbuf_add(&b, "assay-fingerprint-v1\x1f");
		strbuf_add(&b, assay_kind_name(f->kind));
		strbuf_addc(&b, '\x1f');
		strbuf_add(&b, canonical_id(f));
		strbuf_addc(&b, '\x1f');
		add_package_identity(&b, f);
		strbuf_addc(&b, '\x1f');
		strbuf_add(&b, f->pkg_version ? f->pkg_version : "");
		strbuf_addc(&b, '\x1f');
		strbuf_add(&b, normalize_path(f->pkg_path ? f->pkg_path : f->file));
		if (f->kind != ASSAY_KIND_VULNERABILITY) {
			snprintf(line, sizeof(line), "\x1f%d", f->start_line);
			strbuf_add(&b, line);
		}
		if (b.failed) {
			node->pub.fingerprint[0] = '\0';
			continue;
		}
		sha256_hex(node->pub.fingerprint, b.data, b.len);
	}
	strbuf_dispose(&b);
}

static int compare_strings(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int compare_findings(const void *pa, const void *pb)
{
	const assay_finding *a = *(const assay_finding *const *)pa;
	const assay_finding *b = *(const assay_finding *const *)pb;
	int c;

	if (a->severity != b->severity) {
		return a->severity > b->severity ? -1 : 1;
	}
	if (a->kind != b->kind) {
		return a->kind < b->kind ? -1 : 1;
	}
	c = compare_strings(a->id, b->id);
	if (c == 0) {
		c = compare_strings(a->pkg_name, b->pkg_name);
	}
	if (c == 0) {
		c = compare_strings(a->pkg_version, b->pkg_version);
	}
	if (c == 0) {
		c = compare_strings(a->target, b->target);
	}
	if (c == 0) {
		c = compare_strings(a->pkg_path ? a->pkg_path : a->file,
				    b->pkg_path ? b->pkg_path : b->file);
	}
	if (c == 0 && a->start_line != b->start_line) {
		c = a->start_line < b->start_line ? -1 : 1;
	}
	return c;
}

/*
 * A finding with the first keys of compare_findings packed into two
 * integers (severity, kind and the first 14 bytes of the id), so that
 * most comparisons of a sort read this array instead of two findings.
 */
typedef struct {
	uint64_t high;
	uint64_t low;
	finding_node *node;
} sort_entry;

/* Whether the packed keys can order `f`: severity and kind fit their bytes. */
static bool has_packed_order(const assay_finding *f)
{
	return (unsigned)f->severity <= 0xFF && (unsigned)f->kind <= 0xFF;
}

/* Byte `i` of the id, 0 past its end, as strcmp compares it. */
static uint64_t id_byte(const unsigned char *id, size_t len, size_t i)
{
	return i < len ? id[i] : 0;
}

static void pack_order(sort_entry *e, finding_node *node)
{
	const assay_finding *f = &node->pub;
	const unsigned char *id = (const unsigned char *)(f->id ? f->id : "");
	size_t len = strnlen((const char *)id, 14);
	size_t i;

	/* Highest severity first, then kind, then the id. */
	e->high = (uint64_t)(0xFF - (unsigned)f->severity) << 56 | (uint64_t)f->kind << 48;
	e->low = 0;
	for (i = 0; i < 6; i++) {
		e->high |= id_byte(id, len, i) << (40 - 8 * i);
	}
	for (i = 0; i < 8; i++) {
		e->low |= id_byte(id, len, 6 + i) << (56 - 8 * i);
	}
	e->node = node;
}

/*
 * Ordered like compare_findings: packed keys that differ decide as it
 * would, and equal ones leave the decision to it.
 */
static int compare_entries(const void *pa, const void *pb)
{
	const sort_entry *a = pa;
	const sort_entry *b = pb;

	if (a->high != b->high) {
		return a->high < b->high ? -1 : 1;
	}
	if (a->low != b->low) {
		return a->low < b->low ? -1 : 1;
	}
	return compare_findings(&a->node, &b->node);
}

static bool is_sorted(const vec *findings)
{
	size_t i;

	for (i = 1; i < findings->count; i++) {
		if (compare_findings(&findings->items[i - 1], &findings->items[i]) > 0) {
			return false;
		}
	}
	return true;
}

/*
 * Sort findings into the order outputs show. The merge index maps keys to
 * positions, so it is dropped: no finding is added after sorting.
 *
 * Entries compare by packed keys first and fall back to compare_findings
 * on a tie, so the order is the one compare_findings gives. The packed
 * keys only make most comparisons two integer compares. Input already in
 * order (the second sort, when no analyzer or policy changed a severity)
 * needs no sort at all.
 */
void store_sort(assay_run *run)
{
	vec *findings = &run->findings;
	sort_entry *entries = NULL;
	size_t i;

	strmap_dispose(&run->finding_index);
	strbuf_dispose(&run->merge_key);
	if (findings->count < 2 || is_sorted(findings)) {
		return;
	}
	for (i = 0; i < findings->count; i++) {
		if (!has_packed_order(&((finding_node *)findings->items[i])->pub)) {
			break;
		}
	}
	if (i == findings->count) {
		entries = malloc(findings->count * sizeof(*entries));
	}
	if (!entries) {
		qsort(findings->items, findings->count, sizeof(void *), compare_findings);
		return;
	}
	for (i = 0; i < findings->count; i++) {
		pack_order(&entries[i], findings->items[i]);
	}
	qsort(entries, findings->count, sizeof(*entries), compare_entries);
	for (i = 0; i < findings->count; i++) {
		findings->items[i] = entries[i].node;
	}
	free(entries);
}

void store_dispose(assay_run *run)
{
	vec_dispose(&run->findings);
	run->spare = NULL;
	strbuf_dispose(&run->merge_key);
	strmap_dispose(&run->finding_index);
}
