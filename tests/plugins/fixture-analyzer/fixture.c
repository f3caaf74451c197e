/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Test-only analyzer that sets result sections from JSON files. It runs in
 * the last stage and loads after the installed plugins, so its sections
 * replace those of the real analyzers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <assay/assay.h>

/* Largest section file read, far above what a test writes. */
#define SECTION_MAX_BYTES (1024 * 1024)

/* Read a whole file into a new NUL-terminated buffer. Returns NULL on any failure. */
static char *read_file(const char *path)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	size_t length;

	if (file == NULL) {
		return NULL;
	}
	data = malloc(SECTION_MAX_BYTES + 1);
	if (data != NULL) {
		length = fread(data, 1, SECTION_MAX_BYTES, file);
		data[length] = '\0';
	}
	fclose(file);
	return data;
}

/* `--option fixture-section=KEY=FILE` (repeatable) sets section KEY to the JSON in FILE. */
static int set_sections(assay_ctx *ctx)
{
	size_t n;

	for (n = 0;; n++) {
		const char *option = assay_option_get_nth(ctx, "fixture-section", n);
		const char *equals = option != NULL ? strchr(option, '=') : NULL;
		char key[128];
		char *text;
		cJSON *value;

		if (option == NULL) {
			break;
		}
		if (equals == NULL || (size_t)(equals - option) >= sizeof(key)) {
			return assay_error(ctx, ASSAY_EINVAL,
					   "invalid fixture-section '%s': expected KEY=FILE",
					   option);
		}
		memcpy(key, option, (size_t)(equals - option));
		key[equals - option] = '\0';
		text = read_file(equals + 1);
		value = text != NULL ? cJSON_Parse(text) : NULL;
		free(text);
		if (value == NULL) {
			return assay_error(ctx, ASSAY_EPARSE,
					   "fixture-section file '%s' is not JSON", equals + 1);
		}
		if (assay_section_set(ctx, key, value) != 0) {
			return assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		}
	}
	return 0;
}

static int fixture_analyze(assay_ctx *ctx)
{
	return set_sections(ctx);
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_ANALYZER,
    .name = "fixture",
    .version = "0.1.0",
    .summary = "test only: set the sections named by --option fixture-section=KEY=FILE",
    .stage = ASSAY_STAGE_ADVISE,
    .analyze = fixture_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
