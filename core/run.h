/* SPDX-License-Identifier: Apache-2.0 */
/* The run: the API the CLI and the tests drive libassay with. Not installed. */
#ifndef ASSAY_RUN_H
#define ASSAY_RUN_H

#include <assay/assay.h>

typedef struct assay_run assay_run;

/* One loaded plugin as `assay plugins` lists it. */
typedef struct {
	const assay_plugin_descriptor *descriptor;
	const char *path; /* the .so file */
} assay_plugin_info;

/* Create an empty run. Returns NULL on out-of-memory. Free with assay_run_free. */
ASSAY_EXPORT assay_run *assay_run_new(void);
ASSAY_EXPORT void assay_run_free(assay_run *run);

/* The message of the first error, or "" when none. Borrowed. */
ASSAY_EXPORT const char *assay_run_error(const assay_run *run);
/* The code of the first error, or 0. */
ASSAY_EXPORT int assay_run_error_code(const assay_run *run);

/* Minimum level of log lines written to stderr (default ASSAY_LOG_WARN). */
ASSAY_EXPORT void assay_run_set_log_level(assay_run *run, assay_log_level level);

/* Set a run option (see assay_option_get). Returns 0 or ASSAY_ENOMEM. */
ASSAY_EXPORT int assay_run_set_option(assay_run *run, const char *name, const char *value);

/*
 * Load every *.so in `dir`, in name order. A missing folder is not an
 * error when `optional` is true. Returns 0 or the first error.
 */
ASSAY_EXPORT int assay_run_load_plugin_dir(assay_run *run, const char *dir, bool optional);
/* Load one plugin file. Returns 0, ASSAY_EABI or ASSAY_ENOTFOUND. */
ASSAY_EXPORT int assay_run_load_plugin(assay_run *run, const char *path);
/*
 * Load the default plugins: the folder next to the executable
 * (../lib/assay/plugins), then each folder of ASSAY_PLUGIN_PATH.
 */
ASSAY_EXPORT int assay_run_load_default_plugins(assay_run *run, const char *exe_path);

ASSAY_EXPORT size_t assay_run_plugin_count(const assay_run *run);
ASSAY_EXPORT assay_plugin_info assay_run_plugin_at(const assay_run *run, size_t index);

/*
 * Queue a report. `format` is an input plugin's name, or NULL or "auto"
 * to detect it. `path` "-" is stdin. Nothing is read yet.
 */
ASSAY_EXPORT int assay_run_add_input(assay_run *run, const char *format, const char *path);

/*
 * Queue an output. `format` is an output plugin's name; `path` NULL or
 * "-" is stdout.
 */
ASSAY_EXPORT int assay_run_add_output(assay_run *run, const char *format, const char *path);

/* Read and merge every queued report. Returns 0 or the first error. */
ASSAY_EXPORT int assay_run_read_inputs(assay_run *run);
/* Run every analyzer, stage by stage. Returns 0 or the first error. */
ASSAY_EXPORT int assay_run_analyze(assay_run *run);
/*
 * Write every queued output to a temporary file, then, when all succeeded,
 * rename each into place. On error no destination file is created or
 * replaced. Returns 0 or the first error.
 */
ASSAY_EXPORT int assay_run_write_outputs(assay_run *run);

/*
 * Load the policy named by the run option "policy" and run every analyzer
 * stage on an empty report: no findings (so on_finding is not called), no
 * images, zero counts. The policy's hooks and the loaded analyzers run, so
 * the tables a policy sets for analyzers are checked too. The run must
 * have read no report. On success
 * `out` gets the hooks and tables the policy defines, for example
 * "hooks: on_finding, verdict; tables: thresholds", borrowed until the run
 * is freed. Returns 0, ASSAY_EINVAL, ASSAY_EIO, ASSAY_EPOLICY or
 * ASSAY_ENOMEM; the message is on the run.
 */
ASSAY_EXPORT int assay_run_check_policy(const char **out, assay_run *run);

/* Read, analyze and write: the whole pipeline. */
ASSAY_EXPORT int assay_run_execute(assay_run *run);

ASSAY_EXPORT size_t assay_run_finding_count(const assay_run *run);
ASSAY_EXPORT assay_finding *assay_run_finding_at(const assay_run *run, size_t index);
ASSAY_EXPORT size_t assay_run_image_count(const assay_run *run);
ASSAY_EXPORT const assay_image *assay_run_image_at(const assay_run *run, size_t index);
ASSAY_EXPORT bool assay_run_gate_passed(const assay_run *run);
ASSAY_EXPORT size_t assay_run_check_count(const assay_run *run);
/* Borrowed until the run is freed. */
ASSAY_EXPORT const assay_check *assay_run_check_at(const assay_run *run, size_t index);

#endif
