/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Plugins for the core's unit tests, one source built several ways:
 * TEST_VARIANT selects a good input plugin or one broken in a single way.
 */
#include <stddef.h>
#include <string.h>

#include <assay/assay.h>

#ifndef TEST_PLUGIN_NAME
#define TEST_PLUGIN_NAME "testin"
#endif

static const char *string_of(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static int probe(const assay_document *doc)
{
	const cJSON *first;

	if (!cJSON_IsArray(doc->json)) {
		return 0;
	}
	first = cJSON_GetArrayItem(doc->json, 0);
	return cJSON_IsObject(first) && cJSON_GetObjectItemCaseSensitive(first, "test") ? 50 : 0;
}

/* Each element: {"test": 1, "id", "kind", "severity", "pkg", "version", "path", "file",
 * "line", "image", "image_id", "title", "aliases": [...]} */
#if TEST_VARIANT == 4
__attribute__((unused))
#endif
static int read_report(assay_ctx *ctx, const assay_document *doc)
{
	const cJSON *item;

	if (!cJSON_IsArray(doc->json)) {
		return assay_error(ctx, ASSAY_EPARSE, "not a test report: expected an array");
	}
	cJSON_ArrayForEach(item, doc->json)
	{
		assay_finding *f = assay_finding_new(ctx);
		const cJSON *aliases = cJSON_GetObjectItemCaseSensitive(item, "aliases");
		const cJSON *alias;
		const cJSON *line = cJSON_GetObjectItemCaseSensitive(item, "line");
		const char *image = string_of(item, "image");
		const char *kind = string_of(item, "kind");

		if (!f) {
			return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
		if (image && !assay_image_declare(ctx, image, string_of(item, "image_id"))) {
			assay_finding_discard(ctx, f);
			return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
		f->kind = kind && strcmp(kind, "secret") == 0 ? ASSAY_KIND_SECRET
							       : ASSAY_KIND_VULNERABILITY;
		f->severity = assay_severity_parse(string_of(item, "severity"));
		f->start_line = cJSON_IsNumber(line) ? line->valueint : 0;
		assay_finding_set(ctx, f, ASSAY_FIELD_ID, string_of(item, "id"));
		assay_finding_set(ctx, f, ASSAY_FIELD_RAW_SEVERITY, string_of(item, "severity"));
		assay_finding_set(ctx, f, ASSAY_FIELD_PKG_NAME, string_of(item, "pkg"));
		assay_finding_set(ctx, f, ASSAY_FIELD_PKG_VERSION, string_of(item, "version"));
		assay_finding_set(ctx, f, ASSAY_FIELD_PKG_PATH, string_of(item, "path"));
		assay_finding_set(ctx, f, ASSAY_FIELD_PURL, string_of(item, "purl"));
		assay_finding_set(ctx, f, ASSAY_FIELD_FILE, string_of(item, "file"));
		assay_finding_set(ctx, f, ASSAY_FIELD_TITLE, string_of(item, "title"));
		cJSON_ArrayForEach(alias, aliases)
		{
			assay_finding_append(ctx, f, ASSAY_LIST_ALIASES, alias->valuestring);
		}
		if (assay_finding_add(ctx, f) != 0) {
			return ASSAY_EINVAL;
		}
	}
	return 0;
}

static int write_nothing(assay_ctx *ctx, FILE *out)
{
	(void)ctx;
	fputs("test output\n", out);
	return 0;
}

static const assay_plugin_descriptor descriptor = {
#if TEST_VARIANT == 2 /* an ABI from the future */
	.abi_major = ASSAY_ABI_MAJOR + 1,
	.abi_minor = 0,
	.size = (uint32_t)sizeof(assay_plugin_descriptor),
#elif TEST_VARIANT == 3 /* a newer minor version than this core supports */
	.abi_major = ASSAY_ABI_MAJOR,
	.abi_minor = ASSAY_ABI_MINOR + 1,
	.size = (uint32_t)sizeof(assay_plugin_descriptor),
#elif TEST_VARIANT == 6 /* built for ABI 1.0: `flags` lies past its size and must be ignored */
	.abi_major = ASSAY_ABI_MAJOR,
	.abi_minor = 0,
	.size = (uint32_t)(offsetof(assay_plugin_descriptor, write) + sizeof(assay_write_fn)),
	.flags = 0x80000000u,
#else
	ASSAY_PLUGIN_HEADER,
#endif
	.kind = ASSAY_PLUGIN_INPUT,
	.name = TEST_PLUGIN_NAME,
	.version = "1.0.0",
	.summary = "test input for the core's unit tests",
	.probe = probe,
#if TEST_VARIANT != 4 /* an input plugin without its reader */
	.read = read_report,
#else
	.read = NULL,
#endif
	.write = write_nothing,
#if TEST_VARIANT == 5 /* a flag this core does not know */
	.flags = 0x80000000u,
#endif
};

#if TEST_VARIANT != 1 /* a shared object without the entry symbol */
ASSAY_PLUGIN_DEFINE(descriptor)
#else
ASSAY_EXPORT const assay_plugin_descriptor *not_the_entry(void);
const assay_plugin_descriptor *not_the_entry(void)
{
	return &descriptor;
}
#endif
