/* SPDX-License-Identifier: Apache-2.0 */
/* The API plugins call: findings and images for readers, access for the rest. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static bool is_reader(const assay_ctx *ctx)
{
	return ctx && ctx->plugin->descriptor->kind == ASSAY_PLUGIN_INPUT && ctx->document_path;
}

bool api_rejects_output(assay_ctx *ctx, const char *function)
{
	if (!ctx || !ctx->output) {
		return false;
	}
	assay_error(ctx, ASSAY_EINVAL,
		    "%s() called by an output: outputs only read the run; change findings, checks, "
		    "recommendations and sections in an analyzer",
		    function);
	return true;
}

const char *assay_ctx_plugin_name(const assay_ctx *ctx)
{
	return ctx->plugin->descriptor->name;
}

const char *assay_option_get(const assay_ctx *ctx, const char *name)
{
	size_t i;

	for (i = ctx->run->options.count; i > 0; i--) {
		const option *o = ctx->run->options.items[i - 1];

		if (strcmp(o->name, name) == 0) {
			return o->value;
		}
	}
	return NULL;
}

const char *assay_option_get_nth(const assay_ctx *ctx, const char *name, size_t index)
{
	size_t i;

	for (i = 0; i < ctx->run->options.count; i++) {
		const option *o = ctx->run->options.items[i];

		if (strcmp(o->name, name) == 0) {
			if (index == 0) {
				return o->value;
			}
			index--;
		}
	}
	return NULL;
}

assay_finding *assay_finding_new(assay_ctx *ctx)
{
	finding_node *node;

	if (!is_reader(ctx)) {
		return NULL;
	}
	node = store_finding_new(ctx->run);
	return node ? &node->pub : NULL;
}

void assay_finding_discard(assay_ctx *ctx, assay_finding *finding)
{
	if (ctx) {
		store_finding_discard(ctx->run, (finding_node *)finding);
	}
}

int assay_finding_add(assay_ctx *ctx, assay_finding *finding)
{
	finding_node *node = (finding_node *)finding;
	assay_run *run;
	int err;

	if (!is_reader(ctx) || !finding) {
		assay_finding_discard(ctx, finding);
		return ASSAY_EINVAL;
	}
	run = ctx->run;
	if (!finding->id || !*finding->id) {
		store_finding_discard(ctx->run, node);
		return assay_error(ctx, ASSAY_EINVAL,
				   "input plugin '%s' added a finding without an id",
				   ctx->plugin->descriptor->name);
	}
	if ((int)finding->kind < 0 || finding->kind >= ASSAY_KIND_COUNT) {
		finding->kind = ASSAY_KIND_VULNERABILITY;
	}
	if ((int)finding->severity < 0 || finding->severity >= ASSAY_SEVERITY_COUNT) {
		finding->severity = ASSAY_SEVERITY_UNKNOWN;
	}
	finding->original_severity = finding->severity;

	/* The core owns scanners and the image link; a reader's values are replaced. */
	finding->scanners.items = NULL;
	finding->scanners.count = 0;
	err = store_list_append(run, &finding->scanners, ctx->plugin->descriptor->name);

	if (!err && finding->image) {
		node->image = image_find(run, finding->image);
	}
	if (!err && !finding->image && ctx->current_image) {
		node->image = ctx->current_image;
		finding->image = ctx->current_image->pub.name;
	}
	if (!err && !finding->target && node->image) {
		finding->target = node->image->pub.name;
	}
	if (!err) {
		err = run_note_scanner(run, ctx->plugin->descriptor->name);
	}
	if (err) {
		store_finding_discard(ctx->run, node);
		return assay_error(ctx, err, "out of memory while storing findings");
	}
	return store_finding_add(ctx, node);
}

static const char **string_field(assay_finding *f, assay_field field)
{
	switch (field) {
	case ASSAY_FIELD_ID: return &f->id;
	case ASSAY_FIELD_RAW_SEVERITY: return &f->raw_severity;
	case ASSAY_FIELD_PKG_NAME: return &f->pkg_name;
	case ASSAY_FIELD_PKG_VERSION: return &f->pkg_version;
	case ASSAY_FIELD_PKG_TYPE: return &f->pkg_type;
	case ASSAY_FIELD_PURL: return &f->purl;
	case ASSAY_FIELD_PKG_PATH: return &f->pkg_path;
	case ASSAY_FIELD_TARGET: return &f->target;
	case ASSAY_FIELD_IMAGE: return &f->image;
	case ASSAY_FIELD_LAYER: return &f->layer;
	case ASSAY_FIELD_FILE: return &f->file;
	case ASSAY_FIELD_TITLE: return &f->title;
	case ASSAY_FIELD_DESCRIPTION: return &f->description;
	case ASSAY_FIELD_MESSAGE: return &f->message;
	case ASSAY_FIELD_RESOLUTION: return &f->resolution;
	case ASSAY_FIELD_CATEGORY: return &f->category;
	case ASSAY_FIELD_PRIMARY_URL: return &f->primary_url;
	case ASSAY_FIELD_PUBLISHED: return &f->published;
	}
	return NULL;
}

int assay_finding_set_len(assay_ctx *ctx, assay_finding *finding, assay_field field,
			  const char *value, size_t len)
{
	const char **slot = finding ? string_field(finding, field) : NULL;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!slot) {
		return ASSAY_EINVAL;
	}
	if (!value) {
		*slot = NULL;
		return 0;
	}
	*slot = arena_strndup(&ctx->run->strings, value, len);
	return *slot ? 0 : ASSAY_ENOMEM;
}

int assay_finding_set(assay_ctx *ctx, assay_finding *finding, assay_field field,
		      const char *value)
{
	return assay_finding_set_len(ctx, finding, field, value, value ? strlen(value) : 0);
}

int assay_finding_append(assay_ctx *ctx, assay_finding *finding, assay_list list,
			 const char *value)
{
	assay_strlist *target = NULL;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!finding) {
		return ASSAY_EINVAL;
	}
	switch (list) {
	case ASSAY_LIST_ALIASES:
		if (finding->id && value && strcmp(finding->id, value) == 0) {
			return 0; /* an id is not its own alias */
		}
		target = &finding->aliases;
		break;
	case ASSAY_LIST_FIXED_VERSIONS:
		target = &finding->fixed_versions;
		break;
	case ASSAY_LIST_URLS:
		target = &finding->urls;
		break;
	case ASSAY_LIST_CWES:
		target = &finding->cwes;
		break;
	case ASSAY_LIST_TAGS:
		target = &finding->tags;
		break;
	}
	if (!target) {
		return ASSAY_EINVAL;
	}
	return store_list_append(ctx->run, target, value);
}

int assay_finding_add_cvss(assay_ctx *ctx, assay_finding *finding, const assay_cvss *cvss)
{
	finding_node *node = (finding_node *)finding;
	assay_run *run = ctx->run;
	assay_cvss copy;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!finding || !cvss) {
		return ASSAY_EINVAL;
	}
	copy = *cvss;
	copy.source = store_strdup(run, cvss->source ? cvss->source : "unknown");
	copy.v2_vector = store_strdup(run, cvss->v2_vector);
	copy.v3_vector = store_strdup(run, cvss->v3_vector);
	copy.v4_vector = store_strdup(run, cvss->v4_vector);
	if (!copy.source || (cvss->v2_vector && !copy.v2_vector) ||
	    (cvss->v3_vector && !copy.v3_vector) || (cvss->v4_vector && !copy.v4_vector)) {
		return ASSAY_ENOMEM;
	}

	return store_cvss_append(run, node, &copy);
}

assay_image *assay_image_declare(assay_ctx *ctx, const char *name, const char *image_id)
{
	image_node *image;
	int err;

	if (!is_reader(ctx) || !name || !*name) {
		return NULL;
	}
	image = image_declare(ctx->run, name, image_id);
	if (!image) {
		return NULL;
	}
	err = store_list_append(ctx->run, &image->pub.sources, ctx->document_path);
	if (!err) {
		err = store_list_append(ctx->run, &image->pub.scanners,
					ctx->plugin->descriptor->name);
	}
	if (!err) {
		err = run_note_scanner(ctx->run, ctx->plugin->descriptor->name);
	}
	if (err) {
		return NULL;
	}
	ctx->current_image = image;
	return &image->pub;
}

int assay_image_set(assay_ctx *ctx, assay_image *image, assay_image_field field,
		    const char *value)
{
	const char **slot = NULL;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!image) {
		return ASSAY_EINVAL;
	}
	switch (field) {
	case ASSAY_IMAGE_ID: slot = &image->image_id; break;
	case ASSAY_IMAGE_ARTIFACT_TYPE: slot = &image->artifact_type; break;
	case ASSAY_IMAGE_OS_FAMILY: slot = &image->os_family; break;
	case ASSAY_IMAGE_OS_NAME: slot = &image->os_name; break;
	case ASSAY_IMAGE_CREATED_AT: slot = &image->created_at; break;
	case ASSAY_IMAGE_CONFIG_USER: slot = &image->config_user; break;
	}
	if (!slot) {
		return ASSAY_EINVAL;
	}
	if (!value) {
		*slot = NULL;
		return 0;
	}
	*slot = store_strdup(ctx->run, value);
	return *slot ? 0 : ASSAY_ENOMEM;
}

int assay_image_append(assay_ctx *ctx, assay_image *image, assay_image_list list,
		       const char *value)
{
	assay_strlist *target = NULL;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!image) {
		return ASSAY_EINVAL;
	}
	switch (list) {
	case ASSAY_IMAGE_REPO_TAGS: target = &image->repo_tags; break;
	case ASSAY_IMAGE_REPO_DIGESTS: target = &image->repo_digests; break;
	case ASSAY_IMAGE_DIFF_IDS: target = &image->diff_ids; break;
	}
	if (!target) {
		return ASSAY_EINVAL;
	}
	return store_list_append(ctx->run, target, value);
}

int assay_image_add_history(assay_ctx *ctx, assay_image *image, const char *created_by,
			    bool empty_layer)
{
	image_node *node = (image_node *)image;
	assay_history_entry entry;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!image) {
		return ASSAY_EINVAL;
	}
	entry.created_by = store_strdup(ctx->run, created_by ? created_by : "");
	entry.empty_layer = empty_layer;
	if (!entry.created_by) {
		return ASSAY_ENOMEM;
	}
	if (image->history_count == node->history_capacity) {
		size_t capacity = node->history_capacity ? node->history_capacity * 2 : 8;
		assay_history_entry *grown = realloc((void *)image->history,
						     capacity * sizeof(*grown));

		if (!grown) {
			return ASSAY_ENOMEM;
		}
		image->history = grown;
		node->history_capacity = capacity;
	}
	((assay_history_entry *)image->history)[image->history_count++] = entry;
	return 0;
}

size_t assay_finding_count(const assay_ctx *ctx)
{
	return ctx->run->findings.count;
}

assay_finding *assay_finding_at(const assay_ctx *ctx, size_t index)
{
	if (index >= ctx->run->findings.count) {
		return NULL;
	}
	return &((finding_node *)ctx->run->findings.items[index])->pub;
}

static void prefetch_list(const assay_strlist *list)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		PREFETCH(list->items[i]);
	}
}

void assay_finding_prefetch(const assay_finding *finding, assay_prefetch_part part)
{
	const assay_finding *f = finding;
	size_t i;

	if (!f) {
		return;
	}
	if (part == ASSAY_PREFETCH_STRUCT) {
		for (i = 0; i < sizeof(*f); i += 64) {
			PREFETCH((const char *)f + i);
		}
	} else if (part == ASSAY_PREFETCH_STRINGS) {
		const void *const starts[] = {
			f->id,	       f->raw_severity, f->pkg_name,	f->pkg_version,
			f->pkg_type,   f->purl,		f->pkg_path,	f->target,
			f->image,      f->layer,	f->file,	f->title,
			f->description, f->message,	f->resolution,	f->category,
			f->primary_url, f->published,	f->aliases.items, f->fixed_versions.items,
			f->urls.items, f->cwes.items,	f->scanners.items, f->tags.items,
			f->cvss,
		};

		for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
			PREFETCH(starts[i]);
		}
	} else if (part == ASSAY_PREFETCH_LISTS) {
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
}

size_t assay_image_count(const assay_ctx *ctx)
{
	return ctx->run->images.count;
}

const assay_image *assay_image_at(const assay_ctx *ctx, size_t index)
{
	if (index >= ctx->run->images.count) {
		return NULL;
	}
	return &((image_node *)ctx->run->images.items[index])->pub;
}

const assay_image *assay_image_of(const assay_ctx *ctx, const assay_finding *finding)
{
	const finding_node *node = (const finding_node *)finding;

	(void)ctx;
	return node && node->image ? &node->image->pub : NULL;
}

void assay_count(assay_counts *out, const assay_ctx *ctx, int kind, const assay_image *image,
		 const char *scanner)
{
	const assay_run *run = ctx->run;
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < run->findings.count; i++) {
		const finding_node *node = run->findings.items[i];
		const assay_finding *f = &node->pub;

		if (kind >= 0 && (int)f->kind != kind) {
			continue;
		}
		if (image && (!node->image || &node->image->pub != image)) {
			continue;
		}
		if (scanner && !assay_strlist_has(&f->scanners, scanner)) {
			continue;
		}
		if (f->ignored) {
			out->ignored++;
			continue;
		}
		out->total++;
		out->by_severity[f->severity]++;
	}
}

assay_strlist assay_scanner_names(const assay_ctx *ctx)
{
	return ctx->run->scanner_list;
}

int assay_finding_ignore(assay_ctx *ctx, assay_finding *finding, const char *rule,
			 const char *reason, const char *source, const char *expires)
{
	assay_run *run = ctx->run;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!finding || !rule) {
		return ASSAY_EINVAL;
	}
	if (finding->ignored) {
		return 0;
	}
	finding->ignore_rule = store_strdup(run, rule);
	finding->ignore_reason = store_strdup(run, reason);
	finding->ignore_source = store_strdup(run, source ? source : ctx->plugin->descriptor->name);
	finding->ignore_expires = store_strdup(run, expires);
	if (!finding->ignore_rule || !finding->ignore_source || (reason && !finding->ignore_reason) ||
	    (expires && !finding->ignore_expires)) {
		return ASSAY_ENOMEM;
	}
	finding->ignored = true;
	return 0;
}

int assay_finding_set_severity(assay_ctx *ctx, assay_finding *finding, assay_severity severity,
			       const char *reason)
{
	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}
	if (!finding || (int)severity < 0 || severity >= ASSAY_SEVERITY_COUNT) {
		return ASSAY_EINVAL;
	}
	finding->severity_reason = store_strdup(ctx->run, reason);
	if (reason && !finding->severity_reason) {
		return ASSAY_ENOMEM;
	}
	finding->severity = severity;
	return 0;
}

const char *assay_output_path(const assay_ctx *ctx)
{
	if (!ctx->output || !ctx->output->path) {
		return "-";
	}
	return ctx->output->path;
}

bool assay_output_is_tty(const assay_ctx *ctx)
{
	return ctx->output && !ctx->output->path && isatty(STDOUT_FILENO);
}

int64_t assay_run_time(const assay_ctx *ctx)
{
	return ctx->run->start_time;
}

const char *assay_version(void)
{
	return ASSAY_VERSION_STRING;
}
