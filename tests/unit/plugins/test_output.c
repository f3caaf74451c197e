/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Output plugins for the core's unit tests, one source built several ways:
 * TEST_VARIANT selects a writer that lists the findings, one that fails, or
 * one that tries to change the run.
 */
#include <assay/assay.h>

#ifndef TEST_PLUGIN_NAME
#define TEST_PLUGIN_NAME "testout"
#endif

/* Write the plugin's name, then one line per finding (every variant but the failing one). */
#if TEST_VARIANT == 1
__attribute__((unused))
#endif
static int list_findings(assay_ctx *ctx, FILE *out)
{
	size_t count = assay_finding_count(ctx);
	size_t i;

	fprintf(out, "%s: %zu findings\n", TEST_PLUGIN_NAME, count);
	for (i = 0; i < count; i++) {
		const assay_finding *finding = assay_finding_at(ctx, i);

		fprintf(out, "%s %s\n", finding->id, assay_severity_name(finding->severity));
	}
	return 0;
}

static int write_report(assay_ctx *ctx, FILE *out)
{
#if TEST_VARIANT == 1 /* a writer that fails after writing part of its report */
	fputs("partial\n", out);
	return assay_error(ctx, ASSAY_EIO, "simulated write failure");
#elif TEST_VARIANT == 3 /* a writer that tries to add a check, which outputs may not */
	assay_check check = {.name = "added-by-output", .passed = false};
	int err = assay_check_add(ctx, &check);

	if (err) {
		return err;
	}
	return list_findings(ctx, out);
#else
	return list_findings(ctx, out);
#endif
}

static const assay_plugin_descriptor descriptor = {
	ASSAY_PLUGIN_HEADER,
	.kind = ASSAY_PLUGIN_OUTPUT,
	.name = TEST_PLUGIN_NAME,
	.version = "1.0.0",
	.summary = "test output for the core's unit tests",
	.write = write_report,
#if TEST_VARIANT != 2 /* variant 2 runs on the run's own thread */
	.flags = ASSAY_PLUGIN_CONCURRENT_WRITE,
#endif
};

ASSAY_PLUGIN_DEFINE(descriptor)
