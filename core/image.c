/* SPDX-License-Identifier: Apache-2.0 */
/* Scanned artifacts: one image per artifact, shared by every report of it. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

image_node *image_find(const assay_run *run, const char *name)
{
	size_t i;

	if (!name) {
		return NULL;
	}
	for (i = 0; i < run->images.count; i++) {
		image_node *image = run->images.items[i];

		if (strcmp(image->pub.name, name) == 0) {
			return image;
		}
	}
	return NULL;
}

static image_node *image_find_by_id(const assay_run *run, const char *image_id)
{
	size_t i;

	for (i = 0; i < run->images.count; i++) {
		image_node *image = run->images.items[i];

		if (image->pub.image_id && strcmp(image->pub.image_id, image_id) == 0) {
			return image;
		}
	}
	return NULL;
}

/*
 * Find the image with `image_id`, else the one named `name` that has no
 * other id, else create one. Scanners name one image differently
 * ("alpine:3.19", "docker.io/library/alpine:3.19") but agree on its id.
 */
image_node *image_declare(assay_run *run, const char *name, const char *image_id)
{
	image_node *image = NULL;

	if (image_id && *image_id) {
		image = image_find_by_id(run, image_id);
	}
	if (!image) {
		image = image_find(run, name);
		if (image && image_id && *image_id && image->pub.image_id &&
		    strcmp(image->pub.image_id, image_id) != 0) {
			image = NULL; /* same name, different image: a retag between scans */
		}
	}
	if (image) {
		if (!image->pub.image_id && image_id && *image_id) {
			image->pub.image_id = store_strdup(run, image_id);
		}
		return image;
	}

	image = calloc(1, sizeof(*image));
	if (!image) {
		return NULL;
	}
	image->pub.name = store_strdup(run, name);
	image->pub.image_id = image_id && *image_id ? store_strdup(run, image_id) : NULL;
	image->pub.size = -1;
	image->pub.has_healthcheck = -1;
	if (!image->pub.name || vec_push(&run->images, image) != 0) {
		free(image);
		return NULL;
	}
	return image;
}

int run_note_scanner(assay_run *run, const char *name)
{
	return store_list_append(run, &run->scanner_list, name);
}

void images_dispose(assay_run *run)
{
	size_t i;

	for (i = 0; i < run->images.count; i++) {
		image_node *image = run->images.items[i];

		/* Its lists live in run->records, freed with the run. */
		free((void *)image->pub.history);
		free(image);
	}
	vec_dispose(&run->images);
	run->scanner_list.items = NULL;
	run->scanner_list.count = 0;
}
