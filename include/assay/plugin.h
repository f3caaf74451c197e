/* SPDX-License-Identifier: Apache-2.0 */
/* The plugin ABI: the descriptor a plugin exports and the callbacks of each kind. */
#ifndef ASSAY_PLUGIN_H
#define ASSAY_PLUGIN_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * ABI version. The loader accepts a plugin whose major version equals
 * ASSAY_ABI_MAJOR and whose minor version is at most ASSAY_ABI_MINOR.
 * Appending a field to a public struct or a function to the API bumps the
 * minor version; any other change bumps the major version.
 *
 * 1.0 (2026-12-04): first version, with the JSON helpers of assay/json.h.
 * 1.1 (2026-12-04): the descriptor's `flags`, with ASSAY_PLUGIN_CONCURRENT_WRITE;
 *     assay_finding_prefetch and assay_json_prefetch.
 */
#define ASSAY_ABI_MAJOR 1
#define ASSAY_ABI_MINOR 1

/* Name of the symbol every plugin exports. */
#define ASSAY_PLUGIN_ENTRY_SYMBOL "assay_plugin_entry"

typedef enum {
	ASSAY_PLUGIN_INPUT = 1,
	ASSAY_PLUGIN_ANALYZER = 2,
	ASSAY_PLUGIN_OUTPUT = 3
} assay_plugin_kind;

/* Analyzer stages, run in this order after all inputs are read and merged. */
typedef enum {
	ASSAY_STAGE_FILTER = 1,   /* ignore rules, --ignore-unfixed, the policy's finding hook */
	ASSAY_STAGE_ENRICH = 2,   /* quantum packages, baseline */
	ASSAY_STAGE_EVALUATE = 3, /* thresholds, policy verdict */
	ASSAY_STAGE_ADVISE = 4    /* recommendations, compliance */
} assay_stage;

/* The context of one callback: which run, which plugin, which file. Opaque. */
typedef struct assay_ctx assay_ctx;

/*
 * A report as the core read it. Reports are read from disk once: the core
 * reads the bytes, checks them and, when they start with `{`, `[` or
 * `null`, parses them with cJSON. For a JSON document `json` is the parse
 * tree and `text` is NULL, because the bytes are released to save memory.
 * Otherwise `json` is NULL and `text` contains `size` bytes followed by a
 * NUL byte.
 * Everything here is borrowed for the duration of the callback.
 */
typedef struct {
	const char *path; /* as given on the command line; "-" for stdin */
	const char *text;
	size_t size;
	const cJSON *json;
} assay_document;

/*
 * Input probe: how sure the plugin is that `doc` is its format, from 0
 * (not mine) to 100 (certain). Must not fail and must not call the API.
 */
typedef int (*assay_probe_fn)(const assay_document *doc);

/*
 * Input reader: turn `doc` into findings with assay_finding_new and
 * assay_finding_add. Returns 0, or the code of assay_error(). On failure
 * the core discards the whole run: no partial report is written.
 */
typedef int (*assay_read_fn)(assay_ctx *ctx, const assay_document *doc);

/* Analyzer: inspect and change findings, add checks and results. Returns 0 or an error code. */
typedef int (*assay_analyze_fn)(assay_ctx *ctx);

/*
 * Output writer: write the report to `out`, which the core opened on a
 * temporary file (or stdout) and closes itself. Returns 0 or an error
 * code; on any error in the run the temporary file is removed.
 */
typedef int (*assay_write_fn)(assay_ctx *ctx, FILE *out);

/*
 * Descriptor flag of an output plugin whose `write` keeps no state outside
 * its own call (no globals, no static buffers) and only reads the run. The
 * core may then call it on a thread of its own, at the same time as the
 * `write` of other outputs. Every reading function of the API may be
 * called from that thread. Without the flag, `write` runs on the run's
 * thread, never at the same time as another output without the flag, while
 * outputs with the flag may be writing on other threads.
 */
#define ASSAY_PLUGIN_CONCURRENT_WRITE 0x1u

/*
 * The descriptor. A plugin returns a pointer to a static const instance
 * from its entry function; the core reads it and never writes it.
 * `size` is sizeof(assay_plugin_descriptor) as the plugin was compiled,
 * so that fields appended later can be detected.
 *
 * ABI: fields are only ever appended.
 */
typedef struct assay_plugin_descriptor {
	uint16_t abi_major;
	uint16_t abi_minor;
	uint32_t size;
	assay_plugin_kind kind;
	const char *name;    /* unique; lowercase letters, digits, '-' and '_' */
	const char *version; /* the plugin's own version */
	const char *summary; /* one line for `assay plugins` */

	/* input plugins: both required */
	assay_probe_fn probe;
	assay_read_fn read;

	/* analyzers: both required */
	assay_stage stage;
	assay_analyze_fn analyze;

	/* output plugins: required */
	assay_write_fn write;

	/* since ABI 1.1: ASSAY_PLUGIN_* flags; the loader reads 0 from older plugins */
	uint32_t flags;
} assay_plugin_descriptor;

typedef const assay_plugin_descriptor *(*assay_plugin_entry_fn)(void);

/* Fills the version fields of a descriptor initializer. */
#define ASSAY_PLUGIN_HEADER                                                    \
	.abi_major = ASSAY_ABI_MAJOR, .abi_minor = ASSAY_ABI_MINOR,            \
	.size = (uint32_t)sizeof(assay_plugin_descriptor)

/*
 * Define the entry point of a plugin:
 *
 *     static const assay_plugin_descriptor descriptor = {
 *         ASSAY_PLUGIN_HEADER,
 *         .kind = ASSAY_PLUGIN_OUTPUT, .name = "csv", ...
 *     };
 *     ASSAY_PLUGIN_DEFINE(descriptor)
 */
#define ASSAY_PLUGIN_DEFINE(descriptor)                                        \
	ASSAY_EXPORT const assay_plugin_descriptor *assay_plugin_entry(void);  \
	ASSAY_EXPORT const assay_plugin_descriptor *assay_plugin_entry(void)   \
	{                                                                      \
		return &(descriptor);                                          \
	}

#ifdef __cplusplus
}
#endif

#endif
