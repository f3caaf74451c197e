/* SPDX-License-Identifier: Apache-2.0 */
/* Metadata of the scanned artifact (image, directory, repository) from its reports. */
#ifndef ASSAY_IMAGE_H
#define ASSAY_IMAGE_H

#include "finding.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One layer-creating step of the image history, oldest first. */
typedef struct {
	const char *created_by; /* the Dockerfile instruction as recorded */
	bool empty_layer;       /* true for steps that add no layer (ENV, CMD …) */
} assay_history_entry;

/*
 * A scanned artifact. Reports of one artifact from several scanners share
 * one image: the core matches them by image id first, then by name.
 * Owned by the core; fields are written through the setters in api.h,
 * except `size` and `has_healthcheck`, which a reader assigns directly.
 *
 * ABI: fields are only ever appended.
 */
typedef struct assay_image {
	const char *name;           /* image reference or artifact name; never NULL */
	const char *image_id;       /* config digest (sha256:…), or NULL */
	const char *artifact_type;  /* container_image, filesystem, repository … */
	const char *os_family;      /* alpine, debian, ubuntu … */
	const char *os_name;        /* OS version, e.g. "3.19.1" */
	const char *created_at;     /* when the scanner ran, as it wrote it */
	const char *config_user;    /* USER of the image config; "" for none (root); NULL if unknown */
	int has_healthcheck;        /* 1, 0, or -1 when the report does not say */
	int64_t size;               /* bytes, or -1 when unknown */
	assay_strlist repo_tags;
	assay_strlist repo_digests;
	assay_strlist diff_ids;     /* layer diff ids, oldest first */
	assay_strlist sources;      /* report files that describe this image */
	assay_strlist scanners;     /* input plugins that described it */
	const assay_history_entry *history;
	size_t history_count;
} assay_image;

/* String fields of an image that assay_image_set writes. */
typedef enum {
	ASSAY_IMAGE_ID,
	ASSAY_IMAGE_ARTIFACT_TYPE,
	ASSAY_IMAGE_OS_FAMILY,
	ASSAY_IMAGE_OS_NAME,
	ASSAY_IMAGE_CREATED_AT,
	ASSAY_IMAGE_CONFIG_USER
} assay_image_field;

/* List fields of an image that assay_image_append extends. */
typedef enum {
	ASSAY_IMAGE_REPO_TAGS,
	ASSAY_IMAGE_REPO_DIGESTS,
	ASSAY_IMAGE_DIFF_IDS
} assay_image_list;

#ifdef __cplusplus
}
#endif

#endif
