/* SPDX-License-Identifier: Apache-2.0 */
/* Results of analyzers: gate checks, recommendations and result sections. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int assay_check_add(assay_ctx *ctx, const assay_check *check)
{
	assay_run *run = ctx->run;
	check_node *node;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!check || !check->name || !*check->name) {
		return assay_error(ctx, ASSAY_EINVAL, "a check was added without a name");
	}
	node = calloc(1, sizeof(*node));
	if (!node) {
		return ASSAY_ENOMEM;
	}
	node->pub = *check;
	node->pub.name = store_strdup(run, check->name);
	node->pub.image = store_strdup(run, check->image);
	node->pub.message = store_strdup(run, check->message ? check->message : check->name);
	node->source = ctx->plugin->descriptor->name;
	if (!node->pub.name || !node->pub.message || (check->image && !node->pub.image) ||
	    vec_push(&run->checks, node) != 0) {
		free(node);
		return ASSAY_ENOMEM;
	}
	return 0;
}

size_t assay_check_count(const assay_ctx *ctx)
{
	return ctx->run->checks.count;
}

const assay_check *assay_check_at(const assay_ctx *ctx, size_t index, const char **source)
{
	const check_node *node;

	if (index >= ctx->run->checks.count) {
		return NULL;
	}
	node = ctx->run->checks.items[index];
	if (source) {
		*source = node->source;
	}
	return &node->pub;
}

bool assay_run_gate_passed(const assay_run *run)
{
	size_t i;

	for (i = 0; i < run->checks.count; i++) {
		const check_node *node = run->checks.items[i];

		if (!node->pub.passed) {
			return false;
		}
	}
	return true;
}

size_t assay_run_check_count(const assay_run *run)
{
	return run->checks.count;
}

const assay_check *assay_run_check_at(const assay_run *run, size_t index)
{
	if (index >= run->checks.count) {
		return NULL;
	}
	return &((const check_node *)run->checks.items[index])->pub;
}

bool assay_gate_passed(const assay_ctx *ctx)
{
	return assay_run_gate_passed(ctx->run);
}

int assay_recommendation_add(assay_ctx *ctx, const assay_recommendation *rec)
{
	assay_run *run = ctx->run;
	assay_recommendation *copy;

	if (api_rejects_output(ctx, __func__)) {
		return ASSAY_EINVAL;
	}

	if (!rec || !rec->text || !*rec->text) {
		return assay_error(ctx, ASSAY_EINVAL, "a recommendation was added without text");
	}
	copy = calloc(1, sizeof(*copy));
	if (!copy) {
		return ASSAY_ENOMEM;
	}
	copy->category = store_strdup(run, rec->category ? rec->category : "General");
	copy->priority = store_strdup(run, rec->priority ? rec->priority : "MEDIUM");
	copy->text = store_strdup(run, rec->text);
	copy->rationale = store_strdup(run, rec->rationale ? rec->rationale : "");
	if (!copy->category || !copy->priority || !copy->text || !copy->rationale ||
	    vec_push(&run->recommendations, copy) != 0) {
		free(copy);
		return ASSAY_ENOMEM;
	}
	return 0;
}

size_t assay_recommendation_count(const assay_ctx *ctx)
{
	return ctx->run->recommendations.count;
}

const assay_recommendation *assay_recommendation_at(const assay_ctx *ctx, size_t index)
{
	if (index >= ctx->run->recommendations.count) {
		return NULL;
	}
	return ctx->run->recommendations.items[index];
}

int assay_section_set(assay_ctx *ctx, const char *key, cJSON *value)
{
	assay_run *run = ctx->run;
	section *s;
	size_t i;

	if (api_rejects_output(ctx, __func__)) {
		cJSON_Delete(value);
		return ASSAY_EINVAL;
	}

	if (!key || !*key || !value) {
		cJSON_Delete(value);
		return ASSAY_EINVAL;
	}
	for (i = 0; i < run->sections.count; i++) {
		s = run->sections.items[i];
		if (strcmp(s->key, key) == 0) {
			cJSON_Delete(s->value);
			s->value = value;
			return 0;
		}
	}

	s = calloc(1, sizeof(*s));
	if (!s) {
		cJSON_Delete(value);
		return ASSAY_ENOMEM;
	}
	s->key = strdup(key);
	s->value = value;
	if (!s->key || vec_push(&run->sections, s) != 0) {
		free(s->key);
		cJSON_Delete(s->value);
		free(s);
		return ASSAY_ENOMEM;
	}
	return 0;
}

const cJSON *assay_section_get(const assay_ctx *ctx, const char *key)
{
	size_t i;

	for (i = 0; i < ctx->run->sections.count; i++) {
		const section *s = ctx->run->sections.items[i];

		if (strcmp(s->key, key) == 0) {
			return s->value;
		}
	}
	return NULL;
}

size_t assay_section_count(const assay_ctx *ctx)
{
	return ctx->run->sections.count;
}

const cJSON *assay_section_at(const assay_ctx *ctx, size_t index, const char **key)
{
	const section *s;

	if (index >= ctx->run->sections.count) {
		return NULL;
	}
	s = ctx->run->sections.items[index];
	if (key) {
		*key = s->key;
	}
	return s->value;
}

void results_dispose(assay_run *run)
{
	size_t i;

	for (i = 0; i < run->checks.count; i++) {
		free(run->checks.items[i]);
	}
	vec_dispose(&run->checks);
	for (i = 0; i < run->recommendations.count; i++) {
		free(run->recommendations.items[i]);
	}
	vec_dispose(&run->recommendations);
	for (i = 0; i < run->sections.count; i++) {
		section *s = run->sections.items[i];

		free(s->key);
		cJSON_Delete(s->value);
		free(s);
	}
	vec_dispose(&run->sections);
}
