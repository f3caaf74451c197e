/* SPDX-License-Identifier: Apache-2.0 */
/* The parts of the Trivy reader that its files call across: results, images and k8s reports. */
#ifndef TRIVY_H
#define TRIVY_H

#include "trivy_json.h"

/*
 * Turn the list `results` (Results of a report, of a k8s resource, or the
 * legacy top-level list) into findings. The reader's path names the list.
 * Each entry is read whatever its Class, so classes Trivy adds later still
 * give their vulnerabilities, misconfigurations, secrets and licenses.
 */
int trivy_read_result_list(trivy_reader *reader, const cJSON *results);

/*
 * Declare the image `name` (with holder.Metadata.ImageID as its id) and
 * copy holder.Metadata into it: OS, size, tags, digests, layer diff ids,
 * history, user and healthcheck. `holder` is the report, whose Metadata
 * may be absent. On success *out is the image.
 */
int trivy_read_image(trivy_reader *reader, const cJSON *holder, const char *name,
		     assay_image **out);

/*
 * Find the name of the image that `metadata` (a Metadata object, at the
 * reader's path) describes: its first RepoTags entry, else its first
 * RepoDigests entry, else its ImageID. *out is NULL when it names no
 * image, as for k8s resources that are not workloads.
 */
int trivy_find_image_name(trivy_reader *reader, const cJSON *metadata, const char **out);

/*
 * Copy a Metadata object (at the reader's path) into `image`: OS, size,
 * tags, digests, layer diff ids, history, user and healthcheck. The image
 * id is not copied because assay_image_declare takes it.
 */
int trivy_copy_metadata(trivy_reader *reader, assay_image *image, const cJSON *metadata);

/*
 * Read a `trivy k8s` report: the legacy cluster summary (ClusterName with
 * Vulnerabilities and Misconfigurations lists of resources), the Resources
 * layout (ClusterName with Resources) or the consolidated summary
 * (ClusterName with Findings).
 */
int trivy_read_k8s(trivy_reader *reader, const cJSON *root);

/* Check that SchemaVersion, when present, is 2: the only version this reader supports. */
int trivy_check_schema_version(trivy_reader *reader, const cJSON *root);

#endif
