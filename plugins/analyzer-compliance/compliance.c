/* SPDX-License-Identifier: Apache-2.0 */
/* Analyzer that assesses CIS Docker Benchmark and NIST SP 800-190 image controls. */
#define _GNU_SOURCE /* dladdr and Dl_info of glibc */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"

/* Name of the control data installed next to the plugin's shared object. */
#define CONTROLS_FILE_NAME "compliance-controls.json"

/* The control data is a few kilobytes; anything this large is not it. */
#define MAX_CONTROLS_BYTES ((long)4 * 1024 * 1024)

/* Policy global that extends or overrides the built-in controls. */
#define POLICY_GLOBAL "compliance_controls"

static const assay_plugin_descriptor descriptor;

/*
 * The path of CONTROLS_FILE_NAME in the folder of this plugin's shared
 * object, found with dladdr on the descriptor, so the build tree and an
 * installed tree both work without configuration. Returns 0 or an error.
 */
static int default_controls_path(assay_ctx *ctx, char *out, size_t size)
{
	Dl_info info;
	const char *slash;
	int len;

	memset(&info, 0, sizeof(info));
	if (dladdr(&descriptor, &info) == 0 || info.dli_fname == NULL) {
		return assay_error(ctx, ASSAY_ENOTFOUND,
				   "cannot find the folder of the compliance plugin; give the "
				   "controls with --option compliance-controls=FILE");
	}
	slash = strrchr(info.dli_fname, '/');
	if (slash == NULL) {
		len = snprintf(out, size, "%s", CONTROLS_FILE_NAME);
	} else {
		len = snprintf(out, size, "%.*s/%s", (int)(slash - info.dli_fname), info.dli_fname,
			       CONTROLS_FILE_NAME);
	}
	if (len < 0 || (size_t)len >= size) {
		return assay_error(ctx, ASSAY_ELIMIT, "the plugin's path is too long: %s",
				   info.dli_fname);
	}
	return 0;
}

/* Read the whole file at `path` into a NUL-terminated buffer. */
static int read_file(assay_ctx *ctx, const char *path, char **out, size_t *size_out)
{
	FILE *file = fopen(path, "rb");
	char *text = NULL;
	long size = 0;
	int err = ASSAY_EIO;

	*out = NULL;
	if (file == NULL) {
		return assay_error(ctx, errno == ENOENT ? ASSAY_ENOTFOUND : ASSAY_EIO,
				   "cannot open the controls file %s: %s", path, strerror(errno));
	}
	if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 ||
	    fseek(file, 0, SEEK_SET) != 0) {
		err = assay_error(ctx, ASSAY_EIO, "cannot read the controls file %s: %s", path,
				  strerror(errno));
		goto out;
	}
	if (size > MAX_CONTROLS_BYTES) {
		err = assay_error(ctx, ASSAY_ELIMIT,
				  "%s: %ld bytes is more than a controls file may have (%ld)", path,
				  size, MAX_CONTROLS_BYTES);
		goto out;
	}
	text = malloc((size_t)size + 1);
	if (text == NULL) {
		err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		goto out;
	}
	if (fread(text, 1, (size_t)size, file) != (size_t)size) {
		err = assay_error(ctx, ASSAY_EIO, "cannot read the controls file %s", path);
		goto out;
	}
	text[size] = '\0';

	*out = text;
	*size_out = (size_t)size;
	text = NULL;
	err = 0;
out:
	free(text);
	fclose(file);
	return err;
}

/* Read and parse the control data file; `*out` is freed with cJSON_Delete. */
static int load_controls_file(assay_ctx *ctx, const char *path, cJSON **out)
{
	const char *end = NULL;
	char *text = NULL;
	size_t size = 0;
	int err = read_file(ctx, path, &text, &size);

	*out = NULL;
	if (err != 0) {
		return err;
	}
	/* The length counts the NUL, which cJSON needs to see to accept trailing white space. */
	*out = cJSON_ParseWithLengthOpts(text, size + 1, &end, true);
	if (*out == NULL) {
		err = assay_error(ctx, ASSAY_EPARSE, "%s: invalid JSON at byte %zu", path,
				  end != NULL && end >= text ? (size_t)(end - text) : (size_t)0);
	}
	free(text);
	return err;
}

/*
 * Assemble the run's control set: the built-in file (or the one named by
 * the option compliance-controls), then the policy's additions. `file`
 * keeps the parse tree the set borrows strings from.
 */
static int build_control_set(assay_ctx *ctx, control_set *set, cJSON **file)
{
	const char *path = assay_option_get(ctx, "compliance-controls");
	const cJSON *policy = NULL;
	char default_path[4096];
	int err = 0;

	if (path == NULL) {
		err = default_controls_path(ctx, default_path, sizeof(default_path));
		path = default_path;
	}
	if (err == 0) {
		err = load_controls_file(ctx, path, file);
	}
	if (err == 0) {
		err = compliance_controls_add(ctx, set, *file, path, ASSAY_EPARSE);
	}
	if (err != 0) {
		return err;
	}

	policy = assay_policy_value(ctx, POLICY_GLOBAL);
	if (policy != NULL) {
		err = compliance_controls_add(ctx, set, policy, "policy global " POLICY_GLOBAL,
					      ASSAY_EPOLICY);
	}
	return err;
}

/*
 * Add "quantum_security", the key the Python analyzer had, from the score
 * and message of the "quantum" section when the quantum analyzer set
 * them. Nothing is written without that section: the Python analyzer's
 * values there were fixed text, not results. Returns false on out-of-memory.
 */
static bool add_quantum_summary(const assay_ctx *ctx, cJSON *section)
{
	const cJSON *quantum = assay_section_get(ctx, "quantum");
	const cJSON *score = cJSON_GetObjectItemCaseSensitive(quantum, "score");
	const cJSON *message = cJSON_GetObjectItemCaseSensitive(quantum, "message");
	cJSON *summary = NULL;
	cJSON *copy = NULL;

	if (!cJSON_IsObject(quantum) || !(cJSON_IsNumber(score) || cJSON_IsNull(score))) {
		return true;
	}
	summary = cJSON_CreateObject();
	if (summary == NULL || !cJSON_AddItemToObject(section, "quantum_security", summary)) {
		cJSON_Delete(summary);
		return false;
	}
	copy = cJSON_Duplicate(score, false);
	if (copy == NULL || !cJSON_AddItemToObject(summary, "score", copy)) {
		cJSON_Delete(copy);
		return false;
	}
	return !cJSON_IsString(message) ||
	       cJSON_AddStringToObject(summary, "message", message->valuestring) != NULL;
}

static int compliance_analyze(assay_ctx *ctx)
{
	control_set set;
	assessment_run run;
	cJSON *file = NULL;
	cJSON *section = NULL;
	int err;

	memset(&set, 0, sizeof(set));
	memset(&run, 0, sizeof(run));
	err = build_control_set(ctx, &set, &file);
	if (err == 0) {
		err = compliance_assess(ctx, &set, &run);
	}
	if (err != 0) {
		goto out;
	}

	section = compliance_report(&set, &run);
	if (section != NULL && !add_quantum_summary(ctx, section)) {
		cJSON_Delete(section);
		section = NULL;
	}
	if (section == NULL) {
		err = assay_error(ctx, ASSAY_ENOMEM, "out of memory");
		goto out;
	}
	/* assay_section_set takes the section on every path. */
	err = assay_section_set(ctx, "compliance", section);
out:
	compliance_assessment_dispose(&run);
	compliance_controls_dispose(&set);
	cJSON_Delete(file);
	return err;
}

static const assay_plugin_descriptor descriptor = {
    ASSAY_PLUGIN_HEADER,
    .kind = ASSAY_PLUGIN_ANALYZER,
    .name = "compliance",
    .version = "0.1.0",
    .summary = "assess CIS Docker Benchmark and NIST SP 800-190 image controls with evidence",
    .stage = ASSAY_STAGE_ADVISE,
    .analyze = compliance_analyze,
};

ASSAY_PLUGIN_DEFINE(descriptor)
