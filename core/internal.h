/* SPDX-License-Identifier: Apache-2.0 */
/* Private structures of libassay shared by the core's files. */
#ifndef ASSAY_INTERNAL_H
#define ASSAY_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "run.h"
#include "util.h"

/* Upper bounds on what a report may contain; docs/design.md lists them for users. */
#define ASSAY_MAX_INPUT_BYTES ((size_t)2 << 30) /* 2 GiB per report */
#define ASSAY_MAX_JSON_DEPTH 128
#define ASSAY_MAX_FINDINGS 5000000

typedef struct plugin {
	const assay_plugin_descriptor *descriptor;
	char *path;
	void *handle; /* from dlopen; closed when the run is freed */
	uint32_t flags; /* the descriptor's, or 0 when it predates the field */
} plugin;

/* A finding as the core keeps it: the public struct and private links. */
typedef struct finding_node {
	assay_finding pub;
	struct image_node *image;
	size_t cvss_capacity;
	bool stored; /* in run->findings: never discarded, so never reused */
} finding_node;

typedef struct image_node {
	assay_image pub;
	size_t history_capacity;
} image_node;

typedef struct {
	char *name;
	char *value;
} option;

typedef struct {
	char *format;  /* NULL for auto */
	char *path;
} input_spec;

typedef struct {
	const plugin *plugin;
	char *path;      /* NULL for stdout */
	char *temp_path; /* temporary file while writing */
	FILE *stream;
	char *buffer;    /* stdio buffer of `stream`, freed once it is closed */
	/* `path` is a device, a pipe or a dangling link: written by copying, as stdout is. */
	bool copied;
	char *target; /* the regular file a symbolic link `path` leads to, or NULL */
	/* The writer's first error, kept apart from the run's because writers may run at once. */
	int error_code;
	char error[1024];
} output_spec;

typedef struct {
	assay_check pub;
	const char *source;
} check_node;

typedef struct {
	char *key;
	cJSON *value;
} section;

/* The context of a callback: the run, the plugin and, for readers, the report. */
struct assay_ctx {
	assay_run *run;
	const plugin *plugin;
	const char *document_path; /* readers only */
	image_node *current_image; /* readers only */
	/* Outputs only. assay_error records on it, not on the run, because outputs may run at once. */
	output_spec *output;
};

struct assay_run {
	char error[1024];
	int error_code;
	assay_log_level log_level;
	int64_t start_time;

	vec plugins;  /* plugin* */
	vec options;  /* option* */
	vec inputs;   /* input_spec* */
	vec outputs;  /* output_spec* */

	arena strings;          /* every string of findings and images */
	arena records;          /* finding nodes, their lists and CVSS arrays */
	struct finding_node *spare; /* a discarded node, reused by the next store_finding_new */
	vec findings;           /* finding_node* */
	strmap finding_index;   /* merge key -> index + 1 */
	strbuf merge_key;       /* reused while findings are added */
	vec images;             /* image_node* */
	assay_strlist scanner_list;

	vec checks;          /* check_node* */
	vec recommendations; /* assay_recommendation* */
	vec sections;        /* section* */

	struct policy *policy; /* the Lua policy, loaded by the first analyze; see policy.h */
};

/* error.c */
int run_error(assay_run *run, int code, const char *fmt, ...) ASSAY_PRINTF(3, 4);
int run_error_v(assay_run *run, int code, const char *prefix, const char *fmt, va_list ap);
/* Like run_error, into the context's own error when it has one. */
int ctx_error(assay_ctx *ctx, int code, const char *fmt, ...) ASSAY_PRINTF(3, 4);
void run_log(assay_run *run, assay_log_level level, const char *who, const char *fmt, ...)
	ASSAY_PRINTF(4, 5);
void run_log_v(assay_run *run, assay_log_level level, const char *who, const char *fmt,
	       va_list ap);

/* api.c */
/*
 * Whether `ctx` is an output's: outputs may only read the run, and may
 * run on threads of their own. Then records an error naming `function`.
 */
bool api_rejects_output(assay_ctx *ctx, const char *function);

/* loader.c */
const plugin *run_find_plugin(const assay_run *run, assay_plugin_kind kind, const char *name);
void run_list_plugin_names(const assay_run *run, assay_plugin_kind kind, char *out, size_t size);

/* document.c */
typedef struct tree_block tree_block;
typedef struct {
	char *path;
	char *text;   /* NULL after a successful JSON parse */
	size_t size;
	char *bytes;  /* what `text` points into: malloc'd, or mapped when `mapped` is not 0 */
	size_t mapped; /* length of the mapping of a large file, or 0 */
	cJSON *json;  /* allocated in `tree`: never pass it to cJSON_Delete */
	tree_block *tree;
} document;

/* Read and check one report; on error the message is on the run. */
int document_load(document *out, assay_run *run, const char *path);
void document_dispose(document *doc);

/* store.c */
/* Findings, their lists and CVSS arrays live in run->records until the run ends. */
finding_node *store_finding_new(assay_run *run);
/* Give back a node that was not added; the next store_finding_new reuses it. */
void store_finding_discard(assay_run *run, finding_node *node);
int store_finding_add(assay_ctx *ctx, finding_node *node);
void store_compute_fingerprints(assay_run *run);
void store_sort(assay_run *run);
void store_dispose(assay_run *run);
int store_list_append(assay_run *run, assay_strlist *list, const char *value);
/* Append `cvss` (its strings already the run's) to the finding's CVSS entries. */
int store_cvss_append(assay_run *run, finding_node *node, const assay_cvss *cvss);
const char *store_strdup(assay_run *run, const char *value);

/* image.c */
image_node *image_declare(assay_run *run, const char *name, const char *image_id);
image_node *image_find(const assay_run *run, const char *name);
void images_dispose(assay_run *run);
int run_note_scanner(assay_run *run, const char *name);

/* results.c */
void results_dispose(assay_run *run);

#endif
