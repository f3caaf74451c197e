/* SPDX-License-Identifier: Apache-2.0 */
/* Reads `trivy k8s` reports: each Kubernetes resource is a target and an artifact of its own. */
#include "trivy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* State shared by the resources of one cluster report. */
typedef struct {
	const char *cluster; /* ClusterName, or the report's name */
	size_t failed;	     /* resources that Trivy reports it could not scan */
	const char *first_failed_error;
	char *first_failed_target;
} k8s_state;

/*
 * Make the target "namespace/kind/name". Cluster-wide resources (Node,
 * ClusterRole) have no namespace and read "kind/name". *out is NULL when
 * all three are empty.
 */
static int make_target(trivy_reader *reader, const cJSON *resource, char **out)
{
	const char *parts[3] = {NULL, NULL, NULL};
	const char *keys[3] = {"Namespace", "Kind", "Name"};
	size_t size = 1;
	size_t i = 0;
	char *target = NULL;
	int err = 0;

	*out = NULL;
	for (i = 0; i < 3 && err == 0; i++) {
		err = trivy_get_text(reader, resource, keys[i], &parts[i]);
		size += parts[i] != NULL ? strlen(parts[i]) + 1 : 0;
	}
	if (err != 0 || size == 1) {
		return err;
	}
	target = calloc(1, size);
	if (target == NULL) {
		return trivy_nomem(reader);
	}
	for (i = 0; i < 3; i++) {
		if (parts[i] == NULL) {
			continue;
		}
		if (target[0] != '\0') {
			strcat(target, "/");
		}
		strcat(target, parts[i]);
	}
	*out = target;
	return 0;
}

/* Copy one Metadata object into the resource's artifact when it describes an image. */
static int copy_image_metadata(trivy_reader *reader, assay_image *artifact, const cJSON *metadata)
{
	const char *image_name = NULL;
	int err = trivy_expect_object(reader, metadata);

	if (err == 0) {
		err = trivy_find_image_name(reader, metadata, &image_name);
	}
	/* Resources that run no image carry an empty ImageConfig: nothing to copy. */
	if (err != 0 || image_name == NULL) {
		return err;
	}
	return trivy_copy_metadata(reader, artifact, metadata);
}

/*
 * Metadata is one object in older trivy k8s reports and a list, one entry
 * per image of the workload, in newer ones.
 */
static int copy_resource_metadata(trivy_reader *reader, assay_image *artifact,
				  const cJSON *resource)
{
	const cJSON *metadata = cJSON_GetObjectItemCaseSensitive(resource, "Metadata");
	const cJSON *item = NULL;
	size_t saved = reader->path.len;
	size_t item_path = 0;
	size_t index = 0;
	int err = 0;

	if (metadata == NULL || cJSON_IsNull(metadata)) {
		return 0;
	}
	if (!cJSON_IsObject(metadata) && !cJSON_IsArray(metadata)) {
		return assay_json_type_error(reader->ctx, &reader->path, "Metadata", metadata,
					     "an object or a list");
	}
	assay_json_path_push_key(&reader->path, "Metadata");
	if (cJSON_IsObject(metadata)) {
		err = copy_image_metadata(reader, artifact, metadata);
	}
	for (item = cJSON_IsArray(metadata) ? metadata->child : NULL; item != NULL && err == 0;
	     item = item->next) {
		item_path = assay_json_path_push_index(&reader->path, index);
		err = copy_image_metadata(reader, artifact, item);
		assay_json_path_pop(&reader->path, item_path);
		index++;
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * Declare the resource as the current artifact. The core merges findings
 * per artifact, so one artifact per resource keeps the same CVE in two
 * workloads two findings, and a resource's findings never land on the
 * artifact read before it. The image id is not passed on: two workloads
 * that run one image would otherwise share an artifact.
 */
static int declare_resource(trivy_reader *reader, const k8s_state *state, const char *target,
			    const cJSON *resource)
{
	assay_image *artifact = NULL;

	artifact = assay_image_declare(reader->ctx, target != NULL ? target : state->cluster, NULL);
	if (artifact == NULL || assay_image_set(reader->ctx, artifact, ASSAY_IMAGE_ARTIFACT_TYPE,
						"kubernetes_resource") != 0) {
		return trivy_nomem(reader);
	}
	return copy_resource_metadata(reader, artifact, resource);
}

/* Count a resource whose Error reports that Trivy could not scan it, for one warning per report. */
static int note_scan_error(trivy_reader *reader, k8s_state *state, const cJSON *resource,
			   char **target)
{
	const char *message = NULL;
	int err = trivy_get_text(reader, resource, "Error", &message);

	if (err != 0 || message == NULL) {
		return err;
	}
	if (state->failed == 0) {
		state->first_failed_error = message;
		state->first_failed_target = *target;
		*target = NULL;
	}
	state->failed++;
	return 0;
}

static int read_resource(trivy_reader *reader, k8s_state *state, const cJSON *resource)
{
	const cJSON *results = NULL;
	char *target = NULL;
	size_t saved = reader->path.len;
	int err = trivy_expect_object(reader, resource);

	if (err == 0) {
		err = make_target(reader, resource, &target);
	}
	if (err == 0) {
		err = trivy_get_array(reader, resource, "Results", &results);
	}
	/* A resource with no results gets no artifact: clusters list many such resources. */
	if (err == 0 && results != NULL && results->child != NULL) {
		err = declare_resource(reader, state, target, resource);
		if (err == 0) {
			reader->resource = target;
			assay_json_path_push_key(&reader->path, "Results");
			err = trivy_read_result_list(reader, results);
			assay_json_path_pop(&reader->path, saved);
			reader->resource = NULL;
		}
	}
	if (err == 0) {
		err = note_scan_error(reader, state, resource, &target);
	}
	free(target);
	return err;
}

/* Read each resource of root.key: Resources, Findings, or the legacy lists. */
static int read_resource_list(trivy_reader *reader, k8s_state *state, const cJSON *root,
			      const char *key)
{
	const cJSON *resources = NULL;
	const cJSON *resource = NULL;
	size_t saved = reader->path.len;
	size_t resource_path = 0;
	size_t index = 0;
	int err = trivy_get_array(reader, root, key, &resources);

	if (err != 0 || resources == NULL) {
		return err;
	}
	assay_json_path_push_key(&reader->path, key);
	cJSON_ArrayForEach(resource, resources)
	{
		resource_path = assay_json_path_push_index(&reader->path, index);
		err = read_resource(reader, state, resource);
		assay_json_path_pop(&reader->path, resource_path);
		if (err != 0) {
			break;
		}
		index++;
	}
	assay_json_path_pop(&reader->path, saved);
	return err;
}

/*
 * The lists that contain resources: Resources (`--report all`), Findings
 * (the consolidated summary of later releases), and Vulnerabilities and
 * Misconfigurations (the summary of earlier ones). A resource may appear
 * in two of the legacy lists, with the same artifact and target in both.
 */
static const char *const resource_lists[] = {"Resources", "Findings", "Vulnerabilities",
					     "Misconfigurations"};

int trivy_read_k8s(trivy_reader *reader, const cJSON *root)
{
	k8s_state state = {0};
	const char *cluster = NULL;
	size_t i = 0;
	int err = trivy_check_schema_version(reader, root);

	if (err == 0) {
		err = trivy_get_text(reader, root, "ClusterName", &cluster);
	}
	state.cluster = cluster != NULL ? cluster : reader->report_name;
	for (i = 0; i < sizeof(resource_lists) / sizeof(resource_lists[0]) && err == 0; i++) {
		err = read_resource_list(reader, &state, root, resource_lists[i]);
	}
	if (err == 0 && state.failed > 0) {
		assay_log(reader->ctx, ASSAY_LOG_WARN,
			  "%s: trivy could not scan %zu resource(s) of cluster %s, so their "
			  "findings are missing; the first, %s, failed with: %s",
			  reader->report_name, state.failed, state.cluster,
			  state.first_failed_target != NULL ? state.first_failed_target
							    : "(unnamed)",
			  state.first_failed_error);
	}
	free(state.first_failed_target);
	return err;
}
