/* SPDX-License-Identifier: Apache-2.0 */
/* The order in which the JSON output prints findings, and the prefetching ahead of it. */
#include "json_order.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

int json_order_by_kind(const assay_ctx *ctx, json_kind_order *order)
{
	size_t count = assay_finding_count(ctx);
	unsigned char *kinds = NULL;
	size_t next[ASSAY_KIND_COUNT] = {0};
	size_t i;
	int k;

	memset(order->start, 0, sizeof(order->start));
	order->indices = malloc((count > 0 ? count : 1) * sizeof(*order->indices));
	kinds = malloc(count > 0 ? count : 1);
	if (order->indices == NULL || kinds == NULL) {
		free(kinds);
		free(order->indices);
		order->indices = NULL;
		return ASSAY_ENOMEM;
	}
	for (i = 0; i < count; i++) {
		assay_kind kind = assay_finding_at(ctx, i)->kind;

		kinds[i] = kind >= 0 && kind < ASSAY_KIND_COUNT ? (unsigned char)kind : UCHAR_MAX;
		if (kinds[i] != UCHAR_MAX) {
			order->start[kind + 1]++;
		}
	}
	for (k = 0; k < ASSAY_KIND_COUNT; k++) {
		order->start[k + 1] += order->start[k];
		next[k] = order->start[k];
	}
	for (i = 0; i < count; i++) {
		if (kinds[i] != UCHAR_MAX) {
			order->indices[next[kinds[i]]++] = i;
		}
	}
	free(kinds);
	return 0;
}

#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)(address))
#endif

/* Ask the CPU to load the struct of `f`, which spans several cache lines. */
static void prefetch_finding(const assay_finding *f)
{
	const char *bytes = (const char *)f;
	size_t offset;

	for (offset = 0; offset < sizeof(*f); offset += 64) {
		PREFETCH(bytes + offset);
	}
}

/*
 * Ask the CPU to load the start of each string of `f` and the arrays of
 * its lists, whose pointers are in the struct, loaded already. The core
 * sorts the findings after reading them, so their strings lie scattered in
 * memory, and without this nearly every string costs a cache miss while
 * it is printed.
 */
static void prefetch_strings(const assay_finding *f)
{
	const void *const starts[] = {
	    f->id,	    f->raw_severity,	f->pkg_name,	    f->pkg_version,
	    f->pkg_type,    f->purl,		f->pkg_path,	    f->target,
	    f->image,	    f->layer,		f->file,	    f->title,
	    f->description, f->message,		f->resolution,	    f->category,
	    f->primary_url, f->published,	f->aliases.items,   f->fixed_versions.items,
	    f->urls.items,  f->cwes.items,	f->scanners.items,  f->tags.items,
	    f->cvss,
	};
	size_t i;

	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
		PREFETCH(starts[i]);
	}
}

static void prefetch_list(const assay_strlist *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		PREFETCH(list->items[i]);
	}
}

/* Ask the CPU to load the strings of the lists and CVSS entries of `f`, whose arrays are loaded. */
static void prefetch_list_strings(const assay_finding *f)
{
	size_t i;

	prefetch_list(&f->aliases);
	prefetch_list(&f->fixed_versions);
	prefetch_list(&f->urls);
	prefetch_list(&f->cwes);
	prefetch_list(&f->scanners);
	prefetch_list(&f->tags);
	for (i = 0; i < f->cvss_count; i++) {
		PREFETCH(f->cvss[i].source);
		PREFETCH(f->cvss[i].v2_vector);
		PREFETCH(f->cvss[i].v3_vector);
		PREFETCH(f->cvss[i].v4_vector);
	}
}

/*
 * How far ahead of the finding being printed its struct, then its strings,
 * then its list strings are prefetched: each step needs the pointers that
 * the step before loaded. Of (2, 1, 0), (3, 2, 1) and (6, 4, 2), these
 * printed the 100,000-finding Trivy benchmark report fastest, on a 2-core
 * AMD EPYC VM.
 */
#define AHEAD_STRUCT 3
#define AHEAD_STRINGS 2
#define AHEAD_LISTS 1

void json_prefetch_ahead(const assay_ctx *ctx, const size_t *indices, size_t count, size_t i)
{
	if (i + AHEAD_STRUCT < count) {
		prefetch_finding(assay_finding_at(ctx, indices[i + AHEAD_STRUCT]));
	}
	if (i + AHEAD_STRINGS < count) {
		prefetch_strings(assay_finding_at(ctx, indices[i + AHEAD_STRINGS]));
	}
	if (i + AHEAD_LISTS < count) {
		prefetch_list_strings(assay_finding_at(ctx, indices[i + AHEAD_LISTS]));
	}
}
