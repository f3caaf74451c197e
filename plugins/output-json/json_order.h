/* SPDX-License-Identifier: Apache-2.0 */
/* The order in which the JSON output prints findings, and the prefetching ahead of it. */
#ifndef JSON_ORDER_H
#define JSON_ORDER_H

#include <stddef.h>

#include <assay/assay.h>

/*
 * The positions of the findings of each kind in the core's order: those of
 * kind k are indices[start[k]] to indices[start[k + 1] - 1]. Each kind's
 * array then reads only its own findings, where four passes over all of
 * them would load every finding from memory four times. Findings of a kind
 * out of range are listed nowhere.
 */
typedef struct {
	size_t *indices; /* allocated by json_order_by_kind, released with free() */
	size_t start[ASSAY_KIND_COUNT + 1];
} json_kind_order;

/*
 * Sort the positions of the findings by kind, keeping their order within
 * a kind. Returns 0 or ASSAY_ENOMEM.
 */
int json_order_by_kind(const assay_ctx *ctx, json_kind_order *order);

/*
 * Ask the CPU to load what printing the findings after position `i` of
 * `indices` (`count` positions) will read: the struct, strings and list
 * strings of each. A prefetch is only a hint and changes no data.
 */
void json_prefetch_ahead(const assay_ctx *ctx, const size_t *indices, size_t count, size_t i);

#endif
